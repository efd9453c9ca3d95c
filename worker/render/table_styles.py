"""Definitions of Office's built-in table styles, for decks that name one without storing it.

Each family is one generator over its colour: the accent, or for the plain variant the text or
dark colour. The result is the ``a:tblStyle`` element PowerPoint writes into ppt/tableStyles.xml
when a deck uses the style, so tables.py reads it like any stored style. The parts, widths, tints
and shades are taken from those stored definitions (tests/test_table_styles.py compares them with
the ones in PowerPoint-saved decks); no such deck stores Themed Style 2, Medium Style 4 or a Dark
style's accent variants, whose parts follow PowerPoint's rendering of them instead.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import cache

from lxml import etree

from worker.deck.xml import A
from worker.render.table_style_catalog import BuiltinTableStyle, TableStyleFamily, find_builtin

log = logging.getLogger(__name__)

# PowerPoint's default for new tables, "Medium Style 2 - Accent 1": decks often name it by id only.
MEDIUM_STYLE_2_ACCENT_1 = "{5C22544A-7EE6-4342-B048-85BDC9FD1C3A}"

_EDGES = ("left", "right", "top", "bottom", "insideH", "insideV")
_PART_ORDER = (
    "tblBg",
    "wholeTbl",
    "band1H",
    "band2H",
    "band1V",
    "band2V",
    "lastCol",
    "firstCol",
    "lastRow",
    "seCell",
    "swCell",
    "firstRow",
    "neCell",
    "nwCell",
)
_NO_LINE = "<a:ln><a:noFill/></a:ln>"
_THIN, _MEDIUM, _THICK, _DOUBLE = 12700, 25400, 38100, 50800  # EMU: 1, 2, 3 and 4 pt

Parts = dict[str, str]  # part name -> its content


def _clr(val: str, mod: str = "", amount: int = 0) -> str:
    """A scheme colour, with at most one transform (``tint``, ``shade``, ``alpha``) in 1/1000 %."""
    inner = f'<a:{mod} val="{amount}"/>' if mod else ""
    return f'<a:schemeClr val="{val}">{inner}</a:schemeClr>'


def _fill(color: str | None) -> str:
    body = f"<a:solidFill>{color}</a:solidFill>" if color else "<a:noFill/>"
    return f"<a:fill>{body}</a:fill>"


def _line(color: str, width: int = _THIN, compound: str = "sng") -> str:
    return f'<a:ln w="{width}" cmpd="{compound}"><a:solidFill>{color}</a:solidFill></a:ln>'


def _line_ref(idx: int, color: str) -> str:
    """A line from the theme's line styles, in ``color``."""
    return f'<a:lnRef idx="{idx}">{color}</a:lnRef>'


def _text(color: str | None = None, bold: bool = False) -> str:
    b = ' b="on"' if bold else ""
    if color is None:
        return f"<a:tcTxStyle{b}/>"
    # PowerPoint pairs the colour with the theme's body font.
    font = '<a:fontRef idx="minor"><a:scrgbClr r="0" g="0" b="0"/></a:fontRef>'
    return f"<a:tcTxStyle{b}>{font}{_clr(color)}</a:tcTxStyle>"


def _cell(text: str = "", borders: dict[str, str] | None = None, fill: str = "") -> str:
    edges = "".join(f"<a:{e}>{borders[e]}</a:{e}>" for e in _EDGES if borders and e in borders)
    return f"{text}<a:tcStyle><a:tcBdr>{edges}</a:tcBdr>{fill}</a:tcStyle>"


def _all_edges(line: str, inside_v: str | None = None, inside_h: str | None = None) -> dict[str, str]:
    edges = dict.fromkeys(_EDGES, line)
    if inside_v is not None:
        edges["insideV"] = inside_v
    if inside_h is not None:
        edges["insideH"] = inside_h
    return edges


def _bold_parts(*names: str) -> Parts:
    return {name: _cell(_text(bold=True)) for name in names}


def _no_grid(_: str) -> Parts:
    return {"wholeTbl": _cell(_text("tx1"), _all_edges(_NO_LINE), _fill(None))}


def _table_grid(_: str) -> Parts:
    return {"wholeTbl": _cell(_text("tx1"), _all_edges(_line(_clr("tx1"))), _fill(None))}


