"""Raster helpers shared by the effects PDFs cannot express as vectors (soft edges, blurred
shadows and glows, reflections, translucent gradients): drawing into an image of a box, and a
Gaussian-like blur of a shape's coverage. Qt image operations only: the frozen app has no numpy.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPainterPath, QPen

log = logging.getLogger(__name__)

# Rasters: PowerPoint's own picture resolution for exports, and a pixel cap so that a slide-sized
# (or hostile, huge) area stays within ~24 MB and a fraction of a second.
RASTER_DPI = 220.0
MAX_RASTER_PIXELS = 6_000_000
# Qt refuses an image side over 65,500 pixels (with a warning) however few pixels it has in all:
# a long thin area (a damaged path's width of 1 stretches a shape a million times) keeps under it.
MAX_RASTER_SIDE = 32_000
# Qt's antialiased fill works along every edge, pixel by pixel, and sorts each row's crossings: an
# outline long for its size (a custom path crossing itself thousands of times) costs by its length
# in pixels, whatever the raster's size (a fuzzed 20,001-point star took minutes at 2 MP). A
# raster of a path has at most this many pixels of outline (the corpus's longest, a shadowed
# text box's, has 38,000): coarser, only ever for such outlines.
MAX_OUTLINE_PIXELS = 150_000
_MAX_DOTS_PER_METER = 2**31 - 1

# The blur: three box blurs of 2**_BOX_DOUBLINGS pixels, each made by averaging the image with
# itself shifted 1, 2, 4... pixels; sigma is then sqrt(3 (w^2 - 1) / 12) pixels.
_BOX_DOUBLINGS = 3
_PASSES = 3

# The sigma (in pixels) of the full blur: three boxes of 2**_BOX_DOUBLINGS pixels.
FULL_SIGMA = math.sqrt(_PASSES * (4**_BOX_DOUBLINGS - 1) / 12.0)


def pixels_per_point(painter: QPainter, box: QRectF) -> float:
    """Raster pixels per local point: the device's own scale, capped at RASTER_DPI and in size."""
    transform = painter.combinedTransform()
    device_scale = math.sqrt(abs(transform.determinant())) or 1.0
    dpi = max(painter.device().logicalDpiX(), 1)
    scale = device_scale * RASTER_DPI / dpi
    area = max(box.width() * box.height(), 1e-6)
    side = max(box.width(), box.height(), 1e-6)
    return max(min(scale, math.sqrt(MAX_RASTER_PIXELS / area), MAX_RASTER_SIDE / side), 1e-3)


def outline_length(area: QPainterPath, box: QRectF) -> float:
    """An upper bound of the length of ``area``'s outline inside ``box`` (points): each segment's
    extent there, across plus down (curves by their control points, which bound them)."""
    left, top, right, bottom = box.left(), box.top(), box.right(), box.bottom()
    total = 0.0
    previous = None
    for i in range(area.elementCount()):
        element = area.elementAt(i)
        x, y = element.x, element.y
        if previous is not None and not element.isMoveTo():
            px, py = previous
            across = min(max(px, x), right) - max(min(px, x), left)
            down = min(max(py, y), bottom) - max(min(py, y), top)
            if across >= 0 and down >= 0:
                total += across + down
        previous = (x, y)
    return total


def outline_scale(scale: float, path: QPainterPath, box: QRectF) -> float:
    """``scale`` (pixels per point) for a raster of ``path`` over ``box``, lowered to keep its
    outline within MAX_OUTLINE_PIXELS. The path's whole length (Qt's, in C++), across plus down
    at most sqrt(2) times it, settles nearly every case: walking the elements in Python cost a
    text shadow's glyph outlines 4 ms each."""
    if path.length() * math.sqrt(2.0) * scale <= MAX_OUTLINE_PIXELS:
        return scale
    return min(scale, MAX_OUTLINE_PIXELS / max(outline_length(path, box), 1e-6))


def visible_rect(painter: QPainter) -> QRectF:
    """The painter's device (the page), in its current local coordinates."""
    inverse, invertible = painter.combinedTransform().inverted()
    if not invertible:
        return QRectF()
    return inverse.mapRect(QRectF(painter.viewport())).adjusted(-1.0, -1.0, 1.0, 1.0)


def raster_of(
    box: QRectF, width: int, height: int, draw: Callable[[QPainter], None], *, flip: bool = False
) -> QImage | None:
    """What ``draw`` paints over ``box`` (local coordinates), as a ``width`` x ``height`` ARGB image
    (upside down with ``flip``); None when the image cannot be allocated, or ``box`` has no area
    (a shape of zero width, whose fill shows nothing: its outline and text are drawn as ever)."""
    if not (box.width() > 0 and box.height() > 0 and math.isfinite(box.width() * box.height())):
        return None
    if max(width, height) > 2 * MAX_RASTER_SIDE:  # past what Qt allocates (pixels_per_point's floor)
        return None
    image = QImage(width, height, QImage.Format.Format_ARGB32_Premultiplied)
    if image.isNull():
        return None
    image.fill(Qt.GlobalColor.transparent)
    # Pictures drawn into the raster are resampled for its resolution, not the page's. Qt takes a
    # C int: a box a few EMU across at 64 pixels (a picture's see-through probe) is past it.
    dots_per_meter = round(min(width / box.width() * 72.0 / 0.0254, _MAX_DOTS_PER_METER))
    image.setDotsPerMeterX(dots_per_meter)
    image.setDotsPerMeterY(dots_per_meter)
    painter = QPainter(image)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
        if flip:
            painter.translate(0, height)
        painter.scale(width / box.width(), (-height if flip else height) / box.height())
        painter.translate(-box.left(), -box.top())
        draw(painter)
    finally:
        painter.end()
    return image


