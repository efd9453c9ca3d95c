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


# Pixel data held uncompressed for Qt's decoder up to this size (rows of the largest PNG in the
# corpus: 14.5 MB); larger pictures are decoded from their own stream as before.
MAX_STORED_BYTES = 16 << 20


def rows_for_decoding(blob: bytes) -> tuple[bytes, str]:
    """``whole_rows``, for Qt's decoder: a PNG whose stream is whole has its rows, as the check
    inflated them, handed over uncompressed (deflate's stored blocks), which libpng only copies.

    Qt's PNG reader inflates with its own zlib, several times slower on PNG data than zlib-ng,
    and the check has inflated the stream already: over the corpus's 130 decoded PNGs, Qt took
    0.30 s from their streams and 0.18 s from stored rows. libpng reads the same rows either way,
    so the pixels are the same. Anything else (damaged, not read by rows, over MAX_STORED_BYTES)
    is ``whole_rows``' answer."""
    fixed, damage = whole_rows(blob)
    if fixed is not blob or damage:
        return fixed, damage
    with _RECENT_LOCK:
        held = _last_rows.pop(blob, None)
    if held is None:  # checked earlier, its rows since let go (a picture decoded again at a new size)
        held = _whole_stream_rows(blob)
    if held is None:
        return blob, ""
    first, last, rows = held
    return _with_stored_rows(blob, first, last, rows), ""


# The rows of the PNG checked last, when its stream is whole and they are at most
# MAX_STORED_BYTES: rows_for_decoding, which comes next when the picture is decoded, takes them.
# A deck's end lets them go (forget_rows): a converter keeps no picture of a deck for the next.
_last_rows: dict[bytes, tuple[int, int, list[bytes]]] = {}


def forget_rows() -> None:
    """Let go of the rows kept for a decode (see _last_rows), when a deck is done."""
    with _RECENT_LOCK:
        _last_rows.clear()


def _whole_stream_rows(blob: bytes) -> tuple[int, int, list[bytes]] | None:
    """(offset of the first IDAT chunk, offset after the last, the rows in pieces) of a PNG whose stream is
    whole rows, at most MAX_STORED_BYTES of them; None otherwise."""
    try:
        found = _chunks(blob)
    except (struct.error, ValueError):
        return None
    need = _row_bytes(found[2]) if found is not None else None
    if found is None or need is None or need > MAX_STORED_BYTES:
        return None
    kept: list[bytes] = []
    length, ended, _failed = _inflated_length(found[3], need + 1, kept)
    return (found[0], found[1], kept) if length == need and ended else None


_STORED_BLOCK = 0xFFFF  # the most a stored deflate block holds


def _with_stored_rows(blob: bytes, first: int, last: int, rows: list[bytes]) -> bytes:
    """``blob`` with its IDAT chunks (``first`` to ``last``) replaced by one holding ``rows`` (in
    pieces, as inflated) as a zlib stream of stored blocks, put together with one copy of the rows
    (each copy of a picture's rows is a fresh allocation the size of the picture)."""
    stream: list[bytes | memoryview] = [b"\x78\x01"]  # zlib header: deflate, 32K window, no dictionary
    adler = 1
    rows = [piece for piece in rows if piece]  # the last block must be the one marked final
    for index, rows_piece in enumerate(rows):
        view = memoryview(rows_piece)
        adler = deflate.adler32(view, adler)
        for start in range(0, len(view), _STORED_BLOCK):
            piece = view[start : start + _STORED_BLOCK]
            final = index == len(rows) - 1 and start + _STORED_BLOCK >= len(view)
            stream += (struct.pack("<BHH", final, len(piece), len(piece) ^ 0xFFFF), piece)
    stream.append(struct.pack(">I", adler))
    crc = deflate.crc32(b"IDAT")
    for part in stream:
        crc = deflate.crc32(part, crc)
    length = struct.pack(">I", sum(len(part) for part in stream))
    return b"".join([blob[:first], length, b"IDAT", *stream, struct.pack(">I", crc), blob[last:]])


def _row_bytes(header: tuple[int, ...]) -> int | None:
    """The bytes of pixel data (filter bytes included) a PNG's IHDR fields call for; None for
    pictures not told so (interlaced, an unknown colour type, no pixels)."""
    width, height, bits, color_type, _, _, interlace = header
    channels = _CHANNELS.get(color_type)
    if channels is None or interlace or width == 0 or height == 0:
        return None
    return (1 + (width * bits * channels + 7) // 8) * height


def _whole_rows(blob: bytes) -> tuple[bytes, str]:
    try:
        found = _chunks(blob)
    except (struct.error, ValueError):
        return blob, ""
    if found is None:
        return blob, ""
    first, last, header, stream = found
    need = _row_bytes(header)
    if need is None or need > MAX_ROW_BYTES:
        return blob, ""
    width, height = header[0], header[1]
    row = need // height
    pieces: list[bytes] | None = [] if need <= MAX_STORED_BYTES else None
    length, ended, failed = _inflated_length(stream, need + 1, pieces)
    if length == need and ended:
        if pieces is not None:
            with _RECENT_LOCK:
                _last_rows.clear()
                _last_rows[blob] = (first, last, pieces)
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


def _inflated_length(stream: bytes, limit: int, kept: list[bytes] | None = None) -> tuple[int, bool, bool]:
    """(bytes the stream inflates to, at most ``limit``; whether it ended; whether it failed),
    without holding the output unless ``kept`` is given (the output's pieces are added to it)."""
    # zlib-ng: the same answers as zlib, seven to eight times as fast on PNG data (every stored
    # PNG is checked so). What a failing stream gave before failing may differ: it is not used.
    inflater = deflate.inflater()
    total, pending = 0, stream
    try:
        while total < limit:
            want = min(_CHUNK, limit - total)
            out = inflater.decompress(pending, want)
            if kept is not None:
                kept.append(out)
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
