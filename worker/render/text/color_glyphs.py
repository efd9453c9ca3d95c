"""Colour glyphs (emoji) drawn into a PDF as one sharp picture per distinct glyph.

QPdfEngine cannot write colour font glyphs (CBDT/sbix bitmaps, COLR layers) as text: it draws each
occurrence as a fresh image at the page's 72 dpi, JPEG-compressed, so a ✅ is an 18-pixel blur
when zoomed and every repeat adds its own copy. Here each glyph is rasterised once at
``RASTER_EM`` pixels per em and drawn as a picture stand-in (see picture_passthrough), so the PDF
holds one lossless copy per distinct glyph, shared by every occurrence.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor, QGlyphRun, QImage, QPaintEngine, QPainter, QRawFont

from worker.render.caches import remember
from worker.render.picture_passthrough import StandIns

log = logging.getLogger(__name__)

# Noto Color Emoji's bitmaps are 136 px wide at 109 ppem: 128 px per em keeps their detail.
RASTER_EM = 128
# Tables holding colour glyphs: bitmaps (Google, Apple) and layered outlines (Microsoft).
_COLOR_TABLES = ("CBDT", "sbix", "COLR")

_is_color: dict[tuple[str, str], bool] = {}
# The answer per font engine as well: a QRawFont compares and hashes by the engine it holds (one
# face at one size), so a painted glyph run costs a lookup, not reading 'head' and the names
# (~4 us, for each of ~11,000 runs a corpus). The keys hold their engines alive: the cache is
# emptied when it reaches _ENGINES_KEPT, so it holds only the engines text is using now.
_by_engine: dict[QRawFont, bool] = {}
_ENGINES_KEPT = 64
_rasters: dict[tuple[str, str, int], tuple[QImage, QRectF] | None] = {}


def forget_engines() -> None:
    """Let go of the engines held as keys: called when a deck with fonts of its own ends, so no
    engine of a deck's font outlives its deck (a later deck may add another font by that name)."""
    _by_engine.clear()


def is_color_font(raw: QRawFont) -> bool:
    if not raw.isValid():
        return False
    found = _by_engine.get(raw)
    if found is None:
        found = remember(_by_engine, raw, _has_color_tables(raw), _ENGINES_KEPT)
    return found


def _has_color_tables(raw: QRawFont) -> bool:
    # A run of characters no font has (Bengali or Tamil where none is installed) comes from Qt's
    # box engine, which has no font tables and no family: asking it for its name crashed the
    # process. Every font file has a 'head' table.
    if not raw.isValid() or raw.fontTable("head").isEmpty():
        return False
    key = (raw.familyName(), raw.styleName())
    found = _is_color.get(key)
    if found is None:
        found = _is_color[key] = any(not raw.fontTable(tag).isEmpty() for tag in _COLOR_TABLES)
    return found


def _raster(raw: QRawFont, glyph: int) -> tuple[QImage, QRectF] | None:
    """The glyph at RASTER_EM px per em, and its box in ems (x right, y down from the baseline)."""
    key = (raw.familyName(), raw.styleName(), glyph)
    if key in _rasters:
        return _rasters[key]
    big = QRawFont(raw)
    big.setPixelSize(RASTER_EM)
    box = big.boundingRect(glyph)
    result: tuple[QImage, QRectF] | None = None
    if box.width() >= 1 and box.height() >= 1:
        image = QImage(int(box.width() + 0.999), int(box.height() + 0.999), QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(QColor(0, 0, 0, 0))
        run = QGlyphRun()
        run.setRawFont(big)
        run.setGlyphIndexes([glyph])
        run.setPositions([QPointF(0.0, 0.0)])
        painter = QPainter(image)
        painter.drawGlyphRun(QPointF(-box.left(), -box.top()), run)
        painter.end()
        em = float(RASTER_EM)
        result = (image, QRectF(box.left() / em, box.top() / em, image.width() / em, image.height() / em))
    _rasters[key] = result
    return result


def pdf_stand_ins(painter: QPainter, stand_ins: StandIns | None) -> StandIns | None:
    """``stand_ins`` when ``painter`` paints into a PDF (asked once per text body, not per run)."""
    if stand_ins is None:
        return None
    engine = painter.paintEngine()
    if engine is None or engine.type() != QPaintEngine.Type.Pdf:
        return None
    return stand_ins


def draw_color_run(painter: QPainter, offset: QPointF, run: QGlyphRun, stand_ins: StandIns | None) -> bool:
    """Draw ``run`` as pictures when it is in a colour font and ``stand_ins`` (a PDF's, see
    ``pdf_stand_ins``) are given; False otherwise (the caller draws it as text)."""
    if stand_ins is None:
        return False
    raw = run.rawFont()
    if not is_color_font(raw):
        return False
    size = raw.pixelSize()
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
    painter.setRenderHint(QPainter.RenderHint.LosslessImageRendering, True)  # the stand-in's pixels must survive
    try:
        for glyph, position in zip(run.glyphIndexes(), run.positions(), strict=False):
            raster = _raster(raw, glyph)
            if raster is None:
                continue
            image, box = raster
            key = f"\0colour glyph {raw.familyName()}/{raw.styleName()}/{glyph}"
            stored = stand_ins.encoded(key, image)
            target = QRectF(
                offset.x() + position.x() + box.left() * size,
                offset.y() + position.y() + box.top() * size,
                box.width() * size,
                box.height() * size,
            )
            if stored is None:
                painter.drawImage(target, image)
            else:
                painter.drawImage(target, stand_ins.image_for(key, stored))
    finally:
        painter.restore()
    return True
