"""grpFill on a group inside a group: the inner group takes the outer group's fill and hands it on."""

from __future__ import annotations

from pathlib import Path

from render_support import add_xml_shape, blank_slide, close, convert, new_deck, pixel, render_page

EMU_PT = 12700
ORANGE = (255, 192, 0)
WHITE = (255, 255, 255)


def _group(x: int, fill: str, children: str, sid: int) -> str:
    return (
        f'<p:grpSp><p:nvGrpSpPr><p:cNvPr id="{sid}" name="g{sid}"/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr>'
        f'<p:grpSpPr><a:xfrm><a:off x="{x * EMU_PT}" y="{72 * EMU_PT}"/><a:ext cx="{100 * EMU_PT}" '
        f'cy="{100 * EMU_PT}"/><a:chOff x="{x * EMU_PT}" y="{72 * EMU_PT}"/><a:chExt cx="{100 * EMU_PT}" '
        f'cy="{100 * EMU_PT}"/></a:xfrm>{fill}</p:grpSpPr>{children}</p:grpSp>'
    )


def _square(x: int, sid: int) -> str:
    return (
        f'<p:sp><p:nvSpPr><p:cNvPr id="{sid}" name="s{sid}"/><p:cNvSpPr/><p:nvPr/></p:nvSpPr><p:spPr>'
        f'<a:xfrm><a:off x="{x * EMU_PT}" y="{72 * EMU_PT}"/><a:ext cx="{100 * EMU_PT}" cy="{100 * EMU_PT}"/>'
        '</a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:grpFill/></p:spPr></p:sp>'
    )


def test_an_inner_group_with_a_group_fill_passes_on_the_outer_groups_fill(tmp_path: Path) -> None:
    prs = new_deck()
    slide = blank_slide(prs)
    orange = '<a:solidFill><a:srgbClr val="FFC000"/></a:solidFill>'
    inner_inherits = _group(72, "<a:grpFill/>", _square(72, 12), 11)
    inner_without = _group(200, "", _square(200, 14), 13)
    outer = _group(72, orange, inner_inherits + inner_without, 10).replace("<p:grpSp>", "<p:grpSp <NS>>", 1)
    add_xml_shape(slide, outer)
    pdf, _ = convert(prs, tmp_path)
    page = render_page(pdf)
    # The inner group's own fill is its group's: its square is orange.
    assert close(pixel(page, 122, 122), ORANGE)
    # A group with no fill of its own has none to give: its square stays unfilled.
    assert close(pixel(page, 250, 122), WHITE)
