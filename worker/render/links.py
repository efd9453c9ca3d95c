"""Where an a:hlinkClick leads, as the link annotations of pdf_finish take it: a URL, an internal
slide's part name, or one of PowerPoint's relative jumps (next, previous, first, last slide), which
pdf_finish counts in pages."""

from __future__ import annotations

import logging
from typing import Protocol

from lxml import etree

from worker.deck.xml import R

log = logging.getLogger(__name__)

NEXT_SLIDE, PREVIOUS_SLIDE = "#slide:next", "#slide:previous"
FIRST_SLIDE, LAST_SLIDE = "#slide:first", "#slide:last"
RELATIVE_JUMPS = frozenset({NEXT_SLIDE, PREVIOUS_SLIDE, FIRST_SLIDE, LAST_SLIDE})
_JUMPS = {"nextslide": NEXT_SLIDE, "previousslide": PREVIOUS_SLIDE, "firstslide": FIRST_SLIDE, "lastslide": LAST_SLIDE}


# URLs that run code or carry a document of their own rather than lead somewhere: a PDF viewer
# hands a link's URL to the browser or the system, so a deck's "javascript:..." would reach them.
_SCRIPT_SCHEMES = frozenset({"javascript", "vbscript", "data"})


def _scheme(url: str) -> str:
    """The URL's scheme, lower-cased, as a browser reads it (spaces and control characters that
    browsers skip inside it are skipped: "java\tscript:" is javascript:)."""
    head = url.split(":", 1)[0] if ":" in url else ""
    return "".join(ch for ch in head if ch > " ").lower()


class LinkContext(Protocol):
    def rel_target(self, r_id: str | None) -> str | None: ...

    def rel_is_external(self, r_id: str | None) -> bool: ...


def link_target(ctx: LinkContext, link: etree._Element) -> str | None:
    """The target of ``link`` (a:hlinkClick), or None for actions a PDF cannot follow (macros,
    programs, custom shows, "end show", links to parts the deck lacks)."""
    action = link.get("action", "") or ""
    r_id = link.get(f"{{{R}}}id")
    if "jump=" in action:
        return _JUMPS.get(action.split("jump=", 1)[1])
    if action.startswith("ppaction://program"):  # runs a program: nothing a PDF should open
        return None
    if not r_id:
        return None
    target = ctx.rel_target(r_id)
    if not target:
        return None
    if ctx.rel_is_external(r_id):
        if _scheme(target) in _SCRIPT_SCHEMES:
            log.info("link to a %s: URL left out of the PDF", _scheme(target))
            return None
        return target
    # An internal slide: its part name; pdf_finish maps part names to output pages (hidden slides
    # have none), which slide numbers cannot do.
    return target if target.startswith("/") else None
