"""Outer shadows that follow what is drawn: pictures with transparent pixels, see-through fills.

PowerPoint shades a picture's visible pixels, so a transparent PNG icon casts an icon-shaped
shadow, not a grey square; a shape casts the shadow of its drawn fill and outline, so a 50%
transparent fill casts a half-strength shadow. Opaque drawings keep the vector shadow of their
frame (sharp and small in the PDF); the others get a raster of their pixels' alpha, tinted,
blurred and offset.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable

from lxml import etree
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QImage, QPainter, QPainterPath

from worker.render.context import RenderContext
from worker.render.effects import OuterShadow, draw_outer_shadow, place_shadow, read_outer_shadow
from worker.render.rasters import FULL_SIGMA, blur_plan, blurred_alpha, pixels_per_point, raster_of

log = logging.getLogger(__name__)

_PROBE_PIXELS = 64  # the longer side of the look at the picture's alpha
_SEE_THROUGH = 0.02  # share of the frame's alpha left unpainted that makes a picture see-through


def paint_picture_shadow(
    painter: QPainter,
    ctx: RenderContext,
    effects: etree._Element | None,
    ph_color: QColor | None,
    shape: QPainterPath,
    draw: Callable[[QPainter], None],
    turn: float = 0.0,
) -> None:
    """The outer shadow of a picture whose frame is ``shape`` and whose pixels ``draw`` paints;
    ``turn``: as for paint_drawn_shadow."""
    paint_drawn_shadow(painter, ctx, effects, ph_color, shape, draw, turn=turn)


def paint_drawn_shadow(
    painter: QPainter,
    ctx: RenderContext,
    effects: etree._Element | None,
    ph_color: QColor | None,
    caster: QPainterPath,
    draw: Callable[[QPainter], None],
    *,
    opaque: bool | None = None,
    grow: float = 0.0,
    reach: float = 0.0,
    turn: float = 0.0,
) -> None:
    """The outer shadow of what ``draw`` paints, whose solid form is ``caster`` widened by ``grow``
    points: the vector shadow of ``caster`` when the drawing is ``opaque`` (None: take a look at
    its pixels), else the shadow of its pixels' alpha. ``reach``: how far (points) the drawing may
    pass ``caster``'s bounds (an outline, arrowheads). ``turn``: degrees the shape is turned on
    the page, which a rotWithShape shadow's offset follows (OuterShadow.turned_with)."""
    shadow = read_outer_shadow(effects, lambda el: ctx.color(el, ph_color))
    if shadow is None or caster.isEmpty():
        return
    shadow = shadow.turned_with(turn)
    box = caster.boundingRect()
    if opaque is None:
        opaque = not see_through(caster, box, draw)
    if opaque:
        draw_outer_shadow(painter, shadow, caster, ctx.page.stand_ins, grow)
        return
    _draw_alpha_shadow(painter, shadow, box, draw, reach)


def see_through(shape: QPainterPath, box: QRectF, draw: Callable[[QPainter], None]) -> bool:
    """Whether the picture leaves a noticeable part of its frame's strength unpainted (a small
    probe): transparent pixels, or a whole picture made see-through (alphaModFix)."""
    longer = max(box.width(), box.height(), 1e-6)
    w = max(1, round(_PROBE_PIXELS * box.width() / longer))
    h = max(1, round(_PROBE_PIXELS * box.height() / longer))
    picture = raster_of(box, w, h, draw)
    frame = raster_of(box, w, h, lambda p: p.fillPath(shape, QColor(0, 0, 0)))
    if picture is None or frame is None:
        return False
    seen = _alpha_bytes(picture)
    inside = _alpha_bytes(frame)
    total = missing = 0
    for a, c in zip(seen, inside, strict=True):
        if c == 255:
            total += 1
            missing += 255 - a
    return total > 0 and missing > _SEE_THROUGH * 255 * total


def _alpha_bytes(image: QImage) -> bytes:
    """The alpha of each pixel, row after row without the rows' padding."""
    alpha = image.convertToFormat(QImage.Format.Format_Alpha8)
    data = bytes(alpha.constBits())
    stride, width = alpha.bytesPerLine(), alpha.width()
    return b"".join(data[y * stride : y * stride + width] for y in range(alpha.height()))


def _draw_alpha_shadow(
    painter: QPainter, shadow: OuterShadow, box: QRectF, draw: Callable[[QPainter], None], reach: float = 0.0
) -> None:
    sigma = shadow.blur / 3.0  # as the frame's blurred shadow (worker.render.effects)
    pad = 3.0 * sigma + reach
    area = box.adjusted(-pad, -pad, pad, pad)
    scale = pixels_per_point(painter, area)
    doublings, drift = 0, 0.0
    if sigma >= 0.2:
        scale = min(scale, FULL_SIGMA / sigma)
        doublings, drift = blur_plan(sigma * scale)
        area.adjust(0, 0, drift / scale, drift / scale)  # room for the passes' drift right and down
    width, height = max(1, math.ceil(area.width() * scale)), max(1, math.ceil(area.height() * scale))
    pixels = raster_of(area, width, height, draw)
    if pixels is None:
        log.warning("picture shadow: no raster of %dx%d pixels", width, height)
        return
    coverage = blurred_alpha(pixels, doublings)
    mask = QImage(coverage.constBits(), width, height, coverage.bytesPerLine(), QImage.Format.Format_Alpha8)
    color = shadow.color
    tinted = QImage(width, height, QImage.Format.Format_ARGB32)
    tinted.fill(QColor(color.red(), color.green(), color.blue()))
    tinted.setAlphaChannel(mask)
    painter.save()
    try:
        place_shadow(painter, shadow, box)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
        painter.setOpacity(painter.opacity() * color.alphaF())
        # The box passes move the picture ``drift`` pixels right and down: draw it back by as much.
        painter.drawImage(area.translated(-drift / scale, -drift / scale), tinted)
    finally:
        painter.restore()
