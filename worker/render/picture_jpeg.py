"""Photographs stored lossless (PNG, BMP, TIFF, recoloured pixels...) go into the PDF as JPEG.

A photograph kept lossless takes 8-20 bits per pixel as Flate; as JPEG at this quality it takes 1-3,
and nobody sees the difference at normal zoom. Screenshots, line art, text and few-colour graphics
are where JPEG shows (ringing and smears around sharp edges), and where Flate is small anyway: they
stay lossless. PowerPoint's and LibreOffice's PDF exports do the same. The test is measured on each
picture's pixels, never read from its file type:

1. big enough to matter: icons, emoji and bullets stay lossless (small, sharp, and cheap as Flate);
2. Flate takes at least one bit per pixel: a picture Flate packs tighter is flat graphics;
3. the JPEG takes at most half of Flate's bytes;
4. the JPEG moves almost no sample visibly (``MAX_CHANGED_SHARE``).

Measured on the corpus's 424 lossless pictures: every photograph passes all four; the screenshots,
logos and ornaments JPEG would spoil fail 3 or 4. Line art that went through JPEG before (a scanned
cartoon) may pass: JPEG again moves nothing visibly there.
"""

from __future__ import annotations

import io
import logging
import sys
from typing import TYPE_CHECKING

from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QImage, QImageWriter, QPainter

if TYPE_CHECKING:
    from PIL import Image

log = logging.getLogger(__name__)

# LibreOffice writes quality 90 and PowerPoint about 93 (read from their quantisation tables), both
# with colour at half resolution (4:2:0). Qt's writer keeps colour at full resolution from 91 on:
# red text or an arrow on a coloured ground then stays crisp, for about a third more bytes.
JPEG_QUALITY = 91
# Under ~200 x 200 pixels a picture is an icon, an emoji or a logo: it stays lossless.
MIN_PIXELS = 40_000
MIN_FLATE_BITS_PER_PIXEL = 1.0
MAX_JPEG_SHARE = 0.5
# At most one sample in 300 may move by more than 16 levels (of 255). Photographs move at most one in
# 440 over the corpus; a terminal screenshot one in 100, an ornate logo one in 80.
CHANGED_LEVELS = 16
MAX_CHANGED_SHARE = 1 / 300

_UNCHANGED = bytes(range(CHANGED_LEVELS + 1))

# QPdfEngine writes a picture drawn without LosslessImageRendering as a JPEG of this quality (its
# addImage), colour at full resolution (Qt's writer from 91 on), Huffman tables not optimised.
PDF_ENGINE_QUALITY = 94


def photo_jpeg(colours: QImage, flate_size: int) -> bytes | None:
    """``colours`` (opaque 8-bit RGB, as RGB888 or RGB32, or grey: the picture without its alpha) as
    a JPEG when it is photographic as measured above, else None. ``flate_size``: its bytes as the
    lossless stream."""
    if not worth_trying(colours.width() * colours.height(), flate_size):
        return None
    view = _pillow_view(colours)  # one copy of the pixels, to encode and to measure
    jpeg = _encoded(colours, view=view)
    if jpeg is None or len(jpeg) > flate_size * MAX_JPEG_SHARE:
        return None
    changed = changed_share(colours, jpeg, view)
    if changed > MAX_CHANGED_SHARE:
        log.debug(
            "%dx%d picture kept lossless: JPEG moves %.2f %% of samples",
            colours.width(),
            colours.height(),
            100 * changed,
        )
        return None
    return jpeg


def pdf_engine_jpeg(colours: QImage) -> bytes | None:
    """``colours`` (opaque RGB888) as the JPEG QPdfEngine writes of such a picture: the same coded
    picture (only the JFIF header differs, which a PDF reader does not read), a third of the time."""
    return _encoded(colours, PDF_ENGINE_QUALITY, optimize=False)


def worth_trying(pixels: int, flate_size: int) -> bool:
    """Whether a picture of ``pixels`` that Flate writes in ``flate_size`` bytes may be photographic
    (tests 1 and 2, on sizes alone: the pixels are looked at only when these pass)."""
    return pixels >= MIN_PIXELS and flate_size * 8 >= pixels * MIN_FLATE_BITS_PER_PIXEL


