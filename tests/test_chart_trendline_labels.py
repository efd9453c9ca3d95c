"""Trendline labels (c:dispEq, c:dispRSqr, c:trendlineLbl): Excel's equation and R² text, in its
compact General (six characters a number) or the label's own number format, placed near the
curve's right end inside the plot, or where a manual layout moves it."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
from lxml import etree
from pptx import Presentation
from pptx.chart.data import XyChartData
from pptx.enum.chart import XL_CHART_TYPE
from pptx.util import Emu, Pt
from render_support import convert, page_text, text_box

C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
LEFT, TOP, WIDTH, HEIGHT = 36.0, 36.0, 576.0, 432.0  # the chart frame, pt


def _deck(points: list[tuple[float, float]], trend_xml: str, folder: Path, y_max: float) -> Path:
    data = XyChartData()
    series = data.add_series("S")
    for x, y in points:
        series.add_data_point(x, y)
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    frame = (Emu(int(v * 12700)) for v in (LEFT, TOP, WIDTH, HEIGHT))
    chart = slide.shapes.add_chart(XL_CHART_TYPE.XY_SCATTER, *frame, data).chart
    chart.has_legend = False
    chart.has_title = False
    chart.font.size = Pt(12)
    value_axis = chart.value_axis
    value_axis.minimum_scale, value_axis.maximum_scale, value_axis.major_unit = 0.0, y_max, y_max / 4.0
    value_axis.tick_labels.number_format, value_axis.tick_labels.number_format_is_linked = '"y"0', False
    x_axis = chart.category_axis
    x_axis.minimum_scale, x_axis.maximum_scale, x_axis.major_unit = 0.0, 8.0, 1.0
    x_axis.tick_labels.number_format, x_axis.tick_labels.number_format_is_linked = '"x"0', False
    trend = etree.fromstring(f'<c:trendline xmlns:c="{C}" xmlns:a="{A}">{trend_xml}</c:trendline>')
    chart._chartSpace.find(f".//{{{C}}}ser/{{{C}}}xVal").addprevious(trend)
    return convert(prs, folder, "trend")[0]


def _centre(pdf: Path, text: str) -> tuple[float, float]:
    box = text_box(pdf, text)
    assert box is not None, text
    return (box[0] + box[2]) / 2.0, (box[1] + box[3]) / 2.0


def _char_after(pdf: Path, needle: str) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """Boxes (left, bottom, right, top in PDF points, y up) of the first two characters after
    ``needle`` that are not white space (a raised run is a text line of its own)."""
    doc = pdfium.PdfDocument(str(pdf))
    try:
        textpage = doc[0].get_textpage()
        found = textpage.search(needle).get_next()
        assert found is not None, needle
        index = found[0] + found[1]
        boxes: list[tuple[float, ...]] = []
        while len(boxes) < 2 and index < textpage.count_chars():
            if textpage.get_text_range(index, 1).strip():
                boxes.append(tuple(textpage.get_charbox(index)))
            index += 1
        return boxes[0], boxes[1]
    finally:
        doc.close()


def test_linear_equation_and_r_squared_sit_left_of_the_line_end_inside_the_plot(tmp_path: Path) -> None:
    points = [(x, 2.0 * x + 1.0) for x in (1.0, 2.0, 3.0, 4.0, 5.0)]  # y = 2x + 1 exactly
    pdf = _deck(points, '<c:trendlineType val="linear"/><c:dispRSqr val="1"/><c:dispEq val="1"/>', tmp_path, 20.0)
    text = page_text(pdf)
    assert "y = 2x + 1" in text and "R² = 1" in text
    eq, r2 = text_box(pdf, "y = 2x + 1"), text_box(pdf, "R² = 1")
    assert eq is not None and r2 is not None
    assert r2[1] > eq[3] - 1.0, "R² is the second line"
    # The plot spans the x0 .. x8 labels' centres; the curve ends at x = 5, y = 11.
    x0, x8 = _centre(pdf, "x0")[0], _centre(pdf, "x8")[0]
    y0, y20 = _centre(pdf, "y0")[1], _centre(pdf, "y20")[1]
    end_y = y0 + (y20 - y0) * 11.0 / 20.0
    # Office: the block's right edge at three quarters of the plot, its bottom a quarter line
    # below the curve's end (the two lines centred in the block).
    right = x0 + (x8 - x0) * 0.75
    assert abs(max(eq[2], r2[2]) - right) < 3.0
    assert abs((eq[0] + eq[2]) / 2.0 - (r2[0] + r2[2]) / 2.0) < 1.0
    assert end_y - 2.0 < r2[3] < end_y + 8.0


def test_numbers_are_compact_general_unless_the_label_has_a_number_format(tmp_path: Path) -> None:
    # y = 533371.4x - 2612345.6: six digits fit, the intercept turns to E notation.
    points = [(x, 533371.4 * x - 2612345.6) for x in (1.0, 2.0, 3.0, 7.0)]
    pdf = _deck(points, '<c:trendlineType val="linear"/><c:dispRSqr val="0"/><c:dispEq val="1"/>', tmp_path, 2e6)
    assert "y = 533371x - 3E+06" in page_text(pdf)
    label = '<c:trendlineLbl><c:numFmt formatCode="0.000" sourceLinked="0"/></c:trendlineLbl>'  # its own format
    points = [(x, 0.5 * x * x - 2.0 * x + 3.0) for x in (1.0, 2.0, 3.0, 4.0, 5.0, 6.0)]
    pdf = _deck(points, f'<c:trendlineType val="poly"/><c:order val="2"/><c:dispRSqr val="1"/><c:dispEq val="1"/>'
                f"{label}", tmp_path, 20.0)  # fmt: skip
    text = page_text(pdf)
    assert "R² = 1.000" in text
    # x² is an x and a raised, smaller 2.
    assert "y = 0.500x" in text and "- 2.000x + 3.000" in text
    x_box, two_box = _char_after(pdf, "0.500")
    assert two_box[1] > x_box[1] + 2.0, "the exponent's foot is above the x's"
    assert two_box[0] >= x_box[2] - 0.5, "right after it"
    assert two_box[3] - two_box[1] < 7.0, "a 12 pt digit is 8.5 pt tall, two thirds of it less than 7"


def test_a_manual_layout_moves_the_label_by_fractions_of_the_chart(tmp_path: Path) -> None:
    points = [(x, 2.0 * x + 1.0) for x in (1.0, 2.0, 3.0, 4.0, 5.0)]
    trend = '<c:trendlineType val="linear"/><c:dispRSqr val="0"/><c:dispEq val="1"/>'
    auto = text_box(_deck(points, trend, tmp_path, 20.0), "y = 2x + 1")
    moved = trend + '<c:trendlineLbl><c:layout><c:manualLayout><c:x val="-0.25"/><c:y val="0.1"/>' \
        "</c:manualLayout></c:layout></c:trendlineLbl>"  # fmt: skip
    box = text_box(_deck(points, moved, tmp_path, 20.0), "y = 2x + 1")
    assert auto is not None and box is not None
    assert abs((box[0] - auto[0]) - (-0.25 * WIDTH)) < 1.0
    assert abs((box[1] - auto[1]) - 0.1 * HEIGHT) < 1.0


def test_points_whose_squares_overflow_get_no_trendline_but_keep_their_chart(tmp_path: Path) -> None:
    # Squares of 1e200 (R²'s sums) and x^12 of 1e100 (an order-6 fit) overflow a double: Excel fits
    # nothing there; the chart itself, its axes and points, is still drawn.
    huge_y = [(x, y * 1e200) for x, y in ((1.0, 1.0), (2.0, 3.0), (3.0, 2.0))]
    pdf = _deck(huge_y, '<c:trendlineType val="linear"/><c:dispRSqr val="1"/><c:dispEq val="1"/>', tmp_path, 4e200)
    text = page_text(pdf)
    assert "x8" in text and "R²" not in text
    huge_x = [(x * 1e100, x) for x in (1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0)]
    trend = '<c:trendlineType val="poly"/><c:order val="6"/><c:dispRSqr val="1"/><c:dispEq val="1"/>'
    text = page_text(_deck(huge_x, trend, tmp_path, 8.0))
    assert "y8" in text and "R²" not in text
