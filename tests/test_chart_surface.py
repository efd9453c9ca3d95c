"""Surface charts (c:surface3DChart, c:surfaceChart): python-pptx builds a line chart, the test turns
it into a surface (python-pptx cannot write those), and the converted page is checked for the value
bands where the data puts them, their legend, and no placeholder."""

from __future__ import annotations

import math
import time
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.enum.chart import XL_CHART_TYPE
from pptx.util import Inches
from render_support import convert, page_text, render_page

C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
# The default template's accents: bands 1 (10-20) and 5 (50-60) take the 2nd and 6th.
RED, ORANGE = (0xC0, 0x50, 0x4D), (0xF7, 0x96, 0x46)


def _q(name: str) -> str:
    return f"{{{C}}}{name}"


def _surface_deck(tmp_path: Path, three_d: bool, wireframe: bool = False, band_fill: str | None = None) -> Path:
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    data = CategoryChartData()
    data.categories = ["A", "B", "C", "D", "E", "F"]
    # High at (A, S4), low at (F, S1): 58.96 and 17.2.
    for j in range(4):
        data.add_series(f"S{j + 1}", [round(20 + 15 * math.sin(i / 1.5 + j / 2.0) + 8 * j, 1) for i in range(6)])
    frame = slide.shapes.add_chart(XL_CHART_TYPE.LINE, Inches(0.5), Inches(0.5), Inches(9), Inches(6.5), data)
    frame.chart.has_legend = True
    space = frame.chart._chartSpace
    plot = space.find(f".//{_q('plotArea')}")
    line = plot.find(_q("lineChart"))
    axis_ids = [a.get("val") for a in line.findall(_q("axId"))]
    surface = etree.Element(_q("surface3DChart" if three_d else "surfaceChart"))
    line.addprevious(surface)
    if wireframe:
        etree.SubElement(surface, _q("wireframe")).set("val", "1")
    for ser in line.findall(_q("ser")):
        for tag in ("marker", "smooth", "dLbls"):
            for el in ser.findall(_q(tag)):
                ser.remove(el)
        surface.append(ser)
    if band_fill is not None:
        bands = etree.SubElement(surface, _q("bandFmts"))
        band = etree.SubElement(bands, _q("bandFmt"))
        etree.SubElement(band, _q("idx")).set("val", "1")
        sp_pr = etree.SubElement(band, _q("spPr"))
        fill = etree.SubElement(etree.SubElement(sp_pr, f"{{{A}}}solidFill"), f"{{{A}}}srgbClr")
        fill.set("val", band_fill)
    for axis_id in [*axis_ids, "90001"]:
        etree.SubElement(surface, _q("axId")).set("val", axis_id)
    plot.remove(line)
    plot.append(
        etree.fromstring(
            f'<c:serAx xmlns:c="{C}"><c:axId val="90001"/><c:scaling><c:orientation val="minMax"/></c:scaling>'
            f'<c:delete val="0"/><c:axPos val="b"/><c:tickLblPos val="nextTo"/><c:crossAx val="{axis_ids[1]}"/>'
            '<c:crosses val="autoZero"/></c:serAx>'
        )
    )
    rot = ("90", "0", "0") if not three_d else ("15", "20", "30")
    plot.addprevious(
        etree.fromstring(
            f'<c:view3D xmlns:c="{C}"><c:rotX val="{rot[0]}"/><c:rotY val="{rot[1]}"/><c:rAngAx val="0"/>'
            f'<c:perspective val="{rot[2]}"/></c:view3D>'
        )
    )
    path = tmp_path / "surface.pptx"
    prs.save(str(path))
    return path


def _centroid(image: object, color: tuple[int, int, int], tolerance: int = 14) -> tuple[float, float, int]:
    """Mean position and count of the pixels of ``color`` inside the chart's plot (left of the legend)."""
    from PIL import Image

    assert isinstance(image, Image.Image)
    xs, ys = [], []
    width, height = image.size
    pixels = image.load()
    assert pixels is not None
    for y in range(40, height - 40, 2):
        for x in range(40, int(width * 0.8), 2):
            r, g, b = pixels[x, y][:3]  # type: ignore[index]
            if abs(r - color[0]) <= tolerance and abs(g - color[1]) <= tolerance and abs(b - color[2]) <= tolerance:
                xs.append(x)
                ys.append(y)
    if not xs:
        return 0.0, 0.0, 0
    return sum(xs) / len(xs), sum(ys) / len(ys), len(xs)


