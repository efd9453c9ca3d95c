"""Negative values in pies and doughnuts: Office draws a slice for the value's size (its absolute
value) and labels it with the signed value, as LibreOffice does."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE
from pptx.util import Emu
from render_support import convert, page_text, render_page

X, Y, W, H = 36.0, 36.0, 576.0, 432.0  # the chart frame, points
SCALE = 2.0


def _page(tmp_path: Path, kind: XL_CHART_TYPE, values: tuple[float, ...]) -> tuple[np.ndarray, str]:
    """A legend-less chart of red and blue slices from 12 o'clock with value labels: its page's
    pixels and text."""
    data = CategoryChartData()
    data.categories = [f"C{i}" for i in range(len(values))]
    data.add_series("S", values)
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    chart = slide.shapes.add_chart(kind, Emu(int(X * 12700)), Emu(int(Y * 12700)),
                                   Emu(int(W * 12700)), Emu(int(H * 12700)), data).chart  # fmt: skip
    chart.has_legend = False
    chart.has_title = False
    plot = chart.plots[0]
    for point, rgb in zip(plot.series[0].points, ("FF0000", "0000FF"), strict=False):
        point.format.fill.solid()
        point.format.fill.fore_color.rgb = RGBColor.from_string(rgb)
    plot.has_data_labels = True
    plot.data_labels.show_value = True
    pdf, _ = convert(prs, tmp_path, "pie")
    return np.asarray(render_page(pdf, dpi=72.0 * SCALE)).astype(int), page_text(pdf)


def _colour(img: np.ndarray, dx: float, dy: float) -> str:
    """The colour name at (dx, dy) points from the chart's centre."""
    r, g, b = img[int((Y + H / 2 + dy) * SCALE), int((X + W / 2 + dx) * SCALE)]
    return "red" if r > 200 and g < 80 and b < 80 else "blue" if b > 200 and r < 80 and g < 80 else "other"


@pytest.mark.parametrize("kind", [XL_CHART_TYPE.PIE, XL_CHART_TYPE.DOUGHNUT])
def test_a_negative_value_draws_its_size_and_keeps_its_sign(qapp: object, tmp_path: Path, kind: XL_CHART_TYPE) -> None:
    # -1 and 3: a quarter from 12 to 3 o'clock in red, the rest in blue.
    img, text = _page(tmp_path, kind, (-1.0, 3.0))
    r = 120.0  # inside the pie's rim, outside a doughnut's hole
    assert _colour(img, r * 0.7, -r * 0.7) == "red"  # half past one
    assert _colour(img, -r * 0.7, r * 0.7) == "blue"  # half past seven
    assert _colour(img, r * 0.7, r * 0.7) == "blue"  # half past four
    assert "-1" in text and "3" in text


def test_an_all_negative_pie_is_drawn(qapp: object, tmp_path: Path) -> None:
    img, text = _page(tmp_path, XL_CHART_TYPE.PIE, (-3.0, -1.0))
    assert _colour(img, 80.0, 0.0) == "red"  # three quarters from 12 o'clock
    assert _colour(img, -60.0, -60.0) == "blue"  # the last quarter
    assert "-3" in text and "-1" in text
