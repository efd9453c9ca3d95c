"""The blur effect (a:blur, ECMA-376 20.1.8.15): a shape or picture drawn, then blurred over ``rad``.

What ``draw`` paints is rasterised at a resolution where the blur is a few pixels wide and blurred
in every channel (worker.render.rasters' box passes); with ``grow`` (the default) the result
spreads past the drawing's bounds, without it it is cut to them. The radius is taken as three
standard deviations, as the outer shadow's blurRad is (worker.render.effects).
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable
from dataclasses import dataclass

from lxml import etree
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QPainter, QPainterPath

from worker.deck.xml import attr_bool, child
from worker.render.effects import positive_coordinate
from worker.render.rasters import FULL_SIGMA, blur_plan, blurred_image, pixels_per_point, raster_of, visible_rect

log = logging.getLogger(__name__)

# Room past the drawing's outline for what ``draw`` puts outside it (the outer half of a line).
_OUTLINE_REACH = 6.0
MAX_PIXELS = 4_000_000


@dataclass(frozen=True)
class Blur:
    radius: float  # points
    grow: bool


def read_blur(effects: etree._Element | None) -> Blur | None:
    """The effect list's a:blur, None without one (or with a zero radius: nothing to blur)."""
    blur = child(effects, "blur")
    if blur is None:
        return None
    radius = positive_coordinate(blur, "rad")
    return Blur(radius, attr_bool(blur, "grow", True)) if radius > 0 else None


def paint_blurred(
    painter: QPainter, area: QPainterPath, blur: Blur, draw: Callable[[QPainter], None], *, lossless: bool
) -> None:
    """What ``draw`` paints around ``area`` (the drawing's filled outline), blurred by ``blur``."""
    bounds = area.boundingRect()
    sigma = blur.radius / 3.0
    pad = 3.0 * sigma + _OUTLINE_REACH
    box = bounds.adjusted(-pad, -pad, pad, pad).intersected(visible_rect(painter))
    if box.isEmpty() or not math.isfinite(box.width() * box.height()):
        return
    scale = min(
        pixels_per_point(painter, box), FULL_SIGMA / sigma, math.sqrt(MAX_PIXELS / (box.width() * box.height()))
    )
    doublings, drift = blur_plan(sigma * scale)
    box.adjust(0, 0, drift / scale, drift / scale)  # room for the passes' drift right and down
    width, height = max(1, math.ceil(box.width() * scale)), max(1, math.ceil(box.height() * scale))
    image = raster_of(box, width, height, draw)
    if image is None:  # out of memory: drawn sharp
        draw(painter)
        return
    blurred = blurred_image(image, doublings).convertToFormat(image.format())
    blurred.setDotsPerMeterX(image.dotsPerMeterX())
    blurred.setDotsPerMeterY(image.dotsPerMeterY())
    # The box passes move the picture ``drift`` pixels right and down: drawn back by as much.
    target = QRectF(box).translated(-drift * box.width() / width, -drift * box.height() / height)
    painter.save()
    try:
        if not blur.grow:
            painter.setClipRect(bounds, Qt.ClipOperation.IntersectClip)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
        painter.setRenderHint(QPainter.RenderHint.LosslessImageRendering, lossless)
        painter.drawImage(target, blurred)
    finally:
        painter.restore()
