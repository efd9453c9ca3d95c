"""Deflate for the PDF streams Slidepress writes itself (and inflate for those Qt wrote).

zlib-ng writes the same zlib format about five times faster than the standard library at the same
level, with streams a few per cent larger; the standard library stands in where its wheel is not
installed, so a PDF is the same either way to a reader.
"""

from __future__ import annotations

import zlib
from typing import Protocol, cast

try:
    from zlib_ng import zlib_ng as _zlib
except ImportError:  # pragma: no cover - zlib-ng is a dependency; this keeps a stray build working
    import zlib as _zlib  # type: ignore[no-redef]


def compress(data: bytes, level: int = 6) -> bytes:
    """``data`` as one zlib stream (PDF /FlateDecode)."""
    return bytes(_zlib.compress(data, level))


class Deflater:
    """One zlib stream compressed from pieces handed over one by one, gathered into chunks of
    CHUNK bytes first (a compressor call per small piece costs more than the compressing)."""

    CHUNK = 1 << 20

    def __init__(self, level: int = 6) -> None:
        self._compressor = _zlib.compressobj(level)
        self._pending: list[bytes] = []
        self._pending_bytes = 0
        self._out: list[bytes] = []

    def add(self, piece: bytes) -> None:
        self._pending.append(piece)
        self._pending_bytes += len(piece)
        if self._pending_bytes >= self.CHUNK:
            self._out.append(bytes(self._compressor.compress(b"".join(self._pending))))
            self._pending.clear()
            self._pending_bytes = 0

    def finish(self) -> bytes:
        """The whole stream (the same format as ``compress``'s)."""
        self._out.append(bytes(self._compressor.compress(b"".join(self._pending))))
        self._out.append(bytes(self._compressor.flush()))
        self._pending.clear()
        return b"".join(self._out)


# What a stream that does not inflate raises (zlib-ng's own error, or the standard library's).
# (zlib-ng's stubs type its error as an instance.)
INFLATE_ERRORS: tuple[type[Exception], ...] = (zlib.error, cast(type[Exception], _zlib.error))


class Inflater(Protocol):
    """An inflating object (zlib's decompressobj interface, as much of it as is used)."""

    @property
    def unconsumed_tail(self) -> bytes: ...

    @property
    def eof(self) -> bool: ...

    def decompress(self, data: bytes | memoryview, max_length: int = 0, /) -> bytes: ...

    def copy(self) -> Inflater: ...


def inflater() -> Inflater:
    """A fresh zlib-ng decompressobj: it inflates the same bytes as the standard library's, and
    PNG pixel data (long runs, short distances) seven to eight times as fast. It raises one of
    INFLATE_ERRORS where zlib raises zlib.error."""
    return cast(Inflater, _zlib.decompressobj())


def crc32(data: bytes | memoryview, value: int = 0) -> int:
    """zlib's CRC-32 (as PNG chunks carry), by zlib-ng: several times as fast on long data."""
    return int(_zlib.crc32(data, value))


def adler32(data: bytes | memoryview, value: int = 1) -> int:
    """zlib's Adler-32 (a zlib stream's checksum), by zlib-ng."""
    return int(_zlib.adler32(data, value))


def decompress(data: bytes) -> bytes:
    """A whole zlib stream inflated (zlib-ng: the same bytes as the standard library, faster)."""
    return bytes(_zlib.decompress(data))
