"""Glows that follow what is drawn: see-through fills and outlines, pictures with transparent pixels.

An opaque shape glows around its outline (worker.render.effects.draw_glow: stacked translucent
strokes, as vectors). A drawing that leaves part of its outline's strength unpainted glows as strongly
as it is drawn, as its outer shadow is shaded (worker.render.picture_shadow): the same stacked rings,
each its pixels' alpha widened by the ring's reach, in one raster.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable

from lxml import etree
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QImage, QPaintEngine, QPainter, QPainterPath

from worker.render.context import RenderContext
from worker.render.effects import GLOW_RINGS, Glow, draw_glow, read_glow
from worker.render.picture_passthrough import StandIns, masked_color
from worker.render.picture_shadow import see_through
from worker.render.rasters import pixels_per_point, raster_of

log = logging.getLogger(__name__)

_RING_PIXELS = 2.0  # each ring's width in the raster: the rings' steps stay as fine as the vectors'


def paint_drawn_glow(
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
) -> None:
    """The glow of what ``draw`` paints, whose solid form is ``caster`` widened by ``grow`` points:
    around ``caster`` when the drawing is ``opaque`` (None: take a look at its pixels), else around
    its pixels' alpha. ``reach``: how far (points) the drawing may pass ``caster``'s bounds."""
    glow = read_glow(effects, lambda el: ctx.color(el, ph_color))
    if glow is None or caster.isEmpty():
        return
    box = caster.boundingRect()
    if opaque is None:
        opaque = not see_through(caster, box, draw)
    if opaque:
        draw_glow(painter, glow, caster, ctx.page.stand_ins, grow)
        return
    _draw_alpha_glow(painter, glow, box, draw, reach, ctx.page.stand_ins)


def _draw_alpha_glow(
    painter: QPainter,
    glow: Glow,
    box: QRectF,
    draw: Callable[[QPainter], None],
    reach: float,
    stand_ins: StandIns | None,
) -> None:
    pad = glow.radius + reach + 1.0
    area = box.adjusted(-pad, -pad, pad, pad)
    ring = glow.radius / GLOW_RINGS  # points
    scale = min(pixels_per_point(painter, area), _RING_PIXELS / ring)
    width, height = max(1, math.ceil(area.width() * scale)), max(1, math.ceil(area.height() * scale))
    pixels = raster_of(area, width, height, draw)
    if pixels is None:
        log.warning("glow: no raster of %dx%d pixels", width, height)
        return
    mask = _ring_coverage(pixels, ring * scale, glow.color.alphaF())
    color = QColor(glow.color.red(), glow.color.green(), glow.color.blue())
    engine = painter.paintEngine()
    into_pdf = stand_ins is not None and engine is not None and engine.type() == QPaintEngine.Type.Pdf
    if into_pdf and stand_ins is not None:
        # A flat colour and its mask, deflated by us (see picture_passthrough.masked_color).
        image = stand_ins.one_off(masked_color(color, mask))
    else:
        image = QImage(width, height, QImage.Format.Format_ARGB32)
        image.fill(color)
        image.setAlphaChannel(_as_alpha(mask))
    painter.save()
    try:
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
        if into_pdf:
            painter.setRenderHint(QPainter.RenderHint.LosslessImageRendering, True)  # the stand-in's pixels
        painter.drawImage(area, image)
    finally:
        painter.restore()


def _ring_coverage(pixels: QImage, ring: float, alpha: float) -> QImage:
    """The glow's coverage (Grayscale8) of ``pixels``' alpha: GLOW_RINGS layers of ``alpha`` /
    GLOW_RINGS, the n-th the alpha widened by n ``ring`` pixels, as draw_glow stacks its strokes."""
    width, height = pixels.width(), pixels.height()
    grown = _opaque_levels(pixels.convertToFormat(QImage.Format.Format_Alpha8))
    coverage = QImage(width, height, QImage.Format.Format_RGB32)
    coverage.fill(QColor(0, 0, 0))
    for step in range(1, GLOW_RINGS + 1):
        grown = _widened(grown, ring * step - ring * (step - 1))
        layer = QImage(width, height, QImage.Format.Format_ARGB32)
        layer.fill(QColor(255, 255, 255))
        layer.setAlphaChannel(_as_alpha(grown.convertToFormat(QImage.Format.Format_Grayscale8)))
        painter = QPainter(coverage)
        try:
            painter.setOpacity(alpha / GLOW_RINGS)
            painter.drawImage(0, 0, layer)
        finally:
            painter.end()
    return coverage.convertToFormat(QImage.Format.Format_Grayscale8)


def _opaque_levels(alpha: QImage) -> QImage:
    """An Alpha8 image's levels as an opaque grey RGB32 image."""
    levels = QImage(alpha.width(), alpha.height(), QImage.Format.Format_RGB32)
    levels.fill(QColor(0, 0, 0))
    white = QImage(alpha.width(), alpha.height(), QImage.Format.Format_ARGB32)
    white.fill(QColor(255, 255, 255))
    white.setAlphaChannel(alpha)
    painter = QPainter(levels)
    try:
        painter.drawImage(0, 0, white)
    finally:
        painter.end()
    return levels


def _widened(levels: QImage, radius: float) -> QImage:
    """Each pixel of the grey ``levels`` the brightest within ``radius`` pixels of it."""
    reach = math.floor(radius)
    out = levels.copy()
    if reach < 1:
        return out
    painter = QPainter(out)
    try:
        # Opaque over opaque, Lighten keeps each channel's maximum: a dilation by a disc of stamps.
        painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Lighten)
        for dx in range(-reach, reach + 1):
            for dy in range(-reach, reach + 1):
                if (dx or dy) and dx * dx + dy * dy <= radius * radius:
                    painter.drawImage(dx, dy, levels)
    finally:
        painter.end()
    return out


def _as_alpha(gray: QImage) -> QImage:
    """A Grayscale8 image's levels as an Alpha8 image (a copy: it outlives ``gray``)."""
    return QImage(
        gray.constBits(), gray.width(), gray.height(), gray.bytesPerLine(), QImage.Format.Format_Alpha8
    ).copy()
