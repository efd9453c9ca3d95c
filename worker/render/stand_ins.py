"""How a typeface we do not have looks, read from its name and the deck's description of it.

Names carry the face ("Open Sans Bold", "Segoe UI Semilight", "MinionPro-It", "Roboto Condensed",
"Arial-BoldMT"); the deck's PANOSE number and pitch/family byte (worker.deck.font_traits) carry the
kind (serif, sans, monospaced, script, decorative), the weight and the width. FontResolver uses
these to pick the open family and face that stand in for it, as Windows' font mapper does with
the same fields.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from enum import StrEnum

from worker.deck.font_traits import (
    EAST_ASIAN_CHARSETS,
    PROPORTION_CONDENSED,
    PROPORTION_VERY_CONDENSED,
    SANS_STYLES,
    SERIF_STYLES,
    FontTraits,
    PanoseFamily,
    Pitch,
    PitchFamily,
)


class Kind(StrEnum):
    SANS = "sans"
    SERIF = "serif"
    MONO = "mono"
    SCRIPT = "script"  # hand-written
    DECORATIVE = "decorative"


# Weights at or above this are drawn with the stand-in's bold face: semibold (600) is nearer bold
# (700) than regular (400), as fontconfig's and Qt's nearest-weight matching also decide.
BOLD_FROM = 600

# Style words a face name ends with, as separate words or glued ("BoldItalic", "Arial-BoldMT").
_WEIGHT_WORDS = {
    "hairline": 100, "thin": 100, "extralight": 200, "ultralight": 200, "xlight": 200, "light": 300,
    "lt": 300, "semilight": 350, "demilight": 350, "regular": 400, "reg": 400, "rg": 400,
    "normal": 400, "book": 400, "medium": 500, "med": 500, "md": 500, "semibold": 600,
    "demibold": 600, "demi": 600, "semibd": 600, "sb": 600, "bold": 700, "bd": 700,
    "extrabold": 800, "ultrabold": 800, "xbold": 800, "heavy": 800, "black": 900, "blk": 900,
    "extrablack": 950, "ultrablack": 950,
}  # fmt: skip
_ITALIC_WORDS = frozenset({"italic", "ital", "it", "oblique", "obl"})
_CONDENSED_WORDS = frozenset({
    "condensed", "cond", "cn", "narrow", "compressed", "semicondensed", "extracondensed",
    "ultracondensed",
})  # fmt: skip
_OTHER_WORDS = frozenset({"expanded", "extended"})  # no wide stand-ins: dropped from the name only
_STYLE_WORDS = sorted([*_WEIGHT_WORDS, *_ITALIC_WORDS, *_CONDENSED_WORDS, *_OTHER_WORDS], key=len, reverse=True)
# A word made only of style words, maybe ending in a PostScript name's "MT"/"PSMT".
_STYLE_TOKEN = re.compile(f"(?:{'|'.join(_STYLE_WORDS)})+(?:psmt|mt)?")
_STYLE_PART = re.compile("|".join(_STYLE_WORDS))
_GRADE = re.compile(r"w([1-9])")  # Japanese weight grades: Hiragino W3 (regular), W6 (bold)
# "Semi Bold", "Extra Light", "Ultra Condensed": the prefix belongs to the next word.
_PREFIX = re.compile(r"\b(semi|demi|extra|ultra)[\s_-]+(?=bold|light|black|condensed|expanded)")
_SEPARATORS = re.compile(r"[\s_-]+")


@dataclass(frozen=True)
class NameStyle:
    base: str  # the name without its trailing style words, lower case ("open sans")
    weight: int | None = None  # None: the name does not say
    italic: bool = False
    condensed: bool = False


@functools.lru_cache(maxsize=2048)
def name_style(name: str) -> NameStyle:
    """The family part and face of a typeface name: "Open Sans Semibold Italic" is Open Sans at
    600, italic. Only trailing words count, and the first word is always the family's."""
    lowered = _PREFIX.sub(r"\1", name.strip().lower())
    words = [w for w in _SEPARATORS.split(lowered) if w]
    weight: int | None = None
    italic = condensed = stripped = False
    while len(words) > 1:
        word = words[-1]
        grade = _GRADE.fullmatch(word)
        if grade is not None:
            weight = weight or int(grade.group(1)) * 100
        elif _STYLE_TOKEN.fullmatch(word):
            for part in _STYLE_PART.findall(word):
                if part in _WEIGHT_WORDS and weight is None:
                    weight = _WEIGHT_WORDS[part]
                italic = italic or part in _ITALIC_WORDS
                condensed = condensed or part in _CONDENSED_WORDS
        else:
            break
        words.pop()
        stripped = True
    base = " ".join(words) if stripped else name.strip().lower()
    return NameStyle(base, weight, italic, condensed)


