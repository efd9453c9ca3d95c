"""Radar charts follow their value axis: c:min/c:max/c:majorUnit set the rings, a deleted axis
has no ring labels, and the rings are the axis' major gridlines with their own line format."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE
from pptx.util import Emu, Pt
from render_support import convert, page_text, render_page


def _radar(folder: Path, setup: Any) -> Path:
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    data = CategoryChartData()
    data.categories = ["North", "East", "South", "West", "Centre"]
    data.add_series("S", (4.0, 6.0, 3.0, 5.0, 2.0))
    frame = slide.shapes.add_chart(XL_CHART_TYPE.RADAR, Emu(457200), Emu(457200), Emu(7315200), Emu(5486400), data)
    chart = frame.chart
    chart.has_legend = False
    chart.has_title = False
    chart.font.size = Pt(12)
    setup(chart)
    folder.mkdir(exist_ok=True)
    return convert(prs, folder, "radar")[0]


def _words(pdf: Path) -> list[str]:
    return page_text(pdf).split()


def test_fixed_bounds_and_major_unit_set_the_rings(tmp_path: Path) -> None:
    def setup(chart: Any) -> None:
        axis = chart.value_axis
        axis.minimum_scale, axis.maximum_scale, axis.major_unit = 0.0, 10.0, 2.5

    words = _words(_radar(tmp_path, setup))
    for label in ("0", "2.5", "5", "7.5", "10"):
        assert label in words
    assert "12" not in words


def test_automatic_bounds_without_settings(tmp_path: Path) -> None:
    words = _words(_radar(tmp_path, lambda chart: None))
    assert "10" not in words and "2.5" not in words
    assert "North" in words and "0" in words


def test_deleted_value_axis_has_no_ring_labels(tmp_path: Path) -> None:
    def setup(chart: Any) -> None:
        chart.value_axis._element.find("{*}delete").set("val", "1")

    words = _words(_radar(tmp_path, setup))
    assert "North" in words
    assert not any(w.isdigit() for w in words)


def _red(pdf: Path) -> int:
    img = np.asarray(render_page(pdf, 0, 72.0).convert("RGB")).astype(int)
    r, g, b = img[..., 0], img[..., 1], img[..., 2]
    return int(((r > 200) & (g < 60) & (b < 60)).sum())


def test_ring_gridlines_take_their_line_format(tmp_path: Path) -> None:
    def setup(chart: Any) -> None:
        line = chart.value_axis.major_gridlines.format.line
        line.color.rgb = RGBColor(0xFF, 0, 0)
        line.width = Pt(2)

    assert _red(_radar(tmp_path / "red", setup)) > 200
    assert _red(_radar(tmp_path / "plain", lambda chart: None)) == 0


def test_no_value_gridlines_means_no_rings(tmp_path: Path) -> None:
    def with_rings(chart: Any) -> None:
        chart.value_axis.major_gridlines.format.line.color.rgb = RGBColor(0xFF, 0, 0)

    def without_rings(chart: Any) -> None:
        chart.value_axis.major_gridlines.format.line.color.rgb = RGBColor(0xFF, 0, 0)
        chart.value_axis.has_major_gridlines = False

    assert _red(_radar(tmp_path / "with", with_rings)) > 100
    assert _red(_radar(tmp_path / "without", without_rings)) == 0


def test_the_value_axis_line_runs_up_the_first_spoke(tmp_path: Path) -> None:
    # Office draws a radar's value axis (its line format, c:valAx/c:spPr) from the centre up the
    # first category's spoke, with its tick marks across it at every ring.
    def red_axis(chart: Any) -> None:
        chart.value_axis.has_major_gridlines = False
        line = chart.value_axis.format.line
        line.color.rgb = RGBColor(0xFF, 0, 0)
        line.width = Pt(2)

    img = np.asarray(render_page(_radar(tmp_path / "axis", red_axis))).astype(int)
    red = (img[..., 0] > 200) & (img[..., 1] < 60) & (img[..., 2] < 60)
    ys, xs = np.nonzero(red)
    assert len(xs) > 100
    column = np.bincount(xs).argmax()  # the axis line: one upright run of red
    assert (np.abs(xs - column) <= 2).mean() > 0.6
    assert np.ptp(ys) > 100
    assert (np.abs(xs - column) > 2).any()  # the tick marks stick out across it
    assert _red(_radar(tmp_path / "plain", lambda chart: None)) == 0
