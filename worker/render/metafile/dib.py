"""Device-independent bitmaps (BITMAPINFO + bits) to QImage, with size checks.

A bitmap over MAX_BITMAP_PIXELS (a 1200 dpi scan, a poster) is box-reduced by a whole factor to at
most REDUCED_SIDE pixels across, a band of rows at a time, so memory stays bounded; the reduced
image carries its full size (``full_size``) for source rectangles given in the bitmap's pixels. A
bitmap that cannot be drawn at all is noted on the picture's budget, and the job names it.
"""

from __future__ import annotations

import logging
import struct
from collections.abc import Callable

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter

from ..decoder_stderr import image_from_data
from ..png_bands import banded, reduced_png
from .budget import active_budget
from .objects import MAX_BITMAP_PIXELS

log = logging.getLogger(__name__)

BI_RGB = 0
BI_RLE8 = 1
BI_RLE4 = 2
BI_BITFIELDS = 3
BI_JPEG = 4
BI_PNG = 5

MAX_SIDE = 100_000  # a band of rows reduced together is then at most 2.5 M pixels
REDUCED_SIDE = 4096  # about 300 dpi across a whole 13.3 in slide
_BAND_PIXELS = 4_000_000
# Run-length records read for one bitmap (about 1 us each): a flood of one-pixel runs stops here.
MAX_RLE_RECORDS = 4_000_000
_FULL_SIZE = "slidepress-dib-size"  # QImage text: "w h" of a reduced bitmap
_HI_NIBBLE = bytes(b >> 4 for b in range(256))
_LO_NIBBLE = bytes(b & 0x0F for b in range(256))


def packed_dib_image(data: bytes, alpha: bool = False) -> QImage | None:
    """A packed DIB (header, colour table and bits back to back), as WMF records hold them."""
    layout = _header(data)
    if layout is None:
        return None
    return dib_image(data[: layout.bits_offset], data[layout.bits_offset :], alpha)


def dib_image(header: bytes, bits: bytes, alpha: bool = False) -> QImage | None:
    """Decode a DIB; ``alpha`` keeps 32-bit alpha (premultiplied, as AlphaBlend expects)."""
    layout = _header(header)
    if layout is None:
        return None
    try:
        return _decode(layout, header, bits, alpha)
    except (struct.error, ValueError, IndexError) as exc:
        log.debug("unreadable DIB: %s", exc)
        return None


def full_size(image: QImage) -> tuple[int, int]:
    """The bitmap's own size in pixels: a reduced one's before reduction."""
    text = image.text(_FULL_SIZE)
    if text:
        w, h = text.split()
        return int(w), int(h)
    return image.width(), image.height()


def in_image_pixels(image: QImage, source: QRectF) -> QRectF:
    """``source``, given in the bitmap's own pixels, in ``image``'s (smaller when reduced)."""
    w, h = full_size(image)
    if (w, h) == (image.width(), image.height()):
        return source
    kx, ky = image.width() / w, image.height() / h
    return QRectF(source.x() * kx, source.y() * ky, source.width() * kx, source.height() * ky)


def _left_out(layout: _Layout, why: str) -> None:
    active_budget().note(f"a {layout.width} x {abs(layout.height)} bitmap {why} was left out")


class _Layout:
    __slots__ = ("bit_count", "bits_offset", "compression", "height", "masks", "palette", "width")

    def __init__(self) -> None:
        self.width = 0
        self.height = 0
        self.bit_count = 0
        self.compression = BI_RGB
        self.palette: list[int] = []
        self.masks: tuple[int, int, int] = (0, 0, 0)
        self.bits_offset = 0


def _header(data: bytes) -> _Layout | None:
    if len(data) < 12:
        return None
    size = struct.unpack_from("<I", data, 0)[0]
    out = _Layout()
    if size == 12:
        out.width, out.height, _planes, out.bit_count = struct.unpack_from("<HHHH", data, 4)
        entry, colors_used, pos = 3, 0, 12
    elif 40 <= size <= 256 and len(data) >= 40:
        out.width, out.height, _planes, out.bit_count, out.compression = struct.unpack_from("<iiHHI", data, 4)
        colors_used = struct.unpack_from("<I", data, 32)[0]
        entry, pos = 4, size
        if out.compression == BI_BITFIELDS:
            if size >= 52:
                out.masks = struct.unpack_from("<III", data, 40)
            elif len(data) >= 52:
                out.masks = struct.unpack_from("<III", data, 40)
                pos += 12
    else:
        return None
    if out.width <= 0 or out.height == 0:
        return None
    if out.width > MAX_SIDE or abs(out.height) > MAX_SIDE:
        _left_out(out, f"(over {MAX_SIDE} pixels across)")
        return None
    if out.bit_count in (1, 4, 8):
        count = colors_used if 0 < colors_used <= (1 << out.bit_count) else (1 << out.bit_count)
        for i in range(count):
            at = pos + i * entry
            if at + 3 > len(data):
                break
            b, g, r = data[at], data[at + 1], data[at + 2]
            out.palette.append(0xFF000000 | (r << 16) | (g << 8) | b)
        pos += count * entry
    elif colors_used and colors_used < 4096:
        pos += colors_used * entry  # optional table for true-colour bitmaps: skipped
    out.bits_offset = min(pos, len(data))
    return out


