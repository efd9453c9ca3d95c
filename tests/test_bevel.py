"""3-D bevels and contours (a:sp3d) seen from the front: PowerPoint lights a bevelled shape's rim
(lighter along the edge facing the light, darker along the one facing away), keeps its face the
fill's colour, and draws a contour as a solid band outside the outline."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from lxml import etree
from pypdf import PdfReader
from PySide6.QtGui import QImage
from render_support import (
    A_NS,
    add_xml_shape,
    blank_slide,
    convert,
    crossing_star_geometry,
    new_deck,
    pixel,
    render_page,
    sp_xml,
)

from worker.render.thumbnail import thumbnail

EMU_PT = 12700
DPI = 144
GREY = (128, 128, 128)
FILL = '<a:solidFill><a:srgbClr val="808080"/></a:solidFill>'
FRONT = '<a:scene3d><a:camera prst="orthographicFront"/><a:lightRig rig="threePt" dir="t"/></a:scene3d>'
BEVEL = f'<a:sp3d><a:bevelT w="{10 * EMU_PT}" h="{4 * EMU_PT}"/></a:sp3d>'
# The rectangle: 100,100 to 300,220 points.
X, Y, W, H = 100, 100, 200, 120


def _page(tmp_path: Path, sp_pr_tail: str, style: str = "", name: str = "deck") -> object:
    prs = new_deck()
    xml = sp_xml(
        X * EMU_PT, Y * EMU_PT, W * EMU_PT, H * EMU_PT, fill=FILL, line="<a:ln><a:noFill/></a:ln>" + sp_pr_tail
    )
    if style:
        xml = xml.replace("</p:spPr>", f"</p:spPr>{style}")
    add_xml_shape(blank_slide(prs), xml)
    pdf, _ = convert(prs, tmp_path, name)
    return render_page(pdf, dpi=DPI)


def _brightness(colour: tuple[int, int, int]) -> float:
    return sum(colour) / 3.0


def _rim(page: object) -> tuple[float, float, tuple[int, int, int]]:
    """Brightness 3 pt inside the top and the bottom edge (mid-width), and the centre's colour."""
    top = _brightness(pixel(page, X + W / 2, Y + 3, DPI))  # type: ignore[arg-type]
    bottom = _brightness(pixel(page, X + W / 2, Y + H - 3, DPI))  # type: ignore[arg-type]
    return top, bottom, pixel(page, X + W / 2, Y + H / 2, DPI)  # type: ignore[arg-type]


def test_a_bevel_lights_the_top_rim_and_shades_the_bottom_one(tmp_path: Path) -> None:
    top, bottom, centre = _rim(_page(tmp_path, FRONT + BEVEL))
    assert top > 128 + 8, top  # the rim facing the light (dir="t") is lighter than the fill
    assert bottom < 128 - 8, bottom  # the one facing away darker
    assert all(abs(c - g) <= 1 for c, g in zip(centre, GREY, strict=True)), centre  # the face is the fill


def test_the_light_from_the_bottom_right_shades_the_other_way(tmp_path: Path) -> None:
    scene = FRONT.replace('dir="t"', 'dir="br"')
    page = _page(tmp_path, scene + BEVEL)
    top, bottom, _ = _rim(page)
    assert top < 128 - 4 < 128 + 4 < bottom, (top, bottom)
    left = _brightness(pixel(page, X + 3, Y + H / 2, DPI))  # type: ignore[arg-type]
    right = _brightness(pixel(page, X + W - 3, Y + H / 2, DPI))  # type: ignore[arg-type]
    assert left < 128 - 4 < 128 + 4 < right, (left, right)


