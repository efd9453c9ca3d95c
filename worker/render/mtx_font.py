"""MicroType Express (MTX) font data → a TrueType font Qt can load.

MTX (W3C Member Submission, 2008) is what an EOT's FontData holds under flag 0x4. Its header is
one version byte, a 24-bit copy limit and the 24-bit offsets of blocks 2 and 3 (block 1 starts at
byte 10); each block is LZCOMP-compressed (``mtx_lzcomp``):

1. the font in Compact Table Format (CTF): an sfnt whose ``glyf`` is re-encoded (contour point
   counts, one flag per point, triplet-coded coordinates), ``loca`` left empty, ``cvt `` delta-coded
   and ``hdmx``/``VDMX`` predicted;
2. the values each glyph's instructions start by pushing;
3. the rest of each glyph's instructions.

Here ``glyf``, ``loca`` and ``cvt `` are rebuilt and the other tables copied. ``hdmx`` and ``VDMX``
(pre-computed device metrics for hinting at given sizes) are dropped: they are optional and Qt's
outline rendering never reads them. Everything is bounded: a malformed font raises ``MtxError``.
"""

from __future__ import annotations

import re
import struct
import time
from dataclasses import dataclass
from itertools import accumulate

from worker.render.mtx_lzcomp import LzcompError, decompress

MAX_OUTPUT = 64 * 1024 * 1024
DEFAULT_SECONDS = 10.0
_DROPPED = (b"hdmx", b"VDMX")
_BBOX_GIVEN = 0x7FFF  # numberOfContours marking a simple glyph stored with its bounding box

# Composite glyph component flags (TrueType).
_ARGS_ARE_WORDS = 0x0001
_HAVE_SCALE = 0x0008
_MORE_COMPONENTS = 0x0020
_HAVE_XY_SCALE = 0x0040
_HAVE_2X2 = 0x0080
_HAVE_INSTRUCTIONS = 0x0100

# TrueType glyph point flags.
_ON_CURVE = 0x01
_X_SHORT = 0x02
_Y_SHORT = 0x04
_REPEAT = 0x08
_X_SAME = 0x10  # with _X_SHORT: positive
_Y_SAME = 0x20

_NPUSHB, _NPUSHW, _PUSHB, _PUSHW = 0x40, 0x41, 0xB0, 0xB8

# Push data codes (block 2): HOP3 stands for "A B A X A" after "A B" as X, HOP4 for "A B A X A Y A".
_HOP3, _HOP4 = 251, 252

_EMPTY_GLYPHS = re.compile(b"(?:\x00\x00)*")


class MtxError(ValueError):
    """Not a usable MTX font."""


@dataclass
class _Stream:
    data: bytes
    pos: int = 0

    def take(self, count: int) -> bytes:
        end = self.pos + count
        if count < 0 or end > len(self.data):
            raise MtxError("MTX data ends early")
        chunk = self.data[self.pos : end]
        self.pos = end
        return chunk

    def byte(self) -> int:
        if self.pos >= len(self.data):
            raise MtxError("MTX data ends early")
        value = self.data[self.pos]
        self.pos += 1
        return value

    def u16(self) -> int:
        return int.from_bytes(self.take(2), "big")

    def s16(self) -> int:
        return int.from_bytes(self.take(2), "big", signed=True)

    def u255(self) -> int:
        """255UShort: 0-252 as is; 253 + a word; 254 + byte → 506 + byte; 255 + byte → 253 + byte."""
        code = self.byte()
        if code == 253:
            return self.u16()
        if code == 254:
            return 506 + self.byte()
        if code == 255:
            return 253 + self.byte()
        return code

    def s255(self) -> int:
        """255Short (push values): 250 negates what follows; 253 + a signed word; 254 and 255
        add 500 and 250 to the next byte."""
        code = self.byte()
        if code == 253:
            return self.s16()
        sign = 1
        if code == 250:
            sign = -1
            code = self.byte()
        if code == 255:
            return sign * (250 + self.byte())
        if code == 254:
            return sign * (500 + self.byte())
        return sign * code


