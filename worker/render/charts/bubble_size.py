"""Bubble sizes as Office scales them, and the room bubbles need along a value axis.

Office draws the largest bubble of a group at a quarter of the plot area's smaller side (times
c:bubbleScale %) and the others in proportion to their size by area, or by width when
c:sizeRepresents is "w". Sizes that are not positive are hidden unless c:showNegBubbles is set.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass

from worker.render.charts.model import Group, Series

log = logging.getLogger(__name__)

DEFAULT_DIAMETER = 0.25  # the largest bubble at bubbleScale 100, as a share of the plot's smaller side


def sizes_of(series: Series) -> list[float | None]:
    """Bubble sizes per point; a series without c:bubbleSize draws every bubble at size 1."""
    if series.bubble_sizes is not None:
        return series.bubble_sizes
    return [1.0] * len(series.values)


def x_of(series: Series, i: int) -> float | None:
    """The x value of point ``i``: c:xVal, or the point number when the series has no numeric x values."""
    if series.x_values:
        return series.x_values[i] if i < len(series.x_values) else None
    return float(i + 1)


@dataclass(frozen=True)
class BubbleSizer:
    """Diameters of one bubble group's bubbles (all its series share the largest size)."""

    largest: float  # the largest size drawn (absolute when negative bubbles show); 0: nothing to draw
    scale: float  # c:bubbleScale / 100
    by_width: bool  # c:sizeRepresents="w": the diameter, not the area, is proportional to the size
    show_negative: bool

    @classmethod
    def of(cls, group: Group) -> BubbleSizer:
        show_negative = group.show_neg_bubbles
        largest = 0.0
        for series in group.series:
            for size in sizes_of(series):
                if size is not None and (size > 0 or show_negative):
                    largest = max(largest, abs(size))
        return cls(largest, group.bubble_scale / 100.0, group.size_represents == "w", show_negative)

    def shown(self, size: float | None) -> bool:
        if size is None or self.largest <= 0 or not math.isfinite(size):
            return False
        return size > 0 or (size < 0 and self.show_negative)

    def diameter(self, size: float, side: float) -> float:
        """Diameter of a bubble of ``size`` in a plot whose smaller side is ``side``."""
        ratio = min(abs(size) / self.largest, 1.0) if self.largest > 0 else 0.0
        if not self.by_width:
            ratio = math.sqrt(ratio)
        return DEFAULT_DIAMETER * self.scale * side * ratio


def padded_range(groups: list[Group], x_axis: bool, length: float, side: float) -> tuple[float, float] | None:
    """The data range of an axis widened so every bubble fits inside it, like Excel's automatic axes.

    ``length`` is the axis' length and ``side`` the plot's smaller side (estimates, in pt). A bubble
    of radius r at value v needs [v - r/length * span, v + r/length * span]; the span itself depends
    on that, so it is found by fixed-point iteration (it converges: each bubble takes under half the axis).
    """
    points: list[tuple[float, float]] = []  # (value, radius as a share of the axis length)
    for group in groups:
        sizer = BubbleSizer.of(group)
        for series in group.series:
            sizes = sizes_of(series)
            for i, y in enumerate(series.values):
                x = x_of(series, i)
                size = sizes[i] if i < len(sizes) else None
                if y is None or x is None or size is None or not sizer.shown(size):
                    continue
                share = sizer.diameter(size, side) / 2.0 / max(length, 1.0)
                points.append((x if x_axis else y, min(share, 0.45)))
    if not points:
        return None
    span = max(v for v, _ in points) - min(v for v, _ in points)
    lo = hi = points[0][0]
    for _ in range(60):
        lo = min(v - f * span for v, f in points)
        hi = max(v + f * span for v, f in points)
        if abs((hi - lo) - span) <= 1e-12 * max(abs(hi), abs(lo), 1.0):
            break
        span = hi - lo
    return lo, hi
