"""Painting laid-out text: glyph runs (real text in PDFs), decorations, highlights, bullets, links."""

from __future__ import annotations

import itertools
import logging
import math
from dataclasses import replace

from PySide6.QtCore import QPointF, QRectF, Qt, QTextBoundaryFinder
from PySide6.QtGui import QColor, QFont, QGlyphRun, QPainter, QPainterPath, QPen, QRawFont, QTextLine

from worker.render.decoder_stderr import image_from_data
from worker.render.effects import Glow, OuterShadow, draw_glow, draw_outer_shadow
from worker.render.fonts import Script
from worker.render.glyph_runs import WITH_STRING_INDEXES, draw_glyph_run, glyph_outlines, with_text_ends
from worker.render.inner_shadow import draw_inner_shadow
from worker.render.math.boxes import paint_math
from worker.render.picture_passthrough import StandIns
from worker.render.text.build import Piece
from worker.render.text.color_glyphs import draw_color_run, pdf_stand_ins
from worker.render.text.context import TextContext, stand_ins_of
from worker.render.text.glyph_fills import glyph_paint_boxes, has_glyph_paints, paint_filled_glyphs, stroke_glyphs
from worker.render.text.layout import BodyBox, LineBox, ParagraphBox, cursor_x, slot_starts, use_line_options
from worker.render.text.run_reflections import has_run_reflections, paint_run_reflections
from worker.render.text.scripts import slot_of

log = logging.getLogger(__name__)

# Dashed underline styles (ST_TextUnderlineType) as the line dash presets of the same names draw
# (ST_PresetLineDashVal, in multiples of the line's width): dash, lgDash, dashDot and dot, with
# dotDotDash as dashDot's pattern with a second dot.
_DASHES: dict[str, list[float]] = {
    "dotted": [1, 3],
    "dash": [4, 3],
    "dashLong": [8, 3],
    "dotDash": [4, 3, 1, 3],
    "dotDotDash": [4, 3, 1, 3, 1, 3],
}
_HEAVY = {
    "heavy",
    "dottedHeavy",
    "dashHeavy",
    "dashLongHeavy",
    "dotDashHeavy",
    "dotDotDashHeavy",
    "wavyHeavy",
}


def _line_span(line: LineBox) -> tuple[int, int]:
    start = line.line.textStart()
    return start, start + line.line.textLength()


_WITH_STRING_INDEXES = WITH_STRING_INDEXES


def _piece_runs(
    line: LineBox,
    piece: Piece,
    span: tuple[int, int],
    text: str,
    slots: list[int] | None = None,
    indexed: bool = False,
    texts: bool = False,
) -> list[QGlyphRun]:
    """``piece``'s glyph runs on ``line``, whose text is ``span`` (_line_span) of the paragraph's
    ``text``; ``slots`` is
    layout.slot_starts of the paragraph's text, needed when the line is distributed; ``indexed``
    asks for each glyph's index in the paragraph's text; ``texts`` for the text each run draws
    (glyph_runs.with_text_ends), for the PDF's text layer."""
    lo, hi = max(span[0], piece.start), min(span[1], piece.end)
    if hi <= lo:
        return []
    if indexed or (line.spread and slots is not None):
        runs = indexed_glyph_runs(line.line, lo, hi - lo, text)
        if line.spread and slots is not None:
            _distribute(runs, line.spread, _visual_slots(line, span, text, slots))
    elif texts:
        runs = list(line.line.glyphRuns(lo, hi - lo, _WITH_STRING_INDEXES))
    else:
        runs = list(line.line.glyphRuns(lo, hi - lo))
    if texts:
        with_text_ends(runs, line.line, text, lo, hi)
    return _at_true_size(runs, piece.font)


