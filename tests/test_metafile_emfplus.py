"""EMF+ records (GDI+ inside EMR_COMMENT) built by hand, drawn into images and PDFs and checked."""

from __future__ import annotations

import struct
import time
from pathlib import Path

import pypdfium2 as pdfium
from PIL import ImageQt
from PySide6.QtCore import QRectF
from PySide6.QtGui import QImage
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
        comment(header(dual=True), plus(0x4038, 0, struct.pack("<I", 0)), fill_rects(0xFF00FF00, (0, 0, 100, 100))),
        brush(1, RED),
        select(1),
        NULL_PEN,
        rectangle(0, 0, 100, 100),
        comment(END),
    )
    ok, image = draw(blob)
    assert ok
    assert near(rgb(image, 50, 50), (255, 0, 0))  # SerializableObject is not drawn here: GDI fallback


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


# -- regions ---------------------------------------------------------------------------------------

RECT_NODE, EMPTY_NODE, INFINITE_NODE = 0x10000000, 0x10000002, 0x10000003


def rect_node(x: float, y: float, w: float, h: float) -> bytes:
    return struct.pack("<I4f", RECT_NODE, x, y, w, h)


def combine_node(op: int, left: bytes, right: bytes) -> bytes:
    """A boolean region node (1 and, 2 or, 3 xor, 4 exclude, 5 complement) over two child nodes."""
    return struct.pack("<I", op) + left + right


def region(index: int, nodes: bytes, boolean_nodes: int) -> bytes:
    return plus(0x4008, 0x0400 | index, struct.pack("<II", 0xDBC01002, boolean_nodes) + nodes)


def fill_region(index: int, argb: int) -> bytes:
    return plus(0x4013, 0x8000 | index, struct.pack("<I", argb))


def set_clip_region(index: int, mode: int) -> bytes:
    return plus(0x4034, (mode << 8) | index, b"")


def test_region_combinations_fill_their_boolean_shapes(qapp: object) -> None:
    a, b = rect_node(10, 10, 40, 40), rect_node(30, 30, 40, 40)  # overlapping in 30..50
    records = [header(dual=False), page_unit_pixels()]
    # One region per operation, each moved to its own place with a world translation.
    spots = {}
    for op, (dx, dy) in zip((1, 2, 3, 4, 5), ((0, 0), (100, 0), (0, 100), (100, 100), (200, 0)), strict=True):
        records += [
            region(1, combine_node(op, a, b), 1),
            plus(0x402A, 0, struct.pack("<6f", 1, 0, 0, 1, dx, dy)),  # SetWorldTransform
            fill_region(1, 0xFF0000FF),
        ]
        spots[op] = (dx, dy)
    records.append(END)
    ok, image = draw(emf(comment(*records), size_px=300), size=300)
    assert ok
    blue, white = (0, 0, 255), (255, 255, 255)
    only_a, both, only_b = (20, 20), (40, 40), (60, 60)
    expected = {
        1: (white, blue, white),  # and
        2: (blue, blue, blue),  # or
        3: (blue, white, blue),  # xor
        4: (blue, white, white),  # exclude: left minus right
        5: (white, white, blue),  # complement: right minus left
    }
    for op, colours in expected.items():
        dx, dy = spots[op]
        for (x, y), colour in zip((only_a, both, only_b), colours, strict=True):
            assert near(rgb(image, x + dx, y + dy), colour), (op, x, y)


def test_set_clip_region_limits_drawing_and_infinite_region_lifts_it(qapp: object) -> None:
    blob = emf(
        comment(
            header(dual=False),
            page_unit_pixels(),
            region(1, rect_node(0, 0, 50, 100), 0),
            set_clip_region(1, 0),  # replace: only the left half may be painted
            fill_rects(0xFFFF0000, (0, 0, 100, 50)),
            region(2, combine_node(4, rect_node(0, 0, 100, 100), rect_node(10, 60, 20, 20)), 1),
            set_clip_region(2, 1),  # intersect with a square that has a hole
            fill_rects(0xFF00FF00, (0, 50, 100, 50)),
            region(3, struct.pack("<I", INFINITE_NODE), 0),
            set_clip_region(3, 0),  # replace with the infinite region: unclipped again
            fill_rects(0xFF0000FF, (90, 90, 10, 10)),
            END,
        )
    )
    ok, image = draw(blob)
    assert ok
    assert near(rgb(image, 25, 25), (255, 0, 0))
    assert near(rgb(image, 75, 25), (255, 255, 255))  # clipped away
    assert near(rgb(image, 40, 70), (0, 255, 0))
    assert near(rgb(image, 20, 70), (255, 255, 255))  # the hole of the intersected region
    assert near(rgb(image, 70, 70), (255, 255, 255))  # outside the left half
    assert near(rgb(image, 95, 95), (0, 0, 255))


