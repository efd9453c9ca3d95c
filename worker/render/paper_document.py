"""Writes notes pages or handouts as a PDF (slides-only PDFs are worker.render.document's)."""

from __future__ import annotations

import contextlib
import logging
import os
from pathlib import Path
from typing import Any

from PySide6.QtCore import QMarginsF, QSizeF
from PySide6.QtGui import QPageLayout, QPageSize, QPainter, QPdfWriter

from worker.deck.package import Deck
from worker.engines.base import CancelledFn, PageLayout, ProgressFn
from worker.errors import ConversionCancelled, OutputError
from worker.render.actual_text import TextLayer, recording
from worker.render.context import PageState
from worker.render.document import PDF_DPI, RenderedDeck, slide_title
from worker.render.handouts import HandoutPainter
from worker.render.notes_pages import NotesPagePainter, notes_page_size
from worker.render.pdf_finish import PageInfo, finish_pdf
from worker.render.picture_passthrough import StandIns
from worker.render.slide import SlideRenderer

log = logging.getLogger(__name__)


def write_paper_pdf(
    deck: Deck,
    slides: list[Any],
    target: Path,
    fonts: Any,
    layout: PageLayout,
    progress: ProgressFn,
    cancelled: CancelledFn,
    *,
    lossless_pictures: bool = False,
) -> RenderedDeck:
    """Paint ``slides`` as notes pages or handouts into a PDF at ``target`` (a temp name);
    ``lossless_pictures`` as for write_pdf."""
    if layout is PageLayout.SLIDES:
        raise ValueError("slides-only PDFs are written by worker.render.document.write_pdf")
    warnings: list[str] = []
    renderer = SlideRenderer(deck.presentation, fonts, warnings)
    width, height = notes_page_size(deck.presentation)
    raw = target.with_name(target.name + ".qt")
    writer = QPdfWriter(str(raw))
    writer.setResolution(PDF_DPI)
    writer.setCreator("Slidepress")
    writer.setTitle(deck.properties.title or deck.path.stem)
    size = QPageSize(QSizeF(width, height), QPageSize.Unit.Point, "", QPageSize.SizeMatchPolicy.ExactMatch)
    writer.setPageLayout(QPageLayout(size, QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0)))
    numbers = {str(s.part.partname): n for n, s in enumerate(deck.presentation.slides, start=1)}
    numbered = [(slide, numbers.get(str(slide.part.partname), i + 1)) for i, slide in enumerate(slides)]
    per_page = layout.handout_slides
    batches = (
        [numbered[i : i + per_page] for i in range(0, len(numbered), per_page)]
        if per_page
        else [[item] for item in numbered]
    )
    notes = NotesPagePainter(deck.presentation, renderer, fonts, warnings) if per_page is None else None
    handout = HandoutPainter(renderer, per_page, width, height) if per_page else None
    painter = QPainter()
    stand_ins = StandIns(lossless=lossless_pictures)
    layer = TextLayer()  # the glyph runs' text, for the text layer (actual_text)
    if not painter.begin(writer):
        raise OutputError(f"Cannot write the PDF in {target.parent}")
    pages: list[PageInfo] = []
    scale = PDF_DPI / 72.0
    done = 0
    with recording(writer, layer):
        try:
            for index, batch in enumerate(batches):
                if cancelled():
                    raise ConversionCancelled()
                if index:
                    writer.newPage()
                painter.save()
                painter.scale(scale, scale)
                page = PageState(page_transform=painter.transform(), stand_ins=stand_ins)
                if notes is not None:
                    slide, number = batch[0]
                    notes.paint(painter, slide, number, page)
                elif handout is not None:
                    handout.paint(painter, batch, page)
                painter.restore()
                first = batch[0][0]
                # Links to other slides point at slide pages; only a notes page per slide keeps them right.
                links = (
                    list(page.links) if notes is not None else [k for k in page.links if not k.target.startswith("#")]
                )
                pages.append(PageInfo(title=slide_title(first), links=links, partname=str(first.part.partname)))
                done += len(batch)
                progress(done, len(numbered))
        except BaseException:
            painter.end()
            _unlink(raw)
            raise
    painter.end()
    try:
        finish_pdf(raw, target, pages, deck.properties, height, stand_ins, layer)
    finally:
        _unlink(raw)
    return RenderedDeck(len(pages), warnings)


def _unlink(file: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.unlink(file)
