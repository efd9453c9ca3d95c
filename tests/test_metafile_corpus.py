"""Real metafiles from the corpus decks draw with ink; hostile and broken metafiles end fast."""

from __future__ import annotations

import random
import re
import struct
import time
import zipfile
from pathlib import Path

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QImage, QPainter
from test_metafile import (
    BLUE,
    NULL_PEN,
    RED,
    brush,
    dib_24,
    emf,
    emr,
    logfont,
    meta,
    pdf_text,
    polygon16,
    rectangle,
    render_pdf,
    select,
    stretch_dibits,
    wmf,
    wmf_brush,
)

from worker.render.metafile import is_metafile, metafile_size, paint_metafile

SECONDS = 5.0  # any single broken file must end well within this


def corpus_metafiles(corpus: Path) -> list[tuple[str, bytes]]:
    found: list[tuple[str, bytes]] = []
    for deck in sorted((corpus / "decks").glob("*.pptx")):
        try:
            with zipfile.ZipFile(deck) as package:
                for name in package.namelist():
                    if name.startswith("ppt/media/") and name.lower().endswith((".emf", ".wmf")):
                        found.append((f"{deck.stem}/{name.rsplit('/', 1)[-1]}", package.read(name)))
        except zipfile.BadZipFile:
            continue
    return found


def ink(blob: bytes, size: int = 160) -> tuple[bool, int]:
    """Draw into a white square; return the result and how many pixels are not white."""
    image = QImage(size, size, QImage.Format.Format_RGB32)
    image.fill(QColor(255, 255, 255))
    painter = QPainter(image)
    ok = paint_metafile(painter, blob, QRectF(0, 0, size, size))
    painter.end()
    marked = sum(
        1 for y in range(0, size, 2) for x in range(0, size, 2) if image.pixelColor(x, y) != QColor(255, 255, 255)
    )
    return ok, marked


def timed(blob: bytes) -> tuple[bool, float]:
    start = time.monotonic()
    ok, _marked = ink(blob, 64)
    return ok, time.monotonic() - start


@pytest.mark.slow
def test_corpus_metafiles_draw_with_ink(qapp: object, corpus: Path) -> None:
    files = corpus_metafiles(corpus)
    if not files:
        pytest.skip("no EMF/WMF pictures in the corpus")
    drawn = 0
    for name, blob in files:
        assert is_metafile(blob), name
        start = time.monotonic()
        ok, marked = ink(blob)
        assert time.monotonic() - start < SECONDS, name
        size = metafile_size(blob)
        # Files with real content (more than a header and EOF) must leave marks.
        if len(blob) > 1024 and (size is None or min(size) > 1.0):
            assert ok, name
            assert marked > 0, name
            drawn += 1
    assert drawn >= len(files) // 2


