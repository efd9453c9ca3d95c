"""Shaped text (Indic conjuncts and reordered vowel signs, Thai sara am, Tamil) copies as typed:
its glyphs carry /ActualText spans, written from what the painting side noted (actual_text)."""

from __future__ import annotations

import subprocess
import unicodedata
from pathlib import Path

import pytest
from pptx.util import Inches, Pt
from pypdf import PdfReader
from render_support import blank_slide, convert, new_deck, page_text

from worker.engines.base import ConvertOptions, PageLayout
from worker.render import glyph_runs, pdf_finish
from worker.render.actual_text import ActualTexts, DrawnRun, TextLayer, to_unicode_map
from worker.render.pdf_patch import PatchError, PdfPatch
from worker.render.pdf_text import FontInfo, merge_text_runs

LINES = {
    "hindi": "नमस्ते दुनिया क्षत्रिय प्रधानमंत्री",
    "thai": "สวัสดีครับ ภาษาไทย น้ำ",
    "bengali": "বাংলা ভাষা স্বাগতম",
    "tamil": "தமிழ் மொழி",
}


def _poppler(pdf: Path) -> str:
    return subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True).stdout


def _text_boxes(tmp_path: Path, lines: list[str], name: str = "deck") -> Path:
    prs = new_deck()
    slide = blank_slide(prs)
    for i, line in enumerate(lines):
        box = slide.shapes.add_textbox(Inches(0.5), Inches(0.5 + 1.5 * i), Inches(9), Inches(1))
        run = box.text_frame.paragraphs[0].add_run()
        run.text = line
        run.font.size = Pt(28)
    return convert(prs, tmp_path, name)[0]


def _words(text: str) -> list[str]:
    return unicodedata.normalize("NFC", text).split()


@pytest.mark.parametrize("script", sorted(LINES))
def test_shaped_words_extract_whole_from_a_text_box(tmp_path: Path, script: str) -> None:
    pdf = _text_boxes(tmp_path, [LINES[script]])
    for text in (page_text(pdf), _poppler(pdf)):
        assert _words(text) == _words(LINES[script]), text


@pytest.mark.parametrize("script", sorted(LINES))
def test_shaped_words_extract_whole_from_a_table_cell(tmp_path: Path, script: str) -> None:
    prs = new_deck()
    table = blank_slide(prs).shapes.add_table(2, 2, Inches(0.5), Inches(1), Inches(9), Inches(2)).table
    table.cell(0, 0).text = "cell"
    table.cell(1, 1).text = LINES[script]
    pdf, _ = convert(prs, tmp_path)
    for text in (page_text(pdf), _poppler(pdf)):
        for word in LINES[script].split():
            assert word in unicodedata.normalize("NFC", text), text


@pytest.mark.parametrize("alignment", ["just", "dist"])
def test_wrapped_spread_and_slanted_lines_extract_whole(tmp_path: Path, alignment: str) -> None:
    # Distributed lines move glyphs by their string indexes (text.paint._distribute), and an
    # italic Qt would slant itself is drawn from its upright face (glyph_runs.draw_glyph_run).
    text = "प्रधानमंत्री ने राष्ट्र को संबोधित किया और विद्यार्थियों के लिए नई योजनाओं की घोषणा की"
    prs = new_deck()
    box = blank_slide(prs).shapes.add_textbox(Inches(0.5), Inches(0.5), Inches(5), Inches(4))
    box.text_frame.word_wrap = True
    paragraph = box.text_frame.paragraphs[0]
    run = paragraph.add_run()
    run.text = text
    run.font.size = Pt(24)
    run.font.italic = True
    paragraph._p.get_or_add_pPr().set("algn", alignment)
    pdf, _ = convert(prs, tmp_path)
    for extracted in (page_text(pdf), _poppler(pdf)):
        assert _words(extracted) == _words(text), extracted


def test_notes_pages_and_handouts_carry_the_text_too(tmp_path: Path) -> None:
    # Their slides and notes are painted by worker.render.paper_document's own PDF writer.
    prs = new_deck()
    slide = blank_slide(prs)
    box = slide.shapes.add_textbox(Inches(0.5), Inches(0.5), Inches(9), Inches(1))
    box.text_frame.text = LINES["hindi"]
    slide.notes_slide.notes_text_frame.text = LINES["tamil"]
    for layout in (PageLayout.NOTES, PageLayout.HANDOUT_2):
        pdf, _ = convert(prs, tmp_path, layout.value, ConvertOptions(layout=layout))
        text = unicodedata.normalize("NFC", page_text(pdf) + _poppler(pdf))
        for word in LINES["hindi"].split() + (LINES["tamil"].split() if layout is PageLayout.NOTES else []):
            assert word in text, (layout, text)


