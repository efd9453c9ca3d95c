"""Axes of bar, line, area and scatter charts: scales, label space, gridlines, lines, tick labels."""

from __future__ import annotations

import itertools
import logging
import math
from dataclasses import dataclass, field, replace

from lxml import etree
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor, QPainterPath, QPen

from worker.deck.xml import child
from worker.render.charts import axis_fit, bubble_size
from worker.render.charts.date_axis import DateSlots, auto_marks, date_slots
from worker.render.charts.frame import Frame
from worker.render.charts.model import Axis, Group, GroupKind
from worker.render.charts.numfmt import format_color, format_value
from worker.render.charts.scale import Scale, auto_scale
from worker.render.charts.style import outline_pen, text_shade
from worker.render.charts.text import Font, likely_largest

log = logging.getLogger(__name__)

AXIS_GAP = 4.0  # between the plot edge and tick labels, pt
# A row of level labels under (or over) the plot: PowerPoint leaves 6.5 pt + 0.635 em + the labels'
# line boxes between the axis and the chart's edge (office2pdf #1675: 6.5 + 1.8554 em at 10-24 pt in
# Calibri, whose line box is 1.2205 em; one line box more at 36 pt, where the labels take two lines).
# Our chart PAD gives 7 pt of it; the rest is the gap between the axis and the labels.
ROW_GAP_PT = -0.5
ROW_GAP_EM = 0.635
# Automatic line colours for black text (see style.text_shade: other text colours shift them).
GRID_COLOR = QColor(0xD9, 0xD9, 0xD9)
AXIS_COLOR = QColor(0xBF, 0xBF, 0xBF)
CLASSIC_COLOR = QColor(0x86, 0x86, 0x86)
AUTO_ANGLE = -45.0  # Office turns category labels that fit no other way by 45 degrees
AUTO_ROT = -60000000  # bodyPr rot value meaning "automatic" on chart text
MAJOR_TICK = 4.0  # tick mark length from the axis line, pt, where the axis has no label face
# PowerPoint sizes a major tick by the face labelling the axis: a third of its ascent (office2pdf
# #672/#700: Calibri 10/12/18/36 pt -> 3.17/3.81/5.71/11.42 pt, Arial 10/18 pt -> 3.02/5.43 pt).
TICK_ASCENT_SHARE = 1.0 / 3.0


@dataclass
class AxisGeom:
    axis: Axis
    horizontal: bool
    is_category: bool
    scale: Scale | None = None
    labels: list[str] = field(default_factory=list)
    count: int = 1  # categories
    between: bool = True
    rect: QRectF = field(default_factory=QRectF)
    font: Font | None = None
    fmt: str | None = None
    rotate: bool = False
    angle: float = AUTO_ANGLE  # degrees clockwise the labels turn when ``rotate``
    skip: int = 1
    extent: float = 0.0  # room its labels (and title) need outside the plot
    label_extent: float = 0.0  # the part of ``extent`` its tick labels take
    classic: bool = True  # pre-2013 chart (no chartStyle part): darker default lines
    slots: list[int] | None = None  # date axes: each point's slot (labels name slots, not points)
    wrapped: list[str] | None = None  # category labels broken into lines to fit their bands
    ellipsized: dict[int, str] = field(default_factory=dict)  # turned labels cut short: what is kept
    edge_room: bool = False  # the plot gave way at its ends to keep these labels inside the frame
    major_step: int = 1  # date axes with a c:majorUnit: slots between tick marks and labels
    gap: float = AXIS_GAP  # between the axis and its tick labels
    dates: DateSlots | None = None  # date axes: their slots' calendar
    marks: list[int] | None = None  # date axes with an automatic major unit: slots labelled and ticked
    edge: str = ""  # the plot edge the axis line runs along when its crossing puts it there
    table_extent: float | None = None  # a data table under the plot replaces the tick labels: its height
    # A multi-level category axis' outer levels, nearest the axis first: (first, end, text) groups.
    levels: list[list[tuple[int, int, str]]] = field(default_factory=list)
    level_rows: list[float] = field(default_factory=list)  # room each drawn outer level takes
    inner_extent: float = 0.0  # room of the inner (tick) labels when outer levels follow them

    @property
    def side(self) -> str:
        if self.edge:
            return self.edge
        if self.horizontal:
            return "t" if self.axis.position == "t" else "b"
        return "r" if self.axis.position == "r" else "l"

    @property
    def visible(self) -> bool:
        return not self.axis.deleted

    def _span(self) -> tuple[float, float]:
        """Pixel coordinates of fraction 0 and 1 along the axis."""
        r = self.rect
        lo, hi = (r.left(), r.right()) if self.horizontal else (r.bottom(), r.top())
        return (hi, lo) if self.axis.reverse else (lo, hi)

    def at(self, fraction: float) -> float:
        a, b = self._span()
        return a + (b - a) * fraction

    def value(self, v: float) -> float:
        """Pixel of a value (value axes) or of a category index (category axes, centre of the band)."""
        if self.is_category or self.scale is None:
            return self.at(self.cat_fraction(v))
        return self.at(self.scale.fraction(v))

    def point(self, index: int) -> int:
        """The category slot of data point ``index`` (itself, except on date axes)."""
        if self.slots is None:
            return index
        return self.slots[index] if index < len(self.slots) else -1

    def holds(self, index: int) -> bool:
        """Whether data point ``index`` falls on the axis."""
        return 0 <= self.point(index) < self.count

    def cat_fraction(self, index: float) -> float:
        if self.between:
            return (index + 0.5) / max(self.count, 1)
        return index / max(self.count - 1, 1) if self.count > 1 else 0.5

    def band(self, index: int) -> tuple[float, float]:
        """Fractions of a category's band (between tick marks)."""
        n = max(self.count, 1)
        if self.between:
            return index / n, (index + 1) / n
        step = 1.0 / max(n - 1, 1)
        return index * step - step / 2, index * step + step / 2

    def ticks(self) -> list[float]:
        """Fractions of tick marks / gridlines."""
        if self.is_category or self.scale is None:
            n = max(self.count, 1)
            step = max(self.major_step, 1)
            if self.marks is not None:
                return [m / n if self.between else m / max(n - 1, 1) for m in self.marks]
            if self.between:
                return [i / n for i in range(0, n + 1, step)]
            return [i / max(n - 1, 1) for i in range(0, n, step)]
        return [self.scale.fraction(t) for t in self.scale.ticks()]

    def minor_ticks(self) -> list[float]:
        """Fractions of minor tick marks / gridlines: every c:minorUnit on a linear value axis,
        else (Excel's automatic minor unit) five per major interval."""
        unit = self.axis.minor_unit
        scale = self.scale
        if self.is_category or scale is None or scale.log_base or unit is None:
            return _minor(self.ticks())
        # A unit so small against the span (1e-300 beside 1e9) makes the count infinite.
        intervals = (scale.maximum - scale.minimum) / unit + 1e-9
        if not math.isfinite(intervals) or intervals >= 1001:
            return _minor(self.ticks())
        count = math.floor(intervals)
        return [scale.fraction(scale.minimum + i * unit) for i in range(count + 1)]


