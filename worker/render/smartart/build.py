"""Placed diagram shapes written as a drawing (p:sp elements), as PowerPoint's drawing part would be.

The shape painter then draws them like any stored SmartArt drawing: theme fills, lines, effects,
and real text in the deck's fonts. Text takes one size per group of shapes (the whole diagram, a
hierarchy's level, sub-item boxes), the largest up to the layout's primFontSz at which every box
of the group holds its text without breaking a word.
"""

from __future__ import annotations

import copy
import functools
import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from lxml import etree
from PySide6.QtCore import QRectF
from PySide6.QtGui import QTransform

from worker.deck.xml import A, P, child
from worker.render.geometry import geometry_for_sppr
from worker.render.smartart.layouts import Placed, Role
from worker.render.smartart.styles import DiagramStyles
from worker.render.text import TextStyleSources, measure_text_height
from worker.render.text.context import TextContext

log = logging.getLogger(__name__)

EMU = 12700.0
MIN_FONT_SIZE = 5
SUB_FONT_RATIO = 0.78  # descendants' bullet text beside the node's own (PowerPoint's secFontSz)
_BULLET_INDENT = 0.9  # bullet indent, in font sizes


def _a(parent: etree._Element, tag: str, **attrs: str) -> etree._Element:
    return etree.SubElement(parent, f"{{{A}}}{tag}", {k: v for k, v in attrs.items()})


def _emu(value: float) -> str:
    return str(round(value * EMU))


@dataclass
class _Text:
    """One box's text: its paragraphs, where they go, and the shape's font reference."""

    placed: Placed
    paragraphs: list[etree._Element]  # already carry lvl for descendants
    width: float
    height: float
    inset: float
    font_ref: etree._Element | None
    # Bodies by size, made once: both measures of a fitting try read one body (its text is then
    # resolved once), and the body drawn is the one measured at the size chosen.
    bodies: dict[float, etree._Element] = field(default_factory=dict)

    def body(self, size: float) -> etree._Element:
        found = self.bodies.get(size)
        if found is None:
            found = self.bodies[size] = self._make_body(size)
        return found

    def _make_body(self, size: float) -> etree._Element:
        tx_body = etree.Element(f"{{{P}}}txBody")
        ins = _emu(self.inset)
        body_pr = _a(tx_body, "bodyPr", wrap="square", lIns=ins, tIns=ins, rIns=ins, bIns=ins, anchor="ctr")
        # Text the user sized (custT) keeps its run sizes even where it overflows, as PowerPoint's
        # stored drawings of such text show (noAutofit, the data's sizes). Other text sized by the
        # file may still overflow our boxes: the painter's shrink on overflow scales it down.
        node = self.placed.node
        _a(body_pr, "noAutofit" if node is not None and node.custom_text else "normAutofit")
        bulleted = any(child(p, "pPr") is not None and child(p, "pPr").get("lvl") for p in self.paragraphs)  # type: ignore[union-attr]
        tx_body.append(_list_style(size, bulleted))
        for para in self.paragraphs:
            tx_body.append(copy.deepcopy(para))
        return tx_body


def _list_style(size: float, bulleted: bool) -> etree._Element:
    """Level 1 centred node text; deeper levels bulleted descendants, smaller, left aligned.

    Space after paragraphs only separates a node from its bullets: alone, its text stays centred.
    A copy of one made once per arguments: fitting a diagram's text size asks for the same few
    sizes for every box, and copying is cheaper than building.
    """
    return copy.deepcopy(_list_style_template(size, bulleted))


@functools.lru_cache(maxsize=128)
def _list_style_template(size: float, bulleted: bool) -> etree._Element:
    lst = etree.Element(f"{{{A}}}lstStyle")
    sub = max(size * SUB_FONT_RATIO, 1.0)
    for level in range(1, 10):
        if level == 1:
            attrs = {"algn": "ctr", "marL": "0", "indent": "0"}
        else:
            margin = sub * _BULLET_INDENT * (level - 1)
            attrs = {"algn": "l", "marL": _emu(margin), "indent": _emu(-sub * _BULLET_INDENT * 0.7)}
        ppr = _a(lst, f"lvl{level}pPr", **attrs)
        _a(_a(ppr, "lnSpc"), "spcPct", val="90000")
        _a(_a(ppr, "spcBef"), "spcPct", val="0")
        _a(_a(ppr, "spcAft"), "spcPct", val=("15000" if level > 1 else "35000") if bulleted else "0")
        if level == 1:
            _a(ppr, "buNone")
        else:
            _a(ppr, "buChar", char="•")
        _a(ppr, "defRPr", sz=str(round((size if level == 1 else sub) * 100)))
    return lst


