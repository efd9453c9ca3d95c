"""Laid-out math: boxes with a width, an ascent and a descent (points, y down, the origin on the
baseline at the left edge) holding what to draw: text in a font, filled rectangles and paths.

A box is flat: placing one box in another copies its items, moved. Text items are measured with
QTextLayout on the layout reference device (1 unit = 1 pt) and drawn as glyph runs, so the PDF's
text layer holds the math's characters (actual_text names each run's text)."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field, replace

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor, QFont, QGlyphRun, QPainter, QPainterPath, QTextLayout

from worker.render.glyph_runs import WITH_STRING_INDEXES, draw_glyph_run, glyph_outlines, with_text_ends


@dataclass(frozen=True)
class TextItem:
    x: float
    y: float  # baseline
    text: str
    font: QFont
    size: float  # the true size in points (the font's engine size is a whole pixel)
    stretch: float = 1.0  # vertical scale about the baseline (grown delimiters)
    color: QColor | None = None  # its run's own (a:rPr), else the equation's


@dataclass(frozen=True)
class RectItem:
    rect: QRectF


@dataclass(frozen=True)
class PathItem:
    path: QPainterPath


Item = TextItem | RectItem | PathItem


@dataclass
class MathBox:
    width: float = 0.0
    ascent: float = 0.0
    descent: float = 0.0
    items: list[Item] = field(default_factory=list)

    def place(self, box: MathBox, dx: float, dy: float) -> None:
        """Copy ``box``'s items into this one with its origin at (dx, dy); extents are the caller's."""
        for item in box.items:
            if isinstance(item, TextItem):
                self.items.append(replace(item, x=item.x + dx, y=item.y + dy))
            elif isinstance(item, RectItem):
                self.items.append(RectItem(item.rect.translated(dx, dy)))
            else:
                self.items.append(PathItem(item.path.translated(dx, dy)))

    def grow(self, box: MathBox, dx: float, dy: float) -> None:
        """``place``, and the extents made to hold it."""
        self.place(box, dx, dy)
        self.width = max(self.width, dx + box.width)
        self.ascent = max(self.ascent, box.ascent - dy)
        self.descent = max(self.descent, box.descent + dy)

    def text(self) -> str:
        return "".join(item.text for item in self.items if isinstance(item, TextItem))


@functools.lru_cache(maxsize=4096)
def _line_layout(text: str, font: QFont) -> tuple[QTextLayout, float]:
    from worker.render.text.layout import one_line

    layout, line = one_line(text, font, baseline_at_zero=True)
    return layout, line.naturalTextWidth()


def forget_layouts() -> None:
    """Let go of the laid-out math text when a deck ends: its fonts may be the deck's own."""
    _line_layout.cache_clear()
    _ink.cache_clear()


def ink_bounds(item: TextItem) -> tuple[float, float]:
    """The ink's top and bottom of a text item, y down from its baseline (signed)."""
    return _ink(item.text, item.font, item.size)


@functools.lru_cache(maxsize=4096)
def _ink(text: str, font: QFont, size: float) -> tuple[float, float]:
    """The glyphs' own outlines, whichever fallback face drew them (QFontMetricsF measures the
    first family's glyphs only), at the true size."""
    layout, _ = _line_layout(text, font)
    top = bottom = 0.0
    found = False
    for run in layout.glyphRuns():
        raw = run.rawFont()
        scale = size / raw.pixelSize() if raw.pixelSize() > 0 else 1.0
        for glyph, pos in zip(run.glyphIndexes(), run.positions(), strict=False):
            rect = raw.boundingRect(glyph)
            if rect.isEmpty():
                continue
            rect = rect.translated(pos)
            top = min(top, rect.top() * scale) if found else rect.top() * scale
            bottom = max(bottom, rect.bottom() * scale) if found else rect.bottom() * scale
            found = True
    return top, bottom


def _runs(item: TextItem) -> list[QGlyphRun]:
    """The item's glyph runs at its true size, each knowing its text (for the PDF's text layer)."""
    layout, _ = _line_layout(item.text, item.font)
    line = layout.lineAt(0)
    units = len(item.text.encode("utf-16-le")) // 2
    runs = list(line.glyphRuns(0, units, WITH_STRING_INDEXES))
    with_text_ends(runs, line, item.text, 0, units)
    target = item.size  # layout units are points: a font of n pt is n pixels on the reference device
    for run in runs:
        raw = run.rawFont()
        if abs(raw.pixelSize() - target) > 1e-3:
            raw.setPixelSize(target)
            run.setRawFont(raw)
    return runs


def glyph_outline(item: TextItem) -> QPainterPath:
    """The item's glyphs as an outline, its baseline's left end at the origin."""
    return glyph_outlines(_runs(item), QPointF(0.0, 0.0))


def measure(text: str, font: QFont, size: float) -> tuple[float, float, float]:
    """Advance, ink ascent and ink descent of ``text`` in ``font`` (made at ``size`` pt)."""
    _, width = _line_layout(text, font)
    top, bottom = _ink(text, font, size)
    return width, max(-top, 0.0), max(bottom, 0.0)


def paint_math(painter: QPainter, box: MathBox, origin: QPointF, color: QColor) -> None:
    """Draw ``box`` with its baseline's left end at ``origin``."""
    painter.save()
    painter.setPen(color)
    for item in box.items:
        if isinstance(item, TextItem):
            painter.setPen(item.color if item.color is not None else color)
            at = QPointF(origin.x() + item.x, origin.y() + item.y)
            if item.stretch != 1.0:
                painter.save()
                painter.translate(at)
                painter.scale(1.0, item.stretch)
                at = QPointF(0.0, 0.0)
            for run in _runs(item):
                draw_glyph_run(painter, at, run)
            if item.stretch != 1.0:
                painter.restore()
        elif isinstance(item, RectItem):
            painter.fillRect(item.rect.translated(origin), color)
        else:
            painter.fillPath(item.path.translated(origin), color)
    painter.restore()
