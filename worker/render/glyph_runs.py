"""Drawing glyph runs whose characters no font has.

When no font covers a character, Qt lays it out as glyph 0 of the run's font, the .notdef glyph
(usually an empty box, which is what PowerPoint shows as well). Written as text, that glyph breaks
PDF/A (ISO 19005-2 6.2.11.8 forbids any reference to .notdef) and puts a nonsense character into
the text layer. So the box is drawn as a filled outline instead, and the text keeps a space glyph
in its place: the run stays one run (underlines and links span it as before)."""

from __future__ import annotations

from PySide6.QtCore import QPointF
from PySide6.QtGui import QFontMetricsF, QGlyphRun, QPainter, QPainterPath, QTextLayout, QTextOption

NOTDEF = 0


def draw_glyph_run(painter: QPainter, origin: QPointF, run: QGlyphRun) -> None:
    """``painter.drawGlyphRun(origin, run)``, with any .notdef glyph drawn as its outline."""
    indexes = run.glyphIndexes()
    if NOTDEF not in indexes:
        painter.drawGlyphRun(origin, run)
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
    brush = painter.pen().brush()
    if brush.color().alpha() == 0 and brush.gradient() is None and brush.texture().isNull():
        return  # an invisible text layer (warped text): nothing to see, so no box either
    box = raw.pathForGlyph(NOTDEF)
    boxes = QPainterPath()
    boxes.setFillRule(box.fillRule())
    for glyph, pos in pairs:
        if glyph == NOTDEF:
            boxes.addPath(box.translated(origin + pos))
    painter.fillPath(boxes, brush)


def glyph_outlines(runs: list[QGlyphRun], offset: QPointF) -> QPainterPath:
    """The glyphs' outlines, where ``painter.drawGlyphRun(offset, run)`` would draw them."""
    outlines = QPainterPath()
    for run in runs:
        raw = run.rawFont()
        for index, pos in zip(run.glyphIndexes(), run.positions(), strict=False):
            outlines.addPath(raw.pathForGlyph(index).translated(offset + pos))
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
