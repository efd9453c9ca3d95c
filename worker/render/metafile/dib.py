"""Device-independent bitmaps (BITMAPINFO + bits) to QImage, with size checks."""

from __future__ import annotations

import logging
import struct

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage

from ..decoder_stderr import image_from_data
from .objects import MAX_BITMAP_PIXELS

log = logging.getLogger(__name__)

BI_RGB = 0
BI_RLE8 = 1
BI_RLE4 = 2
BI_BITFIELDS = 3
BI_JPEG = 4
BI_PNG = 5

MAX_RLE_PIXELS = 4_000_000
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
    if out.width <= 0 or out.height == 0 or out.width * abs(out.height) > MAX_BITMAP_PIXELS:
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
        return None if image.isNull() else image
    if layout.compression in (BI_RLE8, BI_RLE4) and w * h > MAX_RLE_PIXELS:
        return None  # decoded in Python: keep it small
    if layout.compression == BI_RLE8 and layout.bit_count == 8:
        bits = _rle(bits, w, h, four=False)
        layout.height = abs(layout.height)
        count = 8
    elif layout.compression == BI_RLE4 and layout.bit_count == 4:
        bits = _rle(bits, w, h, four=True)
        layout.height = abs(layout.height)
        count = 8  # the RLE decoder writes one index per byte
    elif layout.compression in (BI_RGB, BI_BITFIELDS):
        count = layout.bit_count
    else:
        return None
    stride = ((w * count + 31) // 32) * 4
    need = stride * h
    if len(bits) < need:
        if len(bits) < stride:
            return None
        bits = bits + bytes(need - len(bits))  # a short last strip: pad rather than lose the picture
    if count == 4:
        bits, count = _expand_nibbles(bits, stride, w, h), 8
        stride = ((w * 8 + 31) // 32) * 4
        need = stride * h
    fmt = _format(count, layout, alpha)
    if fmt is None:
        return None
    image = QImage(bits[:need], w, h, stride, fmt).copy()
    if count in (1, 8):
        table = list(layout.palette) or [0xFF000000, 0xFFFFFFFF]
        table += [0xFF000000] * ((1 << count) - len(table))
        image.setColorTable(table)
    if layout.height > 0:  # bottom-up rows
        image = image.flipped(Qt.Orientation.Vertical)
    return image


def _format(count: int, layout: _Layout, alpha: bool) -> QImage.Format | None:
    if count == 1:
        return QImage.Format.Format_Mono
    if count == 8:
        return QImage.Format.Format_Indexed8
    if count == 16:
        if layout.compression == BI_BITFIELDS and layout.masks[1] == 0x07E0:
            return QImage.Format.Format_RGB16
        return QImage.Format.Format_RGB555
    if count == 24:
        return QImage.Format.Format_BGR888
    if count == 32:
        return QImage.Format.Format_ARGB32_Premultiplied if alpha else QImage.Format.Format_RGB32
    return None


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


def _rle(data: bytes, w: int, h: int, four: bool) -> bytes:
    """Decode BI_RLE8/BI_RLE4 into one palette index per byte, rows bottom-up."""
    stride = ((w * 8 + 31) // 32) * 4
    out = bytearray(stride * h)
    x = y = i = 0
    n = len(data)
    while i + 1 < n and y < h:
        count, value = data[i], data[i + 1]
        i += 2
        if count:
            for k in range(min(count, w - x) if x < w else 0):
                out[y * stride + x + k] = ((value >> 4) if k % 2 == 0 else (value & 0x0F)) if four else value
            x += count
        elif value == 0:
            x, y = 0, y + 1
        elif value == 1:
            break
        elif value == 2:
            if i + 1 >= n:
                break
            x, y = x + data[i], y + data[i + 1]
            i += 2
        else:
            run = value
            nbytes = (run + 1) // 2 if four else run
            chunk = data[i : i + nbytes]
            for k in range(run):
                if x + k >= w or k // (2 if four else 1) >= len(chunk):
                    break
                if four:
                    byte = chunk[k // 2]
                    out[y * stride + x + k] = (byte >> 4) if k % 2 == 0 else (byte & 0x0F)
                else:
                    out[y * stride + x + k] = chunk[k]
            x += run
            i += nbytes + (nbytes & 1)  # runs are padded to a word
    return bytes(out)


def solid_image(color: QColor, width: int = 1, height: int = 1) -> QImage:
    image = QImage(width, height, QImage.Format.Format_ARGB32)
    image.fill(color)
    return image
