"""EMF+ records (GDI+ drawing inside EMR_COMMENT) played onto the Canvas's painter.

Office writes EMF+ "dual" files: GDI+ records plus a GDI fallback; a few tools write EMF+-only files.
An EMF+-only file is always played here. A dual file is played from its EMF+ records only when
every record it holds is one this module draws (alpha, gradients and exact geometry then come
through); otherwise its GDI fallback is drawn, as before. While EMF+ records are drawn, GDI records
are skipped except after a GetDC record (which hands drawing back to GDI until the next EMF+ record).
"""

from __future__ import annotations

import logging
import math
import struct
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QPainter,
    QPainterPath,
    QPen,
    QTransform,
)

from ..decoder_stderr import image_from_data
from ..fonts import FontResolver, Script
from ..glyph_runs import draw_text
from .budget import Budget
from .plus_brushes import (
    PathGradient,
    Stops,
    clean_stops,
    factor_stops,
    fill_rastered,
    linear_brush,
    mix,
    needs_raster,
    texture_brush,
)

log = logging.getLogger(__name__)

Fill = QBrush | PathGradient

EMF_PLUS = 0x2B464D45  # "EMF+" in an EMR_COMMENT
HEADER, END_OF_FILE, COMMENT, GET_DC = 0x4001, 0x4002, 0x4003, 0x4004
OBJECT, CLEAR = 0x4008, 0x4009
FILL_RECTS, DRAW_RECTS, FILL_POLYGON, DRAW_LINES = 0x400A, 0x400B, 0x400C, 0x400D
FILL_ELLIPSE, DRAW_ELLIPSE, FILL_PIE, DRAW_PIE, DRAW_ARC = 0x400E, 0x400F, 0x4010, 0x4011, 0x4012
FILL_REGION, FILL_PATH, DRAW_PATH, DRAW_BEZIERS = 0x4013, 0x4014, 0x4015, 0x4019
FILL_CLOSED_CURVE, DRAW_CLOSED_CURVE, DRAW_CURVE = 0x4016, 0x4017, 0x4018
DRAW_IMAGE, DRAW_IMAGE_POINTS, DRAW_STRING = 0x401A, 0x401B, 0x401C
SAVE, RESTORE, BEGIN_CONTAINER, BEGIN_CONTAINER_NO_PARAMS, END_CONTAINER = 0x4025, 0x4026, 0x4027, 0x4028, 0x4029
SET_WORLD, RESET_WORLD, MULTIPLY_WORLD, TRANSLATE_WORLD, SCALE_WORLD, ROTATE_WORLD = range(0x402A, 0x4030)
SET_PAGE, RESET_CLIP, SET_CLIP_RECT, SET_CLIP_PATH, SET_CLIP_REGION = 0x4030, 0x4031, 0x4032, 0x4033, 0x4034
DRAW_DRIVER_STRING = 0x4036
# Rendering hints (anti-aliasing, interpolation, compositing quality...): nothing to do in a PDF.
_HINTS = frozenset(range(0x401D, 0x4025)) | {COMMENT}
SUPPORTED = frozenset(
    {HEADER, END_OF_FILE, GET_DC, OBJECT, CLEAR, FILL_RECTS, DRAW_RECTS, FILL_POLYGON, DRAW_LINES}
    | {FILL_ELLIPSE, DRAW_ELLIPSE, FILL_PIE, DRAW_PIE, DRAW_ARC, FILL_REGION, FILL_PATH, DRAW_PATH, DRAW_BEZIERS}
    | {FILL_CLOSED_CURVE, DRAW_CLOSED_CURVE, DRAW_CURVE}
    | {DRAW_IMAGE, DRAW_IMAGE_POINTS, DRAW_STRING, SAVE, RESTORE, BEGIN_CONTAINER, BEGIN_CONTAINER_NO_PARAMS}
    | {END_CONTAINER, SET_WORLD, RESET_WORLD, MULTIPLY_WORLD, TRANSLATE_WORLD, SCALE_WORLD, ROTATE_WORLD}
    | {SET_PAGE, RESET_CLIP, SET_CLIP_RECT, SET_CLIP_PATH, SET_CLIP_REGION, DRAW_DRIVER_STRING}
    | _HINTS
)
_DRAWING = frozenset(range(CLEAR, DRAW_STRING + 1)) | {DRAW_DRIVER_STRING}
# Object types we build (brush, pen, path, region, image, font, string format, image attributes);
# others make a file unsupported.
SUPPORTED_OBJECTS = frozenset({1, 2, 3, 4, 5, 6, 7, 8})
_MAX_OBJECT_BYTES = 64 * 1024 * 1024
_LOCAL_EM = 100.0
# Region node types (MS-EMFPLUS RegionNodeDataType): boolean nodes hold two children, leaves a shape.
_AND, _OR, _XOR, _EXCLUDE, _COMPLEMENT = 1, 2, 3, 4, 5
_RECT, _PATH, _EMPTY, _INFINITE = 0x10000000, 0x10000001, 0x10000002, 0x10000003
_MAX_REGION_NODES = 4096


class PlusError(ValueError):
    """A record is shorter than what it claims to hold."""


def plus_records(comment: bytes) -> Iterator[tuple[int, int, bytes]]:
    """(type, flags, data) of the EMF+ records in one EMR_COMMENT record (header included)."""
    if len(comment) < 16 or struct.unpack_from("<I", comment, 12)[0] != EMF_PLUS:
        return
    end = min(len(comment), 12 + struct.unpack_from("<I", comment, 8)[0])
    at = 16
    while at + 12 <= end:
        kind, flags, size, data_size = struct.unpack_from("<HHII", comment, at)
        if size < 12 or at + size > end or data_size > size - 12:
            return
        yield kind, flags, comment[at + 12 : at + 12 + data_size]
        at += size


