"""a:pPr marR, the paragraph's right margin: lines wrap and align short of it.

ECMA-376 21.1.2.2.7 (pPr) defines marR as the paragraph's right margin; LibreOffice's oox import
maps it to ParaRightMargin and Apache POI's DrawTextParagraph.getWrappingWidth subtracts it from
the wrapping width, beside marL."""

from __future__ import annotations

from pathlib import Path

import pytest
from render_support import add_xml_shape, blank_slide, convert, new_deck, sp_xml, text_box

EMU_PER_PT = 12700
BOX_X, BOX_W = 72.0, 288.0  # points; insets 0, so the text region is the box
WORDS = "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigma"


def _body(p_pr: str, text: str) -> str:
    return (
        '<p:txBody><a:bodyPr wrap="square" lIns="0" tIns="0" rIns="0" bIns="0"><a:noAutofit/></a:bodyPr>'
        f'<a:p><a:pPr {p_pr}/><a:r><a:rPr lang="en-US" sz="1800"><a:latin typeface="Arial"/></a:rPr>'
        f"<a:t>{text}</a:t></a:r></a:p></p:txBody>"
    )


def _slide_with(prs: object, p_pr: str, text: str) -> None:
    add_xml_shape(
        blank_slide(prs),
        sp_xml(round(BOX_X * EMU_PER_PT), 72 * EMU_PER_PT, round(BOX_W * EMU_PER_PT), 300 * EMU_PER_PT,
               text=_body(p_pr, text)),
    )  # fmt: skip


def _right_edge(pdf: Path, index: int) -> float:
    edges = [box[2] for word in WORDS.split() if (box := text_box(pdf, word, index)) is not None]
    assert edges
    return max(edges)


def test_lines_wrap_short_of_the_right_margin(qapp: object, tmp_path: Path) -> None:
    prs = new_deck()
    _slide_with(prs, 'marL="0"', WORDS)
    _slide_with(prs, 'marL="0" marR="1828800"', WORDS)  # 144 pt: half the box
    pdf, _ = convert(prs, tmp_path)
    assert _right_edge(pdf, 0) > BOX_X + BOX_W - 40  # without it the lines fill the box
    assert _right_edge(pdf, 1) <= BOX_X + BOX_W - 144 + 0.5


def test_right_aligned_text_ends_at_the_right_margin(qapp: object, tmp_path: Path) -> None:
    prs = new_deck()
    _slide_with(prs, 'algn="r" marR="914400"', "Total")  # 72 pt
    _slide_with(prs, 'algn="ctr" marL="914400" marR="914400"', "Total")
    pdf, _ = convert(prs, tmp_path)
    right = text_box(pdf, "Total", 0)
    centred = text_box(pdf, "Total", 1)
    assert right is not None and centred is not None
    assert right[2] == pytest.approx(BOX_X + BOX_W - 72, abs=1.5)
    # Between equal margins the centre stays the box's centre.
    assert (centred[0] + centred[2]) / 2 == pytest.approx(BOX_X + BOX_W / 2, abs=1.5)
