"""Error bars (c:errBars) of bar, line and scatter series: fixed, percentage, custom and x-direction
bars reach the values the file sets, in Office's automatic black."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
from lxml import etree
from pptx import Presentation
from pptx.chart.data import CategoryChartData, XyChartData
from pptx.enum.chart import XL_CHART_TYPE
from pptx.util import Emu, Pt
from render_support import convert, render_page, text_box

C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
DPI = 144.0


def _bars(direction: str | None, value_type: str, inner: str) -> etree._Element:
    direction_el = f'<c:errDir val="{direction}"/>' if direction else ""
    return etree.fromstring(
        f'<c:errBars xmlns:c="{C}">{direction_el}<c:errBarType val="both"/><c:errValType val="{value_type}"/>'
        f'<c:noEndCap val="0"/>{inner}</c:errBars>'
    )


def _deck(kind: XL_CHART_TYPE, data: Any, bars: list[etree._Element], before: str, folder: Path,
          x_range: bool = False, series: int = 0) -> Path:  # fmt: skip
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    chart = slide.shapes.add_chart(kind, Emu(457200), Emu(457200), Emu(7315200), Emu(5486400), data).chart
    chart.has_legend = False
    chart.font.size = Pt(12)
    chart.value_axis.has_major_gridlines = False
    chart.value_axis.maximum_scale = 10.0  # room above the bars (Office's automatic scale ignores them)
    chart.value_axis.minimum_scale = 0.0
    if x_range:  # a scatter's x axis: 0 to 6, so every bar is inside the plot
        chart.category_axis.minimum_scale, chart.category_axis.maximum_scale = 0.0, 6.0
    ser = chart._chartSpace.findall(f".//{{{C}}}ser")[series]
    for el in bars:
        ser.find(f"{{{C}}}{before}").addprevious(el)
    folder.mkdir(exist_ok=True)
    return convert(prs, folder, "bars")[0]


def _black_rows(img: np.ndarray, x_pt: float) -> list[float]:
    x = int(x_pt * DPI / 72.0)
    # Black: every channel dark (the blue series line is not), in a pixel either side.
    column = img[:, x - 2 : x + 3].max(axis=2).min(axis=1)
    return [i * 72.0 / DPI for i in np.nonzero(column < 80)[0]]


def _scale(pdf: Path) -> tuple[float, float]:
    """(y of value 0, pt per unit) from the value axis' labels 10 and 8 (no other label has them)."""
    ten, eight = text_box(pdf, "10"), text_box(pdf, "8")
    assert ten is not None and eight is not None
    y10, y8 = (ten[1] + ten[3]) / 2.0, (eight[1] + eight[3]) / 2.0
    unit = (y8 - y10) / 2.0
    return y10 + 10.0 * unit, unit


def test_fixed_error_bars_on_a_line_chart_reach_value_plus_and_minus(tmp_path: Path) -> None:
    data = CategoryChartData()
    data.categories = ["A", "B", "C"]
    data.add_series("S", (5.0, 5.0, 5.0))
    pdf = _deck(XL_CHART_TYPE.LINE, data, [_bars(None, "fixedVal", '<c:val val="2"/>')], "cat", tmp_path)
    img = np.asarray(render_page(pdf, 0, DPI).convert("RGB")).astype(int)
    b = text_box(pdf, "B")
    assert b is not None
    y0, unit = _scale(pdf)
    rows = [r for r in _black_rows(img, (b[0] + b[2]) / 2.0) if r < y0 - 2.0]
    assert rows, "no error bar"
    assert abs(min(rows) - (y0 - 7.0 * unit)) < 2.0
    assert abs(max(rows) - (y0 - 3.0 * unit)) < 2.0