def test_dual_file_with_clip_regions_draws_its_emf_plus_records(qapp: object) -> None:
    blob = emf(
        comment(
            header(dual=True),
            page_unit_pixels(),
            region(1, struct.pack("<I", EMPTY_NODE), 0),
            set_clip_region(1, 0),  # the empty region: nothing shows
            fill_rects(0xFF0000FF, (0, 0, 100, 100)),
            plus(0x4031, 0, b""),  # ResetClip
            fill_rects(0x8000FF00, (50, 0, 50, 100)),
        ),
        brush(1, RED),  # the GDI fallback: must not show
        select(1),
        NULL_PEN,
        rectangle(0, 0, 100, 100),
        comment(END),
    )
    ok, image = draw(blob)
    assert ok
    assert near(rgb(image, 25, 50), (255, 255, 255))
    assert near(rgb(image, 75, 50), (127, 255, 127), 20)  # translucent green over white


# -- brushes ---------------------------------------------------------------------------------------

BRUSH_HEAD = struct.pack("<I", 0xDBC01002)


def linear_gradient_brush(index: int, rect: tuple[float, float, float, float], blend: bytes, flags: int) -> bytes:
    """A linear gradient brush over ``rect`` (left to right) with a preset-colour or factor blend."""
    data = BRUSH_HEAD + struct.pack("<III4fIIII", 4, flags, 4, *rect, 0xFF000000, 0xFFFFFFFF, 0, 0) + blend
    return plus(0x4008, 0x0100 | index, data)


def fill_rects_with(brush_index: int, *rects: tuple[float, float, float, float]) -> bytes:
    data = struct.pack("<II", brush_index, len(rects)) + b"".join(struct.pack("<4f", *r) for r in rects)
    return plus(0x400A, 0, data)


def preset(*stops: tuple[float, int]) -> bytes:
    return struct.pack(f"<I{len(stops)}f{len(stops)}I", len(stops), *(p for p, _ in stops), *(c for _, c in stops))


def pdf_pixels(path: Path, scale: float = 1.0) -> QImage:
    page = pdfium.PdfDocument(str(path))[0]
    return ImageQt.ImageQt(page.render(scale=scale).to_pil().convert("RGB")).copy()


def test_linear_gradient_preset_colours_and_factors(qapp: object) -> None:
    blob = emf(
        comment(
            header(dual=False),
            page_unit_pixels(),
            # Preset colours red, green, blue at 0, 0.5, 1 across x 0..100 (WrapMode clamp).
            linear_gradient_brush(1, (0, 0, 100, 50), preset((0, 0xFFFF0000), (0.5, 0xFF00FF00), (1, 0xFF0000FF)), 4),
            fill_rects_with(1, (0, 0, 100, 50)),
            # Blend factors black to white: 0 until halfway, then up to 1: the left half stays black.
            linear_gradient_brush(2, (0, 50, 100, 50), struct.pack("<I3f3f", 3, 0, 0.5, 1, 0, 0, 1), 8),
            fill_rects_with(2, (0, 50, 100, 50)),
            END,
        )
    )
    ok, image = draw(blob)
    assert ok
    assert near(rgb(image, 2, 25), (255, 0, 0))
    assert near(rgb(image, 50, 25), (0, 255, 0))
    assert near(rgb(image, 97, 25), (0, 0, 255))
    assert near(rgb(image, 25, 75), (0, 0, 0))  # factor 0 in the whole left half
    assert near(rgb(image, 75, 75), (127, 127, 127))


