"""Shapes that paint nothing of themselves: no fill, or a fill that is fully transparent.
Such a shape draws its text alone, and its text takes on the shape's shadow, glow and reflection,
as PowerPoint applies a shape effect of an unfilled text box to the text."""

from __future__ import annotations

from pathlib import Path

from PIL import Image
from render_support import add_xml_shape, blank_slide, convert, new_deck, render_page, sp_xml
from test_shadow_of_text_box import EMU_PT, NO_LINE, OFFSET, SHADOW, with_text

RED_LINE = '<a:ln w="76200"><a:solidFill><a:srgbClr val="FF0000"/></a:solidFill></a:ln>'
BLUE = '<a:solidFill><a:srgbClr val="0000FF"/></a:solidFill>'


def _rgb(page: Image.Image, x: int, y: int) -> tuple[int, int, int]:
    value = page.getpixel((x, y))
    assert isinstance(value, tuple)
    return value[0], value[1], value[2]


def _pixels(page: Image.Image, left: int, top: int, right: int, bottom: int) -> list[tuple[int, int, int]]:
    return [_rgb(page, x, y) for x in range(left, right) for y in range(top, bottom)]


def _red(rgb: tuple[int, int, int]) -> bool:
    return rgb[0] > 200 and rgb[1] < 80 and rgb[2] < 80


def _blue(rgb: tuple[int, int, int]) -> bool:
    return rgb[2] > 200 and rgb[0] < 80 and rgb[1] < 80


def _dark(rgb: tuple[int, int, int]) -> bool:
    return max(rgb) < 80


def _green(rgb: tuple[int, int, int]) -> bool:
    return rgb[1] > 1.3 * max(rgb[0], rgb[2]) and rgb[1] - max(rgb[0], rgb[2]) > 30


def _grey(rgb: tuple[int, int, int]) -> bool:
    """Ink of the faded mirrored black text: neutral, clearly darker than the page."""
    return max(rgb) < 235 and max(rgb) - min(rgb) < 20


def test_a_fully_transparent_fill_hands_the_shadow_to_the_text_as_no_fill_does(tmp_path: Path) -> None:
    prs = new_deck()
    slide = blank_slide(prs)
    clear = '<a:solidFill><a:srgbClr val="FFFF00"><a:alpha val="0"/></a:srgbClr></a:solidFill>'
    box = sp_xml(40 * EMU_PT, 40 * EMU_PT, 400 * EMU_PT, 80 * EMU_PT, fill=clear + NO_LINE + SHADOW, line="")
    add_xml_shape(slide, with_text(box, "HIHIH"))
    pdf, _ = convert(prs, tmp_path)
    page = render_page(pdf)
    red = [(x, y) for x in range(30, 460) for y in range(30, 150) if _red(_rgb(page, x, y))]
    assert len(red) > 300, len(red)
    # The glyphs cast it: every shadow pixel is a glyph pixel moved by the offset...
    cast = [(x, y) for x, y in red if _dark(_rgb(page, x - OFFSET, y - OFFSET))]
    assert len(cast) > 0.9 * len(red), (len(cast), len(red))
    # ...and the box casts none: its far right is clear.
    assert not any(_red(p) for p in _pixels(page, 400, 40, 460, 130))


def test_an_unfilled_text_box_glows_around_its_text(tmp_path: Path) -> None:
    prs = new_deck()
    slide = blank_slide(prs)
    glow = '<a:effectLst><a:glow rad="101600"><a:srgbClr val="00C000"/></a:glow></a:effectLst>'
    box = sp_xml(40 * EMU_PT, 40 * EMU_PT, 400 * EMU_PT, 100 * EMU_PT, fill="<a:noFill/>" + NO_LINE + glow, line="")
    add_xml_shape(slide, with_text(box, "HIHIH"))
    filled = sp_xml(40 * EMU_PT, 300 * EMU_PT, 200 * EMU_PT, 80 * EMU_PT, fill=BLUE + NO_LINE + glow, line="", sid=101)
    add_xml_shape(slide, with_text(filled, "HI"))
    pdf, _ = convert(prs, tmp_path)
    page = render_page(pdf)
    # Green right around the glyphs (the text is about 60 points tall from the box's top)...
    assert sum(_green(p) for p in _pixels(page, 30, 30, 300, 110)) > 200
    # ...none along the box's far edges, which the text does not reach.
    assert not any(_green(p) for p in _pixels(page, 420, 40, 450, 150))
    assert not any(_green(p) for p in _pixels(page, 300, 125, 450, 150))
    # A filled box glows around its outline, its text does not glow on the fill.
    assert _green(_rgb(page, 140, 300 - 3))
    assert not any(_green(p) for p in _pixels(page, 45, 305, 235, 375))


def test_an_unfilled_text_box_reflects_its_text_below_the_lines(tmp_path: Path) -> None:
    prs = new_deck()
    slide = blank_slide(prs)
    reflection = (
        '<a:effectLst><a:reflection stA="80000" endA="0" endPos="90000" dist="0" dir="5400000" sy="-100000"'
        ' algn="bl" rotWithShape="0"/></a:effectLst>'
    )
    # A tall box with its text at the top: the reflection hangs below the text, not the box.
    unfilled = "<a:noFill/>" + NO_LINE + reflection
    box = sp_xml(40 * EMU_PT, 40 * EMU_PT, 400 * EMU_PT, 300 * EMU_PT, fill=unfilled, line="")
    add_xml_shape(slide, with_text(box, "HIHIH"))
    pdf, _ = convert(prs, tmp_path)
    page = render_page(pdf)
    text = [y for x in range(40, 440) for y in range(40, 140) if _dark(_rgb(page, x, y))]
    assert text
    bottom = max(text)
    # Faded, mirrored glyphs just below the text...
    mirrored = [y for x in range(40, 440) for y in range(bottom + 2, bottom + 40) if _grey(_rgb(page, x, y))]
    assert len(mirrored) > 200, len(mirrored)
    # ...and nothing below the box's bottom edge or far down it.
    assert not any(_grey(p) for p in _pixels(page, 40, 250, 440, 420))