def test_custom_and_x_percentage_bars_on_a_scatter_series(tmp_path: Path) -> None:
    data = XyChartData()
    series = data.add_series("P")
    for x, y in ((2.0, 4.0), (4.0, 4.0)):
        series.add_data_point(x, y)
    custom = '<c:plus><c:numLit><c:ptCount val="2"/><c:pt idx="0"><c:v>1</c:v></c:pt><c:pt idx="1"><c:v>2</c:v></c:pt>'
    custom += '</c:numLit></c:plus><c:minus><c:numLit><c:ptCount val="2"/><c:pt idx="0"><c:v>1</c:v></c:pt>'
    custom += '<c:pt idx="1"><c:v>1</c:v></c:pt></c:numLit></c:minus>'
    bars = [_bars("y", "cust", custom), _bars("x", "percentage", '<c:val val="25"/>')]
    pdf = _deck(XL_CHART_TYPE.XY_SCATTER, data, bars, "xVal", tmp_path, x_range=True)
    img = np.asarray(render_page(pdf, 0, DPI).convert("RGB")).astype(int)
    y0, unit = _scale(pdf)
    # Locate x = 4 on the page from the horizontal bar: black pixels in the row of y = 4.
    near = int((y0 - 4.0 * unit) * DPI / 72.0)
    row = max(range(near - 2, near + 3), key=lambda r: int((img[r].max(axis=1) < 80).sum()))  # the line's row
    black = np.nonzero(img[row].max(axis=1) < 80)[0] * 72.0 / DPI
    ten = text_box(pdf, "10")
    assert ten is not None
    black = black[black > ten[2] + 8.0]  # right of the value axis' labels (the "4" is black too)
    assert len(black) > 0
    # Two horizontal bars, x = 2 +- 0.5 and 4 +- 1: black from x 1.5 to 5 with a gap from 2.5 to 3.
    left, right = float(black.min()), float(black.max())
    per_x = (right - left) / 3.5
    gap = int((left + 1.25 * per_x) * DPI / 72.0)
    assert img[row, gap].max() > 200
    assert img[row, int((left + 0.25 * per_x) * DPI / 72.0)].max() < 80  # on the first bar, left of its point
    # The point at x = 4: its y bar runs from 3 to 6 (minus 1, plus 2).
    centre = left + 2.5 * per_x
    rows = [r for r in _black_rows(img, centre) if r < y0 - 2.0]
    assert abs(min(rows) - (y0 - 6.0 * unit)) < 2.0
    assert abs(max(rows) - (y0 - 3.0 * unit)) < 2.0


def test_column_error_bars_start_at_each_bar_end_and_at_the_stack_top(tmp_path: Path) -> None:
    data = CategoryChartData()
    data.categories = ["A", "B"]
    data.add_series("S", (3.0, 5.0))
    pdf = _deck(XL_CHART_TYPE.COLUMN_CLUSTERED, data, [_bars(None, "fixedVal", '<c:val val="1.5"/>')], "cat",
                tmp_path / "clustered")  # fmt: skip
    img = np.asarray(render_page(pdf, 0, DPI).convert("RGB")).astype(int)
    y0, unit = _scale(pdf)
    for label, value in (("A", 3.0), ("B", 5.0)):
        box = text_box(pdf, label)
        assert box is not None
        rows = [r for r in _black_rows(img, (box[0] + box[2]) / 2.0) if r < y0 - 2.0]
        assert rows, f"no error bar on column {label}"
        assert abs(min(rows) - (y0 - (value + 1.5) * unit)) < 2.0
        assert abs(max(rows) - (y0 - (value - 1.5) * unit)) < 2.0
    # Stacked: the second series' bar stands on the stack's top (2 + 4).
    data = CategoryChartData()
    data.categories = ["A"]
    data.add_series("Low", (2.0,))
    data.add_series("High", (4.0,))
    bars = [_bars(None, "fixedVal", '<c:val val="0.5"/>')]
    pdf = _deck(XL_CHART_TYPE.COLUMN_STACKED, data, bars, "cat", tmp_path / "stacked", series=1)
    img = np.asarray(render_page(pdf, 0, DPI).convert("RGB")).astype(int)
    y0, unit = _scale(pdf)
    box = text_box(pdf, "A")
    assert box is not None
    rows = [r for r in _black_rows(img, (box[0] + box[2]) / 2.0) if r < y0 - 2.0]
    assert rows and abs(min(rows) - (y0 - 6.5 * unit)) < 2.0 and abs(max(rows) - (y0 - 5.5 * unit)) < 2.0