def _themed_1(c: str) -> Parts:
    """Theme lines in the accent over the theme's second fill; a solid accent header."""
    thin, wide = _line_ref(1, _clr(c)), _line_ref(2, _clr(c))
    band = _fill(_clr(c, "alpha", 40000))
    column = {"top": thin, "bottom": thin, "insideH": thin, "insideV": _NO_LINE}
    return {
        "tblBg": f'<a:fillRef idx="2">{_clr(c)}</a:fillRef><a:effectRef idx="1">{_clr(c)}</a:effectRef>',
        "wholeTbl": _cell(_text("dk1"), _all_edges(thin), _fill(None)),
        "band1H": _cell(fill=band),
        "band1V": _cell(borders={"top": thin, "bottom": thin}, fill=band),
        "lastCol": _cell(_text(bold=True), {"left": wide, "right": thin, **column}),
        "firstCol": _cell(_text(bold=True), {"left": thin, "right": wide, **column}),
        "lastRow": _cell(
            _text(bold=True),
            {"left": thin, "right": thin, "top": wide, "bottom": wide, "insideH": _NO_LINE, "insideV": _NO_LINE},
            _fill(None),
        ),
        "firstRow": _cell(
            _text("lt1", bold=True),
            {
                "left": thin,
                "right": thin,
                "top": thin,
                "bottom": _line_ref(2, _clr("lt1")),
                "insideH": _NO_LINE,
                "insideV": _NO_LINE,
            },
            _fill(_clr(c)),
        ),
    }


def _themed_2(c: str) -> Parts:
    """The theme's third fill in the accent behind light text; light bands and rules."""
    outline = _line_ref(1, _clr(c, "tint", 50000))
    band = _fill(_clr("lt1", "alpha", 20000))
    return {
        "tblBg": f'<a:fillRef idx="3">{_clr(c)}</a:fillRef><a:effectRef idx="3">{_clr(c)}</a:effectRef>',
        "wholeTbl": _cell(_text("lt1"), _all_edges(outline, inside_v=_NO_LINE, inside_h=_NO_LINE), _fill(None)),
        "band1H": _cell(fill=band),
        "band1V": _cell(fill=band),
        "lastCol": _cell(_text(bold=True), {"left": _line_ref(2, _clr("lt1"))}),
        "firstCol": _cell(_text(bold=True), {"right": _line_ref(2, _clr("lt1"))}),
        "lastRow": _cell(_text(bold=True), {"top": _line_ref(2, _clr("lt1"))}, _fill(None)),
        "firstRow": _cell(_text(bold=True), {"bottom": _line_ref(3, _clr("lt1"))}, _fill(None)),
    }


def _light_1(c: str) -> Parts:
    """Rules above and below the table and under the header; translucent bands."""
    rule = _line(_clr(c))
    band = _fill(_clr(c, "alpha", 20000))
    edges = _all_edges(_NO_LINE) | {"top": rule, "bottom": rule}
    return {
        "wholeTbl": _cell(_text("tx1"), edges, _fill(None)),
        "band1H": _cell(fill=band),
        "band1V": _cell(fill=band),
        **_bold_parts("lastCol", "firstCol"),
        "lastRow": _cell(_text(bold=True), {"top": rule}, _fill(None)),
        "firstRow": _cell(_text(bold=True), {"bottom": rule}, _fill(None)),
    }


def _light_2(c: str) -> Parts:
    """An outline, lines around the bands, and a solid header with background-coloured text."""
    line = _line_ref(1, _clr(c))
    return {
        "wholeTbl": _cell(_text("tx1"), _all_edges(line, inside_v=_NO_LINE, inside_h=_NO_LINE), _fill(None)),
        "band1H": _cell(borders={"top": line, "bottom": line}),
        "band1V": _cell(borders={"left": line, "right": line}),
        "band2V": _cell(borders={"left": line, "right": line}),
        **_bold_parts("lastCol", "firstCol"),
        "lastRow": _cell(_text(bold=True), {"top": _line(_clr(c), _DOUBLE, "dbl")}),
        "firstRow": _cell(_text("bg1", bold=True), fill=f'<a:fillRef idx="1">{_clr(c)}</a:fillRef>'),
    }


def _light_3(c: str) -> Parts:
    """A full grid, translucent bands, a 2 pt rule under the header."""
    band = _fill(_clr(c, "alpha", 20000))
    return {
        "wholeTbl": _cell(_text("tx1"), _all_edges(_line(_clr(c))), _fill(None)),
        "band1H": _cell(fill=band),
        "band1V": _cell(fill=band),
        **_bold_parts("lastCol", "firstCol"),
        "lastRow": _cell(_text(bold=True), {"top": _line(_clr(c), _DOUBLE, "dbl")}, _fill(None)),
        "firstRow": _cell(_text(bold=True), {"bottom": _line(_clr(c), _MEDIUM)}, _fill(None)),
    }


