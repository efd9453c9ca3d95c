"""Paragraph and run property resolution through the DrawingML inheritance chain.

A property comes from the nearest element that states it: the run's a:rPr, then the paragraph's
own a:pPr/a:defRPr (PowerPoint 2016 exports python-pptx's paragraph.font that way: its face, size,
weight and colour), then each list style's a:lvlNpPr/a:defRPr (shape, layout placeholder, master
placeholder, master text style, presentation default), then built-in defaults; a:endParaRPr only
sizes empty paragraphs. The shape style's a:fontRef sits just below the shape's own a:lstStyle.
"""

from __future__ import annotations

import copy
import itertools
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from itertools import pairwise
from typing import cast

from lxml import etree
from PySide6.QtGui import QColor

from worker.deck.font_traits import FontTraits, read_font_traits
from worker.deck.xml import A, child, children, local
from worker.render.caches import remember
from worker.render.effects import Glow, OuterShadow, read_glow, read_outer_shadow
from worker.render.inner_shadow import InnerShadow, read_inner_shadow
from worker.render.patterns import pattern_coverage
from worker.render.reflection import Reflection, read_any_reflection

log = logging.getLogger(__name__)

EMU_PER_PT = 12700.0
DEFAULT_SIZE = 18.0
DEFAULT_TAB = 72.0  # 914400 EMU

ColorFn = Callable[[etree._Element], QColor | None]
FILL_TAGS = ("noFill", "solidFill", "gradFill", "blipFill", "pattFill", "grpFill")
_ONE_COLOUR_FILLS = frozenset({"solidFill", "gradFill", "pattFill"})  # see _fill_color


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
    blip_el: etree._Element | None = None  # the a:blip: its r:embed is its own sheet's relationship
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
    mar_r: float = 0.0  # marR: kept clear at the line's end (the left in right-to-left text)
    indent: float = 0.0
    rtl: bool = False
    line_spacing: Spacing = field(default_factory=lambda: Spacing(SpacingKind.PERCENT, 1.0))
    space_before: Spacing = field(default_factory=lambda: Spacing(SpacingKind.POINTS, 0.0))
    space_after: Spacing = field(default_factory=lambda: Spacing(SpacingKind.POINTS, 0.0))
    def_tab: float = DEFAULT_TAB
    tabs: list[TabStop] = field(default_factory=list)
    ea_line_break: bool = True
    latin_line_break: bool = False  # latinLnBrk: Latin words may break between letters
    hanging_punct: bool = False  # hangingPunct (ECMA-376 21.1.2.2.7: off when omitted)
    font_align: str = "auto"  # fontAlgn: where smaller text sits on the line (build._font_aligned)
    bullet: BulletSpec = field(default_factory=BulletSpec)


@dataclass(frozen=True)
class GlyphPaint:
    """A run's gradient or picture fill (a:gradFill, a:blipFill) or outline (a:ln), drawn on its
    glyphs as shapes draw theirs (glyph_fills.py), compared by its XML: runs writing the same one
    share it along a line."""

    key: bytes
    element: etree._Element = field(compare=False, hash=False)

    @staticmethod
    def of(element: etree._Element) -> GlyphPaint:
        return GlyphPaint(etree.tostring(element, with_tail=False), element)