def test_translucent_gradient_shows_what_is_under_it_in_the_pdf(qapp: object, tmp_path: Path) -> None:
    blob = emf(
        comment(
            header(dual=False),
            page_unit_pixels(),
            fill_rects(0xFFFF0000, (0, 0, 100, 100)),
            # White, opaque on the left, fully transparent on the right.
            linear_gradient_brush(1, (0, 0, 100, 100), preset((0, 0xFFFFFFFF), (1, 0x00FFFFFF)), 4),
            fill_rects_with(1, (0, 0, 100, 100)),
            END,
        )
    )
    out = tmp_path / "translucent.pdf"
    assert render_pdf(out, blob, QRectF(0, 0, 100, 100), page=(100.0, 100.0))
    image = pdf_pixels(out)
    assert near(rgb(image, 3, 50), (255, 255, 255))
    assert near(rgb(image, 50, 50), (255, 127, 127), 30)  # half-transparent white over red
    assert near(rgb(image, 97, 50), (255, 0, 0))


def _square_filled_with(brush: bytes) -> bytes:
    """An EMF+ file whose brush object 1 is ``brush`` (EmfPlusBrush data) filling 0,0 - 100,100."""
    return emf(
        comment(
            header(dual=False),
            page_unit_pixels(),
            plus(0x4008, 0x0100 | 1, brush),
            fill_rects_with(1, (0, 0, 100, 100)),
            END,
        )
    )


def test_path_gradient_blends_from_centre_to_boundary_and_stops_there(qapp: object) -> None:
    centre, surround = 0xFFFFFFFF, 0xFF0000FF
    boundary = struct.pack("<I8f", 4, 20, 20, 80, 20, 80, 80, 20, 80)  # a square around (50, 50)
    data = BRUSH_HEAD + struct.pack("<IIIIffII", 3, 0, 0, centre, 50, 50, 1, surround) + boundary
    blob = _square_filled_with(data)
    ok, image = draw(blob)
    assert ok
    assert near(rgb(image, 50, 50), (255, 255, 255), 20)
    assert near(rgb(image, 50, 35), (127, 127, 255), 30)  # halfway from the centre to the top edge
    assert near(rgb(image, 65, 50), (127, 127, 255), 30)  # and to the right edge
    assert near(rgb(image, 22, 50), (0, 0, 255), 40)
    assert near(rgb(image, 10, 10), (255, 255, 255))  # outside the boundary: not painted


def test_texture_brush_tiles_its_bitmap(qapp: object) -> None:
    # A 2 x 1 ARGB bitmap (red, green), tiled from the origin: 10 x 10 units per pixel by a transform.
    pixels = struct.pack("<II", 0xFFFF0000, 0xFF00FF00)
    image = struct.pack("<IIiiiii", 0xDBC01002, 1, 2, 1, 8, 0x0026200A, 0) + pixels
    data = BRUSH_HEAD + struct.pack("<III6f", 2, 0x02, 0, 10, 0, 0, 10, 0, 0) + image
    blob = _square_filled_with(data)
    ok, picture = draw(blob)
    assert ok
    assert near(rgb(picture, 5, 5), (255, 0, 0))
    assert near(rgb(picture, 15, 5), (0, 255, 0))
    assert near(rgb(picture, 25, 95), (255, 0, 0))  # the next tile
    assert near(rgb(picture, 35, 45), (0, 255, 0))


# -- cardinal splines -------------------------------------------------------------------------------


def test_closed_curve_bulges_with_its_tension_and_open_curve_draws_only_its_segments(qapp: object) -> None:
    diamond = struct.pack("<8f", 50, 10, 90, 50, 50, 90, 10, 50)
    arch = struct.pack("<6f", 10, 80, 50, 20, 90, 80)
    blob = emf(
        comment(
            header(dual=False),
            page_unit_pixels(),
            # FillClosedCurve, tension 1: rounder than the diamond through its four points.
            plus(0x4016, 0x8000, struct.pack("<IfI", 0xFFFF0000, 1.0, 4) + diamond),
            plus(0x402D, 0, struct.pack("<ff", 100, 0)),  # TranslateWorldTransform
            solid_pen(1, 4.0, 0xFF000000),
            # DrawCurve through three points, tension 0.5, only its first segment.
            plus(0x4018, 1, struct.pack("<fIII", 0.5, 0, 1, 3) + arch),
            END,
        ),
        size_px=200,
    )
    ok, image = draw(blob, size=200)
    assert ok
    assert near(rgb(image, 50, 50), (255, 0, 0))
    assert near(rgb(image, 76, 24), (255, 0, 0))  # outside the diamond, inside the curve
    assert near(rgb(image, 85, 15), (255, 255, 255))
    assert near(rgb(image, 128, 47), (0, 0, 0), 60)  # on the first segment of the curve
    assert near(rgb(image, 172, 47), (255, 255, 255))  # where the second segment would be


