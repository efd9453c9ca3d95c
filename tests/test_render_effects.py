"""Soft edges, picture brightness/contrast and text effects, rendered and sampled."""

from __future__ import annotations

import io
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from lxml import etree
from PIL import Image
from pptx.util import Inches
from pypdf import PdfReader
from render_support import (
    A_NS,
    add_xml_shape,
    blank_slide,
    close,
    convert,
    new_deck,
    page_text,
    pixel,
    png_bytes,
    render_page,
    sp_xml,
    text_box,
)

RED = '<a:solidFill><a:srgbClr val="C00000"/></a:solidFill>'
SOFT_20PT = '<a:effectLst><a:softEdge rad="254000"/></a:effectLst>'  # 20 pt


def _alpha_over_white(color: tuple[int, int, int], full: tuple[int, int, int]) -> float:
    """How much of ``full`` is laid over white at a sampled pixel (0: white, 1: the full colour)."""
    channel = min(range(3), key=lambda c: full[c])  # the channel that differs most from white
    return (255 - color[channel]) / (255 - full[channel])


def _image_xobjects(pdf: Path) -> list[Any]:
    resources: Any = PdfReader(str(pdf)).pages[0]["/Resources"]
    if "/XObject" not in resources:
        return []
    objects = [x.get_object() for x in resources["/XObject"].values()]
    return [x for x in objects if x["/Subtype"] == "/Image"]


def test_soft_edged_rectangle_fades_to_its_outline(tmp_path: Path) -> None:
    prs = new_deck()
    slide = blank_slide(prs)
    # 72..288 pt wide, 72..216 pt high, a 3 pt blue outline that the soft edge must fade away too.
    line = '<a:ln w="38100"><a:solidFill><a:srgbClr val="0000FF"/></a:solidFill></a:ln>'
    add_xml_shape(slide, sp_xml(914400, 914400, 2743200, 1828800, fill=RED, line=line + SOFT_20PT))
    add_xml_shape(slide, sp_xml(914400, 3657600, 2743200, 1828800, fill=RED, sid=101))  # no effect
    pdf, _ = convert(prs, tmp_path)
    page = render_page(pdf, dpi=144)
    full = (192, 0, 0)
    assert close(pixel(page, 180, 144, 144), full, 4)  # centre
    assert close(pixel(page, 72 + 21, 144, 144), full, 8)  # beyond the 20 pt band: fully coloured
    assert close(pixel(page, 68, 144, 144), (255, 255, 255), 2)  # outside
    # Inwards from the left edge the colour builds up steadily: faint, half, nearly full.
    depths = [1, 5, 10, 15, 19]
    levels = [_alpha_over_white(pixel(page, 72 + d, 144, 144), full) for d in depths]
    assert levels[0] < 0.1, levels
    assert 0.35 < levels[2] < 0.65, levels
    assert levels[4] > 0.9, levels
    assert all(a < b for a, b in pairwise(levels)), levels
    # The same along the top edge, and a corner fades more than either edge beside it.
    assert 0.35 < _alpha_over_white(pixel(page, 180, 72 + 10, 144), full) < 0.65
    corner = _alpha_over_white(pixel(page, 72 + 10, 72 + 10, 144), full)
    assert corner < 0.9 * _alpha_over_white(pixel(page, 180, 72 + 10, 144), full)
    # No trace of the blue outline's outer half; the ordinary shape keeps its hard edge.
    assert close(pixel(page, 71, 144, 144), (255, 255, 255), 2)
    assert close(pixel(page, 73, 360, 144), full, 4)
    # Only the soft-edged shape is a picture (with an alpha mask), and a small one.
    images = _image_xobjects(pdf)
    assert len(images) == 1 and "/SMask" in images[0]
    assert pdf.stat().st_size < 40_000


