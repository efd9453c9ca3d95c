"""Reading a zip's members whole (archive._read_whole) keeps zipfile's verdict on every member."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from worker.deck.archive import ArchiveLimits, open_archive

PARTS = {
    "a.xml": b"<a>" + b"hello " * 2000 + b"</a>",
    "b.bin": bytes(range(256)) * 40,
    "c.xml": b"<c/>",
}


def _zip(stored: str = "b.bin") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        for name, blob in PARTS.items():
            z.writestr(name, blob, zipfile.ZIP_STORED if name == stored else zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def _open(data: bytes, tmp_path: Path) -> tuple[dict[str, bytes], list[str]]:
    path = tmp_path / "deck.zip"
    path.write_bytes(data)
    with path.open("rb") as source:
        archive = open_archive(path, ArchiveLimits(), source)
    try:
        return {n: archive.read(n) for n in archive.names if n not in archive.damaged}, archive.damaged
    finally:
        archive.close()


def _data(data: bytes, name: str) -> tuple[int, int]:
    """Where a member's data starts in the zip, and its compressed size."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        info = z.getinfo(name)
    return info.header_offset + 30 + len(name) + len(info.extra), info.compress_size


def test_whole_members_are_read_as_zipfile_reads_them(tmp_path: Path) -> None:
    blobs, damaged = _open(_zip(), tmp_path)
    assert blobs == PARTS and damaged == []


@pytest.mark.parametrize("name", ["a.xml", "b.bin"])  # deflated, stored
def test_a_member_whose_data_is_changed_is_damaged(name: str, tmp_path: Path) -> None:
    data = bytearray(_zip())
    start, size = _data(bytes(data), name)
    data[start + size // 2] ^= 0xFF
    blobs, damaged = _open(bytes(data), tmp_path)
    assert damaged == [name]
    assert blobs == {n: b for n, b in PARTS.items() if n != name}


def test_a_local_header_naming_another_part_is_damaged(tmp_path: Path) -> None:
    # zipfile refuses a member whose local header names another file; so does reading it whole.
    data = bytearray(_zip())
    start = _data(bytes(data), "c.xml")[0] - len("c.xml")
    data[start : start + 5] = b"x.xml"
    blobs, damaged = _open(bytes(data), tmp_path)
    assert damaged == ["c.xml"] and set(blobs) == {"a.xml", "b.bin"}


def test_a_member_whose_declared_size_is_wrong_is_damaged(tmp_path: Path) -> None:
    data = bytearray(_zip())
    cd = data.find(b"PK\x01\x02")  # the central directory's first entry: a.xml
    size = int.from_bytes(data[cd + 24 : cd + 28], "little")
    data[cd + 24 : cd + 28] = (size - 1).to_bytes(4, "little")
    blobs, damaged = _open(bytes(data), tmp_path)
    assert damaged == ["a.xml"] and set(blobs) == {"b.bin", "c.xml"}
