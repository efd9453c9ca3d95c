"""List-like layouts: grids (the default layout), stacked vertical and horizontal lists, matrices.

Lists whose nodes carry sub-items show them as PowerPoint's list layouts do: the node's text in a
filled label box, its sub-items as bullets in a lighter box beside (or under) it.
"""

from __future__ import annotations

import logging
import math

from PySide6.QtCore import QRectF

from worker.render.smartart.layout_def import LayoutInfo
from worker.render.smartart.model import DiagramModel, DiagramNode, StyleSlot
from worker.render.smartart.placed import Placed, Role, Slots, fit, place_node

log = logging.getLogger(__name__)

_GAP = 0.1  # between boxes, in box widths (the default layout's spacing)
_VERTICAL = ("vlist", "vprocess", "process4", "chevron2", "vbullet")
_HORIZONTAL = ("hlist", "hprocess", "lprocess")


def _has_items(nodes: list[DiagramNode]) -> bool:
    return any(node.children for node in nodes)


def _body(node: DiagramNode, rect: QRectF, info: LayoutInfo, slots: Slots) -> Placed:
    """The lighter box holding a node's sub-items as bullets."""
    body = Placed(Role.NODE, rect, StyleSlot(info.body_label), "rect", node, only_descendants=True, size_group="items")
    slots.later(body, info.body_label)
    return body


def _grid(nodes: list[DiagramNode], info: LayoutInfo, w: float, h: float, cols: int | None = None) -> list[Placed]:
    """Boxes in rows, the last row centred; boxes with sub-items may grow taller to hold them."""
    n = len(nodes)
    aspect = 0.6
    if cols is None:
        best: tuple[float, int] = (-1.0, 1)
        for candidate in range(1, n + 1):
            rows = math.ceil(n / candidate)
            s = fit(candidate + (candidate - 1) * _GAP, rows * aspect + (rows - 1) * _GAP, w, h)[0]
            if s > best[0] + 1e-9:
                best = (s, candidate)
        cols = best[1]
    rows = math.ceil(n / cols)
    s = fit(cols + (cols - 1) * _GAP, rows * aspect + (rows - 1) * _GAP, w, h)[0]
    box_h = aspect * s
    if _has_items(nodes):
        box_h = min((h - (rows - 1) * _GAP * s) / rows, s * 1.2)
    ex, ey = cols * s + (cols - 1) * _GAP * s, rows * box_h + (rows - 1) * _GAP * s
    ox, oy = (w - ex) / 2.0, (h - ey) / 2.0
    slots = Slots()
    placed: list[Placed] = []
    for i, node in enumerate(nodes):
        row, col = divmod(i, cols)
        in_row = min(cols, n - row * cols)
        shift = (cols - in_row) * (1 + _GAP) * s / 2.0  # the last row centred, as PowerPoint does
        rect = QRectF(ox + shift + col * (1 + _GAP) * s, oy + row * (box_h + _GAP * s), s, box_h)
        placed.append(place_node(node, rect, info, slots, "node1", with_descendants=True))
    slots.assign()
    return placed


def _stacked(nodes: list[DiagramNode], info: LayoutInfo, w: float, h: float) -> list[Placed]:
    """One row per node across the frame; with sub-items, a label box then a bullet box."""
    n = len(nodes)
    items = _has_items(nodes)
    row_h = h / (n + (n - 1) * 0.15)
    gap = row_h * 0.15
    if not items:
        row_h = min(row_h, w * 0.25)
        gap = min(gap, row_h * 0.3)
    top = (h - (n * row_h + (n - 1) * gap)) / 2.0
    slots = Slots()
    placed: list[Placed] = []
    for i, node in enumerate(nodes):
        y = top + i * (row_h + gap)
        if items:
            label = QRectF(0.0, y, w * 0.3, row_h)
            placed.append(_body(node, QRectF(w * 0.3 + w * 0.015, y, w * 0.685, row_h), info, slots))
            placed.append(place_node(node, label, info, slots, "node1"))
        else:
            placed.append(place_node(node, QRectF(0.0, y, w, row_h), info, slots, "node1"))
    slots.assign()
    return placed


def _columns(nodes: list[DiagramNode], info: LayoutInfo, w: float, h: float) -> list[Placed]:
    """One column per node; the node's text heads the column, its sub-items fill it."""
    n = len(nodes)
    col_w = w / (n + (n - 1) * _GAP)
    head_h = min(h * 0.25, col_w * 0.6)
    slots = Slots()
    placed: list[Placed] = []
    for i, node in enumerate(nodes):
        x = i * col_w * (1 + _GAP)
        placed.append(_body(node, QRectF(x, head_h, col_w, h - head_h), info, slots))
        placed.append(place_node(node, QRectF(x, 0.0, col_w, head_h), info, slots, "node1"))
    slots.assign()
    return placed


def _matrix(root: DiagramNode, info: LayoutInfo, w: float, h: float) -> list[Placed]:
    """A root's children in quadrant tiles filling the frame, the root's text in a centre box."""
    tiles = root.children
    cols = 2
    rows = max(math.ceil(len(tiles) / cols), 1)
    gap = min(w, h) * 0.02
    tile_w, tile_h = (w - gap) / cols, (h - (rows - 1) * gap) / rows
    slots = Slots()
    placed: list[Placed] = []
    for i, tile in enumerate(tiles):
        row, col = divmod(i, cols)
        rect = QRectF(col * (tile_w + gap), row * (tile_h + gap), tile_w, tile_h)
        # The text keeps clear of the centre box, towards the tile's outer corner.
        text = QRectF(rect.left() + (0 if col == 0 else tile_w * 0.3), rect.top() + (0 if row == 0 else tile_h * 0.3),
                      tile_w * 0.7, tile_h * 0.7)  # fmt: skip
        item = place_node(tile, rect, info, slots, "node1", with_descendants=True, text_rect=text)
        item.geometry = "rect"
        placed.append(item)
    center = QRectF(w * 0.3, h * 0.36, w * 0.4, h * 0.28)
    hub = Placed(Role.NODE, center, StyleSlot("fgShp"), "roundRect", root)
    slots.later(hub, "fgShp")
    placed.append(hub)
    slots.assign()
    return placed


def is_stacked(info: LayoutInfo) -> bool:
    """Layouts that stack their nodes in rows down the frame (vertical lists and processes)."""
    return info.name.lower().startswith(_VERTICAL)


def stacked(model: DiagramModel, info: LayoutInfo, w: float, h: float) -> list[Placed]:
    return _stacked(model.root.children, info, w, h)


def lay_out_list(model: DiagramModel, info: LayoutInfo, w: float, h: float) -> list[Placed]:
    """List-family layouts, chosen by the layout's name; anything unknown is a grid."""
    nodes = model.root.children
    name = info.name.lower()
    if name.startswith("matrix") and len(nodes) == 1 and nodes[0].children:
        return _matrix(nodes[0], info, w, h)
    if name.startswith(_VERTICAL):
        return _stacked(nodes, info, w, h)
    if name.startswith(_HORIZONTAL) and _has_items(nodes):
        return _columns(nodes, info, w, h)
    if name.startswith("matrix"):
        return _grid(nodes, info, w, h, cols=2)
    return _grid(nodes, info, w, h)
