"""Fonts embedded in a deck (p:embeddedFontLst → ppt/fonts/*.fntdata), used while that deck is drawn.

PowerPoint stores them as Embedded OpenType: an EOT header and the TrueType data, which may be
XOR-masked (flag 0x10000000) or MicroType Express compressed (flag 0x4). Some writers store an
obfuscated TrueType instead (the first 32 bytes XOR-ed with the GUID in the part's name, as Word's
.odttf). Plain and XOR-masked data is unwrapped here; MTX compression needs a decompressor that no
well-kept PyPI package provides, so those fonts are skipped (logged at debug) and the deck's
typeface goes through the usual substitution table.
"""

from __future__ import annotations

import contextlib
import logging
import re
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from lxml import etree
from PySide6.QtCore import QByteArray
from PySide6.QtGui import QFontDatabase

from worker.deck.xml import child

log = logging.getLogger(__name__)

_R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_STYLES = ("regular", "bold", "italic", "boldItalic")
SFNT_MAGICS = (b"\x00\x01\x00\x00", b"OTTO", b"true", b"ttcf")
EOT_MAGIC = 0x504C
EOT_VERSIONS = (0x00010000, 0x00020001, 0x00020002)
EOT_COMPRESSED = 0x00000004
EOT_XOR = 0x10000000
EOT_XOR_KEY = 0x50
_GUID = re.compile(r"\{?([0-9a-fA-F]{8})-?([0-9a-fA-F]{4})-?([0-9a-fA-F]{4})-?([0-9a-fA-F]{4})-?([0-9a-fA-F]{12})\}?")
MAX_FONT_BYTES = 64 * 1024 * 1024


class Unwrapped(StrEnum):
    """How a .fntdata part turned out."""

    FONT = "font"
    COMPRESSED = "mtx-compressed"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class EmbeddedFont:
    typeface: str  # as the deck's text names it
    style: str  # regular, bold, italic, boldItalic
    partname: str
    blob: bytes


@dataclass(frozen=True)
class UnwrapResult:
    kind: Unwrapped
    data: bytes = b""


def read_embedded_fonts(presentation: Any) -> list[EmbeddedFont]:
    """Every font part p:embeddedFontLst names, with the typeface and style it is for."""
    part = presentation.part
    found: list[EmbeddedFont] = []
    font_list = child(part._element, "embeddedFontLst")
    if font_list is None:
        return found
    for entry in font_list:
        if not isinstance(entry.tag, str):
            continue
        font = child(entry, "font")
        typeface = (font.get("typeface") or "").strip() if font is not None else ""
        if not typeface:
            continue
        for style in _STYLES:
            ref = child(entry, style)
            r_id = ref.get(_R_ID) if ref is not None else None
            if not r_id:
                continue
            try:
                target = part.related_part(r_id)
                blob = bytes(target.blob)
            except (KeyError, AttributeError, ValueError) as exc:
                log.debug("embedded font %s (%s): no part for %s: %s", typeface, style, r_id, exc)
                continue
            found.append(EmbeddedFont(typeface, style, str(target.partname), blob))
    return found


def is_sfnt(data: bytes) -> bool:
    return data[:4] in SFNT_MAGICS


def guid_key(name: str) -> bytes | None:
    """The 16-byte key of an obfuscated font: the GUID in its name, bytes in reverse order."""
    match = _GUID.search(name)
    if match is None:
        return None
    return bytes.fromhex("".join(match.groups()))[::-1]


def deobfuscate(data: bytes, key: bytes) -> bytes:
    """Undo the XOR of the first 32 bytes with the 16-byte key (ECMA-376 font obfuscation)."""
    head = bytes(b ^ key[i % 16] for i, b in enumerate(data[:32]))
    return head + data[32:]


