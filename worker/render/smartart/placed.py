"""Shapes a diagram layout places (in frame points) and the helpers every layout family shares."""

from __future__ import annotations

import enum
import logging
from dataclasses import dataclass, field

from PySide6.QtCore import QPointF, QRectF

from worker.render.smartart.layout_def import LayoutInfo
from worker.render.smartart.model import DiagramNode, StyleSlot

log = logging.getLogger(__name__)


class Role(enum.Enum):
    NODE = "node"
    CONNECTOR = "connector"  # a line from a parent to a child
    ARROW = "arrow"  # a sibling transition (process and cycle arrows)


@dataclass
class Placed:
    """One shape to draw, in frame points."""

    role: Role
    rect: QRectF
    slot: StyleSlot
    geometry: str = "rect"  # a preset name; "custom" draws ``outline``
    node: DiagramNode | None = None  # whose text the shape shows
    rotation: float = 0.0  # degrees, clockwise
    flip_h: bool = False  # mirrored, as the user flipped it (custFlipHor / custFlipVert)
    flip_v: bool = False
    adjust: dict[str, int] = field(default_factory=dict)
    outline: list[QPointF] | None = None  # custom geometry, in frame points
    closed: bool = True
    text_rect: QRectF | None = None  # where the text goes when not the whole shape
    with_descendants: bool = False  # the text includes the node's descendants as bullets
    only_descendants: bool = False  # the text is the node's descendants alone, as bullets
    size_group: str = ""  # shapes whose text shares one font size
    hidden: bool = False  # text only: the layout hides the shape's geometry


class Slots:
    """Style slots for shapes whose presentation points are missing: numbered per label."""

    def __init__(self) -> None:
        self._pending: list[tuple[Placed, str]] = []

    def later(self, placed: Placed, label: str) -> None:
        self._pending.append((placed, label))

    def assign(self) -> None:
        counts: dict[str, int] = {}
        for _placed, label in self._pending:
            counts[label] = counts.get(label, 0) + 1
        seen: dict[str, int] = {}
        for placed, label in self._pending:
            index = seen.get(label, 0)
            seen[label] = index + 1
            placed.slot = StyleSlot(label, index, counts[label])


def presentation(node: DiagramNode, info: LayoutInfo) -> tuple[str, StyleSlot | None]:
    """The node's shape and slot from the presentation point that draws it, when stored: the one
    showing the node's own text, else any drawn one (a background behind the text, say)."""
    for name, slot in node.presentations:
        if name in info.shapes and name in info.text_nodes:
            return info.shapes[name], slot
    for name, slot in node.presentations:
        if name in info.shapes:
            return info.shapes[name], slot
    if node.presentations:
        return info.node_shape, node.presentations[0][1]
    return info.node_shape, None


def place_node(node: DiagramNode, rect: QRectF, info: LayoutInfo, slots: Slots, label: str, **kw: object) -> Placed:
    shape, slot = presentation(node, info)
    placed = Placed(Role.NODE, rect, slot or StyleSlot(label), shape, node, **kw)  # type: ignore[arg-type]
    if slot is None:
        slots.later(placed, label)
    return placed


def fit(extent_w: float, extent_h: float, w: float, h: float) -> tuple[float, float, float]:
    """Scale and offsets that fit an arrangement of the given extent, centred, in w × h."""
    s = min(w / extent_w, h / extent_h) if extent_w > 0 and extent_h > 0 else 1.0
    return s, (w - extent_w * s) / 2.0, (h - extent_h * s) / 2.0


def bounds(points: list[QPointF]) -> QRectF:
    xs, ys = [p.x() for p in points], [p.y() for p in points]
    return QRectF(min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys))
