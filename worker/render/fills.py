"""DrawingML fills (solid, gradient, pattern, picture) painted into a path."""

from __future__ import annotations

import functools
import logging
import math
from dataclasses import dataclass

from lxml import etree
from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QGradient,
    QImage,
    QLinearGradient,
    QPaintEngine,
    QPainter,
    QPainterPath,
    QRadialGradient,
    QTransform,
)

from worker.deck.repair import has_unreadable_rels
from worker.deck.xml import attr_bool, attr_int, child, children, local, path, rel_id
from worker.render.colors import COLOR_TAGS
from worker.render.context import RenderContext
from worker.render.decoder_stderr import decoder_messages
from worker.render.drawn_rasters import draw_raster
from worker.render.images import (
    MAX_PIXELS,
    Size,
    alpha_table,
    color_changed,
    is_metafile,
    recolored,
    with_alpha_levels,
    with_brightness_contrast,
)
from worker.render.patterns import pattern_rows
from worker.render.picture_passthrough import StandIns, StoredPicture
from worker.render.rasters import raster_of
from worker.render.svg_sandbox import readable_picture
from worker.render.svg_support import qt_draws_faithfully
from worker.render.tiles import paint_tiled

log = logging.getLogger(__name__)

FILL_TAGS = frozenset({"noFill", "solidFill", "gradFill", "blipFill", "pattFill", "grpFill"})


def find_fill(props: etree._Element | None) -> etree._Element | None:
    """The fill element among ``props``' children (spPr, bgPr, tcPr, rPr...)."""
    if props is None:
        return None
    for el in props:
        if local(el) in FILL_TAGS:
            return el
    return None


def _fill_colors(ctx: RenderContext, fill: etree._Element, ph_color: QColor | None) -> list[QColor | None] | None:
    """The colours a solid, gradient or pattern fill paints with (None where a colour is missing);
    None for other fills."""
    kind = local(fill)
    if kind == "solidFill":
        return [ctx.color(fill, ph_color)]
    if kind == "gradFill":
        return [ctx.color(gs, ph_color) for gs in children(child(fill, "gsLst"), "gs")]
    if kind == "pattFill":
        return [ctx.color(child(fill, "fgClr"), ph_color), ctx.color(child(fill, "bgClr"), ph_color)]
    return None


def fill_opaque(ctx: RenderContext, fill: etree._Element | None, ph_color: QColor | None = None) -> bool | None:
    """Whether a fill covers its whole shape at full strength: True, False, or None when only its
    pixels tell (pictures: transparent pixels, alphaModFix, fillRect insets, srcRect beyond the image)."""
    if fill is None:
        return False
    kind = local(fill)
    if kind == "blipFill":
        return None
    colors = _fill_colors(ctx, fill, ph_color)
    if colors is None:
        return False
    # A missing pattern colour is drawn opaque (black, white); a missing solid or stop colour is not drawn.
    return bool(colors) and all(
        (c is not None or kind == "pattFill") and (c is None or c.alpha() == 255) for c in colors
    )


def fill_invisible(ctx: RenderContext, fill: etree._Element | None, ph_color: QColor | None = None) -> bool:
    """Whether a fill paints nothing at all: none, or every colour it has fully transparent (alpha
    0), or a picture made wholly see-through (alphaModFix 0). Such a fill is no fill wherever that
    matters: PowerPoint hands an unfilled shape's shadow and glow to its text."""
    if fill is None:
        return True
    kind = local(fill)
    if kind == "blipFill":
        alpha = child(child(fill, "blip"), "alphaModFix")
        return alpha is not None and attr_int(alpha, "amt", 100000) <= 0
    colors = _fill_colors(ctx, fill, ph_color)
    if colors is None:
        return kind == "noFill"
    if kind == "pattFill":  # a missing pattern colour is drawn (black foreground, white background)
        return all(c is not None and c.alpha() == 0 for c in colors)
    return all(c is None or c.alpha() == 0 for c in colors)


def fill_color(ctx: RenderContext, fill: etree._Element | None, ph_color: QColor | None = None) -> QColor | None:
    """A representative single colour of a fill (for text, table borders, thumbnails of gradients)."""
    if fill is None:
        return None
    kind = local(fill)
    if kind == "solidFill":
        return ctx.color(fill, ph_color)
    if kind == "gradFill":
        stops = list(children(child(fill, "gsLst"), "gs"))
        if stops:
            return ctx.color(stops[0], ph_color)
    if kind == "pattFill":
        return ctx.color(child(fill, "fgClr"), ph_color)
    return None


