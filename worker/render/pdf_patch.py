"""A PDF rewritten with some objects replaced and some added, the others copied byte for byte.

Finishing Qt's PDF (text merge, ToUnicode fixes, outline, links, metadata) changes a fraction of
its objects. Cloning the whole document into a pypdf writer parses and re-serialises every
object, fonts and pictures included, and was most of the finishing time. Here only the objects
that change are written, and the few that finishing looks at (page tree, resources, fonts, image
dictionaries) are read by a small parser of plain PDF syntax, much cheaper than pypdf's object
reader. The file must be as Qt writes it: one classic cross-reference table, no updates or
encryption, every object where the table says. Anything else (and any object this parser does
not read) raises ``PatchError``, and the caller takes the pypdf way.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, NamedTuple, TypeAlias

from worker.render import deflate

log = logging.getLogger(__name__)

_XREF_SECTION = re.compile(rb"(\d+) (\d+)\s*\r?\n")
_ENTRY = re.compile(rb"(\d{10}) (\d{5}) ([nf])")
_TRAILER = re.compile(rb"trailer\s*<<")


class PatchError(ValueError):
    """The file is not one this module patches (no classic xref table, updates, encryption...)."""


class Ref(NamedTuple):
    """An indirect reference ``N 0 R``."""

    number: int


# A parsed object: a dictionary (keys are names as written, b"/Type"), an array, a reference, or
# any other token as written (numbers, names, strings with their delimiters, true/false/null), so
# that what is read is written back exactly.
Value: TypeAlias = dict[bytes, "Value"] | list["Value"] | Ref | bytes

_DELIMITERS = rb"\s/\[\]<>(){}%"
_TOKEN = re.compile(
    rb"[\0\t\n\f\r ]*(?:"
    rb"(<<|>>|\[|\])"  # 1: container delimiters
    rb"|(\d+)[\0\t\n\f\r ]+0[\0\t\n\f\r ]+R(?![^" + _DELIMITERS + rb"])"  # 2: a reference
    rb"|(/[^" + _DELIMITERS + rb"]*"  # 3: a name,
    rb"|[-+]?(?:\d+\.?\d*|\.\d+)(?![^" + _DELIMITERS + rb"])"  # a number,
    rb"|\((?:[^\\()]|\\.)*\)"  # a literal string without unescaped parentheses,
    rb"|<[0-9A-Fa-f\0\t\n\f\r ]*>"  # a hex string,
    rb"|(?:true|false|null)(?![^" + _DELIMITERS + rb"]))"  # or a keyword
    rb")",
    re.DOTALL,
)
# The rest of a flat array of numbers up to its "]" (a font's /W glyph widths: Qt writes one array
# of every glyph's width), read in one match instead of token by token. The separators are those
# bytes.split() splits on too; anything else in the array (a reference, a name, NUL) falls to the
# token-by-token reading.
_NUMBERS = re.compile(rb"((?:[\t\n\f\r ]*[-+]?(?:\d+\.?\d*|\.\d+)(?=[\t\n\f\r \]]))*)[\t\n\f\r ]*\]")
_OBJ = re.compile(rb"(\d+) 0 obj")
_AFTER = re.compile(rb"[\0\t\n\f\r ]*(endobj|stream\r?\n)")
_ENDSTREAM = re.compile(rb"\r?\n?endstream")


def parse_value(data: bytes, pos: int, *, flat_arrays: bool = True) -> tuple[Value, int]:
    """The object starting at ``pos`` (leading white space skipped) and where it ends.

    ``flat_arrays`` False reads arrays of numbers token by token too (the tests compare the two)."""
    stack: list[list[Value]] = []  # open arrays and dictionaries (as flat lists of keys and values)
    kinds: list[bytes] = []
    match = _TOKEN.match
    while True:
        token = match(data, pos)
        if token is None:
            raise PatchError(f"unreadable object syntax at {pos}")
        pos = token.end()
        value: Value
        delimiter = token.group(1)
        numbers = _NUMBERS.match(data, pos) if flat_arrays and delimiter == b"[" else None
        if numbers is not None:
            pos = numbers.end()
            value = [*numbers.group(1).split()]
        elif delimiter is not None:
            if delimiter in (b"<<", b"["):
                stack.append([])
                kinds.append(delimiter)
                continue
            if not kinds or kinds.pop() != (b"<<" if delimiter == b">>" else b"["):
                raise PatchError(f"unbalanced {delimiter!r} at {pos}")
            items = stack.pop()
            if delimiter == b"]":
                value = items
            else:
                if len(items) % 2 or not all(isinstance(k, bytes) and k[:1] == b"/" for k in items[0::2]):
                    raise PatchError(f"malformed dictionary before {pos}")
                value = dict(zip(items[0::2], items[1::2], strict=True))  # type: ignore[arg-type]
        elif token.group(2) is not None:
            value = Ref(int(token.group(2)))
        else:
            value = token.group(3)
        if not stack:
            return value, pos
        stack[-1].append(value)


def serialize(value: Value) -> bytes:
    """``value`` in PDF syntax."""
    if isinstance(value, bytes):
        return value
    if isinstance(value, Ref):
        return b"%d 0 R" % value.number
    if isinstance(value, list):
        return b"[" + b" ".join(serialize(item) for item in value) + b"]"
    return b"<<" + b"".join(b"%s %s\n" % (key, serialize(item)) for key, item in value.items()) + b">>"


def stream_object(entries: dict[bytes, Value], data: bytes) -> bytes:
    """A stream object's body: ``entries`` (any /Length dropped) and ``data``, written as given."""
    head, data = stream_body(entries, data)
    return head + data + b"\nendstream"


