"""Sunbursts: one ring per hierarchy level around a hole as wide as a ring, from twelve o'clock
clockwise, siblings from the largest down, coloured by top-level branch; labels run along the radius."""

from __future__ import annotations

import logging
import math

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor, QPainterPath, QPen

from worker.render.chartex.canvas import LABEL_SIZE, Canvas
from worker.render.chartex.hierarchy import Node, frame_hierarchy
from worker.render.chartex.model import Series
from worker.render.charts.numfmt import format_value
from worker.render.charts.text import Font

log = logging.getLogger(__name__)


def paint_sunburst(canvas: Canvas, area: QRectF) -> None:
    tree = frame_hierarchy(canvas, area, "sunburst")
    series, root, colors, room = tree.series, tree.root, tree.colors, tree.room
    levels = root.height
    if levels == 0 or root.value <= 0:
        return
    radius = min(room.width(), room.height()) / 2.0
    ring = radius / (levels + 1)
    centre = room.center()
    labels = series.labels
    font = canvas.font(labels.text if labels is not None else None, LABEL_SIZE, canvas.white)
    texts: Texts = []
    _paint_ring(canvas, series, root, centre, ring, 90.0, 360.0, colors, texts)
    for text, at, angle, room_along in texts:
        _label(canvas, text, font, at, angle, room_along)


Texts = list[tuple[str, QPointF, float, float]]  # label, its centre, its angle, the slice's width there


def _paint_ring(canvas: Canvas, series: Series, node: Node, centre: QPointF, ring: float, start: float,
                span: float, colors: dict[int, QColor], texts: Texts) -> None:  # fmt: skip
    """Children of ``node`` share ``span`` degrees clockwise from ``start`` (Qt angles: counter-clockwise
    from three o'clock, so clockwise is negative)."""
    pen = QPen(canvas.white, 0.75)
    angle = start
    for c in node.children:
        sweep = span * (c.value / node.value) if node.value > 0 else 0.0  # the share first: 360 * 1e308 overflows
        inner, outer = ring * c.depth, ring * (c.depth + 1)
        shape = _sector(centre, inner, outer, angle, -sweep)
        sp_pr = series.point_sp_pr.get(c.index) if c.index is not None else None
        canvas.fill(shape, sp_pr or series.sp_pr, colors[c.branch], pen)
        text = _text(series, c)
        if text:
            mid = math.radians(angle - sweep / 2)
            r = (inner + outer) / 2
            at = QPointF(centre.x() + r * math.cos(mid), centre.y() - r * math.sin(mid))
            texts.append((text, at, angle - sweep / 2, 2 * math.pi * r * sweep / 360.0))
        if c.children:
            _paint_ring(canvas, series, c, centre, ring, angle, sweep, colors, texts)
        angle -= sweep


def _sector(centre: QPointF, inner: float, outer: float, start: float, sweep: float) -> QPainterPath:
    shape = QPainterPath()
    box = QRectF(centre.x() - outer, centre.y() - outer, 2 * outer, 2 * outer)
    shape.arcMoveTo(box, start)
    shape.arcTo(box, start, sweep)
    hole = QRectF(centre.x() - inner, centre.y() - inner, 2 * inner, 2 * inner)
    shape.arcTo(hole, start + sweep, -sweep)
    shape.closeSubpath()
    return shape


def _text(series: Series, node: Node) -> str:
    labels = series.labels
    if labels is None:
        return ""
    parts = []
    if labels.show_category:
        parts.append(node.name)
    if labels.show_value:
        parts.append(format_value(node.value, labels.format_code or series.data.format_code))
    return labels.separator.join(parts) if len(parts) > 1 and "\n" not in labels.separator else "\n".join(parts)


def _label(canvas: Canvas, text: str, font: Font, at: QPointF, angle: float, across: float) -> None:
    """Along the radius, kept upright (turned half round on the left side); skipped when the slice
    is thinner than the text's line."""
    _, height = canvas.measure(text, font)
    if across < height * 0.8:
        return
    rotation = -angle % 360.0  # Qt rotates clockwise; our angle counts counter-clockwise
    if 90.0 < rotation < 270.0:
        rotation -= 180.0
    canvas.text(text, font, at, "c", "c", rotation)
