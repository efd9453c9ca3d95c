"""Column-shaped Office 2016 charts: waterfall, histogram and Pareto (binned or by category)."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from lxml import etree
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainterPath, QPen

from worker.render.chartex.canvas import AXIS_SIZE, LABEL_SIZE, Canvas, LegendItem
from worker.render.chartex.model import Axis, Binning, Series
from worker.render.chartex.stats import histogram
from worker.render.charts.numfmt import format_value
from worker.render.charts.scale import Scale

log = logging.getLogger(__name__)


@dataclass
class Column:
    bottom: float
    top: float
    color: QColor
    sp_pr: etree._Element | None
    value: float  # what its label shows


@dataclass
class Plot:
    rect: QRectF
    scale: Scale
    centres: list[float]
    slot: float
    room: QRectF  # the plot and its axes' labels and titles

    def y(self, value: float) -> float:
        return self.rect.bottom() - self.scale.fraction(value) * self.rect.height()


def _layout(canvas: Canvas, room: QRectF, lo: float, hi: float, categories: list[str],
            secondary: Scale | None = None, secondary_axis: Axis | None = None,
            code: str | None = None) -> tuple[Plot, list[str], list[str], bool]:  # fmt: skip
    chart = canvas.chart
    cat_axis, val_axis = chart.axis(True), chart.axis(False)
    whole = QRectF(room)
    room = room.adjusted(_title_room(canvas, val_axis), 0, 0, -_title_room(canvas, cat_axis))
    scale = canvas.value_scale(val_axis, lo, hi, room.height())
    labels = canvas.value_labels(val_axis, scale, code)
    right_labels = canvas.value_labels(secondary_axis, secondary, None) if secondary is not None else []
    left = canvas.label_width(val_axis, labels)
    right = canvas.label_width(secondary_axis, right_labels)
    font = canvas.font(val_axis.text if val_axis is not None else None, AXIS_SIZE)
    half = canvas.measure("0", font)[1] / 2.0 if labels else 0.0
    plot = room.adjusted(left, half, -right, 0)
    n = max(len(categories), 1)
    slot = plot.width() / n
    below, turned = canvas.category_height(cat_axis, categories, slot)
    plot.setBottom(max(plot.top() + 4.0, plot.bottom() - max(below, half)))
    # The scale was sized for the whole room: settle it on the plot's own height.
    scale = canvas.value_scale(val_axis, lo, hi, plot.height())
    labels = canvas.value_labels(val_axis, scale, code)
    centres = [plot.left() + slot * (i + 0.5) for i in range(len(categories))]
    return Plot(plot, scale, centres, slot, whole), labels, right_labels, turned


def _title_room(canvas: Canvas, axis: Axis | None) -> float:
    """The depth an axis title takes beside its labels (across the text's line)."""
    if axis is None or axis.hidden or axis.title is None:
        return 0.0
    return canvas.measure(axis.title_text, canvas.font(axis.title, AXIS_SIZE))[1] + 4.0


def _bar_width(slot: float, axis: Axis | None, default_gap: float) -> float:
    gap = axis.gap_width if axis is not None and axis.gap_width is not None else default_gap
    return slot / (1.0 + max(gap, 0.0))


def _draw_columns(canvas: Canvas, plot: Plot, columns: list[Column], width: float, pen: QPen | None) -> None:
    for x, col in zip(plot.centres, columns, strict=False):
        y0, y1 = plot.y(col.bottom), plot.y(col.top)
        rect = QRectF(x - width / 2, min(y0, y1), width, abs(y1 - y0))
        shape = QPainterPath()
        shape.addRect(rect)
        canvas.fill(shape, col.sp_pr, col.color, pen)


def _labels(canvas: Canvas, series: Series, plot: Plot, columns: list[Column], code: str | None) -> None:
    labels = series.labels
    if labels is None or not labels.show_value:
        return
    font = canvas.font(labels.text, LABEL_SIZE)
    fmt = labels.format_code or code
    for i, (x, col) in enumerate(zip(plot.centres, columns, strict=False)):
        if i in labels.hidden:
            continue
        text = format_value(col.value, fmt)
        high = max(col.bottom, col.top)
        low = min(col.bottom, col.top)
        if labels.pos in ("ctr", "inEnd", "inBase"):
            canvas.text(text, font, QPointF(x, (plot.y(low) + plot.y(high)) / 2), "c", "c")
        elif col.value < 0 and col.top < col.bottom:
            canvas.text(text, font, QPointF(x, plot.y(low) + 2.0), "c", "t")
        else:
            canvas.text(text, font, QPointF(x, plot.y(high) - 2.0), "c", "b")


def _finish(canvas: Canvas, plot: Plot, labels: list[str], categories: list[str], turned: bool) -> None:
    chart = canvas.chart
    cat_axis, val_axis = chart.axis(True), chart.axis(False)
    canvas.axis_line(plot.rect, cat_axis)
    canvas.draw_value_axis(val_axis, plot.scale, plot.rect, labels, grid=False)
    canvas.draw_categories(cat_axis, categories, plot.centres, plot.rect.bottom(), turned)
    # Axis titles: the value axis' turned a quarter left along the room's left edge, the category
    # axis' along its bottom, each centred on the plot.
    if val_axis is not None and _title_room(canvas, val_axis) > 0:
        font = canvas.font(val_axis.title, AXIS_SIZE)
        canvas.text(val_axis.title_text, font, QPointF(plot.room.left(), plot.rect.center().y()), "c", "t", -90.0)
    if cat_axis is not None and _title_room(canvas, cat_axis) > 0:
        font = canvas.font(cat_axis.title, AXIS_SIZE)
        canvas.text(cat_axis.title_text, font, QPointF(plot.rect.center().x(), plot.room.bottom()), "c", "b")


# -- waterfall -------------------------------------------------------------------------------------


def paint_waterfall(canvas: Canvas, area: QRectF) -> None:
    series = next(s for s in canvas.chart.series if s.layout == "waterfall")
    data = series.data
    increase = canvas.series_color(series, 0 if series.sp_pr is None else None)
    decrease = canvas.palette.color(1, 3) if series.sp_pr is None else increase
    total = canvas.palette.color(2, 3) if series.sp_pr is None else increase
    items = [LegendItem("Increase", increase), LegendItem("Decrease", decrease), LegendItem("Total", total)]
    room = canvas.frame(area, items)
    columns: list[Column] = []
    running = 0.0
    for i in range(data.count):
        value = data.values[i] if i < len(data.values) else None
        v = value if value is not None else 0.0
        if i in series.subtotals:
            # A total stands on the axis; the running sum carries on from it.
            columns.append(Column(0.0, v, total, series.point_sp_pr.get(i), v))
            running = v
        else:
            color = increase if v >= 0 else decrease
            columns.append(Column(running, running + v, color, series.point_sp_pr.get(i), v))
            running += v
    if not columns:
        return
    lo = min(min(c.bottom, c.top) for c in columns)
    hi = max(max(c.bottom, c.top) for c in columns)
    categories = [data.category(i) for i in range(data.count)]
    plot, labels, _, turned = _layout(canvas, room, lo, hi, categories, code=data.format_code)
    canvas.plot_fill(plot.rect)
    canvas.draw_value_axis(canvas.chart.axis(False), plot.scale, plot.rect, [])
    width = _bar_width(plot.slot, canvas.chart.axis(True), 0.5)
    _draw_columns(canvas, plot, columns, width, None)
    if series.visibility.connector_lines:
        pen = QPen(canvas.text_color, 0.75)
        pen.setStyle(Qt.PenStyle.DashLine)
        canvas.painter.setPen(pen)
        for i in range(len(columns) - 1):
            y = plot.y(columns[i].top)
            x0 = plot.centres[i] + width / 2
            x1 = plot.centres[i + 1] - width / 2
            canvas.painter.drawLine(QPointF(x0, y), QPointF(x1, y))
    _finish(canvas, plot, labels, categories, turned)
    _labels(canvas, series, plot, columns, data.format_code)


# -- histogram and Pareto --------------------------------------------------------------------------


def _histogram_counts(series: Series) -> tuple[list[str], list[float]]:
    data = series.data
    if series.binning is not None or not data.levels:
        values = [v for v in data.values if v is not None]
        hist = histogram(values, series.binning or Binning())
        return hist.labels, [float(b.count) for b in hist.bins]
    # By category: the values of equal categories add up, in the order they first appear.
    sums: dict[str, float] = {}
    for i in range(data.count):
        name = data.category(i)
        value = data.values[i] if i < len(data.values) else None
        sums[name] = sums.get(name, 0.0) + (value or 0.0)
    return list(sums), list(sums.values())


def paint_histogram(canvas: Canvas, area: QRectF) -> None:
    chart = canvas.chart
    bars = next(s for s in chart.series if s.layout == "clusteredColumn")
    pareto = next((s for s in chart.series if s.layout == "paretoLine" and not s.hidden), None)
    categories, counts = _histogram_counts(bars)
    if pareto is not None:
        # A Pareto chart sorts its columns from the largest down.
        order = sorted(range(len(counts)), key=lambda i: -counts[i])
        categories = [categories[i] for i in order]
        counts = [counts[i] for i in order]
    color = canvas.series_color(bars)
    items = [LegendItem(bars.name, color)]
    line_color = canvas.series_color(pareto) if pareto is not None else color
    if pareto is not None:
        items.append(LegendItem(pareto.name or bars.name, line_color, line=True))
    room = canvas.frame(area, items)
    if not counts:
        return
    secondary = Scale(0.0, 1.0, 0.1) if pareto is not None else None
    sec_axis = chart.axis(False, secondary=True)
    if sec_axis is not None and not sec_axis.format_code:
        sec_axis.percent_units = True
    code = None if bars.binning is not None or not bars.data.levels else bars.data.format_code
    plot, labels, right_labels, turned = _layout(canvas, room, 0.0, max(counts), categories, secondary, sec_axis, code)
    canvas.plot_fill(plot.rect)
    canvas.draw_value_axis(chart.axis(False), plot.scale, plot.rect, [])
    columns = [Column(0.0, c, color, bars.point_sp_pr.get(i), c) for i, c in enumerate(counts)]
    width = _bar_width(plot.slot, chart.axis(True), 0.0)
    pen = QPen(canvas.white, 0.75) if width >= plot.slot * 0.99 else None
    _draw_columns(canvas, plot, columns, width, pen)
    _finish(canvas, plot, labels, categories, turned)
    _labels(canvas, bars, plot, columns, code)
    if pareto is not None and secondary is not None:
        total = sum(counts) or 1.0
        running = 0.0
        line = QPainterPath()
        for i, (x, c) in enumerate(zip(plot.centres, counts, strict=False)):
            running += c
            y = plot.rect.bottom() - running / total * plot.rect.height()
            if i == 0:
                line.moveTo(x, y)
            else:
                line.lineTo(x, y)
        pen = QPen(line_color, 2.25)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        canvas.painter.strokePath(line, pen)
        canvas.draw_value_axis(sec_axis, secondary, plot.rect, right_labels, side="r")