def test_glyphs_qt_names_nothing_for_are_named_in_the_map(tmp_path: Path) -> None:
    # Korean's space (Noto Sans CJK's 'locl' glyph) and math italics (beyond the BMP, drawn by a
    # fallback font) have no cmap character Qt's map names: pdfium read "한국어\x04텍스트" and
    # "\x01 +  = ". No span is needed for one glyph: the map names it.
    prs = new_deck()
    slide = blank_slide(prs)
    for i, line in enumerate(["한국어 텍스트 입니다", "𝑥 + 𝑦 = 𝑧"]):
        run = slide.shapes.add_textbox(Inches(0.5), Inches(0.5 + i), Inches(9), Inches(1)).text_frame.paragraphs[0]
        run.text = line
        run.runs[0]._r.get_or_add_rPr().set("lang", "ko-KR" if i == 0 else "en-US")
    pdf, _ = convert(prs, tmp_path)
    text = page_text(pdf)
    assert "한국어 텍스트 입니다" in text and "𝑥 + 𝑦 = 𝑧" in text, text
    assert b"BDC" not in _contents(pdf)


def test_text_in_a_bold_qt_makes_up_keeps_its_words(tmp_path: Path) -> None:
    # Bold text in a typeface without a bold face (Noto Sans Math, Mongolian): Qt draws the glyphs
    # twice, the copy in a span of its own, so its text object has twice the run's glyphs. The
    # pairing saw no run for it and left its glyphs unnamed (pdfium read "\x01 abc" for "𝔄𝔅 abc"
    # and "\x01\x04\x05" for the Mongolian word; the mutation fuzzer's fifth round).
    prs = new_deck()
    slide = blank_slide(prs)
    for i, (line, face) in enumerate([("𝔄𝔅 abc", "Noto Sans Math"), ("ᠮᠣᠩᠭᠣᠯ नमस्ते", None)]):
        para = slide.shapes.add_textbox(Inches(0.5), Inches(0.5 + i), Inches(9), Inches(1)).text_frame.paragraphs[0]
        run = para.add_run()
        run.text = line
        run.font.bold = True
        if face:
            run.font.name = face
    pdf, _ = convert(prs, tmp_path)
    assert b"/ActualText <>" in _contents(pdf)  # Qt's made-up bold, the case in point
    for text in (page_text(pdf), _poppler(pdf)):
        assert "𝔄𝔅 abc" in text and "ᠮᠣᠩᠭᠣᠯ नमस्ते" in text, text


def test_a_pdf_finished_by_a_full_rewrite_carries_the_text_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def unpatchable(path: Path) -> PdfPatch:
        raise PatchError("not patched here")

    monkeypatch.setattr(pdf_finish.PdfPatch, "open", unpatchable)
    pdf = _text_boxes(tmp_path, [LINES["hindi"], "한국어 텍스트 입니다"])
    text = unicodedata.normalize("NFC", page_text(pdf))
    assert _words(LINES["hindi"])[0] in text and "한국어 텍스트 입니다" in text, text


