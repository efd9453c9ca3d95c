"""Charts made by python-pptx, converted by the built-in engine to real PDFs, read back and rasterised."""

from __future__ import annotations

import math
import time
from pathlib import Path

import numpy as np
import pypdf
import pypdfium2
import pytest
from lxml import etree
from pptx import Presentation
from pptx.chart.data import CategoryChartData, XyChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.util import Emu, Pt
from render_support import mask_runs

from worker.engines.base import ConvertOptions, never_cancelled, no_progress
from worker.engines.builtin import BuiltinEngine
from worker.render.charts.numfmt import format_value
from worker.render.charts.scale import auto_scale

SCALE = 2.0  # raster pixels per point
X, Y, W, H = 36.0, 36.0, 576.0, 432.0  # the chart frame, points


def _convert(prs: Presentation, tmp_path: Path) -> tuple[Path, list[str]]:  # type: ignore[valid-type]
    deck = tmp_path / "chart.pptx"
    prs.save(str(deck))  # type: ignore[attr-defined]
    out = tmp_path / "chart.pdf"
    result = BuiltinEngine().convert(deck, out, ConvertOptions(), no_progress, never_cancelled)
    return out, list(result.warnings)


def _deck(chart_type: XL_CHART_TYPE, data: CategoryChartData | XyChartData) -> tuple[Presentation, object]:  # type: ignore[valid-type]
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    frame = slide.shapes.add_chart(chart_type, Emu(int(X * 12700)), Emu(int(Y * 12700)),
                                   Emu(int(W * 12700)), Emu(int(H * 12700)), data)  # fmt: skip
    # Office's default style for new charts (flat accent fills); python-pptx writes 18, a gradient.
    frame.chart.chart_style = 2
    return prs, frame.chart


def _raster(pdf: Path) -> np.ndarray:
    doc = pypdfium2.PdfDocument(str(pdf))
    image = doc[0].render(scale=SCALE).to_pil().convert("RGB")
    return np.asarray(image).astype(int)


def _text(pdf: Path) -> str:
    return pypdf.PdfReader(str(pdf)).pages[0].extract_text()


def _accent(prs: Presentation, n: int) -> tuple[int, int, int]:  # type: ignore[valid-type]
    theme = prs.slide_master.part.part_related_by(RT.THEME)  # type: ignore[attr-defined]
    root = etree.fromstring(theme.blob)
    el = root.find(f".//{{http://schemas.openxmlformats.org/drawingml/2006/main}}accent{n}")
    assert el is not None
    val = el[0].get("val") or el[0].get("lastClr")
    assert val is not None
    return int(val[0:2], 16), int(val[2:4], 16), int(val[4:6], 16)


def _mask(img: np.ndarray, rgb: tuple[int, int, int], tol: int = 12) -> np.ndarray:
    return np.all(np.abs(img - np.array(rgb)) <= tol, axis=2)


