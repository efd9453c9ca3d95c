"""Radar charts: one spoke per category, a web of value gridlines, lines/markers or filled polygons."""

from __future__ import annotations

import logging
import math

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QPainterPath, QPen, QPolygonF

from worker.deck.xml import child
from worker.render.charts.axes import AXIS_COLOR, CLASSIC_COLOR, GRID_COLOR, MAJOR_TICK, format_category
from worker.render.charts.frame import Frame
from worker.render.charts.model import Axis, Group
from worker.render.charts.numfmt import format_value
from worker.render.charts.plots import Label, _label_text, _point_labels
from worker.render.charts.scale import Scale, auto_scale
from worker.render.charts.style import outline_pen, text_shade

log = logging.getLogger(__name__)


def _axes(frame: Frame, group: Group) -> tuple[Axis | None, Axis | None]:
    """The group's category (spoke) and value (ring) axes, when the file has them."""
    found = [frame.chart.axes[i] for i in group.ax_ids if i in frame.chart.axes]
    cat = next((a for a in found if a.kind != "valAx"), None)
    val = next((a for a in found if a.kind == "valAx"), None)
    return cat, val


# A ring of more sides than this is drawn as the circle through its corners, which its sides miss
# by r(1 - cos(pi/n)): under 1/200,000 of the radius. A thousand rings (c:majorUnit 1e-12) of
# 100,000 sides each (a cache's ptCount) were 10^8 points to work out: the converter hung.
ROUND_RING_SPOKES = 1000


def _label_step(n: int, radius: float, label_h: float) -> int:
    """Every how many categories a label is drawn: every one, unless the labels' share of the
    ring's circumference is less than a label's height, where each would stack on the next; then
    as few as keeps them that far apart (100,000 categories drew 100,000 labels over each other)."""
    arc = 2 * math.pi * radius / max(n, 1)
    return max(1, math.ceil(label_h / arc)) if 0.0 < arc < label_h else 1


def _scale(values: list[float], axis: Axis | None) -> Scale:
    """The value axis' own c:min, c:max and c:majorUnit, automatic bounds for the rest."""
    return auto_scale(
        min(values, default=0.0),
        max(values, default=1.0),
        fixed_min=axis.minimum if axis is not None else None,
        fixed_max=axis.maximum if axis is not None else None,
        major=axis.major_unit if axis is not None else None,
        max_ticks=6,
    )


