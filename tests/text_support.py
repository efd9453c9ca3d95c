"""Helpers for the text tests: tiny text bodies, a real render context, PDF and image output."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
from lxml import etree
from PySide6.QtCore import QMarginsF, QRectF, QSizeF
from PySide6.QtGui import QColor, QImage, QPageSize, QPainter, QPdfWriter

from worker.deck.theme import default_theme
from worker.render.colors import DEFAULT_COLOR_MAP, ColorResolver
from worker.render.context import PageState, RenderContext
from worker.render.fonts import FontResolver
from worker.render.text import TextStyleSources, paint_text_body

NSDECL = (
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
)
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"


def tx_body(inner: str, body_pr: str = "<a:bodyPr/>", lst_style: str = "<a:lstStyle/>") -> etree._Element:
    return etree.fromstring(f"<p:txBody {NSDECL}>{body_pr}{lst_style}{inner}</p:txBody>")


def xml(text: str) -> etree._Element:
    """An element from a snippet that uses the a: prefix (list styles, bodyPr, fontRef)."""
    root = etree.fromstring(f"<root {NSDECL}>{text}</root>")
    return root[0]


def make_context(slide_number: int = 1) -> RenderContext:
    theme = default_theme()
    theme.minor_font.latin = "Calibri"
    theme.major_font.latin = "Calibri Light"
    return RenderContext(
        theme=theme,
        colors=ColorResolver(theme, dict(DEFAULT_COLOR_MAP)),
        part=None,
        fonts=FontResolver.shared(),
        warnings=[],
        page=PageState(),
        slide_number=slide_number,
        date_text=lambda fmt: "1/2/2030",
    )


def styles_for(
    body: etree._Element, *extra: etree._Element, font_ref: etree._Element | None = None
) -> TextStyleSources:
    own = [el for el in body if etree.QName(el).localname == "lstStyle"]
    return TextStyleSources(list_styles=[*own, *extra], body_props=[], font_ref=font_ref)


def render_pdf(
    path: Path,
    body: etree._Element,
    box: QRectF,
    styles: TextStyleSources,
    *,
    ctx: RenderContext | None = None,
    page: tuple[float, float] = (400.0, 300.0),
) -> RenderContext:
    """Paint one text body on a page of ``page`` points (1 unit = 1 pt, as the slide painter does)."""
    ctx = ctx or make_context()
    with pdf_page_painter(path, ctx, page) as painter:
        paint_text_body(painter, ctx, body, box, styles)
    return ctx


@contextlib.contextmanager
def pdf_page_painter(path: Path, ctx: RenderContext, page: tuple[float, float]) -> Iterator[QPainter]:
    """A painter on a one-page PDF of ``page`` points, 1 unit = 1 pt as the slide painter has it,
    with ``ctx``'s page transform set; the PDF is written when the block ends."""
    writer = QPdfWriter(str(path))
    writer.setResolution(720)
    writer.setPageSize(QPageSize(QSizeF(*page), QPageSize.Unit.Point))
    writer.setPageMargins(QMarginsF(0, 0, 0, 0))
    painter = QPainter(writer)
    try:
        scale = writer.logicalDpiX() / 72.0
        painter.scale(scale, scale)
        ctx.page.page_transform = painter.combinedTransform()
        yield painter
    finally:
        painter.end()


def render_image(
    body: etree._Element,
    box: QRectF,
    styles: TextStyleSources,
    scale: float = 2.0,
    *,
    page: tuple[float, float] = (400.0, 300.0),
) -> QImage:
    image = QImage(int(page[0] * scale), int(page[1] * scale), QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.scale(scale, scale)
    paint_text_body(painter, make_context(), body, box, styles)
    painter.end()
    return image


def pdf_chars(path: Path) -> list[tuple[str, tuple[float, float, float, float]]]:
    """Each character of page 1 with its box (left, bottom, right, top) in PDF points."""
    doc = pdfium.PdfDocument(str(path))
    try:
        page = doc[0]
        text = page.get_textpage()
        out = []
        for i in range(text.count_chars()):
            ch = text.get_text_range(i, 1)
            out.append((ch, text.get_charbox(i, loose=True)))
        return out
    finally:
        doc.close()


def pdf_text(path: Path) -> str:
    doc = pdfium.PdfDocument(str(path))
    try:
        return str(doc[0].get_textpage().get_text_range())
    finally:
        doc.close()


def pixels(image: QImage) -> np.ndarray:
    """The image as an (h, w, 3) RGB array."""
    rgb = image.convertToFormat(QImage.Format.Format_RGB888)
    data = np.frombuffer(rgb.constBits(), dtype=np.uint8, count=rgb.sizeInBytes())
    rows = data.reshape(rgb.height(), rgb.bytesPerLine())[:, : rgb.width() * 3]
    return rows.reshape(rgb.height(), rgb.width(), 3).copy()  # the QImage buffer dies with rgb


def ink_bounds(image: QImage, threshold: int = 200) -> QRectF | None:
    """The rectangle of non-white pixels, in image pixels."""
    ys, xs = np.nonzero(pixels(image).min(axis=2) < threshold)
    if not len(xs):
        return None
    return QRectF(float(xs.min()), float(ys.min()), float(xs.max() - xs.min() + 1), float(ys.max() - ys.min() + 1))
