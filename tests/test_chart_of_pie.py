"""Pie-of-pie and bar-of-pie charts (c:ofPieChart): the split-off points leave the main pie for one
"Other" slice facing a second pie or stacked bar, joined to it by the series lines."""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest
from lxml import etree
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.enum.chart import XL_CHART_TYPE
from pptx.util import Emu, Pt
from render_support import convert, page_text, render_page

C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
DPI = 72.0
X, Y, W, H = 36.0, 36.0, 648.0, 360.0  # the chart frame, pt
VALUES = (30.0, 25.0, 20.0, 10.0, 6.0, 5.0, 4.0)
COLORS = ("1F4E79", "2E7D32", "6A1B9A", "F9A825", "E53935", "00ACC1", "0000FF", "FF00FF")  # last: "Other"


def _el(xml: str) -> etree._Element:
    return etree.fromstring(xml.replace("NS", f'xmlns:c="{C}" xmlns:a="{A}"', 1))


def _deck(folder: Path, kind: str, extra: Sequence[tuple[str, str | None]], labels: bool = False) -> Path:
    """A pie of VALUES turned into an ofPieChart of ``kind`` with ``extra`` (tag, val) children."""
    data = CategoryChartData()
    data.categories = [f"P{i + 1}" for i in range(len(VALUES))]
    data.add_series("S", VALUES)
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    chart = slide.shapes.add_chart(XL_CHART_TYPE.PIE, Emu(int(X * 12700)), Emu(int(Y * 12700)),
                                   Emu(int(W * 12700)), Emu(int(H * 12700)), data).chart  # fmt: skip
    chart.has_legend = False
    chart.has_title = False
    chart.font.size = Pt(10)
    pie = chart._chartSpace.find(f".//{{{C}}}pieChart")
    pie.tag = f"{{{C}}}ofPieChart"
    for angle in pie.findall(f"{{{C}}}firstSliceAng"):
        pie.remove(angle)
    ser = pie.find(f"{{{C}}}ser")
    cat = ser.find(f"{{{C}}}cat")
    for i, rgb in enumerate(COLORS):  # point len(VALUES) is the "Other" slice, as Office numbers it
        fill = f'<c:spPr><a:solidFill><a:srgbClr val="{rgb}"/></a:solidFill><a:ln><a:noFill/></a:ln></c:spPr>'
        cat.addprevious(_el(f'<c:dPt NS><c:idx val="{i}"/><c:bubble3D val="0"/>{fill}</c:dPt>'))
    if labels:
        flags = '<c:showLegendKey val="0"/><c:showVal val="1"/><c:showCatName val="1"/><c:showSerName val="0"/>'
        flags += '<c:showPercent val="0"/><c:showBubbleSize val="0"/>'
        cat.addprevious(_el(f"<c:dLbls NS>{flags}</c:dLbls>"))
    pie.insert(0, _el(f'<c:ofPieType NS val="{kind}"/>'))
    for tag, val in extra:
        pie.append(_el(f'<c:{tag} NS val="{val}"/>' if val is not None else f"<c:{tag} NS/>"))
    return convert(prs, folder, "ofpie")[0]


def _mask(img: np.ndarray, rgb: str) -> np.ndarray:
    want = np.array([int(rgb[k : k + 2], 16) for k in (0, 2, 4)])
    return np.abs(img - want).max(axis=2) < 30


def _extent(mask: np.ndarray) -> tuple[float, float, float, float]:
    ys, xs = np.nonzero(mask)
    assert len(xs), "colour not drawn"
    return xs.min() * 72 / DPI, ys.min() * 72 / DPI, xs.max() * 72 / DPI, ys.max() * 72 / DPI


