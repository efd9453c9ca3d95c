"""Pie and doughnut charts: slices clockwise from the first-slice angle, explosion, hole, labels."""

from __future__ import annotations

import logging
import math

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QPainterPath

from worker.render.charts.frame import Frame, LeaderStart
from worker.render.charts.model import DataLabels, Group, GroupKind, Series
from worker.render.charts.plots import _label_text, _point_labels

log = logging.getLogger(__name__)

OUTSIDE_GAP_SHARE = 0.25  # rim to outside-end label, share of the label's line box
SIDE_SHARE = 0.38  # |sin| under which a bisector counts as vertical (or horizontal): label centred
MIN_PIE_SHARE = 0.3  # outside labels never shrink a pie below this share of its full radius


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
    doughnut = group.kind is GroupKind.DOUGHNUT
    if not doughnut:
        series_list = series_list[:1]  # a pie shows its first series only
        layout = frame.chart.plot_layout
        if layout is None or not layout.inner:  # a manual inner plot area is the pie's own size
            square = _fit_outside_labels(frame, group, series_list[0], rect, square)
    radius = square.width() / 2.0
    center = square.center()
    hole = min(max(group.hole_size, 10.0), 90.0) / 100.0 if doughnut else 0.0
    rings = len(series_list)
    ring_width = radius * (1.0 - hole) / rings
    labels: list[tuple[str, QPointF, DataLabels, str, str, LeaderStart]] = []
    for index, series in enumerate(series_list):
        ring = rings - 1 - index  # rings counted from the outside: the first series is the innermost
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
                h_align = v_align = "c"
                if pos == "outEnd" and not doughnut:
                    at, h_align, v_align = _outside(c, direction, outer, _gap(frame, spec))
                elif pos == "outEnd":
                    at = c + direction * (outer * 1.12)
                elif pos == "inEnd":
                    at = c + direction * (outer * 0.8)
                elif doughnut:
                    at = c + direction * ((outer + inner) / 2.0)
                else:
                    at = c + direction * (outer * 0.65)
                # A moved label's leader starts on the slice's rim at its mid-angle.
                leader = LeaderStart(c + direction * outer, center, radius)
                labels.append((text, at, spec, h_align, v_align, leader))
            angle += sweep
    for text, at, spec, h_align, v_align, leader in labels:
        frame.label(spec, text, frame.styler.font(spec.text), at, h_align, v_align, leader)


def _gap(frame: Frame, spec: DataLabels) -> float:
    """Room between the rim and an outside-end label: a quarter of the label's line."""
    return frame.styler.line_box(frame.styler.font(spec.text)) * OUTSIDE_GAP_SHARE


def _outside(center: QPointF, direction: QPointF, radius: float, gap: float) -> tuple[QPointF, str, str]:
    """Anchor and alignment of an outside-end label: its box touches the point just past the rim
    on the slice's bisector from outside (a label right of the pie starts there, one below hangs
    from it), so labels never cover their slice whatever their width."""
    at = center + direction * (radius + gap)
    dx, dy = direction.x(), direction.y()
    h_align = "c" if abs(dx) < SIDE_SHARE else ("l" if dx > 0 else "r")
    v_align = "c" if abs(dy) < SIDE_SHARE else ("t" if dy > 0 else "b")
    return at, h_align, v_align


def _fit_outside_labels(frame: Frame, group: Group, series: Series, rect: QRectF, square: QRectF) -> QRectF:
    """The pie's square, shrunk about its centre until its outside-end labels fit in ``rect``:
    PowerPoint's automatic plot area holds a pie's outside labels, so the pie gives them room."""
    values = [max(v or 0.0, 0.0) for v in series.values]
    total = sum(values)
    if total <= 0:
        return square
    c = square.center()
    radius = square.width() / 2.0
    best = radius
    angle = group.first_slice % 360.0
    for i, v in enumerate(values):
        sweep = v / total * 360.0
        spec = _point_labels(group, series, i)
        mid = math.radians(angle + sweep / 2.0)
        angle += sweep
        if sweep <= 0 or spec is None or not spec.any or i in spec.deleted or spec.position != "outEnd":
            continue
        text = _label_text(frame, spec, series, i, series.values[i] or 0.0, None, v / total, pie=True)
        size = frame.styler.size(text, frame.styler.font(spec.text))
        direction = QPointF(math.sin(mid), -math.cos(mid))
        reach = 1.0 + series.point_explosion.get(i, series.explosion) / 100.0  # rim distance per radius
        at, h_align, v_align = _outside(QPointF(0.0, 0.0), direction, 0.0, _gap(frame, spec))
        # The label box at radius r spans [x0, x1] x [y0, y1] + r * reach * direction.
        x0 = at.x() - {"l": 0.0, "c": size.width() / 2.0, "r": size.width()}[h_align]
        y0 = at.y() - {"t": 0.0, "c": size.height() / 2.0, "b": size.height()}[v_align]
        x1, y1 = x0 + size.width(), y0 + size.height()
        for lo, hi, d, room_lo, room_hi in (
            (x0, x1, direction.x(), rect.left() - c.x(), rect.right() - c.x()),
            (y0, y1, direction.y(), rect.top() - c.y(), rect.bottom() - c.y()),
        ):
            if d * reach > 1e-6:
                best = min(best, (room_hi - hi) / (d * reach))
            elif d * reach < -1e-6:
                best = min(best, (room_lo - lo) / (d * reach))
    best = max(best, radius * MIN_PIE_SHARE)
    if best >= radius:
        return square
    return QRectF(c.x() - best, c.y() - best, best * 2.0, best * 2.0)


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
