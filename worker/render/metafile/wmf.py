"""Windows metafiles (WMF, placeable or not) played onto a Canvas.

The device space is the picture's reference window: the placeable header's bounding box, or the
first SetWindowOrg/SetWindowExt of the file. As when Windows plays a metafile into a rectangle, the
viewport stays on that frame and later window changes remap the drawing inside it.
"""

from __future__ import annotations

import logging
import struct
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainterPath

from .budget import active_budget, damaged_record_note
from .canvas import Canvas, Exhausted
from .dib import full_size, packed_dib_image
from .objects import (
    ETO_CLIPPED,
    ETO_OPAQUE,
    MAX_RECORDS,
    MAX_TEXT_CHARS,
    ROP_DSTCOPY,
    ROP_SRCCOPY,
    Brush,
    BrushStyle,
    Font,
    GdiObject,
    MapMode,
    Palette,
    Pen,
    Region,
    charset_codec,
    colorref,
    decode_ansi,
)
from .records import Record, split_polys

log = logging.getLogger(__name__)

PLACEABLE_KEY = b"\xd7\xcd\xc6\x9a"
MAX_OBJECTS = 65535


@dataclass(frozen=True)
class WmfHeader:
    bbox: tuple[int, int, int, int] | None  # placeable header: left, top, right, bottom (logical)
    inch: int  # logical units per inch (placeable), 0 when unknown
    records_at: int
    objects: int

    def size_points(self) -> tuple[float, float] | None:
        if self.bbox is None or self.inch <= 0:
            return None
        left, top, right, bottom = self.bbox
        w, h = abs(right - left) / self.inch * 72.0, abs(bottom - top) / self.inch * 72.0
        return (w, h) if w > 0 and h > 0 else None


def is_wmf(blob: bytes) -> bool:
    return read_header(blob) is not None


def read_header(blob: bytes) -> WmfHeader | None:
    bbox: tuple[int, int, int, int] | None = None
    inch = 0
    at = 0
    if blob[:4] == PLACEABLE_KEY:
        if len(blob) < 22:
            return None
        left, top, right, bottom, inch = struct.unpack_from("<4hH", blob, 6)
        bbox = (left, top, right, bottom)
        at = 22
    if len(blob) < at + 18:
        return None
    kind, header_words, _version = struct.unpack_from("<HHH", blob, at)
    if kind not in (1, 2) or header_words != 9:
        return None
    objects = struct.unpack_from("<H", blob, at + 10)[0]
    return WmfHeader(bbox, inch, at + 18, objects)


def records(blob: bytes, start: int) -> list[tuple[int, int, int]]:
    """(offset, size in bytes, function) of each record up to EOF; stops at the first bad size."""
    out: list[tuple[int, int, int]] = []
    offset = start
    while offset + 6 <= len(blob) and len(out) < MAX_RECORDS:
        words, function = struct.unpack_from("<IH", blob, offset)
        size = 2 * words
        if size < 6 or offset + size > len(blob):
            active_budget().note(damaged_record_note(offset, len(blob)))
            break
        if function == 0:
            break
        out.append((offset, size, function))
        offset += size
    return out


def reference_frame(blob: bytes, header: WmfHeader, records: list[tuple[int, int, int]]) -> QRectF | None:
    """The device frame: the placeable bounding box, else the first window the file sets."""
    if header.bbox is not None:
        left, top, right, bottom = header.bbox
        rect = QRectF(QPointF(left, top), QPointF(right, bottom)).normalized()
        if rect.width() > 0 and rect.height() > 0:
            return rect
    org: tuple[int, int] | None = None
    ext: tuple[int, int] | None = None
    for offset, size, function in records[:5000]:
        if function == 0x020B and org is None and size >= 10:
            y, x = struct.unpack_from("<hh", blob, offset + 6)
            org = (x, y)
        elif function == 0x020C and ext is None and size >= 10:
            y, x = struct.unpack_from("<hh", blob, offset + 6)
            ext = (x, y)
        if ext is not None and org is not None:
            break
    if ext is None or not ext[0] or not ext[1]:
        return _bitmap_frame(blob, records)
    ox, oy = org or (0, 0)
    return QRectF(QPointF(ox, oy), QPointF(ox + ext[0], oy + ext[1])).normalized()


# Where each bitmap record keeps its destination height, width, y, x (byte offset of the first).
_BITMAP_DEST = {0x0940: 14, 0x0B41: 18, 0x0F43: 20}


def _bitmap_frame(blob: bytes, records: list[tuple[int, int, int]]) -> QRectF | None:
    """A file that only blits bitmaps (video posters, icons): frame them."""
    frame = QRectF()
    for offset, size, function in records[:5000]:
        at = _BITMAP_DEST.get(function)
        if at is None or size < at + 8 or size == 2 * ((function >> 8) + 3):
            continue
        h, w, y, x = struct.unpack_from("<4h", blob, offset + at)
        rect = QRectF(x, y, w, h).normalized()
        frame = rect if frame.isEmpty() else frame.united(rect)
    return frame if frame.width() > 0 and frame.height() > 0 else None


