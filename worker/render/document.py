"""Writes a deck as a PDF: QPdfWriter pages painted by SlideRenderer, finished with pypdf."""

from __future__ import annotations

import contextlib
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QMarginsF, QSizeF
from PySide6.QtGui import QPageLayout, QPageSize, QPainter, QPdfWriter

from worker.deck.package import Deck
from worker.deck.xml import local, path
from worker.engines.base import CancelledFn, ProgressFn
from worker.errors import ConversionCancelled, OutputError
from worker.render.actual_text import TextLayer, recording
from worker.render.context import LinkArea, PageState
from worker.render.pdf_finish import PageInfo, finish_pdf
from worker.render.picture_passthrough import StandIns
from worker.render.slide import SlideRenderer

log = logging.getLogger(__name__)

# Device resolution of the PDF: coordinates keep 1/720 inch precision, fonts scale with it.
PDF_DPI = 720


@dataclass
class RenderedDeck:
    pages: int
    warnings: list[str] = field(default_factory=list)


def slide_title(slide: Any) -> str:
    """Text of the slide's title placeholder, for the PDF outline."""
    tree = path(slide.part._element, "cSld", "spTree")
    if tree is None:
        return ""
    for sp in tree.iter("{*}sp"):
        ph = path(sp, "nvSpPr", "nvPr", "ph")
        if ph is not None and ph.get("type") in ("title", "ctrTitle"):
            text = " ".join("".join(t.text or "" for t in p.iter("{*}t")) for p in sp.iter("{*}p") if local(p) == "p")
            return " ".join(text.split())[:200]
    return ""


def write_pdf(
    deck: Deck,
    slides: list[Any],
    target: Path,
    fonts: Any,
    progress: ProgressFn,
    cancelled: CancelledFn,
    *,
    lossless_pictures: bool = False,
) -> RenderedDeck:
    """Paint ``slides`` of ``deck`` into a PDF at ``target`` (written in place: callers pass a temp name).
    ``lossless_pictures``: every picture keeps its exact pixels (no JPEG of photographs, no downsampling)."""
    warnings: list[str] = []
    renderer = SlideRenderer(deck.presentation, fonts, warnings)
    raw = target.with_name(target.name + ".qt")
    writer = QPdfWriter(str(raw))
    writer.setResolution(PDF_DPI)
    writer.setCreator("Slidepress")
    writer.setTitle(deck.properties.title or deck.path.stem)
    page_size = QPageSize(
        QSizeF(renderer.width, renderer.height), QPageSize.Unit.Point, "", QPageSize.SizeMatchPolicy.ExactMatch
    )
    writer.setPageLayout(QPageLayout(page_size, QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0)))
    painter = QPainter()
    stand_ins = StandIns(lossless=lossless_pictures)
    layer = TextLayer()  # the glyph runs' text, for the text layer (actual_text)
    if not painter.begin(writer):
        raise OutputError(f"Cannot write the PDF in {target.parent}")
    pages: list[PageInfo] = []
    # Slide numbers count hidden slides too, as PowerPoint's export does.
    numbers = {str(s.part.partname): n for n, s in enumerate(deck.presentation.slides, start=1)}
    scale = PDF_DPI / 72.0
    with recording(writer, layer):
        try:
            total = len(slides)
            for index, slide in enumerate(slides):
                if cancelled():
                    raise ConversionCancelled()
                if index:
                    writer.newPage()
                painter.save()
                try:
                    painter.scale(scale, scale)
                    page = PageState(page_transform=painter.transform(), stand_ins=stand_ins)
                    renderer.paint(painter, slide, numbers.get(str(slide.part.partname), index + 1), page)
                finally:
                    painter.restore()
                pages.append(
                    PageInfo(title=slide_title(slide), links=list(page.links), partname=str(slide.part.partname))
                )
                progress(index + 1, total)
        except BaseException:
            painter.end()
            _unlink(raw)
            raise
    painter.end()
    try:
        finish_pdf(raw, target, pages, deck.properties, renderer.height, stand_ins, layer)
    finally:
        _unlink(raw)
    return RenderedDeck(len(pages), warnings)


def _unlink(file: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.unlink(file)


__all__ = ["LinkArea", "RenderedDeck", "write_pdf"]
