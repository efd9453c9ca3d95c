"""EMF and WMF pictures built record by record, drawn into images and PDFs and checked."""

from __future__ import annotations

import struct
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PySide6.QtCore import QMarginsF, QRectF, QSizeF
from PySide6.QtGui import QColor, QImage, QPageSize, QPainter, QPdfWriter

from worker.render.metafile import is_metafile, metafile_size, paint_metafile

RED, GREEN, BLUE, WHITE, BLACK = 0x0000FF, 0x00FF00, 0xFF0000, 0xFFFFFF, 0x000000  # COLORREF 0x00BBGGRR


# -- EMF builder ------------------------------------------------------------------------------------


def emr(kind: int, *fields: int, fmt: str = "", payload: bytes = b"") -> bytes:
    """One EMF record: fields packed as int32 (or with ``fmt``), then raw ``payload``, padded to 4."""
    body = struct.pack("<" + (fmt or "i" * len(fields)), *fields) + payload
    body += b"\0" * (-len(body) % 4)
    return struct.pack("<II", kind, 8 + len(body)) + body


def emf(*records: bytes, size_px: int = 100, px_per_mm: int = 4) -> bytes:
    """A complete EMF: frame 0..size_px device pixels on a 4 px/mm reference device, then EOF."""
    frame = round(size_px / px_per_mm * 100)
    body = b"".join(records) + emr(14, 0, 0, 16)
    header_size = 88
    total = header_size + len(body)
    header = struct.pack(
        "<II4i4iIIIIHHIIIiiii",
        1,
        header_size,
        0,
        0,
        size_px - 1,
        size_px - 1,
        0,
        0,
        frame,
        frame,
        0x464D4520,
        0x10000,
        total,
        len(records) + 2,
        8,
        0,
        0,
        0,
        0,
        1000,
        1000,
        1000 // px_per_mm,
        1000 // px_per_mm,
    )
    return header + body


def brush(handle: int, color: int, style: int = 0, hatch: int = 0) -> bytes:
    return emr(39, handle, style, color, hatch, fmt="IIII")


def select(handle: int) -> bytes:
    return emr(37, handle, fmt="I")


NULL_PEN = select(0x80000008)
NULL_BRUSH = select(0x80000005)


def rectangle(left: int, top: int, right: int, bottom: int) -> bytes:
    return emr(43, left, top, right, bottom)


def polygon16(points: list[tuple[int, int]]) -> bytes:
    flat = [v for p in points for v in p]
    return emr(86, 0, 0, 0, 0, len(points), payload=struct.pack(f"<{len(flat)}h", *flat))


