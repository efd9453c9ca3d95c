"""Automatic value-axis limits and minor ticks, checked on rendered charts (PDF text and pixels)."""

from __future__ import annotations

from pathlib import Path

import pypdf
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.enum.chart import XL_CHART_TYPE
from pptx.util import Emu, Pt

from worker.engines.base import ConvertOptions, never_cancelled, no_progress
from worker.engines.builtin import BuiltinEngine
from worker.render.charts.scale import auto_scale

X, Y, W, H = 36.0, 36.0, 576.0, 432.0  # the chart frame, points


def _column_chart(values: list[float]) -> tuple[Presentation, object]:  # type: ignore[valid-type]
    data = CategoryChartData()
    data.categories = [f"C{i}" for i in range(len(values))]
    data.add_series("S", values)
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    frame = slide.shapes.add_chart(XL_CHART_TYPE.COLUMN_CLUSTERED, Emu(int(X * 12700)), Emu(int(Y * 12700)),
                                   Emu(int(W * 12700)), Emu(int(H * 12700)), data)  # fmt: skip
    chart = frame.chart
    chart.has_legend = False
    chart.has_title = False
    chart.font.size = Pt(12)
    return prs, chart


def _convert(prs: Presentation, tmp_path: Path) -> Path:  # type: ignore[valid-type]
    deck = tmp_path / "chart.pptx"
    prs.save(str(deck))  # type: ignore[attr-defined]
    out = tmp_path / "chart.pdf"
    BuiltinEngine().convert(deck, out, ConvertOptions(), no_progress, never_cancelled)
    return out


def _numbers(pdf: Path) -> list[float]:
    out = []
    for word in pypdf.PdfReader(str(pdf)).pages[0].extract_text().split():
        try:
            out.append(float(word.replace("\u2212", "-")))
        except ValueError:
            continue
    return out


def test_negative_data_get_five_percent_of_the_span_below_them() -> None:
    # yMin - 0.05 * (yMax - yMin) = -3.35: the first major unit at or below it is -4.
    assert auto_scale(-3.0, 4.0, max_ticks=11).minimum == -4.0
    # All-negative data: zero on top, the pad below (-10 - 0.5 -> -12 with a unit of 2).
    scale = auto_scale(-10.0, -2.0, max_ticks=8)
    assert scale.maximum == 0.0 and scale.minimum == -12.0
    # Positive data keep their zero base, a fixed major unit keeps the bare data minimum.
    assert auto_scale(1.0, 4.0, max_ticks=11).minimum == 0.0
    assert auto_scale(-3.0, 4.0, major=1.0).minimum == -3.0


def test_rendered_axis_reaches_one_unit_below_the_lowest_negative_value(qapp: object, tmp_path: Path) -> None:
    prs, _chart = _column_chart([4.0, -3.0, 2.0, -1.0])
    labels = _numbers(_convert(prs, tmp_path))
    assert min(labels) == -4.0
    assert max(labels) == 5.0
