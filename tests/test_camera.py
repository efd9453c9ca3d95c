"""Shapes and pictures seen by a 3-D camera that does not face them (a:scene3d/a:camera): turned
about their centre in space and projected, orthographic presets as an affine slant, perspective
presets with their near side larger. a:rot overrides the preset's angles."""

from __future__ import annotations

import math
import time
from pathlib import Path

from lxml import etree
from PIL import Image
from pptx.util import Pt
from pypdf import PdfReader
from render_support import (
    A_NS,
    add_xml_shape,
    blank_slide,
    close,
    convert,
    crossing_star_geometry,
    new_deck,
    page_text,
    pixel,
    png_bytes,
    render_page,
    sp_xml,
    text_angles,
    text_box,
)

EMU_PT = 12700
DPI = 144
RED = (255, 0, 0)
FILL = '<a:solidFill><a:srgbClr val="FF0000"/></a:solidFill>'
# The shape: 200 x 120 points about (300, 250).
X, Y, W, H = 200, 190, 200, 120
CX, CY = X + W / 2, Y + H / 2


def _scene(camera: str) -> str:
    return f'<a:scene3d>{camera}<a:lightRig rig="threePt" dir="t"/></a:scene3d>'


def _shape_page(tmp_path: Path, camera: str, name: str, text: str = "") -> tuple[Image.Image, Path]:
    prs = new_deck()
    line = "<a:ln><a:noFill/></a:ln>" + (_scene(camera) if camera else "")
    add_xml_shape(
        blank_slide(prs), sp_xml(X * EMU_PT, Y * EMU_PT, W * EMU_PT, H * EMU_PT, fill=FILL, line=line, text=text)
    )
    pdf, _ = convert(prs, tmp_path, name)
    return render_page(pdf, dpi=DPI), pdf


def _rgb(page: Image.Image, column: int, row: int) -> tuple[int, int, int]:
    value = page.getpixel((column, row))
    assert isinstance(value, tuple)
    return value[0], value[1], value[2]


def _red(page: Image.Image, x: float, y: float) -> bool:
    return close(pixel(page, x, y, DPI), RED, 40)


def _red_extent(page: Image.Image, x: float) -> float:
    """How many points of the column at ``x`` are red."""
    column = int(x * DPI / 72.0)
    return sum(1 for row in range(page.height) if close(_rgb(page, column, row), RED, 40)) * 72.0 / DPI


def test_a_picture_turned_in_perspective_is_taller_on_its_near_side(tmp_path: Path) -> None:
    """perspectiveContrastingRightFacing turns the picture to face right: its left edge comes
    nearer (taller), its right edge goes away (shorter), its centre stays where it was."""
    source = tmp_path / "red.png"
    source.write_bytes(png_bytes(40, 30, [(255, 0, 0, 255)]))
    prs = new_deck()
    pic = blank_slide(prs).shapes.add_picture(str(source), Pt(X), Pt(Y), Pt(W), Pt(H))
    scene = _scene('<a:camera prst="perspectiveContrastingRightFacing"/>')
    pic._element.spPr.append(etree.fromstring(scene.replace("<a:scene3d>", f'<a:scene3d xmlns:a="{A_NS}">')))
    pdf, _ = convert(prs, tmp_path)
    page = render_page(pdf, dpi=DPI)
    assert _red(page, CX, CY)
    row = int(CY * DPI / 72.0)
    reds = [x * 72.0 / DPI for x in range(page.width) if close(_rgb(page, x, row), RED, 40)]
    # Turned away, it is narrower on the page than its 200 points.
    assert reds and reds[-1] - reds[0] < 0.85 * W, (reds[0], reds[-1])
    # An affine map keeps a shape symmetric about its centre (columns the same distance either
    # side are as tall); in perspective the nearer left half is taller than the right.
    left, right = _red_extent(page, CX - 50), _red_extent(page, CX + 50)
    assert left > 1.04 * right > 0, (left, right)