def test_soft_edge_on_a_rotated_gradient_ellipse(tmp_path: Path) -> None:
    prs = new_deck()
    slide = blank_slide(prs)
    gradient = (
        '<a:gradFill><a:gsLst><a:gs pos="0"><a:srgbClr val="00B050"/></a:gs>'
        '<a:gs pos="100000"><a:srgbClr val="002060"/></a:gs></a:gsLst><a:lin ang="0"/></a:gradFill>'
    )
    ellipse = '<a:prstGeom prst="ellipse"><a:avLst/></a:prstGeom>'
    # 216 x 144 pt centred on (324, 324), turned 90 degrees: 144 wide, 216 high on the page.
    add_xml_shape(
        slide,
        sp_xml(2743200, 3200400, 2743200, 1828800, ellipse, gradient, SOFT_20PT, xfrm_attrs='rot="5400000"'),
    )
    pdf, _ = convert(prs, tmp_path)
    page = render_page(pdf, dpi=144)
    centre = pixel(page, 324, 324, 144)
    assert centre[2] > 60 and centre[0] < 20  # between green and navy, fully opaque
    assert close(pixel(page, 324, 216 - 2, 144), (255, 255, 255), 2)  # beyond the turned ellipse's top
    near_top = pixel(page, 324, 216 + 4, 144)  # 4 pt inside its outline: mostly faded
    assert near_top[0] > 150 and near_top[1] > 150, near_top
    assert close(pixel(page, 252 - 2, 324, 144), (255, 255, 255), 2)  # beyond its left side


def _stripes_png() -> bytes:
    """Four vertical stripes of grey: 0, 64, 192, 255."""
    image = Image.new("RGB", (400, 100))
    for i, level in enumerate((0, 64, 192, 255)):
        image.paste((level, level, level), (i * 100, 0, (i + 1) * 100, 100))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def _stripe_levels(page: Image.Image, top_in: float) -> list[int]:
    """The grey of each stripe of a 4 x 1 inch stripes picture at (1 in, ``top_in``)."""
    return [pixel(page, 72 + 36 + 72 * i, top_in * 72 + 36)[0] for i in range(4)]


def test_picture_brightness_and_contrast(tmp_path: Path) -> None:
    prs = new_deck()
    slide = blank_slide(prs)
    png = tmp_path / "stripes.png"
    png.write_bytes(_stripes_png())
    variants = ["", 'bright="50000"', 'bright="-50000"', 'contrast="50000"', 'contrast="-50000"']
    variants.append('bright="70000" contrast="-70000"')  # PowerPoint's "Washout"
    for i, lum in enumerate(variants):
        pic = slide.shapes.add_picture(str(png), Inches(1), Inches(0.1 + i * 1.2), Inches(4), Inches(1))
        if lum:
            pic._element.blipFill.blip.append(etree.fromstring(f'<a:lum xmlns:a="{A_NS}" {lum}/>'))
    pdf, _ = convert(prs, tmp_path)
    page = render_page(pdf)
    plain, brighter, darker, more, less, washout = (_stripe_levels(page, 0.1 + i * 1.2) for i in range(6))

    def near(levels: list[int], expected: list[int]) -> bool:
        return all(abs(a - b) <= 3 for a, b in zip(levels, expected, strict=True))

    assert near(plain, [0, 64, 192, 255]), plain
    assert near(brighter, [128, 192, 255, 255]), brighter  # half the range added, clipped
    assert near(darker, [0, 0, 64, 128]), darker  # half the range taken away
    assert near(more, [0, 1, 255, 255]), more  # twice as far from mid-grey, clipped
    assert near(less, [64, 96, 160, 191]), less  # half as far from mid-grey
    assert near(washout, [205, 224, 255, 255]), washout  # pale, and white paper stays white


# Office's a:lum transfer as Word 16's PDF export draws it (same DrawingML blip effect), sampled
# on a grey ramp: github.com/eigenpal/docx-editor/pull/833 (drawing-lum-filter.test.ts).
_RAMP = (0, 68, 119, 136, 187, 255)