def paint_fill(
    painter: QPainter,
    ctx: RenderContext,
    fill: etree._Element | None,
    shape: QPainterPath,
    box: QRectF,
    ph_color: QColor | None = None,
    group_fill: tuple[etree._Element, QColor | None] | None = None,
    flips: tuple[bool, bool] = (False, False),
) -> None:
    """Fill ``shape`` (in the painter's coordinates) whose bounding box for the fill is ``box``.
    ``flips`` are the shape's own flipH and flipV, which the painter's transform already holds:
    told apart from its rotation only by them (flipH and flipV together look like a half turn)."""
    if fill is None:
        return
    kind = local(fill)
    if kind == "grpFill":
        if group_fill is not None:
            paint_fill(painter, ctx, group_fill[0], shape, box, group_fill[1], flips=flips)
        return
    if (
        kind in _TURNABLE
        and fill.get("rotWithShape") in ("0", "false")
        and _paint_level(painter, ctx, fill, shape, box, ph_color, flips)
    ):
        return
    if kind == "solidFill":
        color = ctx.color(fill, ph_color)
        if color is not None and color.alpha() > 0:
            painter.fillPath(shape, QBrush(color))
    elif kind == "gradFill":
        shade = child(fill, "path")
        if shade is not None and shade.get("path") == "rect":
            _fill_rect_path(painter, ctx, fill, shape, box, ph_color)
            return
        brush = gradient_brush(ctx, fill, box, ph_color)
        if brush is not None:
            fill_keeping_alpha(painter, shape, brush, ctx.page.stand_ins)
    elif kind == "pattFill":
        painter.fillPath(shape, pattern_brush(ctx, fill, ph_color))
    elif kind == "blipFill":
        drawn = paint_blip(painter, ctx, fill, shape, box, ph_color)
        if not drawn and _image_part_missing(ctx, fill):
            # PowerPoint shows the shape without its picture; the job says which was lost.
            ctx.warn("A picture fill whose image part is missing was left out")
        elif not drawn and (name := _undecodable_picture(ctx, fill)) is not None:
            # A shape's or a slide background's picture: left out, never silently.
            ctx.warn(f"A picture fill that could not be decoded ({name}) was left out")


_TURNABLE = frozenset({"gradFill", "blipFill"})  # fills whose rotWithShape says whether they turn


def _paint_level(
    painter: QPainter,
    ctx: RenderContext,
    fill: etree._Element,
    shape: QPainterPath,
    box: QRectF,
    ph_color: QColor | None,
    flips: tuple[bool, bool],
) -> bool:
    """rotWithShape="0": the fill does not turn with the shape (ECMA-376 20.1.8.33, 20.1.8.14), but
    the shape's flips still mirror it (PowerPoint and LibreOffice: a flipH shape's left-to-right
    gradient runs right to left, turned or not). The shape is filled in a frame that is level on
    the page but for those flips, its fill box the turned box's bounds. False (drawn as usual) when
    nothing is to be taken out. ``flips`` count the enclosing groups' flips too (a flipped group
    mirrors its shapes as their own flips would), or the painter's mirror could not be read."""
    m = painter.worldTransform()
    inverse, invertible = ctx.page.page_transform.inverted()
    if invertible:
        m = m * inverse
    # The painter maps the flips first, then the turn: take the flips off to read the turn.
    unflipped = QTransform.fromScale(-1.0 if flips[0] else 1.0, -1.0 if flips[1] else 1.0) * m
    if unflipped.determinant() <= 0:
        return False
    angle = math.degrees(math.atan2(unflipped.m12(), unflipped.m11()))
    if flips[0] != flips[1]:
        angle = -angle  # a turn seen through one mirror runs the other way
    if abs(angle) < 1e-6:
        return False
    centre = box.center()
    turn = QTransform()
    turn.translate(centre.x(), centre.y())
    turn.rotate(angle)
    turn.translate(-centre.x(), -centre.y())
    painter.save()
    try:
        painter.translate(centre)
        painter.rotate(-angle)
        painter.translate(-centre)
        # Level now but for the flips: drawn as usual.
        paint_fill(painter, ctx, fill, turn.map(shape), turn.mapRect(box), ph_color, flips=flips)
    finally:
        painter.restore()
    return True


def _image_part_missing(ctx: RenderContext, fill: etree._Element) -> bool:
    """Whether the fill names an embedded picture the package does not hold (a sheet whose
    relationships are unreadable has its own warning, which covers its pictures)."""
    blip = child(fill, "blip")
    embed = rel_id(blip, "embed") if blip is not None else None
    return bool(embed) and ctx.related_blob(embed) is None and not has_unreadable_rels(ctx.part)


def _undecodable_picture(ctx: RenderContext, fill: etree._Element) -> str | None:
    """The file name of the raster picture the fill embeds when no decoder reads it, else None
    (metafiles are drawn, or marked, by their own player)."""
    blip = child(fill, "blip")
    found = ctx.related_blob(rel_id(blip, "embed")) if blip is not None else None
    if found is None:
        return None
    blob, partname = found
    if is_metafile(blob) or ctx.images.get(partname, blob) is not None:
        return None
    return partname.rsplit("/", 1)[-1]


def _is_pdf(painter: QPainter) -> bool:
    engine = painter.paintEngine()
    return engine is not None and engine.type() == QPaintEngine.Type.Pdf


def fill_keeping_alpha(painter: QPainter, shape: QPainterPath, brush: QBrush, stand_ins: StandIns | None) -> None:
    """``painter.fillPath(shape, brush)``, but a gradient with transparent stops on a PDF page goes
    through an image (_fill_translucent_gradient), as the PDF engine would draw its stops opaque."""
    if _is_pdf(painter) and is_translucent(brush):
        _fill_translucent_gradient(painter, shape, brush, stand_ins)
    else:
        painter.fillPath(shape, brush)


def is_translucent(brush: QBrush) -> bool:
    """Whether ``brush`` is a gradient with a stop that is not fully opaque."""
    gradient = brush.gradient()
    return gradient is not None and any(color.alpha() < 255 for _pos, color in gradient.stops())


# Gradients with changing transparency are rasterised at this resolution (they are smooth).
GRADIENT_PIXELS_PER_POINT = 1.5
MAX_GRADIENT_PIXELS = 4_000_000


