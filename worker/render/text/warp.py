"""WordArt text warps (a:prstTxWarp): the laid-out text's glyph outlines mapped through a preset.

ECMA-376 (20.1.9.19) gives each preset's paths, not how text meets them; the two rules below are
PowerPoint's (and LibreOffice fontwork's, which implements the same presets):

- envelopes: the paths come in pairs, a top and a bottom edge (the pour variants and the
  inflate/deflate stacks have several pairs, which share out the lines). The ink box of the lines
  given to a pair is stretched between its edges: the point at fraction u across and v down goes
  to T(u) + v·(B(u) − T(u)), with u measured along each edge's length.
- follow path (textArchUp, textArchDown, textCircle and textButton's three parts): each path is a
  baseline. The text keeps its size and runs along the path by arc length, placed by its
  paragraph's alignment, each glyph turned to the path's tangent; a line too long for the path is
  scaled down to fit. Lines stack away from the path's inside: the last line sits on a path whose
  glyphs stand outwards (an arch up), the first on one whose glyphs stand inwards (an arch down);
  each other line runs, by its own length, on the path built for the area grown by its distance
  from that line (for an arc, a concentric ellipse).

The glyphs are drawn as filled outlines (with their outline, shadows and glow; a gradient or picture
fill spans the warped ink of the runs that share it), so the words are drawn again, flat where the layout put them,
with a fully transparent pen: the PDF keeps them for search and copy, and nothing shows. A line's
character bullet, highlights, underlines and strikes are warped with it as filled outlines
(highlights beneath the text); along a path, a bullet is placed as one glyph, and the others are
cut into narrow strips placed one by one, so that they bend with the path.
"""

from __future__ import annotations

import bisect
import logging
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QGlyphRun, QPainter, QPainterPath, QPainterPathStroker, QPen, QTransform

from worker.render.color_fonts import glyph_path
from worker.render.effects import Glow, OuterShadow, draw_glow, draw_outer_shadow
from worker.render.geometry.preset_library import text_warp_library
from worker.render.glyph_runs import draw_glyph_run
from worker.render.inner_shadow import draw_inner_shadow
from worker.render.text.body import TextWarp
from worker.render.text.build import Piece
from worker.render.text.context import TextContext, stand_ins_of
from worker.render.text.glyph_fills import fill_outlines, stroke_outlines
from worker.render.text.layout import BodyBox, LineBox
from worker.render.text.paint import bullet_outline, decoration_strokes, effect_key, ink_shadow, line_runs
from worker.render.text.props import GlyphPaint

log = logging.getLogger(__name__)

__all__ = ["paint_warped_body"]

# Presets whose paths are baselines to follow; every other preset pairs its paths as envelopes.
_FOLLOW_PATH = frozenset({"textArchUp", "textArchDown", "textCircle", "textButton"})
_EDGE_SAMPLES = 256  # points per edge: smooth to well under a point on any slide-sized warp
_STRAIGHT_STEPS = 120  # a straight outline segment is split into pieces of the ink box / this
_INVISIBLE = QColor(0, 0, 0, 0)
_STRIP = 1.5  # points: width of the strips underlines, strikes and highlights follow a path in

Mapping = Callable[[float, float], tuple[float, float]]


@dataclass
class _Edge:
    """One warp path flattened and measured: points with their distance along the path."""

    xs: list[float]
    ys: list[float]
    lengths: list[float]

    @classmethod
    def of(cls, path: QPainterPath) -> _Edge | None:
        if path.elementCount() < 2:
            return None
        points = [path.pointAtPercent(i / _EDGE_SAMPLES) for i in range(_EDGE_SAMPLES + 1)]
        xs, ys, lengths = [points[0].x()], [points[0].y()], [0.0]
        for p in points[1:]:
            step = math.hypot(p.x() - xs[-1], p.y() - ys[-1])
            if step > 1e-9:
                xs.append(p.x())
                ys.append(p.y())
                lengths.append(lengths[-1] + step)
        return cls(xs, ys, lengths) if len(xs) > 1 else None

    @property
    def length(self) -> float:
        return self.lengths[-1]

    def at(self, s: float) -> tuple[float, float, float, float]:
        """The point at distance ``s`` along the edge (clamped to it) and the unit tangent there."""
        s = min(max(s, 0.0), self.length)
        i = min(max(bisect.bisect_right(self.lengths, s) - 1, 0), len(self.xs) - 2)
        x0, y0, x1, y1 = self.xs[i], self.ys[i], self.xs[i + 1], self.ys[i + 1]
        span = self.lengths[i + 1] - self.lengths[i]
        f = (s - self.lengths[i]) / span if span > 0 else 0.0
        return x0 + (x1 - x0) * f, y0 + (y1 - y0) * f, (x1 - x0) / span, (y1 - y0) / span


