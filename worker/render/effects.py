"""Shape effects PowerPoint shows in exports: outer shadows (with blur), glow and soft edges.

Drawn as vectors (layered translucent strokes approximate the blur) so PDFs stay sharp and small.
"""

from __future__ import annotations

import logging
import math

from lxml import etree
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen

from worker.deck.xml import attr_int, child
from worker.render.context import RenderContext

log = logging.getLogger(__name__)

EMU = 12700.0
_BLUR_STEPS = 6


def effect_list(
    ctx: RenderContext, own_props: list[etree._Element | None], style: etree._Element | None
) -> tuple[etree._Element | None, QColor | None]:
    """The a:effectLst that applies: the shape's own (nearest spPr that has one), else the theme's."""
    for props in own_props:
        effects = child(props, "effectLst")
        if effects is not None:
            return effects, None
        if child(props, "effectDag") is not None:
            return None, None
    ref = child(style, "effectRef")
    if ref is None:
        return None, None
    idx = attr_int(ref, "idx", 0)
    if 1 <= idx <= len(ctx.theme.effect_styles):
        return child(ctx.theme.effect_styles[idx - 1], "effectLst"), ctx.color(ref)
    return None, None


def paint_outer_shadow(
    painter: QPainter, ctx: RenderContext, effects: etree._Element | None, ph_color: QColor | None, shape: QPainterPath
) -> None:
    """An outer shadow of ``shape`` (shape-local coordinates; the painter is already rotated)."""
    shadow = child(effects, "outerShdw")
    if shadow is None or shape.isEmpty():
        return
    color = ctx.color(shadow, ph_color)
    if color is None or color.alpha() == 0:
        return
    dist = attr_int(shadow, "dist", 0) / EMU
    angle = math.radians(attr_int(shadow, "dir", 0) / 60000.0)
    blur = max(attr_int(shadow, "blurRad", 0) / EMU, 0.0)
    sx, sy = attr_int(shadow, "sx", 100000) / 100000.0, attr_int(shadow, "sy", 100000) / 100000.0
    box = shape.boundingRect()
    painter.save()
    try:
        # Offsets are on the page, but the painter is in the shape's rotated space: undo the rotation.
        transform = painter.worldTransform()
        rotation = math.atan2(transform.m12(), transform.m11())
        dx, dy = dist * math.cos(angle - rotation), dist * math.sin(angle - rotation)
        painter.translate(dx, dy)
        if sx != 1.0 or sy != 1.0:
            anchor = _anchor(shadow.get("algn", "b"), box)
            painter.translate(anchor)
            painter.scale(sx, sy)
            painter.translate(-anchor)
        _blurred_fill(painter, shape, color, blur)
    finally:
        painter.restore()


def paint_glow(
    painter: QPainter, ctx: RenderContext, effects: etree._Element | None, ph_color: QColor | None, shape: QPainterPath
) -> None:
    glow = child(effects, "glow")
    if glow is None or shape.isEmpty():
        return
    color = ctx.color(glow, ph_color)
    radius = attr_int(glow, "rad", 0) / EMU
    if color is None or radius <= 0:
        return
    painter.save()
    try:
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for step in range(_BLUR_STEPS, 0, -1):
            layer = QColor(color)
            layer.setAlphaF(color.alphaF() / _BLUR_STEPS)
            pen = QPen(layer, 2.0 * radius * step / _BLUR_STEPS)
            pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
            painter.setPen(pen)
            painter.drawPath(shape)
    finally:
        painter.restore()


def _anchor(algn: str, box: object) -> QPointF:
    from PySide6.QtCore import QRectF

    assert isinstance(box, QRectF)
    x = {"l": box.left(), "r": box.right()}.get(
        algn[-1:] if algn in ("tl", "bl", "l", "tr", "br", "r") else "", box.center().x()
    )
    y = box.top() if algn.startswith("t") else box.bottom() if algn.startswith("b") else box.center().y()
    return QPointF(x, y)


def _blurred_fill(painter: QPainter, shape: QPainterPath, color: QColor, blur: float) -> None:
    """Fill ``shape`` as if blurred by ``blur`` points: a Gaussian fall-off outside its edge.

    The outside is drawn as nested strokes clipped to the outside of the shape, each with the
    alpha that makes the stacked rings follow the Gaussian edge profile; the inside is flat.
    """
    painter.setPen(Qt.PenStyle.NoPen)
    painter.fillPath(shape, color)
    if blur < 0.5:
        return
    alpha = color.alphaF()
    sigma = blur / 2.5
    rings = _BLUR_STEPS
    targets = [
        alpha * 0.5 * math.erfc(((j - 0.5) / rings * blur) / (sigma * math.sqrt(2.0))) for j in range(1, rings + 1)
    ]
    # Ring j is covered by strokes j..N: choose each stroke's alpha from the outside in.
    layer_alpha = [0.0] * rings
    outer = 0.0
    for j in range(rings - 1, -1, -1):
        wanted = min(targets[j], 0.999)
        layer_alpha[j] = max(0.0, 1.0 - (1.0 - wanted) / (1.0 - outer))
        outer = wanted
    painter.save()
    outside = QPainterPath()
    outside.addRect(shape.boundingRect().adjusted(-blur * 2, -blur * 2, blur * 2, blur * 2))
    painter.setClipPath(outside.subtracted(shape), Qt.ClipOperation.IntersectClip)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    for j in range(rings):
        if layer_alpha[j] <= 0.0:
            continue
        layer = QColor(color)
        layer.setAlphaF(layer_alpha[j])
        pen = QPen(layer, 2.0 * blur * (j + 1) / rings)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        painter.drawPath(shape)
    painter.restore()