def set_categories(frame: Frame, geom: AxisGeom, groups: list[Group]) -> None:
    """The labels (and, on date axes, the slots of the points) of a category axis."""
    axis = geom.axis
    source = next((s for g in groups for s in g.series if s.categories), None)
    if axis.kind == "dateAx" and source is not None:
        fmt = axis.num_fmt if not axis.source_linked and axis.num_fmt else source.cat_format
        found = date_slots(source.categories, fmt, axis.base_time_unit, frame.chart.date1904,
                           axis.minimum, axis.maximum)  # fmt: skip
        if found is not None:
            geom.labels, geom.slots, geom.dates = found.labels, found.slots, found
            geom.count = max(len(found.labels), 1)
            return
    geom.labels = category_labels(frame, groups, axis)
    geom.count = max(len(geom.labels), 1)
    geom.levels = outer_levels(groups, axis, geom.count)


def outer_levels(groups: list[Group], axis: Axis, count: int) -> list[list[tuple[int, int, str]]]:
    """The outer levels a multi-level category axis draws (none with c:noMultiLvlLbl)."""
    source = next((s for g in groups for s in g.series if s.categories), None)
    if source is None or axis.no_multi_level:
        return []
    return category_groups(source.category_levels, count)


def category_groups(levels: list[list[tuple[int, str]]], count: int) -> list[list[tuple[int, int, str]]]:
    """Each outer level's groups as (first, end, text): a group runs to the next one's first point."""
    out = []
    for level in levels:
        starts = [(i, t) for i, t in level if 0 <= i < count]
        if not starts:
            continue
        ends = [i for i, _ in starts[1:]] + [count]
        out.append([(i, end, t) for (i, t), end in zip(starts, ends, strict=True)])
    return out


def category_labels(frame: Frame, groups: list[Group], axis: Axis) -> list[str]:
    n = max((len(s.values) for g in groups for s in g.series), default=0)
    labels: list[str] = []
    source = next((s for g in groups for s in g.series if s.categories), None)
    if source is not None:
        fmt = axis.num_fmt if not axis.source_linked and axis.num_fmt else source.cat_format
        for raw in source.categories:
            labels.append(format_category(raw, fmt, frame.chart.date1904))
    n = max(n, len(labels))
    return [labels[i] if i < len(labels) else str(i + 1) for i in range(n)]


def format_category(raw: str, fmt: str | None, date1904: bool) -> str:
    if fmt and fmt.lower() != "general":
        try:
            return format_value(float(raw), fmt, date1904)
        except ValueError:
            return raw
    return raw