@pytest.mark.parametrize(
    ("lum", "expected"),
    [
        ('bright="70001" contrast="-70000"', (205, 226, 241, 246, 255, 255)),  # Washout
        ('bright="40000"', (102, 170, 221, 238, 255, 255)),
        ('bright="-40000"', (0, 0, 17, 34, 85, 153)),
        ('bright="20000" contrast="-50000"', (102, 136, 161, 170, 195, 229)),
        ('bright="-20000" contrast="50000"', (0, 0, 34, 68, 170, 255)),
    ],
)
def test_picture_brightness_and_contrast_follow_offices_transfer(
    tmp_path: Path, lum: str, expected: tuple[int, ...]
) -> None:
    image = Image.new("RGB", (600, 100))
    for i, level in enumerate(_RAMP):
        image.paste((level, level, level), (i * 100, 0, (i + 1) * 100, 100))
    png = tmp_path / "ramp.png"
    image.save(png)
    prs = new_deck()
    pic = blank_slide(prs).shapes.add_picture(str(png), Inches(1), Inches(1), Inches(6), Inches(1))
    pic._element.blipFill.blip.append(etree.fromstring(f'<a:lum xmlns:a="{A_NS}" {lum}/>'))
    pdf, _ = convert(prs, tmp_path)
    page = render_page(pdf)
    levels = [pixel(page, 72 + 36 + 72 * i, 108)[0] for i in range(len(_RAMP))]
    assert all(abs(a - b) <= 2 for a, b in zip(levels, expected, strict=True)), levels


def test_office_2010_corrections_are_already_in_the_picture(tmp_path: Path) -> None:
    """a14:imgProps holds the original picture and the corrections that made the embedded one."""
    prs = new_deck()
    slide = blank_slide(prs)
    png = tmp_path / "stripes.png"
    png.write_bytes(_stripes_png())
    pic = slide.shapes.add_picture(str(png), Inches(1), Inches(1), Inches(4), Inches(1))
    a14 = "http://schemas.microsoft.com/office/drawing/2010/main"
    pic._element.blipFill.blip.append(
        etree.fromstring(
            f'<a:extLst xmlns:a="{A_NS}"><a:ext uri="{{BEBA8EAE-BF5A-486C-A8C5-ECC9F3942E4B}}">'
            f'<a14:imgProps xmlns:a14="{a14}"><a14:imgLayer><a14:imgEffect>'
            '<a14:brightnessContrast bright="40000" contrast="-20000"/></a14:imgEffect><a14:imgEffect>'
            '<a14:saturation sat="0"/></a14:imgEffect></a14:imgLayer></a14:imgProps></a:ext></a:extLst>'
        )
    )
    pdf, _ = convert(prs, tmp_path)
    levels = _stripe_levels(render_page(pdf), 1.0)
    assert all(abs(a - b) <= 3 for a, b in zip(levels, [0, 64, 192, 255], strict=True)), levels


def test_soft_edged_picture_with_brightness(tmp_path: Path) -> None:
    prs = new_deck()
    slide = blank_slide(prs)
    png = tmp_path / "stripes.png"
    png.write_bytes(_stripes_png())
    pic = slide.shapes.add_picture(str(png), Inches(1), Inches(1), Inches(4), Inches(1))
    pic._element.blipFill.blip.append(etree.fromstring(f'<a:lum xmlns:a="{A_NS}" bright="50000"/>'))
    pic._element.spPr.append(etree.fromstring(f'<a:effectLst xmlns:a="{A_NS}"><a:softEdge rad="63500"/></a:effectLst>'))
    pdf, _ = convert(prs, tmp_path)
    page = render_page(pdf, dpi=144)
    assert abs(pixel(page, 72 + 36, 108, 144)[0] - 128) <= 6  # the black stripe's middle, brightened
    # 1 pt inside the picture's left edge (5 pt soft edge): almost white already.
    assert pixel(page, 73, 108, 144)[0] > 225
    images = _image_xobjects(pdf)
    assert len(images) == 1 and "/SMask" in images[0]


def _text_shape(effects: str, text: str = "I") -> str:
    body = (
        '<p:txBody><a:bodyPr wrap="none" lIns="0" tIns="0" rIns="0" bIns="0"/><a:lstStyle/><a:p><a:r>'
        f'<a:rPr lang="en-US" sz="7200" b="1"><a:solidFill><a:srgbClr val="000000"/></a:solidFill>{effects}'
        f"</a:rPr><a:t>{text}</a:t></a:r></a:p></p:txBody>"
    )
    return sp_xml(914400, 914400, 3657600, 1371600, text=body)


