"""Runs a layout definition's own layout nodes for the linear layouts: lin, composite, sp and tx.

The layout part says which layout node shows what (presOf), in which preset shape (with its
rotation and adjustments), and how big each one is relative to its parent or siblings (dgm:constr).
For diagrams whose algorithms are all linear stacks and composites (vertical lists, stacked and
chevron lists, stacked processes) that is enough to place every shape as PowerPoint does. Anything
else (cycles, snakes, pyramids, hierarchies, connectors) raises ``Unsupported`` and the diagram is
drawn by its family's code instead.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass, field
from typing import TypeVar

from lxml import etree
from PySide6.QtCore import QRectF

from worker.deck.xml import local
from worker.render.smartart.model import Custom, DiagramNode, StyleSlot
from worker.render.smartart.placed import Placed, Role, Slots

log = logging.getLogger(__name__)

MM = 72.0 / 25.4  # constraint values for lengths are millimetres
_GEOMETRY = {"l", "t", "r", "b", "w", "h", "ctrX", "ctrY"}
_OFFSETS = {f"{g}Off": g for g in _GEOMETRY}
_ALGORITHMS = {"lin", "composite", "sp", "tx", ""}
_NOT_SHAPES = {"", "none", "conn"}
_VARIABLE_DEFAULTS = {"dir": "norm", "hierBranch": "std", "orgChart": "0", "bulletEnabled": "0"}
_MAX_BOXES = 2000
_MAX_NESTING = 64  # layout nodes, branches and forEach inside one another
_T = TypeVar("_T")


class Unsupported(Exception):
    """The layout uses something this engine does not run."""


@dataclass
class _Constr:
    kind: str
    target: str  # self, ch, des
    name: str  # forName: "" is every target
    ref_type: str
    ref_for: str
    ref_name: str
    op: str
    val: float | None
    fact: float


@dataclass
class _Context:
    """The data point a layout node is bound to: a node among its siblings, or a transition."""

    node: DiagramNode
    siblings: list[DiagramNode]
    index: int
    transition: bool = False


@dataclass
class _Box:
    name: str
    context: _Context
    label: str
    alg: str = ""
    params: dict[str, str] = field(default_factory=dict)
    shape: str = ""
    rotation: float = 0.0
    adjust: dict[str, int] = field(default_factory=dict)
    hide_geometry: bool = False
    z_offset: int = 0  # zOrderOff: drawn that many places later (earlier when negative)
    text_axis: str = ""  # self, des, desOrSelf: which of its node's text it shows
    # The node it presents when its presOf walks away from its context (axis="ch ch desOrSelf").
    shown_node: DiagramNode | None = None
    constraints: list[_Constr] = field(default_factory=list)
    children: list[_Box] = field(default_factory=list)
    rect: QRectF = field(default_factory=QRectF)
    # The share of its row's room in the outer line this line kept when the user made all its
    # shapes thinner along that line (_flow_scale): its shapes' own scales are relative to it.
    flow: float = 1.0


def _float(raw: str | None) -> float | None:
    if raw is None or raw in ("", "NaN"):
        return None
    if raw == "INF":
        return 1e9
    try:
        value = float(raw)
    except ValueError:
        return None
    return value if math.isfinite(value) else None  # "1e309", "nan": malformed, as if absent


def _fact(raw: str | None) -> float:
    value = _float(raw)
    return 1.0 if value is None else value


def _read_constraints(lst: etree._Element) -> list[_Constr]:
    found = []
    for el in lst:
        if not isinstance(el.tag, str) or local(el) != "constr":
            continue
        found.append(
            _Constr(
                kind=el.get("type", ""),
                target=el.get("for", "self"),
                name=el.get("forName", ""),
                ref_type=el.get("refType", "none"),
                ref_for=el.get("refFor", "self"),
                ref_name=el.get("refForName", ""),
                op=el.get("op", "none"),
                val=_float(el.get("val")),
                fact=_fact(el.get("fact")),
            )
        )
    return found


class _Expander:
    """Instantiates the layout node tree over the data model (forEach, choose, presOf)."""

    def __init__(self, layout: etree._Element) -> None:
        self._for_each = {el.get("name"): el for el in layout.iter("{*}forEach") if el.get("name")}
        self.count = 0
        self.depth = 0

    def expand(self, element: etree._Element, box: _Box, context: _Context) -> None:
        # Layout definitions nest a few levels; a part may nest 2,048 (worker/deck/xml.py), and a
        # forEach may name itself: past this the family's own layout code draws the diagram.
        if self.depth >= _MAX_NESTING:
            raise Unsupported("layout nested too deeply")
        self.depth += 1
        try:
            self._expand(element, box, context)
        finally:
            self.depth -= 1

    def _expand(self, element: etree._Element, box: _Box, context: _Context) -> None:
        for sub in element:
            if not isinstance(sub.tag, str):
                continue
            kind = local(sub)
            if kind == "alg":
                box.alg = sub.get("type", "")
                if box.alg not in _ALGORITHMS:
                    raise Unsupported(box.alg)
                box.params = {p.get("type", ""): p.get("val", "") for p in sub if isinstance(p.tag, str)}
            elif kind == "shape":
                self._shape(sub, box)
            elif kind == "presOf":
                box.shown_node, axis = _presented(sub, context)
                box.text_axis = "" if context.transition else axis
            elif kind == "constrLst":
                box.constraints.extend(_read_constraints(sub))
            elif kind == "layoutNode":
                self.count += 1
                if self.count > _MAX_BOXES:
                    raise Unsupported("too many layout nodes")
                node_box = _Box(sub.get("name", ""), context, sub.get("styleLbl") or box.label)
                self.expand(sub, node_box, context)
                box.children.append(node_box)
            elif kind == "forEach":
                self._for_each_node(sub, box, context)
            elif kind == "choose":
                for branch in sub:
                    if not isinstance(branch.tag, str):
                        continue
                    if local(branch) == "else" or (local(branch) == "if" and _holds(branch, context)):
                        self.expand(branch, box, context)
                        break

    def _shape(self, el: etree._Element, box: _Box) -> None:
        kind = el.get("type", "")
        box.shape = "" if kind in _NOT_SHAPES else kind
        box.hide_geometry = el.get("hideGeom") in ("1", "true")
        box.rotation = _float(el.get("rot")) or 0.0
        box.z_offset = int(_float(el.get("zOrderOff")) or 0)
        for adj in el.iter("{*}adj"):
            value = _float(adj.get("val"))
            if value is not None and adj.get("idx"):
                # Adjustments are fractions here; preset guides count them in 1/100000.
                box.adjust[f"adj{adj.get('idx')}"] = round(value * 100000)

    def _for_each_node(self, el: etree._Element, box: _Box, context: _Context) -> None:
        source = self._for_each.get(el.get("ref")) if el.get("ref") else el
        if source is None:
            raise Unsupported("forEach ref")
        axis, kind = source.get("axis", ""), source.get("ptType", "all")
        st, step, cnt = (int(_float(source.get(a)) or d) for a, d in (("st", 1), ("step", 1), ("cnt", 0)))
        if axis == "ch" and kind in ("node", "all"):
            pool = context.node.children
            contexts = [_Context(n, pool, i) for i, n in enumerate(pool)]
        elif axis in ("followSib", "precedSib") and kind == "sibTrans":
            i = context.index
            has = i + 1 < len(context.siblings) if axis == "followSib" else i > 0
            contexts = [_Context(context.node, context.siblings, i, transition=True)] if has else []
        elif axis == "self":
            contexts = [context]
        else:
            raise Unsupported(f"forEach {axis} {kind}")
        for sub_context in _pick(contexts, st, cnt, step):
            self.expand(source, box, sub_context)


def _steps(el: etree._Element) -> list[tuple[str, str, int, int, int]]:
    """The steps of a presOf's (or forEach's) axis path: axis, ptType, st, cnt, step each; a list
    attribute shorter than the path repeats its last value."""
    axes = el.get("axis", "").split()

    def column(name: str, default: str) -> list[str]:
        raw = el.get(name, "").split() or [default]
        return [raw[min(i, len(raw) - 1)] for i in range(len(axes))]

    def ints(name: str, default: int) -> list[int]:
        return [int(_float(v) or default) for v in column(name, str(default))]

    return list(zip(axes, column("ptType", "all"), ints("st", 1), ints("cnt", 0), ints("step", 1), strict=True))


def _pick(pool: list[_T], st: int, cnt: int, step: int) -> list[_T]:
    """The items a forEach or presOf step selects: from the st-th (from the end when negative),
    every step-th, at most cnt (0: all)."""
    picked: list[_T] = []
    i = st - 1 if st > 0 else len(pool) + st
    while 0 <= i < len(pool) and (cnt <= 0 or len(picked) < cnt) and step != 0:
        picked.append(pool[i])
        i += step
    return picked


def _presented(el: etree._Element, context: _Context) -> tuple[DiagramNode | None, str]:
    """The node a presOf shows and how (self, des, desOrSelf): its own context's node for a one-step
    path; for a path (matrix tiles: "ch ch desOrSelf", st "1 2 1", cnt "1 1 0") the one node its
    child steps lead to, shown as the last step says (a last "ch" step shows the child itself)."""
    steps = _steps(el)
    if not steps or context.transition or (len(steps) == 1 and steps[0][0] != "ch"):
        return None, steps[0][0] if steps else ""
    *walk, (last, _last_type, last_st, last_cnt, last_step) = steps
    if last == "ch":
        walk, last = steps, "self"
    elif last not in ("self", "des", "desOrSelf") or (last_st, last_cnt, last_step) not in ((1, 0, 1), (1, 1, 1)):
        raise Unsupported(f"presOf {el.get('axis')}")
    nodes = [context.node]
    for axis, kind, st, cnt, step in walk:
        if axis != "ch" or kind not in ("node", "all"):
            raise Unsupported(f"presOf {el.get('axis')}")
        nodes = [n for node in nodes for n in _pick(node.children, st, cnt, step)]
    if len(nodes) > 1:
        raise Unsupported(f"presOf {el.get('axis')} shows {len(nodes)} nodes")
    if not nodes:
        return None, ""  # a tile for a fourth node the diagram does not have: drawn empty
    return nodes[0], last


def _holds(cond: etree._Element, context: _Context) -> bool:
    func, op, raw = cond.get("func", ""), cond.get("op", "equ"), cond.get("val", "")
    if func == "var":
        value = _VARIABLE_DEFAULTS.get(cond.get("arg", ""))
        if value is None:
            raise Unsupported(f"variable {cond.get('arg')}")
        return (value == raw) if op == "equ" else (value != raw)
    node = context.node
    if func == "cnt":
        axis = cond.get("axis", "ch")
        if axis == "ch":
            have = float(len(node.children))
        elif axis == "self":
            have = 1.0
        else:
            raise Unsupported(f"cnt {axis}")
    elif func == "pos":
        have = float(context.index + 1)
    elif func == "revPos":
        have = float(len(context.siblings) - context.index)
    elif func == "maxDepth":
        have = float(max((1 + _depth(c) for c in node.children), default=0))
    else:
        raise Unsupported(f"if {func}")
    target = _float(raw)
    if target is None:
        raise Unsupported(f"if value {raw}")
    return {
        "equ": have == target,
        "neq": have != target,
        "gt": have > target,
        "lt": have < target,
        "gte": have >= target,
        "lte": have <= target,
    }.get(op, False)


def _depth(node: DiagramNode) -> int:
    return 1 + max((_depth(c) for c in node.children), default=0) if node.children else 1


# -- solving ----------------------------------------------------------------------------------------
@dataclass
class _Values:
    """A child's constrained values; ``across`` names the values that follow the parent's size."""

    v: dict[str, float] = field(default_factory=dict)
    follows_parent: set[str] = field(default_factory=set)


def _custom(box: _Box) -> Custom | None:
    """What the user changed on the shape of this layout node for its data point, if anything."""
    return None if box.context.transition else box.context.node.custom.get(box.name)


class _Solver:
    def __init__(self, frame: QRectF) -> None:
        self.frame = frame  # the whole diagram: shapes the user moved stay inside it
        self.sizes: dict[str, tuple[float, float]] = {}  # box name → size in the last pass (refFor="des")
        self.found: dict[str, tuple[float, float]] = {}  # box name → size in this pass

    def lay_out(self, box: _Box, inherited: list[_Constr]) -> None:
        if not box.children:
            return
        own = [c for c in box.constraints if c.target in ("ch", "des")]
        passed = [c for c in inherited if c.target == "des"] + [c for c in own if c.target == "des"]
        values = [_Values() for _ in box.children]
        for child_box, val in zip(box.children, values, strict=True):
            for c in child_box.constraints:  # a node's own size, unless its parent says otherwise
                if c.target == "self" and c.kind in ("w", "h") and c.ref_type == "none" and c.val is not None:
                    val.v[c.kind] = c.val * MM
        self._constrain(box, [*inherited, *own], own, values, set())
        if box.alg == "composite":
            fixed = self._customise_composite(box, values)
            if fixed:  # siblings placed against a customised one (a tile's text) follow it
                self._constrain(box, [*inherited, *own], own, values, fixed)
            self._composite(box, values)
        elif box.alg == "lin":
            self._linear(box, values)
        else:
            for child_box in box.children:
                custom = _custom(child_box)
                child_box.rect = self._customised(box.rect, custom) if custom is not None else QRectF(box.rect)
        for child_box in box.children:
            self.found.setdefault(child_box.name, (child_box.rect.width(), child_box.rect.height()))
            self.lay_out(child_box, passed)

    def _constrain(
        self, box: _Box, constraints: list[_Constr], own: list[_Constr], values: list[_Values], fixed: set[int]
    ) -> None:
        for _round in range(2):  # constraints may name siblings set by later ones
            for c in constraints:
                if c.kind not in _GEOMETRY and c.kind not in _OFFSETS:
                    continue
                for index, (child_box, val) in enumerate(zip(box.children, values, strict=True)):
                    if index in fixed or (c.name and c.name != child_box.name):
                        continue
                    if c.target == "ch" and c not in own:
                        continue
                    self._apply(c, box, val, values)

    def _customise_composite(self, box: _Box, values: list[_Values]) -> set[int]:
        """Children the user resized or moved, placed where the user put them: their values become
        that box (parent-relative), which their siblings' constraints then read. Their indices."""
        fixed: set[int] = set()
        outer = box.rect
        for index, (child_box, val) in enumerate(zip(box.children, values, strict=True)):
            custom = _custom(child_box)
            if custom is None:
                continue
            rect = self._customised(_composite_rect(outer, val), custom)
            val.v = {"l": rect.left() - outer.left(), "t": rect.top() - outer.top(), "w": rect.width(),
                     "h": rect.height()}  # fmt: skip
            val.follows_parent.clear()
            fixed.add(index)
        return fixed

    def _customised(self, rect: QRectF, custom: Custom) -> QRectF:
        """The shape's box as the user left it: scaled about its centre (custScaleX/Y), then moved
        by its shares of the laid-out size (custLinFact*), as far as the diagram's frame allows."""
        w, h = rect.width() * custom.scale_x, rect.height() * custom.scale_y
        scaled = QRectF(rect.center().x() - w / 2.0, rect.center().y() - h / 2.0, w, h)
        frame = self.frame
        move_x, move_y = rect.width() * (custom.move_x + custom.own_x), rect.height() * (custom.move_y + custom.own_y)
        dx = _within(scaled.left(), scaled.right(), move_x, frame.left(), frame.right())
        dy = _within(scaled.top(), scaled.bottom(), move_y, frame.top(), frame.bottom())
        return scaled.translated(dx, dy)

    def _apply(self, c: _Constr, owner: _Box, val: _Values, values: list[_Values]) -> None:
        if c.ref_type in ("none", ""):
            if c.val is None and c.op in ("equ", "lte", "gte"):
                return  # an equality between siblings, with no value of its own
            value = (c.val or 0.0) * MM
            follows = False
        else:
            ref = self._reference(c, owner, values)
            if ref is None:
                return
            value = ref * c.fact
            follows = c.ref_for == "self" and c.ref_type in ("w", "h")
        current = val.v.get(c.kind)
        if c.op == "lte":
            if current is not None and value < current:
                val.v[c.kind] = value
                val.follows_parent.discard(c.kind)
        elif c.op == "gte":
            if current is not None and value > current:
                val.v[c.kind] = value
                val.follows_parent.discard(c.kind)
        else:
            val.v[c.kind] = value
            if follows:
                val.follows_parent.add(c.kind)
            else:
                val.follows_parent.discard(c.kind)

    def _reference(self, c: _Constr, owner: _Box, values: list[_Values]) -> float | None:
        if c.ref_type not in _GEOMETRY:
            if c.ref_type in ("primFontSz", "secFontSz"):
                raise Unsupported("sizes from font sizes")
            return None
        if c.ref_for == "self":
            return {"w": owner.rect.width(), "h": owner.rect.height()}.get(c.ref_type, 0.0)
        if c.ref_for == "ch":
            for child_box, val in zip(owner.children, values, strict=True):
                if child_box.name == c.ref_name:
                    return _derived(val.v, c.ref_type)
            return None
        size = self.sizes.get(c.ref_name)  # a deeper descendant: its size from the first pass
        if size is None or c.ref_type not in ("w", "h"):
            return None
        return size[0] if c.ref_type == "w" else size[1]

    def _composite(self, box: _Box, values: list[_Values]) -> None:
        for child_box, val in zip(box.children, values, strict=True):
            child_box.rect = _composite_rect(box.rect, val)

    def _linear(self, box: _Box, values: list[_Values]) -> None:
        direction = box.params.get("linDir", "fromL")
        across = direction in ("fromL", "fromR")
        outer = box.rect
        avail_p, avail_s = (outer.width(), outer.height()) if across else (outer.height(), outer.width())
        key_p, key_s = ("w", "h") if across else ("h", "w")
        sizes = []
        customs = [_custom(child_box) for child_box in box.children]
        # A node the user resized along the line takes that much more of it: the others make
        # room (PowerPoint keeps the line packed), so the scale weighs it before fitting. A row
        # whose shapes the user all made thinner along this line gives up its room the same way.
        for child_box in box.children:
            child_box.flow = _flow_scale(child_box, across)
        scales = [
            ((c.scale_x if across else c.scale_y) if c is not None else 1.0) * child_box.flow
            for c, child_box in zip(customs, box.children, strict=True)
        ]
        for child_box, val, scale in zip(box.children, values, scales, strict=True):
            default = 0.0 if child_box.alg == "sp" else avail_p
            sizes.append([val.v.get(key_p, default) * scale, val.v.get(key_s, avail_s)])
        total = sum(p for p, _s in sizes)
        scale = min(1.0, avail_p / total) if total > 0 else 1.0
        for size, val in zip(sizes, values, strict=True):
            size[0] *= scale
            if key_s not in val.follows_parent:
                size[1] *= scale  # sized against its own length: keeps its proportions
        over = max((s for _p, s in sizes), default=0.0)
        if over > avail_s > 0:  # too wide across: shrink every child alike
            shrink = avail_s / over
            sizes = [[p * shrink, s * shrink] for p, s in sizes]
        used = sum(p for p, _s in sizes)
        align = box.params.get("nodeHorzAlign" if not across else "nodeVertAlign", "ctr")
        pos = (avail_p - used) / 2.0
        for child_box, (p, s) in zip(box.children, sizes, strict=True):
            start = pos if direction in ("fromL", "fromT") else avail_p - pos - p
            if align in ("l", "t"):
                cross = 0.0
            elif align in ("r", "b"):
                cross = avail_s - s
            else:
                cross = (avail_s - s) / 2.0
            if across:
                child_box.rect = QRectF(outer.left() + start, outer.top() + cross, max(p, 0.0), s)
            else:
                child_box.rect = QRectF(outer.left() + cross, outer.top() + start, s, max(p, 0.0))
            pos += p
        # Each node's length along the line as laid out before the user's own scale: what a move
        # along the line is a share of.
        plain = [(s[0] / k if k > 0 else s[0]) for s, k in zip(sizes, scales, strict=True)]
        # Across the line a shape's scale is relative to the line as laid out before a re-flow
        # gave its room away (box.flow): the thickest shape fills the line, the others their share.
        side_scales = [((c.scale_y if across else c.scale_x) if c is not None else 1.0) / box.flow for c in customs]
        for index, (child_box, custom) in enumerate(zip(box.children, customs, strict=True)):
            if custom is not None:
                child_box.rect = self._moved_in_line(
                    box.children, index, custom, across, plain, side_scales[index], box.flow
                )

    def _moved_in_line(
        self,
        line: list[_Box],
        index: int,
        custom: Custom,
        across: bool,
        plain: list[float],
        side_scale: float,
        flow: float,
    ) -> QRectF:
        """A node of a line as the user left it: resized across the line about its middle, and
        moved along the line by its share of its neighbour's length as laid out (the node it moves
        towards; at the line's end the one on its other side, as PowerPoint's files show), across
        it by its share of its own size. A move by a share of its own length (custLinFactX/Y) adds
        to that: no stored drawing here shows one in a line, but the decks mirrored by hand for
        right-to-left text (a label dragged past its arrow by a whole neighbour and part of
        itself) only fill their frame so."""
        rect = line[index].rect
        along, side = (custom.move_x, custom.move_y) if across else (custom.move_y, custom.move_x)
        step = -1 if along < 0 else 1
        if not 0 <= index + step < len(line):
            step = -step
        reach = plain[index + step] if 0 <= index + step < len(line) else 0.0
        own_side = (rect.height() if across else rect.width()) / flow  # as laid out before a re-flow
        own_along, own_across = (custom.own_x, custom.own_y) if across else (custom.own_y, custom.own_x)
        along_move = along * reach + own_along * plain[index]
        side_move = (side + own_across) * own_side
        moves = (along_move, side_move) if across else (side_move, along_move)
        scales = (1.0, side_scale) if across else (side_scale, 1.0)
        return self._customised(rect, Custom(scales[0], scales[1], moves[0] / max(rect.width(), 1e-9),
                                             moves[1] / max(rect.height(), 1e-9)))  # fmt: skip


