"""Font substitution and lookup: one explicit table, the same on every OS.

Office fonts are proprietary, so every deck typeface is mapped to an open font with the same (or
close) metrics before Qt sees it: Calibri -> Carlito, Arial -> Liberation Sans, MS Gothic -> Noto
Sans CJK JP... Font files come from ``resources/fonts/`` (bundled by the installers, filled by
``packaging/collect_fonts.py``) and else from the OS, registered with Qt once per process.

Known caveat: Calibri Light has no open metric twin; it maps to Carlito Regular (same advance
widths as Calibri, so line breaks match, but strokes are heavier than PowerPoint's).

A typeface missing from the table is looked up by its family part ("Open Sans Bold" is Open Sans's
stand-in, drawn bold), else drawn with a default chosen by what the deck says of it: its name's
words and its PANOSE and pitch/family bytes (serif, sans or monospaced; heavy faces bold; condensed
ones narrow). See worker.render.stand_ins.
"""

from __future__ import annotations

import logging
import os
import struct
import sys
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication, QRawFont

from worker.deck.font_traits import (
    CHARSET_ARABIC,
    CHARSET_BIG5,
    CHARSET_GB2312,
    CHARSET_HANGUL,
    CHARSET_HEBREW,
    CHARSET_JOHAB,
    CHARSET_THAI,
    EAST_ASIAN_CHARSETS,
    FontTraits,
)
from worker.render import latin_widths
from worker.render.stand_ins import BOLD_FROM, Kind, compact, is_condensed, is_serif, latin_kind, name_style, weight_of

log = logging.getLogger(__name__)

RESOURCE_FONTS = Path(__file__).resolve().parents[2] / "resources" / "fonts"

SANS = "Liberation Sans"
SERIF = "Liberation Serif"
MONO = "Liberation Mono"
CJK_JP = "Noto Sans CJK JP"
CJK_SC = "Noto Sans CJK SC"
CJK_TC = "Noto Sans CJK TC"
CJK_KR = "Noto Sans CJK KR"
SERIF_CJK_JP = "Noto Serif CJK JP"
SERIF_CJK_SC = "Noto Serif CJK SC"
SERIF_CJK_TC = "Noto Serif CJK TC"
SERIF_CJK_KR = "Noto Serif CJK KR"
ARABIC = "Noto Sans Arabic"
HEBREW = "Noto Sans Hebrew"
SYMBOLS = "DejaVu Sans"
EMOJI = "Noto Color Emoji"

# One Noto family for each script of South and South-East Asia, Ethiopia and the Caucasus (files
# "NotoSansBengali-Regular.ttf"...): without them, on a machine with no font for a script, Qt draws
# its text as filled boxes.
NOTO_SCRIPT_FAMILIES: dict[str, str] = {
    "Thai": "Noto Sans Thai",
    "Deva": "Noto Sans Devanagari",
    "Beng": "Noto Sans Bengali",
    "Guru": "Noto Sans Gurmukhi",
    "Gujr": "Noto Sans Gujarati",
    "Orya": "Noto Sans Oriya",
    "Taml": "Noto Sans Tamil",
    "Telu": "Noto Sans Telugu",
    "Knda": "Noto Sans Kannada",
    "Mlym": "Noto Sans Malayalam",
    "Sinh": "Noto Sans Sinhala",
    "Khmr": "Noto Sans Khmer",
    "Laoo": "Noto Sans Lao",
    "Mymr": "Noto Sans Myanmar",
    "Ethi": "Noto Sans Ethiopic",
    "Tibt": "Noto Serif Tibetan",  # Noto has no sans Tibetan
    "Geor": "Noto Sans Georgian",
    "Armn": "Noto Sans Armenian",
    "Syrc": "Noto Sans Syriac",
    "Mong": "Noto Sans Mongolian",
    # Not Thaana: Qt reads Noto Sans Thaana as a symbol font and draws no Thaana text with it.
}
_REGULAR_ONLY = frozenset({"Noto Sans Syriac", "Noto Sans Mongolian"})  # no bold file in Noto

# Open defaults for a theme/script font slot left empty, by OOXML script tag.
SCRIPT_DEFAULTS: dict[str, str] = {
    "Jpan": CJK_JP,
    "Hang": CJK_KR,
    "Hans": CJK_SC,
    "Hant": CJK_TC,
    "Arab": ARABIC,
    "Hebr": HEBREW,
    **NOTO_SCRIPT_FAMILIES,
}


class Script(StrEnum):
    """The three DrawingML font slots a character can fall into (plus the symbol slot)."""

    LATIN = "latin"
    EA = "ea"
    CS = "cs"


