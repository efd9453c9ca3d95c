"""Names of the streams in an OLE compound file (CFB), enough to tell what the file is, and small
streams read whole (a legacy deck's stored preview picture, worker/deck/preview.py).

Encrypted OOXML (an ``EncryptedPackage`` stream), legacy .ppt (``PowerPoint Document``), .doc and
.xls all share this container. Reading is bounded: a bounded number of sectors, following the FAT
with a guard against loops ([MS-CFB] 2.2-2.6).
"""

from __future__ import annotations

import logging
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

log = logging.getLogger(__name__)

CFB_MAGIC = bytes.fromhex("d0cf11e0a1b11ae1")
_END_OF_CHAIN = 0xFFFFFFFE
_MAX_SECTOR = 0xFFFFFFFA
_HEADER_DIFAT = 109
_MAX_DIRECTORY_SECTORS = 4096  # 4096 sectors of 4 KiB hold 131,072 entries: far beyond any real file
_MINI_SECTOR = 64


class CfbError(ValueError):
    """The compound file's header or directory is damaged."""


@dataclass(frozen=True)
class _Entry:
    name: str
    kind: int  # 1 storage, 2 stream, 5 root
    start: int
    size: int


@dataclass(frozen=True)
class _Layout:
    sector_size: int
    fat: list[int]
    entries: list[_Entry]
    mini_cutoff: int
    mini_fat_start: int


def _layout(fh: BinaryIO) -> _Layout:
    header = fh.read(512)
    if len(header) < 512 or header[:8] != CFB_MAGIC:
        raise CfbError("not a compound file")
    sector_shift = struct.unpack_from("<H", header, 0x1E)[0]
    if sector_shift not in (9, 12):
        raise CfbError(f"bad sector size 2^{sector_shift}")
    sector_size = 1 << sector_shift
    (dir_start,) = struct.unpack_from("<I", header, 0x30)
    mini_cutoff, mini_fat_start = struct.unpack_from("<II", header, 0x38)
    difat_start, difat_count = struct.unpack_from("<II", header, 0x44)
    fat_sectors = [s for s in struct.unpack_from(f"<{_HEADER_DIFAT}I", header, 0x4C) if s <= _MAX_SECTOR]
    fat_sectors += _more_difat(fh, sector_size, difat_start, difat_count)
    fat = _read_fat(fh, sector_size, fat_sectors)
    entries: list[_Entry] = []
    for sector in _chain(fat, dir_start):
        block = _read_sector(fh, sector_size, sector)
        for off in range(0, len(block) - 127, 128):
            name_len, kind = struct.unpack_from("<HB", block, off + 0x40)
            if kind in (1, 2, 5) and 2 <= name_len <= 64:
                name = block[off : off + name_len - 2].decode("utf-16-le", "replace")
                start, size = struct.unpack_from("<IQ", block, off + 0x74)
                if sector_size == 512:
                    size &= 0xFFFFFFFF  # version 3 files may leave the high half as garbage
                entries.append(_Entry(name, kind, start, size))
    return _Layout(sector_size, fat, entries, mini_cutoff, mini_fat_start)


def stream_names(path: Path) -> set[str]:
    """Every storage and stream name in the directory of the compound file at ``path``."""
    with path.open("rb") as fh:
        return {entry.name for entry in _layout(fh).entries}


def read_stream(path: Path, name: str, max_bytes: int) -> bytes | None:
    """The stream ``name`` (a top-level one's name; names are unique enough for the streams read
    here) of the compound file at ``path``, or None when it has none or it is over ``max_bytes``.

    Streams under the mini cutoff (4 KiB) live in 64-byte sectors inside the root's mini stream."""
    with path.open("rb") as fh:
        layout = _layout(fh)
        entry = next((e for e in layout.entries if e.kind == 2 and e.name == name), None)
        if entry is None or entry.size > max_bytes:
            return None
        limit = entry.size // layout.sector_size + 2
        if entry.size >= layout.mini_cutoff:
            data = b"".join(_read_sector(fh, layout.sector_size, s) for s in _chain(layout.fat, entry.start, limit))
            return _exact(data, entry.size)
        root = next((e for e in layout.entries if e.kind == 5), None)
        if root is None:
            raise CfbError("no root entry")
        mini_fat: list[int] = []
        for sector in _chain(layout.fat, layout.mini_fat_start, _MAX_DIRECTORY_SECTORS):
            mini_fat.extend(struct.unpack(f"<{layout.sector_size // 4}I", _read_sector(fh, layout.sector_size, sector)))
        # The mini stream itself, as far as this stream reaches into it.
        mini_sectors = _chain(mini_fat, entry.start, entry.size // _MINI_SECTOR + 2)
        stream_sectors = _chain(layout.fat, root.start, _MAX_DIRECTORY_SECTORS)
        per = layout.sector_size // _MINI_SECTOR
        pieces = []
        for mini in mini_sectors:
            host, within = divmod(mini, per)
            if host >= len(stream_sectors):
                raise CfbError(f"mini sector {mini} is past the mini stream")
            block = _read_sector(fh, layout.sector_size, stream_sectors[host])
            pieces.append(block[within * _MINI_SECTOR : (within + 1) * _MINI_SECTOR])
        return _exact(b"".join(pieces), entry.size)


def _exact(data: bytes, size: int) -> bytes:
    if len(data) < size:
        raise CfbError(f"stream ends {size - len(data)} bytes short")
    return data[:size]


def _read_sector(fh: BinaryIO, sector_size: int, sector: int) -> bytes:
    fh.seek((sector + 1) * sector_size)
    block = fh.read(sector_size)
    if len(block) < sector_size:
        raise CfbError(f"sector {sector} is past the end of the file")
    return block


def _more_difat(fh: BinaryIO, sector_size: int, start: int, count: int) -> list[int]:
    out: list[int] = []
    per = sector_size // 4 - 1
    sector = start
    for _ in range(min(count, _MAX_DIRECTORY_SECTORS)):
        if sector > _MAX_SECTOR:
            break
        values = struct.unpack(f"<{per + 1}I", _read_sector(fh, sector_size, sector))
        out += [s for s in values[:per] if s <= _MAX_SECTOR]
        sector = values[per]
    return out


def _read_fat(fh: BinaryIO, sector_size: int, fat_sectors: list[int]) -> list[int]:
    fat: list[int] = []
    per = sector_size // 4
    for sector in fat_sectors:
        fat.extend(struct.unpack(f"<{per}I", _read_sector(fh, sector_size, sector)))
    return fat


def _chain(fat: list[int], start: int, limit: int = _MAX_DIRECTORY_SECTORS) -> list[int]:
    chain: list[int] = []
    seen: set[int] = set()
    sector = start
    while sector != _END_OF_CHAIN:
        if sector > _MAX_SECTOR or sector >= len(fat) or sector in seen:
            raise CfbError(f"broken sector chain at sector {sector}")
        if len(chain) >= limit:
            raise CfbError("sector chain too long")
        seen.add(sector)
        chain.append(sector)
        sector = fat[sector]
    return chain