def indexed_glyph_runs(line: QTextLine, start: int, length: int, text: str) -> list[QGlyphRun]:
    """``line``'s glyph runs for ``length`` UTF-16 units of ``text`` from ``start``, each glyph
    with the index of its cluster's first unit in ``text``.

    Qt (6.11) gives the right indexes only to the first of the runs it cuts a script item into
    by font: the later ones (a fallback font's glyphs and whatever follows them in the item, such
    as the space after a Thai word in a face without Thai) get the item's first index for every
    glyph, so distributed lines moved those glyphs as if they began the item. Where the indexes do
    not rise from run to run, the range is asked for again one grapheme cluster at a time, whose
    glyphs are then that cluster's, and runs in the same font are joined again."""
    runs = list(line.glyphRuns(start, length, _WITH_STRING_INDEXES))
    if _indexes_rise(runs):
        return runs
    finder = QTextBoundaryFinder(QTextBoundaryFinder.BoundaryType.Grapheme, text)
    finder.setPosition(start)
    end = start + length
    out: list[QGlyphRun] = []
    lo = start
    while lo < end:
        hi = finder.toNextBoundary()
        hi = end if hi < 0 or hi > end else max(hi, lo + 1)
        for run in line.glyphRuns(lo, hi - lo, _WITH_STRING_INDEXES):
            indexes = [i if lo <= i < hi else lo for i in run.stringIndexes()]
            _join_run(out, run, indexes)
        lo = hi
    return out


def _indexes_rise(runs: list[QGlyphRun]) -> bool:
    """Whether each run's string indexes (one per glyph) never fall and each run starts past the
    previous one's last, as left-to-right runs in their order do."""
    last = -1
    for run in runs:
        indexes = run.stringIndexes()
        if len(indexes) != len(run.glyphIndexes()):
            return False
        if not indexes:
            continue
        if indexes[0] <= last or any(b < a for a, b in itertools.pairwise(indexes)):
            return False
        last = indexes[-1]
    return True


def _join_run(out: list[QGlyphRun], run: QGlyphRun, indexes: list[int]) -> None:
    """Append ``run`` with ``indexes`` to ``out``, into its last run when font and flags match."""
    if out and out[-1].rawFont() == run.rawFont() and out[-1].flags() == run.flags():
        joined = out[-1]
        joined.setGlyphIndexes([*joined.glyphIndexes(), *run.glyphIndexes()])
        joined.setPositions([*joined.positions(), *run.positions()])
        joined.setStringIndexes([*joined.stringIndexes(), *indexes])
        joined.setBoundingRect(QRectF())  # measured again from the joined glyphs
        return
    copy = QGlyphRun(run)
    copy.setStringIndexes(indexes)
    out.append(copy)


def _slots(para: ParagraphBox) -> list[int] | None:
    return slot_starts(para.para.text) if any(line.spread for line in para.lines) else None


_TRAILING = " \t\u2028\u3000"  # as layout._line_slots leaves them out


def _visual_slots(line: LineBox, span: tuple[int, int], text: str, slots: list[int]) -> dict[int, int]:
    """For each cluster on a distributed ``line`` (by the string index its glyphs carry), how many
    places (layout.slot_starts) the clusters drawn left of it take: its share of the spread.

    That is the characters before it in the text only where the line runs left to right; a
    right-to-left word's first letter is drawn at its right end, so the order is read from where
    the glyphs stand."""
    lefts: dict[int, float] = {}
    for run in indexed_glyph_runs(line.line, span[0], span[1] - span[0], text):
        for index, pos in zip(run.stringIndexes(), run.positions(), strict=False):
            lefts[index] = min(pos.x(), lefts.get(index, pos.x()))
    last = len(slots) - 1
    units = _utf16_units(text)
    end = span[1]
    while end > span[0] and end <= len(units) and units[end - 1] in _TRAILING:
        end -= 1  # the line's trailing spaces take no place (layout._line_slots), wherever drawn
    starts = sorted(lefts)
    # A cluster takes the places up to the next cluster's in the text (a ligature's letters too).
    places = {
        i: slots[min(nxt, end, last)] - slots[min(i, last)] if i < end else 0
        for i, nxt in zip(starts, [*starts[1:], span[1]], strict=True)
    }
    out: dict[int, int] = {}
    taken = 0
    for index in sorted(starts, key=lambda i: (lefts[i], i)):
        out[index] = taken
        taken += places[index]
    return out