def _fill_translucent_gradient(
    painter: QPainter, shape: QPainterPath, brush: QBrush, stand_ins: StandIns | None
) -> None:
    """A gradient with transparent stops, in a PDF: Qt's PDF engine writes gradient stops opaque
    (and ignores the painter's opacity for them). It is drawn as an image of the gradient, whose
    alpha the PDF keeps as a soft mask, clipped to the shape so the outline stays sharp. With
    ``stand_ins`` the image's pixels are deflated here (see drawn_rasters)."""
    painter.save()
    try:
        region = shape.boundingRect()
        area = max(region.width() * region.height(), 1e-6)
        scale = min(GRADIENT_PIXELS_PER_POINT, math.sqrt(MAX_GRADIENT_PIXELS / area))
        width, height = max(1, math.ceil(region.width() * scale)), max(1, math.ceil(region.height() * scale))
        image = raster_of(region, width, height, lambda raster: raster.fillRect(region, brush))
        if image is None:
            return
        painter.setClipPath(shape, Qt.ClipOperation.IntersectClip)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
        draw_raster(painter, region, image, stand_ins, lossless=True)
    finally:
        painter.restore()


def _stops(ctx: RenderContext, fill: etree._Element, ph_color: QColor | None) -> list[tuple[float, QColor]]:
    stops: list[tuple[float, QColor]] = []
    for gs in children(child(fill, "gsLst"), "gs"):
        color = ctx.color(gs, ph_color)
        if color is None:
            continue
        pos = min(max(attr_int(gs, "pos", 0) / 100000.0, 0.0), 1.0)
        stops.append((pos, color))
    stops.sort(key=lambda s: s[0])
    return _distinct(stops)


# How far apart stops at one position are pulled (a share of the gradient's length): unseen, but
# enough for QGradient, which keeps only the last colour set at a position.
_HARD_STOP_GAP = 1e-4


def _distinct(stops: list[tuple[float, QColor]]) -> list[tuple[float, QColor]]:
    """Stops with increasing positions. Two stops at one position are a hard edge (PowerPoint
    changes colour there at once, ECMA-376 20.1.8.36 gs); QGradient would keep only the second,
    blending into it from the stop before instead. The later stop moves just past the earlier."""
    moved: list[tuple[float, QColor]] = []
    for pos, color in stops:
        moved.append((max(pos, moved[-1][0] + _HARD_STOP_GAP) if moved else pos, color))
    # Stops pushed past the end pull the ones before them back instead.
    limit = 1.0
    for index in range(len(moved) - 1, -1, -1):
        pos, color = moved[index]
        if pos > limit:
            moved[index] = (max(limit, 0.0), color)
        limit = moved[index][0] - _HARD_STOP_GAP
    return moved


def gradient_brush(ctx: RenderContext, fill: etree._Element, box: QRectF, ph_color: QColor | None) -> QBrush | None:
    stops = _stops(ctx, fill, ph_color)
    if not stops:
        return None
    if len(stops) == 1:
        return QBrush(stops[0][1])
    grad: QGradient
    shade_path = child(fill, "path")
    w, h = max(box.width(), 1e-6), max(box.height(), 1e-6)
    if shade_path is not None:
        focus = child(shade_path, "fillToRect")
        # fillToRect (ECMA-376 20.1.8.30, a CT_RelativeRect) insets default to 0: a focus given only
        # r="100000" b="100000" is the top-left corner. No fillToRect at all: the centre.
        unset = 50000 if focus is None else 0
        fl, ft = attr_int(focus, "l", unset) / 100000.0, attr_int(focus, "t", unset) / 100000.0
        fr, fb = attr_int(focus, "r", unset) / 100000.0, attr_int(focus, "b", unset) / 100000.0
        cx = box.left() + w * (fl + (1.0 - fl - fr) / 2.0)
        cy = box.top() + h * (ft + (1.0 - ft - fb) / 2.0)
        corners = [box.topLeft(), box.topRight(), box.bottomLeft(), box.bottomRight()]
        radius = max(math.hypot(p.x() - cx, p.y() - cy) for p in corners)
        if shade_path.get("path") == "circle":
            grad = QRadialGradient(QPointF(cx, cy), max(radius, 1e-3))
        else:
            # Rectangle and shape paths have no Qt equivalent: an ellipse scaled to the box is closest.
            grad = QRadialGradient(QPointF(0, 0), 1.0)
            grad.setCoordinateMode(QGradient.CoordinateMode.LogicalMode)
            brush = _scaled_radial(grad, stops, cx, cy, w, h, box)
            return brush
    else:
        lin = child(fill, "lin")
        angle = math.radians(attr_int(lin, "ang", 0) / 60000.0)
        dx, dy = math.cos(angle), math.sin(angle)
        if attr_bool(lin, "scaled", False):
            dx, dy = dx / w, dy / h
        norm = math.hypot(dx, dy) or 1.0
        dx, dy = dx / norm, dy / norm
        cx, cy = box.center().x(), box.center().y()
        half = abs(w / 2 * dx) + abs(h / 2 * dy)
        grad = QLinearGradient(QPointF(cx - dx * half, cy - dy * half), QPointF(cx + dx * half, cy + dy * half))
    for pos, color in stops:
        grad.setColorAt(pos, color)
    grad.setSpread(QGradient.Spread.PadSpread)
    return QBrush(grad)