def value_range(groups: list[Group], x_axis: bool = False) -> tuple[float, float] | None:
    """The data range a value axis must show (stacks summed; percent stacks 0..1)."""
    lo, hi = math.inf, -math.inf
    for group in groups:
        if group.grouping == "percentStacked":
            has_negative = any(v is not None and v < 0 for s in group.series for v in s.values)
            lo, hi = min(lo, -1.0 if has_negative else 0.0), max(hi, 1.0)
            continue
        if group.grouping == "stacked" and not x_axis:
            n = max((len(s.values) for s in group.series), default=0)
            for i in range(n):
                pos = sum(s.values[i] or 0 for s in group.series if i < len(s.values) and (s.values[i] or 0) > 0)
                neg = sum(s.values[i] or 0 for s in group.series if i < len(s.values) and (s.values[i] or 0) < 0)
                lo, hi = min(lo, neg, pos), max(hi, pos, neg)
            continue
        for series in group.series:
            values = series.x_values if x_axis else series.values
            if x_axis and not values:
                values = [float(i + 1) for i in range(len(series.values))]
            for v in values:
                if v is not None:
                    lo, hi = min(lo, v), max(hi, v)
    if lo > hi:
        return None
    return lo, hi


MAX_INTERVALS = 10  # Office never divides an automatic axis into more


def make_scale(geom: AxisGeom, groups: list[Group], length: float, x_axis: bool, side: float = 0.0,
               frame: Frame | None = None) -> None:  # fmt: skip
    """The axis' scale for data drawn ``length`` pt long (``side``: the plot's smaller side, for bubbles).

    The finest 1-2-5 step whose intervals PowerPoint allows along the axis (at most ten):
    ``allowed_intervals``; a horizontal axis also keeps its widest labels from overlapping.
    """
    _set_scale(geom, groups, length, x_axis, side, MAX_INTERVALS)
    if frame is None or geom.font is None or geom.scale is None or geom.axis.major_unit:
        return
    intervals = allowed_intervals(length, geom.font.size, geom.horizontal)
    if geom.horizontal:
        texts = [t for t in tick_texts(frame, geom)[:3] if t] or ["0"]
        widest = max(frame.styler.size(t, geom.font).width() for t in texts)
        intervals = min(intervals, max(1, int(length / max(widest, 1.0))))
    if intervals < MAX_INTERVALS:
        _set_scale(geom, groups, length, x_axis, side, intervals)


# PowerPoint spaces an automatic value axis by its labels' text size. Horizontal axes: N
# intervals are allowed when N - 1 of them, each 3.9 ems long, fit along the plot. PowerPoint
# 16.112 exports of one bar chart at 18 pt (office2pdf #824/#990) keep 5 intervals on a 311 pt
# plot and 2 on a 71 pt one but drop to 2 on 231 pt and to 1 on 60 pt: 3.33-3.94 em. Its 9 -> 5
# switch between 11.93 and 11.94 pt text, on the 372 pt plot we lay that chart out with, puts it
# at 3.9. Vertical axes are denser, N intervals of at least 0.9 em: the same chart as columns keeps
# 9 intervals on a ~204 pt plot at 24 pt text (office2pdf #1675), at most 0.94 em each, and drops
# to 2 at 36 pt, where 5 would get under 0.63 em.
H_INTERVAL_EM = 3.9
V_INTERVAL_EM = 0.9


def allowed_intervals(length: float, size: float, horizontal: bool) -> int:
    """How many major intervals PowerPoint allows on an automatic axis ``length`` pt long."""
    if horizontal:
        fit = int(length / (max(size, 1.0) * H_INTERVAL_EM) + 1e-9) + 1
    else:
        fit = int(length / (max(size, 1.0) * V_INTERVAL_EM) + 1e-9)
    return max(1, min(MAX_INTERVALS, fit))


def _set_scale(geom: AxisGeom, groups: list[Group], length: float, x_axis: bool, side: float,
               intervals: int) -> None:  # fmt: skip
    axis = geom.axis
    rng = value_range(groups, x_axis) or (0.0, 1.0)
    bubbles = [g for g in groups if g.kind is GroupKind.BUBBLE]
    padded = bubble_size.padded_range(bubbles, x_axis, length, side) if bubbles and side > 0 else None
    if padded is not None:
        rng = (min(rng[0], padded[0]), max(rng[1], padded[1]))
    max_ticks = intervals + 1
    percent = any(g.grouping == "percentStacked" for g in groups) and not x_axis
    lo, hi = rng
    if percent:
        lo, hi = (max(lo, -1.0), min(hi, 1.0))
    # Scatter and bubble x axes too: Excel scales x values by the value axis' rules (KB 214075),
    # starting at zero unless the values sit close together.
    geom.scale = auto_scale(
        lo,
        hi,
        fixed_min=axis.minimum,
        fixed_max=axis.maximum,
        major=axis.major_unit,
        max_ticks=max_ticks,
        log_base=axis.log_base,
        pad_below=not bubbles,
    )
    if percent and axis.maximum is None and geom.scale.maximum > 1.0:
        geom.scale = Scale(geom.scale.minimum, 1.0, geom.scale.major)
    if percent and axis.minimum is None and geom.scale.minimum < -1.0:
        geom.scale = Scale(-1.0, geom.scale.maximum, geom.scale.major)
    if axis.num_fmt and not axis.source_linked:
        geom.fmt = axis.num_fmt
    elif percent:
        geom.fmt = "0%"
    else:
        series = next((s for g in groups for s in g.series), None)
        source_fmt = (series.cat_format if x_axis else series.val_format) if series is not None else None
        geom.fmt = source_fmt or axis.num_fmt


