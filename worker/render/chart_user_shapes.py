"""Chart user shapes (c:userShapes): the chart drawing part of text boxes and shapes anchored on a
chart, as Excel's chart annotations (ECMA-376 21.3, DrawingML Chart Drawing).

Each anchor places its shape in the chart's own space: cdr:relSizeAnchor from and to fractions of the
chart's width and height, cdr:absSizeAnchor from a fraction with a size in EMU. The shape's own
a:xfrm (Excel leaves it stale) gives way to the anchor; its rotation and flips stay.
"""

from __future__ import annotations

import copy
import logging
import math
from typing import Any

from lxml import etree

from worker.deck.xml import A, child, local, parse, rel_id

log = logging.getLogger(__name__)

EMU_PER_PT = 12700.0
SHAPE_KINDS = ("sp", "grpSp", "graphicFrame", "cxnSp", "pic")


def user_shapes_part(ctx: Any, chart_part: Any) -> Any | None:
    """The chart drawing part a chart's c:userShapes names, or None."""
    try:
        space = parse(bytes(chart_part.blob))
    except (etree.XMLSyntaxError, ValueError, AttributeError):
        return None
    ref = child(space, "userShapes")
    return ctx.related_part(rel_id(ref, "id")) if ref is not None else None


def anchored_shapes(drawing_part: Any, width: float, height: float) -> list[etree._Element]:
    """Copies of the drawing's shapes, each with an a:xfrm at its anchor in EMU from the chart's
    top-left (the chart being ``width`` x ``height`` pt)."""
    try:
        root = parse(bytes(drawing_part.blob))
    except (etree.XMLSyntaxError, ValueError, AttributeError):
        log.info("chart drawing part is not readable XML")
        return []
    out: list[etree._Element] = []
    for anchor in root:
        rect = _anchor_rect(anchor, width, height)
        shape = next((el for el in anchor if local(el) in SHAPE_KINDS), None)
        if rect is None or shape is None:
            continue
        placed = copy.deepcopy(shape)
        _place(placed, rect)
        out.append(placed)
    return out


def _fraction(point: etree._Element | None, name: str) -> float | None:
    el = child(point, name)
    try:
        value = float(el.text or "") if el is not None else math.nan
    except ValueError:
        return None
    # ST_PositiveFixedPercentage-like: a fraction of the chart, 0..1.
    return min(max(value, 0.0), 1.0) if math.isfinite(value) else None


def _emu(el: etree._Element | None, name: str) -> float | None:
    try:
        value = float(el.get(name, "")) if el is not None else math.nan
    except ValueError:
        return None
    return value if math.isfinite(value) and value >= 0 else None


def _anchor_rect(anchor: etree._Element, width: float, height: float) -> tuple[float, float, float, float] | None:
    """The anchor's (x, y, w, h) in pt from the chart's top-left, or None when it is unreadable."""
    kind = local(anchor)
    start = child(anchor, "from")
    x, y = _fraction(start, "x"), _fraction(start, "y")
    if x is None or y is None:
        return None
    if kind == "relSizeAnchor":
        end = child(anchor, "to")
        x2, y2 = _fraction(end, "x"), _fraction(end, "y")
        if x2 is None or y2 is None:
            return None
        left, top = min(x, x2) * width, min(y, y2) * height
        return left, top, abs(x2 - x) * width, abs(y2 - y) * height
    if kind == "absSizeAnchor":
        ext = child(anchor, "ext")
        cx, cy = _emu(ext, "cx"), _emu(ext, "cy")
        if cx is None or cy is None:
            return None
        return x * width, y * height, cx / EMU_PER_PT, cy / EMU_PER_PT
    return None


def _place(shape: etree._Element, rect: tuple[float, float, float, float]) -> None:
    """Give ``shape`` an a:xfrm at ``rect`` (pt), keeping its rotation, flips and a group's child
    space (which maps its children onto the new place)."""
    kind = local(shape)
    if kind == "graphicFrame":
        holder = shape
    else:
        holder_name = "grpSpPr" if kind == "grpSp" else "spPr"
        found = child(shape, holder_name)
        if found is None:
            found = etree.SubElement(shape, f"{{{etree.QName(shape).namespace or A}}}{holder_name}")
        holder = found
    xfrm = child(holder, "xfrm")
    if xfrm is None:
        xfrm = etree.Element(f"{{{A}}}xfrm")
        holder.insert(0, xfrm)
    old_off, old_ext = child(xfrm, "off"), child(xfrm, "ext")
    if kind == "grpSp" and child(xfrm, "chOff") is None and old_off is not None and old_ext is not None:
        # A group's children are placed in its child space: without one it was its own place.
        etree.SubElement(xfrm, f"{{{A}}}chOff", x=old_off.get("x", "0"), y=old_off.get("y", "0"))
        etree.SubElement(xfrm, f"{{{A}}}chExt", cx=old_ext.get("cx", "0"), cy=old_ext.get("cy", "0"))
    for old in (old_off, old_ext):
        if old is not None:
            xfrm.remove(old)
    x, y, w, h = (round(v * EMU_PER_PT) for v in rect)
    xfrm.insert(0, etree.Element(f"{{{A}}}ext", cx=str(w), cy=str(h)))
    xfrm.insert(0, etree.Element(f"{{{A}}}off", x=str(x), y=str(y)))