class WmfPlayer:
    def __init__(self, canvas: Canvas, header: WmfHeader, frame: QRectF) -> None:
        self.canvas = canvas
        self.objects: list[GdiObject | None] = [None] * min(max(header.objects, 16), MAX_OBJECTS)
        st = canvas.state
        st.map_mode = MapMode.ANISOTROPIC
        st.win_org = st.vp_org = (frame.left(), frame.top())
        st.win_ext = st.vp_ext = (frame.width(), frame.height())
        canvas.invalidate()
        self.errors = 0

    def run(self, blob: bytes, records: list[tuple[int, int, int]]) -> None:
        budget = active_budget()
        for offset, size, function in records:
            if not budget.record():
                return
            try:
                self.record(Record(function, blob[offset : offset + size]))
            except Exhausted:
                log.info("WMF playback stopped: too many points")
                return
            except Exception as exc:  # one bad record must not cost the slide: skip it, keep playing
                self.errors += 1
                log.debug("WMF record %#x skipped: %s", function, exc)
                if self.errors > 1000:
                    return

    # -- objects -------------------------------------------------------------------------------

    def _add(self, obj: GdiObject) -> None:
        for i, slot in enumerate(self.objects):
            if slot is None:
                self.objects[i] = obj
                return
        if len(self.objects) < MAX_OBJECTS:
            self.objects.append(obj)

    def _select(self, index: int) -> None:
        obj = self.objects[index] if 0 <= index < len(self.objects) else None
        st = self.canvas.state
        if isinstance(obj, Pen):
            st.pen = obj
        elif isinstance(obj, Brush):
            st.brush = obj
        elif isinstance(obj, Font):
            st.font = obj
        elif isinstance(obj, Region):
            self._clip_region(obj)

    def _object(self, index: int) -> GdiObject | None:
        return self.objects[index] if 0 <= index < len(self.objects) else None

    def _clip_region(self, region: Region) -> None:
        self.canvas.combine_clip(self.canvas.xform().map(_region_path(region)), 5)

    # -- records -------------------------------------------------------------------------------

    def record(self, r: Record) -> None:
        c = self.canvas
        st = c.state
        f = r.kind
        if f == 0x001E:
            c.save()
        elif f == 0x0127:
            c.restore(r.i16(6))
        elif f == 0x0102:
            st.bk_mode = r.u16(6)
        elif f == 0x0106:
            st.fill_rule = Qt.FillRule.WindingFill if r.u16(6) == 2 else Qt.FillRule.OddEvenFill
        elif f == 0x012E:
            st.text_align = r.u16(6)
        elif f == 0x0201:
            st.bk_color = colorref(r.u32(6))
        elif f == 0x0209:
            st.text_color = colorref(r.u32(6))
        elif f == 0x0108:  # SetTextCharExtra: logical units after every character
            st.char_extra = float(r.i16(6))
        elif f == 0x020A:  # SetTextJustification: BreakCount, then BreakExtra spread over the breaks
            st.break_count, st.break_extra = max(r.u16(6), 0), float(r.u16(8))
        elif f == 0x0103:
            mode = r.u16(6)
            if mode in (MapMode.ISOTROPIC, MapMode.ANISOTROPIC):
                c.set_map_mode(mode)
        elif f in (0x020B, 0x020C, 0x020D, 0x020E):
            y, x = r.i16(6), r.i16(8)
            setter = {
                0x020B: c.set_window_org,
                0x020C: c.set_window_ext,
                0x020D: c.set_viewport_org,
                0x020E: c.set_viewport_ext,
            }[f]
            setter(x, y)
        elif f == 0x020F:
            c.set_window_org(st.win_org[0] + r.i16(8), st.win_org[1] + r.i16(6))
        elif f == 0x0211:
            c.set_viewport_org(st.vp_org[0] + r.i16(8), st.vp_org[1] + r.i16(6))
        elif f in (0x0410, 0x0412):
            y_den, y_num, x_den, x_num = r.i16(6), r.i16(8), r.i16(10), r.i16(12)
            (c.scale_window if f == 0x0410 else c.scale_viewport)(x_num, x_den, y_num, y_den)
        elif f == 0x0214:
            c.move_to(r.i16(8), r.i16(6))
        elif f == 0x0213:
            c.line_to(r.i16(8), r.i16(6))
        elif f in (0x0324, 0x0325):
            points = r.points(8, max(r.i16(6), 0), small=True)
            if f == 0x0324:
                c.polypolygon([points], closed=True)
            else:
                c.polyline(points)
        elif f == 0x0538:
            n = r.u16(6)
            counts = tuple(v & 0xFFFF for v in r.i16s(8, n))
            points = r.points(8 + 2 * n, sum(counts), small=True)
            c.polypolygon(split_polys(counts, points), closed=True)
        elif f in (0x041B, 0x0418):
            bottom, right, top, left = r.i16(6), r.i16(8), r.i16(10), r.i16(12)
            (c.rectangle if f == 0x041B else c.ellipse)(left, top, right, bottom)
        elif f == 0x061C:
            h, w, bottom, right, top, left = (r.i16(6 + 2 * i) for i in range(6))
            c.round_rect(left, top, right, bottom, w, h)
        elif f in (0x0817, 0x081A, 0x0830):
            ye, xe, ys, xs, bottom, right, top, left = (r.i16(6 + 2 * i) for i in range(8))
            kind = {0x0817: "arc", 0x081A: "pie", 0x0830: "chord"}[f]
            c.arc(kind, (left, top, right, bottom), (xs, ys), (xe, ye))
        elif f in (0x0415, 0x0416):
            bottom, right, top, left = r.i16(6), r.i16(8), r.i16(10), r.i16(12)
            c.combine_clip(c.logical_rect_path(left, top, right, bottom), 4 if f == 0x0415 else 1)
        elif f == 0x012D:
            self._select(r.u16(6))
        elif f == 0x01F0:
            index = r.u16(6)
            if 0 <= index < len(self.objects):
                self.objects[index] = None
        elif f == 0x012C:
            index = r.u16(6)
            obj = self.objects[index] if 0 <= index < len(self.objects) else None
            if isinstance(obj, Region):
                self._clip_region(obj)
            else:
                c.combine_clip(None, 5)
        elif f == 0x0220:
            c.offset_clip(r.i16(8), r.i16(6))
        elif f in (0x0228, 0x012B):  # FillRegion (region, brush) / PaintRegion (region)
            region = self._object(r.u16(6))
            fill = self._object(r.u16(8)) if f == 0x0228 else None
            if isinstance(region, Region):
                c.fill_region(c.xform().map(_region_path(region)), fill if isinstance(fill, Brush) else None)
        elif f == 0x02FA:
            style, width = r.u16(6), r.i16(8)
            self._add(
                Pen(
                    style=style & 0x0F,
                    width=abs(width),
                    color=colorref(r.u32(12)),
                    cosmetic=width == 0,
                    cap=style & 0x0F00,
                    join=style & 0xF000,
                )
            )
        elif f == 0x02FC:
            self._add(Brush(style=r.u16(6), color=colorref(r.u32(8)), hatch=r.u16(12)))
        elif f == 0x02FB:
            self._add(_logfont16(r))
        elif f == 0x0142:
            image = packed_dib_image(r.data[10:])
            self._add(Brush(style=BrushStyle.DIBPATTERNPT, color=QColor(128, 128, 128), image=image))
        elif f == 0x01F9:
            self._add(Brush(color=QColor(128, 128, 128)))
        elif f == 0x00F7:
            self._add(Palette())
        elif f == 0x06FF:
            self._add(_region(r))
        elif f == 0x0521:
            n = max(r.i16(6), 0)
            text_bytes = r.bytes_at(8, n)
            at = 8 + n + (n & 1)
            y, x = r.i16(at), r.i16(at + 2)
            c.text((x, y), decode_ansi(text_bytes[:MAX_TEXT_CHARS], st.font.charset, st.font.face), None)
        elif f == 0x0A32:
            self._ext_text_out(r)
        elif f == 0x061D:
            rop, h, w, y, x = r.u32(6), r.i16(10), r.i16(12), r.i16(14), r.i16(16)
            c.fill_rect(x, y, x + w, y + h, rop)
        elif f in (0x0940, 0x0B41, 0x0F43, 0x0D33):
            self._bitmap(r)

    def _ext_text_out(self, r: Record) -> None:
        y, x, n, options = r.i16(6), r.i16(8), max(r.i16(10), 0), r.u16(12)
        at = 14
        rect = None
        if options & (ETO_OPAQUE | ETO_CLIPPED):
            left, top, right, bottom = r.i16(14), r.i16(16), r.i16(18), r.i16(20)
            rect = (float(left), float(top), float(right), float(bottom))
            at = 22
        n = min(n, MAX_TEXT_CHARS)
        raw = r.bytes_at(at, n)
        at += n + (n & 1)
        dx: list[float] | None = None
        if len(r.data) >= at + 2 * n and n:
            dx = [float(v) for v in r.i16s(at, n)]
        font = self.canvas.state.font
        text = decode_ansi(raw, font.charset, font.face)
        if dx is not None and len(text) != len(raw):
            dx = _merge_dx(raw, text, dx, charset_codec(font.charset, font.face))
        self.canvas.text((x, y), text, dx, options, rect)

    def _bitmap(self, r: Record) -> None:
        f = r.kind
        c = self.canvas
        rop = r.u32(6)
        no_bitmap = len(r.data) == 2 * ((f >> 8) + 3)
        src: QRectF | None = None
        image: QImage | None
        if f == 0x0940:
            if no_bitmap:
                h, w, y, x = r.i16(16), r.i16(18), r.i16(20), r.i16(22)
                if rop != ROP_DSTCOPY:
                    c.fill_rect(x, y, x + w, y + h, rop)
                return
            h, w, y, x = r.i16(14), r.i16(16), r.i16(18), r.i16(20)
            image = packed_dib_image(r.data[22:])
        elif f == 0x0B41:
            if no_bitmap:
                h, w, y, x = r.i16(20), r.i16(22), r.i16(24), r.i16(26)
                if rop != ROP_DSTCOPY:
                    c.fill_rect(x, y, x + w, y + h, rop)
                return
            sh, sw, sy, sx = r.i16(10), r.i16(12), r.i16(14), r.i16(16)
            h, w, y, x = r.i16(18), r.i16(20), r.i16(22), r.i16(24)
            image = packed_dib_image(r.data[26:])
            src = _src_rect(image, sx, sy, sw, sh, None)  # a device bitmap: y counts from the top
        elif f == 0x0F43:
            sh, sw, sy, sx = r.i16(12), r.i16(14), r.i16(16), r.i16(18)
            h, w, y, x = r.i16(20), r.i16(22), r.i16(24), r.i16(26)
            image = packed_dib_image(r.data[28:])
            src = _src_rect(image, sx, sy, sw, sh, r.data[28:])
        else:  # SetDIBitsToDevice
            h, w, y, x = r.i16(16), r.i16(18), r.i16(20), r.i16(22)
            image = packed_dib_image(r.data[24:])
            rop = ROP_SRCCOPY
        if image is not None:
            c.bitmap((x, y, w, h), image, src, rop)


