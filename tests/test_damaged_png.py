"""A PNG whose chunks are whole but whose pixel data stops short (or runs on) goes into the PDF as
exactly its rows: the rows it holds, black below (as LibreOffice and libpng readers show it), with
a warning naming it. Before, its bytes went in as they were: PDF readers each coped in their own
way (Acrobat refuses an image whose data is short), and the job said nothing."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import hostile_support as hs
import pypdfium2 as pdfium
from render_support import close, convert, pixel, render_page

WIDTH, HEIGHT = 400, 300
# hs.base_deck(picture=True) puts its picture at (72 pt, 144 pt), 288 x 216 pt.
LEFT, TOP, W, H = 72.0, 144.0, 288.0, 216.0


def _rows() -> bytes:
    """A red-to-green ramp across, the same on every row, each row with filter byte 0."""
    row = b"\x00" + b"".join(bytes((255 - x * 255 // WIDTH, x * 255 // WIDTH, 60)) for x in range(WIDTH))
    return row * HEIGHT


def _png(stream: bytes) -> bytes:
    ihdr = struct.pack(">IIBBBBB", WIDTH, HEIGHT, 8, 2, 0, 0, 0)
    chunks = hs._png_chunk(b"IHDR", ihdr) + hs._png_chunk(b"IDAT", stream) + hs._png_chunk(b"IEND", b"")
    return b"\x89PNG\r\n\x1a\n" + chunks


def _convert(tmp_path: Path, png: bytes) -> tuple[Path, list[str]]:
    parts = hs.replace_media(hs.parts_of(hs.base_deck(picture=True)), png)
    pdf, result = convert(hs.write_zip(tmp_path / "png.pptx", parts), tmp_path)
    return pdf, result.warnings


def _image_data_sizes(pdf: Path) -> list[tuple[int, int]]:
    """(decoded bytes, bytes the image needs) of each image on page 1."""
    doc = pdfium.PdfDocument(str(pdf))
    try:
        found = []
        for obj in doc[0].get_objects():
            if obj.type == 3:  # image
                width, height = obj.get_px_size()
                found.append((len(obj.get_data(decode_simple=True)), width * height * 3))
        return found
    finally:
        doc.close()


def _image_streams(pdf: Path) -> list[tuple[list[str], bytes]]:
    doc = pdfium.PdfDocument(str(pdf))
    try:
        return [
            (obj.get_filters(), bytes(obj.get_data(decode_simple=False)))
            for obj in doc[0].get_objects()
            if obj.type == 3
        ]
    finally:
        doc.close()


def test_pixel_data_cut_short_is_drawn_as_far_as_it_goes_with_a_warning(tmp_path: Path) -> None:
    whole = zlib.compress(_rows())
    pdf, warnings = _convert(tmp_path, _png(whole[: len(whole) // 3]))
    said = [w for w in warnings if "image1.png" in w]
    assert said and said[0].startswith("Slide 1: picture image1.png is damaged"), warnings
    page = render_page(pdf)
    assert close(pixel(page, LEFT + 10, TOP + 5), (245, 10, 60), 30)  # the first rows, red at the left
    assert close(pixel(page, LEFT + W - 10, TOP + 5), (10, 245, 60), 30)  # green at the right
    assert close(pixel(page, LEFT + W / 2, TOP + H - 10), (0, 0, 0), 10)  # the rows it lacks: black
    assert [got >= need for got, need in _image_data_sizes(pdf)] == [True]


def test_pixel_data_running_on_is_cut_to_the_picture(tmp_path: Path) -> None:
    """The stream holds 1 GiB where the picture needs 360 KB: the PDF gets the picture's rows only."""
    rows = _rows()
    extra = hs.repeated_deflate(b"\x00" * (1 << 20), 1024)[:-2]  # full-flushed: joins the stream
    head = zlib.compressobj(9, zlib.DEFLATED, -15)
    body = head.compress(rows) + head.flush(zlib.Z_FULL_FLUSH) + extra + b"\x03\x00"
    adler = zlib.adler32(rows)
    for _ in range(1024):
        adler = zlib.adler32(b"\x00" * (1 << 20), adler)
    pdf, warnings = _convert(tmp_path, _png(b"\x78\xda" + body + struct.pack(">I", adler)))
    assert not [w for w in warnings if "image1.png" in w], warnings  # every row is there: nothing lost
    page = render_page(pdf)
    assert close(pixel(page, LEFT + 10, TOP + H - 10), (245, 10, 60), 30)
    for filters, stream in _image_streams(pdf):
        if filters == ["FlateDecode"]:  # what a reader inflates: the picture's rows, not a gigabyte
            inflater = zlib.decompressobj()
            assert len(inflater.decompress(stream, len(rows) + 1)) <= len(rows) and inflater.eof


def test_whole_pixel_data_goes_in_unchanged(tmp_path: Path) -> None:
    stream = zlib.compress(_rows())
    pdf, warnings = _convert(tmp_path, _png(stream))
    assert not [w for w in warnings if "image1.png" in w], warnings
    assert _image_streams(pdf) == [(["FlateDecode"], stream)]
