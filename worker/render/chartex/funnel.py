"""Funnel charts: one centred horizontal bar per category, top to bottom, each as wide as its value
against the largest; category names on the left axis, values inside the bars."""

from __future__ import annotations

import logging

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QPainterPath

from worker.render.chartex.canvas import AXIS_SIZE, LABEL_SIZE, Canvas, LegendItem
from worker.render.charts.numfmt import format_value

log = logging.getLogger(__name__)

DEFAULT_GAP = 0.06  # Office's funnel: bars nearly touching


def paint_funnel(canvas: Canvas, area: QRectF) -> None:
    chart = canvas.chart
    series = next(s for s in chart.series if s.layout == "funnel")
    data = series.data
    color = canvas.series_color(series)
    room = canvas.frame(area, [LegendItem(series.name, color)])
    n = data.count
    values = [abs(v) if v is not None else 0.0 for v in data.values] + [0.0] * max(0, n - len(data.values))
    if n == 0:
        return
    cat_axis = chart.axis(True)
    names = [data.category(i) for i in range(n)]
    show_names = cat_axis is not None and not cat_axis.hidden and cat_axis.tick_labels
    font = canvas.font(cat_axis.text if cat_axis is not None else None, AXIS_SIZE)
    left = max((canvas.measure(t, font)[0] for t in names), default=0.0) + 6.0 if show_names else 0.0
    plot = room.adjusted(left, 0, 0, 0)
    canvas.plot_fill(plot)
    slot = plot.height() / n
    gap = cat_axis.gap_width if cat_axis is not None and cat_axis.gap_width is not None else DEFAULT_GAP
    bar_h = slot / (1.0 + max(gap, 0.0))
    largest = max(values) or 1.0
    labels = series.labels
    label_font = canvas.font(labels.text if labels is not None else None, LABEL_SIZE, canvas.white)
    for i in range(n):
        mid = plot.top() + slot * (i + 0.5)
        width = plot.width() * values[i] / largest
        shape = QPainterPath()
        shape.addRect(QRectF(plot.center().x() - width / 2, mid - bar_h / 2, width, bar_h))
        canvas.fill(shape, series.point_sp_pr.get(i, series.sp_pr), color)
        if show_names:
            canvas.text(names[i], font, QPointF(plot.left() - 4.0, mid), "r", "c")
        if labels is not None and labels.show_value and i not in labels.hidden and i < len(data.values):
            value = data.values[i]
            if value is not None:
                text = format_value(value, labels.format_code or data.format_code)
                canvas.text(text, label_font, QPointF(plot.center().x(), mid), "c", "c")