def _fill_rect_path(
    painter: QPainter,
    ctx: RenderContext,
    fill: etree._Element,
    shape: QPainterPath,
    box: QRectF,
    ph_color: QColor | None,
) -> None:
    """A rectangular path gradient (a:path path="rect"): its contours are rectangles growing from the
    fillToRect (the first stop) out to the box (the last), each side moving straight out, so the box
    falls into four trapezoids, each a linear gradient across to its own side."""
    stops = _stops(ctx, fill, ph_color)
    if not stops:
        return
    if len(stops) == 1:
        painter.fillPath(shape, QBrush(stops[0][1]))
        return
    focus = child(child(fill, "path"), "fillToRect")
    w, h = box.width(), box.height()

    def at(value: float, start: float, size: float) -> float:
        return min(max(start + size * value, start), start + size)

    unset = 50000 if focus is None else 0  # no fillToRect: the centre, as for circle paths
    left = at(attr_int(focus, "l", unset) / 100000.0, box.left(), w)
    top = at(attr_int(focus, "t", unset) / 100000.0, box.top(), h)
    right = max(at(1.0 - attr_int(focus, "r", unset) / 100000.0, box.left(), w), left)
    bottom = max(at(1.0 - attr_int(focus, "b", unset) / 100000.0, box.top(), h), top)
    inner = QRectF(QPointF(left, top), QPointF(right, bottom))
    translucent = any(color.alpha() < 255 for _pos, color in stops)
    # Opaque trapezoids overlap their neighbours by a hair so no seam shows between them; where the
    # gradients meet they agree, so the overlap cannot be seen.
    hair = 0.0 if translucent else 0.5
    o, i = box, inner
    sides = [
        # (outer edge, inner edge: two points each, outer first along the same direction; axis)
        ((o.topLeft(), o.topRight()), (i.topLeft(), i.topRight()), QPointF(0, i.top()), QPointF(0, o.top())),
        ((o.bottomLeft(), o.bottomRight()), (i.bottomLeft(), i.bottomRight()), QPointF(0, i.bottom()),
         QPointF(0, o.bottom())),
        ((o.topLeft(), o.bottomLeft()), (i.topLeft(), i.bottomLeft()), QPointF(i.left(), 0), QPointF(o.left(), 0)),
        ((o.topRight(), o.bottomRight()), (i.topRight(), i.bottomRight()), QPointF(i.right(), 0),
         QPointF(o.right(), 0)),
    ]  # fmt: skip
    painter.save()
    try:
        painter.setClipPath(shape, Qt.ClipOperation.IntersectClip)
        if i.width() > 0 and i.height() > 0:
            painter.fillRect(i, QBrush(stops[0][1]))
        for (o1, o2), (i1, i2), start, end in sides:
            if (end - start).manhattanLength() < 1e-6:
                continue  # the focus touches this side: no band
            along = QPointF(o2 - o1)
            length = math.hypot(along.x(), along.y()) or 1.0
            grow = QPointF(along.x() / length * hair, along.y() / length * hair)
            band = QPainterPath(o1 - grow)
            for point in (o2 + grow, i2 + grow, i1 - grow):
                band.lineTo(point)
            band.closeSubpath()
            grad = QLinearGradient(start, end)
            for pos, color in stops:
                grad.setColorAt(pos, color)
            brush = QBrush(grad)
            if _is_pdf(painter) and translucent:
                _fill_translucent_gradient(painter, band, brush, ctx.page.stand_ins)
            else:
                painter.fillPath(band, brush)
    finally:
        painter.restore()


def _scaled_radial(
    grad: QRadialGradient, stops: list[tuple[float, QColor]], cx: float, cy: float, w: float, h: float, box: QRectF
) -> QBrush:
    # Stops run from the focus (0) outwards; reach the far corners with the last one.
    for pos, color in stops:
        grad.setColorAt(pos, color)
    brush = QBrush(grad)
    rx = max(cx - box.left(), box.right() - cx) * math.sqrt(2)
    ry = max(cy - box.top(), box.bottom() - cy) * math.sqrt(2)
    brush.setTransform(QTransform().translate(cx, cy).scale(max(rx, 1e-3), max(ry, 1e-3)))
    return brush


def pattern_brush(ctx: RenderContext, fill: etree._Element, ph_color: QColor | None) -> QBrush:
    fg = ctx.color(child(fill, "fgClr"), ph_color) or QColor(0, 0, 0)
    bg = ctx.color(child(fill, "bgClr"), ph_color) or QColor(255, 255, 255)
    brush = QBrush(_pattern_tile(fill.get("prst", "pct50"), fg.rgba(), bg.rgba()))
    # One pattern pixel is one screen pixel at 96 dpi in Office: 0.75 pt.
    brush.setTransform(QTransform.fromScale(0.75, 0.75))
    return brush


@functools.lru_cache(maxsize=256)
def _pattern_tile(prst: str, fg: int, bg: int) -> QImage:
    """One 8 x 8 tile of a preset pattern. Shared by every fill of the same pattern and colours: the
    PDF then holds its picture once (100,000 patterned bars made 100,000 tiles and as many images,
    4 s of their 10 s of conversion)."""
    tile = QImage(8, 8, QImage.Format.Format_ARGB32)
    for y, bits in enumerate(pattern_rows(prst)):
        for x in range(8):
            tile.setPixel(x, y, fg if bits & (0x80 >> x) else bg)
    return tile


@dataclass
class _Blip:
    key: str
    blob: bytes


def _blip_part(ctx: RenderContext, blip: etree._Element | None) -> _Blip | None:
    """The picture part an a:blip embeds (decoded later, at the size it is drawn at)."""
    if blip is None:
        return None
    found = ctx.related_blob(rel_id(blip, "embed"))
    if found is None:
        return None
    blob, partname = found
    return _Blip(partname, blob)


# Pictures are embedded at up to this resolution at their drawn size: sharper prints nothing.
MAX_PICTURE_DPI = 220.0  # PowerPoint's own default picture resolution for exports