# Lower-cased deck typeface -> open family. Names PowerPoint writes in Japanese, Chinese or Korean
# are listed too: decks made on those systems store the localised name.
SUBSTITUTES: dict[str, str] = {
    # Metric-compatible twins.
    "calibri": "Carlito",
    "calibri light": "Carlito",  # weight caveat: see module docstring
    "cambria": "Caladea",
    "cambria math": "Caladea",
    "arial": SANS,
    "helvetica": SANS,
    "helvetica neue": SANS,
    "arial unicode ms": SANS,
    "arial black": SANS,
    "arial narrow": "Liberation Sans Narrow",
    "times new roman": SERIF,
    "times": SERIF,
    "courier new": MONO,
    "courier": MONO,
    "consolas": MONO,
    "lucida console": MONO,
    # Close in width and feel, not metric twins. Widths are a pangram's advance against Arial's:
    # Liberation Sans Narrow 0.82, Carlito 0.91, Liberation Sans 1.0, Noto Sans 1.05, DejaVu Sans
    # Condensed 1.02, DejaVu Sans 1.13; Caladea 0.91, Liberation Serif 0.92, Noto Serif 1.07,
    # DejaVu Serif 1.15. Faces of these families ("Segoe UI Semibold", "Futura Condensed") find
    # their family here and are drawn bold or narrow by their name (see FontResolver). Where the
    # typeface's own average width is known (latin_widths), the stand-in's advances are scaled to it.
    "verdana": "DejaVu Sans",
    "tahoma": "DejaVu Sans Condensed",
    "segoe ui": "Noto Sans",
    "segoe ui light": "Noto Sans",
    "segoe ui semibold": "Noto Sans",
    "segoe": "Noto Sans",
    "segoe ui symbol": SYMBOLS,
    "segoe ui emoji": SYMBOLS,
    "trebuchet ms": "Noto Sans",
    "gill sans mt": "Carlito",  # humanist and narrow (about 0.9)
    "gill sans": "Carlito",
    "gill sans nova": "Carlito",
    "century gothic": "DejaVu Sans",
    "franklin gothic book": "Liberation Sans Narrow",
    "franklin gothic medium": "Liberation Sans Narrow",
    "tw cen mt": "Carlito",
    "bahnschrift": "Carlito",
    "agency fb": "Liberation Sans Narrow",
    "impact": "Liberation Sans Narrow",  # drawn bold: see HEAVY
    "haettenschweiler": "Liberation Sans Narrow",
    "corbel": "Carlito",
    "candara": "Carlito",
    "aptos": "Noto Sans",
    "aptos display": "Noto Sans",
    "aptos narrow": "Liberation Sans Narrow",
    "lato": "Carlito",  # Carlito is derived from Lato
    "open sans": "Noto Sans",  # 1.04; its bold 1.11 (Noto Sans Bold 1.11)
    "roboto": SANS,  # 0.98
    "comic sans ms": "Noto Sans",  # 1.06
    "work sans": "Noto Sans",  # 1.09
    "microsoft sans serif": SANS,
    "ms sans serif": SANS,
    "ms reference sans serif": "DejaVu Sans",
    "arial rounded mt bold": SANS,
    "arial nova": SANS,
    "futura": SANS,
    "avenir": SANS,
    "avenir next": "Noto Sans",
    "optima": SANS,
    "myriad pro": "Carlito",
    "myriad": "Carlito",
    "source sans pro": "Carlito",
    "source sans 3": "Carlito",
    "pt sans": "Carlito",
    "montserrat": "DejaVu Sans",
    "poppins": "DejaVu Sans",
    "raleway": "Noto Sans",
    "nunito": "Noto Sans",
    "nunito sans": "Noto Sans",
    "inter": "Noto Sans",
    "ubuntu": "Noto Sans",
    "fira sans": "Noto Sans",
    "droid sans": "Noto Sans",
    "oswald": "Liberation Sans Narrow",
    "sf pro": "Noto Sans",
    "sf pro text": "Noto Sans",
    "sf pro display": "Noto Sans",
    "lucida sans": "DejaVu Sans",
    "lucida sans unicode": "DejaVu Sans",
    "lucida grande": "DejaVu Sans",
    "menlo": MONO,
    "monaco": MONO,
    "sf mono": MONO,
    "constantia": "Caladea",
    "georgia": "Noto Serif",  # as wide as Arial on average: Noto Serif is 8 % wider, DejaVu Serif 16 %
    "garamond": SERIF,
    "book antiqua": SERIF,
    "palatino linotype": SERIF,
    "palatino": SERIF,
    "century schoolbook": SERIF,
    "perpetua": SERIF,
    "baskerville old face": SERIF,
    "baskerville": SERIF,
    "playfair display": SERIF,  # 0.99
    "goudy old style": SERIF,
    "bodoni mt": SERIF,
    "didot": SERIF,
    "rockwell": "Noto Serif",  # a wide slab serif
    "bookman old style": "DejaVu Serif",  # wide
    "lucida bright": "DejaVu Serif",
    "merriweather": "DejaVu Serif",
    "droid serif": "Noto Serif",
    "sylfaen": "Noto Serif",
    # Japanese.
    "ms gothic": CJK_JP,
    "ms pgothic": CJK_JP,
    "ms ui gothic": CJK_JP,
    "ｍｓ ゴシック": CJK_JP,
    "ｍｓ ｐゴシック": CJK_JP,
    "meiryo": CJK_JP,
    "meiryo ui": CJK_JP,
    "メイリオ": CJK_JP,
    "yu gothic": CJK_JP,
    "yu gothic ui": CJK_JP,
    "游ゴシック": CJK_JP,
    "hiragino sans": CJK_JP,
    "hiragino kaku gothic pro": CJK_JP,
    "ヒラギノ角ゴ pro": CJK_JP,
    "hiragino mincho pro": SERIF_CJK_JP,
    "ヒラギノ明朝 pro": SERIF_CJK_JP,
    "ms mincho": SERIF_CJK_JP,
    "ms pmincho": SERIF_CJK_JP,
    "ｍｓ 明朝": SERIF_CJK_JP,
    "ｍｓ ｐ明朝": SERIF_CJK_JP,
    "yu mincho": SERIF_CJK_JP,
    "游明朝": SERIF_CJK_JP,
    # Simplified Chinese.
    "simsun": SERIF_CJK_SC,
    "nsimsun": SERIF_CJK_SC,
    "宋体": SERIF_CJK_SC,
    "新宋体": SERIF_CJK_SC,
    "simhei": CJK_SC,
    "黑体": CJK_SC,
    "microsoft yahei": CJK_SC,
    "microsoft yahei ui": CJK_SC,
    "hiragino sans gb": CJK_SC,
    "pingfang sc": CJK_SC,
    "微软雅黑": CJK_SC,
    "dengxian": CJK_SC,
    "等线": CJK_SC,
    "kaiti": SERIF_CJK_SC,
    "楷体": SERIF_CJK_SC,
    "fangsong": SERIF_CJK_SC,
    # Traditional Chinese.
    "pmingliu": SERIF_CJK_TC,
    "mingliu": SERIF_CJK_TC,
    "新細明體": SERIF_CJK_TC,
    "細明體": SERIF_CJK_TC,
    "microsoft jhenghei": CJK_TC,
    "microsoft jhenghei ui": CJK_TC,
    "pingfang tc": CJK_TC,
    "微軟正黑體": CJK_TC,
    # Korean.
    "malgun gothic": CJK_KR,
    "apple sd gothic neo": CJK_KR,
    "nanumgothic": CJK_KR,
    "나눔고딕": CJK_KR,
    "nanummyeongjo": SERIF_CJK_KR,
    "맑은 고딕": CJK_KR,
    "gulim": CJK_KR,
    "굴림": CJK_KR,
    "gulimche": CJK_KR,
    "dotum": CJK_KR,
    "돋움": CJK_KR,
    "batang": SERIF_CJK_KR,
    "바탕": SERIF_CJK_KR,
    "batangche": SERIF_CJK_KR,
    "gungsuh": SERIF_CJK_KR,
    "궁서": SERIF_CJK_KR,
    # Arabic and Hebrew.
    "arabic typesetting": ARABIC,
    "traditional arabic": ARABIC,
    "simplified arabic": ARABIC,
    "sakkal majalla": ARABIC,
    "andalus": ARABIC,
    "david": HEBREW,
    "miriam": HEBREW,
    "narkisim": HEBREW,
    "frankruehl": "Noto Serif Hebrew",
    "levenim mt": HEBREW,
    "gisha": HEBREW,
    "aharoni": HEBREW,  # drawn bold: see HEAVY
    # Symbol fonts: their characters are remapped to Unicode first (see symbol_char).
    "symbol": SYMBOLS,
    "wingdings": SYMBOLS,
    "wingdings 2": SYMBOLS,
    "wingdings 3": SYMBOLS,
    "webdings": SYMBOLS,
    "marlett": SYMBOLS,
}

