"""Automatic value-axis limits and minor ticks, checked on rendered charts (PDF text and pixels)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pypdf
import pypdfium2
from lxml import etree
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_TICK_MARK
from pptx.util import Emu, Pt
from render_support import mask_runs

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


def _raster(pdf: Path, scale: float) -> np.ndarray:
    doc = pypdfium2.PdfDocument(str(pdf))
    image = doc[0].render(scale=scale).to_pil().convert("RGB")
    return np.asarray(image).astype(int)


C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"


def test_minor_gridlines_follow_the_minor_unit(qapp: object, tmp_path: Path) -> None:
    prs, chart = _column_chart([1.0, 2.0])
    axis = chart.value_axis  # type: ignore[attr-defined]
    axis.has_major_gridlines = False
    axis.minimum_scale, axis.maximum_scale, axis.major_unit, axis.minor_unit = 0.0, 6.0, 2.0, 1.0
    axis.has_minor_gridlines = True
    grid = axis._element.find(f"{{{C}}}minorGridlines")
    sp_pr = etree.SubElement(grid, f"{{{C}}}spPr")
    fill = etree.SubElement(etree.SubElement(sp_pr, f"{{{A}}}ln", w="19050"), f"{{{A}}}solidFill")
    etree.SubElement(fill, f"{{{A}}}srgbClr", val="FF0000")
    img = _raster(_convert(prs, tmp_path), 2.0)
    red = (img[:, :, 0] > 200) & (img[:, :, 1] < 80) & (img[:, :, 2] < 80)
    # A column right of the bars: one red line per unit from 0 to 6 (Excel's automatic five per
    # major interval would give 12).
    column = red[:, int((X + W - 20) * 2)]
    lines: list[tuple[int, int]] = []
    for a, b in mask_runs(column):
        if lines and a - lines[-1][1] <= 2:  # the axis line drawn over the zero line can split it
            lines[-1] = (lines[-1][0], b)
        else:
            lines.append((a, b))
    assert 6 <= len(lines) <= 7
    centres = [(a + b) / 2 for a, b in lines]
    gaps = np.diff(centres)
    assert max(gaps) - min(gaps) <= 2


def test_minor_tick_marks_are_drawn(qapp: object, tmp_path: Path) -> None:
    prs, chart = _column_chart([1.0, 2.0])
    axis = chart.value_axis  # type: ignore[attr-defined]
    axis.has_major_gridlines = False
    axis.minimum_scale, axis.maximum_scale, axis.major_unit, axis.minor_unit = 0.0, 6.0, 3.0, 1.0
    axis.major_tick_mark = XL_TICK_MARK.NONE
    axis.minor_tick_mark = XL_TICK_MARK.OUTSIDE
    axis.format.line.color.rgb = RGBColor(0xFF, 0, 0)
    axis.format.line.width = Pt(1.5)
    img = _raster(_convert(prs, tmp_path), 4.0)
    red = (img[:, :, 0] > 200) & (img[:, :, 1] < 80) & (img[:, :, 2] < 80)
    # The axis line is the longest red columns; outside ticks stick out to its left.
    counts = red.sum(axis=0)
    axis_x = round(float(np.mean(np.flatnonzero(counts >= counts.max() * 0.9))))  # the line's middle
    ticks = mask_runs(red[:, axis_x - 6])  # 1.5 pt left of the line's middle, inside a 2 pt tick
    assert len(ticks) == 7  # one per unit, 0..6


def test_a_major_unit_too_small_for_the_values_is_worked_out_automatically(qapp: object, tmp_path: Path) -> None:
    # A value of 1e308 beside a major unit of 1e-300: the tick count overflows a double. The unit
    # is ignored (as if absent) and the chart is drawn: the axis is labelled and the tall column is there.
    prs, chart = _column_chart([1.0, 1e308, 2.0])
    value_axis = chart.value_axis  # type: ignore[attr-defined]
    value_axis.major_unit = 1.0
    value_axis._element.find(f"{{{C}}}majorUnit").set("val", "1e-300")
    deck = tmp_path / "chart.pptx"
    prs.save(str(deck))  # type: ignore[attr-defined]
    out = tmp_path / "chart.pdf"
    result = BuiltinEngine().convert(deck, out, ConvertOptions(), no_progress, never_cancelled)
    assert result.warnings == [], result.warnings
    assert len(_numbers(out)) >= 3  # value-axis labels
    page = pypdfium2.PdfDocument(str(out))[0].render(scale=1.0).to_pil().convert("RGB")
    column = [page.getpixel((int(X + W / 2), int(y))) for y in range(int(Y + H * 0.2), int(Y + H * 0.8), 10)]
    assert all(b > 150 and r < 120 for r, _, b in column), column  # the 1e308 column, filled
