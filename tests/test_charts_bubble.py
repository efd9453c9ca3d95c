"""Bubble charts made by python-pptx, converted by the built-in engine, rasterised and measured."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pypdf
import pypdfium2
import pytest
from lxml import etree
from pptx import Presentation
from pptx.chart.data import BubbleChartData
from pptx.enum.chart import XL_CHART_TYPE
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.util import Pt
from scipy import ndimage

from worker.engines.base import ConvertOptions, never_cancelled, no_progress
from worker.engines.builtin import BuiltinEngine

SCALE = 2.0  # raster pixels per point
C_NS = "http://schemas.openxmlformats.org/drawingml/2006/chart"


def _add_bubbles(prs: Any, series: dict[str, list[tuple[float, float, float]]]) -> Any:
    data = BubbleChartData()
    for name, points in series.items():
        s = data.add_series(name)
        for x, y, size in points:
            s.add_data_point(x, y, size)
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    return slide.shapes.add_chart(XL_CHART_TYPE.BUBBLE, Pt(36), Pt(36), Pt(576), Pt(432), data).chart


def _convert(prs: Any, tmp_path: Path) -> tuple[Path, list[str]]:
    deck = tmp_path / "bubbles.pptx"
    prs.save(str(deck))
    out = tmp_path / "bubbles.pdf"
    result = BuiltinEngine().convert(deck, out, ConvertOptions(), no_progress, never_cancelled)
    return out, list(result.warnings)


def _raster(pdf: Path, page: int) -> np.ndarray:
    doc = pypdfium2.PdfDocument(str(pdf))
    return np.asarray(doc[page].render(scale=SCALE).to_pil().convert("RGB")).astype(int)


def _accent(prs: Any, n: int) -> tuple[int, int, int]:
    theme = prs.slide_master.part.part_related_by(RT.THEME)
    el = etree.fromstring(theme.blob).find(f".//{{http://schemas.openxmlformats.org/drawingml/2006/main}}accent{n}")
    assert el is not None
    val = el[0].get("val") or el[0].get("lastClr")
    assert val is not None
    return int(val[0:2], 16), int(val[2:4], 16), int(val[4:6], 16)


def _mask(img: np.ndarray, rgb: tuple[int, int, int], tol: int = 12) -> np.ndarray:
    return np.all(np.abs(img - np.array(rgb)) <= tol, axis=2)


def _discs(mask: np.ndarray) -> list[tuple[float, float, float]]:
    """(centre x, centre y, diameter) of the mask's blobs, from their bounding boxes, left to right."""
    labels, _count = ndimage.label(mask, structure=np.ones((3, 3)))
    out = []
    for sl in ndimage.find_objects(labels):
        if sl is None:
            continue
        ys, xs = sl
        w, h = xs.stop - xs.start, ys.stop - ys.start
        if min(w, h) < 24:  # legend keys (10 pt at 18 pt legend text) and antialiasing crumbs
            continue
        out.append(((xs.start + xs.stop) / 2.0, (ys.start + ys.stop) / 2.0, (w + h) / 2.0))
    return sorted(out)


def _plot_rect(img: np.ndarray) -> tuple[int, int, int, int]:
    """Left, top, right, bottom of the plot area, px: its horizontal gridlines and the x axis line."""
    r, g, b = img[..., 0], img[..., 1], img[..., 2]
    grey = (r == g) & (g == b) & (r < 200)  # grey gridlines and axis line (antialiased)
    rows = np.nonzero(grey.sum(axis=1) > img.shape[1] * 0.3)[0]
    assert len(rows) >= 2
    cols = np.nonzero(grey[rows[-1]])[0]
    return int(cols.min()), int(rows[0]), int(cols.max()), int(rows[-1])


def _side(img: np.ndarray) -> int:
    """The plot area's smaller side, px."""
    left, top, right, bottom = _plot_rect(img)
    return min(right - left, bottom - top)


def _set(chart: Any, tag: str, val: str) -> None:
    """Set (or add before the axis ids) a c:bubbleChart child element."""
    group = chart._chartSpace.find(f".//{{{C_NS}}}bubbleChart")
    el = group.find(f"{{{C_NS}}}{tag}")
    if el is None:
        el = etree.Element(f"{{{C_NS}}}{tag}")
        group.find(f"{{{C_NS}}}axId").addprevious(el)
    el.set("val", val)


