"""Date and time fields (a:fld type="datetime…"): the text PowerPoint shows for one, today.

PowerPoint updates these fields whenever it opens or exports a deck, and writes each kind in the
field run's language (a:rPr/@lang): datetime1 is that language's short date ("11/23/2026" in
en-US, "23/11/2026" in en-GB, "23.11.2026" in de-DE, "2026/11/23" in ja-JP). ECMA-376 21.1.2.2.4
and MS-OI29500 list the kinds in their English (United States) forms. Numeric dates and 24-hour
times are computed for every language; forms with month or day names, or AM/PM, only for English:
in other languages the field keeps the text it was saved with (its format is right, its date old).
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass

from PySide6.QtCore import QLocale

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class DateField:
    kind: str  # "datetime", "datetime1" … "datetime13", "datetimeFigureOut"
    lang: str  # the field run's language (BCP 47), "" when it names none
    saved: str  # the text the file holds for the field


# Short dates (PowerPoint's first Date and Time entry, the system short date of the language) where
# Qt's CLDR short format differs from it beyond the year's digits; other languages take Qt's.
_SHORT_DATES = {
    "en-au": "d/MM/yyyy",
    "es-es": "dd/MM/yyyy",
    "ko-kr": "yyyy-MM-dd",
    "nl-nl": "d-M-yyyy",
    "pl-pl": "dd.MM.yyyy",
}
_SHORT_DATE_CACHE: dict[str, str] = {}
_TOKEN = re.compile(r"yyyy|yy|MM|M|dd|d")


def short_date_format(lang: str) -> str:
    """The language's short date as a pattern of d, dd, M, MM and yyyy (e.g. "dd.MM.yyyy")."""
    key = lang.lower() or "en-us"
    found = _SHORT_DATE_CACHE.get(key)
    if found is None:
        found = _SHORT_DATES.get(key)
        if found is None:
            locale = QLocale(key.replace("-", "_"))
            known = locale.language() is not QLocale.Language.C
            pattern = locale.dateFormat(QLocale.FormatType.ShortFormat) if known else "M/d/yyyy"
            # Windows' short dates spell the year out where CLDR's often keep two digits.
            found = re.sub(r"(?<!y)yy(?!y)", "yyyy", pattern)
            if not re.fullmatch(r"(?:yyyy|MM?|dd?|[^A-Za-z'])+", found):
                found = "M/d/yyyy"  # quoted text, names or eras: not a plain numeric date
        _SHORT_DATE_CACHE[key] = found
    return found


def _numeric(pattern: str, day: dt.date) -> str:
    values = {
        "yyyy": f"{day.year:04d}",
        "yy": f"{day.year % 100:02d}",
        "MM": f"{day.month:02d}",
        "M": str(day.month),
        "dd": f"{day.day:02d}",
        "d": str(day.day),
    }
    return _TOKEN.sub(lambda m: values[m.group(0)], pattern)


def _clock12(now: dt.datetime, seconds: bool) -> str:
    hour = now.hour % 12 or 12
    rest = f":{now.second:02d}" if seconds else ""
    return f"{hour}:{now.minute:02d}{rest} {'AM' if now.hour < 12 else 'PM'}"


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")  # fmt: skip
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _english(kind: str, now: dt.datetime, short: str) -> str | None:
    """The kinds that spell out names or AM/PM, in their English (United States) forms; ``short``
    is the date in the language's short form."""
    month, day, year = _MONTHS[now.month - 1], now.day, now.year
    forms = {
        "datetime2": f"{_DAYS[now.weekday()]}, {month} {day}, {year}",
        "datetime3": f"{day} {month} {year}",
        "datetime4": f"{month} {day}, {year}",
        "datetime5": f"{day}-{month[:3]}-{year % 100:02d}",
        "datetime6": f"{month} {year % 100:02d}",
        "datetime7": f"{month[:3]}-{year % 100:02d}",
        "datetime8": f"{short} {_clock12(now, False)}",
        "datetime9": f"{short} {_clock12(now, True)}",
        "datetime12": _clock12(now, False),
        "datetime13": _clock12(now, True),
    }
    return forms.get(kind)


def field_text(field: DateField, now: dt.datetime) -> str:
    """What ``field`` shows at ``now``."""
    kind = field.kind
    lang = field.lang or "en-US"
    if kind in ("datetime", "datetime1", "datetimeFigureOut"):
        return _numeric(short_date_format(lang), now.date())
    if kind == "datetime10":
        return f"{now.hour}:{now.minute:02d}"
    if kind == "datetime11":
        return f"{now.hour}:{now.minute:02d}:{now.second:02d}"
    english = _english(kind, now, _numeric(short_date_format(lang), now.date()))
    if english is None:
        # An unknown kind ("datetime14"…): the language's short date, as for "datetime".
        return _numeric(short_date_format(lang), now.date())
    if lang.lower().startswith("en") or not field.saved.strip():
        return english
    return field.saved