class StreamBody(NamedTuple):
    """A stream object's body kept in two pieces, its data not copied into one string with its
    dictionary: a picture put in as it is (picture_passthrough) stays the deck's own bytes until
    written, where a thousand photographs were otherwise held twice (450 MB more)."""

    head: bytes  # the dictionary and "stream"
    data: bytes


def stream_body(entries: dict[bytes, Value], data: bytes) -> StreamBody:
    """stream_object's body in its two pieces (the data not copied)."""
    head = {key: item for key, item in entries.items() if key != b"/Length"}
    head[b"/Length"] = b"%d" % len(data)
    return StreamBody(serialize(head) + b"\nstream\n", data)


@dataclass
class PdfPatch:
    data: bytes
    offsets: dict[int, int]  # object number → offset of its "N 0 obj"
    xref_at: int
    size: int  # the trailer's /Size: the next free object number
    trailer: dict[bytes, Value]
    written: dict[int, bytes | StreamBody] = field(default_factory=dict)  # number → new body (replaced or added)
    _parsed: dict[int, tuple[Value, int]] = field(default_factory=dict)
    _added: int = 0

    @classmethod
    def open(cls, source: Path) -> PdfPatch:
        data = source.read_bytes()
        xref_at = _startxref(data)
        offsets, trailer_at = _xref_table(data, xref_at)
        trailer, _ = parse_value(data, data.index(b"<<", trailer_at))
        if not isinstance(trailer, dict):
            raise PatchError("unreadable trailer")
        if any(key in trailer for key in (b"/Prev", b"/XRefStm", b"/Encrypt")):
            raise PatchError("the PDF has updates, a cross-reference stream or encryption")
        size_token = trailer.get(b"/Size", b"0")
        size = int(size_token) if isinstance(size_token, bytes) and size_token.isdigit() else 0
        if not offsets or max(offsets) >= size or trailer_at < max(offsets.values()):
            raise PatchError("the cross-reference table does not match the trailer")
        for number, offset in offsets.items():
            if not data.startswith(b"%d 0 obj" % number, offset):
                raise PatchError(f"object {number} is not where the table says")
        return cls(data, offsets, xref_at, size, trailer)

    def _read(self, number: int) -> tuple[Value, int]:
        """Object ``number``'s value and where what follows it (endobj or stream) starts."""
        found = self._parsed.get(number)
        if found is None:
            offset = self.offsets.get(number)
            head = _OBJ.match(self.data, offset) if offset is not None else None
            if head is None:
                raise PatchError(f"object {number} is not in the file")
            found = self._parsed[number] = parse_value(self.data, head.end())
        return found

    def get(self, value: Value) -> Value:
        """``value``, or the object it refers to."""
        return self._read(value.number)[0] if isinstance(value, Ref) else value

    def dictionary(self, value: Value) -> dict[bytes, Value]:
        found = self.get(value)
        if not isinstance(found, dict):
            raise PatchError("expected a dictionary")
        return found

    def object_numbers(self) -> list[int]:
        """The numbers of the file's objects, in order."""
        return sorted(self.offsets)

    def _stream_start(self, number: int) -> tuple[dict[bytes, Value], int] | None:
        """A stream object's dictionary and where its data starts; None for any other object."""
        entries, end = self._read(number)
        after = _AFTER.match(self.data, end)
        if not isinstance(entries, dict) or after is None or after.group(1) == b"endobj":
            return None
        return entries, after.end()

    def is_stream(self, number: int) -> bool:
        return self._stream_start(number) is not None

    def stream(self, number: int) -> tuple[dict[bytes, Value], bytes]:
        """A stream object's dictionary and its data as stored (still encoded)."""
        found = self._stream_start(number)
        if found is None:
            raise PatchError(f"object {number} is not a stream")
        entries, start = found
        length = self.get(entries.get(b"/Length", b""))
        if not isinstance(length, bytes) or not length.isdigit():
            raise PatchError(f"stream {number} has no plain length")
        stop = start + int(length)
        if _ENDSTREAM.match(self.data, stop) is None:
            raise PatchError(f"stream {number} does not end at its length")
        return entries, self.data[start:stop]

    def stream_data(self, number: int) -> bytes:
        """A stream's decoded data: stored as it is or deflated (how Qt writes them)."""
        entries, raw = self.stream(number)
        kind = entries.get(b"/Filter")
        if kind is None:
            return raw
        if kind != b"/FlateDecode" or b"/DecodeParms" in entries:
            raise PatchError(f"stream {number} has a filter this module does not decode")
        try:
            return deflate.decompress(raw)
        except deflate.INFLATE_ERRORS:
            raise PatchError(f"stream {number} does not inflate") from None

    def page_numbers(self) -> list[int]:
        """The object numbers of the pages, in order: Qt's page tree is one /Pages node."""
        root = self.dictionary(self.trailer.get(b"/Root", b""))
        tree = self.dictionary(root.get(b"/Pages", b""))
        kids = self.get(tree.get(b"/Kids", b""))
        if not isinstance(kids, list) or not all(isinstance(kid, Ref) for kid in kids):
            raise PatchError("the page tree is not one list of pages")
        numbers = [kid.number for kid in kids if isinstance(kid, Ref)]
        for number in numbers:
            if self.dictionary(Ref(number)).get(b"/Type") != b"/Page":
                raise PatchError("the page tree has more than one level")
        return numbers

    def replace(self, number: int, body: bytes | StreamBody) -> None:
        """Write ``body`` (an object in PDF syntax) under ``number``, an object of the file."""
        if number not in self.offsets:
            raise PatchError(f"object {number} is not in the file")
        self.written[number] = body

    def reserve(self) -> int:
        """The number of a new object, to be given its body with ``put`` before writing."""
        self._added += 1
        return self.size + self._added - 1

    def put(self, number: int, body: bytes | StreamBody) -> None:
        if number < self.size:
            self.replace(number, body)
        else:
            self.written[number] = body

    def add(self, body: bytes) -> int:
        number = self.reserve()
        self.put(number, body)
        return number

    def write(self, target: Path, trailer: dict[bytes, Value], header: bytes | None = None) -> None:
        """The patched file; ``trailer`` entries (/Root, /Info, /ID...) replace the original's, and
        ``header`` what comes before the first object.

        Written to the file piece by piece, never gathered: a deck of 1,000 photographs makes a
        450 MB PDF, which held whole beside the original took the run's peak to 1.4 GB."""
        data = self.data
        order = sorted(self.offsets.items(), key=lambda item: item[1])
        size = self.size + self._added
        missing = next((number for number in range(self.size, size) if number not in self.written), None)
        if missing is not None:
            raise PatchError(f"new object {missing} was never written")
        new_offsets: dict[int, int] = {}
        with target.open("wb") as out:
            written = out.write(data[: order[0][1]] if header is None else header)
            for i, (number, start) in enumerate(order):
                new_offsets[number] = written
                body = self.written.get(number)
                if body is None:
                    end = order[i + 1][1] if i + 1 < len(order) else self.xref_at
                    written += out.write(memoryview(data)[start:end])
                else:
                    written += _write_object(out, number, body)
            for number in range(self.size, size):
                new_offsets[number] = written
                written += _write_object(out, number, self.written[number])
            xref_at = written
            entries = [b"xref\n0 %d\n0000000000 65535 f \n" % size]
            for number in range(1, size):
                offset = new_offsets.get(number)
                entries.append(b"0000000000 65535 f \n" if offset is None else b"%010d 00000 n \n" % offset)
            merged = {key: value for key, value in self.trailer.items() if key != b"/Size"}
            merged.update(trailer)
            entries.append(b"trailer\n<<\n/Size %d\n" % size)
            entries.extend(b"%s %s\n" % (key, serialize(value)) for key, value in merged.items())
            entries.append(b">>\nstartxref\n%d\n%%%%EOF\n" % xref_at)
            out.write(b"".join(entries))


def _write_object(out: BinaryIO, number: int, body: bytes | StreamBody) -> int:
    """``body`` as object ``number`` (its bytes not copied into a larger string); bytes written."""
    written = out.write(b"%d 0 obj\n" % number)
    if isinstance(body, StreamBody):
        written += out.write(body.head) + out.write(body.data) + out.write(b"\nendstream")
    else:
        written += out.write(body)
    return written + out.write(b"\nendobj\n")


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
