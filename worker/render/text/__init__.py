"""DrawingML text bodies: property inheritance, bullets, line layout, autofit and painting.

The shape walker calls ``paint_text_body`` for every text body (shapes, placeholders, table cells)
and ``measure_text_height`` where a table row grows with its text.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace

from lxml import etree
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QPainter

from worker.deck.xml import children, local
from worker.render.caches import remember
from worker.render.effects import Glow, OuterShadow
from worker.render.math.boxes import forget_layouts
from worker.render.reflection import Reflection
from worker.render.text.body import BodyProps, resolve_body
from worker.render.text.build import BodyBuilder, BuildOptions
from worker.render.text.context import TextContext
from worker.render.text.layout import BodyBox, layout_body
from worker.render.text.math_runs import is_math
from worker.render.text.overflow import cut_at_ellipsis, overflow_clip, paint_ellipsis_line
from worker.render.text.paint import cast_by_text, paint_body
from worker.render.text.reflected import paint_text_reflection
from worker.render.text.stacked import Stack, stack_columns, stacked_copy
from worker.render.text.warp import paint_warped_body

log = logging.getLogger(__name__)

__all__ = [
    "TextStyleSources",
    "builders_kept",
    "forget_deck_text",
    "has_text",
    "measure_text_height",
    "paint_text_body",
]

# PowerPoint's shrink-on-overflow steps: (font scale, line spacing reduction).
_SHRINK_STEPS = (
    (1.0, 0.1), (1.0, 0.2), (0.925, 0.2), (0.85, 0.2), (0.775, 0.2), (0.7, 0.2), (0.625, 0.2),
    (0.55, 0.2), (0.475, 0.2), (0.4, 0.2), (0.325, 0.2), (0.25, 0.2),
)  # fmt: skip

# Vertical anchors that centre the body: ECMA-376 20.1.10.59 has "just" and "dist" space out the lines
# of horizontal text, "almost always identical" to centring, and PowerPoint draws them centred.
_CENTRED_ANCHORS = frozenset({"ctr", "just", "dist"})

# Recently used builders (and through them their layouts); entries hold their keys alive.
_BUILDERS: dict[tuple[object, ...], BodyBuilder] = {}
_BUILDER_CACHE_LIMIT = 64
_builder_room = _BUILDER_CACHE_LIMIT  # raised while a table's cells are measured then painted
# Line width for measuring unwrapped lines: wider than any slide.
_UNWRAPPED_WIDTH = 100000.0


@dataclass
class TextStyleSources:
    list_styles: list[etree._Element]  # elements holding a:lvlNpPr / a:defPPr, nearest first
    body_props: list[etree._Element]  # a:bodyPr elements, nearest first
    font_ref: etree._Element | None  # the shape's p:style/a:fontRef
    # The shape's own outer shadow and glow when the shape has no fill: its text casts them (see
    # cast_by_text).
    cast_shadow: OuterShadow | None = None
    cast_glow: Glow | None = None
    cast_reflection: Reflection | None = None  # mirrored below the text's lines


def _lay_out(builder: BodyBuilder, options: BuildOptions, props: BodyProps, width: float, height: float) -> BodyBox:
    if props.columns > 1 and props.wrap:
        return _columns(builder, options, props, width, height)  # moves lines: never shared
    key = (options, width, props.wrap, False, props.edge_spacing)
    body = builder.layouts.get(key)
    if body is None:
        body = builder.layouts[key] = layout_body(
            builder.build(options), width, props.wrap, edge_spacing=props.edge_spacing, bullets=builder.bullet_layouts
        )
    return body


def _columns(builder: BodyBuilder, options: BuildOptions, props: BodyProps, width: float, height: float) -> BodyBox:
    """numCol: lay out at column width, then move lines that overflow a column into the next."""
    n = props.columns
    col_width = max((width - props.column_spacing * (n - 1)) / n, 1.0)
    body = layout_body(
        builder.build(options), col_width, True, edge_spacing=props.edge_spacing, bullets=builder.bullet_layouts
    )
    left = body.extent()[0]  # before lines move between columns
    column, shift_y = 0, 0.0
    for para in body.paragraphs:
        for line in para.lines:
            top = line.baseline - line.ascent - shift_y
            if top + line.ascent + line.descent > height and column < n - 1 and top > 0:
                column += 1
                shift_y += top
            slot = n - 1 - column if props.columns_rtl else column
            dx = slot * (col_width + props.column_spacing)
            line.x += dx
            line.baseline -= shift_y
            line.place()
            if para.bullet is not None and line is para.lines[0]:
                para.bullet.x += dx
                para.bullet.baseline = line.baseline
    body.height = min(body.height, height) if column else body.height
    body.bounds = (left, width)
    return body


def _builder(ctx: TextContext, tx_body: etree._Element, styles: TextStyleSources) -> BodyBuilder:
    """One builder per text body and drawing context, so a table cell measured then painted, or a
    master's text drawn on every slide, is read once."""
    colors, part, theme = getattr(ctx, "colors", None), getattr(ctx, "part", None), getattr(ctx, "theme", None)
    # Fields and links read the slide number; other text reads the same whatever the slide.
    numbered = next(tx_body.iter("{*}fld", "{*}hlinkClick"), None) is not None
    number = getattr(ctx, "slide_number", 0) if numbered else 0
    # Keyed by identity: the cached builder holds its context, so the ids stay unique while cached.
    key = (id(colors), id(part), id(theme), number, tx_body, styles.font_ref, *styles.list_styles)
    found = _BUILDERS.get(key)
    if found is not None and (found.ctx is ctx or _same_sources(found.ctx, ctx)):
        return found
    if len(_BUILDERS) >= _builder_room:
        del _BUILDERS[next(iter(_BUILDERS))]
    builder = _BUILDERS[key] = BodyBuilder(ctx, tx_body, styles.list_styles, styles.font_ref)
    return builder


