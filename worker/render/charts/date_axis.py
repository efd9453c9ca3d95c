"""Date axes (c:dateAx): categories placed by their date, one slot per base time unit, as Office does.

A category axis lays its points out evenly; a date axis spans the first to the last date in steps of
the base unit (days, months or years), so 1 Jan, 2 Jan and 12 Jan sit one and ten slots apart, and
bars become as narrow as one slot. Labels name every slot; the axis' label skipping thins them.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
from dataclasses import dataclass

from worker.render.charts.numfmt import excel_date, format_value

log = logging.getLogger(__name__)

MAX_SLOTS = 4000  # ten years of days: beyond that the axis is drawn as plain categories


@dataclass(frozen=True)
class DateSlots:
    slots: list[int]  # the slot of each point
    labels: list[str]  # one per slot, first date first
    unit: str = "days"  # the base unit: one slot each
    first: int = 0  # the first slot's ordinal (a day's, year * 12 + month - 1, or a year)


DAY_STEPS = (1, 2, 7, 14)  # automatic major units in days, then months, then years
MONTH_STEPS = (1, 2, 3, 6)
YEAR_STEPS = (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000)
SHORTEST = {"days": 1.0, "months": 28.0, "years": 365.0}  # fewest days in one of each unit


def auto_marks(dates: DateSlots, need: int) -> list[int]:
    """The slots an automatic major unit labels and ticks: the first step of whole days (1, 2, 7,
    14), months (1, 2, 3, 6) or years (1, 2, 5, 10...) at least ``need`` slots long, as Office
    chooses its date axis' unit so labels do not collide; month and year steps fall on the
    first of a month (of a quarter, of a year), whatever day the data starts."""
    count = len(dates.labels)
    base = SHORTEST.get(dates.unit, 1.0)
    steps: list[tuple[str, int]] = [("days", n) for n in DAY_STEPS] if dates.unit == "days" else []
    steps += [("months", n) for n in MONTH_STEPS] if dates.unit in ("days", "months") else []
    steps += [("years", n) for n in YEAR_STEPS]
    for unit, n in steps:
        if n * SHORTEST[unit] / base >= need or (unit, n) == steps[-1]:
            break
    if unit == dates.unit:
        return [k for k in range(count) if (dates.first + k) % n == 0] if unit != "days" else list(range(0, count, n))
    marks = []
    for k in range(count):
        when = _slot_date(dates.first + k, dates.unit)
        if when.day != 1 or (unit == "years" and when.month != 1):
            continue
        index = when.year * 12 + when.month - 1 if unit == "months" else when.year
        if index % n == 0:
            marks.append(k)
    return marks


def _ordinal(when: dt.datetime, unit: str) -> int:
    if unit == "years":
        return when.year
    if unit == "months":
        return when.year * 12 + when.month - 1
    return when.toordinal()


def _slot_date(ordinal: int, unit: str) -> dt.datetime:
    if unit == "years":
        return dt.datetime(ordinal, 1, 1)
    if unit == "months":
        return dt.datetime(ordinal // 12, ordinal % 12 + 1, 1)
    return dt.datetime.fromordinal(ordinal)


def _serial(when: dt.datetime, date1904: bool) -> float:
    base = dt.datetime(1904, 1, 1) if date1904 else dt.datetime(1899, 12, 30)
    return float((when - base).days)


def date_slots(
    categories: list[str],
    fmt: str | None,
    unit: str,
    date1904: bool,
    minimum: float | None = None,
    maximum: float | None = None,
) -> DateSlots | None:
    """Slots of the points of a date axis, or None when the categories are not all dates."""
    unit = unit if unit in ("days", "months", "years") else "days"
    try:
        serials = [float(c) for c in categories]
    except ValueError:
        return None
    if not serials or not all(math.isfinite(s) and 0 <= s < 2958466 for s in serials):
        return None
    try:
        ordinals = [_ordinal(excel_date(s, date1904), unit) for s in serials]
        lo = _ordinal(excel_date(minimum, date1904), unit) if minimum is not None else min(ordinals)
        hi = _ordinal(excel_date(maximum, date1904), unit) if maximum is not None else max(ordinals)
    except (OverflowError, ValueError):
        return None
    if hi < lo or hi - lo >= MAX_SLOTS:
        return None
    code = fmt if fmt and fmt.lower() != "general" else "m/d/yyyy"
    labels = []
    for k in range(hi - lo + 1):
        when = _slot_date(lo + k, unit)
        labels.append(format_value(_serial(when, date1904), code, date1904))
    return DateSlots([o - lo for o in ordinals], labels, unit, lo)
