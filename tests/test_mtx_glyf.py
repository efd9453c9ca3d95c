"""The CTF glyf rebuild (``mtx_font``) against the plain reading of the TrueType rules: point flags
folded into REPEAT runs of at most 256, deltas as bytes or words, and the size limit still checked
while runs of empty glyphs are skipped in one step."""

from __future__ import annotations

import time

import pytest

from worker.render.mtx_font import MtxError, _CtfFont, _point_data


def _plain_point_data(flags: bytes, xs: list[int], ys: list[int]) -> bytes:
    """One point at a time, straight from the TrueType glyf description."""
    out_flags: list[int] = []
    counts: list[int] = []
    x_bytes = bytearray()
    y_bytes = bytearray()
    for flag, dx, dy in zip(flags, xs, ys, strict=True):
        f = 0 if flag & 0x80 else 0x01
        for d, short, same, data in ((dx, 0x02, 0x10, x_bytes), (dy, 0x04, 0x20, y_bytes)):
            if d == 0:
                f |= same
            elif abs(d) < 256:
                f |= short | (same if d > 0 else 0)
                data.append(abs(d))
            else:
                data.extend(d.to_bytes(2, "big", signed=True))
        if out_flags and out_flags[-1] == f and counts[-1] < 256:
            counts[-1] += 1
        else:
            out_flags.append(f)
            counts.append(1)
    folded = bytearray()
    for f, count in zip(out_flags, counts, strict=True):
        folded += bytes((f | 0x08, count - 1)) if count > 1 else bytes((f,))
    return bytes(folded + x_bytes + y_bytes)


@pytest.mark.parametrize(
    "xs, ys, off_curve",
    [
        ([0, 1, -1, 255, -255, 256, -256, 300, -32768, 32767], [5, 0, 0, -7, 256, 255, -256, 0, 1, -1], [1, 4]),
        ([3] * 600, [0] * 600, []),  # one flag 600 times: runs of 256, 256 and 88
        ([3] * 257 + [-3] * 2 + [3], [1] * 260, [258]),
        ([7], [-7], [0]),
    ],
)
def test_point_flags_and_deltas_match_the_plain_encoding(xs: list[int], ys: list[int], off_curve: list[int]) -> None:
    flags = bytes(0x80 if i in off_curve else 0 for i in range(len(xs)))
    assert _point_data(flags, xs, ys) == _plain_point_data(flags, xs, ys)


def _ctf_glyf(empty_after: int) -> bytes:
    """One simple glyph of ten points moving up by 1..10 (1 contour, flags 1: +dy byte, no
    instructions), then ``empty_after`` empty glyphs."""
    glyph = b"\x00\x01" + bytes([9]) + bytes([1] * 10) + bytes(range(1, 11)) + b"\x00\x00"
    return glyph + b"\x00\x00" * empty_after


@pytest.mark.parametrize("empty_after, over_limit", [(200, False), (254, False), (255, True), (600, True)])
def test_the_size_limit_is_checked_at_every_256th_glyph_even_in_runs_of_empty_ones(
    empty_after: int, over_limit: bool
) -> None:
    glyf = _ctf_glyf(empty_after)
    font = _CtfFont(b"", b"", b"", 10, time.monotonic() + 60, hinting=False)
    font.ctf = glyf
    if over_limit:
        with pytest.raises(MtxError, match="exceeds the size limit"):
            font._glyphs(0, len(glyf), 1 + empty_after)
    else:
        out, offsets = font._glyphs(0, len(glyf), 1 + empty_after)
        assert len(offsets) == 2 + empty_after and offsets[2:] == [len(out)] * empty_after
        # 10 bytes of header, end point 9, no instructions, one flag run (x same, y short and positive), ys.
        assert out[:16] == b"\x00\x01" + b"\x00\x00\x00\x01\x00\x00\x00\x37" + b"\x00\x09\x00\x00" + b"\x3d\x09"
        assert out[16:26] == bytes(range(1, 11))


def test_a_glyph_table_cut_inside_a_run_of_empty_glyphs_still_ends_early() -> None:
    glyf = _ctf_glyf(10) + b"\x00"
    font = _CtfFont(glyf, b"", b"", 1 << 20, time.monotonic() + 60, hinting=False)
    with pytest.raises(MtxError, match="ends early"):
        font._glyphs(0, len(glyf), 13)