def test_every_preset_leaves_the_face_flat_and_shades_the_rim(tmp_path: Path) -> None:
    presets = ["circle", "relaxedInset", "slope", "cross", "angle", "softRound", "convex", "coolSlant"]
    presets += ["divot", "riblet", "hardEdge", "artDeco"]
    prs = new_deck()
    slide = blank_slide(prs)
    for i, preset in enumerate(presets):
        x, y = 20 + (i % 4) * 175, 20 + (i // 4) * 170
        bevel = f'<a:sp3d><a:bevelT w="{12 * EMU_PT}" h="{6 * EMU_PT}" prst="{preset}"/></a:sp3d>'
        add_xml_shape(
            slide, sp_xml(x * EMU_PT, y * EMU_PT, 150 * EMU_PT, 120 * EMU_PT, fill=FILL + FRONT + bevel, sid=100 + i)
        )
    pdf, _ = convert(prs, tmp_path)
    page = render_page(pdf, dpi=DPI)
    for i, preset in enumerate(presets):
        x, y = 20 + (i % 4) * 175, 20 + (i // 4) * 170
        assert pixel(page, x + 75, y + 60, DPI) == GREY, preset
        rim = [pixel(page, x + 75, y + d, DPI) for d in (1.5, 3, 4.5, 6, 7.5, 9, 10.5, 118.5, 117, 115, 113, 111, 109)]
        assert any(abs(_brightness(c) - 128) > 6 for c in rim), (preset, rim)


def test_an_empty_sp3d_takes_the_themes_bevel_away(tmp_path: Path) -> None:
    """python-pptx's default theme is Office 2007's: its third effect style bevels (and shadows)."""
    style = (
        '<p:style><a:lnRef idx="0"><a:schemeClr val="accent1"/></a:lnRef>'
        '<a:fillRef idx="1"><a:schemeClr val="accent1"/></a:fillRef>'
        '<a:effectRef idx="3"><a:schemeClr val="accent1"/></a:effectRef><a:fontRef idx="minor">'
        '<a:schemeClr val="lt1"/></a:fontRef></p:style>'
    )
    # The shape's own (empty) effect list keeps the theme's shadow out of the samples; the
    # theme's scene and bevel still apply, each overridden on its own.
    themed_top, themed_bottom, centre = _rim(_page(tmp_path, "<a:effectLst/>", style, "themed"))
    assert themed_top > 128 + 6 and themed_bottom < 128 - 6, (themed_top, themed_bottom)
    assert centre == GREY
    top, bottom, _ = _rim(_page(tmp_path, "<a:effectLst/><a:sp3d/>", style, "flat"))
    assert abs(top - 128) <= 1 and abs(bottom - 128) <= 1, (top, bottom)


def test_a_camera_not_facing_the_shape_draws_its_face_unshaded(tmp_path: Path) -> None:
    """A bevel seen at an angle is not drawn (worker.render.camera turns the face only): the turned
    face is the fill's colour throughout, where the same bevel seen from the front is shaded."""
    front_top, front_bottom, _ = _rim(_page(tmp_path, FRONT + BEVEL, name="front"))
    assert front_top > 128 + 8 and front_bottom < 128 - 8, (front_top, front_bottom)
    for i, camera in enumerate(
        [
            '<a:camera prst="isometricTopDown"/>',
            '<a:camera prst="orthographicFront"><a:rot lat="0" lon="1200000" rev="0"/></a:camera>',
        ]
    ):
        scene = f'<a:scene3d>{camera}<a:lightRig rig="threePt" dir="t"/></a:scene3d>'
        page = _page(tmp_path, scene + BEVEL, name=f"turned{i}")
        # The face's run down the column through the centre, its anti-aliased ends left out.
        column = [pixel(page, X + W / 2, y / 2, DPI) for y in range(2 * (Y - 60), 2 * (Y + H + 60))]  # type: ignore[arg-type]
        face = [c for c in column if c != (255, 255, 255)][3:-3]
        assert len(face) > 40, (camera, len(face))
        assert all(abs(_brightness(c) - 128) <= 1 for c in face), (camera, min(face), max(face))


def test_a_camera_whose_rotation_is_zero_faces_the_shape(tmp_path: Path) -> None:
    camera = '<a:camera prst="isometricTopDown"><a:rot lat="0" lon="0" rev="0"/></a:camera>'
    scene = f'<a:scene3d>{camera}<a:lightRig rig="threePt" dir="t"/></a:scene3d>'
    top, bottom, _ = _rim(_page(tmp_path, scene + BEVEL))
    assert top > 128 + 8 and bottom < 128 - 8, (top, bottom)


def test_a_contour_is_a_band_outside_the_outline(tmp_path: Path) -> None:
    contour = f'<a:sp3d contourW="{6 * EMU_PT}"><a:contourClr><a:srgbClr val="00B050"/></a:contourClr></a:sp3d>'
    line = f'<a:ln w="{2 * EMU_PT}"><a:solidFill><a:srgbClr val="000000"/></a:solidFill></a:ln>'
    prs = new_deck()
    xml = sp_xml(X * EMU_PT, Y * EMU_PT, W * EMU_PT, H * EMU_PT, fill=FILL, line=line + FRONT + contour)
    add_xml_shape(blank_slide(prs), xml)
    pdf, _ = convert(prs, tmp_path)
    page = render_page(pdf, dpi=DPI)
    green = (0, 176, 80)
    for x, y in ((X - 4, Y + H / 2), (X + W + 4, Y + H / 2), (X + W / 2, Y - 4), (X + W / 2, Y + H + 4)):
        colour = pixel(page, x, y, DPI)
        assert all(abs(a - b) <= 10 for a, b in zip(colour, green, strict=True)), (x, y, colour)
    # Up to the line's outer edge (1 pt out), then 6 pt of contour: white beyond 7 pt.
    assert pixel(page, X - 8.5, Y + H / 2, DPI) == (255, 255, 255)
    assert max(pixel(page, X + 0.2, Y + H / 2, DPI)) < 60  # the outline itself, on top
    assert pixel(page, X + W / 2, Y + H / 2, DPI) == GREY  # no bevel: the face is flat


def test_a_bevelled_picture_is_shaded_too(tmp_path: Path) -> None:
    prs = new_deck()
    slide = blank_slide(prs)
    image = tmp_path / "grey.png"
    picture = QImage(40, 40, QImage.Format.Format_RGB32)
    picture.fill(0x808080)
    picture.save(str(image))
    pic = slide.shapes.add_picture(str(image), X * EMU_PT, Y * EMU_PT, W * EMU_PT, H * EMU_PT)
    # A picture style's 3-D (Bevel Rectangle and the like) in the picture's own spPr.
    for el in etree.fromstring(f'<r xmlns:a="{A_NS}">{FRONT}{BEVEL}</r>'):
        pic._element.spPr.append(el)
    pdf, _ = convert(prs, tmp_path)
    top, bottom, centre = _rim(render_page(pdf, dpi=DPI))
    assert top > 128 + 8 and bottom < 128 - 8, (top, bottom)
    assert all(abs(c - g) <= 2 for c, g in zip(centre, GREY, strict=True)), centre


def test_thumbnails_show_the_bevel(tmp_path: Path) -> None:
    prs = new_deck()
    add_xml_shape(blank_slide(prs), sp_xml(X * EMU_PT, Y * EMU_PT, W * EMU_PT, H * EMU_PT, fill=FILL + FRONT + BEVEL))
    source = tmp_path / "deck.pptx"
    prs.save(str(source))
    image = thumbnail(source, 0, 1440)  # 2 pixels a point
    top = image.pixelColor(int((X + W / 2) * 2), int((Y + 3) * 2))
    bottom = image.pixelColor(int((X + W / 2) * 2), int((Y + H - 3) * 2))
    centre = image.pixelColor(int((X + W / 2) * 2), int((Y + H / 2) * 2))
    assert top.red() > 128 + 8 and bottom.red() < 128 - 8, (top.red(), bottom.red())
    assert centre.red() == 128


def _star_deck(tmp_path: Path, points: int, name: str, sp_pr_tail: str) -> Path:
    """A 300 pt square holding a star of ``points`` points whose every edge crosses it."""
    size = 300 * EMU_PT
    geometry = crossing_star_geometry(points, size)
    prs = new_deck()
    add_xml_shape(blank_slide(prs), sp_xml(X * EMU_PT, Y * EMU_PT, size, size, geometry, FILL + sp_pr_tail))
    source = tmp_path / f"{name}.pptx"
    prs.save(str(source))
    return source


def test_an_outline_crossing_itself_thousands_of_times_is_bevelled_in_bounded_time(tmp_path: Path) -> None:
    """Qt's antialiased fill costs by the outline's length in pixels: the bevel's coverage raster
    of a 4,001-point star took 16.6 s of CPU more than the flat star (20,001 points, minutes). The
    raster is made coarser for such an outline, and the rim is still shaded."""
    bevel = f'<a:sp3d><a:bevelT w="{2 * EMU_PT}" h="{2 * EMU_PT}"/></a:sp3d>'
    flat = _star_deck(tmp_path, 4001, "flat", "")
    bevelled = _star_deck(tmp_path, 4001, "bevelled", FRONT + bevel)
    costs = []
    for source in (flat, bevelled):
        started = time.process_time()
        pdf, _ = convert(source, tmp_path, source.stem)
        costs.append(time.process_time() - started)
    assert costs[1] - costs[0] < 3.0, costs
    # The shading is there, as one raster over the shape.
    assert len(PdfReader(str(tmp_path / "flat.pdf")).pages[0].images) == 0
    assert len(PdfReader(str(pdf)).pages[0].images) == 1


_THUMBNAIL_PEAK = """
import resource, sys
from pathlib import Path
from PySide6.QtGui import QGuiApplication
app = QGuiApplication([])
from worker.render.thumbnail import thumbnail
thumbnail(Path(sys.argv[1]), 0, 320).save(sys.argv[2])
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)
"""


def test_a_contour_wider_than_the_page_costs_what_one_covering_the_page_does(tmp_path: Path) -> None:
    """A contour only shows up to the page's edge: contourW="1e10" (787,000 pt) on a fuzzed
    10,001-point outline stroked joins that wide, some 740 MB more in a thumbnail than a contour
    that covers the page. Both cover the page and show the same."""
    green = "<a:contourClr><a:srgbClr val='00B050'/></a:contourClr>"
    peaks = []
    for name, width in (("page", 1000 * EMU_PT), ("huge", 10**10)):
        source = _star_deck(tmp_path, 10001, name, f'{FRONT}<a:sp3d contourW="{width}">{green}</a:sp3d>')
        done = subprocess.run(
            [sys.executable, "-c", _THUMBNAIL_PEAK, str(source), str(tmp_path / f"{name}.png")],
            capture_output=True,
            text=True,
            check=True,
            timeout=120,
            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        )
        peaks.append(int(done.stdout.split()[-1]))
    assert QImage(str(tmp_path / "page.png")) == QImage(str(tmp_path / "huge.png"))
    corner = QImage(str(tmp_path / "huge.png")).pixelColor(2, 2)
    assert (corner.red(), corner.green(), corner.blue()) == (0, 176, 80)  # the band covers the page
    assert peaks[1] - peaks[0] < 150, peaks


def test_a_bevelled_shape_repeated_slide_after_slide_is_shaded_once(tmp_path: Path, monkeypatch: object) -> None:
    # Decks repeat their bevelled buttons on every slide (poi__stress022: 74 bevels, 29 distinct):
    # the same outline at the same size and light is shaded once, wherever it stands, and drawn
    # the same each time.
    from worker.render import bevel

    made: list[object] = []
    shading = bevel._shading

    def counted(*args: object) -> object:
        made.append(args)
        return shading(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(bevel, "_shading", counted)  # type: ignore[attr-defined]
    monkeypatch.setattr(bevel, "_OVERLAYS", {}, raising=False)  # type: ignore[attr-defined]
    prs = new_deck()
    for slide_number in range(3):
        slide = blank_slide(prs)
        for column in range(2):
            left = round((X + column * 250 + slide_number * 7.25) * EMU_PT)
            xml = sp_xml(left, Y * EMU_PT, W * EMU_PT, H * EMU_PT, fill=FILL, line="<a:ln><a:noFill/></a:ln>" + BEVEL)
            add_xml_shape(slide, xml)
    pdf, _ = convert(prs, tmp_path, "repeated")
    assert len(made) == 1
    first, last = render_page(pdf, dpi=DPI, index=0), render_page(pdf, dpi=DPI, index=2)
    shift = 2 * 7.25
    for dx, dy in ((W / 2, 3), (W / 2, H - 3), (3, H / 2)):
        assert pixel(first, X + dx, Y + dy, DPI) == pixel(last, X + shift + dx, Y + dy, DPI)


def _light_table_point_by_point(
    light: tuple[float, float], levels_per_slope: float, material: str, contrast: float
) -> list[float]:
    """The light table as Pillow's Color3DLUT.generate makes it, one call a grid point, with the
    shading written out as the renderer first had it: the reference the faster table must match."""
    import math

    from PIL import ImageFilter

    from worker.render import bevel

    diffuse, specular, shininess = bevel._MATERIALS.get(material, bevel._MATERIALS[bevel._DEFAULT_MATERIAL])
    lx, ly = light[0] * math.cos(bevel._ELEVATION), light[1] * math.cos(bevel._ELEVATION)
    lz = math.sin(bevel._ELEVATION)
    hx, hy, hz = lx, ly, lz + 1.0
    hn = math.sqrt(hx * hx + hy * hy + hz * hz)
    hx, hy, hz = hx / hn, hy / hn, hz / hn
    kd = bevel._DIFFUSE * diffuse
    flat = kd * lz + specular * hz**shininess
    step = 1.0 / levels_per_slope

    def level(x: float, y: float, _unused: float) -> tuple[float, float, float]:
        sx = (x * 255.0 - 128.0) * step
        sy = (y * 255.0 - 128.0) * step
        r = math.sqrt(sx * sx + sy * sy + 1.0)
        lit = max((lz - sx * lx - sy * ly) / r, 0.0) * kd
        if specular > 0:
            lit += max((hz - sx * hx - sy * hy) / r, 0.0) ** shininess * specular
        value = min(max((lit - flat) * contrast * 127.0 + 128.0, 0.0), 255.0) / 255.0
        return value, value, value

    return list(ImageFilter.Color3DLUT.generate(bevel._LIGHT_TABLE_SIZE, level).table)


def test_the_light_table_holds_the_same_values_as_one_computed_point_by_point() -> None:
    # The table is made a plane at a time, not by a call for each grid point (a third of the
    # bevels' time): every value must stay what the point-by-point shading gave, bit for bit, or
    # bevelled pages would change. Lights from every side, steep and shallow rims, matte (no
    # highlight), shiny and clamped (high contrast) materials.
    from worker.render import bevel

    cases = [
        ((0.0, -1.0), 64.0, "warmMatte", 1.0),
        ((0.7071067811865476, 0.7071067811865476), 3.7, "matte", 1.0),
        ((-0.6, 0.8), 17.25, "metal", 1.5),
        ((1.0, 0.0), 0.9, "plastic", 3.0),
        ((0.28, -0.96), 110.0, "clear", 0.6),
        ((0.0, 1.0), 40.0, "unknownMaterial", 1.0),
    ]
    for light, levels_per_slope, material, contrast in cases:
        bevel._LIGHT_TABLES.clear()
        table = bevel._light_table(light, levels_per_slope, material, contrast)
        assert table.size == bevel._LIGHT_TABLE_SIZE
        expected = _light_table_point_by_point(light, levels_per_slope, material, contrast)
        assert list(table.table) == expected, (light, levels_per_slope, material, contrast)
        values = set(expected)
        assert len(values) > 100 and 0.0 <= min(values) < max(values) <= 1.0  # a real, varied table
    bevel._LIGHT_TABLES.clear()