def _distribute(runs: list[QGlyphRun], spread: float, places: dict[int, int]) -> None:
    """Move each glyph right by ``spread`` per place taken left of its cluster (_visual_slots)."""
    for run in runs:
        indexes = run.stringIndexes()
        positions = run.positions()
        if len(indexes) != len(positions):
            continue
        moved = [
            QPointF(pos.x() + spread * places.get(i, 0), pos.y()) for i, pos in zip(indexes, positions, strict=True)
        ]
        run.setPositions(moved)
        run.setBoundingRect(QRectF())  # measured again from the moved glyphs


def _at_true_size(runs: list[QGlyphRun], font: QFont) -> list[QGlyphRun]:
    """Glyph runs drawn at the font's own size: Qt's engine rounds it to a whole pixel, and the
    layout only scaled the advances back (build.true_size)."""
    target = font.pointSizeF() * 96.0 / 72.0
    for run in runs:
        raw = run.rawFont()
        if target > 0 and abs(raw.pixelSize() - target) > 1e-3:
            raw.setPixelSize(target)
            run.setRawFont(raw)
    return runs


def _extent(runs: list[QGlyphRun]) -> tuple[float, float] | None:
    rects = [r.boundingRect() for r in runs if r.glyphIndexes()]
    if not rects:
        return None
    return min(r.left() for r in rects), max(r.right() for r in rects)


def _utf16_units(text: str) -> str | list[str]:
    """``text`` indexable by UTF-16 unit: a character outside the BMP takes two places."""
    if all(ord(ch) < 0x10000 for ch in text):
        return text
    return [unit for ch in text for unit in ((ch, ch) if ord(ch) >= 0x10000 else (ch,))]


def _draw_upright(painter: QPainter, offset: QPointF, run: QGlyphRun, text: str) -> None:
    """Each East Asian glyph turned back a quarter about its em box's centre: the line itself is
    turned a quarter clockwise (eaVert), so those characters stand upright, stacked down the
    column. Others (Latin letters, half-width digits and punctuation in the same run) stay turned
    with the line, as PowerPoint draws them (Unicode's vertical orientation R: sideways)."""
    size = run.rawFont().pixelSize()
    indexes = run.glyphIndexes()
    positions = run.positions()
    chars = run.stringIndexes()
    if len(chars) != len(indexes):
        chars = []
    units = _utf16_units(text)  # Qt's string indexes count UTF-16 units
    upright = [0 <= i < len(units) and slot_of(units[i]) is Script.EA for i in chars]
    if not any(upright):
        draw_glyph_run(painter, offset, run)
        return
    if not all(upright):
        sideways = [k for k, up in enumerate(upright) if not up]
        rest = QGlyphRun()
        rest.setRawFont(run.rawFont())
        rest.setGlyphIndexes([indexes[k] for k in sideways])
        rest.setPositions([positions[k] for k in sideways])
        draw_glyph_run(painter, offset, rest)
        keep = [k for k, up in enumerate(upright) if up]
        indexes = [indexes[k] for k in keep]
        positions = [positions[k] for k in keep]
    advances = run.rawFont().advancesForGlyphIndexes(indexes)
    for index, pos, advance in zip(indexes, positions, advances, strict=False):
        single = QGlyphRun()
        single.setRawFont(run.rawFont())
        single.setGlyphIndexes([index])
        single.setPositions([QPointF(0.0, 0.0)])
        # Ideographic em box: from 0.88 em above the baseline to 0.12 em below it.
        centre = QPointF(offset.x() + pos.x() + advance.x() / 2.0, offset.y() + pos.y() - 0.38 * size)
        painter.save()
        painter.translate(centre)
        painter.rotate(-90.0)
        draw_glyph_run(painter, QPointF(-advance.x() / 2.0, 0.38 * size), single)
        painter.restore()


def line_runs(body: BodyBox) -> list[tuple[LineBox, list[tuple[Piece, list[QGlyphRun]]]]]:
    """Every line of ``body`` in reading order with its pieces' glyph runs, as paint_body draws
    them (positions relative to the body's origin, before the piece's baseline shift)."""
    lines: list[tuple[LineBox, list[tuple[Piece, list[QGlyphRun]]]]] = []
    for para in body.paragraphs:
        slots = _slots(para)
        for line in para.lines:
            use_line_options(para.layout, line)
            span = _line_span(line)
            pieces = [
                (piece, _piece_runs(line, piece, span, para.para.text, slots, texts=True))
                for piece in para.para.pieces_between(*span)
            ]
            lines.append((line, [(piece, runs) for piece, runs in pieces if runs]))
    return lines


