"""A chart series line with an automatic colour keeps its preset dash pattern."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pypdfium2
import pytest
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.enum.chart import XL_CHART_TYPE
from pptx.enum.dml import MSO_LINE_DASH_STYLE
from pptx.util import Emu, Pt

from worker.engines.base import ConvertOptions, never_cancelled, no_progress
from worker.engines.builtin import BuiltinEngine

SCALE = 4.0
WIDTH = 3.0  # pt


def _runs(tmp_path: Path, dash: MSO_LINE_DASH_STYLE) -> list[float]:
    """Lengths (in line widths) of the drawn pieces along a flat dashed series line."""
    data = CategoryChartData()
    data.categories = ["a", "b", "c", "d"]
    data.add_series("S", (2.0, 2.0, 2.0, 2.0))
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    frame = slide.shapes.add_chart(XL_CHART_TYPE.LINE, Emu(457200), Emu(457200), Emu(7315200), Emu(5486400), data)
    chart = frame.chart
    chart.chart_style = 2
    chart.has_legend = False
    chart.value_axis.has_major_gridlines = False
    line = chart.series[0].format.line  # width and dash only: the colour stays automatic
    line.width = Pt(WIDTH)
    line.dash_style = dash
    deck = tmp_path / "dash.pptx"
    prs.save(str(deck))
    pdf = tmp_path / "dash.pdf"
    BuiltinEngine().convert(deck, pdf, ConvertOptions(), no_progress, never_cancelled)
    img = np.asarray(pypdfium2.PdfDocument(str(pdf))[0].render(scale=SCALE).to_pil().convert("RGB")).astype(int)
    blue = (img[:, :, 2] - img[:, :, 0]) > 60
    row = int(np.argmax(blue.sum(axis=1)))  # the line's middle row
    flags = blue[row]
    xs = np.nonzero(flags)[0]
    flags = flags[xs.min() : xs.max() + 1]
    edges = np.flatnonzero(np.diff(np.concatenate(([0], flags.astype(int), [0]))))
    starts, ends = edges[::2], edges[1::2]
    return [float(e - s) / (WIDTH * SCALE) for s, e in zip(starts, ends, strict=True)][1:-1]


def test_long_dash_dot_alternates_long_dashes_and_dots(qapp: object, tmp_path: Path) -> None:
    runs = _runs(tmp_path, MSO_LINE_DASH_STYLE.LONG_DASH_DOT)  # lgDashDot: 8, 3, 1, 3 widths
    longs = [r for r in runs if r > 4]
    dots = [r for r in runs if r <= 4]
    assert longs and dots and abs(len(longs) - len(dots)) <= 1
    assert np.median(longs) == pytest.approx(8.0, abs=1.0)
    assert np.median(dots) == pytest.approx(1.0, abs=0.6)


def test_system_dots_are_one_width_long(qapp: object, tmp_path: Path) -> None:
    runs = _runs(tmp_path, MSO_LINE_DASH_STYLE.ROUND_DOT)  # sysDot: 1, 1 widths
    assert len(runs) > 20
    assert np.median(runs) == pytest.approx(1.0, abs=0.4)
