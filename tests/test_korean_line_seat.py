"""Where PowerPoint seats lines set in Malgun Gothic, checked on the PDFs we render.

PowerPoint seats a line's baseline by the typefaces on it, whatever script the text is in: each
face's OS/2 usWinAscent share, the paragraph mark's face included, scaled to the 1.2 x size line
(native PowerPoint exports of Korean decks, github.com/developer0hye/office2pdf/issues/1176 and
pull/1258: Malgun Gothic is usWin 2229/495). A digits-only Malgun Gothic line (a date, a figure in
a table) therefore sits where a Hangul line of the same size does."""

from __future__ import annotations

from pathlib import Path

import pytest
from render_support import add_xml_shape, blank_slide, char_origins, convert, new_deck, sp_xml, word_origins

EMU = 12700
MALGUN = '<a:latin typeface="Malgun Gothic"/><a:ea typeface="Malgun Gothic"/><a:cs typeface="Malgun Gothic"/>'


def _baselines(pdf: Path) -> dict[str, float]:
    """The first character of each word on page 1 -> its baseline below the page top."""
    return {word: y for word, (_, y) in word_origins(pdf).items()}


def _run(text: str, size: int) -> str:
    return f'<a:r><a:rPr lang="en-US" sz="{size * 100}">{MALGUN}</a:rPr><a:t>{text}</a:t></a:r>'


def _text_boxes(tmp_path: Path, boxes: list[tuple[str, int, int]], size: int, wrap: str, width: int) -> Path:
    """A slide of top-anchored text boxes (text, left, top in pt), each one Malgun Gothic run and a
    mark naming no typeface, as PptxGenJS writes them; the PDF."""
    prs = new_deck()
    slide = blank_slide(prs)
    for i, (text, left, top) in enumerate(boxes):
        body = (
            f'<p:txBody><a:bodyPr wrap="{wrap}" anchor="t"/><a:lstStyle/>'
            f'<a:p>{_run(text, size)}<a:endParaRPr lang="en-US" sz="{size * 100}"/></a:p></p:txBody>'
        )
        add_xml_shape(slide, sp_xml(left * EMU, top * EMU, width * EMU, 60 * EMU, text=body, sid=10 + i))
    return convert(prs, tmp_path)[0]


def test_digits_in_malgun_gothic_sit_on_the_hangul_baseline(qapp: object, tmp_path: Path) -> None:
    # A title slide's date line and the title beside it, as PptxGenJS writes them: runs in Malgun
    # Gothic, a mark without a typeface (so the theme's minor Latin font, Calibri, shares the box:
    # 0.94573 em). Both boxes start at 100 pt with the default 3.6 pt top inset.
    pdf = _text_boxes(tmp_path, [("2026.", 72, 100), ("보고서", 272, 100)], 20, "square", 180)
    at = _baselines(pdf)
    seat = 100 + 3.6 + 0.94573 * 20  # 122.5: PowerPoint sets it on a whole point of the body
    assert at["보고서"] == pytest.approx(seat, abs=0.6)
    assert at["2026."] == pytest.approx(at["보고서"], abs=0.05)


def test_table_figures_in_malgun_gothic_sit_on_the_hangul_baseline(qapp: object, tmp_path: Path) -> None:
    # A PptxGenJS table row: every run and every mark in Malgun Gothic, so the cells' lines seat at
    # Malgun's own share, 2229 / 2724 x 1.2 = 0.98194 em, below the 3.6 pt top margin.
    def cell(text: str) -> str:
        return (
            f"<a:tc><a:txBody><a:bodyPr/><a:lstStyle/><a:p>{_run(text, 15)}"
            f'<a:endParaRPr lang="en-US" sz="1500">{MALGUN}</a:endParaRPr></a:p></a:txBody>'
            '<a:tcPr marL="91440" marR="91440" marT="45720" marB="45720" anchor="t"/></a:tc>'
        )

    frame = (
        '<p:graphicFrame <NS>><p:nvGraphicFramePr><p:cNvPr id="20" name="t"/><p:cNvGraphicFramePr/><p:nvPr/>'
        f'</p:nvGraphicFramePr><p:xfrm><a:off x="{72 * EMU}" y="{100 * EMU}"/>'
        f'<a:ext cx="{288 * EMU}" cy="{30 * EMU}"/></p:xfrm><a:graphic>'
        '<a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/table"><a:tbl><a:tblPr/>'
        f'<a:tblGrid><a:gridCol w="{144 * EMU}"/><a:gridCol w="{144 * EMU}"/></a:tblGrid>'
        f'<a:tr h="0">{cell("클라우드")}{cell("182")}</a:tr></a:tbl></a:graphicData></a:graphic></p:graphicFrame>'
    )
    prs = new_deck()
    add_xml_shape(blank_slide(prs), frame)
    pdf, _ = convert(prs, tmp_path)
    at = _baselines(pdf)
    assert at["클라우드"] == pytest.approx(100 + 3.6 + 0.98194 * 15, abs=0.6)
    assert at["182"] == pytest.approx(at["클라우드"], abs=0.05)


def _starts(pdf: Path) -> dict[str, float]:
    """Each non-space character of page 1 (first occurrence) -> its origin x."""
    found: dict[str, float] = {}
    for ch, x, _ in char_origins(pdf):
        if ch.strip() and ch not in found:
            found[ch] = x
    return found


def test_latin_punctuation_between_hangul_in_an_english_run_is_set_as_latin(qapp: object, tmp_path: Path) -> None:
    # PptxGenJS writes lang="en-US" on Korean runs, so PowerPoint sets a middle dot or an em dash
    # between Hangul with the Latin typeface, spaced by Malgun Gothic's 0.35 em spaces. Its PDF of
    # o2pgold 04_training_deck_ko ("정보보호팀 · 필수", 18 pt): the dot starts 6.4 pt after the
    # syllable before it and the next syllable 10.4 pt after the dot; of 09_lecture_ko ("논리 — p"):
    # "p" starts 31.2 pt after the end of "리". Set in the Noto CJK stand-in, the dot came out
    # 0.6 em wide and the spaces beside it 0.29 em.
    pdf = _text_boxes(tmp_path, [("팀 · 필", 72, 100), ("리 — p", 72, 160)], 18, "none", 300)
    at = _starts(pdf)
    assert at["·"] - (at["팀"] + 18.0) == pytest.approx(6.4, abs=0.5)
    assert at["필"] - at["·"] == pytest.approx(10.4, abs=1.0)
    assert at["p"] - (at["리"] + 18.0) == pytest.approx(31.2, abs=1.0)
