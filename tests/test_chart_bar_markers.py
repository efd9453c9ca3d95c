"""The "dot" and "dash" chart markers are Office's short and long bars (XlMarkerStyle:
xlMarkerStyleDot "Short bar markers", xlMarkerStyleDash "Long bar markers"), and a stock chart
draws the markers its series name: Excel's high-low-close template (which Aspose.Slides and
Spire.Presentation copy) marks each close with symbol dot. Before, dot was a small circle and a
stock chart drew no marker at all, so a high-low-close chart showed no close."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from lxml import etree
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.enum.chart import XL_CHART_TYPE
from pptx.util import Emu, Pt
from render_support import convert, render_page
from test_chart_stock import as_stock_chart

C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
DPI = 144.0
Series = dict[str, tuple[float, float]]  # name: values over the two categories


def _red_marker(symbol: str, size: int) -> etree._Element:
    return etree.fromstring(
        f'<c:marker xmlns:c="{C}" xmlns:a="{A}"><c:symbol val="{symbol}"/><c:size val="{size}"/>'
        '<c:spPr><a:solidFill><a:srgbClr val="FF0000"/></a:solidFill><a:ln><a:noFill/></a:ln></c:spPr></c:marker>'
    )


def _chart(folder: Path, series: Series, marked: str, symbol: str, size: int, stock: bool) -> Path:
    """A chart of ``series`` over two categories, no legend, gridlines or series lines; the series
    ``marked`` carries a red ``symbol`` marker of ``size`` points, the others none. ``stock``: a
    c:stockChart with high-low lines, as Excel writes a high-low-close chart."""
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    data = CategoryChartData()
    data.categories = ["D1", "D2"]
    for name, values in series.items():
        data.add_series(name, values)
    frame = slide.shapes.add_chart(XL_CHART_TYPE.LINE, Emu(457200), Emu(457200), Emu(7315200), Emu(5486400), data)
    chart = frame.chart
    chart.has_legend = False
    chart.font.size = Pt(12)
    chart.value_axis.has_major_gridlines = False
    plot = chart._chartSpace.find(f".//{{{C}}}lineChart")
    for ser in plot.findall(f"{{{C}}}ser"):
        for old in ser.findall(f"{{{C}}}marker"):
            ser.remove(old)
        name = ser.find(f".//{{{C}}}tx//{{{C}}}v").text
        marker = (
            _red_marker(symbol, size)
            if name == marked
            else etree.fromstring(f'<c:marker xmlns:c="{C}"><c:symbol val="none"/></c:marker>')
        )
        ser.find(f"{{{C}}}tx").addnext(marker)
        ser.find(f"{{{C}}}tx").addnext(
            etree.fromstring(f'<c:spPr xmlns:c="{C}" xmlns:a="{A}"><a:ln><a:noFill/></a:ln></c:spPr>')
        )
    if stock:
        as_stock_chart(plot)
    folder.mkdir(exist_ok=True)
    return convert(prs, folder, "chart")[0]


def _red_blobs(pdf: Path) -> list[tuple[float, float]]:
    """Width and height (points) of each column of red marks, left to right: one per category."""
    img = np.asarray(render_page(pdf, 0, DPI).convert("RGB")).astype(int)
    red = (img[:, :, 0] > 200) & (img[:, :, 1] < 90) & (img[:, :, 2] < 90)
    cols = np.nonzero(red.any(axis=0))[0]
    if cols.size == 0:
        return []
    runs = np.split(cols, np.nonzero(np.diff(cols) > 3)[0] + 1)
    blobs = []
    for run in runs:
        rows = np.nonzero(red[:, run[0] : run[-1] + 1].any(axis=1))[0]
        blobs.append(((run[-1] - run[0] + 1) * 72.0 / DPI, (rows[-1] - rows[0] + 1) * 72.0 / DPI))
    return blobs


def test_a_high_low_close_chart_marks_each_close_with_a_short_bar(tmp_path: Path) -> None:
    series = {"High": (30.0, 35.0), "Low": (10.0, 25.0), "Close": (25.0, 28.0)}
    blobs = _red_blobs(_chart(tmp_path, series, "Close", "dot", 12, stock=True))
    assert len(blobs) == 2, blobs  # before: none
    for width, height in blobs:
        assert abs(width - 6.0) < 1.5 and abs(height - 2.4) < 1.0, blobs  # half of 12 pt long, a fifth high


def test_dot_is_a_short_bar_and_dash_a_long_one(tmp_path: Path) -> None:
    series = {"A": (10.0, 20.0)}
    dots = _red_blobs(_chart(tmp_path / "dot", series, "A", "dot", 20, stock=False))
    dashes = _red_blobs(_chart(tmp_path / "dash", series, "A", "dash", 20, stock=False))
    assert len(dots) == 2 and len(dashes) == 2, (dots, dashes)
    for width, height in dots:
        assert abs(width - 10.0) < 1.5 and abs(height - 4.0) < 1.0, dots  # before: a 10 pt circle
    for width, height in dashes:
        assert abs(width - 20.0) < 1.5 and abs(height - 4.0) < 1.0, dashes


def test_a_stock_series_without_a_marker_of_its_own_draws_none(tmp_path: Path) -> None:
    """Automatic markers stay off in stock charts: only a named symbol is drawn."""
    series = {"High": (30.0, 35.0), "Low": (10.0, 25.0), "Close": (25.0, 28.0)}
    pdf = _chart(tmp_path, series, "Close", "auto", 12, stock=True)
    assert _red_blobs(pdf) == []
