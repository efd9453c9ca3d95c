"""Excel number formats for tick and data labels: General, 0.0, #,##0, 0%, currency text, dates."""

from __future__ import annotations

import datetime as dt
import logging
import math
import re
from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction

log = logging.getLogger(__name__)

_DATE_TOKENS = re.compile(r"(yyyy|yy|mmmmm|mmmm|mmm|mm|m|dddd|ddd|dd|d|hh|h|ss|s|AM/PM|am/pm)", re.IGNORECASE)
_QUOTED = re.compile(r'"([^"]*)"')
# Literal text in a section: a quoted string or a backslash-escaped character.
_LITERAL_TEXT = re.compile(r'"[^"]*"|\\.')
_CONDITION = re.compile(r"\[(<=|>=|<>|<|>|=)\s*(-?\d+(?:\.\d*)?)\]")
# A fraction: an optional whole-number part and spaces, then numerator/denominator placeholders
# (or a fixed denominator: "# ?/8").
_FRACTION = re.compile(r"(?:([#0?,]+)(\s+))?([#0?]+)/([#0?]+|\d+)")


def format_general(value: float) -> str:
    """Excel's General: up to 10 significant figures, trailing zeros dropped, E notation when huge."""
    if value == 0 or not math.isfinite(value):
        return "0" if value == 0 else str(value)
    magnitude = abs(value)
    if magnitude >= 1e11 or magnitude < 1e-9:
        text = f"{value:.5E}"
        mantissa, exp = text.split("E")
        mantissa = mantissa.rstrip("0").rstrip(".")
        return f"{mantissa}E{exp[0]}{exp[1:].lstrip('0').zfill(2)}"
    digits = max(0, 10 - math.floor(math.log10(magnitude)) - 1)
    text = f"{value:.{min(digits, 10)}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _holds(condition: re.Match[str], value: float) -> bool:
    op, limit = condition.group(1), float(condition.group(2))
    return {
        "<": value < limit,
        "<=": value <= limit,
        ">": value > limit,
        ">=": value >= limit,
        "=": value == limit,
        "<>": value != limit,
    }[op]


def _conditional_section(parts: list[str], value: float) -> str | None:
    """The section a code with [<1000]-style conditions picks: the first whose condition holds,
    else the next section without one (None: the code has no conditions)."""
    conditions = [_CONDITION.search(part) for part in parts]
    if not any(conditions):
        return None
    for part, condition in zip(parts, conditions, strict=True):
        if condition is not None and _holds(condition, value):
            return part
    rest = [part for part, condition in zip(parts, conditions, strict=True) if condition is None]
    return rest[0] if rest else parts[-1]


def _section(code: str, value: float) -> tuple[str, float]:
    parts = _split_sections(code)
    chosen = _conditional_section(parts, value)
    if chosen is not None:
        return chosen, value  # the value keeps its sign: the section does not write one
    if len(parts) >= 2 and value < 0:
        return parts[1], abs(value)
    if len(parts) >= 3 and value == 0:
        return parts[2], value
    return parts[0], value


def _split_sections(code: str) -> list[str]:
    parts, current, quoted = [], "", False
    for ch in code:
        if ch == '"':
            quoted = not quoted
        if ch == ";" and not quoted:
            parts.append(current)
            current = ""
        else:
            current += ch
    parts.append(current)
    return parts


def _strip_codes(section: str) -> str:
    section = re.sub(r"\[[^\]]*\]", "", section)  # colours, conditions, locales
    section = re.sub(r"_.", " ", section)  # padding the width of a character
    section = re.sub(r"\*.", "", section)  # fill characters
    return section


def excel_date(serial: float, date1904: bool = False) -> dt.datetime:
    base = dt.datetime(1904, 1, 1) if date1904 else dt.datetime(1899, 12, 30)
    return base + dt.timedelta(days=serial)


def _format_date(section: str, value: float, date1904: bool) -> str:
    try:
        when = excel_date(value, date1904)
    except (OverflowError, ValueError):
        return format_general(value)
    tokens = _DATE_TOKENS.split(section)
    has_ampm = any(t.lower() == "am/pm" for t in tokens)
    out: list[str] = []
    prev_hour = False
    for i, tok in enumerate(tokens):
        low = tok.lower()
        if not low or not _DATE_TOKENS.fullmatch(tok):
            out.append(tok.replace("\\", ""))
            continue
        if low in ("mm", "m"):
            # Minutes after an hour or before seconds; months otherwise.
            after = "".join(tokens[i + 1 :]).lower()
            minutes = prev_hour or after.lstrip(":").startswith("s")
            if minutes:
                out.append(f"{when.minute:02d}" if low == "mm" else str(when.minute))
            else:
                out.append(f"{when.month:02d}" if low == "mm" else str(when.month))
        elif low == "mmm":
            out.append(when.strftime("%b"))
        elif low == "mmmm":
            out.append(when.strftime("%B"))
        elif low == "mmmmm":
            out.append(when.strftime("%B")[0])
        elif low == "yyyy":
            out.append(f"{when.year:04d}")
        elif low == "yy":
            out.append(f"{when.year % 100:02d}")
        elif low == "d":
            out.append(str(when.day))
        elif low == "dd":
            out.append(f"{when.day:02d}")
        elif low == "ddd":
            out.append(when.strftime("%a"))
        elif low == "dddd":
            out.append(when.strftime("%A"))
        elif low in ("h", "hh"):
            hour = when.hour % 12 or 12 if has_ampm else when.hour
            out.append(f"{hour:02d}" if low == "hh" else str(hour))
        elif low in ("s", "ss"):
            out.append(f"{when.second:02d}" if low == "ss" else str(when.second))
        elif low == "am/pm":
            out.append("AM" if when.hour < 12 else "PM")
        prev_hour = low in ("h", "hh")
    return "".join(out)