def _isometric_corner(sx: float, sy: float) -> tuple[float, float]:
    """Where isometricLeftDown (latitude 35, longitude 45 degrees, no revolution, no perspective)
    puts the shape's point (sx, sy), measured from its centre: the horizontal axis turned 45
    degrees about the vertical (its right end nearer), then the view tipped 35 degrees down."""
    lat, lon = math.radians(35), math.radians(45)
    x, z = sx * math.cos(lon), sx * math.sin(lon)
    y = sy * math.cos(lat) + z * math.sin(lat)
    return CX + x, CY + y


def test_an_isometric_shape_lands_where_the_affine_map_puts_its_corners(tmp_path: Path) -> None:
    page, _ = _shape_page(tmp_path, '<a:camera prst="isometricLeftDown"/>', "iso")
    for sx in (-W / 2, W / 2):
        for sy in (-H / 2, H / 2):
            x, y = _isometric_corner(sx, sy)
            # 5 points inside the corner (towards the centre) is red, 5 points outside is not.
            dx, dy = CX - x, CY - y
            norm = math.hypot(dx, dy)
            inside = (x + 5 * dx / norm, y + 5 * dy / norm)
            outside = (x - 5 * dx / norm, y - 5 * dy / norm)
            assert _red(page, *inside), (sx, sy, inside)
            assert not _red(page, *outside), (sx, sy, outside)
    # The flat shape's own top-right corner is no longer covered (the turned one is 141 wide).
    assert not _red(page, X + W - 5, Y + 5)


def test_an_explicit_rotation_overrides_the_preset(tmp_path: Path) -> None:
    # A quarter turn about the view axis: the 200 x 120 rectangle stands 120 x 200.
    turned, _ = _shape_page(
        tmp_path, '<a:camera prst="orthographicFront"><a:rot lat="0" lon="0" rev="5400000"/></a:camera>', "rev"
    )
    assert _red(turned, CX, CY - 95) and _red(turned, CX, CY + 95)
    assert not _red(turned, CX - 80, CY) and not _red(turned, CX + 80, CY)
    # A rotation of zero overrides an isometric preset: the shape is seen from the front.
    front, _ = _shape_page(
        tmp_path, '<a:camera prst="isometricLeftDown"><a:rot lat="0" lon="0" rev="0"/></a:camera>', "zero"
    )
    flat, _ = _shape_page(tmp_path, "", "flat")
    assert front.tobytes() == flat.tobytes()


def test_orthographic_front_leaves_the_shape_as_it_was(tmp_path: Path) -> None:
    front, _ = _shape_page(tmp_path, '<a:camera prst="orthographicFront"/>', "front")
    flat, _ = _shape_page(tmp_path, "", "flat")
    assert front.tobytes() == flat.tobytes()
    assert _red(front, X + 3, Y + 3) and _red(front, X + W - 3, Y + H - 3)


TEXT = (
    '<p:txBody><a:bodyPr anchor="ctr"/><a:lstStyle/><a:p><a:pPr algn="ctr"/><a:r><a:rPr lang="en-US" sz="2400">'
    '<a:solidFill><a:srgbClr val="000000"/></a:solidFill></a:rPr><a:t>Perspectival</a:t></a:r></a:p></p:txBody>'
)


def test_text_on_an_isometric_shape_is_slanted_with_it_and_stays_text(tmp_path: Path) -> None:
    _, pdf = _shape_page(tmp_path, '<a:camera prst="isometricLeftDown"/>', "isotext", TEXT)
    assert "Perspectival" in page_text(pdf)
    # The shape's horizontal runs 30 degrees down to the right on the page.
    angle = text_angles(pdf, ["Perspectival"])["Perspectival"]
    assert abs(angle + 30.0) < 2.0, angle