def test_bar_of_pie_splits_the_last_points_into_a_stacked_bar(tmp_path: Path) -> None:
    pdf = _deck(tmp_path, "bar", [("splitType", "pos"), ("splitPos", "3"), ("serLines", None)], labels=True)
    img = np.asarray(render_page(pdf, 0, DPI).convert("RGB")).astype(int)
    main = np.zeros(img.shape[:2], bool)
    for rgb in COLORS[:4] + COLORS[7:]:
        main |= _mask(img, rgb)
    left, top, right, bottom = _extent(main)
    radius = (bottom - top) / 2.0
    assert abs((right - left) / 2.0 - radius) < 2.0, "the main pie is round"
    cx, cy = (left + right) / 2.0, (top + bottom) / 2.0
    # "Other" (15 of 100) is centred on 3 o'clock: its colour at the pie's right on the centre line.
    other = _extent(_mask(img, COLORS[7]))
    assert other[2] > cx + radius - 2.0 and other[1] < cy < other[3]
    assert abs((other[1] + other[3]) / 2.0 - cy) < 3.0
    # The split-off points appear only in the bar right of the pie, stacked first on top, their
    # heights in proportion 6 : 5 : 4 of a bar 75% as tall as the pie (c:secondPieSize default).
    boxes = [_extent(_mask(img, rgb)) for rgb in COLORS[4:7]]
    for box in boxes:
        assert box[0] > right + 5.0
    assert boxes[0][1] < boxes[1][1] < boxes[2][1]
    heights = [b[3] - b[1] for b in boxes]
    assert abs(sum(heights) - 0.75 * 2.0 * radius) < 4.0
    for h, v in zip(heights, (6.0, 5.0, 4.0), strict=True):
        assert abs(h - sum(heights) * v / 15.0) < 2.0
    # Series lines join the "Other" slice to the bar's top and bottom, through the gap between them.
    gap_x = int(((right + boxes[0][0]) / 2.0) * DPI / 72)
    dark = np.nonzero(img[:, gap_x].max(axis=1) < 90)[0] * 72 / DPI
    assert any(d < cy - 5.0 for d in dark) and any(d > cy + 5.0 for d in dark)
    # Labels: the gathered slice is "Other" with the split-off points' sum.
    text = " ".join(page_text(pdf).split())
    assert "Other, 15" in text and "P7, 4" in text


def test_pie_of_pie_by_percentage_draws_a_second_pie_of_the_set_size(tmp_path: Path) -> None:
    extra = [("gapWidth", "150"), ("splitType", "percent"), ("splitPos", "5.5"), ("secondPieSize", "50")]
    pdf = _deck(tmp_path, "pie", extra)
    img = np.asarray(render_page(pdf, 0, DPI).convert("RGB")).astype(int)
    main = np.zeros(img.shape[:2], bool)
    for rgb in COLORS[:5] + COLORS[7:]:  # under 5.5%: P6 (5) and P7 (4) only
        main |= _mask(img, rgb)
    _, top, right, bottom = _extent(main)
    second = _mask(img, COLORS[5]) | _mask(img, COLORS[6])
    s_left, s_top, s_right, s_bottom = _extent(second)
    assert s_left > right + 5.0
    assert abs((s_bottom - s_top) - 0.5 * (bottom - top)) < 3.0
    assert abs((s_right - s_left) - (s_bottom - s_top)) < 3.0, "the second plot is a pie"
    assert abs((s_top + s_bottom) / 2.0 - (top + bottom) / 2.0) < 2.0, "both centred on one line"
    # P6 and P7 share the second pie by their values (5 : 4 of its area).
    p6, p7 = int(_mask(img, COLORS[5]).sum()), int(_mask(img, COLORS[6]).sum())
    assert abs(p6 / (p6 + p7) - 5.0 / 9.0) < 0.04
    assert not _mask(img[:, : int(right * DPI / 72) + 1], COLORS[5]).any()


@pytest.mark.timeout(180)
def test_a_pie_of_a_hundred_thousand_points_splits_in_linear_time(tmp_path: Path) -> None:
    # Found by the mutation fuzzer (sixth round): a value cache whose ptCount says 1,000,000 is
    # read as 100,000 points (the most a cache may hold), and the main pie's points were found as
    # those not in the sorted list of the second plot's: 27 s of CPU searching it.
    data = CategoryChartData()
    data.categories = [f"P{i + 1}" for i in range(len(VALUES))]
    data.add_series("S", VALUES)
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    chart = slide.shapes.add_chart(XL_CHART_TYPE.PIE, Emu(457200), Emu(457200), Emu(8229600), Emu(4572000), data).chart
    chart.has_legend = False
    pie = chart._chartSpace.find(f".//{{{C}}}pieChart")
    pie.tag = f"{{{C}}}ofPieChart"
    for angle in pie.findall(f"{{{C}}}firstSliceAng"):
        pie.remove(angle)
    pie.insert(0, _el('<c:ofPieType NS val="pie"/>'))
    pie.append(_el('<c:splitType NS val="pos"/>'))
    pie.append(_el('<c:splitPos NS val="50000"/>'))
    pie.find(f".//{{{C}}}val//{{{C}}}ptCount").set("val", "1000000")
    start = time.process_time()
    pdf, result = convert(prs, tmp_path, "many")
    spent = time.process_time() - start
    assert not [w for w in result.warnings if "could not be drawn" in w], result.warnings
    assert spent < 8.0, f"{spent:.1f} s of CPU"  # 27 s before, about 1.5 s now
    assert page_text(pdf).split() == ["S"]  # the automatic title of the one series