@dataclass(frozen=True)
class PlusScan:
    found: bool  # the file holds EMF+ records
    dual: bool  # its EMF+ header says GDI records follow as a fallback
    supported: bool  # every EMF+ record and object is one this module draws, and some draw


def scan(blob: bytes, header_size: int) -> PlusScan:
    offset, found, supported, dual, draws = header_size, False, True, True, False
    while offset + 8 <= len(blob):
        kind, size = struct.unpack_from("<II", blob, offset)
        if size < 8 or offset + size > len(blob) or kind == 14:
            break
        if kind == 70:
            for ptype, flags, _data in plus_records(blob[offset : offset + size]):
                if ptype == HEADER and not found:
                    dual = bool(flags & 1)
                found = True
                draws = draws or ptype in _DRAWING
                if ptype not in SUPPORTED or (ptype == OBJECT and (flags >> 8) & 0x7F not in SUPPORTED_OBJECTS):
                    supported = False
        offset += size
    return PlusScan(found, dual, supported and draws)


class _Data:
    """Bounds-checked little-endian reads from one EMF+ record's data."""

    __slots__ = ("data",)

    def __init__(self, data: bytes) -> None:
        self.data = data

    def _need(self, at: int, size: int) -> None:
        if at < 0 or at + size > len(self.data):
            raise PlusError(f"EMF+ data too short ({len(self.data)} < {at + size})")

    def u32(self, at: int) -> int:
        self._need(at, 4)
        return int(struct.unpack_from("<I", self.data, at)[0])

    def i32(self, at: int) -> int:
        self._need(at, 4)
        return int(struct.unpack_from("<i", self.data, at)[0])

    def f32(self, at: int) -> float:
        self._need(at, 4)
        value = float(struct.unpack_from("<f", self.data, at)[0])
        return value if math.isfinite(value) else 0.0

    def floats(self, at: int, count: int) -> list[float]:
        if count < 0 or count > 4_000_000:
            raise PlusError("bad count")
        self._need(at, 4 * count)
        return [v if math.isfinite(v) else 0.0 for v in struct.unpack_from(f"<{count}f", self.data, at)]

    def shorts(self, at: int, count: int) -> list[float]:
        if count < 0 or count > 4_000_000:
            raise PlusError("bad count")
        self._need(at, 2 * count)
        return [float(v) for v in struct.unpack_from(f"<{count}h", self.data, at)]

    def points(self, at: int, count: int, flags: int) -> list[QPointF]:
        """``count`` points: int16 pairs with the C flag, float pairs otherwise, relative with P."""
        if flags & 0x0800:  # P: relative 7/15-bit deltas
            return self._relative(at, count)
        flat = self.shorts(at, 2 * count) if flags & 0x4000 else self.floats(at, 2 * count)
        return [QPointF(flat[i], flat[i + 1]) for i in range(0, len(flat), 2)]

    def _relative(self, at: int, count: int) -> list[QPointF]:
        out: list[QPointF] = []
        x = y = 0.0
        for _ in range(count):
            coords = []
            for _axis in range(2):
                self._need(at, 1)
                first = self.data[at]
                if first & 0x80:
                    self._need(at, 2)
                    value = ((first & 0x7F) << 8) | self.data[at + 1]
                    value -= 0x8000 if value & 0x4000 else 0
                    at += 2
                else:
                    value = first - 0x80 if first & 0x40 else first
                    at += 1
                coords.append(float(value))
            x, y = x + coords[0], y + coords[1]
            out.append(QPointF(x, y))
        return out

    def rect(self, at: int, compressed: bool) -> QRectF:
        values = self.shorts(at, 4) if compressed else self.floats(at, 4)
        return QRectF(*values)


def _argb(value: int) -> QColor:
    return QColor((value >> 16) & 0xFF, (value >> 8) & 0xFF, value & 0xFF, (value >> 24) & 0xFF)


@dataclass
class _Font:
    em: float
    unit: int
    style: int
    family: str


@dataclass
class _Format:
    align: int = 0  # 0 near, 1 centre, 2 far
    line_align: int = 0


@dataclass(frozen=True)
class _Metafile:
    """An EMF+ image object holding a metafile (MetafileData: WMF, EMF or EMF+)."""

    blob: bytes


# Metafile images inside metafiles are played this many levels deep at most.
_MAX_PEN_WIDTH = 32767.0  # Qt refuses wider pens (with a warning) and keeps the old width
_MAX_NESTING = 4
_NESTING: ContextVar[int] = ContextVar("emfplus_nesting", default=0)


@dataclass
class _Region:
    """A region in world coordinates; ``infinite`` when it has no bounds (then ``path`` is unused)."""

    path: QPainterPath
    infinite: bool = False


def _everything() -> QPainterPath:
    path = QPainterPath()
    path.addRect(QRectF(-1e7, -1e7, 2e7, 2e7))
    return path


@dataclass
class _State:
    world: QTransform = field(default_factory=QTransform)
    clip: QPainterPath | None = None  # device coordinates


# Device pixels per unit (UnitWorld=0 and UnitDisplay=1 taken as pixels), at ``dpi``.
def _unit_px(unit: int, dpi: float) -> float:
    return {3: dpi / 72.0, 4: dpi, 5: dpi / 300.0, 6: dpi / 25.4}.get(unit, 1.0)


