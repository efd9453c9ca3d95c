"""A PDF rewritten with some objects replaced and some added, the others copied byte for byte.

Finishing Qt's PDF (text merge, ToUnicode fixes, outline, links, metadata) changes a fraction of
its objects. Cloning the whole document into a pypdf writer parses and re-serialises every
object, fonts and pictures included, and was most of the finishing time. Here only the objects
that change are read and written; the rest are copied as they are from the file Qt wrote, which
has one classic cross-reference table (anything else raises ``PatchError`` and the caller takes
the pypdf way).
"""

from __future__ import annotations

import logging
import re
import zlib
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path
from typing import Any

from pypdf import PdfReader
from pypdf.generic import IndirectObject, PdfObject

log = logging.getLogger(__name__)

_XREF_SECTION = re.compile(rb"(\d+) (\d+)\s*\r?\n")
_ENTRY = re.compile(rb"(\d{10}) (\d{5}) ([nf])")
_TRAILER = re.compile(rb"trailer\s*<<")
# How Qt writes a page's content stream: deflated, its length an object of its own.
_FLATE_STREAM = re.compile(rb"\d+ 0 obj\s*<<\s*/Length (\d+) 0 R\s*/Filter /FlateDecode\s*>>\s*stream\r?\n")
_LENGTH = re.compile(rb"\d+ 0 obj\s*(\d+)\s*endobj")


class PatchError(ValueError):
    """The file is not one this module patches (no classic xref table, updates, encryption...)."""


@dataclass
class PdfPatch:
    data: bytes
    reader: PdfReader
    offsets: dict[int, int]  # object number → offset of its "N 0 obj"
    xref_at: int
    size: int  # the trailer's /Size: the next free object number
    replaced: dict[int, PdfObject] = field(default_factory=dict)
    added: list[PdfObject] = field(default_factory=list)

    @classmethod
    def open(cls, source: Path) -> PdfPatch:
        data = source.read_bytes()
        xref_at = _startxref(data)
        offsets, trailer_at = _xref_table(data, xref_at)
        reader = PdfReader(BytesIO(data))
        trailer = reader.trailer
        if any(key in trailer for key in ("/Prev", "/XRefStm", "/Encrypt")):
            raise PatchError("the PDF has updates, a cross-reference stream or encryption")
        size = int(trailer.get("/Size", 0))
        if not offsets or max(offsets) >= size or trailer_at < max(offsets.values()):
            raise PatchError("the cross-reference table does not match the trailer")
        for number, offset in offsets.items():
            if not data.startswith(b"%d 0 obj" % number, offset):
                raise PatchError(f"object {number} is not where the table says")
        return cls(data, reader, offsets, xref_at, size)

    def replace(self, ref: IndirectObject, obj: PdfObject) -> None:
        """Write ``obj`` under ``ref``'s number (the reader's own object, changed in place, or a new one)."""
        if ref.idnum not in self.offsets:
            raise PatchError(f"object {ref.idnum} is not in the file")
        self.replaced[ref.idnum] = obj

    def add(self, obj: PdfObject) -> IndirectObject:
        """A new object; its reference can be used in other objects before it is written."""
        self.added.append(obj)
        return IndirectObject(self.size + len(self.added) - 1, 0, self.reader)

    def reference(self, obj: Any) -> IndirectObject:
        """The reference of an object read from the file."""
        ref = getattr(obj, "indirect_reference", None)
        if not isinstance(ref, IndirectObject) or ref.idnum not in self.offsets:
            raise PatchError("object without a reference in the file")
        return ref

    def flate_stream(self, ref: IndirectObject) -> bytes | None:
        """The inflated data of a stream object as Qt writes page contents, read from the file
        without pypdf parsing the object; None for any other shape (the caller asks pypdf)."""
        offset = self.offsets.get(ref.idnum)
        head = _FLATE_STREAM.match(self.data, offset) if offset is not None else None
        length_at = self.offsets.get(int(head.group(1))) if head is not None else None
        found = _LENGTH.match(self.data, length_at) if length_at is not None else None
        if head is None or found is None:
            return None
        start = head.end()
        end = start + int(found.group(1))
        if not re.match(rb"\r?\n?endstream", self.data[end : end + 12]):
            return None
        try:
            return zlib.decompress(self.data[start:end])
        except zlib.error:
            return None

    def write(self, target: Path, trailer: dict[str, PdfObject]) -> None:
        """The patched file; ``trailer`` entries (/Root, /Info, /ID...) replace the original's."""
        data = self.data
        order = sorted(self.offsets.items(), key=lambda item: item[1])
        out = bytearray(data[: order[0][1]])
        new_offsets: dict[int, int] = {}
        for i, (number, start) in enumerate(order):
            new_offsets[number] = len(out)
            obj = self.replaced.get(number)
            if obj is None:
                end = order[i + 1][1] if i + 1 < len(order) else self.xref_at
                out += data[start:end]
            else:
                out += _serialized(number, obj)
        for i, obj in enumerate(self.added):
            number = self.size + i
            new_offsets[number] = len(out)
            out += _serialized(number, obj)
        size = self.size + len(self.added)
        xref_at = len(out)
        entries = [b"xref\n0 %d\n0000000000 65535 f \n" % size]
        for number in range(1, size):
            offset = new_offsets.get(number)
            entries.append(b"0000000000 65535 f \n" if offset is None else b"%010d 00000 n \n" % offset)
        out += b"".join(entries)
        merged: dict[str, Any] = {key: value for key, value in self.reader.trailer.items() if key != "/Size"}
        merged.update(trailer)
        stream = BytesIO()
        stream.write(b"trailer\n<<\n/Size %d\n" % size)
        for key, value in merged.items():
            stream.write(key.encode("latin-1") + b" ")
            value.write_to_stream(stream)
            stream.write(b"\n")
        stream.write(b">>\nstartxref\n%d\n%%%%EOF\n" % xref_at)
        out += stream.getvalue()
        target.write_bytes(out)


