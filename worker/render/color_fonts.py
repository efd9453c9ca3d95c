"""Which fonts draw their glyphs in colour, and which of those have no outlines at all.

Colour glyphs come as bitmaps (Google's CBDT, Apple's sbix) or as layers of outlines (Microsoft's
COLR). A bitmap-only face has no path for any glyph, and asking Qt (6.11) for one is harmful:
QRawFont.pathForGlyph on a CBDT glyph re-reads it without its bitmap and leaves the engine's
metrics for it changed, so every later layout of that emoji at that size in the process takes
another advance (Noto Color Emoji's 🇯🇵 at 32 px: 34 px, then 10 px), and a batch's later decks
lay out differently from its first.
"""

from __future__ import annotations

import logging
from enum import Enum

from PySide6.QtGui import QPainterPath, QRawFont

from worker.render.caches import remember

log = logging.getLogger(__name__)


class ColorKind(Enum):
    NONE = "none"
    LAYERS = "layers"  # COLR: coloured outlines, which have paths
    BITMAPS = "bitmaps"  # CBDT/sbix: pictures only


# Tables holding colour glyphs, bitmaps first. A bitmap font may carry an outline table too
# (Apple's sbix fonts have glyf), in which case its paths are its own.
_BITMAP_TABLES = ("CBDT", "sbix")
_OUTLINE_TABLES = ("glyf", "CFF ", "CFF2")

_by_name: dict[tuple[str, str], ColorKind] = {}
# The answer per font engine as well: a QRawFont compares and hashes by the engine it holds (one
# face at one size), so a painted glyph run costs a lookup, not reading 'head' and the names
# (~4 us, for each of ~11,000 runs a corpus). The keys hold their engines alive: the cache is
# emptied when it reaches _ENGINES_KEPT, so it holds only the engines text is using now.
_by_engine: dict[QRawFont, ColorKind] = {}
_ENGINES_KEPT = 64


def forget_engines() -> None:
    """Let go of the engines held as keys: called when a deck with fonts of its own ends, so no
    engine of a deck's font outlives its deck (a later deck may add another font by that name)."""
    _by_engine.clear()


def color_kind(raw: QRawFont) -> ColorKind:
    if not raw.isValid():
        return ColorKind.NONE
    found = _by_engine.get(raw)
    if found is None:
        found = remember(_by_engine, raw, _color_tables(raw), _ENGINES_KEPT)
    return found


def is_color_font(raw: QRawFont) -> bool:
    return color_kind(raw) is not ColorKind.NONE


def glyph_path(raw: QRawFont, glyph: int) -> QPainterPath:
    """``raw.pathForGlyph(glyph)``, empty without asking Qt for a glyph of a bitmap-only face."""
    if color_kind(raw) is ColorKind.BITMAPS:
        return QPainterPath()
    return raw.pathForGlyph(glyph)


def _color_tables(raw: QRawFont) -> ColorKind:
    # A run of characters no font has (Bengali or Tamil where none is installed) comes from Qt's
    # box engine, which has no font tables and no family: asking it for its name crashed the
    # process. Every font file has a 'head' table.
    if not raw.isValid() or raw.fontTable("head").isEmpty():
        return ColorKind.NONE
    key = (raw.familyName(), raw.styleName())
    found = _by_name.get(key)
    if found is None:
        found = _by_name[key] = _kind_of(raw)
    return found


def _kind_of(raw: QRawFont) -> ColorKind:
    if any(not raw.fontTable(tag).isEmpty() for tag in _BITMAP_TABLES):
        if all(raw.fontTable(tag).isEmpty() for tag in _OUTLINE_TABLES):
            return ColorKind.BITMAPS
        return ColorKind.LAYERS
    if not raw.fontTable("COLR").isEmpty():
        return ColorKind.LAYERS
    return ColorKind.NONE
