"""PNGs too large to decode whole, decoded a band of rows at a time and reduced as they go.

Qt's PNG reader decodes a picture whole even when asked for it smaller, and refuses one whose
pixels exceed its allocation limit (256 MB: a 12,000 x 12,000 RGBA scan or poster export), which
then became a placeholder; PowerPoint shows such pictures. Raising the limit would let one picture
take gigabytes. Here the zlib stream is inflated a band at a time; each band, with the row above
it unfiltered as its first row (PNG filters look one row up, no further), is a small PNG Pillow
decodes exactly; the band is box-averaged down to the size asked for and pasted into the result.
Memory: one band (a few million pixels) and the result.

Only the common kind: 8 bits a sample, not interlaced (Adam7 passes cannot be cut into bands).
Others stay with Qt (and a placeholder when Qt refuses them).
"""

from __future__ import annotations

import logging
import math
import struct
import zlib
from io import BytesIO

from PySide6.QtGui import QImage

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


def banded(blob: bytes) -> bool:
    """Whether ``blob`` is a PNG this module can decode (8-bit samples, not interlaced, within
    MAX_BANDED_PIXELS and MAX_BANDED_WIDTH)."""
    header = _header(blob)
    if header is None or header[2] != 8 or header[3] not in _CHANNELS or header[6] != 0:
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
    width, height, _, color_type = header[:4]
    channels = _CHANNELS[color_type]
    kept, stream = _parts(blob)
    row = 1 + width * channels
    factor = math.floor if at_least else math.ceil
    fx = max(1, int(factor(width / max(1, size[0]))))
    fy = max(1, int(factor(height / max(1, size[1]))))
    band = max(fy, _BAND_PIXELS // max(1, width) // fy * fy)
    alpha = color_type in (4, 6) or b"tRNS" in kept
    mode = "RGBa" if alpha else "RGB"  # premultiplied: see-through pixels add no colour when averaged
    out = Image.new(mode, (math.ceil(width / fx), math.ceil(height / fy)))
    inflater = deflate.inflater()
    pending, above, lacking = stream, bytes(width * channels), ""
    for top in range(0, height, band):
        if lacking:
            break  # the rest stays zero: black, or see-through with alpha, as png_rows fills it
        rows = min(band, height - top)
        want = rows * row
        data = b""
        while len(data) < want and not lacking:
            try:
                piece = inflater.decompress(pending, want - len(data))
            except deflate.INFLATE_ERRORS:
                piece, lacking = b"", "its compressed pixel data is damaged"
            data += piece
            pending = inflater.unconsumed_tail
            if not piece and not lacking:
                lacking = "its pixel data ends early"
        whole = len(data) // row
        if whole < rows:  # the rows there are; black (zero samples) below, as png_rows does
            data = data[: whole * row] + (b"\x00" + bytes(row - 1)) * (rows - whole)
        # The row above, unfiltered (filter 0), then this band's rows as stored.
        decoded = Image.open(BytesIO(_png(width, rows + 1, header, kept, b"\x00" + above + data)))
        above = decoded.tobytes()[-width * channels :]
        image = decoded.convert("RGBA" if alpha else "RGB").crop((0, 1, width, rows + 1)).convert(mode)
        reduced = image.reduce((fx, fy)) if (fx, fy) != (1, 1) else image
        out.paste(reduced, (0, top // fy))
    if lacking:
        log.info("PNG of %d x %d decoded in bands: %s", width, height, lacking)
    log.info("PNG of %d x %d decoded in bands of %d rows, reduced %d x %d", width, height, band, fx, fy)
    fmt = QImage.Format.Format_RGBA8888_Premultiplied if alpha else QImage.Format.Format_RGB888
    pixels = out.tobytes()
    bytes_per_line = out.width * (4 if alpha else 3)
    return QImage(pixels, out.width, out.height, bytes_per_line, fmt).copy(), lacking


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
