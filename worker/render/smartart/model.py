"""A SmartArt data model (dgm:dataModel) read into a tree of text nodes under the document point.

Only what a layout needs: each node's paragraphs, its children in order, the style label and
index PowerPoint gave its presentation point (when the file kept presentation points at all), and
what the user changed by hand on those points (prSet's cust* attributes).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from lxml import etree

from worker.deck.xml import child, children, local

log = logging.getLogger(__name__)

MAX_NODES = 500  # hostile data models: a diagram this large is unreadable anyway
_CONTENT_TYPES = ("node", "asst")  # points carrying user text; doc is the root


@dataclass
class StyleSlot:
    """Which colour entry a shape takes: the style label's list at ``index`` of ``count``."""

    label: str
    index: int = 0
    count: int = 1


@dataclass(frozen=True)
class Custom:
    """A presentation point's customisations (ECMA-376 Part 1, dgm:prSet), as fractions:
    the shape resized (custScaleX/Y), moved by a share of its own size (custLinFactX/Y) or of its
    neighbour's (custLinFactNeighborX/Y), turned (custAng, degrees) and flipped."""

    scale_x: float = 1.0
    scale_y: float = 1.0
    move_x: float = 0.0  # custLinFactNeighborX: a share of its neighbour's size
    move_y: float = 0.0
    own_x: float = 0.0  # custLinFactX: a share of its own size
    own_y: float = 0.0
    angle: float = 0.0
    flip_h: bool = False
    flip_v: bool = False

    def __bool__(self) -> bool:
        return self != _PLAIN


_PLAIN = Custom()


@dataclass
class DiagramNode:
    model_id: str
    paragraphs: list[etree._Element] = field(default_factory=list)  # a:p elements, as stored
    children: list[DiagramNode] = field(default_factory=list)
    # The node's presentation points (layout node name, style slot), those it is shown by first.
    presentations: list[tuple[str, StyleSlot]] = field(default_factory=list)
    connector_slot: StyleSlot | None = None  # the line from its parent (parTrans presentation point)
    sp_pr: etree._Element | None = None  # formatting the user gave the node (its point's spPr)
    # Its presentation points' customisations, by layout node name (presName).
    custom: dict[str, Custom] = field(default_factory=dict)
    custom_text: bool = False  # custT: the user sized the text; it keeps its size, not fitted

    @property
    def text(self) -> str:
        return "".join(t.text or "" for p in self.paragraphs for t in p.iter("{*}t"))

    def descendants(self) -> list[DiagramNode]:
        found: list[DiagramNode] = []
        stack = list(reversed(self.children))
        while stack and len(found) < MAX_NODES:
            node = stack.pop()
            found.append(node)
            stack.extend(reversed(node.children))
        return found


@dataclass
class DiagramModel:
    root: DiagramNode  # the document point; its children are the top-level nodes
    layout_id: str = ""  # the doc point's loTypeId (the layout part's uniqueId says the same)


@dataclass
class _Point:
    model_id: str
    kind: str
    paragraphs: list[etree._Element]
    pres_name: str = ""
    pres_assoc: str = ""
    slot: StyleSlot | None = None
    layout_id: str = ""
    sp_pr: etree._Element | None = None
    custom: Custom | None = None
    custom_text: bool = False


def _int(raw: str | None, default: int) -> int:
    try:
        return int(raw) if raw is not None else default
    except ValueError:
        return default


def _fraction(raw: str | None, default: float) -> float:
    """An ST_PrSetCustVal: 1/1000 of a percent; malformed or absurd values count as absent."""
    try:
        value = int(raw) / 100000.0 if raw is not None else default
    except ValueError:
        return default
    return value if -100.0 <= value <= 100.0 else default


def _read_custom(pr_set: etree._Element) -> Custom | None:
    def flag(name: str) -> bool:
        return pr_set.get(name) in ("1", "true")

    scale_x, scale_y = (_fraction(pr_set.get(f"custScale{a}"), 1.0) for a in "XY")
    custom = Custom(
        scale_x=scale_x if scale_x > 0 else 1.0,
        scale_y=scale_y if scale_y > 0 else 1.0,
        move_x=_fraction(pr_set.get("custLinFactNeighborX"), 0.0),
        move_y=_fraction(pr_set.get("custLinFactNeighborY"), 0.0),
        own_x=_fraction(pr_set.get("custLinFactX"), 0.0),
        own_y=_fraction(pr_set.get("custLinFactY"), 0.0),
        angle=(_int(pr_set.get("custAng"), 0) / 60000.0) % 360.0,
        flip_h=flag("custFlipHor"),
        flip_v=flag("custFlipVert"),
    )
    return custom or None


