"""Places a diagram's nodes in its frame by layout family: boxes, connectors and arrows in points.

Each family keeps the proportions PowerPoint's layouts use (box aspect, gaps relative to the box)
and scales the whole arrangement to the frame, centred, so every shape stays inside the frame.
"""

from __future__ import annotations

import logging
import math

from PySide6.QtCore import QPointF, QRectF

from worker.render.smartart.layout_def import Family, LayoutInfo
from worker.render.smartart.lists import is_stacked, lay_out_list, stacked
from worker.render.smartart.model import DiagramModel, DiagramNode, StyleSlot
from worker.render.smartart.placed import Placed, Role, Slots, bounds, fit, place_node, presentation

log = logging.getLogger(__name__)


# -- hierarchy --------------------------------------------------------------------------------------
def _hierarchy(model: DiagramModel, info: LayoutInfo, w: float, h: float) -> list[Placed]:
    roots = model.root.children
    aspect = 0.5 if info.node_shape == "rect" else 0.62
    horizontal = info.horizontal
    # Box sizes along the level axis (primary) and the sibling axis (secondary), in box widths.
    prim_box, sec_box = (1.0, aspect) if horizontal else (aspect, 1.0)
    gap_p = prim_box * (0.35 if horizontal else 0.55)
    gap_s = sec_box * (0.25 if horizontal else 0.2)
    level: dict[int, int] = {}
    where: dict[int, float] = {}  # secondary position of each box's start, in box units
    leaves = 0

    def place(node: DiagramNode, depth: int) -> None:
        nonlocal leaves
        level[id(node)] = depth
        if not node.children or depth >= 31:
            where[id(node)] = leaves * (sec_box + gap_s)
            leaves += 1
            return
        for sub in node.children:
            place(sub, depth + 1)
        where[id(node)] = (where[id(node.children[0])] + where[id(node.children[-1])]) / 2.0

    for root in roots:
        place(root, 0)
    if not leaves:
        return []
    depth = max(level.values()) + 1
    extent_s = leaves * sec_box + (leaves - 1) * gap_s
    extent_p = depth * prim_box + (depth - 1) * gap_p
    ew, eh = (extent_p, extent_s) if horizontal else (extent_s, extent_p)
    s, ox, oy = fit(ew, eh, w, h)

    def box(node: DiagramNode) -> QRectF:
        p = level[id(node)] * (prim_box + gap_p)
        q = where[id(node)]
        if horizontal:
            return QRectF(ox + p * s, oy + q * s, prim_box * s, sec_box * s)
        return QRectF(ox + q * s, oy + p * s, sec_box * s, prim_box * s)

    slots = Slots()
    lines: list[Placed] = []
    boxes: list[Placed] = []
    everyone = [n for root in roots for n in [root, *root.descendants()] if id(n) in level]
    for node in everyone:
        rect = box(node)
        depth = level[id(node)]
        item = place_node(node, rect, info, slots, "node0" if depth == 0 else f"node{min(depth + 1, 4)}")
        item.size_group = f"level {depth}"  # a long title must not shrink every level's text
        boxes.append(item)
        for sub in node.children:
            if id(sub) not in level:
                continue
            target = box(sub)
            if horizontal:
                mid = rect.right() + gap_p * s / 2.0
                points = [QPointF(rect.right(), rect.center().y()), QPointF(mid, rect.center().y()),
                          QPointF(mid, target.center().y()), QPointF(target.left(), target.center().y())]  # fmt: skip
            else:
                mid = rect.bottom() + gap_p * s / 2.0
                points = [QPointF(rect.center().x(), rect.bottom()), QPointF(rect.center().x(), mid),
                          QPointF(target.center().x(), mid), QPointF(target.center().x(), target.top())]  # fmt: skip
            label = f"parChTrans1D{min(level[id(sub)] + 1, 4)}"
            line = Placed(Role.CONNECTOR, bounds(points), sub.connector_slot or StyleSlot(label), "custom",
                          outline=points, closed=False)  # fmt: skip
            if sub.connector_slot is None:
                slots.later(line, label)
            lines.append(line)
    slots.assign()
    return lines + boxes


