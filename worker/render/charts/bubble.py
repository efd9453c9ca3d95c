"""Bubble charts: a scatter chart whose points are discs (x from c:xVal, y from c:yVal, size from
c:bubbleSize), drawn on two value axes."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor, QPainterPath, QPen, QRadialGradient

from worker.deck.xml import local
from worker.render.charts.axes import AxisGeom
from worker.render.charts.bubble_size import BubbleSizer, sizes_of, x_of
from worker.render.charts.frame import Frame, Look
from worker.render.charts.model import Group, Series
from worker.render.charts.plots import Label, _label_text, _point_labels
from worker.render.charts.style import find_fill

log = logging.getLogger(__name__)

NEGATIVE_LINE = 0.75  # outline of a hollow (negative) bubble without its own line, pt


@dataclass
class _Bubble:
    diameter: float
    center: QPointF
    series: Series
    index: int
    size: float


def paint_bubbles(frame: Frame, group: Group, xa: AxisGeom, ya: AxisGeom) -> list[Label]:
    """The group's bubbles, largest first (small ones stay visible on top), then their labels."""
    plot = xa.rect
    side = min(plot.width(), plot.height())
    sizer = BubbleSizer.of(group)
    bubbles: list[_Bubble] = []
    for series in group.series:
        sizes = sizes_of(series)
        for i, y in enumerate(series.values):
            x = x_of(series, i)
            size = sizes[i] if i < len(sizes) else None
            if y is None or x is None or size is None or not sizer.shown(size):
                continue
            p = QPointF(xa.value(x), ya.value(y)) if xa.horizontal else QPointF(ya.value(y), xa.value(x))
            bubbles.append(_Bubble(sizer.diameter(size, side), p, series, i, size))
    bubbles.sort(key=lambda b: -b.diameter)  # stable: equal bubbles keep the series order
    labels: list[Label] = []
    looks: dict[int, Look] = {}
    for bubble in bubbles:
        series, i = bubble.series, bubble.index
        if i in series.point_sp_pr or frame.vary_by_point(group):
            look = frame.look(group, series, i)
        else:
            look = looks.setdefault(id(series), frame.look(group, series))
        r = bubble.diameter / 2.0
        shape = QPainterPath()
        shape.addEllipse(bubble.center, r, r)
        if bubble.size < 0:
            # Negative bubbles (c:showNegBubbles) are hollow: only their outline, in the series colour.
            frame.stroke(look.pen or QPen(look.color, NEGATIVE_LINE), shape)
        else:
            if group.bubble_3d or series.bubble_3d:
                _paint_shaded(frame, look, shape, bubble.center, r)
            else:
                frame.fill(look.sp_pr, shape, look.color)
            frame.stroke(look.pen, shape)
        spec = _point_labels(group, series, i)
        if spec is not None and spec.any and i not in spec.deleted:
            text = _label_text(frame, spec, series, i, series.values[i] or 0.0, x_of(series, i), size=bubble.size)
            rect = QRectF(bubble.center.x() - r, bubble.center.y() - r, 2 * r, 2 * r)
            # Without c:dLblPos Office puts a bubble's label on its right.
            labels.append(Label(text, rect, spec.position or "r", True, True, spec, look, group=group))
    return labels


def _paint_shaded(frame: Frame, look: Look, shape: QPainterPath, center: QPointF, r: float) -> None:
    """A 3-D bubble: a sphere lit from the upper left (a radial gradient of the bubble's colour)."""
    fill = find_fill(look.sp_pr)
    if fill is None:
        base = look.color
    elif local(fill) == "solidFill":
        base = frame.ctx.color(fill) or look.color
    else:  # gradients, pictures, patterns, no fill: drawn as the XML says
        frame.fill(look.sp_pr, shape, look.color)
        return
    gradient = QRadialGradient(center, r, QPointF(center.x() - 0.35 * r, center.y() - 0.4 * r))
    gradient.setColorAt(0.0, _mix(base, QColor(255, 255, 255, base.alpha()), 0.6))
    gradient.setColorAt(0.6, base)
    gradient.setColorAt(1.0, _mix(base, QColor(0, 0, 0, base.alpha()), 0.35))
    frame.painter.fillPath(shape, gradient)


def _mix(a: QColor, b: QColor, t: float) -> QColor:
    return QColor.fromRgbF(
        a.redF() + (b.redF() - a.redF()) * t,
        a.greenF() + (b.greenF() - a.greenF()) * t,
        a.blueF() + (b.blueF() - a.blueF()) * t,
        a.alphaF(),
    )
