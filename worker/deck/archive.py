"""The zip container of a deck, read with limits, and rebuilt from local headers when damaged.

A .pptx is a zip. Its central directory (at the end) lists the parts; each part is also preceded
by a local file header. Files cut short or mangled lose the central directory while most local
headers and data remain, so such a zip can be walked from the front and the whole parts kept.
Every size read from the file is checked against ``ArchiveLimits`` before anything is inflated:
a zip bomb is refused, not expanded.
"""

from __future__ import annotations

import logging
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, cast

from worker.errors import CorruptDeckError, DeckTooLargeError

try:  # zlib-ng inflates the same streams to the same bytes, faster (a deck's parts: 0.14 -> 0.08 s)
    from zlib_ng import zlib_ng as _zlib
except ImportError:  # pragma: no cover - zlib-ng is a dependency; this keeps a stray build working
    _zlib = zlib  # type: ignore[misc]
# What a member that does not inflate raises (zlib-ng's stubs type its error as an instance).
_INFLATE_ERRORS: tuple[type[Exception], ...] = (zlib.error, cast(type[Exception], _zlib.error))

log = logging.getLogger(__name__)

_LOCAL_SIG = b"PK\x03\x04"
_LOCAL_HEADER = struct.Struct("<4sHHHHHIIIHH")
_FLAG_ENCRYPTED = 0x1
_FLAG_DATA_DESCRIPTOR = 0x8
_STORED = 0
_DEFLATED = 8
_GIB = 1 << 30
_MIB = 1 << 20
_VERIFY_CHUNK = 1 << 20


@dataclass(frozen=True)
class ArchiveLimits:
    """What a deck may declare before it is refused as absurd (a zip bomb or not a deck)."""

    # python-pptx holds every part in memory at once, so the total bounds the converter's memory
    # (it must stay under 1.5 GiB with Qt and the decoded pictures on top).
    max_total_bytes: int = 1 * _GIB
    # Parts cost little each (55,000 tiny ones: 1.3 s, 132 MB); slides are what cost, and a deck of
    # 10,000 slides (20,000 parts and more) converts in under a minute and 300 MB.
    max_parts: int = 60_000
    max_part_bytes: int = 512 * _MIB
    max_file_bytes: int = 4 * _GIB
    # A deck repaired in memory exists three times over (parts, rebuilt zip, python-pptx's copy).
    max_rewrite_bytes: int = 320 * _MIB


@dataclass
class Archive:
    """The parts of a zip: from its central directory, or recovered from its local headers."""

    path: Path
    names: list[str]
    sizes: dict[str, int]
    recovered: bool = False
    # Parts whose data is cut short, does not inflate or fails its CRC. In a recovered zip they
    # are not among ``names``; in a whole one they are, and reading them raises CorruptDeckError.
    damaged: list[str] = field(default_factory=list)
    _blobs: dict[str, bytes] = field(default_factory=dict, repr=False)
    _zip: zipfile.ZipFile | None = field(default=None, repr=False)

    def __contains__(self, name: str) -> bool:
        return name in self.sizes

    def read(self, name: str) -> bytes:
        """The bytes of part ``name`` (zip member name, no leading slash)."""
        if name in self._blobs:
            return self._blobs[name]
        if self._zip is None:
            raise KeyError(name)
        if name in self.damaged:
            raise CorruptDeckError(f"Corrupt deck: part {name} is damaged in the zip")
        try:
            # zipfile stops inflating at the declared size, which the limits already checked.
            return self._zip.read(name)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:
            raise CorruptDeckError(f"Corrupt deck: part {name} cannot be read ({exc})") from exc

    def members(self) -> dict[str, bytes] | None:
        """Every member's bytes (name -> bytes), when all were read whole; None when some are
        damaged or were never read."""
        if self.damaged or len(self._blobs) != len(self.sizes):
            return None
        return self._blobs

    def close(self) -> None:
        if self._zip is not None:
            self._zip.close()
            self._zip = None


def _check_totals(count: int, total: int, biggest: tuple[str, int], limits: ArchiveLimits) -> None:
    if count > limits.max_parts:
        raise DeckTooLargeError(f"Deck too large: {count} parts (the limit is {limits.max_parts})")
    if total > limits.max_total_bytes:
        raise DeckTooLargeError(
            f"Deck too large: it unpacks to {_gib(total)} (the limit is {_gib(limits.max_total_bytes)})"
        )
    name, size = biggest
    if size > limits.max_part_bytes:
        raise DeckTooLargeError(
            f"Deck too large: part {name} unpacks to {_gib(size)} (the limit is {_gib(limits.max_part_bytes)})"
        )


def _gib(size: int) -> str:
    return f"{size / _GIB:.1f} GiB" if size >= _GIB // 10 else f"{size / _MIB:.0f} MiB"


