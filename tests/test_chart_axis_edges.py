"""Axis lines that cross at an end of the other axis: tick labels go outside the plot at that edge.

c:crosses max, a reversed value axis or all-negative data put the category axis line along the
plot's top; Excel and PowerPoint then draw its nextTo labels above the plot (the well-known
"labels at the top with negative values" behaviour), not under the line inside the plot.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.enum.chart import XL_CHART_TYPE, XL_TICK_LABEL_POSITION
from pptx.util import Emu, Pt
from render_support import convert, text_box

X, Y, W, H = 36.0, 36.0, 576.0, 432.0


def _column(values: tuple[float, ...], kind: XL_CHART_TYPE = XL_CHART_TYPE.COLUMN_CLUSTERED) -> tuple[Any, Any]:
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    data = CategoryChartData()
    data.categories = ["North", "South", "East"]
    data.add_series("S", values)
    frame = slide.shapes.add_chart(kind, Emu(int(X * 12700)), Emu(int(Y * 12700)), Emu(int(W * 12700)),
                                   Emu(int(H * 12700)), data)  # fmt: skip
    frame.chart.has_legend = False
    frame.chart.font.size = Pt(12)
    return prs, frame.chart


def _boxes(prs: Any, folder: Path, *needles: str) -> list[tuple[float, float, float, float]]:
    folder.mkdir(exist_ok=True)
    pdf = convert(prs, folder, "chart")[0]
    out = []
    for needle in needles:
        box = text_box(pdf, needle)
        assert box is not None, needle
        out.append(box)
    return out


def test_category_axis_crossing_at_the_maximum_has_its_labels_above_the_plot(tmp_path: Path) -> None:
    prs, chart = _column((4.0, 6.0, 3.0))
    chart.category_axis._element.find("{*}crosses").set("val", "max")
    north, top, bottom = _boxes(prs, tmp_path, "North", "7", "0")
    # The plot's top is the centre of the top value label: the category label ends above it.
    assert north[3] <= (top[1] + top[3]) / 2.0
    assert north[3] < bottom[1] - 200.0


def test_reversed_value_axis_puts_the_category_labels_above_the_plot(tmp_path: Path) -> None:
    prs, chart = _column((4.0, 6.0, 3.0))
    chart.value_axis.reverse_order = True
    north, zero = _boxes(prs, tmp_path, "North", "0")
    assert north[3] <= (zero[1] + zero[3]) / 2.0


def test_all_negative_bars_have_their_category_labels_above_the_plot(tmp_path: Path) -> None:
    prs, _ = _column((-4.0, -6.0, -3.0))
    north, zero, low = _boxes(prs, tmp_path, "North", "0", "-7")
    assert north[3] <= (zero[1] + zero[3]) / 2.0
    assert north[3] < low[1]


def test_value_axis_crossing_at_the_last_category_has_its_labels_right_of_the_plot(tmp_path: Path) -> None:
    prs, chart = _column((4.0, 6.0, 3.0))
    chart.value_axis._element.find("{*}crosses").set("val", "max")
    east, seven = _boxes(prs, tmp_path, "East", "7")
    assert seven[0] > east[2]


def test_level_axis_keeps_its_labels_below_the_plot(tmp_path: Path) -> None:
    prs, _ = _column((4.0, 6.0, 3.0))
    north, top = _boxes(prs, tmp_path, "North", "7")
    assert north[1] > top[3] + 200.0


# c:tickLblPos low and high name an end of the crossing axis (ST_TickLblPos: "the low end of the
# perpendicular axis"): its minimum or first category, at the top or right when it runs reversed.
def test_low_category_labels_follow_a_reversed_value_axis_to_the_top(tmp_path: Path) -> None:
    prs, chart = _column((4.0, 6.0, 3.0))
    chart.value_axis.reverse_order = True
    chart.category_axis.tick_label_position = XL_TICK_LABEL_POSITION.LOW
    north, zero, top = _boxes(prs, tmp_path, "North", "0", "7")
    assert north[3] <= (zero[1] + zero[3]) / 2.0
    assert north[3] < top[1] - 200.0


def test_low_value_labels_follow_reversed_categories_to_the_top(tmp_path: Path) -> None:
    prs, chart = _column((4.0, 6.0, 3.0), XL_CHART_TYPE.BAR_CLUSTERED)
    chart.category_axis.reverse_order = True  # North, the first category, at the top
    chart.value_axis.tick_label_position = XL_TICK_LABEL_POSITION.LOW
    north, east, zero = _boxes(prs, tmp_path, "North", "East", "0")
    assert north[3] < east[1]
    assert zero[3] <= north[1]


def test_high_value_labels_go_to_the_last_category_of_reversed_categories(tmp_path: Path) -> None:
    prs, chart = _column((4.0, 6.0, 3.0), XL_CHART_TYPE.BAR_CLUSTERED)
    chart.category_axis.reverse_order = True
    chart.value_axis.tick_label_position = XL_TICK_LABEL_POSITION.HIGH
    east, zero = _boxes(prs, tmp_path, "East", "0")
    assert zero[1] >= east[3]


def test_low_labels_of_an_axis_crossing_at_the_maximum_stay_below_the_plot(tmp_path: Path) -> None:
    prs, chart = _column((4.0, 6.0, 3.0))
    chart.category_axis._element.find("{*}crosses").set("val", "max")
    chart.category_axis.tick_label_position = XL_TICK_LABEL_POSITION.LOW
    north, top = _boxes(prs, tmp_path, "North", "7")
    assert north[1] > top[3] + 200.0
