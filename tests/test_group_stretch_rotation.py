"""Turned shapes in a group that stretches its child space unevenly: the box stretches, the shape
does not shear."""

from __future__ import annotations

from pathlib import Path

from render_support import add_xml_shape, blank_slide, close, convert, new_deck, pixel, render_page, sp_xml

EMU_PT = 12700
BLUE = (0, 0, 255)
WHITE = (255, 255, 255)


def test_a_turned_child_keeps_right_angles_in_an_unevenly_stretched_group(tmp_path: Path) -> None:
    prs = new_deck()
    slide = blank_slide(prs)
    fill = '<a:solidFill><a:srgbClr val="0000FF"/></a:solidFill>'
    # Child space 100 x 100 pt drawn 200 x 100 pt at (72, 72): twice as wide. The 50 x 50 pt child
    # box at (25, 25) becomes 100 x 50 pt at (50, 25) in the group, then turns a quarter about its
    # centre (100, 50): 50 pt wide and 100 pt tall, x 75-125 and y 0-100.
    child = sp_xml(25 * EMU_PT, 25 * EMU_PT, 50 * EMU_PT, 50 * EMU_PT, fill=fill, xfrm_attrs='rot="5400000"', sid=101)
    group = (
        '<p:grpSp <NS>><p:nvGrpSpPr><p:cNvPr id="100" name="g"/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr>'
        f'<p:grpSpPr><a:xfrm><a:off x="{72 * EMU_PT}" y="{72 * EMU_PT}"/><a:ext cx="{200 * EMU_PT}" '
        f'cy="{100 * EMU_PT}"/><a:chOff x="0" y="0"/><a:chExt cx="{100 * EMU_PT}" cy="{100 * EMU_PT}"/>'
        "</a:xfrm></p:grpSpPr>" + child.replace("<p:sp <NS>>", "<p:sp>") + "</p:grpSp>"
    )
    add_xml_shape(slide, group)
    pdf, _ = convert(prs, tmp_path)
    page = render_page(pdf, dpi=72)
    assert close(pixel(page, 72 + 100, 72 + 5), BLUE)  # tall: reaches near the group's top
    assert close(pixel(page, 72 + 100, 72 + 95), BLUE)
    assert close(pixel(page, 72 + 78, 72 + 50), BLUE)
    assert close(pixel(page, 72 + 70, 72 + 50), WHITE)  # narrow: not 100 pt wide
    assert close(pixel(page, 72 + 130, 72 + 50), WHITE)
