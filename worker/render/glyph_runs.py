"""Drawing glyph runs whose characters no font has.

When no font covers a character, Qt lays it out as glyph 0 of the run's font, the .notdef glyph
(usually an empty box, which is what PowerPoint shows as well). Written as text, that glyph breaks
PDF/A (ISO 19005-2 6.2.11.8 forbids any reference to .notdef) and puts a nonsense character into
the text layer. So the box is drawn as a filled outline instead, and the text keeps a space glyph
in its place: the run stays one run (underlines and links span it as before)."""

from __future__ import annotations

import re

from PySide6.QtCore import QPointF, Qt, QTextBoundaryFinder
from PySide6.QtGui import (
    QFont,
    QFontMetricsF,
    QGlyphRun,
    QPaintEngine,
    QPainter,
    QPainterPath,
    QRawFont,
    QTextLayout,
    QTextLine,
    QTextOption,
    QTransform,
)

from worker.render.actual_text import note_run
from worker.render.caches import remember
from worker.render.color_fonts import ColorKind, color_kind, glyph_path

NOTDEF = 0

# The slant PowerPoint gives italic text in a typeface without an italic face: x moves by 0.34 of
# the height above the baseline (its PDFs set a 15 pt Malgun Gothic quiz line at [15 0 5.098 15],
# o2pgold 04_training_deck_ko p3 in reference_ppt; Word's measured the same in
# github.com/developer0hye/office2pdf/issues/686). Qt's own synthesis slants by 0.3 in PDFs.
SYNTHETIC_ITALIC_SLANT = 0.34
_UPRIGHT: dict[tuple[str, str, int, float], QRawFont | None] = {}
# Qt's raster engine draws glyphs up to this many device pixels from its glyph cache and fills
# larger ones as outlines (QT_MAX_CACHED_GLYPH_SIZE); that branch draws nothing for a raw font
# resized with QRawFont.setPixelSize (Qt 6.11), as every fractional size is (text.build.true_size).
_MAX_CACHED_GLYPH_PX = 64.0


def _upright(raw: QRawFont) -> QRawFont | None:
    """The upright face ``raw`` was slanted from when Qt made its italic up (the typeface has no
    italic or oblique face); None when ``raw`` is upright or a real italic."""
    if raw.style() == QFont.Style.StyleNormal:
        return None
    style = raw.styleName()
    if any(word in style.lower() for word in ("italic", "oblique", "slanted", "kursiv")):
        return None
    key = (raw.familyName(), style, raw.weight(), raw.pixelSize())
    if key in _UPRIGHT:
        return _UPRIGHT[key]
    font = QFont(raw.familyName())
    font.setStyleName(style)
    font.setWeight(QFont.Weight(raw.weight()))
    font.setPixelSize(max(round(raw.pixelSize()), 1))
    font.setItalic(False)
    found: QRawFont | None = QRawFont.fromFont(font)
    if found is None or not found.isValid() or found.familyName() != raw.familyName():
        found = None
    else:
        found.setPixelSize(raw.pixelSize())
    return remember(_UPRIGHT, key, found, 256)


def draw_glyph_run(painter: QPainter, origin: QPointF, run: QGlyphRun) -> None:
    """``painter.drawGlyphRun(origin, run)``, with any .notdef glyph drawn as its outline, and
    italic text Qt would slant itself slanted as PowerPoint slants it (SYNTHETIC_ITALIC_SLANT)."""
    # Only slanted text needs the positions: asking for them builds a QPointF per glyph, as
    # costly as drawing the run (a chart of 200,000 labels spent 15 of 91 profiled s there).
    upright = _upright(run.rawFont())
    positions = run.positions() if upright is not None else []
    if upright is None or not positions:
        _draw_glyph_run(painter, origin, run)
        return
    straight = QGlyphRun(run)
    straight.setRawFont(upright)
    baseline = origin.y() + positions[0].y()
    painter.save()
    # x' = x - slant * (y - baseline): glyphs lean right above their baseline, as in an italic.
    k = SYNTHETIC_ITALIC_SLANT
    painter.setTransform(QTransform(1.0, 0.0, -k, 1.0, k * baseline, 0.0), True)
    _draw_glyph_run(painter, origin, straight)
    painter.restore()


def _fills_outlines(painter: QPainter, run: QGlyphRun) -> bool:
    """Whether Qt would fill ``run``'s glyphs as outlines on ``painter`` (_MAX_CACHED_GLYPH_PX);
    a run with lines of its own (a metafile's underlined text) is left to Qt, which draws them."""
    if run.underline() or run.overline() or run.strikeOut():
        return False
    if color_kind(run.rawFont()) is ColorKind.BITMAPS:
        return False  # pictures, which Qt scales itself at any size; they have no outlines
    engine = painter.paintEngine()
    if engine is None or engine.type() is not QPaintEngine.Type.Raster:
        return False
    scale = abs(painter.combinedTransform().determinant())
    return run.rawFont().pixelSize() ** 2 * scale > _MAX_CACHED_GLYPH_PX**2