def _src_rect(image: QImage | None, sx: int, sy: int, sw: int, sh: int, dib: bytes | None) -> QRectF | None:
    """The source part of a blit; StretchDIB (``dib`` given) counts y from a bottom-up DIB's bottom."""
    if image is None or sw <= 0 or sh <= 0 or (sw, sh) == full_size(image):
        return None
    bottom_up = dib is not None and (
        len(dib) < 12 or struct.unpack_from("<I", dib, 0)[0] == 12 or struct.unpack_from("<i", dib, 8)[0] > 0
    )
    top = full_size(image)[1] - sy - sh if bottom_up else sy
    return QRectF(sx, top, sw, sh)


def _merge_dx(raw: bytes, text: str, dx: list[float], codec: str) -> list[float] | None:
    """Double-byte charsets: one Dx per byte, one character per lead+trail pair."""
    out: list[float] = []
    i = 0
    for ch in text:
        width = len(ch.encode(codec, errors="replace")) or 1
        out.append(sum(dx[i : i + width]))
        i += width
    return out if i == len(raw) else None


def _logfont16(r: Record) -> Font:
    face = r.data[24:56].split(b"\x00", 1)[0]
    charset = r.data[19] if len(r.data) > 19 else 0
    return Font(
        height=float(r.i16(6)),
        width=float(abs(r.i16(8))),
        escapement=float(r.i16(10)),
        weight=r.i16(14),
        italic=bool(r.data[16]) if len(r.data) > 16 else False,
        underline=bool(r.data[17]) if len(r.data) > 17 else False,
        strikeout=bool(r.data[18]) if len(r.data) > 18 else False,
        charset=charset,
        face=decode_ansi(face, 0 if charset == 2 else charset),
    )


def _region_path(region: Region) -> QPainterPath:
    path = QPainterPath()
    path.setFillRule(Qt.FillRule.WindingFill)
    for x0, y0, x1, y1 in region.rects[:20000]:
        path.addRect(QRectF(QPointF(x0, y0), QPointF(x1, y1)).normalized())
    return path


def _region(r: Record) -> Region:
    """META_CREATEREGION: scans of (left, right) pairs between a top and a bottom."""
    scans = r.u16(16)
    at = 28
    rects: list[tuple[float, float, float, float]] = []
    for _ in range(min(scans, 20000)):
        count = r.u16(at)
        top, bottom = r.i16(at + 2), r.i16(at + 4)
        pairs = r.i16s(at + 6, count & ~1)
        for i in range(0, len(pairs) - 1, 2):
            rects.append((pairs[i], top, pairs[i + 1], bottom))
        at += 6 + 2 * (count & ~1) + 2
    return Region(tuple(rects))
