"""Blurred shadows and glows of complex outlines (text above all) as one small raster image.

The vector blur in worker.render.effects stacks several strokes of the outline and clips to its
outside: fine for a rectangle, but for text every glyph's curves are written eight times and the
clip path is a boolean subtraction of all of them (one title slide came to 5 MB of PDF operators).
PowerPoint's own PDF export rasterises blurred effects too. Here the outline is filled (and for a
glow widened) into a coverage mask at a resolution where the blur is a few pixels wide, blurred
with box passes (Qt image operations only: the frozen app has no numpy), tinted, and drawn once.
"""

from __future__ import annotations

import logging
import math

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPaintEngine, QPainter, QPainterPath, QPen

from worker.render.picture_passthrough import StandIns, masked_color
from worker.render.rasters import FULL_SIGMA, blur_plan, blurred_coverage, outline_scale

log = logging.getLogger(__name__)

# An outline with more elements than this is blurred as a raster (a rectangle has 5, a word ~200).
COMPLEX_ELEMENTS = 400
MAX_PIXELS_PER_POINT = 1.25  # blurred edges show no detail finer than this (90 dpi)
MAX_PIXELS = 4_000_000


def draw_blurred(
    painter: QPainter,
    shape: QPainterPath,
    color: QColor,
    sigma: float,
    grow: float = 0.0,
    stand_ins: StandIns | None = None,
) -> None:
    """``shape`` widened by ``grow`` points, blurred with a Gaussian of ``sigma`` points, in ``color``.

    Into a PDF with ``stand_ins``, the raster goes in as a stand-in for its samples deflated by us
    (see picture_passthrough): Qt's JPEG of the flat colour and deflate of the mask cost more."""
    sigma = max(sigma, 0.25)
    box = shape.boundingRect()
    pad = 3.0 * sigma + grow
    area = box.adjusted(-pad, -pad, pad, pad)
    if area.isEmpty() or not math.isfinite(area.width() * area.height()):
        return
    scale = min(MAX_PIXELS_PER_POINT, FULL_SIGMA / sigma, math.sqrt(MAX_PIXELS / (area.width() * area.height())))
    scale = outline_scale(scale, shape, area)
    doublings, drift = blur_plan(sigma * scale)
    area.adjust(0, 0, drift / scale, drift / scale)  # room for the passes' drift right and down
    width, height = max(1, math.ceil(area.width() * scale)), max(1, math.ceil(area.height() * scale))
    widen = None
    if grow > 0:
        widen = QPen(QColor(255, 255, 255), 2.0 * grow)
        widen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    gray = blurred_coverage(shape, area, width, height, doublings, widen)
    engine = painter.paintEngine()
    if stand_ins is not None and engine is not None and engine.type() == QPaintEngine.Type.Pdf:
        tinted = stand_ins.one_off(masked_color(color, gray))
    else:
        stand_ins = None
        alpha = QImage(gray.constBits(), width, height, gray.bytesPerLine(), QImage.Format.Format_Alpha8)
        # Not premultiplied: the colour channels stay flat, the mask is the alpha.
        tinted = QImage(width, height, QImage.Format.Format_ARGB32)
        tinted.fill(QColor(color.red(), color.green(), color.blue()))
        tinted.setAlphaChannel(alpha)
    # The box passes move the picture ``drift`` pixels right and down: draw it back by as much.
    target = QRectF(area).translated(-drift / scale, -drift / scale)
    painter.save()
    try:
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
        if stand_ins is not None:
            painter.setRenderHint(QPainter.RenderHint.LosslessImageRendering, True)  # its pixels must survive
        painter.setOpacity(painter.opacity() * color.alphaF())
        painter.drawImage(target, tinted)
    finally:
        painter.restore()
