"""Series painters on category/value axes: bars and columns, lines, areas, scatter; data labels."""

from __future__ import annotations

import logging
from dataclasses import replace

from PySide6.QtCore import QPointF, QRectF, QSizeF
from PySide6.QtGui import QColor, QPainterPath

from worker.render.charts import error_bars, legend, trendline, trendline_label
from worker.render.charts.axes import AxisGeom
from worker.render.charts.frame import Frame, LeaderStart, Look
from worker.render.charts.model import DataLabels, Group, GroupKind, Series, Trendline
from worker.render.charts.numfmt import format_color, format_value
from worker.render.charts.stock import paint_hi_low_lines, paint_up_down_bars
from worker.render.charts.style import inverted
from worker.render.charts.text import Font

log = logging.getLogger(__name__)


def stacked_values(group: Group) -> list[list[tuple[float, float] | None]]:
    """Per series, per point: (bottom, top) of the stacked segment (or (0, v) when not stacked)."""
    n = max((len(s.values) for s in group.series), default=0)
    stacked = group.grouping in ("stacked", "percentStacked")
    totals = [sum(abs(s.values[i] or 0) for s in group.series if i < len(s.values)) for i in range(n)]
    pos = [0.0] * n
    neg = [0.0] * n
    out: list[list[tuple[float, float] | None]] = []
    for series in group.series:
        row: list[tuple[float, float] | None] = []
        for i in range(n):
            v = series.values[i] if i < len(series.values) else None
            if v is None:
                row.append(None if not stacked else (pos[i], pos[i]))
                continue
            if group.grouping == "percentStacked":
                v = v / totals[i] if totals[i] else 0.0
            if not stacked:
                row.append((0.0, v))
            elif v >= 0 or group.kind is not GroupKind.BAR:
                row.append((pos[i], pos[i] + v))
                pos[i] += v
            else:
                row.append((neg[i], neg[i] + v))
                neg[i] += v
        out.append(row)
    return out


def plotted_values(group: Group, series: Series) -> list[float | None]:
    """A series' values in the units the value axis plots them: on a 100%-stacked chart each value's
    share of its category's total (1 = 100%), else the values themselves. Error bars are measured
    in these units, as Office draws them: a percentage bar is a share of the plotted share, a
    standard deviation is of the plotted shares, a fixed or custom amount is in axis units."""
    if group.grouping != "percentStacked":
        return series.values
    out: list[float | None] = []
    for i, v in enumerate(series.values):
        total = sum(abs(s.values[i] or 0.0) for s in group.series if i < len(s.values))
        out.append(None if v is None else (v / total if total else 0.0))
    return out


def _rect(cat: AxisGeom, val: AxisGeom, f0: float, f1: float, v0: float, v1: float) -> QRectF:
    a, b = cat.at(f0), cat.at(f1)
    c, d = val.value(v0), val.value(v1)
    if cat.horizontal:
        return QRectF(QPointF(min(a, b), min(c, d)), QPointF(max(a, b), max(c, d)))
    return QRectF(QPointF(min(c, d), min(a, b)), QPointF(max(c, d), max(a, b)))


def _point(cat: AxisGeom, val: AxisGeom, index: int, value: float) -> QPointF:
    a = cat.value(cat.point(index))
    b = val.value(value)
    return QPointF(a, b) if cat.horizontal else QPointF(b, a)


def _bar_base(cat: AxisGeom, val: AxisGeom) -> float:
    """The value unstacked bars grow from: where the category axis crosses the value axis (its
    c:crosses / c:crossesAt; zero by default, the minimum on a log scale), as in Office, where a
    horizontal axis crossing at 2 or at the maximum has the columns start there."""
    scale = val.scale
    if scale is None:
        return 0.0
    if scale.log_base:
        return scale.minimum
    axis = cat.axis
    if axis.crosses == "max":
        return scale.maximum
    if axis.crosses == "min":
        return scale.minimum
    return _clamp(val, axis.crosses_at if axis.crosses_at is not None else 0.0)