def test_error_bars_on_a_100_percent_stacked_column_measure_the_plotted_share(tmp_path: Path) -> None:
    """The column shows each value's share of its category (1 of 4 = 25%): a 20% error bar spans
    20% of that share (5 points of the axis), not 20% of the raw value read as axis units (20
    points), and a fixed amount is in the axis' units (0.1 = 10 points)."""
    data = CategoryChartData()
    data.categories = ["A", "B"]
    data.add_series("Low", (1.0, 3.0))
    data.add_series("High", (3.0, 1.0))
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    chart = slide.shapes.add_chart(XL_CHART_TYPE.COLUMN_STACKED_100, Emu(457200), Emu(457200), Emu(7315200),
                                   Emu(5486400), data).chart  # fmt: skip
    chart.has_legend = False
    chart.font.size = Pt(12)
    chart.value_axis.has_major_gridlines = False
    sers = chart._chartSpace.findall(f".//{{{C}}}ser")
    sers[0].find(f"{{{C}}}cat").addprevious(_bars(None, "percentage", '<c:val val="20"/>'))
    sers[1].find(f"{{{C}}}cat").addprevious(_bars(None, "fixedVal", '<c:val val="0.1"/>'))
    pdf = convert(prs, tmp_path, "percent")[0]
    img = np.asarray(render_page(pdf, 0, DPI).convert("RGB")).astype(int)
    top, sixty = text_box(pdf, "100%"), text_box(pdf, "60%")
    assert top is not None and sixty is not None
    y100, y60 = (top[1] + top[3]) / 2.0, (sixty[1] + sixty[3]) / 2.0
    unit = (y60 - y100) / 0.4  # pt per 100%
    y0 = y100 + unit
    a = text_box(pdf, "A")
    assert a is not None
    rows = [r for r in _black_rows(img, (a[0] + a[2]) / 2.0) if y100 - 2.0 < r < y0 - 2.0]
    low = [r for r in rows if r > y0 - 0.5 * unit]  # Low's bar about 25%
    high = [r for r in rows if r < y0 - 0.5 * unit]  # High's about the stack's top, 100%
    assert low and abs(min(low) - (y0 - 0.30 * unit)) < 2.0 and abs(max(low) - (y0 - 0.20 * unit)) < 2.0
    assert high and abs(min(high) - (y0 - 1.0 * unit)) < 2.0 and abs(max(high) - (y0 - 0.9 * unit)) < 2.0


def test_standard_deviation_of_values_about_1e200_keeps_the_chart(tmp_path: Path) -> None:
    # Their squares overflow a double: the deviation is taken on scaled values, the chart is drawn.
    from worker.render.charts.error_bars import spans
    from worker.render.charts.model import ErrorBars

    ends = spans(ErrorBars(value_type="stdDev", value=1.0), [1e200, 3e200, None])
    assert ends[0] is not None and ends[2] is None
    sd = 2**0.5 * 1e200  # sample deviation of 1e200 and 3e200 about their mean, 2e200
    assert abs(ends[0][0] - (2e200 - sd)) < 1e186 and abs(ends[0][1] - (2e200 + sd)) < 1e186
    data = CategoryChartData()
    data.categories = ["A", "B", "C"]
    data.add_series("S", (1e200, 3e200, 2e200))
    pdf = _deck(XL_CHART_TYPE.LINE, data, [_bars(None, "stdDev", '<c:val val="1"/>')], "cat", tmp_path)
    assert text_box(pdf, "B") is not None