def tick_texts(frame: Frame, geom: AxisGeom) -> list[str]:
    if geom.is_category or geom.scale is None:
        return geom.labels
    out = []
    unit = geom.axis.disp_unit or 1.0  # c:dispUnits: labels in thousands, millions, ...
    for t in geom.scale.ticks():
        value = 0.0 if abs(t) < geom.scale.major * 1e-9 else t
        out.append(format_value(value / unit, geom.fmt, frame.chart.date1904))
    return out


def tick_colors(geom: AxisGeom) -> list[str | None]:
    """Per tick label of a value axis, the colour its number format names ("[Red]-0"), as Excel
    draws it (empty for category axes and formats without colours)."""
    if geom.is_category or geom.scale is None or not geom.fmt or "[" not in geom.fmt:
        return []
    unit = geom.axis.disp_unit or 1.0
    return [format_color(0.0 if abs(t) < geom.scale.major * 1e-9 else t / unit, geom.fmt) for t in geom.scale.ticks()]


def measure(frame: Frame, geom: AxisGeom, length: float, cross: AxisGeom | None = None,
            room: float | None = None) -> None:  # fmt: skip
    """Room the axis' labels and title need outside the plot (``room``: the chart's size across
    the axis, which caps turned labels); decides wrapping, rotation, skipping and ellipses."""
    geom.edge = _crossing_edge(geom, cross)
    geom.major_step = _date_major_step(geom)
    geom.marks = None
    geom.ellipsized = {}
    if geom.table_extent is not None:
        # The data table (drawn whether or not the axis is) takes the labels' place.
        geom.label_extent = geom.table_extent
        geom.extent = geom.table_extent + (_title_extent(frame, geom) if geom.visible else 0.0)
        return
    if not geom.visible or geom.font is None:
        geom.extent = 0.0
        return
    texts = tick_texts(frame, geom) if geom.axis.tick_label_pos != "none" else []
    geom.gap = AXIS_GAP
    sizes = [frame.styler.size(t, geom.font) for t in likely_largest(texts)]
    max_w = max((s.width() for s in sizes), default=0.0)
    max_h = max((s.height() for s in sizes), default=0.0)
    extent = 0.0
    if sizes:
        if geom.horizontal:
            extent = max_h
            geom.wrapped = None
            geom.rotate = False
            explicit = _explicit_angle(geom.axis)
            if explicit:
                # A set angle (bodyPr rot): Office turns every label by it and neither wraps nor
                # turns them by 45 degrees of its own.
                geom.rotate = True
                geom.angle = explicit
                turn = math.radians(abs(explicit))
                max_w = _cap_turned(frame, geom, texts, max_w, max_h, room)
                extent = max_w * math.sin(turn) + max_h * math.cos(turn)
                if geom.is_category:
                    # Turned labels take a band of height / sin(angle) along the axis each.
                    band = length / max(geom.count, 1)
                    along = min(max_h / max(math.sin(turn), 1e-6), max_w)
                    geom.skip = geom.axis.label_skip or max(1, math.ceil(along * 1.1 / max(band, 1e-6)))
            elif geom.is_category:
                band = length / max(geom.count, 1)
                skip = geom.axis.label_skip or 1
                if geom.major_step > 1 and not geom.axis.label_skip:
                    skip = geom.major_step  # a set major unit: a label (and tick) every that many
                elif geom.dates is not None and not geom.axis.label_skip:
                    # Dates step by whole days, weeks, months or years, as many as a (turned)
                    # label's height needs; labels and ticks on those slots only.
                    need = max(1, math.ceil(max_h * 1.2 / max(band, 1e-6)))
                    geom.marks = auto_marks(geom.dates, need)
                    skip = max(min((b - a for a, b in itertools.pairwise(geom.marks)), default=need), 1)
                wrapped = _wrap_all(frame, geom, texts, band) if max_w > band * skip * 1.05 else None
                if wrapped is not None and not geom.axis.label_skip:
                    geom.wrapped = wrapped
                    extent = max(frame.styler.size(t, geom.font).height() for t in wrapped)
                elif max_w > band * skip * 1.05 and not geom.axis.label_skip:
                    # An explicit angle of 0 keeps the labels level: Office thins them out instead.
                    # Left automatic, it turns them first and then, when even turned labels crowd,
                    # draws every so many (Peltier, "axis labels in small charts").
                    if explicit is None and geom.dates is None:
                        geom.rotate = True
                        geom.angle = AUTO_ANGLE
                        max_w = _cap_turned(frame, geom, texts, max_w, max_h, room)
                        extent = max_w * math.sin(math.radians(45)) + max_h * 0.8
                        skip = max(skip, math.ceil(max_h * 1.2 / max(band, 1e-6)))
                    elif explicit is None and band * skip >= max_h * 1.2:
                        geom.rotate = True
                        geom.angle = AUTO_ANGLE
                        extent = max_w * math.sin(math.radians(45)) + max_h * 0.8
                    else:
                        skip = max(1, math.ceil(max_w * 1.1 / max(band, 1e-6)))
                geom.skip = skip
            if not geom.rotate:
                extent = _level_row(frame, geom, geom.wrapped or texts)
        else:
            extent = max_w
            if geom.axis.major_tick in ("out", "cross"):
                # Labels beside a vertical axis clear its outward ticks (longer than the usual gap
                # above 12.6 pt text).
                geom.gap = max(AXIS_GAP, tick_length(frame, geom))
            if geom.is_category:
                band = length / max(geom.count, 1)
                geom.skip = geom.axis.label_skip or max(1, math.ceil(max_h / max(band, 1e-6)))
        extent += geom.gap
        geom.level_rows = []
        if geom.levels and geom.is_category:
            # Office draws each outer level as a row (a column beside a vertical axis, turned
            # upright) beyond the tick labels.
            geom.inner_extent = extent
            for level in geom.levels:
                row = max((frame.styler.size(t, geom.font).height() for _, _, t in level if t), default=max_h)
                geom.level_rows.append(row + AXIS_GAP)
            extent += sum(geom.level_rows)
        if geom.axis.tick_label_pos == "nextTo" and inside(geom, cross):
            extent = 0.0  # the labels sit beside a line inside the plot
            geom.level_rows = []
    geom.label_extent = extent
    if geom.axis.disp_unit_label and not geom.is_category:
        extent += frame.styler.size(geom.axis.disp_unit_label, geom.font).height() + AXIS_GAP
    geom.extent = extent + _title_extent(frame, geom)


