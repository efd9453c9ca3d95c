"""The OPC layer of a deck: content types, relationships, Strict OOXML and what a deck needs.

python-pptx opens only packages whose main part has the .pptx (or .pptm) content type, follows
only Transitional relationship types, and fails late and obscurely on missing parts. This module
inspects the package first so ``open_deck`` can say precisely what is wrong, or patch what is
only a label: a slideshow/template content type, or Strict OOXML namespaces.
"""

from __future__ import annotations

import functools
import logging
import posixpath
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from lxml import etree

from worker.deck.archive import Archive
from worker.deck.xml import MAX_XML_DEPTH, safe_parser, too_deep
from worker.errors import CorruptDeckError, NotAPresentationError

log = logging.getLogger(__name__)

CONTENT_TYPES_PART = "[Content_Types].xml"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_TRANSITIONAL_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_STRICT_REL = "http://purl.oclc.org/ooxml/officeDocument/relationships/"
CORE_PROPERTIES_REL = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"

PPTX_MAIN = "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
PPTM_MAIN = "application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml"
# The main content types of every PowerPoint flavour; python-pptx accepts only the first two.
PRESENTATION_MAIN_TYPES = frozenset(
    {
        PPTX_MAIN,
        PPTM_MAIN,
        "application/vnd.openxmlformats-officedocument.presentationml.slideshow.main+xml",
        "application/vnd.openxmlformats-officedocument.presentationml.template.main+xml",
        "application/vnd.ms-powerpoint.slideshow.macroEnabled.main+xml",
        "application/vnd.ms-powerpoint.template.macroEnabled.main+xml",
    }
)
_PYTHON_PPTX_TYPES = frozenset({PPTX_MAIN, PPTM_MAIN})
# What other Office packages are, to say so instead of "not a presentation" alone.
_OTHER_KINDS = (
    ("wordprocessingml", "a Word document"),
    ("ms-word", "a Word document"),
    ("spreadsheetml", "an Excel workbook"),
    ("ms-excel", "an Excel workbook"),
    ("theme+xml", "an Office theme (.thmx)"),
    ("addin.macroEnabled", "a PowerPoint add-in"),
    ("drawingml", "an Office drawing"),
)

# Relationship kinds (last segment of the type) a slide cannot be drawn without. Everything
# else (notes, comments, thumbnails, printer settings, custom XML, embedded fonts...) may be
# missing: the deck still converts.
_REQUIRED_KINDS = frozenset({"slide", "slideLayout", "slideMaster"})
# In a whole zip, even these may be missing, as PowerPoint repairs them: a listed slide whose part
# is gone is left out, a slide whose layout or master is gone is drawn with the deck's first
# master (worker/render/slide.py). Only a deck with none of its listed slides fails.
_LOSABLE_WHEN_WHOLE = frozenset({"slide", "slideLayout", "slideMaster"})
SLIDE_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.presentationml.slide+xml"
# In a whole zip, a missing picture costs that picture only (drawn as a stand-in, as PowerPoint
# does) and a missing theme its colours and fonts (the default Office theme stands in); in a
# damaged zip, lost parts are what the damage took, so the deck fails.
_REQUIRED_WHEN_DAMAGED = frozenset({"image", "theme"})

_P_NS = "http://schemas.openxmlformats.org/presentationml/2006/main"
_PRESENTATION_ROOTS = (f"{{{_P_NS}}}presentation", "{http://purl.oclc.org/ooxml/presentationml/main}presentation")
_SAFE_PARSER = safe_parser()
_STRICT_URI = re.compile(rb"http://purl\.oclc\.org/ooxml/([A-Za-z]+)/")
_STRICT_METADATA = re.compile(rb"http://schemas\.openxmlformats\.org/officeDocument/2006/relationships/metadata/")
_TRANSITIONAL_METADATA = b"http://schemas.openxmlformats.org/package/2006/relationships/metadata/"
# Strict spells DrawingML percentages as percent strings ("63%", ISO/IEC 29500-1 §22.9.2.9) where
# Transitional and the renderer count thousandths ("63000"), and lengths as universal measures
# ("2.54cm", §22.9.2.15) where they count EMUs. Attribute names are those of such types only.
_PERCENT_NAMES = frozenset(
    b"val pos fontScale lnSpcReduction l t r b sx sy amt thresh bright contrast stA endA stPos endPos"
    b" d sp baseline".split()
)
_MEASURE_NAMES = frozenset(
    b"x y cx cy w h lIns tIns rIns bIns marL marR indent defTabSz pos dist blurRad rad spcCol".split()
)
_PERCENT_VALUE = re.compile(rb"(-?\d+(?:\.\d+)?)%")
_MEASURE_VALUE = re.compile(rb"(-?\d+(?:\.\d+)?)(mm|cm|in|pt|pc|pi)")
# A start tag, and its attributes one after the other: values are rewritten only where they are an
# attribute's whole value (text such as 'val="63%"' in a run, or inside another attribute, stays).
# Only tags holding a percent sign or a unit after a digit are looked into.
_START_TAG = re.compile(rb"<[A-Za-z_][^<>]*?(?:%|\d(?:mm|cm|in|pt|pc|pi))[^<>]*>")
_ATTRIBUTE = re.compile(rb"(\s)([\w:.-]+)(\s*=\s*)([\"'])(.*?)\4", re.DOTALL)
_EMU_PER_UNIT = {b"mm": 36000, b"cm": 360000, b"in": 914400, b"pt": 12700, b"pc": 152400, b"pi": 152400}
# Charts read their own percent strings ("150%" gap width is 150): their parts keep them.
_CHART_ROOT = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?chartSpace[\s>]")