@pytest.mark.slow
def test_corpus_metafiles_survive_corruption(qapp: object, corpus: Path) -> None:
    files = [(n, b) for n, b in corpus_metafiles(corpus) if len(b) < 300_000]
    if not files:
        pytest.skip("no EMF/WMF pictures in the corpus")
    rng = random.Random(20261122)
    for name, blob in files:
        for _ in range(4):
            data = bytearray(blob)
            for _ in range(max(1, len(data) // 200)):
                at = rng.randrange(len(data))
                data[at] = rng.randrange(256)
            _ok, took = timed(bytes(data))
            assert took < SECONDS, name
        _ok, took = timed(blob[: len(blob) // 2])
        assert took < SECONDS, name


def _sample_emf() -> bytes:
    header, bits = dib_24([[(255, 0, 0), (0, 255, 0)], [(0, 0, 255), (255, 255, 255)]])
    return emf(
        brush(1, RED),
        select(1),
        NULL_PEN,
        rectangle(10, 10, 50, 50),
        polygon16([(0, 0), (100, 0), (50, 80)]),
        logfont(2, -12, "Arial"),
        select(2),
        stretch_dibits(0, 0, 40, 40, header, bits, 2, 2),
    )


def test_truncated_emf_at_every_length_ends_cleanly(qapp: object) -> None:
    blob = _sample_emf()
    start = time.monotonic()
    for cut in range(0, len(blob), 3):
        ink(blob[:cut], 32)
    assert time.monotonic() - start < 20.0


def test_huge_point_count_in_a_small_record_is_refused(qapp: object) -> None:
    bogus = emr(86, 0, 0, 100, 100, 0x7FFFFFFF, payload=struct.pack("<4h", 0, 0, 50, 50))
    ok, took = timed(emf(brush(1, BLUE), select(1), bogus, rectangle(0, 0, 50, 50)))
    assert ok  # the valid records still draw
    assert took < SECONDS


def test_bad_record_sizes_stop_playback(qapp: object) -> None:
    good = emf(brush(1, BLUE), select(1), rectangle(0, 0, 50, 50))
    zero = good[:88] + struct.pack("<II", 43, 0) + good[96:]
    beyond = good[:88] + struct.pack("<II", 43, 0x7FFFFFF0) + good[96:]
    for blob in (zero, beyond):
        ok, took = timed(blob)
        assert ok
        assert took < SECONDS


def test_giant_bitmap_dimensions_do_not_allocate(qapp: object) -> None:
    header = struct.pack("<IiiHHIIiiII", 40, 60000, 60000, 1, 32, 0, 0, 0, 0, 0, 0)
    blob = emf(stretch_dibits(0, 0, 100, 100, header, b"\0" * 64, 60000, 60000))
    ok, took = timed(blob)
    assert ok
    assert took < SECONDS


def test_many_records_and_deep_save_stacks_are_bounded(qapp: object) -> None:
    records = [emr(33)] * 50_000 + [emr(34, -1)] * 50_000 + [emr(27, 5, 5), emr(54, 10, 10)] * 20_000
    ok, took = timed(emf(*records))
    assert ok
    assert took < 20.0


def test_hostile_transforms_and_extents_are_ignored(qapp: object) -> None:
    nan_xform = emr(35, payload=struct.pack("<6f", float("nan"), 0, 0, float("inf"), 0, 0))
    blob = emf(
        nan_xform,
        emr(17, 8),
        emr(9, 0, 0),  # a zero window extent
        emr(11, 0x7FFFFFFF, -0x7FFFFFFF),
        brush(1, RED),
        select(1),
        rectangle(-0x7FFFFFFF, -0x7FFFFFFF, 0x7FFFFFFF, 0x7FFFFFFF),
    )
    _ok, took = timed(blob)
    assert took < SECONDS


def test_hostile_wmf_counts_end_fast(qapp: object) -> None:
    polys = meta(0x0538, 0xFFFF, payload=struct.pack("<4H", 0xFFFF, 0xFFFF, 0xFFFF, 0xFFFF))
    polygon = meta(0x0324, 0x7FFF, payload=struct.pack("<4h", 0, 0, 10, 10))
    text = meta(0x0A32, 10, 10, 0x7FFF, 0, payload=b"abc\0")
    blob = wmf(meta(0x020C, 100, 100), wmf_brush(RED), meta(0x012D, 0), polys, polygon, text)
    ok, took = timed(blob)
    assert ok
    assert took < SECONDS
    # A record whose size runs past the end, and one of size zero.
    broken = blob[:40] + struct.pack("<IH", 0x7FFFFFFF, 0x0324) + blob[46:]
    zero = blob[:40] + struct.pack("<IH", 0, 0x0324) + blob[46:]
    for data in (broken, zero):
        _ok, took = timed(data)
        assert took < SECONDS


def _text_records(blob: bytes) -> list[str]:
    """Strings of the ExtTextOut records, read with a scanner independent of the player."""
    found: list[str] = []
    if blob[:4] == b"\x01\x00\x00\x00":
        offset = 0
        while offset + 8 <= len(blob):
            kind, size = struct.unpack_from("<II", blob, offset)
            if size < 8:
                break
            if kind == 84 and offset + 76 <= len(blob):
                count, at = struct.unpack_from("<II", blob, offset + 44)
                found.append(blob[offset + at : offset + at + 2 * count].decode("utf-16-le", "replace"))
            offset += size
        return found
    offset = 40 if blob[:4] == b"\xd7\xcd\xc6\x9a" else 18
    while offset + 6 <= len(blob):
        words, function = struct.unpack_from("<IH", blob, offset)
        if words < 3:
            break
        if function == 0x0A32 and offset + 14 <= len(blob):
            count, options = struct.unpack_from("<hH", blob, offset + 10)
            at = offset + (22 if options & 6 else 14)
            found.append(blob[at : at + max(count, 0)].decode("cp1252", "replace"))
        offset += 2 * words
    return found


@pytest.mark.slow
def test_corpus_metafile_text_is_extractable_from_the_pdf(qapp: object, corpus: Path, tmp_path: Path) -> None:
    checked = 0
    for name, blob in corpus_metafiles(corpus):
        words = {w for s in _text_records(blob) for w in re.findall(r"[A-Za-z0-9]{4,}", s)}
        if not words:
            continue
        out = tmp_path / "text.pdf"
        assert render_pdf(out, blob, QRectF(20, 20, 500, 360), page=(540.0, 400.0)), name
        extracted = pdf_text(out)
        assert any(w in extracted for w in words), name
        checked += 1
    if not checked:
        pytest.skip("no corpus metafile holds plain text")
