"""A 16-bit RGB PNG with a tRNS colour key: pixels of the key colour are transparent, the others keep
their colours (Qt 6 alone reads such a picture torn into stripes, mostly transparent)."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

from render_support import add_xml_shape, blank_slide, close, convert, new_deck, pixel, render_page, sp_xml

from worker.engines.base import ConvertOptions

EMU_PT = 12700
KEY, GREEN = (0xFFFF, 0, 0), (0, 0xC8C8, 0)
WIDTH, HEIGHT = 300, 200  # large enough to be measured as a photograph candidate too


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _rgb16_keyed_png() -> bytes:
    """Left half the key colour (red), right half green; tRNS names red as transparent."""
    row = b"\0" + struct.pack(">3H", *KEY) * (WIDTH // 2) + struct.pack(">3H", *GREEN) * (WIDTH // 2)
    header = struct.pack(">IIBBBBB", WIDTH, HEIGHT, 16, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"tRNS", struct.pack(">3H", *KEY))
        + _chunk(b"IDAT", zlib.compress(row * HEIGHT))
        + _chunk(b"IEND", b"")
    )


def test_a_16_bit_rgb_png_with_a_colour_key_shows_its_colours_and_holes(tmp_path: Path) -> None:
    picture = tmp_path / "keyed.png"
    picture.write_bytes(_rgb16_keyed_png())
    prs = new_deck()
    slide = blank_slide(prs)
    blue = '<a:solidFill><a:srgbClr val="0000FF"/></a:solidFill>'
    add_xml_shape(slide, sp_xml(0, 0, 720 * EMU_PT, 540 * EMU_PT, fill=blue))
    slide.shapes.add_picture(str(picture), 100 * EMU_PT, 100 * EMU_PT, 300 * EMU_PT, 200 * EMU_PT)
    for lossless in (False, True):
        pdf, _ = convert(prs, tmp_path, f"keyed{lossless}", ConvertOptions(lossless_pictures=lossless))
        page = render_page(pdf)
        for x in (120, 180, 240):  # the key colour's half: the blue ground shows through
            for y in (120, 200, 280):
                assert close(pixel(page, x, y), (0, 0, 255)), (lossless, x, y, pixel(page, x, y))
        for x in (270, 330, 380):  # the green half, opaque
            for y in (120, 200, 280):
                assert close(pixel(page, x, y), (0, 200, 0)), (lossless, x, y, pixel(page, x, y))