def tick_length(frame: Frame, geom: AxisGeom) -> float:
    """Length of the axis' major tick marks, pt (minor ones are half as long)."""
    return frame.styler.ascent(geom.font) * TICK_ASCENT_SHARE if geom.font is not None else MAJOR_TICK


def _level_row(frame: Frame, geom: AxisGeom, texts: list[str]) -> float:
    """Height of a row of level labels, in line boxes of their face, setting the text-scaled gap
    PowerPoint leaves between them and the axis."""
    assert geom.font is not None
    geom.gap = max(0.0, ROW_GAP_PT + ROW_GAP_EM * geom.font.size)
    lines = max((t.count("\n") + 1 for t in texts if t), default=1)
    return lines * frame.styler.line_box(geom.font)


def _title_extent(frame: Frame, geom: AxisGeom) -> float:
    """Room the axis title takes beyond the labels (0 without a title)."""
    title = geom.axis.title
    if title is None:
        return 0.0
    font = frame.styler.font(title.text, size=frame.base_size, bold=True)
    rich = frame.styler.rich(title.text, size=frame.base_size, bold=True)
    size = rich.size if rich is not None else frame.styler.size("\n".join(title.text.paragraphs) or "Axis Title", font)
    return size.height() + AXIS_GAP


MAX_WRAPPED_LINES = 3
UNITS_PER = {("months", "years"): 12}  # (base unit, major unit) -> base units in one major unit


def _date_major_step(geom: AxisGeom) -> int:
    """Slots between labels of a date axis whose c:majorUnit (in c:majorTimeUnit) is set; 1 when
    it is left automatic or counts in a unit finer or not a whole multiple of the base unit."""
    axis = geom.axis
    if geom.slots is None or axis.major_unit is None:
        return 1
    base = axis.base_time_unit or "days"
    major = axis.major_time_unit or base
    per = 1 if major == base else UNITS_PER.get((base, major))
    if per is None:
        return 1
    return max(1, round(axis.major_unit * per))


def _cap_turned(frame: Frame, geom: AxisGeom, texts: list[str], max_w: float, max_h: float,
                room: float | None) -> float:  # fmt: skip
    """The widest turned category label once those too long for the axis' share of the chart
    (``room`` across it) are cut short with an ellipsis (``geom.ellipsized``)."""
    turn = math.radians(abs(geom.angle))
    if not geom.is_category or room is None or math.sin(turn) < 0.2:
        return max_w
    limit = (axis_fit.MAX_TURNED_SHARE * room - max_h * math.cos(turn)) / math.sin(turn)
    if max_w <= limit or limit <= 0:
        return max_w
    for i, text in enumerate(texts):
        short = axis_fit.shorten(frame, geom, text, limit) if text else None
        if short is not None:
            geom.ellipsized[i] = short
    return limit


