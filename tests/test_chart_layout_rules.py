"""PowerPoint's automatic chart layout, against figures measured on its own PDF exports.

The figures come from native PowerPoint 16.112 exports measured by another converter's maintainers
(github.com/developer0hye/office2pdf, the issue or pull request is named at each test). Each test
builds a python-pptx chart, converts it with the built-in engine and reads the real PDF: glyph boxes
from its text layer and pixels sampled from a rendering.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
from lxml import etree
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
from pptx.oxml.ns import qn
from pptx.util import Emu, Pt
from render_support import convert, render_page, text_box

X, Y, W, H = 36.0, 36.0, 576.0, 432.0  # the chart frame on a 720 x 540 pt slide
DPI = 288.0
ACCENT1 = (0x4F, 0x81, 0xBD)  # python-pptx's default theme


def _chart(size: float | None = None, face: str | None = None, title: bool = True,
           legend: bool = True) -> Any:  # fmt: skip
    data = CategoryChartData()
    data.categories = ["North", "South", "East"]
    data.add_series("Alpha", (1.0, 2.0, 6.0))
    data.add_series("Beta", (2.0, 3.0, 1.0))
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    frame = slide.shapes.add_chart(XL_CHART_TYPE.COLUMN_CLUSTERED, Emu(int(X * 12700)), Emu(int(Y * 12700)),
                                   Emu(int(W * 12700)), Emu(int(H * 12700)), data)  # fmt: skip
    chart = frame.chart
    chart.chart_style = 2
    chart.has_legend = legend
    if legend:
        chart.legend.position = XL_LEGEND_POSITION.RIGHT
        chart.legend.include_in_layout = False
    if size is not None:
        chart.font.size = Pt(size)
    if face is not None:
        chart.font.name = face
    chart.has_title = title
    if title:
        chart.chart_title.text_frame.text = "Sales"
    return prs


def _pixels(pdf: Path) -> np.ndarray:
    return np.asarray(render_page(pdf, 0, DPI).convert("RGB")).astype(int)


def _pt(px: float) -> float:
    return px * 72.0 / DPI


def _gridlines(img: np.ndarray) -> tuple[float, float, float]:
    """Top, left and right of the plot, pt: the rows that grey runs cross over most of the width."""
    r, g, b = img[..., 0], img[..., 1], img[..., 2]
    grey = (abs(r - g) < 6) & (abs(g - b) < 6) & (r < 235) & (r > 60)
    counts = grey.sum(axis=1)
    rows = np.where(counts > 0.5 * counts.max())[0]
    cols = np.where(grey[rows.min()])[0]
    return _pt(rows.min()), _pt(cols.min()), _pt(cols.max() + 1)


@pytest.mark.parametrize(
    ("size", "face", "side"),
    [
        (None, None, 9.8887),  # 18 pt Calibri (python-pptx writes no size: PowerPoint's 18 pt)
        (12.0, "Arial", 6.0345),
    ],
)
def test_a_legend_key_is_045_of_the_line_box_and_its_label_half_a_key_after_it(
    tmp_path: Path, size: float | None, face: str | None, side: float
) -> None:
    # Square key = 0.45 x the legend face's hhea line box; label = key / 2 - 0.375 pt after it
    # (office2pdf PR #1681: seven faces at 18 pt and Arial at 10-36 pt, all within 0.002 pt).
    pdf = convert(_chart(size, face), tmp_path, "chart")[0]
    label = text_box(pdf, "Alpha")
    assert label is not None
    img = _pixels(pdf)
    blue = np.all(np.abs(img - np.array(ACCENT1)) <= 12, axis=2)
    top, bottom = int((label[1] - 10) * DPI / 72), int((label[3] + 10) * DPI / 72)
    left = int((label[0] - 30) * DPI / 72)
    key = blue[top:bottom, left : int(label[0] * DPI / 72)]
    cols, rows = np.where(key.any(axis=0))[0], np.where(key.any(axis=1))[0]
    width, height = _pt(cols.max() + 1 - cols.min()), _pt(rows.max() + 1 - rows.min())
    assert width == pytest.approx(side, abs=0.3)
    assert height == pytest.approx(side, abs=0.3)
    gap = label[0] - _pt(left + cols.max() + 1)
    assert gap == pytest.approx(side / 2 - 0.375, abs=0.35)


@pytest.mark.parametrize("size", [12.0, 18.0])
def test_the_plot_starts_below_the_title_band_and_half_a_tick_label(tmp_path: Path, size: float) -> None:
    # Chart top to plot top = 9.0253 + 1.22242 x title size + 5 + 0.607 x axis text size in Calibri
    # (office2pdf PR #1679, ten exports within 0.026 pt; the automatic title is 1.2 x the text).
    pdf = convert(_chart(size), tmp_path, "chart")[0]
    top, _left, _right = _gridlines(_pixels(pdf))
    expected = 9.0253 + 1.22242 * 1.2 * size + 5.0 + 0.607 * size
    assert top - Y == pytest.approx(expected, abs=1.0)


def test_without_a_title_the_top_tick_label_stays_inside_the_chart(tmp_path: Path) -> None:
    prs = _chart(18.0, title=False)
    prs.slides[0].shapes[0].chart.value_axis.maximum_scale = 6.0
    pdf = convert(prs, tmp_path, "chart")[0]
    six = text_box(pdf, "6")
    assert six is not None
    assert six[1] >= Y + 2.0  # centred on the plot's top edge, which is inset by half of it
    top, _left, _right = _gridlines(_pixels(pdf))
    assert (six[1] + six[3]) / 2 == pytest.approx(top, abs=1.5)


def test_a_chart_without_a_legend_gives_no_band_to_one(tmp_path: Path) -> None:
    # A chart with no c:legend keeps its plot out to the chart area's edge (office2pdf #1649).
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    with_legend = _gridlines(_pixels(convert(_chart(12.0), tmp_path / "a", "chart")[0]))
    without = _gridlines(_pixels(convert(_chart(12.0, legend=False), tmp_path / "b", "chart")[0]))
    assert X + W - without[2] < 12.0
    assert with_legend[2] < without[2] - 40.0


def test_a_side_legend_pitches_its_entries_at_1_6_times_the_text_size(tmp_path: Path) -> None:
    # Three entries of an 11.97 pt Arial right legend sit 19.2 pt apart, baseline to baseline, in
    # PowerPoint's export (office2pdf #1434: 380.4, 399.6, 418.8), not one line box (13.4 pt) apart.
    data = CategoryChartData()
    data.categories = ["1st Qtr", "2nd Qtr", "3rd Qtr", "4th Qtr"]
    data.add_series("Total Sales", (8.2, 3.2, 1.4, 1.2))
    data.add_series("Total Cogs", (5.0, 2.0, 1.0, 0.5))
    data.add_series("Net Profit", (3.2, 1.2, 0.4, 0.7))
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    frame = slide.shapes.add_chart(XL_CHART_TYPE.COLUMN_CLUSTERED, Emu(int(X * 12700)), Emu(int(Y * 12700)),
                                   Emu(int(W * 12700)), Emu(int(H * 12700)), data)  # fmt: skip
    chart = frame.chart
    chart.has_legend = True
    chart.legend.position = XL_LEGEND_POSITION.RIGHT
    chart.legend.include_in_layout = False
    chart.font.size = Pt(11.97)
    chart.font.name = "Arial"
    pdf = convert(prs, tmp_path, "chart")[0]
    boxes = [text_box(pdf, name) for name in ("Total Sales", "Total Cogs", "Net Profit")]
    tops = [b[1] for b in boxes if b is not None]
    assert len(tops) == 3
    assert tops[1] - tops[0] == pytest.approx(19.2, abs=0.3)
    assert tops[2] - tops[1] == pytest.approx(19.2, abs=0.3)


@pytest.mark.parametrize(
    ("size", "band"),
    [(10.0, 25.052), (12.0, 28.767), (18.0, 39.902), (24.0, 51.028), (36.0, 117.240)],
)
def test_the_band_under_a_column_plot_is_6_5_pt_and_0_635_em_more_than_its_label_lines(
    tmp_path: Path, size: float, band: float
) -> None:
    # Category axis line to the chart's bottom edge in PowerPoint 16.112's exports of a 480 x 320 pt
    # column chart with Calibri text at each size (office2pdf #1675): 6.5 + 1.8554 em on one line,
    # i.e. 6.5 pt + 0.635 em + Calibri's 1.2205 em line box; at 36 pt the labels take two lines and
    # the band one line box more.
    data = CategoryChartData()
    data.categories = ["1st Qtr", "2nd Qtr", "3rd Qtr", "4th Qtr"]
    data.add_series("Sales", (8.2, 3.2, 1.4, 1.2))
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    frame = slide.shapes.add_chart(XL_CHART_TYPE.COLUMN_CLUSTERED, Emu(120 * 12700), Emu(100 * 12700),
                                   Emu(480 * 12700), Emu(320 * 12700), data)  # fmt: skip
    chart = frame.chart
    chart.has_legend = True
    chart.legend.position = XL_LEGEND_POSITION.RIGHT
    chart.legend.include_in_layout = False
    chart.font.size = Pt(size)
    pdf = convert(prs, tmp_path, "chart")[0]
    img = _pixels(pdf)
    blue = np.all(np.abs(img - np.array(ACCENT1)) <= 12, axis=2)
    rows = np.where(blue[:, : int(480 * DPI / 72)].sum(axis=1) > 20)[0]
    axis = _pt(rows.max() + 1)  # the columns stand on the category axis
    assert 420.0 - axis == pytest.approx(band, abs=0.6)


def _value_tick_reach(size: float, face: str | None, tmp_path: Path) -> float:
    """How far the top gridline's outward major tick reaches left of the value axis line, pt (ink)."""
    prs = _chart(size, face, title=False, legend=False)
    pdf = convert(prs, tmp_path, f"ticks{size:g}{face or ''}")[0]
    img = _pixels(pdf)
    r, g, b = img[..., 0], img[..., 1], img[..., 2]
    grey = (abs(r - g) < 6) & (abs(g - b) < 6) & (r < 200) & (r > 60)  # the lines, not black text
    counts = grey.sum(axis=1)
    top = int(np.where(counts > 0.5 * counts.max())[0].min())  # the top gridline's first row
    row = int(top + 1)  # the line is 3 px thick at 288 dpi
    axis_cols = np.where(grey.sum(axis=0) > 0.5 * grey.sum(axis=0).max())[0]
    axis_centre = (axis_cols.min() + axis_cols.max() + 1) / 2.0  # the value axis line, 0.75 pt wide
    left = int(axis_cols.min())
    while left > 0 and grey[row, left - 1]:
        left -= 1
    return _pt(axis_centre - left)


