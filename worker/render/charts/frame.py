"""Shared drawing state of one chart: painter, context, model, text styler, palette, series looks."""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from lxml import etree
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPainterPath, QPen, QPolygonF

from worker.deck.xml import child, local
from worker.render.charts.model import Chart, DataLabels, Group, GroupKind, Marker, Series

if TYPE_CHECKING:
    from worker.render.charts.axes import AxisGeom
from worker.render.charts.style import (
    Palette,
    classic_style,
    fill_color_of,
    fill_shape,
    is_no_fill,
    line_color,
    outline_pen,
    scheme_color,
    text_shade,
)
from worker.render.charts.text import Font, TextStyler
from worker.render.fills import find_fill

log = logging.getLogger(__name__)

# A label box's insets when its bodyPr states none, EMU: what Office writes for its data callouts.
LABEL_INSETS = (38100, 19050, 38100, 19050)
AUTO_MARKERS = ("diamond", "square", "triangle", "x", "star", "circle", "plus", "dot", "dash")
THEME_LINE = 0.75  # width of a theme's first line style when it states none, pt
# Office's automatic leader line: 0.75 pt of tx1 lumMod 35% lumOff 65% (A6A6A6 on black text), what
# Excel 2013+ writes into c:leaderLines/c:spPr.
LEADER_COLOR = QColor(0xA6, 0xA6, 0xA6)
LEADER_WIDTH = 0.75
LEADER_MIN_SHARE = 0.01  # shorter leaders (share of the chart's diagonal) are not drawn


@dataclass
class Look:
    """How a series (or one point of it) is painted."""

    sp_pr: etree._Element | None
    color: QColor  # automatic colour (fills, lines and markers without their own)
    pen: QPen | None  # outline of bars/slices, or the line of line/scatter series
    marker: str  # resolved symbol ("none" when hidden)
    marker_size: float
    marker_sp_pr: etree._Element | None

    @property
    def key_color(self) -> QColor:
        """A representative colour: the legend key and labels of this look."""
        return self.color


@dataclass
class LeaderStart:
    """Where a moved label's leader line starts: the point it labels (a bar's end, a marker, a
    slice's rim at its mid-angle). A pie's label gets none while its box reaches into the pie."""

    point: QPointF
    pie_center: QPointF | None = None
    pie_radius: float = 0.0
    # A pie's label that Office moved itself (best fit spreading crowded outside labels) is tied to
    # its slice like one the user moved.
    moved: bool = False
    squash: float = 1.0  # a 3-D pie's tilted disc: its vertical radius over its horizontal one


class Overlay(Protocol):
    """Something drawn over every series and data label (a trendline's equation)."""

    def paint(self, frame: Frame) -> None: ...