# Typefaces with one heavy face whose names do not say so: their stand-in is drawn bold.
HEAVY = frozenset({"impact", "haettenschweiler", "aharoni", "broadway"})

# The table's keys without spaces or a PostScript ending ("TimesNewRomanPSMT", "OpenSans-Bold").
_COMPACT_SUBSTITUTES = {compact(name): family for name, family in SUBSTITUTES.items()}

# Narrower stand-ins of the sans families, for condensed faces of the typefaces they stand in for.
NARROW = {
    SANS: "Liberation Sans Narrow",
    "Noto Sans": "Liberation Sans Narrow",
    "Carlito": "Liberation Sans Narrow",
    "DejaVu Sans": "DejaVu Sans Condensed",
}

# Open defaults by the kind of an unknown Latin typeface (script and decorative faces: a plain sans
# is closer in width than any serif or monospaced face).
KIND_DEFAULTS = {Kind.SANS: SANS, Kind.SERIF: SERIF, Kind.MONO: MONO, Kind.SCRIPT: SANS, Kind.DECORATIVE: SANS}

_CJK_BY_CHARSET = {CHARSET_GB2312: CJK_SC, CHARSET_BIG5: CJK_TC, CHARSET_HANGUL: CJK_KR, CHARSET_JOHAB: CJK_KR}
_CJK_SERIF_WORDS = ("mincho", "明朝", "song", "宋", "ming", "batang", "바탕")
_SERIF_CJK = {CJK_JP: SERIF_CJK_JP, CJK_SC: SERIF_CJK_SC, CJK_TC: SERIF_CJK_TC, CJK_KR: SERIF_CJK_KR}

# Latin letters of East Asian fonts whose Latin design differs from their stand-in's: Malgun
# Gothic's Latin is Segoe UI's (whose stand-in is Noto Sans), wider than Noto Sans CJK KR's.
LATIN_SUBSTITUTES = {"malgun gothic": "Noto Sans", "맑은 고딕": "Noto Sans"}

# Korean Windows fonts set every Hangul syllable on a full em; the Noto CJK substitutes use
# narrower Hangul (0.92 em in the sans), so Korean lines came out ~8 % short of PowerPoint's.
# Text in these typefaces gets its Hangul widened back to a full em (see hangul_width_scale).
FULL_EM_HANGUL = frozenset({
    "malgun gothic", "맑은 고딕", "gulim", "굴림", "gulimche", "굴림체", "dotum", "돋움", "dotumche",
    "돋움체", "batang", "바탕", "batangche", "바탕체", "gungsuh", "궁서", "gungsuhche",
})  # fmt: skip

# Space advance (em) of the Korean fonts whose spaces are wider than the substitutes' (measured on
# PowerPoint's PDFs: Malgun Gothic's word gaps are 0.35 em, Noto Sans CJK KR's 0.22 em; after its
# Latin letters and marks too, "다. p" and "래, 관": 0.347 em, Noto Sans's 0.26 em).
HANGUL_SPACE_EM = {"malgun gothic": 0.35, "맑은 고딕": 0.35, "": 0.35}

# Malgun Gothic sets its glyphs higher in a line than the Noto CJK substitute does with the same
# line box: measured on PowerPoint's PDFs of Korean decks (titles and body text, 10 to 40 pt), its
# baselines sit 0.09 em above ours. Lines in the full-em Korean fonts are raised by that much.
KOREAN_BASELINE_LIFT_EM = 0.09

# Deck typefaces drawn with an open font of the same vertical metrics: the stand-in's OS/2
# usWinAscent and usWinDescent are the real face's (Carlito 1950/550 as Calibri, Liberation Sans
# 1854/434 as Arial, Liberation Serif 1825/443 as Times New Roman, Liberation Mono 1705/615 as
# Courier New). Caladea is left out: its vertical metrics are not Cambria's
# (github.com/huertatipografica/Caladea/issues/4).
METRIC_TWINS: dict[str, str] = {
    "calibri": "Carlito",
    "calibri light": "Carlito",
    "arial": SANS,
    "times new roman": SERIF,
    "courier new": MONO,
    "carlito": "Carlito",
    "liberation sans": SANS,
    "liberation serif": SERIF,
    "liberation mono": MONO,
}

# OS/2 usWinAscent and usWinDescent of deck typefaces we hold no twin of, for PowerPoint's line
# seat (FontResolver.ascent_share): Malgun Gothic's are 2229/495, read off native PowerPoint
# exports of Korean decks (github.com/developer0hye/office2pdf/issues/1176, pull/1258).
WIN_METRICS: dict[str, tuple[int, int]] = {"malgun gothic": (2229, 495), "맑은 고딕": (2229, 495)}

# Families tried, in this order, for characters the chosen font lacks (Qt's own fallback differs
# between systems; an explicit list keeps layout identical everywhere).
FALLBACKS = (
    "Noto Sans",
    "DejaVu Sans",
    CJK_JP,
    ARABIC,
    HEBREW,
    "Noto Sans Symbols",
    "Noto Sans Symbols2",
    "Noto Sans Math",
    "OpenSymbol",
)

