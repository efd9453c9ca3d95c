"""Box & whisker charts: per category and series, the box Q1..Q3 split at the median, whiskers,
the mean marker (an x) and line, outliers and inner points as the series' cx:visibility asks."""

from __future__ import annotations

import logging

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QBrush, QPainterPath, QPen, QPolygonF

from worker.render.chartex.canvas import Canvas, LegendItem
from worker.render.chartex.columns import _finish, _layout
from worker.render.chartex.model import Series
from worker.render.chartex.stats import BoxStats, box_stats

log = logging.getLogger(__name__)

MARKER = 5.0  # point marker diameter, pt


def _groups(series: Series, categories: list[str]) -> dict[str, list[float]]:
    out: dict[str, list[float]] = {name: [] for name in categories}
    data = series.data
    for i, value in enumerate(data.values):
        if value is None:
            continue
        name = data.category(i) if data.levels else ""
        out.setdefault(name, []).append(value)
    return out


def paint_box_whisker(canvas: Canvas, area: QRectF) -> None:
    chart = canvas.chart
    shown = [s for s in chart.series if s.layout == "boxWhisker" and not s.hidden]
    categories: list[str] = []
    for s in shown:
        names = [s.data.category(i) if s.data.levels else "" for i in range(len(s.data.values))]
        for name in names:
            if name not in categories:
                categories.append(name)
    stats: list[dict[str, BoxStats]] = []
    for s in shown:
        found: dict[str, BoxStats] = {}
        for name, values in _groups(s, categories).items():
            st = box_stats(values, s.quartile_method)
            if st is not None:
                found[name] = st
        stats.append(found)
    colors = [canvas.series_color(s) for s in shown]
    room = canvas.frame(area, [LegendItem(s.name, c) for s, c in zip(shown, colors, strict=True)])
    every = [v for found in stats for st in found.values() for v in (st.low, st.high, *st.outliers)]
    if not every:
        return
    code = shown[0].data.format_code if shown else None
    plot, labels, _, turned = _layout(canvas, room, min(every), max(every), categories, code=code)
    canvas.plot_fill(plot.rect)
    canvas.draw_value_axis(chart.axis(False), plot.scale, plot.rect, [])
    cat_axis = chart.axis(True)
    gap = cat_axis.gap_width if cat_axis is not None and cat_axis.gap_width is not None else 1.0
    group = plot.slot / (1.0 + max(gap, 0.0))
    width = group / max(len(shown), 1)
    painter = canvas.painter
    for k, (s, found, color) in enumerate(zip(shown, stats, colors, strict=True)):
        line = QPen(color.darker(130) if s.sp_pr is None else color, 1.0)
        means: list[QPointF] = []
        for name, x_mid in zip(categories, plot.centres, strict=False):
            st = found.get(name)
            if st is None:
                continue
            x = x_mid - group / 2 + width * (k + 0.5)
            box_w = width * 0.8
            top, bottom = plot.y(st.q3), plot.y(st.q1)
            painter.setPen(line)
            # Whiskers and their caps.
            for end, edge in ((st.high, top), (st.low, bottom)):
                y = plot.y(end)
                painter.drawLine(QPointF(x, edge), QPointF(x, y))
                painter.drawLine(QPointF(x - box_w / 4, y), QPointF(x + box_w / 4, y))
            shape = QPainterPath()
            shape.addRect(QRectF(x - box_w / 2, top, box_w, bottom - top))
            canvas.fill(shape, s.sp_pr, color, line)
            median = plot.y(st.median)
            painter.setPen(QPen(canvas.white, 1.0))
            painter.drawLine(QPointF(x - box_w / 2, median), QPointF(x + box_w / 2, median))
            mean = QPointF(x, plot.y(st.mean))
            means.append(mean)
            if s.visibility.mean_marker:
                r = MARKER / 2
                painter.setPen(QPen(canvas.white, 1.25))
                painter.drawLine(mean + QPointF(-r, -r), mean + QPointF(r, r))
                painter.drawLine(mean + QPointF(-r, r), mean + QPointF(r, -r))
            points = (st.outliers if s.visibility.outliers else []) + (st.inner if s.visibility.nonoutliers else [])
            painter.setPen(QPen(color, 0.75))
            painter.setBrush(QBrush(canvas.white))
            for v in points:
                painter.drawEllipse(QPointF(x, plot.y(v)), MARKER / 2, MARKER / 2)
            painter.setBrush(QBrush())
        if s.visibility.mean_line and len(means) > 1:
            painter.setPen(QPen(color, 1.5))
            painter.drawPolyline(QPolygonF(means))
    _finish(canvas, plot, labels, categories, turned)