class Frame:
    def __init__(self, painter: QPainter, ctx: Any, chart: Chart, part: Any, base_size: float) -> None:
        self.painter = painter
        self.area = QRectF()  # the chart area, set when drawing starts
        self.overlays: list[Overlay] = []
        self.ctx = ctx
        self.chart = chart
        self.styler = TextStyler(ctx, chart.text, base_size)
        self.palette = Palette(ctx, part, chart.style)
        self.base_size = base_size
        self.series_count = len(chart.all_series)
        # Surface charts' value axes, scaled before the legend: their bands are its entries.
        self.surface_axes: dict[int, AxisGeom] = {}
        # Automatic series formats follow the classic style number over the theme's styles.
        self.classic = classic_style(chart.style)
        theme = getattr(ctx, "theme", None)
        self.theme_fill = theme.fill_style(3) if theme is not None and self.classic.fill_idx == 3 else None
        self.theme_fill_3d = theme.fill_style(3) if theme is not None and self.classic.fill_idx_3d == 3 else None
        first_line = theme.line_style(1) if theme is not None else None
        width = first_line.get("w") if first_line is not None else None
        theme_line = int(width) / 12700.0 if width and width.isdigit() and int(width) > 0 else THEME_LINE
        self.line_width = theme_line * self.classic.line_factor
        self.outline_width = theme_line

    # -- looks ---------------------------------------------------------------------------------

    def vary_by_point(self, group: Group) -> bool:
        if group.kind in (GroupKind.PIE, GroupKind.DOUGHNUT):
            return group.vary_colors
        return group.vary_colors and len(group.series) == 1 and group.kind in (GroupKind.BAR, GroupKind.BUBBLE)

    def look(self, group: Group, series: Series, point: int | None = None) -> Look:
        by_point = point is not None and self.vary_by_point(group)
        if by_point and point is not None:
            color = self.palette.color(point, max(len(series.values), 1))
        else:
            color = self.palette.color(series.idx, self.series_count)
        sp_pr = series.sp_pr
        if point is not None and point in series.point_sp_pr:
            sp_pr = series.point_sp_pr[point]
        explicit = fill_color_of(self.ctx, sp_pr)
        lined = group.kind in (GroupKind.LINE, GroupKind.SCATTER, GroupKind.RADAR) and not (
            group.kind is GroupKind.RADAR and group.radar_style == "filled"
        )
        if lined:
            explicit = line_color(self.ctx, sp_pr) or (explicit if not is_no_fill(sp_pr) else None)
        if by_point and explicit is None and sp_pr is series.sp_pr:
            pass
        elif explicit is not None:
            color = explicit
        if lined:
            auto = QPen(color, self.line_width)
            auto.setCapStyle(Qt.PenCapStyle.RoundCap)
            auto.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
            pen = outline_pen(self.ctx, sp_pr, auto)
            if group.kind is GroupKind.SCATTER and group.scatter_style in ("marker", "none") and _no_ln(sp_pr):
                pen = None
        else:
            auto_pen = None
            if group.kind in (GroupKind.PIE, GroupKind.DOUGHNUT) and self.palette.has_chart_style:
                auto_pen = QPen(QColor(255, 255, 255), 1.0)
            elif self.classic.outline == "lt1":
                auto_pen = QPen(scheme_color(self.ctx, "lt1"), self.outline_width)
            elif self.classic.outline == "shade":
                auto_pen = QPen(color.darker(200), self.outline_width)
            pen = outline_pen(self.ctx, sp_pr, auto_pen)
        marker = self._marker(group, series)
        return Look(sp_pr, color, pen, marker[0], marker[1], marker[2])

    def _marker(self, group: Group, series: Series) -> tuple[str, float, etree._Element | None]:
        m = series.marker or Marker()
        if group.kind is GroupKind.LINE:
            # A stock chart draws no automatic markers, only those its series name: Excel's
            # high-low-close template marks each close with a short bar (symbol dot).
            shown = group.markers or (group.stock and m.symbol not in ("auto", "none"))
        elif group.kind is GroupKind.SCATTER:
            shown = group.scatter_style in ("lineMarker", "marker", "smoothMarker") or series.marker is not None
        elif group.kind is GroupKind.RADAR:
            shown = group.radar_style == "marker"
        else:
            shown = False
        symbol = m.symbol
        if not shown or symbol == "none":
            return "none", m.size, m.sp_pr
        if symbol == "auto":
            symbol = "circle" if self.palette.has_chart_style else AUTO_MARKERS[series.idx % len(AUTO_MARKERS)]
        return symbol, m.size, m.sp_pr

    # -- painting helpers ----------------------------------------------------------------------

    def fill(self, sp_pr: etree._Element | None, shape: QPainterPath, auto: QColor | None,
             three_d: bool = False) -> None:  # fmt: skip
        """A series' fill: its own, else its automatic colour through the chart style."""
        fill_shape(self.painter, self.ctx, sp_pr, shape, auto, self.theme_fill_3d if three_d else self.theme_fill)

    def label(self, spec: DataLabels, text: str, font: Font, anchor: QPointF, h_align: str = "c",
              v_align: str = "c", leader: LeaderStart | None = None) -> None:  # fmt: skip
        """A data label aligned at ``anchor``; with a visible box (its spPr's fill or outline) the
        box, the text plus the bodyPr insets, is what is aligned, and is drawn under the text.
        A label the user moved (c:dLbl manualLayout) sits that fraction of the chart away, tied to
        ``leader`` by a leader line when its labels ask for one."""
        if spec.offset is not None:
            dx, dy = spec.offset
            anchor = QPointF(anchor.x() + dx * self.area.width(), anchor.y() + dy * self.area.height())
        sp_pr = spec.sp_pr
        boxed = label_boxed(sp_pr)
        insets = _insets(spec)
        size = self.styler.size(text, font)
        rect = self.label_box(spec, text, font, anchor, h_align, v_align)
        if leader is not None and (spec.offset is not None or leader.moved):
            self._leader(spec, leader, rect)
        if not boxed:
            # The lines are centred in the label's box wherever the box is aligned (Office centres
            # a data label's paragraphs), so only the box follows h_align.
            w = size.width()
            x = anchor.x() - {"l": 0.0, "c": w / 2.0, "r": w}[h_align] + w / 2.0
            self.styler.draw(self.painter, text, font, QPointF(x, anchor.y()), "c", v_align)
            return
        box = QPainterPath()
        box.addRect(rect)
        fill_shape(self.painter, self.ctx, sp_pr, box, None)
        self.stroke(outline_pen(self.ctx, sp_pr, None), box)
        inner = QPointF(rect.x() + insets[0] + size.width() / 2.0, rect.y() + insets[1] + size.height() / 2.0)
        self.styler.draw(self.painter, text, font, inner, "c", "c")

    def label_box(self, spec: DataLabels, text: str, font: Font, anchor: QPointF, h_align: str = "c",
                  v_align: str = "c") -> QRectF:  # fmt: skip
        """The box of a label aligned at ``anchor`` (before any manual move): its text plus the
        bodyPr insets. Without a visible box the text itself is aligned, its (invisible) box
        still has the insets."""
        insets = _insets(spec)
        size = self.styler.size(text, font)
        boxed = label_boxed(spec.sp_pr)
        w, h = size.width(), size.height()
        if boxed:
            w, h = w + insets[0] + insets[2], h + insets[1] + insets[3]
        x = anchor.x() - {"l": 0.0, "c": w / 2.0, "r": w}[h_align]
        y = anchor.y() - {"t": 0.0, "c": h / 2.0, "b": h}[v_align]
        rect = QRectF(x, y, w, h)
        if not boxed:
            rect = rect.adjusted(-insets[0], -insets[1], insets[2], insets[3])
        return rect

    def _leader(self, spec: DataLabels, start: LeaderStart, box: QRectF) -> None:
        """A moved label's leader line: from its point to the nearest corner or side middle of
        its box, under the label. Pies and doughnuts follow c:showLeaderLines, other charts
        Office 2013's c15:showLeaderLines. None while the box covers its point (or, on a pie,
        reaches into it) or when the line would be a stub."""
        if not (spec.leader_lines if start.pie_center is not None else spec.c15_leader_lines):
            return
        p = start.point
        if box.contains(p):
            return
        if start.pie_center is not None:
            # The box's point nearest the rim must lie outside the pie (a label dragged within the
            # pie needs no line).
            near = QPointF(min(max(p.x(), box.left()), box.right()), min(max(p.y(), box.top()), box.bottom()))
            c = start.pie_center
            if math.hypot(near.x() - c.x(), (near.y() - c.y()) / max(start.squash, 1e-6)) <= start.pie_radius:
                return
        targets = box_rim_points(box)
        end = min(targets, key=lambda t: math.hypot(t.x() - p.x(), t.y() - p.y()))
        length = math.hypot(end.x() - p.x(), end.y() - p.y())
        if length < LEADER_MIN_SHARE * math.hypot(self.area.width(), self.area.height()):
            return
        pen = outline_pen(self.ctx, spec.leader_sp_pr, QPen(text_shade(self.ctx, LEADER_COLOR), LEADER_WIDTH))
        if pen is None:
            return
        shape = QPainterPath(p)
        shape.lineTo(end)
        self.stroke(pen, shape)

    def stroke(self, pen: QPen | None, shape: QPainterPath) -> None:
        if pen is None:
            return
        self.painter.strokePath(shape, pen)

    def marker(self, look: Look, center: QPointF) -> None:
        symbol = look.marker
        if symbol == "none":
            return
        size = look.marker_size
        half = size / 2.0
        shape = QPainterPath()
        x, y = center.x(), center.y()
        if symbol == "circle":
            shape.addEllipse(center, half, half)
        elif symbol == "square":
            shape.addRect(QRectF(x - half, y - half, size, size))
        elif symbol == "diamond":
            shape.addPolygon(QPolygonF([QPointF(x, y - half), QPointF(x + half, y), QPointF(x, y + half),
                                        QPointF(x - half, y), QPointF(x, y - half)]))  # fmt: skip
        elif symbol == "triangle":
            shape.addPolygon(QPolygonF([QPointF(x, y - half), QPointF(x + half, y + half),
                                        QPointF(x - half, y + half), QPointF(x, y - half)]))  # fmt: skip
        elif symbol in ("dash", "dot"):
            # Office's long and short bars (XlMarkerStyle: xlMarkerStyleDash "Long bar markers",
            # xlMarkerStyleDot "Short bar markers"); the short one is taken as half as long.
            length = size if symbol == "dash" else half
            shape.addRect(QRectF(x - length / 2.0, y - size / 10.0, length, size / 5.0))
        elif symbol in ("x", "star", "plus"):
            lines = QPainterPath()
            if symbol in ("x", "star"):
                lines.moveTo(x - half, y - half)
                lines.lineTo(x + half, y + half)
                lines.moveTo(x - half, y + half)
                lines.lineTo(x + half, y - half)
            if symbol in ("plus", "star"):
                lines.moveTo(x, y - half)
                lines.lineTo(x, y + half)
            if symbol == "plus":
                lines.moveTo(x - half, y)
                lines.lineTo(x + half, y)
            line_pen = outline_pen(self.ctx, look.marker_sp_pr, QPen(look.color, 0.75))
            self.painter.strokePath(lines, line_pen or QPen(look.color, 0.75))
            return
        else:
            shape.addEllipse(center, half, half)
        fill_shape(self.painter, self.ctx, look.marker_sp_pr, shape, look.color)
        pen = outline_pen(self.ctx, look.marker_sp_pr, QPen(look.color, 0.75))
        if pen is not None:
            self.painter.strokePath(shape, pen)

    def legend_key(self, look: Look, group: Group, box: QRectF) -> None:
        """A legend key: a filled square for bars/areas/slices, a line (and marker) for lines."""
        lined = not group.three_d and (
            group.kind in (GroupKind.LINE, GroupKind.SCATTER)
            or (group.kind is GroupKind.RADAR and group.radar_style != "filled")
        )
        if lined:
            y = box.center().y()
            if look.pen is not None:
                path = QPainterPath(QPointF(box.left(), y))
                path.lineTo(box.right(), y)
                pen = QPen(look.pen)
                pen.setWidthF(min(pen.widthF(), 3.0))
                self.painter.strokePath(path, pen)
            if look.marker != "none":
                small = Look(look.sp_pr, look.color, look.pen, look.marker, min(look.marker_size, 7.0),
                             look.marker_sp_pr)  # fmt: skip
                self.marker(small, box.center())
            return
        shape = QPainterPath()
        if group.kind is GroupKind.BUBBLE:  # a bubble's key is a small disc
            shape.addEllipse(box.center(), box.height() / 2.0, box.height() / 2.0)
        else:
            shape.addRect(box)
        self.fill(look.sp_pr, shape, look.color)
        if look.pen is not None and look.pen.color().alpha():
            pen = QPen(look.pen)
            pen.setWidthF(min(pen.widthF(), 1.0))
            self.painter.strokePath(shape, pen)

    def brush(self, color: QColor) -> QBrush:
        return QBrush(color)


