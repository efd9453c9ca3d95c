"""The top-down order of a side legend's entries, read from the rendered PDF's text positions."""

from __future__ import annotations

from pathlib import Path

import pytest
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
from pptx.util import Emu, Pt
from pypdf import PdfReader

from worker.engines.base import ConvertOptions, never_cancelled, no_progress
from worker.engines.builtin import BuiltinEngine

NAMES = ["Alpha", "Bravo", "Charlie"]


def _legend_order(
    tmp_path: Path, kind: XL_CHART_TYPE, position: XL_LEGEND_POSITION, reverse: bool = False
) -> list[str]:
    data = CategoryChartData()
    data.categories = ["Q1", "Q2"]
    for i, name in enumerate(NAMES):
        data.add_series(name, (1.0 + i, 2.0 + i))
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    chart = slide.shapes.add_chart(kind, Emu(457200), Emu(457200), Emu(7315200), Emu(5486400), data).chart
    chart.font.size = Pt(14)
    chart.has_legend = True
    chart.legend.position = position
    chart.legend.include_in_layout = False
    chart.category_axis.reverse_order = reverse
    deck = tmp_path / "legend.pptx"
    prs.save(str(deck))
    pdf = tmp_path / "legend.pdf"
    BuiltinEngine().convert(deck, pdf, ConvertOptions(), no_progress, never_cancelled)
    at: dict[str, tuple[float, float]] = {}

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: object) -> None:
        word = text.strip()
        if word in NAMES:
            at[word] = (cm[4] + tm[4], cm[5])  # each text run is placed by its own cm

    PdfReader(pdf).pages[0].extract_text(visitor_text=visit)
    assert set(at) == set(NAMES)
    # Reading order: top row first (PDF y grows upwards), then left to right.
    return sorted(at, key=lambda name: (-round(at[name][1]), at[name][0]))


@pytest.mark.parametrize(
    ("kind", "reverse", "order"),
    [
        (XL_CHART_TYPE.COLUMN_CLUSTERED, False, NAMES),
        # Stacked upwards: series 1 at the bottom of the stack, so at the bottom of the legend.
        (XL_CHART_TYPE.COLUMN_STACKED, False, NAMES[::-1]),
        (XL_CHART_TYPE.AREA_STACKED, False, NAMES[::-1]),
        # Horizontal bars: series 1 is the lowest bar of each cluster ...
        (XL_CHART_TYPE.BAR_CLUSTERED, False, NAMES[::-1]),
        # ... and the highest once the categories run in reverse order.
        (XL_CHART_TYPE.BAR_CLUSTERED, True, NAMES),
    ],
)
def test_side_legend_lists_series_as_the_plot_shows_them(
    qapp: object, tmp_path: Path, kind: XL_CHART_TYPE, reverse: bool, order: list[str]
) -> None:
    assert _legend_order(tmp_path, kind, XL_LEGEND_POSITION.RIGHT, reverse) == order


def test_a_legend_below_the_plot_keeps_series_order(qapp: object, tmp_path: Path) -> None:
    # One row, left to right in series order.
    assert _legend_order(tmp_path, XL_CHART_TYPE.COLUMN_STACKED, XL_LEGEND_POSITION.BOTTOM) == NAMES
