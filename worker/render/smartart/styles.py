"""SmartArt colours (dgm:colorsDef) and quick styles (dgm:styleDef) turned into a shape's p:style.

A drawing part stores each shape's resolved colours; without one, a shape takes the colour list of
its style label (node1, parChTrans1D2, sibTrans2D1...) at its index among the shapes sharing the
label, and the theme line/fill/effect styles its quick style names, exactly as PowerPoint would.
"""

from __future__ import annotations

import copy
import logging
from dataclasses import dataclass

from lxml import etree
from PySide6.QtGui import QColor

from worker.deck.xml import A, P, child, local
from worker.render.colors import COLOR_TAGS, ColorResolver
from worker.render.smartart.model import StyleSlot

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class _QuickStyle:
    line: int
    fill: int
    effect: int
    font: str
    font_color: etree._Element | None


def _scheme(name: str, **mods: int) -> etree._Element:
    el = etree.Element(f"{{{A}}}schemeClr", val=name)
    for tag, value in mods.items():
        etree.SubElement(el, f"{{{A}}}{tag}", val=str(value))
    return el


def _default_colors(label: str, kind: str) -> list[etree._Element]:
    """PowerPoint's default colour set (accent1_2) for the few label families we draw."""
    if label.startswith("parChTrans") or label.startswith("sibTrans1D"):
        return [_scheme("accent1", shade=60000)] if kind == "linClrLst" else [_scheme("accent1")]
    if label.startswith("sibTrans2D"):
        return [_scheme("accent1", tint=60000)] if kind != "txFillClrLst" else [_scheme("lt1")]
    if "Acc" in label or label in ("fgShp", "bgShp"):  # light boxes beside nodes: dark text
        light = _scheme("lt1", alpha=90000) if "Acc" in label else _scheme("accent1", tint=40000)
        return {"fillClrLst": [light], "linClrLst": [_scheme("accent1")], "txFillClrLst": [_scheme("dk1")]}[kind]
    return {"fillClrLst": [_scheme("accent1")], "linClrLst": [_scheme("lt1")], "txFillClrLst": [_scheme("lt1")]}[kind]


def _default_quick_style(label: str) -> _QuickStyle:
    if label.startswith("parChTrans") or label.startswith("sibTrans1D"):
        return _QuickStyle(2, 0, 0, "minor", None)
    if label.startswith("sibTrans2D"):
        return _QuickStyle(0, 1, 0, "minor", _scheme("lt1"))
    if "Acc" in label or label in ("fgShp", "bgShp"):
        return _QuickStyle(2, 1, 0, "minor", _scheme("tx1"))
    return _QuickStyle(2, 1, 0, "minor", _scheme("lt1"))


def _labels(part: etree._Element | None) -> dict[str, etree._Element]:
    found: dict[str, etree._Element] = {}
    if part is not None:
        for el in part.iter("{*}styleLbl"):
            found.setdefault(el.get("name", ""), el)
    return found


def _color_children(el: etree._Element | None) -> list[etree._Element]:
    return [c for c in el if local(c) in COLOR_TAGS] if el is not None else []


def _ref_index(style: etree._Element | None, name: str, default: int) -> int:
    ref = child(style, name)
    try:
        return int(ref.get("idx", default)) if ref is not None else default
    except ValueError:
        return default


