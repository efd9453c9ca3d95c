"""The camera of 3-D charts: c:view3D's rotation, perspective and right-angle axes, fitted to a rectangle.

World coordinates: x to the right (the horizontal axis), y up (the vertical axis), z away from the
viewer (the depth or series axis); the plot box spans [0, W] x [0, H] x [0, D]. ``rot_y`` turns the
box about its vertical axis (positive: the viewer moves to the right, the back shifts right) and
``rot_x`` tilts it (positive: the viewer looks down on the floor). With right-angle axes Office keeps
the x and y axes square on the page and only shears the depth (an oblique projection); otherwise the
box is rotated and seen in perspective with a field of view of ``perspective / 2`` degrees.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Iterable
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor, QPainterPath, QPolygonF

from worker.render.charts.model import View3D

log = logging.getLogger(__name__)

Point3 = tuple[float, float, float]


@dataclass(frozen=True)
class Box:
    """An axis-aligned box in world coordinates."""

    x0: float
    x1: float
    y0: float
    y1: float
    z0: float
    z1: float

    @property
    def center(self) -> Point3:
        return ((self.x0 + self.x1) / 2, (self.y0 + self.y1) / 2, (self.z0 + self.z1) / 2)

    def corners(self) -> list[Point3]:
        return [(x, y, z) for x in (self.x0, self.x1) for y in (self.y0, self.y1) for z in (self.z0, self.z1)]

    def faces(self) -> list[tuple[Point3, list[Point3]]]:
        """(outward normal, corner loop) of the six faces."""
        x0, x1, y0, y1, z0, z1 = self.x0, self.x1, self.y0, self.y1, self.z0, self.z1
        return [
            ((0.0, 0.0, -1.0), [(x0, y0, z0), (x1, y0, z0), (x1, y1, z0), (x0, y1, z0)]),
            ((0.0, 0.0, 1.0), [(x0, y0, z1), (x1, y0, z1), (x1, y1, z1), (x0, y1, z1)]),
            ((-1.0, 0.0, 0.0), [(x0, y0, z0), (x0, y0, z1), (x0, y1, z1), (x0, y1, z0)]),
            ((1.0, 0.0, 0.0), [(x1, y0, z0), (x1, y0, z1), (x1, y1, z1), (x1, y1, z0)]),
            ((0.0, -1.0, 0.0), [(x0, y0, z0), (x1, y0, z0), (x1, y0, z1), (x0, y0, z1)]),
            ((0.0, 1.0, 0.0), [(x0, y1, z0), (x1, y1, z0), (x1, y1, z1), (x0, y1, z1)]),
        ]


class Camera:
    """Projects world points of a W x H x D box onto the page; ``fit`` places the box in a rectangle."""

    def __init__(self, view: View3D, size: Point3) -> None:
        self.view = view
        self.size = size
        w, h, d = size
        self.center = (w / 2, h / 2, d / 2)
        ry, rx = math.radians(view.rot_y), math.radians(view.rot_x)
        self._sy, self._cy = math.sin(ry), math.cos(ry)
        self._sx, self._cx = math.sin(rx), math.cos(rx)
        # Unit vector from the viewer into the scene, in world coordinates.
        self.forward = (-self._sy * self._cx, -self._sx, self._cy * self._cx)
        fov = math.radians(view.perspective / 2.0)
        self.oblique = view.right_angles
        radius = 0.5 * math.sqrt(w * w + h * h + d * d)
        self.distance = radius / math.tan(fov / 2.0) if fov > 0.01 and not self.oblique else 0.0
        self.scale = 1.0
        self.offset = QPointF(0.0, 0.0)

    # -- camera space --------------------------------------------------------------------------

    def depth(self, p: Point3) -> float:
        """Distance along the view direction (larger: farther from the viewer)."""
        x, y, z = p[0] - self.center[0], p[1] - self.center[1], p[2] - self.center[2]
        f = self.forward
        return x * f[0] + y * f[1] + z * f[2]

    def _raw(self, p: Point3) -> tuple[float, float]:
        """Page coordinates before fitting (y up)."""
        x, y, z = p[0] - self.center[0], p[1] - self.center[1], p[2] - self.center[2]
        if self.oblique:
            return x + z * self._sy, y + z * self._cy * self._sx
        u = x * self._cy + z * self._sy
        depth1 = -x * self._sy + z * self._cy
        v = y * self._cx + depth1 * self._sx
        if self.distance:
            depth2 = -y * self._sx + depth1 * self._cx
            f = self.distance / max(self.distance + depth2, self.distance * 0.05)
            return u * f, v * f
        return u, v

    def eye(self) -> Point3 | None:
        """The viewer's position (None for parallel projections: the viewer is at infinity)."""
        if not self.distance:
            return None
        c, f = self.center, self.forward
        return (c[0] - f[0] * self.distance, c[1] - f[1] * self.distance, c[2] - f[2] * self.distance)

    def sees(self, normal: Point3, point: Point3) -> bool:
        """Whether a face through ``point`` with outward ``normal`` faces the viewer."""
        eye = self.eye()
        if eye is None:
            return normal[0] * self.forward[0] + normal[1] * self.forward[1] + normal[2] * self.forward[2] < -1e-9
        to_eye = (eye[0] - point[0], eye[1] - point[1], eye[2] - point[2])
        return normal[0] * to_eye[0] + normal[1] * to_eye[1] + normal[2] * to_eye[2] > 1e-9

    # -- the page ------------------------------------------------------------------------------

    def bounds(self, points: Iterable[Point3]) -> QRectF:
        us, vs = zip(*(self._raw(p) for p in points), strict=True)
        return QRectF(min(us), -max(vs), max(us) - min(us), max(vs) - min(vs))

    def fit(self, rect: QRectF, points: Iterable[Point3]) -> None:
        """Scale uniformly and centre so ``points`` fill ``rect`` as far as their shape allows."""
        box = self.bounds(points)
        sx = rect.width() / box.width() if box.width() > 1e-9 else math.inf
        sy = rect.height() / box.height() if box.height() > 1e-9 else math.inf
        self.scale = min(sx, sy) if math.isfinite(min(sx, sy)) else 1.0
        self.offset = rect.center() - box.center() * self.scale

    def at(self, p: Point3) -> QPointF:
        u, v = self._raw(p)
        return QPointF(u * self.scale + self.offset.x(), -v * self.scale + self.offset.y())

    def polygon(self, points: Iterable[Point3]) -> QPainterPath:
        path = QPainterPath()
        path.addPolygon(QPolygonF([self.at(p) for p in points]))
        path.closeSubpath()
        return path

    def line(self, a: Point3, b: Point3) -> QPainterPath:
        path = QPainterPath(self.at(a))
        path.lineTo(self.at(b))
        return path


