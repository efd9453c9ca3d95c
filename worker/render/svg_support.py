"""Whether Qt's SVG renderer draws an SVG picture as PowerPoint does, or its PNG fallback must.

Office stores every SVG picture (asvg:svgBlip) with a PNG it rendered itself. Qt SVG draws SVG
Tiny 1.2 and some more, but not everything common in exported artwork: it ignores clip-path
(whatever was clipped away shows in full), takes rgba()/hsl() colours for none or black, and draws
a <symbol>'s content unscaled by its viewBox (icon sprites come out tiny). Such SVGs are drawn from
the fallback, which shows what PowerPoint shows, at the fallback's resolution.
"""

from __future__ import annotations

import logging
import re

from lxml import etree

from worker.deck.xml import SAFE_PARSER, local

log = logging.getLogger(__name__)

_CLIP_REFERENCE = re.compile(rb"clip-path\s*[:=]\s*[\"']?\s*url\(", re.IGNORECASE)
_COLOR_FUNCTION = re.compile(rb"(?:rgba|hsla?)\s*\(", re.IGNORECASE)
_SCALED_SYMBOL = re.compile(rb"<symbol\b[^>]*\sviewBox\s*=", re.IGNORECASE)
_NUMBER = re.compile(r"^\s*(-?[0-9.]+(?:e-?[0-9]+)?)\s*(px)?\s*$", re.IGNORECASE)


def qt_draws_faithfully(blob: bytes) -> bool:
    """False when the SVG uses what Qt SVG cannot draw: colour functions Qt does not parse,
    symbols scaled by their viewBox, or a clip path that can cut something away (an
    artboard-sized rectangle, as design tools wrap their exports in, cuts nothing and is no
    reason to give up the vectors)."""
    if _COLOR_FUNCTION.search(blob) or _SCALED_SYMBOL.search(blob):
        return False
    if not _CLIP_REFERENCE.search(blob):
        return True
    try:
        root = etree.fromstring(blob, SAFE_PARSER)
    except etree.XMLSyntaxError:
        return True  # Qt decides what it makes of it
    canvas = _canvas(root)
    clips = [el for el in root.iter() if local(el) == "clipPath"]
    return canvas is not None and all(_covers(clip, canvas) for clip in clips)


def _canvas(root: etree._Element) -> tuple[float, float, float, float] | None:
    """The SVG's own coordinate box (its viewBox, else 0 0 width height)."""
    view_box = (root.get("viewBox") or "").replace(",", " ").split()
    if len(view_box) == 4:
        try:
            x, y, w, h = (float(v) for v in view_box)
        except ValueError:
            return None
        return x, y, w, h
    width, height = _length(root.get("width")), _length(root.get("height"))
    if width is None or height is None:
        return None
    return 0.0, 0.0, width, height


def _covers(clip: etree._Element, canvas: tuple[float, float, float, float]) -> bool:
    """Whether ``clip`` is one untransformed rectangle in user space covering the whole canvas."""
    shapes = [el for el in clip if isinstance(el.tag, str) and local(el) not in ("title", "desc")]
    if len(shapes) != 1 or local(shapes[0]) != "rect" or clip.get("transform") or shapes[0].get("transform"):
        return False
    if clip.get("clipPathUnits", "userSpaceOnUse") != "userSpaceOnUse":
        return False
    rect = shapes[0]
    values = [_length(rect.get(name, "0")) for name in ("x", "y", "width", "height")]
    if any(v is None for v in values):
        return False
    x, y, w, h = (v or 0.0 for v in values)
    cx, cy, cw, ch = canvas
    slack = 1e-3 * max(cw, ch)
    return x <= cx + slack and y <= cy + slack and x + w >= cx + cw - slack and y + h >= cy + ch - slack


def _length(raw: str | None) -> float | None:
    """A plain or px length; None for other units and percentages."""
    match = _NUMBER.match(raw or "")
    return float(match.group(1)) if match else None
