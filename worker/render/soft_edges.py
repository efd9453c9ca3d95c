"""Soft edges (a:softEdge): a shape or picture whose outline fades to transparent inwards.

PowerPoint feathers the drawn shape over ``rad`` from its outline towards the inside. Only the
affected shape is rasterised: it is drawn into an ARGB image at a bounded resolution, the rings
along its outline are erased by the fall-off profile, and the image is drawn in its place.
"""

from __future__ import annotations

import logging
import math
import sys
from collections.abc import Callable

import numpy as np
from lxml import etree
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPainterPath, QPen

from worker.deck.xml import attr_int, child

log = logging.getLogger(__name__)

EMU = 12700.0
# Rasters for soft-edged shapes: PowerPoint's own picture resolution for exports, and a pixel cap
# so that a slide-sized (or hostile, huge) shape stays within ~24 MB and a fraction of a second.
RASTER_DPI = 220.0
MAX_RASTER_PIXELS = 6_000_000


def soft_edge_radius(effects: etree._Element | None) -> float:
    """The feathering width in points of the effect list's a:softEdge (0 when there is none)."""
    soft = child(effects, "softEdge")
    if soft is None:
        return 0.0
    return max(attr_int(soft, "rad", 0) / EMU, 0.0)


def _pixels_per_point(painter: QPainter, box: QRectF) -> float:
    """Raster pixels per local point: the device's own scale, capped at RASTER_DPI and in size."""
    transform = painter.combinedTransform()
    device_scale = math.sqrt(abs(transform.determinant())) or 1.0
    dpi = max(painter.device().logicalDpiX(), 1)
    scale = device_scale * RASTER_DPI / dpi
    area = max(box.width() * box.height(), 1e-6)
    return max(min(scale, math.sqrt(MAX_RASTER_PIXELS / area)), 1e-3)


def paint_soft_edged(
    painter: QPainter,
    shape: QPainterPath,
    radius: float,
    draw: Callable[[QPainter], None],
    *,
    lossless: bool = True,
) -> None:
    """Paint what ``draw`` paints (in the painter's local space) with ``shape``'s edge feathered.

    Whatever ``draw`` puts outside ``shape`` (the outer half of an outline) is cut away. The PDF
    gets the raster losslessly (flat fills compress to little) unless ``lossless`` is False
    (photographs, better as JPEG).
    """
    box = shape.boundingRect()
    if shape.isEmpty() or box.width() <= 0 or box.height() <= 0:
        draw(painter)
        return
    scale = _pixels_per_point(painter, box)
    width = max(1, math.ceil(box.width() * scale))
    height = max(1, math.ceil(box.height() * scale))
    image = QImage(width, height, QImage.Format.Format_ARGB32_Premultiplied)
    if image.isNull():  # out of memory: the shape is still drawn, with a hard edge
        draw(painter)
        return
    image.fill(Qt.GlobalColor.transparent)
    # Pictures drawn into the raster are resampled for its resolution, not the page's.
    dots_per_meter = round(scale * 72.0 / 0.0254)
    image.setDotsPerMeterX(dots_per_meter)
    image.setDotsPerMeterY(dots_per_meter)
    raster = QPainter(image)
    try:
        raster.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        raster.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
        raster.scale(width / box.width(), height / box.height())
        raster.translate(-box.left(), -box.top())
        draw(raster)
        raster.setCompositionMode(QPainter.CompositionMode.CompositionMode_DestinationIn)
        raster.fillPath(shape, QColor(0, 0, 0, 255))
    finally:
        raster.end()
    radius = min(radius, _inner_limit(shape))
    if radius > 0:
        # Straight (not premultiplied) colours keep their full value up to the outline, so the
        # fade lives in the alpha channel alone and the colour plane stays flat and compressible.
        image = image.convertToFormat(QImage.Format.Format_ARGB32)
        mask = soft_edge_mask(shape, radius, box, scale).scaled(
            width, height, Qt.AspectRatioMode.IgnoreAspectRatio, Qt.TransformationMode.SmoothTransformation
        )
        _multiply_alpha(image, mask)
    painter.save()
    try:
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
        painter.setRenderHint(QPainter.RenderHint.LosslessImageRendering, lossless)
        painter.drawImage(box, image)
    finally:
        painter.restore()


def _inner_limit(shape: QPainterPath) -> float:
    """Feathering deeper than half the shape's smaller side would leave nothing opaque."""
    box = shape.boundingRect()
    return max(min(box.width(), box.height()) / 2.0, 0.0)


