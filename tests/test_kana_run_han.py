"""Han in a run that also holds kana takes the theme's Japanese font, though the dash, bracket or
Latin word beside it cuts it off from the kana. PowerPoint 365's PDF of qmd-to-pptx's demo deck
(python-pptx's default theme: empty ea slots, Jpan "MS PGothic", Hans "SimSun") draws the en-US
title "13a. タイムライン – 基本（section なし・複数イベント）" in MS Gothic only; we drew "基本（"
in the Simplified Chinese serif. Han in a run without kana keeps the Hans font (what PowerPoint
does with it depends on its install language, which a file does not say)."""

from __future__ import annotations

from pathlib import Path

import pytest
from render_support import add_xml_shape, blank_slide, convert, new_deck, page_text
from test_text_empty_ea_slot import _page_fonts, _text_box

CASES = [
    # (text, the East Asian fonts the page draws with)
    ("タイムライン – 基本（section なし）", {"NotoSansCJKjp-Regular"}),
    ("パーセント表示（showData）", {"NotoSansCJKjp-Regular"}),
    ("基本（section）", {"NotoSerifCJKsc-Regular"}),  # no kana in the run: as before
]


@pytest.fixture(scope="module")
def converted(qapp: object, tmp_path_factory: pytest.TempPathFactory) -> Path:
    prs = new_deck()
    for text, _ in CASES:
        add_xml_shape(blank_slide(prs), _text_box('<a:rPr lang="en-US" sz="2400"/>', text))
    pdf, result = convert(prs, tmp_path_factory.mktemp("kana_run"))
    assert result.slides == len(CASES)
    return pdf


@pytest.mark.parametrize("index", range(len(CASES)))
def test_han_beside_kana_in_a_run_is_japanese(converted: Path, index: int) -> None:
    text, fonts = CASES[index]
    assert text.replace(" ", "")[:4] in page_text(converted, index).replace(" ", "")
    assert {f for f in _page_fonts(converted, index) if "CJK" in f} == fonts, text
