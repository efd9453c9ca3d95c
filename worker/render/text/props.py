"""Paragraph and run property resolution through the DrawingML inheritance chain.

A property comes from the nearest element that states it: the run's a:rPr, then each list style's
a:lvlNpPr/a:defRPr (shape, layout placeholder, master placeholder, master text style, presentation
default), then built-in defaults. The paragraph's own a:pPr/a:defRPr is not applied to runs
(PowerPoint ignores it); a:endParaRPr only sizes empty paragraphs. The shape style's a:fontRef sits
just below the shape's own a:lstStyle.
"""

from __future__ import annotations

import copy
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

from lxml import etree
from PySide6.QtGui import QColor

from worker.deck.xml import A, child, children, local

log = logging.getLogger(__name__)

EMU_PER_PT = 12700.0
DEFAULT_SIZE = 18.0
DEFAULT_TAB = 72.0  # 914400 EMU

ColorFn = Callable[[etree._Element], QColor | None]
FILL_TAGS = ("noFill", "solidFill", "gradFill", "blipFill", "pattFill", "grpFill")


class SpacingKind(StrEnum):
    PERCENT = "pct"
    POINTS = "pts"


@dataclass(frozen=True)
class Spacing:
    kind: SpacingKind
    value: float  # a fraction (1.0 = 100 %) or points


class BulletKind(StrEnum):
    NONE = "none"
    CHAR = "char"
    AUTONUM = "autonum"
    BLIP = "blip"


@dataclass
class BulletSpec:
    kind: BulletKind = BulletKind.NONE
    char: str = "\u2022"
    scheme: str = "arabicPeriod"
    start_at: int = 1
    blip_id: str | None = None
    typeface: str | None = None  # None: the first run's font (buFontTx)
    size: Spacing | None = None  # None: the first run's size (buSzTx)
    color_el: etree._Element | None = None  # the buClr element; None: the first run's colour


@dataclass
class TabStop:
    pos: float  # points from the text's left edge
    align: str = "l"


@dataclass
class ParaProps:
    level: int = 0
    align: str = "l"
    align_given: bool = False
    mar_l: float = 0.0
    indent: float = 0.0
    rtl: bool = False
    line_spacing: Spacing = field(default_factory=lambda: Spacing(SpacingKind.PERCENT, 1.0))
    space_before: Spacing = field(default_factory=lambda: Spacing(SpacingKind.POINTS, 0.0))
    space_after: Spacing = field(default_factory=lambda: Spacing(SpacingKind.POINTS, 0.0))
    def_tab: float = DEFAULT_TAB
    tabs: list[TabStop] = field(default_factory=list)
    ea_line_break: bool = True
    latin_line_break: bool = False
    bullet: BulletSpec = field(default_factory=BulletSpec)


@dataclass
class RunProps:
    size: float = DEFAULT_SIZE
    bold: bool = False
    italic: bool = False
    underline: str = "none"
    strike: str = "noStrike"
    cap: str = "none"
    spacing: float = 0.0  # extra points between characters
    baseline: float = 0.0  # fraction of the size; positive raises (superscript)
    color: QColor | None = None  # None with visible=True: not resolved yet
    visible: bool = True
    highlight: QColor | None = None
    underline_color: QColor | None = None
    latin: str = "+mn-lt"
    ea: str = "+mn-ea"
    cs: str = "+mn-cs"
    sym: str = ""
    lang: str = ""
    link: str | None = None
    link_explicit_color: bool = False
    link_explicit_underline: bool = False


def _bool(value: str | None) -> bool:
    return value in ("1", "true", "on")


def _int(value: str | None, default: int = 0) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _emu(value: str | None) -> float:
    return _int(value) / EMU_PER_PT


def level_chain(ppr: etree._Element | None, list_styles: list[etree._Element], level: int) -> list[etree._Element]:
    """The paragraph property elements for ``level`` (0-based), nearest first, a:defPPr last."""
    chain: list[etree._Element] = [] if ppr is None else [ppr]
    name = f"lvl{min(max(level, 0), 8) + 1}pPr"
    for lst in list_styles:
        el = child(lst, name)
        if el is not None:
            chain.append(el)
    for lst in list_styles:
        el = child(lst, "defPPr")
        if el is not None:
            chain.append(el)
    return chain


def _attr(chain: list[etree._Element], name: str) -> str | None:
    for el in chain:
        value = el.get(name)
        if value is not None:
            return value
    return None


def _child(chain: list[etree._Element], *names: str) -> etree._Element | None:
    for el in chain:
        for c in el:
            if local(c) in names:
                return c
    return None


def _spacing(el: etree._Element | None, default: Spacing) -> Spacing:
    if el is None:
        return default
    pct = child(el, "spcPct")
    if pct is not None:
        return Spacing(SpacingKind.PERCENT, _int(pct.get("val"), 100000) / 100000.0)
    pts = child(el, "spcPts")
    if pts is not None:
        return Spacing(SpacingKind.POINTS, _int(pts.get("val")) / 100.0)
    return default


def resolve_paragraph(chain: list[etree._Element], level: int) -> ParaProps:
    props = ParaProps(level=level)
    align = _attr(chain, "algn")
    props.align_given = align is not None
    props.align = align or "l"
    props.mar_l = _emu(_attr(chain, "marL"))
    props.indent = _emu(_attr(chain, "indent"))
    props.rtl = _bool(_attr(chain, "rtl"))
    if not props.align_given and props.rtl:
        props.align = "r"
    props.line_spacing = _spacing(_child(chain, "lnSpc"), props.line_spacing)
    props.space_before = _spacing(_child(chain, "spcBef"), props.space_before)
    props.space_after = _spacing(_child(chain, "spcAft"), props.space_after)
    tab = _attr(chain, "defTabSz")
    if tab is not None and _int(tab) > 0:
        props.def_tab = _emu(tab)
    tab_list = _child(chain, "tabLst")
    if tab_list is not None:
        props.tabs = [TabStop(_emu(t.get("pos")), t.get("algn", "l")) for t in children(tab_list, "tab")]
    props.ea_line_break = _attr(chain, "eaLnBrk") not in ("0", "false")
    props.latin_line_break = _bool(_attr(chain, "latinLnBrk"))
    props.bullet = _bullet(chain)
    return props