def unwrap_eot(data: bytes) -> UnwrapResult:
    """The TrueType data inside an EOT, unless it is MTX-compressed or not an EOT at all."""
    if len(data) < 82:
        return UnwrapResult(Unwrapped.UNKNOWN)
    eot_size, font_size, version, flags = struct.unpack_from("<IIII", data, 0)
    (magic,) = struct.unpack_from("<H", data, 34)
    if magic != EOT_MAGIC or version not in EOT_VERSIONS:
        return UnwrapResult(Unwrapped.UNKNOWN)
    if eot_size > len(data) or font_size == 0 or font_size > eot_size or font_size > MAX_FONT_BYTES:
        return UnwrapResult(Unwrapped.UNKNOWN)
    if flags & EOT_COMPRESSED:
        return UnwrapResult(Unwrapped.COMPRESSED)
    # FontData is the last field of every EOT version.
    font = data[eot_size - font_size : eot_size]
    if flags & EOT_XOR:
        font = bytes(b ^ EOT_XOR_KEY for b in font)
    return UnwrapResult(Unwrapped.FONT, font) if is_sfnt(font) else UnwrapResult(Unwrapped.UNKNOWN)


def unwrap_font(blob: bytes, partname: str) -> UnwrapResult:
    """Plain TrueType/OpenType, an EOT, or an obfuscated TrueType keyed by the part's name."""
    if is_sfnt(blob):
        return UnwrapResult(Unwrapped.FONT, blob)
    result = unwrap_eot(blob)
    if result.kind is not Unwrapped.UNKNOWN:
        return result
    key = guid_key(partname.rsplit("/", 1)[-1])
    if key is not None and len(blob) > 32:
        plain = deobfuscate(blob, key)
        if is_sfnt(plain):
            return UnwrapResult(Unwrapped.FONT, plain)
    return UnwrapResult(Unwrapped.UNKNOWN)


@dataclass
class DeckFonts:
    """What was registered for one deck: Qt font ids and the typeface → family map."""

    font_ids: list[int]
    families: dict[str, str]
    skipped: dict[str, Unwrapped]  # part name → why it was not used


def register_deck_fonts(fonts: list[EmbeddedFont]) -> DeckFonts:
    """Add the usable fonts to Qt's database (the caller removes them: see ``deck_fonts``)."""
    registered = DeckFonts([], {}, {})
    for font in fonts:
        result = unwrap_font(font.blob, font.partname)
        if result.kind is not Unwrapped.FONT:
            log.debug("embedded font %s (%s) in %s not used: %s", font.typeface, font.style, font.partname, result.kind)
            registered.skipped[font.partname] = result.kind
            continue
        font_id = QFontDatabase.addApplicationFontFromData(QByteArray(result.data))
        if font_id < 0:
            log.debug("Qt could not load embedded font %s (%s) from %s", font.typeface, font.style, font.partname)
            registered.skipped[font.partname] = Unwrapped.UNKNOWN
            continue
        registered.font_ids.append(font_id)
        families = QFontDatabase.applicationFontFamilies(font_id)
        if families:
            # The font's own family name may differ from the deck's ("Open Sans Bold" → "Open Sans").
            registered.families.setdefault(font.typeface, families[0])
    return registered


@contextlib.contextmanager
def deck_fonts(presentation: Any, resolver: Any) -> Iterator[DeckFonts]:
    """Use the deck's embedded fonts while the block runs; removed afterwards, even on error."""
    try:
        found = read_embedded_fonts(presentation)
    except (etree.LxmlError, AttributeError, ValueError) as exc:
        log.debug("embedded font list unreadable: %s", exc)
        found = []
    registered = register_deck_fonts(found) if found else DeckFonts([], {}, {})
    if registered.families:
        log.info("using embedded fonts: %s", ", ".join(sorted(registered.families)))
        resolver.add_deck_fonts(registered.families)
    try:
        yield registered
    finally:
        if registered.families:
            resolver.remove_deck_fonts()
        for font_id in registered.font_ids:
            QFontDatabase.removeApplicationFont(font_id)