def _flow_scale(box: _Box, outer_across: bool) -> float:
    """How much of its room in the outer line a line of shapes keeps: across the outer line's
    direction (a list's row of a label and its items), when the user made every shape of it
    thinner along the outer line, the largest of their scales; its share of the outer line shrinks
    with it and the other rows take the room, as a node resized along a line does (lProcess2).
    A row never takes room from the others: poi__60810's vList5 row with its items made 1.23
    times taller and its label left whole keeps its pitch in PowerPoint's drawing."""
    if box.alg != "lin" or (box.params.get("linDir", "fromL") in ("fromL", "fromR")) == outer_across:
        return 1.0
    scales = []
    for child_box in box.children:
        if not (child_box.shape and not child_box.hide_geometry) and child_box.alg != "tx":
            continue  # a spacer: nothing the user could resize
        custom = _custom(child_box)
        scales.append((custom.scale_x if outer_across else custom.scale_y) if custom is not None else 1.0)
    return min(1.0, max(scales, default=1.0))


def _composite_rect(outer: QRectF, val: _Values) -> QRectF:
    """A composite's child's box from whichever of its values are set."""
    v = {k: x + val.v.get(f"{k}Off", 0.0) for k, x in val.v.items() if k in _GEOMETRY}
    left, width = _span(v, "l", "w", "r", "ctrX", outer.width())
    top, height = _span(v, "t", "h", "b", "ctrY", outer.height())
    return QRectF(outer.left() + left, outer.top() + top, max(width, 0.0), max(height, 0.0))


