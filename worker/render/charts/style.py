"""Series colours and the fills/outlines of chart elements: explicit spPr first, else Office's automatic
colours (the chart's colours part, or the classic c:style number over the theme accents)."""

from __future__ import annotations

import copy
import logging
from dataclasses import dataclass
from typing import Any

from lxml import etree
from PySide6.QtCore import QRectF
from PySide6.QtGui import QBrush, QColor, QPainter, QPainterPath, QPen

from worker.deck.xml import child, local, parse
from worker.render.colors import COLOR_TAGS, apply_modifiers
from worker.render.fills import find_fill, paint_fill
from worker.render.lines import apply_dash, make_outline

log = logging.getLogger(__name__)

ACCENTS = ("accent1", "accent2", "accent3", "accent4", "accent5", "accent6")
_CS = "http://schemas.microsoft.com/office/drawing/2012/chartStyle"
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_C = "http://schemas.openxmlformats.org/drawingml/2006/chart"

# Office's automatic variations for series past the sixth (the default "colorful" palette).
_DEFAULT_VARIATIONS: tuple[tuple[tuple[str, int], ...], ...] = (
    (),
    (("lumMod", 60000),),
    (("lumMod", 80000), ("lumOff", 20000)),
    (("lumMod", 80000),),
    (("lumMod", 60000), ("lumOff", 40000)),
    (("lumMod", 50000),),
    (("lumMod", 70000), ("lumOff", 30000)),
    (("lumMod", 70000),),
    (("lumMod", 50000), ("lumOff", 50000)),
)


@dataclass(frozen=True)
class ClassicStyle:
    """What a classic chart style number (c:style 1-48, Office 2007's gallery: eight colour columns
    by six rows) asks of series drawn without their own formatting."""

    fill_idx: int  # theme fill style of bars, areas and slices (1 subtle, 3 intense: a gradient)
    fill_idx_3d: int
    line_factor: float  # width of line series, in multiples of the theme's first line style
    outline: str  # outline of filled series: "" none, "lt1" white, "shade" the series colour darkened


def classic_style(style: int) -> ClassicStyle:
    row = (min(max(style, 1), 48) - 1) // 8  # 0..5
    column = (min(max(style, 1), 48) - 1) % 8  # 0 grey, 1 colourful, 2..7 one accent
    intense = row in (2, 3, 5)
    fill_3d = 3 if intense and column == 1 else 1  # 3-D charts: only the colourful column
    line_factor = {0: 3.0, 3: 7.0}.get(row, 5.0)
    outline = "lt1" if row == 1 else "shade" if row == 4 else ""
    return ClassicStyle(3 if intense else 1, fill_3d, line_factor, outline)


def _modifiers(pairs: tuple[tuple[str, int], ...]) -> etree._Element:
    el = etree.Element(f"{{{_A}}}variation")
    for name, val in pairs:
        etree.SubElement(el, f"{{{_A}}}{name}", val=str(val))
    return el


class Palette:
    """Automatic colours for series (or points, when colours vary by point)."""

    def __init__(self, ctx: Any, chart_part: Any, style: int) -> None:
        self.ctx = ctx
        self.style = style
        self.colors: list[etree._Element] = []
        self.variations: list[etree._Element] = []
        self.method = "cycle"
        self.has_chart_style = False
        self._read_parts(chart_part)

    def _read_parts(self, chart_part: Any) -> None:
        try:
            rels = list(chart_part.rels.values())
        except AttributeError:
            return
        for rel in rels:
            reltype = str(getattr(rel, "reltype", ""))
            if rel.is_external:
                continue
            if reltype.endswith("/chartStyle"):
                self.has_chart_style = True
            if not reltype.endswith("/chartColorStyle"):
                continue
            try:
                root = parse(bytes(rel.target_part.blob))
            except (etree.XMLSyntaxError, ValueError, KeyError, AttributeError):
                log.info("unreadable chart colours part")
                continue
            self.method = root.get("meth", "cycle")
            self.colors = [el for el in root if local(el) in COLOR_TAGS]
            self.variations = [el for el in root if local(el) == "variation"]

    def color(self, index: int, count: int) -> QColor:
        """The automatic colour of series/point ``index`` out of ``count``."""
        index = max(index, 0)
        if self.colors:
            return self._from_part(index, count)
        kind = (self.style - 1) % 8  # 0 grey, 1 colourful, 2..7 one accent each
        if kind == 1:
            base = self._scheme(ACCENTS[index % 6])
            cycle = index // 6
            return apply_modifiers(base, _modifiers(_DEFAULT_VARIATIONS[cycle % len(_DEFAULT_VARIATIONS)]))
        base = QColor(0x80, 0x80, 0x80) if kind == 0 else self._scheme(ACCENTS[kind - 2])
        return _shade_across(base, index, count)

    def _from_part(self, index: int, count: int) -> QColor:
        if self.method.startswith("with"):  # withinLinear / withinLinearReversed: one colour, shades
            base = self.ctx.colors.resolve(self.colors[0])
            pos = count - 1 - index if self.method.endswith("Reversed") else index
            return _shade_across(base, pos, count)
        n = len(self.colors)
        base = self.ctx.colors.resolve(self.colors[index % n])
        cycle = index // n
        if self.variations:
            return apply_modifiers(base, self.variations[cycle % len(self.variations)])
        return base

    def _scheme(self, name: str) -> QColor:
        return scheme_color(self.ctx, name)