def _paragraphs(placed: Placed) -> list[etree._Element]:
    node = placed.node
    if node is None:
        return []
    own = [copy.deepcopy(p) for p in node.paragraphs] or [etree.Element(f"{{{A}}}p")]
    if not placed.with_descendants and not placed.only_descendants:
        return own
    found = [] if placed.only_descendants else list(own)
    stack = [(sub, 1) for sub in reversed(node.children)]
    while stack and len(found) < 200:
        sub, depth = stack.pop()
        for para in sub.paragraphs:
            if not "".join(t.text or "" for t in para.iter(f"{{{A}}}t")).strip():
                continue
            bullet = copy.deepcopy(para)
            ppr = child(bullet, "pPr")
            if ppr is None:
                ppr = etree.Element(f"{{{A}}}pPr")
                bullet.insert(0, ppr)
            ppr.set("lvl", str(min(depth, 8)))
            found.append(bullet)
        stack.extend((c, depth + 1) for c in reversed(sub.children))
    return found


def _fit_size(texts: list[_Text], measure: Callable[[_Text, etree._Element, bool], float], top: float) -> float:
    """The largest whole point size at which every box holds its text (words unbroken)."""

    order = list(texts)

    def fits(size: float) -> bool:
        for index, text in enumerate(order):
            body = text.body(size)
            height = measure(text, body, True)
            # A word wider than the box splits only without whole_words: PowerPoint shrinks rather
            # than split it.
            if height > text.height + 0.5 or measure(text, body, False) > height + 0.5:
                # The box that overflowed is the likeliest to overflow at the next size: ask it
                # first (the answer is the same, with fewer boxes laid out).
                order.insert(0, order.pop(index))
                return False
        return True

    lo, hi = MIN_FONT_SIZE, max(int(top), MIN_FONT_SIZE)
    if fits(hi):
        return float(hi)
    while lo < hi - 1:
        mid = (lo + hi) // 2
        if fits(mid):
            lo = mid
        else:
            hi = mid
    return float(lo)


def build_drawing(
    ctx: TextContext,
    placed: list[Placed],
    styles: DiagramStyles,
    max_font_size: float,
    default_text_style: etree._Element | None,
) -> etree._Element:
    """A dsp:drawing-like root holding an spTree of p:sp shapes for ``placed`` (frame points)."""
    root = etree.Element(f"{{{P}}}drawing")
    tree = etree.SubElement(root, f"{{{P}}}spTree")
    shapes: list[tuple[etree._Element, _Text | None]] = []
    for number, item in enumerate(placed, start=1):
        style = styles.style_element(item.slot)
        sp = _shape(item, number, style)
        text = None
        if item.role is Role.NODE and item.node is not None:
            # Without a text rectangle of its own the text sits in the shape geometry's (an
            # ellipse's is its inscribed box): fit the text to that.
            if item.text_rect is None and item.rotation:
                item.text_rect = _turned_text_rect(sp, item)
            box = (
                item.text_rect or geometry_for_sppr(child(sp, "spPr"), item.rect.width(), item.rect.height()).text_rect
            )
            inset = min(max(min(box.width(), box.height()) * 0.06, 1.0), 7.2)
            text = _Text(item, _paragraphs(item), box.width(), box.height(), inset, child(style, "fontRef"))
        shapes.append((sp, text))

    def measure(text: _Text, body: etree._Element, whole_words: bool) -> float:
        lists = [el for el in (child(body, "lstStyle"), default_text_style) if el is not None]
        sources = TextStyleSources(list_styles=lists, body_props=[], font_ref=text.font_ref)
        return measure_text_height(ctx, body, text.width, sources, whole_words)

    groups: dict[str, list[_Text]] = {}
    for _sp, t in shapes:
        # A box with no text has nothing to fit: an empty node's paragraph mark may still carry a
        # size (Aspose.Slides writes sz 6500 on each empty node of a new cycle), which never fits
        # a small box and shrank its group's real text to the smallest size.
        if t is not None and t.paragraphs and _shows_text(t):
            groups.setdefault(t.placed.size_group, []).append(t)
    # Text the user sized (custT) keeps its runs' sizes: it does not take part in fitting its
    # group (one such box overflowing would shrink its siblings' text), but it shares the
    # group's size for what that size sets (a bullet's indent), as PowerPoint's drawings give
    # every bullet of a diagram one indent.
    sizes = {key: _fit_size(_fitted(texts), measure, max_font_size) for key, texts in groups.items()}
    for sp, text in shapes:
        if text is not None:
            sp.append(text.body(sizes.get(text.placed.size_group, max_font_size)))
            if text.placed.text_rect is not None:
                r = text.placed.text_rect
                xfrm = etree.SubElement(sp, f"{{{P}}}txXfrm")
                _a(xfrm, "off", x=_emu(r.left()), y=_emu(r.top()))
                _a(xfrm, "ext", cx=_emu(r.width()), cy=_emu(r.height()))
        tree.append(sp)
    return root


