"""PNGs too large to decode whole, decoded a band of rows at a time and reduced as they go.

Qt's PNG reader decodes a picture whole even when asked for it smaller, and refuses one whose
pixels exceed its allocation limit (256 MB: a 12,000 x 12,000 RGBA scan or poster export), which
then became a placeholder; PowerPoint shows such pictures. Raising the limit would let one picture
take gigabytes. Here the zlib stream is inflated a band at a time; each band, with the row above
it unfiltered as its first row (PNG filters look one row up, no further), is a small PNG Pillow
decodes exactly; the band is box-averaged down to the size asked for and pasted into the result.
Memory: one band (a few million pixels) and the result.

An interlaced (Adam7) picture stores seven passes one after the other, each a smaller picture of
every eighth, fourth or second pixel: a band of rows needs a piece of every pass. So the stream is
inflated once to find where each pass starts, keeping the inflater's state there (zlib copies it:
its 32 KB window and bit position), and each pass is then read from its own copy, a band at a time,
its pixels put in their places in the band.

Below 8 bits a sample, the filters work on whole bytes (one byte to the left), so a band is
handed to Pillow as 8-bit grey rows of the packed bytes and unpacked after.
At 16 bits Pillow keeps each sample's high byte, and filters never carry from one byte of a pixel
to another, so the row above is rebuilt from the high bytes exactly enough: its low bytes only
feed the low bytes below, which nobody draws.
"""

from __future__ import annotations

import logging
import math
import struct
import zlib
from io import BytesIO
from typing import TYPE_CHECKING

from PySide6.QtGui import QImage

if TYPE_CHECKING:
    from PIL.Image import Image as PilImage

from worker.render import deflate

log = logging.getLogger(__name__)

_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}  # samples per pixel by colour type
_BAND_PIXELS = 4_000_000  # decoded at a time (16 MB as RGBA)
# The chunks a band needs besides its pixels: the palette and transparency.
_KEPT = (b"PLTE", b"tRNS")


# Bounds on what is decoded in bands (about 30 ns a pixel): a 20,000 x 20,000 poster takes ~12 s;
# past them a picture is a placeholder, as Qt leaves it. A few hundred bytes of PNG can declare
# 100,000 x 100,000, and a 40 MB file of deflated zeros fills 20,000 x 20,000.
MAX_BANDED_PIXELS = 400_000_000
MAX_BANDED_WIDTH = 50_000


# Bits a sample by colour type, as the PNG specification allows them.
_DEPTHS = {0: (1, 2, 4, 8, 16), 2: (8, 16), 3: (1, 2, 4, 8), 4: (8, 16), 6: (8, 16)}


def banded(blob: bytes) -> bool:
    """Whether ``blob`` is a PNG this module can decode (within MAX_BANDED_PIXELS and
    MAX_BANDED_WIDTH)."""
    header = _header(blob)
    if header is None or header[2] not in _DEPTHS.get(header[3], ()) or header[6] not in (0, 1):
        return False
    width, height = header[0], header[1]
    return 0 < width <= MAX_BANDED_WIDTH and height > 0 and width * height <= MAX_BANDED_PIXELS


def reduced_png(blob: bytes, size: tuple[int, int], at_least: bool) -> tuple[QImage | None, str]:
    """The PNG ``blob`` reduced by whole factors to about ``size`` (at least that big when
    ``at_least``, else at most), and what its pixel data lacked ('' when nothing)."""
    try:
        return _reduced(blob, size, at_least)
    except (ImportError, OSError, ValueError, struct.error, zlib.error) as exc:
        log.info("PNG could not be decoded in bands: %s", exc)
        return None, ""


def _header(blob: bytes) -> tuple[int, ...] | None:
    if not blob.startswith(_SIGNATURE) or len(blob) < 33 or blob[12:16] != b"IHDR":
        return None
    return struct.unpack(">IIBBBBB", blob[16:29])


