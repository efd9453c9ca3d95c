"""The category tree of a treemap or sunburst: one row per leaf, its path from the outermost string
level (the last cx:lvl) inwards, blank names skipped (a shorter branch ends early)."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from worker.render.chartex.model import Data

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
    for i in range(data.count):
        value = data.values[i] if i < len(data.values) else None
        if value is None or value <= 0:
            continue
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
