"""SmartArt without a stored drawing: laid out from its data model instead of a placeholder.

PowerPoint 2007 and other writers may leave out the diagram's drawing part; the data part still
holds every node's text and the tree, and the layout, colours and quick style parts say how it
looks. ``drawing_from_model`` reads them and returns a drawing the shape painter draws as usual.
"""

from __future__ import annotations

import logging

from lxml import etree

from worker.deck.xml import child, parse, rel_id
from worker.render.context import RenderContext
from worker.render.smartart.build import build_drawing
from worker.render.smartart.engine import run_layout
from worker.render.smartart.layout_def import read_layout
from worker.render.smartart.layouts import lay_out
from worker.render.smartart.model import read_model
from worker.render.smartart.styles import DiagramStyles

log = logging.getLogger(__name__)

__all__ = ["drawing_from_model"]


def _related_xml(ctx: RenderContext, rel_ids: etree._Element, name: str) -> etree._Element | None:
    part = ctx.related_part(rel_id(rel_ids, name))
    if part is None:
        return None
    try:
        return parse(bytes(part.blob))
    except etree.XMLSyntaxError:
        log.info("unreadable SmartArt %s part", name)
        return None


def drawing_from_model(
    ctx: RenderContext, graphic_data: etree._Element, w: float, h: float, default_text_style: etree._Element | None
) -> etree._Element | None:
    """A drawing (root holding an spTree, frame-relative points) for the diagram in
    ``graphic_data``; None when its data part is missing or unreadable."""
    rel_ids = child(graphic_data, "relIds")
    if rel_ids is None:
        return None
    data = _related_xml(ctx, rel_ids, "dm")
    model = read_model(data) if data is not None else None
    if model is None:
        return None
    layout = _related_xml(ctx, rel_ids, "lo")
    info = read_layout(layout, model.layout_id, len(model.root.children))
    # The layout definition's own layout nodes where this engine runs them, else the family's code.
    placed = run_layout(layout, model.root, w, h) if layout is not None else None
    if placed is None:
        placed = lay_out(model, info, w, h)
    else:
        log.debug("SmartArt %s laid out from its layout definition", info.name)
    styles = DiagramStyles(_related_xml(ctx, rel_ids, "cs"), _related_xml(ctx, rel_ids, "qs"), ctx.colors)
    log.debug("SmartArt %s laid out as %s: %d shapes", info.name, info.family.value, len(placed))
    return build_drawing(ctx, placed, styles, info.max_font_size, default_text_style)
