"""Pie and doughnut charts: slices clockwise from the first-slice angle, explosion, hole, labels
(placed by pie_labels)."""

from __future__ import annotations

import logging
import math

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QPainterPath

from worker.render.charts.frame import Frame
from worker.render.charts.model import DataLabels, Group, GroupKind, Series
from worker.render.charts.pie_labels import (
    SliceLabel,
    best_fit_inside,
    gap,
    inside_anchor,
    outside,
    place,
    wrapped,
)
from worker.render.charts.pie_labels import paint as paint_labels
from worker.render.charts.plots import _label_text, _point_labels

log = logging.getLogger(__name__)

MIN_PIE_SHARE = 0.3  # outside labels never shrink a pie below this share of its full radius
# An automatic pie's or doughnut's rim stays this far inside the chart area, pt: native PowerPoint
# exports draw a doughnut 22 pt smaller than its chart's smaller side, centred
# (github.com/developer0hye/office2pdf/issues/1425).
AUTO_PIE_MARGIN = 11.0


def slice_values(series: Series) -> list[float]:
    """The sizes of a pie's or doughnut's slices: a negative value draws a slice of its absolute
    size (its label keeps the sign), as Office and LibreOffice draw it; a blank is empty."""
    return [abs(v or 0.0) for v in series.values]


def pie_square(rect: QRectF, explosion: float) -> QRectF:
    """The pie's bounding square, shrunk so exploded slices stay inside ``rect``."""
    side = min(rect.width(), rect.height()) / (1.0 + explosion)
    c = rect.center()
    return QRectF(c.x() - side / 2, c.y() - side / 2, side, side)


def exploding(group: Group) -> list[Series]:
    """The series whose c:explosion moves slices out: all of a pie's, a doughnut's outermost ring
    only (Office explodes no inner ring)."""
    if group.kind is GroupKind.DOUGHNUT:
        shown = [s for s in group.series if any(v for v in s.values)]
        return shown[-1:]
    return group.series


def max_explosion(group: Group) -> float:
    out = 0.0
    for series in exploding(group):
        out = (
            max(out, series.explosion, *series.point_explosion.values())
            if series.point_explosion
            else max(out, series.explosion)
        )
    return min(out, 400.0) / 100.0


def paint_pie(frame: Frame, group: Group, rect: QRectF, inset: float = 0.0) -> None:
    """The pie or doughnut in ``rect``, its square ``inset`` further in (its labels may use all of
    ``rect``)."""
    series_list = [s for s in group.series if any(v for v in s.values)]
    if not series_list:
        return
    explosion = max_explosion(group)
    square = pie_square(rect.adjusted(inset, inset, -inset, -inset), explosion)
    doughnut = group.kind is GroupKind.DOUGHNUT
    outside_at: set[int] | None = None
    if not doughnut:
        series_list = series_list[:1]  # a pie shows its first series only
        layout = frame.chart.plot_layout
        if layout is None or not layout.inner:  # a manual inner plot area is the pie's own size
            square, outside_at = _fit_outside_labels(frame, group, series_list[0], rect, square)
    radius = square.width() / 2.0
    center = square.center()
    hole = min(max(group.hole_size, 10.0), 90.0) / 100.0 if doughnut else 0.0
    rings = len(series_list)
    ring_width = radius * (1.0 - hole) / rings
    labels: list[SliceLabel] = []
    exploded = exploding(group)
    for index, series in enumerate(series_list):
        ring = rings - 1 - index  # rings counted from the outside: the first series is the innermost
        explodes = any(series is s for s in exploded)
        outer = radius - ring * ring_width if doughnut else radius
        inner = outer - ring_width if doughnut else 0.0
        values = slice_values(series)
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
            shift = series.point_explosion.get(i, series.explosion) / 100.0 * radius if explodes else 0.0
            c = center + direction * shift
            shape = _slice(c, outer, inner, angle, sweep)
            look = frame.look(group, series, i)
            frame.fill(look.sp_pr, shape, look.color)
            frame.stroke(look.pen, shape)
            if spec is not None and spec.any and i not in spec.deleted:
                text = _label_text(frame, spec, series, i, series.values[i] or 0.0, None, v / total, pie=not doughnut)
                text = wrapped(frame, spec, text)
                labels.append(SliceLabel(text, spec, c, angle, sweep, outer, inner, i))
            angle += sweep
    if doughnut:
        # A doughnut's rings have no outside: an outside-end label (which some writers state) sits
        # just past its ring's rim, centred.
        for label in labels:
            if label.spec.position == "outEnd":
                label.anchor = label.center + label.direction * (label.outer * 1.12)
    place(frame, [lb for lb in labels if lb.anchor is None], rect, not doughnut, outside_at)
    paint_labels(frame, labels, center, radius)


