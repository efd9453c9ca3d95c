"""Auto-numbered bullets (a:buAutoNum): every ST_TextAutonumberScheme, formatted as PowerPoint does."""

from __future__ import annotations

import logging

log = logging.getLogger(__name__)

_ROMAN = (
    (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
    (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
)  # fmt: skip
_CJK_DIGITS = "〇一二三四五六七八九"
_HEBREW = "אבגדהוזחטיכלמנסעפצקרשת"
_ARABIC_ABJAD = "أبجدهوزحطيكلمنسعفصقرشتثخذضظغ"
_ARABIC_ALPHA = "أبتثجحخدذرزسشصضطظعغفقكلمنهوي"
_THAI_ALPHA = "กขคงจฉชซฌญฎฏฐฑฒณดตถทธนบปผฝพฟภมยรลวศษสหฬอฮ"
_HINDI_ALPHA = "अआइईउऊऋएऐओऔकखगघङचछजझञटठडढणतथदधनपफबभमयरलवशषसह"

# Longest first so "arabicDb" wins over "arabic" and "alphaLc" is not read as "alpha".
_TYPES = (
    "circleNumWdBlackPlain", "circleNumWdWhitePlain", "circleNumDbPlain", "arabicDb", "arabic1", "arabic2",
    "arabic", "alphaLc", "alphaUc", "romanLc", "romanUc", "ea1ChsPeriod", "ea1ChsPlain", "ea1ChtPeriod",
    "ea1ChtPlain", "ea1JpnChsDb", "ea1JpnKor", "ea1Cht", "ea1Chs", "ea1Jpn", "hebrew2", "thaiAlpha",
    "thaiNum", "hindiAlpha1", "hindiAlpha", "hindiNum",
)  # fmt: skip


def _roman(n: int) -> str:
    out = []
    for value, text in _ROMAN:
        while n >= value:
            out.append(text)
            n -= value
    return "".join(out)


def _alpha(n: int, letters: str) -> str:
    # PowerPoint repeats the letter: a..z, aa..zz, aaa...
    return letters[(n - 1) % len(letters)] * ((n - 1) // len(letters) + 1)


def _cjk(n: int) -> str:
    if n <= 0:
        return _CJK_DIGITS[0]
    if n < 10:
        return _CJK_DIGITS[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return ("" if tens == 1 else _CJK_DIGITS[tens]) + "十" + (_CJK_DIGITS[ones] if ones else "")
    return "".join(_CJK_DIGITS[int(d)] for d in str(n))


def _digits(n: int, zero: int) -> str:
    return "".join(chr(zero + int(d)) for d in str(n))


def _circled(n: int, kind: str) -> str:
    if kind == "circleNumWdBlackPlain":
        if 1 <= n <= 10:
            return chr(0x2776 + n - 1)
        if 11 <= n <= 20:
            return chr(0x24EB + n - 11)
    elif 1 <= n <= 20:
        return chr(0x2460 + n - 1)
    return str(n)


def _number(n: int, kind: str) -> str:
    if kind.startswith("circleNum"):
        return _circled(n, kind)
    if kind == "arabicDb":
        return _digits(n, 0xFF10)
    if kind in ("alphaLc", "alphaUc"):
        text = _alpha(n, "abcdefghijklmnopqrstuvwxyz")
        return text.upper() if kind == "alphaUc" else text
    if kind in ("romanLc", "romanUc"):
        text = _roman(n) if n > 0 else str(n)
        return text.upper() if kind == "romanUc" else text
    if kind.startswith("ea1"):
        return _digits(n, 0xFF10) if kind == "ea1JpnChsDb" else _cjk(n)
    if kind == "hebrew2":
        return _alpha(n, _HEBREW)
    if kind == "arabic1":
        return _alpha(n, _ARABIC_ALPHA)
    if kind == "arabic2":
        return _alpha(n, _ARABIC_ABJAD)
    if kind == "thaiAlpha":
        return _alpha(n, _THAI_ALPHA)
    if kind == "thaiNum":
        return _digits(n, 0x0E50)
    if kind.startswith("hindiAlpha"):
        return _alpha(n, _HINDI_ALPHA)
    if kind == "hindiNum":
        return _digits(n, 0x0966)
    return str(n)


def _suffix(text: str, suffix: str) -> str:
    if suffix in ("Period", "PlainPeriod"):
        return text + "."
    if suffix == "ParenR":
        return text + ")"
    if suffix == "ParenBoth":
        return "(" + text + ")"
    if suffix == "Minus":
        return text + "-" if text and not text[0].isascii() else "- " + text
    if suffix in ("DbPeriod", "ChsPeriod", "ChtPeriod", "JpnKorPeriod", "KorPeriod"):
        return text + "．"
    if suffix in ("DbPlain", "Plain", "JpnKorPlain", "ChsPlain", "ChtPlain", ""):
        return text
    return text + "."


def format_autonum(scheme: str, n: int) -> str:
    """The bullet text of item ``n`` (1-based, after startAt) in ``scheme`` ("alphaLcParenR" -> "a)")."""
    for kind in _TYPES:
        if scheme.startswith(kind):
            rest = scheme[len(kind) :]
            if kind.startswith("circleNum"):
                return _circled(n, kind)
            if kind.startswith("ea1") and kind.endswith(("Period", "Plain")):
                rest = "ChsPeriod" if kind.endswith("Period") else "Plain"
            if kind.endswith("Db") and rest == "Period":
                rest = "DbPeriod"  # full-width numbers take the full-width full stop
            return _suffix(_number(n, kind), rest)
    log.debug("unknown autonumber scheme %r; using arabicPeriod", scheme)
    return f"{n}."
