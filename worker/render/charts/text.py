"""Chart text: font resolution from txPr/rich run properties, measuring and drawing single lines.

Text is laid out with QTextLayout on the 96-dpi reference device (fonts sized so 1 unit = 1 pt) and
drawn as glyph runs, so it is real, selectable text in PDFs and sizes are device-independent.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from lxml import etree
from PySide6.QtCore import QPointF, QRectF, QSizeF
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen, QTextLayout

from worker.deck.xml import child
from worker.render.caches import remember
from worker.render.charts.model import TextSpec
from worker.render.charts.style import scheme_color
from worker.render.glyph_runs import WITH_STRING_INDEXES, draw_glyph_run, with_text_ends
from worker.render.text.layout import one_line, reference_device
from worker.render.text.tracking import layout_tracking

log = logging.getLogger(__name__)

# Laid-out lines a chart keeps (each holds its QTextLayout): a label is measured and drawn a few
# times in a row, so this many keep every hit; keeping all made a chart of 200,000 distinct labels
# hold 200,000 layouts (most of its 1.5 GB peak).
_LINES_KEPT = 2048


@dataclass(frozen=True)
class Font:
    family: str
    size: float  # points
    bold: bool
    italic: bool
    color: QColor
    kerned: bool = False  # pair kerning: only from the rPr's kern size up (0: none), as in slide text
    all_caps: bool = False  # rPr cap="all": drawn (and measured) in capitals, as in slide text
    width: float = 1.0  # advance scale of a stand-in set as wide as its typeface (latin_width_scale)
    spacing: float = 0.0  # rPr spc: pt added after each character, as in slide text


class TextStyler:
    """Resolves text properties (nearest rPr first, then the chart-wide txPr) against the theme."""

    def __init__(self, ctx: Any, base: TextSpec, base_size: float) -> None:
        self.ctx = ctx
        self.base = base
        self.base_size = base_size
        self._cache: dict[tuple[Any, ...], _Line] = {}
        self._auto: QColor | None = None

    def font(self, spec: TextSpec | None, *, size: float | None = None, bold: bool | None = None,
             color: QColor | None = None) -> Font:  # fmt: skip
        """``size``/``bold``/``color`` are the element's defaults when no rPr says otherwise."""
        own = list(spec.rpr if spec is not None else [])
        chain = own + list(self.base.rpr)
        # The element's own size wins; else its default (titles scale the chart-wide size).
        sz = _first(own, "sz")
        b = _first(own, "b")
        if b is None and bold is None:
            b = _first(self.base.rpr, "b")
        i = _first(chain, "i")
        resolved_size = float(sz) / 100.0 if sz and sz.isdigit() else (size or self.base_size)
        typeface = ""
        fill_color: QColor | None = None
        for rpr in chain:
            if not typeface:
                latin = child(rpr, "latin")
                if latin is not None and latin.get("typeface"):
                    typeface = latin.get("typeface", "")
            if fill_color is None:
                fill = child(rpr, "solidFill")
                if fill is not None:
                    fill_color = self.ctx.color(fill)
        typeface = self._theme_typeface(typeface or "+mn-lt")
        face = self.ctx.fonts.face(typeface)
        kern = _first(chain, "kern")
        kerned = kern is not None and kern.isdigit() and 0 < int(kern) <= resolved_size * 100.0
        bold_face = ((b in ("1", "true")) if b is not None else bool(bold)) or face.bold
        italic_face = i in ("1", "true") or face.italic
        kerned = kerned and self.ctx.fonts.kerns(face.family, bold_face, italic_face)
        return Font(
            family=face.family,
            size=max(resolved_size, 1.0),
            bold=bold_face,
            italic=italic_face,
            color=fill_color or color or self._automatic_color(),
            kerned=kerned,
            all_caps=_first(chain, "cap") == "all",
            width=self.ctx.fonts.latin_width_scale(typeface, face.family),
            spacing=_spacing(_first(chain, "spc")),
        )

    def rich(self, spec: TextSpec | None, *, size: float | None = None, bold: bool | None = None) -> RichText | None:
        """Rich text whose runs differ in font: each run's rPr over its paragraph's defRPr, then
        the element's txPr and the chart's (PowerPoint formats every run of a title on its own).
        None when every run resolves to the font of ``font(spec)``: one font draws it all."""
        if spec is None or not spec.runs:
            return None
        whole = self.font(spec, size=size, bold=bold)
        lines: list[list[tuple[str, Font]]] = []
        mixed = False
        for runs in spec.runs:
            line: list[tuple[str, Font]] = []
            for text, rpr, def_rpr in runs:
                own = [el for el in (rpr, def_rpr) if el is not None] + list(spec.outer)
                font = self.font(TextSpec(rpr=own), size=size, bold=bold)
                mixed = mixed or font != whole
                if text:
                    line.append((text, font))
            lines.append(line)
        if not mixed:
            return None
        return RichText(self, lines)

    def _automatic_color(self) -> QColor:
        # Office's automatic chart text is the text colour tx1 through the hosting slide's colour
        # map, so charts on a dark master (bg1=dk1, tx1=lt1) get light text.
        if self._auto is None:
            self._auto = scheme_color(self.ctx, "tx1")
        return self._auto

    def _theme_typeface(self, typeface: str) -> str:
        theme = self.ctx.theme
        if typeface.startswith("+mj"):
            return str(theme.major_font.latin or "Calibri")
        if typeface.startswith("+mn"):
            return str(theme.minor_font.latin or "Calibri")
        return typeface

    def line(self, text: str, font: Font) -> _Line:
        if font.all_caps:
            text = text.upper()
        key = (text, font.family, font.size, font.bold, font.italic, font.kerned, font.width, font.spacing)
        cached = self._cache.get(key)
        if cached is None:
            cached = remember(self._cache, key, _Line.make(self.ctx.fonts, text, font), _LINES_KEPT)
        return cached

    def line_box(self, font: Font) -> float:
        """The face's line box (hhea ascent + descent) at the font's size, pt, unrounded: a laid-out
        line's height is whole units, up to half a point off at chart sizes."""
        qfont = self.ctx.fonts.qfont(font.family, font.size * _FINE, font.bold, font.italic)
        metrics = QFontMetricsF(qfont, reference_device())
        return (metrics.ascent() + metrics.descent()) / _FINE

    def ascent(self, font: Font) -> float:
        """The face's ascent (its Windows ascent for Office's faces and their stand-ins) at the font's
        size, pt, unrounded."""
        qfont = self.ctx.fonts.qfont(font.family, font.size * _FINE, font.bold, font.italic)
        return QFontMetricsF(qfont, reference_device()).ascent() / _FINE

    def size(self, text: str, font: Font) -> QSizeF:
        lines = [self.line(t, font) for t in text.split("\n")]
        return QSizeF(max((ln.width for ln in lines), default=0.0), sum(ln.height for ln in lines))

    def draw(self, painter: QPainter, text: str, font: Font, anchor: QPointF, h_align: str = "c",
             v_align: str = "c", rotation: float = 0.0) -> QRectF:  # fmt: skip
        """Draw ``text`` aligned at ``anchor`` (h: l/c/r, v: t/c/b); returns the box (unrotated)."""
        lines = [self.line(t, font) for t in text.split("\n")]
        width = max((ln.width for ln in lines), default=0.0)
        height = sum(ln.height for ln in lines)
        x0, y0 = _begin_box(painter, anchor, width, height, h_align, v_align, rotation)
        painter.setPen(QPen(font.color))
        y = y0
        for ln in lines:
            dx = {"l": 0.0, "c": (width - ln.width) / 2.0, "r": width - ln.width}[h_align]
            ln.draw(painter, QPointF(x0 + dx, y))
            y += ln.height
        painter.restore()
        return QRectF(anchor.x() + x0, anchor.y() + y0, width, height)