def test_text_run_shadow_and_glow(tmp_path: Path) -> None:
    prs = new_deck()
    shadow = (
        '<a:effectLst><a:outerShdw dist="254000" dir="0" algn="l">'
        '<a:srgbClr val="FF0000"/></a:outerShdw></a:effectLst>'  # 20 pt to the right, sharp
    )
    glow = '<a:effectLst><a:glow rad="76200"><a:srgbClr val="00B050"/></a:glow></a:effectLst>'  # 6 pt
    add_xml_shape(blank_slide(prs), _text_shape(shadow))
    add_xml_shape(blank_slide(prs), _text_shape(glow))
    pdf, _ = convert(prs, tmp_path)
    for index in (0, 1):
        assert page_text(pdf, index).strip() == "I"  # effects are outlines, not a second text layer
    found = text_box(pdf, "I", 0)
    assert found is not None
    left, top, right, bottom = found
    middle = (top + bottom) / 2
    page = render_page(pdf, 0, dpi=144)
    assert close(pixel(page, (left + right) / 2, middle, 144), (0, 0, 0), 30)  # the glyph itself
    assert close(pixel(page, (left + right) / 2 + 20, middle, 144), (255, 0, 0), 30)  # its shadow
    assert close(pixel(page, right + 2, middle, 144), (255, 255, 255), 10)  # the gap between them
    found = text_box(pdf, "I", 1)
    assert found is not None
    left, top, right, bottom = found
    middle = (top + bottom) / 2
    page = render_page(pdf, 1, dpi=144)
    near = pixel(page, right + 2, middle, 144)
    assert near[1] > near[0] + 40 and near[1] > near[2] + 40, near  # green around the glyph
    assert close(pixel(page, right + 9, middle, 144), (255, 255, 255), 10)  # beyond the 6 pt glow


def test_blurred_text_shadow_is_one_small_image_per_body(tmp_path: Path) -> None:
    """A long title with a soft shadow: one raster under the text, not the glyphs' outlines many times."""
    prs = new_deck()
    shadow = (
        '<a:effectLst><a:outerShdw blurRad="63500" dist="63500" dir="2700000" algn="tl">'
        '<a:srgbClr val="808080"/></a:outerShdw></a:effectLst>'  # 5 pt blur, 5 pt down-right
    )
    text = "Shadows under every word of a long title line"
    body = _text_shape(shadow, text).replace('sz="7200"', 'sz="2800"')
    add_xml_shape(blank_slide(prs), body)
    pdf, _ = convert(prs, tmp_path)
    assert page_text(pdf, 0).strip() == text
    images = _image_xobjects(pdf)
    assert len(images) == 1 and "/SMask" in images[0]
    content = PdfReader(str(pdf)).pages[0].get_contents()
    assert content is not None and len(content.get_data()) < 20_000  # was 1.5 MB of outline operators
    found = text_box(pdf, "Shadows", 0)
    assert found is not None
    left, _top, right, bottom = found
    page = render_page(pdf, 0, dpi=144)
    below = pixel(page, (left + right) / 2, bottom + 3, 144)  # under the glyphs: the grey shadow
    assert 100 < below[0] < 245 and abs(below[0] - below[2]) < 12, below
    assert close(pixel(page, (left + right) / 2, bottom + 14, 144), (255, 255, 255), 6)  # faded out


def test_blurred_text_glow_is_written_in_its_exact_colour(tmp_path: Path) -> None:
    """A raster glow goes into the PDF as its flat colour and a soft mask, both deflated: no JPEG
    of the colour (whose ringing tinted the glow's edge) and every sample exactly the glow's colour."""
    prs = new_deck()
    glow = '<a:effectLst><a:glow rad="101600"><a:srgbClr val="00B050"/></a:glow></a:effectLst>'  # 8 pt
    text = "A glow around every word of a long title line"
    add_xml_shape(blank_slide(prs), _text_shape(glow, text).replace('sz="7200"', 'sz="2800"'))
    pdf, _ = convert(prs, tmp_path)
    assert page_text(pdf, 0).strip() == text
    images = _image_xobjects(pdf)
    assert len(images) == 1 and "/SMask" in images[0]
    image = images[0]
    assert image["/Filter"] == "/FlateDecode" and image["/ColorSpace"] == "/DeviceRGB"
    samples = image.get_data()
    assert len(samples) == 3 * image["/Width"] * image["/Height"]
    assert samples == bytes((0x00, 0xB0, 0x50)) * (image["/Width"] * image["/Height"])
    mask = image["/SMask"].get_object()
    assert (mask["/Width"], mask["/Height"]) == (image["/Width"], image["/Height"])
    levels = mask.get_data()
    assert min(levels) == 0 and max(levels) > 200  # faded out at the raster's edge, full at the glyphs
    found = text_box(pdf, "A", 0)
    assert found is not None
    left, top, _right, bottom = found
    page = render_page(pdf, 0, dpi=144)
    near = pixel(page, left - 2, (top + bottom) / 2, 144)  # just left of the first glyph: the glow
    assert near[1] > near[0] + 60 and near[1] > near[2] + 30, near
    assert close(pixel(page, left - 30, (top + bottom) / 2, 144), (255, 255, 255), 6)  # beyond it


