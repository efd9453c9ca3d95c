"""Decoding picture parts with bounded memory, cached per deck."""

from __future__ import annotations

import logging
import sys
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize, Qt
from PySide6.QtGui import QColor, QImage, QImageReader

from worker.render.cmyk_jpeg import in_true_polarity
from worker.render.decoder_stderr import decoder_messages
from worker.render.png_bands import banded, reduced_png
from worker.render.png_rows import rows_for_decoding
from worker.render.svg_sandbox import readable_picture

log = logging.getLogger(__name__)

# Hostile pictures declare huge sizes; nothing we draw needs more than this many pixels.
MAX_PIXELS = 40_000_000
VECTOR_TYPES = ("emf", "wmf", "x-emf", "x-wmf")

# A JPEG drawn at a quarter of its size or less decodes at half of it (libjpeg's scaled inverse DCT:
# a third of the time, a quarter of the memory) when that leaves at least this many times the pixels
# drawn; the result is then scaled to the drawn size as a whole decode is. Scaling by less than two
# softens: with this margin, edges drawn at 220 dpi are at worst 7 % less steep than from a whole
# decode and 1.3 % at 96 dpi (100 % zoom), invisible; at a margin of 1.5, 12 % and 2.5 %. A quarter
# (a 2 x 2 inverse DCT) or an eighth (8 x 8 block averages) is softer still, for little time saved.
REDUCED_DECODE_MARGIN = 2.0
REDUCED_DECODE_STEP = 2
_JPEG_START = b"\xff\xd8"
# libjpeg's warnings that mean pixels were lost, and those that do not: stray bytes before a marker
# (every reader skips them; many good files have a few before the end) or a bad colour profile.
_JPEG_DAMAGE = ("Corrupt JPEG data", "Premature end of JPEG file", "Inconsistent progression")
_JPEG_HARMLESS = ("extraneous bytes before marker", "bad ICC marker")
# A JPEG's scan data is checked by decoding it at an eighth of its size: libjpeg still reads every
# coded block, which is where damage shows, but computes one pixel per block (111 corpus JPEGs,
# 9 MB: 0.14 s against 0.64 s for whole decodes).
_CHECK_STEP = 8


# Decoded pictures kept across slides, per kind (originals, scaled, recoloured): a deck of many
# large pictures must not keep them all (24 distinct 6000 x 6000 pictures are 3.4 GB decoded).
CACHE_BYTES = 256 << 20

K = TypeVar("K")


class BoundedImages(Generic[K]):
    """Least-recently-used pictures up to ``limit`` bytes of pixels (None marks undecodable)."""

    def __init__(self, limit: int = CACHE_BYTES) -> None:
        self.limit = limit
        self.bytes = 0
        self._items: OrderedDict[K, QImage | None] = OrderedDict()

    def __contains__(self, key: K) -> bool:
        return key in self._items

    def __len__(self) -> int:
        return len(self._items)

    def get(self, key: K) -> QImage | None:
        image = self._items.get(key)
        if image is not None:
            self._items.move_to_end(key)
        return image

    def __setitem__(self, key: K, image: QImage | None) -> None:
        old = self._items.pop(key, None)
        if old is not None:
            self.bytes -= old.sizeInBytes()
        self._items[key] = image
        if image is not None:
            self.bytes += image.sizeInBytes()
        # The newest entry stays even when it alone exceeds the limit: it is about to be drawn.
        while self.bytes > self.limit and len(self._items) > 1:
            _, dropped = self._items.popitem(last=False)
            if dropped is not None:
                self.bytes -= dropped.sizeInBytes()


# A picture drawn smaller than it is: its (whole) width and height in pixels there.
Size = tuple[int, int]