@pytest.mark.parametrize(("size", "face", "tick"), [(10.0, None, 3.17), (36.0, None, 11.42), (18.0, "Arial", 5.43)])
def test_a_major_tick_is_a_third_of_the_label_faces_ascent(
    tmp_path: Path, size: float, face: str | None, tick: float
) -> None:
    # PowerPoint's outward major ticks: Calibri 10/12/18/36 pt -> 3.17/3.81/5.71/11.42 pt, Arial 10/18 pt
    # -> 3.02/5.43 pt, each size x usWinAscent / unitsPerEm / 3 of the labels' face (office2pdf #672/#700).
    # Our automatic axis pen has square caps: the ink reaches half its 0.75 pt width further.
    assert _value_tick_reach(size, face, tmp_path) == pytest.approx(tick + 0.375, abs=0.4)


def test_value_labels_clear_their_axis_outward_ticks(tmp_path: Path) -> None:
    # At 36 pt a tick reaches 11.4 pt out, further than the 4 pt labels otherwise keep from the axis.
    prs = _chart(36.0, title=False, legend=False)
    prs.slides[0].shapes[0].chart.value_axis.maximum_scale = 6.0
    pdf = convert(prs, tmp_path, "chart")[0]
    six = text_box(pdf, "6")
    assert six is not None
    img = _pixels(pdf)
    r, g, b = img[..., 0], img[..., 1], img[..., 2]
    grey = (abs(r - g) < 6) & (abs(g - b) < 6) & (r < 200) & (r > 60)
    cols = np.where(grey.sum(axis=0) > 0.5 * grey.sum(axis=0).max())[0]
    axis = _pt((cols.min() + cols.max() + 1) / 2.0)  # the value axis line
    assert six[2] <= axis - 11.42 + 0.2  # the label's box ends where the tick does, or beyond


