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
    return DateSlots([o - lo for o in ordinals], labels)