def _paint_run_effects(
    painter: QPainter, body: BodyBox, origin: QPointF, upright_ea: bool, stand_ins: StandIns | None
) -> None:
    """Shadows and glows of runs that have them, behind all of the body's text.

    They are drawn from the glyphs' outlines, so the PDF's text layer holds each character once.
    """
    shadows: dict[tuple[object, ...], tuple[OuterShadow, QPainterPath]] = {}
    glows: dict[tuple[object, ...], tuple[Glow, QPainterPath]] = {}
    for para in body.paragraphs:
        slots = _slots(para)
        for line in para.lines:
            use_line_options(para.layout, line)
            span = _line_span(line)
            for piece in para.para.pieces_between(*span):
                shadow, glow = ink_shadow(piece), piece.props.glow
                if (shadow is None and glow is None) or piece.color is None:
                    continue
                if upright_ea and piece.slot is Script.EA:
                    continue  # glyphs turned one by one: their effects are left out
                runs = _piece_runs(line, piece, span, para.para.text, slots)
                if not runs:
                    continue
                outlines = glyph_outlines(runs, QPointF(origin.x(), origin.y() - piece.shift))
                if shadow is not None:
                    shadows.setdefault(effect_key(shadow), (shadow, QPainterPath()))[1].addPath(outlines)
                if glow is not None:
                    glows.setdefault(effect_key(glow), (glow, QPainterPath()))[1].addPath(outlines)
    # One drawing per distinct effect for the whole body: a raster blur is then one image, not one
    # per run and line.
    for shadow, outlines in shadows.values():
        draw_outer_shadow(painter, shadow, outlines, stand_ins)
    for glow, outlines in glows.values():
        draw_glow(painter, glow, outlines, stand_ins)


def cast_by_text(body: BodyBox, shadow: OuterShadow | None, glow: Glow | None = None) -> BodyBox:
    """``body`` with every run that has no shadow (glow) of its own casting ``shadow`` (``glow``): a
    shape without a fill hands its outer shadow and glow to its text (PowerPoint shades and lights
    what the shape shows). A copy: laid out bodies are cached and shared."""
    if shadow is None and glow is None:
        return body

    def handed(piece: Piece) -> Piece:
        props = piece.props
        if (shadow is None or props.shadow is not None) and (glow is None or props.glow is not None):
            return piece
        own_shadow = props.shadow if props.shadow is not None else shadow
        own_glow = props.glow if props.glow is not None else glow
        return replace(piece, props=replace(props, shadow=own_shadow, glow=own_glow))

    paragraphs = [
        replace(box, para=replace(box.para, pieces=[handed(piece) for piece in box.para.pieces]))
        for box in body.paragraphs
    ]
    return replace(body, paragraphs=paragraphs)


def ink_shadow(piece: Piece) -> OuterShadow | None:
    """The piece's outer shadow, as strong as its glyphs are drawn: the shadow is that of what is
    drawn, so text at 40 % opacity casts one 40 % as strong and clear text none, as see-through
    fills of shapes do (shapes.py). The strongest of the fill and the outline counts; a gradient or
    picture fill, whose opacity varies over the glyphs, keeps the shadow whole."""
    shadow = piece.props.shadow
    if shadow is None or piece.color is None or piece.props.fill is not None:
        return shadow
    alpha = piece.color.alphaF()
    if piece.props.outline is not None:
        alpha = max(alpha, piece.props.outline[0].alphaF())
    if alpha >= 1.0:
        return shadow
    if alpha <= 0.0:
        return None
    color = QColor(shadow.color)
    color.setAlphaF(color.alphaF() * alpha)
    return replace(shadow, color=color)


def effect_key(effect: OuterShadow | Glow) -> tuple[object, ...]:
    return (type(effect), effect.color.rgba(), *(v for k, v in vars(effect).items() if k != "color"))


