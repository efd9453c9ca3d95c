"""Following one relationship of a python-pptx part the way a damaged deck allows."""

from __future__ import annotations

from typing import Any


def related_by(part: Any, reltype: str) -> Any | None:
    """The first internal part ``part`` relates to with ``reltype``, or None.

    python-pptx's ``part_related_by`` raises KeyError when there is none and ValueError when there
    are several; a damaged deck may repeat a relationship (two themes for one master), and the
    first one, in document order, is as good as PowerPoint's pick."""
    try:
        rels = part.rels
    except AttributeError:
        return None
    for rel in rels.values():
        if rel.reltype != reltype or rel.is_external:
            continue
        try:
            return rel.target_part
        except (KeyError, ValueError):  # a target python-pptx did not load
            continue
    return None
