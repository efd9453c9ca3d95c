"""Blank cells in line and scatter series drawn as c:dispBlanksAs says: a gap in the line, a line
spanning the blank, or a point at zero. Checked on the red line's pixels on the rendered page."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from lxml import etree
from pptx.chart.data import CategoryChartData, XyChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE
from pptx.util import Emu
from render_support import blank_slide, convert, new_deck, render_page

C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
X, Y, W, H = 36.0, 36.0, 576.0, 432.0  # the chart frame, points
VALUES = (2.0, 3.0, None, 4.0, 2.5)


def _red_line(tmp_path: Path, kind: XL_CHART_TYPE, blanks: str | None) -> np.ndarray:
    """Mask of the red series' pixels (one per point) for VALUES with ``blanks`` as
    c:dispBlanksAs (None: the element left out)."""
    if kind is XL_CHART_TYPE.LINE:
        data: CategoryChartData | XyChartData = CategoryChartData()
        assert isinstance(data, CategoryChartData)
        data.categories = ["a", "b", "c", "d", "e"]
        data.add_series("S", VALUES)
    else:
        data = XyChartData()
        series = data.add_series("S")
        for x, y in enumerate(VALUES):
            series.add_data_point(x + 1.0, y)
    prs = new_deck()
    chart = blank_slide(prs).shapes.add_chart(kind, *(Emu(int(v * 12700)) for v in (X, Y, W, H)), data).chart
    chart.has_legend = False
    chart.has_title = False
    chart.value_axis.minimum_scale, chart.value_axis.maximum_scale = 0.0, 5.0
    chart.value_axis.has_major_gridlines = False
    line = chart.series[0].format.line
    line.color.rgb = RGBColor(0xFF, 0, 0)
    chart_el = chart._chartSpace.find(f"{{{C}}}chart")
    old = chart_el.find(f"{{{C}}}dispBlanksAs")
    if old is not None:
        chart_el.remove(old)
    if blanks is not None:
        new = etree.SubElement(chart_el, f"{{{C}}}dispBlanksAs", val=blanks)
        chart_el.find(f"{{{C}}}plotVisOnly").addnext(new)
    pdf, _ = convert(prs, tmp_path)
    img = np.asarray(render_page(pdf)).astype(int)
    # Reddish, not pure red: the thin line's antialiased edge pixels count too.
    return (img[:, :, 0] - np.maximum(img[:, :, 1], img[:, :, 2])) > 60


def _empty_columns(mask: np.ndarray) -> int:
    """Columns without red between the line's first and last columns."""
    cols = np.flatnonzero(mask.any(axis=0))
    return int(sum(1 for x in range(cols[0], cols[-1] + 1) if not mask[:, x].any()))


def _lowest(mask: np.ndarray) -> int:
    return int(np.flatnonzero(mask.any(axis=1))[-1])


@pytest.mark.parametrize("kind", [XL_CHART_TYPE.LINE, XL_CHART_TYPE.XY_SCATTER_LINES_NO_MARKERS])
def test_blanks_leave_a_gap_span_or_drop_to_zero(qapp: object, tmp_path: Path, kind: XL_CHART_TYPE) -> None:
    gap = _red_line(tmp_path, kind, "gap")
    assert _empty_columns(gap) > 20
    assert _empty_columns(_red_line(tmp_path, kind, None)) > 20  # Office's default: a gap
    span = _red_line(tmp_path, kind, "span")
    assert _empty_columns(span) == 0
    assert _lowest(span) == _lowest(gap)  # nothing drawn below the lowest value (2)
    zero = _red_line(tmp_path, kind, "zero")
    assert _empty_columns(zero) == 0
    # The blank is a point at 0: two fifths of the value axis below the lowest value, 2.
    assert _lowest(zero) - _lowest(span) > 0.3 * H * 0.6


def _red_area(tmp_path: Path, blanks: str) -> np.ndarray:
    """Mask of a red unstacked area series' pixels for VALUES with ``blanks`` as c:dispBlanksAs,
    in the XML python-pptx writes (no c:spPr but the fill set here)."""
    data = CategoryChartData()
    data.categories = ["a", "b", "c", "d", "e"]
    data.add_series("S", VALUES)
    prs = new_deck()
    chart = (
        blank_slide(prs).shapes.add_chart(XL_CHART_TYPE.AREA, *(Emu(int(v * 12700)) for v in (X, Y, W, H)), data).chart
    )
    chart.has_legend = False
    chart.value_axis.minimum_scale, chart.value_axis.maximum_scale = 0.0, 5.0
    chart.value_axis.has_major_gridlines = False
    fill = chart.series[0].format.fill
    fill.solid()
    fill.fore_color.rgb = RGBColor(0xFF, 0, 0)
    chart_el = chart._chartSpace.find(f"{{{C}}}chart")
    chart_el.find(f"{{{C}}}dispBlanksAs").set("val", blanks)
    pdf, _ = convert(prs, tmp_path)
    img = np.asarray(render_page(pdf)).astype(int)
    return (img[:, :, 0] - np.maximum(img[:, :, 1], img[:, :, 2])) > 60


def test_area_blank_drops_to_zero(qapp: object, tmp_path: Path) -> None:
    """An area chart's blank cell under dispBlanksAs="zero" (what python-pptx and PowerPoint write
    for area charts) is a point at 0: the area comes down to the axis at the middle category
    instead of running straight from 3 to 4 across it."""
    mask = _red_area(tmp_path, "zero")
    cols = np.flatnonzero(mask.any(axis=0))
    mid = (cols[0] + cols[-1]) // 2  # category c, the blank
    rows = np.flatnonzero(mask.any(axis=1))
    plot_height = rows[-1] - rows[0]  # top of the area (4 at d) to the axis (0)
    # Red in the middle column reaches at most a sliver above the axis, not 3.5 of the axis's 4.
    column = np.flatnonzero(mask[:, mid])
    assert column.size < 0.1 * plot_height