def _clamp(val: AxisGeom, v: float) -> float:
    scale = val.scale
    if scale is None:
        return v
    if scale.log_base:
        return min(max(v, scale.minimum), scale.maximum)
    return min(max(v, scale.minimum), scale.maximum)


def paint_bars(frame: Frame, group: Group, cat: AxisGeom, val: AxisGeom) -> list[_Label]:
    labels: list[_Label] = []
    segs = stacked_values(group)
    stacked = group.grouping in ("stacked", "percentStacked")
    k = 1 if stacked else max(len(group.series), 1)
    overlap = max(min(group.overlap, 100.0), -100.0) / 100.0
    gap = max(min(group.gap_width, 500.0), 0.0) / 100.0
    n = cat.count
    band = 1.0 / max(n, 1) if cat.between else 1.0 / max(n - 1, 1) if n > 1 else 1.0
    width = band / (k - (k - 1) * overlap + gap)
    base_value = _bar_base(cat, val)
    ends: list[list[tuple[int, QPointF]]] = []  # per series: each bar's end, where its error bar sits
    for j, series in enumerate(group.series):
        slot = 0 if stacked else j
        ends.append([])
        for i, seg in enumerate(segs[j]):
            if seg is None or not cat.holds(i):
                continue
            start = cat.band(cat.point(i))[0] + gap * width / 2.0 + slot * width * (1.0 - overlap)
            bottom, top = seg
            if not stacked:
                bottom = base_value
            rect = _rect(cat, val, start, start + width, _clamp(val, bottom), _clamp(val, top))
            middle = cat.at(start + width / 2.0)
            ends[j].append((i, _pixel(middle, val.value(top), cat.horizontal)))
            look = frame.look(group, series, i)
            shape = QPainterPath()
            shape.addRect(rect)
            value = series.values[i] if i < len(series.values) else None
            negative = series.invert_if_negative and value is not None and value < 0
            frame.fill(inverted(look.sp_pr, series.invert_sp_pr) if negative else look.sp_pr, shape, look.color)
            frame.stroke(look.pen, shape)
            spec = _point_labels(group, series, i)
            if spec is not None and spec.any and i not in spec.deleted and value is not None:
                pos = spec.position or ("ctr" if stacked else "outEnd")
                # Which side of the rect the bar's end is on, on the page: a negative value or a
                # reversed value axis (c:orientation maxMin) turns the bar round.
                toward = val.value(_clamp(val, top)) - val.value(_clamp(val, bottom))
                up = toward <= 0.0 if cat.horizontal else toward >= 0.0
                labels.append(_Label(_label_text(frame, spec, series, i, value, None), rect, pos, cat.horizontal,
                                     up, spec, look, ends[j][-1][1], group,
                                     _value_color(spec, series, value)))  # fmt: skip
    # Error bars over every bar of the group, from each bar's end (its stack's top when stacked).
    for series, series_ends in zip(group.series, ends, strict=True):
        for bars in series.error_bars:
            error_bars.paint(frame, bars, val, plotted_values(group, series), series_ends)
    for series in group.series:
        _category_trendlines(frame, series, cat, val)
    return labels


def _category_trendlines(frame: Frame, series: Series, cat: AxisGeom, val: AxisGeom) -> None:
    """A line or bar series' trendlines: x is the point's number (1, 2, 3...), as in Excel."""
    if not series.trendlines:
        return
    known = [(float(i + 1), v) for i, v in enumerate(series.values) if v is not None and cat.holds(i)]
    xs, ys = [x for x, _ in known], [y for _, y in known]

    def to_pixel(x: float, y: float) -> QPointF:
        return _pixel(cat.value(cat.point(0) + x - 1.0), val.value(y), cat.horizontal)

    for trend in series.trendlines:
        _equation_label(frame, trend, xs, ys, trendline.paint(frame, trend, xs, ys, to_pixel), cat.rect)


