"""A shape's outer shadow is the shadow of what is drawn: a see-through fill or outline casts a
lighter shadow (its alpha), a picture fill inset in its frame casts the picture's shadow, and an
opaque shape keeps its full shadow (PowerPoint; LibreOffice renders the same)."""

from __future__ import annotations

import io
import time
from pathlib import Path
from typing import Any

from lxml import etree
from pypdf import PdfReader
from render_support import (
    NSDECL,
    add_xml_shape,
    blank_slide,
    close,
    convert,
    crossing_star_geometry,
    new_deck,
    pixel,
    png_bytes,
    render_page,
    sp_xml,
)

EMU_PT = 12700
BLACK = (0, 0, 0)
WHITE = (255, 255, 255)
GREY = (128, 128, 128)
# 10 pt down-right (dir 45 degrees), sharp and opaque black.
SHADOW = (
    f'<a:effectLst><a:outerShdw dist="{int(10 * 2**0.5 * EMU_PT)}" dir="2700000" algn="tl" rotWithShape="0">'
    '<a:srgbClr val="000000"/></a:outerShdw></a:effectLst>'
)
NO_LINE = "<a:ln><a:noFill/></a:ln>"


def _solid(alpha: int | None = None) -> str:
    mod = f'<a:alpha val="{alpha}"/>' if alpha is not None else ""
    return f'<a:solidFill><a:srgbClr val="0000FF">{mod}</a:srgbClr></a:solidFill>'


def _line(alpha: int | None = None) -> str:
    mod = f'<a:alpha val="{alpha}"/>' if alpha is not None else ""
    return f'<a:ln w="{6 * EMU_PT}"><a:solidFill><a:srgbClr val="FF0000">{mod}</a:srgbClr></a:solidFill></a:ln>'


def _box(slide: Any, x: int, y: int, fill_and_line: str, sid: int) -> None:
    xml = sp_xml(x * EMU_PT, y * EMU_PT, 60 * EMU_PT, 60 * EMU_PT, fill=fill_and_line + SHADOW, line="", sid=sid)
    add_xml_shape(slide, xml)


def _mean(page: Any, x: float, y: float, size: int = 8) -> tuple[int, int, int]:
    """The mean colour of a size x size point square from (x, y)."""
    pixels = [pixel(page, x + i, y + j) for i in range(size) for j in range(size)]
    return (
        sum(p[0] for p in pixels) // len(pixels),
        sum(p[1] for p in pixels) // len(pixels),
        sum(p[2] for p in pixels) // len(pixels),
    )


def test_see_through_fills_cast_shadows_as_strong_as_they_are_drawn(tmp_path: Path) -> None:
    prs = new_deck()
    slide = blank_slide(prs)
    _box(slide, 40, 40, _solid() + NO_LINE, 10)  # opaque: full shadow
    _box(slide, 160, 40, _solid(50000) + NO_LINE, 11)  # half transparent: half shadow
    _box(slide, 280, 40, _solid(0) + NO_LINE, 12)  # invisible: no shadow
    pattern = (
        '<a:pattFill prst="pct50"><a:fgClr><a:srgbClr val="0000FF"/></a:fgClr>'
        '<a:bgClr><a:srgbClr val="FFFFFF"><a:alpha val="0"/></a:srgbClr></a:bgClr></a:pattFill>'
    )
    _box(slide, 400, 40, pattern + NO_LINE, 13)  # half the pixels drawn
    gradient = (
        '<a:gradFill><a:gsLst><a:gs pos="0"><a:srgbClr val="0000FF"/></a:gs>'
        '<a:gs pos="100000"><a:srgbClr val="0000FF"><a:alpha val="0"/></a:srgbClr></a:gs></a:gsLst>'
        '<a:lin ang="5400000" scaled="0"/></a:gradFill>'
    )
    _box(slide, 520, 40, gradient + NO_LINE, 14)  # opaque at the top, clear at the bottom
    pdf, _ = convert(prs, tmp_path)
    page = render_page(pdf)
    # The strip just right of each box is its shadow alone.
    assert close(pixel(page, 40 + 65, 70), BLACK, 20)
    assert close(pixel(page, 160 + 65, 70), GREY, 20)
    assert close(pixel(page, 280 + 65, 70), WHITE)
    assert 80 < _mean(page, 400 + 61, 60)[0] < 190, _mean(page, 400 + 61, 60)
    top, bottom = pixel(page, 520 + 65, 55), pixel(page, 520 + 65, 105)
    assert top[0] < 80 and bottom[0] > 200, (top, bottom)
    # Inside the half-transparent box its shadow shows through the fill, at half strength:
    # 50% blue over 50% black, not over full black.
    assert close(pixel(page, 160 + 50, 70), (64, 64, 191), 20)
    # The invisible box casts nothing inside either.
    assert close(pixel(page, 280 + 50, 70), WHITE)


