"""Rectangular path gradients (a:path path="rect"): rectangle contours from the fillToRect out."""

from __future__ import annotations

from pathlib import Path

from render_support import add_xml_shape, blank_slide, close, convert, new_deck, pixel, render_page, sp_xml

EMU_PT = 12700
WHITE = (255, 255, 255)
RED = (192, 0, 0)
HALF = (224, 128, 128)  # halfway from white to red


def _rect_gradient(slide: object, y_pt: int, focus: str, sid: int) -> None:
    fill = (
        '<a:gradFill rotWithShape="1"><a:gsLst><a:gs pos="0"><a:srgbClr val="FFFFFF"/></a:gs>'
        '<a:gs pos="100000"><a:srgbClr val="C00000"/></a:gs></a:gsLst>'
        f'<a:path path="rect"><a:fillToRect {focus}/></a:path><a:tileRect/></a:gradFill>'
    )
    add_xml_shape(slide, sp_xml(72 * EMU_PT, y_pt * EMU_PT, 200 * EMU_PT, 100 * EMU_PT, fill=fill, sid=sid))


def test_rect_path_contours_are_rectangles(tmp_path: Path) -> None:
    prs = new_deck()
    slide = blank_slide(prs)
    _rect_gradient(slide, 72, 'l="50000" t="50000" r="50000" b="50000"', 101)
    _rect_gradient(slide, 252, 'l="0" t="0" r="100000" b="100000"', 102)
    pdf, _ = convert(prs, tmp_path)
    page = render_page(pdf, dpi=72)
    # Centre focus in a 200 x 100 pt box (x 72-272, y 72-172): white at the centre, red at the edges.
    assert close(pixel(page, 172, 122), WHITE, 16)
    assert close(pixel(page, 74, 122), RED, 24) and close(pixel(page, 172, 74), RED, 24)
    # Halfway out on the contour rectangle (100 x 50 pt): the same colour at its side, top and corner.
    for x, y in [(122, 122), (172, 97), (123, 98), (221, 147)]:
        assert close(pixel(page, x, y), HALF, 20), (x, y, pixel(page, x, y))
    # Top-left focus: contours are L-shaped, so a point's colour is its larger share across or down.
    assert close(pixel(page, 73, 253), WHITE, 20)
    assert close(pixel(page, 172, 262), HALF, 20)  # halfway across, a tenth down
    assert close(pixel(page, 80, 302), HALF, 20)  # halfway down, near the left side
