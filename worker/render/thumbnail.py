"""Slide thumbnails: the same painting code as the PDF, into a QImage."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QImage, QPainter

from worker.deck.package import open_deck
from worker.deck.preview import PreviewKind, StoredPreview, stored_preview
from worker.errors import ConversionError
from worker.render.context import PageState
from worker.render.decoder_stderr import image_from_data
from worker.render.embedded_fonts import deck_fonts
from worker.render.fonts import FontResolver
from worker.render.metafile import paint_metafile
from worker.render.metafile.dib import packed_dib_image
from worker.render.png_rows import forget_rows
from worker.render.qt_runtime import ensure_gui_app
from worker.render.slide import SlideRenderer
from worker.render.text import forget_deck_text


def thumbnail(source: Path, slide: int, width: int) -> QImage:
    """Slide ``slide`` (0-based, counting every slide) of the deck at ``source``, ``width`` pixels wide.

    Raises worker.errors types for decks that cannot be read, IndexError for a missing slide. A
    deck the renderer does not read (legacy .ppt, OpenDocument) shows, as slide 0, the preview
    picture the file carries, when it has one.
    """
    ensure_gui_app()
    try:
        deck = open_deck(Path(source))
    except ConversionError:
        preview = stored_preview(Path(source)) if slide == 0 else None
        image = _preview_image(preview, width) if preview is not None else None
        if image is None:
            raise
        return image
    slides = list(deck.presentation.slides)
    target = slides[slide]
    fonts = FontResolver.shared()
    fonts.ensure_registered()
    renderer = SlideRenderer(deck.presentation, fonts, [])
    scale = max(width, 1) / renderer.width
    height = max(1, round(renderer.height * scale))
    image = QImage(max(width, 1), height, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.white)
    painter = QPainter(image)
    painter.setRenderHints(
        QPainter.RenderHint.Antialiasing
        | QPainter.RenderHint.TextAntialiasing
        | QPainter.RenderHint.SmoothPixmapTransform
    )
    painter.scale(scale, scale)
    try:
        # The deck's own embedded fonts, as in its PDF, while this slide is drawn.
        with deck_fonts(deck.presentation, fonts):
            renderer.paint(painter, target, slide + 1, PageState(page_transform=painter.transform()))
    finally:
        painter.end()
        forget_deck_text()  # the thumbnail process keeps nothing of this deck
        forget_rows()
    return image


def _preview_image(preview: StoredPreview, width: int) -> QImage | None:
    """``preview`` drawn ``width`` pixels wide, in its own proportions; None if it cannot be read."""
    width = max(width, 1)
    if preview.kind is PreviewKind.METAFILE:
        aspect = preview.aspect or 4 / 3
        image = QImage(width, max(1, round(width / aspect)), QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.white)
        painter = QPainter(image)
        painter.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.SmoothPixmapTransform)
        try:
            drawn = paint_metafile(painter, preview.data, QRectF(0, 0, image.width(), image.height()))
        finally:
            painter.end()
        return image if drawn else None
    picture = packed_dib_image(preview.data) if preview.kind is PreviewKind.DIB else image_from_data(preview.data)
    if picture is None or picture.isNull():
        return None
    scaled = picture.scaledToWidth(width, Qt.TransformationMode.SmoothTransformation)
    return scaled.convertToFormat(QImage.Format.Format_ARGB32_Premultiplied)