def _fit_outside_labels(frame: Frame, group: Group, series: Series, rect: QRectF,
                        square: QRectF) -> tuple[QRectF, set[int]]:  # fmt: skip
    """The pie's square, shrunk (and moved) until its outside labels fit in ``rect``: PowerPoint's
    automatic plot area holds a pie's outside labels, so the pie gives them room.
    Outside labels are the outside-end ones and the best-fit ones too big for their slice of the
    full-size pie (also returned). Which go outside is decided once, on the full pie: PowerPoint
    keeps a best-fit label inside a slice it fits at full size although the pie then shrinks for
    its neighbours' outside labels (its own PDF of a 42/28/15/10/5 % pie: only the 5 % label goes
    outside; deciding again on the shrunk pie sent the 10 % one out too, and then more)."""
    texts: dict[int, str] = {}
    outside_at = _outside_points(frame, group, series, square.center(), square.width() / 2.0, texts)
    if not outside_at:
        return square, outside_at
    return _fitted_square(frame, group, series, rect, square, outside_at, texts), outside_at


def _text(frame: Frame, spec: DataLabels, series: Series, i: int, share: float, texts: dict[int, str]) -> str:
    """A pie label's wrapped text, made once per point while the pie is fitted."""
    if i not in texts:
        raw = _label_text(frame, spec, series, i, series.values[i] or 0.0, None, share, pie=True)
        texts[i] = wrapped(frame, spec, raw)
    return texts[i]


def _outside_points(frame: Frame, group: Group, series: Series, center: QPointF, radius: float,
                    texts: dict[int, str]) -> set[int]:  # fmt: skip
    """The points whose labels go outside a pie of ``radius``."""
    values = slice_values(series)
    total = sum(values)
    out: set[int] = set()
    if total <= 0:
        return out
    angle = group.first_slice % 360.0
    for i, v in enumerate(values):
        sweep = v / total * 360.0
        spec = _point_labels(group, series, i)
        start = angle
        angle += sweep
        if sweep <= 0 or spec is None or not spec.any or i in spec.deleted:
            continue
        if spec.position == "outEnd":
            out.add(i)
        elif best_fit_inside(spec.position):
            text = _text(frame, spec, series, i, v / total, texts)
            label = SliceLabel(text, spec, center, start, sweep, radius)
            shift = series.point_explosion.get(i, series.explosion) / 100.0 * radius
            label.center = center + label.direction * shift
            if inside_anchor(frame, label) is None:
                out.add(i)
    return out


def _fitted_square(frame: Frame, group: Group, series: Series, rect: QRectF, square: QRectF,
                   outside_at: set[int], texts: dict[int, str]) -> QRectF:  # fmt: skip
    """The pie's square at the largest radius (at most the square's, at least MIN_PIE_SHARE of
    it) at which the pie and the labels of ``outside_at``, placed outside the rim, fit in
    ``rect``, the whole centred in ``rect`` (the pie moves away from a side crowded with labels)."""
    values = slice_values(series)
    total = sum(values)
    radius = square.width() / 2.0
    grow = 1.0 + max_explosion(group)
    # Each extent is linear in the radius r: r * slope + offset, from the pie's centre.
    lows: list[list[tuple[float, float]]] = [[(-grow, 0.0)], [(-grow, 0.0)]]  # x, y
    highs: list[list[tuple[float, float]]] = [[(grow, 0.0)], [(grow, 0.0)]]
    angle = group.first_slice % 360.0
    for i, v in enumerate(values):
        sweep = v / total * 360.0 if total > 0 else 0.0
        spec = _point_labels(group, series, i)
        mid = math.radians(angle + sweep / 2.0)
        angle += sweep
        if i not in outside_at or spec is None:
            continue
        text = _text(frame, spec, series, i, v / total, texts)
        size = frame.styler.size(text, frame.styler.font(spec.text))
        direction = QPointF(math.sin(mid), -math.cos(mid))
        reach = 1.0 + series.point_explosion.get(i, series.explosion) / 100.0  # rim distance per radius
        at, h_align, v_align = outside(QPointF(0.0, 0.0), direction, 0.0, gap(frame, spec))
        x0 = at.x() - {"l": 0.0, "c": size.width() / 2.0, "r": size.width()}[h_align]
        y0 = at.y() - {"t": 0.0, "c": size.height() / 2.0, "b": size.height()}[v_align]
        for axis, (lo, d, extent) in enumerate(((x0, direction.x(), size.width()), (y0, direction.y(), size.height()))):
            lows[axis].append((d * reach, lo))
            highs[axis].append((d * reach, lo + extent))
    if len(lows[0]) == 1:
        return square

    def span(r: float, axis: int) -> tuple[float, float]:
        return min(r * a + b for a, b in lows[axis]), max(r * a + b for a, b in highs[axis])

    def fits(r: float) -> bool:
        (x0, x1), (y0, y1) = span(r, 0), span(r, 1)
        return x1 - x0 <= rect.width() + 1e-6 and y1 - y0 <= rect.height() + 1e-6

    if fits(radius):
        return square
    lo_r, hi_r = radius * MIN_PIE_SHARE, radius
    if fits(lo_r):
        for _ in range(40):
            mid_r = (lo_r + hi_r) / 2.0
            lo_r, hi_r = (mid_r, hi_r) if fits(mid_r) else (lo_r, mid_r)
    r = lo_r
    (x0, x1), (y0, y1) = span(r, 0), span(r, 1)
    cx = rect.left() + (rect.width() - (x1 - x0)) / 2.0 - x0
    cy = rect.top() + (rect.height() - (y1 - y0)) / 2.0 - y0
    return QRectF(cx - r, cy - r, r * 2.0, r * 2.0)


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