def _downscale(ctx: RenderContext, painter: QPainter, dest: QRectF, source: QRectF) -> float | None:
    """The factor to shrink a picture by when it has far more pixels than ``dest`` shows, else None
    (always None when the conversion keeps pictures' exact pixels)."""
    if ctx.page.stand_ins is not None and ctx.page.stand_ins.lossless:
        return None
    device = painter.combinedTransform().mapRect(dest)
    dpi = max(painter.device().logicalDpiX(), 1)
    wanted = max(device.width(), device.height()) * MAX_PICTURE_DPI / dpi
    have = max(source.width(), source.height())
    if have <= 0 or wanted <= 0 or have <= wanted * 1.5:
        return None
    return wanted / have


def _drawn_size(
    ctx: RenderContext, painter: QPainter, whole: QSize, dest: QRectF, src_rect: etree._Element | None
) -> Size | None:
    """The size (of the whole picture, in pixels) a picture of ``whole`` pixels drawn into ``dest``
    is scaled down to (its shown part, ``src_rect``, decides), or None to draw it as it is."""
    if not whole.isValid():
        return None
    factor = _downscale(ctx, painter, dest, _crop_rect(whole.width(), whole.height(), src_rect))
    if factor is None:
        return None
    return max(1, round(whole.width() * factor)), max(1, round(whole.height() * factor))


def _paint_metafile(
    painter: QPainter, ctx: RenderContext, key: str, blob: bytes, dest: QRectF, src_rect: etree._Element | None
) -> bool:
    from worker.render.metafile import paint_metafile

    crop = (0.0, 0.0, 0.0, 0.0)
    if src_rect is not None:
        crop = tuple(attr_int(src_rect, k, 0) / 100000.0 for k in ("l", "t", "r", "b"))  # type: ignore[assignment]
    notes: list[str] = []
    drawn = bool(paint_metafile(painter, blob, dest, crop, notes=notes))
    name = key.rsplit("/", 1)[-1]
    for note in notes:
        ctx.warn(f"Slide {ctx.slide_number}: in picture {name}, {note}")
    return drawn


def svg_blob(ctx: RenderContext, blip: etree._Element | None) -> bytes | None:
    """The SVG alternative Office stores next to a PNG fallback (asvg:svgBlip)."""
    for ext in children(path(blip, "extLst"), "ext"):
        for el in ext:
            if local(el) == "svgBlip":
                found = ctx.related_blob(rel_id(el, "embed"))
                if found is not None:
                    return found[0]
    return None


def paint_blip(
    painter: QPainter,
    ctx: RenderContext,
    fill: etree._Element,
    shape: QPainterPath,
    box: QRectF,
    ph_color: QColor | None = None,
) -> bool:
    """Draw a blipFill into ``box`` clipped to ``shape``. Returns False when nothing could be drawn."""
    blip = child(fill, "blip")
    painter.save()
    try:
        dest = _stretch_rect(child(child(fill, "stretch"), "fillRect"), box)
        if not _is_box(shape, box):
            painter.setClipPath(shape, Qt.ClipOperation.IntersectClip)
        elif not box.contains(dest):
            # A fillRect reaching outside the box (PowerPoint's table fallbacks place one picture of
            # the whole table in every cell this way): only the box's part shows.
            painter.setClipRect(box, Qt.ClipOperation.IntersectClip)
        alpha = child(blip, "alphaModFix")
        if alpha is not None:
            painter.setOpacity(painter.opacity() * attr_int(alpha, "amt", 100000) / 100000.0)
        src_rect = child(fill, "srcRect")
        svg = svg_blob(ctx, blip)
        if svg is not None and _draw_svg(painter, svg, dest, src_rect, fallback=_has_raster(ctx, blip)):
            return True
        if _paint_stored(painter, ctx, fill, blip, dest, src_rect):
            return True
        picture = _blip_part(ctx, blip)
        if picture is None:
            return False
        tile = child(fill, "tile")
        # A picture drawn smaller is decoded at the size drawn (read from its header), or whole and
        # scaled after recolouring that needs each pixel (exact colours, a threshold). Tiles keep
        # the picture's own pixels: their size is its size at 96 dpi.
        whole = ctx.images.size(picture.key, picture.blob)
        drawn = None if tile is not None else _drawn_size(ctx, painter, whole, dest, src_rect)
        every_pixel = blip is not None and any(local(el) in _EXACT_PIXEL_EFFECTS for el in blip)
        decoded = ctx.images.get(picture.key, picture.blob, None if every_pixel else drawn)
        _say_if_damaged(ctx, picture.key)
        if decoded is None:
            if is_metafile(picture.blob):
                if _paint_metafile(painter, ctx, picture.key, picture.blob, dest, src_rect):
                    return True
                draw_placeholder(painter, box, "Picture (EMF/WMF)")
                ctx.warn("A vector picture (EMF/WMF) was drawn as a placeholder")
            return False
        image = apply_blip_effects(decoded, blip, ctx, ph_color)
        if tile is not None:
            if src_rect is not None:  # the tile repeats the cropped picture
                cut = _source_rect(image, src_rect).toRect().intersected(image.rect())
                if cut.isEmpty():
                    return False
                if cut != image.rect():
                    image = image.copy(cut)
            paint_tiled(painter, image, tile, box)
            return True
        if not whole.isValid():  # a header that does not tell the size: the pixels do
            drawn = _drawn_size(ctx, painter, image.size(), dest, src_rect)
        if drawn is not None and (image.width(), image.height()) != drawn:
            image = ctx.images.resized(image, drawn)
        source = _source_rect(image, src_rect)
        if source.width() <= 0 or source.height() <= 0:
            return False
        source, dest = _inside_picture(image, source, dest)
        if source.isEmpty():
            return True  # cropped to the empty room beside the picture: nothing of it shows
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
        # Pictures that were lossless (PNG, GIF, BMP...) stay lossless in the PDF: Qt's deflate is
        # sharper for diagrams and screenshots, smaller for them, and faster than its JPEG re-encode.
        if not picture.blob.startswith(b"\xff\xd8"):
            painter.setRenderHint(QPainter.RenderHint.LosslessImageRendering, True)
            if _paint_encoded(painter, ctx, picture.key, image, dest, source):
                return True
        elif not painter.testRenderHint(QPainter.RenderHint.LosslessImageRendering) and _paint_encoded(
            painter, ctx, picture.key, image, dest, source, as_jpeg=True
        ):
            return True  # a JPEG's pixels, as the JPEG Qt's engine would write, made by Pillow instead
        painter.drawImage(dest, image, source)
        return True
    finally:
        painter.restore()


