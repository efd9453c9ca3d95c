"""Radar charts: one spoke per category, a web of value gridlines, lines/markers or filled polygons."""

from __future__ import annotations

import logging
import math

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor, QPainterPath, QPen, QPolygonF

from worker.render.charts.axes import format_category
from worker.render.charts.frame import Frame
from worker.render.charts.model import Group
from worker.render.charts.numfmt import format_value
from worker.render.charts.plots import Label, _label_text, _point_labels
from worker.render.charts.scale import auto_scale

log = logging.getLogger(__name__)


def paint_radar(frame: Frame, group: Group, rect: QRectF) -> None:
    n = max((len(s.values) for s in group.series), default=0)
    if n < 1:
        return
    values = [v for s in group.series for v in s.values if v is not None]
    scale = auto_scale(min(values, default=0.0), max(values, default=1.0), max_ticks=6)
    font = frame.styler.font(None)
    label_h = frame.styler.size("Ag", font).height()
    source = next((s for s in group.series if s.categories), None)
    raw = source.categories if source is not None else []
    fmt = source.cat_format if source is not None else None
    categories = [format_category(c, fmt, frame.chart.date1904) for c in raw]
    label_w = max((frame.styler.size(c, font).width() for c in categories), default=0.0)
    radius = max(min(rect.width() / 2 - label_w - 4, rect.height() / 2 - label_h - 4), 4.0)
    center = rect.center()

    def at(i: float, v: float) -> QPointF:
        angle = 2 * math.pi * i / n
        r = radius * scale.fraction(min(max(v, scale.minimum), scale.maximum))
        return QPointF(center.x() + r * math.sin(angle), center.y() - r * math.cos(angle))

    web = QPainterPath()
    for t in scale.ticks():
        ring = QPolygonF([at(i, t) for i in range(n)] + [at(0, t)])
        web.addPolygon(ring)
    for i in range(n):
        web.moveTo(center)
        web.lineTo(at(i, scale.maximum))
    frame.painter.strokePath(web, QPen(QColor(0xD9, 0xD9, 0xD9), 0.75))
    for i in range(n):
        tip = at(i, scale.maximum)
        direction = tip - center
        length = math.hypot(direction.x(), direction.y()) or 1.0
        anchor = tip + direction / length * 4.0
        h = "c" if abs(direction.x()) < 1 else ("l" if direction.x() > 0 else "r")
        v = "c" if abs(direction.y()) > 1 and abs(direction.x()) > 1 else ("b" if direction.y() < 0 else "t")
        text = categories[i] if i < len(categories) else str(i + 1)
        frame.styler.draw(frame.painter, text, font, anchor, h, v)
    fmt = group.series[0].val_format if group.series else None
    for t in scale.ticks():
        frame.styler.draw(frame.painter, format_value(t, fmt), font, at(0, t) + QPointF(-3, 0), "r", "c")
    filled = group.radar_style == "filled"
    labels: list[Label] = []
    for series in group.series:
        look = frame.look(group, series)
        indexed = [(i, at(i, v)) for i, v in enumerate(series.values) if v is not None]
        points = [p for _, p in indexed]
        if len(points) < 2:
            continue
        path = QPainterPath(points[0])
        for p in points[1:]:
            path.lineTo(p)
        path.closeSubpath()
        if filled:
            frame.fill(look.sp_pr, path, look.color)
        frame.stroke(look.pen, path)
        for i, p in indexed:
            frame.marker(look, p)
            spec = _point_labels(group, series, i)
            value = series.values[i]
            if spec is not None and spec.any and i not in spec.deleted and value is not None:
                # Beside the point, as on a line chart (radar labels have no c:dLblPos of their own).
                half = look.marker_size / 2.0 if not filled else 0.0
                box = QRectF(p.x() - half, p.y() - half, half * 2.0, half * 2.0)
                text = _label_text(frame, spec, series, i, value, None)
                labels.append(Label(text, box, spec.position or "r", True, True, spec, look))
    for label in labels:  # over every series
        label.paint(frame)
