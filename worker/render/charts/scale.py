"""Value-axis scaling like Excel's automatic axis: zero-based when sensible, nice major units."""

from __future__ import annotations

import logging
import math
import sys
from dataclasses import dataclass

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Scale:
    minimum: float
    maximum: float
    major: float
    log_base: float | None = None

    def ticks(self) -> list[float]:
        if self.log_base:
            out: list[float] = []
            v = self.minimum
            while v <= self.maximum * 1.000001 and len(out) < 200:
                out.append(v)
                v *= self.log_base
            return out
        span = self.maximum - self.minimum
        if not math.isfinite(span):
            # From -1e308 to 1e308: the span and the steps' sums are past the doubles (the count
            # raised and lost the chart), so the ticks are counted and placed in steps.
            first = self.minimum / self.major
            count = min(math.floor(self.maximum / self.major - first + 1e-9), 1000)
            return [(first + i) * self.major for i in range(count + 1)]
        intervals = span / self.major + 1e-9
        count = min(math.floor(intervals), 1000) if intervals < 1001 else 1000
        return [self.minimum + i * self.major for i in range(count + 1)]

    def fraction(self, value: float) -> float:
        """0 at the minimum, 1 at the maximum (log axes measured in exponents)."""
        if self.log_base:
            lo, hi = math.log(self.minimum), math.log(self.maximum)
            v = math.log(value) if value > 0 else lo
            return (v - lo) / (hi - lo) if hi > lo else 0.0
        span = self.maximum - self.minimum
        return (value - self.minimum) / span if span else 0.0


def nice_step(raw: float) -> float:
    """The smallest of 1, 2, 5 x 10^k not below ``raw``."""
    if raw <= 0 or not math.isfinite(raw):
        return 1.0
    exp = math.floor(math.log10(raw))
    base = 10.0**exp
    for m in (1.0, 2.0, 5.0, 10.0):
        if m * base >= raw * (1 - 1e-9):
            return m * base
    return 10.0 * base


_LIMIT = 1e306


def _within(value: float) -> float:
    return max(-_LIMIT, min(_LIMIT, value))


def _power(base: float, exponent: int) -> float:
    """``base ** exponent`` with the exponent kept where the power is a positive normal double: a
    log axis' bounds are whole powers of its base, and the one past data near 1e308 (2**1024)
    overflows, the one under a denormal (10**-324) is 0.0."""
    inside = 1.0 - 1e-12  # log(max, 2) rounds to 1024.0, a power that overflows
    top = math.floor(math.log(sys.float_info.max, base) * inside)
    bottom = math.ceil(math.log(sys.float_info.min, base) * inside)
    return float(base ** max(bottom, min(top, exponent)))


def auto_scale(
    lo: float,
    hi: float,
    *,
    fixed_min: float | None = None,
    fixed_max: float | None = None,
    major: float | None = None,
    max_ticks: int = 10,
    log_base: float | None = None,
    pad_below: bool = True,
) -> Scale:
    """Excel-like automatic bounds for data in [lo, hi]; explicit min/max/major win."""
    if log_base:
        lo = lo if lo > 0 else 1.0
        hi = hi if hi > 0 else lo * log_base
        # Past the doubles (bubbles padded beyond 1e308, a base of 1e308 above it): the largest.
        lo, hi = min(lo, sys.float_info.max), min(hi, sys.float_info.max)
        smin = fixed_min if fixed_min and fixed_min > 0 else _power(log_base, math.floor(math.log(lo, log_base)))
        smax = fixed_max if fixed_max and fixed_max > smin else _power(log_base, math.ceil(math.log(hi, log_base)))
        if smax <= smin:
            smax = smin * log_base
            if not math.isfinite(smax):
                smin, smax = smin / log_base, smin
        return Scale(smin, smax, log_base, log_base)
    if not (math.isfinite(lo) and math.isfinite(hi)):
        lo, hi = 0.0, 1.0
    # Values near the double's limits (1e308): the span, its headroom and the tick arithmetic must
    # stay finite, so the axis is held within +-1e306 (no real axis reaches that far).
    lo, hi = _within(lo), _within(hi)
    fixed_min = _within(fixed_min) if fixed_min is not None else None
    fixed_max = _within(fixed_max) if fixed_max is not None else None
    if fixed_min is not None:
        lo = min(lo, fixed_min) if fixed_max is None else fixed_min
    if fixed_max is not None:
        hi = max(hi, fixed_max) if fixed_min is None else fixed_max
    if fixed_min is None and lo > 0 and (hi - lo) / hi > 1.0 / 6.0:
        lo = 0.0  # Excel starts at zero unless the data sit far above it
    if fixed_max is None and hi < 0 and (hi - lo) / -lo > 1.0 / 6.0:
        hi = 0.0
    if hi == lo:
        if hi == 0:
            hi = 1.0
        elif hi > 0:
            lo = 0.0 if fixed_min is None else lo
            hi = hi if hi > lo else lo + 1.0
        else:
            hi = 0.0 if fixed_max is None else hi
    span = hi - lo
    if major and not math.isfinite(max(abs(lo), abs(hi), span) / major):
        # A major unit so small against the values (1e-300 beside 1e306) that the tick count
        # overflows: no axis can draw it, so the unit is worked out as if none were given.
        log.info("major unit %g ignored: too small for values up to %g", major, max(abs(lo), abs(hi)))
        major = None
    intervals = max(max_ticks - 1, 1)
    if lo < 0 < hi:
        # The bounds are whole steps, so an axis across zero takes one step either side at least:
        # a search for one interval would only end past the data, or never.
        intervals = max(intervals, 2)
    step = major if major else nice_step(span / intervals)
    while True:
        if fixed_min is not None:
            smin = fixed_min
        else:
            # The same ~5% of the span below the smallest value when it is negative (Microsoft
            # KB 214075, "How Chart Axis Limits Are Determined": yMin - 0.05 * (yMax - yMin)).
            # Bubble axes come already widened to hold the bubbles (pad_below False).
            bottom = lo - (span * 0.05 if lo < 0 and major is None and pad_below else 0.0)
            smin = math.floor(bottom / step + 1e-9) * step
        if fixed_max is not None:
            smax = fixed_max
        else:
            # Excel leaves headroom above the largest value when it lands on a tick: ~5% of the span.
            top = hi + (span * 0.05 if hi > 0 and major is None else 0.0)
            smax = math.ceil(top / step - 1e-9) * step
            if smax < hi:
                smax += step
        if smax <= smin:
            smax = smin + step
        if major or (smax - smin) / step <= intervals + 1e-9:
            break
        wider = nice_step(step * 1.01)  # more intervals than fit: the next nice step
        if not wider > step:
            break  # past the doubles (nice_step(inf) is 1): the widest step there is
        step = wider
    return Scale(smin, smax, step)