# File names that hold each family, looked up in resources/fonts and the OS font folders when Qt
# does not already know the family (Windows and macOS rarely ship these open fonts).
FONT_FILES: dict[str, tuple[str, ...]] = {
    "Carlito": ("Carlito-Regular.ttf", "Carlito-Bold.ttf", "Carlito-Italic.ttf", "Carlito-BoldItalic.ttf"),
    "Caladea": ("Caladea-Regular.ttf", "Caladea-Bold.ttf", "Caladea-Italic.ttf", "Caladea-BoldItalic.ttf"),
    SANS: (
        "LiberationSans-Regular.ttf", "LiberationSans-Bold.ttf",
        "LiberationSans-Italic.ttf", "LiberationSans-BoldItalic.ttf",
    ),
    "Liberation Sans Narrow": (
        "LiberationSansNarrow-Regular.ttf", "LiberationSansNarrow-Bold.ttf",
        "LiberationSansNarrow-Italic.ttf", "LiberationSansNarrow-BoldItalic.ttf",
    ),
    SERIF: (
        "LiberationSerif-Regular.ttf", "LiberationSerif-Bold.ttf",
        "LiberationSerif-Italic.ttf", "LiberationSerif-BoldItalic.ttf",
    ),
    MONO: (
        "LiberationMono-Regular.ttf", "LiberationMono-Bold.ttf",
        "LiberationMono-Italic.ttf", "LiberationMono-BoldItalic.ttf",
    ),
    "DejaVu Sans": ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf"),
    "DejaVu Sans Condensed": ("DejaVuSansCondensed.ttf", "DejaVuSansCondensed-Bold.ttf"),
    "DejaVu Serif": ("DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf", "DejaVuSerif-Italic.ttf"),
    "Noto Sans": ("NotoSans-Regular.ttf", "NotoSans-Bold.ttf", "NotoSans-Italic.ttf"),
    "Noto Serif": ("NotoSerif-Regular.ttf", "NotoSerif-Bold.ttf", "NotoSerif-Italic.ttf"),
    ARABIC: ("NotoSansArabic-Regular.ttf", "NotoSansArabic-Bold.ttf"),
    HEBREW: ("NotoSansHebrew-Regular.ttf", "NotoSansHebrew-Bold.ttf"),
    "Noto Serif Hebrew": ("NotoSerifHebrew-Regular.ttf", "NotoSerifHebrew-Bold.ttf"),
    "Noto Sans Symbols": ("NotoSansSymbols-Regular.ttf",),
    "Noto Sans Symbols2": ("NotoSansSymbols2-Regular.ttf",),
    EMOJI: ("NotoColorEmoji.ttf",),
    "Noto Sans Math": ("NotoSansMath-Regular.ttf",),
    **{
        family: tuple(
            f"{family.replace(' ', '')}-{face}.ttf"
            for face in (("Regular",) if family in _REGULAR_ONLY else ("Regular", "Bold"))
        )
        for family in NOTO_SCRIPT_FAMILIES.values()
    },
    # The CJK collections hold the JP, SC, TC and KR families together.
    CJK_JP: ("NotoSansCJK-Regular.ttc", "NotoSansCJK-Bold.ttc"),
    CJK_SC: ("NotoSansCJK-Regular.ttc", "NotoSansCJK-Bold.ttc"),
    CJK_TC: ("NotoSansCJK-Regular.ttc", "NotoSansCJK-Bold.ttc"),
    CJK_KR: ("NotoSansCJK-Regular.ttc", "NotoSansCJK-Bold.ttc"),
    SERIF_CJK_JP: ("NotoSerifCJK-Regular.ttc", "NotoSerifCJK-Bold.ttc"),
    SERIF_CJK_SC: ("NotoSerifCJK-Regular.ttc", "NotoSerifCJK-Bold.ttc"),
    SERIF_CJK_TC: ("NotoSerifCJK-Regular.ttc", "NotoSerifCJK-Bold.ttc"),
    SERIF_CJK_KR: ("NotoSerifCJK-Regular.ttc", "NotoSerifCJK-Bold.ttc"),
}  # fmt: skip

# Wingdings code points (as typed, or in the U+F0xx private-use copy) -> Unicode, for the bullets
# PowerPoint offers and a few more; unmapped ones fall back to a round bullet.
_WINGDINGS = {
    0x21: "\u270f", 0x22: "\u2702", 0x36: "\u231b", 0x3f: "\u270d", 0x41: "\u270c", 0x43: "\U0001f44d",
    0x46: "\u261e", 0x4a: "\u263a", 0x4c: "\u2639", 0x4e: "\u2620", 0x52: "\u263c", 0x54: "\u2744",
    0x58: "\u2720", 0x5b: "\u262f", 0x6c: "\u25cf", 0x6d: "\u274d", 0x6e: "\u25a0", 0x6f: "\u25a1",
    0x70: "\u25fb", 0x71: "\u2751", 0x72: "\u2752", 0x73: "\u2b27", 0x74: "\u29eb", 0x75: "\u25c6",
    0x76: "\u2756", 0x77: "\u2b25", 0x78: "\u2327", 0x79: "\u2353", 0x7a: "\u2318", 0x7b: "\u2740",
    0x7c: "\u273f", 0x7d: "\u275d", 0x7e: "\u275e", 0x9e: "\u00b7", 0x9f: "\u2022", 0xa0: "\u25aa",
    0xa1: "\u25cb", 0xa2: "\u2b55", 0xa4: "\u25c9", 0xa5: "\u25ce", 0xa7: "\u25aa", 0xa8: "\u25fb",
    0xaa: "\u2726", 0xab: "\u2605", 0xac: "\u2736", 0xad: "\u2734", 0xae: "\u2739", 0xb1: "\u2316",
    0xd5: "\u232b", 0xd6: "\u2326", 0xd8: "\u27a2", 0xdf: "\u2190", 0xe0: "\u2192", 0xe1: "\u2191",
    0xe2: "\u2193", 0xe8: "\u2794", 0xef: "\u21e6", 0xf0: "\u21e8", 0xf1: "\u21e7", 0xf2: "\u21e9",
    0xfb: "\u2717", 0xfc: "\u2714", 0xfd: "\u2612", 0xfe: "\u2611",
}  # fmt: skip
# Webdings: the media controls, marks and shapes decks use as bullets and table markers.
_WEBDINGS = {
    0x33: "\u25c0", 0x34: "\u25b6", 0x35: "\u25b2", 0x36: "\u25bc", 0x61: "\u2714", 0x67: "\u25a0",
    0x6E: "\u25cf", 0x72: "\u2716",
}  # fmt: skip
_WINGDINGS2 = {0x97: "\u25cf", 0x98: "\u25cf", 0xA3: "\u25a1", 0xA7: "\u25aa", 0xF0: "\u25c6", 0x50: "\u2714"}
_WINGDINGS3 = {0x7D: "\u25b6", 0x75: "\u25b2", 0x71: "\u25c0", 0x84: "\u25b8", 0xC6: "\u2794"}
# The Symbol font: Greek letters on Latin keys and a few bullets and arrows.
_GREEK = "ΑΒΧΔΕΦΓΗΙϑΚΛΜΝΟΠΘΡΣΤΥςΩΞΨΖ"
_SYMBOL = {
    **{0x41 + i: ch for i, ch in enumerate(_GREEK)},
    **{0x61 + i: ch for i, ch in enumerate("αβχδεφγηιϕκλμνοπθρστυϖωξψζ")},
    0xb7: "\u2022", 0xa7: "\u2663", 0xa8: "\u2666", 0xa9: "\u2665", 0xaa: "\u2660", 0xab: "\u2194",
    0xac: "\u2190", 0xad: "\u2191", 0xae: "\u2192", 0xaf: "\u2193", 0xb0: "\u00b0", 0xb1: "\u00b1",
    0xb4: "\u00d7", 0xb8: "\u00f7", 0xb9: "\u2260", 0xbb: "\u2248", 0xa3: "\u2264", 0xb3: "\u2265",
    0xa5: "\u221e", 0xd6: "\u221a", 0xe0: "\u25ca", 0xd8: "\u00ac", 0xde: "\u21d2", 0xdb: "\u21d4",
}  # fmt: skip
_SYMBOL_TABLES = {
    "wingdings": _WINGDINGS,
    "wingdings 2": _WINGDINGS2,
    "wingdings 3": _WINGDINGS3,
    "symbol": _SYMBOL,
    "webdings": _WEBDINGS,
    "marlett": {},
}


