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


# What a stream that does not inflate raises (zlib-ng's own error, or the standard library's).
# (zlib-ng's stubs type its error as an instance.)
INFLATE_ERRORS: tuple[type[Exception], ...] = (zlib.error, cast(type[Exception], _zlib.error))


class Inflater(Protocol):
    """An inflating object (zlib's decompressobj interface, as much of it as is used)."""

    @property
    def unconsumed_tail(self) -> bytes: ...

    @property
    def eof(self) -> bool: ...

    def decompress(self, data: bytes, max_length: int = 0, /) -> bytes: ...


def inflater() -> Inflater:
    """A fresh zlib-ng decompressobj: it inflates the same bytes as the standard library's, and
    PNG pixel data (long runs, short distances) seven to eight times as fast. It raises one of
    INFLATE_ERRORS where zlib raises zlib.error."""
    return cast(Inflater, _zlib.decompressobj())


def decompress(data: bytes) -> bytes:
    """A whole zlib stream inflated (zlib-ng: the same bytes as the standard library, faster)."""
    return bytes(_zlib.decompress(data))
