"""A shape's glow follows what is drawn, as its shadow does: a see-through fill glows as strongly
as it is drawn, a picture with transparent pixels glows around its visible ones, an outline alone
glows around the line; opaque shapes keep the glow of their outline."""

from __future__ import annotations

import io
from pathlib import Path

from lxml import etree
from render_support import (
    NSDECL,
    add_xml_shape,
    blank_slide,
    close,
    convert,
    new_deck,
    pixel,
    png_bytes,
    render_page,
    sp_xml,
)

EMU_PT = 12700
WHITE = (255, 255, 255)
GLOW = '<a:effectLst><a:glow rad="76200"><a:srgbClr val="00B050"/></a:glow></a:effectLst>'  # 6 pt
NO_LINE = "<a:ln><a:noFill/></a:ln>"


def _fill(alpha: int | None = None) -> str:
    mod = f'<a:alpha val="{alpha}"/>' if alpha is not None else ""
    return f'<a:solidFill><a:srgbClr val="0000FF">{mod}</a:srgbClr></a:solidFill>'


def _strength(rgb: tuple[int, int, int]) -> float:
    """How much of the green glow (red 0) covers the white page at a pixel."""
    return (255 - rgb[0]) / 255.0


def _box(x: int, y: int, fill_and_line: str, sid: int) -> str:
    return sp_xml(x * EMU_PT, y * EMU_PT, 60 * EMU_PT, 60 * EMU_PT, fill=fill_and_line + GLOW, line="", sid=sid)


def test_a_see_through_fill_glows_as_strongly_as_it_is_drawn(tmp_path: Path) -> None:
    prs = new_deck()
    slide = blank_slide(prs)
    add_xml_shape(slide, _box(40, 40, _fill() + NO_LINE, 10))
    add_xml_shape(slide, _box(160, 40, _fill(40000) + NO_LINE, 11))
    add_xml_shape(slide, _box(280, 40, _fill(0) + NO_LINE, 12))
    line = f'<a:noFill/><a:ln w="{2 * EMU_PT}"><a:solidFill><a:srgbClr val="000000"/></a:solidFill></a:ln>'
    add_xml_shape(slide, _box(400, 40, line, 13))
    pdf, _ = convert(prs, tmp_path)
    page = render_page(pdf)
    # 2 pt right of each box's right edge.
    opaque = _strength(pixel(page, 40 + 62, 70))
    faint = _strength(pixel(page, 160 + 62, 70))
    # Four of the six rings reach 2 pt out: 1 - (1 - 1/6)^4 of the glow, and of 40% of it.
    assert abs(opaque - 0.52) < 0.08, opaque
    assert abs(faint - 0.24) < 0.06, faint
    # A fill drawn at nothing glows nothing.
    assert close(pixel(page, 280 + 62, 70), WHITE)
    # An outline alone glows on both sides of the line, not over the box's middle.
    assert _strength(pixel(page, 400 + 4, 70)) > 0.3
    assert close(pixel(page, 400 + 30, 70), WHITE)


def test_a_picture_glows_around_its_visible_pixels(tmp_path: Path) -> None:
    prs = new_deck()
    slide = blank_slide(prs)
    image = io.BytesIO(png_bytes(20, 20, [(0, 0, 255, 255), (0, 0, 0, 0)]))  # left half opaque, right clear
    pic = slide.shapes.add_picture(image, 40 * EMU_PT, 40 * EMU_PT, 60 * EMU_PT, 60 * EMU_PT)
    pic._element.spPr.append(etree.fromstring(GLOW.replace("<a:effectLst>", f"<a:effectLst {NSDECL}>")))
    pdf, _ = convert(prs, tmp_path)
    page = render_page(pdf)
    # The visible half ends at x + 30 (softly: the image is scaled up 3 times): the glow is beside
    # it, in the picture's clear half...
    assert _strength(pixel(page, 40 + 33, 70)) > 0.25
    # ...and round its left, but not round the clear half's frame.
    assert _strength(pixel(page, 40 - 2, 70)) > 0.4
    assert close(pixel(page, 40 + 62, 70), WHITE)
    assert close(pixel(page, 40 + 50, 40 - 2), WHITE)
