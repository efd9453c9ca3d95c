"""grpFill where no group fill exists paints nothing, so the shape casts no shadow from its area."""

from __future__ import annotations

from pathlib import Path

from render_support import add_xml_shape, blank_slide, close, convert, new_deck, pixel, render_page, sp_xml

EMU_PT = 12700
WHITE = (255, 255, 255)
# A hard black shadow 20 pt down and right of the shape.
SHADOW = (
    '<a:effectLst><a:outerShdw blurRad="0" dist="359210" dir="2700000" algn="tl" rotWithShape="0">'
    '<a:srgbClr val="000000"/></a:outerShdw></a:effectLst>'
)


def _group(x_pt: int, inner: str, group_fill: str) -> str:
    x = x_pt * EMU_PT
    y, w, h = 72 * EMU_PT, 150 * EMU_PT, 100 * EMU_PT
    return (
        '<p:grpSp <NS>><p:nvGrpSpPr><p:cNvPr id="50" name="g"/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr>'
        f'<p:grpSpPr><a:xfrm><a:off x="{x}" y="{y}"/><a:ext cx="{w}" cy="{h}"/>'
        f'<a:chOff x="{x}" y="{y}"/><a:chExt cx="{w}" cy="{h}"/></a:xfrm>{group_fill}</p:grpSpPr>'
        f"{inner.replace('<p:sp <NS>>', '<p:sp>')}</p:grpSp>"
    )


def test_group_fill_in_a_group_without_a_fill_casts_no_shadow(tmp_path: Path) -> None:
    prs = new_deck()
    slide = blank_slide(prs)
    fill = "<a:grpFill/>"
    line = f"<a:ln><a:noFill/></a:ln>{SHADOW}"
    for x_pt, group_fill, sid in ((72, "", 101), (300, '<a:solidFill><a:srgbClr val="00B050"/></a:solidFill>', 102)):
        shape = sp_xml(x_pt * EMU_PT, 72 * EMU_PT, 150 * EMU_PT, 100 * EMU_PT, fill=fill, line=line, sid=sid)
        add_xml_shape(slide, _group(x_pt, shape, group_fill))
    # A loose grpFill shape (no group at all) paints nothing either.
    add_xml_shape(slide, sp_xml(72 * EMU_PT, 300 * EMU_PT, 150 * EMU_PT, 100 * EMU_PT, fill=fill, line=line, sid=103))
    pdf, _ = convert(prs, tmp_path)
    page = render_page(pdf, dpi=72)
    # Inside the unfilled shapes, where their shadow would lie: the white page.
    assert close(pixel(page, 150, 140), WHITE, 8), pixel(page, 150, 140)
    assert close(pixel(page, 150, 368), WHITE, 8), pixel(page, 150, 368)
    # The group's own fill is painted and does cast its shadow beyond the shape.
    assert close(pixel(page, 375, 122), (0, 176, 80), 16), pixel(page, 375, 122)
    assert close(pixel(page, 460, 185), (0, 0, 0), 16), pixel(page, 460, 185)
