"""Reflections (a:reflection) of shapes and pictures: a mirrored copy below, fading out.

PowerPoint's reflection presets mirror the drawn shape downwards (sy -100 %, dir 90°), start at
``stA`` opacity at the shape's bottom edge and fade to ``endA`` at ``endPos`` of the copy's height,
``dist`` below the shape. The copy is a raster of what the shape draws (its fill, picture and
outline), masked by that fade: PDF keeps the fade as a soft mask.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable
from dataclasses import dataclass

from lxml import etree
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor, QLinearGradient, QPainter, QPainterPath

from worker.deck.xml import attr_int, child
from worker.render.rasters import pixels_per_point, raster_of, visible_rect

log = logging.getLogger(__name__)

EMU = 12700.0


@dataclass(frozen=True)
class Reflection:
    start_alpha: float  # opacity at the mirrored edge
    end_alpha: float
    start_pos: float  # fractions of the copy's height where the fade starts and ends
    end_pos: float
    dist: float  # points between the shape and its copy


def read_reflection(effects: etree._Element | None) -> Reflection | None:
    """The effect list's a:reflection, when it is the downward mirror PowerPoint's presets use."""
    el = child(effects, "reflection")
    if el is None:
        return None
    direction = attr_int(el, "dir", 5400000) / 60000.0
    if attr_int(el, "sy", 100000) >= 0 or abs(direction - 90.0) > 1.0:
        return None  # other placements are rare: left undrawn rather than drawn wrong
    start = attr_int(el, "stA", 100000) / 100000.0
    end_pos = attr_int(el, "endPos", 100000) / 100000.0
    if start <= 0 or end_pos <= 0:
        return None
    return Reflection(
        start_alpha=min(start, 1.0),
        end_alpha=min(max(attr_int(el, "endA", 0) / 100000.0, 0.0), 1.0),
        start_pos=min(max(attr_int(el, "stPos", 0) / 100000.0, 0.0), 1.0),
        end_pos=min(end_pos, 1.0),
        dist=max(attr_int(el, "dist", 0) / EMU, 0.0),
    )


def paint_reflection(
    painter: QPainter, area: QPainterPath, reflection: Reflection, draw: Callable[[QPainter], None]
) -> None:
    """The mirrored, fading copy of what ``draw`` paints over ``area`` (local coordinates)."""
    box = area.boundingRect()
    if box.isEmpty():
        return
    gap = reflection.dist
    target = QRectF(box.left(), box.bottom() + gap, box.width(), box.height())
    if not target.intersects(visible_rect(painter)):
        return
    ppp = pixels_per_point(painter, box)
    width, height = max(1, math.ceil(box.width() * ppp)), max(1, math.ceil(box.height() * ppp))
    # Upside down: the shape's bottom edge becomes the copy's top row.
    image = raster_of(box, width, height, draw, flip=True)
    if image is None:
        return
    fade = QLinearGradient(QPointF(0, reflection.start_pos * height), QPointF(0, reflection.end_pos * height))
    fade.setColorAt(0.0, QColor(0, 0, 0, round(255 * reflection.start_alpha)))
    fade.setColorAt(1.0, QColor(0, 0, 0, round(255 * reflection.end_alpha)))
    masking = QPainter(image)
    try:
        masking.setCompositionMode(QPainter.CompositionMode.CompositionMode_DestinationIn)
        masking.fillRect(QRectF(0, 0, width, reflection.end_pos * height), fade)
        masking.fillRect(QRectF(0, reflection.end_pos * height, width, height), QColor(0, 0, 0, 0))
    finally:
        masking.end()
    painter.save()
    try:
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
        painter.drawImage(target, image)
    finally:
        painter.restore()