class DiagramStyles:
    """The colours part and quick style part of one diagram (either may be missing)."""

    def __init__(
        self, colors_part: etree._Element | None, quick_part: etree._Element | None, resolver: ColorResolver
    ) -> None:
        self._colors = _labels(colors_part)
        self._quick = _labels(quick_part)
        self._resolver = resolver

    def _color_list(self, label: str, kind: str) -> tuple[list[etree._Element], str]:
        for name in (label, _base_label(label)):
            entry = self._colors.get(name)
            lst = child(entry, kind)
            found = _color_children(lst)
            if found:
                return found, (lst.get("meth", "span") if lst is not None else "span")
            if entry is not None and kind == "txFillClrLst":
                return [], "span"  # an empty text list: the quick style's font colour applies
        return ([] if kind == "txFillClrLst" else _default_colors(label, kind)), "repeat"

    def pick(self, slot: StyleSlot, kind: str) -> etree._Element | None:
        """The colour element for ``slot`` from the label's fill, line or text list."""
        colors, method = self._color_list(slot.label, kind)
        if not colors:
            return None
        n, i, count = len(colors), slot.index, max(slot.count, 1)
        if n == 1:
            return copy.deepcopy(colors[0])
        if method == "repeat":
            return copy.deepcopy(colors[i % n])
        if method == "cycle":
            # A, B ... back to A across the shapes: the second half retraces the list.
            half = max(count - 1, 1) / 2.0
            t = (i if i <= half else count - 1 - i) / half if half else 0.0
        else:
            t = i / (count - 1) if count > 1 else 0.0
        position = min(max(t, 0.0), 1.0) * (n - 1)
        low = int(position)
        high = min(low + 1, n - 1)
        if position - low < 1e-6:
            return copy.deepcopy(colors[low])
        return _srgb(_mix(self._resolver.resolve(colors[low]), self._resolver.resolve(colors[high]), position - low))

    def style_element(self, slot: StyleSlot) -> etree._Element:
        """A p:style naming the theme's line/fill/effect styles in the slot's colours."""
        quick = self._quick_style(slot.label)
        style = etree.Element(f"{{{P}}}style")
        for tag, idx, kind in (
            ("lnRef", quick.line, "linClrLst"),
            ("fillRef", quick.fill, "fillClrLst"),
            ("effectRef", quick.effect, "effectClrLst"),
        ):
            ref = etree.SubElement(style, f"{{{A}}}{tag}", idx=str(idx))
            color = self.pick(slot, kind) if kind != "effectClrLst" else None
            ref.append(color if color is not None else _scheme("dk1" if kind == "effectClrLst" else "accent1"))
        font = etree.SubElement(style, f"{{{A}}}fontRef", idx=quick.font)
        text = self.pick(slot, "txFillClrLst")
        if text is None and quick.font_color is not None:
            text = copy.deepcopy(quick.font_color)
        font.append(text if text is not None else _scheme("tx1"))
        return style

    def _quick_style(self, label: str) -> _QuickStyle:
        entry = self._quick.get(label)
        if entry is None:
            entry = self._quick.get(_base_label(label))
        style = child(entry, "style")
        if style is None:
            return _default_quick_style(label)
        font_ref = child(style, "fontRef")
        colors = _color_children(font_ref)
        return _QuickStyle(
            line=_ref_index(style, "lnRef", 2),
            fill=_ref_index(style, "fillRef", 1),
            effect=_ref_index(style, "effectRef", 0),
            font=font_ref.get("idx", "minor") if font_ref is not None else "minor",
            font_color=copy.deepcopy(colors[0]) if colors else None,
        )


def _base_label(label: str) -> str:
    """The label family's first member (node3 → node1, parChTrans1D4 → parChTrans1D1)."""
    stem = label.rstrip("0123456789")
    return f"{stem}1" if stem and stem != label else label


def _mix(a: QColor, b: QColor, t: float) -> QColor:
    return QColor(
        round(a.red() + (b.red() - a.red()) * t),
        round(a.green() + (b.green() - a.green()) * t),
        round(a.blue() + (b.blue() - a.blue()) * t),
        round(a.alpha() + (b.alpha() - a.alpha()) * t),
    )


def _srgb(color: QColor) -> etree._Element:
    el = etree.Element(f"{{{A}}}srgbClr", val=f"{color.red():02X}{color.green():02X}{color.blue():02X}")
    if color.alpha() < 255:
        etree.SubElement(el, f"{{{A}}}alpha", val=str(round(color.alpha() / 255.0 * 100000)))
    return el