def _is_box(shape: QPainterPath, box: QRectF) -> bool:
    """Whether ``shape`` is exactly ``box`` (then no clip path is needed)."""
    if shape.elementCount() not in (4, 5) or shape.boundingRect() != box:
        return False
    corners = {
        (box.left(), box.top()),
        (box.right(), box.top()),
        (box.right(), box.bottom()),
        (box.left(), box.bottom()),
    }
    points = {(shape.elementAt(i).x, shape.elementAt(i).y) for i in range(shape.elementCount())}
    return points == corners


def _stretch_rect(fill_rect: etree._Element | None, box: QRectF) -> QRectF:
    if fill_rect is None:
        return QRectF(box)
    l, t = attr_int(fill_rect, "l", 0) / 100000.0, attr_int(fill_rect, "t", 0) / 100000.0
    r, b = attr_int(fill_rect, "r", 0) / 100000.0, attr_int(fill_rect, "b", 0) / 100000.0
    w, h = box.width(), box.height()
    return QRectF(box.left() + l * w, box.top() + t * h, w * (1 - l - r), h * (1 - t - b))


def _say_if_damaged(ctx: RenderContext, key: str) -> None:
    """One warning per damaged picture (see ImageCache.damaged), on the first slide drawing it."""
    damage = ctx.images.damaged.get(key)
    if damage is None or key in ctx.images.reported:
        return
    ctx.images.reported.add(key)
    name = key.rsplit("/", 1)[-1]
    ctx.warn(f"Slide {ctx.slide_number}: picture {name} is damaged ({damage}); drawn as far as it could be read")


def _paint_stored(
    painter: QPainter,
    ctx: RenderContext,
    fill: etree._Element,
    blip: etree._Element | None,
    dest: QRectF,
    src_rect: etree._Element | None,
) -> bool:
    """Draw a stand-in for a picture the PDF takes as stored (see picture_passthrough); False if not."""
    stand_ins = ctx.page.stand_ins
    if stand_ins is None or blip is None or child(fill, "tile") is not None:
        return False
    if not _is_pdf(painter):
        return False  # a raster pass (soft edges, thumbnails) needs the real pixels
    if any(_changes_pixels(el) for el in blip):
        return False
    found = ctx.related_blob(rel_id(blip, "embed"))
    if found is None:
        return False
    blob, key = found
    stored = stand_ins.stored(key, blob)
    if stored is None or stored.width * stored.height > MAX_PIXELS:
        return False  # a picture bigger than we would decode must not reach the reader's decoder
    if stored.filter == "/DCTDecode" and ctx.images.damage(key, blob) is not None:
        return False  # drawn from what libjpeg reads of it, not left to each PDF reader to cope
    if stored.damage:  # a PNG whose data was made whole rows (png_rows)
        ctx.images.damaged.setdefault(key, stored.damage)
        _say_if_damaged(ctx, key)
    source = _crop_rect(stored.width, stored.height, src_rect)
    if source.width() <= 0 or source.height() <= 0 or _downscale(ctx, painter, dest, source) is not None:
        return False
    stored = stand_ins.as_photo(key, stored, lambda: ctx.images.get(key, blob))
    _draw_stand_in(painter, stand_ins, key, stored, dest, source)
    return True


# Room beside a cropped picture is drawn as transparent pixels up to this many times the picture's.
ROOM_KEPT = 4.0


def _inside_picture(image: QImage, source: QRectF, dest: QRectF) -> tuple[QRectF, QRectF]:
    """``source`` cut to the picture's pixels, and ``dest`` to the part of it they are drawn in,
    when the room beside them is more than ROOM_KEPT pictures.

    A negative a:srcRect leaves empty room beside the picture; drawn whole, that room was a
    transparent copy of it: t="-99999999" made a 768 x 384,003 pixel copy of a 384 x 384 picture
    and took 3.3 GB (the pool stops a conversion at 1.5)."""
    # Both ways of drawing cut the source at whole pixels (as QPdfEngine.drawImage does): the
    # room is measured on that cut, so the picture lands where the whole cut put it.
    cut = QRectF(source.toRect())
    inside = cut.intersected(QRectF(image.rect()))
    if inside == cut or cut.width() * cut.height() <= ROOM_KEPT * image.width() * image.height():
        # A little room keeps its transparent pixels: the copy then encodes as it always has
        # (with its transparency, losslessly), where the cut picture alone might not.
        return source, dest
    if inside.isEmpty():
        return inside, dest
    fx, fy = dest.width() / cut.width(), dest.height() / cut.height()
    left = dest.left() + (inside.left() - cut.left()) * fx
    top = dest.top() + (inside.top() - cut.top()) * fy
    return inside, QRectF(left, top, inside.width() * fx, inside.height() * fy)


