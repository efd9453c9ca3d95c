"""Pie and doughnut charts: slices clockwise from the first-slice angle, explosion, hole, labels."""

from __future__ import annotations

import logging
import math

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QPainterPath

from worker.render.charts.frame import Frame
from worker.render.charts.model import DataLabels, Group, GroupKind
from worker.render.charts.plots import _label_text, _point_labels

log = logging.getLogger(__name__)


def pie_square(rect: QRectF, explosion: float) -> QRectF:
    """The pie's bounding square, shrunk so exploded slices stay inside ``rect``."""
    side = min(rect.width(), rect.height()) / (1.0 + explosion)
    c = rect.center()
    return QRectF(c.x() - side / 2, c.y() - side / 2, side, side)


def max_explosion(group: Group) -> float:
    out = 0.0
    for series in group.series:
        out = (
            max(out, series.explosion, *series.point_explosion.values())
            if series.point_explosion
            else max(out, series.explosion)
        )
    return min(out, 400.0) / 100.0


def paint_pie(frame: Frame, group: Group, rect: QRectF) -> None:
    series_list = [s for s in group.series if any(v for v in s.values)]
    if not series_list:
        return
    explosion = max_explosion(group)
    square = pie_square(rect, explosion)
    radius = square.width() / 2.0
    center = square.center()
    doughnut = group.kind is GroupKind.DOUGHNUT
    if not doughnut:
        series_list = series_list[:1]  # a pie shows its first series only
    hole = min(max(group.hole_size, 10.0), 90.0) / 100.0 if doughnut else 0.0
    rings = len(series_list)
    ring_width = radius * (1.0 - hole) / rings
    labels: list[tuple[str, QPointF, DataLabels]] = []
    for ring, series in enumerate(series_list):
        outer = radius - ring * ring_width if doughnut else radius
        inner = outer - ring_width if doughnut else 0.0
        values = [max(v or 0.0, 0.0) for v in series.values]
        total = sum(values)
        if total <= 0:
            continue
        angle = group.first_slice % 360.0  # degrees clockwise from 12 o'clock
        for i, v in enumerate(values):
            spec = _point_labels(group, series, i)
            sweep = v / total * 360.0
            if sweep <= 0:
                continue
            mid = math.radians(angle + sweep / 2.0)
            direction = QPointF(math.sin(mid), -math.cos(mid))
            shift = series.point_explosion.get(i, series.explosion) / 100.0 * radius if not doughnut else 0.0
            c = center + direction * shift
            shape = _slice(c, outer, inner, angle, sweep)
            look = frame.look(group, series, i)
            frame.fill(look.sp_pr, shape, look.color)
            frame.stroke(look.pen, shape)
            if spec is not None and spec.any and i not in spec.deleted:
                text = _label_text(frame, spec, series, i, series.values[i] or 0.0, None, v / total, pie=not doughnut)
                pos = spec.position
                if pos == "outEnd":
                    at = c + direction * (outer * 1.12)
                elif pos == "inEnd":
                    at = c + direction * (outer * 0.8)
                elif doughnut:
                    at = c + direction * ((outer + inner) / 2.0)
                else:
                    at = c + direction * (outer * 0.65)
                labels.append((text, at, spec))
            angle += sweep
    for text, at, spec in labels:
        frame.label(spec, text, frame.styler.font(spec.text), at, "c", "c")


def _slice(center: QPointF, outer: float, inner: float, start: float, sweep: float) -> QPainterPath:
    # Qt angles: degrees counter-clockwise from 3 o'clock.
    qt_start = 90.0 - start
    box = QRectF(center.x() - outer, center.y() - outer, outer * 2, outer * 2)
    path = QPainterPath()
    if sweep >= 359.999:
        path.addEllipse(box)
        if inner > 0:
            path.addEllipse(QRectF(center.x() - inner, center.y() - inner, inner * 2, inner * 2))
        return path
    if inner > 0:
        ibox = QRectF(center.x() - inner, center.y() - inner, inner * 2, inner * 2)
        path.arcMoveTo(box, qt_start)
        path.arcTo(box, qt_start, -sweep)
        path.arcTo(ibox, qt_start - sweep, sweep)
        path.closeSubpath()
        return path
    path.moveTo(center)
    path.arcTo(box, qt_start, -sweep)
    path.closeSubpath()
    return path