@dataclass(frozen=True)
class Relationship:
    rid: str
    kind: str  # last segment of the type: "slide", "image", "officeDocument"...
    rel_type: str
    target: str  # member name in the zip (no leading slash) for internal targets
    external: bool


@dataclass
class PackageInfo:
    """What inspection found: where the presentation is and what must be patched to open it."""

    main_part: str
    main_content_type: str
    strict: bool
    missing_optional: list[str] = field(default_factory=list)
    # Package relationships rebuilt when _rels/.rels is unreadable or names no presentation.
    package_rels: bytes | None = None
    # What inspection repaired, one line each for the job.
    warnings: list[str] = field(default_factory=list)
    # Listed slide parts whose content type is not a slide's though they hold a slide (p:sld).
    relabelled_slides: list[str] = field(default_factory=list)

    @property
    def relabel(self) -> bool:
        """python-pptx refuses the main content type (.ppsx, .potx...): label it .pptx."""
        return self.main_content_type not in _PYTHON_PPTX_TYPES

    @property
    def needs_rewrite(self) -> bool:
        return self.strict or self.relabel or bool(self.relabelled_slides) or self.package_rels is not None


def parse_xml(blob: bytes, name: str) -> etree._Element:
    """Parse one part without DTDs, entity expansion or network access."""
    try:
        return etree.fromstring(blob, _SAFE_PARSER)
    except etree.XMLSyntaxError as exc:
        if too_deep(exc):
            depth = f"{MAX_XML_DEPTH:,}"
            raise NestedTooDeepError(f"Corrupt deck: part {name} nests more than {depth} levels deep") from exc
        raise CorruptDeckError(f"Corrupt deck: part {name} is not well-formed XML ({exc})") from exc


class NestedTooDeepError(CorruptDeckError):
    """A well-formed part whose elements nest deeper than the XML reader holds (MAX_XML_DEPTH)."""


def rels_part_for(part: str) -> str:
    """'ppt/presentation.xml' -> 'ppt/_rels/presentation.xml.rels'; '' (the package) -> '_rels/.rels'."""
    folder, base = posixpath.split(part)
    return posixpath.join(folder, "_rels", base + ".rels")


@functools.lru_cache(maxsize=4096)  # slides name the same few layouts, masters and pictures
def resolve_target(source_part: str, target: str) -> str:
    if target.startswith("/"):
        return posixpath.normpath(target).lstrip("/")
    base = posixpath.dirname(source_part)
    return posixpath.normpath(posixpath.join(base, target)).lstrip("/")


def read_rels(archive: Archive, part: str) -> list[Relationship]:
    """The relationships of ``part``; raises CorruptDeckError when its .rels part is unreadable
    (damaged in the zip, not well-formed, or not relationships python-pptx can load)."""
    name = rels_part_for(part)
    if name not in archive:
        return []
    root = parse_xml(archive.read(name), name)
    if not rels_loadable(root):
        raise CorruptDeckError(f"Corrupt deck: part {name} holds no readable relationships")
    rels: list[Relationship] = []
    for el in root:
        if not isinstance(el.tag, str) or not el.tag.endswith("Relationship"):
            continue
        rel_type = el.get("Type", "")
        external = el.get("TargetMode", "Internal") == "External"
        target = el.get("Target", "")
        rels.append(
            Relationship(
                rid=el.get("Id", ""),
                kind=rel_type.rstrip("/").rsplit("/", 1)[-1],
                rel_type=rel_type,
                target=target if external else resolve_target(part, target),
                external=external,
            )
        )
    return rels


