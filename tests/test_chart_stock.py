"""Stock charts: high-low lines span each category's values, up/down bars run from the first
series (open) to the last (close), white when it rose and black when it fell (c:hiLowLines,
c:upDownBars; Office's defaults when they carry no spPr)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from lxml import etree
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.enum.chart import XL_CHART_TYPE
from pptx.util import Emu, Pt
from render_support import convert, render_page, text_box

C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
DPI = 144.0


def as_stock_chart(plot: etree._Element) -> etree._Element:
    """A python-pptx c:lineChart turned into a c:stockChart with high-low lines, as Excel writes a
    high-low-close chart; returns its first c:axId (what follows the plot's series and lines)."""
    plot.tag = f"{{{C}}}stockChart"
    for name in ("grouping", "varyColors", "marker"):
        el = plot.find(f"{{{C}}}{name}")
        if el is not None:
            plot.remove(el)
    first_axis = plot.find(f"{{{C}}}axId")
    assert first_axis is not None
    first_axis.addprevious(etree.fromstring(f'<c:hiLowLines xmlns:c="{C}"/>'))
    return first_axis


def _stock(folder: Path, up_down: bool) -> Path:
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    data = CategoryChartData()
    data.categories = ["D1", "D2"]
    if up_down:
        data.add_series("Open", (22.0, 31.0))
    data.add_series("High", (30.0, 35.0))
    data.add_series("Low", (10.0, 25.0))
    data.add_series("Close", (25.0, 28.0))
    frame = slide.shapes.add_chart(XL_CHART_TYPE.LINE, Emu(457200), Emu(457200), Emu(7315200), Emu(5486400), data)
    chart = frame.chart
    chart.has_legend = False
    chart.font.size = Pt(12)
    chart.value_axis.has_major_gridlines = False
    plot = chart._chartSpace.find(f".//{{{C}}}lineChart")
    first_axis = as_stock_chart(plot)
    for ser in plot.findall(f"{{{C}}}ser"):  # series draw no line of their own, as Excel writes them
        ser.find(f"{{{C}}}tx").addnext(
            etree.fromstring(f'<c:spPr xmlns:c="{C}" xmlns:a="{A}"><a:ln><a:noFill/></a:ln></c:spPr>')
        )
        marker = ser.find(f"{{{C}}}marker")
        if marker is not None:
            ser.remove(marker)
    if up_down:
        bars = f'<c:upDownBars xmlns:c="{C}"><c:gapWidth val="150"/><c:upBars/><c:downBars/></c:upDownBars>'
        first_axis.addprevious(etree.fromstring(bars))
    folder.mkdir(exist_ok=True)
    return convert(prs, folder, "stock")[0]


def _dark_rows(img: np.ndarray, x_pt: float) -> list[float]:
    """Points (from the top) where the column at ``x_pt`` (or a neighbour) is dark."""
    x = int(x_pt * DPI / 72.0)
    column = img[:, x - 2 : x + 3].min(axis=(1, 2))
    return [i * 72.0 / DPI for i in np.nonzero(column < 90)[0]]


def test_high_low_lines_run_from_the_highest_to_the_lowest_value(tmp_path: Path) -> None:
    pdf = _stock(tmp_path, up_down=False)
    img = np.asarray(render_page(pdf, 0, DPI).convert("RGB")).astype(int)
    d1 = text_box(pdf, "D1")
    top, bottom = text_box(pdf, "35"), text_box(pdf, "0\n") or text_box(pdf, "0")
    assert d1 is not None and top is not None and bottom is not None
    rows = _dark_rows(img, (d1[0] + d1[2]) / 2.0)
    rows = [r for r in rows if r < d1[1] - 4.0]  # above the category labels and the axis line
    assert rows, "no high-low line"
    zero = (bottom[1] + bottom[3]) / 2.0
    per_unit = (zero - (top[1] + top[3]) / 2.0) / 35.0
    assert abs(min(rows) - (zero - 30.0 * per_unit)) < 3.0  # high 30
    assert abs(max(rows) - (zero - 10.0 * per_unit)) < 3.0  # low 10


def test_up_bars_are_white_and_down_bars_black(tmp_path: Path) -> None:
    pdf = _stock(tmp_path, up_down=True)
    img = np.asarray(render_page(pdf, 0, DPI).convert("RGB")).astype(int)
    d1, d2 = text_box(pdf, "D1"), text_box(pdf, "D2")
    top, bottom = text_box(pdf, "40"), text_box(pdf, "0\n") or text_box(pdf, "0")
    assert d1 is not None and d2 is not None and top is not None and bottom is not None
    zero = (bottom[1] + bottom[3]) / 2.0
    per_unit = (zero - (top[1] + top[3]) / 2.0) / 40.0

    def at(x_pt: float, value: float) -> tuple[int, int, int]:
        r, g, b = img[int((zero - value * per_unit) * DPI / 72.0), int(x_pt * DPI / 72.0)]
        return int(r), int(g), int(b)

    # D1 rose 22 -> 25: a white bar (outlined) a little left of the high-low line; D2 fell 31 -> 28.
    x1 = (d1[0] + d1[2]) / 2.0 - 12.0
    x2 = (d2[0] + d2[2]) / 2.0 - 12.0
    assert min(at(x1, 23.5)) > 240
    assert max(at(x2, 29.5)) < 40
    assert min(at(x2, 33.0)) > 240  # above the close-open range nothing is filled
