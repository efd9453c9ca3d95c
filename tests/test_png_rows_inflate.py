"""The whole-rows check of a PNG (png_rows) inflates its pixel data with zlib-ng, not the standard
library's zlib: for PNG data (long runs, short distances) it is seven to eight times as fast, and
the check inflated every stored PNG once per conversion (a fifth of a second over the corpus).
Its answers must stay those of zlib: whole streams, streams cut short, streams running on past the
picture, and damaged ones."""

from __future__ import annotations

import random
import struct
import zlib

import pytest

from worker.render import deflate, png_rows

WIDTH, HEIGHT = 120, 90


def _rows(seed: int = 1) -> bytes:
    """Rows of filter byte 0 and RGB samples: a ramp with some noise, so the stream has both runs
    and literals."""
    rng = random.Random(seed)
    return b"".join(
        b"\x00" + bytes(v for x in range(WIDTH) for v in (x * 2 % 256, y * 3 % 256, rng.randrange(40)))
        for y in range(HEIGHT)
    )


def _png(stream: bytes) -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", WIDTH, HEIGHT, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", stream) + chunk(b"IEND", b"")


def _reference_length(stream: bytes, limit: int) -> tuple[int, bool, bool]:
    """png_rows._inflated_length as it was, on the standard library's zlib."""
    inflater = zlib.decompressobj()
    total, pending = 0, stream
    try:
        while total < limit:
            want = min(1 << 20, limit - total)
            out = inflater.decompress(pending, want)
            total += len(out)
            pending = inflater.unconsumed_tail
            if inflater.eof or (not pending and len(out) < want):
                break
    except zlib.error:
        return total, False, True
    return total, inflater.eof, False


def test_row_check_inflates_with_zlib_ng(monkeypatch: pytest.MonkeyPatch) -> None:
    used: list[deflate.Inflater] = []
    make = deflate.inflater

    def spying() -> deflate.Inflater:
        used.append(make())
        return used[-1]

    monkeypatch.setattr(deflate, "inflater", spying)
    rows = _rows(seed=7)
    png = _png(zlib.compress(rows, 6))
    assert png_rows.whole_rows(png) == (png, "")
    assert len(used) == 1
    assert type(used[0]).__module__.startswith("zlib_ng")


@pytest.mark.parametrize("level", [1, 6, 9])
def test_row_check_answers_as_zlib_on_whole_cut_long_and_damaged_streams(level: int) -> None:
    rows = _rows(seed=level)
    need = (1 + 3 * WIDTH) * HEIGHT
    assert len(rows) == need
    whole = zlib.compress(rows, level)
    long = zlib.compress(rows + bytes(5000), level)
    streams = [whole, long, whole[: len(whole) // 2], whole[:-4], whole[:2], b"", b"\x78\x9c\x00"]
    rng = random.Random(level)
    for _ in range(60):
        flipped = bytearray(whole)
        flipped[rng.randrange(2, len(flipped))] ^= 1 << rng.randrange(8)
        streams.append(bytes(flipped))
        streams.append(whole[: rng.randrange(len(whole))])
    for stream in streams:
        total, ended, failed = png_rows._inflated_length(stream, need + 1)
        expected = _reference_length(stream, need + 1)
        # Where a stream fails, how much came out before is neither library's promise (nor used).
        assert (ended, failed) == expected[1:], stream[:16]
        if not failed:
            assert total == expected[0]


def test_whole_cut_and_long_pngs_are_answered_as_before() -> None:
    rows = _rows(seed=3)
    need = len(rows)
    whole = zlib.compress(rows, 6)
    assert png_rows.whole_rows(_png(whole)) == (_png(whole), "")
    cut, damage = png_rows.whole_rows(_png(whole[: len(whole) // 2]))
    assert damage == png_rows.DATA_ENDS_EARLY
    long, damage = png_rows.whole_rows(_png(zlib.compress(rows + bytes(4096), 6)))
    assert damage == ""
    for rebuilt in (cut, long):
        found = png_rows._chunks(rebuilt)
        assert found is not None
        inflated = zlib.decompress(found[3])
        assert len(inflated) == need
    # The cut picture keeps the rows it has (whole ones), zero samples after them.
    inflated = zlib.decompress(png_rows._chunks(cut)[3])  # type: ignore[index]
    kept = len(inflated.rstrip(b"\x00"))
    assert 0 < kept < need and inflated[: kept - 400] == rows[: kept - 400]
    assert zlib.decompress(png_rows._chunks(long)[3]) == rows  # type: ignore[index]
