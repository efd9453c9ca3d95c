"""A doughnut's series as concentric rings, checked on the rendered page."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pypdfium2
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE
from pptx.util import Emu

from worker.engines.base import ConvertOptions, never_cancelled, no_progress
from worker.engines.builtin import BuiltinEngine

X, Y, W, H = 36.0, 36.0, 576.0, 432.0  # the chart frame, points
SCALE = 2.0


def test_the_first_series_is_the_innermost_ring(qapp: object, tmp_path: Path) -> None:
    data = CategoryChartData()
    data.categories = ["Only"]
    data.add_series("Inner", (1.0,))
    data.add_series("Outer", (1.0,))
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    chart = slide.shapes.add_chart(XL_CHART_TYPE.DOUGHNUT, Emu(int(X * 12700)), Emu(int(Y * 12700)),
                                   Emu(int(W * 12700)), Emu(int(H * 12700)), data).chart  # fmt: skip
    chart.has_legend = False
    chart.has_title = False
    chart.plots[0].vary_by_categories = False
    for series, rgb in zip(chart.series, ("FF0000", "0000FF"), strict=True):
        series.format.fill.solid()
        series.format.fill.fore_color.rgb = RGBColor.from_string(rgb)
    deck = tmp_path / "doughnut.pptx"
    prs.save(str(deck))
    pdf = tmp_path / "doughnut.pdf"
    BuiltinEngine().convert(deck, pdf, ConvertOptions(), no_progress, never_cancelled)
    img = np.asarray(pypdfium2.PdfDocument(str(pdf))[0].render(scale=SCALE).to_pil().convert("RGB")).astype(int)
    # Walk up from the chart's centre: hole (white), then the first series, then the second.
    cx, cy = int((X + W / 2) * SCALE), int((Y + H / 2) * SCALE)
    seen: list[str] = []
    for y in range(cy, int(Y * SCALE), -1):
        r, g, b = img[y, cx]
        name = "red" if r > 200 and g < 60 and b < 60 else "blue" if b > 200 and r < 60 and g < 60 else None
        if name and (not seen or seen[-1] != name):
            seen.append(name)
    assert seen == ["red", "blue"]
