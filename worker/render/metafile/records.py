"""Bounds-checked little-endian reads from one metafile record."""

from __future__ import annotations

import struct

from .objects import MAX_POINTS_RECORD

Point = tuple[float, float]


class RecordError(ValueError):
    """A record is shorter than what it claims to hold."""


class Record:
    __slots__ = ("data", "kind")

    def __init__(self, kind: int, data: bytes) -> None:
        self.kind = kind
        self.data = data  # the whole record, header included

    def _need(self, offset: int, size: int) -> None:
        if offset < 0 or size < 0 or offset + size > len(self.data):
            raise RecordError(f"record {self.kind:#x} too short ({len(self.data)} < {offset + size})")

    def u16(self, offset: int) -> int:
        self._need(offset, 2)
        return int(struct.unpack_from("<H", self.data, offset)[0])

    def i16(self, offset: int) -> int:
        self._need(offset, 2)
        return int(struct.unpack_from("<h", self.data, offset)[0])

    def u32(self, offset: int) -> int:
        self._need(offset, 4)
        return int(struct.unpack_from("<I", self.data, offset)[0])

    def i32(self, offset: int) -> int:
        self._need(offset, 4)
        return int(struct.unpack_from("<i", self.data, offset)[0])

    def f32(self, offset: int) -> float:
        self._need(offset, 4)
        return float(struct.unpack_from("<f", self.data, offset)[0])

    def i16s(self, offset: int, count: int) -> tuple[int, ...]:
        self._count(count)
        self._need(offset, 2 * count)
        return struct.unpack_from(f"<{count}h", self.data, offset)

    def i32s(self, offset: int, count: int) -> tuple[int, ...]:
        self._count(count)
        self._need(offset, 4 * count)
        return struct.unpack_from(f"<{count}i", self.data, offset)

    def u32s(self, offset: int, count: int) -> tuple[int, ...]:
        self._count(count)
        self._need(offset, 4 * count)
        return struct.unpack_from(f"<{count}I", self.data, offset)

    def points(self, offset: int, count: int, small: bool) -> list[Point]:
        """``count`` POINTL (or POINTS when ``small``) at ``offset``."""
        flat = self.i16s(offset, 2 * count) if small else self.i32s(offset, 2 * count)
        return [(float(flat[i]), float(flat[i + 1])) for i in range(0, len(flat), 2)]

    def bytes_at(self, offset: int, size: int) -> bytes:
        self._need(offset, size)
        return self.data[offset : offset + size]

    def _count(self, count: int) -> None:
        if count < 0 or count > 2 * MAX_POINTS_RECORD:
            raise RecordError(f"record {self.kind:#x}: count {count} out of range")


def split_polys(counts: tuple[int, ...], points: list[Point]) -> list[list[Point]]:
    """Cut a flat point list into the polygons of a PolyPoly* record."""
    out: list[list[Point]] = []
    at = 0
    for n in counts:
        if n < 0 or at + n > len(points):
            break
        out.append(points[at : at + n])
        at += n
    return out