def open_archive(path: Path, limits: ArchiveLimits, source: IO[bytes] | None = None) -> Archive:
    """The zip at ``path`` (read through ``source`` when given, so one open file is read throughout);
    a zip without a usable central directory is recovered if possible."""
    try:
        zf = zipfile.ZipFile(source if source is not None else path)
    except (zipfile.BadZipFile, EOFError, ValueError, struct.error) as exc:
        log.info("%s: no usable central directory (%s); recovering from local headers", path, exc)
        return recover_archive(path, limits, source)
    try:
        infos = [i for i in zf.infolist() if not i.is_dir()]
        total = sum(i.file_size for i in infos)
        biggest = max(((i.filename, i.file_size) for i in infos), key=lambda t: t[1], default=("", 0))
        _check_totals(len(infos), total, biggest, limits)
        if any(i.flag_bits & _FLAG_ENCRYPTED for i in infos):
            raise CorruptDeckError("Corrupt deck: its zip entries are encrypted, which Office never does")
        blobs, damaged = _verified_members(zf, infos)
    except BaseException:
        zf.close()
        raise
    if damaged:
        log.warning("%s: %d damaged parts: %s", path, len(damaged), ", ".join(damaged[:5]))
    names = [i.filename for i in infos]
    sizes = {i.filename: i.file_size for i in infos}
    return Archive(path=path, names=names, sizes=sizes, damaged=damaged, _blobs=blobs, _zip=zf)


def _verified_members(zf: zipfile.ZipFile, infos: list[zipfile.ZipInfo]) -> tuple[dict[str, bytes], list[str]]:
    """The bytes of the members whose data gives exactly the declared size and CRC, each read in
    bounded chunks, and the names of the others. python-pptx would read each member whole, and
    zipfile inflates a member in one call of up to 2 GiB whatever its header declared, so a header
    that lies is caught here; and a damaged member then costs only that part
    (worker/deck/repair.py), not the deck. The bytes are kept: every reader after this one (our
    package checks, python-pptx) takes them instead of inflating the member again."""
    blobs: dict[str, bytes] = {}
    damaged = []
    for info in infos:
        direct = _read_whole(zf.fp, info) if zf.fp is not None else None
        if direct is not None:
            blobs[info.filename] = direct
            continue
        try:
            with zf.open(info) as member:
                chunks = []
                while chunk := member.read(_VERIFY_CHUNK):
                    chunks.append(chunk)
        except NotImplementedError as exc:
            raise CorruptDeckError(f"Corrupt deck: part {info.filename} uses an unknown compression") from exc
        except (zipfile.BadZipFile, zlib.error, EOFError, ValueError) as exc:
            log.debug("part %s is damaged: %s", info.filename, exc)
            damaged.append(info.filename)
        except OSError as exc:
            raise CorruptDeckError(f"Corrupt deck: part {info.filename} cannot be read ({exc})") from exc
        else:
            blobs[info.filename] = chunks[0] if len(chunks) == 1 else b"".join(chunks)
    for name in damaged:  # a name listed twice with one entry damaged is damaged (Archive.read raises)
        blobs.pop(name, None)
    return blobs, damaged


# Members up to this compressed size are read in one piece by _read_whole; larger ones in chunks.
_DIRECT_MAX = 64 * _MIB
_MASK_PATCHED_OR_STRONG = 0x60  # zipfile refuses both (NotImplementedError)


def _read_whole(fp: IO[bytes], info: zipfile.ZipInfo) -> bytes | None:
    """A member's bytes read straight from the zip, when it is a plain stored or deflated entry
    whose local header matches the directory and whose data gives exactly the declared size and
    CRC; None for anything else, which zipfile then reads (and judges) as before.

    What this accepts, zipfile would return the same bytes for: it reads the same compressed bytes
    (the directory's offset, sizes and CRC, the local header's name and extra lengths) and inflates
    them (with zlib-ng: a deflate stream has one decoding, and the CRC is checked). zipfile's
    per-member file objects and chunked reads cost more than the inflating of a deck's many small
    parts."""
    if info.flag_bits & (_FLAG_ENCRYPTED | _MASK_PATCHED_OR_STRONG) or info.compress_size > _DIRECT_MAX:
        return None
    if info.compress_type not in (_STORED, _DEFLATED):
        return None
    try:
        fp.seek(info.header_offset)
        header = fp.read(_LOCAL_HEADER.size)
        if len(header) != _LOCAL_HEADER.size:
            return None
        sig, _, flags, _, _, _, _, _, _, name_len, extra_len = _LOCAL_HEADER.unpack(header)
        if sig != _LOCAL_SIG:
            return None
        name = fp.read(name_len)
        if name.decode("utf-8" if flags & 0x800 else "cp437") != info.orig_filename:
            return None
        fp.seek(extra_len, 1)
        raw = fp.read(info.compress_size)
    except (OSError, ValueError):
        return None
    if len(raw) != info.compress_size:
        return None
    if info.compress_type == _STORED:
        data = raw
    else:
        inflater = _zlib.decompressobj(-15)
        try:
            data = inflater.decompress(raw, info.file_size + 1)
        except _INFLATE_ERRORS:
            return None
        if not inflater.eof:  # a stream that goes on (or stops short) is zipfile's to judge
            return None
    if len(data) != info.file_size or _zlib.crc32(data) != info.CRC:
        return None
    return data


