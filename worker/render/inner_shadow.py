"""Inner shadows (a:innerShdw, ECMA-376 20.1.8.40): the shape's inside darkened along the edges
facing away from the shadow's direction, as if the outline cast a shadow ``dist`` towards ``dir``
onto a sunken surface. Drawn for text (a:rPr/a:effectLst)."""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass

from lxml import etree
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath

from worker.deck.xml import child
from worker.render.blur_raster import draw_blurred
from worker.render.effects import ColorOf, positive_coordinate, shadow_cast
from worker.render.picture_passthrough import StandIns

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class InnerShadow:
    color: QColor
    dist: float  # points
    angle: float  # radians, the direction the shadow falls
    blur: float  # points


def read_inner_shadow(effects: etree._Element | None, color_of: ColorOf) -> InnerShadow | None:
    el = child(effects, "innerShdw")
    if el is None:
        return None
    cast = shadow_cast(el, color_of)
    if cast is None:
        return None
    color, dist, angle = cast
    return InnerShadow(color=color, dist=dist, angle=angle, blur=positive_coordinate(el, "blurRad"))


def draw_inner_shadow(
    painter: QPainter, shadow: InnerShadow, shape: QPainterPath, stand_ins: StandIns | None = None
) -> None:
    """``shape``'s inner shadow: everything outside it, moved by the offset, blurred, and seen only
    inside it."""
    if shape.isEmpty():
        return
    reach = 2.0 * shadow.blur + shadow.dist + 1.0
    outside = QPainterPath()
    outside.addRect(shape.boundingRect().adjusted(-reach, -reach, reach, reach))
    outside.addPath(shape)
    # Even-odd: the frame minus the shape (a glyph's counters, holes in it, count as outside).
    outside.setFillRule(Qt.FillRule.OddEvenFill)
    cast = outside.translated(QPointF(shadow.dist * math.cos(shadow.angle), shadow.dist * math.sin(shadow.angle)))
    painter.save()
    try:
        painter.setClipPath(shape, Qt.ClipOperation.IntersectClip)
        if shadow.blur >= 0.5:
            draw_blurred(painter, cast, shadow.color, shadow.blur / 3.0, stand_ins=stand_ins)
        else:
            painter.fillPath(cast, shadow.color)
    finally:
        painter.restore()
