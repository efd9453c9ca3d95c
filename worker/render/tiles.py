"""Tiled picture fills (a:tile, ECMA-376 20.1.8.58), tiles of any scale the schema allows included.

Tiles are painted as a repeating brush (a PDF pattern). Two ends of sx/sy give patterns PDF viewers
draw nothing of: tiles of a thousandth of a point, and tiles millions of points wide (sx up to
2147483647, 21474 times the picture). A tile too small to see is painted as its mean colour across
that direction; one far larger than the page is drawn as the part of it that falls on the shape.
"""

from __future__ import annotations

import logging
import math

from lxml import etree
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QBrush, QImage, QPainter, QTransform

from worker.deck.xml import attr_int
from worker.render.images import smoothly_scaled

log = logging.getLogger(__name__)

# Points: a tile narrower than this is seen only as its mean colour, so it is painted as one.
_SMALLEST_TILE = 0.25
# Points: a tile wider than this (PDF viewers' limit of page coordinates is 14,400 units) is
# drawn as its part on the shape rather than as a pattern.
_LARGEST_TILE = 14400.0
# A large tile is drawn piecewise when this many tiles or fewer meet the shape in each direction.
_MOST_PIECES = 4


def paint_tiled(painter: QPainter, image: QImage, tile: etree._Element, box: QRectF) -> None:
    """a:tile: the picture at its own size scaled by sx/sy, its first tile aligned to ``box`` by
    algn, then moved by tx/ty, repeated (mirrored every other tile with flip) over the box."""
    sx, sy = attr_int(tile, "sx", 100000) / 100000.0, attr_int(tile, "sy", 100000) / 100000.0
    tx, ty = attr_int(tile, "tx", 0) / 12700.0, attr_int(tile, "ty", 0) / 12700.0
    # Tiles keep the picture's own size: its pixels at 96 dpi, as Office does without a stored dpi.
    dpi_x = image.dotsPerMeterX() * 0.0254 or 96.0
    dpi_y = image.dotsPerMeterY() * 0.0254 or 96.0
    scale_x, scale_y = sx * 72.0 / dpi_x, sy * 72.0 / dpi_y
    if not scale_x or not scale_y:
        # sx or sy 0: tiles without width or height, of which a pattern brush showed nothing. The
        # piecewise drawing of a huge other side divided by that size and lost the whole shape.
        return
    tile_w, tile_h = image.width() * scale_x, image.height() * scale_y
    algn = tile.get("algn", "tl")
    left = box.left() if algn in ("tl", "l", "bl") else box.right() - tile_w if algn in ("tr", "r", "br") else None
    top = box.top() if algn in ("tl", "t", "tr") else box.bottom() - tile_h if algn in ("bl", "b", "br") else None
    if left is None:
        left = box.center().x() - tile_w / 2.0
    if top is None:
        top = box.center().y() - tile_h / 2.0
    unit = flip_tiles(image, tile.get("flip", "none"))
    if 0.0 < abs(unit.width() * scale_x) < _SMALLEST_TILE:
        unit = _mean_across(unit, Qt.Orientation.Horizontal)
        scale_x = math.copysign(_SMALLEST_TILE, scale_x)
    if 0.0 < abs(unit.height() * scale_y) < _SMALLEST_TILE:
        unit = _mean_across(unit, Qt.Orientation.Vertical)
        scale_y = math.copysign(_SMALLEST_TILE, scale_y)
    origin_x, origin_y = left + tx, top + ty
    if max(abs(unit.width() * scale_x), abs(unit.height() * scale_y)) > _LARGEST_TILE and _draw_pieces(
        painter, unit, box, (origin_x, origin_y), (scale_x, scale_y)
    ):
        return
    brush = QBrush(unit)
    transform = QTransform()
    transform.translate(origin_x, origin_y)
    transform.scale(scale_x, scale_y)
    brush.setTransform(transform)
    painter.fillRect(box, brush)