@dataclass
class RunProps:
    size: float = DEFAULT_SIZE
    bold: bool = False
    italic: bool = False
    underline: str = "none"
    strike: str = "noStrike"
    cap: str = "none"
    spacing: float = 0.0  # extra points between characters
    kern: float = 0.0  # pair kerning from this size (points) up; 0: none
    baseline: float = 0.0  # fraction of the size; positive raises (superscript)
    color: QColor | None = None  # None with visible=True: not resolved yet
    fill: GlyphPaint | None = None  # gradFill, blipFill: fills the glyphs' outlines in place of ``color``
    visible: bool = True
    highlight: QColor | None = None
    underline_color: QColor | None = None  # a:uFill
    # a:uLn, the underline's own stroke: its width in points (None: the font's), its fill's colour
    # (under a:uFill's) and whether it has any fill at all.
    underline_width: float | None = None
    underline_line_color: QColor | None = None
    underline_hidden: bool = False
    latin: str = "+mn-lt"
    ea: str = "+mn-ea"
    cs: str = "+mn-cs"
    sym: str = ""
    # What the element naming each typeface says of it (panose, pitchFamily, charset), if anything.
    latin_traits: FontTraits | None = None
    ea_traits: FontTraits | None = None
    cs_traits: FontTraits | None = None
    sym_traits: FontTraits | None = None
    lang: str = ""
    link: str | None = None
    link_explicit_underline: bool = False
    shadow: OuterShadow | None = None  # a:rPr/a:effectLst, drawn behind the glyphs
    glow: Glow | None = None
    reflection: Reflection | None = None  # a:rPr/a:effectLst: each line's mirror image below it
    inner_shadow: InnerShadow | None = None  # drawn inside the glyphs, over their fill
    outline: tuple[QColor, float] | None = None  # a:rPr/a:ln: colour and width (pt) of the glyphs' outline
    # The a:ln itself when it draws (``outline`` set) and is wider than a hairline: gradients,
    # dashes, compound lines and joins are drawn as a shape's outline (glyph_fills.py).
    outline_line: GlyphPaint | None = None


def _bool(value: str | None) -> bool:
    return value in ("1", "true", "on")


def _int(value: str | None, default: int = 0) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _int_in(value: str | None, low: int, high: int, default: int = 0) -> int:
    """An integer inside the schema's range; outside it the value is malformed: ``default``."""
    number = _int(value, default)
    return number if low <= number <= high else default


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


class FlatChain:
    """A property chain folded once: for every attribute and child name, the nearest element's.

    List-style chains (layout, master, presentation defaults) are shared by thousands of runs, so
    they are flattened once and cached; a run's own a:rPr (or a paragraph's a:pPr) is then looked
    up first through ``Props`` without walking the chain again.
    """

    __slots__ = ("_content", "attrs", "children", "elements", "traits", "typefaces")

    def __init__(self, chain: tuple[etree._Element, ...]) -> None:
        self.elements = chain  # kept so the cache key's elements stay alive (ids stay unique)
        self._content: int | None = None
        self.attrs: dict[str, str] = {}
        self.children: dict[str, tuple[int, int, etree._Element]] = {}
        self.typefaces: dict[str, str] = {}
        self.traits: dict[str, FontTraits] = {}  # of the element giving typefaces[name]
        for depth, el in enumerate(chain):
            if depth:
                for name, value in el.attrib.items():
                    self.attrs.setdefault(str(name), str(value))
            else:
                # The nearest element's own: nothing to keep before them (lxml gives str names and values).
                self.attrs.update(cast("Mapping[str, str]", el.attrib))
            for pos, c in enumerate(el):
                tag = c.tag
                if type(tag) is not str:
                    continue  # comments, processing instructions
                name = tag.rsplit("}", 1)[-1]
                if not name:
                    continue
                self.children.setdefault(name, (depth, pos, c))
                typeface = c.get("typeface")
                if typeface and name not in self.typefaces:
                    self.typefaces[name] = typeface
                    traits = read_font_traits(c)
                    if traits is not None:
                        self.traits[name] = traits

    def content(self) -> int:
        """A number for what lookups through this chain can give: the same for chains that
        resolve every paragraph and run alike (the same attributes, children of the same content
        at the same depth and position, which decide the nearest of several names, and the same
        typefaces and traits)."""
        if self._content is None:
            attrs = tuple(sorted(self.attrs.items()))
            kids = tuple(
                sorted((name, depth, pos, etree.tostring(el, with_tail=False))
                       for name, (depth, pos, el) in self.children.items())
            )  # fmt: skip
            # Typefaces may come from a farther element than the nearest child of their name
            # (an empty typeface is passed over): they count on their own.
            faces = (tuple(sorted(self.typefaces.items())), tuple(sorted(self.traits.items())))
            key = (attrs, kids, faces)
            found = _CONTENT_IDS.get(key)
            if found is None:
                # Numbers are never given twice, so emptying the table leaves none stale.
                found = remember(_CONTENT_IDS, key, next(_CONTENT_NUMBERS), _FLAT_CACHE_LIMIT)
            self._content = found
        return self._content

    def child(self, names: tuple[str, ...]) -> etree._Element | None:
        children = self.children
        best: tuple[int, int, etree._Element] | None = None
        for name in names:
            found = children.get(name)
            if found is not None and (best is None or found[:2] < best[:2]):
                best = found
        return best[2] if best is not None else None


