"""a:buChar char="" is a bullet that shows nothing: the paragraph keeps its hanging indent (text
at marL, as after any bullet) and no glyph is drawn. LibreOffice writes it for bullets it shows as
nothing (a Keynote deck it saved as .pptx: 'First bullet' and its lines after a:br); before, an
empty char was replaced by a '•' the file never named."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from render_support import add_xml_shape, blank_slide, convert, new_deck, render_page, sp_xml, text_box

EMU_PT = 12700
LEFT = 72.0  # the box's left edge, points; marL 36 pt, indent -36 pt


def _deck(tmp_path: Path, char: str) -> Path:
    body = (
        '<p:txBody><a:bodyPr wrap="none" lIns="0" tIns="0" rIns="0" bIns="0" anchor="t"/><a:lstStyle/>'
        f'<a:p><a:pPr marL="457200" indent="-457200"><a:buFont typeface=""/><a:buChar char="{char}"/></a:pPr>'
        '<a:r><a:rPr lang="en-US" sz="2400"><a:solidFill><a:srgbClr val="000000"/></a:solidFill></a:rPr>'
        "<a:t>Hello</a:t></a:r></a:p></p:txBody>"
    )
    prs = new_deck()
    box = sp_xml(int(LEFT * EMU_PT), 72 * EMU_PT, 300 * EMU_PT, 60 * EMU_PT, text=body)
    add_xml_shape(blank_slide(prs), box)
    folder = tmp_path / (char or "empty")
    folder.mkdir()
    pdf, result = convert(prs, folder)
    assert result.warnings == [], result.warnings
    return pdf


def _ink_before_text(pdf: Path, text_left: float) -> int:
    """Dark pixels (at 144 dpi) between the box's left edge and the text, on the text's line."""
    img = np.asarray(render_page(pdf, 0, 144.0).convert("L")).astype(int)
    top, bottom = 72 * 2, (72 + 40) * 2
    return int((img[top:bottom, int(LEFT * 2) - 2 : int((text_left - 2) * 2)] < 128).sum())


def test_an_empty_bullet_char_draws_nothing_and_keeps_the_text_at_marl(tmp_path: Path) -> None:
    shown, empty = _deck(tmp_path, "\u2022"), _deck(tmp_path, "")
    shown_box, empty_box = text_box(shown, "Hello"), text_box(empty, "Hello")
    assert shown_box is not None and empty_box is not None
    assert abs(shown_box[0] - (LEFT + 36.0)) < 2.5, shown_box  # H's side bearing
    assert abs(empty_box[0] - shown_box[0]) < 0.5, (empty_box, shown_box)  # still hangs at marL
    assert _ink_before_text(shown, shown_box[0]) > 20  # the named bullet is drawn
    assert _ink_before_text(empty, empty_box[0]) == 0  # before: a '•' stood there
