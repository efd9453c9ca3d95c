"""A minimal OLE compound file writer ([MS-CFB] version 3, 512-byte sectors) for tests: top-level
streams only, those under 4 KiB in the mini stream as real writers put them."""

from __future__ import annotations

import struct

from worker.deck.cfb import CFB_MAGIC

SECTOR = 512
MINI = 64
CUTOFF = 4096
FREE, END, FAT_SECTOR, NO_STREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF


def _pad(data: bytes, size: int) -> bytes:
    return data + b"\0" * (-len(data) % size)


def _entry(name: str, kind: int, start: int, size: int, right: int = NO_STREAM, child: int = NO_STREAM) -> bytes:
    raw = (name + "\0").encode("utf-16-le")
    return (
        raw.ljust(64, b"\0")
        + struct.pack("<HBB", len(raw), kind, 1)  # black node
        + struct.pack("<III", NO_STREAM, right, child)
        + b"\0" * 16  # CLSID
        + b"\0" * 4  # state bits
        + b"\0" * 16  # creation and modification times
        + struct.pack("<IQ", start, size)
    )


def compound_file(streams: dict[str, bytes]) -> bytes:
    """A compound file holding ``streams`` (at most 3, so the directory is one sector)."""
    assert len(streams) <= 3
    fat: list[int] = []
    sectors: list[bytes] = []

    def place(data: bytes) -> int:
        blocks = [data[i : i + SECTOR] for i in range(0, len(data), SECTOR)] or [b""]
        first = len(sectors)
        for k, block in enumerate(blocks):
            sectors.append(_pad(block, SECTOR))
            fat.append(first + k + 1 if k + 1 < len(blocks) else END)
        return first

    fat.append(FAT_SECTOR)  # sector 0: the FAT itself, filled in last
    sectors.append(b"")
    directory_at = len(sectors)
    fat.append(END)
    sectors.append(b"")
    mini_fat: list[int] = []
    mini_stream = b""
    entries: list[tuple[str, int, int]] = []
    for name, data in streams.items():
        if len(data) < CUTOFF:
            first = len(mini_stream) // MINI
            count = max(1, -(-len(data) // MINI))
            mini_fat += [first + k + 1 if k + 1 < count else END for k in range(count)]
            mini_stream += _pad(data, MINI) if data else b"\0" * MINI
            entries.append((name, first, len(data)))
        else:
            entries.append((name, place(data), len(data)))
    mini_fat_at = place(struct.pack(f"<{len(mini_fat)}I", *mini_fat)) if mini_fat else END
    root_at = place(mini_stream) if mini_stream else END
    directory = _entry("Root Entry", 5, root_at, len(mini_stream), child=1 if entries else NO_STREAM)
    for k, (name, start, size) in enumerate(entries):
        directory += _entry(name, 2, start, size, right=k + 2 if k + 1 < len(entries) else NO_STREAM)
    sectors[directory_at] = _pad(directory, SECTOR)
    assert len(fat) <= SECTOR // 4
    sectors[0] = struct.pack(f"<{SECTOR // 4}I", *(fat + [FREE] * (SECTOR // 4 - len(fat))))
    header = (
        CFB_MAGIC
        + b"\0" * 16
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + b"\0" * 6
        + struct.pack("<IIIIIIIII", 0, 1, directory_at, 0, CUTOFF, mini_fat_at, 1 if mini_fat else 0, END, 0)
        + struct.pack("<109I", 0, *([FREE] * 108))
    )
    assert len(header) == SECTOR
    return header + b"".join(sectors)


def summary_information(pid: int, value: bytes) -> bytes:
    """A SummaryInformation property set stream holding one property: ``value`` is its typed value."""
    fmtid = bytes.fromhex("e0859ff2f94f6810ab9108002b27b3d9")
    body = struct.pack("<II", pid, 16) + _pad(value, 4)
    section = struct.pack("<II", 8 + len(body), 1) + body
    header = struct.pack("<HHI16sI", 0xFFFE, 0, 0x00020006, b"\0" * 16, 1) + fmtid + struct.pack("<I", 48)
    return header + section


def clipboard_thumbnail(clip_format: int, data: bytes) -> bytes:
    """A VT_CF value: a Windows clipboard format ``clip_format`` holding ``data``."""
    return struct.pack("<HxxIII", 0x47, 8 + len(data), 0xFFFFFFFF, clip_format) + data
