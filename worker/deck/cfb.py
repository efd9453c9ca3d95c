"""Names of the streams in an OLE compound file (CFB), enough to tell what the file is.

Encrypted OOXML (an ``EncryptedPackage`` stream), legacy .ppt (``PowerPoint Document``), .doc and
.xls all share this container. Only the directory is read: a bounded number of sectors, following
the FAT with a guard against loops.
"""

from __future__ import annotations

import logging
import struct
from pathlib import Path
from typing import BinaryIO

log = logging.getLogger(__name__)

CFB_MAGIC = bytes.fromhex("d0cf11e0a1b11ae1")
_END_OF_CHAIN = 0xFFFFFFFE
_MAX_SECTOR = 0xFFFFFFFA
_HEADER_DIFAT = 109
_MAX_DIRECTORY_SECTORS = 4096  # 4096 sectors of 4 KiB hold 131,072 entries: far beyond any real file


class CfbError(ValueError):
    """The compound file's header or directory is damaged."""


def stream_names(path: Path) -> set[str]:
    """Every storage and stream name in the directory of the compound file at ``path``."""
    with path.open("rb") as fh:
        header = fh.read(512)
        if len(header) < 512 or header[:8] != CFB_MAGIC:
            raise CfbError("not a compound file")
        sector_shift = struct.unpack_from("<H", header, 0x1E)[0]
        if sector_shift not in (9, 12):
            raise CfbError(f"bad sector size 2^{sector_shift}")
        sector_size = 1 << sector_shift
        (dir_start,) = struct.unpack_from("<I", header, 0x30)
        difat_start, difat_count = struct.unpack_from("<II", header, 0x44)
        fat_sectors = [s for s in struct.unpack_from(f"<{_HEADER_DIFAT}I", header, 0x4C) if s <= _MAX_SECTOR]
        fat_sectors += _more_difat(fh, sector_size, difat_start, difat_count)
        fat = _read_fat(fh, sector_size, fat_sectors)
        names: set[str] = set()
        for sector in _chain(fat, dir_start):
            block = _read_sector(fh, sector_size, sector)
            for off in range(0, len(block) - 127, 128):
                name_len, kind = struct.unpack_from("<HB", block, off + 0x40)
                if kind in (1, 2, 5) and 2 <= name_len <= 64:
                    names.add(block[off : off + name_len - 2].decode("utf-16-le", "replace"))
        return names


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


def _chain(fat: list[int], start: int) -> list[int]:
    chain: list[int] = []
    seen: set[int] = set()
    sector = start
    while sector != _END_OF_CHAIN:
        if sector > _MAX_SECTOR or sector >= len(fat) or sector in seen:
            raise CfbError(f"broken directory chain at sector {sector}")
        if len(chain) >= _MAX_DIRECTORY_SECTORS:
            raise CfbError("directory too long")
        seen.add(sector)
        chain.append(sector)
        sector = fat[sector]
    return chain
