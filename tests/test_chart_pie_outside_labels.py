"""Pie data labels at outside end: the pie shrinks so that its labels fit in the chart frame."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pypdfium2
import pytest
from lxml import etree
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION
from pptx.util import Emu, Pt
from pypdf import PdfReader

from worker.engines.base import ConvertOptions, never_cancelled, no_progress
from worker.engines.builtin import BuiltinEngine

X, Y, W, H = 36.0, 36.0, 576.0, 432.0  # the chart frame, points
PAGE_H = 540.0  # python-pptx's default 4:3 slide, points
SCALE = 2.0
LABELS = ["Rent, 35", "Food, 25", "Travel, 15", "Savings, 15", "Other, 10"]


def _pie(tmp_path: Path, position: XL_LABEL_POSITION) -> Path:
    data = CategoryChartData()
    data.categories = ["Rent", "Food", "Travel", "Savings", "Other"]
    data.add_series("Budget", (35.0, 25.0, 15.0, 15.0, 10.0))
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    frame = slide.shapes.add_chart(XL_CHART_TYPE.PIE, Emu(int(X * 12700)), Emu(int(Y * 12700)),
                                   Emu(int(W * 12700)), Emu(int(H * 12700)), data)  # fmt: skip
    chart = frame.chart
    chart.has_legend = False
    chart.has_title = False
    chart.font.size = Pt(16)
    chart.plots[0].vary_by_categories = False
    fill = chart.series[0].format.fill
    fill.solid()
    fill.fore_color.rgb = RGBColor(0xFF, 0x00, 0x00)
    chart.plots[0].has_data_labels = True
    labels = chart.plots[0].data_labels
    labels.show_category_name = True
    labels.show_value = True
    labels.position = position
    deck = tmp_path / "pie.pptx"
    prs.save(str(deck))
    out = tmp_path / "pie.pdf"
    BuiltinEngine().convert(deck, out, ConvertOptions(), no_progress, never_cancelled)
    return out


def _label_starts(pdf: Path) -> dict[str, tuple[float, float]]:
    """Where each label's text starts, in points from the page's top-left."""
    found: dict[str, tuple[float, float]] = {}

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: object) -> None:
        words = " ".join(text.split())
        if words in LABELS:
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            found[words] = (x, PAGE_H - y)

    PdfReader(pdf).pages[0].extract_text(visitor_text=visit)
    return found


def _disc(pdf: Path) -> tuple[float, float, float]:
    """Centre and radius of the red pie, points."""
    image = pypdfium2.PdfDocument(str(pdf))[0].render(scale=SCALE).to_pil().convert("RGB")
    img = np.asarray(image).astype(int)
    red = (img[:, :, 0] > 200) & (img[:, :, 1] < 60) & (img[:, :, 2] < 60)
    ys, xs = np.nonzero(red)
    cx, cy = (xs.min() + xs.max()) / 2 / SCALE, (ys.min() + ys.max()) / 2 / SCALE
    return cx, cy, (xs.max() - xs.min()) / 2 / SCALE


def test_outside_end_labels_fit_in_the_frame_beside_a_smaller_pie(qapp: object, tmp_path: Path) -> None:
    pdf = _pie(tmp_path, XL_LABEL_POSITION.OUTSIDE_END)
    starts = _label_starts(pdf)
    assert set(starts) == set(LABELS)
    cx, cy, r = _disc(pdf)
    for text, (x, y) in starts.items():
        # Every label lies inside the chart frame (its baseline above the bottom, its start right of
        # the left edge) and outside the pie.
        assert x >= X and Y + 8 <= y <= Y + H, text
        assert math.hypot(x - cx, y - cy) > r, text
    # The first slice (0-126 degrees clockwise from 12 o'clock) has its label start just past the
    # rim on its bisector, 63 degrees.
    rent_x, _ = starts["Rent, 35"]
    reach = (rent_x - cx) / math.sin(math.radians(63.0))
    assert r < reach < r + 10
    # The pie gave its labels room: the label below it takes a line (16 pt text) off its diameter.
    inside = tmp_path / "inside"
    inside.mkdir()
    full = _disc(_pie(inside, XL_LABEL_POSITION.CENTER))[2]
    assert r < full - 8.0


def test_a_manual_inner_plot_area_keeps_the_pie_at_its_size(qapp: object, tmp_path: Path) -> None:
    c = "http://schemas.openxmlformats.org/drawingml/2006/chart"
    pdf = _pie(tmp_path, XL_LABEL_POSITION.OUTSIDE_END)
    deck = tmp_path / "pie.pptx"
    prs = Presentation(str(deck))
    chart = prs.slides[0].shapes[0].chart
    plot_area = chart._chartSpace.find(f".//{{{c}}}plotArea")
    layout = etree.fromstring(
        f'<c:layout xmlns:c="{c}"><c:manualLayout><c:layoutTarget val="inner"/><c:xMode val="edge"/>'
        '<c:yMode val="edge"/><c:x val="0.25"/><c:y val="0.1"/><c:w val="0.5"/><c:h val="0.8"/>'
        "</c:manualLayout></c:layout>"
    )
    old = plot_area.find(f"{{{c}}}layout")
    if old is not None:
        plot_area.remove(old)
    plot_area.insert(0, layout)
    prs.save(str(deck))
    BuiltinEngine().convert(deck, pdf, ConvertOptions(), no_progress, never_cancelled)
    # The inner plot area is 0.5 W x 0.8 H: the pie's diameter is its smaller side, 0.5 W = 288 pt.
    assert _disc(pdf)[2] * 2 == pytest.approx(0.5 * W, abs=2.0)
