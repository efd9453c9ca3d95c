"""SVG pictures reduced to what they hold before Qt SVG reads them.

Qt SVG loads an <image> whose href is a path on this machine (``QImage(path)``): a deck from a
stranger could put any picture the converting user can read into the PDF it hands back. PowerPoint
loads nothing from outside an SVG either. So every href that is neither a fragment of the SVG
itself ("#id") nor inline data ("data:...") is dropped, and the SVG is written back without its
DOCTYPE: entities are never expanded (an undefined one makes the SVG unreadable to Qt, and the
picture's PNG is drawn instead).
"""

from __future__ import annotations

import logging

from lxml import etree

from worker.deck.xml import SAFE_PARSER

log = logging.getLogger(__name__)

# An SVG without these cannot name anything outside itself nor declare entities: passed as it is.
_OUTSIDE_MARKERS = (b"href", b"<!DOCTYPE", b"<!ENTITY", b"<!doctype")


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
            if str(name).rsplit("}", 1)[-1] == "href" and not _inside(str(value)):
                del el.attrib[name]
                dropped += 1
    if dropped:
        log.info("SVG picture: %d references to files or URLs outside it dropped", dropped)
    return bytes(etree.tostring(root))  # the root element alone: no DOCTYPE, entities left unexpanded


def _inside(href: str) -> bool:
    value = href.strip()
    return value.startswith("#") or value[:5].lower() == "data:"
