"""GDI details of the metafile player: clip holes, hatch cells, dash lengths, WidenPath, lfWidth."""

from __future__ import annotations

import struct
from pathlib import Path

from PySide6.QtCore import QRectF
from test_metafile import (
    BLUE,
    GREEN,
    NULL_BRUSH,
    NULL_PEN,
    RED,
    brush,
    draw,
    emf,
    emr,
    ext_text_out,
    meta,
    near,
    pdf_chars,
    rectangle,
    render_pdf,
    rgb,
    select,
    wmf,
    wmf_font,
    wmf_text,
)

WHITE_RGB = (255, 255, 255)
PS_GEOMETRIC = 0x00010000
PS_ENDCAP_FLAT = 0x00000200


def pen(handle: int, style: int, width: int, color: int) -> bytes:
    """EMR_CREATEPEN (width 0 = a cosmetic one-pixel pen)."""
    return emr(38, handle, style, width, 0, color, fmt="IIiiI")


def ext_pen(handle: int, style: int, width: int, color: int) -> bytes:
    """EMR_EXTCREATEPEN with a solid brush and no bitmap or user dashes."""
    body = struct.pack("<11I", handle, 0, 0, 0, 0, style, width, 0, color, 0, 0)
    return struct.pack("<II", 95, 8 + len(body)) + body


def logfont(handle: int, height: int, face: str, width: int = 0) -> bytes:
    name = face.encode("utf-16-le")[:62].ljust(64, b"\0")
    lf = struct.pack("<5i8B", height, width, 0, 0, 400, 0, 0, 0, 0, 0, 0, 0, 0) + name
    return emr(82, handle, fmt="I", payload=lf)


def test_exclude_clip_rect_keeps_its_hole(qapp: object) -> None:
    blob = emf(
        brush(1, RED),
        select(1),
        NULL_PEN,
        emr(30, 10, 10, 90, 90),  # IntersectClipRect
        emr(29, 40, 40, 60, 60),  # ExcludeClipRect: a hole in the middle
        rectangle(0, 0, 100, 100),
    )
    ok, image = draw(blob)
    assert ok
    assert near(rgb(image, 25, 25), (255, 0, 0))
    assert near(rgb(image, 50, 50), WHITE_RGB)  # the excluded rectangle stays unpainted
    assert near(rgb(image, 5, 5), WHITE_RGB)  # outside the intersected rectangle