class PlusPlayer:
    def __init__(self, painter: QPainter, fonts: FontResolver, dpi: tuple[float, float], budget: Budget) -> None:
        self.painter = painter
        self.budget = budget  # shared with the EMF records and any metafile nested in this one
        self.fonts = fonts
        self.dpi = dpi
        self.objects: dict[int, object] = {}
        self.state = _State()
        self.page = QTransform()
        self.stack: dict[int, tuple[_State, QTransform]] = {}
        self.gdi = False  # GetDC: the GDI records that follow are drawn
        self.ended = False
        self.drawn = 0
        self._partial: dict[int, bytearray] = {}

    # -- dispatch ------------------------------------------------------------------------------

    def comment(self, record: bytes) -> None:
        for kind, flags, data in plus_records(record):
            if self.ended or not self.budget.record():
                return
            self.gdi = kind == GET_DC
            # Drawing records save and restore the painter around themselves; the outer pair keeps
            # it balanced when one fails half-way (else every later shape inherits its state).
            self.painter.save()
            try:
                self.record(kind, flags, _Data(data))
            except (PlusError, struct.error, ValueError, IndexError) as exc:
                log.debug("EMF+ record %#x skipped: %s", kind, exc)
            finally:
                self.painter.restore()

    def record(self, kind: int, flags: int, d: _Data) -> None:
        if kind == HEADER:
            dpi_x, dpi_y = d.u32(8), d.u32(12)
            if 10 <= dpi_x <= 10000 and 10 <= dpi_y <= 10000:
                self.dpi = (float(dpi_x), float(dpi_y))
        elif kind == END_OF_FILE:
            self.ended = True
        elif kind == OBJECT:
            self._object(flags, d)
        elif kind in (SET_WORLD, MULTIPLY_WORLD):
            m = QTransform(*d.floats(0, 6))
            self._set_world(m if kind == SET_WORLD else self._combine(m, flags))
        elif kind == RESET_WORLD:
            self.state.world = QTransform()
        elif kind == TRANSLATE_WORLD:
            self._set_world(self._combine(QTransform.fromTranslate(d.f32(0), d.f32(4)), flags))
        elif kind == SCALE_WORLD:
            self._set_world(self._combine(QTransform.fromScale(d.f32(0), d.f32(4)), flags))
        elif kind == ROTATE_WORLD:
            self._set_world(self._combine(QTransform().rotate(d.f32(0)), flags))
        elif kind == SET_PAGE:
            scale = d.f32(0) or 1.0
            unit = flags & 0xFF
            self.page = QTransform.fromScale(scale * _unit_px(unit, self.dpi[0]), scale * _unit_px(unit, self.dpi[1]))
        elif kind in (SAVE, BEGIN_CONTAINER_NO_PARAMS):
            self._save(d.u32(0))
        elif kind == BEGIN_CONTAINER:
            dest, src = d.rect(0, False), d.rect(16, False)
            self._save(d.u32(32))
            if src.width() and src.height():
                box = QTransform.fromTranslate(-src.x(), -src.y())
                box *= QTransform.fromScale(dest.width() / src.width(), dest.height() / src.height())
                box *= QTransform.fromTranslate(dest.x(), dest.y())
                self._set_world(box * self.state.world)
        elif kind in (RESTORE, END_CONTAINER):
            saved = self.stack.pop(d.u32(0), None)
            if saved is not None:
                self.state, self.page = _State(QTransform(saved[0].world), saved[0].clip), QTransform(saved[1])
        elif kind == RESET_CLIP:
            self.state.clip = None
        elif kind == SET_CLIP_RECT:
            path = QPainterPath()
            path.addRect(d.rect(0, False))
            self._clip(self._device().map(path), (flags >> 8) & 0x0F)
        elif kind == SET_CLIP_PATH:
            obj = self.objects.get(flags & 0xFF)
            if isinstance(obj, QPainterPath):
                self._clip(self._device().map(obj), (flags >> 8) & 0x0F)
        elif kind == SET_CLIP_REGION:
            region = self.objects.get(flags & 0xFF)
            if isinstance(region, _Region):
                self._clip_region(region, (flags >> 8) & 0x0F)
        elif kind == CLEAR:
            self._fill_device_everything(_argb(d.u32(0)))
        else:
            self._draw(kind, flags, d)

    # -- state ---------------------------------------------------------------------------------

    def _combine(self, m: QTransform, flags: int) -> QTransform:
        # A (0x2000): append (the new matrix applies after the current one); else prepend.
        return self.state.world * m if flags & 0x2000 else m * self.state.world

    def _set_world(self, m: QTransform) -> None:
        values = (m.m11(), m.m12(), m.m21(), m.m22(), m.dx(), m.dy())
        if all(math.isfinite(v) and abs(v) < 1e9 for v in values):
            self.state.world = m

    def _save(self, index: int) -> None:
        if len(self.stack) < 512:
            self.stack[index] = (_State(QTransform(self.state.world), self.state.clip), QTransform(self.page))

    def _device(self) -> QTransform:
        return self.state.world * self.page

    def _clip_region(self, region: _Region, mode: int) -> None:
        if not region.infinite:
            self._clip(self._device().map(region.path), mode)
        elif mode in (0, 2):  # replaced by, or united with, everything: unclipped
            self.state.clip = None
        elif mode != 1:  # intersecting with everything changes nothing
            self._clip(_everything(), mode)

    def _clip(self, region: QPainterPath, mode: int) -> None:
        current = self.state.clip
        if mode == 0 or (mode == 1 and current is None):
            self.state.clip = region
            return
        if mode == 2 and current is None:
            return  # everything united with anything: still unclipped
        if current is None:
            current = _everything()
        if mode == 1:
            self.state.clip = current.intersected(region)
        elif mode == 2:
            self.state.clip = current.united(region)
        elif mode == 3:
            self.state.clip = current.subtracted(region).united(region.subtracted(current))
        elif mode == 4:
            self.state.clip = current.subtracted(region)
        elif mode == 5:
            self.state.clip = region.subtracted(current)

    # -- objects -------------------------------------------------------------------------------

    def _object(self, flags: int, d: _Data) -> None:
        index, otype = flags & 0xFF, (flags >> 8) & 0x7F
        data = d.data
        if flags & 0x8000:  # continued: TotalObjectSize, then a piece of the object
            total = d.u32(0)
            part = self._partial.setdefault(index, bytearray())
            part += data[4:]
            if len(part) < total and len(part) < _MAX_OBJECT_BYTES:
                return
            data = bytes(part)
        elif index in self._partial:
            data = bytes(self._partial.pop(index) + data)
        self._partial.pop(index, None)
        od = _Data(data)
        obj: object | None = None
        if otype == 1:
            obj = self._brush(od, 0)
        elif otype == 2:
            obj = self._pen(od)
        elif otype == 3:
            obj = self._path(od, 0)
        elif otype == 4:
            obj = self._region(od)
        elif otype == 5:
            obj = self._image(od)
        elif otype == 6:
            length = od.u32(20)
            family = data[24 : 24 + 2 * min(length, 64)].decode("utf-16-le", errors="replace")
            obj = _Font(od.f32(4), od.u32(8), od.u32(12), family)
        elif otype == 7:
            obj = _Format(od.u32(12), od.u32(16))
        if obj is not None:
            self.objects[index] = obj
        else:
            self.objects.pop(index, None)

    def _brush(self, d: _Data, at: int) -> Fill:
        btype = d.u32(at + 4)
        if btype == 0:
            return QBrush(_argb(d.u32(at + 8)))
        if btype == 1:  # hatch: drawn as a blend of its two colours (a pattern a few pixels wide)
            return QBrush(mix(_argb(d.u32(at + 12)), _argb(d.u32(at + 16)), 0.5))
        if btype == 2:
            return self._texture_brush(d, at + 8)
        if btype == 3:
            return self._path_gradient(d, at + 8)
        if btype == 4:
            return self._linear_gradient(d, at + 8)
        raise PlusError(f"brush type {btype}")

    def _transform(self, d: _Data, at: int, flags: int) -> tuple[QTransform | None, int]:
        """The optional brush transform (BrushDataTransform) at ``at``, and where the data goes on."""
        if not flags & 0x02:
            return None, at
        return QTransform(*d.floats(at, 6)), at + 24

    def _blend(self, d: _Data, at: int, flags: int, start: QColor, end: QColor) -> Stops:
        """Gradient stops from preset colours or blend factors at ``at``, else ``start`` to ``end``."""
        if flags & 0x04:  # BrushDataPresetColors: positions, then ARGB colours
            count = min(d.u32(at), 4096)
            positions = d.floats(at + 4, count)
            colours = [_argb(d.u32(at + 4 + 4 * count + 4 * i)) for i in range(count)]
            stops = clean_stops(list(zip(positions, colours, strict=True)))
        elif flags & 0x18:  # BrushDataBlendFactorsH / V: positions, then factors (0 start .. 1 end)
            count = min(d.u32(at), 4096)
            stops = factor_stops(d.floats(at + 4, count), d.floats(at + 4 + 4 * count, count), start, end)
        else:
            stops = []
        return stops or [(0.0, start), (1.0, end)]

    def _linear_gradient(self, d: _Data, at: int) -> QBrush:
        flags, wrap, rect = d.u32(at), d.u32(at + 4), d.rect(at + 8, False)
        start, end = _argb(d.u32(at + 24)), _argb(d.u32(at + 28))
        transform, after = self._transform(d, at + 40, flags)
        stops = self._blend(d, after, flags, start, end)
        return linear_brush(rect.topLeft(), rect.topRight(), stops, wrap, transform)

    def _path_gradient(self, d: _Data, at: int) -> PathGradient:
        flags, centre_colour = d.u32(at), _argb(d.u32(at + 8))
        centre = QPointF(d.f32(at + 12), d.f32(at + 16))
        count = min(d.u32(at + 20), 1_000_000)
        surround = [_argb(d.u32(at + 24 + 4 * i)) for i in range(count)]
        at += 24 + 4 * count
        if flags & 0x01:  # BrushDataPath: a path object bounds the gradient
            size = d.u32(at)
            d._need(at + 4, size)
            boundary = self._path(_Data(d.data[at + 4 : at + 4 + size]), 0).toFillPolygon().toList()
            at += 4 + size
        else:
            points = min(d.u32(at), 1_000_000)
            boundary = d.points(at + 4, points, 0)
            at += 4 + 8 * points
        transform, at = self._transform(d, at, flags)
        edge = surround[0] if surround else centre_colour
        # Blends of a path gradient run from the boundary (position 0) to the centre (1).
        towards_centre = self._blend(d, at, flags, edge, centre_colour)
        stops = [(1.0 - p, c) for p, c in reversed(towards_centre)]
        if flags & 0x1C:  # skip the blend: a count, then two values per position
            at += 4 + 8 * d.u32(at)
        if flags & 0x40 and d.u32(at) == 2:  # FocusScales: the centre colour fills a scaled boundary
            focus = max(0.0, min(0.999, (d.f32(at + 4) + d.f32(at + 8)) / 2))
            stops = [(focus + (1.0 - focus) * p, c) for p, c in stops]
            stops.insert(0, (0.0, stops[0][1]))
        edges = surround if len(surround) == len(boundary) and len(set(c.rgba() for c in surround)) > 1 else []
        return PathGradient(centre, boundary, clean_stops(stops), edges, transform)

    def _texture_brush(self, d: _Data, at: int) -> Fill:
        flags, wrap = d.u32(at), d.u32(at + 4)
        transform, at = self._transform(d, at + 8, flags)
        image = self._image(_Data(d.data[at:]))
        if not isinstance(image, QImage):
            raise PlusError("texture brush without a bitmap")
        return texture_brush(image, wrap, transform)

    def _pen(self, d: _Data) -> tuple[QPen, float]:
        flags, unit, width = d.u32(8), d.u32(12), d.f32(16)
        at = 20
        transform = None
        if flags & 0x01:
            transform = QTransform(*d.floats(at, 6))
            at += 24
        caps = {0: Qt.PenCapStyle.FlatCap, 1: Qt.PenCapStyle.SquareCap, 2: Qt.PenCapStyle.RoundCap}
        pen = QPen()
        pen.setCapStyle(Qt.PenCapStyle.FlatCap)
        pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
        if flags & 0x02:
            pen.setCapStyle(caps.get(d.u32(at), Qt.PenCapStyle.FlatCap))
            at += 4
        if flags & 0x04:
            at += 4
        if flags & 0x08:
            joins = {0: Qt.PenJoinStyle.MiterJoin, 1: Qt.PenJoinStyle.BevelJoin, 2: Qt.PenJoinStyle.RoundJoin}
            pen.setJoinStyle(joins.get(d.u32(at), Qt.PenJoinStyle.MiterJoin))
            at += 4
        if flags & 0x10:
            pen.setMiterLimit(max(1.0, min(d.f32(at), 100.0)))
            at += 4
        style = 0
        if flags & 0x20:
            style = d.u32(at)
            at += 4
        if flags & 0x40:
            at += 4
        if flags & 0x80:
            at += 4
        dashes: list[float] = []
        if flags & 0x100:
            count = min(d.u32(at), 64)
            dashes = [max(v, 0.01) if math.isfinite(v) else 1.0 for v in d.floats(at + 4, count)]
            at += 4 + 4 * d.u32(at)
        if flags & 0x200:
            at += 4
        if flags & 0x400:
            at += 4 + 4 * d.u32(at)
        for bit in (0x800, 0x1000):
            if flags & bit:
                at += 4 + d.u32(at)
        presets = {1: [3.0, 1.0], 2: [1.0, 1.0], 3: [3.0, 1.0, 1.0, 1.0], 4: [3.0, 1.0, 1.0, 1.0, 1.0, 1.0]}
        if style == 5 and len(dashes) >= 2:
            pen.setDashPattern(dashes if len(dashes) % 2 == 0 else dashes * 2)
        elif style in presets:
            pen.setDashPattern(presets[style])
        fill = self._brush(d, at)
        pen.setBrush(QBrush(fill.fallback()) if isinstance(fill, PathGradient) else fill)
        scale = _unit_px(unit, self.dpi[0]) if unit not in (0, 1) else 0.0
        if transform is not None:
            width *= math.sqrt(abs(transform.determinant())) or 1.0
        return pen, width if scale == 0.0 else -width * scale  # negative: a device-pixel width

    def _path(self, d: _Data, at: int) -> QPainterPath:
        count, flags = d.u32(at + 4), d.u32(at + 8)
        points = d.points(at + 12, count, flags)
        types_at = (
            at + 12 + (_relative_size(d, at + 12, count) if flags & 0x0800 else count * (4 if flags & 0x4000 else 8))
        )
        types: list[int] = []
        if flags & 0x1000:  # RLE types
            while len(types) < count:
                d._need(types_at, 2)
                run, value = d.data[types_at] & 0x3F, d.data[types_at + 1]
                types.extend([value] * max(run, 1))
                types_at += 2
        else:
            d._need(types_at, count)
            types = list(d.data[types_at : types_at + count])
        path = QPainterPath()
        i = 0
        while i < count:
            t = types[i] & 0x07
            if t == 0 or path.elementCount() == 0:
                path.moveTo(points[i])
                i += 1
            elif t == 3 and i + 2 < count:
                path.cubicTo(points[i], points[i + 1], points[i + 2])
                i += 3
            else:
                path.lineTo(points[i])
                i += 1
            if types[i - 1] & 0x80:
                path.closeSubpath()
        return path

    def _region(self, d: _Data) -> _Region:
        count = d.u32(4)  # boolean nodes; the tree holds 2 * count + 1 nodes in pre-order
        if count > _MAX_REGION_NODES:
            raise PlusError("too many region nodes")
        region, _end = self._region_node(d, 8, 0)
        return region

    def _region_node(self, d: _Data, at: int, depth: int) -> tuple[_Region, int]:
        kind = d.u32(at)
        at += 4
        if kind == _RECT:
            path = QPainterPath()
            path.addRect(d.rect(at, False).normalized())
            return _Region(path), at + 16
        if kind == _PATH:
            size = d.u32(at)
            d._need(at + 4, size)
            return _Region(self._path(_Data(d.data[at + 4 : at + 4 + size]), 0)), at + 4 + size
        if kind == _EMPTY:
            return _Region(QPainterPath()), at
        if kind == _INFINITE:
            return _Region(QPainterPath(), infinite=True), at
        if kind not in (_AND, _OR, _XOR, _EXCLUDE, _COMPLEMENT) or depth > 64:
            raise PlusError(f"region node {kind:#x}")
        left, at = self._region_node(d, at, depth + 1)
        right, at = self._region_node(d, at, depth + 1)
        return _combine_regions(kind, left, right), at

    def _image(self, d: _Data) -> QImage | _Metafile | None:
        if d.u32(4) == 2:  # a metafile (WMF, EMF or EMF+) inside: played when drawn
            size = d.u32(12)
            d._need(16, size)
            return _Metafile(d.data[16 : 16 + size])
        if d.u32(4) != 1:
            return None
        width, height, stride, fmt, kind = (d.i32(8 + 4 * i) for i in range(5))
        if kind == 1:
            image = image_from_data(d.data[28:])
            return None if image.isNull() else image
        formats = {
            0x0026200A: QImage.Format.Format_ARGB32,
            0x000E200B: QImage.Format.Format_ARGB32_Premultiplied,
            0x00022009: QImage.Format.Format_RGB32,
            0x00021808: QImage.Format.Format_BGR888,
        }
        qfmt = formats.get(fmt)
        if qfmt is None or width <= 0 or height <= 0 or width * height > 40_000_000 or stride <= 0:
            return None
        d._need(28, stride * height)
        return QImage(d.data[28 : 28 + stride * height], width, height, stride, qfmt).copy()

    # -- drawing -------------------------------------------------------------------------------

    def _fill_brush(self, flags: int, d: _Data, at: int = 0) -> Fill | None:
        if flags & 0x8000:
            return QBrush(_argb(d.u32(at)))
        obj = self.objects.get(d.u32(at))
        return obj if isinstance(obj, (QBrush, PathGradient)) else None

    def _text_brush(self, flags: int, d: _Data) -> QBrush | None:
        fill = self._fill_brush(flags, d)
        return QBrush(fill.fallback()) if isinstance(fill, PathGradient) else fill

    def _pen_for(self, index: int) -> QPen | None:
        obj = self.objects.get(index)
        if not isinstance(obj, tuple):
            return None
        pen, width = obj
        out = QPen(pen)
        if width < 0:  # a width in device units: undo the world and page scale
            det = abs(self._device().determinant())
            width = -width / math.sqrt(det) if det > 1e-12 else 0.0
        if not width > 0 or not math.isfinite(width):
            # Zero, and widths a file garbles (NaN, infinite): the thinnest line, one device pixel.
            out.setCosmetic(True)
            width = 1.0
        out.setWidthF(min(width, _MAX_PEN_WIDTH))
        return out

    def _begin(self) -> None:
        painter = self.painter
        painter.save()
        if self.state.clip is not None:
            painter.setClipPath(self.state.clip, Qt.ClipOperation.IntersectClip)
        painter.setTransform(self._device(), True)

    def _fill(self, path: QPainterPath, brush: Fill | None, winding: bool = False) -> None:
        if brush is None:
            return
        path.setFillRule(Qt.FillRule.WindingFill if winding else Qt.FillRule.OddEvenFill)
        self._begin()
        if needs_raster(self.painter, brush):
            fill_rastered(self.painter, path, brush)
        elif isinstance(brush, PathGradient):
            brush.paint(self.painter, path)
        else:
            self.painter.fillPath(path, brush)
        self.painter.restore()
        self.drawn += 1

    def _stroke(self, path: QPainterPath, pen: QPen | None) -> None:
        if pen is None:
            return
        self._begin()
        self.painter.strokePath(path, pen)
        self.painter.restore()
        self.drawn += 1

    def _fill_device_everything(self, fill: QColor | Fill) -> None:
        if isinstance(fill, PathGradient):  # it paints nothing outside its boundary
            self._fill(fill.area(), fill, winding=True)
            return
        brush = QBrush(fill)
        brush.setTransform(brush.transform() * self._device())  # a gradient is placed in world units
        path = QPainterPath()
        path.addRect(QRectF(-1e6, -1e6, 2e6, 2e6))
        self.painter.save()
        if self.state.clip is not None:
            self.painter.setClipPath(self.state.clip, Qt.ClipOperation.IntersectClip)
        if needs_raster(self.painter, brush):
            fill_rastered(self.painter, path, brush)
        else:
            self.painter.fillPath(path, brush)
        self.painter.restore()
        self.drawn += 1

    def _draw(self, kind: int, flags: int, d: _Data) -> None:
        compressed = bool(flags & 0x4000)
        if kind in (FILL_RECTS, DRAW_RECTS):
            at = 4 if kind == FILL_RECTS else 0
            count = d.u32(at)
            path = QPainterPath()
            for i in range(min(count, 1_000_000)):
                path.addRect(d.rect(at + 4 + i * (8 if compressed else 16), compressed))
            if kind == FILL_RECTS:
                self._fill(path, self._fill_brush(flags, d), winding=True)
            else:
                self._stroke(path, self._pen_for(flags & 0xFF))
        elif kind == FILL_POLYGON:
            points = d.points(8, d.u32(4), flags)
            if len(points) >= 2:
                path = QPainterPath(points[0])
                for p in points[1:]:
                    path.lineTo(p)
                path.closeSubpath()
                self._fill(path, self._fill_brush(flags, d))
        elif kind in (DRAW_LINES, DRAW_BEZIERS):
            points = d.points(4, d.u32(0), flags)
            if len(points) < 2:
                return
            path = QPainterPath(points[0])
            if kind == DRAW_BEZIERS:
                for i in range(1, len(points) - 2, 3):
                    path.cubicTo(points[i], points[i + 1], points[i + 2])
            else:
                for p in points[1:]:
                    path.lineTo(p)
                if flags & 0x2000:  # L: closed
                    path.closeSubpath()
            self._stroke(path, self._pen_for(flags & 0xFF))
        elif kind in (FILL_ELLIPSE, DRAW_ELLIPSE):
            path = QPainterPath()
            path.addEllipse(d.rect(4 if kind == FILL_ELLIPSE else 0, compressed))
            if kind == FILL_ELLIPSE:
                self._fill(path, self._fill_brush(flags, d))
            else:
                self._stroke(path, self._pen_for(flags & 0xFF))
        elif kind in (FILL_PIE, DRAW_PIE, DRAW_ARC):
            at = 4 if kind == FILL_PIE else 0
            start, sweep, rect = d.f32(at), d.f32(at + 4), d.rect(at + 8, compressed)
            path = QPainterPath()
            if kind != DRAW_ARC:
                path.moveTo(rect.center())
                path.arcTo(rect, -start, -sweep)  # GDI+ angles run clockwise (y down)
                path.closeSubpath()
            else:
                path.arcMoveTo(rect, -start)
                path.arcTo(rect, -start, -sweep)
            if kind == FILL_PIE:
                self._fill(path, self._fill_brush(flags, d))
            else:
                self._stroke(path, self._pen_for(flags & 0xFF))
        elif kind == FILL_REGION:
            region = self.objects.get(flags & 0xFF)
            if isinstance(region, _Region):
                brush = self._fill_brush(flags, d)
                if region.infinite and brush is not None:
                    self._fill_device_everything(brush)
                elif not region.infinite:
                    self._fill(QPainterPath(region.path), brush, winding=True)
        elif kind in (FILL_PATH, DRAW_PATH):
            obj = self.objects.get(flags & 0xFF)
            if not isinstance(obj, QPainterPath):
                return
            if kind == FILL_PATH:
                self._fill(QPainterPath(obj), self._fill_brush(flags, d))
            else:
                self._stroke(QPainterPath(obj), self._pen_for(d.u32(0)))
        elif kind == FILL_CLOSED_CURVE:
            points = d.points(12, d.u32(8), flags)
            path = cardinal_spline(points, d.f32(4), closed=True)
            self._fill(path, self._fill_brush(flags, d), winding=bool(flags & 0x2000))
        elif kind == DRAW_CLOSED_CURVE:
            points = d.points(8, d.u32(4), flags)
            self._stroke(cardinal_spline(points, d.f32(0), closed=True), self._pen_for(flags & 0xFF))
        elif kind == DRAW_CURVE:
            tension, offset, segments = d.f32(0), d.u32(4), d.u32(8)
            points = d.points(16, d.u32(12), flags & 0x4000)
            path = cardinal_spline(points, tension, closed=False, first=offset, segments=segments)
            self._stroke(path, self._pen_for(flags & 0xFF))
        elif kind in (DRAW_IMAGE, DRAW_IMAGE_POINTS):
            self._draw_image(kind, flags, d)
        elif kind == DRAW_STRING:
            self._draw_string(flags, d)
        elif kind == DRAW_DRIVER_STRING:
            self._draw_driver_string(flags, d)

    def _draw_image(self, kind: int, flags: int, d: _Data) -> None:
        image = self.objects.get(flags & 0xFF)
        if not isinstance(image, (QImage, _Metafile)):
            return
        src = d.rect(8, False)
        if kind == DRAW_IMAGE:
            dest = d.rect(24, bool(flags & 0x4000))
            p0, p1, p2 = dest.topLeft(), dest.topRight(), dest.bottomLeft()
        else:
            points = d.points(28, 3, flags)
            if len(points) < 3:
                return
            p0, p1, p2 = points
        if src.width() <= 0 or src.height() <= 0:
            return
        # The unit square of the source rectangle onto the parallelogram p0 (top left), p1, p2.
        place = QTransform(
            (p1.x() - p0.x()) / src.width(),
            (p1.y() - p0.y()) / src.width(),
            (p2.x() - p0.x()) / src.height(),
            (p2.y() - p0.y()) / src.height(),
            p0.x(),
            p0.y(),
        )
        self._begin()
        self.painter.setTransform(place, True)
        if isinstance(image, _Metafile):
            self._play_nested(image, QRectF(0, 0, src.width(), src.height()))
        else:
            self.painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
            self.painter.drawImage(QRectF(0, 0, src.width(), src.height()), image, src)
        self.painter.restore()
        self.drawn += 1

    def _play_nested(self, image: _Metafile, dest: QRectF) -> None:
        """A metafile image, played whole into ``dest`` (a picture inside a picture, a few deep)."""
        from . import paint_metafile  # the package imports this module

        if not self.budget.nest():
            return
        depth = _NESTING.get()
        if depth >= _MAX_NESTING:
            log.info("EMF+ metafile image nested more than %d deep: not drawn", _MAX_NESTING)
            return
        token = _NESTING.set(depth + 1)
        try:
            paint_metafile(self.painter, image.blob, dest, fonts=self.fonts)
        finally:
            _NESTING.reset(token)

    def _font(self, index: int) -> tuple[QFont, float] | None:
        font = self.objects.get(index)
        if not isinstance(font, _Font) or font.em <= 0:
            return None
        em = font.em
        if font.unit not in (0, 1):  # a device size: undo the page scale
            page = math.sqrt(abs(self.page.determinant())) or 1.0
            em = em * _unit_px(font.unit, self.dpi[1]) / page
        family = self.fonts.family(font.family or "Arial", Script.LATIN)
        bold, italic = bool(font.style & 1), bool(font.style & 2)
        self.fonts.use_face(family, bold, italic)
        qfont = QFont(family)
        qfont.setPixelSize(int(_LOCAL_EM))
        qfont.setBold(bold)
        qfont.setItalic(italic)
        qfont.setUnderline(bool(font.style & 4))
        qfont.setStrikeOut(bool(font.style & 8))
        qfont.setKerning(False)
        return qfont, em / _LOCAL_EM

    def _draw_string(self, flags: int, d: _Data) -> None:
        made = self._font(flags & 0xFF)
        brush = self._text_brush(flags, d)
        if made is None or brush is None:
            return
        qfont, k = made
        fmt = self.objects.get(d.u32(4))
        length = min(d.u32(8), 32768)
        layout = d.rect(12, False)
        d._need(28, 2 * length)
        text = d.data[28 : 28 + 2 * length].decode("utf-16-le", errors="replace")
        fm = QFontMetricsF(qfont)
        lines = text.replace("\r\n", "\n").split("\n")
        height = fm.height() * len(lines) * k
        align = fmt.align if isinstance(fmt, _Format) else 0
        line_align = fmt.line_align if isinstance(fmt, _Format) else 0
        top = layout.top()
        if layout.height() > 0 and line_align in (1, 2):
            top += (layout.height() - height) / (2 if line_align == 1 else 1)
        self._begin()
        painter = self.painter
        painter.setFont(qfont)
        painter.setPen(QPen(brush, 0))
        for i, line in enumerate(lines):
            width = fm.horizontalAdvance(line) * k
            x = layout.left()
            if layout.width() > 0 and align in (1, 2):
                x += (layout.width() - width) / (2 if align == 1 else 1)
            painter.save()
            painter.translate(x, top + i * fm.height() * k)
            painter.scale(k, k)
            draw_text(painter, QPointF(0.0, fm.ascent()), line)
            painter.restore()
        painter.restore()
        self.drawn += 1

    def _draw_driver_string(self, flags: int, d: _Data) -> None:
        made = self._font(flags & 0xFF)
        brush = self._text_brush(flags, d)
        options, count = d.u32(4), min(d.u32(12), 32768)
        if made is None or brush is None or not options & 0x01:  # glyph indices of an unknown font
            return
        qfont, k = made
        d._need(16, 2 * count)
        text = d.data[16 : 16 + 2 * count].decode("utf-16-le", errors="replace")
        positions = d.floats(16 + 2 * count, 2 * count if not options & 0x04 else 2)
        self._begin()
        painter = self.painter
        painter.setFont(qfont)
        painter.setPen(QPen(brush, 0))
        fm = QFontMetricsF(qfont)
        x, y = positions[0], positions[1]
        for i, ch in enumerate(text):
            if not options & 0x04 and 2 * i + 1 < len(positions):
                x, y = positions[2 * i], positions[2 * i + 1]
            painter.save()
            painter.translate(x, y)  # each position is the glyph's baseline origin
            painter.scale(k, k)
            draw_text(painter, QPointF(0.0, 0.0), ch)
            painter.restore()
            if options & 0x04:
                x += fm.horizontalAdvance(ch) * k
        painter.restore()
        self.drawn += 1


