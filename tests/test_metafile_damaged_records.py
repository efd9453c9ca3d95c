"""A metafile whose record size is damaged is drawn up to that record, and the job is told.

Found by the mutation fuzzer: bytes flipped in a corpus WMF (poi__45545_Comment's OLE preview)
cost the picture all its text with no warning at all; the players stopped silently at the first
record whose size runs past the file."""

from __future__ import annotations

import struct

from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QImage, QPainter
from test_metafile import emf, emr, meta, near, rgb, wmf, wmf_brush, wmf_null_pen

from worker.render.metafile import paint_metafile

RED, BLUE = 0x0000FF, 0xFF0000  # COLORREF: 0x00BBGGRR


def _emf_rect(color: int, box: tuple[int, int, int, int]) -> bytes:
    return (
        emr(39, 1, 0, color, 0)  # CREATEBRUSHINDIRECT into slot 1: solid
        + emr(37, 1)  # SELECTOBJECT
        + emr(37, 0x80000008, fmt="I")  # NULL_PEN
        + emr(43, *box)  # RECTANGLE
        + emr(40, 1)  # DELETEOBJECT: the next rectangle's brush takes slot 1 again
    )


def _wmf_rect(color: int, box: tuple[int, int, int, int]) -> bytes:
    left, top, right, bottom = box
    # Pen in slot 0, brush in slot 1, both deleted after: the next rectangle reuses the slots.
    drawn = wmf_null_pen() + meta(0x012D, 0) + wmf_brush(color) + meta(0x012D, 1)
    return drawn + meta(0x041B, bottom, right, top, left) + meta(0x01F0, 0) + meta(0x01F0, 1)


def _draw(blob: bytes) -> tuple[QImage, list[str]]:
    image = QImage(100, 100, QImage.Format.Format_ARGB32)
    image.fill(QColor(255, 255, 255))
    painter = QPainter(image)
    notes: list[str] = []
    assert paint_metafile(painter, blob, QRectF(0, 0, 100, 100), notes=notes)
    painter.end()
    return image, notes


def _damage_size(blob: bytes, at: int, fmt: str) -> bytes:
    data = bytearray(blob)
    struct.pack_into(fmt, data, at, 0x7FFFFFF0)
    return bytes(data)


def test_emf_with_a_damaged_record_size_draws_what_comes_before_and_says_so(qapp: object) -> None:
    first, second = _emf_rect(RED, (0, 0, 49, 99)), _emf_rect(BLUE, (50, 0, 99, 99))
    whole = emf(first, second)
    image, notes = _draw(whole)
    assert near(rgb(image, 25, 50), (255, 0, 0)) and near(rgb(image, 75, 50), (0, 0, 255))
    assert notes == []

    # The second brush record's size (after the 88-byte header and the first rectangle's records).
    image, notes = _draw(_damage_size(whole, 88 + len(first) + 4, "<I"))
    assert near(rgb(image, 25, 50), (255, 0, 0))
    assert near(rgb(image, 75, 50), (255, 255, 255))
    at = 88 + len(first)
    assert notes == [
        f"a record's size is damaged at byte {at:,} of {len(whole):,}; the rest of the picture was not drawn"
    ]


def test_wmf_with_a_damaged_record_size_draws_what_comes_before_and_says_so(qapp: object) -> None:
    first, second = _wmf_rect(RED, (0, 0, 500, 1000)), _wmf_rect(BLUE, (500, 0, 1000, 1000))
    whole = wmf(first, second)
    image, notes = _draw(whole)
    assert near(rgb(image, 25, 50), (255, 0, 0)) and near(rgb(image, 75, 50), (0, 0, 255))
    assert notes == []

    at = 22 + 18 + len(first)  # placeable header, standard header, the first rectangle's records
    image, notes = _draw(_damage_size(whole, at, "<I"))
    assert near(rgb(image, 25, 50), (255, 0, 0))
    assert near(rgb(image, 75, 50), (255, 255, 255))
    assert notes == [
        f"a record's size is damaged at byte {at:,} of {len(whole):,}; the rest of the picture was not drawn"
    ]