_CONTENT_IDS: dict[tuple[object, ...], int] = {}  # FlatChain.content's numbers
_CONTENT_NUMBERS = itertools.count()
_EMPTY = FlatChain(())
_FLAT_CACHE: dict[tuple[etree._Element, ...], FlatChain] = {}
_FLAT_CACHE_LIMIT = 4096


def flat_chain(chain: list[etree._Element] | tuple[etree._Element, ...]) -> FlatChain:
    """The folded chain, cached by element identity (the cached entry keeps the elements alive)."""
    key = tuple(chain)
    found = _FLAT_CACHE.get(key)
    if found is None:
        found = remember(_FLAT_CACHE, key, FlatChain(key), _FLAT_CACHE_LIMIT)
    return found


class Props:
    """Lookups over ``near`` (a:rPr / a:pPr, may be None) first, then a folded chain."""

    __slots__ = ("flat", "own")

    def __init__(self, near: etree._Element | None, flat: FlatChain) -> None:
        self.own = _EMPTY if near is None else FlatChain((near,))
        self.flat = flat

    def attr(self, name: str) -> str | None:
        value = self.own.attrs.get(name)
        return value if value is not None else self.flat.attrs.get(name)

    def child(self, *names: str) -> etree._Element | None:
        found = self.own.child(names) if self.own.children else None
        return found if found is not None else self.flat.child(names)

    def typeface(self, name: str, default: str) -> str:
        value = self.own.typefaces.get(name)
        return value if value is not None else self.flat.typefaces.get(name, default)

    def traits(self, name: str) -> FontTraits | None:
        """What the element that ``typeface(name)`` comes from says of that typeface."""
        source = self.own if name in self.own.typefaces else self.flat
        return source.traits.get(name)


def as_props(chain: list[etree._Element] | Props) -> Props:
    """A Props for a plain chain (nearest first): its first element is looked up directly."""
    if isinstance(chain, Props):
        return chain
    if not chain:
        return Props(None, flat_chain(()))
    return Props(chain[0], flat_chain(chain[1:]))


def _spacing(el: etree._Element | None, default: Spacing) -> Spacing:
    if el is None:
        return default
    # Ranges of ST_TextSpacingPercent and ST_TextSpacingPoint: a negative or absurd value is
    # malformed and the inherited spacing stays.
    pct = child(el, "spcPct")
    if pct is not None:
        value = _int(pct.get("val"), 100000)
        return Spacing(SpacingKind.PERCENT, value / 100000.0) if 0 <= value <= 13200000 else default
    pts = child(el, "spcPts")
    if pts is not None:
        value = _int(pts.get("val"))
        return Spacing(SpacingKind.POINTS, value / 100.0) if 0 <= value <= 158400 else default
    return default