def rels_loadable(root: etree._Element) -> bool:
    """Whether python-pptx can load this parsed .rels part: a Relationships root whose every
    Relationship has an Id, a Type and a Target (it fails on anything else)."""
    if root.tag != f"{{{RELS_NS}}}Relationships":
        return False
    for el in root.iter(f"{{{RELS_NS}}}Relationship"):
        if el.get("Id") is None or el.get("Type") is None or el.get("Target") is None:
            return False
    return True


def _lenient_rels(archive: Archive, part: str) -> list[Relationship]:
    """The relationships of ``part``, none when they are unreadable: python-pptx is then given
    empty ones (worker/deck/repair.py) and the renderer says what the part was drawn without."""
    try:
        return read_rels(archive, part)
    except CorruptDeckError as exc:
        log.warning("%s: %s", archive.path, exc)
        return []


def content_type_of(types_root: etree._Element, part: str) -> str | None:
    """The content type python-pptx gives ``part``: where [Content_Types].xml names it twice, the
    last entry (python-pptx fills a dict in document order), an Override before a Default."""
    partname = "/" + part
    ext = posixpath.splitext(part)[1].lstrip(".").lower()
    override: str | None = None
    default: str | None = None
    for el in types_root:
        if not isinstance(el.tag, str):
            continue
        if el.tag == f"{{{CT_NS}}}Override" and el.get("PartName", "").lower() == partname.lower():
            override = el.get("ContentType")
        elif el.tag == f"{{{CT_NS}}}Default" and el.get("Extension", "").lower() == ext:
            default = el.get("ContentType")
    return override if override is not None else default


def inspect_package(archive: Archive) -> PackageInfo:
    """Find the presentation part and check that what its slides need is there.

    Raises NotAPresentationError for other Office packages and zips, CorruptDeckError when a
    part the slides need is missing or damaged.
    """
    if CONTENT_TYPES_PART not in archive:
        raise _other_program(archive) or _not_office_or_corrupt(archive, "it has no [Content_Types].xml")
    types_root = parse_xml(archive.read(CONTENT_TYPES_PART), CONTENT_TYPES_PART)
    try:
        package_rels = read_rels(archive, "")
    except CorruptDeckError as exc:
        unreadable: CorruptDeckError | None = exc
        package_rels = []
    else:
        unreadable = None
    main = next((r for r in package_rels if r.kind == "officeDocument" and not r.external), None)
    rebuilt = None
    if main is None:
        # As PowerPoint's repair does: the part labelled a presentation is the presentation.
        main = _main_by_content_type(archive, types_root)
        if main is None and unreadable is not None:
            raise unreadable
        if main is None:
            raise _not_office_or_corrupt(archive, "it has no main document relationship")
        rebuilt = _package_rels_xml(main.target)
    strict = main.rel_type.startswith(_STRICT_REL)
    content_type = content_type_of(types_root, main.target) or ""
    if content_type not in PRESENTATION_MAIN_TYPES:
        kind = next((label for key, label in _OTHER_KINDS if key in content_type), None)
        if kind is not None:
            raise NotAPresentationError(f"Not a presentation: this file is {kind}")
        if main.target not in archive and not archive.recovered:
            raise CorruptDeckError(f"Corrupt deck: the presentation part {main.target} is missing")
        if (content_type or not main.target.endswith("presentation.xml")) and not _holds_presentation(
            archive, main.target
        ):
            raise NotAPresentationError(
                f"Not a presentation: its main part {main.target} has content type '{content_type or 'none'}'"
            )
        # Else a part that holds a presentation is one whatever its label says (an Override lost, so
        # the Default for .xml applies): the label is kept, so the part is relabelled (info.relabel).
    info = PackageInfo(main_part=main.target, main_content_type=content_type or PPTX_MAIN, strict=strict)
    if rebuilt is not None:
        log.warning("%s: package relationships unusable; presentation found as %s", archive.path, main.target)
        info.package_rels = rebuilt
        what = "are unreadable" if unreadable is not None else "name no presentation"
        info.warnings.append(f"The package's relationships {what}; the presentation was found by its content type")
    _check_needed_parts(archive, info, types_root)
    return info


def _holds_presentation(archive: Archive, part: str) -> bool:
    """Whether ``part`` is in the package and its root is a presentation (Transitional or Strict)."""
    if part not in archive:
        return False
    try:
        root = parse_xml(archive.read(part), part)
    except CorruptDeckError:
        return False
    return root.tag in _PRESENTATION_ROOTS


