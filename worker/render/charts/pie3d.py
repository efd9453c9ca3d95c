"""3-D pies: a tilted disc (an ellipse flattened by the elevation rotX) with a side band below it.

The first slice starts at rotY degrees clockwise from 12 o'clock (pie3DChart has no firstSliceAng).
The band and the radial cut faces of exploded slices are painted back to front, then the tops.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QBrush, QColor, QPainterPath, QPen

from worker.render.charts.frame import Frame
from worker.render.charts.model import Group, Series, View3D
from worker.render.charts.pie import MIN_PIE_SHARE, max_explosion, slice_values
from worker.render.charts.pie_labels import SliceLabel, place, wrapped
from worker.render.charts.pie_labels import paint as paint_labels
from worker.render.charts.plots import _label_text, _point_labels
from worker.render.charts.space3d import shade
from worker.render.charts.style import is_no_fill

log = logging.getLogger(__name__)

THICKNESS = 0.1  # the disc's height as a fraction of its diameter (Office's default pie)
BAND_SHADE = -0.25
CUT_SHADE = -0.12
FIT_ROUNDS = 6  # at most this many times the disc shrinks for its outside labels


@dataclass
class Disc:
    """The top ellipse's centre and radii; points at clockwise angles from 12 o'clock."""

    center: QPointF
    radius: float
    squash: float  # vertical radius over horizontal radius
    drop: float  # the band's height on the page

    def at(self, angle: float, rho: float, shift: QPointF, bottom: bool = False) -> QPointF:
        a = math.radians(angle)
        y = self.center.y() - rho * math.cos(a) * self.squash + (self.drop if bottom else 0.0)
        return QPointF(self.center.x() + rho * math.sin(a), y) + shift

    def rect(self, shift: QPointF, bottom: bool = False) -> QRectF:
        c = self.center + shift + QPointF(0.0, self.drop if bottom else 0.0)
        r, ry = self.radius, self.radius * self.squash
        return QRectF(c.x() - r, c.y() - ry, 2 * r, 2 * ry)


@dataclass
class _Part:
    nearness: float  # larger: nearer the viewer (lower on the page)
    path: QPainterPath
    color: QColor | None
    pen: QPen | None


def disc_for(view: View3D, rect: QRectF, explosion: float) -> Disc:
    elevation = math.radians(min(max(abs(view.rot_x), 10.0), 90.0))
    squash = math.sin(elevation)
    height_factor = (view.h_percent or 100.0) / 100.0
    thickness = THICKNESS * 2.0 * height_factor * math.cos(elevation)  # per unit radius, on the page
    grow = 1.0 + explosion
    radius = min(rect.width() / (2.0 * grow), rect.height() / (2.0 * squash * grow + thickness))
    drop = thickness * radius
    center = QPointF(rect.center().x(), rect.center().y() - drop / 2.0)
    return Disc(center, radius, squash, drop)


def paint_pie_3d(frame: Frame, group: Group, rect: QRectF) -> None:
    series = next((s for s in group.series if any(v for v in s.values)), None)
    if series is None:
        return
    view = frame.chart.view3d or View3D(rot_x=30.0, rot_y=0.0)
    explosion = max_explosion(group)
    disc = disc_for(view, rect, explosion)
    values = slice_values(series)
    total = sum(values)
    if total <= 0:
        return
    texts: dict[int, str] = {}
    layout = frame.chart.plot_layout
    if layout is None or not layout.inner:  # a manual inner plot area is the pie's own size
        disc = _fit_outside_labels(frame, group, series, view, rect, disc, explosion, texts)
    parts: list[_Part] = []
    tops: list[tuple[QPainterPath, int]] = []
    angle = view.rot_y % 360.0
    for i, v in enumerate(values):
        sweep = v / total * 360.0
        if sweep <= 0:
            continue
        look = frame.look(group, series, i)
        color = look.color if not is_no_fill(look.sp_pr) else None
        shift = _shift(disc, series, i, angle + sweep / 2.0)
        parts += _band(disc, angle, sweep, shift, color, look.pen)
        parts += _cuts(disc, angle, sweep, shift, color, look.pen)
        tops.append((_top(disc, angle, sweep, shift), i))
        angle += sweep
    painter = frame.painter
    for part in sorted(parts, key=lambda p: p.nearness):
        if part.color is not None:
            painter.fillPath(part.path, QBrush(part.color))
        if part.pen is not None:
            painter.strokePath(part.path, part.pen)
    for path, i in tops:
        look = frame.look(group, series, i)
        frame.fill(look.sp_pr, path, look.color, three_d=True)
        frame.stroke(look.pen, path)
    # Best fit inside a slice's top or outside the disc, spread apart, leader lines from the top's rim.
    labels = _labels(frame, group, series, view, disc, texts)
    place(frame, labels, rect, True)
    paint_labels(frame, labels, disc.center, disc.radius)


def _shift(disc: Disc, series: Series, i: int, mid_angle: float) -> QPointF:
    """An exploded slice's offset on the page, along its bisector on the tilted disc."""
    mid = math.radians(mid_angle)
    explode = series.point_explosion.get(i, series.explosion) / 100.0 * disc.radius
    return QPointF(math.sin(mid) * explode, -math.cos(mid) * explode * disc.squash)