def test_outlines_cast_shadows_as_strong_as_they_are_drawn(tmp_path: Path) -> None:
    prs = new_deck()
    slide = blank_slide(prs)
    _box(slide, 40, 40, "<a:noFill/>" + _line(), 10)
    _box(slide, 160, 40, "<a:noFill/>" + _line(50000), 11)
    _box(slide, 280, 40, _solid(50000) + _line(), 12)
    pdf, _ = convert(prs, tmp_path)
    page = render_page(pdf)
    # The right edge's stroke (x + 57..63) casts a shadow at x + 67..73; the box's middle stays clear.
    assert close(pixel(page, 40 + 70, 70), BLACK, 20)
    assert close(pixel(page, 40 + 35, 65), WHITE)
    assert close(pixel(page, 160 + 70, 70), GREY, 20)
    assert close(pixel(page, 160 + 35, 65), WHITE)
    # An opaque outline round a half-transparent fill: full shadow under the stroke, half beside it.
    assert close(pixel(page, 280 + 70, 70), BLACK, 20)
    assert close(pixel(page, 280 + 65, 105), GREY, 25)


def test_an_inset_picture_fill_casts_the_pictures_shadow_not_the_frames(tmp_path: Path) -> None:
    prs = new_deck()
    slide = blank_slide(prs)
    part = slide.part
    _, rid = part.get_or_add_image_part(io.BytesIO(png_bytes(20, 20, [(0, 0, 255, 255)])))
    picture = (
        f'<a:blipFill><a:blip r:embed="{rid}"/>'
        '<a:stretch><a:fillRect l="25000" t="25000" r="25000" b="25000"/></a:stretch></a:blipFill>'
    )
    _box(slide, 40, 40, picture + NO_LINE, 10)
    full = f'<a:blipFill><a:blip r:embed="{rid}"/><a:stretch><a:fillRect/></a:stretch></a:blipFill>'
    _box(slide, 160, 40, full + NO_LINE, 11)  # fills its frame: the frame's shadow
    pdf, _ = convert(prs, tmp_path)
    page = render_page(pdf)
    # The picture covers x + 15..45 and its shadow x + 25..55: the frame's edge casts nothing.
    assert close(pixel(page, 40 + 30, 70), (0, 0, 255), 20)
    assert close(pixel(page, 40 + 50, 90), BLACK, 20)
    assert close(pixel(page, 40 + 65, 70), WHITE)
    assert close(pixel(page, 40 + 8, 70), WHITE)
    assert close(pixel(page, 160 + 65, 70), BLACK, 20)


