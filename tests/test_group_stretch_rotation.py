"""Turned shapes in a group that stretches its child space unevenly: the box stretches, the shape
does not shear."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from render_support import add_xml_shape, blank_slide, close, convert, new_deck, pixel, render_page, sp_xml

EMU_PT = 12700
BLUE = (0, 0, 255)
WHITE = (255, 255, 255)


def _stretched_group(slide: Any, left_pt: int, rot_deg: int, sid: int) -> None:
    """Child space 100 x 100 pt drawn 200 x 100 pt at (left, 72): twice as wide. Its one child is a
    50 x 50 pt square at (25, 25), turned ``rot_deg``."""
    fill = '<a:solidFill><a:srgbClr val="0000FF"/></a:solidFill>'
    rot = f'rot="{rot_deg * 60000}"'
    child = sp_xml(25 * EMU_PT, 25 * EMU_PT, 50 * EMU_PT, 50 * EMU_PT, fill=fill, xfrm_attrs=rot, sid=sid + 1)
    group = (
        f'<p:grpSp <NS>><p:nvGrpSpPr><p:cNvPr id="{sid}" name="g{sid}"/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr>'
        f'<p:grpSpPr><a:xfrm><a:off x="{left_pt * EMU_PT}" y="{72 * EMU_PT}"/><a:ext cx="{200 * EMU_PT}" '
        f'cy="{100 * EMU_PT}"/><a:chOff x="0" y="0"/><a:chExt cx="{100 * EMU_PT}" cy="{100 * EMU_PT}"/>'
        "</a:xfrm></p:grpSpPr>" + child.replace("<p:sp <NS>>", "<p:sp>") + "</p:grpSp>"
    )
    add_xml_shape(slide, group)


def test_a_turned_child_is_not_sheared_by_an_unevenly_stretched_group(tmp_path: Path) -> None:
    prs = new_deck(width_in=10.0)
    slide = blank_slide(prs)
    _stretched_group(slide, 36, 30, 100)
    _stretched_group(slide, 300, 90, 110)
    pdf, _ = convert(prs, tmp_path)
    page = render_page(pdf, dpi=72)
    # 30 degrees: the box becomes 100 x 50 pt about (100, 50), then turns: a rectangle whose top
    # corner is at (69, 3). Turned first and stretched after, the top corner would be at (82, 16).
    assert close(pixel(page, 36 + 69, 72 + 8), BLUE, 40)
    assert close(pixel(page, 36 + 100, 72 + 50), BLUE)
    assert close(pixel(page, 36 + 100, 72 + 97), WHITE)
    # 90 degrees: upright rather than level, it takes the group's stretch along the page's x, as on
    # the page: 100 pt wide (x 50-150), 50 pt tall (y 25-75).
    assert close(pixel(page, 300 + 145, 72 + 50), BLUE)
    assert close(pixel(page, 300 + 100, 72 + 15), WHITE)
