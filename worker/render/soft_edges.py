"""Soft edges (a:softEdge): a shape or picture whose outline fades to transparent inwards.

PowerPoint feathers the drawn shape over ``rad`` from its outline towards the inside. Only the
affected shape is rasterised: it is drawn into an ARGB image at a bounded resolution, cut to its
outline, and its alpha is multiplied by a mask (the outline eroded by half the radius, blurred).
The raster work is worker.render.rasters' (Qt image operations: the frozen app has no numpy).
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
from worker.render.drawn_rasters import draw_raster
from worker.render.picture_passthrough import StandIns
from worker.render.rasters import FULL_SIGMA, blur_plan, blurred_coverage, pixels_per_point, raster_of, visible_rect

log = logging.getLogger(__name__)

EMU = 12700.0
# ARGB32 pixels are native-endian 0xAARRGGBB words: alpha is the last byte on little-endian machines.
_ALPHA_BYTE = 3 if sys.byteorder == "little" else 0


def soft_edge_radius(effects: etree._Element | None) -> float:
    """The feathering width in points of the effect list's a:softEdge (0 when there is none)."""
    soft = child(effects, "softEdge")
    if soft is None:
        return 0.0
    return max(attr_int(soft, "rad", 0) / EMU, 0.0)


def paint_soft_edged(
    painter: QPainter,
    shape: QPainterPath,
    radius: float,
    draw: Callable[[QPainter], None],
    *,
    lossless: bool = True,
    stand_ins: StandIns | None = None,
) -> None:
    """Paint what ``draw`` paints (in the painter's local space) with ``shape``'s edge feathered.

    Whatever ``draw`` puts outside ``shape`` (the outer half of an outline) is cut away. The PDF
    gets the raster losslessly (flat fills compress to little) unless ``lossless`` is False
    (photographs, better as JPEG). ``stand_ins``: the page's, to encode the raster here (see
    drawn_rasters).
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

    def cut_to_shape(raster: QPainter) -> None:
        draw(raster)
        raster.setCompositionMode(QPainter.CompositionMode.CompositionMode_DestinationIn)
        raster.fillPath(shape, QColor(0, 0, 0, 255))

    image = raster_of(box, width, height, cut_to_shape)
    if image is None:  # out of memory: the shape is still drawn, with a hard edge
        draw(painter)
        return
    radius = min(radius, _inner_limit(shape))
    if radius > 0:
        image = _feathered(image, shape, radius, box, scale)
    painter.save()
    try:
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
        draw_raster(painter, box, image, stand_ins, lossless=lossless)
    finally:
        painter.restore()


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
    erode = QPen(QColor(0, 0, 0), radius)  # half of it on each side: erodes by radius / 2
    erode.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    gray = blurred_coverage(shape, area, width, height, doublings, erode)
    data = bytes(gray.constBits()).translate(_STRETCH)
    mask = QImage(data, width, height, gray.bytesPerLine(), QImage.Format.Format_Alpha8).copy()
    # Drawn moved back by the blur's drift.
    return mask, area.translated(QPointF(-drift * area.width() / width, -drift * area.height() / height))


def _stretch_table() -> bytes:
    """Levels of the blurred mask mapped so that 2 sigma either side of the eroded edge (the
    outline and ``radius`` inside it) become exactly 0 and 255."""
    low = 0.5 * math.erfc(math.sqrt(2.0))
    high = 1.0 - low
    return bytes(min(255, max(0, round((i / 255.0 - low) / (high - low) * 255.0))) for i in range(256))


_STRETCH = _stretch_table()