def _decode(layout: _Layout, header: bytes, bits: bytes, alpha: bool) -> QImage | None:
    w, h = layout.width, abs(layout.height)
    if layout.compression in (BI_JPEG, BI_PNG):
        image = image_from_data(bits)
        if image.isNull() and banded(bits):  # a PNG over Qt's allocation limit: reduced in bands
            reduced, _ = reduced_png(bits, (REDUCED_SIDE, REDUCED_SIDE), at_least=False)
            if reduced is not None:
                reduced.setText(
                    _FULL_SIZE, f"{int.from_bytes(bits[16:20], 'big')} {int.from_bytes(bits[20:24], 'big')}"
                )
                return reduced
        if image.isNull():
            _left_out(layout, "(a JPEG or PNG that could not be decoded)")
            return None
        return image
    if layout.compression in (BI_RLE8, BI_RLE4) and layout.bit_count == (8 if layout.compression == BI_RLE8 else 4):
        # Decoded to one palette index a byte, bottom-up rows, then drawn as an 8-bit bitmap.
        runs = _RleRows(bits, w, four=layout.compression == BI_RLE4)
        plain = _Layout()
        plain.width, plain.height, plain.bit_count, plain.palette = w, h, 8, layout.palette
        if w * h > MAX_BITMAP_PIXELS:
            return _reduced(plain, runs.rows, h, runs.stride, alpha)
        return _decode(plain, b"", runs.rows(0, h) or b"", alpha)
    if layout.compression not in (BI_RGB, BI_BITFIELDS):
        return None
    count = layout.bit_count
    stride = ((w * count + 31) // 32) * 4
    need = stride * h
    if len(bits) < stride:
        _left_out(layout, "with not one row of its pixels")
        return None
    if w * h > MAX_BITMAP_PIXELS:
        held = min(h, -(-len(bits) // stride))

        def stored(start: int, n: int) -> bytes | None:
            return bits[start * stride : (start + n) * stride] if start < held else None

        return _reduced(layout, stored, held, stride, alpha)
    if len(bits) < need:
        bits = bits + bytes(need - len(bits))  # a short last strip: pad rather than lose the picture
    if count == 4:
        bits, count = _expand_nibbles(bits, stride, w, h), 8
        stride = ((w * 8 + 31) // 32) * 4
        need = stride * h
    fmt = _format(count, layout, alpha)
    if fmt is None:
        return None
    image = QImage(bits[:need], w, h, stride, fmt).copy()
    if count == 32 and layout.compression == BI_BITFIELDS and layout.masks == _RED_LOW and not alpha:
        image = image.rgbSwapped()
    if count in (1, 8):
        table = list(layout.palette) or [0xFF000000, 0xFFFFFFFF]
        table += [0xFF000000] * ((1 << count) - len(table))
        image.setColorTable(table)
    if layout.height > 0:  # bottom-up rows
        image = image.flipped(Qt.Orientation.Vertical)
    return image


def _reduced(
    layout: _Layout, rows_of: Callable[[int, int], bytes | None], held: int, stride: int, alpha: bool
) -> QImage | None:
    """The bitmap box-reduced by a whole factor to at most REDUCED_SIDE across: each band of rows
    (``rows_of(start, n)``: stored rows, None past the data) is decoded as a small bitmap and
    scaled down; rows past the data keep what zero bytes show."""
    w, h = layout.width, abs(layout.height)
    k = -(-max(w, h) // REDUCED_SIDE)
    out = QImage(-(-w // k), -(-h // k), QImage.Format.Format_ARGB32_Premultiplied)
    band = k * max(1, _BAND_PIXELS // (w * k))  # rows, whole groups of k
    bottom_up = layout.height > 0
    log.info("a %d x %d bitmap is drawn reduced by %d", w, h, k)
    zero = _band(layout, bytes(stride), 1, stride, alpha)
    out.fill(zero.pixelColor(0, 0) if zero is not None else QColor(0, 0, 0))
    painter = QPainter(out)
    try:
        for start in range(0, held, band):
            n = min(band, h - start)
            bits = rows_of(start, n)
            if bits is None:
                break
            image = _band(layout, bits, n, stride, alpha)
            if image is None:
                return None
            small = image.scaled(
                out.width(),
                -(-n // k),
                Qt.AspectRatioMode.IgnoreAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
            top = start // k
            painter.drawImage(0, out.height() - top - small.height() if bottom_up else top, small)
    finally:
        painter.end()
    out.setText(_FULL_SIZE, f"{w} {h}")
    return out


def _band(layout: _Layout, bits: bytes, rows: int, stride: int, alpha: bool) -> QImage | None:
    """``rows`` stored rows of the bitmap as an image the right way up (zero bytes past the data)."""
    band = _Layout()
    band.width, band.bit_count, band.compression = layout.width, layout.bit_count, layout.compression
    band.height = rows if layout.height > 0 else -rows
    band.palette, band.masks = layout.palette, layout.masks
    if len(bits) < stride * rows:
        bits += bytes(stride * rows - len(bits))
    return _decode(band, b"", bits, alpha)


def _format(count: int, layout: _Layout, alpha: bool) -> QImage.Format | None:
    if count == 1:
        return QImage.Format.Format_Mono
    if count == 8:
        return QImage.Format.Format_Indexed8
    bitfields = layout.compression == BI_BITFIELDS
    if count == 16:
        if bitfields and layout.masks in _MASKED_FORMATS:
            return _MASKED_FORMATS[layout.masks]
        return QImage.Format.Format_RGB555
    if count == 24:
        return QImage.Format.Format_BGR888
    if count == 32:
        if bitfields and layout.masks in _MASKED_FORMATS and not alpha:
            return _MASKED_FORMATS[layout.masks]
        return QImage.Format.Format_ARGB32_Premultiplied if alpha else QImage.Format.Format_RGB32
    return None


_RED_LOW = (0x0000FF, 0x00FF00, 0xFF0000)
# BI_BITFIELDS masks (red, green, blue) Qt has a format for; others are read as the default layout.
_MASKED_FORMATS = {
    (0xF800, 0x07E0, 0x001F): QImage.Format.Format_RGB16,
    (0x7C00, 0x03E0, 0x001F): QImage.Format.Format_RGB555,
    (0x0F00, 0x00F0, 0x000F): QImage.Format.Format_RGB444,
    (0xFF0000, 0x00FF00, 0x0000FF): QImage.Format.Format_RGB32,
    _RED_LOW: QImage.Format.Format_RGB32,  # then red and blue swapped (Qt's RGBX8888 wants X = 255)
}


def _expand_nibbles(bits: bytes, stride: int, w: int, h: int) -> bytes:
    out_stride = ((w * 8 + 31) // 32) * 4
    out = bytearray(out_stride * h)
    half = (w + 1) // 2
    for y in range(h):
        row = bits[y * stride : y * stride + half]
        line = bytearray(2 * len(row))
        line[0::2] = row.translate(_HI_NIBBLE)
        line[1::2] = row.translate(_LO_NIBBLE)
        out[y * out_stride : y * out_stride + w] = line[:w]
    return bytes(out)


class _RleRows:
    """BI_RLE8/BI_RLE4 data decoded a window of rows at a time, in order, one palette index a
    byte (rows bottom-up as stored). Runs fill slices, so time goes with the records, not pixels;
    a flood of tiny records stops at MAX_RLE_RECORDS or the picture's playback deadline."""

    def __init__(self, data: bytes, w: int, four: bool) -> None:
        self.data, self.w, self.four = data, w, four
        self.stride = ((w * 8 + 31) // 32) * 4
        self.i = self.x = self.y = self.records = 0
        self.ended = False

    def rows(self, start: int, n: int) -> bytes | None:
        """Stored rows start .. start + n - 1 (asked for in order); None once the data has ended
        before ``start`` (the rest is zeros)."""
        if self.ended and self.y <= start:
            return None
        out = bytearray(self.stride * n)
        data, w, four, end, stride = self.data, self.w, self.four, start + n, self.stride
        size = len(data)
        i, x, y, records, ended = self.i, self.x, self.y, self.records, False  # locals: the loop is hot
        budget = active_budget()
        while i + 1 < size and y < end:
            records += 1
            if records & 0xFFFF == 0 and (records > MAX_RLE_RECORDS or not budget.in_time()):
                budget.note(f"run-length bitmap of {w} pixels across stopped after {records} records")
                ended = True
                break
            count, value = data[i], data[i + 1]
            i += 2
            if count:
                if start <= y and x < w:
                    run = min(count, w - x)
                    at = (y - start) * stride + x
                    if four:
                        out[at : at + run] = (bytes((value >> 4, value & 0x0F)) * ((run + 1) // 2))[:run]
                    elif run == 1:
                        out[at] = value
                    else:
                        out[at : at + run] = bytes((value,)) * run
                x += count
            elif value == 0:
                x, y = 0, y + 1
            elif value == 1:
                ended = True
                break
            elif value == 2:
                if i + 1 >= size:
                    ended = True
                    break
                x, y = x + data[i], y + data[i + 1]
                i += 2
            else:
                run = value
                nbytes = (run + 1) // 2 if four else run
                chunk = data[i : i + nbytes]
                if four:
                    line = bytearray(2 * len(chunk))
                    line[0::2] = chunk.translate(_HI_NIBBLE)
                    line[1::2] = chunk.translate(_LO_NIBBLE)
                    chunk = bytes(line)
                if start <= y and x < w:
                    piece = chunk[: min(run, w - x)]
                    at = (y - start) * stride + x
                    out[at : at + len(piece)] = piece
                x += run
                i += nbytes + (nbytes & 1)  # runs are padded to a word
        self.i, self.x, self.y, self.records = i, x, y, records
        self.ended = ended or i + 1 >= size
        return bytes(out)


def solid_image(color: QColor, width: int = 1, height: int = 1) -> QImage:
    image = QImage(width, height, QImage.Format.Format_ARGB32)
    image.fill(color)
    return image