def _within(start: float, end: float, move: float, low: float, high: float) -> float:
    """A move of the span start..end cut short at the frame's edges (low..high), as PowerPoint
    keeps a dragged shape inside the diagram; a span wider than the frame moves as asked."""
    if end - start > high - low:
        return move
    if start + move < low:
        return low - start
    if end + move > high:
        return high - end
    return move


_EDGES = {"w": ("l", "r", "ctrX"), "h": ("t", "b", "ctrY")}


def _derived(v: dict[str, float], kind: str) -> float | None:
    """A sibling's value as set, or as its other values imply it: a tile placed by its l and r
    has a width (r - l), one placed by its r and w a left edge (r - w)."""
    if kind in v:
        return v[kind]
    size = next(s for s, edges in _EDGES.items() if kind == s or kind in edges)
    start, end, centre = _EDGES[size]
    length = v.get(size)
    if length is None:
        known = [v[e] for e in (start, end) if e in v]
        if len(known) == 2:
            length = known[1] - known[0]
        elif centre in v and known:
            length = abs(v[centre] - known[0]) * 2.0
        if kind == size:
            return length
    if length is None:
        return None
    if start in v:
        low = v[start]
    elif end in v:
        low = v[end] - length
    elif centre in v:
        low = v[centre] - length / 2.0
    else:
        return None
    return {start: low, end: low + length, centre: low + length / 2.0}[kind]


