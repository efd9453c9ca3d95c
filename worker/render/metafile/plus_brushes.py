"""EMF+ brushes that QBrush cannot hold as they are: gradient stops, wrap modes, path gradients.

The record parsing stays in emfplus.py; this module turns parsed values into Qt brushes, and paints
path-gradient fills (GDI+ blends from the centre colour to the boundary along each ray from the
centre, which a fan of linear gradients reproduces exactly for a polygon around the centre).
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass, field

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QGradient,
    QImage,
    QLinearGradient,
    QPaintEngine,
    QPainter,
    QPainterPath,
    QPolygonF,
    QTransform,
)

from ..rasters import raster_of

log = logging.getLogger(__name__)

Stops = list[tuple[float, QColor]]
_MAX_FAN = 2048


def mix(a: QColor, b: QColor, t: float) -> QColor:
    """``a`` blended towards ``b`` by ``t`` (0..1), alpha included."""
    t = max(0.0, min(1.0, t))
    return QColor(
        round(a.red() + (b.red() - a.red()) * t),
        round(a.green() + (b.green() - a.green()) * t),
        round(a.blue() + (b.blue() - a.blue()) * t),
        round(a.alpha() + (b.alpha() - a.alpha()) * t),
    )


def clean_stops(stops: Stops) -> Stops:
    """Stops sorted into 0..1, with the ends filled in (a blend need not start at 0 or end at 1)."""
    out = sorted(((max(0.0, min(1.0, p)), c) for p, c in stops if math.isfinite(p)), key=lambda s: s[0])
    if not out:
        return out
    if out[0][0] > 0.0:
        out.insert(0, (0.0, out[0][1]))
    if out[-1][0] < 1.0:
        out.append((1.0, out[-1][1]))
    return out


def factor_stops(positions: list[float], factors: list[float], start: QColor, end: QColor) -> Stops:
    """Blend factors: at each position the colour is ``start`` blended towards ``end`` by its factor."""
    return clean_stops([(p, mix(start, end, f)) for p, f in zip(positions, factors, strict=False)])


def linear_brush(
    rect_left: QPointF, rect_right: QPointF, stops: Stops, wrap: int, transform: QTransform | None
) -> QBrush:
    """A GDI+ linear gradient: it runs along the rectangle's width (the transform turns it)."""
    grad = QLinearGradient(rect_left, rect_right)
    for position, colour in stops:
        grad.setColorAt(position, colour)
    # WrapMode: 0 tile, 1 flip X, 2 flip Y, 3 flip XY, 4 clamp. The gradient varies along X.
    spread = {0: QGradient.Spread.RepeatSpread, 1: QGradient.Spread.ReflectSpread, 2: QGradient.Spread.RepeatSpread}
    spread[3] = QGradient.Spread.ReflectSpread
    grad.setSpread(spread.get(wrap, QGradient.Spread.PadSpread))
    brush = QBrush(grad)
    if transform is not None:
        brush.setTransform(transform)
    return brush


def texture_brush(image: QImage, wrap: int, transform: QTransform | None) -> QBrush:
    """A tiled image (one world unit per pixel); the flip modes mirror every other tile."""
    tile = image
    w, h = image.width(), image.height()
    if wrap in (1, 2, 3) and w * h <= 4_000_000:
        flip_x, flip_y = wrap in (1, 3), wrap in (2, 3)
        tile = QImage(w * (2 if flip_x else 1), h * (2 if flip_y else 1), QImage.Format.Format_ARGB32_Premultiplied)
        tile.fill(0)
        painter = QPainter(tile)
        for col in range(2 if flip_x else 1):
            for row in range(2 if flip_y else 1):
                painter.drawImage(col * w, row * h, image.flipped(_orientation(col == 1, row == 1)))
        painter.end()
    brush = QBrush(tile)
    if transform is not None:
        brush.setTransform(transform)
    return brush


def _orientation(horizontal: bool, vertical: bool) -> Qt.Orientation:
    out = Qt.Orientation(0)
    if horizontal:
        out |= Qt.Orientation.Horizontal
    if vertical:
        out |= Qt.Orientation.Vertical
    return out