def box_rim_points(box: QRectF) -> list[QPointF]:
    """A box's four corners and four side middles."""
    cx, cy = box.center().x(), box.center().y()
    return [
        QPointF(x, y)
        for x in (box.left(), cx, box.right())
        for y in (box.top(), cy, box.bottom())
        if (x, y) != (cx, cy)
    ]


def label_boxed(sp_pr: etree._Element | None) -> bool:
    """A label box is drawn when its spPr has a visible fill or outline."""
    fill, line = find_fill(sp_pr), find_fill(child(sp_pr, "ln"))
    return not ((fill is None or local(fill) == "noFill") and (line is None or local(line) == "noFill"))


def _insets(spec: DataLabels) -> list[float]:
    """A label box's l, t, r, b insets, pt: its bodyPr's, else Office's data callout insets."""
    body = spec.text.body_pr if spec.text is not None else None
    return [
        int(v) / 12700.0 if (v := body.get(name) if body is not None else None) and v.isdigit() else d / 12700.0
        for name, d in zip(("lIns", "tIns", "rIns", "bIns"), LABEL_INSETS, strict=True)
    ]


def _no_ln(sp_pr: etree._Element | None) -> bool:
    from worker.render.charts.style import is_no_line

    return sp_pr is None or is_no_line(sp_pr)