def recover_archive(path: Path, limits: ArchiveLimits, source: IO[bytes] | None = None) -> Archive:
    """Rebuild the member list from local file headers, keeping only parts whose data is whole."""
    # Everything recovered is held in memory and rebuilt once more: the rewrite limit applies.
    cap = min(limits.max_file_bytes, limits.max_rewrite_bytes)
    if source is None:
        size = path.stat().st_size
        if size > cap:
            raise DeckTooLargeError(f"Deck too large to repair: {_gib(size)} on disk")
        data = path.read_bytes()
    else:
        source.seek(0)
        data = source.read(cap + 1)
        if len(data) > cap:
            raise DeckTooLargeError(f"Deck too large to repair: more than {_gib(cap)} on disk")
    limits = ArchiveLimits(
        max_total_bytes=min(limits.max_total_bytes, limits.max_rewrite_bytes),
        max_parts=limits.max_parts,
        max_part_bytes=min(limits.max_part_bytes, limits.max_rewrite_bytes),
        max_file_bytes=limits.max_file_bytes,
        max_rewrite_bytes=limits.max_rewrite_bytes,
    )
    blobs: dict[str, bytes] = {}
    damaged: list[str] = []
    total = 0
    pos = 0
    while pos + _LOCAL_HEADER.size <= len(data) and data[pos : pos + 4] == _LOCAL_SIG:
        (_, _, flags, method, _, _, crc, csize, usize, name_len, extra_len) = _LOCAL_HEADER.unpack_from(data, pos)
        name_start = pos + _LOCAL_HEADER.size
        data_start = name_start + name_len + extra_len
        if data_start > len(data):
            break
        name = data[name_start : name_start + name_len].decode("utf-8" if flags & 0x800 else "cp437")
        if len(blobs) + len(damaged) >= limits.max_parts:
            raise DeckTooLargeError(f"Deck too large: more than {limits.max_parts} parts")
        entry = _LocalEntry(name, flags, method, csize, usize, data_start)
        blob, consumed = _inflate_entry(data, entry, limits)
        if blob is None or (crc and zlib.crc32(blob) != crc and not flags & _FLAG_DATA_DESCRIPTOR):
            damaged.append(name)
        elif not name.endswith("/"):
            total += len(blob)
            if total > limits.max_total_bytes:
                _check_totals(len(blobs), total, (name, len(blob)), limits)
            blobs[name] = blob
        if consumed is None:
            break  # the data runs to the end of the file or its length is unknown: nothing follows
        pos = data_start + consumed
        if flags & _FLAG_DATA_DESCRIPTOR:
            pos = _skip_descriptor(data, pos)
    if not blobs:
        raise CorruptDeckError("Corrupt deck: the zip has no central directory and no readable parts")
    log.info("%s: recovered %d parts from local headers, %d damaged", path, len(blobs), len(damaged))
    return Archive(
        path=path,
        names=list(blobs),
        sizes={n: len(b) for n, b in blobs.items()},
        recovered=True,
        damaged=damaged,
        _blobs=blobs,
    )


@dataclass(frozen=True)
class _LocalEntry:
    name: str
    flags: int
    method: int
    csize: int
    usize: int
    start: int  # offset of the compressed data


def _inflate_entry(data: bytes, entry: _LocalEntry, limits: ArchiveLimits) -> tuple[bytes | None, int | None]:
    """(the part's bytes or None when damaged, compressed bytes consumed or None when unknown)."""
    flags, method, csize, usize, start = entry.flags, entry.method, entry.csize, entry.usize, entry.start
    sized = not flags & _FLAG_DATA_DESCRIPTOR
    if sized and usize > limits.max_part_bytes:
        raise DeckTooLargeError(f"Deck too large: a part declares {_gib(usize)}")
    if method == _STORED:
        if not sized or start + csize > len(data):
            return None, None
        return data[start : start + csize], csize
    if method != _DEFLATED:
        return None, (csize if sized else None)
    end = start + csize if sized else len(data)
    inflater = zlib.decompressobj(-15)
    try:
        # max_length caps the output whatever the header claimed.
        out = inflater.decompress(data[start:end], limits.max_part_bytes + 1)
    except zlib.error:
        return None, (csize if sized and end <= len(data) else None)
    if len(out) > limits.max_part_bytes:
        raise DeckTooLargeError(f"Deck too large: part {entry.name} inflates past {_gib(limits.max_part_bytes)}")
    if not inflater.eof or (sized and len(out) != usize):
        return None, (csize if end <= len(data) else None)
    consumed = (end - start) - len(inflater.unused_data)
    return out, (csize if sized else consumed)


def _skip_descriptor(data: bytes, pos: int) -> int:
    # Data descriptor: optional signature, crc, compressed and uncompressed sizes (32-bit form).
    if data[pos : pos + 4] == b"PK\x07\x08":
        return pos + 16
    return pos + 12