def _fill_outlines(painter: QPainter, origin: QPointF, run: QGlyphRun) -> None:
    """The run's glyphs filled as outlines with the pen's brush, as Qt's raster engine fills large
    glyphs itself (antialiased when text is)."""
    raw = run.rawFont()
    outlines = QPainterPath()
    outlines.setFillRule(Qt.FillRule.WindingFill)
    for index, pos in zip(run.glyphIndexes(), run.positions(), strict=False):
        outlines.addPath(glyph_path(raw, index).translated(origin + pos))
    painter.save()
    if painter.testRenderHint(QPainter.RenderHint.TextAntialiasing):
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.fillPath(outlines, painter.pen().brush())
    painter.restore()


def _draw_glyph_run(painter: QPainter, origin: QPointF, run: QGlyphRun) -> None:
    if _fills_outlines(painter, run):
        _fill_outlines(painter, origin, run)  # .notdef included: its outline is the box
        return
    indexes = run.glyphIndexes()
    if NOTDEF not in indexes:
        painter.drawGlyphRun(origin, run)
        note_run(painter, run)
        return
    raw = run.rawFont()
    positions = run.positions()
    spaces = raw.glyphIndexesForString(" ")
    blank = spaces[0] if spaces and spaces[0] != NOTDEF else None
    pairs = list(zip(indexes, positions, strict=False))
    if blank is None:  # no space glyph to hold the place: the text just leaves the box out
        kept = [(glyph, pos) for glyph, pos in pairs if glyph != NOTDEF]
    else:
        kept = [(blank if glyph == NOTDEF else glyph, pos) for glyph, pos in pairs]
    if kept:
        text = QGlyphRun(run)
        text.setGlyphIndexes([glyph for glyph, _ in kept])
        text.setPositions([pos for _, pos in kept])
        painter.drawGlyphRun(origin, text)
        note_run(painter, text)
    brush = painter.pen().brush()
    if brush.color().alpha() == 0 and brush.gradient() is None and brush.texture().isNull():
        return  # an invisible text layer (warped text): nothing to see, so no box either
    box = glyph_path(raw, NOTDEF)
    boxes = QPainterPath()
    boxes.setFillRule(box.fillRule())
    for glyph, pos in pairs:
        if glyph == NOTDEF:
            boxes.addPath(box.translated(origin + pos))
    painter.fillPath(boxes, brush)


# Glyph runs with each glyph's index in the text (QTextLayout.glyphRuns, QTextLine.glyphRuns).
WITH_STRING_INDEXES = (
    QTextLayout.GlyphRunRetrievalFlag.RetrieveGlyphIndexes
    | QTextLayout.GlyphRunRetrievalFlag.RetrieveGlyphPositions
    | QTextLayout.GlyphRunRetrievalFlag.RetrieveStringIndexes
)


def with_text_ends(runs: list[QGlyphRun], line: QTextLine, text: str, start: int, end: int) -> list[QGlyphRun]:
    """``runs`` (``line``'s, asked for with their string indexes, into ``text``, for the UTF-16
    units ``start`` to ``end``) each given the text it draws, for the PDF's text layer
    (actual_text): its source string is ``text`` cut where the run's characters end, which is
    where the next cluster of the runs starts.

    Qt (6.11) gives the later runs of a script item cut by font the item's first index for every
    glyph: those runs are given their indexes again from the line asked one grapheme at a time.
    All are left without a text when the indexes still do not rise, or slip where format
    characters (soft hyphens, joiners) lose their glyphs. Right-to-left runs are not marked
    (their shaped forms are named in the ToUnicode maps)."""
    units = text.encode("utf-16-le")
    wide = len(units) != 2 * len(text)
    segment = units[2 * start : 2 * end].decode("utf-16-le", "replace") if wide else text[start:end]
    if not runs or _FORMAT.search(segment) is not None or any(run.isRightToLeft() for run in runs):
        return runs
    if not _rising(runs, start) and not (_reindex(runs, line, text, start, end) and _rising(runs, start)):
        return runs
    firsts = sorted({i for run in runs for i in run.stringIndexes()})
    ends = dict(zip(firsts, [*firsts[1:], end], strict=True))
    for run in runs:
        stop = ends[run.stringIndexes()[-1]]
        run.setSourceString(units[: 2 * stop].decode("utf-16-le", "replace") if wide else text[:stop])
    return runs


def _rising(runs: list[QGlyphRun], start: int) -> bool:
    """Whether each run has an index per glyph, from ``start`` on, rising from run to run."""
    last = start - 1
    for run in runs:
        indexes = run.stringIndexes()
        if len(indexes) != len(run.glyphIndexes()) or not indexes or indexes[0] <= last:
            return False
        last = indexes[-1]
    return True


