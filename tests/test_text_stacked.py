"""Stacked text (bodyPr vert="wordArtVert" / "wordArtVertRtl"): upright letters one on top of another."""

from __future__ import annotations

from pathlib import Path

import pytest
from pptx.util import Pt
from render_support import add_xml_shape, blank_slide, convert, new_deck, sp_xml
from text_support import pdf_chars

EMU_PT = 12700
PAGE_H = 540.0


def _body(vert: str, paragraphs: list[str], anchor: str = "t", wrap: str = "square") -> str:
    rpr = '<a:rPr lang="en-US" sz="2400"><a:latin typeface="Arial"/></a:rPr>'
    paras = "".join(f"<a:p><a:r>{rpr}<a:t>{text}</a:t></a:r></a:p>" for text in paragraphs)
    return f'<p:txBody><a:bodyPr vert="{vert}" anchor="{anchor}" wrap="{wrap}"/><a:lstStyle/>{paras}</p:txBody>'


def _centres(pdf: Path) -> dict[str, tuple[float, float, float]]:
    """Each drawn letter -> (centre x, centre y below the page top, height / width of its box)."""
    found = {}
    for ch, (left, bottom, right, top) in pdf_chars(pdf):
        if ch.strip():
            found[ch] = ((left + right) / 2, PAGE_H - (bottom + top) / 2, (top - bottom) / max(right - left, 0.1))
    return found


@pytest.mark.parametrize("vert", ["wordArtVert", "wordArtVertRtl"])
def test_stacked_letters_run_down_columns_one_per_paragraph(tmp_path: Path, vert: str) -> None:
    prs = new_deck()
    slide = blank_slide(prs)
    # A 200 x 300 pt box at (100, 100): insets 7.2 / 3.6 pt.
    body = _body(vert, ["WAi", "Mo"])
    add_xml_shape(slide, sp_xml(100 * EMU_PT, 100 * EMU_PT, 200 * EMU_PT, 300 * EMU_PT, text=body))
    at = _centres(convert(prs, tmp_path)[0])
    w, a, i, m, o = (at[c] for c in "WAiMo")
    # One letter on top of another, each upright (a tall "i", not a turned one) and centred on its
    # column: the narrow "i" sits under the middle of the wide "W".
    assert w[1] < a[1] < i[1]
    assert abs(w[0] - a[0]) < 1.0 and abs(w[0] - i[0]) < 1.0
    assert i[2] > 2.0
    # Letters about a line (1.2 x 24 pt) apart, from the top of the box.
    assert 24.0 < a[1] - w[1] < 32.0
    assert w[1] < 100 + 3.6 + 30
    # The second paragraph is the next column: to the right (wordArtVert), or to the left of the
    # first, which then stands at the box's right (wordArtVertRtl); a line's pitch across.
    assert abs(m[1] - w[1]) < 1.0 and abs(o[1] - a[1]) < 1.0
    if vert == "wordArtVert":
        assert 20.0 < m[0] - w[0] < 34.0 and w[0] < 100 + 7.2 + 20
    else:
        assert 20.0 < w[0] - m[0] < 34.0 and w[0] > 300 - 7.2 - 20


def test_a_stacked_column_that_reaches_the_bottom_goes_on_in_the_next(tmp_path: Path) -> None:
    prs = new_deck()
    slide = blank_slide(prs)
    # 100 pt tall: about three 28.8 pt rows fit between the insets.
    add_xml_shape(slide, sp_xml(100 * EMU_PT, 100 * EMU_PT, 200 * EMU_PT, 100 * EMU_PT,
                                text=_body("wordArtVert", ["ABCDEF"])))  # fmt: skip
    at = _centres(convert(prs, tmp_path)[0])
    assert all(at[c][1] < 200 for c in "ABCDEF")
    assert abs(at["D"][1] - at["A"][1]) < 1.0 and at["D"][0] > at["A"][0] + 20


def test_a_table_row_grows_to_its_stacked_cell(qapp: object, tmp_path: Path) -> None:
    prs = new_deck()
    frame = blank_slide(prs).shapes.add_table(2, 1, Pt(72), Pt(72), Pt(144), Pt(40))
    table = frame.table
    for row in table.rows:
        row.height = Pt(20)
    for r, text in enumerate(("WXYZ", "Q")):
        cell = table.cell(r, 0)
        cell.text = text
        for run in cell.text_frame.paragraphs[0].runs:
            run.font.size = Pt(18)
            run.font.name = "Arial"
    table.cell(0, 0)._tc.get_or_add_tcPr().set("vert", "wordArtVert")
    at = _centres(convert(prs, tmp_path)[0])
    # Four rows of 21.6 pt and the 3.6 pt margins: the next row starts below the "Z".
    assert at["W"][1] < at["X"][1] < at["Y"][1] < at["Z"][1] < at["Q"][1] - 10
    assert at["Z"][1] - at["W"][1] > 3 * 18