def _paint_encoded(
    painter: QPainter,
    ctx: RenderContext,
    key: str,
    image: QImage,
    dest: QRectF,
    source: QRectF,
    *,
    as_jpeg: bool = False,
) -> bool:
    """Draw a lossless picture Qt decoded as a stand-in for its pixels deflated by us (see
    picture_passthrough.encoded_picture), or with ``as_jpeg`` a JPEG's for the JPEG Qt's engine
    would write of them (engine_jpeg_picture); False where Qt must draw it (not a PDF, 1-bit
    pictures, a JPEG's pixels with transparency).

    Like QPdfEngine.drawImage, the source rectangle is cut at whole pixels and drawn into ``dest``."""
    stand_ins = ctx.page.stand_ins
    if stand_ins is None or not _is_pdf(painter):
        return False
    cut = source.toRect()
    if cut != image.rect():
        key = f"{key}#{image.cacheKey()}[{cut.x()},{cut.y()},{cut.width()},{cut.height()}]"
        image = image.copy(cut)
    else:
        key = f"{key}#{image.cacheKey()}"
    stored = stand_ins.engine_jpeg(key, image) if as_jpeg else stand_ins.encoded(key, image, photo=True)
    if stored is None:
        return False
    _draw_stand_in(painter, stand_ins, key, stored, dest, QRectF(0.0, 0.0, stored.width, stored.height))
    return True


def _draw_stand_in(
    painter: QPainter, stand_ins: StandIns, key: str, stored: StoredPicture, dest: QRectF, source: QRectF
) -> None:
    # The whole picture is placed so that its cropped part fills ``dest``; the clip does the crop.
    fx, fy = dest.width() / source.width(), dest.height() / source.height()
    left, top = dest.left() - source.left() * fx, dest.top() - source.top() * fy
    whole = QRectF(left, top, stored.width * fx, stored.height * fy)
    if whole != dest:
        painter.setClipRect(dest, Qt.ClipOperation.IntersectClip)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
    painter.setRenderHint(QPainter.RenderHint.LosslessImageRendering, True)  # the stand-in's pixels must survive
    painter.drawImage(whole, stand_ins.image_for(key, stored))


def _changes_pixels(effect: etree._Element) -> bool:
    """Whether a blip child changes the picture's pixels (then it cannot be embedded as stored).

    Opacity (alphaModFix) is the painter's; extLst holds the SVG alternative (drawn before) and
    Office 2010's corrections, already baked into the picture; an empty a:lum changes nothing.
    """
    if not isinstance(effect.tag, str):
        return False
    name = local(effect)
    if name == "lum":
        return any(attr_int(effect, key, 0) for key in ("bright", "contrast"))
    return name not in ("extLst", "alphaModFix")


def _source_rect(image: QImage, src_rect: etree._Element | None) -> QRectF:
    return _crop_rect(image.width(), image.height(), src_rect)


def _crop_rect(w: int, h: int, src_rect: etree._Element | None) -> QRectF:
    if src_rect is None:
        return QRectF(0, 0, w, h)
    l, t = attr_int(src_rect, "l", 0) / 100000.0, attr_int(src_rect, "t", 0) / 100000.0
    r, b = attr_int(src_rect, "r", 0) / 100000.0, attr_int(src_rect, "b", 0) / 100000.0
    return QRectF(l * w, t * h, w * (1 - l - r), h * (1 - t - b))


def _has_raster(ctx: RenderContext, blip: etree._Element | None) -> bool:
    """Whether the blip's own picture (an SVG's PNG fallback) is in the package."""
    return blip is not None and ctx.related_blob(rel_id(blip, "embed")) is not None


def _draw_svg(painter: QPainter, blob: bytes, dest: QRectF, src_rect: etree._Element | None, *, fallback: bool) -> bool:
    """Draw an SVG picture; False when it cannot be, or when it uses what Qt SVG draws wrongly and
    the blip's own raster (Office's rendering of it) is there to draw instead."""
    from PySide6.QtCore import QByteArray
    from PySide6.QtSvg import QSvgRenderer

    contained = readable_picture(blob)
    if contained is None:
        return False
    if fallback and not qt_draws_faithfully(contained):
        log.info("SVG picture uses clip paths or colour functions Qt SVG does not draw: its PNG is drawn")
        return False
    with decoder_messages() as said:
        renderer = QSvgRenderer(QByteArray(contained))
    if said:
        log.debug("Qt SVG on an SVG picture: %s", "; ".join(said))
    if not renderer.isValid():
        return False
    if src_rect is not None:
        view = renderer.viewBoxF()
        l, t = attr_int(src_rect, "l", 0) / 100000.0, attr_int(src_rect, "t", 0) / 100000.0
        r, b = attr_int(src_rect, "r", 0) / 100000.0, attr_int(src_rect, "b", 0) / 100000.0
        renderer.setViewBox(
            QRectF(
                view.left() + l * view.width(),
                view.top() + t * view.height(),
                view.width() * (1 - l - r),
                view.height() * (1 - t - b),
            )
        )
    renderer.setAspectRatioMode(Qt.AspectRatioMode.IgnoreAspectRatio)
    with decoder_messages() as said:
        renderer.render(painter, dest)
    if said:
        log.debug("Qt SVG drawing an SVG picture: %s", "; ".join(said))
    return True


