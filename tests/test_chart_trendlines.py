"""Trendlines (c:trendline): least-squares fits of the cached points drawn over the series, with
forecasts, at the place Excel's formulas put them (x = 1, 2, 3... on category charts)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
from lxml import etree
from pptx import Presentation
from pptx.chart.data import CategoryChartData, XyChartData
from pptx.enum.chart import XL_CHART_TYPE
from pptx.util import Emu, Pt
from render_support import convert, page_text, render_page, text_box

C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
DPI = 144.0


def _trendline(kind: str, extra: str = "") -> etree._Element:
    return etree.fromstring(
        f'<c:trendline xmlns:c="{C}" xmlns:a="{A}"><c:spPr><a:ln w="19050"><a:solidFill>'
        f'<a:srgbClr val="FF0000"/></a:solidFill></a:ln></c:spPr><c:trendlineType val="{kind}"/>{extra}'
        f'<c:dispRSqr val="0"/><c:dispEq val="0"/></c:trendline>'
    )


def _deck(kind: XL_CHART_TYPE, data: Any, trend: etree._Element, before: str, y_max: float, folder: Path) -> Path:
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    chart = slide.shapes.add_chart(kind, Emu(457200), Emu(457200), Emu(7315200), Emu(5486400), data).chart
    chart.has_legend = False
    chart.font.size = Pt(12)
    axis = chart.value_axis
    axis.has_major_gridlines = False
    axis.minimum_scale, axis.maximum_scale, axis.major_unit = 0.0, y_max, y_max / 4.0
    axis.tick_labels.number_format, axis.tick_labels.number_format_is_linked = '"y"0', False
    if kind is XL_CHART_TYPE.XY_SCATTER:  # x axis 0..6 labelled x0..x6 (found by their text)
        x_axis = chart.category_axis
        x_axis.minimum_scale, x_axis.maximum_scale, x_axis.major_unit = 0.0, 6.0, 1.0
        x_axis.tick_labels.number_format, x_axis.tick_labels.number_format_is_linked = '"x"0', False
    chart._chartSpace.find(f".//{{{C}}}ser/{{{C}}}{before}").addprevious(trend)
    return convert(prs, folder, "trend")[0]


def _centre(pdf: Path, label: str) -> tuple[float, float]:
    box = text_box(pdf, label)
    assert box is not None, label
    return (box[0] + box[2]) / 2.0, (box[1] + box[3]) / 2.0


def _red_rows(img: np.ndarray, x_pt: float) -> list[float]:
    x = int(x_pt * DPI / 72.0)
    cols = img[:, x - 3 : x + 4]  # 1.5 pt either side: the line's ends are at the points' centres
    red = (cols[:, :, 0] > 200) & (cols[:, :, 1] < 90) & (cols[:, :, 2] < 90)
    return [i * 72.0 / DPI for i in np.nonzero(red.any(axis=1))[0]]


def test_linear_trendline_on_a_line_chart_follows_the_least_squares_fit(tmp_path: Path) -> None:
    data = CategoryChartData()
    data.categories = ["Alpha", "Beta", "Gamma", "Delta"]
    data.add_series("S", (1.0, 3.0, 2.0, 4.0))  # fit over x = 1..4: y = 0.8 x + 0.5
    pdf = _deck(XL_CHART_TYPE.LINE, data, _trendline("linear"), "cat", 8.0, tmp_path)
    img = np.asarray(render_page(pdf, 0, DPI).convert("RGB")).astype(int)
    y0, y8 = _centre(pdf, "y0")[1], _centre(pdf, "y8")[1]
    unit = (y0 - y8) / 8.0
    for label, expected in (("Alpha", 1.3), ("Beta", 2.1), ("Gamma", 2.9), ("Delta", 3.7)):
        rows = _red_rows(img, _centre(pdf, label)[0])
        assert rows, f"no trendline at {label}"
        assert abs(sum(rows) / len(rows) - (y0 - expected * unit)) < 2.0, label


def test_exponential_trendline_on_a_scatter_chart_runs_on_into_its_forecast(tmp_path: Path) -> None:
    data = XyChartData()
    series = data.add_series("S")
    for x, y in ((1.0, 2.0), (2.0, 4.0), (3.0, 8.0), (4.0, 16.0)):  # y = 2^x exactly
        series.add_data_point(x, y)
    trend = _trendline("exp", '<c:forward val="1"/>')
    pdf = _deck(XL_CHART_TYPE.XY_SCATTER, data, trend, "xVal", 40.0, tmp_path)
    img = np.asarray(render_page(pdf, 0, DPI).convert("RGB")).astype(int)
    y0, y40 = _centre(pdf, "y0")[1], _centre(pdf, "y40")[1]
    unit = (y0 - y40) / 40.0
    x1, x2 = _centre(pdf, "x1")[0], _centre(pdf, "x2")[0]
    x_unit = x2 - x1
    for x, expected in ((2.5, 2**2.5), (4.5, 2**4.5), (5.0, 32.0)):  # between points, then forecast
        rows = _red_rows(img, x1 + (x - 1.0) * x_unit)
        assert rows, f"no trendline at x = {x}"
        assert abs(sum(rows) / len(rows) - (y0 - expected * unit)) < 2.5, x
    assert not _red_rows(img, x1 + 5.5 * x_unit), "the forecast runs one unit past x = 4, not further"
    assert not _red_rows(img, x1 - 0.5 * x_unit), "no backward forecast"


def test_trendlines_have_legend_entries_after_the_series(tmp_path: Path) -> None:
    data = XyChartData()
    series = data.add_series("Sales")
    for x, y in ((1.0, 2.0), (2.0, 3.0), (3.0, 5.0), (4.0, 4.0)):
        series.add_data_point(x, y)
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    chart = slide.shapes.add_chart(
        XL_CHART_TYPE.XY_SCATTER, Emu(457200), Emu(457200), Emu(7315200), Emu(5486400), data
    ).chart
    chart.has_legend = True
    chart.font.size = Pt(12)
    x_val = chart._chartSpace.find(f".//{{{C}}}ser/{{{C}}}xVal")
    named = _trendline("poly", '<c:order val="2"/>')
    named.insert(0, etree.fromstring(f'<c:name xmlns:c="{C}">Best curve</c:name>'))
    x_val.addprevious(named)
    x_val.addprevious(_trendline("movingAvg", '<c:period val="3"/>'))
    pdf = convert(prs, tmp_path, "legend")[0]
    text = page_text(pdf)
    # Excel's automatic name ("3 per. Mov. Avg. (Sales)") or the trendline's own c:name.
    assert "Best curve" in text and "3 per. Mov. Avg. (Sales)" in text and "Poly." not in text
    order = [text.index(t) for t in ("Sales", "Best curve", "3 per. Mov. Avg.")]
    assert order == sorted(order)
    # The entry's key is a run of the trendline's red line, left of its text.
    img = np.asarray(render_page(pdf, 0, DPI).convert("RGB")).astype(int)
    box = text_box(pdf, "Best curve")
    assert box is not None
    y = int((box[1] + box[3]) / 2.0 * DPI / 72.0)
    left = img[y - 2 : y + 3, int((box[0] - 20.0) * DPI / 72.0) : int(box[0] * DPI / 72.0)]
    assert ((left[:, :, 0] > 200) & (left[:, :, 1] < 90) & (left[:, :, 2] < 90)).any()