class RichText:
    """Lines of runs in their own fonts, sharing each line's baseline."""

    def __init__(self, styler: TextStyler, lines: list[list[tuple[str, Font]]]) -> None:
        self.lines = [[(styler.line(text, font), font) for text, font in runs] for runs in lines]
        # An empty line (a paragraph without text) keeps the height of the line before it.
        self.widths = [sum(ln.width for ln, _ in runs) for runs in self.lines]
        self.ascents: list[float] = []
        self.heights: list[float] = []
        for runs in self.lines:
            ascent = max((ln.ascent for ln, _ in runs), default=self.ascents[-1] if self.ascents else 0.0)
            descent = max((ln.height - ln.ascent for ln, _ in runs), default=self.heights[-1] - ascent
                          if self.heights else 0.0)  # fmt: skip
            self.ascents.append(ascent)
            self.heights.append(ascent + descent)

    @property
    def size(self) -> QSizeF:
        return QSizeF(max(self.widths, default=0.0), sum(self.heights))

    def draw(self, painter: QPainter, anchor: QPointF, h_align: str = "c", v_align: str = "c",
             rotation: float = 0.0) -> QRectF:  # fmt: skip
        """As TextStyler.draw: lines aligned at ``anchor``; returns the box (unrotated)."""
        width, height = self.size.width(), self.size.height()
        x0, y0 = _begin_box(painter, anchor, width, height, h_align, v_align, rotation)
        y = y0
        for runs, line_width, ascent, line_height in zip(self.lines, self.widths, self.ascents, self.heights,
                                                         strict=True):  # fmt: skip
            x = x0 + {"l": 0.0, "c": (width - line_width) / 2.0, "r": width - line_width}[h_align]
            for ln, font in runs:
                painter.setPen(QPen(font.color))
                ln.draw(painter, QPointF(x, y + ascent - ln.ascent))
                x += ln.width
            y += line_height
        painter.restore()
        return QRectF(anchor.x() + x0, anchor.y() + y0, width, height)


