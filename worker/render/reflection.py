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
from PySide6.QtGui import QColor, QImage, QLinearGradient, QPainter, QPainterPath, QTransform

from worker.deck.xml import attr_int, child
from worker.render.drawn_rasters import draw_raster
from worker.render.effects import anchor_point, positive_coordinate
from worker.render.picture_passthrough import StandIns
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
    # The rest of ECMA-376 20.1.8.50, read for text (read_any_reflection); shapes draw only the
    # presets' downward mirror, which these defaults describe.
    blur: float = 0.0  # blurRad, points
    direction: float = 90.0  # dir, degrees: where ``dist`` moves the copy
    fade_direction: float = 90.0  # fadeDir, degrees, in the copy's own frame
    sx: float = 1.0
    sy: float = -1.0
    kx: float = 0.0  # skews, degrees
    ky: float = 0.0
    algn: str = "b"  # the point of the source's box the scale and skew keep in place


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


def read_any_reflection(effects: etree._Element | None) -> Reflection | None:
    """The effect list's a:reflection with every attribute the schema gives it (text draws all)."""
    el = child(effects, "reflection")
    if el is None:
        return None
    start = _fraction(el, "stA", 100000)
    end_pos = _fraction(el, "endPos", 100000)
    sx, sy = attr_int(el, "sx", 100000) / 100000.0, attr_int(el, "sy", 100000) / 100000.0
    if start <= 0 or end_pos <= 0 or abs(sx) < 1e-3 or abs(sy) < 1e-3:
        return None  # nothing visible, or a copy squeezed to a line
    return Reflection(
        start_alpha=start,
        end_alpha=_fraction(el, "endA", 0),
        start_pos=_fraction(el, "stPos", 0),
        end_pos=end_pos,
        dist=positive_coordinate(el, "dist"),
        blur=positive_coordinate(el, "blurRad"),
        direction=attr_int(el, "dir", 0) / 60000.0,
        fade_direction=attr_int(el, "fadeDir", 5400000) / 60000.0,
        sx=max(min(sx, 100.0), -100.0),
        sy=max(min(sy, 100.0), -100.0),
        kx=max(min(attr_int(el, "kx", 0) / 60000.0, 89.0), -89.0),
        ky=max(min(attr_int(el, "ky", 0) / 60000.0, 89.0), -89.0),
        algn=el.get("algn", "b"),
    )


def _fraction(el: etree._Element, name: str, default: int) -> float:
    """An ST_PositiveFixedPercentage as 0..1."""
    return min(max(attr_int(el, name, default) / 100000.0, 0.0), 1.0)


def paint_reflection(
    painter: QPainter,
    area: QPainterPath,
    reflection: Reflection,
    draw: Callable[[QPainter], None],
    stand_ins: StandIns | None = None,
) -> None:
    """The mirrored, fading copy of what ``draw`` paints over ``area`` (local coordinates);
    ``stand_ins``: the page's, to encode the copy's raster here (see drawn_rasters)."""
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
        draw_raster(painter, target, image, stand_ins, lossless=False)
    finally:
        painter.restore()


def paint_placed_reflection(
    painter: QPainter,
    box: QRectF,
    reflection: Reflection,
    draw: Callable[[QPainter], None],
    stand_ins: StandIns | None = None,
) -> None:
    """The copy of what ``draw`` paints over ``box`` (local coordinates), placed as ECMA-376 places
    a reflection: scaled by sx, sy and skewed by kx, ky about the ``algn`` point of ``box``, moved
    ``dist`` towards ``dir``; faded from stA at stPos to endA at endPos along fadeDir in the copy's
    own frame (nothing past endPos: PowerPoint's reflection "size"); blurred by blurRad.
    ``stand_ins`` as for paint_reflection."""
    if box.isEmpty():
        return
    anchor = anchor_point(reflection.algn, box)
    turn = math.radians(reflection.direction)
    placed = (
        QTransform()
        .translate(reflection.dist * math.cos(turn), reflection.dist * math.sin(turn))
        .translate(anchor.x(), anchor.y())
        .shear(math.tan(math.radians(reflection.kx)), math.tan(math.radians(reflection.ky)))
        .scale(reflection.sx, reflection.sy)
        .translate(-anchor.x(), -anchor.y())
    )
    if not placed.mapRect(box).intersects(visible_rect(painter)):
        return
    ppp = pixels_per_point(painter, box)
    if reflection.blur > 0:
        # A raster about two pixels per blur radius, drawn smoothly scaled up: the blur, at the
        # cost of one resample (presets blur by 0.5 to 1 pt).
        ppp = min(ppp, max(2.0 / reflection.blur, 0.25))
    width, height = max(1, math.ceil(box.width() * ppp)), max(1, math.ceil(box.height() * ppp))
    image = raster_of(box, width, height, draw)
    if image is None:
        return
    _fade(image, reflection)
    painter.save()
    try:
        painter.setTransform(placed, True)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
        draw_raster(painter, box, image, stand_ins, lossless=False)
    finally:
        painter.restore()


def _fade(image: QImage, reflection: Reflection) -> None:
    """Mask ``image`` (the source, upright) with the fade, which runs in the copy's frame: a copy
    flipped by a negative sx or sy starts its fade at the flipped edge (the one by the source)."""
    width, height = image.width(), image.height()
    angle = math.radians(reflection.fade_direction)
    dx, dy = math.cos(angle), math.sin(angle)
    # The fade's axis through the image's centre, from the corner least along it to the farthest.
    half = (abs(dx) * width + abs(dy) * height) / 2.0
    cx, cy = width / 2.0, height / 2.0
    start, end = QPointF(cx - dx * half, cy - dy * half), QPointF(cx + dx * half, cy + dy * half)
    if reflection.sx < 0:
        start, end = QPointF(width - start.x(), start.y()), QPointF(width - end.x(), end.y())
    if reflection.sy < 0:
        start, end = QPointF(start.x(), height - start.y()), QPointF(end.x(), height - end.y())
    fade = QLinearGradient(start, end)
    start_pos = min(reflection.start_pos, reflection.end_pos)
    fade.setColorAt(start_pos, QColor(0, 0, 0, round(255 * reflection.start_alpha)))
    fade.setColorAt(reflection.end_pos, QColor(0, 0, 0, round(255 * reflection.end_alpha)))
    if reflection.end_pos < 1.0:
        fade.setColorAt(min(reflection.end_pos + 1e-4, 1.0), QColor(0, 0, 0, 0))
        fade.setColorAt(1.0, QColor(0, 0, 0, 0))
    masking = QPainter(image)
    try:
        masking.setCompositionMode(QPainter.CompositionMode.CompositionMode_DestinationIn)
        masking.fillRect(QRectF(0, 0, width, height), fade)
    finally:
        masking.end()