def _main_by_content_type(archive: Archive, types_root: etree._Element) -> Relationship | None:
    """The presentation part named by a content-type override, when the package has it."""
    for el in types_root.iter(f"{{{CT_NS}}}Override"):
        part = el.get("PartName", "").lstrip("/")
        if el.get("ContentType") in PRESENTATION_MAIN_TYPES and part in archive:
            return Relationship("rId1", "officeDocument", _TRANSITIONAL_REL + "officeDocument", part, False)
    return None


def _package_rels_xml(main_part: str) -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="{RELS_NS}">'
        f'<Relationship Id="rId1" Type="{_TRANSITIONAL_REL}officeDocument" Target="/{main_part}"/></Relationships>'
    ).encode()


def _other_program(archive: Archive) -> NotAPresentationError | None:
    """A zip of another program's (OpenDocument, Keynote) said as such, with what to do."""
    name = archive.path.name
    if "mimetype" in archive:  # OpenDocument stores its media type first, uncompressed
        try:
            media = archive.read("mimetype")[:100].decode("ascii", "replace").strip()
        except CorruptDeckError:
            media = ""
        if media == "application/vnd.oasis.opendocument.presentation":
            return NotAPresentationError(
                f"Not a PowerPoint file: {name} is an OpenDocument presentation;"
                " save it as .pptx in LibreOffice Impress or PowerPoint"
            )
        kind = media.removeprefix("application/vnd.oasis.opendocument.")
        if kind != media and kind.isalpha():
            return NotAPresentationError(f"Not a presentation: {name} is an OpenDocument {kind}")
    if any(n.startswith("Index/") and n.endswith(".iwa") for n in archive.names) or "Index.zip" in archive:
        return NotAPresentationError(
            f"Not a PowerPoint file: {name} is a Keynote presentation; export it as .pptx from Keynote"
        )
    return None


def _not_office_or_corrupt(archive: Archive, why: str) -> Exception:
    if archive.recovered:
        return CorruptDeckError(f"Corrupt deck: the zip is damaged and {why}")
    return NotAPresentationError(f"Not a presentation: a zip file, but {why}")


def _check_needed_parts(archive: Archive, info: PackageInfo, types_root: etree._Element) -> None:
    """Walk from the presentation to its listed slides and what they need; raise if what is gone
    leaves nothing to draw (in a damaged zip: if any of it is gone)."""
    damaged = set(archive.damaged)
    if info.main_part not in archive:
        state = "damaged" if info.main_part in damaged else "missing"
        raise CorruptDeckError(f"Corrupt deck: the presentation part {info.main_part} is {state}")
    listed = _listed_slide_ids(archive, info.main_part)
    missing: list[Relationship] = []
    found_slides = lost_slides = 0
    seen = {info.main_part}
    todo = [info.main_part]
    while todo:
        part = todo.pop()
        # Only the presentation's own relationships are indispensable (they name its slides).
        for rel in read_rels(archive, part) if part == info.main_part else _lenient_rels(archive, part):
            if rel.external or rel.target in seen:
                continue
            if part == info.main_part:
                needed = rel.rid in listed if rel.kind == "slide" else rel.kind == "slideMaster"
                needed = needed or (archive.recovered and rel.kind in _REQUIRED_WHEN_DAMAGED)
            else:
                needed = rel.kind in _REQUIRED_KINDS or (archive.recovered and rel.kind in _REQUIRED_WHEN_DAMAGED)
            seen.add(rel.target)
            listed_slide = part == info.main_part and rel.kind == "slide" and rel.rid in listed
            found_slides += listed_slide
            if rel.target in archive:
                if needed and rel.target.endswith(".xml"):
                    todo.append(rel.target)
                if listed_slide and _mislabelled_slide(archive, types_root, rel.target):
                    info.relabelled_slides.append(rel.target)
            elif needed and (archive.recovered or rel.kind not in _LOSABLE_WHEN_WHOLE):
                missing.append(rel)
            else:
                lost_slides += listed_slide
                info.missing_optional.append(rel.target)
    if found_slides and lost_slides == found_slides:
        raise CorruptDeckError(f"Corrupt deck: none of its {found_slides} listed slides is in the package")
    if missing:
        how = "parts are missing"
        if archive.recovered:
            how = "the zip is damaged and parts the slides need are lost"
        raise CorruptDeckError(f"Corrupt deck: {how}: {_describe_missing(missing)}")
    if info.missing_optional:
        log.info("%s: optional parts missing: %s", archive.path, info.missing_optional)


def _mislabelled_slide(archive: Archive, types_root: etree._Element, part: str) -> bool:
    """A listed slide part labelled as something else that holds a slide all the same."""
    if content_type_of(types_root, part) == SLIDE_CONTENT_TYPE:
        return False
    try:
        root = parse_xml(archive.read(part), part)
    except CorruptDeckError:
        return False
    return root.tag in (f"{{{_P_NS}}}sld", "{http://purl.oclc.org/ooxml/presentationml/main}sld")


