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

from worker.render.color_fonts import is_color_font
from worker.render.picture_passthrough import StandIns

log = logging.getLogger(__name__)

# Noto Color Emoji's bitmaps are 136 px wide at 109 ppem: 128 px per em keeps their detail.
RASTER_EM = 128
_rasters: dict[tuple[str, str, int], tuple[QImage, QRectF] | None] = {}


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