def test_spans_change_no_pixel(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    marked = _text_boxes(tmp_path, list(LINES.values()), "marked")
    assert b"/ActualText" in _contents(marked)
    monkeypatch.setattr(glyph_runs, "note_run", lambda painter, run: None)
    plain = _text_boxes(tmp_path, list(LINES.values()), "plain")
    assert b"/ActualText" not in _contents(plain)
    assert _pixels(marked, tmp_path / "m") == _pixels(plain, tmp_path / "p")
    for page in PdfReader(str(marked), strict=True).pages:  # every operator parses
        contents = page.get_contents()
        assert contents is not None and contents.operations


def test_latin_and_arabic_text_get_no_spans(tmp_path: Path) -> None:
    # Their glyphs are their characters' (Latin) or named by the ToUnicode map (Arabic's shaped
    # forms, right to left): the stream stays as it was.
    pdf = _text_boxes(tmp_path, ["Quarterly results: revenue up 12%", "نظرة عامة على خطة العمل"])
    assert b"BDC" not in _contents(pdf)
    assert "Quarterly results: revenue up 12%" in page_text(pdf)


def _contents(pdf: Path) -> bytes:
    streams = [page.get_contents() for page in PdfReader(str(pdf)).pages]
    return b"".join(stream.get_data() for stream in streams if stream is not None)


def _pixels(pdf: Path, prefix: Path) -> bytes:
    subprocess.run(["pdftoppm", "-png", "-r", "100", str(pdf), str(prefix)], check=True)
    return b"".join(p.read_bytes() for p in sorted(prefix.parent.glob(prefix.name + "-*.png")))


# The matching itself, on streams written as Qt writes them.

_CMAP = b"""3 beginbfchar
<0001> <0915>
<0002> <0937>
<0006> <093F>
endbfchar
1 beginbfrange
<0003> <0004> <0020>
endbfrange
endcmap"""
_FONT: FontInfo = ({1: 600.0, 2: 600.0, 3: 600.0, 4: 600.0, 5: 500.0, 6: 300.0}, 1000.0, set())
_FACE = ("Noto Sans Devanagari", "Regular", 400, 0)


def _object(*gids: int, font: str = "F1") -> bytes:
    lines = b"\n".join(b"%d 0 Td <%04X> Tj" % (6 if i else 10, gid) for i, gid in enumerate(gids))
    return b"BT\n/" + font.encode() + b" 10 Tf 1 0 0 -1 0 0 Tm\n" + lines + b"\nET\n"


def _texts(*runs: DrawnRun) -> ActualTexts:
    texts = ActualTexts(TextLayer(runs))
    texts.know(_FONT, _CMAP)
    return texts


def test_a_run_with_a_reordered_vowel_sign_is_one_span_around_its_text_object() -> None:
    # कि is drawn as ि (6) then क (1): the map's text in drawing order is "िक". The TJ stays whole.
    run = DrawnRun(_FACE, (60, 10, 30, 20), ((0, 2, "कि"), (2, 3, " "), (3, 4, "ष")))
    merged = merge_text_runs(_object(6, 1, 3, 2), {"F1": _FONT}, texts=_texts(run)).decode()
    assert merged.split("\n") == [
        "BT",
        "/Span <</ActualText <FEFF0915093F00200937>>> BDC",
        "/F1 10 Tf 1 0 0 -1 0 0 Tm",
        "10 0 Td [<0006> -300 <0001> <0003> <0002>] TJ",
        "18 0 Td",
        "EMC",
        "ET",
        "",
    ]


def test_a_conjunct_glyph_is_named_in_the_map_not_spanned() -> None:
    # क्ष: one glyph (5) the map does not name. Named there, it reads right wherever it is drawn.
    run = DrawnRun(_FACE, (50, 30, 10), ((0, 1, "क्ष"), (1, 2, " "), (2, 3, "क")))
    texts = _texts(run)
    merged = merge_text_runs(_object(5, 3, 1), {"F1": _FONT}, texts=texts)
    assert b"BDC" not in merged
    [(where, cmap)] = texts.completed_maps()
    assert where is None
    assert to_unicode_map(cmap)[5] == "क्ष"
    assert to_unicode_map(cmap)[1] == "क"


def test_a_run_whose_glyphs_spell_it_gets_no_span() -> None:
    run = DrawnRun(_FACE, (20, 30, 10), ((0, 1, "ष"), (1, 2, " "), (2, 3, "क")))
    merged = merge_text_runs(_object(2, 3, 1), {"F1": _FONT}, texts=_texts(run))
    assert b"BDC" not in merged


def test_text_objects_nobody_noted_are_passed_over() -> None:
    # QPainter.drawText (metafiles) writes text objects the layer never saw: the next one pairs.
    run = DrawnRun(_FACE, (60, 10), ((0, 2, "कि"),))
    stream = _object(1, 1, 1) + _object(6, 1)
    merged = merge_text_runs(stream, {"F1": _FONT}, texts=_texts(run))
    assert merged.count(b"BDC") == 1 and merged.index(b"BDC") > merged.index(b"ET")


def test_noted_runs_without_a_text_object_are_skipped() -> None:
    # A run filled as outlines leaves no text object: the pairing looks ahead to the next run.
    outlined = DrawnRun(_FACE, (70, 71, 72, 73), ())
    run = DrawnRun(_FACE, (60, 10), ((0, 2, "कि"),))
    merged = merge_text_runs(_object(6, 1), {"F1": _FONT}, texts=_texts(outlined, run))
    assert b"<FEFF0915093F>" in merged


def test_glyphs_that_disagree_with_what_was_paired_do_not_pair() -> None:
    # Glyph 60 was paired with character id 6: a run drawing glyph 60 cannot be an object drawing 2.
    first = DrawnRun(_FACE, (60, 10), ())
    second = DrawnRun(_FACE, (60, 10), ((0, 2, "कि"),))
    merged = merge_text_runs(_object(6, 1) + _object(2, 1), {"F1": _FONT}, texts=_texts(first, second))
    assert b"BDC" not in merged


def test_to_unicode_map_reads_chars_and_ranges() -> None:
    assert to_unicode_map(_CMAP) == {1: "क", 2: "ष", 6: "ि", 3: " ", 4: "!"}