def test_a_see_through_picture_casts_a_lighter_shadow(tmp_path: Path) -> None:
    prs = new_deck()
    slide = blank_slide(prs)
    image = io.BytesIO(png_bytes(20, 20, [(0, 0, 255, 255)]))
    _, rid = slide.part.get_or_add_image_part(image)
    faded = (
        f'<a:blipFill><a:blip r:embed="{rid}"><a:alphaModFix amt="70000"/></a:blip>'
        "<a:stretch><a:fillRect/></a:stretch></a:blipFill>"
    )
    _box(slide, 40, 40, faded + NO_LINE, 10)  # a shape's picture fill, 70% opaque
    image.seek(0)
    pic = slide.shapes.add_picture(image, 160 * EMU_PT, 40 * EMU_PT, 60 * EMU_PT, 60 * EMU_PT)
    pic._element.blipFill.blip.append(etree.fromstring(f'<a:alphaModFix {NSDECL} amt="70000"/>'))
    pic._element.spPr.append(etree.fromstring(SHADOW.replace("<a:effectLst>", f"<a:effectLst {NSDECL}>")))
    pdf, _ = convert(prs, tmp_path)
    page = render_page(pdf)
    # 70% of the black shadow over white.
    assert close(pixel(page, 40 + 65, 70), (77, 77, 77), 20)
    assert close(pixel(page, 160 + 65, 70), (77, 77, 77), 20)


def _star(points: int, shadow: str, tmp_path: Path, name: str) -> Path:
    """A 300 pt square holding a star of ``points`` points whose every edge crosses it."""
    size = 300 * EMU_PT
    geometry = crossing_star_geometry(points, size)
    prs = new_deck()
    xml = sp_xml(100 * EMU_PT, 100 * EMU_PT, size, size, geometry, _solid(), NO_LINE + shadow)
    add_xml_shape(blank_slide(prs), xml)
    source = tmp_path / f"{name}.pptx"
    prs.save(str(source))
    return source


def test_the_blurred_shadow_of_an_outline_crossing_itself_thousands_of_times_costs_little(tmp_path: Path) -> None:
    """Qt's antialiased fill costs by the outline's length in pixels: the blurred shadow's
    coverage raster of a fuzzed 4,001-point star (each edge across the shape) took seconds more
    than the star without its shadow (a 20,001-point one on a picture, 14 s in a thumbnail). The
    raster is made coarser for such an outline; the shadow is still cast."""
    blurred = SHADOW.replace("<a:outerShdw ", f'<a:outerShdw blurRad="{4 * EMU_PT}" ')
    costs = []
    for name, shadow in (("flat", "<a:effectLst/>"), ("shadowed", blurred)):
        source = _star(4001, shadow, tmp_path, name)
        started = time.process_time()
        pdf, _ = convert(source, tmp_path, name)
        costs.append(time.process_time() - started)
    assert costs[1] - costs[0] < 1.5, costs
    # The shadow is still cast, as one raster (the star without one has none).
    assert len(PdfReader(str(tmp_path / "flat.pdf")).pages[0].images) == 0
    assert len(PdfReader(str(pdf)).pages[0].images) == 1


def test_a_picture_one_emu_across_casts_its_shadow_without_failing(tmp_path: Path) -> None:
    """The look at a picture's alpha (is it see-through?) is a raster of 64 pixels across its
    frame: 813,000 pixels a point for a frame 1 EMU across, whose dots per metre passed what Qt
    takes (a C int), and the picture was reported as one that could not be drawn (found by the
    mutation fuzzer's third round)."""
    image = tmp_path / "grey.png"
    image.write_bytes(png_bytes(8, 8, [(128, 128, 128, 255)]))
    prs = new_deck()
    pic = blank_slide(prs).shapes.add_picture(str(image), 300 * EMU_PT, 200 * EMU_PT, 1, 1)
    blurred = SHADOW.replace("<a:outerShdw ", f'<a:outerShdw blurRad="{4 * EMU_PT}" ')
    for el in etree.fromstring(f"<r {NSDECL}>{blurred}</r>"):
        pic._element.spPr.append(el)
    _, result = convert(prs, tmp_path)
    assert result.warnings == [], result.warnings