def test_soft_edged_shape_reaching_off_the_page(tmp_path: Path) -> None:
    """Only the part on the page is rasterised; its feathering still follows the real outline."""
    prs = new_deck()
    slide = blank_slide(prs)
    # From 1000 pt left of the page to 200 pt into it, 72..216 pt high.
    add_xml_shape(slide, sp_xml(-12700000, 914400, 15240000, 1828800, fill=RED, line=SOFT_20PT))
    pdf, _ = convert(prs, tmp_path)
    page = render_page(pdf, dpi=144)
    full = (192, 0, 0)
    assert close(pixel(page, 1, 144, 144), full, 4)  # the page's edge is no outline: no fade there
    assert 0.35 < _alpha_over_white(pixel(page, 190, 144, 144), full) < 0.65  # 10 pt inside the right end
    assert 0.35 < _alpha_over_white(pixel(page, 2, 82, 144), full) < 0.65  # 10 pt inside the top
    assert close(pixel(page, 202, 144, 144), (255, 255, 255), 2)
    assert pdf.stat().st_size < 40_000


def test_text_outline_is_stroked_around_the_glyphs(tmp_path: Path) -> None:
    prs = new_deck()
    outline = '<a:ln w="38100"><a:solidFill><a:srgbClr val="FF0000"/></a:solidFill></a:ln>'  # 3 pt red
    shape = _text_shape("", "I").replace(
        '<a:solidFill><a:srgbClr val="000000"/></a:solidFill>',
        outline + '<a:solidFill><a:srgbClr val="FFFFFF"/></a:solidFill>',
    )
    add_xml_shape(blank_slide(prs), shape)
    pdf, _ = convert(prs, tmp_path)
    assert page_text(pdf, 0).strip() == "I"  # the outline is a path: the text layer holds one "I"
    found = text_box(pdf, "I", 0)
    assert found is not None
    left, top, right, bottom = found
    middle = (top + bottom) / 2
    page = render_page(pdf, 0, dpi=144)
    assert close(pixel(page, (left + right) / 2, middle, 144), (255, 255, 255), 10)  # white fill inside
    edges = [pixel(page, x / 4, middle, 144) for x in range(int(left * 4) - 8, int(right * 4) + 8)]
    assert any(close(color, (255, 0, 0), 40) for color in edges)  # the red outline at its edges


def test_gradient_filled_text_is_midway_through_the_gradient_at_its_middle(tmp_path: Path) -> None:
    prs = new_deck()
    gradient = (
        '<a:gradFill><a:gsLst><a:gs pos="0"><a:srgbClr val="FFFFFF"/></a:gs>'
        '<a:gs pos="100000"><a:srgbClr val="0000FF"/></a:gs></a:gsLst><a:lin ang="5400000"/></a:gradFill>'
    )
    shape = _text_shape("", "I").replace('<a:solidFill><a:srgbClr val="000000"/></a:solidFill>', gradient)
    add_xml_shape(blank_slide(prs), shape)
    pdf, _ = convert(prs, tmp_path)
    found = text_box(pdf, "I", 0)
    assert found is not None
    left, top, right, bottom = found
    color = pixel(render_page(pdf, 0, dpi=144), (left + right) / 2, (top + bottom) / 2, 144)
    # The gradient spans the line (test_text_glyph_fills): halfway between white and blue there,
    # not the first stop.
    assert close(color, (128, 128, 255), 12), color


