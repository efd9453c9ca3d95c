"""The category tree of a treemap or sunburst: one row per leaf, its path from the outermost string
level (the last cx:lvl) inwards, blank names skipped (a shorter branch ends early)."""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass, field

from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor

from worker.render.chartex.canvas import Canvas, LegendItem
from worker.render.chartex.model import Data, Series

log = logging.getLogger(__name__)


@dataclass
class Node:
    name: str
    value: float = 0.0
    children: list[Node] = field(default_factory=list)
    branch: int = 0  # which top-level branch it belongs to, in data order (its colour)
    index: int | None = None  # the data point of a leaf
    depth: int = 0

    @property
    def height(self) -> int:
        """Levels below this node."""
        return 1 + max((c.height for c in self.children), default=0) if self.children else 0


def build_tree(data: Data) -> Node:
    root = Node("", depth=0)
    lookup: dict[tuple[str, ...], Node] = {(): root}
    total = 0.0
    for i in range(data.count):
        value = data.values[i] if i < len(data.values) else None
        if value is None or value <= 0 or not math.isfinite(total + value):
            # Blank, negative and zero values get no area; nor does one that would take the sum
            # past a double's range (1e308 + 1e308), which would leave every share infinite.
            continue
        total += value
        names = [lvl[i] if i < len(lvl) else "" for lvl in reversed(data.levels)]
        names = [n for n in names if n.strip()]
        if not names:
            names = [str(i + 1)]
        key: tuple[str, ...] = ()
        parent = root
        for depth, name in enumerate(names, start=1):
            key = (*key, name)
            node = lookup.get(key)
            if node is None:
                branch = len(root.children) if depth == 1 else parent.branch
                node = Node(name, branch=branch, depth=depth)
                parent.children.append(node)
                lookup[key] = node
            node.value += value
            parent = node
        parent.index = i
    root.value = sum(c.value for c in root.children)
    _sort(root)
    return root


def _sort(node: Node) -> None:
    # Office lays siblings out from the largest down (stable for equal sizes).
    node.children.sort(key=lambda c: -c.value)
    for c in node.children:
        _sort(c)


@dataclass
class Hierarchy:
    """A treemap's or sunburst's series as a tree, its branch colours and the plot's room."""

    series: Series
    root: Node
    colors: dict[int, QColor]
    room: QRectF


def frame_hierarchy(canvas: Canvas, area: QRectF, layout: str) -> Hierarchy:
    """The tree of the first series with ``layout``; its chart frame (title, legend of the top
    branches in their colours) and plot fill drawn."""
    series = next(s for s in canvas.chart.series if s.layout == layout)
    root = build_tree(series.data)
    count = max(len(root.children), 1)
    colors = {n.branch: canvas.palette.color(n.branch, count) for n in root.children}
    ordered = sorted(root.children, key=lambda n: n.branch)
    room = canvas.frame(area, [LegendItem(n.name, colors[n.branch]) for n in ordered])
    canvas.plot_fill(room)
    return Hierarchy(series, root, colors, room)