def _explicit_angle(axis: Axis) -> float | None:
    """The label angle an axis' txPr sets (a:bodyPr rot, 60000ths of a degree clockwise; 0 keeps
    them level), or None when it leaves it to Office (no rot, or the 'automatic' value)."""
    body = axis.text.body_pr
    rot = body.get("rot") if body is not None else None
    if rot is None:
        return None
    try:
        value = int(rot)
    except ValueError:
        return None
    if value == AUTO_ROT:
        return None
    return max(min(value / 60000.0, 90.0), -90.0)


def _wrap_all(frame: Frame, geom: AxisGeom, texts: list[str], band: float) -> list[str] | None:
    """Labels broken at spaces into lines no wider than their band, as Office does before it
    rotates them; None when a word alone is too wide or a label would need too many lines."""
    assert geom.font is not None
    out = []
    for text in texts:
        lines: list[str] = []
        for word in text.split():
            if frame.styler.size(word, geom.font).width() > band * 1.05:
                return None
            joined = f"{lines[-1]} {word}" if lines else word
            if lines and frame.styler.size(joined, geom.font).width() <= band * 1.05:
                lines[-1] = joined
            else:
                lines.append(word)
        if len(lines) > MAX_WRAPPED_LINES:
            return None
        out.append("\n".join(lines))
    return out


def draw_grid(frame: Frame, geom: AxisGeom) -> None:
    painter = frame.painter
    r = geom.rect
    for grid, default in ((geom.axis.minor_grid, None), (geom.axis.major_grid, GRID_COLOR)):
        if grid is None:
            continue
        auto = QPen(text_shade(frame.ctx, CLASSIC_COLOR if geom.classic else (default or GRID_COLOR)), 0.75)
        pen = outline_pen(frame.ctx, _sp_pr(grid), auto)
        if pen is None:
            continue
        fractions = geom.minor_ticks() if grid is geom.axis.minor_grid else geom.ticks()
        path = QPainterPath()
        for f in fractions:
            p = geom.at(f)
            if geom.horizontal:
                path.moveTo(p, r.top())
                path.lineTo(p, r.bottom())
            else:
                path.moveTo(r.left(), p)
                path.lineTo(r.right(), p)
        painter.strokePath(path, pen)


def _minor(fractions: list[float]) -> list[float]:
    out: list[float] = []
    for a, b in itertools.pairwise(fractions):
        out.extend(a + (b - a) * k / 5.0 for k in range(1, 5))
    return out


def _sp_pr(el: etree._Element) -> etree._Element | None:
    return child(el, "spPr")


def crossing(geom: AxisGeom, cross: AxisGeom | None) -> float | None:
    """The fraction along ``cross`` where ``geom``'s line runs, or None for the plot edge of its side."""
    if cross is None:
        return None
    axis = geom.axis
    if axis.crosses == "max":
        return 1.0
    if cross.is_category or cross.scale is None:
        return 0.0 if axis.crosses in ("min", "autoZero") and axis.crosses_at is None else None
    scale = cross.scale
    if axis.crosses == "min" or scale.log_base:
        return 0.0
    at = axis.crosses_at if axis.crosses_at is not None else 0.0  # autoZero: zero, else the nearer end
    at = min(max(at, scale.minimum), scale.maximum)
    return scale.fraction(at)


def _crossing_edge(geom: AxisGeom, cross: AxisGeom | None) -> str:
    """The plot edge where the axis line runs when it crosses at an end of ``cross`` (c:crosses max,
    or zero at the top of an all-negative value axis), or "" to keep c:axPos. Office draws labels
    next to such a line outside the plot, beyond that edge. Labels at the low or high end of
    ``cross`` (c:tickLblPos low, high) go beyond the edge where that end lies: its minimum or first
    category, which is at the top (right) when ``cross`` runs reversed (c:orientation maxMin)."""
    if cross is None:
        return ""
    where = geom.axis.tick_label_pos
    if where in ("low", "high"):
        high = (where == "high") != cross.axis.reverse
    else:
        f = crossing(geom, cross)
        if f is None or inside(geom, cross):
            return ""
        high = (f > 0.5) != cross.axis.reverse
    if geom.horizontal:
        return "t" if high else "b"
    return "r" if high else "l"


def inside(geom: AxisGeom, cross: AxisGeom | None) -> bool:
    """Whether the axis line runs through the plot rather than along an edge (e.g. at zero)."""
    f = crossing(geom, cross)
    return f is not None and 1e-6 < f < 1.0 - 1e-6


def line_position(geom: AxisGeom, cross: AxisGeom | None) -> float:
    """Where the axis line runs across the plot (x for vertical axes, y for horizontal ones)."""
    r = geom.rect
    f = crossing(geom, cross)
    if f is None or cross is None:
        return {"b": r.bottom(), "t": r.top(), "l": r.left(), "r": r.right()}[geom.side]
    return cross.at(f)


