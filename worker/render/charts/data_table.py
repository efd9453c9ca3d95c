"""Chart data tables (c:plotArea/c:dTable): the values in a grid under the plot.

As in Office, the table replaces the category axis' tick labels: its first row names the
categories, one column per category band of the plot; then one row per series, headed by the
series name (after its legend key with c:showKeys) in a column left of the plot, under the value
axis' labels. The plot shrinks to make room. c:showHorzBorder / c:showVertBorder draw the lines
between rows / columns, c:showOutline the table's outline (the empty corner cell stays open); the
lines are the dTable's spPr line, else the axis' automatic line. Text follows the dTable's txPr,
else the chart's text. Only charts whose category axis runs across get one (Office draws none on
scatter charts).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QPainterPath, QPen

from worker.render.charts import legend as lg
from worker.render.charts.axes import AXIS_COLOR, CLASSIC_COLOR, AxisGeom, tick_texts
from worker.render.charts.frame import Frame
from worker.render.charts.model import DataTable, Group, Series
from worker.render.charts.numfmt import format_value
from worker.render.charts.style import outline_pen, text_shade
from worker.render.charts.text import Font

log = logging.getLogger(__name__)

ROW_PAD = 2.0  # above and below a row's text, pt
CELL_PAD = 4.0  # left and right of the header column's text, pt
MIN_COLUMN = 1.0  # pt: a narrower column draws no text


@dataclass
class TableGeom:
    table: DataTable
    cat: AxisGeom  # the category axis whose bands are the columns
    rows: list[tuple[Group, Series]]
    font: Font
    row_height: float
    header_width: float
    key: float  # side of a legend key, pt (0 without keys)

    @property
    def height(self) -> float:
        return self.row_height * (len(self.rows) + 1)


def prepare(frame: Frame, table: DataTable, pairs: list[tuple[Group, AxisGeom, AxisGeom]]) -> TableGeom | None:
    """The table's rows and sizes, on the first category axis that runs across; None without one."""
    cat = next((x for g, x, _ in pairs if not g.xy and x.is_category and x.horizontal), None)
    if cat is None:
        log.debug("data table on a chart without a horizontal category axis: not drawn")
        return None
    groups: list[Group] = []
    for g, x, _ in pairs:
        if x is cat and g not in groups:
            groups.append(g)
    rows = [(g, s) for g in groups for s in g.series]
    font = frame.styler.font(table.text)
    row_height = frame.styler.line_box(font) + 2.0 * ROW_PAD
    key = lg.key_side(frame, font) if table.keys else 0.0
    widest = 0.0
    for group, series in rows:
        w = frame.styler.size(series.name, font).width()
        if table.keys:
            w += lg.key_width(group, key) + lg.key_gap(key)
        widest = max(widest, w)
    return TableGeom(table, cat, rows, font, row_height, widest + 2.0 * CELL_PAD, key)


def paint(frame: Frame, geom: TableGeom) -> None:
    cat = geom.cat
    plot = cat.rect
    top = plot.bottom()
    left = plot.left() - geom.header_width
    bottom = top + geom.height
    rh = geom.row_height
    styler = frame.styler
    painter = frame.painter
    n = max(cat.count, 1)
    edges = [cat.at(i / n) for i in range(n + 1)]
    # Columns narrower than a point (thousands of categories) would only smear their text into an
    # unreadable band, at the cost of seconds and hundreds of MB of PDF: they keep their grid only.
    legible = abs(edges[-1] - edges[0]) / n >= MIN_COLUMN
    if not legible:
        log.info("data table: %d columns too narrow for their text", n)
    points = _points_by_slot(cat, n)
    # Category names across the first row, centred in their columns.
    for i, text in enumerate(tick_texts(frame, cat)[:n] if legible else []):
        if text:
            mid = (edges[i] + edges[i + 1]) / 2.0
            styler.draw(painter, text, geom.font, QPointF(mid, top + rh / 2.0), "c", "c")
    for r, (group, series) in enumerate(geom.rows):
        cy = top + rh * (r + 1.5)
        x = left + CELL_PAD
        if geom.key > 0:
            look = frame.look(group, series)
            kw = lg.key_width(group, geom.key)
            frame.legend_key(look, group, QRectF(x, cy - geom.key / 2.0, kw, geom.key))
            x += kw + lg.key_gap(geom.key)
        styler.draw(painter, series.name, geom.font, QPointF(x, cy), "l", "c")
        for i in range(n if legible else 0):
            point = points.get(i)
            value = series.values[point] if point is not None and point < len(series.values) else None
            if value is None:
                continue
            text = format_value(value, series.val_format, frame.chart.date1904)
            styler.draw(painter, text, geom.font, QPointF((edges[i] + edges[i + 1]) / 2.0, cy), "c", "c")
    auto = QPen(text_shade(frame.ctx, CLASSIC_COLOR if cat.classic else AXIS_COLOR), 0.75)
    pen = outline_pen(frame.ctx, geom.table.sp_pr, auto)
    if pen is None:
        return
    path = QPainterPath()
    table = geom.table
    lo, hi = min(edges[0], edges[-1]), max(edges[0], edges[-1])
    if table.horizontal:
        for r in range(1, len(geom.rows) + 1):
            path.moveTo(left, top + rh * r)
            path.lineTo(hi, top + rh * r)
    if table.vertical:
        for x in edges[1:-1]:
            path.moveTo(x, top)
            path.lineTo(x, bottom)
        path.moveTo(lo, top)
        path.lineTo(lo, bottom)
    if table.outline:
        path.moveTo(lo, top)
        path.lineTo(hi, top)
        path.lineTo(hi, bottom)
        path.lineTo(left, bottom)
        path.lineTo(left, top + rh)
        path.lineTo(lo, top + rh)
        path.lineTo(lo, top)
    frame.stroke(pen, path)


def _points_by_slot(cat: AxisGeom, n: int) -> dict[int, int]:
    """The data point shown in each category column (date axes map points to slots; the first
    point of a slot shows)."""
    if cat.slots is None:
        return {i: i for i in range(n)}
    out: dict[int, int] = {}
    for i, slot in enumerate(cat.slots):
        out.setdefault(slot, i)
    return out
