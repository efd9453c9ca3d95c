"""Preview pictures of embedded objects kept in the sheet's legacy VML drawing.

Decks from PowerPoint 2007 and older converters store an OLE object's picture not in the
p:oleObj (no p:pic inside) but in the slide's vmlDrawing part: the p:oleObj's ``spid`` names a
v:shape there whose v:imagedata points (through the VML part's own relationships) at the picture,
often a WMF. PowerPoint and LibreOffice draw that picture.
"""

from __future__ import annotations

import logging
from typing import Any

from lxml import etree

from worker.deck.xml import local

log = logging.getLogger(__name__)

_RT_VML = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/vmlDrawing"
_O = "urn:schemas-microsoft-com:office:office"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

# VML is loosely written XML; recover from small faults, but never expand entities or fetch.
_VML_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False, recover=True)


def vml_preview(sheet_part: Any, spid: str) -> tuple[Any, str] | None:
    """(VML part, relationship id of the picture) of the v:shape ``spid`` in ``sheet_part``'s VML."""
    if not spid:
        return None
    try:
        rels = list(sheet_part.rels.values())
    except AttributeError:
        return None
    for rel in rels:
        if getattr(rel, "reltype", "") != _RT_VML or rel.is_external:
            continue
        try:
            part = rel.target_part
            root = etree.fromstring(bytes(part.blob), _VML_PARSER)
        except (etree.XMLSyntaxError, KeyError, AttributeError, ValueError) as exc:
            log.info("legacy drawing unreadable: %s", exc)
            continue
        if root is None:
            continue
        for shape in root.iter("{*}shape"):
            if spid not in (shape.get("id"), shape.get(f"{{{_O}}}spid")):
                continue
            for data in shape.iter("{*}imagedata"):
                if local(data) != "imagedata":
                    continue
                r_id = data.get(f"{{{_O}}}relid") or data.get(f"{{{_R}}}id")
                if r_id:
                    return part, r_id
    return None
