"""Shape and text effects PowerPoint shows in exports: outer shadows (with blur) and glow.

Drawn as vectors (layered translucent strokes approximate the blur) so PDFs stay sharp and small;
complex outlines (text) are blurred as one raster instead (worker.render.blur_raster).
Soft edges need the shape's own pixels: worker.render.soft_edges.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable
from dataclasses import dataclass, replace

from lxml import etree
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen, QTransform

from worker.deck.xml import attr_bool, attr_int, child
from worker.render.blur_raster import COMPLEX_ELEMENTS, draw_blurred
from worker.render.context import RenderContext
from worker.render.picture_passthrough import StandIns

log = logging.getLogger(__name__)

EMU = 12700.0
_BLUR_STEPS = 6
GLOW_RINGS = _BLUR_STEPS  # the strokes of a glow up to 15 pt (worker.render.drawn_glow stacks as many rings)
_GLOW_RING_WIDTH = 2.5  # points: a wider glow is stacked of more strokes, none wider than this
_MAX_GLOW_RINGS = 16  # a 40 pt glow; wider ones widen their strokes again: more, fainter strokes, each
# rounded to 8 bits where the page is composed, drift the glow's colour (48 strokes of a 30 % glow: 36 levels)
# Below half a level of an 8-bit channel: a shadow this faint is not drawn at all.
_INVISIBLE = 0.5 / 255.0


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


ColorOf = Callable[[etree._Element], QColor | None]


@dataclass(frozen=True)
class OuterShadow:
    """a:outerShdw, resolved: colour, offset (points, direction in radians), blur and scale."""

    color: QColor
    dist: float
    angle: float
    blur: float
    sx: float = 1.0
    sy: float = 1.0
    algn: str = "b"
    # Whether the offset turns with its shape (rotWithShape, true unless written false: ECMA-376's
    # schema default); see turned_with.
    rot_with_shape: bool = True

    def turned_with(self, turn: float) -> OuterShadow:
        """The shadow of a shape turned ``turn`` degrees on the page: with rotWithShape the offset's
        direction turns as much ("whether the shadow rotates when the shape it is associated with
        rotates", ShadowFormat.RotateWithShape in PowerPoint's object model). Flips leave it."""
        if not self.rot_with_shape or not turn:
            return self
        return replace(self, angle=self.angle + math.radians(turn))


@dataclass(frozen=True)
class Glow:
    """a:glow, resolved: a colour spreading ``radius`` points around the outline."""

    color: QColor
    radius: float


# ST_PositiveCoordinate (ECMA-376 20.1.10.43): distances and radii of effects. A value outside it is
# invalid and reads as the attribute's default, 0 (1e308 made the blurred raster's area infinite).
MAX_POSITIVE_COORDINATE = 27_273_042_316_900


def positive_coordinate(el: etree._Element | None, name: str) -> float:
    """Attribute ``name`` of ``el`` as an ST_PositiveCoordinate in points; 0 when absent or invalid."""
    value = attr_int(el, name, 0)
    return value / EMU if 0 <= value <= MAX_POSITIVE_COORDINATE else 0.0


def shadow_cast(shadow: etree._Element, color_of: ColorOf) -> tuple[QColor, float, float] | None:
    """A shadow element's colour, distance (points) and direction (radians); None when it is
    not seen (no colour, or fully transparent)."""
    color = color_of(shadow)
    if color is None or color.alpha() == 0:
        return None
    return color, positive_coordinate(shadow, "dist"), math.radians(attr_int(shadow, "dir", 0) / 60000.0)


def read_outer_shadow(effects: etree._Element | None, color_of: ColorOf) -> OuterShadow | None:
    shadow = child(effects, "outerShdw")
    if shadow is None:
        return _preset_shadow(child(effects, "prstShdw"), color_of)
    cast = shadow_cast(shadow, color_of)
    if cast is None:
        return None
    color, dist, angle = cast
    return OuterShadow(
        color=color,
        dist=dist,
        angle=angle,
        blur=positive_coordinate(shadow, "blurRad"),
        sx=attr_int(shadow, "sx", 100000) / 100000.0,
        sy=attr_int(shadow, "sy", 100000) / 100000.0,
        algn=shadow.get("algn", "b"),
        rot_with_shape=attr_bool(shadow, "rotWithShape", True),
    )


def _preset_shadow(preset: etree._Element | None, color_of: ColorOf) -> OuterShadow | None:
    """a:prstShdw (ECMA-376 20.1.8.49): the outer shadow of its colour, direction and distance,
    rotateWithShape always false. The presets' own further parameters (the perspective ones'
    scales and skews, shdw5 on) are not applied: the shadow falls where they put it, sharp."""
    cast = shadow_cast(preset, color_of) if preset is not None else None
    if cast is None:
        return None
    color, dist, angle = cast
    return OuterShadow(
        color=color,
        dist=dist,
        angle=angle,
        blur=0.0,
        rot_with_shape=False,
    )


def read_glow(effects: etree._Element | None, color_of: ColorOf) -> Glow | None:
    glow = child(effects, "glow")
    if glow is None:
        return None
    color = color_of(glow)
    radius = positive_coordinate(glow, "rad")
    if color is None or color.alpha() == 0 or radius <= 0:
        return None
    return Glow(color, radius)


def place_shadow(painter: QPainter, shadow: OuterShadow, box: QRectF) -> None:
    """Move the painter from the shape (bounding ``box``) onto its shadow: the offset, then the
    scale about the alignment anchor."""
    # Offsets are on the page, but the painter is in the shape's space, which may be turned, flipped
    # (a flipped shape's shadow still falls the same way: PowerPoint and LibreOffice) and stretched
    # unevenly by its groups: carry the page offset back through that space. ``dist`` undoes the
    # groups' mean scale already, so the offset is measured in the space's mean scale.
    transform = painter.worldTransform()
    linear = QTransform(transform.m11(), transform.m12(), transform.m21(), transform.m22(), 0.0, 0.0)
    inverse, invertible = linear.inverted()
    scale = math.sqrt(abs(linear.determinant()))
    if invertible and scale > 1e-12:
        offset = inverse.map(
            QPointF(shadow.dist * scale * math.cos(shadow.angle), shadow.dist * scale * math.sin(shadow.angle))
        )
        painter.translate(offset)
    if shadow.sx != 1.0 or shadow.sy != 1.0:
        anchor = anchor_point(shadow.algn, box)
        painter.translate(anchor)
        painter.scale(shadow.sx, shadow.sy)
        painter.translate(-anchor)


def draw_outer_shadow(
    painter: QPainter,
    shadow: OuterShadow,
    shape: QPainterPath,
    stand_ins: StandIns | None = None,
    grow: float = 0.0,
) -> None:
    """The shadow of ``shape`` widened by ``grow`` points (a shape's outline: PowerPoint casts the
    shadow of the stroked shape)."""
    if shape.isEmpty():
        return
    painter.save()
    try:
        place_shadow(painter, shadow, shape.boundingRect())
        if shape.elementCount() > COMPLEX_ELEMENTS and shadow.blur >= 0.5:
            draw_blurred(painter, shape, shadow.color, shadow.blur / 3.0, grow=grow, stand_ins=stand_ins)
        else:
            _blurred_fill(painter, shape, shadow.color, shadow.blur, grow)
    finally:
        painter.restore()


def draw_glow(
    painter: QPainter, glow: Glow, shape: QPainterPath, stand_ins: StandIns | None = None, grow: float = 0.0
) -> None:
    if shape.isEmpty():
        return
    if shape.elementCount() > COMPLEX_ELEMENTS:
        # About the stacked strokes' fall-off: full up to half the radius out, fading to the radius.
        draw_blurred(painter, shape, glow.color, glow.radius / 3.0, grow=grow + glow.radius / 2.0, stand_ins=stand_ins)
        return
    rings = glow_rings(glow.radius)
    layer = QColor(glow.color)
    layer.setAlphaF(_ring_alpha(glow.color.alphaF(), rings))
    painter.save()
    try:
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for step in range(rings, 0, -1):
            pen = QPen(layer, 2.0 * (grow + glow.radius * step / rings))
            pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
            painter.setPen(pen)
            painter.drawPath(shape)
    finally:
        painter.restore()


def glow_rings(radius: float) -> int:
    """How many strokes a glow of ``radius`` points is stacked of: six, or more for a glow wider
    than 15 pt, so that no stroke is wider than _GLOW_RING_WIDTH (six 10 pt strokes of a 60 pt glow
    showed as rings)."""
    return min(_MAX_GLOW_RINGS, max(_BLUR_STEPS, math.ceil(radius / _GLOW_RING_WIDTH)))


def _ring_alpha(alpha: float, rings: int) -> float:
    """One stroke's alpha among ``rings``: at each sixth of the radius the stacked strokes are as
    strong as the six strokes of alpha / 6 each (the glow's fall-off kept, its steps filled in)."""
    return 1.0 - (1.0 - alpha / _BLUR_STEPS) ** (_BLUR_STEPS / rings)


def anchor_point(algn: str, box: QRectF) -> QPointF:
    x = {"l": box.left(), "r": box.right()}.get(
        algn[-1:] if algn in ("tl", "bl", "l", "tr", "br", "r") else "", box.center().x()
    )
    y = box.top() if algn.startswith("t") else box.bottom() if algn.startswith("b") else box.center().y()
    return QPointF(x, y)


def _blurred_fill(painter: QPainter, shape: QPainterPath, color: QColor, blur: float, grow: float = 0.0) -> None:
    """Fill ``shape`` widened by ``grow`` points as if blurred by ``blur`` points: a Gaussian
    fall-off outside its edge.

    The outside is drawn as nested strokes clipped to the outside of the shape, each with the
    alpha that makes the stacked rings follow the Gaussian edge profile; the inside is flat.
    """
    if blur >= 0.5:
        color = QColor(color)
        color.setAlphaF(color.alphaF() * _blurred_peak(shape.boundingRect(), blur, grow))
        if color.alphaF() < _INVISIBLE:
            return
    painter.setPen(Qt.PenStyle.NoPen)
    painter.fillPath(shape, color)
    if blur < 0.5:
        if grow > 0.0:
            _outside_band(painter, shape, color, grow, grow)
        return
    alpha = color.alphaF()
    sigma = blur / 3.0
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
    reach = blur * 2 + grow
    outside.addRect(shape.boundingRect().adjusted(-reach, -reach, reach, reach))
    painter.setClipPath(outside.subtracted(shape), Qt.ClipOperation.IntersectClip)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    for j in range(rings):
        if layer_alpha[j] <= 0.0:
            continue
        layer = QColor(color)
        layer.setAlphaF(layer_alpha[j])
        pen = QPen(layer, 2.0 * (grow + blur * (j + 1) / rings))
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        painter.drawPath(shape)
    if grow > 0.0 and targets[0] < alpha:
        # Every ring covers the widened band: top it up to the flat inside's alpha.
        band = QColor(color)
        band.setAlphaF(max(0.0, 1.0 - (1.0 - alpha) / (1.0 - min(targets[0], 0.999))))
        pen = QPen(band, 2.0 * grow)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        painter.drawPath(shape)
    painter.restore()


def _blurred_peak(box: QRectF, blur: float, grow: float) -> float:
    """The darkest a box of the shape's size gets when blurred by ``blur`` points, as a share of
    its colour: about 1 for a shape much larger than its blur, a trace for one much smaller (a
    Gaussian spreads the same ink over the blur's reach: erf(size / (2 sqrt(2) sigma)) per axis)."""
    sigma = blur / 3.0
    width, height = box.width() + 2.0 * grow, box.height() + 2.0 * grow
    return math.erf(width / (2.0 * math.sqrt(2.0) * sigma)) * math.erf(height / (2.0 * math.sqrt(2.0) * sigma))


def _outside_band(painter: QPainter, shape: QPainterPath, color: QColor, grow: float, reach: float) -> None:
    """``shape``'s outside up to ``grow`` points from its edge, in ``color``."""
    painter.save()
    outside = QPainterPath()
    outside.addRect(shape.boundingRect().adjusted(-reach, -reach, reach, reach))
    painter.setClipPath(outside.subtracted(shape), Qt.ClipOperation.IntersectClip)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    pen = QPen(color, 2.0 * grow)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    painter.setPen(pen)
    painter.drawPath(shape)
    painter.restore()
