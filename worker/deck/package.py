"""Opening a deck: tell what the file is, refuse what cannot be converted, open the rest.

``open_deck`` classifies a file from its first bytes and its container before python-pptx sees
it, so each failure is one typed error with a line a person understands: not a presentation,
password-protected, legacy .ppt, corrupt, too large. What is only mislabelled (.ppsx/.potx/.ppsm
content types, Strict OOXML) or damaged but whole where it matters (a zip that lost its central
directory) is repaired in memory and opened.
"""

from __future__ import annotations

import logging
import os
import re
import stat
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import pptx
import pptx.parts.slide
import pptx.presentation
import pptx.slide
from lxml import etree
from pptx.exc import PythonPptxError

from worker.deck import opc, preloaded, repair
from worker.deck.archive import Archive, ArchiveLimits, open_archive
from worker.deck.cfb import CFB_MAGIC, CfbError, stream_names
from worker.deck.xml import child, rel_id
from worker.errors import (
    ConversionError,
    CorruptDeckError,
    DeckTooLargeError,
    EncryptedDeckError,
    ErrorKind,
    LegacyPptError,
    NotAPresentationError,
    NoVisibleSlidesError,
    TransientError,
    UnreadableFileError,
)

log = logging.getLogger(__name__)
# The namespace part of an element name as lxml spells it ("{http://...}Default").
_CLARK_NAMESPACE = re.compile(r"\{[^{}]*\}")

