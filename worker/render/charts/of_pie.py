"""Pie-of-pie and bar-of-pie charts (c:ofPieChart): a main pie whose split-off points are gathered
into one "Other" slice, and those points again in a second pie or a stacked bar beside it.

Which points leave the main pie follows c:splitType (ECMA-376 21.2.3.45): the last splitPos points
(pos), those under a value (val) or under a percentage of the total (percent), the c:custSplit list
(cust); auto is Office's default split by position. The "Other" slice is the main pie's last point
(its c:dPt idx is the point count, as Office writes it), centred on 3 o'clock facing the second
plot, whose size is c:secondPieSize percent of the main pie's. c:serLines join the "Other" slice's
rim ends to the second plot's top and bottom.
"""

from __future__ import annotations

import dataclasses
import logging
import math

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor, QPainterPath, QPen

from worker.deck.xml import child
from worker.render.charts.frame import Frame, LeaderStart
from worker.render.charts.model import DataLabels, Group, OfPie, Series
from worker.render.charts.pie import _slice, max_explosion, slice_values
from worker.render.charts.pie_labels import SliceLabel, place, wrapped
from worker.render.charts.pie_labels import paint as paint_slice_labels
from worker.render.charts.plots import _label_text, _point_labels
from worker.render.charts.style import outline_pen

log = logging.getLogger(__name__)

OTHER = "Other"  # the gathered slice's category name in Office's labels
AUTO_SHARE = 1.0 / 3.0  # auto split: the last third of the points (at least one) go to the second plot
BAR_WIDTH_SHARE = 1.0 / 3.0  # a bar-of-pie's bar is a third as wide as it is tall
LINE_COLOR = QColor(0, 0, 0)  # automatic series lines: black hairline, as Office's hi-low lines

BarLabel = tuple[str, QRectF, DataLabels]  # text, the bar segment it sits on, spec


def second_points(of_pie: OfPie, values: list[float]) -> set[int]:
    """Indices of the points drawn in the second plot (never all of them, never with nothing left)."""
    n = len(values)
    total = sum(values)
    kind = of_pie.split_type
    pos = of_pie.split_pos
    if kind == "cust":
        chosen = {i for i in of_pie.custom if i < n}
    elif kind == "val":
        limit = pos if pos is not None else 0.0
        chosen = {i for i, v in enumerate(values) if v < limit}
    elif kind == "percent":
        limit = pos if pos is not None else 10.0
        chosen = {i for i, v in enumerate(values) if total > 0 and v / total * 100.0 < limit}
    else:  # pos, auto
        count = int(pos) if kind == "pos" and pos is not None else max(1, round(n * AUTO_SHARE))
        count = min(max(count, 0), n - 1)
        chosen = set(range(n - count, n))
    return chosen


