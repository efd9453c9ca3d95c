"""Punctuation the bundled CJK fonts draw with the glyph of a rarer character, and which one text means.

Noto Sans CJK draws the katakana middle dot ・ (U+30FB) with the glyph of the hyphenation point ‧
(U+2027), and likewise ／ and ∕, 〈〉 and the deprecated angle brackets 〈〉, ‘ and ʻ, – and ‒, the
ideographic and the em space. Qt's PDF ToUnicode maps take the lowest code point that reaches a
glyph, so copied Japanese text read "直‧骨" and "Ａ∕Ｂ". Each pair is used only where a bundled CJK
face really draws both with one glyph (read from its character map, as cjk_radicals does).
"""

from __future__ import annotations

import logging
from functools import cache

log = logging.getLogger(__name__)

# The rarer code point Qt names -> the one text uses far more often.
_CANDIDATES = {
    0x2027: 0x30FB,  # hyphenation point -> katakana middle dot
    0x2215: 0xFF0F,  # division slash -> full-width solidus
    0x2329: 0x3008,  # deprecated left-pointing angle bracket -> CJK left angle bracket
    0x232A: 0x3009,
    0x2035: 0xFF40,  # reversed prime -> full-width grave accent
    0x02BB: 0x2018,  # modifier letter turned comma -> left single quotation mark
    0x2012: 0x2013,  # figure dash -> en dash
    0x2003: 0x3000,  # em space -> ideographic space
}
_FACES = ("Noto Sans CJK JP", "Noto Serif CJK JP")


@cache
def _table() -> dict[int, int]:
    # Qt only here: the finishing step runs in the converting process, where Qt is up.
    from PySide6.QtGui import QFont, QRawFont

    table: dict[int, int] = {}
    for family in _FACES:
        raw = QRawFont.fromFont(QFont(family))
        if not raw.isValid() or "CJK" not in raw.familyName():
            continue
        for rare, common in _CANDIDATES.items():
            glyphs = raw.glyphIndexesForString(chr(rare) + chr(common))
            if len(glyphs) == 2 and glyphs[0] and glyphs[0] == glyphs[1]:
                table[rare] = common
    log.debug("%d punctuation marks share a glyph with a rarer twin", len(table))
    return table


def is_cjk_font(base_font: str) -> bool:
    """Whether a PDF font's /BaseFont ("/ABCDEF+NotoSansCJKjp-Regular") is one of the CJK faces."""
    return "CJK" in base_font


def common_twin(code: int) -> int | None:
    """The common character drawn with the same CJK glyph as ``code``, if ``code`` is the rare one."""
    if code not in _CANDIDATES:
        return None
    return _table().get(code)