def paint_body(
    painter: QPainter, ctx: TextContext, body: BodyBox, origin: QPointF, *, upright_ea: bool = False
) -> None:
    if not upright_ea and has_run_reflections(body):
        # First, shadows included: the next line's text lies over a copy hanging onto it.
        paint_run_reflections(painter, ctx, body, origin, line_runs(body), paint_body)
    if any(
        p.props.shadow is not None or p.props.glow is not None for para in body.paragraphs for p in para.para.pieces
    ):
        _paint_run_effects(painter, body, origin, upright_ea, stand_ins_of(ctx))
    stand_ins = stand_ins_of(ctx)
    color_stand_ins = pdf_stand_ins(painter, stand_ins)
    for para in body.paragraphs:
        _paint_bullet(painter, para, origin)
        slots = _slots(para)
        painted = not upright_ea and has_glyph_paints(para.para.pieces)
        for line in para.lines:
            use_line_options(para.layout, line)
            span = _line_span(line)
            on_line = [
                (
                    piece,
                    _piece_runs(
                        line,
                        piece,
                        span,
                        para.para.text,
                        slots,
                        indexed=upright_ea and piece.slot is Script.EA,
                        texts=True,
                    ),
                )
                for piece in para.para.pieces_between(*span)
            ]
            boxes = glyph_paint_boxes(line, on_line) if painted else {}
            for piece, runs in on_line:
                upright = upright_ea and piece.slot is Script.EA
                if piece.math is not None:
                    _paint_math(painter, line, piece, origin)
                    continue
                if not runs:
                    continue
                offset = QPointF(origin.x(), origin.y() - piece.shift)
                # The glyphs' extent only matters to highlights, lines and links (most runs have none).
                props = piece.props
                decorated = piece.color is not None and (
                    piece.underline not in ("none", "") or props.strike in ("sngStrike", "dblStrike")
                )
                extent = _extent(runs) if decorated or props.highlight is not None or piece.link else None
                top = line.baseline - line.ascent - piece.shift
                if extent is not None and piece.props.highlight is not None:
                    rect = QRectF(extent[0], top, extent[1] - extent[0], line.ascent + line.descent)
                    painter.fillRect(rect.translated(origin), piece.props.highlight)
                fill_box = boxes.get(piece.props.fill) if piece.props.fill is not None else None
                if piece.color is not None and fill_box is not None:
                    paint_filled_glyphs(painter, ctx, piece, runs, offset, fill_box.translated(origin))
                elif piece.color is not None:
                    painter.setPen(QPen(piece.color))
                    for run in runs:
                        if upright:
                            _draw_upright(painter, offset, run, para.para.text)
                        elif not draw_color_run(painter, offset, run, color_stand_ins):
                            draw_glyph_run(painter, offset, run)
                if props.inner_shadow is not None and piece.color is not None and not upright:
                    draw_inner_shadow(painter, props.inner_shadow, glyph_outlines(runs, offset), stand_ins)
                line_box = boxes.get(piece.props.outline_line) if piece.props.outline_line is not None else None
                stroked = line_box is not None and stroke_glyphs(
                    painter, ctx, piece, runs, offset, line_box.translated(origin)
                )
                if not stroked and piece.props.outline is not None and not upright:
                    # Drawn from the glyphs' outlines over the fill, so the text layer keeps one copy.
                    color, width = piece.props.outline
                    pen = QPen(color, width)
                    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
                    painter.strokePath(glyph_outlines(runs, offset), pen)
                if decorated and extent is not None:
                    _decorate(
                        painter,
                        piece,
                        runs[0],
                        extent,
                        _word_spans(runs) if piece.underline == "words" else [extent],
                        baseline=line.baseline - piece.shift,
                        origin=origin,
                    )
                if extent is not None and piece.link:
                    rect = QRectF(extent[0], top, extent[1] - extent[0], line.ascent + line.descent)
                    ctx.add_link(painter, rect.translated(origin), piece.link)


def _paint_math(painter: QPainter, line: LineBox, piece: Piece, origin: QPointF) -> None:
    """A math piece's equation where its one character stands on the line."""
    color = piece.props.color if piece.props.visible else None
    if piece.math is None or color is None:
        return
    x = cursor_x(line.line.cursorToX(piece.start))
    paint_math(painter, piece.math, QPointF(origin.x() + x, origin.y() + line.baseline - piece.shift), color)


