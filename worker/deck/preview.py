"""The preview picture a presentation file carries of its first slide, for decks the built-in
renderer does not draw: legacy PowerPoint 97-2003 files (.ppt, .pps, .pot) keep one in their
SummaryInformation property set (PowerPoint saves it by default: a metafile wrapping a bitmap of the
slide), OpenDocument presentations in ``Thumbnails/thumbnail.png``. The window shows it as the
job's thumbnail, as a file manager would.

Only bytes are read here (Qt-free); worker/render/thumbnail.py draws them.
"""

from __future__ import annotations

import logging
import struct
import zipfile
import zlib
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from worker.deck import cfb

log = logging.getLogger(__name__)

MAX_PREVIEW_BYTES = 8 * 1024 * 1024  # PowerPoint's are ~60 KB; a bigger one is not worth reading

_SUMMARY_STREAM = "\x05SummaryInformation"
_PIDSI_THUMBNAIL = 0x11
_VT_CF = 0x47
_WINDOWS_FORMAT = 0xFFFFFFFF  # a ClipboardData Format tag: a Windows clipboard format id follows
_CF_METAFILEPICT, _CF_DIB, _CF_ENHMETAFILE = 3, 8, 14
_ODF_THUMBNAIL = "Thumbnails/thumbnail.png"


class PreviewKind(str, Enum):
    METAFILE = "metafile"  # WMF or EMF bytes
    DIB = "dib"  # a packed device-independent bitmap (BITMAPINFO + bits)
    IMAGE = "image"  # a file Qt reads (PNG)


@dataclass(frozen=True)
class StoredPreview:
    kind: PreviewKind
    data: bytes
    # Width over height where the file says it (a metafile's suggested size); None: the picture's own.
    aspect: float | None = None


def stored_preview(path: Path) -> StoredPreview | None:
    """The preview picture stored in the file at ``path``, or None when it has none we read."""
    try:
        with path.open("rb") as fh:
            magic = fh.read(8)
        if magic == cfb.CFB_MAGIC:
            return _summary_thumbnail(path)
        if magic[:4] == b"PK\x03\x04":
            return _odf_thumbnail(path)
    except (OSError, ValueError, EOFError, RuntimeError, zipfile.BadZipFile, struct.error, zlib.error) as exc:
        # A damaged container (CfbError is a ValueError), a damaged or encrypted zip member.
        log.info("no stored preview in %s: %s", path, exc)
    return None


def _odf_thumbnail(path: Path) -> StoredPreview | None:
    with zipfile.ZipFile(path) as archive:
        try:
            info = archive.getinfo(_ODF_THUMBNAIL)
        except KeyError:
            return None
        if info.file_size > MAX_PREVIEW_BYTES:
            return None
        return StoredPreview(PreviewKind.IMAGE, archive.read(info))


def _summary_thumbnail(path: Path) -> StoredPreview | None:
    stream = cfb.read_stream(path, _SUMMARY_STREAM, MAX_PREVIEW_BYTES + 64 * 1024)
    if stream is None:
        return None
    value = _property(stream, _PIDSI_THUMBNAIL)
    if value is None or len(value) < 16:
        return None
    kind, size, tag, clip_format = struct.unpack_from("<HxxIII", value, 0)
    if kind != _VT_CF or tag != _WINDOWS_FORMAT:
        return None  # a Macintosh PICT or a named format: nothing this reads
    data = value[16 : 8 + size]
    if clip_format == _CF_METAFILEPICT and len(data) > 8:
        # A METAFILEPICT's mapping mode and suggested size (HIMETRIC), then the WMF itself.
        x_ext, y_ext = struct.unpack_from("<hh", data, 2)
        aspect = x_ext / y_ext if x_ext > 0 and y_ext > 0 else None
        return StoredPreview(PreviewKind.METAFILE, data[8:], aspect)
    if clip_format == _CF_ENHMETAFILE:
        return StoredPreview(PreviewKind.METAFILE, data)
    if clip_format == _CF_DIB:
        return StoredPreview(PreviewKind.DIB, data)
    return None


def _property(stream: bytes, wanted: int) -> bytes | None:
    """The typed value of property ``wanted`` in the first property set of a property set stream
    ([MS-OLEPS] 2.21: a header, then per set its FMTID and offset; a set holds its size, its count
    and (id, offset) pairs), up to the set's end."""
    byte_order, _version, _system, _clsid, sets = struct.unpack_from("<HHI16sI", stream, 0)
    if byte_order != 0xFFFE or sets < 1:
        return None
    (start,) = struct.unpack_from("<I", stream, 28 + 16)
    size, count = struct.unpack_from("<II", stream, start)
    end = min(start + size, len(stream))
    for k in range(min(count, (end - start - 8) // 8)):
        pid, offset = struct.unpack_from("<II", stream, start + 8 + 8 * k)
        if pid == wanted and 8 <= offset < end - start:
            return stream[start + offset : end]
    return None
