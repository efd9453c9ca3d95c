"""A PNG larger than Qt's image reader allocates (256 MB of pixels: 9000 x 8200 RGBA is 295 MB) is
drawn, as PowerPoint draws it, not replaced by a placeholder: it is decoded a band of rows at a time
and each band reduced, so the whole picture is never in memory."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

from render_support import blank_slide, close, convert, new_deck, pixel, render_page

EMU_PT = 12700
WIDTH, HEIGHT = 9000, 8200


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def _huge_png(width: int, height: int, top: list[bytes], bottom: list[bytes], color_type: int) -> bytes:
    """Left and right halves in the ``top`` colours, then the ``bottom`` ones, each row filtered
    'Up' (a copy of the row above: a band decoded without the row before it comes out wrong)."""

    def row(left: bytes, right: bytes) -> bytes:
        return left * (width // 2) + right * (width - width // 2)

    first, lower = row(*top), row(*bottom)
    turn = bytes((b - a) & 0xFF for a, b in zip(first, lower, strict=True))
    same = b"\x02" + bytes(len(first))
    packer = zlib.compressobj(1)
    pieces = [packer.compress(b"\x00" + first)]
    for y in range(1, height):
        pieces.append(packer.compress(b"\x02" + turn if y == height // 2 else same))
    pieces.append(packer.flush())
    header = struct.pack(">IIBBBBB", width, height, 8, color_type, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", b"".join(pieces)) + _chunk(b"IEND", b"")


def test_png_over_qts_allocation_limit_is_drawn(tmp_path: Path) -> None:
    red, green, blue, clear = b"\xff\x00\x00\xff", b"\x00\xa0\x00\xff", b"\x00\x00\xff\xff", b"\x00\x00\x00\x00"
    picture = tmp_path / "huge.png"
    picture.write_bytes(_huge_png(WIDTH, HEIGHT, [red, green], [blue, clear], color_type=6))
    prs = new_deck()
    slide = blank_slide(prs)
    slide.shapes.add_picture(str(picture), 100 * EMU_PT, 100 * EMU_PT, 400 * EMU_PT, 300 * EMU_PT)
    pdf, result = convert(prs, tmp_path)
    page = render_page(pdf)
    expected = {(150, 150): (255, 0, 0), (450, 150): (0, 160, 0), (150, 350): (0, 0, 255), (450, 350): (255, 255, 255)}
    for (x, y), colour in expected.items():
        assert close(pixel(page, x, y), colour), ((x, y), pixel(page, x, y))
    assert not [w for w in result.warnings if "placeholder" in w]