def test_reflection_mirrors_the_shape_below_it_fading_out(tmp_path: Path) -> None:
    prs = new_deck()
    fill = '<a:solidFill><a:srgbClr val="0000FF"/></a:solidFill>'
    effects = (
        '<a:effectLst><a:reflection blurRad="0" stA="50000" endA="0" endPos="50000" dist="127000"'
        ' dir="5400000" sy="-100000" algn="bl" rotWithShape="0"/></a:effectLst>'
    )
    # A 4 x 1 in blue bar at 1 in, 1 in: its reflection starts 10 pt under it (at 154 pt) and is
    # gone halfway down its own height (at 190 pt).
    add_xml_shape(blank_slide(prs), sp_xml(914400, 914400, 3657600, 914400, fill=fill + effects))
    pdf, _ = convert(prs, tmp_path)
    page = render_page(pdf)
    assert close(pixel(page, 216, 108), (0, 0, 255), 6)  # the bar itself
    assert close(pixel(page, 216, 148), (255, 255, 255), 6)  # the gap
    top = pixel(page, 216, 156)
    assert 100 < top[0] < 160 and top[2] > 240, top  # about half of the blue
    assert close(pixel(page, 216, 200), (255, 255, 255), 6)  # faded out
    assert len(_image_xobjects(pdf)) == 1  # one raster: the reflection (the bar stays vector)


def test_a_cut_out_picture_casts_the_shadow_of_its_pixels(tmp_path: Path) -> None:
    # Left half opaque blue, right half transparent; a crisp 50% black shadow 10 pt right and down.
    png = tmp_path / "cutout.png"
    png.write_bytes(png_bytes(40, 40, [(0, 0, 255, 255), (0, 0, 0, 0)]))
    solid = tmp_path / "solid.png"
    solid.write_bytes(png_bytes(40, 40, [(0, 0, 255, 255)]))
    prs = new_deck()
    slide = blank_slide(prs)
    shadow = (
        f'<a:effectLst xmlns:a="{A_NS}"><a:outerShdw dist="179605" dir="2700000" blurRad="0" rotWithShape="0">'
        '<a:srgbClr val="000000"><a:alpha val="50000"/></a:srgbClr></a:outerShdw></a:effectLst>'
    )
    for left, source in ((1, png), (5, solid)):  # 144 pt square pictures at x = 72 and 360 pt
        pic = slide.shapes.add_picture(str(source), Inches(left), Inches(1), Inches(2), Inches(2))
        pic._element.spPr.append(etree.fromstring(shadow))
    pdf, _ = convert(prs, tmp_path)
    page = render_page(pdf, dpi=144)
    grey = (128, 128, 128)
    # Below the opaque half's bottom edge (72 + 144 pt), inside the 10 pt offset: shadow.
    assert close(pixel(page, 72 + 40, 72 + 144 + 5, 144), grey, 16)
    # Below the transparent half, and through it: no shadow, the page shows.
    assert close(pixel(page, 72 + 110, 72 + 144 + 5, 144), (255, 255, 255), 8)
    assert close(pixel(page, 72 + 110, 72 + 72, 144), (255, 255, 255), 8)
    # The transparent half's left edge casts a shadow just right of the opaque half.
    assert close(pixel(page, 72 + 72 + 5, 72 + 72, 144), grey, 16)
    # An opaque picture keeps its frame's shadow, right of it and below it.
    assert close(pixel(page, 360 + 144 + 5, 72 + 72, 144), grey, 16)
    assert close(pixel(page, 360 + 72, 72 + 144 + 5, 144), grey, 16)


