"""Value axes with display units (c:dispUnits): tick labels divided, the units label shown."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.enum.chart import XL_CHART_TYPE
from pptx.util import Emu
from pypdf import PdfReader

from worker.engines.base import ConvertOptions, never_cancelled, no_progress
from worker.engines.builtin import BuiltinEngine

C = "http://schemas.openxmlformats.org/drawingml/2006/chart"


def _words(tmp_path: Path, units: str) -> list[str]:
    data = CategoryChartData()
    data.categories = ["Q1", "Q2", "Q3"]
    data.add_series("Revenue", (12000.0, 25000.0, 31000.0))
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    chart = slide.shapes.add_chart(XL_CHART_TYPE.COLUMN_CLUSTERED, Emu(457200), Emu(457200), Emu(7315200),
                                   Emu(5486400), data).chart  # fmt: skip
    chart.has_legend = False
    chart.has_title = False
    chart.value_axis.maximum_scale = 35000.0
    chart.value_axis.major_unit = 5000.0
    chart.value_axis._element.append(etree.fromstring(f'<c:dispUnits xmlns:c="{C}">{units}</c:dispUnits>'))
    deck = tmp_path / "units.pptx"
    prs.save(str(deck))
    pdf = tmp_path / "units.pdf"
    BuiltinEngine().convert(deck, pdf, ConvertOptions(), no_progress, never_cancelled)
    return (PdfReader(pdf).pages[0].extract_text() or "").split()


@pytest.mark.parametrize(
    ("units", "label", "top"),
    [
        ('<c:builtInUnit val="thousands"/><c:dispUnitsLbl/>', "Thousands", "35"),
        ('<c:builtInUnit val="thousands"/>', None, "35"),
        ('<c:custUnit val="100"/><c:dispUnitsLbl/>', "x", "350"),
    ],
)
def test_tick_labels_show_values_in_the_display_unit(
    qapp: object, tmp_path: Path, units: str, label: str | None, top: str
) -> None:
    words = _words(tmp_path, units)
    assert top in words and "35000" not in words
    assert "5" in words or "50" in words
    if label is not None:
        assert label in words
    else:
        assert "Thousands" not in words