def _span(v: dict[str, float], start: str, size: str, end: str, centre: str, whole: float) -> tuple[float, float]:
    """A child's start and length along one axis from whichever of its constraints are set."""
    length = v.get(size)
    if length is None:
        length = v[end] - v[start] if start in v and end in v else whole
    if start in v:
        return v[start], length
    if end in v:
        return v[end] - length, length
    if centre in v:
        return v[centre] - length / 2.0, length
    return 0.0, length


# -- output -----------------------------------------------------------------------------------------
def _placed(box: _Box, slots: Slots, out: list[tuple[Placed, int]]) -> None:
    # Only text algorithms show text: presOf on a shape node (sp) only ties it to its node.
    shows_text = box.alg == "tx" and box.text_axis in ("self", "des", "desOrSelf") and not box.context.transition
    drawn = bool(box.shape) and not box.hide_geometry
    footprint = box.rect
    if (drawn or (shows_text and box.alg == "tx")) and footprint.width() > 0.5 and footprint.height() > 0.5:
        rect = QRectF(footprint)
        if drawn and round(box.rotation) % 180 == 90:  # the preset turned to fill its box
            c = footprint.center()
            rect = QRectF(c.x() - footprint.height() / 2, c.y() - footprint.width() / 2, footprint.height(),
                          footprint.width())  # fmt: skip
        presents = box.shown_node or box.context.node
        node = presents if shows_text else None
        slot = None
        if node is not None or not box.context.transition:
            slot = next((s for name, s in presents.presentations if name == box.name), None)
        custom = _custom(box) if drawn else None
        item = Placed(
            Role.NODE if node is not None or not box.context.transition else Role.ARROW,
            rect,
            slot or StyleSlot(box.label),
            box.shape or "rect",
            node,
            rotation=((box.rotation + (custom.angle if custom else 0.0)) % 360.0) if drawn else 0.0,
            flip_h=custom is not None and custom.flip_h,
            flip_v=custom is not None and custom.flip_v,
            adjust=dict(box.adjust),
            with_descendants=box.text_axis == "desOrSelf",
            only_descendants=box.text_axis == "des",
            size_group=box.name,
            hidden=not drawn,
        )
        if slot is None:
            slots.later(item, box.label)
        out.append((item, box.z_offset))
    for sub in box.children:
        _placed(sub, slots, out)


