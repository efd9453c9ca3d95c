"""Enhanced metafiles (EMF, and the EMF records of EMF+ dual files) played onto a Canvas."""

from __future__ import annotations

import logging
import struct
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QImage, QLinearGradient, QPainterPath, QTransform

from .budget import active_budget, damaged_record_note
from .canvas import Canvas, Exhausted
from .dib import dib_image, full_size
from .emfplus import PlusPlayer, scan
from .objects import (
    ETO_GLYPH_INDEX,
    ETO_PDY,
    MAX_TEXT_CHARS,
    ROP_DSTCOPY,
    Brush,
    BrushStyle,
    Font,
    GdiObject,
    Palette,
    Pen,
    PenStyle,
    Region,
    colorref,
    decode_ansi,
    stock_object,
)
from .records import Record, RecordError, split_polys

log = logging.getLogger(__name__)

EMR_HEADER = 1
EMR_EOF = 14
EMR_GDICOMMENT = 70


@dataclass(frozen=True)
class EmfHeader:
    bounds: tuple[int, int, int, int]  # device pixels, inclusive
    frame: tuple[int, int, int, int]  # 0.01 mm
    px_per_mm: tuple[float, float]
    size: int  # header record size (records start here)

    def frame_px(self) -> QRectF:
        """The picture frame in device pixels (bounds when the frame is unusable)."""
        left, top, right, bottom = self.frame
        kx, ky = self.px_per_mm[0] / 100.0, self.px_per_mm[1] / 100.0
        if right > left and bottom > top:
            return QRectF(left * kx, top * ky, (right - left) * kx, (bottom - top) * ky)
        bl, bt, br, bb = self.bounds
        return QRectF(bl, bt, max(br - bl + 1, 1), max(bb - bt + 1, 1))

    def size_points(self) -> tuple[float, float] | None:
        left, top, right, bottom = self.frame
        if right > left and bottom > top:
            return (right - left) / 2540.0 * 72.0, (bottom - top) / 2540.0 * 72.0
        bl, bt, br, bb = self.bounds
        if br >= bl and bb >= bt:
            return (br - bl + 1) / self.px_per_mm[0] / 25.4 * 72.0, (bb - bt + 1) / self.px_per_mm[1] / 25.4 * 72.0
        return None


def is_emf(blob: bytes) -> bool:
    return len(blob) >= 88 and blob[:4] == b"\x01\x00\x00\x00" and blob[40:44] == b" EMF"


def read_header(blob: bytes) -> EmfHeader | None:
    if not is_emf(blob):
        return None
    size = struct.unpack_from("<I", blob, 4)[0]
    if size < 88 or size > len(blob) or size % 4:
        return None
    bounds = struct.unpack_from("<4i", blob, 8)
    frame = struct.unpack_from("<4i", blob, 24)
    dev_x, dev_y, mm_x, mm_y = struct.unpack_from("<4i", blob, 72)
    default = 96.0 / 25.4
    px_x = dev_x / mm_x if dev_x > 0 and mm_x > 0 else default
    px_y = dev_y / mm_y if dev_y > 0 and mm_y > 0 else default
    if not (0.5 < px_x < 1000 and 0.5 < px_y < 1000):
        px_x = px_y = default
    return EmfHeader(bounds, frame, (px_x, px_y), size)


