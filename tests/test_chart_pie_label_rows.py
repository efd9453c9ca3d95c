"""Crowded best-fit pie labels stay in the chart: when one side's outside labels stacked in a column
would be taller than the plot, those of slices near 12 or 6 o'clock go in a row above or below the
pie instead (as Office and LibreOffice lay them out), and no two labels overlap."""

from __future__ import annotations

from pathlib import Path

from pptx.chart.data import CategoryChartData
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION
from pptx.util import Emu
from render_support import blank_slide, convert, new_deck, text_box

X, Y, W, H = 36.0, 36.0, 576.0, 300.0  # the chart frame, points: wide and low
NAMES = [f"Part {chr(ord('A') + i)}" for i in range(12)]


def _label_boxes(tmp_path: Path) -> dict[str, tuple[float, float, float, float]]:
    """Text boxes of the twelve category labels of a pie of one large and eleven smaller slices."""
    data = CategoryChartData()
    data.categories = NAMES
    data.add_series("Mix", (30, 18, 12, 9, 7, 6, 5, 4, 3, 3, 2, 1))
    prs = new_deck()
    chart = (
        blank_slide(prs).shapes.add_chart(XL_CHART_TYPE.PIE, *(Emu(int(v * 12700)) for v in (X, Y, W, H)), data).chart
    )
    chart.has_legend = False
    chart.has_title = False
    plot = chart.plots[0]
    plot.has_data_labels = True
    labels = plot.data_labels
    labels.show_category_name = True
    labels.show_percentage = True
    labels.show_value = False
    labels.position = XL_LABEL_POSITION.BEST_FIT
    pdf, _ = convert(prs, tmp_path)
    out = {}
    for name in NAMES:
        box = text_box(pdf, name)
        assert box is not None, name
        out[name] = box
    return out


def test_crowded_outside_labels_stay_in_the_frame_and_apart(qapp: object, tmp_path: Path) -> None:
    boxes = _label_boxes(tmp_path)
    for name, (left, top, right, bottom) in boxes.items():
        inside = left >= X - 1 and right <= X + W + 1 and top >= Y - 1 and bottom <= Y + H + 1
        assert inside, (name, boxes[name])
    names = list(boxes)
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            (al, at, ar, ab), (bl, bt, br, bb) = boxes[a], boxes[b]
            overlap = min(ar, br) - max(al, bl) > 0.5 and min(ab, bb) - max(at, bt) > 0.5
            assert not overlap, (a, boxes[a], b, boxes[b])