# GDI+ places a cardinal spline's Bezier control points this fraction of the tension along the
# chord between the neighbouring points (its default tension 0.5 gives 0.15).
_TENSION_SCALE = 0.3


def cardinal_spline(
    points: list[QPointF], tension: float, closed: bool, first: int = 0, segments: int | None = None
) -> QPainterPath:
    """The cardinal spline through ``points`` as Beziers (segments ``first`` .. ``first + segments``)."""
    path = QPainterPath()
    n = len(points)
    if n < 2:
        return path
    t = max(0.0, tension) * _TENSION_SCALE
    total = n if closed else n - 1
    first = min(first, total - 1)
    last = total if segments is None else min(total, first + segments)

    def at(i: int) -> QPointF:
        return points[i % n] if closed else points[max(0, min(n - 1, i))]

    path.moveTo(at(first))
    for i in range(first, last):
        p0, p1, p2, p3 = at(i - 1), at(i), at(i + 1), at(i + 2)
        # An open spline's end tangents point at the neighbouring point.
        c1 = p1 + (p2 - p0) * t if closed or i > 0 else p1 + (p2 - p1) * t
        c2 = p2 - (p3 - p1) * t if closed or i + 2 < n else p2 - (p2 - p1) * t
        path.cubicTo(c1, c2, p2)
    if closed and segments is None:
        path.closeSubpath()
    return path


def _combine_regions(kind: int, left: _Region, right: _Region) -> _Region:
    if kind == _AND:
        if left.infinite or right.infinite:
            return right if left.infinite else left
        return _Region(left.path.intersected(right.path))
    if kind == _OR:
        if left.infinite or right.infinite:
            return _Region(QPainterPath(), infinite=True)
        return _Region(left.path.united(right.path))
    a = _everything() if left.infinite else left.path
    b = _everything() if right.infinite else right.path
    if kind == _EXCLUDE:
        return _Region(a.subtracted(b))
    if kind == _COMPLEMENT:
        return _Region(b.subtracted(a))
    return _Region(a.subtracted(b).united(b.subtracted(a)))


def _relative_size(d: _Data, at: int, count: int) -> int:
    start = at
    for _ in range(2 * count):
        d._need(at, 1)
        at += 2 if d.data[at] & 0x80 else 1
    return at - start


__all__ = ["EMF_PLUS", "PlusPlayer", "PlusScan", "cardinal_spline", "scan"]