def changed_share(colours: QImage, jpeg: bytes, view: Image.Image | None = None) -> float:
    """The share of ``colours``' samples that ``jpeg`` moves by more than ``CHANGED_LEVELS``
    (``view``: ``colours`` as Pillow's, when already made)."""
    original = view if view is not None else _pillow_view(colours)
    if original is not None:
        return _pillow_changed_share(original, jpeg)
    decoded = QImage.fromData(jpeg)
    if decoded.isNull() or decoded.size() != colours.size():
        return 1.0
    # |original - decoded| per channel, in C: Qt's Difference composition, then bytes.translate drops
    # the samples that moved little.
    difference = colours.convertToFormat(QImage.Format.Format_RGB32)
    painter = QPainter(difference)
    painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Difference)
    painter.drawImage(0, 0, decoded)
    painter.end()
    pixels = difference.width() * difference.height()
    changed = memoryview(difference.constBits())[: 4 * pixels].tobytes().translate(None, _UNCHANGED)
    # The fourth byte of each RGB32 pixel is 0xFF: it stays, and is not a sample.
    return (len(changed) - pixels) / (3 * pixels)


def _pillow_changed_share(original: Image.Image, jpeg: bytes) -> float:
    """``changed_share`` with Pillow: the same libjpeg decoding and per-sample differences, twice as fast."""
    from PIL import Image, ImageChops

    try:
        with Image.open(io.BytesIO(jpeg)) as opened:
            decoded = opened.convert(original.mode) if opened.mode != original.mode else opened.copy()
    except (OSError, ValueError) as exc:
        log.info("JPEG written could not be read back: %s", exc)
        return 1.0
    if decoded.size != original.size:
        return 1.0
    samples = ImageChops.difference(original, decoded).tobytes()
    # Dropping the samples that moved little leaves those that moved more.
    return len(samples.translate(None, _UNCHANGED)) / len(samples)


# Qt's JPEG writer for these pictures (libjpeg built without its SIMD code) takes three times as long
# as Pillow's libjpeg-turbo for the same coded picture: same quality tables, full-resolution colour
# (Qt's choice from quality 91 on), baseline, optimal Huffman tables. Only the file's JFIF header
# differs, which a PDF reader does not read. tests/test_picture_jpeg_encoder.py checks they agree.
# Pillow's mode and the raw layout it reads, by Qt format. RGB32 is a 32-bit 0xffRRGGBB per pixel:
# Pillow takes its colour bytes as they lie, without Qt's conversion to 24 bits first.
_PILLOW_MODES = {
    QImage.Format.Format_RGB888: ("RGB", "RGB"),
    QImage.Format.Format_Grayscale8: ("L", "L"),
    QImage.Format.Format_RGB32: ("RGB", "BGRX" if sys.byteorder == "little" else "XRGB"),
}


def _pillow_view(colours: QImage) -> Image.Image | None:
    """``colours``' pixels as a Pillow image (a copy), for the formats photo_jpeg is given."""
    modes = _PILLOW_MODES.get(colours.format())
    if modes is None or colours.isNull():
        return None
    mode, raw = modes
    # Imported when first needed: a `slidepress convert` of a deck without photographs (a process
    # of its own) does not pay Pillow's import (~12 ms).
    from PIL import Image

    size = (colours.width(), colours.height())
    return Image.frombuffer(mode, size, bytes(colours.constBits()), "raw", raw, colours.bytesPerLine(), 1)


def _encoded(
    colours: QImage, quality: int = JPEG_QUALITY, *, optimize: bool = True, view: Image.Image | None = None
) -> bytes | None:
    image = view if view is not None else _pillow_view(colours)
    if image is not None and quality >= 91:
        out = io.BytesIO()
        try:
            image.save(out, "JPEG", quality=quality, subsampling="4:4:4", optimize=optimize)
        except (OSError, ValueError) as exc:
            log.info("JPEG writer failed: %s", exc)
            return None
        return out.getvalue()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QImageWriter(buffer, QByteArray(b"jpg"))
    writer.setQuality(quality)
    writer.setOptimizedWrite(optimize)  # optimal Huffman tables: a few per cent smaller
    if not writer.write(colours):
        log.info("JPEG writer failed: %s", writer.errorString())
        return None
    return bytes(data.data())