def paint_radar(frame: Frame, group: Group, rect: QRectF) -> None:
    n = max((len(s.values) for s in group.series), default=0)
    if n < 1:
        return
    cat_axis, val_axis = _axes(frame, group)
    values = [v for s in group.series for v in s.values if v is not None]
    scale = _scale(values, val_axis)
    cat_font = frame.styler.font(cat_axis.text if cat_axis is not None else None)
    val_font = frame.styler.font(val_axis.text if val_axis is not None else None)
    label_h = frame.styler.size("Ag", cat_font).height()
    source = next((s for s in group.series if s.categories), None)
    raw = source.categories if source is not None else []
    fmt = source.cat_format if source is not None else None
    categories = [format_category(c, fmt, frame.chart.date1904) for c in raw]
    show_categories = cat_axis is None or (not cat_axis.deleted and cat_axis.tick_label_pos != "none")
    if not show_categories:
        label_h = 0.0
    # The labels drawn are measured: at most those the widest radius leaves room for.
    first_step = _label_step(n, max(min(rect.width() / 2 - 4, rect.height() / 2 - label_h - 4), 4.0), label_h)
    label_w = max((frame.styler.size(c, cat_font).width() for c in categories[::first_step]), default=0.0)
    if not show_categories:
        label_w = 0.0
    radius = max(min(rect.width() / 2 - label_w - 4, rect.height() / 2 - label_h - 4), 4.0)
    label_step = math.ceil(_label_step(n, radius, label_h) / first_step) * first_step
    center = rect.center()

    def reach(v: float) -> float:
        return radius * scale.fraction(min(max(v, scale.minimum), scale.maximum))

    def at(i: float, v: float) -> QPointF:
        angle = 2 * math.pi * i / n
        r = reach(v)
        return QPointF(center.x() + r * math.sin(angle), center.y() - r * math.cos(angle))

    grid = QPen(text_shade(frame.ctx, GRID_COLOR), 0.75)
    # Rings are the value axis' major gridlines (c:majorGridlines with its spPr; none without it),
    # spokes the category axis' (Office draws the spokes of a radar whatever that element says).
    ring_pen: QPen | None = grid
    if val_axis is not None:
        ring_grid = val_axis.major_grid
        ring_pen = outline_pen(frame.ctx, child(ring_grid, "spPr"), grid) if ring_grid is not None else None
    if ring_pen is not None:
        rings = QPainterPath()
        for t in scale.ticks():
            if n > ROUND_RING_SPOKES:
                rings.addEllipse(center, reach(t), reach(t))
            else:
                rings.addPolygon(QPolygonF([at(i, t) for i in range(n)] + [at(0, t)]))
        frame.painter.strokePath(rings, ring_pen)
    spoke_grid = cat_axis.major_grid if cat_axis is not None else None
    spoke_pen = outline_pen(frame.ctx, child(spoke_grid, "spPr") if spoke_grid is not None else None, grid)
    if spoke_pen is not None:
        spokes = QPainterPath()
        for i in range(n):
            spokes.moveTo(center)
            spokes.lineTo(at(i, scale.maximum))
        frame.painter.strokePath(spokes, spoke_pen)
    if val_axis is not None and not val_axis.deleted:
        _value_axis_line(frame, val_axis, [at(0, t) for t in scale.ticks()], center, at(0, scale.maximum))
    for i in range(0, n if show_categories else 0, label_step):
        tip = at(i, scale.maximum)
        direction = tip - center
        length = math.hypot(direction.x(), direction.y()) or 1.0
        anchor = tip + direction / length * 4.0
        h = "c" if abs(direction.x()) < 1 else ("l" if direction.x() > 0 else "r")
        v = "c" if abs(direction.y()) > 1 and abs(direction.x()) > 1 else ("b" if direction.y() < 0 else "t")
        text = categories[i] if i < len(categories) else str(i + 1)
        frame.styler.draw(frame.painter, text, cat_font, anchor, h, v)
    if val_axis is None or (not val_axis.deleted and val_axis.tick_label_pos != "none"):
        fmt = group.series[0].val_format if group.series else None
        if val_axis is not None and val_axis.num_fmt and not val_axis.source_linked:
            fmt = val_axis.num_fmt
        for t in scale.ticks():
            frame.styler.draw(frame.painter, format_value(t, fmt), val_font, at(0, t) + QPointF(-3, 0), "r", "c")
    filled = group.radar_style == "filled"
    labels: list[Label] = []
    for series in group.series:
        look = frame.look(group, series)
        indexed = [(i, at(i, v)) for i, v in enumerate(series.values) if v is not None]
        points = [p for _, p in indexed]
        if len(points) < 2:
            continue
        path = QPainterPath(points[0])
        for p in points[1:]:
            path.lineTo(p)
        path.closeSubpath()
        if filled:
            frame.fill(look.sp_pr, path, look.color)
        frame.stroke(look.pen, path)
        for i, p in indexed:
            frame.marker(look, p)
            spec = _point_labels(group, series, i)
            value = series.values[i]
            if spec is not None and spec.any and i not in spec.deleted and value is not None:
                # Beside the point, as on a line chart (radar labels have no c:dLblPos of their own).
                half = look.marker_size / 2.0 if not filled else 0.0
                box = QRectF(p.x() - half, p.y() - half, half * 2.0, half * 2.0)
                text = _label_text(frame, spec, series, i, value, None)
                labels.append(Label(text, box, spec.position or "r", True, True, spec, look, group=group))
    for label in labels:  # over every series
        label.paint(frame)


def _value_axis_line(frame: Frame, axis: Axis, ticks: list[QPointF], center: QPointF, top: QPointF) -> None:
    """The value axis up the first spoke, as Office draws it: its own line (c:spPr) or the automatic
    axis grey, with its major tick marks across it at the rings (out: towards the labels, left)."""
    auto = QPen(text_shade(frame.ctx, AXIS_COLOR if frame.palette.has_chart_style else CLASSIC_COLOR), 0.75)
    pen = outline_pen(frame.ctx, axis.sp_pr, auto)
    if pen is None:
        return
    path = QPainterPath(center)
    path.lineTo(top)
    left = -MAJOR_TICK if axis.major_tick in ("out", "cross") else 0.0
    right = MAJOR_TICK if axis.major_tick in ("in", "cross") else 0.0
    for p in ticks if left or right else []:
        path.moveTo(p.x() + left, p.y())
        path.lineTo(p.x() + right, p.y())
    frame.painter.strokePath(path, pen)
