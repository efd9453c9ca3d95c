"""Trendlines (c:trendline) of line, bar and scatter series: the fit and its drawing.

Fits are least squares over the series' cached points, as Excel computes them: x is the point's
number (1, 2, 3...) on category charts and its c:xVal on scatter charts. Exponential, logarithmic
and power fits are linear fits of ln y and/or ln x (Excel draws none when a value they need is not
positive); a moving average is drawn through the points from the period-th on. Forecasts extend
the curve c:forward / c:backward x units past the data.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QPainterPath, QPen

from worker.render.charts.frame import Frame
from worker.render.charts.model import Trendline
from worker.render.charts.style import outline_pen, scheme_color

log = logging.getLogger(__name__)

SAMPLES = 200  # segments of a drawn curve
Curve = Callable[[float], float]


def _solve(matrix: list[list[float]], rhs: list[float]) -> list[float] | None:
    """Gaussian elimination with partial pivoting; None when the system is singular."""
    n = len(rhs)
    a = [[*row, rhs[i]] for i, row in enumerate(matrix)]
    for col in range(n):
        pivot = max(range(col, n), key=lambda r: abs(a[r][col]))
        if abs(a[pivot][col]) < 1e-12:
            return None
        a[col], a[pivot] = a[pivot], a[col]
        for r in range(n):
            if r != col:
                f = a[r][col] / a[col][col]
                for c in range(col, n + 1):
                    a[r][c] -= f * a[col][c]
    return [a[i][n] / a[i][i] for i in range(n)]


def _poly_fit(xs: list[float], ys: list[float], order: int, intercept: float | None) -> list[float] | None:
    """Coefficients c0..c_order of the least-squares polynomial (c0 fixed when ``intercept`` is set)."""
    first = 1 if intercept is not None else 0
    powers = list(range(first, order + 1))
    if len(xs) < len(powers):
        return None
    target = [y - (intercept or 0.0) for y in ys]
    matrix = [[sum(x ** (p + q) for x in xs) for q in powers] for p in powers]
    rhs = [sum(t * x**p for x, t in zip(xs, target, strict=True)) for p in powers]
    solved = _solve(matrix, rhs)
    if solved is None:
        return None
    return [intercept, *solved] if intercept is not None else solved


@dataclass(frozen=True)
class Fit:
    """A fitted trendline: its coefficients (c0, c1... of the kind's equation; a and b of
    y = a e^(bx) and y = a x^b) and R², computed where Excel fits: on ln y for exp and power."""

    kind: str
    coeffs: tuple[float, ...]
    r_squared: float | None

    def __call__(self, x: float) -> float:
        c = self.coeffs
        if self.kind == "exp":
            return c[0] * math.exp(c[1] * x)
        if self.kind == "log":
            return c[0] + c[1] * math.log(x)
        if self.kind == "power":
            return c[0] * x ** c[1]
        return sum(k * x**i for i, k in enumerate(c))


def _r_squared(xs: list[float], ys: list[float], model: Callable[[float], float], fixed: float | None) -> float | None:
    """1 - SSres / SStot; with a set intercept Excel's total is about it, not about the mean (as
    LINEST without a constant)."""
    try:
        residual = sum((y - model(x)) ** 2 for x, y in zip(xs, ys, strict=True))
        centre = fixed if fixed is not None else sum(ys) / len(ys)
        total = sum((y - centre) ** 2 for y in ys)
    except (OverflowError, ValueError, ZeroDivisionError):
        return None
    if not total > 0 or not math.isfinite(total) or not math.isfinite(residual):
        return None
    return 1.0 - residual / total


def fit_details(trend: Trendline, xs: list[float], ys: list[float]) -> Fit | None:
    """The least-squares fit, or None when Excel draws no trendline for these points (nor for
    points whose powers overflow a double: Excel's own fit fails on them too)."""
    try:
        found = _fit_details(trend, xs, ys)
    except (OverflowError, ValueError, ZeroDivisionError):
        return None
    if found is None or not all(math.isfinite(c) for c in found.coeffs):
        return None
    return found


def _fit_details(trend: Trendline, xs: list[float], ys: list[float]) -> Fit | None:
    if len(xs) < 2:
        return None
    kind = trend.kind
    if kind in ("linear", "poly"):
        order = trend.order if kind == "poly" else 1
        coeffs = _poly_fit(xs, ys, min(order, len(xs) - 1), trend.intercept)
        if coeffs is None:
            return None
        line = Fit(kind, tuple(coeffs), None)
        return Fit(kind, line.coeffs, _r_squared(xs, ys, line, trend.intercept))
    if kind == "exp":
        if any(y <= 0 for y in ys) or (trend.intercept is not None and trend.intercept <= 0):
            return None
        fixed = math.log(trend.intercept) if trend.intercept is not None else None
        logs = [math.log(y) for y in ys]
        coeffs = _poly_fit(xs, logs, 1, fixed)
        if coeffs is None:
            return None
        c0, c1 = coeffs
        r2 = _r_squared(xs, logs, lambda x: c0 + c1 * x, fixed)
        return Fit(kind, (math.exp(c0), c1), r2)
    if kind == "log":
        if any(x <= 0 for x in xs):
            return None
        logs = [math.log(x) for x in xs]
        coeffs = _poly_fit(logs, ys, 1, None)
        if coeffs is None:
            return None
        c0, c1 = coeffs
        return Fit(kind, (c0, c1), _r_squared(logs, ys, lambda t: c0 + c1 * t, None))
    if kind == "power":
        if any(x <= 0 for x in xs) or any(y <= 0 for y in ys):
            return None
        log_x, log_y = [math.log(x) for x in xs], [math.log(y) for y in ys]
        coeffs = _poly_fit(log_x, log_y, 1, None)
        if coeffs is None:
            return None
        c0, c1 = coeffs
        return Fit(kind, (math.exp(c0), c1), _r_squared(log_x, log_y, lambda t: c0 + c1 * t, None))
    return None


def fit(trend: Trendline, xs: list[float], ys: list[float]) -> Curve | None:
    """The fitted curve y(x), or None when Excel draws no trendline for these points."""
    return fit_details(trend, xs, ys)


def moving_average(period: int, xs: list[float], ys: list[float]) -> list[tuple[float, float]]:
    """(x, mean of this and the period-1 points before it) from the period-th point on."""
    return [(xs[i], sum(ys[i - period + 1 : i + 1]) / period) for i in range(period - 1, len(ys))]


def curve_points(trend: Trendline, xs: list[float], ys: list[float]) -> list[tuple[float, float]]:
    """The trendline's points in data units (x, y), in drawing order."""
    if trend.kind == "movingAvg":
        return moving_average(trend.period, xs, ys)
    curve = fit(trend, xs, ys)
    if curve is None:
        return []
    lo, hi = min(xs) - trend.backward, max(xs) + trend.forward
    if trend.kind in ("log", "power"):
        lo = max(lo, min(xs) * 1e-3)  # ln x: the curve stops short of x = 0
    out: list[tuple[float, float]] = []
    steps = SAMPLES if trend.kind != "linear" else 1
    for k in range(steps + 1):
        x = lo + (hi - lo) * k / steps
        try:
            y = curve(x)
        except (OverflowError, ValueError, ZeroDivisionError):
            continue
        if math.isfinite(y):
            out.append((x, y))
    return out


# Excel's automatic trendline names (its legend entries) by type: "Linear (Sales)".
AUTO_NAMES = {"linear": "Linear", "exp": "Expon.", "log": "Log.", "poly": "Poly.", "power": "Power"}


def legend_text(trend: Trendline, series_name: str) -> str:
    if trend.name is not None:
        return trend.name
    kind = f"{trend.period} per. Mov. Avg." if trend.kind == "movingAvg" else AUTO_NAMES.get(trend.kind, "Linear")
    return f"{kind} ({series_name})"


def pen(frame: Frame, trend: Trendline) -> QPen | None:
    """The trendline's pen: its c:spPr line over Office's automatic one, a thin solid line in the
    text colour (as its automatic error bars)."""
    auto = QPen(scheme_color(frame.ctx, "tx1"), 0.75)
    auto.setCapStyle(Qt.PenCapStyle.RoundCap)
    return outline_pen(frame.ctx, trend.sp_pr, auto)


def paint(frame: Frame, trend: Trendline, xs: list[float], ys: list[float],
          to_pixel: Callable[[float, float], QPointF]) -> QPointF | None:  # fmt: skip
    """Stroke ``trend`` fitted to the points (xs, ys); ``to_pixel`` maps data (x, y) to the page.
    Returns where the curve ends (its last x), None when nothing is drawn."""
    points = curve_points(trend, xs, ys)
    if len(points) < 2:
        return None
    end = to_pixel(*points[-1])
    stroke = pen(frame, trend)
    if stroke is None:
        return end
    path = QPainterPath(to_pixel(*points[0]))
    for x, y in points[1:]:
        path.lineTo(to_pixel(x, y))
    frame.stroke(stroke, path)
    return end
