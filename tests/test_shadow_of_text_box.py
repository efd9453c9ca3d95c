"""A shape without a fill hands its outer shadow to its text: PowerPoint applies a shape shadow of
an unfilled text box to the text; a filled shape keeps the shadow to itself."""

from __future__ import annotations

from pathlib import Path

from PIL import Image
from render_support import add_xml_shape, blank_slide, convert, new_deck, render_page, sp_xml

EMU_PT = 12700
OFFSET = 10  # points down and right
SHADOW = (
    f'<a:effectLst><a:outerShdw dist="{int(OFFSET * 2**0.5 * EMU_PT)}" dir="2700000" algn="tl" rotWithShape="0">'
    '<a:srgbClr val="FF0000"/></a:outerShdw></a:effectLst>'
)
NO_LINE = "<a:ln><a:noFill/></a:ln>"


def text_body(words: str, anchor: str = "t") -> str:
    """48 pt bold black text with no insets, not wrapped."""
    return (
        f'<p:txBody><a:bodyPr wrap="none" lIns="0" tIns="0" rIns="0" bIns="0" anchor="{anchor}"/><a:lstStyle/>'
        '<a:p><a:r><a:rPr lang="en-US" sz="4800" b="1"><a:solidFill><a:srgbClr val="000000"/></a:solidFill>'
        f"</a:rPr><a:t>{words}</a:t></a:r></a:p></p:txBody>"
    )


def with_text(sp: str, words: str, anchor: str = "t") -> str:
    """The shape XML ``sp`` holding ``text_body(words, anchor)``."""
    return sp.replace("</p:spPr>", "</p:spPr>" + text_body(words, anchor), 1)


def _red(rgb: tuple[int, int, int]) -> bool:
    return rgb[0] > 200 and rgb[1] < 80 and rgb[2] < 80


def _dark(rgb: tuple[int, int, int]) -> bool:
    return max(rgb) < 80


def _pixels(page: Image.Image, left: int, top: int, right: int, bottom: int) -> list[tuple[int, int]]:
    return [(x, y) for x in range(left, right) for y in range(top, bottom)]


def _rgb(page: Image.Image, x: int, y: int) -> tuple[int, int, int]:
    value = page.getpixel((x, y))
    assert isinstance(value, tuple)
    return value[0], value[1], value[2]


def test_an_unfilled_text_box_casts_its_shadow_from_its_text(tmp_path: Path) -> None:
    prs = new_deck()
    slide = blank_slide(prs)
    box = sp_xml(40 * EMU_PT, 40 * EMU_PT, 400 * EMU_PT, 80 * EMU_PT, fill="<a:noFill/>" + NO_LINE + SHADOW, line="")
    add_xml_shape(slide, with_text(box, "HIHIH"))
    pdf, _ = convert(prs, tmp_path)
    page = render_page(pdf)
    red = [(x, y) for x, y in _pixels(page, 30, 30, 460, 150) if _red(_rgb(page, x, y))]
    assert len(red) > 300, len(red)
    # Every shadow pixel is a glyph pixel moved down-right by the offset: the glyphs cast it (a
    # shadow pixel's source is a glyph, which is drawn over its own shadow where they overlap).
    cast = [(x, y) for x, y in red if _dark(_rgb(page, x - OFFSET, y - OFFSET))]
    assert len(cast) > 0.9 * len(red), (len(cast), len(red))
    # The box itself casts nothing: its far right and bottom edges are clear.
    assert not any(_red(_rgb(page, x, y)) for x, y in _pixels(page, 400, 40, 460, 130))


def test_a_filled_shape_keeps_the_shadow_and_its_text_casts_none(tmp_path: Path) -> None:
    prs = new_deck()
    slide = blank_slide(prs)
    fill = '<a:solidFill><a:srgbClr val="FFFF00"/></a:solidFill>'
    box = sp_xml(40 * EMU_PT, 40 * EMU_PT, 400 * EMU_PT, 80 * EMU_PT, fill=fill + NO_LINE + SHADOW, line="")
    add_xml_shape(slide, with_text(box, "HIHIH"))
    pdf, _ = convert(prs, tmp_path)
    page = render_page(pdf)
    # The box's own shadow shows below and right of it...
    assert _red(_rgb(page, 40 + 200, 40 + 80 + 5))
    assert _red(_rgb(page, 40 + 400 + 5, 40 + 40))
    # ...and none falls on the fill: the text casts no second shadow.
    assert not any(_red(_rgb(page, x, y)) for x, y in _pixels(page, 42, 42, 438, 118))


def test_effect_lengths_beyond_the_schema_read_as_zero_and_the_text_still_draws(tmp_path: Path) -> None:
    """blurRad, dist and a glow's rad are ST_PositiveCoordinate (0 to 27273042316900 EMU): a value
    outside (1e308) is invalid and reads as the default 0, and the text box is drawn with its text.
    An unfilled text box's blur of 1e308 once made its shadow raster's area infinite (a division by
    zero) and the whole box was lost."""
    prs = new_deck()
    slide = blank_slide(prs)
    shadow = (
        '<a:effectLst><a:outerShdw blurRad="1e308" dist="127000" dir="2700000" algn="tl" rotWithShape="1">'
        '<a:srgbClr val="FF0000"/></a:outerShdw></a:effectLst>'
    )
    box = sp_xml(40 * EMU_PT, 40 * EMU_PT, 400 * EMU_PT, 80 * EMU_PT, fill="<a:noFill/>" + NO_LINE + shadow, line="")
    add_xml_shape(slide, with_text(box, "Shadow Sage"))
    glow = '<a:effectLst><a:glow rad="1e308"><a:srgbClr val="00FF00"/></a:glow></a:effectLst>'
    blue = '<a:solidFill><a:srgbClr val="0000FF"/></a:solidFill>'
    add_xml_shape(slide, sp_xml(40 * EMU_PT, 300 * EMU_PT, 200 * EMU_PT, 100 * EMU_PT, fill=blue + glow, sid=101))
    pdf, result = convert(prs, tmp_path)
    assert result.warnings == [], result.warnings
    page = render_page(pdf)
    glyphs = [(x, y) for x, y in _pixels(page, 30, 30, 460, 150) if _dark(_rgb(page, x, y))]
    assert len(glyphs) > 300, len(glyphs)
    # The shadow, unblurred, is the glyphs moved by the offset (curved glyphs: the raster blur's path).
    red = [(x, y) for x, y in _pixels(page, 30, 30, 470, 160) if _red(_rgb(page, x, y))]
    assert len(red) > 300, len(red)
    assert _rgb(page, 140, 350) == (0, 0, 255)  # the filled box is drawn, without a glow
    greenish = [
        (x, y) for x, y in _pixels(page, 0, 280, 300, 420) if _rgb(page, x, y)[1] > 2 * max(_rgb(page, x, y)[::2])
    ]
    assert greenish == []
