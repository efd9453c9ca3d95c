"""Empty stand-ins for parts python-pptx cannot parse, so one unreadable part costs only itself.

python-pptx parses every slide, layout, master, notes and chart part, and every relationships part,
when it opens a deck, and one that is not well-formed XML (or damaged in the zip) fails the whole
deck. PowerPoint and LibreOffice repair such a deck and show what is left; so do we: each
unreadable part of those kinds is replaced by an empty one of the same kind, marked as a stand-in,
and the renderer tells the job what it drew instead (a blank slide, the master's styles, a chart
placeholder) by finding the mark. A damaged part of another kind (a picture, a theme) is left out,
as if it were missing.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from lxml import etree

from worker.deck import opc
from worker.deck.archive import Archive
from worker.deck.xml import MAX_XML_DEPTH
from worker.errors import CorruptDeckError

log = logging.getLogger(__name__)

# The mark on a stand-in's root element (a namespace of ours: no Office reader knows it); its
# value says why the part was unreadable, for the job's warning.
STAND_IN_NS = "urn:slidepress:stand-in"
_MARK = f"{{{STAND_IN_NS}}}unreadable"
DAMAGED_XML = "damaged XML"
DAMAGED_IN_ZIP = "damaged in the zip"
TOO_DEEP = f"shapes nested too deeply, over {MAX_XML_DEPTH:,} levels"
# python-pptx parses every chart part whole when it opens a deck, at about 16 times its size (a
# 200 MB part of numbers: 3.4 GB parsed, 6.9 GB to convert; 30 MB: 1.1 GB, 15 MB: 630 MB). Larger
# chart parts are drawn as placeholders: this is some 400,000 points, where real charts hold a few
# thousand (Excel stops a 2-D series at 1,048,576).
MAX_CHART_PART_BYTES = 16 << 20
# python-pptx keeps no root of a relationships part, only its relationships: an empty one is marked
# by a relationship of our own type (external, so nothing follows it).
_RELS_MARK_TYPE = f"{STAND_IN_NS}#unreadable-relationships"
_RELS_STAND_IN = (
    f'<Relationships xmlns="{opc.RELS_NS}"><Relationship Id="rIdSlidepressStandIn" Type="{_RELS_MARK_TYPE}" '
    'Target="urn:slidepress:none" TargetMode="External"/></Relationships>'
).encode()

_CT = "application/vnd.openxmlformats-officedocument."
SLIDE_CONTENT_TYPE = _CT + "presentationml.slide+xml"
_CHART_CONTENT_TYPE = _CT + "drawingml.chart+xml"
_NAMESPACES = (
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" '
    f'xmlns:sp="{STAND_IN_NS}" sp:unreadable="{{why}}"'
)
_TREE = (
    '<p:cSld><p:spTree><p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr>'
    "<p:grpSpPr/></p:spTree></p:cSld>"
)
_COLOR_MAP = (
    '<p:clrMap bg1="lt1" tx1="dk1" bg2="lt2" tx2="dk2" accent1="accent1" accent2="accent2" accent3="accent3" '
    'accent4="accent4" accent5="accent5" accent6="accent6" hlink="hlink" folHlink="folHlink"/>'
)
# Content type -> the empty part of that kind. The kinds python-pptx parses on opening, except the
# presentation part itself: without it nothing of the deck is usable.
_STAND_INS: dict[str, str] = {
    SLIDE_CONTENT_TYPE: f"<p:sld {_NAMESPACES}>{_TREE}</p:sld>",
    _CT + "presentationml.slideLayout+xml": f"<p:sldLayout {_NAMESPACES}>{_TREE}</p:sldLayout>",
    _CT + "presentationml.slideMaster+xml": f"<p:sldMaster {_NAMESPACES}>{_TREE}{_COLOR_MAP}</p:sldMaster>",
    _CT + "presentationml.notesSlide+xml": f"<p:notes {_NAMESPACES}>{_TREE}</p:notes>",
    _CT + "presentationml.notesMaster+xml": f"<p:notesMaster {_NAMESPACES}>{_TREE}{_COLOR_MAP}</p:notesMaster>",
    _CHART_CONTENT_TYPE: (
        '<c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" '
        f'xmlns:sp="{STAND_IN_NS}" sp:unreadable="{{why}}"><c:chart><c:plotArea/></c:chart></c:chartSpace>'
    ),
    "application/vnd.openxmlformats-package.core-properties+xml": (
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        f'xmlns:sp="{STAND_IN_NS}" sp:unreadable="{{why}}"/>'
    ),
}


def stand_in_for(content_type: str, why: str) -> bytes | None:
    """The empty part standing in for an unreadable part of ``content_type`` (None: no kind of ours)."""
    template = _STAND_INS.get(content_type)
    return None if template is None else template.format(why=why).encode()


def is_stand_in(element: etree._Element | None) -> bool:
    """Whether ``element`` is the root of a stand-in for an unreadable part."""
    return element is not None and bool(element.get(_MARK))


def why_unreadable(element: etree._Element | None) -> str:
    """Why the part ``element`` stands in for was unreadable: 'damaged XML', 'damaged in the zip'."""
    why = (element.get(_MARK) if element is not None else None) or ""
    return DAMAGED_XML if why in ("", "1") else why


def has_unreadable_rels(part: object) -> bool:
    """Whether ``part`` (a python-pptx part) was given empty relationships in place of its own."""
    rels = getattr(part, "rels", None)
    return rels is not None and any(rel.reltype == _RELS_MARK_TYPE for rel in rels.values())


def stand_ins(archive: Archive, names: Iterable[str]) -> dict[str, bytes | None]:
    """For each part among ``names`` python-pptx cannot read, what it is given instead: the
    stand-in of that kind (empty relationships for a part's relationships), or None (leave the part
    out) for a part damaged in the zip that has no stand-in. Unreadable parts of other kinds (the
    presentation part, [Content_Types].xml, the package's relationships) are left as they are, and
    keep failing or are rebuilt by opc.inspect_package."""
    types_root = opc.parse_xml(archive.read(opc.CONTENT_TYPES_PART), opc.CONTENT_TYPES_PART)
    found: dict[str, bytes | None] = {}
    for name in names:
        if name.endswith(".rels"):
            if name != opc.rels_part_for("") and not _readable_rels(archive, name):
                log.warning("%s: relationships %s are unreadable; empty ones stand in", archive.path, name)
                found[name] = _RELS_STAND_IN
            continue
        template = _STAND_INS.get(opc.content_type_of(types_root, name) or "")
        if template is None:
            if name in archive.damaged and name != opc.CONTENT_TYPES_PART:
                log.warning("%s: part %s is damaged in the zip; it is left out", archive.path, name)
                found[name] = None
            continue
        try:
            opc.parse_xml(archive.read(name), name)
        except opc.NestedTooDeepError:
            why = TOO_DEEP
            log.warning("%s: part %s nests too deeply to read; an empty one stands in", archive.path, name)
            found[name] = template.format(why=why).encode()
        except CorruptDeckError:
            why = DAMAGED_IN_ZIP if name in archive.damaged else DAMAGED_XML
            log.warning("%s: part %s is unreadable (%s); an empty one stands in", archive.path, name, why)
            found[name] = template.format(why=why).encode()
    return found


def oversized_charts(archive: Archive) -> dict[str, bytes]:
    """Stand-ins for chart parts larger than MAX_CHART_PART_BYTES (none is read), by part name."""
    big = [name for name, size in archive.sizes.items() if size > MAX_CHART_PART_BYTES]
    if not big:
        return {}
    types_root = opc.parse_xml(archive.read(opc.CONTENT_TYPES_PART), opc.CONTENT_TYPES_PART)
    found: dict[str, bytes] = {}
    for name in big:
        if opc.content_type_of(types_root, name) == _CHART_CONTENT_TYPE:
            size = archive.sizes[name]
            log.info("%s: chart part %s holds %d bytes; a placeholder stands in", archive.path, name, size)
            why = f"{size / (1 << 20):.0f} MB of data; charts over {MAX_CHART_PART_BYTES >> 20} MB are not drawn"
            found[name] = _STAND_INS[_CHART_CONTENT_TYPE].format(why=why).encode()
    return found


def _readable_rels(archive: Archive, name: str) -> bool:
    try:
        return opc.rels_loadable(opc.parse_xml(archive.read(name), name))
    except CorruptDeckError:
        return False


def require_a_readable_slide(slide_roots: list[etree._Element]) -> None:
    """Raise when every slide of the deck is a stand-in: nothing of it is left to convert."""
    if slide_roots and all(is_stand_in(root) for root in slide_roots):
        count = len(slide_roots)
        if all(why_unreadable(root) == TOO_DEEP for root in slide_roots):
            what = "its slide nests" if count == 1 else f"all {count} of its slides nest"
            raise CorruptDeckError(f"Corrupt deck: {what} shapes too deeply to read (over {MAX_XML_DEPTH:,} levels)")
        what = "its slide is" if count == 1 else f"all {count} of its slides are"
        plain = {DAMAGED_XML: "not well-formed XML", DAMAGED_IN_ZIP: "in the zip", TOO_DEEP: "nested too deeply"}
        how = {plain.get(why_unreadable(root), "in the zip") for root in slide_roots}
        raise CorruptDeckError(f"Corrupt deck: {what} damaged ({', '.join(sorted(how))})")