def _moved_legend(position: XL_LEGEND_POSITION, y: float | None) -> Any:
    """The title-less _chart with its legend at ``position``, moved to ``y`` of the chart (edge mode)."""
    prs = _chart(12.0, title=False)
    legend = prs.slides[0].shapes[0].chart.legend
    legend.position = position
    if y is not None:
        layout = legend._element.makeelement(qn("c:layout"), {})
        manual = etree.SubElement(layout, qn("c:manualLayout"))
        for tag, val in (("xMode", "edge"), ("yMode", "edge"), ("x", "0.3"), ("y", str(y)), ("w", "0.45"),
                         ("h", "0.058")):  # fmt: skip
            etree.SubElement(manual, qn(f"c:{tag}"), val=val)
        legend._element.find(qn("c:legendPos")).addnext(layout)
    return prs


def test_a_moved_legend_keeps_its_band_out_of_the_automatic_plot(tmp_path: Path) -> None:
    # The plot's automatic layout leaves the legend's band on its c:legendPos side whether or not the
    # legend was moved (c:manualLayout) while it does not overlay the plot, as LibreOffice does and
    # as PowerPoint's exports show (office-open-xml-viewer PR #1338): a bottom legend moved to 94 %
    # of the chart height was drawn across the category labels.
    boxes = {}
    for name, y in (("auto", None), ("moved", 0.942)):
        (tmp_path / name).mkdir()
        pdf = convert(_moved_legend(XL_LEGEND_POSITION.BOTTOM, y), tmp_path / name, "chart")[0]
        boxes[name] = (text_box(pdf, "North"), text_box(pdf, "Alpha"))
    (north, alpha), (auto_north, _auto_alpha) = boxes["moved"], boxes["auto"]
    assert north is not None and alpha is not None and auto_north is not None
    assert alpha[1] == pytest.approx(Y + 0.942 * H + 4.0, abs=3.0)  # drawn where it was moved to
    assert north[3] < alpha[1]  # the category labels stand clear above it
    assert north[1] == pytest.approx(auto_north[1], abs=0.5)  # the plot is the automatic one
