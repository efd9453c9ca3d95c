"""The JPEG a photograph goes into the PDF as is the one Qt's own writer makes (quality, full-resolution
colour, optimal Huffman tables), byte for byte in its coded picture, for colour and grey pictures of
any width (rows padded in Qt's buffer); and the share of samples it moves is measured alike."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from photo_support import photo_pixels
from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QImage, QImageWriter

from worker.render.picture_jpeg import JPEG_QUALITY, _encoded, changed_share, photo_jpeg


def _qt_jpeg(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QImageWriter(buffer, QByteArray(b"jpg"))
    writer.setQuality(JPEG_QUALITY)
    writer.setOptimizedWrite(True)
    assert writer.write(image)
    return bytes(data.data())


def _scan(jpeg: bytes) -> bytes:
    """The coded picture: from the frame header (size, components, sampling) to the end."""
    frame = jpeg.find(b"\xff\xc0")
    assert frame > 0
    tables = jpeg.find(b"\xff\xdb")  # quantisation tables come before the frame
    return jpeg[tables:frame] + jpeg[frame:]


def _colour(width: int, height: int) -> QImage:
    pixels = photo_pixels(width, height)
    return QImage(pixels.tobytes(), width, height, 3 * width, QImage.Format.Format_RGB888).copy()


@pytest.mark.parametrize("width", [480, 301])  # 301 px: Qt pads each row of the buffer
@pytest.mark.parametrize("grey", [False, True])
def test_encoded_is_what_qt_writes(qapp: Any, width: int, grey: bool) -> None:
    image = _colour(width, 200)
    if grey:
        image = image.convertToFormat(QImage.Format.Format_Grayscale8)
    ours = _encoded(image)
    assert ours is not None
    assert _scan(ours) == _scan(_qt_jpeg(image))
    decoded = QImage.fromData(ours)
    assert (decoded.width(), decoded.height()) == (width, 200)
    assert decoded.isGrayscale() == grey


def test_changed_share_of_a_grey_picture_with_padded_rows(qapp: Any) -> None:
    flat = np.full((60, 101), 120, np.uint8)
    image = QImage(flat.tobytes(), 101, 60, 101, QImage.Format.Format_Grayscale8).copy()
    jpeg = _encoded(image)
    assert jpeg is not None
    assert changed_share(image, jpeg) == 0.0  # a flat picture survives JPEG exactly
    moved = flat.copy()
    moved[5, :40] = 170  # 40 samples moved by 50 levels
    moved[9, :40] = 130  # 40 moved by 10: under the threshold
    changed = QImage(moved.tobytes(), 101, 60, 101, QImage.Format.Format_Grayscale8).copy()
    assert changed_share(changed, jpeg) == pytest.approx(40 / (101 * 60))


def test_photo_jpeg_decides_as_before_on_a_photograph(qapp: Any) -> None:
    image = _colour(480, 320)
    flate = 480 * 320 * 2  # a photograph deflates to about 2 bytes a pixel
    jpeg = photo_jpeg(image, flate)
    assert jpeg is not None and _scan(jpeg) == _scan(_qt_jpeg(image))
