"""Reflections of runs (a:rPr/a:effectLst/a:reflection): each line's runs that carry one, mirrored
below that line (PowerPoint reflects text line by line: a paragraph's second line has its own copy,
drawn over whatever lies below the first), behind all of the body's text."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from functools import partial

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QGlyphRun, QPainter

from worker.render.reflection import Reflection, paint_placed_reflection
from worker.render.text.build import Piece
from worker.render.text.context import TextContext
from worker.render.text.layout import BodyBox, LineBox, ParagraphBox
from worker.render.text.reflected import page_stand_ins, unlinked

log = logging.getLogger(__name__)

PaintBody = Callable[[QPainter, TextContext, BodyBox, QPointF], None]
LineRuns = list[tuple[LineBox, list[tuple[Piece, list[QGlyphRun]]]]]


def has_run_reflections(body: BodyBox) -> bool:
    return any(piece.props.reflection is not None for para in body.paragraphs for piece in para.para.pieces)


def paint_run_reflections(
    painter: QPainter, ctx: TextContext, body: BodyBox, origin: QPointF, lines: LineRuns, paint_body: PaintBody
) -> None:
    """Each line's copies, one per distinct reflection on it. ``lines`` is paint.line_runs(body);
    ``paint_body`` draws a one-line body (the copy's source: those runs alone, no bullet)."""
    paragraph_of = {id(line): para for para in body.paragraphs for line in para.lines}
    plain = unlinked(ctx)
    stand_ins = page_stand_ins(ctx)
    for line, pieces in lines:
        groups: dict[Reflection, list[tuple[Piece, list[QGlyphRun]]]] = {}
        for piece, runs in pieces:
            if piece.props.reflection is not None and piece.color is not None:
                groups.setdefault(piece.props.reflection, []).append((piece, runs))
        para = paragraph_of.get(id(line))
        if para is None:
            continue
        for reflection, reflected in groups.items():
            box = _line_box(line, [run for _, runs in reflected for run in runs])
            if box is None:
                continue
            source = _one_line(para, line, [piece for piece, _ in reflected], body.height)
            draw = partial(_paint_source, paint_body, plain, source, origin)
            paint_placed_reflection(painter, box.translated(origin), reflection, draw, stand_ins)


def _paint_source(paint_body: PaintBody, ctx: TextContext, source: BodyBox, origin: QPointF, target: QPainter) -> None:
    paint_body(target, ctx, source, origin)


def _line_box(line: LineBox, runs: list[QGlyphRun]) -> QRectF | None:
    """The runs' span across the line, down to the line's bottom (its descent): what PowerPoint
    mirrors, so the copy begins under the descenders. Up to the line's top, or higher where marks
    (accents on capitals) rise above it."""
    rects = [run.boundingRect() for run in runs if run.glyphIndexes()]
    if not rects:
        return None
    left, right = min(r.left() for r in rects), max(r.right() for r in rects)
    top = min(line.baseline - line.ascent, *(r.top() for r in rects))
    bottom = line.baseline + line.descent
    return QRectF(left, top, max(right - left, 0.1), max(bottom - top, 0.1))


def _one_line(para: ParagraphBox, line: LineBox, pieces: list[Piece], height: float) -> BodyBox:
    """A body of ``line`` alone with only ``pieces``, whose copies carry no reflection themselves."""
    kept = [replace(piece, props=replace(piece.props, reflection=None)) for piece in pieces]
    return BodyBox([replace(para, para=replace(para.para, pieces=kept), lines=[line], bullet=None)], height)