# -- process ----------------------------------------------------------------------------------------
def _process(nodes: list[DiagramNode], info: LayoutInfo, w: float, h: float) -> list[Placed]:
    n = len(nodes)
    chevrons = info.node_shape in ("chevron", "homePlate")
    arrows = info.transition_shape is not None and not chevrons
    aspect = 0.4 if chevrons else 0.6
    gap = 0.05 if chevrons else (0.4 if arrows else 0.15)
    row_extent = (n + (n - 1) * gap, aspect)
    col_extent = (1.0, n * aspect + (n - 1) * gap * aspect)
    in_row = chevrons or "vertical" not in info.name.lower()  # processes run across, however narrow
    s, ox, oy = fit(*(row_extent if in_row else col_extent), w, h)
    bw, bh = s, aspect * s
    step = (bw + gap * s) if in_row else (bh + gap * aspect * s)
    slots = Slots()
    placed: list[Placed] = []
    for i, node in enumerate(nodes):
        rect = QRectF(ox + i * step, oy, bw, bh) if in_row else QRectF(ox, oy + i * step, bw, bh)
        text = QRectF(rect.left() + bh * 0.35, rect.top(), bw - bh * 0.6, bh) if chevrons else None
        placed.append(place_node(node, rect, info, slots, "node1", text_rect=text, with_descendants=True))
        if arrows and i < n - 1:
            length = gap * s * 0.6 if in_row else gap * aspect * s * 0.6
            thick = min(bh * 0.45, length * 1.2) if in_row else min(bw * 0.45, length * 1.2)
            if in_row:
                center = QPointF(rect.right() + gap * s / 2.0, rect.center().y())
            else:
                center = QPointF(rect.center().x(), rect.bottom() + gap * aspect * s / 2.0)
            arrow = Placed(Role.ARROW, QRectF(center.x() - length / 2, center.y() - thick / 2, length, thick),
                           StyleSlot("sibTrans2D1"), info.transition_shape or "rightArrow",
                           rotation=0.0 if in_row else 90.0)  # fmt: skip
            slots.later(arrow, "sibTrans2D1")
            placed.append(arrow)
    slots.assign()
    return placed


# -- cycle ------------------------------------------------------------------------------------------
def _cycle(model: DiagramModel, info: LayoutInfo, w: float, h: float) -> list[Placed]:
    nodes = model.root.children
    roots = nodes
    center_node: DiagramNode | None = None
    if "radial" in info.name.lower() and len(roots) == 1 and roots[0].children:
        center_node, nodes = roots[0], roots[0].children
    n = len(nodes)
    if n == 0:
        return []
    cx, cy, size = w / 2.0, h / 2.0, min(w, h)
    slots = Slots()
    shape, _slot = presentation(nodes[0], info)
    if shape == "pie" and center_node is None:
        return _pie(nodes, info, cx, cy, size * 0.45, slots)
    k = 1.1 if n == 1 else min(2.0 * math.sin(math.pi / n) * 0.7, 0.9)
    radius = size / (2.0 + k)
    d = k * radius
    box_w, box_h = (d, d) if shape in ("ellipse", "circle") else (d * 1.2, d * 0.8)
    if box_w > size:
        box_w, box_h = size, size * box_h / box_w
    placed: list[Placed] = []
    connectors: list[Placed] = []
    if center_node is not None:
        d0 = min(d * 1.3, max(2.0 * radius - d * 1.1, d * 0.6))
        hub = place_node(
            center_node, QRectF(cx - d0 / 2, cy - d0 / 2, d0, d0), info, slots, "node0", with_descendants=False
        )
        placed.append(hub)
    for i, node in enumerate(nodes):
        angle = math.radians(-90.0 + i * 360.0 / n)
        px, py = (
            (cx, cy)
            if n == 1 and center_node is None
            else (cx + radius * math.cos(angle), cy + radius * math.sin(angle))
        )
        rect = QRectF(px - box_w / 2, py - box_h / 2, box_w, box_h)
        placed.append(place_node(node, rect, info, slots, "node1", with_descendants=center_node is None))
        if center_node is not None:
            points = [QPointF(cx, cy), QPointF(px, py)]
            line = Placed(
                Role.CONNECTOR, bounds(points), StyleSlot("parChTrans1D2"), "custom", outline=points, closed=False
            )
            slots.later(line, "parChTrans1D2")
            connectors.append(line)
    if info.transition_shape is not None and center_node is None and n > 1:
        chord = 2.0 * radius * math.sin(math.pi / n)
        room = chord - max(box_w, box_h) * 0.9
        if room > d * 0.12:
            length = min(room * 0.7, d * 0.5)
            thick = length * 0.8
            for i in range(n):
                mid = -90.0 + (i + 0.5) * 360.0 / n
                ax = cx + radius * math.cos(math.radians(mid))
                ay = cy + radius * math.sin(math.radians(mid))
                arrow = Placed(Role.ARROW, QRectF(ax - length / 2, ay - thick / 2, length, thick),
                               StyleSlot("sibTrans2D1"), info.transition_shape, rotation=mid + 90.0)  # fmt: skip
                slots.later(arrow, "sibTrans2D1")
                placed.append(arrow)
    slots.assign()
    return connectors + placed


