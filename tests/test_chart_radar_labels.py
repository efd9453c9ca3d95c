"""Radar charts draw their series' data labels."""

from __future__ import annotations

from pathlib import Path

import pytest
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.enum.chart import XL_CHART_TYPE
from pptx.util import Emu
from pypdf import PdfReader

from worker.engines.base import ConvertOptions, never_cancelled, no_progress
from worker.engines.builtin import BuiltinEngine


@pytest.mark.parametrize("kind", [XL_CHART_TYPE.RADAR, XL_CHART_TYPE.RADAR_MARKERS, XL_CHART_TYPE.RADAR_FILLED])
def test_radar_value_labels_are_on_the_page(qapp: object, tmp_path: Path, kind: XL_CHART_TYPE) -> None:
    data = CategoryChartData()
    data.categories = ["North", "East", "South", "West"]
    data.add_series("S", (7.5, 3.25, 5.125, 4.75))
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    chart = slide.shapes.add_chart(kind, Emu(457200), Emu(457200), Emu(7315200), Emu(5486400), data).chart
    plot = chart.plots[0]
    plot.has_data_labels = True
    plot.data_labels.show_value = True
    deck = tmp_path / "radar.pptx"
    prs.save(str(deck))
    pdf = tmp_path / "radar.pdf"
    BuiltinEngine().convert(deck, pdf, ConvertOptions(), no_progress, never_cancelled)
    words = (PdfReader(pdf).pages[0].extract_text() or "").split()
    for label in ("7.5", "3.25", "5.125", "4.75"):
        assert label in words