def compact(name: str) -> str:
    """A name without spaces, hyphens or a PostScript "MT"/"PSMT" ending: "TimesNewRomanPSMT" and
    "Times New Roman" meet as "timesnewroman"."""
    key = _SEPARATORS.sub("", name.lower())
    for suffix in ("psmt", "mt", "ps"):
        if key.endswith(suffix) and len(key) > len(suffix) + 2:
            return key[: -len(suffix)]
    return key


def weight_of(style: NameStyle, traits: FontTraits | None) -> int | None:
    """The face's weight: the name's word, else the deck's PANOSE weight."""
    if style.weight is not None:
        return style.weight
    return traits.weight if traits is not None else None


def is_condensed(style: NameStyle, traits: FontTraits | None) -> bool:
    if style.condensed:
        return True
    return traits is not None and traits.proportion in (PROPORTION_CONDENSED, PROPORTION_VERY_CONDENSED)


# Words in a name that settle its kind before anything the deck says (a "Sans" is a sans whatever
# its PANOSE bytes claim; writers fill them carelessly).
_MONO_WORDS = ("mono", "courier", "code", "console", "typewriter")
_SANS_WORDS = ("sans", "grotesk", "grotesque", "gothic", "helvetica", "arial", "swiss")
# Serif hints weaker than the deck's own description ("Foo Roman" may be a sans).
_SERIF_HINTS = (
    "roman", "times", "garamond", "antiqua", "mincho", "bookman", "baskerville", "caslon", "bodoni",
    "didot", "minion", "palatino", "goudy", "schoolbook", "old style", "oldstyle",
)  # fmt: skip


def latin_kind(name: str, traits: FontTraits | None) -> Kind:
    """Serif, sans or monospaced (script and decorative fonts too) for an unknown Latin typeface."""
    if any(k in name for k in _MONO_WORDS):
        return Kind.MONO
    if any(k in name for k in _SANS_WORDS):
        return Kind.SANS
    if "serif" in name or "slab" in name:
        return Kind.SERIF
    if traits is not None:
        found = _panose_kind(traits) or _pitch_kind(traits)
        if found is not None:
            return found
    if any(k in name for k in _SERIF_HINTS):
        return Kind.SERIF
    return Kind.SANS


def _panose_kind(traits: FontTraits) -> Kind | None:
    family = traits.panose_family
    if traits.monospaced:
        return Kind.MONO
    if family is PanoseFamily.TEXT:
        if traits.serif_style in SERIF_STYLES:
            return Kind.SERIF
        if traits.serif_style in SANS_STYLES:
            return Kind.SANS
        return None
    if family is PanoseFamily.SCRIPT:
        return Kind.SCRIPT
    if family in (PanoseFamily.DECORATIVE, PanoseFamily.PICTORIAL):
        return Kind.DECORATIVE
    return None


def _pitch_kind(traits: FontTraits) -> Kind | None:
    # East Asian fonts report fixed pitch for their full-width cells, not monospaced Latin.
    east_asian = traits.charset in EAST_ASIAN_CHARSETS
    pitch, family = traits.pitch, traits.gdi_family
    if pitch is Pitch.FIXED and not east_asian:
        return Kind.MONO
    if family is PitchFamily.ROMAN:
        return Kind.SERIF
    if family is PitchFamily.SWISS:
        return Kind.SANS
    if family is PitchFamily.MODERN:
        return Kind.MONO if pitch is not Pitch.VARIABLE and not east_asian else None
    if family is PitchFamily.SCRIPT:
        return Kind.SCRIPT
    if family is PitchFamily.DECORATIVE:
        return Kind.DECORATIVE
    return None


def is_serif(traits: FontTraits | None) -> bool:
    """Whether an East Asian font's description says serif (Mincho, Song, Ming, Batang)."""
    if traits is None:
        return False
    if traits.panose_family is PanoseFamily.TEXT and traits.serif_style > 1:
        return traits.serif_style in SERIF_STYLES
    return traits.gdi_family is PitchFamily.ROMAN