def _has_sizes(layout: etree._Element) -> bool:
    return any(c.get("type") in ("w", "h") for c in layout.iter("{*}constr"))


def run_layout(layout: etree._Element, root: DiagramNode, w: float, h: float) -> list[Placed] | None:
    """The diagram's shapes from its layout definition, back to front, in a w × h frame; None when
    the layout uses what this engine does not run, or says nothing about sizes."""
    top = next((el for el in layout if isinstance(el.tag, str) and local(el) == "layoutNode"), None)
    if top is None or not _has_sizes(layout) or not root.children:
        return None
    box = _Box(top.get("name", ""), _Context(root, [root], 0), top.get("styleLbl") or "node1")
    try:
        _Expander(layout).expand(top, box, box.context)
        box.rect = QRectF(0.0, 0.0, w, h)
        solver = _Solver(box.rect)
        solver.lay_out(box, [])
        solver.sizes, solver.found = solver.found, {}  # again, every layout node's size known
        solver.lay_out(box, [])
    except Unsupported as reason:
        log.debug("layout %s not run here: %s", layout.get("uniqueId"), reason)
        return None
    slots = Slots()
    found: list[tuple[Placed, int]] = []
    _placed(box, slots, found)
    slots.assign()
    # A shape's zOrderOff moves it that many places up or down the drawing order (vList5's labels
    # over their bullet boxes, vList6's arrows behind their labels), as PowerPoint's drawings order them.
    order = sorted(range(len(found)), key=lambda i: i + found[i][1])
    placed = [found[i][0] for i in order]
    # Text over a hidden shape sits on shapes drawn by its siblings (a callout behind its title).
    placed = [p for p in placed if not p.hidden] + [p for p in placed if p.hidden]
    shown = {id(p.node) for p in placed if p.node is not None}
    if not placed or not all(id(n) in shown for n in root.children):
        return None
    return placed