# Effects stored on the blip that PowerPoint applies when it draws the picture. Office 2010's
# "Corrections" and artistic effects (a14:imgProps in the blip's extLst) are not among them: the
# embedded picture already is their result, the a14:imgLayer part holds the original
# ([MS-ODRAWXML] 3.3), so applying them again would double them.
_ALPHA_EFFECTS = frozenset({"alphaBiLevel", "alphaCeiling", "alphaFloor", "alphaInv", "alphaRepl"})
_PIXEL_EFFECTS = frozenset({"grayscl", "duotone", "clrChange", "biLevel", "lum", "fillOverlay"}) | _ALPHA_EFFECTS
# Those whose result jumps at one exact level (a colour matched exactly, a threshold) need each pixel
# as stored; the others map each pixel's levels smoothly (grey, a duotone ramp, brightness and
# contrast), which gives the same picture within a level or two before scaling it or after.
_EXACT_PIXEL_EFFECTS = frozenset({"clrChange", "biLevel", "alphaBiLevel", "alphaCeiling", "alphaFloor"})
# a:fillOverlay's blend (ST_BlendMode) as Qt composes it.
_OVERLAY_BLENDS = {
    "over": QPainter.CompositionMode.CompositionMode_SourceOver,
    "mult": QPainter.CompositionMode.CompositionMode_Multiply,
    "screen": QPainter.CompositionMode.CompositionMode_Screen,
    "darken": QPainter.CompositionMode.CompositionMode_Darken,
    "lighten": QPainter.CompositionMode.CompositionMode_Lighten,
}


def apply_blip_effects(
    image: QImage, blip: etree._Element | None, ctx: RenderContext, ph_color: QColor | None = None
) -> QImage:
    """Recolouring stored on the blip that changes pixels (grayscale, duotone, colour to transparent,
    brightness and contrast)."""
    if blip is None or not any(local(el) in _PIXEL_EFFECTS for el in blip):
        return image
    # The same blip recolours a picture decoded at several sizes: each is its own entry.
    key = etree.tostring(blip) + (ph_color.name().encode() if ph_color is not None else b"")
    key += b"@%d" % image.cacheKey()
    cached = ctx.images.effects.get(key)
    if cached is not None:
        return cached
    for effect in blip:
        name = local(effect)
        if name == "grayscl":
            image = recolored(image, QColor(0, 0, 0), QColor(255, 255, 255))
        elif name == "biLevel":
            # ECMA-376 20.1.8.11: luminance below thresh turns black, the rest white.
            threshold = attr_int(effect, "thresh", 50000) / 100000.0
            image = recolored(image, QColor(0, 0, 0), QColor(255, 255, 255), threshold)
        elif name == "duotone":
            tones = [ctx.colors.resolve(el, ph_color) for el in effect if local(el) in COLOR_TAGS]
            if len(tones) == 2:
                image = recolored(image, tones[0], tones[1])
        elif name == "clrChange":
            source = ctx.color(child(effect, "clrFrom"), ph_color)
            target = ctx.color(child(effect, "clrTo"), ph_color)
            if source is not None and target is not None:
                image = color_changed(image, source, target)
        elif name == "lum":
            bright, contrast = attr_int(effect, "bright", 0) / 100000.0, attr_int(effect, "contrast", 0) / 100000.0
            if bright or contrast:
                image = with_brightness_contrast(image, bright, contrast)
        elif name in _ALPHA_EFFECTS:
            amount = attr_int(effect, "a" if name == "alphaRepl" else "thresh", 0) / 100000.0
            color = ctx.color(effect, ph_color) if name == "alphaInv" else None
            image = with_alpha_levels(image, alpha_table(name, amount), color)
        elif name == "fillOverlay":
            image = _fill_overlaid(image, effect, ctx, ph_color)
    ctx.images.effects[key] = image
    return image


def _fill_overlaid(image: QImage, effect: etree._Element, ctx: RenderContext, ph_color: QColor | None) -> QImage:
    """a:fillOverlay (ECMA-376 20.1.8.29): its fill blended over the picture, which keeps its own
    opacity (the overlay shows only where the picture does)."""
    fill = find_fill(effect)
    if fill is None:
        return image
    out = image.convertToFormat(QImage.Format.Format_ARGB32_Premultiplied)
    box = QRectF(0, 0, out.width(), out.height())
    area = QPainterPath()
    area.addRect(box)
    overlay = QImage(out.size(), QImage.Format.Format_ARGB32_Premultiplied)
    overlay.fill(Qt.GlobalColor.transparent)
    painter = QPainter(overlay)
    try:
        paint_fill(painter, ctx, fill, area, box, ph_color)
    finally:
        painter.end()
    painter = QPainter(out)
    try:
        painter.setCompositionMode(_OVERLAY_BLENDS.get(effect.get("blend", "over"), _OVERLAY_BLENDS["over"]))
        painter.drawImage(0, 0, overlay)
        painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_DestinationIn)
        painter.drawImage(0, 0, image)
    finally:
        painter.end()
    out.setDotsPerMeterX(image.dotsPerMeterX())
    out.setDotsPerMeterY(image.dotsPerMeterY())
    return out


def draw_placeholder(painter: QPainter, box: QRectF, label: str) -> None:
    """A visible stand-in for content the engine cannot draw yet."""
    painter.save()
    painter.setPen(QColor(150, 150, 150))
    painter.setBrush(QColor(235, 235, 235))
    painter.drawRect(box)
    painter.drawLine(box.topLeft(), box.bottomRight())
    painter.drawLine(box.topRight(), box.bottomLeft())
    painter.restore()
    del label  # the label goes to the job's warnings; drawing text here would pollute the text layer