def test_shadow_is_cast_by_the_stroked_shape(tmp_path: Path) -> None:
    """PowerPoint casts an outer shadow from the stroked shape (the fill grown by half the line
    width), and an unfilled outline, a connector's too, casts its stroke's shadow (native exports:
    github.com/developer0hye/office2pdf/issues/1057, #1305)."""
    prs = new_deck()
    slide = blank_slide(prs)
    shadow = (
        '<a:effectLst><a:outerShdw dist="127000" dir="5400000"><a:srgbClr val="FF0000"/></a:outerShdw></a:effectLst>'
    )
    white_line = '<a:ln w="76200"><a:solidFill><a:srgbClr val="FFFFFF"/></a:solidFill></a:ln>'  # 6 pt
    # A blue box at 72..216 pt (x) and 72..144 pt (y) with a 6 pt white outline; its shadow 10 pt down.
    blue = '<a:solidFill><a:srgbClr val="0000FF"/></a:solidFill>'
    add_xml_shape(slide, sp_xml(914400, 914400, 1828800, 914400, fill=blue, line=white_line + shadow, sid=2))
    # A horizontal 4 pt line at y = 288 pt, no fill: its shadow is a red band 10 pt below it.
    line = '<a:ln w="50800"><a:solidFill><a:srgbClr val="000000"/></a:solidFill></a:ln>'
    open_path = (
        '<a:custGeom><a:pathLst><a:path w="100" h="100" fill="none"><a:moveTo><a:pt x="0" y="0"/></a:moveTo>'
        '<a:lnTo><a:pt x="100" y="0"/></a:lnTo></a:path></a:pathLst></a:custGeom>'
    )
    add_xml_shape(
        slide, sp_xml(914400, 3657600, 1828800, 0, geometry=open_path, fill="<a:noFill/>", line=line + shadow, sid=3)
    )
    pdf, _ = convert(prs, tmp_path)
    page = render_page(pdf, 0, dpi=144)
    # Fill bottom 144, outline to 147, shadow of the stroked box to 157: 152-156 is shadow only
    # because the outline widened it (the fill's own shadow ends at 154).
    assert close(pixel(page, 144, 155.5, 144), (255, 0, 0), 30)
    assert close(pixel(page, 144, 159, 144), (255, 255, 255), 10)
    assert close(pixel(page, 144, 288, 144), (0, 0, 0), 30)  # the line itself
    assert close(pixel(page, 144, 298, 144), (255, 0, 0), 30)  # its shadow
    assert close(pixel(page, 144, 293, 144), (255, 255, 255), 10)  # the gap between them


def test_a_shadow_blurred_far_beyond_its_shape_fades_away(tmp_path: Path) -> None:
    """A Gaussian blur spreads a shape's shadow over its reach: blurred by much more than its size,
    the shadow's peak is a trace of its colour, however dark it is. PptxGenJS writes such shadows
    when several shapes share one shadow object (it converts the object in place, so each shape's
    values are 12,700 times the last one's: github.com/gitbrent/PptxGenJS/issues/1527)."""
    prs = new_deck()
    slide = blank_slide(prs)
    white = '<a:solidFill><a:srgbClr val="FFFFFF"/></a:solidFill>'
    grey_line = '<a:ln w="12700"><a:solidFill><a:srgbClr val="CCCCCC"/></a:solidFill></a:ln>'
    # The second shape of PptxGenJS's shared shadow: 76,200 pt of blur, 38,100 pt away.
    runaway = (
        '<a:effectLst><a:outerShdw blurRad="967740000" dist="483870000" dir="162000000000" algn="bl" '
        'rotWithShape="0"><a:srgbClr val="000000"><a:alpha val="35000"/></a:srgbClr></a:outerShdw></a:effectLst>'
    )
    add_xml_shape(slide, sp_xml(2 * 914400, 914400, 1463040, 1097280, fill=white, line=grey_line + runaway, sid=2))
    # A 12 pt black square whose shadow, 72 pt to its right, is blurred by 72 pt.
    black = '<a:solidFill><a:srgbClr val="000000"/></a:solidFill>'
    wide = (
        '<a:effectLst><a:outerShdw blurRad="914400" dist="914400" dir="0">'
        '<a:srgbClr val="000000"/></a:outerShdw></a:effectLst>'
    )
    add_xml_shape(
        slide, sp_xml(914400, 5 * 914400, 152400, 152400, fill=black, line="<a:ln><a:noFill/></a:ln>" + wide, sid=3)
    )
    pdf, _ = convert(prs, tmp_path)
    page = render_page(pdf, 0, dpi=72)
    for y in (20, 60, 200, 300, 500):  # above, beside and below the first shape, in its columns
        for x in (150, 200, 250):
            assert close(pixel(page, x, y), (255, 255, 255), 4), (x, y, pixel(page, x, y))
    # The blurred square's shadow: at its centre about 4 % of black (erf(12 / (2 sqrt(2) 24)) squared).
    centre = pixel(page, 72 + 6 + 72, 360 + 6)
    assert close(centre, (245, 245, 245), 6), centre