def polypolygon16(polys: list[list[tuple[int, int]]]) -> bytes:
    flat = [v for poly in polys for p in poly for v in p]
    counts = [len(p) for p in polys]
    head = struct.pack("<4iII", 0, 0, 0, 0, len(polys), len(flat) // 2) + struct.pack(f"<{len(counts)}I", *counts)
    return struct.pack("<II", 91, 8 + len(head) + 2 * len(flat)) + head + struct.pack(f"<{len(flat)}h", *flat)


def logfont(handle: int, height: int, face: str, weight: int = 400) -> bytes:
    name = face.encode("utf-16-le")[:62].ljust(64, b"\0")
    lf = struct.pack("<5i8B", height, 0, 0, 0, weight, 0, 0, 0, 0, 0, 0, 0, 0) + name
    return emr(82, handle, fmt="I", payload=lf)


def ext_text_out(x: int, y: int, text: str, dx: list[int] | None = None, options: int = 0) -> bytes:
    """EMR_EXTTEXTOUTW with the string (and Dx array) after the fixed part."""
    fixed = 8 + 16 + 12 + 8 + 4 + 4 + 4 + 16 + 4  # header, bounds, mode/scales, EMRTEXT
    chars = text.encode("utf-16-le")
    chars += b"\0" * (-len(chars) % 4)
    off_dx = fixed + len(chars) if dx else 0
    emrtext = struct.pack("<iiIII4iI", x, y, len(text), fixed, options, 0, 0, -1, -1, off_dx)
    body = struct.pack("<4iIff", 0, 0, -1, -1, 1, 0.0, 0.0) + emrtext + chars
    if dx:
        body += struct.pack(f"<{len(dx)}i", *dx)
    return struct.pack("<II", 84, 8 + len(body)) + body


def dib_24(pixels: list[list[tuple[int, int, int]]]) -> tuple[bytes, bytes]:
    """BITMAPINFOHEADER and bottom-up 24-bit rows for ``pixels`` given top row first (r, g, b)."""
    h, w = len(pixels), len(pixels[0])
    stride = (w * 3 + 3) & ~3
    rows = b""
    for row in reversed(pixels):
        line = b"".join(bytes((b, g, r)) for r, g, b in row)
        rows += line + b"\0" * (stride - len(line))
    header = struct.pack("<IiiHHIIiiII", 40, w, h, 1, 24, 0, len(rows), 0, 0, 0, 0)
    return header, rows


def stretch_dibits(x: int, y: int, w: int, h: int, header: bytes, bits: bytes, src_w: int, src_h: int) -> bytes:
    fixed = 80
    body = struct.pack(
        "<4i6i4iIIii",
        0, 0, 0, 0,
        x, y, 0, 0, src_w, src_h,
        fixed, len(header), fixed + len(header), len(bits),
        0, 0x00CC0020, w, h,
    )  # fmt: skip
    return struct.pack("<II", 81, 8 + len(body) + len(header) + len(bits)) + body + header + bits


# -- WMF builder ------------------------------------------------------------------------------------


def meta(function: int, *params: int, payload: bytes = b"") -> bytes:
    """One WMF record; ``params`` are 16-bit words in file order."""
    body = struct.pack(f"<{len(params)}H", *(p & 0xFFFF for p in params)) + payload
    body += b"\0" * (len(body) % 2)
    return struct.pack("<IH", 3 + len(body) // 2, function) + body


def wmf(*records: bytes, bbox: tuple[int, int, int, int] | None = (0, 0, 1000, 1000), inch: int = 1000) -> bytes:
    body = b"".join(records) + meta(0x0000)
    words = 9 + len(body) // 2
    header = struct.pack("<HHHIHIH", 1, 9, 0x0300, words, 8, 64, 0)
    if bbox is None:
        return header + body
    place = struct.pack("<IH4hHI", 0x9AC6CDD7, 0, *bbox, inch, 0)
    checksum = 0
    for (word,) in struct.iter_unpack("<H", place):
        checksum ^= word
    return place + struct.pack("<H", checksum) + header + body


def wmf_brush(color: int, style: int = 0) -> bytes:
    return meta(0x02FC, style, color & 0xFFFF, color >> 16, 0)


def wmf_null_pen() -> bytes:
    return meta(0x02FA, 5, 0, 0, 0, 0)


def wmf_font(height: int, face: str) -> bytes:
    name = face.encode("latin-1")[:31].ljust(32, b"\0")
    return meta(0x02FB, height & 0xFFFF, 0, 0, 0, 400, 0, 0, 0, 0, payload=name)


def wmf_text(x: int, y: int, text: str) -> bytes:
    raw = text.encode("cp1252")
    padded = raw + b"\0" * (len(raw) % 2)
    return meta(0x0A32, y, x, len(raw), 0, payload=padded)


# -- drawing helpers --------------------------------------------------------------------------------


def draw(blob: bytes, size: int = 100, crop: tuple[float, float, float, float] = (0, 0, 0, 0)) -> tuple[bool, QImage]:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(QColor(255, 255, 255))
    painter = QPainter(image)
    ok = paint_metafile(painter, blob, QRectF(0, 0, size, size), crop)
    painter.end()
    return ok, image


def rgb(image: QImage, x: int, y: int) -> tuple[int, int, int]:
    c = image.pixelColor(x, y)
    return c.red(), c.green(), c.blue()


def near(actual: tuple[int, int, int], expected: tuple[int, int, int], tol: int = 40) -> bool:
    return all(abs(a - e) <= tol for a, e in zip(actual, expected, strict=True))


def render_pdf(path: Path, blob: bytes, dest: QRectF, page: tuple[float, float] = (300.0, 200.0)) -> bool:
    writer = QPdfWriter(str(path))
    writer.setResolution(720)
    writer.setPageSize(QPageSize(QSizeF(*page), QPageSize.Unit.Point))
    writer.setPageMargins(QMarginsF(0, 0, 0, 0))
    painter = QPainter(writer)
    scale = writer.logicalDpiX() / 72.0
    painter.scale(scale, scale)  # 1 unit = 1 pt, as the slide painter does
    ok = paint_metafile(painter, blob, dest)
    painter.end()
    return ok


def pdf_chars(path: Path) -> list[tuple[str, tuple[float, float, float, float]]]:
    doc = pdfium.PdfDocument(str(path))
    try:
        text = doc[0].get_textpage()
        return [(text.get_text_range(i, 1), text.get_charbox(i, loose=True)) for i in range(text.count_chars())]
    finally:
        doc.close()


def pdf_text(path: Path) -> str:
    return "".join(ch for ch, _box in pdf_chars(path))


# -- EMF tests --------------------------------------------------------------------------------------


def test_emf_is_recognised_and_sized_from_its_frame(qapp: object) -> None:
    blob = emf(size_px=100, px_per_mm=4)  # 25 mm square
    assert is_metafile(blob)
    size = metafile_size(blob)
    assert size is not None
    assert size[0] == pytest.approx(25 / 25.4 * 72, abs=0.1)
    assert size[1] == pytest.approx(25 / 25.4 * 72, abs=0.1)


def test_emf_rectangle_is_filled_with_the_selected_brush(qapp: object) -> None:
    blob = emf(brush(1, RED), select(1), NULL_PEN, rectangle(20, 20, 80, 80))
    ok, image = draw(blob, 200)
    assert ok
    assert near(rgb(image, 100, 100), (255, 0, 0))
    assert near(rgb(image, 20, 20), (255, 255, 255))  # outside the rectangle (device 10,10)
    assert near(rgb(image, 170, 100), (255, 255, 255))


def test_emf_polypolygon_fill_mode_alternate_leaves_the_hole_winding_fills_it(qapp: object) -> None:
    outer = [(10, 10), (90, 10), (90, 90), (10, 90)]
    inner = [(30, 30), (70, 30), (70, 70), (30, 70)]
    for mode, centre in ((1, (255, 255, 255)), (2, (0, 0, 255))):
        blob = emf(brush(1, BLUE), select(1), NULL_PEN, emr(19, mode), polypolygon16([outer, inner]))
        ok, image = draw(blob)
        assert ok
        assert near(rgb(image, 50, 50), centre), mode
        assert near(rgb(image, 20, 50), (0, 0, 255))


def test_emf_anisotropic_window_and_viewport_scale_the_drawing(qapp: object) -> None:
    blob = emf(
        emr(17, 8),  # MM_ANISOTROPIC
        emr(9, 1000, 1000),  # window extent
        emr(11, 100, 100),  # viewport extent: 10 logical units per device pixel
        brush(1, GREEN),
        select(1),
        NULL_PEN,
        rectangle(500, 0, 1000, 500),  # the top-right quarter
    )
    ok, image = draw(blob)
    assert ok
    assert near(rgb(image, 75, 25), (0, 255, 0))
    assert near(rgb(image, 25, 25), (255, 255, 255))
    assert near(rgb(image, 75, 75), (255, 255, 255))


def test_emf_world_transform_moves_and_scales(qapp: object) -> None:
    xform = struct.pack("<6f", 2.0, 0.0, 0.0, 2.0, 50.0, 0.0)  # scale 2, then 50 px right
    blob = emf(emr(35, payload=xform), brush(1, RED), select(1), NULL_PEN, rectangle(0, 0, 20, 20))
    ok, image = draw(blob)
    assert ok
    assert near(rgb(image, 70, 20), (255, 0, 0))  # (0..20)*2 + 50 -> x 50..90, y 0..40
    assert near(rgb(image, 20, 20), (255, 255, 255))


def test_emf_savedc_restoredc_brings_back_the_brush_and_mapping(qapp: object) -> None:
    blob = emf(
        brush(1, RED),
        brush(2, BLUE),
        select(1),
        NULL_PEN,
        emr(33),  # SaveDC
        select(2),
        emr(12, 1000, 1000),  # viewport origin far away: nothing visible
        rectangle(0, 0, 50, 50),
        emr(34, -1),  # RestoreDC
        rectangle(0, 0, 50, 50),
    )
    ok, image = draw(blob)
    assert ok
    assert near(rgb(image, 25, 25), (255, 0, 0))


def test_emf_path_fill_and_clip_rect(qapp: object) -> None:
    blob = emf(
        brush(1, GREEN),
        select(1),
        NULL_PEN,
        emr(30, 0, 0, 50, 100),  # IntersectClipRect: left half only
        emr(59),  # BeginPath
        emr(27, 10, 10),  # MoveToEx
        emr(54, 90, 10),  # LineTo
        emr(54, 90, 90),
        emr(54, 10, 90),
        emr(61),  # CloseFigure
        emr(60),  # EndPath
        emr(62, 0, 0, 0, 0),  # FillPath
    )
    ok, image = draw(blob)
    assert ok
    assert near(rgb(image, 30, 50), (0, 255, 0))
    assert near(rgb(image, 70, 50), (255, 255, 255))  # filled path, but clipped away


def test_emf_stretchdibits_draws_the_bitmap_upright(qapp: object) -> None:
    header, bits = dib_24([[(255, 0, 0), (0, 255, 0)], [(0, 0, 255), (255, 255, 255)]])
    blob = emf(stretch_dibits(0, 0, 100, 100, header, bits, 2, 2))
    ok, image = draw(blob)
    assert ok
    assert near(rgb(image, 20, 20), (255, 0, 0))
    assert near(rgb(image, 80, 20), (0, 255, 0))
    assert near(rgb(image, 20, 80), (0, 0, 255))


def test_emf_crop_shows_the_remaining_part_in_the_whole_destination(qapp: object) -> None:
    blob = emf(brush(1, RED), select(1), NULL_PEN, rectangle(50, 0, 100, 100))  # right half red
    ok, image = draw(blob, crop=(0.5, 0.0, 0.0, 0.0))
    assert ok
    assert near(rgb(image, 10, 50), (255, 0, 0))
    assert near(rgb(image, 90, 50), (255, 0, 0))


def test_emf_text_is_real_text_in_the_pdf(qapp: object, tmp_path: Path) -> None:
    blob = emf(
        logfont(1, -20, "Arial"),
        select(1),
        emr(18, 1),  # transparent background
        emr(22, 24),  # TA_BASELINE
        ext_text_out(10, 60, "Hello metafile"),
        size_px=200,
    )
    out = tmp_path / "emf_text.pdf"
    dest = QRectF(50, 50, 100, 100)  # 200 device px into 100 pt: half scale
    assert render_pdf(out, blob, dest)
    assert "Hello metafile" in pdf_text(out)
    boxes = [box for ch, box in pdf_chars(out) if ch.strip()]
    left = min(b[0] for b in boxes)
    assert left == pytest.approx(50 + 10 * 0.5, abs=1.5)
    tallest = max(b[3] - b[1] for b in boxes)
    assert 6.0 < tallest < 12.0  # a 20 px em drawn at half scale: about 10 pt


def test_emf_text_dx_array_spreads_the_glyphs(qapp: object, tmp_path: Path) -> None:
    tight, wide = tmp_path / "tight.pdf", tmp_path / "wide.pdf"
    for path, dx in ((tight, None), (wide, [30] * 5)):
        blob = emf(logfont(1, -20, "Arial"), select(1), emr(18, 1), ext_text_out(10, 10, "abcde", dx), size_px=200)
        assert render_pdf(path, blob, QRectF(0, 0, 200, 200))
    span = {}
    for path in (tight, wide):
        boxes = [box for ch, box in pdf_chars(path) if ch.strip()]
        span[path] = max(b[2] for b in boxes) - min(b[0] for b in boxes)
    assert "abcde" in pdf_text(wide).replace(" ", "")
    assert span[wide] > span[tight] * 1.5
    assert span[wide] == pytest.approx(4 * 30 + 10, abs=12)  # first glyph start to last glyph end


def test_emf_plus_only_files_are_left_to_the_placeholder(qapp: object) -> None:
    plus_header = struct.pack("<IHHII", 0x2B464D45, 0x4001, 0, 28, 16) + b"\0" * 16  # flags: not dual
    comment = emr(70, len(plus_header), fmt="I", payload=plus_header)
    ok, _image = draw(emf(comment))
    assert not ok


def test_non_metafiles_are_refused(qapp: object) -> None:
    for blob in (b"", b"\x89PNG\r\n\x1a\n" + b"\0" * 100, b"\x01\0\0\0" + b"\0" * 100):
        assert not is_metafile(blob)
        assert metafile_size(blob) is None
        ok, _image = draw(blob)
        assert not ok


# -- WMF tests --------------------------------------------------------------------------------------


def test_wmf_placeable_polygon_fills_in_its_bounding_box(qapp: object) -> None:
    triangle = struct.pack("<6h", 0, 0, 1000, 0, 0, 1000)
    blob = wmf(
        meta(0x020B, 0, 0),  # SetWindowOrg
        meta(0x020C, 1000, 1000),  # SetWindowExt
        wmf_brush(RED),
        meta(0x012D, 0),
        wmf_null_pen(),
        meta(0x012D, 1),
        meta(0x0324, 3, payload=triangle),
    )
    assert is_metafile(blob)
    size = metafile_size(blob)
    assert size == pytest.approx((72.0, 72.0))  # 1000 units at 1000 per inch
    ok, image = draw(blob)
    assert ok
    assert near(rgb(image, 20, 20), (255, 0, 0))
    assert near(rgb(image, 80, 80), (255, 255, 255))


def test_wmf_window_origin_with_flipped_extent_maps_y_up(qapp: object) -> None:
    blob = wmf(
        meta(0x020B, 1000, 0),  # window origin y=1000, x=0
        meta(0x020C, -1000, 1000),  # extent y=-1000 (y up), x=1000
        wmf_brush(BLUE),
        meta(0x012D, 0),
        wmf_null_pen(),
        meta(0x012D, 1),
        meta(0x041B, 500, 1000, 1000, 0),  # Rectangle: bottom, right, top, left
        bbox=None,
    )
    assert metafile_size(blob) is None  # no placeable header: no physical size
    ok, image = draw(blob)
    assert ok
    assert near(rgb(image, 50, 25), (0, 0, 255))  # y-up units: y 500..1000 is the upper half
    assert near(rgb(image, 50, 75), (255, 255, 255))


def test_wmf_text_is_real_text_in_the_pdf(qapp: object, tmp_path: Path) -> None:
    blob = wmf(
        meta(0x020B, 0, 0),
        meta(0x020C, 1000, 1000),
        wmf_font(-100, "Times New Roman"),
        meta(0x012D, 0),
        meta(0x0102, 1),  # transparent
        wmf_text(100, 100, "Caf\u00e9 WMF"),
    )
    out = tmp_path / "wmf_text.pdf"
    assert render_pdf(out, blob, QRectF(0, 0, 100, 100))
    assert "Caf\u00e9 WMF" in pdf_text(out)


def test_wmf_dib_stretch_blt_with_palette(qapp: object) -> None:
    # 2x1 8-bit DIB: palette index 0 red, 1 green; rows padded to 4 bytes.
    header = struct.pack("<IiiHHIIiiII", 40, 2, 1, 1, 8, 0, 4, 0, 0, 2, 0)
    palette = bytes((0, 0, 255, 0, 0, 255, 0, 0))
    dib = header + palette + bytes((0, 1, 0, 0))
    rop = 0x00CC0020
    blob = wmf(
        meta(0x020B, 0, 0),
        meta(0x020C, 100, 100),
        meta(0x0B41, rop & 0xFFFF, rop >> 16, 1, 2, 0, 0, 100, 100, 0, 0, payload=dib),
        bbox=(0, 0, 100, 100),
        inch=100,
    )
    ok, image = draw(blob)
    assert ok
    assert near(rgb(image, 25, 50), (255, 0, 0))
    assert near(rgb(image, 75, 50), (0, 255, 0))


def test_emf_ellipse_and_pie_follow_their_boxes(qapp: object) -> None:
    blob = emf(
        brush(1, RED),
        select(1),
        NULL_PEN,
        emr(42, 0, 0, 50, 50),  # Ellipse in the top-left quarter
        brush(2, BLUE),
        select(2),
        emr(47, 50, 50, 100, 100, 100, 75, 75, 50),  # Pie: from 3 o'clock counter-clockwise to 12
    )
    ok, image = draw(blob)
    assert ok
    assert near(rgb(image, 25, 25), (255, 0, 0))
    assert near(rgb(image, 2, 2), (255, 255, 255))  # the ellipse's corner stays empty
    assert near(rgb(image, 85, 65), (0, 0, 255))  # the upper-right quarter of the pie's circle
    assert near(rgb(image, 65, 85), (255, 255, 255))


def test_emf_hatched_brush_with_opaque_background(qapp: object) -> None:
    blob = emf(brush(1, BLACK, style=2, hatch=4), select(1), emr(25, GREEN), NULL_PEN, rectangle(0, 0, 100, 100))
    ok, image = draw(blob)
    assert ok
    colours = {rgb(image, x, y) for x in range(20, 40) for y in range(20, 40)}
    assert any(near(c, (0, 0, 0), 60) for c in colours)
    assert any(near(c, (0, 255, 0), 60) for c in colours)  # the background colour between hatch lines


def test_emf_text_alignment_centre_and_right(qapp: object, tmp_path: Path) -> None:
    spans = {}
    for align in (0, 6, 2):  # TA_LEFT, TA_CENTER, TA_RIGHT
        blob = emf(logfont(1, -20, "Arial"), select(1), emr(18, 1), emr(22, align), ext_text_out(100, 50, "Middle"))
        out = tmp_path / f"align{align}.pdf"
        assert render_pdf(out, blob, QRectF(0, 0, 200, 200), page=(200.0, 200.0))  # 100 px frame -> 200 pt
        boxes = [box for ch, box in pdf_chars(out) if ch.strip()]
        spans[align] = (min(b[0] for b in boxes), max(b[2] for b in boxes))
    reference = 100 * 2.0
    assert spans[0][0] == pytest.approx(reference, abs=2.0)
    assert (spans[6][0] + spans[6][1]) / 2 == pytest.approx(reference, abs=3.0)
    assert spans[2][1] == pytest.approx(reference, abs=3.0)


def test_emf_plus_dual_files_draw_their_emf_records(qapp: object) -> None:
    plus_header = struct.pack("<IHHII", 0x2B464D45, 0x4001, 1, 28, 16) + b"\0" * 16  # flags: dual
    comment = emr(70, len(plus_header), fmt="I", payload=plus_header)
    ok, image = draw(emf(comment, brush(1, RED), select(1), NULL_PEN, rectangle(0, 0, 100, 100)))
    assert ok
    assert near(rgb(image, 50, 50), (255, 0, 0))


def test_wmf_region_clip_limits_drawing(qapp: object) -> None:
    # CreateRegion: one scan (y 0..100) with one span x 0..50.
    region = struct.pack("<hhihhh4h", 0, 6, 0, 0, 1, 0, 0, 0, 50, 100) + struct.pack("<Hhhhh H", 2, 0, 100, 0, 50, 2)
    blob = wmf(
        meta(0x020B, 0, 0),
        meta(0x020C, 100, 100),
        meta(0x06FF, payload=region),  # object 0
        meta(0x012C, 0),  # SelectClipRegion
        wmf_brush(GREEN),  # object 1
        meta(0x012D, 1),
        wmf_null_pen(),
        meta(0x012D, 2),
        meta(0x041B, 100, 100, 0, 0),
        bbox=(0, 0, 100, 100),
        inch=100,
    )
    ok, image = draw(blob)
    assert ok
    assert near(rgb(image, 25, 50), (0, 255, 0))
    assert near(rgb(image, 75, 50), (255, 255, 255))


def test_painter_state_is_left_as_it_was(qapp: object) -> None:
    image = QImage(50, 50, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    painter.translate(3, 4)
    before = painter.transform()
    blob = emf(emr(33), emr(30, 0, 0, 10, 10), brush(1, RED), select(1), rectangle(0, 0, 50, 50))  # no RestoreDC
    assert paint_metafile(painter, blob, QRectF(0, 0, 40, 40))
    assert painter.transform() == before
    assert not painter.hasClipping()
    painter.end()