def flip_tiles(image: QImage, flip: str) -> QImage:
    """The repeating unit of tiles flipped every other one: the picture beside (x) and/or below
    (y) its mirror image; the picture itself without flipping."""
    across, down = flip in ("x", "xy"), flip in ("y", "xy")
    if not across and not down:
        return image
    w, h = image.width(), image.height()
    unit = QImage(w * (2 if across else 1), h * (2 if down else 1), QImage.Format.Format_ARGB32_Premultiplied)
    unit.fill(Qt.GlobalColor.transparent)
    unit.setDotsPerMeterX(image.dotsPerMeterX())
    unit.setDotsPerMeterY(image.dotsPerMeterY())
    painter = QPainter(unit)
    try:
        painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Source)
        painter.drawImage(0, 0, image)
        if across:
            painter.drawImage(w, 0, image.flipped(Qt.Orientation.Horizontal))
        if down:
            painter.drawImage(0, h, image.flipped(Qt.Orientation.Vertical))
        if across and down:
            painter.drawImage(w, h, image.flipped(Qt.Orientation.Horizontal | Qt.Orientation.Vertical))
    finally:
        painter.end()
    return unit


def _mean_across(unit: QImage, direction: Qt.Orientation) -> QImage:
    """``unit`` one pixel wide (Horizontal) or tall (Vertical), its rows or columns averaged (Qt's
    smooth scaling averages the pixels it folds together): what a tile too small to see shows."""
    across = direction is Qt.Orientation.Horizontal
    return smoothly_scaled(unit, (1, unit.height()) if across else (unit.width(), 1))


def _draw_pieces(
    painter: QPainter,
    unit: QImage,
    box: QRectF,
    origin: tuple[float, float],
    scale: tuple[float, float],
) -> bool:
    """Draw the parts of the tiles (``unit`` repeated from ``origin`` at ``scale`` points a pixel)
    that meet ``box``, each as the piece of the picture it shows; False when more than
    _MOST_PIECES tiles meet it in a direction (then a pattern serves)."""
    spans = [
        _tile_span(box.left(), box.right(), origin[0], unit.width() * scale[0]),
        _tile_span(box.top(), box.bottom(), origin[1], unit.height() * scale[1]),
    ]
    if any(last - first + 1 > _MOST_PIECES for first, last in spans):
        return False
    # A negative scale mirrors the tile: draw the mirrored picture with a positive one.
    mirror = Qt.Orientation(0)
    if scale[0] < 0:
        mirror |= Qt.Orientation.Horizontal
    if scale[1] < 0:
        mirror |= Qt.Orientation.Vertical
    picture = unit.flipped(mirror) if mirror != Qt.Orientation(0) else unit
    step_x, step_y = unit.width() * scale[0], unit.height() * scale[1]
    painter.save()
    try:
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
        for i in range(spans[0][0], spans[0][1] + 1):
            for j in range(spans[1][0], spans[1][1] + 1):
                tile = QRectF(origin[0] + i * step_x, origin[1] + j * step_y, step_x, step_y).normalized()
                part = tile.intersected(box)
                if part.isEmpty():
                    continue
                per_x, per_y = tile.width() / picture.width(), tile.height() / picture.height()
                # Whole pixels (Qt rounds a fraction of one away), clipped to the part they show.
                x0 = min(max(math.floor((part.left() - tile.left()) / per_x), 0), picture.width() - 1)
                y0 = min(max(math.floor((part.top() - tile.top()) / per_y), 0), picture.height() - 1)
                x1 = min(max(math.ceil((part.right() - tile.left()) / per_x), x0 + 1), picture.width())
                y1 = min(max(math.ceil((part.bottom() - tile.top()) / per_y), y0 + 1), picture.height())
                target = QRectF(tile.left() + x0 * per_x, tile.top() + y0 * per_y, (x1 - x0) * per_x, (y1 - y0) * per_y)
                painter.save()
                try:
                    painter.setClipRect(part, Qt.ClipOperation.IntersectClip)
                    painter.drawImage(target, picture.copy(x0, y0, x1 - x0, y1 - y0))
                finally:
                    painter.restore()
    finally:
        painter.restore()
    return True


def _tile_span(low: float, high: float, origin: float, step: float) -> tuple[int, int]:
    """The first and last index of the tiles (the n-th from ``origin + n * step`` to one step on)
    that meet the interval from ``low`` to ``high``."""
    ends = sorted(((low - origin) / step, (high - origin) / step))
    return math.floor(ends[0]), math.floor(ends[1])