@dataclass
class ImageCache:
    """A deck's decoded pictures: each part whole (``None``) or at the size it is drawn at.

    A JPEG drawn much smaller than it is decodes straight to a fraction of its size (see
    ``decode_image``) and only that is kept: a deck of phone photos never holds their full
    pixels. Other formats decode whole (there is no cheaper way), and the whole picture is kept
    too: the next size of it (a shadow's raster, a thumbnail) is a scaling, not another decode."""

    images: BoundedImages[tuple[str, Size | None]] = field(default_factory=BoundedImages)
    effects: BoundedImages[bytes] = field(default_factory=BoundedImages)  # recoloured versions
    scaled: BoundedImages[tuple[int, Size]] = field(default_factory=BoundedImages)  # by QImage.cacheKey
    _declared: dict[str, QSize] = field(default_factory=dict)
    # Part bytes -> the key of the first part seen with them. A deck may store one picture in several
    # parts (a logo pasted into two layouts, a picture copied between decks): it is decoded once.
    # Bytes hash once per object, and equal bytes compare only when their hashes are equal.
    _first_key: dict[bytes, str] = field(default_factory=dict)

    # Pictures found damaged, by part: what libjpeg said (see jpeg_damage).
    damaged: dict[str, str] = field(default_factory=dict)
    _checked: set[str] = field(default_factory=set)
    reported: set[str] = field(default_factory=set)  # damaged pictures the job was told of

    def _key(self, key: str, blob: bytes) -> str:
        return self._first_key.setdefault(blob, key)

    def damage(self, key: str, blob: bytes) -> str | None:
        """What is wrong with the JPEG part ``key`` (None when whole or not a JPEG), checked once."""
        if key not in self._checked and key not in self.damaged:
            self._checked.add(key)
            found = check_jpeg(blob) if blob.startswith(_JPEG_START) else None
            if found is not None:
                self.damaged[key] = found
        return self.damaged.get(key)

    def declared(self, key: str, blob: bytes) -> QSize:
        """The size the part ``key``'s header declares (invalid when it does not tell)."""
        key = self._key(key, blob)
        if key not in self._declared:
            self._declared[key] = QSize() if is_metafile(blob) else declared_size(blob)
        return self._declared[key]

    def size(self, key: str, blob: bytes) -> QSize:
        """The size of the part ``key`` decoded whole (invalid when unknown); nothing is decoded."""
        return whole_size(self.declared(key, blob))

    def get(self, key: str, blob: bytes, size: Size | None = None) -> QImage | None:
        """The part ``key`` decoded whole, or scaled to ``size`` (its whole width and height)."""
        key = self._key(key, blob)
        if (key, size) in self.images:
            return self.images.get((key, size))
        damage: str | None = None
        if size is None:
            image, damage = checked_decode(blob)
        elif in_bands(blob) or (
            blob.startswith(_JPEG_START)
            and ((key, None) not in self.images or reduced_step(self.declared(key, blob), size) > 1)
        ):
            image, damage = checked_decode(blob, size)  # the whole picture is not kept
        else:
            whole = self.get(key, blob)
            image = None if whole is None else smoothly_scaled(whole, size)
        if damage is not None:
            self.damaged.setdefault(key, damage)
        self.images[(key, size)] = image
        return image

    def resized(self, image: QImage, size: Size) -> QImage:
        """``image`` (a whole picture, recoloured) scaled to ``size``, once per image and size."""
        key = (image.cacheKey(), size)
        scaled = self.scaled.get(key)
        if scaled is None:
            scaled = smoothly_scaled(image, size)
            self.scaled[key] = scaled
        return scaled


def smoothly_scaled(image: QImage, size: Size) -> QImage:
    if (image.width(), image.height()) == size:
        return image
    ignore, smooth = Qt.AspectRatioMode.IgnoreAspectRatio, Qt.TransformationMode.SmoothTransformation
    return image.scaled(size[0], size[1], ignore, smooth)


def is_metafile(blob: bytes) -> bool:
    """EMF (record type 1 with ' EMF' at offset 40) or WMF (placeable or standard header)."""
    if len(blob) >= 44 and blob[:4] == b"\x01\x00\x00\x00" and blob[40:44] == b" EMF":
        return True
    return blob[:4] == b"\xd7\xcd\xc6\x9a" or blob[:6] in (b"\x01\x00\x09\x00\x00\x03", b"\x02\x00\x09\x00\x00\x03")


_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_PNG_END = b"\x00\x00\x00\x00IEND\xaeB`\x82"


