"""Cached values at the ends of the float range cost their data label at most, never the chart.

Found by the mutation fuzzer: a value of 1e308 in a chart whose labels show percentages overflowed
to infinity when scaled by 100 and Decimal's rounding raised; a denormal 5e-324 in scientific
format divided by 10**-324, which is 0.0. Either way the whole chart was lost ("A graphicFrame
shape could not be drawn")."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pptx import Presentation
from pptx.chart.data import BubbleChartData, CategoryChartData
from pptx.enum.chart import XL_CHART_TYPE
from pptx.oxml import parse_xml
from pptx.oxml.ns import nsdecls, qn
from pptx.util import Emu
from render_support import convert, page_text


def _sales_chart(prs: Any, kind: Any, values: tuple[float, ...], data: CategoryChartData | None = None) -> Any:
    """A chart of one series "Sales" over North, South and East on a new blank slide, 8 x 6 in."""
    data = data or CategoryChartData()
    data.categories = ["North", "South", "East"]
    data.add_series("Sales", values)
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    return slide.shapes.add_chart(kind, Emu(457200), Emu(457200), Emu(7315200), Emu(5486400), data).chart


def _converted_chart_text(prs: Any, tmp_path: Path) -> str:
    """The page's text once ``prs`` is converted, checked to hold the chart's categories and no
    warning that the chart could not be drawn."""
    pdf, result = convert(prs, tmp_path)
    text = page_text(pdf)
    assert all(name in text for name in ("North", "South", "East")), text
    assert not [w for w in result.warnings if "could not be drawn" in w], result.warnings
    return text


@pytest.mark.parametrize(
    ("value", "number_format", "shown"),
    # "?/8": 1e308 in eighths overflows (found by the sixth fuzz round: Decimal raised).
    [(1e308, "0%", None), (5e-324, "0.00E+00", "5.00E-324"), (-1e308, "0.0%", None), (1e308, "?/8", None)],
)
def test_a_value_at_the_end_of_the_float_range_keeps_the_chart(
    tmp_path: Path, value: float, number_format: str, shown: str | None
) -> None:
    prs = Presentation()
    chart = _sales_chart(
        prs, XL_CHART_TYPE.COLUMN_CLUSTERED, (0.25, value, 0.5), CategoryChartData(number_format=number_format)
    )
    plot = chart.plots[0]
    plot.has_data_labels = True
    plot.data_labels.number_format = number_format
    plot.data_labels.number_format_is_linked = False
    text = _converted_chart_text(prs, tmp_path)
    if shown is not None:
        assert shown in text


@pytest.mark.parametrize(("value", "base"), [(1e308, 2), (1e308, 1000), (5e-324, 10), (1e-300, 1000)])
def test_a_log_axis_over_a_value_at_the_end_of_the_float_range_keeps_the_chart(
    tmp_path: Path, value: float, base: int
) -> None:
    # Found by the mutation fuzzer: the log axis' bounds are whole powers of its base, and the
    # power above 1e308 (2**1024, 1000**103) overflowed, the one below 5e-324 was 0.0.
    prs = Presentation()
    chart = _sales_chart(prs, XL_CHART_TYPE.COLUMN_CLUSTERED, (3.0, value, 40.0))
    scaling = chart.value_axis._element.scaling
    scaling.insert(0, scaling.makeelement(qn("c:logBase"), {"val": str(base)}))
    _converted_chart_text(prs, tmp_path)


@pytest.mark.parametrize("box", [("0", "0", "1e308", "0.8"), ("0", "0", "0.8", "1e308"), ("1e308", "0", "0.5", "0.5")])
def test_a_plot_layout_beyond_the_float_range_is_laid_out_automatically(
    tmp_path: Path, box: tuple[str, str, str, str]
) -> None:
    # Found by the mutation fuzzer: a manual plot 1e308 charts wide is infinitely many points
    # wide, and the value axis' interval count (int of its length over the text size) raised.
    prs = Presentation()
    chart = _sales_chart(prs, XL_CHART_TYPE.BAR_CLUSTERED, (3.0, 20.0, 40.0))
    plot_area = chart._chartSpace.chart.plotArea
    x, y, w, h = box
    plot_area.insert(
        0,
        parse_xml(
            f'<c:layout {nsdecls("c")}><c:manualLayout><c:layoutTarget val="inner"/><c:xMode val="edge"/>'
            f'<c:yMode val="edge"/><c:x val="{x}"/><c:y val="{y}"/><c:w val="{w}"/><c:h val="{h}"/>'
            "</c:manualLayout></c:layout>"
        ),
    )
    pdf, result = convert(prs, tmp_path)
    words = page_text(pdf).split()
    assert not [w for w in result.warnings if "could not be drawn" in w], result.warnings
    assert all(name in words for name in ("North", "South", "East", "0", "40")), words


def test_a_minor_unit_too_small_for_the_span_keeps_the_chart(tmp_path: Path) -> None:
    # Found by the mutation fuzzer (sixth round): minorUnit 1e-300 on an axis up to 1e9 makes the
    # minor tick count infinite, and its floor raised OverflowError: the chart was lost.
    prs = Presentation()
    chart = _sales_chart(prs, XL_CHART_TYPE.COLUMN_CLUSTERED, (3.0, 1e9, 40.0))
    axis = chart.value_axis
    axis.has_minor_gridlines = True
    ax = axis._element
    ax.append(parse_xml(f'<c:minorUnit {nsdecls("c")} val="1e-300"/>'))
    _converted_chart_text(prs, tmp_path)


def test_a_value_axis_from_minus_to_plus_1e308_keeps_the_chart(tmp_path: Path) -> None:
    # Found by the mutation fuzzer (sixth round): values of -1e300 and 1e300 with a major unit of
    # 1e308 put the axis' bounds a step either side, at -1e308 and 1e308; their span is past the
    # doubles and the tick count's floor raised OverflowError.
    prs = Presentation()
    chart = _sales_chart(prs, XL_CHART_TYPE.LINE_MARKERS, (-1e300, 20.0, 1e300))
    chart.value_axis._element.append(parse_xml(f'<c:majorUnit {nsdecls("c")} val="1e308"/>'))
    _converted_chart_text(prs, tmp_path)


def test_a_log_axis_over_bubbles_near_the_double_limit_keeps_the_chart(tmp_path: Path) -> None:
    # Found by the mutation fuzzer (sixth round): room for the bubbles around y values of +-1e308
    # reaches past the doubles, and the log axis' top power (the ceil of log(inf)) raised.
    prs = Presentation()
    data = BubbleChartData()
    series = data.add_series("Sales")
    for x, y, size in ((1.0, -1e308, 5.0), (2.0, 1e308, 10.0), (3.0, 40.0, 2.0)):
        series.add_data_point(x, y, size)
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    chart = slide.shapes.add_chart(
        XL_CHART_TYPE.BUBBLE, Emu(457200), Emu(457200), Emu(7315200), Emu(5486400), data
    ).chart
    scaling = chart.value_axis._element.scaling
    scaling.insert(0, scaling.makeelement(qn("c:logBase"), {"val": "10"}))
    pdf, result = convert(prs, tmp_path)
    assert not [w for w in result.warnings if "could not be drawn" in w], result.warnings
    assert "Sales" in page_text(pdf)  # the legend