def _describe_missing(missing: list[Relationship]) -> str:
    """'1 theme (ppt/theme/theme1.xml), 33 images (ppt/media/image1.jpeg, ...)': structure first."""
    order = ["slideMaster", "slideLayout", "theme", "slide", "image"]
    by_kind: dict[str, list[str]] = {}
    for rel in missing:
        by_kind.setdefault(rel.kind, []).append(rel.target)
    groups = []
    for kind in sorted(by_kind, key=lambda k: order.index(k) if k in order else len(order)):
        targets = sorted(by_kind[kind])
        label = kind if len(targets) == 1 else kind + "s"
        shown = ", ".join(targets[:2]) + (", ..." if len(targets) > 2 else "")
        groups.append(f"{len(targets)} {label} ({shown})")
    return ", ".join(groups)


def _listed_slide_ids(archive: Archive, main_part: str) -> set[str]:
    """The r:ids of sldIdLst: the slides the deck shows (other slide relationships are strays).
    Raises CorruptDeckError when the part holds no presentation (python-pptx fails late on it)."""
    root = parse_xml(archive.read(main_part), main_part)
    if root.tag not in _PRESENTATION_ROOTS:
        what = etree.QName(root).localname if isinstance(root.tag, str) else "none"
        raise CorruptDeckError(f"Corrupt deck: the presentation part {main_part} holds no presentation (<{what}>)")
    ids: set[str] = set()
    for el in root.iter():
        if isinstance(el.tag, str) and el.tag.endswith("}sldId"):
            ids.update(str(v) for k, v in el.attrib.items() if str(k).endswith("}id"))
    return ids


def strict_to_transitional(blob: bytes) -> bytes:
    """Rewrite Strict OOXML namespace and relationship URIs to their Transitional twins.

    Strict names are purl.oclc.org/ooxml/<area>/<name>; Transitional ones are
    schemas.openxmlformats.org/<area>/2006/<name>, except thumbnail/core metadata relationships,
    which live under package/2006.
    """
    out = _STRICT_URI.sub(rb"http://schemas.openxmlformats.org/\1/2006/", blob)
    return _STRICT_METADATA.sub(_TRANSITIONAL_METADATA, out)


def strict_values_to_transitional(blob: bytes) -> bytes:
    """Rewrite a Strict part's DrawingML percent strings and universal measures as Transitional
    numbers: "63%" -> "63000", "2.54cm" -> "914400". Chart parts are returned as they are."""
    if _CHART_ROOT.search(blob[:4096]):
        return blob
    return _START_TAG.sub(lambda tag: _ATTRIBUTE.sub(_transitional_attribute, tag[0]), blob)


def _transitional_attribute(m: re.Match[bytes]) -> bytes:
    name, value = m[2], m[5]
    if name in _PERCENT_NAMES and (percent := _PERCENT_VALUE.fullmatch(value)):
        value = b"%d" % round(float(percent[1]) * 1000)
    elif name in _MEASURE_NAMES and (measure := _MEASURE_VALUE.fullmatch(value)):
        value = b"%d" % round(float(measure[1]) * _EMU_PER_UNIT[measure[2]])
    else:
        return m[0]
    return m[1] + m[2] + m[3] + m[4] + value + m[4]


def patched_content_types(blob: bytes, main_part: str, relabel_main: bool = True, slides: Iterable[str] = ()) -> bytes:
    """[Content_Types].xml with the main part labelled as a .pptx presentation (``relabel_main``)
    and each of ``slides`` as a slide."""
    root = parse_xml(blob, CONTENT_TYPES_PART)
    labels = {"/" + part: SLIDE_CONTENT_TYPE for part in slides}
    if relabel_main:
        labels["/" + main_part] = PPTX_MAIN
    for partname, content_type in labels.items():
        named = False
        for el in root:  # every entry naming the part: python-pptx reads the last
            if el.tag == f"{{{CT_NS}}}Override" and el.get("PartName", "").lower() == partname.lower():
                el.set("ContentType", content_type)
                named = True
        if not named:
            etree.SubElement(root, f"{{{CT_NS}}}Override", PartName=partname, ContentType=content_type)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


def core_properties_part(archive: Archive) -> str | None:
    for rel in _lenient_rels(archive, ""):
        if rel.kind == "core-properties" and not rel.external and rel.target in archive:
            return rel.target
    return "docProps/core.xml" if "docProps/core.xml" in archive else None