def _reduced(blob: bytes, size: tuple[int, int], at_least: bool) -> tuple[QImage | None, str]:
    from PIL import Image  # Pillow is imported where needed (see picture_jpeg)

    header = _header(blob)
    if header is None:
        return None, ""
    width, height, depth, color_type = header[:4]
    kept, stream = _parts(blob)
    if depth != 8 and color_type in (0, 2) and b"tRNS" in kept:
        log.info("PNG of %d x %d: a %d-bit colour key is not decoded in bands", width, height, depth)
        return None, ""
    factor = math.floor if at_least else math.ceil
    fx = max(1, int(factor(width / max(1, size[0]))))
    fy = max(1, int(factor(height / max(1, size[1]))))
    band = max(fy, _BAND_PIXELS // max(1, width) // fy * fy)
    alpha = color_type in (4, 6) or b"tRNS" in kept
    mode = "RGBa" if alpha else "RGB"  # premultiplied: see-through pixels add no colour when averaged
    out = Image.new(mode, (math.ceil(width / fx), math.ceil(height / fy)))
    if header[6] == 1:
        lacking = _interlaced_bands(header, kept, stream, band, (fx, fy), out)
    else:
        lacking = _bands(header, kept, stream, band, (fx, fy), out)
    if lacking:
        log.info("PNG of %d x %d decoded in bands: %s", width, height, lacking)
    log.info("PNG of %d x %d decoded in bands of %d rows, reduced %d x %d", width, height, band, fx, fy)
    fmt = QImage.Format.Format_RGBA8888_Premultiplied if alpha else QImage.Format.Format_RGB888
    pixels = out.tobytes()
    bytes_per_line = out.width * (4 if alpha else 3)
    return QImage(pixels, out.width, out.height, bytes_per_line, fmt).copy(), lacking


def _bands(
    header: tuple[int, ...], kept: dict[bytes, bytes], stream: bytes, band: int, factors: tuple[int, int], out: PilImage
) -> str:
    """A non-interlaced picture's rows decoded ``band`` at a time into ``out``, reduced by ``factors``;
    what its data lacked ('' when nothing)."""
    width, height, depth, color_type = header[:4]
    stored = (width * _CHANNELS[color_type] * depth + 7) // 8
    row = 1 + stored
    alpha = out.mode == "RGBa"
    inflater, view, offset = deflate.inflater(), memoryview(stream), 0
    above, lacking = bytes(stored), ""
    for top in range(0, height, band):
        if lacking:
            break  # the rest stays zero: black, or see-through with alpha, as png_rows fills it
        rows = min(band, height - top)
        data, offset, lacking = _inflated(inflater, view, offset, rows * row)
        data = _padded(data, row, rows)
        # The row above, unfiltered (filter 0), then this band's rows as stored.
        image, above = _band(header, kept, stored, rows, b"\x00" + above + data)
        _paste(image.convert("RGBA" if alpha else "RGB"), factors, top, out)
    return lacking


# Adam7's passes: the first column and row of each, and its steps across and down.
_ADAM7 = ((0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2))
_INPUT = 1 << 16  # compressed bytes handed to an inflater at a time (its leftover input is copied)


class _Pass:
    """One pass of an interlaced picture read from its own inflater, a band of its rows at a time."""

    def __init__(self, header: tuple[int, ...], index: int, inflater: deflate.Inflater, offset: int) -> None:
        width, height, depth, color_type = header[:4]
        self.x0, self.y0, self.dx, self.dy = _ADAM7[index]
        self.width = (width - self.x0 + self.dx - 1) // self.dx
        self.height = (height - self.y0 + self.dy - 1) // self.dy
        self.header = (self.width, self.height, *header[2:6], 0)
        self.stored = (self.width * _CHANNELS[color_type] * depth + 7) // 8
        self.above = bytes(self.stored)
        self.inflater, self.offset = inflater, offset
        self.done = 0  # rows read
        self.lacking = ""

    def rows_in(self, top: int, bottom: int) -> range:
        """The indices of this pass's rows that lie in the picture's rows ``top`` to ``bottom``."""
        first = max(0, -(-(top - self.y0) // self.dy))
        last = min(self.height, -(-(bottom - self.y0) // self.dy))
        return range(first, max(first, last))


def _inflated(inflater: deflate.Inflater, stream: memoryview, offset: int, want: int) -> tuple[bytes, int, str]:
    """Up to ``want`` bytes from ``inflater`` fed ``stream`` from ``offset``: (the bytes, the offset
    after the input it took, what was wrong: '' when nothing)."""
    out: list[bytes] = []
    have = 0
    while have < want:
        piece = stream[offset : offset + _INPUT]
        try:
            got = inflater.decompress(piece, want - have)
        except deflate.INFLATE_ERRORS:
            return b"".join(out), offset, "its compressed pixel data is damaged"
        offset += len(piece) - len(inflater.unconsumed_tail)
        if not got and offset >= len(stream):
            return b"".join(out), offset, "its pixel data ends early"
        out.append(got)
        have += len(got)
    return b"".join(out), offset, ""


def _padded(data: bytes, row: int, rows: int) -> bytes:
    """``rows`` stored rows of ``row`` bytes: those ``data`` holds whole, then rows of zero samples
    (black, or see-through with alpha), as png_rows fills a picture whose data ends early."""
    whole = len(data) // row
    if whole >= rows:
        return data
    return data[: whole * row] + (b"\x00" + bytes(row - 1)) * (rows - whole)


def _passes(header: tuple[int, ...], stream: memoryview) -> tuple[list[_Pass], str]:
    """The passes with pixels, each with an inflater where its data starts (the stream inflated once,
    its output dropped); those the data does not reach are left out, and what it lacked is said."""
    passes: list[_Pass] = []
    inflater, offset = deflate.inflater(), 0
    for index in range(len(_ADAM7)):
        found = _Pass(header, index, inflater.copy(), offset)
        if found.width <= 0 or found.height <= 0:
            continue  # an empty pass has no bytes, not even filter bytes
        passes.append(found)
        left = found.height * (1 + found.stored)
        while left:
            got, offset, lacking = _inflated(inflater, stream, offset, min(left, 1 << 20))
            left -= len(got)
            if lacking:
                return passes, lacking
    return passes, ""


def _interlaced_bands(
    header: tuple[int, ...], kept: dict[bytes, bytes], stream: bytes, band: int, factors: tuple[int, int], out: PilImage
) -> str:
    """An interlaced picture decoded ``band`` rows at a time into ``out``, reduced by ``factors``:
    each pass's rows in the band decoded and their pixels put in place; what its data lacked."""
    from PIL import Image

    width, height = header[:2]
    alpha = out.mode == "RGBa"
    channels = 4 if alpha else 3
    view = memoryview(stream)
    passes, lacking = _passes(header, view)
    for top in range(0, height, band):
        if all(found.lacking or found.done == found.height for found in passes):
            break  # nothing more to read: the rest stays zero, as png_rows fills it
        rows = min(band, height - top)
        canvas = bytearray(width * rows * channels)
        for found in passes:
            indices = found.rows_in(top, top + rows)
            if not indices or found.lacking:
                continue
            row = 1 + found.stored
            data, found.offset, found.lacking = _inflated(found.inflater, view, found.offset, len(indices) * row)
            data = _padded(data, row, len(indices))
            found.done += len(indices)
            image, found.above = _band(found.header, kept, found.stored, len(indices), b"\x00" + found.above + data)
            pixels = image.convert("RGBA" if alpha else "RGB").tobytes()
            span = found.width * channels
            step = found.dx * channels
            for k, index in enumerate(indices):
                start = (found.y0 + index * found.dy - top) * width * channels + found.x0 * channels
                end = start - found.x0 * channels + width * channels
                source = pixels[k * span : (k + 1) * span]
                for channel in range(channels):
                    canvas[start + channel : end : step] = source[channel::channels]
        _paste(Image.frombytes("RGBA" if alpha else "RGB", (width, rows), bytes(canvas)), factors, top, out)
    return lacking or next((found.lacking for found in passes if found.lacking), "")


def _paste(image: PilImage, factors: tuple[int, int], top: int, out: PilImage) -> None:
    """A band (RGB, or RGBA with alpha) reduced by ``factors`` into ``out`` at the picture's row ``top``."""
    image = image.convert(out.mode)
    reduced = image.reduce(factors) if factors != (1, 1) else image
    out.paste(reduced, (0, top // factors[1]))


def _band(
    header: tuple[int, ...], kept: dict[bytes, bytes], stored: int, rows: int, filtered: bytes
) -> tuple[PilImage, bytes]:
    """The band's ``rows`` decoded (the row above, first in ``filtered``, left out) and its last row
    unfiltered, to go above the next band."""
    from PIL import Image

    width, _, depth, color_type = header[:4]
    if depth < 8:  # packed: the filters see bytes, as in 8-bit grey rows of the packed bytes
        grey = (stored, rows + 1, 8, 0, 0, 0, 0)
        raw = Image.open(BytesIO(_png(stored, rows + 1, grey, {}, filtered))).tobytes()
        packed = raw[stored:]
        if color_type == 3:
            image = Image.frombytes("P", (width, rows), packed, "raw", f"P;{depth}")
            image.putpalette(kept.get(b"PLTE", b""))
            if b"tRNS" in kept:
                image.info["transparency"] = kept[b"tRNS"]
        else:
            image = Image.frombytes(
                "1" if depth == 1 else "L", (width, rows), packed, "raw", "1" if depth == 1 else f"L;{depth}"
            )
        return image, raw[-stored:]
    decoded = Image.open(BytesIO(_png(width, rows + 1, header, kept, filtered)))
    if depth == 8:
        return decoded.crop((0, 1, width, rows + 1)), decoded.tobytes()[-stored:]
    if decoded.mode == "I;16":  # 16-bit grey: Pillow keeps every bit
        raw = decoded.tobytes("raw", "I;16B")
        return Image.frombytes("L", (width, rows), raw[2 * width :: 2]), raw[-stored:]
    high = decoded.tobytes()[-stored // 2 :]  # the last row's high bytes (8-bit modes of Pillow's)
    last = bytearray(stored)
    last[0::2] = high
    return decoded.crop((0, 1, width, rows + 1)), bytes(last)


def _parts(blob: bytes) -> tuple[dict[bytes, bytes], bytes]:
    """The palette and transparency chunks (by kind) and the joined pixel data."""
    kept: dict[bytes, bytes] = {}
    idat: list[bytes] = []
    pos = len(_SIGNATURE)
    while pos + 12 <= len(blob):
        length, kind = struct.unpack(">I4s", blob[pos : pos + 8])
        body = blob[pos + 8 : pos + 8 + length]
        if kind in _KEPT:
            kept[kind] = body
        elif kind == b"IDAT":
            idat.append(body)
        elif kind == b"IEND":
            break
        pos += 12 + length
    return kept, b"".join(idat)


def _png(width: int, height: int, header: tuple[int, ...], kept: dict[bytes, bytes], rows: bytes) -> bytes:
    """A PNG of ``rows`` (filtered, as stored) with the original's header fields and chunks."""
    ihdr = struct.pack(">IIBBBBB", width, height, *header[2:])
    chunks = [_chunk(b"IHDR", ihdr)]
    chunks += [_chunk(kind, kept[kind]) for kind in _KEPT if kind in kept]
    # Stored, not compressed again: Pillow only copies it out.
    chunks.append(_chunk(b"IDAT", zlib.compress(rows, 0)))
    chunks.append(_chunk(b"IEND", b""))
    return _SIGNATURE + b"".join(chunks)


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
