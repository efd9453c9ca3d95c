"""An automatically laid-out pie or doughnut stays 11 pt inside the chart area on its limiting
side, as native PowerPoint exports draw it: a doughnut's outer diameter is the chart's smaller
side less 22 pt, centred (github.com/developer0hye/office2pdf/issues/1425, 664 px against the
frame's 710 at 150 dpi). The ring's ink is measured on the rendered page."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from lxml import etree
from pptx.chart.data import CategoryChartData
from pptx.enum.chart import XL_CHART_TYPE
from pptx.util import Emu
from render_support import blank_slide, chart_in_points, convert, new_deck, render_page

X, Y, W, H = 36.0, 36.0, 480.0, 320.0  # the chart frame, points
DPI = 288.0


def _ink(pdf: Path, index: int = 0) -> tuple[float, float, float, float]:
    """Left, top, right, bottom of everything not white on page ``index``, points."""
    img = np.asarray(render_page(pdf, index, DPI)).astype(int)
    ys, xs = np.nonzero(np.abs(img - 255).sum(axis=2) > 60)
    k = DPI / 72.0
    return xs.min() / k, ys.min() / k, (xs.max() + 1) / k, (ys.max() + 1) / k


@pytest.mark.parametrize("kind", [XL_CHART_TYPE.DOUGHNUT, XL_CHART_TYPE.PIE])
def test_an_automatic_pie_keeps_an_11_pt_margin(qapp: object, tmp_path: Path, kind: int) -> None:
    prs = new_deck()
    chart_in_points(prs, kind, (X, Y, W, H), ["a", "b", "c"], (1.0, 2.0, 3.0))
    pdf, _ = convert(prs, tmp_path)
    left, top, right, bottom = _ink(pdf)
    assert top == pytest.approx(Y + 11.0, abs=0.6)
    assert bottom == pytest.approx(Y + H - 11.0, abs=0.6)
    assert (left + right) / 2.0 == pytest.approx(X + W / 2.0, abs=0.6)
    assert right - left == pytest.approx(H - 22.0, abs=1.0)


def test_a_manual_plot_area_keeps_its_size(qapp: object, tmp_path: Path) -> None:
    """A stated c:layout places the plot itself: no margin is taken off it."""
    prs = new_deck()
    data = CategoryChartData()
    data.categories = ["a", "b"]
    data.add_series("S", (1.0, 1.0))
    frame = blank_slide(prs).shapes.add_chart(XL_CHART_TYPE.DOUGHNUT, *(Emu(int(v * 12700)) for v in (X, Y, W, H)),
                                              data)  # fmt: skip
    chart = frame.chart
    chart.has_legend = False
    chart.has_title = False
    plot_area = chart._chartSpace.chart.plotArea
    c = "http://schemas.openxmlformats.org/drawingml/2006/chart"
    plot_area.insert(0, etree.fromstring(
        f'<c:layout xmlns:c="{c}"><c:manualLayout><c:layoutTarget val="inner"/><c:xMode val="edge"/>'
        '<c:yMode val="edge"/><c:x val="0.2"/><c:y val="0.1"/><c:w val="0.6"/><c:h val="0.8"/>'
        "</c:manualLayout></c:layout>"
    ))  # fmt: skip
    pdf, _ = convert(prs, tmp_path)
    _, top, _, bottom = _ink(pdf)
    assert bottom - top == pytest.approx(0.8 * H, abs=1.0)