def resolve_paragraph(chain: list[etree._Element] | Props, level: int) -> ParaProps:
    src = as_props(chain)
    props = ParaProps(level=level)
    align = src.attr("algn")
    props.align_given = align is not None
    props.align = align or "l"
    # ST_TextMargin and ST_TextIndent ranges (56 in): beyond them the default 0 applies.
    props.mar_l = _int_in(src.attr("marL"), 0, 51206400) / EMU_PER_PT
    props.mar_r = _int_in(src.attr("marR"), 0, 51206400) / EMU_PER_PT
    props.indent = _int_in(src.attr("indent"), -51206400, 51206400) / EMU_PER_PT
    props.rtl = _bool(src.attr("rtl"))
    if not props.align_given and props.rtl:
        props.align = "r"
    props.line_spacing = _spacing(src.child("lnSpc"), props.line_spacing)
    props.space_before = _spacing(src.child("spcBef"), props.space_before)
    props.space_after = _spacing(src.child("spcAft"), props.space_after)
    tab = src.attr("defTabSz")
    if tab is not None and _int(tab) > 0:
        props.def_tab = _emu(tab)
    tab_list = src.child("tabLst")
    if tab_list is not None:
        props.tabs = [TabStop(_emu(t.get("pos")), t.get("algn", "l")) for t in children(tab_list, "tab")]
    props.ea_line_break = src.attr("eaLnBrk") not in ("0", "false")
    props.latin_line_break = src.attr("latinLnBrk") in ("1", "true")
    hanging = src.attr("hangingPunct")
    if hanging is not None:
        props.hanging_punct = hanging in ("1", "true")
    font_align = src.attr("fontAlgn")
    if font_align in ("auto", "t", "ctr", "base", "b"):
        props.font_align = font_align
    props.bullet = _bullet(src)
    return props


def _bullet(src: Props) -> BulletSpec:
    spec = BulletSpec()
    kind = src.child("buNone", "buChar", "buAutoNum", "buBlip")
    if kind is None or local(kind) == "buNone":
        return spec
    tag = local(kind)
    if tag == "buChar":
        spec.kind = BulletKind.CHAR
        # char="" (LibreOffice's export of a bullet it shows as nothing) draws nothing: the
        # paragraph keeps its bullet's indents, without a glyph the file never named.
        spec.char = kind.get("char", "\u2022")[:1]
    elif tag == "buAutoNum":
        spec.kind = BulletKind.AUTONUM
        spec.scheme = kind.get("type", "arabicPeriod")
        # ST_TextBulletStartAtNum stops at 32767: past it a roman or letter number grows without
        # bound (2**31-1 is two million Ms), so the start is clamped there.
        spec.start_at = min(max(_int(kind.get("startAt"), 1), 0), _MAX_START_AT)
    else:
        spec.kind = BulletKind.BLIP
        blip = child(kind, "blip")
        if blip is not None:
            spec.blip_id = blip.get(f"{{{_R}}}embed")
            spec.blip_el = blip
    font = src.child("buFont", "buFontTx")
    if font is not None and local(font) == "buFont":
        spec.typeface = font.get("typeface") or None
    size = src.child("buSzPct", "buSzPts", "buSzTx")
    if size is not None and local(size) == "buSzPct":
        spec.size = Spacing(SpacingKind.PERCENT, _int(size.get("val"), 100000) / 100000.0)
    elif size is not None and local(size) == "buSzPts":
        spec.size = Spacing(SpacingKind.POINTS, _int(size.get("val"), 1800) / 100.0)
    color = src.child("buClr", "buClrTx")
    if color is not None and local(color) == "buClr":
        spec.color_el = color
    return spec


_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_MAX_START_AT = 32767  # the top of ST_TextBulletStartAtNum


_FONT_REF_CACHE: dict[bytes, etree._Element] = {}


def font_ref_defaults(font_ref: etree._Element | None) -> etree._Element | None:
    """A synthetic a:defRPr standing for the shape style's a:fontRef (typeface and colour).

    One per fontRef content (every shape drawn in one style writes the same fontRef), so folded
    chains that hold it, and the runs resolved under those, are shared between text bodies.
    """
    if font_ref is None:
        return None
    key = etree.tostring(font_ref, with_tail=False)
    found = _FONT_REF_CACHE.get(key)
    if found is None:
        found = remember(_FONT_REF_CACHE, key, _font_ref_element(font_ref), _FLAT_CACHE_LIMIT)
    return found