def decode_mtx(
    data: bytes, max_output: int = MAX_OUTPUT, seconds: float = DEFAULT_SECONDS, *, hinting: bool = True
) -> bytes:
    """The TrueType font an MTX stream encodes. Raises ``MtxError`` on anything malformed, on
    output larger than ``max_output`` bytes, or when decoding takes longer than ``seconds``.

    Without ``hinting`` the glyphs keep no instructions and blocks 2 and 3 (the push values and
    the instruction bytes, a fifth of the decoding time) are not decompressed at all: outlines are
    the same, and PDFs and thumbnails draw unhinted outlines anyway."""
    deadline = time.monotonic() + seconds
    if len(data) < 10:
        raise MtxError("MTX header truncated")
    offset2 = int.from_bytes(data[4:7], "big")
    offset3 = int.from_bytes(data[7:10], "big")
    if not 10 <= offset2 <= offset3 <= len(data):
        raise MtxError("MTX block offsets out of range")
    budget = max_output
    streams = []
    blocks = (data[10:offset2], data[offset2:offset3], data[offset3:]) if hinting else (data[10:offset2], b"", b"")
    for block in blocks:
        try:
            out = decompress(block, min(budget, (1 << 24) - 1), deadline) if block else b""
        except LzcompError as exc:
            raise MtxError(str(exc)) from exc
        budget -= len(out)
        streams.append(out)
    ctf, push, code = streams
    return _CtfFont(ctf, push, code, max_output, deadline, hinting).rebuild()