# ARGB32 pixels are native-endian 0xAARRGGBB words: alpha is the last byte on little-endian machines.
_ALPHA_BYTE = 3 if sys.byteorder == "little" else 0


def _multiply_alpha(image: QImage, mask: QImage) -> None:
    """``image``'s (ARGB32) alpha multiplied in place by ``mask``'s (Alpha8, same size)."""
    height, width = image.height(), image.width()
    pixels = np.frombuffer(image.bits(), dtype=np.uint8, count=image.bytesPerLine() * height)
    alpha = pixels.reshape(height, image.bytesPerLine())[:, _ALPHA_BYTE : width * 4 : 4]
    levels = np.frombuffer(mask.constBits(), dtype=np.uint8, count=mask.bytesPerLine() * height)
    factor = levels.reshape(height, mask.bytesPerLine())[:, :width]
    alpha[...] = (alpha.astype(np.uint16) * factor + 127) // 255


def soft_edge_mask(shape: QPainterPath, radius: float, box: QRectF, max_scale: float) -> QImage:
    """An alpha mask of ``box``: ``shape`` eroded by half the radius, blurred (sigma = radius / 4).

    The blur makes the mask smooth, so it is computed at a resolution where sigma is a few pixels
    whatever the shape's size (at most ``max_scale`` pixels per point), then scaled up. Levels are
    stretched so that a straight edge fades from exactly 0 on the outline to 1 at ``radius`` inside.
    """
    sigma = radius / 4.0
    scale = min(_MASK_SIGMA_PX / sigma, max_scale)  # mask pixels per point
    width = max(1, math.ceil(box.width() * scale))
    height = max(1, math.ceil(box.height() * scale))
    image = QImage(width, height, QImage.Format.Format_Grayscale8)
    image.fill(0)
    painter = QPainter(image)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.scale(width / box.width(), height / box.height())
        painter.translate(-box.left(), -box.top())
        painter.fillPath(shape, QColor(255, 255, 255))
        pen = QPen(QColor(0, 0, 0), radius)  # half of it on each side: erodes by radius / 2
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.strokePath(shape, pen)
    finally:
        painter.end()
    levels = _gray_array(image)
    # Three box blurs of width w approximate a Gaussian of sigma sqrt((w^2 - 1) / 4) pixels.
    box_width = 2 * round(math.sqrt(4.0 * (sigma * scale) ** 2 + 1.0) / 2.0) + 1
    if box_width > 1:
        levels = _box_blur(_box_blur(_box_blur(levels, box_width), box_width), box_width)
    low, high = _EDGE_LEVELS
    levels = np.clip((levels - low) / (high - low), 0.0, 1.0)
    alpha = np.ascontiguousarray((levels * 255.0 + 0.5).astype(np.uint8))
    mask = QImage(alpha.data, width, height, width, QImage.Format.Format_Alpha8)
    return mask.copy()  # detached from the numpy buffer


_MASK_SIGMA_PX = 6.0  # the blur's sigma in mask pixels: smooth enough, and cheap at any size
# The blurred mask's levels on the outline and at ``radius`` inside a straight edge: 2 sigma
# either side of the eroded edge.
_EDGE_LEVELS = (0.5 * math.erfc(math.sqrt(2.0)), 1.0 - 0.5 * math.erfc(math.sqrt(2.0)))


def _gray_array(image: QImage) -> np.ndarray:
    stride = image.bytesPerLine()
    raw = np.frombuffer(image.constBits(), dtype=np.uint8, count=stride * image.height())
    return raw.reshape(image.height(), stride)[:, : image.width()].astype(np.float32) / 255.0


def _box_blur(levels: np.ndarray, width: int) -> np.ndarray:
    """A box blur of ``width`` (odd) pixels along both axes, zero outside."""
    half = width // 2
    for axis in (0, 1):
        pad = [(0, 0), (0, 0)]
        pad[axis] = (half + 1, half)
        padded = np.pad(levels, pad)
        summed = np.cumsum(padded, axis=axis, dtype=np.float64)
        upper = np.take(summed, np.arange(width, summed.shape[axis]), axis=axis)
        lower = np.take(summed, np.arange(0, summed.shape[axis] - width), axis=axis)
        levels = ((upper - lower) / width).astype(np.float32)
    return levels