def scheme_color(ctx: Any, name: str) -> QColor:
    """The theme colour ``name`` (accent1, lt1...) through the context's colour map."""
    return ctx.colors.resolve(etree.Element(f"{{{_A}}}schemeClr", val=name))


def text_shade(ctx: Any, on_black: QColor) -> QColor:
    """An automatic chart line (gridlines, axis lines, classic wall outlines): the text colour tx1
    lightened as Office's defaults are (2013 gridlines tx1 lumMod 15% lumOff 85%, axis lines
    25/75, classic lines alike), ``on_black`` being its value for black text. Through the slide's
    colour map a light tx1 (a dark master) gives light lines, as PowerPoint draws them there."""
    level = on_black.lightnessF()
    text = scheme_color(ctx, "tx1")
    light = text.lightnessF()
    return QColor.fromHslF(max(text.hslHueF(), 0.0), text.hslSaturationF(), light * (1.0 - level) + level)


def _shade_across(base: QColor, index: int, count: int) -> QColor:
    """Monochrome palettes: dark shades to light tints of one colour across the series."""
    if count <= 1:
        return base
    t = index / (count - 1)  # 0 darkest .. 1 lightest
    factor = -0.5 + t * 1.0
    if factor < 0:
        return QColor.fromRgbF(base.redF() * (1 + factor), base.greenF() * (1 + factor), base.blueF() * (1 + factor))
    return QColor.fromRgbF(*(c + (1 - c) * factor * 0.8 for c in (base.redF(), base.greenF(), base.blueF())))


def has_fill(sp_pr: etree._Element | None) -> bool:
    return find_fill(sp_pr) is not None


def fill_shape(painter: QPainter, ctx: Any, sp_pr: etree._Element | None, shape: QPainterPath,
               auto: QColor | QBrush | None, theme_fill: etree._Element | None = None) -> None:  # fmt: skip
    """Fill ``shape`` with spPr's fill, else the automatic colour (None: no fill), through the
    chart style's theme fill when one is given (a gradient of that colour)."""
    fill = find_fill(sp_pr)
    if fill is not None:
        paint_fill(painter, ctx, fill, shape, shape.boundingRect())
    elif theme_fill is not None and isinstance(auto, QColor):
        paint_fill(painter, ctx, theme_fill, shape, shape.boundingRect(), auto)
    elif auto is not None:
        painter.fillPath(shape, QBrush(auto) if isinstance(auto, QColor) else auto)


def inverted(sp_pr: etree._Element | None, invert_sp_pr: etree._Element | None) -> etree._Element | None:
    """The spPr a negative point of an invertIfNegative series is drawn with: a solid or automatic
    fill becomes c14:invertSolidFillFmt's colour, else white (Office's inverse of a solid fill);
    the outline and other properties stay. Other fills are kept as they are."""
    fill = find_fill(sp_pr)
    if fill is not None and local(fill) != "solidFill":
        return sp_pr
    colour = find_fill(invert_sp_pr)
    out = etree.Element(f"{{{_C}}}spPr")
    if colour is not None:
        out.append(copy.deepcopy(colour))
    else:
        solid = etree.SubElement(out, f"{{{_A}}}solidFill")
        etree.SubElement(solid, f"{{{_A}}}srgbClr", val="FFFFFF")
    for el in sp_pr if sp_pr is not None else ():
        if el is not fill:
            out.append(copy.deepcopy(el))
    return out


# ST_LineWidth's largest value (1,584 pt). A wider a:ln w is outside the schema and keeps the
# automatic width, as it always did: QPen.setWidthF refuses 32,768 and more (a Qt warning).
LINE_WIDTH_MAX = 20_116_800


def outline_pen(ctx: Any, sp_pr: etree._Element | None, auto: QPen | None) -> QPen | None:
    """The pen of spPr's a:ln, else ``auto``; a:ln with a width but no fill keeps the auto colour."""
    ln = child(sp_pr, "ln")
    if ln is None:
        return auto
    if find_fill(ln) is None:
        if auto is None:
            return None
        pen = QPen(auto)
        width = ln.get("w")
        if width and width.isdigit() and int(width) <= LINE_WIDTH_MAX:
            pen.setWidthF(int(width) / 12700.0)
        apply_dash(pen, ln)  # the preset's own pattern (lgDashDot: 8-3-1-3 line widths, ...)
        return pen
    outline = make_outline(ctx, [ln], None, QRectF())
    return outline.pen if outline is not None else None


def line_color(ctx: Any, sp_pr: etree._Element | None) -> QColor | None:
    """The explicit colour of spPr's line, if any (a series' line doubles as its legend key)."""
    ln = child(sp_pr, "ln")
    fill = find_fill(ln)
    if fill is None or local(fill) != "solidFill":
        return None
    return ctx.color(fill)


def fill_color_of(ctx: Any, sp_pr: etree._Element | None) -> QColor | None:
    fill = find_fill(sp_pr)
    if fill is None:
        return None
    if local(fill) == "solidFill":
        return ctx.color(fill)
    if local(fill) == "gradFill":
        gs = next(iter(fill.iter("{*}gs")), None)
        return ctx.color(gs) if gs is not None else None
    if local(fill) == "pattFill":
        return ctx.color(child(fill, "fgClr"))
    return None


def is_no_fill(sp_pr: etree._Element | None) -> bool:
    fill = find_fill(sp_pr)
    return fill is not None and local(fill) == "noFill"


def is_no_line(sp_pr: etree._Element | None) -> bool:
    ln = child(sp_pr, "ln")
    fill = find_fill(ln)
    return fill is not None and local(fill) == "noFill"