DEFAULT_LIMITS = ArchiveLimits()
_ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
# Recognisable non-deck files, to name them in the message.
_OTHER_MAGICS = (
    (b"%PDF", "a PDF"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"{\\rtf", "an RTF document"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
    (b"\x1f\x8b", "a gzip file"),
)
_OLE_KINDS = (
    ("WordDocument", "a legacy Word document (.doc)"),
    ("Workbook", "a legacy Excel workbook (.xls)"),
    ("Book", "a legacy Excel workbook (.xls)"),
)


class SourceChangedError(TransientError):
    """The file was rewritten while it was read: what was read may mix two versions, so the
    job is tried again (reading the file anew) rather than converted."""

    kind = ErrorKind.UNREADABLE


@dataclass(frozen=True)
class DeckProperties:
    title: str
    author: str
    subject: str
    keywords: str


@dataclass
class Deck:
    path: Path
    presentation: pptx.presentation.Presentation
    properties: DeckProperties
    # What opening left out or repaired, one line each for the job (the renderer adds its own).
    warnings: list[str] = field(default_factory=list)

    def slides(self, include_hidden: bool) -> list[pptx.slide.Slide]:
        """The slides to convert, in order; raises NoVisibleSlidesError when there are none."""
        every = list(self.presentation.slides)
        chosen = every if include_hidden else [s for s in every if not is_hidden(s)]
        if not every:
            raise NoVisibleSlidesError("No slides: the presentation is empty")
        if not chosen:
            which = "its only slide is" if len(every) == 1 else f"all {len(every)} slides are"
            raise NoVisibleSlidesError(f"No visible slides: {which} hidden; include hidden slides to convert it")
        return chosen


def is_hidden(slide: pptx.slide.Slide) -> bool:
    return slide._element.get("show") in ("0", "false")


def open_deck(path: Path, limits: ArchiveLimits = DEFAULT_LIMITS) -> Deck:
    """Open the deck at ``path``; raises ``worker.errors`` types with a one-line message.

    The file is opened once and every reader goes through that one handle: a deck renamed,
    deleted or replaced meanwhile is still read whole from the version opened, and one rewritten
    in place while it is read raises SourceChangedError instead of mixing two versions."""
    path = Path(path)
    try:
        return _open_deck(path, limits)
    except OSError as exc:
        # The file opened but a read failed (a failing disk, a dropped network share or USB stick).
        raise UnreadableFileError(f"Cannot read {path.name}: {exc.strerror or exc} (a disk or network error?)") from exc


def _open_deck(path: Path, limits: ArchiveLimits) -> Deck:
    with _open_source(path) as source:
        before = _identity(source)
        head = source.read(8)
        if not head:
            raise NotAPresentationError(f"Not a presentation: {path.name} is empty")
        if head.startswith(CFB_MAGIC):
            raise _classify_compound_file(path)
        if not head.startswith(_ZIP_MAGICS) and not _is_zip(source):
            raise NotAPresentationError(_not_a_deck_message(path, head))
        archive = open_archive(path, limits, source)
        try:
            info = opc.inspect_package(archive)
            # Parts damaged in the zip never reach python-pptx (it would inflate them whole).
            standing_in = repair.stand_ins(archive, archive.names) if archive.damaged else {}
            # Nor do chart parts too large to parse in bounded memory.
            too_large: dict[str, bytes | None] = dict(repair.oversized_charts(archive))
            inflated: dict[str, bytes] | None = None
            if not (info.needs_rewrite or archive.recovered or standing_in):
                source.seek(0)
                inflated = archive.members()  # python-pptx takes them rather than inflating again
                if inflated is not None and too_large:
                    inflated = {**inflated, **{name: blob for name, blob in too_large.items() if blob is not None}}
            if inflated is None and (info.needs_rewrite or archive.recovered or standing_in or too_large):
                _check_rewrite_size(archive, limits)
                inflated = _rewritten(archive, info, {**too_large, **standing_in})
            try:
                presentation = _load_presentation(source, inflated)
            except CorruptDeckError:
                if standing_in:  # the unreadable parts were replaced already: the fault is elsewhere
                    raise
                # A part python-pptx reads is not well-formed: stand-ins replace such parts.
                standing_in = repair.stand_ins(archive, archive.names)
                if not standing_in:
                    raise
                _check_rewrite_size(archive, limits)
                presentation = _load_presentation(source, _rewritten(archive, info, {**too_large, **standing_in}))
            # Before anything walks the slides: python-pptx fails on a listed slide naming another part.
            warnings = info.warnings + _drop_dangling_slide_ids(presentation)
            if standing_in:
                repair.require_a_readable_slide([s.part._element for s in presentation.slides])
            properties = _read_properties(archive)
        finally:
            archive.close()
        if _identity(source) != before:
            raise SourceChangedError(f"{path.name} changed while it was being read; it will be read again")
    log.debug("opened %s (%s%s)", path, info.main_content_type, ", strict" if info.strict else "")
    return Deck(path=path, presentation=presentation, properties=properties, warnings=warnings)


def _open_source(path: Path) -> IO[bytes]:
    try:
        # Opening a pipe or a device would block or never end: only regular files are read.
        mode = path.stat().st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(path)
        if not stat.S_ISREG(mode):
            raise UnreadableFileError(f"Not a regular file: {path} (a pipe, socket or device?)")
        return path.open("rb")
    except FileNotFoundError as exc:
        # "Headline: detail" (worker.errors.headline): a list row's bar holds "File not found".
        raise UnreadableFileError(f"File not found: {path} (moved, renamed or deleted?)") from exc
    except IsADirectoryError as exc:
        raise UnreadableFileError(f"Not a file but a folder: {path}") from exc
    except OSError as exc:
        raise UnreadableFileError(f"Cannot read {path}: {exc.strerror or exc}") from exc


def _identity(source: IO[bytes]) -> tuple[int, int, int]:
    """What changes when the open file is written to: size and modification time (ns)."""
    st = os.fstat(source.fileno())
    return st.st_size, st.st_mtime_ns, st.st_ino


def _is_zip(source: IO[bytes]) -> bool:
    # A zip may carry a prefix (self-extracting stubs); zipfile finds its end record anyway.
    try:
        return zipfile.is_zipfile(source)
    except OSError:
        return False


def _not_a_deck_message(path: Path, head: bytes) -> str:
    kind = next((label for magic, label in _OTHER_MAGICS if head.startswith(magic)), None)
    if kind is not None:
        return f"Not a presentation: {path.name} is {kind}"
    return f"Not a presentation: {path.name} is neither a .pptx (zip) nor an Office file"


def _classify_compound_file(path: Path) -> ConversionError:
    try:
        names = stream_names(path)
    except (CfbError, OSError, UnicodeDecodeError) as exc:
        return CorruptDeckError(f"Corrupt file: a damaged Office compound document ({exc})")
    if "EncryptedPackage" in names:
        return EncryptedDeckError("Password-protected: open it in PowerPoint, remove the password and save again")
    if "PowerPoint Document" in names:
        return LegacyPptError("Legacy PowerPoint 97-2003 (.ppt) file: open it in PowerPoint and save as .pptx")
    kind = next((label for stream, label in _OLE_KINDS if stream in names), "an Office compound file")
    return NotAPresentationError(f"Not a presentation: {path.name} is {kind}, not a PowerPoint deck")


def _check_rewrite_size(archive: Archive, limits: ArchiveLimits) -> None:
    total = sum(archive.sizes.values())
    if total > limits.max_rewrite_bytes:
        raise DeckTooLargeError(
            f"Deck too large to repair in memory: {total >> 20} MiB (the limit is {limits.max_rewrite_bytes >> 20} MiB)"
        )


def _rewritten(
    archive: Archive, info: opc.PackageInfo, standing_in: dict[str, bytes | None] | None = None
) -> dict[str, bytes]:
    """The package's members (name -> bytes) as python-pptx accepts them: relabelled, Transitional,
    whole, with ``standing_in`` parts (name -> blob, or None: left out) in place of unreadable ones.
    They are loaded as a whole deck's are (preloaded), which reads a part without a content type by
    its extension where python-pptx's own reader refuses the deck."""
    standing_in = dict(standing_in or {})
    if info.package_rels is not None:
        standing_in[opc.rels_part_for("")] = info.package_rels
    members: dict[str, bytes] = {}
    names = archive.names + [n for n in standing_in if n not in archive]  # a rebuilt _rels/.rels
    for name in names:
        if name in standing_in:
            stand_in = standing_in[name]
            if stand_in is not None:
                members[name] = stand_in
            continue
        blob = archive.read(name)
        is_xml = name.endswith((".xml", ".rels"))
        if info.strict and is_xml:
            blob = opc.strict_values_to_transitional(opc.strict_to_transitional(blob))
        if name == opc.CONTENT_TYPES_PART and (info.relabel or info.relabelled_slides):
            blob = opc.patched_content_types(blob, info.main_part, info.relabel, info.relabelled_slides)
        members[name] = blob
    return members


def _load_presentation(source: IO[bytes], inflated: dict[str, bytes] | None = None) -> pptx.presentation.Presentation:
    """python-pptx's presentation from ``source``, or from its members' bytes when given."""
    try:
        return pptx.Presentation(source) if inflated is None else preloaded.load_presentation(source, inflated)
    except ConversionError:
        raise
    except etree.XMLSyntaxError as exc:
        raise CorruptDeckError(f"Corrupt deck: a part is not well-formed XML ({exc})") from exc
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
        raise CorruptDeckError(f"Corrupt deck: the zip is damaged ({exc})") from exc
    except (KeyError, ValueError, AttributeError, PythonPptxError) as exc:
        # python-pptx meets an element of the wrong kind (a relationships part without its root...).
        raise CorruptDeckError(f"Corrupt deck: {_plain(exc)}") from exc


def _plain(exc: Exception) -> str:
    """python-pptx's message without the namespace URIs of its element names, saying where an
    entry of [Content_Types].xml is ("required 'ContentType' attribute not present on element
    Default in [Content_Types].xml"), as the job shows it to a person."""
    text = str(exc)
    where = " in [Content_Types].xml" if f"{{{opc.CT_NS}}}" in text else ""
    return _CLARK_NAMESPACE.sub("", text) + where


def _drop_dangling_slide_ids(presentation: pptx.presentation.Presentation) -> list[str]:
    """Leave out listed slides whose relationship is gone or names no slide part: there is
    nothing to draw for them, and the deck's other slides still convert. Returns the job's
    warnings, one per slide left out, numbered as the deck lists them."""
    part = presentation.part
    slide_list = child(part._element, "sldIdLst")
    if slide_list is None:
        return []
    warnings = []
    for number, sld_id in enumerate(list(slide_list), start=1):
        rid = rel_id(sld_id, "id")
        rel = part.rels.get(rid) if rid is not None else None
        try:
            if rel is not None and not rel.is_external and isinstance(rel.target_part, pptx.parts.slide.SlidePart):
                continue
        except (KeyError, ValueError):  # a target python-pptx did not load
            pass
        log.warning("a listed slide (r:id %r) names no slide part; it is left out", rid)
        warnings.append(f"Slide {number}: its part is missing or is not a slide; it was left out")
        slide_list.remove(sld_id)
    if warnings and not len(slide_list):
        # Not an empty presentation ("No slides"): every slide it lists is lost.
        listed = len(warnings)
        which = "its only listed slide names no" if listed == 1 else f"none of its {listed} listed slides names a"
        raise CorruptDeckError(f"Corrupt deck: {which} slide part")
    return warnings


def _read_properties(archive: Archive) -> DeckProperties:
    part = opc.core_properties_part(archive)
    values: dict[str, str] = {}
    if part is not None:
        try:
            root = opc.parse_xml(archive.read(part), part)
        except CorruptDeckError:
            log.warning("%s: unreadable document properties in %s", archive.path, part)
        else:
            for el in root:
                if isinstance(el.tag, str):
                    values[el.tag.rsplit("}", 1)[-1]] = (el.text or "").strip()
    return DeckProperties(
        title=values.get("title", ""),
        author=values.get("creator", ""),
        subject=values.get("subject", ""),
        keywords=values.get("keywords", ""),
    )
