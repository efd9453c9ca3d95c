"""A chart whose plot fails part way leaves the painter's saved states balanced. The plot's clip
was saved without a matching restore on the way out, so after a failing series (a cached 1e308
shown as a percentage raised, found by the mutation fuzzer) the page ended with a state still
saved and Qt warned "QPainter::end: Painter ended with 1 saved states" (pytest-qt fails the test
on it). The shapes after the chart are still drawn in their own places."""

from __future__ import annotations

from pathlib import Path

import pytest
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE
from pptx.enum.shapes import MSO_SHAPE
from pptx.util import Emu
from render_support import close, convert, pixel, render_page

from worker.render import charts

GREEN = (20, 160, 60)


def test_a_shape_after_a_failing_chart_is_drawn_in_its_place(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def failing(*_args: object) -> list[object]:
        raise ValueError("a series that cannot be drawn")

    monkeypatch.setattr(charts, "paint_bars", failing)
    data = CategoryChartData()
    data.categories = ["A", "B"]
    data.add_series("S", (1.0, 2.0))
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    # The chart at the top left (36..288 x 36..216 pt), then a green box at the bottom right.
    slide.shapes.add_chart(XL_CHART_TYPE.COLUMN_CLUSTERED, Emu(457200), Emu(457200), Emu(3200400), Emu(2286000), data)
    box = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, Emu(5486400), Emu(4114800), Emu(1828800), Emu(1371600))
    box.fill.solid()
    box.fill.fore_color.rgb = RGBColor(*GREEN)
    box.line.fill.background()
    pdf, result = convert(prs, tmp_path)
    assert any("could not be drawn" in w for w in result.warnings), result.warnings
    page = render_page(pdf)
    assert close(pixel(page, 504, 378), GREEN, 12), pixel(page, 504, 378)  # the box's centre
