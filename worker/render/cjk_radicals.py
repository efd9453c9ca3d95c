"""The ideograph a CJK radical stands for, read from the bundled CJK fonts' own character maps.

Noto Sans CJK draws 角 (U+89D2) and the radical ⻆ (U+2EC6) with one glyph. Qt's PDF ToUnicode maps
take the lowest code point that reaches a glyph, so text copied from the PDF (or searched) reads
the radical, and a search for 角 finds nothing. Kangxi radicals and compatibility ideographs have
Unicode decompositions; the CJK Radicals Supplement block does not, so the fonts tell us: a radical
and an ideograph on the same glyph are the same character on the page.
"""

from __future__ import annotations

import logging
from functools import cache

log = logging.getLogger(__name__)

SUPPLEMENT = range(0x2E80, 0x2F00)  # CJK Radicals Supplement
_IDEOGRAPHS = range(0x4E00, 0xA000)  # CJK Unified Ideographs
_FACES = ("Noto Sans CJK SC", "Noto Sans CJK TC", "Noto Sans CJK JP", "Noto Sans CJK KR")


@cache
def _table() -> dict[int, int]:
    # Qt only here: the finishing step runs in the converting process, where Qt is up.
    from PySide6.QtGui import QFont, QRawFont

    ideographs = "".join(chr(c) for c in _IDEOGRAPHS)
    radicals = "".join(chr(c) for c in SUPPLEMENT)
    table: dict[int, int] = {}
    for family in _FACES:
        raw = QRawFont.fromFont(QFont(family))
        if not raw.isValid() or not raw.familyName().startswith("Noto Sans CJK"):
            continue
        by_glyph: dict[int, str] = {}
        for ch, glyph in zip(ideographs, raw.glyphIndexesForString(ideographs), strict=False):
            if glyph:
                by_glyph.setdefault(glyph, ch)
        for ch, glyph in zip(radicals, raw.glyphIndexesForString(radicals), strict=False):
            found = by_glyph.get(glyph) if glyph else None
            if found is not None:
                table.setdefault(ord(ch), ord(found))
    log.debug("%d CJK radicals have an ideograph twin", len(table))
    return table


def ideograph_for(code: int) -> int | None:
    """The unified ideograph drawn like radical ``code``, if a bundled CJK face has one."""
    if code not in SUPPLEMENT:
        return None
    return _table().get(code)
