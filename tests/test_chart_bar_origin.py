"""Where unstacked bars start: the value at which the category axis crosses the value axis."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pypdfium2
import pytest
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_TICK_LABEL_POSITION
from pptx.util import Emu

from worker.engines.base import ConvertOptions, never_cancelled, no_progress
from worker.engines.builtin import BuiltinEngine

C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
X, Y, W, H = 36.0, 36.0, 576.0, 432.0  # the chart frame, points
SCALE = 2.0


def _bars(tmp_path: Path, crossing: tuple[str, str], labels: bool = True) -> list[tuple[int, int]]:
    """Top and bottom pixel rows of each red column of a chart valued 4 and 1 on a 0..4 axis
    (``labels``: the category axis shows its tick labels, which take room where the axis sits)."""
    data = CategoryChartData()
    data.categories = ["a", "b"]
    data.add_series("S", (4.0, 1.0))
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    chart = slide.shapes.add_chart(XL_CHART_TYPE.COLUMN_CLUSTERED, Emu(int(X * 12700)), Emu(int(Y * 12700)),
                                   Emu(int(W * 12700)), Emu(int(H * 12700)), data).chart  # fmt: skip
    chart.has_legend = False
    chart.has_title = False
    chart.value_axis.minimum_scale, chart.value_axis.maximum_scale = 0.0, 4.0
    chart.value_axis.has_major_gridlines = False
    if not labels:
        chart.category_axis.tick_label_position = XL_TICK_LABEL_POSITION.NONE
    fill = chart.series[0].format.fill
    fill.solid()
    fill.fore_color.rgb = RGBColor(0xFF, 0, 0)
    crosses = chart.category_axis._element.find(f"{{{C}}}crosses")
    tag, val = crossing
    crosses.tag = f"{{{C}}}{tag}"
    crosses.set("val", val)
    deck = tmp_path / "bars.pptx"
    prs.save(str(deck))
    pdf = tmp_path / "bars.pdf"
    BuiltinEngine().convert(deck, pdf, ConvertOptions(), no_progress, never_cancelled)
    img = np.asarray(pypdfium2.PdfDocument(str(pdf))[0].render(scale=SCALE).to_pil().convert("RGB")).astype(int)
    red = (img[:, :, 0] > 200) & (img[:, :, 1] < 60) & (img[:, :, 2] < 60)
    cols = np.nonzero(red.any(axis=0))[0]
    spans = np.split(cols, np.nonzero(np.diff(cols) > 1)[0] + 1)
    out = []
    for span in spans:
        rows = np.nonzero(red[:, span[len(span) // 2]])[0]
        out.append((int(rows.min()), int(rows.max())))
    return out


def test_columns_grow_from_zero_by_default(qapp: object, tmp_path: Path) -> None:
    (top4, bottom4), (top1, bottom1) = _bars(tmp_path, ("crosses", "autoZero"))
    assert bottom4 == pytest.approx(bottom1, abs=1)
    assert (bottom4 - top4) / (bottom1 - top1) == pytest.approx(4.0, rel=0.05)


def test_columns_grow_from_where_the_category_axis_crosses(qapp: object, tmp_path: Path) -> None:
    # Crossing at 2: the 4 rises two units above it, the 1 hangs one unit below it.
    (top4, bottom4), (top1, bottom1) = _bars(tmp_path, ("crossesAt", "2"))
    assert bottom4 == pytest.approx(top1, abs=4)  # the axis line at 2 runs between them
    assert (bottom4 - top4) / (bottom1 - top1) == pytest.approx(2.0, rel=0.1)


def test_columns_hang_from_an_axis_crossing_at_the_maximum(qapp: object, tmp_path: Path) -> None:
    # No category labels: at the top they would take room there and move the plot down.
    (full_top, full_bottom), _ = _bars(tmp_path, ("crosses", "autoZero"), labels=False)
    hanging = tmp_path / "max"
    hanging.mkdir()
    # The 4 reaches the maximum (no bar); the 1 hangs three units from the top of the plot.
    ((top1, bottom1),) = _bars(hanging, ("crosses", "max"), labels=False)
    assert top1 == pytest.approx(full_top, abs=4)
    assert (bottom1 - top1) / (full_bottom - full_top) == pytest.approx(0.75, rel=0.05)