def _medium_1(c: str) -> Parts:
    """Outline and row lines in the colour on a light table; tinted bands, solid header."""
    line = _line(_clr(c))
    band = _fill(_clr(c, "tint", 20000))
    return {
        "wholeTbl": _cell(_text("dk1"), _all_edges(line, inside_v=_NO_LINE), _fill(_clr("lt1"))),
        "band1H": _cell(fill=band),
        "band1V": _cell(fill=band),
        **_bold_parts("lastCol", "firstCol"),
        "lastRow": _cell(_text(bold=True), {"top": _line(_clr(c), _DOUBLE, "dbl")}, _fill(_clr("lt1"))),
        "firstRow": _cell(_text("lt1", bold=True), fill=_fill(_clr(c))),
    }


def _medium_2(c: str) -> Parts:
    """Tinted cells split by light lines; solid header, total row and edge columns."""
    solid = _fill(_clr(c))
    light = _clr("lt1")
    band = _fill(_clr(c, "tint", 40000))
    return {
        "wholeTbl": _cell(_text("dk1"), _all_edges(_line(light)), _fill(_clr(c, "tint", 20000))),
        "band1H": _cell(fill=band),
        "band1V": _cell(fill=band),
        "lastCol": _cell(_text("lt1", bold=True), fill=solid),
        "firstCol": _cell(_text("lt1", bold=True), fill=solid),
        "lastRow": _cell(_text("lt1", bold=True), {"top": _line(light, _THICK)}, solid),
        "firstRow": _cell(_text("lt1", bold=True), {"bottom": _line(light, _THICK)}, solid),
    }


def _medium_3(c: str) -> Parts:
    """Dark rules and grey bands on a light table; header and edge columns in the colour."""
    dark = _clr("dk1")
    solid = _fill(_clr(c))
    band = _fill(_clr("dk1", "tint", 20000))
    edges = _all_edges(_NO_LINE) | {"top": _line(dark, _MEDIUM), "bottom": _line(dark, _MEDIUM)}
    return {
        "wholeTbl": _cell(_text("dk1"), edges, _fill(_clr("lt1"))),
        "band1H": _cell(fill=band),
        "band1V": _cell(fill=band),
        "lastCol": _cell(_text("lt1", bold=True), fill=solid),
        "firstCol": _cell(_text("lt1", bold=True), fill=solid),
        "lastRow": _cell(_text(bold=True), {"top": _line(dark, _DOUBLE, "dbl")}, _fill(_clr("lt1"))),
        # The total row's corners keep dark text over the edge columns' fill.
        "seCell": _cell(_text("dk1", bold=True)),
        "swCell": _cell(_text("dk1", bold=True)),
        "firstRow": _cell(_text("lt1", bold=True), {"bottom": _line(dark, _MEDIUM)}, solid),
    }


def _medium_4(c: str) -> Parts:
    """A full grid in the colour over tinted cells; the header is only bold."""
    tinted = _fill(_clr(c, "tint", 20000))
    band = _fill(_clr(c, "tint", 40000))
    return {
        "wholeTbl": _cell(_text("dk1"), _all_edges(_line(_clr(c))), tinted),
        "band1H": _cell(fill=band),
        "band1V": _cell(fill=band),
        **_bold_parts("lastCol", "firstCol"),
        "lastRow": _cell(_text(bold=True), {"top": _line(_clr(c), _MEDIUM)}, tinted),
        "firstRow": _cell(_text(bold=True), fill=tinted),
    }


def _dark_1(body: str, band: str, edge: str, total: str) -> Parts:
    """Light text on filled cells, a dark header, light 2 pt rules around header and edges."""
    rule = _line(_clr("lt1"), _MEDIUM)
    corner = _NO_LINE
    return {
        "wholeTbl": _cell(_text("lt1"), _all_edges(_NO_LINE), _fill(body)),
        "band1H": _cell(fill=_fill(band)),
        "band1V": _cell(fill=_fill(band)),
        "lastCol": _cell(_text(bold=True), {"left": rule}, _fill(edge)),
        "firstCol": _cell(_text(bold=True), {"right": rule}, _fill(edge)),
        "lastRow": _cell(_text(bold=True), {"top": rule}, _fill(total)),
        # The header and total rows' corners drop the edge columns' rule.
        "seCell": _cell(borders={"left": corner}),
        "swCell": _cell(borders={"right": corner}),
        "firstRow": _cell(_text(bold=True), {"bottom": rule}, _fill(_clr("dk1"))),
        "neCell": _cell(borders={"left": corner}),
        "nwCell": _cell(borders={"right": corner}),
    }