def _font_ref_element(font_ref: etree._Element) -> etree._Element:
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


def gradient_average(fill: etree._Element, color_of: ColorFn) -> QColor | None:
    """One colour for text with a gradient fill: the gradient's mean along its axis.

    The glyphs themselves are filled with the gradient (paint.py); the mean stands for it where one
    colour is drawn: bullets that follow the text, underlines, warped text, outlines."""
    stops: list[tuple[float, QColor]] = []
    for gs in children(child(fill, "gsLst"), "gs"):
        color = color_of(gs)
        if color is not None:
            stops.append((min(max(_int(gs.get("pos")) / 100000.0, 0.0), 1.0), color))
    if not stops:
        return None
    stops.sort(key=lambda stop: stop[0])
    if len(stops) == 1 or stops[-1][0] <= stops[0][0]:
        return stops[0][1]
    # Piecewise-linear mean over 0..1, the end colours held flat beyond the first and last stops.
    points = [(0.0, stops[0][1]), *stops, (1.0, stops[-1][1])]
    sums = [0.0, 0.0, 0.0, 0.0]
    for (p0, c0), (p1, c1) in pairwise(points):
        span = p1 - p0
        for i, (a, b) in enumerate(zip(_rgba(c0), _rgba(c1), strict=True)):
            sums[i] += span * (a + b) / 2.0
    return QColor.fromRgbF(*(min(max(v, 0.0), 1.0) for v in sums))


def _varies(fill: etree._Element, color_of: ColorFn) -> bool:
    """Whether a gradient's stops differ: one that does not is one colour, drawn as plain text."""
    colors = {c.rgba() for c in (color_of(gs) for gs in children(child(fill, "gsLst"), "gs")) if c is not None}
    return len(colors) > 1


def pattern_average(fill: etree._Element, color_of: ColorFn) -> QColor | None:
    """One colour for text with a pattern fill: its two colours mixed in the pattern's proportion.

    PowerPoint fills the glyphs with the pattern; at text sizes the eye sees the mix, which for
    sparse patterns (pct5, ltHorz) is close to the background colour, not the foreground."""
    fg_el, bg_el = child(fill, "fgClr"), child(fill, "bgClr")
    # Missing colours are the pattern brush's defaults: black on white.
    fg = (color_of(fg_el) if fg_el is not None else None) or QColor(0, 0, 0)
    bg = (color_of(bg_el) if bg_el is not None else None) or QColor(255, 255, 255)
    share = pattern_coverage(fill.get("prst", "pct50"))
    mixed = [a * share + b * (1.0 - share) for a, b in zip(_rgba(fg), _rgba(bg), strict=True)]
    return QColor.fromRgbF(*(min(max(v, 0.0), 1.0) for v in mixed))


def _rgba(color: QColor) -> tuple[float, float, float, float]:
    return color.redF(), color.greenF(), color.blueF(), color.alphaF()


def _outline(ln: etree._Element | None, color_of: ColorFn) -> tuple[QColor, float] | None:
    """The glyphs' outline a:ln draws: only with a fill (a bare a:ln draws nothing on text)."""
    if ln is None:
        return None
    fill = next((el for el in ln if isinstance(el.tag, str) and local(el) in FILL_TAGS), None)
    if fill is None or local(fill) == "noFill":
        return None
    if local(fill) == "gradFill":
        color = gradient_average(fill, color_of)
    else:
        source = fill if local(fill) == "solidFill" else child(fill, "fgClr")
        color = color_of(source) if source is not None else None
    if color is None or color.alpha() == 0:
        return None
    # Width 0 is the thinnest line the device draws; PowerPoint shows it as a hairline.
    return color, max(_emu(ln.get("w")), 0.25)