@dataclass
class _Glyph:
    outline: QPainterPath  # flat, in the painter's coordinates
    centre: float  # x of the middle of its advance
    piece: int


@dataclass
class _Mark:
    """A line's bullet, highlight, underline or strike: a filled outline, flat, in the painter's
    coordinates."""

    outline: QPainterPath
    color: QColor
    beneath: bool = False  # highlights go under the text
    whole: bool = False  # a bullet: placed along a path as one glyph, not in strips


@dataclass
class _Line:
    box: LineBox
    glyphs: list[_Glyph] = field(default_factory=list)
    left: float = math.inf  # extent of the glyphs' (and bullet's) advances
    right: float = -math.inf
    marks: list[_Mark] = field(default_factory=list)


@dataclass
class _Marks:
    """Warped marks by layer, each a colour and its mapped outline."""

    beneath: list[tuple[QColor, QPainterPath]] = field(default_factory=list)
    above: list[tuple[QColor, QPainterPath]] = field(default_factory=list)

    def add(self, mark: _Mark, mapped: QPainterPath) -> None:
        (self.beneath if mark.beneath else self.above).append((mark.color, mapped))


def paint_warped_body(
    painter: QPainter, ctx: TextContext, body: BodyBox, origin: QPointF, area: QRectF, width: float, warp: TextWarp
) -> bool:
    """Draw ``body`` (laid out ``width`` wide, placed at ``origin``) warped by ``warp`` evaluated on
    ``area``; False when the warp cannot be built (unknown preset, empty area): draw it flat."""
    compiled = text_warp_library.get(warp.preset)
    if compiled is None or area.width() < 1.0 or area.height() < 1.0:
        if compiled is None:
            log.info("unknown text warp %r: text drawn flat", warp.preset)
        return False
    built = compiled.build(area.width(), area.height(), dict(warp.adjust))
    found = [_Edge.of(p.path.translated(area.topLeft())) for p in built.paths]
    edges = [e for e in found if e is not None]
    if not edges or len(edges) < len(found):  # a path without length: nothing to warp onto
        return False
    follow = warp.preset in _FOLLOW_PATH or len(edges) == 1
    parts = [[e] for e in edges] if follow else _pairs(edges)
    adjust = dict(warp.adjust)

    def outset_edge(index: int, outset: float) -> _Edge | None:
        """Path ``index`` of the warp built on the area grown by ``outset`` on every side: for an
        arc of the ellipse in the area, the arc of a concentric ellipse (the angles are adjust
        values, so they stay)."""
        grown = compiled.build(area.width() + 2.0 * outset, area.height() + 2.0 * outset, adjust)
        if index >= len(grown.paths):
            return None
        return _Edge.of(grown.paths[index].path.translated(area.left() - outset, area.top() - outset))

    pieces: list[Piece] = []
    lines = _collect(body, origin, pieces)
    out = [QPainterPath() for _ in pieces]
    marks = _Marks()
    drawn = [line for line in lines if line.glyphs]
    for index, (part, group) in enumerate(zip(parts, _share(drawn, len(parts)), strict=False)):
        if not group:
            continue
        if len(part) == 2:
            _envelope(group, part[0], part[1], out, marks)
        else:
            _follow(group, part[0], partial(outset_edge, index), area.center(), origin, width, out, marks)
    _paint(painter, ctx, pieces, out, marks)
    _paint_invisible(painter, body, origin)
    return True


def _pairs(edges: list[_Edge]) -> list[list[_Edge]]:
    pairs = [edges[i : i + 2] for i in range(0, len(edges), 2)]
    return [p for p in pairs if len(p) == 2] or [edges[:1]]


def _share(lines: list[_Line], parts: int) -> list[list[_Line]]:
    """Consecutive lines shared out over ``parts`` in order, as evenly as they go; with fewer lines
    than parts, one line each to the first parts."""
    if len(lines) <= parts:
        return [[line] for line in lines]
    base, extra = divmod(len(lines), parts)
    groups, start = [], 0
    for i in range(parts):
        size = base + (1 if i < extra else 0)
        groups.append(lines[start : start + size])
        start += size
    return groups


