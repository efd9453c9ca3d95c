"""Rasters the renderer makes itself (translucent gradients, reflections, soft edges) drawn into a
PDF as stand-ins for the streams Qt's engine would write of them, encoded here.

Qt's PDF engine deflates a raster drawn with LosslessImageRendering (zlib level 6) and writes any
other as a JPEG (its own writer, quality 94) with a soft mask: that encoding was most of a raster's
cost. picture_passthrough encodes the same streams faster (zlib-ng; Pillow's libjpeg-turbo, the
same coded picture) and swaps them in when the PDF is finished."""

from __future__ import annotations

import logging

from PySide6.QtCore import QRectF
from PySide6.QtGui import QImage, QPaintEngine, QPainter

from worker.render.picture_passthrough import StandIns

log = logging.getLogger(__name__)


def draw_raster(
    painter: QPainter, target: QRectF, image: QImage, stand_ins: StandIns | None, *, lossless: bool
) -> None:
    """``painter.drawImage(target, image)`` with the painter's LosslessImageRendering set to
    ``lossless``; on a PDF page (``stand_ins`` the page's) through a stand-in where one can stand
    for it. The caller saves and restores the painter's state."""
    painter.setRenderHint(QPainter.RenderHint.LosslessImageRendering, lossless)
    engine = painter.paintEngine()
    stand_in = None
    if stand_ins is not None and engine is not None and engine.type() == QPaintEngine.Type.Pdf:
        stand_in = stand_ins.one_off_pixels(image) if lossless else stand_ins.one_off_engine_jpeg(image)
    if stand_in is None:
        painter.drawImage(target, image)
        return
    painter.setRenderHint(QPainter.RenderHint.LosslessImageRendering, True)  # the stand-in's pixels must survive
    painter.drawImage(target, stand_in)