def _begin_box(painter: QPainter, anchor: QPointF, width: float, height: float, h_align: str, v_align: str,
               rotation: float) -> tuple[float, float]:  # fmt: skip
    """Save the painter and move it onto ``anchor`` (turned by ``rotation``); the top left of a
    ``width`` x ``height`` box aligned there (h: l/c/r, v: t/c/b). The caller restores the painter."""
    painter.save()
    painter.translate(anchor)
    if rotation:
        painter.rotate(rotation)
    return {"l": 0.0, "c": -width / 2.0, "r": -width}[h_align], {"t": 0.0, "c": -height / 2.0, "b": -height}[v_align]


# Qt sets a font at a whole pixel size (1 pt here), so Office's autoscaled chart sizes (11.97 pt,
# 13.3 pt) would come out at 12 and 13: such text is laid out this many times larger and drawn scaled.
_FINE = 10.0


@dataclass
class _Line:
    layout: QTextLayout
    width: float
    height: float
    scale: float = 1.0  # how much larger than drawn the layout is
    ascent: float = 0.0

    @classmethod
    def make(cls, fonts: Any, text: str, font: Font) -> _Line:
        scale = 1.0 if float(font.size).is_integer() else _FINE
        qfont = fonts.qfont(font.family, font.size * scale, font.bold, font.italic)
        qfont.setKerning(font.kerned)
        if font.width != 1.0:
            qfont.setLetterSpacing(QFont.SpacingType.PercentageSpacing, 100.0 * font.width)
        if font.spacing:
            # A QFont holds one kind of letter spacing: the absolute one carries the width scale's
            # share too, as in slide text.
            tracking = layout_tracking(qfont, font.spacing * scale, text, reference_device())
            qfont.setLetterSpacing(QFont.SpacingType.AbsoluteSpacing, tracking)
        layout, line = one_line(text, qfont)
        width = line.naturalTextWidth() / scale if line.isValid() else 0.0
        height = line.height() / scale if line.isValid() else font.size * 1.2
        ascent = line.ascent() / scale if line.isValid() else font.size
        return cls(layout, width, height, scale, ascent)

    def draw(self, painter: QPainter, top_left: QPointF) -> None:
        text = self.layout.text()
        n = len(text.encode("utf-16-le")) // 2  # Qt counts UTF-16 units
        line = self.layout.lineAt(0)
        runs = list(self.layout.glyphRuns(0, n, WITH_STRING_INDEXES))
        if line.isValid():
            with_text_ends(runs, line, text, 0, n)
        if self.scale == 1.0:
            for run in runs:
                draw_glyph_run(painter, top_left, run)
            return
        painter.save()
        painter.translate(top_left)
        painter.scale(1.0 / self.scale, 1.0 / self.scale)
        for run in runs:
            draw_glyph_run(painter, QPointF(0.0, 0.0), run)
        painter.restore()


def _spacing(spc: str | None) -> float:
    """rPr spc (hundredths of a point) in points; outside ST_TextPoint's range it is malformed: none."""
    try:
        value = int(spc) if spc is not None else 0
    except ValueError:
        return 0.0
    return value / 100.0 if -400000 <= value <= 400000 else 0.0


def _first(chain: list[etree._Element], name: str) -> str | None:
    for el in chain:
        value = el.get(name)
        if value is not None:
            return value
    return None


MEASURED_LABELS = 500  # per kind (longest line, most lines): beyond that only sizes are sought


def likely_largest(texts: list[str]) -> list[str]:
    """The labels that can be the widest or tallest: all of them, or on an axis of thousands of
    categories (up to 100,000: seconds of text layout) those with the longest line and the most
    lines."""
    shown = [t for t in texts if t]
    if len(shown) <= 2 * MEASURED_LABELS:
        return shown
    longest = sorted(shown, key=lambda t: max(len(line) for line in t.split("\n")), reverse=True)
    tallest = sorted(shown, key=lambda t: t.count("\n"), reverse=True)
    return list(dict.fromkeys(longest[:MEASURED_LABELS] + tallest[:MEASURED_LABELS]))
