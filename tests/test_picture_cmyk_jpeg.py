"""CMYK JPEGs come out in their true colours whichever polarity they store: inverted (Photoshop's,
said by an Adobe APP14 marker) or plain (no marker, libjpeg's convention). The plain kind came out
as its negative, white paper black: Qt's reader inverts every CMYK JPEG."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image
from render_support import blank_slide, close, convert, new_deck, pixel, render_page

from worker.render.cmyk_jpeg import adobe_marker

EMU_PT = 12700
PATCH = 60  # pixels, and points on the slide
# Ink amounts (0-255) and the colour each comes out as with no colour management (PowerPoint
# converts CMYK "by formula": R = (1 - C)(1 - K) and so on).
PATCHES = [
    ((255, 0, 0, 0), (0, 255, 255)),
    ((0, 255, 0, 0), (255, 0, 255)),
    ((0, 0, 255, 0), (255, 255, 0)),
    ((0, 0, 0, 0), (255, 255, 255)),
    ((0, 0, 0, 128), (127, 127, 127)),
    ((255, 255, 0, 0), (0, 0, 255)),
]


def _patches(plain: bool) -> Image.Image:
    image = Image.new("CMYK", (PATCH * len(PATCHES), PATCH))
    for i, (ink, _) in enumerate(PATCHES):
        # Pillow stores 255 - value (Adobe's polarity): handing it 255 - ink stores the ink itself.
        value = tuple(255 - v for v in ink) if plain else ink
        image.paste(value, (PATCH * i, 0, PATCH * (i + 1), PATCH))
    return image


def _without_app14(jpeg: bytes) -> bytes:
    at = jpeg.index(b"\xff\xee")
    return jpeg[:at] + jpeg[at + 2 + int.from_bytes(jpeg[at + 2 : at + 4], "big") :]


def cmyk_jpeg(plain: bool) -> bytes:
    """Known ink patches as a CMYK JPEG: Adobe's (APP14, inverted samples) or plain (no APP14)."""
    out = io.BytesIO()
    _patches(plain).save(out, "JPEG", quality=100, subsampling="4:4:4")
    jpeg = out.getvalue()
    return _without_app14(jpeg) if plain else jpeg


def test_the_two_kinds_are_told_apart() -> None:
    assert adobe_marker(cmyk_jpeg(plain=False))
    assert not adobe_marker(cmyk_jpeg(plain=True))


def test_cmyk_jpegs_of_either_polarity_are_drawn_in_their_colours(tmp_path: Path) -> None:
    prs = new_deck()
    slide = blank_slide(prs)
    for row, plain in enumerate((False, True)):
        source = tmp_path / f"cmyk-{'plain' if plain else 'adobe'}.jpg"
        source.write_bytes(cmyk_jpeg(plain))
        top = 100 + 120 * row
        slide.shapes.add_picture(str(source), 60 * EMU_PT, top * EMU_PT, PATCH * len(PATCHES) * EMU_PT, PATCH * EMU_PT)
    pdf, result = convert(prs, tmp_path)
    page = render_page(pdf)
    wrong = []
    for row, kind in enumerate(("adobe", "plain")):
        for i, (ink, colour) in enumerate(PATCHES):
            drawn = pixel(page, 60 + PATCH * i + PATCH // 2, 100 + 120 * row + PATCH // 2)
            if not close(drawn, colour):
                wrong.append((kind, ink, drawn, colour))
    assert not wrong
    assert not result.warnings
