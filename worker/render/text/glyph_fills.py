"""Glyphs filled with a gradient (a:rPr/a:gradFill). PowerPoint lays the gradient over each line's
stretch of the runs that share the fill, from the line's top to its bottom (a two-line title shows
the whole gradient on each line). The words stay in the PDF's text layer, drawn fully
transparent; the gradient fills their outlines."""

from __future__ import annotations

import logging
from typing import cast

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor, QGlyphRun, QPainter, QPen

from worker.render.context import RenderContext
from worker.render.fills import paint_fill
from worker.render.glyph_runs import draw_glyph_run, glyph_outlines
from worker.render.text.build import Piece
from worker.render.text.context import TextContext
from worker.render.text.layout import LineBox
from worker.render.text.props import GlyphFill

log = logging.getLogger(__name__)

_INVISIBLE = QColor(0, 0, 0, 0)


def glyph_fill_boxes(line: LineBox, pieces: list[tuple[Piece, list[QGlyphRun]]]) -> dict[GlyphFill, QRectF]:
    """For each fill on ``line``: the box its gradient spans (layout coordinates), across the
    glyphs of the pieces that have it, from the line's top to its bottom."""
    spans: dict[GlyphFill, tuple[float, float]] = {}
    for piece, runs in pieces:
        fill = piece.props.fill
        rects = [run.boundingRect() for run in runs if run.glyphIndexes()]
        if fill is None or not rects:
            continue
        left, right = min(r.left() for r in rects), max(r.right() for r in rects)
        seen = spans.get(fill)
        spans[fill] = (left, right) if seen is None else (min(seen[0], left), max(seen[1], right))
    top = line.baseline - line.ascent
    return {
        fill: QRectF(left, top, max(right - left, 0.1), max(line.ascent + line.descent, 0.1))
        for fill, (left, right) in spans.items()
    }


def paint_filled_glyphs(
    painter: QPainter, ctx: TextContext, piece: Piece, runs: list[QGlyphRun], offset: QPointF, box: QRectF
) -> None:
    """``piece``'s glyphs: invisible text for search and copy, and their outlines filled with the
    piece's gradient laid over ``box`` (page coordinates of the painter)."""
    fill = piece.props.fill
    if fill is None:
        return
    painter.save()
    try:
        painter.setPen(QPen(_INVISIBLE))
        for run in runs:
            draw_glyph_run(painter, offset, run)
    finally:
        painter.restore()
    # The render context behind every text body: paint_fill reads its colours (and, for a fill
    # that keeps level, the page) as it does for shapes.
    paint_fill(painter, cast(RenderContext, ctx), fill.element, glyph_outlines(runs, offset), box)