def test_clustered_columns_have_heights_in_proportion_and_labels_as_text(qapp: object, tmp_path: Path) -> None:
    data = CategoryChartData()
    data.categories = ["North", "South", "East"]
    data.add_series("Revenue", (1.0, 2.0, 4.0))
    prs, chart = _deck(XL_CHART_TYPE.COLUMN_CLUSTERED, data)
    chart.has_legend = False  # type: ignore[attr-defined]
    pdf, warnings = _convert(prs, tmp_path)
    assert not any("chart" in w.lower() for w in warnings)
    text = _text(pdf)
    for word in ("North", "South", "East", "Revenue"):  # Revenue: the single-series auto title
        assert word in text
    img = _raster(pdf)
    mask = _mask(img, _accent(prs, 1))
    cols = mask_runs(mask.any(axis=0))
    assert len(cols) == 3
    heights = [int(mask[:, (a + b) // 2].sum()) for a, b in cols]
    assert heights[1] / heights[0] == pytest.approx(2.0, rel=0.06)
    assert heights[2] / heights[0] == pytest.approx(4.0, rel=0.06)
    # Bars share one baseline (the zero line of the value axis).
    bottoms = [int(np.nonzero(mask[:, (a + b) // 2])[0].max()) for a, b in cols]
    assert max(bottoms) - min(bottoms) <= 1
    widths = [b - a for a, b in cols]
    gaps = [cols[i + 1][0] - cols[i][1] for i in range(2)]
    # gapWidth 150 (python-pptx's default): the gap between bars is 1.5 bar widths.
    assert gaps[0] / widths[0] == pytest.approx(1.5, rel=0.1)


def test_explicit_series_fill_wins_over_the_automatic_colour(qapp: object, tmp_path: Path) -> None:
    data = CategoryChartData()
    data.categories = ["a", "b"]
    data.add_series("One", (3.0, 5.0))
    data.add_series("Two", (4.0, 2.0))
    prs, chart = _deck(XL_CHART_TYPE.BAR_CLUSTERED, data)
    fill = chart.plots[0].series[1].format.fill  # type: ignore[attr-defined]
    fill.solid()
    fill.fore_color.rgb = RGBColor(0xFF, 0x00, 0x00)
    chart.has_legend = True  # type: ignore[attr-defined]
    chart.legend.position = XL_LEGEND_POSITION.BOTTOM  # type: ignore[attr-defined]
    chart.legend.include_in_layout = False  # type: ignore[attr-defined]
    pdf, _ = _convert(prs, tmp_path)
    img = _raster(pdf)
    red = _mask(img, (255, 0, 0))
    blue = _mask(img, _accent(prs, 1))
    assert red.sum() > 500 and blue.sum() > 500
    # Horizontal bars: the longer bar of each series is the one with the larger value.
    red_rows = mask_runs(red.any(axis=1))
    lengths = [int(red[(a + b) // 2].sum()) for a, b in red_rows if b - a > 4]
    assert len(lengths) >= 2
    text = _text(pdf)
    assert "One" in text and "Two" in text


def test_stacked_columns_stack_to_the_total(qapp: object, tmp_path: Path) -> None:
    data = CategoryChartData()
    data.categories = ["q1", "q2"]
    data.add_series("A", (2.0, 3.0))
    data.add_series("B", (2.0, 1.0))
    prs, _chart = _deck(XL_CHART_TYPE.COLUMN_STACKED, data)
    pdf, _ = _convert(prs, tmp_path)
    img = _raster(pdf)
    a = _mask(img, _accent(prs, 1))
    b = _mask(img, _accent(prs, 2))
    cols = mask_runs(a.any(axis=0))
    assert len(cols) == 2
    for (lo, hi), (va, vb) in zip(cols, ((2.0, 2.0), (3.0, 1.0)), strict=True):
        x = (lo + hi) // 2
        ha, hb = int(a[:, x].sum()), int(b[:, x].sum())
        assert hb / ha == pytest.approx(vb / va, rel=0.08)
        # B sits on top of A in the same column.
        assert np.nonzero(b[:, x])[0].max() <= np.nonzero(a[:, x])[0].min() + 1


def test_pie_slices_start_at_twelve_and_run_clockwise(qapp: object, tmp_path: Path) -> None:
    data = CategoryChartData()
    data.categories = ["Big", "Small"]
    data.add_series("Share", (3.0, 1.0))
    prs, chart = _deck(XL_CHART_TYPE.PIE, data)
    chart.has_legend = True  # type: ignore[attr-defined]
    pdf, _ = _convert(prs, tmp_path)
    img = _raster(pdf)
    first, second = _accent(prs, 1), _accent(prs, 2)
    mask = _mask(img, first) | _mask(img, second)
    ys, xs = np.nonzero(mask)
    # The pie is the large round blob; legend keys are tiny squares far to its right.
    cy, cx = (ys.min() + ys.max()) / 2, np.median(xs)
    radius = (ys.max() - ys.min()) / 2

    def at(degrees: float) -> tuple[int, int, int]:
        r = radius * 0.6
        x = int(cx + r * math.sin(math.radians(degrees)))
        y = int(cy - r * math.cos(math.radians(degrees)))
        return tuple(int(c) for c in img[y, x])  # type: ignore[return-value]

    def near(c: tuple[int, int, int], ref: tuple[int, int, int]) -> bool:
        return all(abs(a - b) <= 12 for a, b in zip(c, ref, strict=True))

    # 75 % from 12 o'clock clockwise: 3 and 6 o'clock are the first slice, 10:30 the second.
    assert near(at(90), first) and near(at(180), first)
    assert near(at(315), second)
    text = _text(pdf)
    assert "Big" in text and "Small" in text


def test_line_and_scatter_charts_draw_with_axis_labels(qapp: object, tmp_path: Path) -> None:
    data = CategoryChartData()
    data.categories = ["Mon", "Tue", "Wed"]
    data.add_series("Visits", (10.0, 30.0, 20.0))
    data.add_series("Sales", (5.0, 15.0, 25.0))
    prs, _chart = _deck(XL_CHART_TYPE.LINE_MARKERS, data)
    xy = XyChartData()
    series = xy.add_series("Points")
    for x, y in ((1.0, 2.0), (2.0, 4.0), (3.0, 1.0)):
        series.add_data_point(x, y)
    slide = prs.slides.add_slide(prs.slide_layouts[6])  # type: ignore[attr-defined]
    slide.shapes.add_chart(XL_CHART_TYPE.XY_SCATTER, Pt(36), Pt(36), Pt(500), Pt(400), xy)
    pdf, warnings = _convert(prs, tmp_path)
    assert not any("chart" in w.lower() for w in warnings)
    reader = pypdf.PdfReader(str(pdf))
    first = reader.pages[0].extract_text()
    for word in ("Mon", "Tue", "Wed", "Visits", "Sales", "30"):
        assert word in first
    second = reader.pages[1].extract_text()
    assert "Points" in second and "2.5" in second  # x axis ticks at 0.5 steps
    img = _raster(pdf)
    assert _mask(img, _accent(prs, 1)).sum() > 200 and _mask(img, _accent(prs, 2)).sum() > 200


@pytest.mark.parametrize(
    "chart_type",
    [XL_CHART_TYPE.AREA, XL_CHART_TYPE.AREA_STACKED, XL_CHART_TYPE.DOUGHNUT, XL_CHART_TYPE.RADAR,
     XL_CHART_TYPE.COLUMN_STACKED_100, XL_CHART_TYPE.LINE_MARKERS_STACKED, XL_CHART_TYPE.RADAR_FILLED,
     XL_CHART_TYPE.PIE_EXPLODED],
)  # fmt: skip
def test_other_chart_types_draw_instead_of_a_placeholder(
    qapp: object, tmp_path: Path, chart_type: XL_CHART_TYPE
) -> None:
    data = CategoryChartData()
    data.categories = ["c1", "c2", "c3"]
    data.add_series("S1", (1.0, 2.0, 3.0))
    data.add_series("S2", (3.0, 1.0, 2.0))
    prs, _chart = _deck(chart_type, data)
    pdf, warnings = _convert(prs, tmp_path)
    assert not any("chart" in w.lower() for w in warnings)
    img = _raster(pdf)
    assert _mask(img, _accent(prs, 1)).sum() > 300
    text = _text(pdf)
    # Category labels (axes or legend), or the auto title of a chart without either.
    assert "c1" in text or "S1" in text


def test_a_chart_draws_in_a_few_milliseconds(qapp: object, tmp_path: Path) -> None:
    from PySide6.QtGui import QImage, QPainter

    from worker.render.charts import paint_chart

    data = CategoryChartData()
    data.categories = [f"cat {i}" for i in range(12)]
    for s in range(4):
        data.add_series(f"S{s}", [float((i * 7 + s * 3) % 11) for i in range(12)])
    prs, chart = _deck(XL_CHART_TYPE.COLUMN_CLUSTERED, data)
    part = chart.part  # type: ignore[attr-defined]

    class _Ctx:
        """Only what paint_chart reads, backed by the deck's real theme colours and fonts."""

        def __init__(self) -> None:
            from worker.deck.theme import parse_theme
            from worker.render.colors import DEFAULT_COLOR_MAP, ColorResolver
            from worker.render.fonts import FontResolver

            theme_part = prs.slide_master.part.part_related_by(RT.THEME)  # type: ignore[attr-defined]
            self.theme = parse_theme(theme_part.blob)
            self.colors = ColorResolver(self.theme, DEFAULT_COLOR_MAP)
            self.fonts = FontResolver.shared()

        def color(self, parent: etree._Element | None, ph: object = None) -> object:
            return self.colors.find(parent)

    ctx = _Ctx()
    image = QImage(800, 600, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(0xFFFFFFFF)
    painter = QPainter(image)
    try:
        assert paint_chart(painter, ctx, part, 576, 432)  # warm-up: fonts, caches
        started = time.perf_counter()
        for _ in range(5):
            paint_chart(painter, ctx, part, 576, 432)
        per_chart = (time.perf_counter() - started) / 5
    finally:
        painter.end()
    assert per_chart < 0.05


@pytest.mark.parametrize(
    ("value", "code", "text"),
    [
        (1234.5, "General", "1234.5"),
        (1234.5, "#,##0", "1,235"),
        (0.256, "0%", "26%"),
        (0.256, "0.0%", "25.6%"),
        (3.14159, "0.00", "3.14"),
        (-5.0, "#,##0;(#,##0)", "(5)"),
        (1500.0, '"$"#,##0', "$1,500"),
        (37261.0, "m/d/yy", "1/5/02"),
        (37261.0, "d-mmm", "5-Jan"),
        (0.1 + 0.2, "General", "0.3"),
    ],
)
def test_number_formats(value: float, code: str, text: str) -> None:
    assert format_value(value, code) == text


def test_auto_scale_is_zero_based_with_nice_units() -> None:
    scale = auto_scale(1.2, 32.0, max_ticks=9)
    assert scale.minimum == 0.0
    assert scale.major in (5.0, 10.0)
    assert scale.maximum >= 32.0 and scale.maximum % scale.major == 0
    far = auto_scale(95.0, 100.0, max_ticks=6)
    assert far.minimum > 0  # data far above zero keep a tight range
    fixed = auto_scale(0.0, 7.0, fixed_max=10.0, major=2.5)
    assert fixed.ticks() == [0.0, 2.5, 5.0, 7.5, 10.0]


def test_theme_override_part_recolours_the_chart(tmp_path: Path) -> None:
    # Charts pasted from Excel carry their workbook's theme as an a:themeOverride part: scheme
    # colours inside the chart resolve against it, not the slide's theme.
    from pptx.opc.package import Part
    from pptx.opc.packuri import PackURI

    data = CategoryChartData()
    data.categories = ["a", "b"]
    data.add_series("S", (60.0, 40.0))
    prs, chart = _deck(XL_CHART_TYPE.COLUMN_CLUSTERED, data)
    green = (0x00, 0xB0, 0x50)
    override = (
        b'<a:themeOverride xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
        b'<a:clrScheme name="Workbook"><a:dk1><a:srgbClr val="000000"/></a:dk1><a:lt1><a:srgbClr val="FFFFFF"/></a:lt1>'
        b'<a:dk2><a:srgbClr val="1F497D"/></a:dk2><a:lt2><a:srgbClr val="EEECE1"/></a:lt2>'
        b'<a:accent1><a:srgbClr val="00B050"/></a:accent1><a:accent2><a:srgbClr val="C0504D"/></a:accent2>'
        b'<a:accent3><a:srgbClr val="9BBB59"/></a:accent3><a:accent4><a:srgbClr val="8064A2"/></a:accent4>'
        b'<a:accent5><a:srgbClr val="4BACC6"/></a:accent5><a:accent6><a:srgbClr val="F79646"/></a:accent6>'
        b'<a:hlink><a:srgbClr val="0000FF"/></a:hlink><a:folHlink><a:srgbClr val="800080"/></a:folHlink>'
        b"</a:clrScheme></a:themeOverride>"
    )
    chart_part = chart.part  # type: ignore[attr-defined]
    content_type = "application/vnd.openxmlformats-officedocument.themeOverride+xml"
    part = Part(PackURI("/ppt/theme/themeOverride1.xml"), content_type, chart_part.package, override)
    chart_part.relate_to(part, RT.THEME_OVERRIDE)
    pdf, _ = _convert(prs, tmp_path)
    img = _raster(pdf)
    assert _mask(img, green).sum() > 300
    assert _mask(img, _accent(prs, 1)).sum() == 0
