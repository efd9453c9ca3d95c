"""The colour-glyph check (text.color_glyphs) runs for every glyph run painted into a PDF: it reads
a font's tables once per font engine, and still tells colour fonts from plain ones."""

from __future__ import annotations

from pathlib import Path

import pytest
from pptx.util import Inches, Pt
from PySide6.QtCore import QByteArray
from PySide6.QtGui import QRawFont
from render_support import blank_slide, convert, new_deck, pixel, render_page

LINES = 12


def _emoji_deck() -> object:
    """Lines alternating plain text and an emoji at one size: many glyph runs, few font engines."""
    prs = new_deck()
    slide = blank_slide(prs)
    box = slide.shapes.add_textbox(Inches(0.5), Inches(0.5), Inches(9), Inches(6.5))
    frame = box.text_frame
    for number in range(LINES):
        para = frame.paragraphs[0] if number == 0 else frame.add_paragraph()
        run = para.add_run()
        run.text = f"Line {number} \u2705 done"
        run.font.size = Pt(20)
    return prs


def _green(color: tuple[int, int, int]) -> bool:
    r, g, b = color
    return g > r + 30 and g > b + 60  # the check mark's green square


def test_font_tables_are_read_once_per_engine(qapp: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    reads: list[str] = []
    original = QRawFont.fontTable

    def counted(self: QRawFont, tag: str) -> QByteArray:
        reads.append(tag)
        return original(self, tag)

    monkeypatch.setattr(QRawFont, "fontTable", counted)
    pdf, _ = convert(_emoji_deck(), tmp_path)
    # Three glyph runs a line (text, emoji, text) in two engines (the text's font, the emoji
    # font): reading 'head' for each run made 36 reads; once per engine, a handful.
    head_reads = reads.count("head")
    assert head_reads <= 6, head_reads

    # The check still tells the fonts apart: every check mark is a green picture, the words text.
    from pypdf import PdfReader

    page = PdfReader(pdf).pages[0]
    text = page.extract_text()
    assert all(f"Line {number}" in text for number in range(LINES)), text
    rendered = render_page(pdf)
    rows_with_green = sum(1 for y in range(36, 72 * 7) if any(_green(pixel(rendered, x, y)) for x in range(36, 360, 2)))
    assert rows_with_green > LINES * 8, rows_with_green