def forget_deck_text() -> None:
    """Drop the cached builders when a deck ends: each holds its drawing context, and through it
    the deck's package, every slide's parsed XML with it (a 300-slide deck of tables kept 600 MB
    alive in a converter while the next deck converted). No builder serves another deck: its key
    holds the identity of the deck's part and theme."""
    _BUILDERS.clear()
    _STACKED_COPIES.clear()
    forget_layouts()


@contextmanager
def builders_kept(count: int) -> Iterator[None]:
    """Room for ``count`` more builders while the block runs: a table measures every cell's text
    before it paints any, and with only the usual room a table of more than 64 cells laid each
    one out twice. The usual room (the most recent builders) is restored after."""
    global _builder_room
    before = _builder_room
    _builder_room = max(before, _BUILDER_CACHE_LIMIT + count)
    try:
        yield
    finally:
        _builder_room = before
        while len(_BUILDERS) > _builder_room:
            del _BUILDERS[next(iter(_BUILDERS))]


def _same_sources(a: TextContext, b: TextContext) -> bool:
    names = ("colors", "part", "theme", "date_text")
    return all(getattr(a, n, None) is getattr(b, n, None) for n in names)


def _fit(
    ctx: TextContext,
    tx_body: etree._Element,
    styles: TextStyleSources,
    props: BodyProps,
    *,
    width: float,
    height: float,
) -> BodyBox:  # fmt: skip
    builder = _builder(ctx, tx_body, styles)
    vertical = props.upright_ea and props.vert_rotation % 180 != 0
    options = BuildOptions(props.font_scale, props.spacing_reduction, vertical)
    body = _lay_out(builder, options, props, width, height)
    if not props.shrink_on_overflow or getattr(ctx, "autofit_stored", False) or body.height <= height + 0.5:
        return body
    # The first shrink step that fits, by bisection: a smaller step never needs more height.
    tried: dict[int, BodyBox] = {}

    def attempt(index: int) -> BodyBox:
        if index not in tried:
            scale, reduction = _SHRINK_STEPS[index]
            tried[index] = _lay_out(builder, BuildOptions(scale, reduction, vertical), props, width, height)
        return tried[index]

    lo, hi = 0, len(_SHRINK_STEPS) - 1
    while lo < hi:
        mid = (lo + hi) // 2
        if attempt(mid).height <= height + 0.5:
            hi = mid
        else:
            lo = mid + 1
    return attempt(lo)


_TEXT_ELEMENTS = frozenset({"r", "br", "fld"})  # what BodyBuilder reads text from


def has_text(tx_body: etree._Element) -> bool:
    """Whether some paragraph has a run, field or break; without, there is nothing to draw (no
    glyphs, and empty paragraphs take no bullet). A quarter of the bodies drawn are such empty
    placeholders: callers skip them before gathering their styles."""
    for p in children(tx_body, "p"):
        for el in p:
            if local(el) in _TEXT_ELEMENTS or is_math(el):
                return True
    return False