def draw_axis(frame: Frame, geom: AxisGeom, cross: AxisGeom | None) -> None:
    if not geom.visible:
        return
    painter = frame.painter
    r = geom.rect
    pos = line_position(geom, cross)
    auto = QPen(text_shade(frame.ctx, CLASSIC_COLOR if geom.classic else AXIS_COLOR), 0.75)
    pen = outline_pen(frame.ctx, geom.axis.sp_pr, auto)
    if pen is not None:
        major = tick_length(frame, geom)
        path = QPainterPath()
        if geom.horizontal:
            path.moveTo(r.left(), pos)
            path.lineTo(r.right(), pos)
        else:
            path.moveTo(pos, r.top())
            path.lineTo(pos, r.bottom())
        if geom.level_rows and geom.axis.tick_label_pos != "none":
            _level_separators(path, geom, _label_base(geom, pos)[0])
        else:
            _tick_marks(path, geom, pos, geom.axis.major_tick, geom.ticks(), major)
        _tick_marks(path, geom, pos, geom.axis.minor_tick, geom.minor_ticks(), major / 2.0)  # half as long
        painter.strokePath(path, pen)
    _draw_labels(frame, geom, pos)
    _draw_unit_label(frame, geom)
    draw_title(frame, geom)


def _draw_unit_label(frame: Frame, geom: AxisGeom) -> None:
    """The display units label ("Thousands") beyond the tick labels: turned upright at the top of a
    vertical axis, level at the right end of a horizontal one."""
    text = geom.axis.disp_unit_label
    if not text or geom.is_category or geom.font is None:
        return
    r = geom.rect
    size = frame.styler.size(text, geom.font)
    room = geom.label_extent + AXIS_GAP
    if geom.side == "l":
        frame.styler.draw(frame.painter, text, geom.font, QPointF(r.left() - room - size.height() / 2, r.top()),
                          "r", "c", -90.0)  # fmt: skip
    elif geom.side == "r":
        frame.styler.draw(frame.painter, text, geom.font, QPointF(r.right() + room + size.height() / 2, r.top()),
                          "l", "c", 90.0)  # fmt: skip
    elif geom.side == "b":
        frame.styler.draw(frame.painter, text, geom.font, QPointF(r.right(), r.bottom() + room), "r", "t")
    else:
        frame.styler.draw(frame.painter, text, geom.font, QPointF(r.right(), r.top() - room), "r", "b")


def _tick_marks(path: QPainterPath, geom: AxisGeom, pos: float, kind: str, fractions: list[float],
                length: float) -> None:  # fmt: skip
    """Tick marks of one kind (c:majorTickMark / c:minorTickMark: in, out, cross or none)."""
    if kind not in ("out", "cross", "in"):
        return
    out = 1 if geom.side in ("b", "r") else -1
    a = -length * out if kind in ("in", "cross") else 0.0
    b = length * out if kind in ("out", "cross") else 0.0
    for f in fractions:
        p = geom.at(f)
        if geom.horizontal:
            path.moveTo(p, pos + a)
            path.lineTo(p, pos + b)
        else:
            path.moveTo(pos + a, p)
            path.lineTo(pos + b, p)


def _label_base(geom: AxisGeom, pos: float) -> tuple[float, str]:
    """Where the tick labels start across the axis, and the side they extend to."""
    r = geom.rect
    side = geom.side
    if geom.axis.tick_label_pos == "nextTo":
        return pos, side  # beside the axis line, wherever it crosses the plot
    if geom.axis.tick_label_pos == "low" or geom.edge:  # at the end of the crossing axis they name
        return {"b": r.bottom(), "t": r.top(), "l": r.left(), "r": r.right()}[side], side
    flipped = {"b": "t", "t": "b", "l": "r", "r": "l"}[side]
    return {"b": r.top(), "t": r.bottom(), "l": r.right(), "r": r.left()}[side], flipped


def _level_separators(path: QPainterPath, geom: AxisGeom, base: float) -> None:
    """A multi-level axis' tick marks: lines between categories through the tick labels' row, and
    on each group's edges on through the rows of the levels it bounds (Office's table-like look)."""
    out = 1 if _label_base(geom, 0.0)[1] in ("b", "r") else -1
    n = geom.count
    for i in range(n + 1):
        depth = geom.inner_extent
        for k, level in enumerate(geom.levels[: len(geom.level_rows)]):
            if i in (0, n) or any(first == i for first, _, _ in level):
                depth = geom.inner_extent + sum(geom.level_rows[: k + 1])
        f = geom.band(i)[0] if i < n else geom.band(n - 1)[1]
        p = geom.at(min(max(f, 0.0), 1.0))
        if geom.horizontal:
            path.moveTo(p, base)
            path.lineTo(p, base + out * depth)
        else:
            path.moveTo(base, p)
            path.lineTo(base + out * depth, p)


