"""High-low lines and up/down bars of line and stock charts (c:hiLowLines, c:upDownBars).

A stock chart is a line chart whose series (open, high, low, close) usually draw no line of their
own: what shows is a vertical line per category from the highest to the lowest value of all series,
and a bar from the first series (open) to the last (close), white when the price rose and black
when it fell (Office's defaults, replaced by the elements' own spPr).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QPainterPath, QPen

from worker.deck.xml import child
from worker.render.charts.axes import AxisGeom
from worker.render.charts.frame import Frame
from worker.render.charts.model import Group
from worker.render.charts.style import fill_shape, outline_pen

log = logging.getLogger(__name__)

LINE_COLOR = QColor(0, 0, 0)
UP_FILL = QColor(0xFF, 0xFF, 0xFF)
DOWN_FILL = QColor(0, 0, 0)


def _values_at(group: Group, index: int) -> list[float]:
    out = []
    for series in group.series:
        value = series.values[index] if index < len(series.values) else None
        if value is not None:
            out.append(value)
    return out


def _count(group: Group) -> int:
    return max((len(s.values) for s in group.series), default=0)


def paint_hi_low_lines(frame: Frame, group: Group, cat: AxisGeom, val: AxisGeom) -> None:
    if group.hi_low_lines is None:
        return
    pen = outline_pen(frame.ctx, child(group.hi_low_lines, "spPr"), QPen(LINE_COLOR, 0.75))
    if pen is None:
        return
    path = QPainterPath()
    for i in range(_count(group)):
        values = _values_at(group, i)
        if len(values) < 2 or not cat.holds(i):
            continue
        at = cat.value(cat.point(i))
        hi, lo = val.value(max(values)), val.value(min(values))
        if cat.horizontal:
            path.moveTo(at, hi)
            path.lineTo(at, lo)
        else:
            path.moveTo(hi, at)
            path.lineTo(lo, at)
    frame.stroke(pen, path)


def paint_up_down_bars(frame: Frame, group: Group, cat: AxisGeom, val: AxisGeom) -> None:
    bars = group.up_down_bars
    if bars is None or len(group.series) < 2:
        return
    first, last = group.series[0], group.series[-1]
    up, down = child(bars, "upBars"), child(bars, "downBars")
    for i in range(_count(group)):
        open_ = first.values[i] if i < len(first.values) else None
        close = last.values[i] if i < len(last.values) else None
        if open_ is None or close is None or not cat.holds(i):
            continue
        a, b = cat.band(cat.point(i))
        start, end = cat.at(a), cat.at(b)
        width = abs(end - start) / (1.0 + group.up_down_gap / 100.0)
        centre = (start + end) / 2.0
        p, q = val.value(open_), val.value(close)
        if cat.horizontal:
            rect = QRectF(centre - width / 2.0, min(p, q), width, abs(p - q))
        else:
            rect = QRectF(min(p, q), centre - width / 2.0, abs(p - q), width)
        shape = QPainterPath()
        shape.addRect(rect)
        rose = close >= open_
        sp_pr = child(up if rose else down, "spPr")
        fill_shape(frame.painter, frame.ctx, sp_pr, shape, UP_FILL if rose else DOWN_FILL)
        frame.stroke(outline_pen(frame.ctx, sp_pr, QPen(LINE_COLOR, 0.75)), shape)