def aspect(view: View3D, size: Point3) -> float:
    """Height over width of the box's projection."""
    w, h, d = size
    cam = Camera(view, size)
    box = cam.bounds(Box(0, w, 0, h, 0, d).corners())
    return box.height() / max(box.width(), 1e-9)


def solve_free_side(view: View3D, make: tuple[float, float, float], free: int, target: float) -> float:
    """The length of side ``free`` (0: x, 1: y) that gives the projection the aspect ``target``.

    Office's autoscaled 3-D plots fill the plot area: the value axis' length is what gives way.
    """
    lo, hi = 0.05 * max(make[1 - free], 1e-6), 20.0 * max(make[1 - free], 1e-6)

    def with_side(v: float) -> Point3:
        s = list(make)
        s[free] = v
        return (s[0], s[1], s[2])

    def ratio(v: float) -> float:
        r = aspect(view, with_side(v))
        return r if free == 1 else 1.0 / max(r, 1e-9)

    goal = target if free == 1 else 1.0 / max(target, 1e-9)
    if ratio(lo) >= goal:
        return lo
    if ratio(hi) <= goal:
        return hi
    for _ in range(40):
        mid = math.sqrt(lo * hi)
        if ratio(mid) < goal:
            lo = mid
        else:
            hi = mid
    return math.sqrt(lo * hi)


def shade(color: QColor, amount: float) -> QColor:
    """``amount`` < 0 darkens towards black, > 0 lightens towards white (Office's face lighting)."""
    r, g, b, a = color.redF(), color.greenF(), color.blueF(), color.alphaF()
    if amount < 0:
        k = 1.0 + amount
        return QColor.fromRgbF(r * k, g * k, b * k, a)
    return QColor.fromRgbF(r + (1 - r) * amount, g + (1 - g) * amount, b + (1 - b) * amount, a)
