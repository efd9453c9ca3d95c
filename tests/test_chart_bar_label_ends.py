"""Data labels at a bar's end or base (c:dLblPos outEnd, inEnd, inBase) follow the way the bar grows:
a negative bar's end is its far side below or left of the axis, and a reversed value axis turns
every bar round. Checked against the red bar's pixels on the rendered page."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION
from render_support import chart_in_points, convert, new_deck, pixel, red_value_labels, render_page, text_box

X, Y, W, H = 36.0, 36.0, 576.0, 432.0  # the chart frame, points
BESIDE = 20.0  # points from a label's centre across the bar to a pixel of the bar clear of the text


def _page(tmp_path: Path, kind: XL_CHART_TYPE, position: str, reverse: bool = False) -> tuple[Path, Image.Image]:
    """A bar or column chart of one red series valued 47 and -33 with value labels at ``position``."""
    prs = new_deck()
    chart = chart_in_points(prs, kind, (X, Y, W, H), ["a", "b"], (47.0, -33.0))
    chart.value_axis.minimum_scale, chart.value_axis.maximum_scale = -60.0, 60.0
    chart.value_axis.has_major_gridlines = False
    chart.value_axis.reverse_order = reverse
    red_value_labels(chart, getattr(XL_LABEL_POSITION, position))
    pdf, _ = convert(prs, tmp_path)
    return pdf, render_page(pdf, dpi=144.0)


def _red(image: Image.Image, x: float, y: float) -> bool:
    r, g, b = pixel(image, x, y, dpi=144.0)
    return r > 200 and g < 80 and b < 80


def _run(image: Image.Image, start: tuple[float, float], step: tuple[float, float]) -> tuple[float, float]:
    """The red run through ``start`` along ``step`` (points): its two ends, lowest first."""
    x, y = start
    assert _red(image, x, y), f"no bar at {start}"
    ends = []
    for sign in (-1.0, 1.0):
        t = 0.0
        while _red(image, x + sign * (t + 0.5) * step[0], y + sign * (t + 0.5) * step[1]):
            t += 0.5
        ends.append(x + sign * t * step[0] if step[0] else y + sign * t * step[1])
    return min(ends), max(ends)


# (position, reversed axis) -> where the label of the bar valued ``needle`` sits along the bar:
# "out-far" beyond its end, "in-far" inside at its end, "in-near" inside at its base.
CASES = [
    ("OUTSIDE_END", False, "33", "out-far"),
    ("INSIDE_END", False, "33", "in-far"),
    ("INSIDE_BASE", False, "33", "in-near"),
    ("OUTSIDE_END", False, "47", "out-far"),
    ("OUTSIDE_END", True, "33", "out-far"),
    ("INSIDE_END", True, "47", "in-far"),
    ("INSIDE_BASE", True, "47", "in-near"),
]


@pytest.mark.parametrize(("position", "reverse", "needle", "where"), CASES)
def test_horizontal_bar_labels_sit_at_the_bar_end(qapp: object, tmp_path: Path, position: str, reverse: bool,
                                                  needle: str, where: str) -> None:  # fmt: skip
    pdf, image = _page(tmp_path, XL_CHART_TYPE.BAR_CLUSTERED, position, reverse)
    box = text_box(pdf, needle)
    assert box is not None
    left, top, right, bottom = box
    middle_y = (top + bottom) / 2.0
    # The bar runs level through the label's row, a little above or below the text.
    lo, hi = _run(image, ((left + right) / 2.0 if where != "out-far" else _zero_x(image, middle_y + BESIDE),
                          middle_y + BESIDE), (1.0, 0.0))  # fmt: skip
    value_left = (needle == "33") != reverse  # the bar's far end is on the left
    far, near = (lo, hi) if value_left else (hi, lo)
    if where == "out-far":
        assert (right <= far + 1.0) if value_left else (left >= far - 1.0)
    elif where == "in-far":
        assert lo - 1.0 <= left and right <= hi + 1.0
        assert abs((left if value_left else right) - far) < abs((left if value_left else right) - near)
    else:
        assert lo - 1.0 <= left and right <= hi + 1.0
        assert abs((right if value_left else left) - near) < abs((right if value_left else left) - far)


def _zero_x(image: Image.Image, y: float) -> float:
    """A point inside the bar on row ``y``: the first red pixel from the left."""
    x = X
    while x < X + W and not _red(image, x, y):
        x += 0.5
    return x + 1.0


@pytest.mark.parametrize(("position", "reverse", "needle", "where"), CASES)
def test_column_labels_sit_at_the_column_end(qapp: object, tmp_path: Path, position: str, reverse: bool,
                                             needle: str, where: str) -> None:  # fmt: skip
    pdf, image = _page(tmp_path, XL_CHART_TYPE.COLUMN_CLUSTERED, position, reverse)
    box = text_box(pdf, needle)
    assert box is not None
    left, top, right, bottom = box
    middle_x = (left + right) / 2.0
    column_x = middle_x + BESIDE
    start_y = (top + bottom) / 2.0 if where != "out-far" else _first_red_y(image, column_x)
    lo, hi = _run(image, (column_x, start_y), (0.0, 1.0))
    value_down = (needle == "33") != reverse  # the column's far end is at the bottom
    far, near = (hi, lo) if value_down else (lo, hi)
    if where == "out-far":
        assert (top >= far - 1.0) if value_down else (bottom <= far + 1.0)
    elif where == "in-far":
        assert lo - 1.0 <= top and bottom <= hi + 1.0
        edge = bottom if value_down else top
        assert abs(edge - far) < abs(edge - near)
    else:
        assert lo - 1.0 <= top and bottom <= hi + 1.0
        edge = top if value_down else bottom
        assert abs(edge - near) < abs(edge - far)


def _first_red_y(image: Image.Image, x: float) -> float:
    y = Y
    while y < Y + H and not _red(image, x, y):
        y += 0.5
    return y + 1.0