# -- metafile images ---------------------------------------------------------------------------------


def metafile_image(index: int, blob: bytes) -> bytes:
    """An EMF+ image object holding a metafile (type 3: EMF)."""
    data = struct.pack("<IIII", 0xDBC01002, 2, 3, len(blob)) + blob
    return plus(0x4008, 0x0500 | index, data)


def draw_image(index: int, src: tuple[float, ...], dest: tuple[float, ...]) -> bytes:
    return plus(0x401A, index, struct.pack("<II4f4f", 0, 2, *src, *dest))


def nested(levels: int) -> bytes:
    """A picture holding a picture ... ``levels`` deep; the innermost is a GDI-only green square."""
    blob = emf(brush(1, 0x00FF00), select(1), NULL_PEN, rectangle(0, 0, 100, 100))
    for _ in range(levels):
        blob = emf(
            comment(
                header(dual=False),
                page_unit_pixels(),
                metafile_image(1, blob),
                draw_image(1, (0, 0, 100, 100), (0, 0, 100, 100)),
                END,
            )
        )
    return blob


def test_metafile_image_is_played_into_its_destination(qapp: object) -> None:
    inner = emf(brush(1, RED), select(1), NULL_PEN, rectangle(0, 0, 100, 100))
    blob = emf(
        comment(
            header(dual=False),
            page_unit_pixels(),
            metafile_image(2, inner),
            draw_image(2, (0, 0, 100, 100), (50, 50, 50, 50)),
            END,
        )
    )
    ok, image = draw(blob)
    assert ok
    assert near(rgb(image, 75, 75), (255, 0, 0))
    assert near(rgb(image, 25, 25), (255, 255, 255))  # the inner picture is scaled into its box


def test_metafile_images_nest_only_a_few_levels_deep(qapp: object) -> None:
    ok, image = draw(nested(4))
    assert ok
    assert near(rgb(image, 50, 50), (0, 255, 0))
    ok, image = draw(nested(5))
    assert near(rgb(image, 50, 50), (255, 255, 255))  # past the limit: not drawn


def test_metafiles_drawing_nested_metafiles_hundreds_of_times_stop_at_the_pictures_budget(qapp: object) -> None:
    # Each level draws the one inside it 400 times: 400^3 red fills in the end, hours of work when
    # every nested playback had its own budget. One budget per picture: a thousand nested plays.
    level = emf(comment(header(dual=False), page_unit_pixels(), fill_rects(0xFFFF0000, (0, 0, 100, 100)), END))
    for _ in range(3):
        records = [header(dual=False), page_unit_pixels(), metafile_image(1, level)]
        records += [draw_image(1, (0, 0, 100, 100), (0, 0, 100, 100)) for _ in range(400)]
        level = emf(comment(*records, END))
    started = time.monotonic()
    ok, image = draw(level)
    assert time.monotonic() - started < 10.0
    assert ok
    assert near(rgb(image, 50, 50), (255, 0, 0))  # the first plays are drawn whole


def test_pens_of_garbled_widths_draw_thin_or_as_wide_as_qt_allows(qapp: object) -> None:
    # NaN and infinite widths (a garbled file) are the thinnest line; 1e30 is as wide as Qt takes
    # (a wider width is refused with a warning, and the pen kept its old one).
    line = struct.pack("<I4f", 2, 10.0, 50.0, 90.0, 50.0)  # across the middle
    for width, wide in ((float("nan"), False), (float("inf"), False), (0.0, False), (1e30, True)):
        blob = emf(
            comment(header(dual=False), page_unit_pixels(), solid_pen(1, width, 0xFFFF0000), plus(0x400D, 1, line), END)
        )
        ok, image = draw(blob)
        assert ok
        assert near(rgb(image, 50, 50), (255, 0, 0)), width
        assert near(rgb(image, 50, 10), (255, 0, 0) if wide else (255, 255, 255)), width