def paint_text_body(
    painter: QPainter,
    ctx: TextContext,
    tx_body: etree._Element,
    box: QRectF,
    styles: TextStyleSources,
    props: BodyProps | None = None,
) -> None:
    """Draw ``tx_body`` in ``box`` (points, shape-local coordinates) as PowerPoint lays it out.

    ``props``: resolve_body(styles.body_props, tx_body), from a caller that resolved it already and
    found the body has text (has_text), as the shape walker does; both are then not done again."""
    if props is None:
        if not has_text(tx_body):
            return
        props = resolve_body(styles.body_props, tx_body)
    area = QRectF(
        box.left() + props.inset_l,
        box.top() + props.inset_t,
        box.width() - props.inset_l - props.inset_r,
        box.height() - props.inset_t - props.inset_b,
    )
    rotation = props.rotation + props.vert_rotation
    painter.save()
    try:
        if rotation:
            center = area.center()
            painter.translate(center)
            painter.rotate(rotation)
            painter.translate(-center)
            if props.vert_rotation % 180:
                # Vertical text runs along the box's height.
                area = QRectF(
                    center.x() - area.height() / 2, center.y() - area.width() / 2, area.height(), area.width()
                )
        if props.stacked:
            _paint_stacked(painter, ctx, tx_body, styles, props, area)
            return
        width = max(area.width(), 1.0)
        body = cast_by_text(
            _fit(ctx, tx_body, styles, props, width=width, height=area.height()), styles.cast_shadow, styles.cast_glow
        )
        y = area.top()
        if props.anchor in _CENTRED_ANCHORS:
            y += (area.height() - body.height) / 2.0
        elif props.anchor == "b":
            y += area.height() - body.height
        x = area.left()
        if props.anchor_center:
            left, right = body.extent()
            x += (width - (right - left)) / 2.0 - left
        origin = QPointF(x, y)
        # Warped text (WordArt): turned text (vert, vert270) is warped in its own, turned frame, as
        # its lines run there; East Asian vertical text, whose glyphs stand upright one by one
        # across the turn, stays flat.
        warp = props.warp if not (props.vert_rotation and props.upright_ea) else None
        upright_ea = props.upright_ea and props.vert_rotation % 180 != 0
        clip = overflow_clip(props, area)
        if clip is not None:
            painter.setClipRect(clip, Qt.ClipOperation.IntersectClip)
        cut = None
        plain = warp is None and not (props.lines_ltr and props.vert_rotation % 180)
        if props.vert_overflow == "ellipsis" and plain and body.height > area.height() + 0.5:
            cut = cut_at_ellipsis(body, y, area.bottom())

        def draw(target: QPainter, text_ctx: TextContext) -> None:
            if cut is not None:
                kept, para, line = cut

                def paint(p: QPainter, part: BodyBox, at: QPointF) -> None:
                    paint_body(p, text_ctx, part, at, upright_ea=upright_ea)

                paint(target, kept, origin)
                paint_ellipsis_line(target, para, line, origin, area.right() - origin.x(), paint)
            elif props.lines_ltr and props.vert_rotation % 180:
                _paint_lines_reflected(target, text_ctx, body, origin, area, upright_ea)
            elif warp is None or not paint_warped_body(target, text_ctx, body, origin, area, width, warp):
                paint_body(target, text_ctx, body, origin, upright_ea=upright_ea)

        if styles.cast_reflection is not None and not props.vert_rotation:
            # Mirrored below the text's lines (a warp fills the whole area).
            block = area if warp is not None else QRectF(area.left(), y, area.width(), body.height)
            paint_text_reflection(painter, ctx, styles.cast_reflection, block, draw)
        draw(painter, ctx)
    finally:
        painter.restore()


def _paint_lines_reflected(
    painter: QPainter, ctx: TextContext, body: BodyBox, origin: QPointF, area: QRectF, upright_ea: bool
) -> None:
    """mongolianVert: eaVert with its lines running left to right (ECMA-376 ST_TextVerticalType).
    In the turned frame, where eaVert's first line is at the top (the box's right), each line's
    band is reflected within the text area, so the first line keeps its distance from the box's
    left edge and the anchor's top is the left (Word, which shares DrawingML's text boxes,
    exports mongolianVert as eaVert's mirror image so). Glyphs are not mirrored: each line is
    drawn as it is, moved across."""
    for para in body.paragraphs:
        for i, line in enumerate(para.lines):
            top = origin.y() + line.baseline - line.ascent
            bottom = origin.y() + line.baseline + line.descent
            shift = area.top() + area.bottom() - bottom - top
            one = BodyBox([replace(para, lines=[line], bullet=para.bullet if i == 0 else None)], body.height)
            paint_body(painter, ctx, one, QPointF(origin.x(), origin.y() + shift), upright_ea=upright_ea)