def _shows_text(text: _Text) -> bool:
    return any((t.text or "").strip() for p in text.paragraphs for t in p.iter(f"{{{A}}}t"))


def _fitted(texts: list[_Text]) -> list[_Text]:
    """The texts whose size the group's fit decides: all but those the user sized, unless
    the user sized them all."""
    free = [t for t in texts if t.placed.node is None or not t.placed.node.custom_text]
    return free or texts


def _turned_text_rect(sp: etree._Element, item: Placed) -> QRectF:
    """A rotated shape's text box, upright: its geometry's text box turned with the shape (a
    chevron pointing down keeps its text between notch and point), text itself unrotated."""
    rect = item.rect
    inner = geometry_for_sppr(child(sp, "spPr"), rect.width(), rect.height()).text_rect
    turn = QTransform()
    turn.translate(rect.center().x(), rect.center().y())
    turn.rotate(item.rotation)
    turn.translate(-rect.width() / 2.0, -rect.height() / 2.0)
    return turn.mapRect(inner)


_FILLS = {"noFill", "solidFill", "gradFill", "blipFill", "pattFill", "grpFill"}


def _user_format(props: etree._Element, item: Placed) -> None:
    """The fill and line the user gave the node shown (a sub-item box: its first sub-item), over
    the quick style's, as PowerPoint draws them."""
    node = item.node
    if node is not None and item.only_descendants:
        node = node.children[0] if node.children else None
    if node is None or node.sp_pr is None:
        return
    for el in node.sp_pr:
        if isinstance(el.tag, str) and (etree.QName(el).localname in _FILLS or etree.QName(el).localname == "ln"):
            props.append(copy.deepcopy(el))


def _shape(item: Placed, number: int, style: etree._Element) -> etree._Element:
    sp = etree.Element(f"{{{P}}}sp")
    nv = etree.SubElement(sp, f"{{{P}}}nvSpPr")
    etree.SubElement(nv, f"{{{P}}}cNvPr", id=str(number + 1), name=f"{item.role.value} {number}")
    etree.SubElement(nv, f"{{{P}}}cNvSpPr")
    etree.SubElement(nv, f"{{{P}}}nvPr")
    props = etree.SubElement(sp, f"{{{P}}}spPr")
    rect = item.rect
    xfrm_attrs = {"rot": str(round(item.rotation * 60000))} if item.rotation else {}
    if item.flip_h:
        xfrm_attrs["flipH"] = "1"
    if item.flip_v:
        xfrm_attrs["flipV"] = "1"
    xfrm = _a(props, "xfrm", **xfrm_attrs)
    w, h = max(round(rect.width() * EMU), 1), max(round(rect.height() * EMU), 1)
    _a(xfrm, "off", x=_emu(rect.left()), y=_emu(rect.top()))
    _a(xfrm, "ext", cx=str(w), cy=str(h))
    if item.geometry == "custom" and item.outline:
        geometry = _a(props, "custGeom")
        for tag in ("avLst", "gdLst", "ahLst", "cxnLst"):
            _a(geometry, tag)
        _a(geometry, "rect", l="l", t="t", r="r", b="b")
        path_attrs = {"w": str(w), "h": str(h)}
        if not item.closed:
            path_attrs["fill"] = "none"
        shape_path = _a(_a(geometry, "pathLst"), "path", **path_attrs)
        for i, point in enumerate(item.outline):
            step = _a(shape_path, "moveTo" if i == 0 else "lnTo")
            _a(step, "pt", x=_emu(point.x() - rect.left()), y=_emu(point.y() - rect.top()))
        if item.closed:
            _a(shape_path, "close")
    else:
        geometry = _a(props, "prstGeom", prst=item.geometry or "rect")
        av = _a(geometry, "avLst")
        for name, value in item.adjust.items():
            _a(av, "gd", name=name, fmla=f"val {value}")
    if not item.closed or item.hidden:
        _a(props, "noFill")
    if item.hidden:
        _a(_a(props, "ln"), "noFill")
    elif item.closed:
        _user_format(props, item)
    sp.append(style)
    return sp
