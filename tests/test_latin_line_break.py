"""latinLnBrk: with it a Latin word may end a line between two letters, so the line fills up.

ECMA-376 21.1.2.2.7: latinLnBrk "specifies whether a Latin word can be broken in half and wrapped
onto the next line". PowerPoint for Mac's PNG export of ooxml-integrity's pptx-long-tokens
fixture (docs/calibration/pptx-long-tokens, slides 9 and 12: Calibri 24 pt in a 120 pt box without
insets) sets "Hi WWWWWWWWWWWWWWWWWWWW" as "Hi" / "WWWWW" x 4 without it and as "Hi WWWW" /
"WWWWW" x 3 / "W" with it."""

from __future__ import annotations

from pathlib import Path

import pytest
from render_support import add_xml_shape, blank_slide, convert, new_deck, page_text, sp_xml

EMU = 12700
CALIBRI = '<a:latin typeface="Calibri"/><a:ea typeface="Calibri"/><a:cs typeface="Calibri"/>'


def _lines(tmp_path: Path, text: str, ppr: str = "", lst_style: str = "<a:lstStyle/>") -> list[str]:
    """The lines of ``text`` set in one 120 pt wide, 195 pt high box without insets (Calibri 24 pt)."""
    prs = new_deck()
    slide = blank_slide(prs)
    body = (
        '<p:txBody><a:bodyPr wrap="square" lIns="0" tIns="0" rIns="0" bIns="0" anchor="t"><a:noAutofit/>'
        f'</a:bodyPr>{lst_style}<a:p>{ppr}<a:r><a:rPr lang="en-US" sz="2400">{CALIBRI}</a:rPr>'
        f"<a:t>{text}</a:t></a:r></a:p></p:txBody>"
    )
    add_xml_shape(slide, sp_xml(72 * EMU, 72 * EMU, 120 * EMU, 195 * EMU, text=body))
    pdf, _ = convert(prs, tmp_path)
    return [line.strip() for line in page_text(pdf).splitlines() if line.strip()]


LONG = "Hi " + "W" * 20


@pytest.mark.parametrize(
    ("ppr", "expected"),
    [
        ("", ["Hi"] + ["WWWWW"] * 4),
        ('<a:pPr latinLnBrk="0"/>', ["Hi"] + ["WWWWW"] * 4),
        ('<a:pPr latinLnBrk="1"/>', ["Hi WWWW"] + ["WWWWW"] * 3 + ["W"]),
    ],
)
def test_a_latin_word_splits_where_the_line_is_full_only_with_latin_line_break(
    qapp: object, tmp_path: Path, ppr: str, expected: list[str]
) -> None:
    assert _lines(tmp_path, LONG, ppr) == expected


def test_latin_line_break_comes_from_the_list_style_and_fills_lines_of_ordinary_words(
    qapp: object, tmp_path: Path
) -> None:
    # The level's properties in the body's list style reach the paragraph. "The alphabet" is wider
    # than the 120 pt line: without latinLnBrk "alphabet" starts the next line, with it the first
    # line takes as many of its letters as fit.
    style = '<a:lstStyle><a:lvl1pPr latinLnBrk="1"/></a:lstStyle>'
    split = _lines(tmp_path, "The alphabet soup", lst_style=style)
    assert split[0].startswith("The alpha") and split[0] != "The alphabet"
    assert "".join(split).replace(" ", "") == "Thealphabetsoup"
    assert _lines(tmp_path, "The alphabet soup") == ["The", "alphabet", "soup"]