def _bullet(chain: list[etree._Element]) -> BulletSpec:
    spec = BulletSpec()
    kind = _child(chain, "buNone", "buChar", "buAutoNum", "buBlip")
    if kind is None or local(kind) == "buNone":
        return spec
    tag = local(kind)
    if tag == "buChar":
        spec.kind = BulletKind.CHAR
        spec.char = kind.get("char", "\u2022")[:1] or "\u2022"
    elif tag == "buAutoNum":
        spec.kind = BulletKind.AUTONUM
        spec.scheme = kind.get("type", "arabicPeriod")
        spec.start_at = max(_int(kind.get("startAt"), 1), 0)
    else:
        spec.kind = BulletKind.BLIP
        blip = child(kind, "blip")
        if blip is not None:
            spec.blip_id = blip.get(f"{{{_R}}}embed")
    font = _child(chain, "buFont", "buFontTx")
    if font is not None and local(font) == "buFont":
        spec.typeface = font.get("typeface") or None
    size = _child(chain, "buSzPct", "buSzPts", "buSzTx")
    if size is not None and local(size) == "buSzPct":
        spec.size = Spacing(SpacingKind.PERCENT, _int(size.get("val"), 100000) / 100000.0)
    elif size is not None and local(size) == "buSzPts":
        spec.size = Spacing(SpacingKind.POINTS, _int(size.get("val"), 1800) / 100.0)
    color = _child(chain, "buClr", "buClrTx")
    if color is not None and local(color) == "buClr":
        spec.color_el = color
    return spec


_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def font_ref_defaults(font_ref: etree._Element | None) -> etree._Element | None:
    """A synthetic a:defRPr standing for the shape style's a:fontRef (typeface and colour)."""
    if font_ref is None:
        return None
    el = etree.Element(f"{{{A}}}defRPr")
    idx = font_ref.get("idx", "minor")
    color = next((c for c in font_ref if local(c) != "extLst"), None)
    if color is not None:
        fill = etree.SubElement(el, f"{{{A}}}solidFill")
        fill.append(copy.deepcopy(color))
    if idx in ("major", "minor"):
        short = "mj" if idx == "major" else "mn"
        for slot, suffix in (("latin", "lt"), ("ea", "ea"), ("cs", "cs")):
            etree.SubElement(el, f"{{{A}}}{slot}").set("typeface", f"+{short}-{suffix}")
    return el


def run_chain(
    rpr: etree._Element | None,
    own_levels: list[etree._Element],
    other_levels: list[etree._Element],
    font_ref_el: etree._Element | None,
) -> list[etree._Element]:
    """rPr, then the a:defRPr of the shape's own list-style level, the fontRef, the other levels."""
    chain: list[etree._Element] = [] if rpr is None else [rpr]
    chain.extend(d for d in (child(el, "defRPr") for el in own_levels) if d is not None)
    if font_ref_el is not None:
        chain.append(font_ref_el)
    chain.extend(d for d in (child(el, "defRPr") for el in other_levels) if d is not None)
    return chain


def _typeface(chain: list[etree._Element], name: str, default: str) -> str:
    for el in chain:
        c = child(el, name)
        if c is not None and c.get("typeface"):
            return str(c.get("typeface"))
    return default


def resolve_run(chain: list[etree._Element], color_of: ColorFn) -> RunProps:
    props = RunProps()
    sz = _attr(chain, "sz")
    if sz is not None and _int(sz) > 0:
        props.size = _int(sz) / 100.0
    props.bold = _bool(_attr(chain, "b"))
    props.italic = _bool(_attr(chain, "i"))
    props.underline = _attr(chain, "u") or "none"
    props.strike = _attr(chain, "strike") or "noStrike"
    props.cap = _attr(chain, "cap") or "none"
    props.spacing = _int(_attr(chain, "spc")) / 100.0
    props.baseline = _int(_attr(chain, "baseline")) / 100000.0
    props.lang = _attr(chain, "lang") or ""
    props.latin = _typeface(chain, "latin", "+mn-lt")
    props.ea = _typeface(chain, "ea", "+mn-ea")
    props.cs = _typeface(chain, "cs", "+mn-cs")
    props.sym = _typeface(chain, "sym", "")
    fill = _child(chain, *FILL_TAGS)
    if fill is not None:
        tag = local(fill)
        if tag == "noFill":
            props.visible = False
        elif tag == "solidFill":
            props.color = color_of(fill)
        elif tag == "gradFill":
            stops = child(fill, "gsLst")
            first = next(iter(children(stops, "gs")), None)
            props.color = color_of(first) if first is not None else None
        elif tag == "pattFill":
            fg = child(fill, "fgClr")
            props.color = color_of(fg) if fg is not None else None
    highlight = _child(chain, "highlight")
    if highlight is not None:
        props.highlight = color_of(highlight)
    ufill = _child(chain, "uFill", "uFillTx")
    if ufill is not None and local(ufill) == "uFill":
        solid = child(ufill, "solidFill")
        props.underline_color = color_of(solid) if solid is not None else None
    return props
