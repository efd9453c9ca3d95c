"""What the layout part (dgm:layoutDef) tells about a diagram: its family, shapes and font size.

Running the layout's own constraint language is out of scope; the family is decided from the
layout's name and the algorithms it uses, which is enough to draw the usual diagrams in their form.
"""

from __future__ import annotations

import contextlib
import enum
import logging
from dataclasses import dataclass, field

from lxml import etree

from worker.deck.xml import local

log = logging.getLogger(__name__)

DEFAULT_FONT_SIZE = 65.0  # PowerPoint's default primFontSz: text shrinks from here to fit
_NOT_SHAPES = {"", "none", "conn", "conn1D", "rect1D"}  # connectors and invisible layout nodes


class Family(enum.Enum):
    HIERARCHY = "hierarchy"  # org charts and trees: levels, children under their parent
    PROCESS = "process"  # boxes in a line with arrows (or chevrons) between them
    CYCLE = "cycle"  # boxes around a circle; wedges of a disc when the layout draws pies
    PYRAMID = "pyramid"  # stacked bands of a triangle
    LIST = "list"  # anything else: a grid of boxes, each showing its node and descendants


@dataclass
class LayoutInfo:
    family: Family = Family.LIST
    name: str = ""  # the uniqueId's last segment without its variant, e.g. orgChart1, cycle8
    node_shape: str = "rect"  # preset geometry of the boxes showing nodes
    shapes: dict[str, str] = field(default_factory=dict)  # layout node name → preset geometry
    transition_shape: str | None = None  # the arrow drawn between siblings (sibTrans), if any
    text_nodes: set[str] = field(default_factory=set)  # layout nodes showing their node's own text
    body_label: str = "alignAcc1"  # style label of the box showing a node's sub-items
    max_font_size: float = DEFAULT_FONT_SIZE
    horizontal: bool = False  # hierarchies growing left to right


def _short_name(unique_id: str) -> str:
    return unique_id.rsplit("/", 1)[-1].split("#", 1)[0]


# Layout variables' defaults, for dgm:if conditions on them (func="var").
_VARIABLE_DEFAULTS = {"dir": "norm", "hierBranch": "std", "orgChart": "0", "bulletEnabled": "0"}


def _holds(cond: etree._Element, count: int) -> bool | None:
    """Whether a dgm:if holds: node counts and layout variables; None for anything else."""
    func, op, val = cond.get("func", ""), cond.get("op", "equ"), cond.get("val", "")
    if func == "var":
        value = _VARIABLE_DEFAULTS.get(cond.get("arg", ""))
        if value is None:
            return None
        return (value == val) if op == "equ" else (value != val) if op == "neq" else None
    if func != "cnt":
        return None
    try:
        target = float(val)
    except ValueError:
        return None
    compare = {"equ": count == target, "neq": count != target, "gt": count > target,
               "lt": count < target, "gte": count >= target, "lte": count <= target}  # fmt: skip
    return compare.get(op)


# dgm:choose inside dgm:choose: real layouts nest two or three; a part may nest 2,048 levels.
_MAX_BRANCH_DEPTH = 64


def _shape_of(element: etree._Element, count: int, depth: int = 0) -> str | None:
    """The drawable shape type a layout node uses with ``count`` nodes, following its dgm:choose
    branches (a condition it cannot evaluate counts as false); None when it draws nothing."""
    if depth > _MAX_BRANCH_DEPTH:
        return None
    for sub in element:
        kind = local(sub)
        if kind == "shape":
            shape = sub.get("type", "")
            if shape not in _NOT_SHAPES and sub.get("hideGeom") not in ("1", "true"):
                return shape
        elif kind == "choose":
            for branch in sub:
                if local(branch) == "if" and not _holds(branch, count):
                    continue
                if local(branch) in ("if", "else"):
                    found = _shape_of(branch, count, depth + 1)
                    if found is not None:
                        return found
                    break
    return None


def _own_parts(layout_node: etree._Element) -> list[etree._Element]:
    """The layout node's own elements, through dgm:choose branches, without nested layout nodes'."""
    found: list[etree._Element] = []
    pending = list(layout_node)
    while pending:
        el = pending.pop()
        if not isinstance(el.tag, str) or local(el) in ("layoutNode", "forEach"):
            continue
        found.append(el)
        pending.extend(el)
    return found


def _arrow_connector(layout_node: etree._Element) -> bool:
    """Whether the layout node draws a 2-D connector: a conn shape placed by the conn algorithm
    without dim 1D (ECMA-376 21.4.2 connector algorithm: 2-D, an arrow shape, unless told)."""
    parts = _own_parts(layout_node)
    shapes = [el for el in parts if local(el) == "shape"]
    if not shapes or any(el.get("type") != "conn" or el.get("hideGeom") in ("1", "true") for el in shapes):
        return False
    algs = [el for el in parts if local(el) == "alg"]
    if not algs or any(el.get("type") != "conn" for el in algs):
        return False
    return not any(
        local(param) == "param" and param.get("type") == "dim" and param.get("val") != "2D"
        for alg in algs
        for param in alg
    )


