"""3-D charts: python-pptx builds a 2-D chart, the test turns it into its 3-D variant (python-pptx cannot
write those), the built-in engine converts it, and the rasterised PDF is checked for 3-D geometry."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pypdf
import pypdfium2
import pytest
from lxml import etree
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE
from pptx.util import Emu
from render_support import mask_runs

from worker.engines.base import ConvertOptions, never_cancelled, no_progress
from worker.engines.builtin import BuiltinEngine
from worker.render.charts.model import View3D, read_chart
from worker.render.charts.space3d import Box, Camera

C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
SCALE = 2.0  # raster pixels per point
X, Y, W, H = 36.0, 36.0, 576.0, 432.0  # the chart frame, points
RED = (0xC0, 0x20, 0x20)
BLUE = (0x20, 0x40, 0xC0)


def _c(tag: str) -> str:
    return f"{{{C}}}{tag}"


def _make_3d(chart: object, view: str, *, standard: bool = False, extra: str = "", walls: str = "") -> None:
    """Rename the plot's xChart to its 3-D tag, add c:view3D (and a series axis for "standard")."""
    space = chart._chartSpace  # type: ignore[attr-defined]
    chart_el = space.find(_c("chart"))
    plot = chart_el.find(_c("plotArea"))
    for group in plot:
        name = etree.QName(group).localname
        if not name.endswith("Chart"):
            continue
        group.tag = _c(name.replace("Chart", "3DChart"))
        for overlap in group.findall(_c("overlap")):
            group.remove(overlap)
        if standard:
            group.find(_c("grouping")).set("val", "standard")
            etree.SubElement(group, _c("axId")).set("val", "77")
        for el in etree.fromstring(f'<x xmlns:c="{C}" xmlns:a="{A}">{extra}</x>'):
            group.append(el)
    if standard:
        plot.append(
            etree.fromstring(
                f'<c:serAx xmlns:c="{C}"><c:axId val="77"/><c:scaling><c:orientation val="minMax"/></c:scaling>'
                '<c:delete val="0"/><c:axPos val="b"/><c:tickLblPos val="nextTo"/><c:crossAx val="1"/></c:serAx>'
            )
        )
    plot.addprevious(etree.fromstring(f'<c:view3D xmlns:c="{C}">{view}</c:view3D>'))
    for el in etree.fromstring(f'<x xmlns:c="{C}" xmlns:a="{A}">{walls}</x>'):
        plot.addprevious(el)


def _deck(chart_type: XL_CHART_TYPE, data: CategoryChartData) -> tuple[object, object]:
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    frame = slide.shapes.add_chart(chart_type, Emu(int(X * 12700)), Emu(int(Y * 12700)),
                                   Emu(int(W * 12700)), Emu(int(H * 12700)), data)  # fmt: skip
    return prs, frame.chart


def _paint(chart: object, series: int, rgb: tuple[int, int, int]) -> None:
    fill = chart.plots[0].series[series].format.fill  # type: ignore[attr-defined]
    fill.solid()
    fill.fore_color.rgb = RGBColor(*rgb)


def _convert(prs: object, tmp_path: Path) -> tuple[np.ndarray, str, list[str]]:
    deck = tmp_path / "chart3d.pptx"
    prs.save(str(deck))  # type: ignore[attr-defined]
    out = tmp_path / "chart3d.pdf"
    result = BuiltinEngine().convert(deck, out, ConvertOptions(), no_progress, never_cancelled)
    doc = pypdfium2.PdfDocument(str(out))
    image = np.asarray(doc[0].render(scale=SCALE).to_pil().convert("RGB")).astype(int)
    doc.close()
    text = pypdf.PdfReader(str(out)).pages[0].extract_text()
    return image, text, list(result.warnings)


def _mask(img: np.ndarray, rgb: tuple[int, int, int], tol: int = 10) -> np.ndarray:
    return np.all(np.abs(img - np.array(rgb)) <= tol, axis=2)


def _brightness(c: np.ndarray) -> int:
    return int(c.sum())


