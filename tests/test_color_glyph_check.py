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
PLAIN_LINE = "\u2705\u2705\u2705\U0001f680\U0001f680 end"


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


def _emoji_positions(text: str, pixels: int) -> list[float]:
    """Where each glyph of ``text`` at ``pixels`` px lands, laid out afresh by Qt."""
    from PySide6.QtGui import QFont, QTextLayout

    font = QFont("Noto Sans")
    font.setPixelSize(pixels)
    layout = QTextLayout(text, font)
    layout.beginLayout()
    line = layout.createLine()
    line.setLineWidth(2000.0)
    layout.endLayout()
    return sorted(p.x() for run in line.glyphRuns() for p in run.positions())


def test_outlines_asked_of_emoji_leave_their_layout_alone(qapp: object) -> None:
    """Shadows, glows, gradient fills and warps ask for glyph outlines. Qt's pathForGlyph on a
    bitmap emoji changed the engine's advance for it (34 px, then 10 px at 32 px), so every later
    line with that emoji at that size in the worker process overlapped its neighbours."""
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QFont, QTextLayout

    from worker.render.glyph_runs import glyph_outlines

    text = "a \u2705 b \U0001f680 c"
    before = _emoji_positions(text, 31)
    font = QFont("Noto Sans")
    font.setPixelSize(31)
    layout = QTextLayout(text, font)
    layout.beginLayout()
    layout.createLine().setLineWidth(2000.0)
    layout.endLayout()
    outlines = glyph_outlines(list(layout.glyphRuns()), QPointF(0.0, 0.0))
    assert not outlines.isEmpty()  # the letters still have theirs
    assert _emoji_positions(text, 31) == before


def _emoji_line_deck(text: str, shadowed: bool) -> object:
    """One 27 pt line of ``text``, with a grey text shadow when ``shadowed``."""
    from lxml import etree
    from pptx.oxml.ns import qn

    prs = new_deck()
    box = blank_slide(prs).shapes.add_textbox(Inches(0.5), Inches(0.5), Inches(9), Inches(1.5))
    run = box.text_frame.paragraphs[0].add_run()
    run.text = text
    run.font.size = Pt(27)
    if shadowed:
        effects = etree.SubElement(run._r.get_or_add_rPr(), qn("a:effectLst"))
        shadow = etree.SubElement(effects, qn("a:outerShdw"), blurRad="0", dist="38100", dir="2700000")
        etree.SubElement(shadow, qn("a:srgbClr"), val="808080")
    return prs


def test_a_deck_with_shadowed_emoji_leaves_later_decks_alone(qapp: object, tmp_path: Path) -> None:
    """A worker converts deck after deck in one process: an emoji with a shadow in one deck must
    not change how a later deck lays out the same emoji at that size."""
    first, _ = convert(_emoji_line_deck(PLAIN_LINE, False), tmp_path, "first")
    convert(_emoji_line_deck("Shadowed \u2705 \U0001f680", True), tmp_path, "shadowed")
    again, _ = convert(_emoji_line_deck(PLAIN_LINE, False), tmp_path, "again")
    assert render_page(first).tobytes() == render_page(again).tobytes()


def test_fonts_are_told_by_how_they_colour_their_glyphs(qapp: object) -> None:
    from PySide6.QtGui import QFont

    from worker.render.color_fonts import ColorKind, color_kind

    emoji, text = QFont("Noto Color Emoji"), QFont("Liberation Sans")
    assert color_kind(QRawFont.fromFont(emoji)) is ColorKind.BITMAPS
    assert color_kind(QRawFont.fromFont(text)) is ColorKind.NONE


def test_large_emoji_are_drawn_in_thumbnails(qapp: object, tmp_path: Path) -> None:
    """Past 64 device pixels glyphs are filled from their outlines (glyph_runs._fills_outlines);
    a bitmap emoji has none and was left out of the window's thumbnails and previews."""
    from worker.render.thumbnail import thumbnail

    prs = new_deck()
    box = blank_slide(prs).shapes.add_textbox(Inches(1), Inches(1), Inches(6), Inches(2))
    run = box.text_frame.paragraphs[0].add_run()
    run.text = "\u2705"
    run.font.size = Pt(96)
    deck = tmp_path / "big.pptx"
    prs.save(str(deck))
    image = thumbnail(deck, 0, 1000)  # 100 px an inch: the mark is about 130 px tall
    green = 0
    for y in range(100, 300, 2):
        for x in range(100, 300, 2):
            c = image.pixelColor(x, y)
            green += _green((c.red(), c.green(), c.blue()))
    assert green > 500, green