def _is_date(section: str) -> bool:
    bare = _QUOTED.sub("", section)
    return bool(re.search(r"[dyDY]|mmm|(?<![0#])m(?![0#])", bare)) and not re.search(r"[0#]", bare)


def _format_fraction(section: str, match: re.Match[str], value: float) -> str:
    """A fraction code: "# ?/?" shows 2.75 as "2 3/4" (the nearest fraction whose denominator has
    as many digits as the code allows, or the code's fixed denominator: "# ?/8"). The sign is the
    caller's."""
    whole_code, gap, num_code, den_code = match.groups()
    magnitude = abs(value)
    whole = math.floor(magnitude) if whole_code else 0
    rest = magnitude - whole
    if den_code.isdigit():
        den = max(int(den_code), 1)
        if not math.isfinite(rest * den):
            # 1e308 in eighths is past any float: shown as nothing, as a percentage past it is.
            return ""
        num = int(_round_half_up(rest * den, 0))
    else:
        fraction = Fraction(rest).limit_denominator(10 ** len(den_code) - 1)
        num, den = fraction.numerator, fraction.denominator
    if whole_code and num == den:
        whole, num = whole + 1, 0
    if num == 0:
        # Excel leaves the fraction's room blank after the whole number; zero shows as 0.
        room = " " * (len(gap or "") + len(num_code) + 1 + len(den_code))
        body = f"{whole}{room}" if whole_code else "0"
    elif whole_code:
        # A zero whole number shows as nothing under #, as room for a digit under ?.
        shown = str(whole) if whole or "0" in whole_code else " " * whole_code.count("?")
        body = f"{shown}{gap}{num}/{den}"
    else:
        body = f"{num}/{den}"
    return _literal(section[: match.start()]) + body + _literal(section[match.end() :])


def _literal(part: str) -> str:
    return _QUOTED.sub(lambda m: m.group(1), part).replace("\\", "")


def _format_scientific(number_code: str, value: float) -> str:
    """0.00E+00 and the like: the mantissa with the code's decimals, the exponent with at least
    as many digits as the code has zeros there (E+ signs it always, E- only when negative).
    Codes with several integer places and a # ("##0.0E+0") step the exponent by that many."""
    mantissa_code, exponent_code = re.split(r"[eE]", number_code, maxsplit=1)
    sign_code, exponent_digits = exponent_code[:1], exponent_code[1:]
    int_code, _, dec_code = mantissa_code.partition(".")
    decimals = len(re.sub(r"[^0#?]", "", dec_code))
    int_places = max(len(re.sub(r"[^0#?]", "", int_code)), 1)
    step = int_places if int_places > 1 and "#" in int_code else 1
    exponent = 0
    if value != 0:
        exponent = math.floor(math.log10(abs(value)))
        exponent -= exponent % step
    mantissa = _round_half_up(_shifted(value, exponent), decimals)
    if value != 0 and abs(mantissa) >= 10.0**step:  # 9.996 -> 10.00: carry into the exponent
        exponent += step
        mantissa = _round_half_up(_shifted(value, exponent), decimals)
    exp_sign = "-" if exponent < 0 else ("+" if sign_code == "+" else "")
    digits = str(abs(exponent)).zfill(max(len(exponent_digits), 1))
    return f"{mantissa:.{decimals}f}E{exp_sign}{digits}"


def _shifted(value: float, exponent: int) -> float:
    """``value`` / 10**``exponent``. Past 1e-300 the power is subnormal or 0 as a float (a
    denormal value such as 5e-324 divided by zero): the decimal point is moved exactly instead."""
    if exponent > -300:
        return value / 10.0**exponent
    return float(Decimal(repr(value)).scaleb(-exponent))


def _masked(section: str) -> str:
    """``section`` with its literal text (quoted strings, escaped characters) blanked out, same
    length: a % or a 0 in "in %" or \\% is text, neither scaling nor a digit place."""
    return _LITERAL_TEXT.sub(lambda m: "\x00" * len(m.group(0)), section)


