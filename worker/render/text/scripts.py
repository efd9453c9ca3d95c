"""Which DrawingML font slot (latin, ea, cs) each character uses, and the theme script it names."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

from worker.render.fonts import Script

# (first, last, slot) ranges; anything else is Latin. East Asian: CJK ideographs, kana, Hangul,
# bopomofo, CJK punctuation, full-width forms. Complex: right-to-left and Indic/Thai scripts.
_RANGES: tuple[tuple[int, int, Script], ...] = (
    (0x0590, 0x08FF, Script.CS),  # Hebrew, Arabic, Syriac, Thaana, NKo, ...
    (0x0900, 0x0DFF, Script.CS),  # Indic
    (0x0E00, 0x0EFF, Script.CS),  # Thai, Lao
    (0x1100, 0x11FF, Script.EA),  # Hangul Jamo
    (0x2E80, 0x2FDF, Script.EA),  # CJK radicals
    (0x3000, 0x303F, Script.EA),  # CJK symbols and punctuation
    (0x3040, 0x30FF, Script.EA),  # kana
    (0x3100, 0x31FF, Script.EA),  # bopomofo, Hangul compatibility jamo, kana extensions
    (0x3200, 0x4DBF, Script.EA),  # enclosed CJK, compatibility, extension A
    (0x4E00, 0x9FFF, Script.EA),  # CJK unified ideographs
    (0xA960, 0xA97F, Script.EA),
    (0xAC00, 0xD7FF, Script.EA),  # Hangul syllables
    (0xF900, 0xFAFF, Script.EA),  # CJK compatibility ideographs
    (0xFB1D, 0xFDFF, Script.CS),  # Hebrew and Arabic presentation forms
    (0xFE30, 0xFE4F, Script.EA),
    (0xFE70, 0xFEFF, Script.CS),
    (0xFF00, 0xFFEF, Script.EA),  # full-width forms
    (0x20000, 0x3FFFF, Script.EA),
)


def slot_of(ch: str) -> Script | None:
    """The font slot of ``ch``, or None for neutral characters (spaces, digits, punctuation).

    ASCII digits and punctuation are neutral here; split_by_slot gives them the Latin slot beside
    East Asian text (see there)."""
    code = ord(ch)
    for first, last, slot in _RANGES:
        if first <= code <= last:
            return slot
    if code < 0x80:
        return Script.LATIN if ch.isalpha() else None
    if unicodedata.category(ch)[0] in "ZPN":
        return None
    return Script.LATIN


_SLOTS: dict[str, Script | None] = {}


def _slot_cached(ch: str) -> Script | None:
    slot = _SLOTS[ch] = slot_of(ch)
    return slot


def _ascii_symbol(ch: str) -> bool:
    """An ASCII digit or punctuation mark (not a letter, not a space)."""
    return "!" <= ch <= "~" and not ch.isalpha()


def _western_symbol(ch: str) -> bool:
    """Punctuation or a symbol of Latin-1 or of General Punctuation's dashes, quotes, bullets and
    ellipsis (U+00A1-U+00FF, U+2010-U+203A): characters East Asian fonts share with Latin ones,
    set by PowerPoint with the Latin typeface in a run whose language is not East Asian."""
    code = ord(ch)
    return (0xA1 <= code <= 0xFF or 0x2010 <= code <= 0x203A) and unicodedata.category(ch)[0] in "PS"


def _latin_beside_east_asian(ch: str, east_asian_lang: bool) -> bool:
    return _ascii_symbol(ch) or (not east_asian_lang and _western_symbol(ch))


def is_east_asian_lang(lang: str) -> bool:
    """A run language (a:rPr/@lang) PowerPoint sets shared punctuation in with the ea typeface;
    none written counts as one (the deck's editing language is then unknown: keep the ea font)."""
    return not lang or lang[:2].lower() in ("ja", "ko", "zh")


def strong_slots(text: str) -> tuple[Script | None, Script | None]:
    """The slots of ``text``'s first and last characters that have one (None: all neutral)."""
    if text.isascii():
        letter = any(ch.isalpha() for ch in text)
        return (Script.LATIN, Script.LATIN) if letter else (None, None)
    slots = [s for s in (_SLOTS[ch] if ch in _SLOTS else _slot_cached(ch) for ch in text) if s is not None]
    return (slots[0], slots[-1]) if slots else (None, None)


def complex_script_contexts(texts: list[str]) -> list[Script | None]:
    """Per run of a paragraph: Script.CS for a run with no letters of its own (a space, digits,
    punctuation) whose nearest letters in the paragraph, before it or else after it, are complex
    script; None otherwise. Such a run's characters are set in the cs typeface, as they are inside
    an Arabic run: PowerPoint splits text into runs at each spelling mark (err="1"), so the spaces
    between Persian words often stand alone, and drawn in the Latin typeface (a monospaced theme
    font) they opened gaps of 0.6 em between the words."""
    ends = [strong_slots(text) for text in texts]
    out: list[Script | None] = [None] * len(texts)
    before: Script | None = None
    for i, (first, last) in enumerate(ends):
        if first is None:
            around = before
            if around is None:
                around = next((f for f, _ in ends[i + 1 :] if f is not None), None)
            out[i] = Script.CS if around is Script.CS else None
        else:
            before = last
    return out


def split_by_slot(
    text: str, east_asian_lang: bool = True, context: Script | None = None
) -> Iterator[tuple[int, int, Script]]:
    """(start, end, slot) pieces; neutral characters join the piece before them (or after, at start).

    PowerPoint sets ASCII digits and punctuation with the Latin typeface among East Asian text too
    ("3%" and quotes between Hangul, "123" between kanji; its Latin font is the one for "letters,
    numbers and symbols"), so beside East Asian text they start a Latin piece, and so do the spaces
    before a Latin piece there (PowerPoint's gaps are the Latin font's spaces). Beside complex-script
    text (right to left, Indic, Thai) they stay neutral: that text's digits follow its cs font.
    Unless ``east_asian_lang`` (the run's language is Japanese, Korean or Chinese), Latin-1 and
    General Punctuation marks ("·", "—", quotes) do the same: PowerPoint's PDFs of runs marked
    lang="en-US" set "팀 · 필" and "리 — p" with Malgun Gothic's Latin glyphs and spaces.
    ``context`` is the slot a text with no letters of its own takes (complex_script_contexts)."""
    if context is not None and strong_slots(text)[0] is None:
        if text:
            yield 0, len(text), context
        return
    if text.isascii():
        if text:
            yield 0, len(text), Script.LATIN  # letters are Latin, the rest neutral: one piece
        return
    slots: list[Script | None] = [_SLOTS[ch] if ch in _SLOTS else _slot_cached(ch) for ch in text]
    current: Script | None = next((s for s in slots if s is not None), Script.LATIN)
    start = 0
    for i, found in enumerate(slots):
        slot = (
            Script.LATIN
            if found is None and current is Script.EA and _latin_beside_east_asian(text[i], east_asian_lang)
            else found
        )
        if slot is not None and slot is not current:
            cut = i
            if current is Script.EA and slot is Script.LATIN:
                while cut > start and text[cut - 1] == " ":
                    cut -= 1
            if cut > start:
                yield start, cut, current or Script.LATIN
            start = cut
            current = slot
    if start < len(text):
        yield start, len(text), current or Script.LATIN


# The cs slot's blocks (_RANGES) -> the theme's a:font script name (ISO 15924).
_CS_SCRIPTS: tuple[tuple[int, int, str], ...] = (
    (0x0590, 0x05FF, "Hebr"),
    (0xFB1D, 0xFB4F, "Hebr"),
    (0x0600, 0x06FF, "Arab"),
    (0x0750, 0x077F, "Arab"),
    (0xFB50, 0xFEFF, "Arab"),
    (0x0700, 0x074F, "Syrc"),
    (0x0780, 0x07BF, "Thaa"),
    (0x0900, 0x097F, "Deva"),
    (0x0980, 0x09FF, "Beng"),
    (0x0A00, 0x0A7F, "Guru"),
    (0x0A80, 0x0AFF, "Gujr"),
    (0x0B00, 0x0B7F, "Orya"),
    (0x0B80, 0x0BFF, "Taml"),
    (0x0C00, 0x0C7F, "Telu"),
    (0x0C80, 0x0CFF, "Knda"),
    (0x0D00, 0x0D7F, "Mlym"),
    (0x0D80, 0x0DFF, "Sinh"),
    (0x0E00, 0x0E7F, "Thai"),
    (0x0E80, 0x0EFF, "Laoo"),
)


def _has_kana(text: str) -> bool:
    return any(0x3040 <= ord(c) <= 0x30FF for c in text)


def theme_script(text: str, lang: str, slot: Script, run_text: str = "") -> str:
    """The theme a:font script name ("Jpan", "Hang", "Arab"...) for text in an empty ea/cs slot.

    ``run_text``: the whole run ``text`` is part of. Han in a run that also holds kana is Japanese:
    PowerPoint 365 draws "タイムライン – 基本（section" (en-US, empty ea slot) all in MS Gothic,
    where "基本（", cut off by the dash, taken alone would get the Simplified Chinese face."""
    lang = lang.lower()
    if slot is Script.EA:
        if any(0xAC00 <= ord(c) <= 0xD7FF or 0x1100 <= ord(c) <= 0x11FF for c in text) or lang.startswith("ko"):
            return "Hang"
        if _has_kana(text) or lang.startswith("ja") or _has_kana(run_text):
            return "Jpan"
        if lang in ("zh-tw", "zh-hk", "zh-mo"):
            return "Hant"
        return "Hans"
    for ch in text:
        code = ord(ch)
        for first, last, tag in _CS_SCRIPTS:
            if first <= code <= last:
                return tag
    return "Arab"