def test_contour_chart_draws_its_bands_where_the_values_are(qapp: object, tmp_path: Path) -> None:
    """A 2-D surface (Excel's contour) is seen from above: series 1 at the bottom, categories left to
    right; the high corner (A, S4) falls in the 50-60 band and the low one (F, S1) in 10-20."""
    pdf, result = convert(_surface_deck(tmp_path, three_d=False), tmp_path)
    assert not result.warnings
    page = render_page(pdf)
    ox, oy, orange = _centroid(page, ORANGE)
    rx, ry, red = _centroid(page, RED)
    assert orange > 100 and red > 20, (orange, red)
    assert ox < rx and oy < ry  # orange up on the left, red down on the right
    text = page_text(pdf)
    for band in ("0-10", "10-20", "50-60", "60-70"):
        assert band in text  # the legend lists the bands
    assert "S1" in text and "S4" in text  # the series axis


def test_surface_3d_is_a_lit_mesh_and_band_formats_recolour_a_band(qapp: object, tmp_path: Path) -> None:
    plain, _ = convert(_surface_deck(tmp_path, three_d=True), tmp_path, name="plain")
    page = render_page(plain)
    assert _centroid(page, ORANGE, tolerance=40)[2] > 50
    recoloured, result = convert(_surface_deck(tmp_path, three_d=True, band_fill="00B050"), tmp_path, name="green")
    assert not result.warnings
    page = render_page(recoloured)
    assert _centroid(page, (0x00, 0xB0, 0x50), tolerance=30)[2] > 20  # band 1 drawn in its c:bandFmt fill
    assert _centroid(page, RED, tolerance=10)[2] == 0


@pytest.mark.parametrize("three_d", [True, False])
def test_wireframe_surfaces_draw_lines_only(qapp: object, tmp_path: Path, three_d: bool) -> None:
    filled, _ = convert(_surface_deck(tmp_path, three_d=three_d), tmp_path, name="filled")
    wire, result = convert(_surface_deck(tmp_path, three_d=three_d, wireframe=True), tmp_path, name="wire")
    assert not result.warnings
    filled_orange = _centroid(render_page(filled), ORANGE, tolerance=40)[2]
    wire_orange = _centroid(render_page(wire), ORANGE, tolerance=40)[2]
    assert 0 < wire_orange < filled_orange / 4  # thin lines in the band's colour, no fill


def _widened(deck: Path, categories: int) -> Path:
    """``deck`` with its chart's cached data spread over ``categories`` categories (python-pptx takes
    a minute to write that many), each series the same wave as before drawn out across them all."""
    with zipfile.ZipFile(deck) as z:
        parts = {name: z.read(name) for name in z.namelist()}
    name = next(n for n in parts if n.startswith("ppt/charts/chart"))
    space = etree.fromstring(parts[name])
    for j, ser in enumerate(space.iter(_q("ser"))):
        cats = "".join(f'<c:pt idx="{i}"><c:v>C{i}</c:v></c:pt>' for i in range(categories))
        vals = "".join(
            f'<c:pt idx="{i}"><c:v>{20 + 15 * math.sin(i * 5.0 / categories / 1.5 + j / 2.0) + 8 * j:.1f}</c:v></c:pt>'
            for i in range(categories)
        )
        for tag, pts in (("cat", cats), ("val", vals)):
            el = ser.find(_q(tag))
            assert el is not None
            ser.replace(el, etree.fromstring(
                f'<c:{tag} xmlns:c="{C}"><c:{"strLit" if tag == "cat" else "numLit"}>'
                f'<c:ptCount val="{categories}"/>{pts}</c:{"strLit" if tag == "cat" else "numLit"}></c:{tag}>'
            ))  # fmt: skip
    parts[name] = etree.tostring(space)
    wide = deck.with_name("wide.pptx")
    with zipfile.ZipFile(wide, "w", zipfile.ZIP_DEFLATED) as z:
        for part, blob in parts.items():
            z.writestr(part, blob)
    return wide


def test_a_surface_of_thousands_of_categories_is_drawn_through_a_thinned_grid(qapp: object, tmp_path: Path) -> None:
    # 4 x 30,000 points: 240,000 triangles cut into bands and 30,000 labels measured took seconds
    # and hundreds of MB of PDF for detail far finer than a point; an even subset of the grid and
    # of the labels is enough.
    deck = _widened(_surface_deck(tmp_path, three_d=False), 30_000)
    started = time.monotonic()
    pdf, result = convert(deck, tmp_path)
    assert time.monotonic() - started < 8.0
    assert result.warnings == []
    image = render_page(pdf, dpi=72.0)
    for color in (RED, ORANGE):
        assert _centroid(image, color)[2] > 20, color  # the bands are there
    assert pdf.stat().st_size < 5_000_000
