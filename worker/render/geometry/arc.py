"""DrawingML arcTo as cubic Béziers.

arcTo draws part of an ellipse with radii wR, hR whose point at angle stAng is the current point,
sweeping swAng (60000ths of a degree; positive is clockwise on screen, as y grows downwards).
The angles are *visual* angles – the direction of the ray from the ellipse's centre – not the
parametric angle t of (wR·cos t, hR·sin t); on a non-circular ellipse the two differ, so each is
converted before the curve is built. Béziers are built here rather than with QPainterPath.arcTo
so that degenerate radii (zero, negative) and huge sweeps behave predictably.
"""

from __future__ import annotations

import math
from collections.abc import Callable

_ANGLE_TO_RAD = math.pi / 10800000.0
_HALF_PI = math.pi / 2
_TWO_PI = 2 * math.pi

CubicFn = Callable[[float, float, float, float, float, float], None]


def parametric_angle(angle: float, rx: float, ry: float) -> float:
    """The parametric angle of the ellipse point seen at visual `angle` (radians) from the centre.

    The result lies in the same quadrant as `angle` and keeps its number of turns, so
    differences of converted angles keep the sweep's direction and size.
    """
    if rx == 0 or ry == 0:
        return angle
    t = math.atan2(rx * math.sin(angle), ry * math.cos(angle))
    # Same quadrant, so |t - angle| < π/2 after wrapping the difference into (-π, π].
    diff = (t - angle + math.pi) % _TWO_PI - math.pi
    return angle + diff


def arc_to(
    cubic_to: CubicFn,
    x0: float,
    y0: float,
    w_r: float,
    h_r: float,
    *,
    start: float,
    sweep: float,
    sx: float = 1.0,
    sy: float = 1.0,
) -> tuple[float, float]:
    """Emit the arc as cubics through `cubic_to`, starting at (x0, y0); return the end point.

    `w_r`, `h_r`, `start`, `sweep` are as written, in the path's own space, where the angles are
    defined; `sx`, `sy` scale that space to the output (in which x0, y0 and the result are).
    Angles are in 60000ths of a degree.
    """
    a0 = start * _ANGLE_TO_RAD
    # More than one turn only redraws the ellipse; the clamp also bounds the segment count.
    a1 = a0 + max(-_TWO_PI, min(_TWO_PI, sweep * _ANGLE_TO_RAD))
    if a1 == a0:
        return x0, y0
    t0 = parametric_angle(a0, abs(w_r), abs(h_r))
    t1 = parametric_angle(a1, abs(w_r), abs(h_r))
    rx = w_r * sx
    ry = h_r * sy
    cx = x0 - rx * math.cos(t0)
    cy = y0 - ry * math.sin(t0)
    segments = max(1, math.ceil(abs(t1 - t0) / _HALF_PI - 1e-9))
    step = (t1 - t0) / segments
    k = 4.0 / 3.0 * math.tan(step / 4)
    cos_a, sin_a = math.cos(t0), math.sin(t0)
    px, py = x0, y0
    for i in range(1, segments + 1):
        b = t0 + step * i
        cos_b, sin_b = math.cos(b), math.sin(b)
        ex = cx + rx * cos_b
        ey = cy + ry * sin_b
        cubic_to(
            px - k * rx * sin_a,
            py + k * ry * cos_a,
            ex + k * rx * sin_b,
            ey - k * ry * cos_b,
            ex,
            ey,
        )
        px, py, cos_a, sin_a = ex, ey, cos_b, sin_b
    return px, py
