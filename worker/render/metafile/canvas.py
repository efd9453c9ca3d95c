"""The GDI device context both players (EMF and WMF) drive: state, mapping, paths, clipping, drawing.

Everything is turned into device coordinates here (the metafile's reference device: pixels for EMF,
the first window for WMF); the painter's own transform maps that device frame onto the destination.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QPainter,
    QPainterPath,
    QPainterPathStroker,
    QPen,
    QTransform,
)

from ..fonts import FontResolver, Script, is_symbol_font, symbol_char
from ..glyph_runs import draw_text
from .dib import in_image_pixels
from .objects import (
    BLACK_PEN,
    ETO_CLIPPED,
    ETO_OPAQUE,
    FIXED_MAP_MM,
    MAX_COORD,
    MAX_POINTS_TOTAL,
    MAX_SAVE_DEPTH,
    ROP_BLACKNESS,
    ROP_PATCOPY,
    ROP_SRCAND,
    ROP_SRCINVERT,
    ROP_SRCPAINT,
    ROP_WHITENESS,
    TA_BASELINE,
    TA_BOTTOM,
    TA_CENTER,
    TA_HMASK,
    TA_RIGHT,
    TA_UPDATECP,
    TA_VMASK,
    WHITE_BRUSH,
    BkMode,
    Brush,
    BrushStyle,
    ClipMode,
    Font,
    MapMode,
    Pen,
    PenStyle,
)

log = logging.getLogger(__name__)

Point = tuple[float, float]

_CAPS = {0x000: Qt.PenCapStyle.RoundCap, 0x100: Qt.PenCapStyle.SquareCap, 0x200: Qt.PenCapStyle.FlatCap}
_JOINS = {0x0000: Qt.PenJoinStyle.RoundJoin, 0x1000: Qt.PenJoinStyle.BevelJoin, 0x2000: Qt.PenJoinStyle.MiterJoin}
# GDI's dash patterns: cosmetic pens count device pixels, geometric pens count pen widths.
_COSMETIC_DASHES = {
    PenStyle.DASH: (18.0, 6.0),
    PenStyle.DOT: (3.0, 3.0),
    PenStyle.DASHDOT: (9.0, 6.0, 3.0, 6.0),
    PenStyle.DASHDOTDOT: (9.0, 3.0, 3.0, 3.0, 3.0, 3.0),
    PenStyle.ALTERNATE: (1.0, 1.0),
}
_GEOMETRIC_DASHES = {
    PenStyle.DASH: (3.0, 1.0),
    PenStyle.DOT: (1.0, 1.0),
    PenStyle.DASHDOT: (3.0, 1.0, 1.0, 1.0),
    PenStyle.DASHDOTDOT: (3.0, 1.0, 1.0, 1.0, 1.0, 1.0),
}
# HS_* hatch brushes: 8x8 device-pixel cells, one byte per row, most significant bit leftmost.
_HATCH_ROWS = {
    0: (0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xFF),
    1: (0x08,) * 8,
    2: (0x80, 0x40, 0x20, 0x10, 0x08, 0x04, 0x02, 0x01),
    3: (0x01, 0x02, 0x04, 0x08, 0x10, 0x20, 0x40, 0x80),
    4: (0x08, 0x08, 0x08, 0x08, 0x08, 0x08, 0x08, 0xFF),
    5: (0x81, 0x42, 0x24, 0x18, 0x18, 0x24, 0x42, 0x81),
}
_EA_CHARSETS = {128, 129, 130, 134, 136}
_CS_CHARSETS = {177, 178}
_LOCAL_EM = 100.0  # text is laid out at this pixel size, then scaled: Qt fonts dislike tiny sizes


class Exhausted(Exception):
    """The file asked for more work than the limits allow; playback stops where it is."""


@dataclass
class DCState:
    pen: Pen = BLACK_PEN
    brush: Brush = WHITE_BRUSH
    font: Font = field(default_factory=lambda: Font(height=-12, face="Arial"))
    text_color: QColor = field(default_factory=lambda: QColor(0, 0, 0))
    bk_color: QColor = field(default_factory=lambda: QColor(255, 255, 255))
    bk_mode: int = BkMode.OPAQUE
    fill_rule: Qt.FillRule = Qt.FillRule.OddEvenFill
    text_align: int = 0
    map_mode: int = MapMode.TEXT
    win_org: Point = (0.0, 0.0)
    win_ext: Point = (1.0, 1.0)
    vp_org: Point = (0.0, 0.0)
    vp_ext: Point = (1.0, 1.0)
    world: QTransform = field(default_factory=QTransform)
    clip: QPainterPath | None = None  # device coordinates; None = unclipped
    pos: Point = (0.0, 0.0)  # current position, logical
    arc_ccw: bool = True
    miter: float = 10.0
    char_extra: float = 0.0  # logical units added after each character (SetTextCharacterExtra)
    break_extra: float = 0.0  # logical units spread over the line's break characters (SetTextJustification)
    break_count: int = 0

    def copy(self) -> DCState:
        return replace(self, world=QTransform(self.world), clip=None if self.clip is None else QPainterPath(self.clip))


class Canvas:
    """Plays GDI operations onto a QPainter whose transform maps device space to the destination."""

    def __init__(
        self,
        painter: QPainter,
        frame: QRectF,
        px_per_mm: Point,
        hairline: float,
        fonts: FontResolver | None = None,
    ) -> None:
        self.painter = painter
        self.frame = frame  # device space rectangle shown in the destination
        self.px_per_mm = px_per_mm
        self.hairline = hairline  # width of a cosmetic (1-pixel) pen in device units
        self.fonts = fonts or FontResolver.shared()
        self.state = DCState()
        self.stack: list[DCState] = []
        self.path: QPainterPath | None = None  # device coordinates
        self.recording = False
        self.budget = MAX_POINTS_TOTAL
        self.drawn = 0
        self._xf: QTransform | None = None
        self._max_width = max(frame.width(), frame.height(), 1.0)

    # -- setup ---------------------------------------------------------------------------------

    def begin(self, dest: QRectF, crop: tuple[float, float, float, float]) -> bool:
        left, top, right, bottom = (min(max(c, -10.0), 10.0) for c in crop)
        fw, fh = self.frame.width(), self.frame.height()
        sw, sh = fw * (1.0 - left - right), fh * (1.0 - top - bottom)
        if abs(sw) < 1e-9 or abs(sh) < 1e-9 or dest.width() <= 0 or dest.height() <= 0:
            return False
        sx, sy = self.frame.left() + fw * left, self.frame.top() + fh * top
        dev2dest = (
            QTransform.fromTranslate(-sx, -sy)
            * QTransform.fromScale(dest.width() / sw, dest.height() / sh)
            * QTransform.fromTranslate(dest.left(), dest.top())
        )
        self.painter.save()
        self.painter.setClipRect(dest, Qt.ClipOperation.IntersectClip)
        self.painter.setTransform(dev2dest, True)
        self.painter.save()
        return True

    def end(self) -> None:
        self.painter.restore()
        self.painter.restore()

    # -- mapping -------------------------------------------------------------------------------

    def invalidate(self) -> None:
        self._xf = None

    def xform(self) -> QTransform:
        """Logical to device: world transform, then window to viewport."""
        if self._xf is None:
            self._xf = self.state.world * self._page()
        return self._xf

    def _page(self) -> QTransform:
        st = self.state
        mode = st.map_mode
        if mode in FIXED_MAP_MM:
            mm = FIXED_MAP_MM[MapMode(mode)]
            kx, ky = mm * self.px_per_mm[0], -mm * self.px_per_mm[1]
        elif mode in (MapMode.ISOTROPIC, MapMode.ANISOTROPIC):
            kx = st.vp_ext[0] / st.win_ext[0] if st.win_ext[0] else 1.0
            ky = st.vp_ext[1] / st.win_ext[1] if st.win_ext[1] else 1.0
            if mode == MapMode.ISOTROPIC:
                k = min(abs(kx), abs(ky))
                kx, ky = math.copysign(k, kx), math.copysign(k, ky)
        else:
            kx = ky = 1.0
        return (
            QTransform.fromTranslate(-st.win_org[0], -st.win_org[1])
            * QTransform.fromScale(kx, ky)
            * QTransform.fromTranslate(st.vp_org[0], st.vp_org[1])
        )

    def to_device(self, x: float, y: float) -> QPointF:
        return self.xform().map(QPointF(x, y))

    def _scale(self) -> float:
        det = abs(self.xform().determinant())
        return math.sqrt(det) if math.isfinite(det) else 0.0

    # -- state changes -------------------------------------------------------------------------

    def set_window_org(self, x: float, y: float) -> None:
        self.state.win_org = (x, y)
        self.invalidate()

    def set_window_ext(self, x: float, y: float) -> None:
        if x and y:
            self.state.win_ext = (x, y)
            self.invalidate()

    def set_viewport_org(self, x: float, y: float) -> None:
        self.state.vp_org = (x, y)
        self.invalidate()

    def set_viewport_ext(self, x: float, y: float) -> None:
        if x and y:
            self.state.vp_ext = (x, y)
            self.invalidate()

    def scale_window(self, xn: float, xd: float, yn: float, yd: float) -> None:
        if xd and yd:
            self.set_window_ext(self.state.win_ext[0] * xn / xd, self.state.win_ext[1] * yn / yd)

    def scale_viewport(self, xn: float, xd: float, yn: float, yd: float) -> None:
        if xd and yd:
            self.set_viewport_ext(self.state.vp_ext[0] * xn / xd, self.state.vp_ext[1] * yn / yd)

    def set_map_mode(self, mode: int) -> None:
        if mode in {m.value for m in MapMode}:
            self.state.map_mode = mode
            self.invalidate()

    def set_world(self, m: QTransform) -> None:
        if _sane(m):
            self.state.world = m
            self.invalidate()

    def modify_world(self, m: QTransform, mode: int) -> None:
        if mode == 1:
            self.set_world(QTransform())
        elif mode == 2:
            self.set_world(m * self.state.world)
        elif mode == 3:
            self.set_world(self.state.world * m)
        elif mode == 4:
            self.set_world(m)

    def save(self) -> None:
        if len(self.stack) < MAX_SAVE_DEPTH:
            self.stack.append(self.state.copy())

    def restore(self, relative: int) -> None:
        index = len(self.stack) + relative if relative < 0 else relative - 1
        if not 0 <= index < len(self.stack):
            return
        self.state = self.stack[index]
        del self.stack[index:]
        self.invalidate()
        self._apply_clip()

    def take(self, points: int) -> None:
        self.budget -= points
        if self.budget < 0:
            raise Exhausted("too many points")

    # -- clipping ------------------------------------------------------------------------------

    def _apply_clip(self) -> None:
        self.painter.restore()
        self.painter.save()
        if self.state.clip is not None:
            self.painter.setClipPath(self.state.clip, Qt.ClipOperation.IntersectClip)

    def _everything(self) -> QPainterPath:
        path = QPainterPath()
        path.addRect(self.frame.adjusted(-1e6, -1e6, 1e6, 1e6))
        return path

    def logical_rect_path(self, left: float, top: float, right: float, bottom: float) -> QPainterPath:
        path = QPainterPath()
        path.addRect(QRectF(QPointF(left, top), QPointF(right, bottom)).normalized())
        return self.xform().map(path)

    def combine_clip(self, region: QPainterPath | None, mode: int) -> None:
        """Combine a device-space region with the clip (RGN_* modes); COPY with None resets it."""
        current = self.state.clip
        if mode == ClipMode.COPY or region is None:
            new = region if mode == ClipMode.COPY else current
        elif mode == ClipMode.AND:
            new = region if current is None else current.intersected(region)
        elif mode == ClipMode.OR:
            new = None if current is None else current.united(region)
        elif mode == ClipMode.DIFF:
            new = (current or self._everything()).subtracted(region)
        elif mode == ClipMode.XOR:
            base = current or self._everything()
            new = base.subtracted(region).united(region.subtracted(base))
        else:
            return
        # The boolean operations return odd-even paths (a DIFF keeps its hole that way): keep their rule.
        self.state.clip = new
        self._apply_clip()

    def select_clip_path(self, mode: int) -> None:
        if self.path is not None:
            region = QPainterPath(self.path)
            region.setFillRule(self.state.fill_rule)
            self.combine_clip(region.simplified(), mode)
        self.path, self.recording = None, False

    # -- paths ---------------------------------------------------------------------------------

    def begin_path(self) -> None:
        self.path, self.recording = QPainterPath(), True

    def end_path(self) -> None:
        self.recording = False

    def abort_path(self) -> None:
        self.path, self.recording = None, False

    def close_figure(self) -> None:
        if self.recording and self.path is not None:
            self.path.closeSubpath()

    def widen_path(self) -> None:
        """WidenPath: the path becomes the outline the current pen would paint."""
        if self.path is None or self.recording:
            return
        pen = self._qpen(self.state.pen)
        pen.setStyle(Qt.PenStyle.SolidLine)  # the outline of the whole stroke: dashes are not kept
        self.path = QPainterPathStroker(pen).createStroke(self.path).simplified()

    def fill_path(self, fill: bool, stroke: bool) -> None:
        if self.path is not None:
            path = QPainterPath(self.path)
            self.path, self.recording = None, False
            self._paint(path, fill, stroke)

    # -- drawing -------------------------------------------------------------------------------

    def move_to(self, x: float, y: float) -> None:
        self.state.pos = (x, y)
        if self.recording and self.path is not None:
            self.path.moveTo(self.to_device(x, y))

    def line_to(self, x: float, y: float) -> None:
        self.poly_to([(x, y)], bezier=False)

    def poly_to(self, points: Sequence[Point], bezier: bool) -> None:
        """LineTo/PolylineTo/PolyBezierTo: continue from the current position."""
        if not points:
            return
        self.take(len(points))
        xf = self.xform()
        if self.recording and self.path is not None:
            path = self.path
            if path.elementCount() == 0:
                path.moveTo(xf.map(QPointF(*self.state.pos)))
        else:
            path = QPainterPath(xf.map(QPointF(*self.state.pos)))
        _append(path, xf, points, bezier)
        if not bezier:
            self.state.pos = points[-1]
        elif len(points) >= 3:
            self.state.pos = points[(len(points) // 3) * 3 - 1]
        if not self.recording:
            self._paint(path, fill=False, stroke=True)

    def polyline(self, points: Sequence[Point], bezier: bool = False) -> None:
        if len(points) < 2:
            return
        self.take(len(points))
        xf = self.xform()
        path = QPainterPath(xf.map(QPointF(*points[0])))
        _append(path, xf, points[1:], bezier)
        self._emit(path, fill=False, stroke=True)

    def polypolygon(self, polygons: Sequence[Sequence[Point]], closed: bool = True) -> None:
        """Polygons (filled and outlined, one fill for all) or polylines (closed=False)."""
        xf = self.xform()
        path = QPainterPath()
        for points in polygons:
            if len(points) < 2:
                continue
            self.take(len(points))
            path.moveTo(xf.map(QPointF(*points[0])))
            _append(path, xf, points[1:], bezier=False)
            if closed:
                path.closeSubpath()
        if not path.isEmpty():
            self._emit(path, fill=closed, stroke=True)

    def _frame(self, left: float, top: float, right: float, bottom: float) -> QRectF:
        """A figure's bounding box; a wide PS_INSIDEFRAME pen draws inside it, so the figure shrinks."""
        rect = QRectF(QPointF(left, top), QPointF(right, bottom)).normalized()
        pen = self.state.pen
        if pen.style & 0x0F == PenStyle.INSIDEFRAME and pen.width > 1:
            inset = min(pen.width / 2, rect.width() / 2, rect.height() / 2)
            rect = rect.adjusted(inset, inset, -inset, -inset)
        return rect

    def rectangle(self, left: float, top: float, right: float, bottom: float) -> None:
        path = QPainterPath()
        path.addRect(self._frame(left, top, right, bottom))
        self._emit(self.xform().map(path), fill=True, stroke=True)

    def round_rect(self, left: float, top: float, right: float, bottom: float, w: float, h: float) -> None:
        path = QPainterPath()
        path.addRoundedRect(self._frame(left, top, right, bottom), abs(w) / 2, abs(h) / 2)
        self._emit(self.xform().map(path), fill=True, stroke=True)

    def ellipse(self, left: float, top: float, right: float, bottom: float) -> None:
        path = QPainterPath()
        path.addEllipse(self._frame(left, top, right, bottom))
        self._emit(self.xform().map(path), fill=True, stroke=True)

    def arc(self, kind: str, box: tuple[float, float, float, float], start: Point, end: Point) -> None:
        """Arc / ArcTo / Chord / Pie: radial start and end points on the box's ellipse."""
        rect = (
            self._frame(*box) if kind in ("pie", "chord") else QRectF(QPointF(box[0], box[1]), QPointF(box[2], box[3]))
        )
        rect = rect.normalized()
        if rect.width() <= 0 or rect.height() <= 0:
            return
        cx, cy = rect.center().x(), rect.center().y()
        rx, ry = rect.width() / 2, rect.height() / 2
        a0 = math.degrees(math.atan2(-(start[1] - cy) / ry, (start[0] - cx) / rx))
        a1 = math.degrees(math.atan2(-(end[1] - cy) / ry, (end[0] - cx) / rx))
        sweep = (a1 - a0) % 360.0 or 360.0
        if not self.state.arc_ccw:
            sweep -= 360.0
        path = QPainterPath()
        if kind == "pie":
            path.moveTo(rect.center())
            path.arcTo(rect, a0, sweep)
            path.closeSubpath()
        else:
            path.arcMoveTo(rect, a0)
            if kind == "arcto":
                path = QPainterPath(QPointF(*self.state.pos))
                path.arcTo(rect, a0, sweep)
            else:
                path.arcTo(rect, a0, sweep)
            if kind == "chord":
                path.closeSubpath()
        if kind == "arcto":
            end_point = path.currentPosition()
            self.state.pos = (end_point.x(), end_point.y())
        self._emit(self.xform().map(path), fill=kind in ("pie", "chord"), stroke=True, continues=kind == "arcto")

    def angle_arc(self, cx: float, cy: float, radius: float, start: float, sweep: float) -> None:
        """AngleArc: a line from the current position to the arc's start, then the arc."""
        if not (math.isfinite(start) and math.isfinite(sweep)) or radius <= 0:
            return
        rect = QRectF(cx - radius, cy - radius, 2 * radius, 2 * radius)
        path = QPainterPath(QPointF(*self.state.pos))
        path.arcTo(rect, start, max(min(sweep, 3600.0), -3600.0))
        end = path.currentPosition()
        self.state.pos = (end.x(), end.y())
        self._emit(self.xform().map(path), fill=False, stroke=True, continues=True)

    def offset_clip(self, dx: float, dy: float) -> None:
        """OffsetClipRgn: move the clip by a logical offset."""
        if self.state.clip is None:
            return
        xf = self.xform()
        shift = xf.map(QPointF(dx, dy)) - xf.map(QPointF(0.0, 0.0))
        self.state.clip = self.state.clip.translated(shift)
        self._apply_clip()

    def _emit(self, device_path: QPainterPath, fill: bool, stroke: bool, continues: bool = False) -> None:
        if self.recording and self.path is not None:
            if continues and self.path.elementCount():
                self.path.connectPath(device_path)
            else:
                self.path.addPath(device_path)
            return
        self._paint(device_path, fill, stroke)

    def _paint(self, path: QPainterPath, fill: bool, stroke: bool) -> None:
        st = self.state
        path.setFillRule(st.fill_rule)
        painter = self.painter
        if fill and st.brush.visible:
            if st.brush.style == BrushStyle.HATCHED and st.bk_mode == BkMode.OPAQUE:
                painter.fillPath(path, QBrush(st.bk_color))
            painter.fillPath(path, self._qbrush(st.brush))
            self.drawn += 1
        if stroke and st.pen.visible:
            painter.strokePath(path, self._qpen(st.pen))
            self.drawn += 1

    def _qbrush(self, brush: Brush) -> QBrush:
        if brush.style == BrushStyle.HATCHED:
            # Qt's own hatch patterns are cosmetic (output pixels: a fine grey in a PDF); GDI's cell
            # is 8 pixels of the metafile's device, so the tile is drawn in device space.
            return self._tiled(_hatch_tile(brush.hatch, brush.color))
        if brush.image is not None and not brush.image.isNull():
            if brush.mono:
                return self._tiled(_two_colour_tile(brush.image, self.state.text_color, self.state.bk_color))
            return self._tiled(brush.image)
        return QBrush(brush.color)

    def _tiled(self, tile: QImage) -> QBrush:
        """A pattern whose pixels are the reference device's pixels (a WMF frame counts in its units)."""
        qbrush = QBrush(tile)
        if self.hairline != 1.0:
            qbrush.setTransform(QTransform.fromScale(self.hairline, self.hairline))
        return qbrush

    def _qpen(self, pen: Pen) -> QPen:
        if pen.cosmetic or pen.width <= 0:
            width = self.hairline
        else:
            width = min(pen.width * self._scale(), self._max_width)
            width = max(width, self.hairline * 0.25)
        qpen = QPen(pen.color)
        qpen.setWidthF(width)
        qpen.setCapStyle(_CAPS.get(pen.cap, Qt.PenCapStyle.RoundCap))
        qpen.setJoinStyle(_JOINS.get(pen.join, Qt.PenJoinStyle.RoundJoin))
        qpen.setMiterLimit(max(1.0, min(self.state.miter, 100.0)))
        style = pen.style & 0x0F
        if style == PenStyle.USERSTYLE and pen.dashes and width > 0:
            pattern = [max(d * self._scale() / width, 0.01) for d in pen.dashes[:16]]
            if len(pattern) % 2:
                pattern = pattern * 2
            qpen.setDashPattern(pattern)
        elif style in _COSMETIC_DASHES:
            # A pen no wider than a device pixel dashes in pixels, as a cosmetic one does.
            if width <= self.hairline * 1.5:
                unit = self.hairline / width
                qpen.setDashPattern([d * unit for d in _COSMETIC_DASHES[PenStyle(style)]])
                qpen.setCapStyle(Qt.PenCapStyle.FlatCap)
            else:
                qpen.setDashPattern(list(_GEOMETRIC_DASHES.get(PenStyle(style), (1.0, 1.0))))
        return qpen

    def fill_rect(self, left: float, top: float, right: float, bottom: float, rop: int) -> None:
        """BitBlt/PatBlt without a source bitmap: paint with the brush, black or white."""
        if self.recording:
            return
        path = self.logical_rect_path(left, top, right, bottom)
        if rop == ROP_PATCOPY:
            if self.state.brush.visible:
                self.painter.fillPath(path, self._qbrush(self.state.brush))
        elif rop in (ROP_BLACKNESS, ROP_WHITENESS):
            self.painter.fillPath(path, QBrush(QColor(0, 0, 0) if rop == ROP_BLACKNESS else QColor(255, 255, 255)))
        else:
            return
        self.drawn += 1

    def fill_region(self, region: QPainterPath, brush: Brush | None = None) -> None:
        if not self.recording:
            use = brush or self.state.brush
            if use.visible:
                self.painter.fillPath(region, self._qbrush(use))
                self.drawn += 1

    # -- bitmaps -------------------------------------------------------------------------------

    def bitmap(
        self,
        dest: tuple[float, float, float, float],
        image: QImage,
        src: QRectF | None,
        rop: int = 0,
        opacity: float = 1.0,
    ) -> None:
        """Draw ``image`` (its ``src`` part) into the logical rectangle x, y, w, h."""
        if self.recording or image.isNull():
            return
        x, y, w, h = dest
        if not w or not h:
            return
        if rop == ROP_SRCAND:  # AND with white leaves the destination alone
            image = _transparent(image, QColor(255, 255, 255))
        elif rop in (ROP_SRCPAINT, ROP_SRCINVERT):  # OR / XOR with black leave the destination alone
            image = _transparent(image, QColor(0, 0, 0))
        # A reduced bitmap (dib.py) is cut in its own pixels: the source rectangle is scaled to it.
        source = QRectF(image.rect()) if src is None else in_image_pixels(image, src).intersected(QRectF(image.rect()))
        if source.isEmpty():
            return
        painter = self.painter
        painter.save()
        painter.setWorldTransform(self.xform(), True)
        painter.translate(x, y)
        painter.scale(1.0 if w > 0 else -1.0, 1.0 if h > 0 else -1.0)
        painter.setOpacity(painter.opacity() * opacity)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
        painter.drawImage(QRectF(0.0, 0.0, abs(w), abs(h)), image, source)
        painter.restore()
        self.drawn += 1

    # -- text ----------------------------------------------------------------------------------

    def text(
        self,
        ref: Point,
        text: str,
        dx: Sequence[float] | None,
        options: int = 0,
        rect: tuple[float, float, float, float] | None = None,
    ) -> None:
        """ExtTextOut: real text, upright in device space, with the Dx advances honoured."""
        if self.recording:
            return
        st = self.state
        if rect is not None and options & ETO_OPAQUE:
            self.painter.fillPath(self.logical_rect_path(*rect), QBrush(st.bk_color))
        if not text:
            return
        if st.text_align & TA_UPDATECP:
            ref = st.pos
        font = st.font
        face = font.face.strip() or "Arial"
        if is_symbol_font(face):
            text = "".join(symbol_char(face, c) for c in text)
        script = Script.LATIN
        if font.charset in _EA_CHARSETS:
            script = Script.EA
        elif font.charset in _CS_CHARSETS:
            script = Script.CS
        family = self.fonts.family(face, script)
        self.fonts.use_face(family, font.weight >= 600, bool(font.italic))
        qfont = QFont(family)
        qfont.setPixelSize(int(_LOCAL_EM))
        qfont.setBold(font.weight >= 600)
        qfont.setItalic(font.italic)
        qfont.setUnderline(font.underline)
        qfont.setStrikeOut(font.strikeout)
        qfont.setKerning(False)
        fm = QFontMetricsF(qfont)
        cell = fm.ascent() + fm.descent()
        height = abs(font.height) if font.height else 12.0 / max(self._scale(), 1e-9)
        em_logical = height * _LOCAL_EM / cell if font.height > 0 and cell > 0 else height

        xf = self.xform()
        origin = xf.map(QPointF(*ref))
        ux = xf.map(QPointF(ref[0] + 1.0, ref[1])) - origin
        uy = xf.map(QPointF(ref[0], ref[1] + 1.0)) - origin
        sx, sy = math.hypot(ux.x(), ux.y()), math.hypot(uy.x(), uy.y())
        em_device = em_logical * sy
        if not (math.isfinite(em_device) and 1e-6 < em_device < MAX_COORD) or sx <= 0:
            return
        k = em_device / _LOCAL_EM
        # lfWidth asks for this average character width: the glyphs are stretched to it.
        average = fm.averageCharWidth()
        stretch = font.width * _LOCAL_EM / (em_logical * average) if font.width > 0 and average > 0 else 1.0
        if not 0.05 < stretch < 20.0:
            stretch = 1.0
        angle = math.degrees(math.atan2(ux.y(), ux.x()))
        if xf.determinant() < 0 and abs(angle) > 90:
            angle -= 180.0  # a mirrored x axis: keep the text readable
        angle -= font.escapement / 10.0

        if not dx and (st.char_extra or (st.break_extra and st.break_count)):
            dx = self._spaced_advances(fm, text, k * stretch / sx)
        advances = [d * sx / (k * stretch) for d in dx] if dx else None
        natural = fm.horizontalAdvance(text)
        total = sum(advances) if advances else natural
        halign = st.text_align & TA_HMASK
        x0 = -total / 2 if halign == TA_CENTER else -total if halign == TA_RIGHT else 0.0
        valign = st.text_align & TA_VMASK
        base = 0.0 if valign == TA_BASELINE else -fm.descent() if valign == TA_BOTTOM else fm.ascent()

        painter = self.painter
        painter.save()
        painter.translate(origin)
        painter.rotate(angle)
        painter.scale(k * stretch, k)
        if rect is not None and options & ETO_CLIPPED:
            painter.setClipPath(self._local_clip(rect, origin, angle, k, stretch), Qt.ClipOperation.IntersectClip)
        if st.bk_mode == BkMode.OPAQUE:
            painter.fillRect(QRectF(x0, base - fm.ascent(), total, cell), st.bk_color)
        painter.setFont(qfont)
        painter.setPen(QPen(st.text_color))
        self._draw_run(fm, text, advances, natural, total, x0, base)
        painter.restore()
        self.drawn += 1
        if st.text_align & TA_UPDATECP:
            st.pos = (ref[0] + total * k * stretch / sx, ref[1])

    def _spaced_advances(self, fm: QFontMetricsF, text: str, logical_per_local: float) -> list[float]:
        """Per-character advances (logical units) with the character extra and the justification's
        extra space (BreakExtra shared by BreakCount spaces): a Dx array overrides them both."""
        st = self.state
        per_break = st.break_extra / st.break_count if st.break_count else 0.0
        return [
            fm.horizontalAdvance(ch) * logical_per_local + st.char_extra + (per_break if ch == " " else 0.0)
            for ch in text
        ]

    def _device_rect(self, rect: tuple[float, float, float, float]) -> QPainterPath:
        return self.logical_rect_path(*rect)

    def _local_clip(
        self, rect: tuple[float, float, float, float], origin: QPointF, angle: float, k: float, stretch: float
    ) -> QPainterPath:
        local = QTransform().translate(origin.x(), origin.y()).rotate(angle).scale(k * stretch, k)
        inverse, ok = local.inverted()
        return inverse.map(self._device_rect(rect)) if ok else QPainterPath()

    def _draw_run(
        self,
        fm: QFontMetricsF,
        text: str,
        advances: list[float] | None,
        natural: float,
        total: float,
        x0: float,
        base: float,
    ) -> None:
        painter = self.painter
        if advances and len(advances) >= len(text) and natural > 0:
            stretch = total / natural
            pos, worst = 0.0, 0.0
            placed: list[float] = []
            run = 0.0
            for ch, adv in zip(text, advances, strict=False):
                placed.append(pos)
                worst = max(worst, abs(pos - run * stretch))
                pos += adv
                run += fm.horizontalAdvance(ch)
            # Glyphs placed one by one when Dx is not the font's own spacing (equations, spread
            # letters); a near match is drawn as one run, slightly stretched, to keep words whole.
            if worst > 0.1 * _LOCAL_EM or abs(stretch - 1.0) > 0.15:
                for ch, at in zip(text, placed, strict=False):
                    if not ch.isspace():
                        draw_text(painter, QPointF(x0 + at, base), ch)
                return
            if abs(stretch - 1.0) > 0.01:
                painter.translate(x0, 0.0)
                painter.scale(stretch, 1.0)
                draw_text(painter, QPointF(0.0, base), text)
                return
        draw_text(painter, QPointF(x0, base), text)