def _png_with_end(blob: bytes) -> bytes:
    """A PNG whose chunks stop without IEND (some writers and truncated copies) ended properly.

    libpng (Qt's decoder) rejects the whole picture then ("Read Error") although every pixel is
    there; PowerPoint and LibreOffice show it. Complete chunks are kept, a torn last one dropped."""
    if not blob.startswith(_PNG_SIGNATURE):
        return blob
    pos = len(_PNG_SIGNATURE)
    while pos + 8 <= len(blob):
        end = pos + 12 + int.from_bytes(blob[pos : pos + 4], "big")
        if end > len(blob):
            break
        if blob[pos + 4 : pos + 8] == b"IEND":
            return blob
        pos = end
    log.info("PNG without its IEND chunk: ended after %d bytes of complete chunks", pos)
    return blob[:pos] + _PNG_END


def _rgb16_colour_key(blob: bytes) -> tuple[bytes, QColor] | None:
    """A 16-bit RGB PNG with a tRNS colour key, as the PNG without its tRNS chunk and the key.

    Qt 6 reads such a picture as if it had an alpha channel: three samples a pixel taken as four,
    the picture torn into coloured stripes and mostly transparent. Without the chunk Qt reads the
    colours right; the pixels of the key colour are then made transparent here."""
    if not blob.startswith(_PNG_SIGNATURE) or len(blob) < 33 or blob[12:16] != b"IHDR":
        return None
    if blob[24] != 16 or blob[25] != 2:  # bit depth, colour type 2 (RGB)
        return None
    pos = len(_PNG_SIGNATURE)
    while pos + 12 <= len(blob):
        length = int.from_bytes(blob[pos : pos + 4], "big")
        kind = blob[pos + 4 : pos + 8]
        if kind == b"tRNS" and length == 6 and pos + 14 <= len(blob):
            r, g, b = (int.from_bytes(blob[pos + 8 + i : pos + 10 + i], "big") for i in (0, 2, 4))
            return blob[:pos] + blob[pos + 12 + length :], QColor.fromRgba64(r, g, b)
        if kind in (b"IDAT", b"IEND"):  # tRNS comes before the pixels
            return None
        pos += 12 + length
    return None


def whole_size(declared: QSize) -> QSize:
    """The size a picture declaring ``declared`` is decoded at whole: at most MAX_PIXELS."""
    if not declared.isValid() or declared.width() * declared.height() <= MAX_PIXELS:
        return declared
    scale = (MAX_PIXELS / (declared.width() * declared.height())) ** 0.5
    return QSize(max(1, int(declared.width() * scale)), max(1, int(declared.height() * scale)))


def in_bands(blob: bytes) -> bool:
    """Whether ``blob`` is a PNG over MAX_PIXELS decoded a band at a time (see png_bands): at the
    size it is drawn, never whole."""
    if not banded(blob):
        return False
    width, height = int.from_bytes(blob[16:20], "big"), int.from_bytes(blob[20:24], "big")
    return width * height > MAX_PIXELS


def reduced_step(declared: QSize, size: Size) -> int:
    """The fraction (1 or REDUCED_DECODE_STEP) of its ``declared`` size a JPEG drawn at ``size``
    (its whole width and height) decodes at."""
    width, height = declared.width() // REDUCED_DECODE_STEP, declared.height() // REDUCED_DECODE_STEP
    roomy = width >= size[0] * REDUCED_DECODE_MARGIN and height >= size[1] * REDUCED_DECODE_MARGIN
    return REDUCED_DECODE_STEP if roomy and width * height <= MAX_PIXELS else 1


def declared_size(blob: bytes) -> QSize:
    """The size ``blob``'s header declares, invalid when it does not tell (nothing is decoded)."""
    readable = readable_picture(blob)  # Qt reads an SVG's whole document for its size
    if readable is None:
        return QSize()
    data = QByteArray(readable)  # held here: the buffer does not keep it alive
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer)
    reader.setAutoTransform(False)
    with decoder_messages():  # a broken header is said when the picture is decoded
        size = reader.size()
    del reader  # before the buffer (see _decoded)
    buffer.close()
    return size