def _equation_label(frame: Frame, trend: Trendline, xs: list[float], ys: list[float], end: QPointF | None,
                    plot: QRectF) -> None:  # fmt: skip
    """Queue the trendline's equation / R² label (drawn over every series) when it shows one."""
    if end is None or not (trend.show_equation or trend.show_r_squared):
        return
    fitted = trendline.fit_details(trend, xs, ys)
    content = trendline_label.lines(trend, fitted) if fitted is not None else []
    if content:
        frame.overlays.append(trendline_label.EquationLabel(trend, content, end, plot))


def _pixel(along: float, across: float, horizontal: bool) -> QPointF:
    """A page point from its coordinate along the x axis and across it, kept within Qt's range."""
    along, across = (min(max(v, -1.0e5), 1.0e5) for v in (along, across))
    return QPointF(along, across) if horizontal else QPointF(across, along)


def _smooth_path(points: list[QPointF]) -> QPainterPath:
    path = QPainterPath(points[0])
    if len(points) < 3:
        for p in points[1:]:
            path.lineTo(p)
        return path
    for i in range(len(points) - 1):
        p0 = points[i - 1] if i > 0 else points[i]
        p1, p2 = points[i], points[i + 1]
        p3 = points[i + 2] if i + 2 < len(points) else p2
        c1 = p1 + (p2 - p0) / 6.0
        c2 = p2 - (p3 - p1) / 6.0
        path.cubicTo(c1, c2, p2)
    return path


def _polyline(runs: list[list[QPointF]], smooth: bool) -> QPainterPath:
    path = QPainterPath()
    for run in runs:
        if len(run) < 2:
            continue
        path.addPath(_smooth_path(run) if smooth else _straight(run))
    return path


def _straight(points: list[QPointF]) -> QPainterPath:
    path = QPainterPath(points[0])
    for p in points[1:]:
        path.lineTo(p)
    return path


def paint_lines(frame: Frame, group: Group, cat: AxisGeom, val: AxisGeom) -> list[_Label]:
    labels: list[_Label] = []
    # Behind the series: high-low lines, then the up/down bars over them (stock charts).
    paint_hi_low_lines(frame, group, cat, val)
    paint_up_down_bars(frame, group, cat, val)
    segs = stacked_values(group)
    stacked = group.grouping in ("stacked", "percentStacked")
    span = frame.chart.blanks == "span"  # the line runs on across blank cells
    for j, series in enumerate(group.series):
        look = frame.look(group, series)
        runs: list[list[QPointF]] = [[]]
        points: list[tuple[int, QPointF]] = []
        for i, seg in enumerate(segs[j]):
            value = series.values[i] if i < len(series.values) else None
            if seg is None or (value is None and not stacked) or not cat.holds(i):
                if runs[-1] and not (span and cat.holds(i)):
                    runs.append([])
                continue
            p = _point(cat, val, i, seg[1])
            runs[-1].append(p)
            points.append((i, p))
        frame.stroke(look.pen, _polyline(runs, series.smooth))
        for bars in series.error_bars:
            error_bars.paint(frame, bars, val, plotted_values(group, series), points)
        _category_trendlines(frame, series, cat, val)
        _markers_and_labels(frame, group, series, look, points, labels)
    return labels


def _markers_and_labels(frame: Frame, group: Group, series: Series, look: Look,
                        points: list[tuple[int, QPointF]], labels: list[_Label]) -> None:  # fmt: skip
    for i, p in points:
        spec = _point_labels(group, series, i)
        point_look = frame.look(group, series, i) if i in series.point_sp_pr else look
        frame.marker(point_look, p)
        value = series.values[i] if i < len(series.values) else None
        if spec is not None and spec.any and i not in spec.deleted and value is not None:
            x = series.x_values[i] if i < len(series.x_values) else None
            rect = QRectF(p.x() - look.marker_size / 2, p.y() - look.marker_size / 2, look.marker_size,
                          look.marker_size)  # fmt: skip
            labels.append(_Label(_label_text(frame, spec, series, i, value, x), rect, spec.position or "r",
                                 True, True, spec, look, group=group,
                                 color=_value_color(spec, series, value)))  # fmt: skip


