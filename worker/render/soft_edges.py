"""Soft edges (a:softEdge): a shape or picture whose outline fades to transparent inwards.

PowerPoint feathers the drawn shape over ``rad`` from its outline towards the inside. Only the
affected shape is rasterised: it is drawn into an ARGB image at a bounded resolution, cut to its
outline, and its alpha is multiplied by a mask (the outline eroded by half the radius, blurred).
Everything here is Qt image operations: the frozen application ships without numpy.
"""

from __future__ import annotations

import logging
import math
import sys
from collections.abc import Callable

from lxml import etree
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPainterPath, QPen

from worker.deck.xml import attr_int, child

log = logging.getLogger(__name__)

EMU = 12700.0
# Rasters for soft-edged shapes: PowerPoint's own picture resolution for exports, and a pixel cap
# so that a slide-sized (or hostile, huge) shape stays within ~24 MB and a fraction of a second.
RASTER_DPI = 220.0
MAX_RASTER_PIXELS = 6_000_000

# The mask's blur: three box blurs of 2**_BOX_DOUBLINGS pixels, each made by averaging the image
# with itself shifted 1, 2, 4... pixels; sigma is then sqrt(3 (w^2 - 1) / 12) mask pixels.
_BOX_DOUBLINGS = 3
_PASSES = 3

# ARGB32 pixels are native-endian 0xAARRGGBB words: alpha is the last byte on little-endian machines.
_ALPHA_BYTE = 3 if sys.byteorder == "little" else 0


def soft_edge_radius(effects: etree._Element | None) -> float:
    """The feathering width in points of the effect list's a:softEdge (0 when there is none)."""
    soft = child(effects, "softEdge")
    if soft is None:
        return 0.0
    return max(attr_int(soft, "rad", 0) / EMU, 0.0)


def pixels_per_point(painter: QPainter, box: QRectF) -> float:
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
    if shape.isEmpty() or shape.boundingRect().isEmpty():
        draw(painter)
        return
    # Only the part on the page is rasterised: hostile or oversized shapes reach far beyond it.
    box = shape.boundingRect().intersected(visible_rect(painter))
    if box.width() <= 0 or box.height() <= 0:
        return
    scale = pixels_per_point(painter, box)
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
        image = _feathered(image, shape, radius, box, scale)
    painter.save()
    try:
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
        painter.setRenderHint(QPainter.RenderHint.LosslessImageRendering, lossless)
        painter.drawImage(box, image)
    finally:
        painter.restore()


def visible_rect(painter: QPainter) -> QRectF:
    """The painter's device (the page), in its current local coordinates."""
    inverse, invertible = painter.combinedTransform().inverted()
    if not invertible:
        return QRectF()
    return inverse.mapRect(QRectF(painter.viewport())).adjusted(-1.0, -1.0, 1.0, 1.0)


def _inner_limit(shape: QPainterPath) -> float:
    """Feathering deeper than half the shape's smaller side would leave nothing opaque."""
    box = shape.boundingRect()
    return max(min(box.width(), box.height()) / 2.0, 0.0)


def _feathered(image: QImage, shape: QPainterPath, radius: float, box: QRectF, scale: float) -> QImage:
    """``image`` (premultiplied, covering ``box``) with its alpha multiplied by the soft-edge mask.

    The result has straight (not premultiplied) colours taken from before the fade, so they keep
    their full value up to the outline: the fade lives in the alpha channel alone, and the PDF's
    colour plane stays flat and compressible.
    """
    colors = image.convertToFormat(QImage.Format.Format_ARGB32)
    mask, mask_rect = soft_edge_mask(shape, radius, box, scale)
    painter = QPainter(image)
    try:
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
        painter.scale(image.width() / box.width(), image.height() / box.height())
        painter.translate(-box.left(), -box.top())
        painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_DestinationIn)
        painter.drawImage(mask_rect, mask)
    finally:
        painter.end()
    # The faded alpha replaces the straight image's own, byte for byte (slices run in C).
    faded = bytes(image.constBits())
    pixels = bytearray(colors.constBits())
    pixels[_ALPHA_BYTE::4] = faded[_ALPHA_BYTE::4]
    out = QImage(pixels, colors.width(), colors.height(), colors.bytesPerLine(), QImage.Format.Format_ARGB32)
    out = out.copy()  # detached from the Python buffer
    out.setDotsPerMeterX(image.dotsPerMeterX())
    out.setDotsPerMeterY(image.dotsPerMeterY())
    return out