def _collect(body: BodyBox, origin: QPointF, pieces: list[Piece]) -> list[_Line]:
    lines: list[_Line] = []
    firsts = {id(para.lines[0]): para for para in body.paragraphs if para.lines and para.bullet is not None}
    for box, runs_by_piece in line_runs(body):
        line = _Line(box)
        para = firsts.get(id(box))
        bullet = bullet_outline(para, origin) if para is not None else None
        if para is not None and para.bullet is not None and bullet is not None:
            line.marks.append(_Mark(bullet[1], bullet[0], whole=True))
            line.left = min(line.left, origin.x() + para.bullet.x)
            line.right = max(line.right, origin.x() + para.bullet.x + para.bullet.width)
        for piece, runs in runs_by_piece:
            if piece.props.highlight is not None:
                _add_highlight(line, piece, runs, origin)
            if piece.color is None and piece.props.outline is None:
                continue
            index = len(pieces)
            pieces.append(piece)
            offset = QPointF(origin.x(), origin.y() - piece.shift)
            for run in runs:
                _add_glyphs(line, run, offset, index)
            for pen, path in decoration_strokes(piece, runs, baseline=box.baseline, origin=origin):
                line.marks.append(_Mark(QPainterPathStroker(pen).createStroke(path), pen.color()))
        lines.append(line)
    return lines


def _add_highlight(line: _Line, piece: Piece, runs: list[QGlyphRun], origin: QPointF) -> None:
    """The highlight behind ``piece`` on the line: its glyphs' extent, the line's height."""
    rects = [r.boundingRect() for r in runs if r.glyphIndexes()]
    color = piece.props.highlight
    if not rects or color is None:
        return
    left, right = min(r.left() for r in rects), max(r.right() for r in rects)
    box = line.box
    top = box.baseline - box.ascent - piece.shift
    path = QPainterPath()
    path.addRect(QRectF(left, top, right - left, box.ascent + box.descent).translated(origin))
    line.marks.append(_Mark(path, color, beneath=True))


def _add_glyphs(line: _Line, run: QGlyphRun, offset: QPointF, piece: int) -> None:
    raw = run.rawFont()
    indexes = run.glyphIndexes()
    advances = raw.advancesForGlyphIndexes(indexes)
    for index, pos, advance in zip(indexes, run.positions(), advances, strict=False):
        left = offset.x() + pos.x()
        right = left + advance.x()
        line.left, line.right = min(line.left, left), max(line.right, right)
        outline = glyph_path(raw, index)
        if outline.isEmpty():
            continue  # spaces take their place in the line, and draw nothing
        line.glyphs.append(_Glyph(outline.translated(offset + pos), (left + right) / 2.0, piece))


def _envelope(group: list[_Line], top: _Edge, bottom: _Edge, out: list[QPainterPath], marks: _Marks) -> None:
    ink = QRectF()
    for line in group:
        for glyph in line.glyphs:
            ink = ink.united(glyph.outline.boundingRect())
        for mark in line.marks:
            if mark.whole:  # a bullet is ink; lines and highlights reach past it as they do flat
                ink = ink.united(mark.outline.boundingRect())
    if ink.width() <= 0 or ink.height() <= 0:
        return
    left, top_y, w, h = ink.left(), ink.top(), ink.width(), ink.height()
    top_len, bottom_len = top.length, bottom.length

    def mapping(x: float, y: float) -> tuple[float, float]:
        u = (x - left) / w
        v = (y - top_y) / h
        tx, ty, _, _ = top.at(u * top_len)
        bx, by, _, _ = bottom.at(u * bottom_len)
        return tx + v * (bx - tx), ty + v * (by - ty)

    step = max(w, h) / _STRAIGHT_STEPS
    for line in group:
        for glyph in line.glyphs:
            out[glyph.piece].addPath(_map_outline(glyph.outline, mapping, step))
        for mark in line.marks:
            marks.add(mark, _map_outline(mark.outline, mapping, step))


