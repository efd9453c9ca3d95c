"""Empty stand-ins for parts python-pptx cannot parse, so one unreadable part costs only itself.

python-pptx parses every slide, layout, master, notes and chart part when it opens a deck, and one
that is not well-formed XML fails the whole deck. PowerPoint and LibreOffice repair such a deck and
show what is left; so do we: each unreadable part of those kinds is replaced by an empty one of the
same kind, marked as a stand-in, and the renderer tells the job what it drew instead (a blank
slide, the master's styles, a chart placeholder) by finding the mark.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from lxml import etree

from worker.deck import opc
from worker.deck.archive import Archive
from worker.errors import CorruptDeckError

log = logging.getLogger(__name__)

# The mark on a stand-in's root element (a namespace of ours: no Office reader knows it).
STAND_IN_NS = "urn:slidepress:stand-in"
_MARK = f"{{{STAND_IN_NS}}}unreadable"

_CT = "application/vnd.openxmlformats-officedocument."
SLIDE_CONTENT_TYPE = _CT + "presentationml.slide+xml"
_NAMESPACES = (
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" '
    f'xmlns:sp="{STAND_IN_NS}" sp:unreadable="1"'
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
    _CT + "drawingml.chart+xml": (
        '<c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" '
        f'xmlns:sp="{STAND_IN_NS}" sp:unreadable="1"><c:chart><c:plotArea/></c:chart></c:chartSpace>'
    ),
    "application/vnd.openxmlformats-package.core-properties+xml": (
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        f'xmlns:sp="{STAND_IN_NS}" sp:unreadable="1"/>'
    ),
}


def is_stand_in(element: etree._Element | None) -> bool:
    """Whether ``element`` is the root of a stand-in for an unreadable part."""
    return element is not None and element.get(_MARK) == "1"


def stand_ins(archive: Archive, names: Iterable[str]) -> dict[str, bytes]:
    """The stand-in of each part among ``names`` that is not well-formed XML and of a kind that
    has one; the presentation part and unknown kinds are left as they are (and keep failing)."""
    types_root = opc.parse_xml(archive.read(opc.CONTENT_TYPES_PART), opc.CONTENT_TYPES_PART)
    found: dict[str, bytes] = {}
    for name in names:
        template = _STAND_INS.get(opc.content_type_of(types_root, name) or "")
        if template is None:
            continue
        try:
            opc.parse_xml(archive.read(name), name)
        except CorruptDeckError:
            log.warning("%s: part %s is not well-formed XML; an empty one stands in", archive.path, name)
            found[name] = template.encode()
    return found


def require_a_readable_slide(slide_roots: list[etree._Element]) -> None:
    """Raise when every slide of the deck is a stand-in: nothing of it is left to convert."""
    if slide_roots and all(is_stand_in(root) for root in slide_roots):
        count = len(slide_roots)
        what = "its slide is" if count == 1 else f"all {count} of its slides are"
        raise CorruptDeckError(f"Corrupt deck: {what} damaged (not well-formed XML)")
