"""Text in flipped shapes and groups: its box flips with the geometry, its glyphs never mirror."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
from render_support import add_xml_shape, blank_slide, convert, new_deck, sp_xml, text_box

EMU_PT = 12700
# rightArrowCallout: its text box is the body, the left 64.977 % of the shape.
CALLOUT = '<a:prstGeom prst="rightArrowCallout"><a:avLst/></a:prstGeom>'


def _text(word: str) -> str:
    return (
        '<p:txBody><a:bodyPr anchor="ctr" lIns="0" rIns="0"/><a:lstStyle/><a:p><a:pPr algn="ctr"/>'
        f'<a:r><a:rPr lang="en-US" sz="1400"><a:latin typeface="Arial"/></a:rPr><a:t>{word}</a:t></a:r></a:p>'
        "</p:txBody>"
    )


def _centre_x(pdf: Path, word: str) -> float:
    found = text_box(pdf, word)
    assert found is not None
    return (found[0] + found[2]) / 2.0


def test_text_box_of_a_vertically_flipped_shape_stays_on_its_side(tmp_path: Path) -> None:
    prs = new_deck()
    slide = blank_slide(prs)
    # 288 pt wide: the body (text box) spans x 72..259 pt whatever the vertical flip.
    for sid, (y, attrs, word) in enumerate(
        [(72, "", "Plain"), (180, 'flipV="1"', "Vflip"), (288, 'flipH="1" flipV="1"', "Both")]
    ):
        add_xml_shape(
            slide,
            sp_xml(72 * EMU_PT, y * EMU_PT, 288 * EMU_PT, 72 * EMU_PT, geometry=CALLOUT, xfrm_attrs=attrs,
                   text=_text(word), sid=100 + sid),
        )  # fmt: skip
    pdf, _ = convert(prs, tmp_path)
    body_centre = 72 + 288 * 0.64977 / 2
    assert abs(_centre_x(pdf, "Plain") - body_centre) < 4
    # flipV mirrors the geometry top to bottom only: the body, and its text, stay on the left.
    assert abs(_centre_x(pdf, "Vflip") - body_centre) < 4
    # Both flips are a half turn: the body is on the right.
    assert abs(_centre_x(pdf, "Both") - (72 + 288 - 288 * 0.64977 / 2)) < 4


def _char_lefts(pdf: Path, word: str) -> list[float]:
    doc = pdfium.PdfDocument(str(pdf))
    try:
        textpage = doc[0].get_textpage()
        searcher = textpage.search(word)
        found = searcher.get_next()
        assert found is not None
        start, count = found
        return [textpage.get_charbox(i)[0] for i in range(start, start + count)]
    finally:
        doc.close()


def test_text_in_a_horizontally_flipped_group_reads_forwards(tmp_path: Path) -> None:
    prs = new_deck()
    slide = blank_slide(prs)
    child = sp_xml(0, 0, 288 * EMU_PT, 72 * EMU_PT, geometry=CALLOUT, text=_text("Forwards"), sid=101)
    group = (
        '<p:grpSp <NS>><p:nvGrpSpPr><p:cNvPr id="100" name="g"/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr>'
        f'<p:grpSpPr><a:xfrm flipH="1"><a:off x="{72 * EMU_PT}" y="{72 * EMU_PT}"/>'
        f'<a:ext cx="{288 * EMU_PT}" cy="{72 * EMU_PT}"/><a:chOff x="0" y="0"/>'
        f'<a:chExt cx="{288 * EMU_PT}" cy="{72 * EMU_PT}"/></a:xfrm></p:grpSpPr>'
        + child.replace("<p:sp <NS>>", "<p:sp>")
        + "</p:grpSp>"
    )
    add_xml_shape(slide, group)
    pdf, _ = convert(prs, tmp_path)
    lefts = _char_lefts(pdf, "Forwards")
    assert lefts == sorted(lefts)  # each letter right of the one before: not mirrored
    # The group's flip still carries the body, and the text, to the right.
    assert abs(_centre_x(pdf, "Forwards") - (72 + 288 - 288 * 0.64977 / 2)) < 4