def _decorate(
    painter: QPainter,
    piece: Piece,
    run: QGlyphRun,
    extent: tuple[float, float],
    underlined: list[tuple[float, float]],
    *,
    baseline: float,
    origin: QPointF,
) -> None:
    for pen, path in _decoration_strokes(piece, run, extent, underlined, baseline=baseline, origin=origin):
        painter.strokePath(path, pen)


def decoration_strokes(
    piece: Piece, runs: list[QGlyphRun], *, baseline: float, origin: QPointF
) -> list[tuple[QPen, QPainterPath]]:
    """The underline and strike of ``piece``'s ``runs`` on one line (baseline in layout
    coordinates, before the piece's shift), as the pen strokes paint_body draws: for warped text."""
    extent = _extent(runs)
    if extent is None or piece.color is None:
        return []
    underlined = _word_spans(runs) if piece.underline == "words" else [extent]
    return _decoration_strokes(piece, runs[0], extent, underlined, baseline=baseline - piece.shift, origin=origin)


def _decoration_strokes(
    piece: Piece,
    run: QGlyphRun,
    extent: tuple[float, float],
    underlined: list[tuple[float, float]],
    *,
    baseline: float,
    origin: QPointF,
) -> list[tuple[QPen, QPainterPath]]:
    raw = run.rawFont()
    size = raw.pixelSize()
    thickness = max(raw.lineThickness(), size / 20.0)
    x0, x1 = extent[0] + origin.x(), extent[1] + origin.x()
    y_base = baseline + origin.y()
    color = piece.color if piece.color is not None else QColor(0, 0, 0)
    strokes: list[tuple[QPen, QPainterPath]] = []
    drawn = piece.underline not in ("none", "") and not piece.props.underline_hidden
    for left, right in underlined if drawn else []:
        strokes.append(_underline(piece, raw, thickness, left + origin.x(), right + origin.x(), y_base, color))
    if piece.props.strike in ("sngStrike", "dblStrike"):
        pen = QPen(color, thickness)
        pen.setCapStyle(Qt.PenCapStyle.FlatCap)
        y = y_base - raw.xHeight() / 2.0
        ys = (y - thickness, y + thickness) if piece.props.strike == "dblStrike" else (y,)
        strokes.append((pen, _segments(x0, x1, ys)))
    return strokes


def _segments(x0: float, x1: float, ys: tuple[float, ...]) -> QPainterPath:
    path = QPainterPath()
    for y in ys:
        path.moveTo(x0, y)
        path.lineTo(x1, y)
    return path


_SPACES = " \u00a0\u3000"


def _word_spans(runs: list[QGlyphRun]) -> list[tuple[float, float]]:
    """The stretches of ``runs`` between spaces: u="words" underlines words, not the spaces
    between them (ECMA-376 ST_TextUnderlineType)."""
    glyphs: list[tuple[float, float, bool]] = []
    for run in runs:
        raw = run.rawFont()
        spaces = set(raw.glyphIndexesForString(_SPACES))
        indexes = run.glyphIndexes()
        advances = raw.advancesForGlyphIndexes(indexes)
        for index, pos, advance in zip(indexes, run.positions(), advances, strict=False):
            glyphs.append((pos.x(), pos.x() + advance.x(), index in spaces))
    spans: list[tuple[float, float]] = []
    current: tuple[float, float] | None = None
    for left, right, space in sorted(glyphs):
        if space:
            if current is not None:
                spans.append(current)
            current = None
        else:
            current = (left, right) if current is None else (current[0], max(current[1], right))
    if current is not None:
        spans.append(current)
    return spans


