"""Bitmaps inside EMF pictures: ones over MAX_BITMAP_PIXELS are drawn reduced in bounded memory,
BI_BITFIELDS masks give the colours, and a bitmap that cannot be drawn is named in a warning."""

from __future__ import annotations

import struct
from pathlib import Path

import hostile_support as hs
import pytest
from render_support import close, convert, pixel, render_page
from test_metafile import draw, emf, near, rgb, stretch_dibits

RED, GREEN, BLUE, YELLOW = (255, 0, 0), (0, 160, 0), (0, 0, 255), (255, 220, 0)
QUADRANTS = (RED, GREEN, BLUE, YELLOW)  # top left, top right, bottom left, bottom right


def info_header(w: int, h: int, bit_count: int, compression: int = 0, colours: int = 0) -> bytes:
    return struct.pack("<IiiHHIIiiII", 40, w, h, 1, bit_count, compression, 0, 2835, 2835, colours, 0)


def palette(colours: tuple[tuple[int, int, int], ...]) -> bytes:
    return b"".join(bytes((b, g, r, 0)) for r, g, b in colours)


def packed_rows(w: int, h: int, bit_count: int, index: tuple[int, int, int, int]) -> bytes:
    """Bottom-up rows of palette indices: ``index`` of each quadrant (top left, top right, bottom
    left, bottom right), packed at ``bit_count`` bits a pixel."""
    stride = ((w * bit_count + 31) // 32) * 4
    per_byte = 8 // bit_count

    def row(left: int, right: int) -> bytes:
        values = [left] * (w // 2) + [right] * (w - w // 2)
        values += [0] * (-len(values) % per_byte)
        packed = bytes(
            sum(values[i + k] << (8 - bit_count * (k + 1)) for k in range(per_byte))
            for i in range(0, len(values), per_byte)
        )
        return packed + bytes(stride - len(packed))

    top, bottom = row(index[0], index[1]), row(index[2], index[3])
    return bottom * (h - h // 2) + top * (h // 2)


def masked_rows(w: int, h: int, bit_count: int, masks: tuple[int, int, int]) -> bytes:
    """Bottom-up rows of the four quadrant colours packed into ``masks`` (BI_BITFIELDS)."""
    stride = ((w * bit_count + 31) // 32) * 4

    def value(colour: tuple[int, int, int]) -> bytes:
        v = 0
        for mask, c in zip(masks, colour, strict=True):
            shift, width = (mask & -mask).bit_length() - 1, bin(mask).count("1")
            v |= ((c * ((1 << width) - 1) + 127) // 255) << shift
        return struct.pack("<I" if bit_count == 32 else "<H", v)

    def row(left: tuple[int, int, int], right: tuple[int, int, int]) -> bytes:
        line = value(left) * (w // 2) + value(right) * (w - w // 2)
        return line + bytes(stride - len(line))

    return row(BLUE, YELLOW) * (h - h // 2) + row(RED, GREEN) * (h // 2)


def assert_quadrants(blob: bytes, expected: tuple[tuple[int, int, int], ...]) -> None:
    ok, image = draw(blob)
    assert ok
    for (x, y), colour in zip(((25, 25), (75, 25), (25, 75), (75, 75)), expected, strict=True):
        assert near(rgb(image, x, y), colour, 24), ((x, y), rgb(image, x, y), colour)


def test_a_bitmap_over_the_pixel_limit_is_drawn_reduced(qapp: object) -> None:
    """A 1-bit scan of 9000 x 9000 (81 M pixels, 10 MB of bits) and a 4-bit 7000 x 7000 one were
    left out (over 40 M pixels): now they are box-reduced a band of rows at a time."""
    w = 9000
    two = (RED, BLUE)
    bits = packed_rows(w, w, 1, (0, 1, 1, 0))
    header = info_header(w, w, 1, colours=2) + palette(two)
    assert_quadrants(emf(stretch_dibits(0, 0, 100, 100, header, bits, w, w)), (RED, BLUE, BLUE, RED))
    w = 7000
    bits = packed_rows(w, w, 4, (0, 1, 2, 3))
    header = info_header(w, -w, 4, colours=4) + palette(QUADRANTS)  # top-down rows
    flipped = b"".join(bits[i : i + w // 2] for i in range(len(bits) - w // 2, -1, -(w // 2)))
    assert_quadrants(emf(stretch_dibits(0, 0, 100, 100, header, flipped, w, w)), QUADRANTS)


def test_bitfield_masks_give_the_colours(qapp: object) -> None:
    """BI_BITFIELDS names where each channel sits: red in the low byte of 32-bit pixels, or 4-4-4
    in 16-bit ones (their channels were read as BGRX and 5-5-5)."""
    w, h = 40, 30
    for bit_count, masks in ((32, (0x0000FF, 0x00FF00, 0xFF0000)), (16, (0x0F00, 0x00F0, 0x000F))):
        header = info_header(w, h, bit_count, compression=3) + struct.pack("<III", *masks)
        bits = masked_rows(w, h, bit_count, masks)
        assert_quadrants(emf(stretch_dibits(0, 0, 100, 100, header, bits, w, h)), QUADRANTS)


def test_a_bitmap_that_cannot_be_drawn_is_named_in_a_warning(tmp_path: Path) -> None:
    """A DIB declaring 100,000 x 100,000 pixels with 100 bytes of data is left out quickly, and the
    job says so (before: silently, the picture blank)."""
    header = info_header(100_000, 100_000, 24)
    blob = emf(stretch_dibits(0, 0, 100, 100, header, bytes(100), 100_000, 100_000))
    parts = hs.replace_media(hs.parts_of(hs.base_deck(picture=True)), blob, suffix=".emf")
    pdf, result = convert(hs.write_zip(tmp_path / "dib.pptx", parts), tmp_path)
    assert any("image1.emf" in w and "100000 x 100000" in w for w in result.warnings), result.warnings
    page = render_page(pdf)
    assert close(pixel(page, 200, 250), (255, 255, 255)), pixel(page, 200, 250)


def rle_rows(w: int, h: int, four: bool) -> bytes:
    """BI_RLE8 (or BI_RLE4) data of the four quadrants (palette indices 0-3), bottom row first:
    encoded runs of at most 254 pixels, and each row's first four pixels as an absolute run."""
    out = bytearray()
    for y in range(h):
        left, right = (2, 3) if y < h - h // 2 else (0, 1)
        if four:
            out += bytes((0, 4, (left << 4) | left, (left << 4) | left))  # absolute: 4 nibbles, 2 bytes
        else:
            out += bytes((0, 4, left, left, left, left))  # absolute: 4 bytes (word-aligned)
        for index, count in ((left, w // 2 - 4), (right, w - w // 2)):
            for done in range(0, count, 254):
                out += bytes((min(254, count - done), (index << 4) | index if four else index))
        out += b"\x00\x00"  # end of line
    out += b"\x00\x01"  # end of bitmap
    return bytes(out + bytes(-len(out) % 4))  # EMF records are whole 32-bit words


def test_run_length_bitmaps_small_and_over_the_pixel_limit(qapp: object) -> None:
    """RLE8 and RLE4 bitmaps draw their quadrants; one of 7000 x 7000 (49 M pixels, from 0.7 MB of
    runs) was left out (over 4 M pixels decoded in Python): runs now fill slices, and a bitmap
    over the pixel limit is decoded a band of rows at a time and reduced."""
    for w, h in ((40, 30), (7000, 7000)):
        for four, compression, bit_count in ((False, 1, 8), (True, 2, 4)):
            header = info_header(w, h, bit_count, compression, colours=4) + palette(QUADRANTS)
            blob = emf(stretch_dibits(0, 0, 100, 100, header, rle_rows(w, h, four), w, h))
            assert_quadrants(blob, QUADRANTS)


def test_a_png_bitmap_over_qts_allocation_limit_is_drawn_reduced(qapp: object) -> None:
    """A BI_PNG DIB of 9000 x 8200 (295 MB of pixels as Qt decodes them, over its 256 MB limit)
    was left out: it goes through the PNG bands, reduced, as a picture part's PNG does."""
    from test_picture_huge_png import _huge_png

    red, green, blue, yellow = (bytes(c) for c in QUADRANTS)
    png = _huge_png(9000, 8200, [red, green], [blue, yellow], color_type=2)
    header = struct.pack("<IiiHHIIiiII", 40, 9000, -8200, 1, 0, 5, len(png), 0, 0, 0, 0)
    assert_quadrants(emf(stretch_dibits(0, 0, 100, 100, header, png + bytes(-len(png) % 4), 9000, 8200)), QUADRANTS)


def test_a_flood_of_one_pixel_runs_stops_at_the_record_limit(qapp: object, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every pixel its own run record (legal, absurd): decoding stops at MAX_RLE_RECORDS (about a
    microsecond each), says so, and keeps the rows read; the rest is index 0."""
    from worker.render.metafile import dib
    from worker.render.metafile.budget import picture_budget

    monkeypatch.setattr(dib, "MAX_RLE_RECORDS", 100_000)
    w = h = 1000
    header = info_header(w, h, 8, 1, colours=4) + palette(QUADRANTS)
    flood = (b"\x01\x02" * w + b"\x00\x00") * h  # blue, one pixel a record, 1,001,000 records
    with picture_budget() as budget:
        image = dib.dib_image(header, flood)
    assert image is not None
    assert any("stopped after" in note for note in budget.notes), budget.notes
    bottom, top = image.pixelColor(500, h - 2), image.pixelColor(500, 10)
    assert (bottom.red(), bottom.green(), bottom.blue()) == BLUE  # bottom rows (stored first) read
    assert (top.red(), top.green(), top.blue()) == RED  # never reached: index 0
