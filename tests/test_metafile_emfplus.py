"""EMF+ records (GDI+ inside EMR_COMMENT) built by hand, drawn into images and PDFs and checked."""

from __future__ import annotations

import struct
from pathlib import Path

from PySide6.QtCore import QRectF
from test_metafile import RED, brush, draw, emf, near, pdf_text, rectangle, render_pdf, rgb, select

NULL_PEN = select(0x80000008)


def plus(kind: int, flags: int, data: bytes) -> bytes:
    """One EMF+ record."""
    data += b"\0" * (-len(data) % 4)
    return struct.pack("<HHII", kind, flags, 12 + len(data), len(data)) + data


def comment(*records: bytes) -> bytes:
    """An EMR_COMMENT holding EMF+ records."""
    body = b"EMF+" + b"".join(records)
    return struct.pack("<III", 70, 12 + len(body), len(body)) + body


def header(dual: bool) -> bytes:
    return plus(0x4001, 1 if dual else 0, struct.pack("<IIII", 0xDBC01002, 0, 96, 96))


def solid_brush(index: int, argb: int) -> bytes:
    return plus(0x4008, 0x0100 | index, struct.pack("<III", 0xDBC01002, 0, argb))


def solid_pen(index: int, width: float, argb: int) -> bytes:
    data = struct.pack("<IIIIf", 0xDBC01002, 0, 0, 0, width) + struct.pack("<III", 0xDBC01002, 0, argb)
    return plus(0x4008, 0x0200 | index, data)


def fill_rects(argb: int, *rects: tuple[float, float, float, float]) -> bytes:
    data = struct.pack("<II", argb, len(rects)) + b"".join(struct.pack("<4f", *r) for r in rects)
    return plus(0x400A, 0x8000, data)  # S: the brush is a colour


def page_unit_pixels() -> bytes:
    return plus(0x4030, 2, struct.pack("<f", 1.0))


END = plus(0x4002, 0, b"")


def test_emf_plus_only_file_is_drawn_with_its_alpha(qapp: object) -> None:
    blob = emf(
        comment(
            header(dual=False),
            page_unit_pixels(),
            fill_rects(0xFF0000FF, (10, 10, 80, 80)),  # opaque blue
            fill_rects(0x80FF0000, (50, 10, 48, 80)),  # half-transparent red over it and the white
            END,
        )
    )
    ok, image = draw(blob)
    assert ok
    assert near(rgb(image, 30, 50), (0, 0, 255))
    assert near(rgb(image, 70, 50), (128, 0, 127), 20)  # red at 50% over blue
    assert near(rgb(image, 94, 50), (255, 127, 127), 20)  # red at 50% over white
    assert near(rgb(image, 5, 5), (255, 255, 255))


def test_dual_file_with_known_records_skips_the_gdi_fallback_but_plays_after_get_dc(qapp: object) -> None:
    blob = emf(
        comment(header(dual=True), page_unit_pixels(), fill_rects(0x8000FF00, (0, 0, 50, 100))),
        brush(1, RED),  # the fallback for the rectangle above: opaque red, must not show
        select(1),
        NULL_PEN,
        rectangle(0, 0, 50, 100),
        comment(plus(0x4004, 0, b"")),  # GetDC: the next GDI records are drawn
        brush(2, RED),
        select(2),
        NULL_PEN,
        rectangle(60, 0, 100, 100),
        comment(END),
    )
    ok, image = draw(blob)
    assert ok
    assert near(rgb(image, 25, 50), (127, 255, 127), 20)  # translucent green, not the red fallback
    assert near(rgb(image, 80, 50), (255, 0, 0))  # after GetDC: GDI's red rectangle


def test_dual_file_with_unknown_records_is_drawn_from_its_gdi_records(qapp: object) -> None:
    blob = emf(
        comment(header(dual=True), plus(0x4034, 0, struct.pack("<I", 0)), fill_rects(0xFF00FF00, (0, 0, 100, 100))),
        brush(1, RED),
        select(1),
        NULL_PEN,
        rectangle(0, 0, 100, 100),
        comment(END),
    )
    ok, image = draw(blob)
    assert ok
    assert near(rgb(image, 50, 50), (255, 0, 0))  # SetClipRegion is not drawn here: GDI fallback


def test_emf_plus_world_transform_pen_and_path(qapp: object) -> None:
    # Path object: a closed triangle (float points, types start/line/line+close).
    points = struct.pack("<6f", 0, 0, 40, 0, 0, 40)
    path = plus(0x4008, 0x0300 | 3, struct.pack("<III", 0xDBC01002, 3, 0) + points + bytes((0, 1, 0x81, 0)))
    blob = emf(
        comment(
            header(dual=False),
            page_unit_pixels(),
            solid_brush(1, 0xFFFF0000),
            solid_pen(2, 4.0, 0xFF000000),
            path,
            plus(0x402D, 0, struct.pack("<ff", 50, 50)),  # TranslateWorldTransform
            plus(0x4014, 3, struct.pack("<I", 1)),  # FillPath with brush object 1
            plus(0x4015, 3, struct.pack("<I", 2)),  # DrawPath with pen object 2
            END,
        )
    )
    ok, image = draw(blob)
    assert ok
    assert near(rgb(image, 60, 60), (255, 0, 0))  # inside the moved triangle
    assert near(rgb(image, 70, 51), (0, 0, 0), 60)  # its top edge, stroked black
    assert near(rgb(image, 20, 20), (255, 255, 255))  # where it would be without the transform


def test_emf_plus_draw_string_is_real_text(qapp: object, tmp_path: Path) -> None:
    family = "Arial".encode("utf-16-le")
    font = plus(0x4008, 0x0600 | 4, struct.pack("<IfIIII", 0xDBC01002, 20.0, 2, 0, 0, 5) + family)
    text = "Hello EMF+".encode("utf-16-le")
    draw_string = plus(0x401C, 0x8000 | 4, struct.pack("<III4f", 0xFF000000, 0xFFFFFFFF, 10, 10, 10, 180, 40) + text)
    blob = emf(comment(header(dual=False), page_unit_pixels(), font, draw_string, END), size_px=200)
    out = tmp_path / "plus_text.pdf"
    assert render_pdf(out, blob, QRectF(0, 0, 200, 200), page=(200.0, 200.0))
    assert "Hello EMF+" in pdf_text(out)
