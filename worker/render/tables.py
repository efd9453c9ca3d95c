"""DrawingML tables: grid, merged cells, fills, borders, margins and table styles."""

from __future__ import annotations

import copy
import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from lxml import etree
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor, QPainter, QPainterPath

from worker.deck.relations import related_by
from worker.deck.table_rows import has_cut_rows, row_heights, table_rows
from worker.deck.xml import A, attr_bool, attr_int, child, children, int_value, parse
from worker.render.context import RenderContext
from worker.render.fills import find_fill, paint_fill
from worker.render.lines import Outline, make_outline, stroke_path
from worker.render.table_styles import builtin_table_style

log = logging.getLogger(__name__)

EMU = 12700.0
_RT_TABLE_STYLES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/tableStyles"
_EDGES = ("left", "right", "top", "bottom")
_CELL_LINES = {"left": "lnL", "right": "lnR", "top": "lnT", "bottom": "lnB"}


@dataclass(slots=True)
class _Cell:
    el: etree._Element
    row: int
    col: int
    rows: int = 1
    cols: int = 1


@dataclass
class _Region:
    part: etree._Element
    r0: int
    r1: int
    c0: int
    c1: int
    band: str = ""  # "row" or "col": a banding stripe one row or column wide


@dataclass
class _Regions:
    """The style's regions indexed by the rows and columns their stripes cover: a banded table
    has a stripe per row or column, and looking through all of them for every cell made a
    table's styling take rows x cells."""

    ordered: list[_Region]
    general: list[int] = field(default_factory=list)  # indices into ordered
    by_row: dict[int, list[int]] = field(default_factory=dict)
    by_col: dict[int, list[int]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for i, region in enumerate(self.ordered):
            if region.band == "row":
                self.by_row.setdefault(region.r0, []).append(i)
            elif region.band == "col":
                self.by_col.setdefault(region.c0, []).append(i)
            else:
                self.general.append(i)

    def covering(self, cell: _Cell) -> list[_Region]:
        """The regions that may touch ``cell``, in the order they apply."""
        found = list(self.general)
        for r in range(cell.row, cell.row + cell.rows):
            found.extend(self.by_row.get(r, ()))
        for c in range(cell.col, cell.col + cell.cols):
            found.extend(self.by_col.get(c, ()))
        return [self.ordered[i] for i in sorted(found)]


class _StyleFill(NamedTuple):
    fill: etree._Element
    color: QColor | None  # the fillRef's colour (phClr), None for a fill of its own
    part: Any  # the part its pictures are related from; None: the slide's


@dataclass
class _CellStyle:
    fill: _StyleFill | None = None
    borders: dict[str, tuple[etree._Element, QColor | None]] = field(default_factory=dict)
    text: list[etree._Element] = field(default_factory=list)  # tcTxStyle elements, later wins


def _table_styles(ctx: RenderContext) -> etree._Element | None:
    """ppt/tableStyles.xml, related from the presentation part."""
    part = ctx.part
    try:
        package = part.package
        pres_part = package.presentation_part
        styles_part = related_by(pres_part, _RT_TABLE_STYLES)
        return parse(bytes(styles_part.blob)) if styles_part is not None else None
    except (KeyError, AttributeError, etree.XMLSyntaxError):
        return None


def _style(ctx: RenderContext, tbl_pr: etree._Element | None) -> etree._Element | None:
    if tbl_pr is None:
        return None
    inline = child(tbl_pr, "tableStyle")
    if inline is not None:
        return inline
    style_id = child(tbl_pr, "tableStyleId")
    wanted = (style_id.text or "").strip() if style_id is not None else ""
    # No id, no style: tableStyles.xml's ``def`` is what PowerPoint gives a table it inserts (and
    # then writes by id); tables it stores without one (pasted from Word) and PptxGenJS's show bare.
    if not wanted:
        return None
    styles = _table_styles(ctx)
    if styles is not None:
        for style in children(styles, "tblStyle"):
            if style.get("styleId") == wanted:
                return style
    return builtin_table_style(wanted)


def _regions(style: etree._Element | None, tbl_pr: etree._Element | None, rows: int, cols: int) -> list[_Region]:
    """Style parts in the order they apply (later ones win), each with the cells it covers."""
    if style is None:
        return []
    out: list[_Region] = []

    parts: dict[str, etree._Element | None] = {}

    def add(name: str, r0: int, r1: int, c0: int, c1: int, band: str = "") -> None:
        if name not in parts:
            parts[name] = child(style, name)
        part = parts[name]
        if part is not None and r0 <= r1 and c0 <= c1:
            out.append(_Region(part, r0, r1, c0, c1, band))

    first_row, last_row = attr_bool(tbl_pr, "firstRow", False), attr_bool(tbl_pr, "lastRow", False)
    first_col, last_col = attr_bool(tbl_pr, "firstCol", False), attr_bool(tbl_pr, "lastCol", False)
    body_r0, body_r1 = (1 if first_row else 0), (rows - 2 if last_row else rows - 1)
    body_c0, body_c1 = (1 if first_col else 0), (cols - 2 if last_col else cols - 1)
    add("wholeTbl", 0, rows - 1, 0, cols - 1)
    if attr_bool(tbl_pr, "bandRow", False):
        for i, r in enumerate(range(body_r0, body_r1 + 1)):
            add("band1H" if i % 2 == 0 else "band2H", r, r, 0, cols - 1, "row")
    if attr_bool(tbl_pr, "bandCol", False):
        for i, c in enumerate(range(body_c0, body_c1 + 1)):
            add("band1V" if i % 2 == 0 else "band2V", 0, rows - 1, c, c, "col")
    if last_col:
        add("lastCol", 0, rows - 1, cols - 1, cols - 1)
    if first_col:
        add("firstCol", 0, rows - 1, 0, 0)
    if last_row:
        add("lastRow", rows - 1, rows - 1, 0, cols - 1)
    if first_row:
        add("firstRow", 0, 0, 0, cols - 1)
    if first_row and last_col:
        add("neCell", 0, 0, cols - 1, cols - 1)
    if first_row and first_col:
        add("nwCell", 0, 0, 0, 0)
    if last_row and last_col:
        add("seCell", rows - 1, rows - 1, cols - 1, cols - 1)
    if last_row and first_col:
        add("swCell", rows - 1, rows - 1, 0, 0)
    return out


def _style_fill(ctx: RenderContext, tc_style: etree._Element) -> _StyleFill | None:
    holder = child(tc_style, "fill")
    fill = find_fill(holder) if holder is not None else None
    if fill is not None:
        return _StyleFill(fill, None, None)
    ref = child(tc_style, "fillRef")
    if ref is not None:
        theme_fill = ctx.theme.fill_style(attr_int(ref, "idx", 0))
        if theme_fill is not None:
            # A textured theme's fill (Themed Style 2's background is the third) is a picture
            # related from the theme part.
            return _StyleFill(theme_fill, ctx.color(ref), ctx.theme_part)
    return None


def _paint_style_fill(
    painter: QPainter, ctx: RenderContext, fill: _StyleFill, shape: QPainterPath, box: QRectF
) -> None:
    fill_ctx = ctx if fill.part is None else ctx.with_part(fill.part)
    paint_fill(painter, fill_ctx, fill.fill, shape, box, fill.color)


def _style_border(ctx: RenderContext, border: etree._Element | None) -> tuple[etree._Element, QColor | None] | None:
    if border is None:
        return None
    ln = child(border, "ln")
    if ln is not None:
        return ln, None
    ref = child(border, "lnRef")
    if ref is not None:
        theme_ln = ctx.theme.line_style(attr_int(ref, "idx", 0))
        if theme_ln is not None:
            return theme_ln, ctx.color(ref)
    return None


def _cell_style(
    ctx: RenderContext, regions: _Regions, cell: _Cell, shared: dict[tuple[object, ...], _CellStyle]
) -> _CellStyle:
    """The table style's fill, borders and text for ``cell``; cells whose regions and edges are
    the same (most of a large table's) share one, from ``shared``."""
    top, left = cell.row, cell.col
    bottom, right = cell.row + cell.rows - 1, cell.col + cell.cols - 1
    # An edge on the region's boundary takes the outer border, inside it the inside one.
    covering = [
        (
            region,
            (
                "left" if left == region.c0 else "insideV",
                "right" if right == region.c1 else "insideV",
                "top" if top == region.r0 else "insideH",
                "bottom" if bottom == region.r1 else "insideH",
            ),
        )
        for region in regions.covering(cell)
        if not (bottom < region.r0 or top > region.r1 or right < region.c0 or left > region.c1)
    ]
    key = tuple((id(region.part), names) for region, names in covering)
    found = shared.get(key)
    if found is not None:
        return found
    result = shared[key] = _CellStyle()
    for region, names in covering:
        tx = child(region.part, "tcTxStyle")
        if tx is not None:
            result.text.append(tx)
        tc_style = child(region.part, "tcStyle")
        if tc_style is None:
            continue
        fill = _style_fill(ctx, tc_style)
        if fill is not None:
            result.fill = fill
        borders = child(tc_style, "tcBdr")
        if borders is None:
            continue
        for edge, name in zip(_EDGES, names, strict=True):
            found_border = _style_border(ctx, child(borders, name))
            if found_border is not None:
                result.borders[edge] = found_border
    return result


def _cells(tbl: etree._Element) -> Iterator[_Cell]:
    """The table's cells that are drawn (not merged into another), in document order.

    A span reaching past the table's last row or grid column ends there, as PowerPoint draws it:
    a damaged rowSpan of 2**31 was otherwise walked row by row (the style regions), a hang."""
    n_rows = len(row_heights(tbl))
    n_cols = sum(1 for _ in children(child(tbl, "tblGrid"), "gridCol"))
    for r, tr in enumerate(table_rows(tbl)):
        for c, tc in enumerate(children(tr, "tc")):
            if attr_bool(tc, "hMerge", False) or attr_bool(tc, "vMerge", False):
                continue
            rows = min(max(attr_int(tc, "rowSpan", 1), 1), max(n_rows - r, 1))
            cols = min(max(attr_int(tc, "gridSpan", 1), 1), max(n_cols - c, 1))
            yield _Cell(tc, r, c, rows, cols)


def _grid(tbl: etree._Element) -> tuple[list[float], list[float]]:
    widths = [max(attr_int(col, "w", 0) / EMU, 0.0) for col in children(child(tbl, "tblGrid"), "gridCol")]
    heights = [max(int_value(h, 0) / EMU, 0.0) for h in row_heights(tbl)]
    return widths, heights


def _text_styles(ctx: RenderContext, style: _CellStyle) -> etree._Element | None:
    """The table style's text properties (bold, italic, colour, font) as a list style for the cell."""
    if not style.text:
        return None
    def_rpr = etree.Element(f"{{{A}}}defRPr")
    for tx in style.text:
        for flag in ("b", "i"):
            if tx.get(flag) in ("on", "off"):
                def_rpr.set(flag, "1" if tx.get(flag) == "on" else "0")
        color = ctx.color(tx)
        font_ref = child(tx, "fontRef")
        if color is None and font_ref is not None:
            color = ctx.color(font_ref)
        if color is not None:
            for old in children(def_rpr, "solidFill"):
                def_rpr.remove(old)
            fill = etree.SubElement(def_rpr, f"{{{A}}}solidFill")
            clr = etree.SubElement(fill, f"{{{A}}}srgbClr")
            clr.set("val", color.name()[1:].upper())
            if color.alphaF() < 1.0:
                etree.SubElement(clr, f"{{{A}}}alpha").set("val", str(int(color.alphaF() * 100000)))
        if font_ref is not None:
            font = ctx.theme.major_font if font_ref.get("idx") == "major" else ctx.theme.minor_font
            for old in children(def_rpr, "latin"):
                def_rpr.remove(old)
            etree.SubElement(def_rpr, f"{{{A}}}latin").set("typeface", font.latin)
    lst = etree.Element(f"{{{A}}}lstStyle")
    for level in range(1, 10):
        ppr = etree.SubElement(lst, f"{{{A}}}lvl{level}pPr")
        ppr.append(etree.fromstring(etree.tostring(def_rpr)))
    return lst


def paint_table(
    painter: QPainter,
    ctx: RenderContext,
    tbl: etree._Element,
    width: float,
    height: float,
    default_text_style: etree._Element | None,
    grid_scale: tuple[float, float] = (1.0, 1.0),
) -> bool:
    """Paint ``tbl`` with its top-left at the painter's origin, in points. False (nothing drawn)
    when it has rows but no columns to place their cells in (its a:tblGrid is missing or empty).

    ``grid_scale``: how much enclosing groups stretch the column widths and row heights."""
    del width, height  # the grid decides the size, as in PowerPoint
    widths, heights = _grid(tbl)
    if not heights:
        return True  # no rows: nothing to draw
    if not widths:
        return False
    from worker.render.text import builders_kept

    # Every cell's text is measured before any is painted: each keeps its laid-out text until
    # then, or it is laid out twice. A cut table's rows are parsed anew for each pass, so its
    # cells are new elements when painted: nothing to keep.
    cells = 0 if has_cut_rows(tbl) else sum(len(tr) for tr in children(tbl, "tr"))
    with builders_kept(cells):
        _paint_grid(painter, ctx, tbl, (widths, heights), default_text_style, grid_scale)
    return True


def _paint_grid(
    painter: QPainter,
    ctx: RenderContext,
    tbl: etree._Element,
    grid: tuple[list[float], list[float]],
    default_text_style: etree._Element | None,
    grid_scale: tuple[float, float],
) -> None:
    from worker.render.text import TextStyleSources, measure_text_height, paint_text_body

    widths = [w * grid_scale[0] for w in grid[0]]
    heights = [h * grid_scale[1] for h in grid[1]]
    tbl_pr = child(tbl, "tblPr")
    table_style = _style(ctx, tbl_pr)
    regions = _Regions(_regions(table_style, tbl_pr, len(heights), len(widths)))
    shared_styles: dict[tuple[object, ...], _CellStyle] = {}
    # A table whose rows are held as serialized blocks (worker/deck/table_rows.py: over 2,048
    # cells) is read again, a block at a time, for each pass below; any other is read once.
    cut = has_cut_rows(tbl)
    if cut:

        def each_cell() -> Iterator[_Cell]:
            return _cells(tbl)

    else:
        listed = list(_cells(tbl))

        def each_cell() -> Iterator[_Cell]:
            return iter(listed)

    xs = [0.0]
    for w in widths:
        xs.append(xs[-1] + w)

    # Nothing is kept per cell but its style (shared): a cell's text is drawn from its own txBody,
    # with the cell's margins and anchoring in a bodyPr of their own before the body's (shared by
    # cells with the same), and its style sources are made when measured and again when painted.
    # Copies of every cell's body, held from measuring to painting, took 5 KB a cell.
    list_styles: dict[tuple[int, ...], etree._Element | None] = {}
    cell_props: dict[tuple[str | None, ...], etree._Element] = {}

    def text_of(cell: _Cell, style: _CellStyle) -> tuple[etree._Element, TextStyleSources] | None:
        tx_body = child(cell.el, "txBody")
        if tx_body is None:
            return None
        key = tuple(id(tx) for tx in style.text)
        if key not in list_styles:
            list_styles[key] = _text_styles(ctx, style)
        lists = [el for el in (child(tx_body, "lstStyle"), list_styles[key], default_text_style) if el is not None]
        body_props = [_cell_body_props(child(cell.el, "tcPr"), cell_props)]
        own = child(tx_body, "bodyPr")
        if own is not None:
            body_props.append(own)
        return tx_body, TextStyleSources(list_styles=lists, body_props=body_props, font_ref=None)

    def measure(cell: _Cell, style: _CellStyle) -> None:
        text = text_of(cell, style)
        if text is None:
            return
        body, sources = text
        c0, c1 = min(cell.col, len(widths)), min(cell.col + cell.cols, len(widths))
        needed = measure_text_height(ctx, body, max(xs[c1] - xs[c0], 1.0), sources)
        span = range(cell.row, min(cell.row + cell.rows, len(heights)))
        have = sum(heights[r] for r in span)
        if needed > have and len(span) > 0:
            heights[span[-1]] += needed - have

    # Rows grow to fit their text, as PowerPoint lays tables out (a:tr/@h is a minimum: native
    # exports in github.com/developer0hye/office2pdf/issues/1253). A cell spanning rows is
    # measured after the rows' own cells have grown them, so it only adds what they leave short
    # (to the last row it covers); measured first, its top-up came on top of their growth. Cells
    # spanning rows are measured last, fewer rows first, each in document order (a stable sort),
    # a cut table's kept as copies of their own (a cell holds its whole block alive).
    styles: list[_CellStyle] = []
    spanning: list[tuple[_Cell, _CellStyle]] = []
    past_grid = 0
    for cell in each_cell():
        style = _cell_style(ctx, regions, cell, shared_styles)
        styles.append(style)
        past_grid += cell.col >= len(widths)
        if cell.rows == 1:
            measure(cell, style)
        elif cut:
            spanning.append((_Cell(copy.deepcopy(cell.el), cell.row, cell.col, cell.rows, cell.cols), style))
        else:
            spanning.append((cell, style))
    for cell, style in sorted(spanning, key=lambda found: found[0].rows):
        measure(cell, style)
    del spanning
    if past_grid:
        # A row with more cells than the a:tblGrid has columns (a damaged deck): there is no
        # column to put them in, so they are not drawn; the job says so rather than lose their text.
        ctx.warn(
            f"Slide {ctx.slide_number}: {past_grid} table cell(s) lie past the table's column grid"
            f" ({len(widths)} column(s)) and were left out"
        )

    ys = [0.0]
    for h in heights:
        ys.append(ys[-1] + h)

    # A right-to-left table (tblPr/@rtl) puts its first grid column at the right, as PowerPoint's
    # Table.TableDirection does; its style's and cells' left and right edges mirror with it.
    rtl = attr_bool(tbl_pr, "rtl", False)

    def rect(cell: _Cell) -> QRectF:
        c1 = min(cell.col + cell.cols, len(widths))
        r1 = min(cell.row + cell.rows, len(heights))
        left = xs[-1] - xs[c1] if rtl else xs[cell.col]
        return QRectF(left, ys[cell.row], xs[c1] - xs[cell.col], ys[r1] - ys[cell.row])

    # The table's own fill, else its style's background (the Themed styles fill the table with a
    # theme fill in the accent), under the cells.
    background: _StyleFill | None = None
    tbl_fill = find_fill(tbl_pr)
    if tbl_fill is not None:
        background = _StyleFill(tbl_fill, None, None)
    elif table_style is not None and (tbl_bg := child(table_style, "tblBg")) is not None:
        background = _style_fill(ctx, tbl_bg)
    if background is not None:
        whole = QPainterPath()
        whole.addRect(QRectF(0, 0, xs[-1], ys[-1]))
        _paint_style_fill(painter, ctx, background, whole, QRectF(0, 0, xs[-1], ys[-1]))
    for cell, style in zip(each_cell(), styles, strict=True):
        if cell.col >= len(widths) or cell.row >= len(heights):
            continue
        box = rect(cell)
        shape = QPainterPath()
        shape.addRect(box)
        tc_pr = child(cell.el, "tcPr")
        own = find_fill(tc_pr)
        if own is not None:
            paint_fill(painter, ctx, own, shape, box)
        elif style.fill is not None:
            _paint_style_fill(painter, ctx, style.fill, shape, box)
    outlines: _Outlines = {}
    for cell, style in zip(each_cell(), styles, strict=True):
        if cell.col < len(widths) and cell.row < len(heights):
            _paint_borders(painter, ctx, cell, rect(cell), style, outlines, rtl)
    for cell, style in zip(each_cell(), styles, strict=True):
        if cell.col >= len(widths) or cell.row >= len(heights):
            continue
        text = text_of(cell, style)
        if text is not None:
            paint_text_body(painter, ctx, text[0], rect(cell), text[1])


_MARGINS = (("marL", "lIns", "91440"), ("marR", "rIns", "91440"), ("marT", "tIns", "45720"), ("marB", "bIns", "45720"))


def _cell_body_props(
    tc_pr: etree._Element | None, shared: dict[tuple[str | None, ...], etree._Element]
) -> etree._Element:
    """A bodyPr with the cell's margins as insets, its anchoring and vertical text, which win
    over the body's own bodyPr; one per distinct set, from ``shared``."""
    get = tc_pr.get if tc_pr is not None else (lambda name: None)
    key = (*(get(attr) for attr, _, _ in _MARGINS), get("anchor"), get("vert"))
    found = shared.get(key)
    if found is not None:
        return found
    body_pr = shared[key] = etree.Element(f"{{{A}}}bodyPr")
    for attr, ins, default in _MARGINS:
        body_pr.set(ins, get(attr) or default)
    body_pr.set("anchor", get("anchor") or "t")
    vert = get("vert")
    if vert:
        body_pr.set("vert", vert)
    body_pr.set("wrap", "square")
    return body_pr


# Edge outlines made so far in one table, by the cell's own line (its markup) and the style's
# border: a table's cells repeat a few of them, and making one per edge was most of the time
# its borders took (make_outline reads the line's fill, width, dashes, caps and ends).
# A style's border is keyed by its element's identity (held by the table's style while it paints)
# and its placeholder colour's value.
_Outlines = dict[tuple[bytes | None, int, tuple[object, ...] | None], Outline | None]


def _edge_outline(
    ctx: RenderContext, own: etree._Element | None, styled: tuple[etree._Element, QColor | None] | None, made: _Outlines
) -> Outline | None:
    color = styled[1] if styled is not None else None
    key = (
        etree.tostring(own) if own is not None else None,
        id(styled[0]) if styled is not None else 0,
        (color.spec().value, color.redF(), color.greenF(), color.blueF(), color.alphaF())
        if color is not None
        else None,
    )
    if key in made:
        return made[key]
    layers = ([own] if own is not None else []) + ([styled[0]] if styled is not None else [])
    outline = made[key] = make_outline(ctx, layers, styled[1] if styled is not None else None)
    return outline


def _paint_borders(
    painter: QPainter,
    ctx: RenderContext,
    cell: _Cell,
    box: QRectF,
    style: _CellStyle,
    outlines: _Outlines,
    rtl: bool = False,
) -> None:
    tc_pr = child(cell.el, "tcPr")
    left, right = (box.topLeft(), box.bottomLeft()), (box.topRight(), box.bottomRight())
    ends = {
        "left": right if rtl else left,
        "right": left if rtl else right,
        "top": (box.topLeft(), box.topRight()),
        "bottom": (box.bottomLeft(), box.bottomRight()),
    }
    for edge in _EDGES:
        own = child(tc_pr, _CELL_LINES[edge])
        styled = style.borders.get(edge)
        if own is None and styled is None:
            continue
        outline = _edge_outline(ctx, own, styled, outlines)
        if outline is None:
            continue
        line = QPainterPath()
        a, b = ends[edge]
        line.moveTo(a)
        line.lineTo(b)
        stroke_path(painter, outline, line)
    for name, (a, b) in (
        ("lnTlToBr", (box.topLeft(), box.bottomRight())),
        ("lnBlToTr", (box.bottomLeft(), box.topRight())),
    ):
        diagonal = child(tc_pr, name)
        if diagonal is not None:
            outline = make_outline(ctx, [diagonal], None)
            if outline is not None:
                line = QPainterPath(QPointF(a))
                line.lineTo(b)
                stroke_path(painter, outline, line)


__all__ = ["paint_table"]