def paint_areas(frame: Frame, group: Group, cat: AxisGeom, val: AxisGeom) -> list[_Label]:
    labels: list[_Label] = []
    segs = stacked_values(group)
    base = _clamp(val, 0.0)
    # Office puts the first series of an unstacked area chart in front: draw it last.
    indices = list(range(len(group.series)))
    if group.grouping not in ("stacked", "percentStacked"):
        indices.reverse()
    for j in indices:
        series = group.series[j]
        look = frame.look(group, series)
        row = [(i, s) for i, s in enumerate(segs[j]) if s is not None and cat.holds(i)]
        if not row:
            continue
        upper = [_point(cat, val, i, _clamp(val, s[1])) for i, s in row]
        stacked = group.grouping in ("stacked", "percentStacked")
        lower = [_point(cat, val, i, _clamp(val, s[0] if stacked else base)) for i, s in row]
        path = QPainterPath(upper[0])
        for p in upper[1:]:
            path.lineTo(p)
        for p in reversed(lower):
            path.lineTo(p)
        path.closeSubpath()
        frame.fill(look.sp_pr, path, look.color)
        frame.stroke(look.pen, path)
        if _labels_of(group, series) is not None:
            for (i, _s), p in zip(row, upper, strict=False):
                value = series.values[i] if i < len(series.values) else None
                spec = _point_labels(group, series, i)
                if spec is not None and spec.any and value is not None and i not in spec.deleted:
                    labels.append(_Label(_label_text(frame, spec, series, i, value, None), QRectF(p, p), "ctr",
                                         True, True, spec, look, group=group,
                                         color=_value_color(spec, series, value)))  # fmt: skip
    return labels


def _x_values(series: Series) -> list[float | None]:
    """A scatter series' x values as drawn (1, 2, 3... without c:xVal numbers)."""
    n = len(series.values)
    if not series.x_values:
        return [float(i + 1) for i in range(n)]
    return [series.x_values[i] if i < len(series.x_values) else None for i in range(n)]


def paint_scatter(frame: Frame, group: Group, xa: AxisGeom, ya: AxisGeom) -> list[_Label]:
    labels: list[_Label] = []
    smooth_style = group.scatter_style in ("smooth", "smoothMarker")
    span = frame.chart.blanks == "span"  # the line runs on across blank cells
    for series in group.series:
        look = frame.look(group, series)
        runs: list[list[QPointF]] = [[]]
        points: list[tuple[int, QPointF]] = []
        for i, y in enumerate(series.values):
            x = series.x_values[i] if i < len(series.x_values) else (float(i + 1) if not series.x_values else None)
            if y is None or x is None:
                if runs[-1] and not span:
                    runs.append([])
                continue
            p = QPointF(xa.value(x), ya.value(y))
            if not xa.horizontal:
                p = QPointF(ya.value(y), xa.value(x))
            runs[-1].append(p)
            points.append((i, p))
        if look.pen is not None and group.scatter_style != "marker":
            frame.stroke(look.pen, _polyline(runs, series.smooth or smooth_style))
        for bars in series.error_bars:
            along_x = bars.direction == "x"
            values = _x_values(series) if along_x else series.values
            error_bars.paint(frame, bars, xa if along_x else ya, values, points)
        _scatter_trendlines(frame, series, xa, ya)
        _markers_and_labels(frame, group, series, look, points, labels)
    return labels


def _scatter_trendlines(frame: Frame, series: Series, xa: AxisGeom, ya: AxisGeom) -> None:
    if not series.trendlines:
        return
    known = [(x, y) for x, y in zip(_x_values(series), series.values, strict=True) if x is not None and y is not None]
    xs, ys = [x for x, _ in known], [y for _, y in known]

    def to_pixel(x: float, y: float) -> QPointF:
        return _pixel(xa.value(x), ya.value(y), xa.horizontal)

    for trend in series.trendlines:
        _equation_label(frame, trend, xs, ys, trendline.paint(frame, trend, xs, ys, to_pixel), xa.rect)