def is_symbol_font(typeface: str) -> bool:
    return typeface.strip().lower() in _SYMBOL_TABLES


def symbol_char(typeface: str, ch: str) -> str:
    """The Unicode character a symbol-font code point shows (Wingdings 0xA7 -> '▪')."""
    table = _SYMBOL_TABLES.get(typeface.strip().lower())
    if table is None or not ch:
        return ch
    code = ord(ch[0])
    if 0xF000 <= code <= 0xF0FF:  # Office stores symbol fonts' characters in this private block too
        code -= 0xF000
    if code in table:
        return table[code]
    if typeface.strip().lower() == "symbol" and 0x20 <= code < 0x7F:
        return chr(code)  # digits and punctuation sit where ASCII has them
    return "\u2022"


def _os_font_dirs() -> list[Path]:
    home = Path.home()
    if sys.platform == "win32":
        windir = Path(os.environ.get("WINDIR", r"C:\Windows"))
        local = Path(os.environ.get("LOCALAPPDATA", home / "AppData" / "Local"))
        return [windir / "Fonts", local / "Microsoft" / "Windows" / "Fonts"]
    if sys.platform == "darwin":
        return [Path("/Library/Fonts"), Path("/System/Library/Fonts"), home / "Library" / "Fonts"]
    return [Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), home / ".local/share/fonts"]


@dataclass(frozen=True)
class FontChoice:
    """The family Qt draws a typeface with, and the face of it that stands in for the typeface's
    own weight and slant ("Arial Black": Liberation Sans, bold), on top of the run's."""

    family: str
    bold: bool = False
    italic: bool = False


class _PendingChoice(FontChoice):
    """The choice for a typeface the deck embeds, looked up when it is first read.

    Text looks up the face of every paragraph's end mark, which draws nothing unless the
    paragraph is empty; decoding an embedded font (MTX takes up to half a second) only for that
    was most of the font time of some decks. The lookup is the same one, made later."""

    _lookup: Callable[[], FontChoice]
    _found: FontChoice | None

    def __init__(self, lookup: Callable[[], FontChoice]) -> None:
        object.__setattr__(self, "_lookup", lookup)
        object.__setattr__(self, "_found", None)

    def _settled(self) -> FontChoice:
        found = self._found
        if found is None:
            found = self._lookup()
            object.__setattr__(self, "_found", found)
        return found

    @property
    def family(self) -> str:
        return self._settled().family

    @property
    def bold(self) -> bool:
        return self._settled().bold

    @property
    def italic(self) -> bool:
        return self._settled().italic

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, FontChoice):
            return NotImplemented
        return (self.family, self.bold, self.italic) == (other.family, other.bold, other.italic)

    def __hash__(self) -> int:
        return hash((self.family, self.bold, self.italic))


def _prefer_emoji_family(family: str | None) -> None:
    """Draw emoji (✅, 🚀, 👍) in colour with ``family`` on every OS, as PowerPoint draws them with
    Segoe UI Emoji, instead of empty boxes where the OS has no emoji font (Qt 6.9+ picks emoji
    runs' font from its emoji families first)."""
    add = getattr(QFontDatabase, "addApplicationEmojiFontFamily", None)
    if family is not None and add is not None:
        add(family)


