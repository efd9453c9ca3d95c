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


def _doughnut_page(tmp_path: Path, series: list[tuple[str, tuple[float, ...]]], explosion: int) -> np.ndarray:
    """A legend-less doughnut of four equal slices from 12 o'clock, every series exploded by
    ``explosion`` percent (c:explosion, as XL_CHART_TYPE.DOUGHNUT_EXPLODED writes it)."""
    data = CategoryChartData()
    data.categories = ["A", "B", "C", "D"]
    for name, values in series:
        data.add_series(name, values)
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    chart = slide.shapes.add_chart(XL_CHART_TYPE.DOUGHNUT_EXPLODED, Emu(int(X * 12700)), Emu(int(Y * 12700)),
                                   Emu(int(W * 12700)), Emu(int(H * 12700)), data).chart  # fmt: skip
    chart.has_legend = False
    chart.has_title = False
    for el in chart.plots[0]._element.iter("{http://schemas.openxmlformats.org/drawingml/2006/chart}explosion"):
        el.set("val", str(explosion))
    deck = tmp_path / "exploded.pptx"
    prs.save(str(deck))
    pdf = tmp_path / "exploded.pdf"
    BuiltinEngine().convert(deck, pdf, ConvertOptions(), no_progress, never_cancelled)
    return np.asarray(pypdfium2.PdfDocument(str(pdf))[0].render(scale=SCALE).to_pil().convert("RGB")).astype(int)


def _coloured_along_3_oclock(img: np.ndarray) -> list[int]:
    """Offsets from the chart's centre, rightwards, of the non-white pixels on the 3 o'clock ray:
    the border between the first and second slices."""
    cx, cy = int((X + W / 2) * SCALE), int((Y + H / 2) * SCALE)
    return [dx for dx in range(int(H / 2 * SCALE)) if img[cy, cx + dx].min() < 200]


def test_an_exploded_doughnut_pulls_its_slices_apart(qapp: object, tmp_path: Path) -> None:
    # Office moves each slice of an exploded doughnut out along its middle, as on a pie: the
    # border between two slices becomes a white gap through the whole ring.
    assert _coloured_along_3_oclock(_doughnut_page(tmp_path, [("S", (1.0, 1.0, 1.0, 1.0))], 0))
    assert _coloured_along_3_oclock(_doughnut_page(tmp_path, [("S", (1.0, 1.0, 1.0, 1.0))], 25)) == []


def test_only_the_outer_ring_of_a_doughnut_explodes(qapp: object, tmp_path: Path) -> None:
    # Office explodes the outermost ring only; inner rings stay whole whatever their c:explosion.
    img = _doughnut_page(tmp_path, [("Inner", (1.0, 1.0, 1.0, 1.0)), ("Outer", (1.0, 1.0, 1.0, 1.0))], 25)
    coloured = _coloured_along_3_oclock(img)
    assert coloured, "the inner ring crosses the 3 o'clock ray"
    # The inner ring runs unbroken from its hole to its rim; nothing lies beyond it on the ray.
    assert coloured[-1] - coloured[0] + 1 == len(coloured)