class _CtfFont:
    def __init__(
        self, ctf: bytes, push: bytes, code: bytes, max_output: int, deadline: float, hinting: bool = True
    ) -> None:
        self.hinting = hinting
        self.ctf = ctf
        self.push = _Stream(push)
        self.code = _Stream(code)
        self.max_output = max_output
        self.deadline = deadline

    def rebuild(self) -> bytes:
        ctf = self.ctf
        if len(ctf) < 12:
            raise MtxError("CTF header truncated")
        (num_tables,) = struct.unpack_from(">H", ctf, 4)
        if 12 + 16 * num_tables > len(ctf):
            raise MtxError("CTF table directory truncated")
        entries: dict[bytes, tuple[int, int]] = {}
        for i in range(num_tables):
            tag, _checksum, offset, length = struct.unpack_from(">4sIII", ctf, 12 + 16 * i)
            if tag != b"loca" and offset + length > len(ctf):
                raise MtxError(f"CTF table {tag!r} out of range")
            entries[tag] = (offset, length)
        for needed in (b"head", b"maxp"):
            if needed not in entries or entries[needed][1] < (54 if needed == b"head" else 6):
                raise MtxError(f"CTF font has no usable {needed.decode()} table")
        tables: dict[bytes, bytes] = {}
        for tag, (offset, length) in entries.items():
            if tag in _DROPPED or tag in (b"glyf", b"loca"):
                continue
            tables[tag] = self._cvt(offset) if tag == b"cvt " else ctf[offset : offset + length]
        if b"glyf" in entries:
            head = bytearray(tables[b"head"])
            (num_glyphs,) = struct.unpack_from(">H", tables[b"maxp"], 4)
            glyf, offsets = self._glyphs(*entries[b"glyf"], num_glyphs)
            long_loca = head[51] == 1 or len(glyf) > 0x1FFFE
            head[50:52] = b"\x00\x01" if long_loca else b"\x00\x00"
            tables[b"head"] = bytes(head)
            tables[b"glyf"] = glyf
            if long_loca:
                tables[b"loca"] = struct.pack(f">{len(offsets)}I", *offsets)
            else:
                tables[b"loca"] = struct.pack(f">{len(offsets)}H", *(o // 2 for o in offsets))
            if self.hinting and (self.push.pos != len(self.push.data) or self.code.pos != len(self.code.data)):
                raise MtxError("MTX instruction streams not used up: the glyph data is inconsistent")
        return build_sfnt(tables)

    def _cvt(self, offset: int) -> bytes:
        """cvt values as deltas from the previous one: 0-237 as is, 238 + a signed word,
        239-247 + byte negative, 248-255 + byte positive (in steps of 238)."""
        stream = _Stream(self.ctf, offset)
        count = stream.u16()
        values = []
        last = 0
        for _ in range(count):
            code = stream.byte()
            if code >= 248:
                delta = 238 * (code - 247) + stream.byte()
            elif code >= 239:
                delta = -(238 * (code - 239) + stream.byte())
            elif code == 238:
                delta = stream.s16()
            else:
                delta = code
            last = (last + delta + 0x8000) % 0x10000 - 0x8000
            values.append(last)
        return struct.pack(f">{count}h", *values)

    def _glyphs(self, offset: int, length: int, num_glyphs: int) -> tuple[bytes, list[int]]:
        stream = _Stream(self.ctf[: offset + length], offset)
        data = stream.data
        out = bytearray()
        offsets = [0]
        index = 0
        while index < num_glyphs:
            # Runs of empty glyphs (contour count 0) are common, whole CJK ranges in some fonts:
            # one regex match skips them instead of a loop turn each.
            run = (_EMPTY_GLYPHS.match(data, stream.pos).end() - stream.pos) >> 1  # type: ignore[union-attr]
            if run:
                run = min(run, num_glyphs - index)
                stream.pos += 2 * run
                offsets += [len(out)] * run
                index += run
                checks = index >> 8 != (index - run) >> 8  # passed a glyph numbered 255 mod 256
            else:
                (contours,) = struct.unpack(">h", stream.take(2))
                if contours < 0:
                    self._composite(stream, out)
                elif contours == _BBOX_GIVEN:
                    contours = stream.s16()
                    bbox = struct.unpack(">4h", stream.take(8))
                    if contours > 0:
                        self._simple(stream, out, contours, bbox)
                    elif contours < 0:
                        raise MtxError("CTF glyph with a negative contour count after its bounding box")
                else:
                    self._simple(stream, out, contours, None)
                if len(out) % 2:
                    out.append(0)
                offsets.append(len(out))
                index += 1
                checks = not index & 255
            if checks:
                if len(out) > self.max_output:
                    raise MtxError("rebuilt glyf exceeds the size limit")
                if time.monotonic() > self.deadline:
                    raise MtxError("MTX decoding took too long")
        return bytes(out), offsets

    def _simple(self, stream: _Stream, out: bytearray, contours: int, bbox: tuple[int, ...] | None) -> None:
        # The first number is contour 0's last point index, the others are point counts.
        ends = [stream.u255()]
        for _ in range(contours - 1):
            ends.append(ends[-1] + stream.u255())
        total = ends[-1] + 1
        if total > 0xFFFF:
            raise MtxError("CTF glyph with too many points")
        flags = stream.take(total)
        data = stream.data
        pos = stream.pos
        xs: list[int] = []
        ys: list[int] = []
        try:
            for flag in flags:
                f = flag & 0x7F
                # Triplet encoding (the same table WOFF2 later reused): the low bits of the
                # flag give each delta's sign, the rest its range; 1 to 4 data bytes follow.
                if f < 10:
                    dx = 0
                    dy = ((f & 14) << 7) + data[pos]
                    if not f & 1:
                        dy = -dy
                    pos += 1
                elif f < 20:
                    dx = (((f - 10) & 14) << 7) + data[pos]
                    if not f & 1:
                        dx = -dx
                    dy = 0
                    pos += 1
                else:
                    if f < 84:
                        b0 = f - 20
                        b1 = data[pos]
                        dx = 1 + (b0 & 0x30) + (b1 >> 4)
                        dy = 1 + ((b0 & 0x0C) << 2) + (b1 & 0x0F)
                        pos += 1
                    elif f < 120:
                        b0 = f - 84
                        dx = 1 + ((b0 // 12) << 8) + data[pos]
                        dy = 1 + (((b0 % 12) >> 2) << 8) + data[pos + 1]
                        pos += 2
                    elif f < 124:
                        b2 = data[pos + 1]
                        dx = (data[pos] << 4) + (b2 >> 4)
                        dy = ((b2 & 0x0F) << 8) + data[pos + 2]
                        pos += 3
                    else:
                        dx = (data[pos] << 8) + data[pos + 1]
                        dy = (data[pos + 2] << 8) + data[pos + 3]
                        pos += 4
                    if not f & 1:
                        dx = -dx
                    if not f & 2:
                        dy = -dy
                xs.append(dx)
                ys.append(dy)
        except IndexError:
            raise MtxError("CTF glyph coordinates truncated") from None
        if pos > len(data):
            raise MtxError("CTF glyph coordinates truncated")
        stream.pos = pos
        instructions = self._instructions(stream)
        if bbox is None:
            bbox = _bounding_box(xs, ys) if xs else (0, 0, 0, 0)
        out += struct.pack(f">h4h{contours}HH", contours, *bbox, *ends, len(instructions))
        out += instructions
        out += _point_data(flags, xs, ys)

    def _composite(self, stream: _Stream, out: bytearray) -> None:
        out += b"\xff\xff" + stream.take(8)  # numberOfContours -1, bounding box
        while True:
            head = stream.take(4)  # flags, glyph index
            (flags,) = struct.unpack_from(">H", head)
            size = 4 if flags & _ARGS_ARE_WORDS else 2
            if flags & _HAVE_2X2:
                size += 8
            elif flags & _HAVE_XY_SCALE:
                size += 4
            elif flags & _HAVE_SCALE:
                size += 2
            out += head + stream.take(size)
            if not flags & _MORE_COMPONENTS:
                break
        if flags & _HAVE_INSTRUCTIONS:
            instructions = self._instructions(stream)
            out += struct.pack(">H", len(instructions)) + instructions

    def _instructions(self, stream: _Stream) -> bytes:
        push_count = stream.u255()
        if not self.hinting:
            stream.u255()  # the instruction bytes' count: they stay in the block not decompressed
            return b""
        values = self._push_values(push_count)
        code_size = stream.u255()
        return _push_instructions(values) + self.code.take(code_size)

    def _push_values(self, count: int) -> list[int]:
        push = self.push
        values: list[int] = []
        while len(values) < count:
            if push.pos >= len(push.data):
                raise MtxError("MTX push data ends early")
            code = push.data[push.pos]
            if code in (_HOP3, _HOP4):
                push.pos += 1
                if len(values) < 2:
                    raise MtxError("MTX push data hop code without two values before it")
                again = values[-2]
                values += (again, push.s255(), again)
                if code == _HOP4:
                    values += (push.s255(), again)
            else:
                values.append(push.s255())
        if len(values) != count:
            raise MtxError("MTX push data hop code runs past the glyph's push count")
        return values


def _bounding_box(xs: list[int], ys: list[int]) -> tuple[int, int, int, int]:
    ax = list(accumulate(xs))
    ay = list(accumulate(ys))
    return min(ax), min(ay), max(ax), max(ay)


def _point_data(flags: bytes, xs: list[int], ys: list[int]) -> bytes:
    """TrueType flags (runs folded with REPEAT) then x and y deltas, each in its shortest form."""
    out_flags = bytearray()
    x_bytes = bytearray()
    y_bytes = bytearray()
    previous = -1
    repeats = 0
    for flag, dx, dy in zip(flags, xs, ys, strict=True):
        f = 0 if flag & 0x80 else _ON_CURVE
        if dx == 0:
            f |= _X_SAME
        elif -256 < dx < 256:
            f |= _X_SHORT | (_X_SAME if dx > 0 else 0)
            x_bytes.append(abs(dx))
        else:
            x_bytes += (dx & 0xFFFF).to_bytes(2, "big")
        if dy == 0:
            f |= _Y_SAME
        elif -256 < dy < 256:
            f |= _Y_SHORT | (_Y_SAME if dy > 0 else 0)
            y_bytes.append(abs(dy))
        else:
            y_bytes += (dy & 0xFFFF).to_bytes(2, "big")
        if f == previous and repeats < 255:
            if repeats == 0:
                out_flags[-1] |= _REPEAT
                out_flags.append(1)
            else:
                out_flags[-1] += 1
            repeats += 1
        else:
            out_flags.append(f)
            previous = f
            repeats = 0
    return bytes(out_flags + x_bytes + y_bytes)


def _push_instructions(values: list[int]) -> bytes:
    """PUSHB/PUSHW (up to 8 values) or NPUSHB/NPUSHW (up to 255) runs pushing ``values`` in order."""
    out = bytearray()
    i = 0
    while i < len(values):
        words = not 0 <= values[i] <= 255
        j = i
        while j < len(values) and j - i < 255 and (not 0 <= values[j] <= 255) == words:
            j += 1
        run = values[i:j]
        if len(run) <= 8:
            out.append((_PUSHW if words else _PUSHB) + len(run) - 1)
        else:
            out += bytes((_NPUSHW if words else _NPUSHB, len(run)))
        out += struct.pack(f">{len(run)}h", *run) if words else bytes(run)
        i = j
    return bytes(out)


def table_checksum(data: bytes) -> int:
    padded = data + b"\0" * (-len(data) % 4)
    return sum(struct.unpack(f">{len(padded) // 4}I", padded)) & 0xFFFFFFFF


def build_sfnt(tables: dict[bytes, bytes]) -> bytes:
    """A TrueType file from its tables: sorted directory, 4-byte aligned data, checksums, and
    head.checkSumAdjustment set so the whole file sums to 0xB1B0AFBA."""
    tags = sorted(tables)
    count = len(tags)
    power = 1
    while power * 2 <= count:
        power *= 2
    header = struct.pack(">IHHHH", 0x00010000, count, power * 16, power.bit_length() - 1, count * 16 - power * 16)
    directory = bytearray()
    body = bytearray()
    offset = 12 + 16 * count
    head_at = -1
    for tag in tags:
        data = tables[tag]
        if tag == b"head":
            data = data[:8] + b"\0\0\0\0" + data[12:]
            head_at = offset + len(body)
        directory += struct.pack(">4sIII", tag, table_checksum(data), offset + len(body), len(data))
        body += data + b"\0" * (-len(data) % 4)
    font = bytearray(header + directory + body)
    if head_at >= 0:
        adjustment = (0xB1B0AFBA - table_checksum(bytes(font))) & 0xFFFFFFFF
        font[head_at + 8 : head_at + 12] = adjustment.to_bytes(4, "big")
    return bytes(font)