def test_bubbles_sit_at_their_values_sized_by_area_largest_drawn_first(qapp: object, tmp_path: Path) -> None:
    prs = Presentation()
    chart = _add_bubbles(
        prs,
        {
            # The first series' bubble lies on the second series' largest one: drawn after it all the
            # same (larger bubbles first), so it stays visible.
            "Small": [(4.0, 2.0, 1.0)],
            "Large": [(1.0, 1.0, 1.0), (2.0, 3.0, 4.0), (4.0, 2.0, 16.0)],
        },
    )
    labels = chart._chartSpace.find(f".//{{{C_NS}}}bubbleChart/{{{C_NS}}}dLbls/{{{C_NS}}}showBubbleSize")
    labels.set("val", "1")
    pdf, warnings = _convert(prs, tmp_path)
    assert not any("chart" in w.lower() for w in warnings)
    text = pypdf.PdfReader(str(pdf)).pages[0].extract_text()
    assert "Large" in text and "Small" in text  # legend entries
    assert "16" in text  # the bubble-size data label of the largest bubble
    img = _raster(pdf, 0)
    first, second = _accent(prs, 1), _accent(prs, 2)
    discs = _discs(_mask(img, second))
    assert len(discs) == 3
    (x1, y1, d1), (x2, y2, d2), (x3, y3, d3) = discs
    # Both axes are linear value axes: x 1, 2, 4 and y 1, 3, 2.
    assert (x3 - x2) / (x2 - x1) == pytest.approx(2.0, rel=0.03)
    assert (y1 - y2) / (y1 - y3) == pytest.approx(2.0, rel=0.03)
    # Area in proportion to size: diameters 1 : 2 : 4.
    assert d2 / d1 == pytest.approx(2.0, rel=0.08)
    assert d3 / d1 == pytest.approx(4.0, rel=0.08)
    # The largest bubble is a quarter of the plot area's smaller side.
    assert d3 == pytest.approx(0.25 * _side(img), rel=0.06)
    # Every bubble lies inside the plot: the automatic axes leave room for the radii.
    left, top, right, bottom = _plot_rect(img)
    for x, y, d in discs:
        assert left <= x - d / 2 and x + d / 2 <= right and top <= y - d / 2 and y + d / 2 <= bottom
    # The first series' bubble is on top of the larger one, centred on it (its colour at the centre).
    assert tuple(img[int(y3), int(x3)]) == pytest.approx(first, abs=12)
    small = _discs(_mask(img, first))
    assert len(small) == 1
    assert small[0][0] == pytest.approx(x3, abs=2) and small[0][1] == pytest.approx(y3, abs=2)
    assert small[0][2] == pytest.approx(d1, rel=0.1)


def test_bubble_scale_width_sizes_and_negative_bubbles(qapp: object, tmp_path: Path) -> None:
    prs = Presentation()
    points = [(1.0, 2.0, 1.0), (3.0, 2.0, 4.0), (2.0, 1.0, -4.0)]
    _add_bubbles(prs, {"S": points})  # defaults: area, scale 100, negative sizes hidden
    half = _add_bubbles(prs, {"S": points})
    _set(half, "bubbleScale", "50")
    width = _add_bubbles(prs, {"S": points})
    _set(width, "sizeRepresents", "w")
    negative = _add_bubbles(prs, {"S": points})
    _set(negative, "showNegBubbles", "1")
    pdf, warnings = _convert(prs, tmp_path)
    assert not any("chart" in w.lower() for w in warnings)
    accent = _accent(prs, 1)
    measured = []
    for page in range(3):
        img = _raster(pdf, page)
        measured.append((_discs(_mask(img, accent)), _side(img)))
    (default, side0), (halved, side1), (by_width, _side2) = measured
    assert len(default) == 2  # the negative bubble is hidden
    assert default[1][2] / default[0][2] == pytest.approx(2.0, rel=0.08)
    assert default[1][2] == pytest.approx(0.25 * side0, rel=0.06)
    assert halved[1][2] == pytest.approx(0.125 * side1, rel=0.06)
    assert by_width[1][2] / by_width[0][2] == pytest.approx(4.0, rel=0.1)
    # Shown, a negative bubble is hollow: a thin outline in the series colour, |-4| as large as 4.
    img = _raster(pdf, 3)
    bluish = (img[..., 2] - img[..., 0]) > 30  # the accent and its antialiased edges
    discs = _discs(bluish)
    assert len(discs) == 3
    # Only the positive bubbles are filled: the accent at their centres. (Counting blobs of the
    # accent itself also counted an arc of the hollow ring wherever it fell on whole pixels.)
    filled = [(x, y) for x, y, _d in discs if np.all(np.abs(img[int(y), int(x)] - np.array(accent)) <= 12)]
    assert len(filled) == 2
    x, y, d = discs[1]  # x = 2
    assert d == pytest.approx(discs[2][2], rel=0.08)
    assert not bluish[int(y) - 3 : int(y) + 4, int(x) - 3 : int(x) + 4].any()