def _labels_of(group: Group, series: Series) -> DataLabels | None:
    return series.labels if series.labels is not None else group.labels


def _point_labels(group: Group, series: Series, point: int) -> DataLabels | None:
    """One point's labels: its own c:dLbl over the series' (or group's) c:dLbls."""
    spec = _labels_of(group, series)
    return spec.at(point) if spec is not None else None


def _value_color(spec: DataLabels, series: Series, value: float) -> str | None:
    """The colour a label showing ``value`` takes from its number format ("[Red]-0"), as Excel
    draws it; labels with typed text keep their own."""
    if spec.custom is not None or not spec.show_val:
        return None
    return format_color(value, spec.num_fmt or series.val_format)


def _label_text(frame: Frame, spec: DataLabels, series: Series, i: int, value: float,
                x: float | None, percent: float | None = None, size: float | None = None,
                pie: bool = False) -> str:  # fmt: skip
    if spec.custom is not None:
        if spec.fields:
            return "".join(_field_text(frame, spec, kind, text, series, i, value, x, percent, size)
                           for kind, text in spec.fields)  # fmt: skip
        return spec.custom
    parts: list[str] = []
    if spec.show_range and i < len(series.label_cells) and series.label_cells[i]:
        parts.append(series.label_cells[i])  # "Value From Cells" comes first, as in Office
    if spec.show_ser:
        parts.append(series.name)
    if spec.show_cat:
        if x is not None:
            parts.append(format_value(x, series.cat_format, frame.chart.date1904))
        elif i < len(series.categories):
            parts.append(series.categories[i])
    if spec.show_val:
        parts.append(format_value(value, spec.num_fmt or series.val_format, frame.chart.date1904))
    if spec.show_percent and percent is not None:
        parts.append(format_value(percent, spec.num_fmt if spec.num_fmt and "%" in spec.num_fmt else "0%"))
    if spec.show_bubble_size and size is not None:
        parts.append(format_value(size, spec.num_fmt or series.size_format, frame.chart.date1904))
    sep = spec.separator
    if sep is None:
        # Office's default is a comma, but a line break for a pie's category name and percentage.
        only_cat_percent = spec.show_cat and spec.show_percent and not (spec.show_val or spec.show_ser)
        sep = "\n" if pie and only_cat_percent else ", "
    return sep.join(parts)


def _field_text(frame: Frame, spec: DataLabels, kind: str, text: str, series: Series, i: int, value: float,
                x: float | None, percent: float | None, size: float | None) -> str:  # fmt: skip
    """One piece of a label's rich text: a field (a:fld type) filled in for point ``i``; its cached
    text (Office's "[VALUE]" placeholder) only for a field we do not know."""
    date1904 = frame.chart.date1904
    if kind in ("VALUE", "YVALUE"):
        return format_value(value, spec.num_fmt or series.val_format, date1904)
    if kind == "SERIESNAME":
        return series.name
    if kind in ("CATEGORYNAME", "XVALUE"):
        if x is not None:
            return format_value(x, series.cat_format, date1904)
        return series.categories[i] if i < len(series.categories) else str(i + 1)
    if kind == "CELLRANGE":
        return series.label_cells[i] if i < len(series.label_cells) else ""
    if kind == "PERCENTAGE" and percent is not None:
        return format_value(percent, spec.num_fmt if spec.num_fmt and "%" in spec.num_fmt else "0%")
    if kind == "BUBBLESIZE" and size is not None:
        return format_value(size, spec.num_fmt or series.size_format, date1904)
    return text


