"""Recolouring stored on a picture's blip (grayscl, biLevel, duotone, clrChange), rendered and sampled."""

from __future__ import annotations

import io
from pathlib import Path

from lxml import etree
from PIL import Image
from pptx.util import Inches
from render_support import A_NS, blank_slide, close, convert, new_deck, pixel, png_bytes, render_page

RED = (220, 30, 30, 255)
BLUE = (30, 60, 200, 255)
GREEN = (30, 170, 60, 255)
YELLOW = (240, 200, 20, 255)


def _deck_of_effects(tmp_path: Path, colors: list[tuple[int, int, int, int]], effects: list[str]) -> Path:
    """One 4 x 1 inch picture of vertical ``colors`` stripes per effect, an inch apart from y = 1 in."""
    png = tmp_path / "stripes.png"
    png.write_bytes(png_bytes(40 * len(colors), 10, colors))
    prs = new_deck()
    slide = blank_slide(prs)
    for i, effect in enumerate(effects):
        pic = slide.shapes.add_picture(str(png), Inches(1), Inches(1 + i * 1.2), Inches(4), Inches(1))
        if effect:
            blip = pic._element.blipFill.blip
            for el in etree.fromstring(f'<x xmlns:a="{A_NS}">{effect}</x>'):
                blip.append(el)
    pdf, _ = convert(prs, tmp_path)
    return pdf


def _stripes(pdf: Path, row: int, count: int) -> list[tuple[int, int, int]]:
    page = render_page(pdf)
    y = 72 + row * 1.2 * 72 + 36
    return [pixel(page, 72 + 288 * (i + 0.5) / count, y) for i in range(count)]


def test_grayscale_weighs_the_channels_as_office_does(tmp_path: Path) -> None:
    # Grey = 0.3 R + 0.59 G + 0.11 B of the stored values (as the a:gray colour transform):
    # Qt's own grey conversion weighs linear light and made this red 112, this blue 78.
    pdf = _deck_of_effects(tmp_path, [RED, BLUE, GREEN, YELLOW], ["<a:grayscl/>"])
    expected = [round(0.3 * r + 0.59 * g + 0.11 * b) for r, g, b, _ in (RED, BLUE, GREEN, YELLOW)]
    levels = _stripes(pdf, 0, 4)
    for got, want in zip(levels, expected, strict=True):
        assert close(got, (want, want, want), 3), (levels, expected)


def test_duotone_follows_the_same_grey_levels(tmp_path: Path) -> None:
    pdf = _deck_of_effects(
        tmp_path,
        [RED, (255, 255, 255, 255)],
        ['<a:duotone><a:srgbClr val="000000"/><a:srgbClr val="FF0000"/></a:duotone>'],
    )
    red_level = (0.3 * 220 + 0.59 * 30 + 0.11 * 30) / 255  # 0.34
    levels = _stripes(pdf, 0, 2)
    assert close(levels[0], (round(255 * red_level), 0, 0), 4), levels
    assert close(levels[1], (255, 0, 0), 2), levels  # white takes the light tone


def test_bilevel_turns_pixels_black_or_white_at_the_threshold(tmp_path: Path) -> None:
    # Before, biLevel was drawn as grayscale. ECMA-376 20.1.8.11: below thresh black, else white.
    greys = [(g, g, g, 255) for g in (60, 115, 140, 230)]  # 24 %, 45 %, 55 %, 90 %
    pdf = _deck_of_effects(tmp_path, greys, ['<a:biLevel thresh="50000"/>', '<a:biLevel thresh="30000"/>'])
    black, white = (0, 0, 0), (255, 255, 255)
    half = _stripes(pdf, 0, 4)
    assert [close(c, black, 2) for c in half] == [True, True, False, False], half
    assert all(close(c, white, 2) for c in half[2:]), half
    low = _stripes(pdf, 1, 4)
    assert close(low[0], black, 2) and all(close(c, white, 2) for c in low[1:]), low


def test_colour_change_to_another_colour_and_to_transparent(tmp_path: Path) -> None:
    # clrChange to an opaque colour was ignored before: only "to transparent" was drawn.
    change = '<a:clrChange><a:clrFrom><a:srgbClr val="DC1E1E"/></a:clrFrom><a:clrTo>{}</a:clrTo></a:clrChange>'
    pdf = _deck_of_effects(
        tmp_path,
        [RED, GREEN],
        [
            change.format('<a:srgbClr val="0000FF"/>'),
            change.format('<a:srgbClr val="DC1E1E"><a:alpha val="0"/></a:srgbClr>'),
            change.format('<a:srgbClr val="0000FF"><a:alpha val="50000"/></a:srgbClr>'),
        ],
    )
    to_blue = _stripes(pdf, 0, 2)
    assert close(to_blue[0], (0, 0, 255), 3) and close(to_blue[1], GREEN[:3], 3), to_blue
    to_clear = _stripes(pdf, 1, 2)
    assert close(to_clear[0], (255, 255, 255), 3) and close(to_clear[1], GREEN[:3], 3), to_clear
    to_half_blue = _stripes(pdf, 2, 2)
    assert close(to_half_blue[0], (127, 127, 255), 4), to_half_blue


def test_exif_orientation_is_ignored_as_office_does(tmp_path: Path) -> None:
    # Before, Qt's reader turned the picture by its EXIF orientation; PowerPoint draws the stored
    # pixels (phone photos put in by python-pptx show sideways there). Left red, right blue as stored,
    # with an orientation of 6 (turn 90 degrees clockwise): drawn as stored, also when recoloured.
    image = Image.new("RGB", (80, 40), RED[:3])
    image.paste(BLUE[:3], (40, 0, 80, 40))
    exif = Image.Exif()
    exif[0x0112] = 6
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=95, exif=exif.tobytes())
    jpeg = tmp_path / "turned.jpg"
    jpeg.write_bytes(out.getvalue())
    prs = new_deck()
    slide = blank_slide(prs)
    for i, effect in enumerate(("", "<a:grayscl/>")):
        pic = slide.shapes.add_picture(str(jpeg), Inches(1), Inches(1 + i * 1.2), Inches(4), Inches(1))
        if effect:
            pic._element.blipFill.blip.append(etree.fromstring(f'<a:grayscl xmlns:a="{A_NS}"/>'))
    pdf, _ = convert(prs, tmp_path)
    plain = _stripes(pdf, 0, 4)
    assert close(plain[0], RED[:3], 12) and close(plain[3], BLUE[:3], 12), plain
    grey = _stripes(pdf, 1, 4)
    red_grey, blue_grey = (round(0.3 * c[0] + 0.59 * c[1] + 0.11 * c[2]) for c in (RED, BLUE))
    assert close(grey[0], (red_grey,) * 3, 8) and close(grey[3], (blue_grey,) * 3, 8), grey