def test_hatch_brush_cells_are_eight_device_pixels(qapp: object) -> None:
    # HS_HORIZONTAL, transparent background: one blue row in every 8 device pixels.
    blob = emf(brush(1, BLUE, style=2, hatch=0), select(1), NULL_PEN, emr(18, 1), rectangle(0, 0, 100, 100))
    ok, image = draw(blob, 400)  # 4 output pixels per device pixel
    assert ok
    column = [rgb(image, 200, y) for y in range(0, 400)]
    blue_rows = [y for y, c in enumerate(column) if near(c, (0, 0, 255), 60)]
    assert blue_rows, "no hatch line drawn"
    lines = sorted({y // 4 for y in blue_rows})  # device rows holding a hatch line
    assert lines[:3] == [7, 15, 23]
    assert near(rgb(image, 200, 4 * 3 + 2), WHITE_RGB)  # between the lines: the background shows


def test_cosmetic_dash_pen_uses_gdi_dash_lengths(qapp: object) -> None:
    # PS_DASH cosmetic: 18 pixels drawn, 6 left out.
    blob = emf(pen(1, 1, 0, 0), select(1), emr(27, 0, 50), emr(54, 100, 50))
    ok, image = draw(blob, 400)
    assert ok
    row = [rgb(image, x, 201)[0] < 160 for x in range(400)]
    assert all(row[4 * 1 : 4 * 17])  # first dash: device pixels 0..18
    assert not any(row[4 * 19 : 4 * 23])  # the gap: 18..24
    assert all(row[4 * 25 : 4 * 41])  # second dash: 24..42


def test_widen_path_then_fill_paints_the_pen_outline(qapp: object) -> None:
    blob = emf(
        ext_pen(1, PS_GEOMETRIC | PS_ENDCAP_FLAT, 20, 0),
        select(1),
        brush(2, GREEN),
        select(2),
        emr(59),  # BeginPath
        emr(27, 10, 50),
        emr(54, 90, 50),
        emr(60),  # EndPath
        emr(66),  # WidenPath
        emr(62, 0, 0, -1, -1),  # FillPath
    )
    ok, image = draw(blob)
    assert ok
    assert near(rgb(image, 50, 50), (0, 255, 0))
    assert near(rgb(image, 50, 57), (0, 255, 0))  # within the 20-unit band
    assert near(rgb(image, 50, 65), WHITE_RGB)
    assert near(rgb(image, 5, 50), WHITE_RGB)  # flat caps end at the path's ends


def test_logfont_width_condenses_and_expands_the_text(qapp: object, tmp_path: Path) -> None:
    spans = {}
    for width in (0, 5, 20):
        blob = emf(
            logfont(1, -20, "Arial", width=width),
            select(1),
            emr(18, 1),
            ext_text_out(10, 10, "mmmm"),
            size_px=200,
        )
        out = tmp_path / f"w{width}.pdf"
        assert render_pdf(out, blob, QRectF(0, 0, 200, 200), page=(200.0, 200.0))
        boxes = [box for ch, box in pdf_chars(out) if ch.strip()]
        assert len(boxes) == 4
        spans[width] = max(b[2] for b in boxes) - min(b[0] for b in boxes)
    # Arial's average character width at a 20 px em is about 8.8 px: 5 condenses, 20 expands.
    assert spans[5] < spans[0] * 0.75
    assert spans[20] > spans[0] * 1.6


def test_null_brush_rectangle_draws_only_its_outline(qapp: object) -> None:
    blob = emf(pen(1, 0, 4, 0), select(1), NULL_BRUSH, emr(18, 1), rectangle(20, 20, 80, 80))
    ok, image = draw(blob)
    assert ok
    assert near(rgb(image, 50, 50), WHITE_RGB)
    assert near(rgb(image, 20, 50), (0, 0, 0))


PS_INSIDEFRAME = 6


def test_inside_frame_pen_draws_its_outline_inside_the_box(qapp: object) -> None:
    # A 10-unit pen: centred on the edge it would cover 15..25; inside the frame it covers 20..30.
    blob = emf(pen(1, PS_INSIDEFRAME, 10, 0), select(1), NULL_BRUSH, rectangle(20, 20, 80, 80))
    ok, image = draw(blob)
    assert ok
    assert near(rgb(image, 17, 50), WHITE_RGB)
    assert near(rgb(image, 27, 50), (0, 0, 0))
    assert near(rgb(image, 73, 50), (0, 0, 0))
    assert near(rgb(image, 83, 50), WHITE_RGB)
    assert near(rgb(image, 50, 50), WHITE_RGB)
    plain = emf(pen(1, 0, 10, 0), select(1), NULL_BRUSH, rectangle(20, 20, 80, 80))
    ok, image = draw(plain)
    assert near(rgb(image, 17, 50), (0, 0, 0))  # a solid pen stays centred on the edge


def mono_brush(handle: int, rows: list[int]) -> bytes:
    """EMR_CREATEMONOBRUSH: an 8 x len(rows) 1-bit DIB (palette black, white), top row first."""
    header = struct.pack("<IiiHHIIiiII", 40, 8, len(rows), 1, 1, 0, 0, 0, 0, 2, 0) + struct.pack("<II", 0, 0xFFFFFF)
    bits = b"".join(struct.pack("<B3x", row) for row in reversed(rows))
    fixed = 8 + 24
    body = struct.pack("<6I", handle, 0, fixed, len(header), fixed + len(header), len(bits)) + header + bits
    return struct.pack("<II", 93, 8 + len(body)) + body


def test_monochrome_pattern_brush_uses_text_and_background_colours(qapp: object) -> None:
    blob = emf(
        emr(24, RED, fmt="I"),  # SetTextColor: the pattern's 0 bits
        emr(25, BLUE, fmt="I"),  # SetBkColor: its 1 bits
        mono_brush(1, [0x0F] * 8),  # each row: four 0 pixels, then four 1 pixels
        select(1),
        NULL_PEN,
        rectangle(0, 0, 101, 101),
    )
    ok, image = draw(blob)
    assert ok
    assert near(rgb(image, 1, 4), (255, 0, 0))
    assert near(rgb(image, 6, 4), (0, 0, 255))
    assert near(rgb(image, 17, 60), (255, 0, 0))  # the next tiles
    assert near(rgb(image, 22, 60), (0, 0, 255))


def _wmf_line(*state: bytes) -> bytes:
    return wmf(
        meta(0x020B, 0, 0),
        meta(0x020C, 1000, 1000),
        wmf_font(-100, "Arial"),
        meta(0x012D, 0),
        meta(0x0102, 1),  # transparent
        *state,
        wmf_text(100, 100, "A B"),
    )


def _left_of(path: Path, char: str) -> float:
    return next(box[0] for ch, box in pdf_chars(path) if ch == char)


def test_wmf_char_extra_and_justification_spread_the_text(qapp: object, tmp_path: Path) -> None:
    plain, spread = tmp_path / "plain.pdf", tmp_path / "spread.pdf"
    assert render_pdf(plain, _wmf_line(), QRectF(0, 0, 100, 100))
    # 50 units after each character, and 200 units for the line's one break (the space).
    assert render_pdf(spread, _wmf_line(meta(0x0108, 50), meta(0x020A, 1, 200)), QRectF(0, 0, 100, 100))
    assert abs(_left_of(spread, "A") - _left_of(plain, "A")) < 0.5
    # "B" moves by 2 x 50 + 200 units = 300 of the 1000-unit frame drawn 100 pt wide: 30 pt.
    assert abs(_left_of(spread, "B") - _left_of(plain, "B") - 30.0) < 1.0