def test_view3d_defaults_follow_office_when_elements_are_missing() -> None:
    space = etree.fromstring(
        f'<c:chartSpace xmlns:c="{C}"><c:chart><c:view3D><c:perspective val="30"/></c:view3D><c:plotArea>'
        '<c:bar3DChart><c:barDir val="col"/><c:gapDepth val="80"/><c:shape val="cylinder"/></c:bar3DChart>'
        "</c:plotArea></c:chart></c:chartSpace>"
    )
    chart = read_chart(space)
    assert chart is not None and chart.view3d is not None
    assert (chart.view3d.rot_x, chart.view3d.rot_y, chart.view3d.right_angles) == (15.0, 20.0, False)
    assert chart.groups[0].three_d and chart.groups[0].gap_depth == 80.0 and chart.groups[0].shape == "cylinder"
    pie = read_chart(etree.fromstring(f'<c:chartSpace xmlns:c="{C}"><c:chart><c:plotArea><c:pie3DChart/>'
                                      "</c:plotArea></c:chart></c:chartSpace>"))  # fmt: skip
    assert pie is not None and pie.view3d is not None
    assert (pie.view3d.rot_x, pie.view3d.rot_y) == (30.0, 0.0)


@pytest.mark.parametrize("right_angles", [True, False])
def test_camera_shows_front_right_and_top_faces_from_the_default_view(right_angles: bool) -> None:
    view = View3D(rot_x=15.0, rot_y=20.0, right_angles=right_angles, perspective=30.0)
    cam = Camera(view, (4.0, 3.0, 1.0))
    box = Box(1.0, 2.0, 0.0, 2.0, 0.2, 0.8)
    seen = {normal for normal, corners in box.faces() if cam.sees(normal, _mid(corners))}
    assert seen == {(0.0, 0.0, -1.0), (1.0, 0.0, 0.0), (0.0, 1.0, 0.0)}
    # The back of the box is drawn up and to the right of its front.
    front, back = cam.at((1.0, 0.0, 0.2)), cam.at((1.0, 0.0, 0.8))
    assert back.x() > front.x() and back.y() < front.y()
    assert cam.depth((1.5, 1.0, 0.8)) > cam.depth((1.5, 1.0, 0.2))


def _mid(corners: list[tuple[float, float, float]]) -> tuple[float, float, float]:
    n = len(corners)
    return (sum(c[0] for c in corners) / n, sum(c[1] for c in corners) / n, sum(c[2] for c in corners) / n)


