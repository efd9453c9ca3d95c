"""The header segments of a JPEG, read as libjpeg reads them, up to its first scan."""

from __future__ import annotations

from collections.abc import Iterator

SOS = 0xDA  # start of scan: the entropy-coded data follows


def header_segments(blob: bytes) -> Iterator[tuple[int, bytes]]:
    """(marker, body) of each segment after SOI, ending with the first SOS (body included);
    a byte that is not a marker, or a marker without a body (RSTn, SOI, EOI), ends it early."""
    pos, size = 2, len(blob)
    while pos + 4 <= size:
        if blob[pos] != 0xFF:
            return
        marker = blob[pos + 1]
        if marker == 0xFF:  # fill byte
            pos += 1
            continue
        if 0xD0 <= marker <= 0xD9:
            return
        length = int.from_bytes(blob[pos + 2 : pos + 4], "big")
        yield marker, blob[pos + 4 : pos + 2 + length]
        if marker == SOS:
            return
        pos += 2 + length
