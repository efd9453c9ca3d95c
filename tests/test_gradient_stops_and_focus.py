"""Gradient details PowerPoint honours: stops sharing a position are a hard edge, and a path
gradient's fillToRect insets that are left out are 0 (the focus a corner, not the centre)."""

from __future__ import annotations

from pathlib import Path

from render_support import add_xml_shape, blank_slide, close, convert, new_deck, pixel, render_page, sp_xml

EMU_PT = 12700
RED = (255, 0, 0)
BLUE = (0, 0, 255)


def _stops(*stops: tuple[int, str]) -> str:
    return "".join(f'<a:gs pos="{pos}"><a:srgbClr val="{rgb}"/></a:gs>' for pos, rgb in stops)


def _gradient_shape(slide: object, x_pt: int, y_pt: int, gs: str, shade: str, sid: int) -> None:
    fill = f'<a:gradFill rotWithShape="1"><a:gsLst>{gs}</a:gsLst>{shade}</a:gradFill>'
    add_xml_shape(slide, sp_xml(x_pt * EMU_PT, y_pt * EMU_PT, 200 * EMU_PT, 100 * EMU_PT, fill=fill, sid=sid))


def test_stops_at_one_position_change_colour_at_once(tmp_path: Path) -> None:
    prs = new_deck()
    slide = blank_slide(prs)
    halves = _stops((0, "FF0000"), (50000, "FF0000"), (50000, "0000FF"), (100000, "0000FF"))
    _gradient_shape(slide, 72, 72, halves, '<a:lin ang="0" scaled="0"/>', 101)
    # Three bands top to bottom: red, white, blue.
    bands = _stops(
        (0, "FF0000"), (33000, "FF0000"), (33000, "FFFFFF"), (66000, "FFFFFF"), (66000, "0000FF"), (100000, "0000FF")
    )
    _gradient_shape(slide, 72, 252, bands, '<a:lin ang="5400000" scaled="0"/>', 102)
    pdf, _ = convert(prs, tmp_path)
    page = render_page(pdf, dpi=72)
    # Left half (x 72-172) all red up to the middle, right half all blue: no blend between.
    for x in (76, 120, 168):
        assert close(pixel(page, x, 122), RED, 16), (x, pixel(page, x, 122))
    for x in (176, 220, 268):
        assert close(pixel(page, x, 122), BLUE, 16), (x, pixel(page, x, 122))
    # Top to bottom (y 252-352): red to a third, white to two thirds, then blue.
    assert close(pixel(page, 172, 280), RED, 16)
    assert close(pixel(page, 172, 287), (255, 255, 255), 16)
    assert close(pixel(page, 172, 316), (255, 255, 255), 16)
    assert close(pixel(page, 172, 321), BLUE, 16)


def test_missing_fill_to_rect_insets_are_zero(tmp_path: Path) -> None:
    prs = new_deck()
    slide = blank_slide(prs)
    red_to_blue = _stops((0, "FF0000"), (100000, "0000FF"))
    # r and b only: the focus is the top-left corner (l and t default to 0).
    corner = '<a:path path="circle"><a:fillToRect {}/></a:path>'
    _gradient_shape(slide, 72, 72, red_to_blue, corner.format('r="100000" b="100000"'), 101)
    # l and t only: the bottom-right corner.
    _gradient_shape(slide, 72, 252, red_to_blue, corner.format('l="100000" t="100000"'), 102)
    pdf, _ = convert(prs, tmp_path)
    page = render_page(pdf, dpi=72)
    assert close(pixel(page, 73, 73), RED, 24), pixel(page, 73, 73)
    assert close(pixel(page, 271, 171), BLUE, 24), pixel(page, 271, 171)
    assert close(pixel(page, 271, 351), RED, 24), pixel(page, 271, 351)
    assert close(pixel(page, 73, 253), BLUE, 24), pixel(page, 73, 253)