def _pie(nodes: list[DiagramNode], info: LayoutInfo, cx: float, cy: float, radius: float, slots: Slots) -> list[Placed]:
    """Segmented cycles: the disc cut into one wedge per node, the text inside each wedge."""
    n = len(nodes)
    disc = QRectF(cx - radius, cy - radius, 2 * radius, 2 * radius)
    placed: list[Placed] = []
    sweep = 360.0 / n
    for i, node in enumerate(nodes):
        start = (270.0 + i * sweep) % 360.0  # DrawingML angles: clockwise from three o'clock
        mid = math.radians(start + sweep / 2.0)
        if n == 1:
            placed.append(place_node(node, disc, info, slots, "node1", with_descendants=True))
            placed[-1].geometry = "ellipse"
            continue
        side = radius * (0.62 if n > 2 else 0.8)
        tx = cx + radius * 0.55 * math.cos(mid)
        ty = cy + radius * 0.55 * math.sin(mid)
        text = QRectF(tx - side / 2, ty - side / 2, side, side)
        adjust = {"adj1": round(start * 60000), "adj2": round(((start + sweep) % 360.0) * 60000)}
        placed.append(
            place_node(node, disc, info, slots, "node1", adjust=adjust, text_rect=text, with_descendants=True)
        )
    slots.assign()
    return placed


# -- pyramid ----------------------------------------------------------------------------------------
def _pyramid_list(nodes: list[DiagramNode], info: LayoutInfo, w: float, h: float) -> list[Placed]:
    """Pyramid List: one triangle behind, the nodes in boxes stacked over its right half."""
    n = len(nodes)
    base = min(w, h * 1.3)
    left = (w - base) / 2.0
    points = [QPointF(left + base / 2.0, 0.0), QPointF(left + base, h), QPointF(left, h)]
    slots = Slots()
    triangle = Placed(Role.NODE, bounds(points), StyleSlot("node1"), "custom", outline=points)
    slots.later(triangle, "node1")
    placed = [triangle]
    box_w = min(base * 0.62, w - (left + base * 0.38))
    top, span = h * 0.12, h * 0.88
    box_h = span / (n + (n - 1) * 0.15)
    for i, node in enumerate(nodes):
        rect = QRectF(left + base * 0.38, top + i * box_h * 1.15, box_w, box_h)
        box = Placed(Role.NODE, rect, StyleSlot("fgAcc1"), "roundRect", node, with_descendants=True)
        slots.later(box, "fgAcc1")
        placed.append(box)
    slots.assign()
    return placed


def _pyramid(nodes: list[DiagramNode], info: LayoutInfo, w: float, h: float) -> list[Placed]:
    if info.name.lower() == "pyramid2":
        return _pyramid_list(nodes, info, w, h)
    n = len(nodes)
    base = min(w, h * 1.3)
    height = base / 1.3
    cx, top = w / 2.0, (h - height) / 2.0
    band = height / n
    slots = Slots()
    placed: list[Placed] = []

    def half(y: float) -> float:
        return base / 2.0 * (y - top) / height

    for i, node in enumerate(nodes):
        y0, y1 = top + i * band, top + (i + 1) * band
        points = [
            QPointF(cx - half(y0), y0),
            QPointF(cx + half(y0), y0),
            QPointF(cx + half(y1), y1),
            QPointF(cx - half(y1), y1),
        ]
        text_top = y0 + band * 0.3 if i == 0 else y0
        width = 2.0 * half((text_top + y1) / 2.0) * 0.8
        text = QRectF(cx - width / 2, text_top, width, y1 - text_top)
        item = place_node(node, bounds(points), info, slots, "node1", text_rect=text, with_descendants=True)
        item.geometry, item.outline = "custom", points
        placed.append(item)
    slots.assign()
    return placed


def lay_out(model: DiagramModel, info: LayoutInfo, w: float, h: float) -> list[Placed]:
    """The shapes of the diagram, back to front, inside a w × h frame (points)."""
    if w <= 0 or h <= 0 or not model.root.children:
        return []
    if info.family is Family.HIERARCHY:
        return _hierarchy(model, info, w, h)
    if info.family is Family.CYCLE:
        return _cycle(model, info, w, h)
    nodes = model.root.children
    if is_stacked(info) and info.family is not Family.PYRAMID:
        return stacked(model, info, w, h)
    if info.family is Family.PROCESS and "bending" in info.name.lower():
        return lay_out_list(model, info, w, h)  # snaking rows of boxes
    if info.family is Family.PROCESS:
        return _process(nodes, info, w, h)
    if info.family is Family.PYRAMID:
        return _pyramid(nodes, info, w, h)
    return lay_out_list(model, info, w, h)
