"""SVG pictures reduced to what they hold before Qt SVG reads them.

Qt SVG loads an <image> whose href is a path on this machine (``QImage(path)``): a deck from a
stranger could put any picture the converting user can read into the PDF it hands back. PowerPoint
loads nothing from outside an SVG either. So every href that is neither a fragment of the SVG
itself ("#id") nor inline data ("data:...") is dropped, and the SVG is written back without its
DOCTYPE: entities are never expanded (an undefined one makes the SVG unreadable to Qt, and the
picture's PNG is drawn instead).

Qt's image readers take SVG and gzipped SVG (svgz) for pictures as well, so every picture part
goes through ``readable_picture`` before Qt sees it. Qt inflates svgz whole: 1 MB inflating to
1 GB of SVG cost 14 s and 3 GB; here it is inflated up to MAX_SVG_BYTES only.

<use> multiplies without entities: ten groups each using the one before ten times draw 10**9
rectangles from 1 KB, and Qt SVG draws them all (minutes). An SVG whose elements, counted through
its uses, pass MAX_DRAWN_ELEMENTS (or whose uses form a cycle) is not read either.

Qt SVG draws nothing for an inline (data:) picture over Qt's allocation limit: such an SVG is not
read, so the PNG PowerPoint stores beside it is drawn instead of a blank.
"""

from __future__ import annotations

import binascii
import logging
import zlib

from lxml import etree
from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QImageReader

from worker.deck.xml import SAFE_PARSER

log = logging.getLogger(__name__)

# An SVG without these cannot name anything outside itself nor declare entities: passed as it is.
_OUTSIDE_MARKERS = (b"href", b"<!DOCTYPE", b"<!ENTITY", b"<!doctype")
# The largest SVG read (inflated, for svgz): Office's SVG pictures are kilobytes to a few megabytes.
MAX_SVG_BYTES = 32 << 20
_GZIP = b"\x1f\x8b"
_TEXT_START = b"\xef\xbb\xbf \t\r\n"  # a UTF-8 byte order mark and white space before "<"
# Elements drawn, <use> copies counted: Office's icons and diagrams hold hundreds to tens of thousands.
MAX_DRAWN_ELEMENTS = 1_000_000


def readable_picture(blob: bytes) -> bytes | None:
    """A picture part's bytes as Qt may read them: an SVG, plain or gzipped, reduced to what it
    holds (and unpacked); anything else as it is. None for an SVG that is not well-formed XML or
    larger than MAX_SVG_BYTES (inflated), and for gzipped data that is no SVG (Qt reads no other):
    the picture is then undecodable."""
    if blob[:2] == _GZIP:
        inflated = _gunzip(blob)
        if inflated is None or not _markup(inflated):
            log.info("gzipped picture that is no SVG of at most %d bytes: not read", MAX_SVG_BYTES)
            return None
        return _svg_or_none(inflated)
    return _svg_or_none(blob) if _markup(blob) else blob


def _svg_or_none(blob: bytes) -> bytes | None:
    if len(blob) > MAX_SVG_BYTES:
        log.info("SVG picture of %d bytes: not read", len(blob))
        return None
    return self_contained(blob)


def _markup(blob: bytes) -> bool:
    return blob[:256].lstrip(_TEXT_START).startswith(b"<")


def _gunzip(blob: bytes) -> bytes | None:
    inflater = zlib.decompressobj(zlib.MAX_WBITS | 16)
    try:
        inflated = inflater.decompress(blob, MAX_SVG_BYTES + 1)
    except zlib.error:
        return None
    return None if len(inflated) > MAX_SVG_BYTES else inflated


def self_contained(blob: bytes) -> bytes | None:
    """``blob`` without references to anything outside it; None when it is not well-formed XML."""
    if not any(marker in blob for marker in _OUTSIDE_MARKERS):
        return blob
    try:
        root = etree.fromstring(blob, SAFE_PARSER)
    except etree.XMLSyntaxError as exc:
        log.info("SVG picture is not well-formed XML: %s", exc)
        return None
    dropped = 0
    for el in root.iter():
        for name, value in list(el.attrib.items()):
            if str(name).rsplit("}", 1)[-1] != "href":
                continue
            if not _inside(str(value)):
                del el.attrib[name]
                dropped += 1
            elif _inline_too_large(str(value)):
                log.info("SVG picture holding an inline picture over Qt's allocation limit: not read")
                return None
    if dropped:
        log.info("SVG picture: %d references to files or URLs outside it dropped", dropped)
    if _drawn_elements(root) > MAX_DRAWN_ELEMENTS:
        log.info("SVG picture whose <use> elements draw over %d elements (or a cycle): not read", MAX_DRAWN_ELEMENTS)
        return None
    return bytes(etree.tostring(root))  # the root element alone: no DOCTYPE, entities left unexpanded


def _inline_too_large(href: str) -> bool:
    """Whether a base64 data: URI holds a picture whose header declares more pixels than Qt's
    allocation limit lets it decode (only the first bytes are decoded, for the header)."""
    head, _, payload = href.strip().partition(",")
    if head[:5].lower() != "data:" or ";base64" not in head.lower():
        return False
    start = "".join(payload[: 1 << 20].split())  # headers sit early; a JPEG's SOF after its EXIF
    try:
        blob = binascii.a2b_base64(start[: len(start) // 4 * 4])
    except (binascii.Error, ValueError):
        return False
    data = QByteArray(blob)
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer)
    size = reader.size()
    del reader
    buffer.close()
    limit = QImageReader.allocationLimit() << 20
    return bool(limit) and size.isValid() and size.width() * size.height() * 4 > limit


def _inside(href: str) -> bool:
    value = href.strip()
    return value.startswith("#") or value[:5].lower() == "data:"


def _drawn_elements(root: etree._Element) -> int:
    """How many elements drawing ``root`` visits, each <use> counting its target's copy again; over
    MAX_DRAWN_ELEMENTS (stopped there) when uses form a cycle. Iterative: nesting may be deep."""
    ids = {str(el.get("id")): el for el in root.iter() if isinstance(el.tag, str) and el.get("id") is not None}
    over = MAX_DRAWN_ELEMENTS + 1
    counts: dict[etree._Element, int] = {}
    on_path: set[etree._Element] = set()
    stack: list[tuple[etree._Element, bool]] = [(root, False)]
    while stack:
        el, finished = stack.pop()
        if finished:
            on_path.discard(el)
            counts[el] = min(over, 1 + sum(counts.get(d, 0) for d in _drawn_from(el, ids)))
            continue
        if el in counts:
            continue
        if el in on_path:  # reached from itself through its uses
            return over
        on_path.add(el)
        stack.append((el, True))
        stack.extend((d, False) for d in _drawn_from(el, ids) if d not in counts)
    return counts[root]


def _drawn_from(el: etree._Element, ids: dict[str, etree._Element]) -> list[etree._Element]:
    out = [c for c in el if isinstance(c.tag, str)]
    if str(el.tag).rsplit("}", 1)[-1] == "use":
        for name, value in el.attrib.items():
            if str(name).rsplit("}", 1)[-1] == "href" and str(value).strip().startswith("#"):
                target = ids.get(str(value).strip()[1:])
                if target is not None:
                    out.append(target)
    return out