class _Label:
    """A data label waiting to be drawn after every series (labels sit on top)."""

    def __init__(self, text: str, rect: QRectF, position: str, vertical_values: bool, up: bool,
                 spec: DataLabels, look: Look, point: QPointF | None = None,
                 group: Group | None = None, color: str | None = None) -> None:  # fmt: skip
        self.text = text
        self.group = group  # the series' group: its legend key, when the label shows one
        self.point = point if point is not None else rect.center()  # a moved label's leader starts here
        self.rect = rect
        self.position = position
        self.vertical_values = vertical_values  # columns/lines: values grow upwards
        self.up = up  # a bar's end is its rect's top (columns) or right side (horizontal bars)
        self.spec = spec
        self.look = look
        self.color = color  # a colour the value's number format names ([Red]), RRGGBB

    def paint(self, frame: Frame) -> None:
        font = frame.styler.font(self.spec.text)
        if self.color is not None:
            font = replace(font, color=QColor(f"#{self.color}"))
        key = legend.key_side(frame, font) if self.group is not None and self.spec.show_key else 0.0
        if not self.text and not key:
            return
        leader = LeaderStart(self.point)

        def label(anchor: QPointF, h_align: str, v_align: str) -> None:
            if key:
                anchor = self._key(frame, font, key, anchor, h_align, v_align)
            if self.text:
                frame.label(self.spec, self.text, font, anchor, h_align, v_align, leader)

        r = self.rect
        pos = self.position
        gap = 3.0
        c = r.center()
        if pos in ("ctr", "bestFit"):
            label(c, "c", "c")
        elif self.vertical_values and pos in ("outEnd", "t"):
            anchor = QPointF(c.x(), r.top() - gap) if self.up else QPointF(c.x(), r.bottom() + gap)
            label(anchor, "c", "b" if self.up else "t")
        elif self.vertical_values and pos in ("inEnd", "inBase"):
            at_top = self.up == (pos == "inEnd")
            anchor = QPointF(c.x(), r.top() + gap) if at_top else QPointF(c.x(), r.bottom() - gap)
            label(anchor, "c", "t" if at_top else "b")
        elif pos == "b":
            label(QPointF(c.x(), r.bottom() + gap), "c", "t")
        elif pos == "l":
            label(QPointF(r.left() - gap, c.y()), "r", "c")
        elif pos == "r":
            label(QPointF(r.right() + gap, c.y()), "l", "c")
        elif pos == "outEnd":  # horizontal bars: past the end, right or left
            anchor = QPointF(r.right() + gap, c.y()) if self.up else QPointF(r.left() - gap, c.y())
            label(anchor, "l" if self.up else "r", "c")
        elif pos in ("inEnd", "inBase"):
            at_right = self.up == (pos == "inEnd")
            anchor = QPointF(r.right() - gap, c.y()) if at_right else QPointF(r.left() + gap, c.y())
            label(anchor, "r" if at_right else "l", "c")
        else:
            label(c, "c", "c")

    def _key(self, frame: Frame, font: Font, key: float, anchor: QPointF, h_align: str, v_align: str) -> QPointF:
        """Draw the legend key before where the text goes (the two aligned as one) and return the
        text's anchor, moved past the key."""
        assert self.group is not None
        extra = key + (legend.key_gap(key) if self.text else 0.0)
        at = QPointF(anchor.x() + {"l": extra, "c": extra / 2.0, "r": 0.0}[h_align], anchor.y())
        size = frame.styler.size(self.text, font) if self.text else QSizeF(0.0, key)
        left = at.x() - {"l": 0.0, "c": size.width() / 2.0, "r": size.width()}[h_align]
        middle = at.y() - {"t": 0.0, "c": size.height() / 2.0, "b": size.height()}[v_align] + size.height() / 2.0
        if self.spec.offset is not None:  # a moved label takes its key along
            left += self.spec.offset[0] * frame.area.width()
            middle += self.spec.offset[1] * frame.area.height()
        frame.legend_key(self.look, self.group, QRectF(left - extra, middle - key / 2.0, key, key))
        return at


Label = _Label
