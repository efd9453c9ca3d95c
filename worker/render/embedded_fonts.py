"""Fonts embedded in a deck (p:embeddedFontLst → ppt/fonts/*.fntdata), used while that deck is drawn.

PowerPoint stores them as Embedded OpenType: an EOT header and the TrueType data, which may be
XOR-masked (flag 0x10000000) and/or MicroType Express compressed (flag 0x4, decoded by
``mtx_font``). Some writers store an obfuscated TrueType instead (the first 32 bytes XOR-ed with the
GUID in the part's name, as Word's .odttf). A font that cannot be unwrapped is skipped (with a
warning when it is broken MTX data) and the deck's typeface goes through the usual substitution.

Fonts are decoded lazily: a typeface's regular part is unwrapped and added to Qt the first time
the renderer asks for that typeface, its bold and italic parts the first time text asks for that
face, so a deck pays only for the faces its text uses. Decoded MTX fonts
are kept in a small process-wide cache (thumbnails enter ``deck_fonts`` once per slide).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import logging
import re
import struct
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from lxml import etree
from PySide6.QtGui import QFontDatabase

from worker.deck.font_traits import FontTraits, read_font_traits
from worker.deck.xml import child
from worker.render import actual_text
from worker.render.app_font_families import app_font_families, distrust
from worker.render.color_fonts import forget_engines
from worker.render.deck_font_files import add_font, remove_font
from worker.render.mtx_font import build_sfnt, decode_mtx

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
MTX_SECONDS = 5.0  # per font; a real one takes well under a second
_CACHE_BYTES = 48 * 1024 * 1024


class Unwrapped(StrEnum):
    """How a .fntdata part turned out."""

    FONT = "font"
    COMPRESSED = "mtx-broken"  # MTX-compressed, but the stream did not decode to a font
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
    reason: str = ""  # why a COMPRESSED font was not usable


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


def read_listed_traits(presentation: Any) -> dict[str, FontTraits]:
    """What p:embeddedFontLst says of each typeface it lists (panose, pitchFamily, charset): it
    describes the font even when its parts cannot be used, and text often names the typeface
    without repeating it."""
    found: dict[str, FontTraits] = {}
    font_list = child(presentation.part._element, "embeddedFontLst")
    for entry in font_list if font_list is not None else []:
        font = child(entry, "font") if isinstance(entry.tag, str) else None
        typeface = (font.get("typeface") or "").strip() if font is not None else ""
        traits = read_font_traits(font)
        if typeface and traits is not None:
            found.setdefault(typeface, traits)
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
    """The TrueType data inside an EOT (decompressed when MTX), unless it is not an EOT at all."""
    if len(data) < 82:
        return UnwrapResult(Unwrapped.UNKNOWN)
    eot_size, font_size, version, flags = struct.unpack_from("<IIII", data, 0)
    (magic,) = struct.unpack_from("<H", data, 34)
    if magic != EOT_MAGIC or version not in EOT_VERSIONS:
        return UnwrapResult(Unwrapped.UNKNOWN)
    if eot_size > len(data) or font_size == 0 or font_size > eot_size or font_size > MAX_FONT_BYTES:
        return UnwrapResult(Unwrapped.UNKNOWN)
    # FontData is the last field of every EOT version; the XOR mask applies before decompression.
    font = data[eot_size - font_size : eot_size]
    if flags & EOT_XOR:
        font = bytes(b ^ EOT_XOR_KEY for b in font)
    if flags & EOT_COMPRESSED:
        return decompress_mtx(font)
    return UnwrapResult(Unwrapped.FONT, font) if is_sfnt(font) else UnwrapResult(Unwrapped.UNKNOWN)


_mtx_cache: OrderedDict[bytes, UnwrapResult] = OrderedDict()
_mtx_cache_lock = threading.Lock()


def decompress_mtx(data: bytes) -> UnwrapResult:
    """MTX font data as TrueType; a broken stream (however malformed) is COMPRESSED with a reason."""
    key = hashlib.sha256(data).digest()
    with _mtx_cache_lock:
        cached = _mtx_cache.get(key)
        if cached is not None:
            _mtx_cache.move_to_end(key)
            return cached
    started = time.perf_counter()
    try:
        result = UnwrapResult(Unwrapped.FONT, decode_mtx(data, MAX_FONT_BYTES, MTX_SECONDS, hinting=False))
    except Exception as exc:  # hostile input: whatever the decoder trips on, the font is just unusable
        result = UnwrapResult(Unwrapped.COMPRESSED, reason=f"{type(exc).__name__}: {exc}")
    else:
        log.debug("MTX font decoded in %.0f ms (%d bytes)", 1000 * (time.perf_counter() - started), len(result.data))
    with _mtx_cache_lock:
        _mtx_cache[key] = result
        while sum(len(r.data) for r in _mtx_cache.values()) > _CACHE_BYTES and len(_mtx_cache) > 1:
            _mtx_cache.popitem(last=False)
    return result


# A deck's fonts stay in Qt after it: removing an application font makes Qt rebuild its font
# database (every bundled font read again, ~25 ms) and every font engine when text is next laid out.
# Only fonts under families nothing else reaches are kept: the resolver hands Qt a family only when
# the deck maps a typeface to it or when Qt had it before any deck (FontResolver.has_family); a deck
# font under such a family is removed at once. A kept font leaves when a later deck adds a font
# under one of its families (two subsets under one name: Qt could draw the later deck's text from
# the earlier one), or when more than _KEPT_FONTS fonts or _KEPT_BYTES of font data are kept (the
# oldest first). A deck adding the very bytes of a kept font (the same deck again, or decks made
# from one template) takes that font over instead.
_KEPT_FONTS = 64
_KEPT_BYTES = 48 * 1024 * 1024


@dataclass(frozen=True)
class _KeptFont:
    font_id: int
    families: frozenset[str]  # lower case, as Qt lists them
    added: _Added


@dataclass(frozen=True)
class _Added:
    """What a font was added to Qt from."""

    size: int  # bytes Qt holds
    digest: bytes  # their SHA-256
    source: bytes  # the SHA-256 of the deck's font part they were unwrapped from


def _add_font(data: bytes, source: bytes) -> tuple[int, _Added, bool]:
    """``data`` (from the part whose digest is ``source``) added to Qt as an application font:
    its id (-1 when Qt refused it), and whether it is a kept font, added by an earlier deck from
    the same bytes, taken over instead."""
    added = _Added(len(data), hashlib.sha256(data).digest(), source)
    with _kept_lock:
        for index, kept in enumerate(_kept_fonts):
            if kept.added == added:
                del _kept_fonts[index]
                return kept.font_id, added, True
    # Under a name Qt never had: see deck_font_files.
    return add_font(data, added.digest), added, False


_kept_fonts: list[_KeptFont] = []
_kept_lock = threading.Lock()


def kept_font_count() -> int:
    """How many fonts of earlier decks are still in Qt."""
    with _kept_lock:
        return len(_kept_fonts)


def drop_kept_fonts() -> None:
    """Remove every font an earlier deck left in Qt."""
    _remove_kept(lambda kept: True)


def kept_under(names: set[str]) -> bool:
    """Whether a kept font is listed under any of ``names`` (lower case)."""
    with _kept_lock:
        return any(not kept.families.isdisjoint(names) for kept in _kept_fonts)


def _drop_kept_named(names: set[str], spared: set[bytes]) -> None:
    """Remove the kept fonts listed under any of ``names`` (lower case), before a deck's font under
    such a name is used; not those from parts whose digests are ``spared`` (the deck's own parts,
    which it takes over when it adds them)."""
    _remove_kept(lambda kept: not kept.families.isdisjoint(names) and kept.added.source not in spared)


def _drop_kept_from(source: bytes) -> None:
    """Remove the kept fonts from the part whose digest is ``source``: a deck added that part
    again as other bytes (see _drop_kept_named's ``spared``)."""
    _remove_kept(lambda kept: kept.added.source == source)


def _remove_kept(leaves: Callable[[_KeptFont], bool]) -> None:
    with _kept_lock:
        gone = [kept for kept in _kept_fonts if leaves(kept)]
        _kept_fonts[:] = [kept for kept in _kept_fonts if kept not in gone]
    for kept in gone:
        remove_font(kept.font_id)


def _keep_or_remove(font_ids: list[int], known: Callable[[str], bool], added: dict[int, _Added]) -> bool:
    """Keep ``font_ids`` in Qt for later or remove them now (see _kept_fonts); True when any
    was removed (the resolver's answers for a family Qt had may then change). ``added``: what
    each font was added from."""
    kept: list[_KeptFont] = []
    shared: list[int] = []
    for font_id in font_ids:
        families = QFontDatabase.applicationFontFamilies(font_id)
        if any(known(family) for family in families):
            shared.append(font_id)
        else:
            kept.append(_KeptFont(font_id, frozenset(f.lower() for f in families), added[font_id]))
    for font_id in shared:
        remove_font(font_id)
    with _kept_lock:
        _kept_fonts.extend(kept)
        oldest = 0
        total = sum(k.added.size for k in _kept_fonts)
        while len(_kept_fonts) - oldest > _KEPT_FONTS or (total > _KEPT_BYTES and oldest < len(_kept_fonts)):
            total -= _kept_fonts[oldest].added.size
            oldest += 1
        over = _kept_fonts[:oldest]
        del _kept_fonts[:oldest]
    for extra in over:
        remove_font(extra.font_id)
    return bool(shared)


def forget_decoded_fonts() -> None:
    """Empty the decoded-font cache (bench.speed: the warm-up deck's fonts must not make a timed
    conversion of the same deck look faster than a child's first)."""
    with _mtx_cache_lock:
        _mtx_cache.clear()


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


_STYLE_OF = {(False, False): "regular", (True, False): "bold", (False, True): "italic", (True, True): "boldItalic"}


@dataclass
class DeckFonts:
    """One deck's embedded fonts, added to Qt on first use: a typeface's first usable part (the
    regular one when there is one) when the typeface is looked up (``load``), each further face
    when text asks for that weight and slant (``load_face``). The caller removes the Qt fonts
    afterwards (see ``deck_fonts``)."""

    pending: dict[str, list[EmbeddedFont]] = field(default_factory=dict)  # typeface (lower) → parts
    font_ids: list[int] = field(default_factory=list)
    added: dict[int, _Added] = field(default_factory=dict)  # font id → what it was added from
    parts: list[EmbeddedFont] = field(default_factory=list)  # every part, pending or not
    _sources: dict[str, bytes] = field(default_factory=dict)  # part name → SHA-256 of its bytes
    families: dict[str, str] = field(default_factory=dict)  # typeface → registered family
    skipped: dict[str, Unwrapped] = field(default_factory=dict)  # part name → why it was not used
    # Typefaces (lower) with parts still pending, by the family they draw with (lower).
    _later: dict[str, list[str]] = field(default_factory=dict)
    _loaded: dict[str, set[str]] = field(default_factory=dict)  # typeface (lower) → styles in Qt
    _renamed_from: dict[str, set[str]] = field(default_factory=dict)  # typeface (lower) → see _register
    # Whether Qt has a family before any deck (FontResolver.has_family); see _renamed.
    known: Callable[[str], bool] | None = None
    _private: dict[str, str] = field(default_factory=dict)  # typeface (lower) → its private family

    @classmethod
    def of(cls, fonts: list[EmbeddedFont], known: Callable[[str], bool] | None = None) -> DeckFonts:
        deck = cls(known=known)
        for font in fonts:
            deck.pending.setdefault(font.typeface.strip().lower(), []).append(font)
        deck.parts = list(fonts)
        return deck

    def typefaces(self) -> list[str]:
        """The deck's names of the typefaces not looked up yet."""
        return [parts[0].typeface for key, parts in self.pending.items() if key not in self._loaded]

    def load(self, typeface: str) -> str | None:
        """Add the typeface's first usable part to Qt (the first time) and return the family to
        draw it with, or None when none of its parts is usable."""
        key = typeface.strip().lower()
        parts = self.pending.get(key)
        if parts is None or key in self._loaded:
            return self.families.get(typeface)
        self._loaded[key] = set()
        name = parts[0].typeface
        while parts and name not in self.families:  # regular first
            self._register(key, parts.pop(0))
        family = self.families.get(name)
        if parts and family is not None:
            self._later.setdefault(family.lower(), []).append(key)
        else:
            del self.pending[key]
        return family

    def load_face(self, family: str, bold: bool, italic: bool) -> None:
        """Add the face of ``family`` text asks for (bold and/or italic) to Qt, the first time.

        When the deck has no usable part for that style, all the family's remaining parts are
        added: Qt then picks the nearest face among them, as when every face is registered."""
        keys = self._later.get(family.lower())
        if not keys:
            return
        style = _STYLE_OF[(bold, italic)]
        for key in list(keys):
            loaded = self._loaded[key]
            if style in loaded:
                continue
            parts = self.pending[key]
            for font in [f for f in parts if f.style == style]:
                parts.remove(font)
                self._register(key, font)
            if style not in loaded:
                for font in parts:
                    self._register(key, font)
                parts.clear()
            if not parts:
                del self.pending[key]
                keys.remove(key)

    def _register(self, key: str, font: EmbeddedFont) -> None:
        loaded = self._loaded.setdefault(key, set())
        result = unwrap_font(font.blob, font.partname)
        if result.kind is Unwrapped.COMPRESSED:
            log.warning(
                "embedded font %s (%s) in %s is not usable: %s", font.typeface, font.style, font.partname, result.reason
            )
        if result.kind is not Unwrapped.FONT:
            log.debug("embedded font %s (%s) in %s not used: %s", font.typeface, font.style, font.partname, result.kind)
            self.skipped[font.partname] = result.kind
            return
        typeface = font.typeface.strip()
        # The families Qt will list for the font, when they can be told before adding it: a font
        # to rename is then added renamed only (removing a font from Qt rebuilds its database).
        told = app_font_families(result.data)
        renamed = self._renamed(key, font, typeface, result.data, told) if told is not None else None
        source = self._source(font)
        if renamed is not None:
            font_id, added, taken_over = _add_font(renamed, source)
        else:
            font_id, added, taken_over = _add_font(result.data, source)
            families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
            if told is not None and told != families:
                distrust(told, families)
            renamed = self._renamed(key, font, typeface, result.data, families)
            if renamed is not None:
                remove_font(font_id)
                font_id, added, taken_over = _add_font(renamed, source)
        families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
        if font_id < 0:
            log.warning("Qt could not load embedded font %s (%s) from %s", font.typeface, font.style, font.partname)
            self.skipped[font.partname] = Unwrapped.UNKNOWN
            return
        if self.known is not None and any(self.known(name) for name in families):
            # Its names could not be rewritten (see _renamed): one more face of a family Qt had, it
            # would make Qt's choice among that family's faces change between conversions.
            log.warning(
                "embedded font %s (%s) in %s is not used: it is named %s, as a font Slidepress has,"
                " and cannot be renamed", font.typeface, font.style, font.partname, families[0],
            )  # fmt: skip
            remove_font(font_id)
            self.skipped[font.partname] = Unwrapped.UNKNOWN
            return
        # An earlier deck's font under a name this one has leaves now, before text reaches either
        # (see _kept_fonts).
        if not taken_over:
            _drop_kept_from(source)
        names = {typeface.lower(), *(name.lower() for name in families)}
        if kept_under(names):
            _drop_kept_named(names, {self._source(part) for part in self.parts})
        self.font_ids.append(font_id)
        self.added[font_id] = added
        loaded.add(font.style)
        if families:
            # A light or condensed face often lists the deck's name as its second family.
            same = [name for name in families if name.lower() == typeface.lower()]
            self.families.setdefault(font.typeface, (same or families)[0])

    def _source(self, font: EmbeddedFont) -> bytes:
        found = self._sources.get(font.partname)
        if found is None:
            found = self._sources[font.partname] = hashlib.sha256(font.blob).digest()
        return found

    def _renamed(self, key: str, font: EmbeddedFont, typeface: str, data: bytes, families: list[str]) -> bytes | None:
        """``data`` renamed to the deck's typeface when Qt would list ``families`` for it and the
        deck names the face its own way; None to add it as it is."""
        own = {name.lower() for name in families}
        renamed_from = self._renamed_from.setdefault(key, set())
        if font.style == "regular" and own and typeface.lower() not in own:
            rename = True
            renamed_from.update(own)
        else:
            rename = font.style != "regular" and bool(own & renamed_from)
        listed = {typeface.lower()} if rename else own
        private = self._private.get(key)
        if private is None and self.known is not None and any(self.known(name) for name in listed):
            # Under a family Qt already has (a bundled or installed font), the deck's face would be
            # one more face of it: Qt would pick between it and the family's own face of that
            # weight and slant by the order of its font database, which changes when a font
            # leaves Qt, so the same deck drew differently the second time. The deck's faces of
            # the typeface go under a family of their own instead.
            private = self._private[key] = f"{typeface} {PRIVATE_FAMILY_MARK}"
        if private is not None:
            return with_family_name(data, private)
        # The deck names a face its own way ("Open Sans Bold", "微软雅黑 Light"): under the font's
        # family it would be one weight among the deck's other faces of it, and Qt would pick by the
        # run's weight. Renamed to the deck's typeface (with the bold and italic parts of the same
        # family) it is the face that name draws.
        return with_family_name(data, typeface) if rename else None

    def is_private(self, family: str) -> bool:
        """Whether ``family`` is one this deck's faces were put under (see _renamed)."""
        return family in self._private.values()


PRIVATE_FAMILY_MARK = "(deck font)"
_FAMILY_NAME_IDS = (1, 16, 17, 21, 22)  # family, typographic family/subfamily, WWS family/subfamily


def with_family_name(font: bytes, family: str) -> bytes | None:
    """``font`` with its family name replaced by ``family`` (other names, the PostScript name
    included, kept); None when its table directory or name table cannot be read."""
    try:
        (count,) = struct.unpack_from(">H", font, 4)
        directory = [struct.unpack_from(">4sIII", font, 12 + 16 * i) for i in range(count)]
        # A font's tables are parts of it: a directory naming more than the file holds (numTables
        # lying, so table data is read as entries, or entries naming the whole file each) would
        # copy the font once per entry, gigabytes for a hostile one.
        if sum(length for _tag, _checksum, _offset, length in directory) > len(font) or any(
            offset + length > len(font) for _tag, _checksum, offset, length in directory
        ):
            return None
        tables = {tag: font[offset : offset + length] for tag, _checksum, offset, length in directory}
        name = tables[b"name"]
        _format, records, storage = struct.unpack_from(">HHH", name)
        kept = []
        for i in range(records):
            record = struct.unpack_from(">6H", name, 6 + 12 * i)
            if record[3] not in _FAMILY_NAME_IDS:
                kept.append((record[:4], name[storage + record[5] : storage + record[5] + record[4]]))
    except (struct.error, KeyError):
        return None
    kept.append(((3, 1, 0x409, 1), family.encode("utf-16-be")))
    kept.sort(key=lambda item: item[0])
    strings = bytearray()
    entries = bytearray()
    for key, text in kept:
        entries += struct.pack(">6H", *key, len(text), len(strings))
        strings += text
    tables[b"name"] = struct.pack(">HHH", 0, len(kept), 6 + 12 * len(kept)) + bytes(entries) + bytes(strings)
    return build_sfnt(tables)


@contextlib.contextmanager
def deck_fonts(presentation: Any, resolver: Any) -> Iterator[DeckFonts]:
    """Use the deck's embedded fonts while the block runs; afterwards, even on error, no text
    reaches them (they leave Qt when a later deck adds one under the same name, see _kept_fonts)."""
    try:
        found = read_embedded_fonts(presentation)
        traits = read_listed_traits(presentation)
    except (etree.LxmlError, AttributeError, ValueError) as exc:
        log.debug("embedded font list unreadable: %s", exc)
        found, traits = [], {}
    deck = DeckFonts.of(found, resolver.has_family)
    typefaces = deck.typefaces()
    if traits:
        resolver.add_deck_traits(traits)
    if typefaces:
        log.info("embedded fonts available: %s", ", ".join(sorted(typefaces)))
        resolver.add_deck_fonts(
            {typeface: functools.partial(deck.load, typeface) for typeface in typefaces}, deck.load_face
        )
    try:
        yield deck
    finally:
        # A face put under a family of the deck's own stands in for one Qt had: it leaves now too.
        removed = _keep_or_remove(
            deck.font_ids, lambda family: resolver.has_family(family) or deck.is_private(family), deck.added
        )
        if typefaces:
            forget_engines()
            actual_text.forget_engines()
        if typefaces or traits:
            resolver.remove_deck_fonts(fonts_removed=removed)