def _serialized(number: int, obj: PdfObject) -> bytes:
    stream = BytesIO()
    stream.write(b"%d 0 obj\n" % number)
    obj.write_to_stream(stream)
    stream.write(b"\nendobj\n")
    return stream.getvalue()


def _startxref(data: bytes) -> int:
    at = data.rfind(b"startxref", max(0, len(data) - 1024))
    if at < 0:
        raise PatchError("no startxref")
    try:
        offset = int(data[at + 9 :].split()[0])
    except (ValueError, IndexError):
        raise PatchError("unreadable startxref") from None
    if not data.startswith(b"xref", offset):
        raise PatchError("no classic cross-reference table")
    return offset


def _xref_table(data: bytes, at: int) -> tuple[dict[int, int], int]:
    """Object number → offset of the in-use entries, and where the trailer starts."""
    pos = at + 4
    while data[pos : pos + 1] in (b" ", b"\r", b"\n"):
        pos += 1
    offsets: dict[int, int] = {}
    while True:
        section = _XREF_SECTION.match(data, pos)
        if section is None:
            break
        first, count = int(section.group(1)), int(section.group(2))
        pos = section.end()
        for number in range(first, first + count):
            entry = _ENTRY.match(data, pos)
            if entry is None:
                raise PatchError("unreadable cross-reference entry")
            pos = entry.end()
            while data[pos : pos + 1] in (b" ", b"\r", b"\n"):
                pos += 1
            if entry.group(3) == b"n":
                if int(entry.group(2)) != 0:
                    raise PatchError("object generations other than 0")
                offsets[number] = int(entry.group(1))
    if _TRAILER.match(data, pos) is None:
        raise PatchError("no trailer after the cross-reference table")
    return offsets, pos
