"""Shared drawing of an Office 2016 chart: its frame (fill, title, legend), colours, text and axes.

Office's default chartex style sets the sizes and colours used when the part states none: title
18.62 pt, axis and legend text 11.97 pt in tx1 at 65 %, data labels 11.31 pt, white point outlines
and light grey gridlines (chart style part, cs:title / cs:valueAxis / cs:dataLabel / cs:dataPoint).
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass, field
from typing import Any

from lxml import etree
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen

from worker.render.chartex.model import Axis, ChartEx, Series
from worker.render.charts.model import TextSpec
from worker.render.charts.numfmt import format_value
from worker.render.charts.scale import Scale, auto_scale
from worker.render.charts.style import Palette, fill_color_of, fill_shape, outline_pen
from worker.render.charts.text import Font, TextStyler, likely_largest

log = logging.getLogger(__name__)

_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
PAD = 7.0
TITLE_SIZE = 18.62
AXIS_SIZE = 11.97
LABEL_SIZE = 11.31
GRID_WIDTH = 0.75


def theme_color(ctx: Any, name: str, *mods: tuple[str, int]) -> QColor:
    el = etree.Element(f"{{{_A}}}schemeClr", val=name)
    for tag, val in mods:
        etree.SubElement(el, f"{{{_A}}}{tag}", val=str(val))
    return ctx.colors.resolve(el)


@dataclass
class LegendItem:
    text: str
    color: QColor
    line: bool = False  # a line key (Pareto's cumulative line) instead of a square


@dataclass
class Canvas:
    painter: QPainter
    ctx: Any
    chart: ChartEx
    part: Any
    styler: TextStyler = field(init=False)
    palette: Palette = field(init=False)
    text_color: QColor = field(init=False)
    grid_color: QColor = field(init=False)
    white: QColor = field(init=False)

    def __post_init__(self) -> None:
        self.styler = TextStyler(self.ctx, self.chart.text, AXIS_SIZE)
        self.palette = Palette(self.ctx, self.part, 2)  # Office's colourful accent cycle
        self.text_color = theme_color(self.ctx, "tx1", ("lumMod", 65000), ("lumOff", 35000))
        self.grid_color = theme_color(self.ctx, "tx1", ("lumMod", 15000), ("lumOff", 85000))
        self.white = theme_color(self.ctx, "lt1")

    # -- colours ---------------------------------------------------------------------------------
    def series_color(self, series: Series, cycle: int | None = None) -> QColor:
        """The series' own fill colour, else its place in the automatic colour cycle."""
        own = fill_color_of(self.ctx, series.sp_pr)
        if own is not None:
            return own
        index = cycle if cycle is not None else series.format_idx if series.format_idx is not None else series.index
        return self.palette.color(index, max(len(self.chart.series), 1))

    def fill(self, shape: QPainterPath, sp_pr: etree._Element | None, auto: QColor,
             pen: QPen | None = None) -> None:  # fmt: skip
        fill_shape(self.painter, self.ctx, sp_pr, shape, auto)
        line = outline_pen(self.ctx, sp_pr, pen)
        if line is not None:
            self.painter.strokePath(shape, line)

    # -- text ------------------------------------------------------------------------------------
    def font(self, spec: TextSpec | None, size: float, color: QColor | None = None, bold: bool = False) -> Font:
        return self.styler.font(spec, size=size, bold=bold, color=color or self.text_color)

    def text(self, text: str, font: Font, anchor: QPointF, h: str = "c", v: str = "c", rot: float = 0.0) -> QRectF:
        return self.styler.draw(self.painter, text, font, anchor, h, v, rot)

    def measure(self, text: str, font: Font) -> tuple[float, float]:
        size = self.styler.size(text, font)
        return size.width(), size.height()

    # -- frame -----------------------------------------------------------------------------------
    def frame(self, area: QRectF, legend: list[LegendItem]) -> QRectF:
        """Fill the chart area, draw the title and legend; returns the room left for the plot."""
        shape = QPainterPath()
        shape.addRect(area)
        fill_shape(self.painter, self.ctx, self.chart.space_sp_pr, shape, None)
        content = area.adjusted(PAD, PAD, -PAD, -PAD)
        title = self.chart.title
        if title is not None and title.text:
            font = self.font(title.spec, TITLE_SIZE)
            _, height = self.measure(title.text, font)
            if title.pos == "b":
                self.text(title.text, font, QPointF(area.center().x(), content.bottom()), "c", "b")
                if not title.overlay:
                    content.setBottom(content.bottom() - height - PAD)
            else:
                self.text(title.text, font, QPointF(area.center().x(), content.top()), "c", "t")
                if not title.overlay:
                    content.setTop(content.top() + height + PAD)
        if self.chart.legend is not None and legend:
            content = self._legend(content, legend)
        return content

    def _legend(self, content: QRectF, items: list[LegendItem]) -> QRectF:
        legend = self.chart.legend
        assert legend is not None
        font = self.font(legend.text, AXIS_SIZE)
        key = font.size * 0.6
        gap = key * 0.6
        sizes = [self.measure(item.text, font) for item in items]
        line_h = max(h for _, h in sizes)
        widths = [(key * 2 if item.line else key) + gap + w for item, (w, _) in zip(items, sizes, strict=True)]
        vertical = legend.pos in ("l", "r")
        if vertical:
            box_w = max(widths)
            box_h = line_h * len(items)
        else:
            box_w = sum(widths) + 2 * gap * (len(items) - 1)
            box_h = line_h
        if legend.pos == "r":
            x, y = content.right() - box_w, content.center().y() - box_h / 2
            rest = content.adjusted(0, 0, -box_w - PAD, 0)
        elif legend.pos == "l":
            x, y = content.left(), content.center().y() - box_h / 2
            rest = content.adjusted(box_w + PAD, 0, 0, 0)
        elif legend.pos == "b":
            x, y = content.center().x() - box_w / 2, content.bottom() - box_h
            rest = content.adjusted(0, 0, 0, -box_h - PAD)
        else:
            x, y = content.center().x() - box_w / 2, content.top()
            rest = content.adjusted(0, box_h + PAD, 0, 0)
        painter = self.painter
        for item, width in zip(items, widths, strict=True):
            mid = y + line_h / 2
            if item.line:
                painter.setPen(QPen(item.color, 2.25))
                painter.drawLine(QPointF(x, mid), QPointF(x + 2 * key, mid))
                kw = 2 * key
            else:
                painter.fillRect(QRectF(x, mid - key / 2, key, key), item.color)
                kw = key
            self.text(item.text, font, QPointF(x + kw + gap, mid), "l", "c")
            if vertical:
                y += line_h
            else:
                x += width + 2 * gap
        return rest if not legend.overlay else content

    def plot_fill(self, plot: QRectF) -> None:
        if self.chart.plot_sp_pr is None:
            return
        shape = QPainterPath()
        shape.addRect(plot)
        self.fill(shape, self.chart.plot_sp_pr, QColor(0, 0, 0, 0))

    # -- axes ------------------------------------------------------------------------------------
    def value_scale(self, axis: Axis | None, lo: float, hi: float, length: float) -> Scale:
        ticks = max(3, min(12, int(length / 36.0)))
        fixed_min = axis.minimum if axis is not None else None
        fixed_max = axis.maximum if axis is not None else None
        major = axis.major if axis is not None else None
        return auto_scale(lo, hi, fixed_min=fixed_min, fixed_max=fixed_max, major=major, max_ticks=ticks)

    def value_labels(self, axis: Axis | None, scale: Scale, code: str | None) -> list[str]:
        if axis is None or axis.hidden or not axis.tick_labels:
            return []
        fmt = axis.format_code or code
        if axis.percent_units and not axis.format_code:
            fmt = "0%"
        return [format_value(v, fmt) for v in scale.ticks()]

    def draw_value_axis(self, axis: Axis | None, scale: Scale, plot: QRectF, labels: list[str],
                        side: str = "l", grid: bool = True) -> None:  # fmt: skip
        """Gridlines across ``plot`` (behind the data) and tick labels on its ``side`` (l or r)."""
        ticks = scale.ticks()
        if grid and axis is not None and axis.major_grid and side == "l":
            pen = outline_pen(self.ctx, axis.grid_sp_pr, QPen(self.grid_color, GRID_WIDTH))
            if pen is not None:
                self.painter.setPen(pen)
                for v in ticks:
                    y = plot.bottom() - scale.fraction(v) * plot.height()
                    self.painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
        if not labels or axis is None:
            return
        font = self.font(axis.text, AXIS_SIZE)
        for v, text in zip(ticks, labels, strict=False):
            y = plot.bottom() - scale.fraction(v) * plot.height()
            if side == "l":
                self.text(text, font, QPointF(plot.left() - 4.0, y), "r", "c")
            else:
                self.text(text, font, QPointF(plot.right() + 4.0, y), "l", "c")

    def label_width(self, axis: Axis | None, labels: list[str]) -> float:
        if not labels or axis is None:
            return 0.0
        font = self.font(axis.text, AXIS_SIZE)
        return max((self.measure(t, font)[0] for t in likely_largest(labels)), default=0.0) + 6.0

    def category_height(self, axis: Axis | None, labels: list[str], slot: float) -> tuple[float, bool]:
        """Room under the plot for category labels, and whether they must be turned 45 degrees."""
        if axis is None or axis.hidden or not axis.tick_labels or not labels:
            return 0.0, False
        font = self.font(axis.text, AXIS_SIZE)
        sizes = [self.measure(t, font) for t in likely_largest(labels)] or [(0.0, 0.0)]
        widest = max(w for w, _ in sizes)
        height = max(h for _, h in sizes)
        if widest <= slot * 0.95:
            return height + 4.0, False
        return widest * 0.71 + height * 0.71 + 4.0, True

    def draw_categories(self, axis: Axis | None, labels: list[str], centres: list[float], y: float,
                        turned: bool) -> None:  # fmt: skip
        if axis is None or axis.hidden or not axis.tick_labels:
            return
        font = self.font(axis.text, AXIS_SIZE)
        step = 1
        if turned and len(centres) > 1:
            # Turned labels a line's height apart at least: of thousands of categories every n-th.
            slot = abs(centres[1] - centres[0])
            step = max(1, math.ceil(self.measure("0", font)[1] / max(slot, 1e-6)))
        for k, (text, x) in enumerate(zip(labels, centres, strict=False)):
            if k % step:
                continue
            if turned:
                self.text(text, font, QPointF(x, y + 4.0), "r", "c", -45.0)
            else:
                self.text(text, font, QPointF(x, y + 4.0), "c", "t")

    def axis_line(self, plot: QRectF, axis: Axis | None) -> None:
        if axis is None or axis.hidden:
            return
        pen = outline_pen(self.ctx, axis.sp_pr, QPen(self.grid_color, GRID_WIDTH))
        if pen is not None:
            self.painter.setPen(pen)
            self.painter.drawLine(plot.bottomLeft(), plot.bottomRight())
