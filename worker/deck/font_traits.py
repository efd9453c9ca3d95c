"""What a deck says about a typeface besides its name.

DrawingML's a:latin/a:ea/a:cs/a:sym, the theme's font scheme and p:embeddedFontLst's p:font carry
the font's PANOSE 1.0 number (``panose``, ten bytes in hex), its GDI pitch and family
(``pitchFamily``) and its character set (``charset``), copied from the font on the machine that
wrote the deck. They describe a font the reader may not have, so a stand-in can be chosen by
look (serif or sans, monospaced, weight, width) when the name is unknown.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from enum import IntEnum

from lxml import etree


class PanoseFamily(IntEnum):
    """PANOSE byte 1 (bFamilyType); the meaning of the other bytes depends on it."""

    ANY = 0
    NO_FIT = 1
    TEXT = 2  # Latin text and display: serif style, weight, proportion...
    SCRIPT = 3  # hand-written: tool kind, weight, spacing...
    DECORATIVE = 4  # class, weight, aspect...
    PICTORIAL = 5  # symbols: kind, weight, spacing...


# PANOSE byte 2 for text fonts (bSerifStyle): 2..10 are kinds of serif (cove, square, thin,
# bone/oval, exaggerated, triangle), 11..15 sans kinds (normal, obtuse, perpendicular, flared,
# rounded). 0 any, 1 no fit: no information.
SERIF_STYLES = range(2, 11)
SANS_STYLES = range(11, 16)

# PANOSE byte 4 for text fonts (bProportion).
PROPORTION_CONDENSED = 6
PROPORTION_VERY_CONDENSED = 8
PROPORTION_MONOSPACED = 9
# PANOSE byte 4 for script and pictorial fonts (spacing).
SPACING_MONOSPACED = 3

# PANOSE byte 3 (bWeight, the same place in every family): 2 very light, 3 light, 4 thin, 5 book,
# 6 medium, 7 demi, 8 bold, 9 heavy, 10 black, 11 extra black ("nord"). Fonts use 6 for their
# regular face (Arial) and 7 for their bold one (Arial Bold), so the scale is mapped on the usual
# 100..900 weights with medium as regular.
_PANOSE_WEIGHTS = {2: 100, 3: 200, 4: 300, 5: 400, 6: 400, 7: 600, 8: 700, 9: 800, 10: 900, 11: 950}


class PitchFamily(IntEnum):
    """The high nibble of ``pitchFamily`` (GDI's FF_* values)."""

    DONT_CARE = 0x00
    ROMAN = 0x10  # proportional, with serifs
    SWISS = 0x20  # proportional, without serifs
    MODERN = 0x30  # constant stroke width (mostly monospaced)
    SCRIPT = 0x40
    DECORATIVE = 0x50


class Pitch(IntEnum):
    """The low two bits of ``pitchFamily``."""

    DEFAULT = 0
    FIXED = 1
    VARIABLE = 2


# GDI character sets of East Asian fonts (stored as signed bytes in decks: -128 is 128).
CHARSET_SHIFTJIS = 128
CHARSET_HANGUL = 129
CHARSET_JOHAB = 130
CHARSET_GB2312 = 134
CHARSET_BIG5 = 136
CHARSET_HEBREW = 177
CHARSET_ARABIC = 178
CHARSET_THAI = 222
EAST_ASIAN_CHARSETS = frozenset({CHARSET_SHIFTJIS, CHARSET_HANGUL, CHARSET_JOHAB, CHARSET_GB2312, CHARSET_BIG5})


@dataclass(frozen=True)
class FontTraits:
    panose: bytes = b""  # the ten PANOSE bytes, or empty when not given (or malformed)
    pitch_family: int | None = None
    charset: int | None = None

    @property
    def panose_family(self) -> PanoseFamily | None:
        if len(self.panose) != 10 or self.panose[0] > PanoseFamily.PICTORIAL:
            return None
        return PanoseFamily(self.panose[0])

    @property
    def serif_style(self) -> int:
        return self.panose[1] if self.panose_family is PanoseFamily.TEXT else 0

    @property
    def proportion(self) -> int:
        """bProportion for text fonts, 0 for other families (their byte 4 means something else)."""
        return self.panose[3] if self.panose_family is PanoseFamily.TEXT else 0

    @property
    def weight(self) -> int | None:
        """The PANOSE weight on the 100..900 scale; None when the font does not say. Read for any
        family: some writers fill only the weight byte ("00000500000000000000")."""
        if len(self.panose) != 10 or self.panose[0] > PanoseFamily.PICTORIAL:
            return None
        return _PANOSE_WEIGHTS.get(self.panose[2])

    @property
    def monospaced(self) -> bool | None:
        """True or False when PANOSE says so; None when it has no spacing information."""
        family = self.panose_family
        if family is PanoseFamily.TEXT and self.panose[3] > 1:
            return self.panose[3] == PROPORTION_MONOSPACED
        if family in (PanoseFamily.SCRIPT, PanoseFamily.PICTORIAL) and self.panose[3] > 1:
            return self.panose[3] == SPACING_MONOSPACED
        return None

    @property
    def pitch(self) -> Pitch | None:
        if self.pitch_family is None:
            return None
        return Pitch(self.pitch_family & 0x03) if self.pitch_family & 0x03 != 3 else None

    @property
    def gdi_family(self) -> PitchFamily | None:
        if self.pitch_family is None:
            return None
        nibble = self.pitch_family & 0xF0
        return PitchFamily(nibble) if nibble <= PitchFamily.DECORATIVE else None


def read_font_traits(el: etree._Element | None) -> FontTraits | None:
    """The traits an a:latin-like element states; None when it states none."""
    if el is None:
        return None
    panose, pitch_family, charset = el.get("panose"), el.get("pitchFamily"), el.get("charset")
    if panose is None and pitch_family is None and charset is None:
        return None
    return font_traits(panose, pitch_family, charset)


@functools.lru_cache(maxsize=1024)
def font_traits(panose: str | None, pitch_family: str | None, charset: str | None) -> FontTraits:
    """Traits from the attribute strings (one shared object per combination, cheap to hash)."""
    return FontTraits(_panose(panose), _byte(pitch_family), _byte(charset))


def _panose(value: str | None) -> bytes:
    if not value:
        return b""
    try:
        data = bytes.fromhex(value.strip())
    except ValueError:
        return b""
    return data if len(data) == 10 else b""


def _byte(value: str | None) -> int | None:
    try:
        return int(value) & 0xFF if value is not None else None  # signed in decks: -122 is 134
    except ValueError:
        return None