def _append(path: QPainterPath, xf: QTransform, points: Sequence[Point], bezier: bool) -> None:
    if bezier:
        for i in range(0, len(points) - 2, 3):
            path.cubicTo(xf.map(QPointF(*points[i])), xf.map(QPointF(*points[i + 1])), xf.map(QPointF(*points[i + 2])))
    else:
        for p in points:
            path.lineTo(xf.map(QPointF(*p)))


def _two_colour_tile(image: QImage, zero: QColor, one: QColor) -> QImage:
    """A monochrome pattern recoloured: its dark (0) pixels ``zero``, its light (1) pixels ``one``."""
    if image.width() * image.height() > 256 * 256:
        return image
    tile = QImage(image.width(), image.height(), QImage.Format.Format_RGB32)
    dark, light = zero.rgb(), one.rgb()
    for y in range(image.height()):
        for x in range(image.width()):
            tile.setPixel(x, y, dark if QColor(image.pixel(x, y)).lightness() < 128 else light)
    return tile


def _hatch_tile(hatch: int, color: QColor) -> QImage:
    tile = QImage(8, 8, QImage.Format.Format_ARGB32)
    tile.fill(Qt.GlobalColor.transparent)
    for y, row in enumerate(_HATCH_ROWS.get(hatch, _HATCH_ROWS[4])):
        for x in range(8):
            if row & (0x80 >> x):
                tile.setPixelColor(x, y, color)
    return tile


def _sane(m: QTransform) -> bool:
    values = (m.m11(), m.m12(), m.m21(), m.m22(), m.dx(), m.dy())
    return all(math.isfinite(v) and abs(v) < MAX_COORD for v in values) and abs(m.determinant()) > 1e-12


def _transparent(image: QImage, color: QColor) -> QImage:
    out = image.convertToFormat(QImage.Format.Format_ARGB32)
    mask = out.createMaskFromColor(color.rgb(), Qt.MaskMode.MaskOutColor)
    out.setAlphaChannel(mask.convertToFormat(QImage.Format.Format_Grayscale8))
    return out
