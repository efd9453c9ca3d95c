"""Placeholder inheritance: which layout and master shapes a slide placeholder inherits from."""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from worker.deck.xml import child, local, path

# Master text style used by each placeholder type (p:txStyles).
_TITLE_TYPES = frozenset({"title", "ctrTitle"})
_OTHER_TYPES = frozenset({"dt", "ftr", "sldNum", "hdr"})


@dataclass(frozen=True)
class PlaceholderKey:
    type: str  # ST_PlaceholderType; absent means "obj"
    idx: str | None

    @property
    def master_type(self) -> str:
        """The master placeholder a placeholder of this type falls back to."""
        if self.type in _TITLE_TYPES:
            return "title"
        if self.type in _OTHER_TYPES:
            return self.type
        return "body"

    @property
    def text_style(self) -> str:
        if self.type in _TITLE_TYPES:
            return "titleStyle"
        if self.type in _OTHER_TYPES:
            return "otherStyle"
        return "bodyStyle"


def placeholder_key(shape: etree._Element) -> PlaceholderKey | None:
    """The p:ph of a p:sp / p:pic / p:graphicFrame, if it is a placeholder."""
    for nv in shape:
        name = local(nv)
        if name.startswith("nv") and name.endswith("Pr"):
            ph = path(nv, "nvPr", "ph")
            if ph is None:
                return None
            return PlaceholderKey(ph.get("type", "obj"), ph.get("idx"))
    return None


def _placeholders(sheet_root: etree._Element) -> list[tuple[PlaceholderKey, etree._Element]]:
    tree = path(sheet_root, "cSld", "spTree")
    found: list[tuple[PlaceholderKey, etree._Element]] = []
    if tree is None:
        return found
    # Any namespace or none, as local() reads them; lxml skips the other elements without proxies.
    for shape in tree.iter("{*}sp", "{*}pic", "{*}graphicFrame"):
        key = placeholder_key(shape)
        if key is not None:
            found.append((key, shape))
    return found


def _same_kind(a: str, b: str) -> bool:
    if a == b:
        return True
    return {a, b} <= _TITLE_TYPES or {a, b} <= {"body", "obj", "subTitle"}


class PlaceholderIndex:
    """Placeholders of one layout or master, looked up the way PowerPoint matches them."""

    def __init__(self, sheet_root: etree._Element | None) -> None:
        self.items = _placeholders(sheet_root) if sheet_root is not None else []

    def match_layout(self, key: PlaceholderKey) -> etree._Element | None:
        """Layout placeholder for a slide placeholder: by idx first, then by type."""
        if key.idx is not None:
            for other, shape in self.items:
                if other.idx == key.idx and ("obj" in {key.type, other.type} or _same_kind(other.type, key.type)):
                    return shape
            for other, shape in self.items:
                if other.idx == key.idx and key.type not in _TITLE_TYPES and other.type not in _OTHER_TYPES:
                    return shape
        for other, shape in self.items:
            if other.type == key.type:
                return shape
        for other, shape in self.items:
            if _same_kind(other.type, key.type):
                return shape
        return None

    def match_master(self, key: PlaceholderKey) -> etree._Element | None:
        wanted = key.master_type
        for other, shape in self.items:
            if other.master_type == wanted and wanted in {other.type, "body"}:
                return shape
        return None


def sp_pr(shape: etree._Element | None) -> etree._Element | None:
    return child(shape, "spPr")


def body_pr(shape: etree._Element | None) -> etree._Element | None:
    return path(shape, "txBody", "bodyPr")


def lst_style(shape: etree._Element | None) -> etree._Element | None:
    return path(shape, "txBody", "lstStyle")