def _between_siblings(layout_node: etree._Element) -> bool:
    """Whether the layout node stands for sibling transitions (its dgm:forEach walks sibTrans)."""
    parent = layout_node.getparent()
    while parent is not None and local(parent) != "forEach":
        if local(parent) == "layoutNode":
            return False
        parent = parent.getparent()
    return parent is not None and "sibTrans" in parent.get("ptType", "")


def _own_axes(layout_node: etree._Element) -> list[list[str]]:
    """The axes of the layout node's own dgm:presOf elements (not its nested layout nodes')."""
    found = []
    for el in layout_node.iter("{*}presOf"):
        owner = el.getparent()
        while owner is not None and local(owner) != "layoutNode":
            owner = owner.getparent()
        if owner is layout_node:
            found.append(el.get("axis", "").split())
    return found


def _shows_descendants(layout_node: etree._Element) -> bool:
    """Whether the layout node's own text is its node's descendants (a sub-item box)."""
    return any(axes[:1] == ["des"] for axes in _own_axes(layout_node))


def _shows_own_text(layout_node: etree._Element) -> bool:
    return any(set(axes) & {"self", "desOrSelf"} for axes in _own_axes(layout_node))


def _family(name: str, algorithms: set[str]) -> Family:
    lower = name.lower()
    if "hierRoot" in algorithms or lower.startswith(("orgchart", "hierarchy")) or "organization" in lower:
        return Family.HIERARCHY
    if "pyra" in algorithms or "pyramid" in lower:
        return Family.PYRAMID
    if "cycle" in algorithms or "cycle" in lower or "radial" in lower:
        return Family.CYCLE
    if any(word in lower for word in ("process", "arrow", "chevron")):
        return Family.PROCESS
    return Family.LIST


def read_layout(layout: etree._Element | None, fallback_id: str, count: int) -> LayoutInfo:
    """LayoutInfo from a dgm:layoutDef (None: decided from the data model's layout id alone) for a
    diagram of ``count`` top-level nodes."""
    unique_id = (layout.get("uniqueId") if layout is not None else None) or fallback_id
    name = _short_name(unique_id)
    algorithms: set[str] = set()
    info = LayoutInfo(name=name)
    if layout is not None:
        algorithms = {el.get("type", "") for el in layout.iter("{*}alg")}
        sizes = []
        for constr in layout.iter("{*}constr"):
            if constr.get("type") == "primFontSz" and constr.get("val"):
                with contextlib.suppress(ValueError):
                    sizes.append(float(constr.get("val", "")))
        if sizes:
            info.max_font_size = min(max(*sizes, 4.0), 200.0)
        node_shape = None
        body_found = False
        for node in layout.iter("{*}layoutNode"):
            shape = _shape_of(node, count)
            if shape is None:
                if info.transition_shape is None and _arrow_connector(node) and _between_siblings(node):
                    # A 2-D connector (alg conn, dim 2D by default) is drawn as an arrow shape:
                    # cycle2's sibTrans node, which has no styleLbl as Aspose and Spire write it.
                    info.transition_shape = "rightArrow"
                continue
            info.shapes.setdefault(node.get("name", ""), shape)
            if _shows_own_text(node):
                info.text_nodes.add(node.get("name", ""))
            label = node.get("styleLbl", "")
            if label and not body_found and _shows_descendants(node):
                info.body_label, body_found = label, True
            if label.startswith("sibTrans2D") and info.transition_shape is None:
                info.transition_shape = shape
            elif node_shape is None and label.startswith(("node", "lnNode", "alignNode", "vennNode")):
                node_shape = shape
        info.node_shape = node_shape or "rect"
    info.family = _family(name, algorithms)
    lower = name.lower()
    info.horizontal = info.family is Family.HIERARCHY and (
        lower in ("hierarchy2", "hierarchy5") or "horizontal" in lower
    )
    if layout is None:
        info.node_shape = _guess_shape(info.family, lower)
        if info.family in (Family.PROCESS, Family.CYCLE) and "chevron" not in lower:
            info.transition_shape = "rightArrow"
    return info


def _guess_shape(family: Family, name: str) -> str:
    if "chevron" in name:
        return "chevron"
    if family is Family.CYCLE:
        return "ellipse"
    if family is Family.HIERARCHY and name.startswith("orgchart"):
        return "rect"
    return "roundRect"
