"""32-bit BMP pictures: an alpha mask in the header (BI_BITFIELDS, BITMAPV5HEADER) is honoured; one
whose alpha bytes are all 0 is an unset byte, drawn opaque (not a wholly transparent picture); in a
plain 32-bit BMP (BI_RGB) the fourth byte is unused and the picture is opaque whatever it holds."""

from __future__ import annotations

import struct
from pathlib import Path

from render_support import add_xml_shape, blank_slide, close, convert, new_deck, pixel, render_page, sp_xml

EMU_PT = 12700
WIDTH, HEIGHT = 40, 20
RED = (255, 0, 0)
BLUE = (0, 0, 255)


def _bmp(alphas: tuple[int, int], *, alpha_mask: bool) -> bytes:
    """Red pixels, the left half with the first alpha byte, the right half with the second."""
    row = bytes([0, 0, 255, alphas[0]]) * (WIDTH // 2) + bytes([0, 0, 255, alphas[1]]) * (WIDTH // 2)
    pixels = row * HEIGHT
    if alpha_mask:
        header = struct.pack("<IiiHHIIiiII", 124, WIDTH, HEIGHT, 1, 32, 3, len(pixels), 2835, 2835, 0, 0)
        masks = struct.pack("<IIII", 0x00FF0000, 0x0000FF00, 0x000000FF, 0xFF000000)
        # sRGB colour space, no endpoints or gammas, intent "graphics", no profile.
        dib = header + masks + b"BGRs" + bytes(36) + bytes(12) + struct.pack("<IIII", 4, 0, 0, 0)
    else:
        dib = struct.pack("<IiiHHIIiiII", 40, WIDTH, HEIGHT, 1, 32, 0, len(pixels), 2835, 2835, 0, 0)
    offset = 14 + len(dib)
    return b"BM" + struct.pack("<IHHI", offset + len(pixels), 0, 0, offset) + dib + pixels


def test_32_bit_bmp_alpha_as_windows_shows_it(tmp_path: Path) -> None:
    cases = {
        "masked": (_bmp((0, 255), alpha_mask=True), (BLUE, RED)),  # left half see-through
        "unset": (_bmp((0, 0), alpha_mask=True), (RED, RED)),  # all alpha 0: opaque
        "plain": (_bmp((0, 128), alpha_mask=False), (RED, RED)),  # BI_RGB: the byte is unused
    }
    prs = new_deck()
    slide = blank_slide(prs)
    add_xml_shape(
        slide, sp_xml(0, 0, 720 * EMU_PT, 540 * EMU_PT, fill='<a:solidFill><a:srgbClr val="0000FF"/></a:solidFill>')
    )
    for row, (name, (blob, _)) in enumerate(cases.items()):
        picture = tmp_path / f"{name}.bmp"
        picture.write_bytes(blob)
        slide.shapes.add_picture(str(picture), 100 * EMU_PT, (50 + 150 * row) * EMU_PT, 400 * EMU_PT, 100 * EMU_PT)
    pdf, _ = convert(prs, tmp_path)
    page = render_page(pdf)
    for row, (name, (_, (left, right))) in enumerate(cases.items()):
        y = 100 + 150 * row
        assert close(pixel(page, 200, y), left), (name, pixel(page, 200, y))
        assert close(pixel(page, 400, y), right), (name, pixel(page, 400, y))
