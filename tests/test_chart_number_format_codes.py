"""Number formats report generators put on chart labels (python-pptx's number_format on data
labels and tick labels), shown as Excel shows them: the minus sign ahead of a currency sign,
scientific notation with the code's digits, conditional sections, the accounting format's dash
for zero, and fractions. Checked on the text of the converted page."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE
from pptx.util import Emu
from render_support import blank_slide, convert, new_deck, page_text, render_page

from worker.render.charts.numfmt import format_value

VALUES = (-1250.5, 0.0, 0.25, 98765.432)
ACCOUNTING = '_($* #,##0_);_($* (#,##0);_($* "-"??_);_(@_)'

CASES = [
    ("€#,##0.00", ["-€1,250.50", "€0.00", "€0.25", "€98,765.43"]),
    ('"$"#,##0', ["-$1,251", "$0", "$98,765"]),
    ("0.00E+00", ["-1.25E+03", "0.00E+00", "2.50E-01", "9.88E+04"]),
    ('[<1000]0;0.0,"k"', ["-1251", "98.8k"]),
    ("# ?/?", ["-1250 1/2", "1/4", "98765 3/7"]),
    (ACCOUNTING, ["$(1,251)", "$-", "$0", "$98,765"]),
    ('0.0"%"', ["-1250.5%", "0.0%", "0.3%", "98765.4%"]),  # a quoted % is text: no scaling
]


def _labels_page(tmp_path: Path, code: str) -> str:
    """Page text of a column chart whose data labels carry ``code``; the value axis is hidden
    so only the labels and categories are text."""
    data = CategoryChartData()
    data.categories = ["a", "b", "c", "d"]
    data.add_series("S", VALUES)
    prs = new_deck()
    frame = blank_slide(prs).shapes.add_chart(
        XL_CHART_TYPE.COLUMN_CLUSTERED, Emu(457200), Emu(457200), Emu(8229600), Emu(5943600), data
    )
    chart = frame.chart
    chart.value_axis.visible = False
    plot = chart.plots[0]
    plot.has_data_labels = True
    plot.data_labels.show_value = True
    plot.data_labels.number_format = code
    plot.data_labels.number_format_is_linked = False
    pdf, _ = convert(prs, tmp_path)
    return page_text(pdf)


@pytest.mark.parametrize(("code", "shown"), CASES)
def test_label_number_formats(qapp: object, tmp_path: Path, code: str, shown: list[str]) -> None:
    # Spaces aside (labels on one text line run together in the extracted text).
    text = "".join(_labels_page(tmp_path, code).split())
    for label in shown:
        assert "".join(label.split()) in text, (code, label, text)


@pytest.mark.parametrize(
    ("value", "code", "text"),
    [
        (-5.0, '"$"#,##0.00', "-$5.00"),
        (19.2, '0.0"%"', "19.2%"),
        (19.2, "0.0\\%", "19.2%"),
        (7.0, '"FY2020: "0', "FY2020: 7"),
        (7.5, '"Q1 "0.0" in 2020"', "Q1 7.5 in 2020"),
        (-5.0, "$#,##0", "-$5"),
        (-0.25, "0.0%", "-25.0%"),
        (12345.678, "0.0E+0", "1.2E+4"),
        (0.000123, "0.00E+00", "1.23E-04"),
        (5.0, '[<1000]0;0.0,"k"', "5"),
        (25000.0, '[>=1000]#,##0,"K";0', "25K"),
        (0.0, ACCOUNTING, " $ -   "),
        (0.5, "# ?/?", " 1/2"),
        (2.75, "# ?/4", "2 3/4"),
        (3.0, "# ?/?", "3    "),
        (0.3333, "?/?", "1/3"),
    ],
)
def test_format_codes(value: float, code: str, text: str) -> None:
    # Spaces aside: _x pads by a character's width and * fills a cell's width, which labels lack.
    assert "".join(format_value(value, code).split()) == "".join(text.split())


def test_format_colours_paint_tick_and_data_labels(qapp: object, tmp_path: Path) -> None:
    """ "[Blue]0;[Red]-0" on the data labels and "[Red]0;[Red]-0" on the value axis: Excel draws
    the positive labels blue and the negative ones and every tick label red. The bars are grey so
    only text carries those colours."""
    data = CategoryChartData()
    data.categories = ["a", "b"]
    data.add_series("S", (-40.0, 60.0))
    prs = new_deck()
    chart = (
        blank_slide(prs)
        .shapes.add_chart(XL_CHART_TYPE.COLUMN_CLUSTERED, Emu(457200), Emu(457200), Emu(8229600), Emu(5943600), data)
        .chart
    )
    fill = chart.series[0].format.fill
    fill.solid()
    fill.fore_color.rgb = RGBColor(0x80, 0x80, 0x80)
    chart.value_axis.tick_labels.number_format = "[Red]0;[Red]-0"
    chart.value_axis.tick_labels.number_format_is_linked = False
    plot = chart.plots[0]
    plot.has_data_labels = True
    plot.data_labels.show_value = True
    plot.data_labels.number_format = "[Blue]0;[Red]-0"
    plot.data_labels.number_format_is_linked = False
    pdf, _ = convert(prs, tmp_path)
    img = np.asarray(render_page(pdf, dpi=144)).astype(int)
    red = (img[:, :, 0] > 180) & (img[:, :, 1] < 90) & (img[:, :, 2] < 90)
    blue = (img[:, :, 2] > 180) & (img[:, :, 0] < 90) & (img[:, :, 1] < 90)
    left_axis = red[:, : img.shape[1] // 6]  # the value axis' labels, left of the plot
    assert left_axis.sum() > 100
    assert blue.sum() > 20  # "60"
    assert red[:, img.shape[1] // 6 :].sum() > 20  # "-40" beside its bar