def _format_number(section: str, value: float) -> str:
    masked = _masked(section)
    fraction = _FRACTION.search(masked)
    if fraction is not None:
        return _format_fraction(section, fraction, value)
    percent = masked.count("%")
    if percent:
        value *= 100.0**percent
        if not math.isfinite(value):
            # 1e308 as a percentage is past any float: shown as nothing, as a non-finite value is,
            # where Decimal's rounding raised and cost the whole chart.
            return ""
    # Literal text: quoted strings, escaped characters and currency signs stay as written.
    pattern = re.search(r"[0#?][0#?,]*(\.[0#?]*)?,*([eE][+-][0#]+)?", masked)
    if pattern is None:
        return _QUOTED.sub(lambda m: m.group(1), section).replace("\\", "")
    number_code = pattern.group(0)
    prefix = section[: pattern.start()]
    suffix = section[pattern.end() :]
    # Thousands scaling: commas right after the digits divide by 1000 each.
    trailing_commas = len(number_code) - len(number_code.rstrip(","))
    value /= 1000.0**trailing_commas
    number_code = number_code.rstrip(",")
    grouping = "," in number_code
    decimals = 0
    if "." in number_code:
        decimals = len(re.sub(r"[^0#?]", "", number_code.split(".", 1)[1]))
    if re.search(r"[eE]", number_code):
        text = _format_scientific(number_code, value)
    else:
        value = _round_half_up(value, decimals)
        text = f"{value:,.{decimals}f}" if grouping else f"{value:.{decimals}f}"
        if "." in number_code:
            optional = len(re.sub(r"[^#]", "", number_code.split(".", 1)[1]))
            while optional and text.endswith("0") and "." in text:
                text = text[:-1]
                optional -= 1
            text = text.rstrip(".") if text.endswith(".") else text
        int_part = number_code.split(".", 1)[0]
        if "0" not in int_part and text.lstrip("-").startswith("0") and abs(value) < 1:
            # No 0 among the integer places: a zero integer part shows as nothing (#) or as
            # the room of a digit (?), as the accounting format's "-"?? shows zero as a dash.
            blank = " " * int_part.count("?")
            text = text.replace("0.", blank + ".", 1) if "." in text else text.replace("0", blank, 1)
    if text.startswith("-") and float(text.replace(",", "").lstrip("-") or 0) == 0:
        text = text[1:]

    def literal(part: str) -> str:
        part = _QUOTED.sub(lambda m: m.group(1), part)
        return part.replace("\\", "")

    return literal(prefix) + text + literal(suffix)


def _round_half_up(value: float, decimals: int) -> float:
    """Excel rounds halves away from zero (Python's format rounds them to even)."""
    exact = Decimal(repr(value))
    with localcontext() as context:
        # Enough digits for the whole result: 1e200 to 0 decimals needs 201, past the default 28.
        context.prec = max(28, exact.adjusted() + decimals + 2)
        return float(exact.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP))


def format_value(value: float, code: str | None, date1904: bool = False) -> str:
    """``value`` as Excel shows it with number format ``code`` (None or General: General)."""
    if not math.isfinite(value):
        return ""
    if not code or code.strip().lower() == "general":
        return format_general(value)
    section, shown = _section(code, value)
    section = _strip_codes(section)
    if section.strip().lower() == "general":
        return format_general(shown) if shown == value or value >= 0 else "-" + format_general(shown)
    if "@" in _QUOTED.sub("", section):
        # Text format: a number in a text section is shown as General, with the section's literals.
        return _QUOTED.sub(lambda m: m.group(1), section).replace("\\", "").replace("@", format_general(shown))
    try:
        if _is_date(section):
            return _format_date(section, value, date1904)
        if shown >= 0:
            return _format_number(section, shown)
        # A negative value in a section that writes no sign of its own: Excel puts the minus
        # ahead of the whole text, currency signs and other literals included ("-$5.00"), and
        # drops it when the value shows as zero.
        text = _format_number(section, -shown)
    except (ValueError, OverflowError):
        return format_general(value)
    return "-" + text if re.search(r"[1-9]", text) else text


# Excel's eight named colours, and [Color1]-[Color8] (the same, in the classic palette's order).
_NAMED_COLORS = {
    "black": "000000",
    "white": "FFFFFF",
    "red": "FF0000",
    "green": "00FF00",
    "blue": "0000FF",
    "yellow": "FFFF00",
    "magenta": "FF00FF",
    "cyan": "00FFFF",
}
_PALETTE = ("000000", "FFFFFF", "FF0000", "00FF00", "0000FF", "FFFF00", "FF00FF", "00FFFF")


def format_color(value: float, code: str | None) -> str | None:
    """The colour (RRGGBB) the section of ``code`` that shows ``value`` names in brackets, as
    "[Red]" in "#,##0;[Red]-#,##0": Excel draws tick and data labels in it. None: no colour."""
    if not code or not math.isfinite(value) or "[" not in code:
        return None
    section, _shown = _section(code, value)
    for name in re.findall(r"\[([A-Za-z]+\d*)\]", _QUOTED.sub("", section)):
        low = name.lower()
        if low in _NAMED_COLORS:
            return _NAMED_COLORS[low]
        if low.startswith("color") and low[5:].isdigit() and 1 <= int(low[5:]) <= len(_PALETTE):
            return _PALETTE[int(low[5:]) - 1]
    return None