def _read_point(pt: etree._Element) -> _Point:
    text = child(pt, "t")
    paragraphs = list(children(text, "p"))
    pr_set = child(pt, "prSet")
    point = _Point(pt.get("modelId", ""), pt.get("type", "node"), paragraphs)
    sp_pr = child(pt, "spPr")
    if sp_pr is not None and len(sp_pr):
        point.sp_pr = sp_pr
    if pr_set is not None:
        point.pres_name = pr_set.get("presName", "")
        point.pres_assoc = pr_set.get("presAssocID", "")
        point.layout_id = pr_set.get("loTypeId", "")
        point.custom = _read_custom(pr_set)
        point.custom_text = pr_set.get("custT") in ("1", "true")
        label = pr_set.get("presStyleLbl")
        if label:
            count = max(_int(pr_set.get("presStyleCnt"), 1), 1)
            index = min(max(_int(pr_set.get("presStyleIdx"), 0), 0), count - 1)
            point.slot = StyleSlot(label, index, count)
    return point


def read_model(data: etree._Element) -> DiagramModel | None:
    """The node tree of a dgm:dataModel, or None when it has no document point."""
    points: dict[str, _Point] = {}
    for pt in data.iter("{*}pt"):
        if local(pt) == "pt" and len(points) < MAX_NODES * 8:
            point = _read_point(pt)
            points.setdefault(point.model_id, point)
    doc = next((p for p in points.values() if p.kind == "doc"), None)
    if doc is None:
        return None
    edges: dict[str, list[tuple[int, str, str]]] = {}
    shown: dict[str, list[_Point]] = {}  # content point → its styled presentation points
    for cxn in data.iter("{*}cxn"):
        if local(cxn) != "cxn":
            continue
        kind, src, dest = cxn.get("type", "parOf"), cxn.get("srcId", ""), cxn.get("destId", "")
        if kind == "parOf":
            edges.setdefault(src, []).append((_int(cxn.get("srcOrd"), 0), dest, cxn.get("parTransId", "")))
        elif kind == "presOf":
            pres = points.get(dest)
            if pres is not None and pres.slot is not None:
                shown.setdefault(src, []).append(pres)
    for p in points.values():  # presentation points naming their content point without a presOf
        if p.kind == "pres" and p.pres_assoc and p.slot is not None:
            found = shown.setdefault(p.pres_assoc, [])
            if p not in found:
                found.append(p)
    customs: dict[str, dict[str, Custom]] = {}  # content point → its points' customisations by name
    for p in points.values():
        if p.kind == "pres" and p.pres_assoc and p.pres_name and p.custom is not None:
            customs.setdefault(p.pres_assoc, {}).setdefault(p.pres_name, p.custom)
    nodes: dict[str, DiagramNode] = {}
    root = DiagramNode(doc.model_id, doc.paragraphs, custom=customs.get(doc.model_id, {}))

    def build(parent: DiagramNode, depth: int) -> None:
        for _order, dest, trans in sorted(edges.get(parent.model_id, []), key=lambda e: e[0]):
            point = points.get(dest)
            if point is None or point.kind not in _CONTENT_TYPES or dest in nodes or len(nodes) >= MAX_NODES:
                continue
            node = nodes[dest] = DiagramNode(dest, point.paragraphs, sp_pr=point.sp_pr)
            node.custom = customs.get(dest, {})
            node.custom_text = point.custom_text
            node.presentations = [(p.pres_name, p.slot) for p in shown.get(dest, []) if p.slot is not None]
            lines = shown.get(trans)
            if lines:
                node.connector_slot = lines[0].slot
            parent.children.append(node)
            if depth < 32:
                build(node, depth + 1)

    build(root, 0)
    return DiagramModel(root, doc.layout_id)
