"""A PNG's pixel data reaches Qt's decoder inflated (by zlib-ng, in png_rows) and stored in
deflate's uncompressed blocks, so libpng copies the rows instead of inflating them with Qt's slower
zlib. The pixels Qt makes of it are those it makes of the PNG as written, for every kind of PNG."""

from __future__ import annotations

import io
import random
import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import QByteArray
from PySide6.QtGui import QImage
from render_support import blank_slide, convert, new_deck

from worker.render import images, png_rows


def _noise(mode: str, size: tuple[int, int] = (150, 90)) -> Image.Image:
    rng = random.Random(7)
    bands = {"RGB": 3, "RGBA": 4, "L": 1, "LA": 2}[mode]
    # Few levels, so the rows deflate (Pillow stores rows that do not shrink).
    data = bytes(rng.randrange(4) * 85 if i % 5 else (i // 7) % 256 for i in range(size[0] * size[1] * bands))
    return Image.frombytes(mode, size, data)


def _png(picture: Image.Image, **options: object) -> bytes:
    out = io.BytesIO()
    picture.save(out, "PNG", **options)
    return out.getvalue()


def _kinds() -> dict[str, bytes]:
    palette = _noise("RGB").convert("P", palette=Image.Palette.ADAPTIVE, colors=40)
    wide = Image.frombytes("I;16", (64, 40), bytes(random.Random(3).randrange(3) * 100 for _ in range(64 * 40 * 2)))
    return {
        "rgb": _png(_noise("RGB")),
        "rgba": _png(_noise("RGBA")),
        "grey": _png(_noise("L")),
        "grey-alpha": _png(_noise("LA")),
        "palette": _png(palette, transparency=3),
        "16-bit": _png(wide),
        "1-bit": _png(Image.frombytes("1", (150, 90), bytes((x * 37 + x // 9) % 256 for x in range(19 * 90)))),
    }


def _idat_stream(blob: bytes) -> bytes:
    found = png_rows._chunks(blob)
    assert found is not None
    return found[3]


def _rows(image: QImage) -> list[bytes]:
    """Each row's pixels: the bytes they take, the bits past the last pixel of a 1-bit row cleared
    (libpng leaves the buffer's own bits there, whatever its memory held before)."""
    data = bytes(image.constBits())
    bits = image.width() * image.depth()
    used, spare = (bits + 7) // 8, -bits % 8
    rows = []
    for y in range(image.height()):
        row = bytearray(data[y * image.bytesPerLine() : y * image.bytesPerLine() + used])
        row[-1] &= 0xFF << spare & 0xFF
        rows.append(bytes(row))
    return rows


@pytest.mark.parametrize("kind", list(_kinds()))
def test_qt_gets_stored_rows_and_draws_the_same_pixels(kind: str, monkeypatch: pytest.MonkeyPatch) -> None:
    blob = _kinds()[kind]
    assert (_idat_stream(blob)[2] >> 1) & 3 != 0  # Pillow deflated the rows (not stored blocks)
    handed: list[bytes] = []

    def recording(data: bytes) -> QByteArray:
        handed.append(bytes(data))
        return QByteArray(data)

    monkeypatch.setattr(images, "QByteArray", recording)
    decoded = images.decode_image(blob)
    assert decoded is not None
    stream = _idat_stream(handed[-1])
    # zlib header, then a stored block: BTYPE (bits 1-2 of the first block byte) is 00.
    assert (stream[2] >> 1) & 3 == 0
    direct = QImage.fromData(blob)
    assert (decoded.format(), decoded.size()) == (direct.format(), direct.size())
    assert decoded.colorTable() == direct.colorTable()
    assert _rows(decoded) == _rows(direct)


def test_damaged_and_oversized_pngs_keep_the_whole_rows_path() -> None:
    blob = _kinds()["rgb"]
    first, last, _header, stream = png_rows._chunks(blob)  # type: ignore[misc]
    cut = stream[: len(stream) // 2]
    chunk = struct.pack(">I", len(cut)) + b"IDAT" + cut + struct.pack(">I", zlib.crc32(b"IDAT" + cut))
    damaged = blob[:first] + chunk + blob[last:]
    assert png_rows.rows_for_decoding(damaged) == png_rows.whole_rows(damaged)
    assert png_rows.rows_for_decoding(damaged)[1] == png_rows.DATA_ENDS_EARLY
    small = png_rows.MAX_STORED_BYTES
    try:
        png_rows.MAX_STORED_BYTES = 100
        assert png_rows.rows_for_decoding(blob) == (blob, "")
    finally:
        png_rows.MAX_STORED_BYTES = small


def test_a_deck_keeps_no_rows_for_the_next(tmp_path: Path) -> None:
    # A PNG drawn as stored, too small to be tried as a photograph: its rows are checked for the
    # PDF's stream and kept for a decode that never comes; the deck's end lets them go.
    prs = new_deck()
    picture = tmp_path / "logo.png"
    picture.write_bytes(_kinds()["rgb"])
    blank_slide(prs).shapes.add_picture(str(picture), 914400, 914400)
    pdf, _ = convert(prs, tmp_path)
    assert pdf.exists()
    assert png_rows._last_rows == {}