def _follow(
    group: list[_Line],
    edge: _Edge,
    grown: Callable[[float], _Edge | None],
    centre: QPointF,
    origin: QPointF,
    width: float,
    out: list[QPainterPath],
    marks: _Marks,
) -> None:
    """Lines along a path, each glyph at its own size turned to the path's tangent. One line sits
    on the path (the last where glyphs stand outwards, the first where they stand inwards); the
    others stand further out by their distance from it, each on its own path: a curved path
    ``grown`` by that distance (for the arches, a concentric ellipse), so each line keeps its
    letter spacing and is placed along its own length by its alignment (PowerPoint's multiline
    arches, yukiyokotani/office-open-xml-viewer docs/pptx-follow-path-compatibility.md). A straight
    path (textButton's middle) stacks its lines along its normal, as flat text."""
    length = edge.length
    mx, my, tx, ty = edge.at(length / 2.0)
    # The glyphs' up is the tangent turned a quarter anticlockwise on the page: (ty, -tx).
    outwards = ty * (mx - centre.x()) - tx * (my - centre.y())
    first, last = group[0].box, group[-1].box
    through = abs(outwards) < 1e-6 * max(length, 1.0)  # a path through the middle: lines centre on it
    if through:
        ref = (first.baseline - first.ascent + last.baseline + last.descent) / 2.0
    else:
        ref = last.baseline if outwards > 0 else first.baseline
    chord = math.hypot(edge.xs[-1] - edge.xs[0], edge.ys[-1] - edge.ys[0])
    curved = not through and chord < length * 0.999
    edges: dict[float, _Edge | None] = {0.0: edge}
    for line in group:
        natural = line.right - line.left
        if natural <= 0:
            continue
        path, base = edge, ref
        if curved:
            # How far out this line stands from the one on the path (glyphs' up is outwards for an
            # arch up, inwards for an arch down): its baseline goes on the path grown so far.
            outset = round((ref - line.box.baseline) * (1.0 if outwards > 0 else -1.0), 3)
            if outset > 0:
                if outset not in edges:
                    edges[outset] = grown(outset)
                found = edges[outset]
                if found is not None:
                    path, base = found, line.box.baseline
        along = path.length
        scale = min(1.0, along / natural)
        slack = width - natural
        # Where the paragraph put the line in its width, it goes along the path: left, centre, right.
        share = min(max((line.left - origin.x()) / slack, 0.0), 1.0) if slack > 0.5 else 0.5
        start = share * (along - natural * scale)
        level = base + origin.y()  # baselines are the layout's, the glyphs the painter's
        place = _Placement(path, start, line.left, scale, level)
        for glyph in line.glyphs:
            out[glyph.piece].addPath(place(glyph.centre).map(glyph.outline))
        for mark in line.marks:
            if mark.whole:
                marks.add(mark, place(mark.outline.boundingRect().center().x()).map(mark.outline))
            else:
                marks.add(mark, _in_strips(mark.outline, place))


@dataclass(frozen=True)
class _Placement:
    """Where what is centred at x = ``centre`` on a flat line goes along a path: the point
    ``start`` + (centre - ``left``) x ``scale`` along it, turned to its tangent, with the line's
    baseline (``level``) on the path."""

    path: _Edge
    start: float
    left: float
    scale: float
    level: float

    def __call__(self, centre: float) -> QTransform:
        px, py, gx, gy = self.path.at(self.start + (centre - self.left) * self.scale)
        to = QTransform()
        to.translate(px, py)
        to.rotateRadians(math.atan2(gy, gx))
        to.scale(self.scale, self.scale)
        to.translate(-centre, -self.level)
        return to


def _in_strips(outline: QPainterPath, place: Callable[[float], QTransform]) -> QPainterPath:
    """``outline`` cut into narrow upright strips, each placed by its centre: a long flat mark
    (an underline, a highlight) bent along a path. The strips overlap by a hair, so no seam shows."""
    bounds = outline.boundingRect()
    count = max(1, math.ceil(bounds.width() / _STRIP))
    step = bounds.width() / count
    placed = QPainterPath()
    for k in range(count):
        left = bounds.left() + k * step
        strip = QPainterPath()
        strip.addRect(QRectF(left - 0.05, bounds.top() - 1.0, step + 0.1, bounds.height() + 2.0))
        part = outline.intersected(strip)
        if not part.isEmpty():
            placed.addPath(place(left + step / 2.0).map(part))
    return placed


