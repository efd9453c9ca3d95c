"""Error bars (c:errBars) of bar, line and scatter series: how far each one reaches and its drawing.

Each bar runs along one axis (c:errDir; the value axis on bar and line charts) from the point's value minus its
"minus" amount to the value plus its "plus" amount (c:errBarType both, plus or minus). The
amount is fixed (fixedVal), a percentage of the value, given per point (cust: c:plus / c:minus),
or a multiple of the series' standard error or deviation; Excel draws standard-deviation bars
around the series' mean, not around each point.
"""

from __future__ import annotations

import logging
import math

from PySide6.QtCore import QPointF
from PySide6.QtGui import QPainterPath, QPen

from worker.render.charts.axes import AxisGeom
from worker.render.charts.frame import Frame
from worker.render.charts.model import ErrorBars
from worker.render.charts.style import outline_pen, scheme_color

log = logging.getLogger(__name__)

CAP = 3.0  # half the length of an end cap, pt


def _deviation(values: list[float]) -> tuple[float, float]:
    """Mean and sample standard deviation."""
    n = len(values)
    # Taken on values scaled to +-1: squares (and sums) of values about 1e200 overflow a double.
    scale = max(abs(v) for v in values) or 1.0
    mean = sum(v / scale for v in values) / n
    if n < 2:
        return mean * scale, 0.0
    return mean * scale, math.sqrt(sum((v / scale - mean) ** 2 for v in values) / (n - 1)) * scale


def spans(bars: ErrorBars, values: list[float | None]) -> list[tuple[float, float] | None]:
    """Each point's (low, high) end along the bar's axis, in data units; None: no bar."""
    known = [v for v in values if v is not None]
    mean, sd = _deviation(known) if known else (0.0, 0.0)
    out: list[tuple[float, float] | None] = []
    for i, value in enumerate(values):
        if value is None:
            out.append(None)
            continue
        centre = value
        if bars.value_type == "cust":
            plus_v = bars.plus[i] if i < len(bars.plus) else None
            minus_v = bars.minus[i] if i < len(bars.minus) else None
            up, down = plus_v or 0.0, minus_v or 0.0
        elif bars.value_type == "percentage":
            up = down = abs(value) * bars.value / 100.0
        elif bars.value_type == "stdDev":
            centre = mean
            up = down = sd * bars.value
        elif bars.value_type == "stdErr":
            up = down = sd / math.sqrt(len(known)) if known else 0.0
        else:
            up = down = bars.value
        low = centre - down if bars.bar_type in ("both", "minus") else centre
        high = centre + up if bars.bar_type in ("both", "plus") else centre
        out.append((low, high) if math.isfinite(low) and math.isfinite(high) else None)
    return out


def paint(frame: Frame, bars: ErrorBars, geom: AxisGeom, values: list[float | None],
          points: list[tuple[int, QPointF]]) -> None:  # fmt: skip
    """The bars of ``points`` (index, drawn position) whose ``values`` run along ``geom``."""
    # Office's automatic error bar line: the text colour tx1 (light on dark masters), 0.75 pt.
    pen = outline_pen(frame.ctx, bars.sp_pr, QPen(scheme_color(frame.ctx, "tx1"), 0.75))
    if pen is None:
        return
    ends = spans(bars, values)
    path = QPainterPath()
    for i, p in points:
        span = ends[i] if i < len(ends) else None
        value = values[i] if i < len(values) else None
        if span is None or value is None:
            continue
        # Relative to the drawn point (a stacked line's point is not at its own value).
        shift = (p.x() if geom.horizontal else p.y()) - geom.value(value)
        a, b = geom.value(span[0]) + shift, geom.value(span[1]) + shift
        if geom.horizontal:
            path.moveTo(a, p.y())
            path.lineTo(b, p.y())
        else:
            path.moveTo(p.x(), a)
            path.lineTo(p.x(), b)
        if not bars.end_cap:
            continue
        for end, reaches in ((a, span[0] != value), (b, span[1] != value)):
            if not reaches:
                continue
            if geom.horizontal:
                path.moveTo(end, p.y() - CAP)
                path.lineTo(end, p.y() + CAP)
            else:
                path.moveTo(p.x() - CAP, end)
                path.lineTo(p.x() + CAP, end)
    frame.stroke(pen, path)