def _draw_levels(frame: Frame, geom: AxisGeom, base: float, side: str) -> None:
    """Each outer level's group labels, centred on the span of their categories."""
    assert geom.font is not None
    offset = geom.inner_extent
    for level, row in zip(geom.levels, geom.level_rows, strict=False):
        for first, end, text in level:
            if not text:
                continue
            lo, hi = geom.band(first)[0], geom.band(end - 1)[1]
            p = geom.at((min(max(lo, 0.0), 1.0) + min(max(hi, 0.0), 1.0)) / 2.0)
            height = row - AXIS_GAP
            if side == "b":
                frame.styler.draw(frame.painter, text, geom.font, QPointF(p, base + offset + AXIS_GAP), "c", "t")
            elif side == "t":
                frame.styler.draw(frame.painter, text, geom.font, QPointF(p, base - offset - AXIS_GAP), "c", "b")
            elif side == "l":
                at = QPointF(base - offset - AXIS_GAP - height / 2.0, p)
                frame.styler.draw(frame.painter, text, geom.font, at, "c", "c", -90.0)
            else:
                at = QPointF(base + offset + AXIS_GAP + height / 2.0, p)
                frame.styler.draw(frame.painter, text, geom.font, at, "c", "c", 90.0)
        offset += row


def _draw_labels(frame: Frame, geom: AxisGeom, pos: float) -> None:
    if geom.axis.tick_label_pos == "none" or geom.font is None or geom.table_extent is not None:
        return
    base, side = _label_base(geom, pos)
    if geom.level_rows:
        _draw_levels(frame, geom, base, side)
    texts = geom.wrapped if geom.wrapped is not None else tick_texts(frame, geom)
    marks = set(geom.marks) if geom.marks is not None else None
    positions = [geom.cat_fraction(i) for i in range(len(texts))] if geom.is_category else geom.ticks()
    colors = tick_colors(geom)
    for i, (text, f) in enumerate(zip(texts, positions, strict=False)):
        if not text or (i not in marks if marks is not None else i % max(geom.skip, 1)):
            continue
        color = colors[i] if i < len(colors) else None
        font = geom.font if color is None else replace(geom.font, color=QColor(f"#{color}"))
        p = geom.at(f)
        if side == "b":
            if geom.rotate:
                # Turned left (negative), the text ends at the axis; turned right, it starts there.
                h_align = "r" if geom.angle < 0 else "l"
                at = QPointF(p - axis_fit.anchor_inset(geom), base + AXIS_GAP)
                short = geom.ellipsized.get(i)
                if short is not None and geom.angle < 0:
                    # Office ends the kept words on the anchor and lets the ellipsis run on past
                    # it (office2pdf #1035, #1122).
                    frame.styler.draw(frame.painter, short, font, at, "r", "c", geom.angle)
                    frame.styler.draw(frame.painter, axis_fit.ELLIPSIS, font, at, "l", "c", geom.angle)
                else:
                    shown = text if short is None else short + axis_fit.ELLIPSIS
                    frame.styler.draw(frame.painter, shown, font, at, h_align, "c", geom.angle)
            else:
                frame.styler.draw(frame.painter, text, font, QPointF(p, base + geom.gap), "c", "t")
        elif side == "t":
            frame.styler.draw(frame.painter, text, font, QPointF(p, base - geom.gap), "c", "b")
        elif side == "l":
            frame.styler.draw(frame.painter, text, font, QPointF(base - geom.gap, p), "r", "c")
        else:
            frame.styler.draw(frame.painter, text, font, QPointF(base + geom.gap, p), "l", "c")


def draw_title(frame: Frame, geom: AxisGeom) -> None:
    title = geom.axis.title
    if title is None:
        return
    font = frame.styler.font(title.text, size=frame.base_size, bold=True)
    text = "\n".join(title.text.paragraphs) or "Axis Title"
    r = geom.rect
    rich = frame.styler.rich(title.text, size=frame.base_size, bold=True)
    size = rich.size if rich is not None else frame.styler.size(text, font)

    def draw(anchor: QPointF, h_align: str, v_align: str, rotation: float = 0.0) -> None:
        if rich is not None:
            rich.draw(frame.painter, anchor, h_align, v_align, rotation)
        else:
            frame.styler.draw(frame.painter, text, font, anchor, h_align, v_align, rotation)

    label_room = geom.extent - size.height() - AXIS_GAP
    side = geom.side
    if side == "b":
        draw(QPointF(r.center().x(), r.bottom() + label_room + AXIS_GAP), "c", "t")
    elif side == "t":
        draw(QPointF(r.center().x(), r.top() - label_room - AXIS_GAP), "c", "b")
    else:
        rot = _title_rotation(title)
        x = r.left() - label_room - AXIS_GAP - size.height() / 2 if side == "l" else \
            r.right() + label_room + AXIS_GAP + size.height() / 2  # fmt: skip
        draw(QPointF(x, r.center().y()), "c", "c", rot)


def _title_rotation(title: object) -> float:
    body = getattr(getattr(title, "text", None), "body_pr", None)
    rot = body.get("rot") if body is not None else None
    if rot is not None:
        try:
            return int(rot) / 60000.0
        except ValueError:
            return -90.0
    return -90.0