def measure_text_height(
    ctx: TextContext, tx_body: etree._Element, width: float, styles: TextStyleSources, whole_words: bool = False
) -> float:
    """Height in points the text needs at ``width`` (insets included): table rows grow to this.

    ``whole_words`` measures as if a word wider than the line were never split."""
    props = resolve_body(styles.body_props, tx_body)
    if props.stacked:
        return _stack(ctx, tx_body, styles, props, None)[1].height + props.inset_t + props.inset_b
    builder = _builder(ctx, tx_body, styles)
    if props.vert_rotation % 180:
        return _turned_length(builder, props) + props.inset_t + props.inset_b
    inner = max(width - props.inset_l - props.inset_r, 1.0)
    options = BuildOptions(props.font_scale, props.spacing_reduction)
    key = (options, inner, props.wrap, whole_words, props.edge_spacing)
    body = builder.layouts.get(key)
    if body is None and not whole_words:
        # A whole-words layout in which no line ran past its width breaks every line as this
        # one would (layout._Overflow): its height is this one's.
        whole = builder.layouts.get((options, inner, props.wrap, True, props.edge_spacing))
        if whole is not None and whole.words_fit:
            return whole.height + props.inset_t + props.inset_b
    if body is None:
        body = builder.layouts[key] = layout_body(
            builder.build(options), inner, props.wrap, whole_words, props.edge_spacing, builder.bullet_layouts
        )
    return body.height + props.inset_t + props.inset_b


def _turned_length(builder: BodyBuilder, props: BodyProps) -> float:
    """How long the longest line of turned (vertical) text is, unwrapped: its lines run along the
    height, and PowerPoint grows a table row to fit a vertical cell's lines rather than wrapping
    them at the row's height."""
    vertical = props.upright_ea
    options = BuildOptions(props.font_scale, props.spacing_reduction, vertical)
    body = _lay_out(builder, options, replace(props, wrap=False, columns=1), _UNWRAPPED_WIDTH, 0.0)
    longest = max((para.line_width(line) for para in body.paragraphs for line in para.lines), default=0.0)
    # A hair over the length, so the same text laid out again at this length does not wrap.
    return longest + 0.01 if longest else 0.0


# Stacked copies of text bodies by the original (stacked.stacked_copy), so their builders cache.
_STACKED_COPIES: dict[etree._Element, etree._Element] = {}


def _stack(
    ctx: TextContext, tx_body: etree._Element, styles: TextStyleSources, props: BodyProps, height: float | None
) -> tuple[BodyBox, Stack]:
    """Stacked text laid out in its columns; ``height`` None: one column per paragraph."""
    stacked = _STACKED_COPIES.get(tx_body)
    if stacked is None:
        stacked = remember(_STACKED_COPIES, tx_body, stacked_copy(tx_body), _BUILDER_CACHE_LIMIT)
    builder = _builder(ctx, stacked, styles)
    options = BuildOptions(props.font_scale, props.spacing_reduction)
    # Laid out afresh each time: stack_columns moves the lines.
    body = layout_body(
        builder.build(options), _UNWRAPPED_WIDTH, False, edge_spacing=props.edge_spacing, bullets=builder.bullet_layouts
    )
    wrap = props.wrap and height is not None
    return body, stack_columns(body, height or 0.0, wrap, props.stacked == "rtl")


def _paint_stacked(
    painter: QPainter,
    ctx: TextContext,
    tx_body: etree._Element,
    styles: TextStyleSources,
    props: BodyProps,
    area: QRectF,
) -> None:
    """wordArtVert text: columns from the area's left (wordArtVertRtl: right), or centred with
    anchorCtr; the anchor places the columns' block top, middle or bottom as for level text."""
    body, stack = _stack(ctx, tx_body, styles, props, area.height())
    body = cast_by_text(body, styles.cast_shadow, styles.cast_glow)
    y = area.top()
    if props.anchor in _CENTRED_ANCHORS:
        y += (area.height() - stack.height) / 2.0
    elif props.anchor == "b":
        y += area.height() - stack.height
    if props.anchor_center:
        x = area.left() + (area.width() - stack.width) / 2.0
    elif props.stacked == "rtl":
        x = area.right() - stack.width
    else:
        x = area.left()
    paint_body(painter, ctx, body, QPointF(x, y))
