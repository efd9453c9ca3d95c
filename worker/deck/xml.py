"""Namespaces and small lxml helpers shared by the deck readers and the renderer."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, cast

from lxml import etree

A = "http://schemas.openxmlformats.org/drawingml/2006/main"
P = "http://schemas.openxmlformats.org/presentationml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
DSP = "http://schemas.microsoft.com/office/drawing/2008/diagram"
C = "http://schemas.openxmlformats.org/drawingml/2006/chart"

NS = {"a": A, "p": P, "r": R, "mc": MC, "dsp": DSP, "c": C}

# libxml2 refuses elements nested deeper than 256 unless asked for XML_PARSE_HUGE (lxml's huge_tree),
# which allows this many, its ceiling; PowerPoint opens slides whose groups nest hundreds deep.
MAX_XML_DEPTH = 2048


def safe_parser(**options: Any) -> etree.XMLParser:
    """A parser for parts from strangers: no DTD, no entity expansion, no network access.

    huge_tree also lifts libxml2's 10 MB cap on one text node, which a part cannot exceed by much
    anyway (ArchiveLimits.max_part_bytes); its entity amplification limit holds (libxml2 >= 2.11).
    """
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True, **options)


SAFE_PARSER = safe_parser(remove_blank_text=False)


def too_deep(exc: etree.XMLSyntaxError) -> bool:
    """Whether libxml2 gave up on a part for its nesting depth (MAX_XML_DEPTH) rather than damage."""
    return "Excessive depth" in str(exc)


def parse(blob: bytes) -> etree._Element:
    return etree.fromstring(blob, SAFE_PARSER)


def element_text(el: etree._Element) -> str:
    """``el``'s text, with the text that follows a node inside it: an entity reference, a comment.

    Parts are read without their DTD (safe_parser), so a reference to an entity it declares stays
    in the tree as a node of its own, and the text after it is that node's tail, which ``el.text``
    leaves out. Office files may not declare DTDs (ECMA-376 Part 2, M1.18), so the reference's
    own text is never known: it is left out, the rest kept."""
    if not len(el):
        return el.text or ""
    return (el.text or "") + "".join(node.tail or "" for node in el)


def local(el: etree._Element) -> str:
    tag = el.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


# lxml's tag filter "{*}name" per local name: lxml then compares names in C and makes Python objects
# only for the children that match, where reading each child's tag made an object and a string per
# child (child() was ~4 % of a corpus run's CPU time).
_ANY_NAMESPACE: dict[str, str] = {}
# What el.iterchildren(tag) returns, made directly: the method's argument handling (a tuple of tags,
# keyword checks) was a fifth of child()'s time (~0.25 of 1.4 us; 200,000+ calls a corpus run).
# (lxml-stubs declare it without its arguments: node, tag.)
_CHILDREN_BY_TAG = cast(Callable[[etree._Element, str], Iterator[etree._Element]], etree.ElementChildIterator)


def _any_namespace(name: str) -> str:
    tag = _ANY_NAMESPACE.get(name)
    if tag is None:
        tag = _ANY_NAMESPACE[name] = "{*}" + name
    return tag


def child(el: etree._Element | None, name: str) -> etree._Element | None:
    """First child whose local name is ``name`` (namespace-agnostic: Strict OOXML, dsp, p, a)."""
    if el is None:
        return None
    # "{*}" also matches no namespace at all, which these readers never took for a DrawingML element.
    for c in _CHILDREN_BY_TAG(el, _ANY_NAMESPACE.get(name) or _any_namespace(name)):
        if c.tag[0] == "{":
            return c
    return None


def children(el: etree._Element | None, name: str) -> Iterator[etree._Element]:
    if el is None:
        return
    for c in _CHILDREN_BY_TAG(el, _ANY_NAMESPACE.get(name) or _any_namespace(name)):
        if c.tag[0] == "{":
            yield c


def path(el: etree._Element | None, *names: str) -> etree._Element | None:
    for name in names:
        el = child(el, name)
        if el is None:
            return None
    return el


def attr_int(el: etree._Element | None, name: str, default: int) -> int:
    return default if el is None else int_value(el.get(name), default)


def int_value(value: str | None, default: int) -> int:
    """An attribute's value already read, as an integer (attr_int reads it so)."""
    if value is None:
        return default
    try:
        return int(float(value))
    except (ValueError, OverflowError):  # "abc", "NaN", and "1e309" (infinity) alike
        return default


def attr_bool(el: etree._Element | None, name: str, default: bool) -> bool:
    if el is None:
        return default
    value = el.get(name)
    if value is None:
        return default
    return value in ("1", "true", "on")


def rel_id(el: etree._Element, name: str) -> str | None:
    """An r:* attribute (r:embed, r:id, r:link...) whatever the relationships namespace."""
    for raw, value in el.attrib.items():
        key = str(raw)
        if key.endswith("}" + name) and "relationships" in key:
            return str(value)
    return None