def _labels(frame: Frame, group: Group, series: Series, view: View3D, disc: Disc,
            texts: dict[int, str]) -> list[SliceLabel]:  # fmt: skip
    """The slices' labels on ``disc``, unplaced; ``texts`` keeps their wrapped texts by point."""
    values = slice_values(series)
    total = sum(values)
    labels: list[SliceLabel] = []
    angle = view.rot_y % 360.0
    for i, v in enumerate(values):
        sweep = v / total * 360.0
        spec = _point_labels(group, series, i)
        if sweep > 0 and spec is not None and spec.any and i not in spec.deleted:
            if i not in texts:
                text = _label_text(frame, spec, series, i, series.values[i] or 0.0, None, v / total, pie=True)
                texts[i] = wrapped(frame, spec, text)
            text = texts[i]
            shift = _shift(disc, series, i, angle + sweep / 2.0)
            labels.append(SliceLabel(text, spec, disc.center + shift, angle, sweep, disc.radius, point=i,
                                     squash=disc.squash, drop=disc.drop))  # fmt: skip
        angle += sweep
    return labels


def _fit_outside_labels(frame: Frame, group: Group, series: Series, view: View3D, rect: QRectF, disc: Disc,
                        explosion: float, texts: dict[int, str]) -> Disc:  # fmt: skip
    """The disc, shrunk and moved until its outside labels (before spreading) fit in ``rect``, as
    PowerPoint's automatic plot area holds them: each round takes what they overhang off that side."""
    room = QRectF(rect)
    for _ in range(FIT_ROUNDS):
        labels = _labels(frame, group, series, view, disc, texts)
        place(frame, labels, rect, True, spread=False)
        used = disc.rect(QPointF()).united(disc.rect(QPointF(), bottom=True))
        for label in labels:
            if label.outside and label.anchor is not None:
                font = frame.styler.font(label.spec.text)
                used = used.united(frame.label_box(label.spec, label.text, font, label.anchor, label.h_align,
                                                   label.v_align))  # fmt: skip
        over = (
            max(rect.left() - used.left(), 0.0),
            max(rect.top() - used.top(), 0.0),
            max(used.right() - rect.right(), 0.0),
            max(used.bottom() - rect.bottom(), 0.0),
        )
        if max(over) < 0.5:
            break
        smaller = room.adjusted(over[0], over[1], -over[2], -over[3])
        if smaller.width() < rect.width() * MIN_PIE_SHARE or smaller.height() < rect.height() * MIN_PIE_SHARE:
            break
        room = smaller
        disc = disc_for(view, room, explosion)
    return disc


def _top(disc: Disc, start: float, sweep: float, shift: QPointF) -> QPainterPath:
    box = disc.rect(shift)
    path = QPainterPath()
    if sweep >= 359.999:
        path.addEllipse(box)
        return path
    path.moveTo(disc.center + shift)
    path.arcTo(box, 90.0 - start, -sweep)  # Qt: counter-clockwise degrees from 3 o'clock
    path.closeSubpath()
    return path


def _front_spans(start: float, sweep: float) -> list[tuple[float, float]]:
    """Parts of [start, start + sweep] (clockwise degrees) on the near half, 90..270 modulo 360."""
    out: list[tuple[float, float]] = []
    end = start + sweep
    for base in (-360.0, 0.0, 360.0):
        lo, hi = max(start, base + 90.0), min(end, base + 270.0)
        if hi - lo > 1e-6:
            out.append((lo, hi))
    return out


def _band(disc: Disc, start: float, sweep: float, shift: QPointF, color: QColor | None,
          pen: QPen | None) -> list[_Part]:  # fmt: skip
    parts: list[_Part] = []
    top, bottom = disc.rect(shift), disc.rect(shift, bottom=True)
    for lo, hi in _front_spans(start, sweep):
        path = QPainterPath()
        path.arcMoveTo(top, 90.0 - lo)
        path.arcTo(top, 90.0 - lo, -(hi - lo))
        path.lineTo(disc.at(hi, disc.radius, shift, bottom=True))
        path.arcTo(bottom, 90.0 - hi, hi - lo)
        path.closeSubpath()
        nearness = -math.cos(math.radians((lo + hi) / 2.0)) * disc.radius + shift.y() / max(disc.squash, 1e-6)
        parts.append(_Part(nearness, path, shade(color, BAND_SHADE) if color is not None else None, pen))
    return parts


def _cuts(disc: Disc, start: float, sweep: float, shift: QPointF, color: QColor | None,
          pen: QPen | None) -> list[_Part]:  # fmt: skip
    """The radial faces at either end of a slice that face the viewer (seen where slices part)."""
    if sweep >= 359.999:
        return []
    parts: list[_Part] = []
    end = start + sweep
    for angle, visible in ((start, 180.0 < start % 360.0 < 360.0), (end, 0.0 < end % 360.0 < 180.0)):
        if not visible:
            continue
        c_top = disc.center + shift
        c_bottom = c_top + QPointF(0.0, disc.drop)
        rim_top = disc.at(angle, disc.radius, shift)
        rim_bottom = disc.at(angle, disc.radius, shift, bottom=True)
        path = QPainterPath(c_top)
        for p in (rim_top, rim_bottom, c_bottom):
            path.lineTo(p)
        path.closeSubpath()
        nearness = -math.cos(math.radians(angle)) * disc.radius / 2.0 + shift.y() / max(disc.squash, 1e-6)
        parts.append(_Part(nearness, path, shade(color, CUT_SHADE) if color is not None else None, pen))
    return parts