def paint_of_pie(frame: Frame, group: Group, rect: QRectF) -> None:
    of_pie = group.of_pie
    series_list = [s for s in group.series if any(v for v in s.values)]
    if of_pie is None or not series_list:
        return
    series = series_list[0]  # like a pie, the first series only
    values = slice_values(series)
    total = sum(values)
    if total <= 0:
        return
    chosen = second_points(of_pie, values)
    second = sorted(chosen)
    first = [i for i in range(len(values)) if i not in chosen]  # the set: 100,000 points took 27 s
    other_value = sum(values[i] for i in second)
    # Sizes as multiples of the main pie's diameter D: the second plot's height, width, the gap.
    size = of_pie.second_size / 100.0
    bar = of_pie.kind == "bar"
    width2 = size * BAR_WIDTH_SHARE if bar else size
    gap = max(min(group.gap_width, 500.0), 0.0) / 100.0 * size / 2.0  # % of the second plot's half height
    shrink = 1.0 + max_explosion(group)
    diameter = min(rect.width() / (1.0 + gap + width2), rect.height() / max(1.0, size)) / shrink
    if diameter <= 1:
        return
    left = rect.center().x() - diameter * (1.0 + gap + width2) / 2.0
    center = QPointF(left + diameter / 2.0, rect.center().y())
    radius = diameter / 2.0
    main_labels: list[SliceLabel] = []
    second_labels: list[SliceLabel] = []
    bar_labels: list[BarLabel] = []
    # Category names for labels, "Other" after the points.
    named = dataclasses.replace(
        series,
        categories=[series.categories[i] if i < len(series.categories) else "" for i in range(len(values))] + [OTHER],
    )
    n = len(values)
    # The main pie: its own points clockwise, then "Other" centred on 3 o'clock.
    main = [(i, values[i]) for i in first] + ([(n, other_value)] if second else [])
    other_sweep = other_value / total * 360.0
    angle = 90.0 + other_sweep / 2.0 if second else 0.0
    other_ends: tuple[QPointF, QPointF] | None = None
    for i, v in main:
        sweep = v / total * 360.0
        if sweep <= 0:
            continue
        mid = math.radians(angle + sweep / 2.0)
        direction = QPointF(math.sin(mid), -math.cos(mid))
        shift = series.point_explosion.get(i, series.explosion) / 100.0 * radius
        c = center + direction * shift
        shape = _slice(c, radius, 0.0, angle, sweep)
        look = frame.look(group, series, i)
        frame.fill(look.sp_pr, shape, look.color)
        frame.stroke(look.pen, shape)
        if i == n:
            a0, a1 = math.radians(angle), math.radians(angle + sweep)
            other_ends = (
                c + QPointF(math.sin(a0), -math.cos(a0)) * radius,
                c + QPointF(math.sin(a1), -math.cos(a1)) * radius,
            )
        _pie_label(frame, group, named, i, v, total, c, angle, sweep, radius, main_labels)
        angle += sweep
    # The second plot, its left edge a gap after the main pie's right edge.
    x2 = center.x() + radius + gap * diameter
    height2 = size * diameter
    top2 = center.y() - height2 / 2.0
    if second and other_value > 0:
        if bar:
            box = QRectF(x2, top2, width2 * diameter, height2)
            y = box.top()
            for i in second:  # the first split-off point on top
                h = values[i] / other_value * box.height()
                seg = QRectF(box.left(), y, box.width(), h)
                y += h
                if h <= 0:
                    continue
                shape = QPainterPath()
                shape.addRect(seg)
                look = frame.look(group, series, i)
                frame.fill(look.sp_pr, shape, look.color)
                frame.stroke(look.pen, shape)
                spec = _point_labels(group, series, i)
                if spec is not None and spec.any and i not in spec.deleted:
                    text = _label_text(frame, spec, named, i, series.values[i] or 0.0, None, values[i] / total,
                                       pie=True)  # fmt: skip
                    bar_labels.append((wrapped(frame, spec, text), seg, spec))
            ends = (box.topLeft(), box.bottomLeft())
        else:
            r2 = height2 / 2.0
            c2 = QPointF(x2 + r2, center.y())
            # The first split-off point faces the main pie (centred on 9 o'clock), the rest clockwise.
            angle = 270.0 - values[second[0]] / other_value * 180.0
            for i in second:
                sweep = values[i] / other_value * 360.0
                if sweep <= 0:
                    continue
                shape = _slice(c2, r2, 0.0, angle, sweep)
                look = frame.look(group, series, i)
                frame.fill(look.sp_pr, shape, look.color)
                frame.stroke(look.pen, shape)
                _pie_label(frame, group, named, i, values[i], total, c2, angle, sweep, r2, second_labels)
                angle += sweep
            ends = (QPointF(c2.x(), c2.y() - r2), QPointF(c2.x(), c2.y() + r2))
        if of_pie.ser_lines is not None and other_ends is not None:
            pen = outline_pen(frame.ctx, child(of_pie.ser_lines, "spPr"), QPen(LINE_COLOR, 0.75))
            if pen is not None:
                path = QPainterPath()
                for a, b in zip(other_ends, ends, strict=True):
                    path.moveTo(a)
                    path.lineTo(b)
                frame.stroke(pen, path)
    # Both pies' labels: best fit inside their slices or outside, spread apart, with leader lines.
    place(frame, main_labels, rect, True)
    paint_slice_labels(frame, main_labels, center, radius)
    if second_labels:
        place(frame, second_labels, rect, True)
        r2 = height2 / 2.0
        paint_slice_labels(frame, second_labels, QPointF(x2 + r2, center.y()), r2)
    for text, seg, spec in bar_labels:
        # A moved label's leader starts at its bar segment's middle (c:showLeaderLines, as a pie's).
        leader = LeaderStart(seg.center(), seg.center(), 0.0)
        frame.label(spec, text, frame.styler.font(spec.text), seg.center(), "c", "c", leader)


def _pie_label(frame: Frame, group: Group, series: Series, i: int, value: float, total: float, c: QPointF,
               start: float, sweep: float, radius: float, out: list[SliceLabel]) -> None:  # fmt: skip
    """A slice's label, placed later with the others of its pie."""
    spec = _point_labels(group, series, i)
    if spec is None or not spec.any or i in spec.deleted:
        return
    raw = series.values[i] if i < len(series.values) else value
    text = _label_text(frame, spec, series, i, raw if raw is not None else value, None, value / total, pie=True)
    out.append(SliceLabel(wrapped(frame, spec, text), spec, c, start, sweep, radius, point=i))
