"""A PNG larger than Qt's image reader allocates (256 MB of pixels: 9000 x 8200 RGBA is 295 MB) is
drawn, as PowerPoint draws it, not replaced by a placeholder: it is decoded a band of rows at a time
and each band reduced, so the whole picture is never in memory."""

from __future__ import annotations

import io
import random
import struct
import zlib
from pathlib import Path

import pytest
from hostile_support import png_declaring
from PIL import Image
from PySide6.QtGui import QImage
from render_support import blank_slide, close, convert, new_deck, pixel, render_page

from worker.render import png_bands

EMU_PT = 12700
WIDTH, HEIGHT = 9000, 8200


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def _huge_png(width: int, height: int, top: list[bytes], bottom: list[bytes], color_type: int) -> bytes:
    """Left and right halves in the ``top`` colours, then the ``bottom`` ones, each row filtered
    'Up' (a copy of the row above: a band decoded without the row before it comes out wrong)."""

    def row(left: bytes, right: bytes) -> bytes:
        return left * (width // 2) + right * (width - width // 2)

    return _packed_png(width, height, 8, color_type, row(*top), row(*bottom), b"")


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


def test_a_large_png_whose_data_ends_early_stops_at_the_last_band_it_has(monkeypatch: pytest.MonkeyPatch) -> None:
    # A few hundred bytes can declare 20,000 x 20,000 (500 bands of 40 rows): once the data ends,
    # the rest is left black rather than 499 bands of zeros decoded one by one.
    made: list[int] = []
    original = png_bands._png

    def counting(width: int, height: int, *rest: object) -> bytes:
        made.append(height)
        return original(width, height, *rest)  # type: ignore[arg-type]

    monkeypatch.setattr(png_bands, "_png", counting)
    image, lacking = png_bands.reduced_png(png_declaring(20_000, 20_000), (500, 500), at_least=True)
    assert image is not None and (image.width(), image.height()) == (500, 500)
    assert lacking == "its pixel data ends early"
    assert len(made) == 1


def test_pngs_past_the_banded_bounds_are_left_to_qt() -> None:
    # 100,000 x 100,000 (a bomb of 100 bytes) and a 60,000-pixel-wide strip: a placeholder, as
    # Qt's reader leaves them, never tens of seconds of bands or a row of gigabytes.
    assert png_bands.banded(png_declaring(20_000, 20_000))
    assert not png_bands.banded(png_declaring(100_000, 100_000))
    assert not png_bands.banded(png_declaring(60_000, 10))


def _packed_png(width: int, height: int, depth: int, color_type: int, top: bytes, bottom: bytes, extra: bytes) -> bytes:
    """Rows given already packed (``top`` for the upper half, ``bottom`` below), filtered 'Up' as
    in _huge_png, at ``depth`` bits a sample; ``extra`` chunks (a palette) before the data."""
    turn = bytes((b - a) & 0xFF for a, b in zip(top, bottom, strict=True))
    same = b"\x02" + bytes(len(top))
    packer = zlib.compressobj(1)
    pieces = [packer.compress(b"\x00" + top)]
    for y in range(1, height):
        pieces.append(packer.compress(b"\x02" + turn if y == height // 2 else same))
    pieces.append(packer.flush())
    header = struct.pack(">IIBBBBB", width, height, depth, color_type, 0, 0, 0)
    body = _chunk(b"IHDR", header) + extra + _chunk(b"IDAT", b"".join(pieces)) + _chunk(b"IEND", b"")
    return b"\x89PNG\r\n\x1a\n" + body


def _halves(width: int, depth: int, left: int, right: int) -> bytes:
    """One row of ``width`` samples of ``depth`` bits (below 8): ``left`` then ``right``."""
    per = 8 // depth
    values = [left] * (width // 2) + [right] * (width - width // 2)
    values += [0] * (-len(values) % per)
    return bytes(sum(values[i + k] << (8 - depth * (k + 1)) for k in range(per)) for i in range(0, len(values), per))


def _drawn(tmp_path: Path, blob: bytes) -> tuple[dict[tuple[int, int], tuple[int, int, int]], list[str]]:
    picture = tmp_path / "huge.png"
    picture.write_bytes(blob)
    prs = new_deck()
    slide = blank_slide(prs)
    slide.shapes.add_picture(str(picture), 100 * EMU_PT, 100 * EMU_PT, 400 * EMU_PT, 300 * EMU_PT)
    pdf, result = convert(prs, tmp_path)
    page = render_page(pdf)
    return {(x, y): pixel(page, x, y) for x in (150, 450) for y in (150, 350)}, result.warnings


# python-pptx opens the picture with Pillow to read its size while the test builds the deck.
@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
@pytest.mark.parametrize("depth", [1, 4])
def test_a_huge_palette_png_below_eight_bits_is_drawn(tmp_path: Path, depth: int) -> None:
    """A 1-bit (or 4-bit) palette PNG of 12,000 x 12,000 (a 1200 dpi scan) was a placeholder: Qt
    expands it to 32 bits a pixel, over its limit. Its packed rows go through the bands too."""
    size = 12_000
    palette = _chunk(b"PLTE", b"\xff\x00\x00\x00\x00\xff")  # 0 red, 1 blue
    top, bottom = _halves(size, depth, 0, 1), _halves(size, depth, 1, 0)
    colours, warnings = _drawn(tmp_path, _packed_png(size, size, depth, 3, top, bottom, palette))
    red, blue = (255, 0, 0), (0, 0, 255)
    expected = {(150, 150): red, (450, 150): blue, (150, 350): blue, (450, 350): red}
    for at, colour in expected.items():
        assert close(colours[at], colour), (at, colours[at])
    assert not [w for w in warnings if "placeholder" in w]


def test_a_huge_sixteen_bit_png_is_drawn(tmp_path: Path) -> None:
    """16 bits a sample, 8000 x 6000 RGB (48 M pixels, 288 MB as stored): a placeholder before."""
    width, height = 8000, 6000

    def sample(*rgb: int) -> bytes:
        return b"".join(struct.pack(">H", v * 256 + 0x5A) for v in rgb)  # low bytes not zero

    top = sample(255, 0, 0) * (width // 2) + sample(0, 160, 0) * (width - width // 2)
    bottom = sample(0, 0, 255) * (width // 2) + sample(255, 220, 0) * (width - width // 2)
    colours, warnings = _drawn(tmp_path, _packed_png(width, height, 16, 2, top, bottom, b""))
    expected = {(150, 150): (255, 0, 0), (450, 150): (0, 160, 0), (150, 350): (0, 0, 255), (450, 350): (255, 220, 0)}
    for at, colour in expected.items():
        assert close(colours[at], colour), (at, colours[at])
    assert not [w for w in warnings if "placeholder" in w]


def _interlaced_png(width: int, height: int, colours: list[tuple[int, int, int]], depth: int = 16) -> bytes:
    """An RGB Adam7 PNG (16 or 8 bits a sample) of four quadrants (``colours``: top left, top right,
    bottom left, bottom right), each pass's rows unfiltered."""
    passes = ((0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2))

    def sample(rgb: tuple[int, int, int]) -> bytes:
        return bytes(rgb) if depth == 8 else b"".join(struct.pack(">H", v * 257) for v in rgb)

    packer = zlib.compressobj(1)
    pieces = []
    for x0, y0, dx, dy in passes:
        xs = range(x0, width, dx)
        left = len(range(x0, width // 2, dx))
        for y in range(y0, height, dy):
            a, b = colours[:2] if y < height // 2 else colours[2:]
            pieces.append(packer.compress(b"\x00" + sample(a) * left + sample(b) * (len(xs) - left)))
    pieces.append(packer.flush())
    header = struct.pack(">IIBBBBB", width, height, depth, 2, 0, 0, 1)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", b"".join(pieces)) + _chunk(b"IEND", b"")


def test_a_large_interlaced_sixteen_bit_png_is_drawn(tmp_path: Path) -> None:
    """Qt refuses 8000 x 6000 at 16 bits (8 bytes a pixel, over its 256 MB): its passes are read a
    band at a time and reduced (png_bands)."""
    colours = [(255, 0, 0), (0, 160, 0), (0, 0, 255), (255, 220, 0)]
    drawn, warnings = _drawn(tmp_path, _interlaced_png(8000, 6000, colours))
    for at, colour in zip(((150, 150), (450, 150), (150, 350), (450, 350)), colours, strict=True):
        assert close(drawn[at], colour), (at, drawn[at])
    assert not [w for w in warnings if "placeholder" in w]


_ADAM7 = ((0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2))


def _filtered(rows: list[bytes], bpp: int) -> bytes:
    """``rows`` (raw samples) with PNG filters 0 to 4 in turn, as a writer choosing per row may."""

    def paeth(a: int, b: int, c: int) -> int:
        p = a + b - c
        pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
        return a if pa <= pb and pa <= pc else b if pb <= pc else c

    out = []
    above = bytes(len(rows[0])) if rows else b""
    for y, row in enumerate(rows):
        kind = y % 5
        line = bytearray(len(row))
        for i, value in enumerate(row):
            a = row[i - bpp] if i >= bpp else 0
            b, c = above[i], above[i - bpp] if i >= bpp else 0
            guess = (0, a, b, (a + b) // 2, paeth(a, b, c))[kind]
            line[i] = (value - guess) & 0xFF
        out.append(bytes([kind]) + bytes(line))
        above = row
    return b"".join(out)


def adam7_png(image: Image.Image) -> bytes:
    """``image`` (RGB or RGBA) as an 8-bit interlaced PNG, each pass's rows filtered by turns."""
    channels = len(image.getbands())
    raw = image.tobytes()
    width, height = image.size
    data = []
    for x0, y0, dx, dy in _ADAM7:
        if x0 >= width or y0 >= height:
            continue
        rows = []
        for y in range(y0, height, dy):
            line = raw[y * width * channels : (y + 1) * width * channels]
            rows.append(b"".join(line[x * channels : (x + 1) * channels] for x in range(x0, width, dx)))
        data.append(_filtered(rows, channels))
    header = struct.pack(">IIBBBBB", width, height, 8, 6 if channels == 4 else 2, 0, 0, 1)
    body = _chunk(b"IHDR", header) + _chunk(b"IDAT", zlib.compress(b"".join(data))) + _chunk(b"IEND", b"")
    return b"\x89PNG\r\n\x1a\n" + body


@pytest.mark.parametrize(("mode", "width", "height"), [("RGB", 45, 37), ("RGBA", 45, 37), ("RGB", 4, 19)])
def test_an_interlaced_png_decoded_in_bands_has_every_pixel_in_its_place(
    monkeypatch: pytest.MonkeyPatch, mode: str, width: int, height: int
) -> None:
    """Each pass's pixels go to their own columns and rows, and each pass's filters see the row above
    it in that pass, across bands (a band here is a few rows, not 4 M pixels): the banded decode is
    Pillow's whole decode pixel for pixel. Odd sizes leave some passes short and one empty."""
    rng = random.Random(7)
    width, height = 45, 37
    channels = len(mode)
    picture = Image.frombytes(
        mode, (width, height), bytes(rng.randrange(256) for _ in range(width * height * channels))
    )
    if mode == "RGBA":  # opaque: premultiplied pixels then equal the stored ones
        picture.putalpha(255)
    blob = adam7_png(picture)
    assert Image.open(io.BytesIO(blob)).convert(mode).tobytes() == picture.tobytes()  # the encoder is right
    monkeypatch.setattr(png_bands, "_BAND_PIXELS", width * 5)
    image, lacking = png_bands.reduced_png(blob, (width, height), at_least=True)
    assert image is not None and lacking == ""
    fmt = QImage.Format.Format_RGBA8888 if mode == "RGBA" else QImage.Format.Format_RGB888
    image = image.convertToFormat(fmt)
    data, line = bytes(image.constBits()), image.bytesPerLine()
    rows = [data[y * line : y * line + width * channels] for y in range(height)]
    assert b"".join(rows) == picture.tobytes()


def test_an_interlaced_png_past_qts_limit_is_drawn(tmp_path: Path) -> None:
    """9000 x 8000 8-bit RGB, interlaced: 72 M pixels, over what Qt's reader allocates (256 MB as
    32-bit pixels, 8192 x 8192) and over what Pillow's whole decode took (64 M pixels). It was a
    placeholder; decoded in bands it is drawn."""
    colours = [(255, 0, 0), (0, 160, 0), (0, 0, 255), (255, 220, 0)]
    drawn, warnings = _drawn(tmp_path, _interlaced_png(9000, 8000, colours, depth=8))
    for at, colour in zip(((150, 150), (450, 150), (150, 350), (450, 350)), colours, strict=True):
        assert close(drawn[at], colour), (at, drawn[at])
    assert not [w for w in warnings if "placeholder" in w]


def test_an_interlaced_png_whose_data_ends_early_keeps_the_passes_it_has() -> None:
    # A few hundred bytes declaring 20,000 x 20,000, interlaced: the first pass's rows that are
    # there, the rest black; the bands stop once no pass has data left.
    blob = bytearray(png_declaring(20_000, 20_000))
    blob[28] = 1  # IHDR's interlace method
    blob[29:33] = zlib.crc32(bytes(blob[12:29])).to_bytes(4, "big")
    image, lacking = png_bands.reduced_png(bytes(blob), (500, 500), at_least=True)
    assert image is not None and (image.width(), image.height()) == (500, 500)
    assert lacking == "its pixel data ends early"
