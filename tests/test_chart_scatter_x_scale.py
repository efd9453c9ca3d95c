"""A scatter chart's automatic x axis follows Excel's value-axis rules like its y axis: it starts at
zero unless the smallest x is within a sixth of the largest (Microsoft KB 214075; Peltier, "How
Excel Calculates Automatic Chart Axis Limits": the same for X values in XY and bubble charts)."""

from __future__ import annotations

from pathlib import Path

import pytest
from pptx.chart.data import XyChartData
from pptx.enum.chart import XL_CHART_TYPE
from pptx.util import Emu
from render_support import blank_slide, convert, new_deck, page_text


def _x_labels(tmp_path: Path, xs: list[float]) -> str:
    """The page text of a scatter chart of ``xs`` against y 100..107, its x labels written "x<n>"."""
    data = XyChartData()
    series = data.add_series("S")
    for i, x in enumerate(xs):
        series.add_data_point(x, 100.0 + i)
    prs = new_deck()
    chart = (
        blank_slide(prs)
        .shapes.add_chart(XL_CHART_TYPE.XY_SCATTER, *(Emu(int(v * 12700)) for v in (36, 36, 576, 432)), data)
        .chart
    )
    chart.has_legend = False
    labels = chart.category_axis.tick_labels  # the x value axis
    labels.number_format = '"x"0'
    labels.number_format_is_linked = False
    pdf, _ = convert(prs, tmp_path)
    return page_text(pdf)


@pytest.mark.parametrize(
    ("xs", "first", "absent"),
    [
        ([1, 2, 3, 4, 5, 6, 7, 8], "x0", None),  # spread over more than a sixth: from zero
        ([100, 101, 102, 103, 104, 105, 106, 107], "x107", "x0"),  # close together: not from zero
    ],
)
def test_the_x_axis_starts_at_zero_like_a_value_axis(qapp: object, tmp_path: Path, xs: list[float], first: str,
                                                      absent: str | None) -> None:  # fmt: skip
    text = _x_labels(tmp_path, xs)
    assert first in text
    if absent is not None:
        assert absent not in text
