"""A PNG's pixel data made exactly as long as its rows, when it is not.

A PNG whose chunks are whole can still hold a zlib stream that stops short (a copy cut off and its
chunk lengths fixed up, data damaged in the middle) or runs on far past the picture (a stream of
a gigabyte for a picture of a few hundred kilobytes). libpng refuses the first ("Not enough image
data") and Qt draws nothing; PDF readers given such data as it is each do their own thing (Acrobat
refuses an image whose data is short). LibreOffice and browsers show the rows there are. So the
stream is rebuilt: the whole rows it holds, then rows of zero samples (black, or the palette's
first colour) for those it lacks, and nothing past the last row.
"""

from __future__ import annotations

import logging
import struct
import threading
import zlib

from worker.render import deflate

log = logging.getLogger(__name__)

_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}  # samples per pixel by colour type
_CHUNK = 1 << 20  # inflated at a time when counting
_DAMAGED_CHUNK = 1 << 12  # and when keeping the rows of a damaged stream (an error loses a piece)
# A picture whose rows come to more is left as it is (Qt scales such pictures down when reading).
MAX_ROW_BYTES = 256 << 20
_COMPRESSION = 5
DATA_ENDS_EARLY = "its pixel data ends early"
DATA_DAMAGED = "its compressed pixel data is damaged"
# The last few PNGs' answers, by their bytes: a picture stored as it is is checked for the PDF's
# stream, then again when its pixels are decoded to tell whether it is a photograph (fills.py's
# _paint_stored asks both in a row), and each check inflates the whole picture. Few: the entries
# hold their pictures' bytes.
_RECENT: dict[bytes, tuple[bytes, str]] = {}
_RECENT_LIMIT = 4
_RECENT_LOCK = threading.Lock()


def whole_rows(blob: bytes) -> tuple[bytes, str]:
    """``blob`` with pixel data exactly its rows, and what was wrong ('' when nothing was lost:
    the same bytes when nothing was wrong, or when the PNG is not one this can tell about)."""
    if not blob.startswith(_SIGNATURE):
        return blob, ""
    answer = _RECENT.get(blob)
    if answer is None:
        answer = _whole_rows(blob)
        with _RECENT_LOCK:  # thumbnails render in threads of the window's process too
            while len(_RECENT) >= _RECENT_LIMIT:
                del _RECENT[next(iter(_RECENT))]
            _RECENT[blob] = answer
    return answer


def _whole_rows(blob: bytes) -> tuple[bytes, str]:
    try:
        found = _chunks(blob)
    except (struct.error, ValueError):
        return blob, ""
    if found is None:
        return blob, ""
    first, last, header, stream = found
    width, height, bits, color_type, _, _, interlace = header
    channels = _CHANNELS.get(color_type)
    if channels is None or interlace or width == 0 or height == 0:
        return blob, ""
    row = 1 + (width * bits * channels + 7) // 8
    need = row * height
    if need > MAX_ROW_BYTES:
        return blob, ""
    length, ended, failed = _inflated_length(stream, need + 1)
    if length == need and ended:
        return blob, ""  # the usual case: as it is
    rows = _inflated(stream, need)
    kept = len(rows) // row * row
    damage = "" if kept == need else DATA_DAMAGED if failed else DATA_ENDS_EARLY
    if damage:
        log.info("PNG of %d x %d: %d of its %d rows are there", width, height, kept // row, height)
    rebuilt = deflate.compress(rows[:kept] + bytes(need - kept), _COMPRESSION)
    return blob[:first] + _chunk(b"IDAT", rebuilt) + blob[last:], damage


def _chunks(blob: bytes) -> tuple[int, int, tuple[int, ...], bytes] | None:
    """(offset of the first IDAT chunk, offset after the last, IHDR fields, the joined stream)."""
    pos, first, last = len(_SIGNATURE), -1, -1
    header: tuple[int, ...] | None = None
    parts: list[bytes] = []
    while pos + 12 <= len(blob):
        length, kind = struct.unpack(">I4s", blob[pos : pos + 8])
        end = pos + 12 + length
        if end > len(blob):
            return None
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", blob[pos + 8 : pos + 21])
        elif kind == b"IDAT":
            if blob[end - 4 : end] != struct.pack(">I", zlib.crc32(blob[pos + 4 : end - 4])):
                return None  # libpng refuses a chunk failing its CRC: left to fail as it does
            if first < 0:
                first = pos
            elif last != pos:
                return None  # pixel data in pieces apart: not a PNG libpng reads either
            parts.append(blob[pos + 8 : pos + 8 + length])
            last = end
        elif kind == b"IEND":
            break
        pos = end
    if header is None or first < 0:
        return None
    return first, last, header, b"".join(parts)


def _inflated_length(stream: bytes, limit: int) -> tuple[int, bool, bool]:
    """(bytes the stream inflates to, at most ``limit``; whether it ended; whether it failed),
    without holding the output."""
    # zlib-ng: the same answers as zlib, seven to eight times as fast on PNG data (every stored
    # PNG is checked so). What a failing stream gave before failing may differ: it is not used.
    inflater = deflate.inflater()
    total, pending = 0, stream
    try:
        while total < limit:
            want = min(_CHUNK, limit - total)
            out = inflater.decompress(pending, want)
            total += len(out)
            pending = inflater.unconsumed_tail
            if inflater.eof or (not pending and len(out) < want):
                break
    except deflate.INFLATE_ERRORS:
        return total, False, True
    return total, inflater.eof, False


def _inflated(stream: bytes, limit: int) -> bytes:
    """What the stream inflates to, at most ``limit`` bytes, up to where it fails (a failing
    piece's output is lost: pieces are small here). Only for streams found wrong: zlib itself, so
    the rows kept of a damaged picture stay exactly those zlib gives."""
    inflater = zlib.decompressobj()
    out: list[bytes] = []
    total, pending = 0, stream
    try:
        while total < limit:
            want = min(_DAMAGED_CHUNK, limit - total)
            piece = inflater.decompress(pending, want)
            out.append(piece)
            total += len(piece)
            pending = inflater.unconsumed_tail
            if inflater.eof or (not pending and len(piece) < want):
                break
    except zlib.error:
        pass
    return b"".join(out)


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