@dataclass
class PathGradient:
    """A GDI+ path gradient: ``centre`` colour at ``centre``, ``stops`` from centre (0) to boundary (1)."""

    centre: QPointF
    boundary: list[QPointF]  # a closed polygon (curves flattened), world units
    stops: Stops
    edge_colours: list[QColor] = field(default_factory=list)  # per boundary point, when they differ
    transform: QTransform | None = None

    def fallback(self) -> QColor:
        """One colour for where a gradient cannot be drawn (pens)."""
        return self.stops[0][1] if self.stops else QColor(0, 0, 0, 0)

    def area(self) -> QPainterPath:
        """The boundary (world units): all the gradient can paint."""
        path = QPainterPath()
        if self.boundary:
            path.addPolygon(QPolygonF(self.boundary))
            path.closeSubpath()
        return path if self.transform is None else self.transform.map(path)

    def paint(self, painter: QPainter, target: QPainterPath) -> None:
        """Fill ``target`` (painter coordinates) with the gradient; nothing outside the boundary."""
        points = self.boundary
        if len(points) < 3 or not self.stops:
            return
        if self.transform is not None:
            points = [self.transform.map(p) for p in points]
            centre = self.transform.map(self.centre)
        else:
            centre = self.centre
        painter.save()
        painter.setClipPath(target, Qt.ClipOperation.IntersectClip)
        painter.setPen(Qt.PenStyle.NoPen)
        step = max(1, len(points) // _MAX_FAN)
        ring = points[::step]
        colours = self.edge_colours[::step] if len(self.edge_colours) == len(points) else []
        for i, a in enumerate(ring):
            b = ring[(i + 1) % len(ring)]
            foot = _foot(centre, a, b)
            if foot is None:
                continue
            grad = QLinearGradient(centre, foot)
            edge = mix(colours[i], colours[(i + 1) % len(ring)], 0.5) if colours else None
            for position, colour in self.stops:
                grad.setColorAt(position, edge if edge is not None and position >= 1.0 else colour)
            grad.setSpread(QGradient.Spread.PadSpread)
            # Each triangle reaches a little past its neighbours: no hairline seams between them.
            tri = QPainterPath(centre)
            tri.lineTo(_push(a, b))
            tri.lineTo(_push(b, a))
            tri.closeSubpath()
            painter.fillPath(tri, QBrush(grad))
        painter.restore()


# Translucent gradients in a PDF are drawn as images at this many pixels per point (Qt's PDF engine
# writes gradient stops opaque); the visible part only, at most this many pixels.
_PIXELS_PER_POINT = 1.5
_MAX_PIXELS = 4_000_000


def needs_raster(painter: QPainter, fill: QBrush | PathGradient) -> bool:
    """Whether ``fill`` has transparent stops and ``painter`` writes a PDF."""
    engine = painter.paintEngine()
    if engine is None or engine.type() != QPaintEngine.Type.Pdf:
        return False
    if isinstance(fill, PathGradient):
        return any(c.alpha() < 255 for c in [*(c for _p, c in fill.stops), *fill.edge_colours])
    gradient = fill.gradient()
    return gradient is not None and any(c.alpha() < 255 for _p, c in gradient.stops())


def fill_rastered(painter: QPainter, path: QPainterPath, fill: QBrush | PathGradient) -> None:
    """Fill ``path`` with ``fill`` through an image of the visible part, clipped to the path."""
    region = path.boundingRect()
    if painter.hasClipping():
        region = region.intersected(painter.clipBoundingRect())
    if region.width() <= 0 or region.height() <= 0:
        return
    device = painter.deviceTransform().mapRect(region)
    dpi = painter.device().logicalDpiX() or 72
    points_w, points_h = device.width() * 72.0 / dpi, device.height() * 72.0 / dpi
    scale = min(_PIXELS_PER_POINT, math.sqrt(_MAX_PIXELS / max(points_w * points_h, 1e-6)))
    width, height = max(1, math.ceil(points_w * scale)), max(1, math.ceil(points_h * scale))

    def draw(raster: QPainter) -> None:
        if isinstance(fill, PathGradient):
            fill.paint(raster, path)
        else:
            raster.fillPath(path, fill)

    image = raster_of(region, width, height, draw)
    if image is None:
        return
    painter.save()
    painter.setClipPath(path, Qt.ClipOperation.IntersectClip)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
    painter.drawImage(region, image)
    painter.restore()


def _foot(c: QPointF, a: QPointF, b: QPointF) -> QPointF | None:
    """The foot of the perpendicular from ``c`` onto the line through ``a`` and ``b``."""
    dx, dy = b.x() - a.x(), b.y() - a.y()
    length2 = dx * dx + dy * dy
    if length2 < 1e-18:
        return None
    t = ((c.x() - a.x()) * dx + (c.y() - a.y()) * dy) / length2
    foot = QPointF(a.x() + t * dx, a.y() + t * dy)
    if math.hypot(foot.x() - c.x(), foot.y() - c.y()) < 1e-9:
        return None  # the centre lies on this edge: the triangle is flat
    return foot


def _push(a: QPointF, b: QPointF) -> QPointF:
    """``a`` moved by 0.5 % of the edge length along the edge, away from ``b`` (overlap)."""
    dx, dy = a.x() - b.x(), a.y() - b.y()
    return QPointF(a.x() + dx * 0.005, a.y() + dy * 0.005)


__all__ = [
    "PathGradient",
    "Stops",
    "clean_stops",
    "factor_stops",
    "fill_rastered",
    "linear_brush",
    "mix",
    "needs_raster",
    "texture_brush",
]