def test_3d_columns_have_a_lit_top_a_shaded_side_and_heights_in_proportion(qapp: object, tmp_path: Path) -> None:
    data = CategoryChartData()
    data.categories = ["a", "b", "c"]
    data.add_series("S", (1.0, 2.0, 4.0))
    prs, chart = _deck(XL_CHART_TYPE.COLUMN_CLUSTERED, data)
    chart.has_legend = False  # type: ignore[attr-defined]
    _paint(chart, 0, RED)
    _make_3d(chart, '<c:rotX val="15"/><c:rotY val="20"/><c:rAngAx val="1"/>')
    img, text, warnings = _convert(prs, tmp_path)
    assert not any("chart" in w.lower() for w in warnings)
    assert all(word in text for word in ("a", "b", "c"))
    front = _mask(img, RED, tol=3)
    cols = [(a, b) for a, b in mask_runs(front.any(axis=0)) if b - a > 10]
    assert len(cols) == 3
    heights = [int(front[:, (a + b) // 2].sum()) for a, b in cols]
    # Right-angle axes keep the front faces square: heights in proportion to the values.
    assert heights[1] / heights[0] == pytest.approx(2.0, rel=0.08)
    assert heights[2] / heights[0] == pytest.approx(4.0, rel=0.08)
    a, b = cols[2]
    x = (a + b) // 2
    rows = np.nonzero(front[:, x])[0]
    top_y, mid_y = int(rows.min()), int((rows.min() + rows.max()) // 2)
    red = np.array(RED)
    above = img[top_y - 3, x]  # the top face, seen from above
    beside = img[mid_y, b + 3]  # the side face, seen from the right
    assert _brightness(above) > _brightness(red) + 60
    assert _brightness(beside) < _brightness(red) - 20
    for face in (above, beside):  # shades of the series colour, not another colour
        assert face[0] > face[1] + 40 and face[0] > face[2] + 40


def test_3d_walls_and_gridlines_are_behind_the_columns(qapp: object, tmp_path: Path) -> None:
    data = CategoryChartData()
    data.categories = ["a", "b"]
    data.add_series("S", (3.0, 5.0))
    prs, chart = _deck(XL_CHART_TYPE.COLUMN_CLUSTERED, data)
    chart.has_legend = False  # type: ignore[attr-defined]
    _paint(chart, 0, BLUE)
    wall = (0xF0, 0xE0, 0x90)
    walls = ('<c:backWall><c:spPr><a:solidFill><a:srgbClr val="F0E090"/></a:solidFill></c:spPr></c:backWall>'
             '<c:floor><c:spPr><a:solidFill><a:srgbClr val="90E0F0"/></a:solidFill></c:spPr></c:floor>')  # fmt: skip
    _make_3d(chart, '<c:rotX val="20"/><c:rotY val="25"/><c:rAngAx val="0"/><c:perspective val="30"/>', walls=walls)
    img, _text, _ = _convert(prs, tmp_path)
    back = _mask(img, wall, tol=4)
    floor = _mask(img, (0x90, 0xE0, 0xF0), tol=4)
    columns = _mask(img, BLUE, tol=3)
    assert back.sum() > 20000 and floor.sum() > 2000 and columns.sum() > 5000
    # The floor lies below the back wall; the columns stand in front of both and cover part of them.
    assert np.nonzero(floor)[0].mean() > np.nonzero(back)[0].mean()
    # The taller column hides the wall behind it: wall on both sides of it along one row.
    runs = [(a, b) for a, b in mask_runs(columns.any(axis=0)) if b - a > 10]
    assert len(runs) == 2
    left, right = runs[1]
    top = int(np.nonzero(columns[:, (left + right) // 2])[0].min())
    y = top + 12
    xs = np.nonzero(columns[y, left:right])[0] + left
    left, right = int(xs.min()), int(xs.max())
    assert back[y, left - 15 : left - 2].any() and back[y, right + 2 : right + 150].any()  # past the side face
    assert not back[y, left:right].any()
    # Gridlines run across the back wall: darker rows interrupt its yellow down a column of pixels.
    x = left - 8
    wall_rows = np.nonzero(back[:, x])[0]
    span = img[wall_rows.min() : wall_rows.max(), x]
    lines = np.abs(span - np.array(wall)).sum(axis=1) > 40
    assert len(mask_runs(lines)) >= 3


def test_3d_pie_has_a_darker_band_below_the_top_ellipse(qapp: object, tmp_path: Path) -> None:
    data = CategoryChartData()
    data.categories = ["big", "small"]
    data.add_series("Share", (3.0, 1.0))
    prs, chart = _deck(XL_CHART_TYPE.PIE, data)
    chart.has_legend = True  # type: ignore[attr-defined]
    points = chart.plots[0].series[0].points  # type: ignore[attr-defined]
    for i, rgb in enumerate((RED, BLUE)):
        points[i].format.fill.solid()
        points[i].format.fill.fore_color.rgb = RGBColor(*rgb)
    _make_3d(chart, '<c:rotX val="30"/><c:rotY val="0"/><c:rAngAx val="0"/>')
    img, text, _ = _convert(prs, tmp_path)
    assert "big" in text and "small" in text
    red_top = _mask(img, RED, tol=3)
    ys, xs = np.nonzero(red_top | _mask(img, BLUE, tol=3))
    width = xs.max() - xs.min()
    height = ys.max() - ys.min()
    # Tilted by 30 degrees: the top is an ellipse half as tall as it is wide.
    assert height / width == pytest.approx(0.5, abs=0.06)
    # Straight down from the centre (6 o'clock lies in the first, red slice): top, then a darker band.
    cx = int((xs.min() + xs.max()) // 2)
    column = img[:, cx]
    top_rows = np.nonzero(red_top[:, cx])[0]
    bottom_of_top = int(top_rows.max())
    band = column[bottom_of_top + 3]
    assert band[0] > band[2] + 30 and _brightness(band) < _brightness(np.array(RED)) - 30
    depth = next(k for k in range(1, 400) if _brightness(column[bottom_of_top + k]) > 700)
    # The disc is a tenth of its diameter thick, seen 30 degrees from the side.
    assert depth / width == pytest.approx(0.1 * np.cos(np.radians(30)), abs=0.03)
    # The quarter slice (blue) is at 10:30, on the top only: never in the band at the front.
    assert not _mask(img[bottom_of_top:], BLUE, tol=3)[:, cx].any()


def test_standard_3d_columns_put_each_series_in_its_own_row(qapp: object, tmp_path: Path) -> None:
    data = CategoryChartData()
    data.categories = ["a", "b", "c"]
    data.add_series("Front", (2.0, 2.0, 2.0))
    data.add_series("Back", (2.0, 2.0, 2.0))
    prs, chart = _deck(XL_CHART_TYPE.COLUMN_CLUSTERED, data)
    chart.has_legend = False  # type: ignore[attr-defined]
    _paint(chart, 0, RED)
    _paint(chart, 1, BLUE)
    _make_3d(chart, '<c:rotX val="15"/><c:rotY val="20"/><c:rAngAx val="0"/>', standard=True)
    img, text, _ = _convert(prs, tmp_path)
    assert "Front" in text and "Back" in text  # the series axis labels
    red, blue = _mask(img, RED, tol=3), _mask(img, BLUE, tol=3)
    assert red.sum() > 3000 and blue.sum() > 1000
    # Same values: the back row stands higher on the page and to the right, partly hidden.
    assert np.nonzero(blue)[0].max() < np.nonzero(red)[0].max()
    assert np.nonzero(blue)[1].mean() > np.nonzero(red)[1].mean()
    assert blue.sum() < red.sum()


@pytest.mark.parametrize(
    ("chart_type", "extra", "standard"),
    [
        (XL_CHART_TYPE.BAR_CLUSTERED, "", False),
        (XL_CHART_TYPE.COLUMN_STACKED, '<c:shape val="pyramid"/>', False),
        (XL_CHART_TYPE.COLUMN_CLUSTERED, '<c:shape val="cylinder"/>', False),
        (XL_CHART_TYPE.COLUMN_CLUSTERED, '<c:shape val="cone"/>', True),
        (XL_CHART_TYPE.LINE, "", True),
        (XL_CHART_TYPE.AREA, "", True),
        (XL_CHART_TYPE.AREA_STACKED, "", False),
    ],
)
def test_other_3d_charts_draw_their_series_in_depth(
    qapp: object, tmp_path: Path, chart_type: XL_CHART_TYPE, extra: str, standard: bool
) -> None:
    data = CategoryChartData()
    data.categories = ["c1", "c2", "c3"]
    data.add_series("S1", (1.0, 3.0, 2.0))
    data.add_series("S2", (2.0, 1.0, 3.0))
    prs, chart = _deck(chart_type, data)
    _paint(chart, 0, RED)
    _make_3d(chart, '<c:rotX val="15"/><c:rotY val="20"/><c:rAngAx val="0"/>', standard=standard, extra=extra)
    img, text, warnings = _convert(prs, tmp_path)
    assert not any("chart" in w.lower() for w in warnings)
    assert "c1" in text and "c3" in text
    r, g, b = img[..., 0], img[..., 1], img[..., 2]
    reddish = (r > g + 40) & (r > b + 40)
    assert reddish.sum() > 2000
    if chart_type is XL_CHART_TYPE.LINE:
        # A ribbon, not a line: its tape, seen from above, is a lit band several pixels wide all along.
        lit = reddish & (g > RED[1] + 40) & (b > RED[2] + 40)
        solid = lit.copy()
        for dy in range(-3, 4):
            for dx in range(-3, 4):
                solid &= np.roll(np.roll(lit, dy, axis=0), dx, axis=1)
        assert solid.sum() > 300
    else:
        # Faces turned away from the light are darker shades of the series red, over a real area.
        shaded = reddish & (r + g + b < sum(RED) - 40)
        assert shaded.sum() > 600


def _stacked_with_blanks(declared: str | None = None) -> object:
    data = CategoryChartData()
    data.categories = ["a", "b", "c"]
    data.add_series("Low", (2.0, 2.0, 2.0))
    data.add_series("High", (None, 3.0, None))
    prs, chart = _deck(XL_CHART_TYPE.COLUMN_STACKED, data)
    chart.has_legend = False  # type: ignore[attr-defined]
    _paint(chart, 0, BLUE)
    _paint(chart, 1, RED)
    _make_3d(chart, '<c:rotX val="15"/><c:rotY val="20"/><c:rAngAx val="1"/>')
    if declared is not None:
        high = chart._chartSpace.findall(f".//{_c('ser')}")[1]  # type: ignore[attr-defined]
        high.find(f"{_c('val')}//{_c('ptCount')}").set("val", declared)
    return prs


@pytest.mark.timeout(15)  # about 3 s; 35 s and more before
def test_stacked_3d_columns_with_a_huge_declared_point_count_convert(qapp: object, tmp_path: Path) -> None:
    # A cache declaring 2**31-1 points (100,000 are read, all but three blank) built one flat 3-D
    # box per blank cell of the stack: the conversion never finished. Blank cells draw nothing.
    img, text, warnings = _convert(_stacked_with_blanks("2147483647"), tmp_path)
    assert not any("chart" in w.lower() for w in warnings)
    assert "a" in text
    # The three categories are squeezed into the first of 100,000 slots, as the cache declares.
    assert _mask(img, BLUE, tol=3).sum() > 0 and _mask(img, RED, tol=3).sum() > 0