class EmfPlayer:
    def __init__(self, canvas: Canvas, header: EmfHeader) -> None:
        self.canvas = canvas
        self.header = header
        self.objects: dict[int, GdiObject] = {}
        self.plus_only = False
        self.plus: PlusPlayer | None = None
        self.errors = 0
        self._handlers = {
            2: lambda r: self._poly(r, False, "bezier"),
            3: lambda r: self._poly(r, False, "polygon"),
            4: lambda r: self._poly(r, False, "polyline"),
            5: lambda r: self._poly(r, False, "bezierto"),
            6: lambda r: self._poly(r, False, "lineto"),
            7: lambda r: self._polypoly(r, False, closed=False),
            8: lambda r: self._polypoly(r, False, closed=True),
            85: lambda r: self._poly(r, True, "bezier"),
            86: lambda r: self._poly(r, True, "polygon"),
            87: lambda r: self._poly(r, True, "polyline"),
            88: lambda r: self._poly(r, True, "bezierto"),
            89: lambda r: self._poly(r, True, "lineto"),
            90: lambda r: self._polypoly(r, True, closed=False),
            91: lambda r: self._polypoly(r, True, closed=True),
            56: lambda r: self._polydraw(r, False),
            92: lambda r: self._polydraw(r, True),
        }

    # -- loop ----------------------------------------------------------------------------------

    def run(self, blob: bytes) -> None:
        found = scan(blob, self.header.size)
        self.plus_only = found.found and not found.dual
        if found.found and (found.supported or self.plus_only):
            dpi = (self.header.px_per_mm[0] * 25.4, self.header.px_per_mm[1] * 25.4)
            self.plus = PlusPlayer(self.canvas.painter, self.canvas.fonts, dpi, active_budget())
        offset = self.header.size
        budget = active_budget()
        while offset + 8 <= len(blob):
            kind, size = struct.unpack_from("<II", blob, offset)
            if size < 8 or size % 4 or offset + size > len(blob):
                log.debug("EMF record at %d has a bad size %d; stopping", offset, size)
                budget.note(damaged_record_note(offset, len(blob)))
                return
            if kind == EMR_EOF:
                return
            if not budget.record():
                return
            try:
                self.record(Record(kind, blob[offset : offset + size]))
            except Exhausted:
                log.info("EMF playback stopped: too many points")
                return
            except Exception as exc:  # one bad record must not cost the slide: skip it, keep playing
                self.errors += 1
                log.debug("EMF record %d skipped: %s", kind, exc)
                if self.errors > 1000:
                    return
            offset += size

    @property
    def drawn(self) -> int:
        return self.canvas.drawn + (self.plus.drawn if self.plus is not None else 0)

    def record(self, r: Record) -> None:
        if self.plus is not None:
            # EMF+ drawing: the GDI records are the fallback, drawn only after a GetDC record.
            if r.kind == EMR_GDICOMMENT:
                self.plus.comment(r.data)
                return
            if not self.plus.gdi:
                return
        c = self.canvas
        st = c.state
        k = r.kind
        handler = self._handlers.get(k)
        if handler is not None:
            handler(r)
        elif k == 9:
            c.set_window_ext(r.i32(8), r.i32(12))
        elif k == 10:
            c.set_window_org(r.i32(8), r.i32(12))
        elif k == 11:
            c.set_viewport_ext(r.i32(8), r.i32(12))
        elif k == 12:
            c.set_viewport_org(r.i32(8), r.i32(12))
        elif k == 17:
            c.set_map_mode(r.u32(8))
        elif k == 18:
            st.bk_mode = r.u32(8)
        elif k == 19:
            st.fill_rule = Qt.FillRule.WindingFill if r.u32(8) == 2 else Qt.FillRule.OddEvenFill
        elif k == 22:
            st.text_align = r.u32(8)
        elif k == 24:
            st.text_color = colorref(r.u32(8))
        elif k == 120:  # EMR_SETTEXTJUSTIFICATION: nBreakExtra, nBreakCount
            st.break_extra, st.break_count = float(r.i32(8)), max(r.i32(12), 0)
        elif k == 25:
            st.bk_color = colorref(r.u32(8))
        elif k == 27:
            c.move_to(r.i32(8), r.i32(12))
        elif k == 54:
            c.line_to(r.i32(8), r.i32(12))
        elif k in (29, 30):
            rect = c.logical_rect_path(r.i32(8), r.i32(12), r.i32(16), r.i32(20))
            c.combine_clip(rect, 4 if k == 29 else 1)
        elif k in (31, 32):
            args = (r.i32(8), r.i32(12), r.i32(16), r.i32(20))
            (c.scale_viewport if k == 31 else c.scale_window)(*args)
        elif k == 33:
            c.save()
        elif k == 34:
            c.restore(r.i32(8))
        elif k == 35:
            c.set_world(_xform(r, 8))
        elif k == 36:
            c.modify_world(_xform(r, 8), r.u32(32))
        elif k == 37:
            self._select(r.u32(8))
        elif k == 38:
            self._create_pen(r)
        elif k == 39:
            self.objects[r.u32(8)] = Brush(style=r.u32(12), color=colorref(r.u32(16)), hatch=r.u32(20))
        elif k == 40:
            self.objects.pop(r.u32(8), None)
        elif k in (93, 94):
            self._pattern_brush(r)
        elif k == 95:
            self._ext_create_pen(r)
        elif k == 82:
            self.objects[r.u32(8)] = _logfont(r, 12)
        elif k in (42, 43):
            box = (r.i32(8), r.i32(12), r.i32(16), r.i32(20))
            (c.ellipse if k == 42 else c.rectangle)(*box)
        elif k == 44:
            c.round_rect(r.i32(8), r.i32(12), r.i32(16), r.i32(20), r.i32(24), r.i32(28))
        elif k in (45, 46, 47, 55):
            kind = {45: "arc", 46: "chord", 47: "pie", 55: "arcto"}[k]
            box = (r.i32(8), r.i32(12), r.i32(16), r.i32(20))
            c.arc(kind, box, (r.i32(24), r.i32(28)), (r.i32(32), r.i32(36)))
        elif k == 41:
            c.angle_arc(r.i32(8), r.i32(12), r.u32(16), r.f32(20), r.f32(24))
        elif k == 26:
            c.offset_clip(r.i32(8), r.i32(12))
        elif k == 57:
            st.arc_ccw = r.u32(8) != 2
        elif k == 58:
            st.miter = float(r.u32(8))
        elif k == 59:
            c.begin_path()
        elif k == 60:
            c.end_path()
        elif k == 61:
            c.close_figure()
        elif k in (62, 63, 64):
            c.fill_path(fill=k != 64, stroke=k != 62)
        elif k == 67:
            c.select_clip_path(r.u32(8))
        elif k == 68:
            c.abort_path()
        elif k == 66:
            c.widen_path()
        elif k == 75:
            self._select_clip_region(r)
        elif k in (71, 74):
            self._fill_region(r)
        elif k in (76, 77, 114, 116):
            self._blt(r)
        elif k in (80, 81):
            self._dib_bits(r)
        elif k in (83, 84):
            self._text(r, wide=k == 84)
        elif k == 118:
            self._gradient(r)

    # -- objects -------------------------------------------------------------------------------

    def _select(self, handle: int) -> None:
        obj = stock_object(handle & 0x7FFFFFFF) if handle & 0x80000000 else self.objects.get(handle)
        st = self.canvas.state
        if isinstance(obj, Pen):
            st.pen = obj
        elif isinstance(obj, Brush):
            st.brush = obj
        elif isinstance(obj, Font):
            st.font = obj

    def _create_pen(self, r: Record) -> None:
        style, width, color = r.u32(12), r.i32(16), r.u32(24)
        self.objects[r.u32(8)] = Pen(
            style=style & 0x0F,
            width=abs(width),
            color=colorref(color),
            cosmetic=width == 0,
            cap=style & 0x0F00,
            join=style & 0xF000,
        )

    def _ext_create_pen(self, r: Record) -> None:
        style, width, brush_style, color = r.u32(28), r.u32(32), r.u32(36), r.u32(40)
        entries = r.u32(48)
        dashes = tuple(float(v) for v in r.u32s(52, min(entries, 16))) if entries else ()
        line = style & 0x0F
        if brush_style == BrushStyle.NULL:
            line = PenStyle.NULL
        self.objects[r.u32(8)] = Pen(
            style=line,
            width=float(width),
            color=colorref(color),
            cosmetic=not style & 0x00010000,
            cap=style & 0x0F00,
            join=style & 0xF000,
            dashes=dashes,
        )

    def _pattern_brush(self, r: Record) -> None:
        image = self._dib(r, 16, 20, 24, 28)
        # EMR_CREATEMONOBRUSH: a 1-bit pattern drawn in the DC's text and background colours.
        mono = r.kind == 93 and _dib_bit_count(r, r.u32(16)) == 1
        brush = Brush(style=BrushStyle.DIBPATTERNPT, color=QColor(128, 128, 128), image=image, mono=mono)
        self.objects[r.u32(8)] = brush

    def _dib(
        self, r: Record, off_bmi: int, cb_bmi: int, off_bits: int, cb_bits: int, alpha: bool = False
    ) -> QImage | None:
        bmi_at, bmi_len, bits_at, bits_len = r.u32(off_bmi), r.u32(cb_bmi), r.u32(off_bits), r.u32(cb_bits)
        if not bmi_len:
            return None
        header = r.bytes_at(bmi_at, bmi_len)
        bits = r.bytes_at(bits_at, min(bits_len, len(r.data) - bits_at))
        return dib_image(header, bits, alpha)

    # -- drawing records -----------------------------------------------------------------------

    def _poly(self, r: Record, small: bool, kind: str) -> None:
        count = r.u32(24)
        points = r.points(28, count, small)
        c = self.canvas
        if kind == "polygon":
            c.polypolygon([points], closed=True)
        elif kind == "polyline":
            c.polyline(points)
        elif kind == "bezier":
            c.polyline(points, bezier=True)
        elif kind == "bezierto":
            c.poly_to(points, bezier=True)
        else:
            c.poly_to(points, bezier=False)

    def _polypoly(self, r: Record, small: bool, closed: bool) -> None:
        n_polys, total = r.u32(24), r.u32(28)
        counts = r.u32s(32, n_polys)
        points = r.points(32 + 4 * n_polys, total, small)
        self.canvas.polypolygon(split_polys(tuple(int(v) for v in counts), points), closed=closed)

    def _polydraw(self, r: Record, small: bool) -> None:
        count = r.u32(24)
        points = r.points(28, count, small)
        types = r.bytes_at(28 + count * (4 if small else 8), count)
        c = self.canvas
        i = 0
        while i < count:
            t = types[i] & ~1
            if t == 6:
                c.move_to(*points[i])
                i += 1
            elif t == 4 and i + 2 < count:
                c.poly_to(points[i : i + 3], bezier=True)
                i += 3
            else:
                c.line_to(*points[i])
                i += 1
            if types[i - 1] & 1:
                c.close_figure()

    def _region(self, r: Record, offset: int, size: int) -> Region:
        n = r.u32(offset + 8)
        if 32 + 16 * n > size:
            n = max(0, (size - 32) // 16)
        flat = r.i32s(offset + 32, 4 * n)
        return Region(tuple((flat[i], flat[i + 1], flat[i + 2], flat[i + 3]) for i in range(0, len(flat), 4)))

    def _select_clip_region(self, r: Record) -> None:
        size, mode = r.u32(8), r.u32(12)
        if size < 32:
            if mode == 5:
                self.canvas.combine_clip(None, 5)  # RGN_COPY with no region: the default (no) clip
            return
        region = self._region(r, 16, size)
        self.canvas.combine_clip(_region_path(region), mode)

    def _fill_region(self, r: Record) -> None:
        c = self.canvas
        if r.kind == 71:
            size, brush_obj, at = r.u32(24), self.objects.get(r.u32(28)), 32
            brush = brush_obj if isinstance(brush_obj, Brush) else None
        else:
            size, brush, at = r.u32(24), None, 28
        region = self._region(r, at, size)
        c.fill_region(c.xform().map(_region_path(region)), brush)

    def _blt(self, r: Record) -> None:
        x, y, w, h = r.i32(24), r.i32(28), r.i32(32), r.i32(36)
        rop = r.u32(40)
        c = self.canvas
        alpha_blend = r.kind == 114
        image = self._dib(r, 84, 88, 92, 96, alpha=alpha_blend and bool(rop >> 24 & 1))
        if image is None:
            if r.kind == 76 and rop != ROP_DSTCOPY:
                c.fill_rect(x, y, x + w, y + h, rop)
            return
        src = None
        if r.kind != 76:
            sx, sy, sw, sh = r.i32(44), r.i32(48), r.i32(100), r.i32(104)
            if (sw, sh) != full_size(image) and sw > 0 and sh > 0:
                src = QRectF(sx, sy, sw, sh)
        if r.kind == 116:  # TransparentBlt: one colour keyed out
            image = image.convertToFormat(image.Format.Format_ARGB32)
            mask = image.createMaskFromColor(colorref(rop).rgb(), Qt.MaskMode.MaskOutColor)
            image.setAlphaChannel(mask.convertToFormat(image.Format.Format_Grayscale8))
            rop = 0
        opacity = ((rop >> 16) & 0xFF) / 255.0 if alpha_blend else 1.0
        c.bitmap((x, y, w, h), image, src, 0 if alpha_blend else rop, opacity)

    def _dib_bits(self, r: Record) -> None:
        x, y = r.i32(24), r.i32(28)
        sx, sy, sw, sh = r.i32(32), r.i32(36), r.i32(40), r.i32(44)
        image = self._dib(r, 48, 52, 56, 60)
        if image is None:
            return
        if r.kind == 81:
            rop, w, h = r.u32(68), r.i32(72), r.i32(76)
        else:
            rop, w, h = 0x00CC0020, sw, sh
        bottom_up = _bottom_up(r, r.u32(48))
        if sw <= 0 or sh <= 0 or (sw, sh) == full_size(image):
            src = None
        else:
            top = full_size(image)[1] - sy - sh if bottom_up else sy
            src = QRectF(sx, top, sw, sh)
        self.canvas.bitmap((x, y, w, h), image, src, rop)

    def _text(self, r: Record, wide: bool) -> None:
        ref = (float(r.i32(36)), float(r.i32(40)))
        n, off_string, options = r.u32(44), r.u32(48), r.u32(52)
        rect = (r.i32(56), r.i32(60), r.i32(64), r.i32(68))
        off_dx = r.u32(72)
        n = min(n, MAX_TEXT_CHARS)
        c = self.canvas
        if wide:
            text = r.bytes_at(off_string, 2 * n).decode("utf-16-le", errors="replace") if n else ""
        else:
            text = decode_ansi(r.bytes_at(off_string, n), c.state.font.charset, c.state.font.face) if n else ""
        dx: list[float] | None = None
        if off_dx and n:
            step = 2 if options & ETO_PDY else 1
            try:
                values = r.i32s(off_dx, n * step)
                dx = [float(v) for v in values[::step]]
            except RecordError:
                dx = None
        if options & ETO_GLYPH_INDEX:
            text = ""  # glyph indices of an unknown font: nothing faithful to draw
        has_rect = rect[2] > rect[0] and rect[3] > rect[1]
        c.text(ref, text, dx, options, rect if has_rect else None)

    def _gradient(self, r: Record) -> None:
        n_ver, n_tri, mode = r.u32(24), r.u32(28), r.u32(32)
        if n_ver > 100_000 or n_tri > 100_000:
            return
        verts = []
        for i in range(n_ver):
            at = 36 + 16 * i
            rgb = tuple(r.u16(at + 8 + 2 * j) >> 8 for j in range(3))
            verts.append((r.i32(at), r.i32(at + 4), QColor(*rgb)))
        at = 36 + 16 * n_ver
        c = self.canvas
        xf = c.xform()
        for i in range(n_tri):
            if mode in (0, 1):
                a, b = r.u32(at + 8 * i), r.u32(at + 8 * i + 4)
                if a >= n_ver or b >= n_ver:
                    continue
                (x0, y0, c0), (x1, y1, c1) = verts[a], verts[b]
                path = c.logical_rect_path(x0, y0, x1, y1)
                p0, p1 = xf.map(QPointF(x0, y0)), xf.map(QPointF(x1, y1) if mode == 0 else QPointF(x0, y1))
                if mode == 0:
                    p1 = xf.map(QPointF(x1, y0))
                grad = QLinearGradient(p0, p1)
                grad.setColorAt(0.0, c0)
                grad.setColorAt(1.0, c1)
                if not c.recording:
                    c.painter.fillPath(path, QBrush(grad))
            elif mode == 2:
                idx = r.u32s(at + 12 * i, 3)
                if any(v >= n_ver for v in idx):
                    continue
                pts = [verts[v] for v in idx]
                path = QPainterPath(QPointF(pts[0][0], pts[0][1]))
                path.lineTo(pts[1][0], pts[1][1])
                path.lineTo(pts[2][0], pts[2][1])
                path.closeSubpath()
                mean = QColor(*(sum(getattr(p[2], ch)() for p in pts) // 3 for ch in ("red", "green", "blue")))
                if not c.recording:
                    c.painter.fillPath(xf.map(path), QBrush(mean))


def _xform(r: Record, at: int) -> QTransform:
    m11, m12, m21, m22, dx, dy = (r.f32(at + 4 * i) for i in range(6))
    return QTransform(m11, m12, m21, m22, dx, dy)


def _logfont(r: Record, at: int) -> Font:
    face_raw = r.bytes_at(at + 28, 64) if len(r.data) >= at + 92 else r.data[at + 28 :]
    face = face_raw.decode("utf-16-le", errors="replace").split("\x00", 1)[0]
    return Font(
        height=float(r.i32(at)),
        width=float(abs(r.i32(at + 4))),
        escapement=float(r.i32(at + 8)),
        weight=r.i32(at + 16),
        italic=bool(r.data[at + 20]),
        underline=bool(r.data[at + 21]),
        strikeout=bool(r.data[at + 22]),
        charset=r.data[at + 23],
        face=face,
    )


def _bottom_up(r: Record, bmi_at: int) -> bool:
    try:
        return r.u32(bmi_at) == 12 or r.i32(bmi_at + 8) > 0
    except RecordError:
        return True


def _region_path(region: Region) -> QPainterPath:
    path = QPainterPath()
    path.setFillRule(Qt.FillRule.WindingFill)
    for x0, y0, x1, y1 in region.rects[:20000]:
        path.addRect(QRectF(QPointF(x0, y0), QPointF(x1, y1)).normalized())
    return path


def _dib_bit_count(r: Record, at: int) -> int:
    """biBitCount of the DIB header at ``at`` (a BITMAPCOREHEADER keeps it at another place)."""
    return r.u16(at + (10 if r.u32(at) == 12 else 14))


__all__ = ["EmfHeader", "EmfPlayer", "Palette", "is_emf", "read_header"]