def _dark_1_plain(_: str) -> Parts:
    # Tints of dk1: lighter greys for the body, darker for bands, edges and total row.
    darker = _clr("dk1", "tint", 60000)
    return _dark_1(_clr("dk1", "tint", 20000), _clr("dk1", "tint", 40000), darker, darker)


def _dark_1_accent(c: str) -> Parts:
    # The accent itself for the body, shades of it for bands, edges and total row: as PowerPoint
    # paints them (not a mirror of the plain variant's tints).
    return _dark_1(_clr(c), _clr(c, "shade", 60000), _clr(c, "shade", 60000), _clr(c, "shade", 40000))


def _dark_2(c: str, header: str) -> Parts:
    """Tinted cells without lines; a solid header in a second colour; a double rule over the total."""
    tinted = _fill(_clr(c, "tint", 20000))
    band = _fill(_clr(c, "tint", 40000))
    return {
        "wholeTbl": _cell(_text("dk1"), _all_edges(_NO_LINE), tinted),
        "band1H": _cell(fill=band),
        "band1V": _cell(fill=band),
        **_bold_parts("lastCol", "firstCol"),
        "lastRow": _cell(_text(bold=True), {"top": _line(_clr("dk1"), _DOUBLE, "dbl")}, tinted),
        "firstRow": _cell(_text("lt1", bold=True), fill=_fill(_clr(header))),
    }


_Generator = Callable[[str], Parts]

# Per family: the generator for the accents, the generator and colour for the plain variant.
_FAMILIES: dict[TableStyleFamily, tuple[_Generator, _Generator, str]] = {
    TableStyleFamily.THEMED_1: (_themed_1, _no_grid, "tx1"),
    TableStyleFamily.THEMED_2: (_themed_2, _table_grid, "tx1"),
    TableStyleFamily.LIGHT_1: (_light_1, _light_1, "tx1"),
    TableStyleFamily.LIGHT_2: (_light_2, _light_2, "tx1"),
    TableStyleFamily.LIGHT_3: (_light_3, _light_3, "tx1"),
    TableStyleFamily.MEDIUM_1: (_medium_1, _medium_1, "dk1"),
    TableStyleFamily.MEDIUM_2: (_medium_2, _medium_2, "dk1"),
    TableStyleFamily.MEDIUM_3: (_medium_3, _medium_3, "dk1"),
    TableStyleFamily.MEDIUM_4: (_medium_4, _medium_4, "dk1"),
    TableStyleFamily.DARK_1: (_dark_1_accent, _dark_1_plain, "dk1"),
}


def _parts(style: BuiltinTableStyle) -> Parts:
    if style.family is TableStyleFamily.DARK_2:
        if style.accent is None:
            return _dark_2("dk1", "dk1")
        return _dark_2(f"accent{style.accent}", f"accent{style.accent + 1}")
    accented, plain, plain_color = _FAMILIES[style.family]
    if style.accent is None:
        return plain(plain_color)
    return accented(f"accent{style.accent}")


@cache
def _definition(style: BuiltinTableStyle) -> bytes:
    parts = _parts(style)
    body = "".join(f"<a:{name}>{parts[name]}</a:{name}>" for name in _PART_ORDER if name in parts)
    xml = f'<a:tblStyle xmlns:a="{A}" styleId="{style.style_id}" styleName="{style.name}">{body}</a:tblStyle>'
    return xml.encode()


def builtin_table_style(style_id: str) -> etree._Element | None:
    """The ``a:tblStyle`` of the built-in style ``style_id`` names, or None for an unknown id."""
    style = find_builtin(style_id)
    if style is None:
        if style_id.strip():
            log.debug("table style %s is neither in the deck nor built in", style_id)
        return None
    # A fresh element each time: callers may keep or change it.
    return etree.fromstring(_definition(style))


__all__ = ["MEDIUM_STYLE_2_ACCENT_1", "builtin_table_style"]