def resolve_run(chain: list[etree._Element] | Props, color_of: ColorFn) -> RunProps:
    src = as_props(chain)
    props = RunProps()
    # Values outside the schema's ranges (ST_TextFontSize, ST_TextPoint) are malformed: the
    # default applies, instead of text too large or too spread out to see.
    size = _int(src.attr("sz"))
    if 100 <= size <= 400000:
        props.size = size / 100.0
    props.bold = _bool(src.attr("b"))
    props.italic = _bool(src.attr("i"))
    props.underline = src.attr("u") or "none"
    props.strike = src.attr("strike") or "noStrike"
    props.cap = src.attr("cap") or "none"
    spacing = _int(src.attr("spc"))
    props.spacing = spacing / 100.0 if -400000 <= spacing <= 400000 else 0.0
    kern = _int(src.attr("kern"))
    props.kern = kern / 100.0 if 0 <= kern <= 400000 else 0.0
    props.baseline = _int(src.attr("baseline")) / 100000.0
    props.lang = src.attr("lang") or ""
    props.latin = src.typeface("latin", "+mn-lt")
    props.ea = src.typeface("ea", "+mn-ea")
    props.cs = src.typeface("cs", "+mn-cs")
    props.sym = src.typeface("sym", "")
    props.latin_traits = src.traits("latin")
    props.ea_traits = src.traits("ea")
    props.cs_traits = src.traits("cs")
    props.sym_traits = src.traits("sym")
    fill = src.child(*FILL_TAGS)
    if fill is not None:
        tag = local(fill)
        if tag == "noFill":
            props.visible = False
        elif tag == "blipFill":
            props.fill = GlyphPaint.of(fill)  # the colour stays the default, for what draws one
        elif tag in _ONE_COLOUR_FILLS:
            props.color = _fill_color(fill, color_of)
            if tag == "gradFill" and props.color is not None and _varies(fill, color_of):
                props.fill = GlyphPaint.of(fill)
    ln = src.child("ln")
    props.outline = _outline(ln, color_of)
    if ln is not None and props.outline is not None and _emu(ln.get("w")) > 0:
        props.outline_line = GlyphPaint.of(ln)
    highlight = src.child("highlight")
    if highlight is not None:
        props.highlight = color_of(highlight)
    effects = src.child("effectLst", "effectDag")
    if effects is not None and local(effects) == "effectLst":
        props.shadow = read_outer_shadow(effects, color_of)
        props.glow = read_glow(effects, color_of)
        props.reflection = read_any_reflection(effects)
        props.inner_shadow = read_inner_shadow(effects, color_of)
    ufill = src.child("uFill", "uFillTx")
    if ufill is not None and local(ufill) == "uFill":
        solid = child(ufill, "solidFill")
        props.underline_color = color_of(solid) if solid is not None else None
    _underline_stroke(props, src.child("uLn", "uLnTx"), color_of)
    return props


def _underline_stroke(props: RunProps, uln: etree._Element | None, color_of: ColorFn) -> None:
    """a:uLn's width and fill on ``props`` (a:uLnTx, nearer in the chain, keeps the text's)."""
    if uln is None or local(uln) != "uLn":
        return
    width = _emu(uln.get("w"))
    props.underline_width = width if width > 0 else None
    fill = next((el for el in uln if isinstance(el.tag, str) and local(el) in FILL_TAGS), None)
    if fill is None:
        return  # no fill of its own: the underline keeps the text's (or a:uFill's) colour
    tag = local(fill)
    if tag == "noFill":
        props.underline_hidden = True
    elif tag in _ONE_COLOUR_FILLS:
        props.underline_line_color = _fill_color(fill, color_of)


def _fill_color(fill: etree._Element, color_of: ColorFn) -> QColor | None:
    """The one colour a solid, gradient or pattern fill shows (the average of a gradient's stops or
    a pattern's two colours); None for another fill."""
    tag = local(fill)
    if tag == "solidFill":
        return color_of(fill)
    if tag == "gradFill":
        return gradient_average(fill, color_of)
    if tag == "pattFill":
        return pattern_average(fill, color_of)
    return None