def _underline(
    piece: Piece,
    raw: QRawFont,
    thickness: float,
    x0: float,
    x1: float,
    y_base: float,
    color: QColor,
) -> tuple[QPen, QPainterPath]:
    """One stretch of a run's underline, from ``x0`` to ``x1`` (page coordinates)."""
    kind = piece.underline
    size = raw.pixelSize()
    props = piece.props
    under_color = props.underline_color or props.underline_line_color or color
    # An a:uLn width is the stroke's own; otherwise the font's, doubled for the heavy styles.
    width = props.underline_width or thickness * (2.0 if kind in _HEAVY else 1.0)
    y = y_base + max(raw.underlinePosition(), thickness)
    pen = QPen(under_color, width)
    pen.setCapStyle(Qt.PenCapStyle.FlatCap)
    dashes = _DASHES.get(kind.removesuffix("Heavy"))
    if dashes is not None:
        pen.setDashPattern(dashes)
    if kind.startswith("wavy"):
        # PowerPoint's wave is a fine 45-degree zigzag as tall as 1/30 of the font size, drawn in
        # lines of 1/150 of it: its PDF of an 18 pt wavyDbl run strokes two 0.6 pt zigzags of
        # period 1.2 pt in 0.12 pt lines, the second 0.72 pt under the first.
        height = size / 30.0
        pen.setWidthF(props.underline_width or size / 150.0 * (2.0 if kind in _HEAVY else 1.0))
        path = _zigzag(x0, x1, y, height)
        if kind == "wavyDbl":
            path.addPath(_zigzag(x0, x1, y + 1.2 * height, height))
        return pen, path
    if kind == "dbl":
        return pen, _segments(x0, x1, (y, y + 2.0 * width))
    return pen, _segments(x0, x1, (y,))


def _zigzag(x0: float, x1: float, y: float, height: float) -> QPainterPath:
    """A zigzag centred on ``y`` from ``x0`` to ``x1``, ``height`` tall with 45-degree sides,
    starting at its top (nearest the text) as PowerPoint's does."""
    step = max(height, 0.2)  # below 6 pt the zigzag is too fine to see: fewer, flatter steps
    top, bottom = y - height / 2.0, y + height / 2.0
    path = QPainterPath(QPointF(x0, top))
    x, down = x0, True
    while x < x1:
        nx = min(x + step, x1)
        # a last, shorter step ends part way up or down its side
        along = (nx - x) / step
        start, end = (top, bottom) if down else (bottom, top)
        path.lineTo(QPointF(nx, start + (end - start) * along))
        down = not down
        x = nx
    return path


def _paint_bullet(painter: QPainter, para: ParagraphBox, origin: QPointF) -> None:
    bullet = para.bullet
    spec = para.para.bullet
    if bullet is None or spec is None:
        return
    if spec.image is not None:
        image = image_from_data(spec.image)
        if not image.isNull():
            side = bullet.size
            rect = QRectF(origin.x() + bullet.x, origin.y() + bullet.baseline - side * 0.8, side, side)
            painter.drawImage(rect, image)
            return
    if bullet.layout is None or spec.color is None or not bullet.layout.lineCount():
        return
    line = bullet.layout.lineAt(0)
    offset = QPointF(origin.x() + bullet.x, origin.y() + bullet.baseline - line.ascent())
    painter.setPen(QPen(spec.color))
    for run in _at_true_size(list(bullet.layout.glyphRuns()), spec.font):
        draw_glyph_run(painter, offset, run)


def bullet_outline(para: ParagraphBox, origin: QPointF) -> tuple[QColor, QPainterPath] | None:
    """A character bullet's glyph outlines where _paint_bullet draws it, with its colour: for
    warped text. None for no bullet, a picture bullet or one without a colour."""
    bullet, spec = para.bullet, para.para.bullet
    if bullet is None or spec is None or spec.image is not None or spec.color is None:
        return None
    if bullet.layout is None or not bullet.layout.lineCount():
        return None
    line = bullet.layout.lineAt(0)
    offset = QPointF(origin.x() + bullet.x, origin.y() + bullet.baseline - line.ascent())
    outlines = glyph_outlines(_at_true_size(list(bullet.layout.glyphRuns()), spec.font), offset)
    return (spec.color, outlines) if not outlines.isEmpty() else None


def rotation_degrees(value: str | None) -> float:
    try:
        return int(value or "0") / 60000.0
    except ValueError:
        return 0.0


def is_finite(value: float) -> bool:
    return math.isfinite(value)
