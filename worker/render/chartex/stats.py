"""What Office computes when it draws a histogram or a box plot: bins, quartiles, whiskers.

Excel's documented rules: automatic bins use Scott's normal reference rule (width 3.5 s / n^(1/3));
bins are closed on the right ("(a, b]", the first one "[a, b]") unless intervalClosed="l";
underflow/overflow bins gather what lies at or below / above the cut. Quartiles follow QUARTILE.EXC
(rank p(n+1)) or QUARTILE.INC (rank p(n-1)+1); whiskers reach the furthest points within 1.5
interquartile ranges of the box, points beyond are outliers.
"""

from __future__ import annotations

import logging
import math
import statistics
from dataclasses import dataclass, field

from worker.render.chartex.model import Binning

log = logging.getLogger(__name__)

MAX_BINS = 1000


@dataclass
class Bin:
    low: float
    high: float
    count: int = 0
    kind: str = "bin"  # "under" / "over" for the flow bins


def _fmt(value: float) -> str:
    # Bin edges are shown as General numbers; Scott's widths are irrational, rounded as Excel
    # rounds General in narrow labels.
    rounded = round(value, 2)
    text = f"{rounded:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def bin_label(b: Bin, closed: str, first: bool, last: bool) -> str:
    if b.kind == "under":
        return ("≤" if closed == "r" else "<") + _fmt(b.high)
    if b.kind == "over":
        return (">" if closed == "r" else "≥") + _fmt(b.low)
    if closed == "r":
        return f"{'[' if first else '('}{_fmt(b.low)}, {_fmt(b.high)}]"
    return f"[{_fmt(b.low)}, {_fmt(b.high)}{']' if last else ')'}"


@dataclass
class Histogram:
    bins: list[Bin] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)


def scott_width(values: list[float]) -> float:
    if len(values) < 2:
        return 1.0
    sd = statistics.stdev(values)
    return 3.5 * sd / len(values) ** (1.0 / 3.0) if sd > 0 else 1.0


def histogram(values: list[float], binning: Binning) -> Histogram:
    out = Histogram()
    if not values:
        return out
    closed = binning.interval_closed
    lo, hi = min(values), max(values)
    start = binning.underflow if binning.underflow is not None else lo
    end = binning.overflow if binning.overflow is not None else hi
    end = max(end, start)
    span = end - start
    if binning.bin_size is not None:
        width = binning.bin_size
    elif binning.bin_count is not None:
        width = span / binning.bin_count if span > 0 else 1.0
    else:
        width = scott_width(values)
    ratio = span / width if width > 0 and span > 0 else 1.0
    # A bin size far below the span (1e-300 over 1e300) asks for more bins than a double counts.
    count = max(1, math.ceil(ratio - 1e-9)) if ratio < MAX_BINS else MAX_BINS
    if binning.bin_count is not None:
        count = binning.bin_count
    count = min(count, MAX_BINS)
    if span == 0 and binning.bin_size is not None:
        width = binning.bin_size
    elif span == 0:
        width = max(width, 1.0)
    bins = [Bin(start + i * width, start + (i + 1) * width) for i in range(count)]
    under = Bin(start, start, kind="under") if binning.underflow is not None else None
    over = Bin(end, end, kind="over") if binning.overflow is not None else None
    for v in values:
        if under is not None and (v <= start if closed == "r" else v < start):
            under.count += 1
            continue
        if over is not None and (v > end if closed == "r" else v >= end):
            over.count += 1
            continue
        pos = (v - start) / width if width > 0 else 0.0
        if not abs(pos) <= count + 1:  # far past the last bin, or (1e300 / 1e-300) past a float
            pos = count + 1.0 if pos > 0 else 0.0
        # Right-closed: a value on an edge belongs to the bin below it.
        i = math.ceil(pos - 1e-9) - 1 if closed == "r" else math.floor(pos + 1e-9)
        bins[max(0, min(count - 1, i))].count += 1
    out.bins = ([under] if under is not None else []) + bins + ([over] if over is not None else [])
    for n, b in enumerate(bins):
        # A flow bin takes the shared edge: the neighbouring bin is open there.
        out.labels.append(bin_label(b, closed, n == 0 and under is None, n == len(bins) - 1 and over is None))
    if under is not None:
        out.labels.insert(0, bin_label(under, closed, True, False))
    if over is not None:
        out.labels.append(bin_label(over, closed, False, True))
    return out


def quantile(ordered: list[float], p: float, method: str) -> float:
    """QUARTILE.EXC (``method`` "exclusive") or QUARTILE.INC of sorted values."""
    n = len(ordered)
    if n == 0:
        return 0.0
    if n == 1:
        return ordered[0]
    rank = p * (n + 1) if method == "exclusive" else p * (n - 1) + 1
    rank = min(max(rank, 1.0), float(n))
    below = math.floor(rank)
    frac = rank - below
    if below >= n:
        return ordered[-1]
    return ordered[below - 1] + frac * (ordered[below] - ordered[below - 1])


@dataclass
class BoxStats:
    q1: float
    median: float
    q3: float
    low: float  # whisker ends
    high: float
    mean: float
    outliers: list[float]
    inner: list[float]


def box_stats(values: list[float], method: str) -> BoxStats | None:
    if not values:
        return None
    ordered = sorted(values)
    q1 = quantile(ordered, 0.25, method)
    med = quantile(ordered, 0.5, method)
    q3 = quantile(ordered, 0.75, method)
    reach = 1.5 * (q3 - q1)
    inside = [v for v in ordered if q1 - reach <= v <= q3 + reach]
    outliers = [v for v in ordered if v < q1 - reach or v > q3 + reach]
    low = min(inside) if inside else q1
    high = max(inside) if inside else q3
    try:
        mean = statistics.fmean(ordered)
    except OverflowError:
        # Values near 1e308 overflow fmean's sum (and lost the chart); their shares do not.
        mean = math.fsum(v / len(ordered) for v in ordered)
    return BoxStats(q1, med, q3, min(low, q1), max(high, q3), mean, outliers, inside)