def soft_edge_mask(shape: QPainterPath, radius: float, region: QRectF, max_scale: float) -> tuple[QImage, QRectF]:
    """An alpha mask over ``region``: ``shape`` eroded by half the radius, blurred (sigma = radius
    / 4), and the rectangle (in the shape's coordinates) it covers.

    The blur makes the mask smooth, so it is computed at a resolution where sigma is a few pixels
    whatever the shape's size (at most ``max_scale`` pixels per point); drawing it scales it up.
    Levels are stretched so a straight edge fades from 0 on the outline to 1 at ``radius`` inside.
    """
    sigma = radius / 4.0
    scale = min(FULL_SIGMA / sigma, max_scale)  # mask pixels per point
    doublings, drift = blur_plan(sigma * scale)
    pad = 3.0 * sigma
    area = region.adjusted(-pad, -pad, pad + drift / scale, pad + drift / scale)
    width = max(1, math.ceil(area.width() * scale))
    height = max(1, math.ceil(area.height() * scale))
    levels = QImage(width, height, QImage.Format.Format_RGBX64)  # 16 bits a channel: the blur's sums
    levels.fill(QColor(0, 0, 0))
    painter = QPainter(levels)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.scale(width / area.width(), height / area.height())
        painter.translate(-area.left(), -area.top())
        painter.fillPath(shape, QColor(255, 255, 255))
        pen = QPen(QColor(0, 0, 0), radius)  # half of it on each side: erodes by radius / 2
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.strokePath(shape, pen)
    finally:
        painter.end()
    box_blur(levels, doublings)
    gray = levels.convertToFormat(QImage.Format.Format_Grayscale8)
    data = bytes(gray.constBits()).translate(_STRETCH)
    mask = QImage(data, width, height, gray.bytesPerLine(), QImage.Format.Format_Alpha8).copy()
    # Drawn moved back by the blur's drift.
    return mask, area.translated(QPointF(-drift * area.width() / width, -drift * area.height() / height))


# The sigma (in pixels) of the full blur: three boxes of 2**_BOX_DOUBLINGS pixels.
FULL_SIGMA = math.sqrt(_PASSES * (4**_BOX_DOUBLINGS - 1) / 12.0)


def blur_plan(sigma_px: float) -> tuple[int, float]:
    """(doublings, drift): the box passes that blur by about ``sigma_px`` pixels (at most
    FULL_SIGMA), and how many pixels they move the picture right and down (room to leave there)."""
    wanted_box = math.sqrt(12.0 * sigma_px**2 / _PASSES + 1.0)
    doublings = max(0, min(_BOX_DOUBLINGS, round(math.log2(wanted_box))))
    return doublings, _PASSES * (2**doublings - 1) / 2.0


def box_blur(levels: QImage, doublings: int) -> None:
    """Blur a 16-bit-per-channel image in place with ``_PASSES`` boxes of 2**doublings pixels."""
    for _ in range(_PASSES):
        for step in range(doublings):
            _average_with_shifted(levels, 2**step)


def _average_with_shifted(image: QImage, shift: int) -> None:
    """Each pixel becomes the mean of itself and the pixels ``shift`` to its left and above."""
    for dx, dy in ((shift, 0), (0, shift)):
        source = image.copy()
        painter = QPainter(image)
        try:
            painter.setOpacity(0.5)
            painter.drawImage(dx, dy, source)
        finally:
            painter.end()


def _stretch_table() -> bytes:
    """Levels of the blurred mask mapped so that 2 sigma either side of the eroded edge (the
    outline and ``radius`` inside it) become exactly 0 and 255."""
    low = 0.5 * math.erfc(math.sqrt(2.0))
    high = 1.0 - low
    return bytes(min(255, max(0, round((i / 255.0 - low) / (high - low) * 255.0))) for i in range(256))


_STRETCH = _stretch_table()
