"""a:bodyPr vertOverflow and horzOverflow (ECMA-376 21.1.2.1.1): "clip" cuts text at the inset
box (top and bottom, or left and right); "ellipsis" keeps the lines that fit whole and ends the
last one in an ellipsis where the text goes on. "overflow", the default, lets text run out."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from render_support import add_xml_shape, blank_slide, convert, new_deck, page_text, render_page, text_box

EMU_PT = 12700
BOX = (72, 72, 300, 62)  # x, y, w, h in points: room for two 24 pt lines (28.8 pt each)
WORDS = "alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima mike november oscar papa"


def _text_box(body_attrs: str, text: str = WORDS) -> str:
    x, y, w, h = (v * EMU_PT for v in BOX)
    return (
        '<p:sp <NS>><p:nvSpPr><p:cNvPr id="5" name="t"/><p:cNvSpPr txBox="1"/><p:nvPr/></p:nvSpPr>'
        f'<p:spPr><a:xfrm><a:off x="{x}" y="{y}"/><a:ext cx="{w}" cy="{h}"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/></p:spPr>'
        f'<p:txBody><a:bodyPr lIns="0" tIns="0" rIns="0" bIns="0" {body_attrs}><a:noAutofit/></a:bodyPr>'
        '<a:lstStyle/><a:p><a:r><a:rPr lang="en-US" sz="2400"><a:solidFill><a:srgbClr val="FF0000"/></a:solidFill>'
        f"</a:rPr><a:t>{text}</a:t></a:r></a:p></p:txBody></p:sp>"
    )


def _convert(tmp_path: Path, body_attrs: str, text: str = WORDS) -> Path:
    prs = new_deck()
    add_xml_shape(blank_slide(prs), _text_box(body_attrs, text))
    pdf, _ = convert(prs, tmp_path)
    return pdf


def _red_in(page: Any, left: float, top: float, right: float, bottom: float) -> int:
    """Reddish pixels (at 72 dpi) in the rectangle: text drawn there."""
    count = 0
    for x in range(int(left), int(right)):
        for y in range(int(top), int(bottom)):
            r, g, b = page.getpixel((x, y))[:3]
            if r > 180 and g < 150 and b < 150:
                count += 1
    return count


def test_text_overflows_by_default(tmp_path: Path) -> None:
    page = render_page(_convert(tmp_path, 'vertOverflow="overflow"'))
    x, y, w, h = BOX
    assert _red_in(page, x, y + h + 1, x + w, y + h + 80) > 50


def test_vert_clip_cuts_at_the_box_bottom(tmp_path: Path) -> None:
    page = render_page(_convert(tmp_path, 'vertOverflow="clip"'))
    x, y, w, h = BOX
    assert _red_in(page, x, y, x + w, y + h) > 200
    assert _red_in(page, x - 20, y + h + 1, x + w + 20, y + h + 120) == 0


def test_horz_clip_cuts_at_the_box_right(tmp_path: Path) -> None:
    page = render_page(_convert(tmp_path, 'wrap="none" horzOverflow="clip"'))
    x, y, w, h = BOX
    assert _red_in(page, x, y, x + w, y + h) > 200
    assert _red_in(page, x + w + 1, y - 10, 720, y + h + 10) == 0
    # Left aligned and unwrapped: without the clip the line runs far past the box.
    page = render_page(_convert(tmp_path, 'wrap="none"'))
    assert _red_in(page, x + w + 1, y - 10, 720, y + h + 10) > 50


def test_ellipsis_ends_the_last_whole_line(tmp_path: Path) -> None:
    pdf = _convert(tmp_path, 'vertOverflow="ellipsis"')
    page = render_page(pdf)
    x, y, w, h = BOX
    assert _red_in(page, x - 20, y + h + 1, x + w + 20, y + h + 120) == 0
    text = page_text(pdf)
    assert "\u2026" in text, text
    assert "alpha" in text and "papa" not in text, text
    # The ellipsis follows the second line's last word, inside the box.
    mark = text_box(pdf, "\u2026")
    assert mark is not None
    assert y + 28 < mark[1] < y + h and mark[2] <= x + w + 1, mark


def test_ellipsis_replaces_the_end_of_a_full_line(tmp_path: Path) -> None:
    """A last line filled to the edge loses characters to make room for the ellipsis."""
    long_word = "M" * 40  # broken mid-word: every line is full
    pdf = _convert(tmp_path, 'vertOverflow="ellipsis"', long_word)
    mark = text_box(pdf, "\u2026")
    x, y, w, h = BOX
    assert mark is not None
    assert mark[2] <= x + w + 1 and mark[3] <= y + h + 1, mark
    assert page_text(pdf).count("M") < 40