def blur_plan(sigma_px: float) -> tuple[int, float]:
    """(doublings, drift): the box passes that blur by about ``sigma_px`` pixels (at most
    FULL_SIGMA), and how many pixels they move the picture right and down (room to leave there)."""
    wanted_box = math.sqrt(12.0 * sigma_px**2 / _PASSES + 1.0)
    doublings = max(0, min(_BOX_DOUBLINGS, round(math.log2(wanted_box))))
    return doublings, _PASSES * (2**doublings - 1) / 2.0


def blurred_coverage(
    shape: QPainterPath, area: QRectF, width: int, height: int, doublings: int, edge: QPen | None = None
) -> QImage:
    """``shape``'s coverage of ``area`` (white on black) at ``width`` x ``height`` pixels, its
    outline stroked with ``edge`` (white widens it, black erodes it), blurred by ``doublings`` box
    passes (see blur_plan): a Grayscale8 image."""
    # Filled at 8 bits (Qt's fast path: a third less time than straight into 16 bits, the same
    # levels), blurred at 16 bits a channel (the box passes' sums).
    coverage = QImage(width, height, QImage.Format.Format_ARGB32_Premultiplied)
    coverage.fill(QColor(0, 0, 0))
    painter = QPainter(coverage)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.scale(width / area.width(), height / area.height())
        painter.translate(-area.left(), -area.top())
        painter.fillPath(shape, QColor(255, 255, 255))
        if edge is not None:
            painter.strokePath(shape, edge)
    finally:
        painter.end()
    return blurred_levels(coverage.convertToFormat(QImage.Format.Format_RGBX64), doublings)


def blurred_alpha(image: QImage, doublings: int) -> QImage:
    """The alpha channel of ``image`` as a Grayscale8 coverage, blurred by ``doublings`` box
    passes (see blur_plan)."""
    levels = QImage(image.width(), image.height(), QImage.Format.Format_RGBX64)
    levels.fill(QColor(0, 0, 0))
    white = QImage(image.width(), image.height(), QImage.Format.Format_ARGB32)
    white.fill(QColor(255, 255, 255))
    white.setAlphaChannel(image.convertToFormat(QImage.Format.Format_Alpha8))
    painter = QPainter(levels)
    try:
        painter.drawImage(0, 0, white)
    finally:
        painter.end()
    return blurred_levels(levels, doublings)


def blurred_levels(levels: QImage, doublings: int) -> QImage:
    """``levels`` (an RGBX64 grey image, blurred in place) after the box passes, as Grayscale8."""
    for _ in range(_PASSES):
        for step in range(doublings):
            _average_with_shifted(levels, 2**step)
    return levels.convertToFormat(QImage.Format.Format_Grayscale8)


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


def blurred_image(image: QImage, doublings: int) -> QImage:
    """``image`` blurred in every channel by ``doublings`` box passes (see blur_plan), as a
    premultiplied 16-bit image: premultiplied colour and coverage are blurred alike (a red square
    fades to transparent red, never to dark). Each is blurred as an opaque image, whose averaging
    with a shifted copy keeps its level exactly (a translucent one loses some at every pass)."""
    width, height = image.width(), image.height()
    colour = QImage(width, height, QImage.Format.Format_RGBX64)
    colour.fill(QColor(0, 0, 0))
    painter = QPainter(colour)
    try:
        painter.drawImage(0, 0, image)  # over black: the premultiplied colour
    finally:
        painter.end()
    white = QImage(width, height, QImage.Format.Format_ARGB32)
    white.fill(QColor(255, 255, 255))
    white.setAlphaChannel(image.convertToFormat(QImage.Format.Format_Alpha8))
    coverage = QImage(width, height, QImage.Format.Format_RGBX64)
    coverage.fill(QColor(0, 0, 0))
    painter = QPainter(coverage)
    try:
        painter.drawImage(0, 0, white)  # white over black: the alpha as a grey level
    finally:
        painter.end()
    for levels in (colour, coverage):
        for _ in range(_PASSES):
            for step in range(doublings):
                _average_with_shifted(levels, 2**step)
    # RGBX64 pixels are four 16-bit words: the coverage's first word becomes the colour's fourth.
    pixels = bytearray(colour.constBits())
    grey = bytes(coverage.constBits())
    pixels[6::8] = grey[0::8]
    pixels[7::8] = grey[1::8]
    out = QImage(pixels, width, height, colour.bytesPerLine(), QImage.Format.Format_RGBA64_Premultiplied)
    return out.copy()  # detached from the Python buffer
