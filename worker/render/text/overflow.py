"""a:bodyPr vertOverflow and horzOverflow (ECMA-376 21.1.2.1.1): text cut at the inset box.

vertOverflow="clip" and horzOverflow="clip" cut the text at the box's top and bottom, or its left
and right. vertOverflow="ellipsis" keeps the lines that fit whole and ends the last of them, where
the text goes on, in "…" (replacing its last characters when the line is full).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QPainter, QPen, QTextLayout, QTextLine

from worker.render.glyph_runs import draw_glyph_run
from worker.render.text.body import BodyProps
from worker.render.text.layout import BodyBox, LineBox, ParagraphBox, reference_device, use_line_options

log = logging.getLogger(__name__)

ELLIPSIS = "\u2026"
_FAR = 1.0e6  # an unclipped side of the clip rectangle


def overflow_clip(props: BodyProps, area: QRectF) -> QRectF | None:
    """The rectangle the text is cut to (text-area coordinates), None when it may overflow."""
    vertical = props.vert_overflow in ("clip", "ellipsis")
    if not vertical and not props.horz_clip:
        return None
    left, width = (area.left(), area.width()) if props.horz_clip else (-_FAR, 2 * _FAR)
    top, height = (area.top(), area.height()) if vertical else (-_FAR, 2 * _FAR)
    return QRectF(left, top, width, height)


def cut_at_ellipsis(body: BodyBox, top: float, bottom: float) -> tuple[BodyBox, ParagraphBox, LineBox] | None:
    """``body`` (placed with its top at ``top``) without the lines that do not fit whole above
    ``bottom``, and without the last line that does, which is returned with its paragraph to be
    drawn ending in an ellipsis. None when nothing is cut (or not even one line fits)."""
    kept: list[ParagraphBox] = []
    last: tuple[ParagraphBox, LineBox] | None = None
    cut = False
    for para in body.paragraphs:
        lines = []
        for line in para.lines:
            if top + line.baseline + line.descent > bottom + 0.5:
                cut = True
                break
            lines.append(line)
            last = (para, line)
        if lines:
            kept.append(replace(para, lines=lines, bullet=para.bullet))
        if cut:
            break
    if not cut or last is None:
        return None
    para, line = last
    # The last kept line is drawn on its own (ellipsis_line); its paragraph's other lines stay.
    trimmed = kept[:-1]
    rest = [ln for ln in kept[-1].lines if ln is not line]
    if rest:
        trimmed.append(replace(kept[-1], lines=rest))
    return BodyBox(trimmed, body.height), para, line


def paint_ellipsis_line(
    painter: QPainter,
    para: ParagraphBox,
    line: LineBox,
    origin: QPointF,
    right: float,
    paint: Callable[[QPainter, BodyBox, QPointF], None],
) -> None:
    """``line`` cut where an ellipsis fits before ``right`` (text-area x) and the ellipsis drawn
    after it, in the font and colour of the line's last characters; ``paint`` draws a body."""
    use_line_options(para.layout, line)
    start, end = line.line.textStart(), line.line.textStart() + line.line.textLength()
    text = para.para.text
    while end > start and text[end - 1].isspace():
        end -= 1
    piece = next((p for p in reversed(para.para.pieces) if p.start < end and p.end > start), None)
    if piece is None:
        return
    mark = QTextLayout(ELLIPSIS, piece.font, reference_device())
    mark.beginLayout()
    mark_line = mark.createLine()
    mark.endLayout()
    mark_width = mark_line.naturalTextWidth()
    stop = end
    end_x = _x_of(line.line, stop)
    while stop > start and end_x + mark_width > right + 0.5:
        stop -= 1
        end_x = _x_of(line.line, stop)
    first = line is para.lines[0]
    one = BodyBox([replace(para, lines=[line], bullet=para.bullet if first else None)], line.ascent + line.descent)
    painter.save()
    try:
        if stop < end:
            painter.setClipRect(
                QRectF(origin.x() - _FAR, origin.y() - _FAR, end_x + _FAR, 2 * _FAR), Qt.ClipOperation.IntersectClip
            )
        paint(painter, one, origin)
    finally:
        painter.restore()
    if piece.color is None:
        return
    painter.save()
    try:
        painter.setPen(QPen(piece.color))
        at = QPointF(origin.x() + end_x, origin.y() + line.baseline - mark_line.ascent() - piece.shift)
        for run in mark.glyphRuns():
            draw_glyph_run(painter, at, run)
    finally:
        painter.restore()


def _x_of(line: QTextLine, cursor: int) -> float:
    value = line.cursorToX(cursor)  # PySide: (x, cursor)
    first = value[0] if isinstance(value, tuple) else value
    return float(first) if isinstance(first, int | float) else 0.0