def test_text_on_a_shape_seen_in_perspective_is_drawn_turned_and_can_be_found(tmp_path: Path) -> None:
    camera = '<a:camera prst="perspectiveContrastingRightFacing"/>'
    page, pdf = _shape_page(tmp_path, camera, "persptext", TEXT)
    assert "Perspectival" in page_text(pdf)
    box = text_box(pdf, "Perspectival")
    assert box is not None
    left, top, right, bottom = box
    _, flat_pdf = _shape_page(tmp_path, "", "flattext", TEXT)
    flat_box = text_box(flat_pdf, "Perspectival")
    assert flat_box is not None
    # Found where it is seen: about the shape's centre, and narrower than flat (turned 44
    # degrees away, to about 0.75 of its width).
    assert left < CX < right and top < CY < bottom, box
    assert right - left < 0.85 * (flat_box[2] - flat_box[0]), (box, flat_box)
    # Drawn (black ink inside the turned shape), not only laid down for search.
    dark = [
        (x, y)
        for x in range(int(left * 2), int(right * 2))
        for y in range(int(top * 2), int(bottom * 2))
        if sum(_rgb(page, x, y)) < 150
    ]
    assert len(dark) > 100, len(dark)


def test_kept_flat_text_is_not_turned(tmp_path: Path) -> None:
    flat_text = TEXT.replace('<a:bodyPr anchor="ctr"/>', '<a:bodyPr anchor="ctr"><a:flatTx/></a:bodyPr>')
    page, pdf = _shape_page(tmp_path, '<a:camera prst="isometricLeftDown"/>', "flattext", flat_text)
    assert not _red(page, X + W - 5, Y + 5)  # the shape is turned
    assert abs(text_angles(pdf, ["Perspectival"])["Perspectival"]) < 0.5


def test_kept_flat_text_shows_on_a_shape_seen_edge_on(tmp_path: Path) -> None:
    """A shape turned a quarter turn about its horizontal axis is seen edge on: its fill and
    outline show nothing, but text kept flat (flatTx) still faces the viewer; it was dropped with
    the shape (found by the mutation fuzzer: a slide's 107 runs gone without a warning)."""
    camera = '<a:camera prst="orthographicFront"><a:rot lat="5400000" lon="0" rev="0"/></a:camera>'
    flat_text = TEXT.replace('<a:bodyPr anchor="ctr"/>', '<a:bodyPr anchor="ctr"><a:flatTx/></a:bodyPr>')
    page, pdf = _shape_page(tmp_path, camera, "edgeflat", flat_text)
    assert not _red(page, CX, Y + 5)  # the shape is seen edge on
    assert "Perspectival" in page_text(pdf)
    assert abs(text_angles(pdf, ["Perspectival"])["Perspectival"]) < 0.5
    # Turned text goes with its shape.
    _, turned = _shape_page(tmp_path, camera, "edgeturned", TEXT)
    assert "Perspectival" not in page_text(turned)


def test_an_outline_crossing_itself_thousands_of_times_in_perspective_costs_little(tmp_path: Path) -> None:
    """A shape seen in perspective is drawn as a raster, and Qt's antialiased stroke costs by the
    outline's length in pixels: a fuzzed 20,001-point star crossing itself in a SmartArt drawing
    took 29 s (0.17 s flat). The raster is made coarser for such an outline; the shape is drawn."""
    size = 300 * EMU_PT
    line = '<a:ln w="12700"><a:solidFill><a:srgbClr val="000000"/></a:solidFill></a:ln>'
    costs = []
    for name, scene in (("flat", ""), ("perspective", _scene('<a:camera prst="perspectiveAbove"/>'))):
        prs = new_deck()
        geometry = crossing_star_geometry(4001, size)
        xml = sp_xml(X * EMU_PT, 100 * EMU_PT, size, size, geometry, FILL, line + scene)
        add_xml_shape(blank_slide(prs), xml)
        started = time.process_time()
        pdf, _ = convert(prs, tmp_path, name)
        costs.append(time.process_time() - started)
    assert costs[1] - costs[0] < 1.5, costs
    assert len(PdfReader(str(pdf)).pages[0].images) == 1  # drawn, as a raster
