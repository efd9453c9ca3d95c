"""Slide thumbnails: the same painting code as the PDF, into a QImage."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPainter

from worker.deck.package import open_deck
from worker.render.context import PageState
from worker.render.embedded_fonts import deck_fonts
from worker.render.fonts import FontResolver
from worker.render.qt_runtime import ensure_gui_app
from worker.render.slide import SlideRenderer


def thumbnail(source: Path, slide: int, width: int) -> QImage:
    """Slide ``slide`` (0-based, counting every slide) of the deck at ``source``, ``width`` pixels wide.

    Raises worker.errors types for decks that cannot be read, IndexError for a missing slide.
    """
    ensure_gui_app()
    deck = open_deck(Path(source))
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
    return image