def decode_image(blob: bytes, size: Size | None = None) -> QImage | None:
    """The picture ``blob`` holds, whole (at most MAX_PIXELS) or scaled to ``size``."""
    return checked_decode(blob, size)[0]


def checked_decode(blob: bytes, size: Size | None = None) -> tuple[QImage | None, str | None]:
    """``decode_image``, and what the decoder found damaged (None when nothing: see jpeg_damage)."""
    if is_metafile(blob):
        # No raster decoder reads EMF or WMF (Qt has no reader for them; Pillow is asked for TIFF, WebP
        # and AVIF only): trying them cost time on every metafile, and each logged a failed decode.
        # fills._paint_metafile draws them as vectors.
        return None, None
    said: list[str] = []
    lost: list[str] = []
    image = _decoded(blob, size, said, lost)
    image = image if image is None or size is None else smoothly_scaled(image, size)
    return image, jpeg_damage(said) or next(iter(lost), None)


def check_jpeg(blob: bytes) -> str | None:
    """What is damaged in the JPEG ``blob`` (see jpeg_damage), found by decoding it small."""
    data = QByteArray(blob)
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer)
    reader.setAutoTransform(False)
    with decoder_messages() as said:
        declared = reader.size()
        if declared.isValid():
            reader.setScaledSize(
                QSize(max(1, declared.width() // _CHECK_STEP), max(1, declared.height() // _CHECK_STEP))
            )
        reader.read()
    del reader  # before the buffer (see _decoded)
    buffer.close()
    return jpeg_damage(said)


def jpeg_damage(said: list[str]) -> str | None:
    """libjpeg's first complaint among a decode's messages ``said`` that means pixels were lost
    ("premature end of data segment"), None when there is none."""
    for line in said:
        if line.startswith(_JPEG_DAMAGE) and not any(harmless in line for harmless in _JPEG_HARMLESS):
            return line.removeprefix("Corrupt JPEG data: ").strip()
    return None


def _decoded(blob: bytes, size: Size | None, said: list[str], lost: list[str]) -> QImage | None:
    """The picture ``blob`` holds: whole, or for a JPEG to be drawn at ``size`` maybe at half size.
    The decoder's messages are added to ``said``, what a PNG's data lacked to ``lost``."""
    keyed = _rgb16_colour_key(blob)
    if keyed is not None:
        image = _decoded(keyed[0], None, said, lost)
        if image is None:
            return None
        return color_changed(image.convertToFormat(QImage.Format.Format_RGB32), keyed[1], QColor(0, 0, 0, 0))
    readable = readable_picture(blob)
    if readable is None:
        return None
    readable, damage = rows_for_decoding(_png_with_end(readable))
    if damage:
        lost.append(damage)
    if in_bands(readable):
        # Qt would decode it whole to scale it, or refuse it (over its allocation limit).
        whole = whole_size(declared_size(readable))
        image, damage = reduced_png(readable, size or (whole.width(), whole.height()), at_least=size is not None)
        if damage:
            lost.append(damage)
        return image
    data = QByteArray(readable)
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer)
    # Office draws a blip's pixels as stored and ignores an EXIF orientation tag: phone photos put
    # into decks by python-pptx, python-docx or PptxGenJS show sideways in PowerPoint and Word
    # (python-pptx #306, python-docx #540, PptxGenJS #1091/#1207). LibreOffice ignores it as well.
    reader.setAutoTransform(False)
    with decoder_messages() as header:  # the job's warning says the picture is broken, not libpng
        declared = reader.size()
    said.extend(header)
    step = reduced_step(declared, size) if size is not None and blob.startswith(_JPEG_START) else 1
    if step > 1:
        # Qt's JPEG reader decodes at 1/n when asked for a size n times smaller (rounded down).
        reader.setScaledSize(QSize(declared.width() // step, declared.height() // step))
    elif whole_size(declared) != declared:
        reader.setScaledSize(whole_size(declared))
    with decoder_messages() as more:
        image = reader.read()
    said.extend(more)
    error = "; ".join([reader.errorString(), *said])
    # The reader goes before the buffer it reads: Qt's TIFF handler touches its device when
    # deleted, and Python may free the buffer first (a crash on every TIFF picture).
    del reader
    buffer.close()
    if image.isNull():
        image = _pillow_decoded(readable)
    if image is None or image.isNull():
        log.info("picture could not be decoded: %s", error)
        return None
    if blob.startswith(b"BM") and image.hasAlphaChannel() and _alpha_all_zero(image):
        # A 32-bit BMP whose header names an alpha mask (BI_BITFIELDS, BITMAPV4/V5) but whose alpha
        # bytes are all 0: writers that leave the byte unset, not a wholly transparent picture.
        # Qt would draw nothing; Windows' and browsers' decoders show such a bitmap opaque, as its
        # plain 32-bit form (BI_RGB, whose fourth byte is unused) always is.
        return image.convertToFormat(QImage.Format.Format_RGB32)
    if image.format() == QImage.Format.Format_CMYK8888:
        image = in_true_polarity(image, readable)
        # Qt writes a CMYK picture into the PDF as DeviceCMYK, which a PDF/A with its sRGB output
        # intent may not hold (ISO 19005-2 6.2.4.3); every other picture goes in as RGB or grey.
        return image.convertToFormat(QImage.Format.Format_RGB32)
    return image


# Formats Qt's readers in our wheel lack and Pillow reads: TIFF compressed as JPEG (Qt's TIFF plugin
# is built without it; PowerPoint and LibreOffice show it), AVIF (no Qt plugin) and WebP files under
# 40 bytes (a small lossless picture of few colours: Qt's reader peeks a longer header and fails).
_PILLOW_FORMATS = ("TIFF", "AVIF", "WEBP")


def _pillow_decoded(blob: bytes) -> QImage | None:
    """The first picture (page, frame) of ``blob`` as Pillow decodes it, for _PILLOW_FORMATS only,
    at most MAX_PIXELS (None otherwise or when Pillow fails too)."""
    from io import BytesIO

    from PIL import Image

    Image.init()
    # A Pillow without an AVIF reader (older, or built without libavif) raises KeyError in open()
    # for a format named that it lacks.
    formats = [name for name in _PILLOW_FORMATS if name in Image.OPEN]
    try:
        with Image.open(BytesIO(blob), formats=formats) as opened:
            if opened.width * opened.height > MAX_PIXELS:
                return None
            alpha = "A" in opened.getbands() or "transparency" in opened.info
            rgb = opened.convert("RGBA" if alpha else "RGB")
    except (OSError, ValueError, SyntaxError, OverflowError, Image.DecompressionBombError) as exc:
        # OverflowError: tile or strip fields past a C int (a TileWidth near 2^32) in Pillow's decoder.
        log.info("Pillow could not decode the picture either: %s", exc)
        return None
    fmt = QImage.Format.Format_RGBA8888 if alpha else QImage.Format.Format_RGB888
    line = rgb.width * (4 if alpha else 3)
    return QImage(rgb.tobytes(), rgb.width, rgb.height, line, fmt).copy()


_UNREAD_FORMATS = (
    (b"II\xbc", "JPEG XR"),
    (b"WMPHOTO", "JPEG XR"),
    (b"\x00\x00\x00\x0cjP  ", "JPEG 2000"),
    (b"\xff\x4f\xff\x51", "JPEG 2000"),
    (b"8BPS", "Photoshop"),
)
_HEIF_BRANDS = {b"heic": "HEIC", b"heix": "HEIC", b"hevc": "HEIC", b"heif": "HEIF", b"mif1": "HEIF", b"avif": "AVIF"}


def picture_format(blob: bytes) -> str:
    """A name for the format of picture bytes no decoder here read, for the job's warning ('' when
    it is one of those we read: the picture is damaged, or too large)."""
    if blob[4:8] == b"ftyp":
        return _HEIF_BRANDS.get(blob[8:12], "")
    for start, name in _UNREAD_FORMATS:
        if blob.startswith(start):
            return name
    if blob.startswith(_JPEG_START):
        sof = blob.find(b"\xff\xc1")
        if sof > 0 and len(blob) > sof + 4 and blob[sof + 4] == 12:
            return "12-bit JPEG"
    return ""


def _alpha_all_zero(image: QImage) -> bool:
    alpha = image.convertToFormat(QImage.Format.Format_Alpha8)
    data, stride, width = bytes(alpha.constBits()), alpha.bytesPerLine(), alpha.width()
    # Row by row: the padding at each row's end is not the picture's.
    return all(data[row * stride : row * stride + width].count(0) == width for row in range(alpha.height()))


# The weights of a colour's grey (as the a:gray colour transform, worker.render.colors): Office's
# grayscale and duotone pictures follow these on the stored values. Qt's own Grayscale8 conversion
# weighs linear light instead, which makes saturated reds and blues a third lighter.
_GREY_TABLES = tuple(bytes(int(weight * level + 0.5) for level in range(256)) for weight in (0.3, 0.59, 0.11))


def grey_levels(image: QImage) -> bytes:
    """The grey level (0-255) of every pixel of ``image``, row after row without padding."""
    rgbx = image.convertToFormat(QImage.Format.Format_RGBX8888)  # bytes R, G, B, X on every platform
    data = bytes(rgbx.constBits())
    stride, width = rgbx.bytesPerLine(), rgbx.width()
    if stride != width * 4:
        data = b"".join(data[y * stride : y * stride + width * 4] for y in range(rgbx.height()))
    # Each channel's share by one table lookup per byte; the shares sum to at most 255, so the
    # three byte strings add up as big integers without a carry crossing into the next pixel.
    total = 0
    for channel, table in enumerate(_GREY_TABLES):
        total += int.from_bytes(data[channel::4].translate(table), "big")
    return total.to_bytes(width * rgbx.height(), "big")


def recolored(image: QImage, dark: QColor, light: QColor, threshold: float | None = None) -> QImage:
    """Duotone: the picture's grey levels mapped onto a ramp from ``dark`` to ``light``; with a
    ``threshold`` (0-1), levels below it become ``dark`` and the others ``light`` (a:biLevel)."""
    from PySide6.QtGui import QPainter

    levels = grey_levels(image)
    table = []
    for i in range(256):
        level = i / 255.0
        if threshold is not None:
            level = 0.0 if level < threshold else 1.0
        r = dark.redF() + (light.redF() - dark.redF()) * level
        g = dark.greenF() + (light.greenF() - dark.greenF()) * level
        b = dark.blueF() + (light.blueF() - dark.blueF()) * level
        table.append(QColor.fromRgbF(r, g, b).rgba())
    indexed = QImage(levels, image.width(), image.height(), image.width(), QImage.Format.Format_Indexed8)
    indexed.setColorTable(table)
    out = indexed.convertToFormat(QImage.Format.Format_ARGB32_Premultiplied)
    if image.hasAlphaChannel():
        painter = QPainter(out)
        painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_DestinationIn)
        painter.drawImage(0, 0, image)
        painter.end()
    return out


def color_changed(image: QImage, source: QColor, target: QColor) -> QImage:
    """a:clrChange: pixels of exactly ``source`` become ``target`` (transparent for logos on
    white, or another colour), alpha included."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QPainter

    mask = image.createMaskFromColor(source.rgb(), Qt.MaskMode.MaskInColor)
    mask.setColorTable([QColor(0, 0, 0, 0).rgba(), QColor(0, 0, 0, 255).rgba()])
    matching = mask.convertToFormat(QImage.Format.Format_ARGB32_Premultiplied)  # opaque where it matches
    out = image.convertToFormat(QImage.Format.Format_ARGB32_Premultiplied)
    painter = QPainter(out)
    painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_DestinationOut)
    painter.drawImage(0, 0, matching)
    painter.end()
    if target.alpha() == 0:
        return out
    patch = QImage(out.size(), QImage.Format.Format_ARGB32_Premultiplied)
    patch.fill(target)
    painter = QPainter(patch)
    painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_DestinationIn)
    painter.drawImage(0, 0, matching)
    painter.end()
    painter = QPainter(out)
    painter.drawImage(0, 0, patch)
    painter.end()
    return out


def with_brightness_contrast(image: QImage, bright: float, contrast: float) -> QImage:
    """a:lum (ECMA-376 20.1.8.42) as Office draws it: one straight line per channel,
    out = 0.5 + k x (in + bright / 2 - 0.5) + bright / 2, clipped, with k = 1 + contrast below zero
    (-1: flat grey) and 1 / (1 - contrast) above it (towards +1: a step). Brightness adds its
    amount (it does not scale towards white) and moves contrast's pivot down by half of it; so
    "Washout" (bright 70 %, contrast -70 %) keeps white paper white and lifts black to 205.
    Fitted to Word 16's export of a grey ramp under 13 settings, the same DrawingML blip effect
    (github.com/eigenpal/docx-editor/pull/833).
    """
    from PySide6.QtGui import QPainter

    contrast = min(max(contrast, -1.0), 0.999)
    bright = min(max(bright, -1.0), 1.0)
    slope = 1.0 + contrast if contrast <= 0 else 1.0 / (1.0 - contrast)
    table = bytearray(256)
    for i in range(256):
        level = 0.5 + slope * (i / 255.0 + bright / 2.0 - 0.5) + bright / 2.0
        table[i] = min(max(round(level * 255.0), 0), 255)
    # Every byte of a 24-bit picture is a colour channel: one table lookup per byte, in C.
    rgb = image.convertToFormat(QImage.Format.Format_RGB888)
    data = bytes(rgb.constBits()).translate(table)
    out = QImage(data, rgb.width(), rgb.height(), rgb.bytesPerLine(), QImage.Format.Format_RGB888).copy()
    if image.hasAlphaChannel():
        out = out.convertToFormat(QImage.Format.Format_ARGB32_Premultiplied)
        painter = QPainter(out)
        painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_DestinationIn)
        painter.drawImage(0, 0, image)
        painter.end()
    return out


# ARGB32 pixels are native-endian 0xAARRGGBB words: alpha is the last byte on little-endian machines.
_ALPHA_BYTE = 3 if sys.byteorder == "little" else 0


def alpha_table(effect: str, amount: float = 0.0) -> bytes:
    """How an alpha effect (ECMA-376 20.1.8) maps each opacity level (0-255): alphaFloor keeps only
    full opacity, alphaCeiling makes any opacity full, alphaBiLevel thresholds at ``amount`` (0-1),
    alphaRepl sets ``amount`` everywhere, alphaInv inverts."""
    if effect == "alphaFloor":
        return bytes(255 if a == 255 else 0 for a in range(256))
    if effect == "alphaCeiling":
        return bytes(255 if a > 0 else 0 for a in range(256))
    if effect == "alphaBiLevel":
        return bytes(255 if a / 255.0 >= amount else 0 for a in range(256))
    if effect == "alphaRepl":
        return bytes([min(max(round(amount * 255.0), 0), 255)]) * 256
    return bytes(255 - a for a in range(256))  # alphaInv


def with_alpha_levels(image: QImage, table: bytes, color: QColor | None = None) -> QImage:
    """``image`` with every pixel's opacity mapped through ``table``; with ``color``, every pixel
    takes that colour (alphaInv's). Worked on straight (not premultiplied) pixels, so a pixel made
    opaque shows the colour it was stored with."""
    straight = image.convertToFormat(QImage.Format.Format_ARGB32)
    alphas = bytes(straight.constBits())[_ALPHA_BYTE::4].translate(table)
    if color is not None:
        straight = QImage(straight.size(), QImage.Format.Format_ARGB32)
        straight.fill(QColor(color.red(), color.green(), color.blue()))
    pixels = bytearray(straight.constBits())  # ARGB32 rows have no padding: 4-byte pixels
    pixels[_ALPHA_BYTE::4] = alphas
    out = QImage(pixels, straight.width(), straight.height(), straight.bytesPerLine(), QImage.Format.Format_ARGB32)
    out = out.copy()  # detached from the Python buffer
    out.setDotsPerMeterX(image.dotsPerMeterX())
    out.setDotsPerMeterY(image.dotsPerMeterY())
    return out
