"""Glyphs filled with a gradient or a picture (a:rPr/a:gradFill, a:blipFill) or outlined as shapes
are (a:rPr/a:ln: gradient, dashed and compound lines). PowerPoint lays a gradient or picture over
each line's stretch of the runs that share it, from the line's top to its bottom (a two-line title
shows the whole gradient on each line). Such words stay in the PDF's text layer, drawn fully
transparent; the fill fills their outlines."""

from __future__ import annotations

import logging
from typing import cast

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor, QGlyphRun, QPainter, QPainterPath, QPen

from worker.render.context import RenderContext
from worker.render.fills import paint_fill
from worker.render.glyph_runs import draw_glyph_run, glyph_outlines
from worker.render.lines import make_outline, stroke_path
from worker.render.text.build import Piece
from worker.render.text.context import TextContext
from worker.render.text.layout import LineBox
from worker.render.text.props import GlyphPaint

log = logging.getLogger(__name__)

_INVISIBLE = QColor(0, 0, 0, 0)


def has_glyph_paints(pieces: list[Piece]) -> bool:
    return any(piece.props.fill is not None or piece.props.outline_line is not None for piece in pieces)


def glyph_paint_boxes(line: LineBox, pieces: list[tuple[Piece, list[QGlyphRun]]]) -> dict[GlyphPaint, QRectF]:
    """For each fill and outline on ``line``: the box its gradient spans (layout coordinates),
    across the glyphs of the pieces that have it, from the line's top to its bottom."""
    spans: dict[GlyphPaint, tuple[float, float]] = {}
    for piece, runs in pieces:
        rects = [run.boundingRect() for run in runs if run.glyphIndexes()]
        if not rects:
            continue
        left, right = min(r.left() for r in rects), max(r.right() for r in rects)
        for paint in (piece.props.fill, piece.props.outline_line):
            if paint is not None:
                seen = spans.get(paint)
                spans[paint] = (left, right) if seen is None else (min(seen[0], left), max(seen[1], right))
    top = line.baseline - line.ascent
    return {
        paint: QRectF(left, top, max(right - left, 0.1), max(line.ascent + line.descent, 0.1))
        for paint, (left, right) in spans.items()
    }


def paint_filled_glyphs(
    painter: QPainter, ctx: TextContext, piece: Piece, runs: list[QGlyphRun], offset: QPointF, box: QRectF
) -> None:
    """``piece``'s glyphs: invisible text for search and copy, and their outlines filled with the
    piece's fill laid over ``box`` (the painter's coordinates)."""
    if piece.props.fill is None:
        return
    painter.save()
    try:
        painter.setPen(QPen(_INVISIBLE))
        for run in runs:
            draw_glyph_run(painter, offset, run)
    finally:
        painter.restore()
    fill_outlines(painter, ctx, piece.props.fill, glyph_outlines(runs, offset), box)


def fill_outlines(painter: QPainter, ctx: TextContext, fill: GlyphPaint, outlines: QPainterPath, box: QRectF) -> None:
    """Glyph ``outlines`` filled with a run's gradient or picture laid over ``box``."""
    # The render context behind every text body: paint_fill reads its colours (and, for a fill
    # that keeps level, the page) as it does for shapes.
    paint_fill(painter, cast(RenderContext, ctx), fill.element, outlines, box)


def stroke_glyphs(
    painter: QPainter, ctx: TextContext, piece: Piece, runs: list[QGlyphRun], offset: QPointF, box: QRectF
) -> bool:
    """``piece``'s glyph outlines stroked with its a:ln (stroke_outlines)."""
    return stroke_outlines(painter, ctx, piece, glyph_outlines(runs, offset), box)


def stroke_outlines(painter: QPainter, ctx: TextContext, piece: Piece, outlines: QPainterPath, box: QRectF) -> bool:
    """Glyph ``outlines`` stroked with ``piece``'s a:ln as a shape's outline, its gradient laid over
    ``box``; False when the line draws nothing there (the caller falls back to its plain pen)."""
    line = piece.props.outline_line
    if line is None:
        return False
    outline = make_outline(cast(RenderContext, ctx), [line.element], None, box)
    if outline is None:
        return False
    stroke_path(painter, outline, outlines)
    return True