class FontResolver:
    """Maps deck typefaces to installed families; registers bundled fonts with Qt lazily."""

    _shared: FontResolver | None = None
    _shared_lock = threading.Lock()

    def __init__(self, font_dirs: list[Path] | None = None) -> None:
        self._font_dirs = [RESOURCE_FONTS] if font_dirs is None else list(font_dirs)
        self._lock = threading.Lock()
        self._registered = False
        self._families: dict[str, str] = {}  # lower case -> Qt's spelling
        self._cache: dict[tuple[Script, str, FontTraits | None, str], FontChoice] = {}
        self._deck_traits: dict[str, FontTraits] = {}  # see add_deck_traits
        self._missing_logged: set[str] = set()
        self._hangul_scale: dict[str, float] = {}
        self._latin_space: dict[str, float] = {}
        self._latin_average: dict[str, float | None] = {}
        self._kerns: dict[tuple[str, bool, bool], bool] = {}
        self._coverage_fonts: dict[str, QRawFont] = {}  # see covers
        self._win_shares: dict[str, float | None] = {}
        self._deck_fonts: dict[str, str | Callable[[], str | None]] = {}  # see add_deck_fonts
        self._deck_faces: Callable[[str, bool, bool], None] | None = None

    @classmethod
    def shared(cls) -> FontResolver:
        """One resolver per process (Qt's font database is per process too)."""
        with cls._shared_lock:
            if cls._shared is None:
                cls._shared = cls()
            return cls._shared

    # -- registration --------------------------------------------------------------------------

    def ensure_registered(self) -> None:
        """Add bundled font files to Qt's database, then any needed family Qt still lacks."""
        with self._lock:
            if self._registered:
                return
            if QGuiApplication.instance() is None:
                # Qt aborts the process when its font database is used without an application.
                raise RuntimeError("FontResolver needs a QGuiApplication (create one before rendering)")
            self._registered = True
            # Qt reads the OS fonts lazily and, for a face registered twice, keeps the one read
            # last: read them first, so our bundled files win over an OS copy of another version
            # (fonts-liberation 1.07 beside our 2.1). Otherwise the first deck of a process drew
            # with the OS copy and every deck after a font change with ours.
            QFontDatabase.families()
            for folder in self._font_dirs:
                if folder.is_dir():
                    for file in sorted(folder.iterdir()):
                        if file.suffix.lower() in {".ttf", ".otf", ".ttc"}:
                            self._add_file(file)
            self._families = {f.lower(): f for f in QFontDatabase.families()}
            missing = [fam for fam in FONT_FILES if fam.lower() not in self._families]
            if missing:
                self._register_from_os(missing)
                self._families = {f.lower(): f for f in QFontDatabase.families()}
            _prefer_emoji_family(self._families.get(EMOJI.lower()))

    def _add_file(self, file: Path) -> None:
        font_id = QFontDatabase.addApplicationFont(str(file))
        if font_id < 0:
            log.info("Qt could not load font file %s", file)

    def _register_from_os(self, families: list[str]) -> None:
        wanted = {name.lower() for fam in families for name in FONT_FILES[fam]}
        if not wanted:
            return
        for folder in _os_font_dirs():
            if not folder.is_dir():
                continue
            for root, _dirs, files in os.walk(folder):
                for name in files:
                    if name.lower() in wanted:
                        wanted.discard(name.lower())
                        self._add_file(Path(root) / name)
                if not wanted:
                    return

    # -- fonts embedded in the deck being drawn (worker.render.embedded_fonts) ----------------------

    def add_deck_fonts(
        self,
        families: Mapping[str, str | Callable[[], str | None]],
        faces: Callable[[str, bool, bool], None] | None = None,
    ) -> None:
        """Draw each deck typeface in ``families`` with the registered family it maps to (ahead of
        the substitution table) until ``remove_deck_fonts``: one deck at a time per process.

        A callable is called when its typeface is first looked up (so an embedded font is decoded
        only if text uses it); it returns the family, or None to fall back to substitution.
        ``faces(family, bold, italic)`` is called before a font of a family is made (``use_face``),
        so the deck's bold or italic face of it is decoded only when text asks for that face."""
        with self._lock:
            self._deck_fonts = {typeface.strip().lower(): family for typeface, family in families.items()}
            self._deck_faces = faces
            self._cache.clear()
            self._kerns.clear()
            self._coverage_fonts.clear()

    def remove_deck_fonts(self, fonts_removed: bool = True) -> None:
        """End the deck's mapping; ``fonts_removed``: some of its fonts were under families Qt had
        before and have left Qt (the others stay under names no later lookup reaches)."""
        with self._lock:
            if self._deck_fonts and fonts_removed:
                # Only such fonts change which file a known family draws from: other decks keep the
                # kern answers (each costs a font load, ~5 ms); add_deck_fonts clears them anyway.
                self._kerns.clear()
                self._coverage_fonts.clear()
            self._deck_fonts = {}
            self._deck_faces = None
            self._deck_traits = {}
            self._cache.clear()

    def add_deck_traits(self, traits: Mapping[str, FontTraits]) -> None:
        """What the deck says of its typefaces (p:embeddedFontLst), used where text names a
        typeface without saying it again; until ``remove_deck_fonts``."""
        with self._lock:
            self._deck_traits = {typeface.strip().lower(): found for typeface, found in traits.items()}
            self._cache.clear()

    def use_face(self, family: str, bold: bool, italic: bool) -> None:
        """Make the deck's face of ``family`` for this weight and slant available to Qt (a no-op
        for other families); called before a QFont for it is made or taken from a cache."""
        faces = self._deck_faces
        if faces is not None:
            faces(family, bold, italic)

    def has_family(self, family: str) -> bool:
        self.ensure_registered()
        return family.lower() in self._families

    # -- lookup ------------------------------------------------------------------------------------

    def family(self, typeface: str, script: Script = Script.LATIN, traits: FontTraits | None = None) -> str:
        """The family to draw ``typeface`` with; an open default for the script when unknown."""
        return self.face(typeface, script, traits).family

    def face(
        self, typeface: str, script: Script = Script.LATIN, traits: FontTraits | None = None, script_tag: str = ""
    ) -> FontChoice:
        """The family and face to draw ``typeface`` with; ``traits`` is what the deck says of it
        (a:latin/@panose...), else what its embedded font list says; ``script_tag`` ("Beng", "Thaa"...)
        is the complex script of the text, which picks the stand-in for an unknown cs typeface."""
        name = typeface.strip().lower()
        if traits is None:
            traits = self._deck_traits.get(name)
        if script is not Script.CS:
            script_tag = ""
        key = (script, name, traits, script_tag)
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        self.ensure_registered()
        result: FontChoice
        if self._embedded_pending(name):
            result = _PendingChoice(lambda: self._lookup(typeface.strip(), script, traits, script_tag))
        else:
            result = self._lookup(typeface.strip(), script, traits, script_tag)
        self._cache[key] = result
        return result

    def _embedded_pending(self, name: str) -> bool:
        """Whether looking ``name`` up would decode one of the deck's embedded fonts first."""
        if not self._deck_fonts:
            return False
        return callable(self._deck_fonts.get(name)) or callable(self._deck_fonts.get(name_style(name).base))

    def _lookup(self, typeface: str, script: Script, traits: FontTraits | None, script_tag: str = "") -> FontChoice:
        name = typeface.lower()
        embedded = self._embedded(name)
        if embedded:
            return FontChoice(embedded)
        style = name_style(name)
        sub = (script is Script.LATIN and LATIN_SUBSTITUTES.get(name)) or SUBSTITUTES.get(name)
        if sub is not None and sub.lower() in self._families:
            # The table decides the family and width; the face follows the name or PANOSE weight.
            return self._styled(sub, name, style.weight, style.italic, traits)
        if sub is None and name and name in self._families:
            return FontChoice(typeface)  # an installed font the table does not replace
        found = self._family_of_face(style.base, script) if style.base != name else None
        if found is None and script is Script.LATIN:
            found = self._family_of_face(name, script)  # "ArialMT", "TimesNewRomanPSMT"
        if found is not None:
            family = NARROW.get(found, found) if style.condensed else found
            return self._styled(family, name, style.weight, style.italic, traits)
        default = self._default(name, script, traits, script_tag)
        if name and name not in self._missing_logged:
            self._missing_logged.add(name)
            log.info(
                "font %r not available; using %s%s for %s text",
                typeface, default.family, " bold" if default.bold else "", script.value,
            )  # fmt: skip
        return default

    def _embedded(self, name: str) -> str | None:
        """The family of the deck's embedded font for ``name`` (decoded on first use), if usable."""
        embedded = self._deck_fonts.get(name)
        if callable(embedded):
            embedded = self._deck_fonts[name] = embedded() or ""
        return embedded or None

    def _family_of_face(self, base: str, script: Script) -> str | None:
        """The stand-in (or installed family) of a face's family name: "open sans" of "Open Sans
        Bold", "segoe ui" of "Segoe UI Semilight", "arial" of "Arial-BoldMT"."""
        embedded = self._embedded(base)  # the deck's own font of the family, drawn in the face
        if embedded:
            return embedded
        sub = (script is Script.LATIN and LATIN_SUBSTITUTES.get(base)) or SUBSTITUTES.get(base)
        if sub is None:
            sub = _COMPACT_SUBSTITUTES.get(compact(base))
        if sub is not None:
            return sub if sub.lower() in self._families else None
        return self._families.get(base)

    def _styled(
        self, family: str, name: str, weight: int | None, italic: bool, traits: FontTraits | None
    ) -> FontChoice:
        if weight is None and traits is not None:
            weight = traits.weight
        bold = name in HEAVY or (weight is not None and weight >= BOLD_FROM)
        return FontChoice(family, bold, italic)

    def _default(self, name: str, script: Script, traits: FontTraits | None = None, script_tag: str = "") -> FontChoice:
        charset = traits.charset if traits is not None else None
        if script is Script.EA or (script is Script.LATIN and charset in EAST_ASIAN_CHARSETS):
            # An East Asian font's Latin letters too: as the table draws the ones it knows.
            serif = is_serif(traits) or any(k in name for k in _CJK_SERIF_WORDS)
            family = _CJK_BY_CHARSET.get(charset or 0, CJK_JP)
            return FontChoice(_SERIF_CJK[family] if serif else family)
        if script is Script.CS:
            # Bengali in "Vrinda", Syriac in "Estrangelo Edessa": that script's own face, not the
            # Arabic one (for some scripts, Syriac among them, Qt's fallback finds none: boxes).
            by_script = NOTO_SCRIPT_FAMILIES.get(script_tag)
            if by_script is not None and by_script.lower() in self._families:
                return FontChoice(by_script)
            if charset == CHARSET_THAI:
                return FontChoice(SCRIPT_DEFAULTS["Thai"])
            hebrew = charset == CHARSET_HEBREW or (
                charset != CHARSET_ARABIC and any(k in name for k in ("hebrew", "david", "miriam"))
            )
            return FontChoice(HEBREW if hebrew else ARABIC)
        style = name_style(name)
        family = KIND_DEFAULTS[latin_kind(name, traits)]
        if family == SANS and is_condensed(style, traits):
            family = NARROW[SANS]
        return self._styled(family, name, weight_of(style, traits), style.italic, None)

    def script_default(self, script_tag: str, slot: Script) -> str:
        """The family for text in an empty ea/cs slot, by the text's script ("Hang", "Hebr"...)."""
        family = SCRIPT_DEFAULTS.get(script_tag)
        if family is not None and self.has_family(family):
            return family
        return self._default("", slot).family

    def hangul_word_spacing(self, typeface: str, family: str) -> float:
        """Extra space advance (em) so ``family``'s spaces, widened by the Hangul scale, match ``typeface``'s."""
        scale = self.hangul_width_scale(typeface, family)
        target = HANGUL_SPACE_EM.get(typeface.strip().lower())
        if scale == 1.0 or target is None:
            return 0.0
        return max(target - self._space_em(family) * scale, 0.0)

    def latin_word_spacing(self, typeface: str, family: str) -> float:
        """Extra space advance (em) so the Latin stand-in ``family`` of ``typeface`` spaces words
        as ``typeface`` does (Malgun Gothic's wide spaces, HANGUL_SPACE_EM); 0 for other pairs."""
        name = typeface.strip().lower()
        target = HANGUL_SPACE_EM.get(name) if name else None
        stand_in = LATIN_SUBSTITUTES.get(name)
        if target is None or stand_in is None or stand_in.lower() != family.lower():
            return 0.0
        space = self._latin_space.get(family)
        if space is None:
            from PySide6.QtGui import QFontMetricsF, QImage

            device = QImage(1, 1, QImage.Format.Format_ARGB32_Premultiplied)
            space = QFontMetricsF(self.qfont(family, 100.0), device).horizontalAdvance(" ") / 100.0
            self._latin_space[family] = space
        return max(target - space, 0.0)

    def _space_em(self, family: str) -> float:
        """A space's advance between Hangul, as laid out (shaping gives it more than its glyph's
        nominal advance in the Noto CJK fonts)."""
        from PySide6.QtGui import QImage, QTextLayout

        device = QImage(1, 1, QImage.Format.Format_ARGB32_Premultiplied)
        font = self.qfont(family, 100.0)  # one layout unit per point: 100 units = 1 em
        widths = []
        for text in ("\uac00 \uac00", "\uac00\uac00"):
            layout = QTextLayout(text, font, device)
            layout.beginLayout()
            line = layout.createLine()
            line.setLineWidth(1.0e6)
            layout.endLayout()
            widths.append(line.naturalTextWidth())
        return (widths[0] - widths[1]) / 100.0

    def korean_baseline_lift(self, typeface: str, family: str) -> float:
        """Em the baseline rises when ``family`` stands in for the Korean font ``typeface``
        (empty: the Korean default, Malgun Gothic); 0 for any other pairing."""
        name = typeface.strip().lower()
        if name and name not in FULL_EM_HANGUL:
            return 0.0
        if name and SUBSTITUTES.get(name) is None and name in self._families:
            return 0.0  # the real font is installed
        return KOREAN_BASELINE_LIFT_EM if family.lower().startswith("noto sans cjk") else 0.0

    def ascent_share(self, typeface: str) -> float | None:
        """The share of PowerPoint's 1.2 x size line above the baseline for ``typeface`` alone,
        usWinAscent / (usWinAscent + usWinDescent) of its OS/2 table, when a font we hold has the
        typeface's own vertical metrics (METRIC_TWINS) or they are known (WIN_METRICS); None for
        any other typeface."""
        name = typeface.strip().lower()
        known = WIN_METRICS.get(name)
        if known is not None:
            return known[0] / (known[0] + known[1])
        twin = METRIC_TWINS.get(name)
        if twin is None:
            return None
        if twin in self._win_shares:
            return self._win_shares[twin]
        share: float | None = None
        if self.has_family(twin):
            raw = self._raw_font(twin)
            table = bytes(raw.fontTable("OS/2").data()) if raw.isValid() else b""
            if len(table) >= 78 and raw.familyName().lower() == twin.lower():
                ascent, descent = struct.unpack(">HH", table[74:78])
                if ascent + descent > 0:
                    share = ascent / (ascent + descent)
        self._win_shares[twin] = share
        return share

    def hangul_width_scale(self, typeface: str, family: str) -> float:
        """Advance scale that gives ``family``'s Hangul the full-em width ``typeface`` has.

        1.0 unless the deck asked for a full-em Korean font (or left the Korean font to the
        default, which on Windows is Malgun Gothic) and we draw with a narrower one.
        """
        name = typeface.strip().lower()
        if name and name not in FULL_EM_HANGUL:
            return 1.0
        if name and SUBSTITUTES.get(name) is None and name in self._families:
            return 1.0  # the real font is installed
        cached = self._hangul_scale.get(family)
        if cached is None:
            from PySide6.QtGui import QFontMetricsF, QImage

            device = QImage(1, 1, QImage.Format.Format_ARGB32_Premultiplied)
            font = QFont(family)
            font.setPixelSize(100)
            advance = QFontMetricsF(font, device).horizontalAdvance("\uac00")
            cached = 100.0 / advance if 80.0 <= advance < 100.0 else 1.0
            self._hangul_scale[family] = cached
        return cached

    def latin_width_scale(self, typeface: str, family: str) -> float:
        """Advance scale that sets ``family``, standing in for ``typeface``, as wide as ``typeface``
        sets English text on average (worker.render.latin_widths); 1.0 for a metric twin, a face
        drawn with its own font (embedded) or a stand-in already within a percent."""
        name = typeface.strip().lower()
        target = latin_widths.AVERAGE_EM.get(name)
        stand_in = LATIN_SUBSTITUTES.get(name) or SUBSTITUTES.get(name)
        if target is None or stand_in is None or stand_in.lower() != family.lower():
            return 1.0
        if family not in self._latin_average:
            font = QFont(family)
            font.setPixelSize(1000)
            raw = QRawFont.fromFont(font)
            same = raw.isValid() and raw.familyName().lower() == family.lower()
            self._latin_average[family] = latin_widths.average_em(raw) if same else None
        average = self._latin_average[family]
        if not average:
            return 1.0
        scale = target / average
        return scale if abs(scale - 1.0) >= latin_widths.MIN_CORRECTION else 1.0

    def kerns(self, family: str, bold: bool = False, italic: bool = False) -> bool:
        """Whether PowerPoint would pair-kern text drawn in this face (where its runs ask for it).

        PowerPoint kerns from a font's legacy 'kern' table only, never from OpenType GPOS: a face
        without the table (most recent open fonts; Aptos, Inter) is set at its plain advances
        (github.com/rsms/inter/issues/796, github.com/developer0hye/office2pdf/issues/1116).
        Carlito and Caladea carry GPOS pairs only but stand in for Calibri and Cambria, which have
        the table."""
        key = (family, bold, italic)
        found = self._kerns.get(key)
        if found is None:
            if family in ("Carlito", "Caladea"):
                found = True
            else:
                raw = self._raw_font(family, bold, italic)
                found = raw.isValid() and not raw.fontTable("kern").isEmpty()
            self._kerns[key] = found
        return found

    def covers(self, family: str, text: str) -> bool:
        """Whether ``family``'s own font file has a glyph for every character of ``text``."""
        raw = self._coverage_fonts.get(family)
        if raw is None:
            raw = self._coverage_fonts[family] = self._raw_font(family)
        return raw.isValid() and all(raw.supportsCharacter(ord(ch)) for ch in text)

    def _raw_font(self, family: str, bold: bool = False, italic: bool = False) -> QRawFont:
        """The font file Qt draws this face from, for reading its tables (OS/2, kern)."""
        return QRawFont.fromFont(self.qfont(family, 12.0, bold, italic))

    def qfont(self, family: str, size_pt: float, bold: bool = False, italic: bool = False) -> QFont:
        """A QFont for layout on the 96-dpi reference device (see text.layout): 1 unit = 1 pt."""
        self.use_face(family, bold, italic)
        font = QFont()
        font.setFamilies([family, *[f for f in FALLBACKS if f != family]])
        font.setPointSizeF(max(size_pt, 0.5) * 72.0 / 96.0)
        font.setBold(bold)
        font.setItalic(italic)
        font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
        font.setStyleStrategy(QFont.StyleStrategy.PreferOutline)
        # HarfBuzz applies 'locl' for the process locale: Noto Sans CJK then swaps Latin digits for
        # alternates its cmap does not reach, so the PDF's ToUnicode loses them (copied text reads
        # "PB\x15\x16" for "PB18") and the glyphs depend on the machine's language.
        font.setFeature(QFont.Tag("locl"), 0)
        return font


def without_ligatures(font: QFont) -> QFont:
    """PowerPoint applies no discretionary/standard ligatures to Latin text ("ti" stays two glyphs)."""
    font.setFeature(QFont.Tag("liga"), 0)
    font.setFeature(QFont.Tag("clig"), 0)
    return font
