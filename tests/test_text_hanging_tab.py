"""A hanging first line (indent < 0) has a tab stop at marL, where the paragraph's other lines
start: "a)<tab>text" and "<tab>text" line up with the lines below, not with the next default stop."""

from __future__ import annotations

from pathlib import Path

import pytest
from render_support import add_xml_shape, blank_slide, convert, new_deck, sp_xml, word_origins

_TEXT_X = 72.0 + 7.2  # the box (x 72 pt) plus its default left inset
_HANGING = 'marL="342900" indent="-342900"'  # 27 pt


def _para(ppr: str, text: str, tabs: str = "") -> str:
    tab_list = f"<a:tabLst>{tabs}</a:tabLst>" if tabs else ""
    return (
        f'<a:p><a:pPr {ppr} defTabSz="914400">{tab_list}</a:pPr><a:r><a:rPr lang="en-US" sz="1800">'
        f'<a:latin typeface="Calibri"/></a:rPr><a:t>{text}</a:t></a:r></a:p>'
    )


def test_a_hanging_first_line_tabs_to_its_margin(qapp: object, tmp_path: Path) -> None:
    paras = (
        _para(_HANGING, "a)\tAlpha")
        + _para(_HANGING, "\tBravo")
        # A first-line indent is no hanging indent: its tab goes to the next default stop (72 pt).
        + _para('marL="0" indent="342900"', "c\tCharlie")
        # Text already past marL goes on to the next default stop.
        + _para('marL="114300" indent="-114300"', "abcdef\tDelta")
        # A declared stop before marL still comes first, and marL after it.
        + _para(_HANGING, "\tE\tFoxtrot", '<a:tab pos="63500"/>')
    )
    prs = new_deck()
    slide = blank_slide(prs)
    body = f'<p:txBody><a:bodyPr wrap="square"/><a:lstStyle/>{paras}</p:txBody>'
    add_xml_shape(slide, sp_xml(914400, 914400, 5486400, 3657600, text=body))
    pdf, _ = convert(prs, tmp_path)
    words = word_origins(pdf)
    names = ("a)", "Alpha", "Bravo", "c", "Charlie", "abcdef", "Delta", "E", "Foxtrot")
    starts = {w: words[w][0] - _TEXT_X for w in names}
    assert starts["a)"] == pytest.approx(0.0, abs=0.05)
    assert starts["Alpha"] == pytest.approx(27.0, abs=0.05)  # not 72, the first default stop
    assert starts["Bravo"] == pytest.approx(27.0, abs=0.05)
    assert (starts["c"], starts["Charlie"]) == pytest.approx((27.0, 72.0), abs=0.05)
    assert (starts["abcdef"], starts["Delta"]) == pytest.approx((0.0, 72.0), abs=0.05)
    assert (starts["E"], starts["Foxtrot"]) == pytest.approx((5.0, 27.0), abs=0.05)