def _reindex(runs: list[QGlyphRun], line: QTextLine, text: str, start: int, end: int) -> bool:
    """Give ``runs`` the indexes of the grapheme clusters their glyphs are drawn for: ``line``
    asked one cluster at a time, the glyphs in one font joined, must give each run's glyphs."""
    finder = QTextBoundaryFinder(QTextBoundaryFinder.BoundaryType.Grapheme, text)
    finder.setPosition(start)
    bounds = [start]
    while bounds[-1] < end:
        hi = finder.toNextBoundary()
        bounds.append(end if hi < 0 or hi > end else max(hi, bounds[-1] + 1))
    found: list[tuple[QRawFont, list[int], list[int]]] = []
    _gather(found, line, bounds, 0, len(bounds) - 1)
    at = 0
    indexes: list[list[int]] = []
    for run in runs:
        glyphs = run.glyphIndexes()
        while at < len(found) and not (found[at][0] == run.rawFont() and found[at][1] == glyphs):
            at += 1
        if at == len(found):
            return False
        indexes.append(found[at][2])
        at += 1
    for run, own in zip(runs, indexes, strict=True):
        run.setStringIndexes(own)
    return True


# Clusters asked for together at first, and the fewest asked for together (below: one at a time).
_GATHER_SPAN = 64


def _gather(found: list[tuple[QRawFont, list[int], list[int]]], line: QTextLine, bounds: list[int], first: int,
            stop: int) -> None:  # fmt: skip
    """Add to ``found`` the glyphs ``line`` draws for the clusters ``bounds[first:stop+1]`` delimit,
    each glyph with its cluster's start, consecutive glyphs in one font joined: what asking for
    the clusters one at a time gives. A glyphRuns call per cluster made a chart of long labels
    spend most of its time here, so clusters are asked for in spans of up to _GATHER_SPAN. A span's
    glyphs are its clusters' own when there is one glyph per cluster and Qt gives each the start
    of its cluster, in order (the index Qt gives a glyph is a character it is drawn for, so that
    cluster alone gives that glyph); other spans are halved, down to single clusters."""
    count = stop - first
    if count > _GATHER_SPAN:
        middle = (first + stop) // 2
        _gather(found, line, bounds, first, middle)
        _gather(found, line, bounds, middle, stop)
        return
    lo = bounds[first]
    pieces = line.glyphRuns(lo, bounds[stop] - lo, WITH_STRING_INDEXES)
    if count > 1:
        owns = [run.stringIndexes() for run in pieces]
        starts = [i for own in owns for i in own]
        if starts != bounds[first:stop] or sum(len(run.glyphIndexes()) for run in pieces) != count:
            middle = (first + stop) // 2
            _gather(found, line, bounds, first, middle)
            _gather(found, line, bounds, middle, stop)
            return
    for k, run in enumerate(pieces):
        glyphs = run.glyphIndexes()
        own = owns[k] if count > 1 else [lo] * len(glyphs)
        if found and found[-1][0] == run.rawFont():
            found[-1][1].extend(glyphs)
            found[-1][2].extend(own)
        elif glyphs:
            found.append((run.rawFont(), list(glyphs), list(own)))


# Format characters (Unicode category Cf) Qt draws no glyph for.
_FORMAT = re.compile("[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]")


def glyph_outlines(runs: list[QGlyphRun], offset: QPointF) -> QPainterPath:
    """The glyphs' outlines, where ``painter.drawGlyphRun(offset, run)`` would draw them."""
    outlines = QPainterPath()
    for run in runs:
        raw = run.rawFont()
        upright = _upright(raw)
        for index, pos in zip(run.glyphIndexes(), run.positions(), strict=False):
            if upright is None:
                outlines.addPath(glyph_path(raw, index).translated(offset + pos))
            else:  # slanted about the glyph's own baseline, as draw_glyph_run draws it
                slant = QTransform(1.0, 0.0, -SYNTHETIC_ITALIC_SLANT, 1.0, 0.0, 0.0)
                outlines.addPath(slant.map(glyph_path(upright, index)).translated(offset + pos))
    return outlines


def draw_text(painter: QPainter, baseline: QPointF, text: str) -> None:
    """``painter.drawText(baseline, text)``, with characters no font has drawn as boxes (above).

    Text the painter's font covers takes Qt's own path; only the rare rest is laid out here,
    where Qt's font fallback and the .notdef glyph can be seen."""
    metrics = QFontMetricsF(painter.font())
    if all(metrics.inFontUcs4(ord(ch)) for ch in text):
        painter.drawText(baseline, text)
        return
    layout = QTextLayout(text, painter.font(), painter.device())
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.NoWrap)
    layout.setTextOption(option)
    layout.beginLayout()
    line = layout.createLine()
    if not line.isValid():
        layout.endLayout()
        return
    line.setLineWidth(1.0e6)
    layout.endLayout()
    origin = QPointF(baseline.x(), baseline.y() - line.ascent())
    for run in layout.glyphRuns():
        draw_glyph_run(painter, origin, run)