def _map_outline(outline: QPainterPath, mapping: Mapping, step: float) -> QPainterPath:
    """``outline`` through ``mapping``: curves by their points (glyph curves are small against any
    warp), straight segments cut into pieces so that they bend with it."""
    mapped = QPainterPath()
    mapped.setFillRule(outline.fillRule())
    x = y = 0.0
    i, count = 0, outline.elementCount()
    while i < count:
        e = outline.elementAt(i)
        if e.isMoveTo():
            mapped.moveTo(*mapping(e.x, e.y))
            x, y = e.x, e.y
            i += 1
        elif e.isLineTo():
            pieces = max(1, int(math.hypot(e.x - x, e.y - y) / step)) if step > 0 else 1
            for k in range(1, pieces + 1):
                f = k / pieces
                mapped.lineTo(*mapping(x + (e.x - x) * f, y + (e.y - y) * f))
            x, y = e.x, e.y
            i += 1
        elif e.isCurveTo() and i + 2 < count:
            c1, c2 = e, outline.elementAt(i + 1)
            end = outline.elementAt(i + 2)
            p1, p2, p3 = mapping(c1.x, c1.y), mapping(c2.x, c2.y), mapping(end.x, end.y)
            mapped.cubicTo(p1[0], p1[1], p2[0], p2[1], p3[0], p3[1])
            x, y = end.x, end.y
            i += 3
        else:
            i += 1
    return mapped


def _paint(painter: QPainter, ctx: TextContext, pieces: list[Piece], out: list[QPainterPath], marks: _Marks) -> None:
    shadows: dict[tuple[object, ...], tuple[OuterShadow, QPainterPath]] = {}
    glows: dict[tuple[object, ...], tuple[Glow, QPainterPath]] = {}
    for piece, path in zip(pieces, out, strict=True):
        shadow, glow = ink_shadow(piece), piece.props.glow
        if piece.color is None or path.isEmpty():
            continue
        if shadow is not None:
            shadows.setdefault(effect_key(shadow), (shadow, QPainterPath()))[1].addPath(path)
        if glow is not None:
            glows.setdefault(effect_key(glow), (glow, QPainterPath()))[1].addPath(path)
    stand_ins = stand_ins_of(ctx)
    for shadow, outlines in shadows.values():
        draw_outer_shadow(painter, shadow, outlines, stand_ins)
    for glow, outlines in glows.values():
        draw_glow(painter, glow, outlines, stand_ins)
    for color, path in marks.beneath:
        painter.fillPath(path, color)
    boxes = _paint_boxes(pieces, out)
    for piece, path in zip(pieces, out, strict=True):
        if path.isEmpty():
            continue
        fill, line = piece.props.fill, piece.props.outline_line
        if piece.color is not None and fill is not None:
            fill_outlines(painter, ctx, fill, path, boxes[fill])
        elif piece.color is not None:
            painter.fillPath(path, piece.color)
        if piece.color is not None and piece.props.inner_shadow is not None:
            draw_inner_shadow(painter, piece.props.inner_shadow, path, stand_ins)
        stroked = line is not None and stroke_outlines(painter, ctx, piece, path, boxes[line])
        if not stroked and piece.props.outline is not None:
            color, line_width = piece.props.outline
            pen = QPen(color, line_width)
            pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
            painter.strokePath(path, pen)
        if piece.link:
            ctx.add_link(painter, path.boundingRect(), piece.link)
    for color, path in marks.above:
        painter.fillPath(path, color)


def _paint_boxes(pieces: list[Piece], out: list[QPainterPath]) -> dict[GlyphPaint, QRectF]:
    """The box each fill and outline spans: the warped ink of all the pieces that share it (a
    warp makes one shape of the text, which PowerPoint fills as one)."""
    boxes: dict[GlyphPaint, QRectF] = {}
    for piece, path in zip(pieces, out, strict=True):
        for paint in (piece.props.fill, piece.props.outline_line):
            if paint is not None and not path.isEmpty():
                seen = boxes.get(paint)
                boxes[paint] = path.boundingRect() if seen is None else seen.united(path.boundingRect())
    return boxes


def _paint_invisible(painter: QPainter, body: BodyBox, origin: QPointF) -> None:
    """The words, flat and fully transparent: the PDF's text layer for search and copy."""
    painter.save()
    painter.setPen(QPen(_INVISIBLE))
    for _line, runs_by_piece in line_runs(body):
        for piece, runs in runs_by_piece:
            offset = QPointF(origin.x(), origin.y() - piece.shift)
            for run in runs:
                draw_glyph_run(painter, offset, run)
    painter.restore()
