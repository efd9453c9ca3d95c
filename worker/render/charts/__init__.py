"""Charts (c:chartSpace parts) drawn with QPainter from the chart XML and its cached values.

``paint_chart`` is called by the shape walker with the painter's origin at the chart frame's top-left
(1 unit = 1 pt) and a context switched to the chart part. It returns False for charts it cannot draw
(the caller then draws the frame's fallback image or a placeholder).
"""

from __future__ import annotations

import logging
import math
import time
from typing import Any

from lxml import etree
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QPainter, QPainterPath

from worker.deck.xml import parse
from worker.render.charts import axes as ax
from worker.render.charts import axis_fit as fit
from worker.render.charts import data_table as dt
from worker.render.charts import legend as lg
from worker.render.charts.bubble import paint_bubbles
from worker.render.charts.frame import Frame
from worker.render.charts.model import Axis, Chart, Group, GroupKind, Layout, read_chart
from worker.render.charts.of_pie import paint_of_pie
from worker.render.charts.pie import AUTO_PIE_MARGIN, paint_pie
from worker.render.charts.pie3d import paint_pie_3d
from worker.render.charts.plot3d import paint_cartesian_3d
from worker.render.charts.plots import Label, paint_areas, paint_bars, paint_lines, paint_scatter
from worker.render.charts.radar import paint_radar
from worker.render.charts.style import fill_shape, outline_pen
from worker.render.charts.surface import fix_value_axis

log = logging.getLogger(__name__)

__all__ = ["paint_chart"]

# PowerPoint draws chart text without any size given (python-pptx charts) at 18 pt.
DEFAULT_TEXT_SIZE = 18.0
PAD = 7.0  # inset of titles, legend and plot from the chart area's edges, pt


def paint_chart(painter: QPainter, ctx: Any, part: Any, width: float, height: float) -> bool:
    started = time.perf_counter()
    try:
        space = parse(bytes(part.blob))
    except (etree.XMLSyntaxError, ValueError, AttributeError):
        log.info("chart part is not readable XML")
        return False
    chart = read_chart(space)
    if chart is None or not chart.groups or width <= 1 or height <= 1:
        if chart is not None and chart.unsupported:
            log.info("unsupported chart types: %s", ", ".join(chart.unsupported))
        return False
    if chart.unsupported:
        log.info("chart has unsupported plot types %s", chart.unsupported)
        return False
    base = DEFAULT_TEXT_SIZE
    for rpr in chart.text.rpr:
        sz = rpr.get("sz")
        if sz and sz.isdigit():
            base = int(sz) / 100.0
            break
    painter.save()
    try:
        frame = Frame(painter, ctx, chart, part, base)
        _paint(frame, QRectF(0, 0, width, height))
    finally:
        painter.restore()
    log.debug("chart drawn in %.1f ms", (time.perf_counter() - started) * 1000.0)
    return True


def _title_text(chart: Chart) -> str | None:
    series = chart.all_series
    if chart.title is not None:
        if chart.title.explicit:
            return "\n".join(chart.title.text.paragraphs)
        return series[0].name if len(series) == 1 else "Chart Title"
    # No c:title: Office titles a single-series chart with the series' own name, and an unnamed
    # series ("Series1" only in the legend) leaves it untitled.
    if not chart.auto_title_deleted and len(series) == 1 and series[0].named:
        return series[0].name
    return None


def auto_title_size(base_size: float) -> float:
    """The size of a chart title that states none: 1.2 x the chart's text size, set at a whole
    point, as PowerPoint prints it (office2pdf #669/#1678: 18 pt chart text, a 22 pt title)."""
    return max(1.0, float(math.floor(base_size * 1.2 + 0.5)))


def _paint(frame: Frame, area: QRectF) -> None:
    chart = frame.chart
    painter = frame.painter
    frame.area = area
    outline = QPainterPath()
    outline.addRect(area)
    fill_shape(painter, frame.ctx, chart.space_sp_pr, outline, None)
    content = area.adjusted(PAD, PAD, -PAD, -PAD)
    # Title.
    title_text = _title_text(chart)
    if title_text:
        spec = chart.title.text if chart.title is not None else None
        title_size = auto_title_size(frame.base_size)
        font = frame.styler.font(spec, size=title_size, bold=True)
        rich = frame.styler.rich(spec, size=title_size, bold=True) if chart.title is not None and \
            chart.title.explicit else None  # fmt: skip
        size = rich.size if rich is not None else frame.styler.size(title_text, font)
        layout = chart.title.layout if chart.title is not None else None
        if layout is not None and layout.x is not None and layout.y is not None:
            anchor, h_align = QPointF(area.width() * layout.x, area.height() * layout.y), "l"
        else:
            anchor, h_align = QPointF(area.center().x(), content.top()), "c"
        if rich is not None:
            rich.draw(painter, anchor, h_align, "t")
        else:
            frame.styler.draw(painter, title_text, font, anchor, h_align, "t")
        if chart.title is None or not chart.title.overlay:
            content.setTop(content.top() + size.height() + PAD)
    for group in chart.groups:
        if group.kind is GroupKind.SURFACE:
            fix_value_axis(frame, group, content.height() * 0.8)
    # Legend: measured, then the plot takes what is left.
    legend_box = None
    if chart.legend is not None:
        items = lg.entries(frame, chart.legend)
        if items:
            legend_box = lg.measure(frame, chart.legend, items, content)
            band = lg.automatic_rect(legend_box.rect.size(), chart.legend.position, content)
            lg.place(legend_box, chart.legend, content, area)
            # The automatic plot leaves the legend its automatic band even when the legend was
            # moved (c:manualLayout): only c:overlay gives the plot that room, as in PowerPoint.
            if not chart.legend.overlay:
                r = band
                pos = chart.legend.position
                if pos in ("r", "tr"):
                    content.setRight(r.left() - PAD)
                elif pos == "l":
                    content.setLeft(r.right() + PAD)
                elif pos == "t":
                    content.setTop(r.bottom() + PAD)
                else:
                    content.setBottom(r.top() - PAD)
    plot_layout = chart.plot_layout
    outer = _manual(plot_layout, area) if plot_layout is not None else content
    # A manual plot under 2 pt, or one whose fractions of the chart (1e308) reach past the
    # doubles, cannot be drawn: the automatic one is.
    finite = all(math.isfinite(v) for v in (outer.left(), outer.top(), outer.right(), outer.bottom()))
    if not finite or outer.width() < 2 or outer.height() < 2:
        outer = content
    pies = [g for g in chart.groups if g.kind in (GroupKind.PIE, GroupKind.DOUGHNUT)]
    radars = [g for g in chart.groups if g.kind is GroupKind.RADAR]
    others = [g for g in chart.groups if g not in pies and g not in radars]
    inner = bool(plot_layout and plot_layout.inner)
    solid = [g for g in others if g.three_d or g.kind is GroupKind.SURFACE]
    if solid:
        _plot_fill(frame, outer)
        paint_cartesian_3d(frame, solid, outer, inner)
    elif others:
        _paint_cartesian(frame, others, outer, inner)
    elif pies or radars:
        _plot_fill(frame, outer)
    for group in pies:
        if group.of_pie is not None:
            paint_of_pie(frame, group, outer)
        elif group.three_d and group.kind is GroupKind.PIE:
            paint_pie_3d(frame, group, outer)
        else:
            # An automatic plot keeps the pie AUTO_PIE_MARGIN inside the chart area where nothing
            # else is: PAD gives part of it.
            paint_pie(frame, group, outer, 0.0 if plot_layout is not None else AUTO_PIE_MARGIN - PAD)
    for group in radars:
        paint_radar(frame, group, outer)
    if legend_box is not None and chart.legend is not None:
        lg.paint(frame, chart.legend, legend_box)
    pen = outline_pen(frame.ctx, chart.space_sp_pr, None)
    if pen is not None:
        painter.strokePath(outline, pen)


def _manual(layout: Layout, area: QRectF) -> QRectF:
    x = (layout.x or 0.0) * area.width()
    y = (layout.y or 0.0) * area.height()
    w = (layout.w if layout.w is not None else 1.0 - (layout.x or 0.0)) * area.width()
    h = (layout.h if layout.h is not None else 1.0 - (layout.y or 0.0)) * area.height()
    return QRectF(area.left() + x, area.top() + y, max(w, 1.0), max(h, 1.0))


def _plot_fill(frame: Frame, rect: QRectF) -> None:
    shape = QPainterPath()
    shape.addRect(rect)
    fill_shape(frame.painter, frame.ctx, frame.chart.plot_sp_pr, shape, None)
    pen = outline_pen(frame.ctx, frame.chart.plot_sp_pr, None)
    if pen is not None:
        frame.painter.strokePath(shape, pen)


def _layout_axes(frame: Frame, geoms: dict[str, ax.AxisGeom], users: dict[str, list[Group]],
                 pairs: list[tuple[Group, ax.AxisGeom, ax.AxisGeom]], outer: QRectF, inner: bool,
                 width: float, height: float, table: dt.TableGeom | None = None) -> QRectF:  # fmt: skip
    """Scales for a plot ``width`` x ``height`` pt, then the plot left inside ``outer`` by the labels."""
    side = min(width, height)  # bubbles need room along the plot's smaller side
    for geom in geoms.values():
        if not geom.is_category:
            is_x = any(pair[1] is geom for pair in pairs)
            length = width if geom.horizontal else height
            ax.make_scale(geom, users[geom.axis.ax_id], length, is_x, side, frame)
    extents = {"l": 0.0, "r": 0.0, "t": 0.0, "b": 0.0}
    for geom in geoms.values():
        length = width if geom.horizontal else height
        room = outer.height() if geom.horizontal else outer.width()
        ax.measure(frame, geom, length, geoms.get(geom.axis.cross_ax), room)
        extents[geom.side] = max(extents[geom.side], geom.extent)
        if not geom.horizontal and geom.extent > 0.0 and geom.font is not None and geom.visible:
            # The top tick label is centred on the plot's top edge and stays inside the chart area:
            # PowerPoint's plot starts 9.03 pt + the title's line box + 5 pt + 0.607 em of the axis
            # text (half of Calibri's line box) below the chart's top (office2pdf #1437/#1679); our
            # pads (7 pt over and under the title) give the first three terms.
            half = frame.styler.line_box(geom.font) / 2.0
            extents["t"] = max(extents["t"], half)
    if table is not None:  # the series names' column sits left of the plot, under the value labels
        extents["l"] = max(extents["l"], table.header_width)
    for geom in geoms.values():
        if geom.horizontal and geom.is_category and geom.visible and geom.font is not None and not inner \
                and geom.axis.tick_label_pos != "none" and geom.table_extent is None:  # fmt: skip
            texts = geom.wrapped if geom.wrapped is not None else ax.tick_texts(frame, geom)
            kept = fit.edge_room(frame, geom, texts, outer.width(), extents["l"], extents["r"])
            geom.edge_room = kept != (extents["l"], extents["r"])
            extents["l"], extents["r"] = kept
    plot = outer if inner else outer.adjusted(extents["l"], extents["t"], -extents["r"], -extents["b"])
    if plot.width() < 4 or plot.height() < 4:
        plot = outer
    return plot


def _axes_of(frame: Frame, group: Group) -> tuple[Axis, Axis]:
    ids = group.ax_ids
    found = [frame.chart.axes[i] for i in ids if i in frame.chart.axes]
    scatter = group.xy
    while len(found) < 2:
        kind = "valAx" if scatter or found else "catAx"
        pos = "l" if found else "b"
        found.append(Axis(ax_id=f"auto{len(found)}{id(group)}", kind=kind, position=pos, deleted=True))
    return found[0], found[1]


def _paint_cartesian(frame: Frame, groups: list[Group], outer: QRectF, inner: bool) -> None:
    chart = frame.chart
    geoms: dict[str, ax.AxisGeom] = {}
    pairs: list[tuple[Group, ax.AxisGeom, ax.AxisGeom]] = []
    users: dict[str, list[Group]] = {}
    for group in groups:
        a, b = _axes_of(frame, group)
        if group.xy:
            x_axis, y_axis = a, b
            x_horizontal = x_axis.position in ("b", "t")
        else:
            x_axis, y_axis = a, b
            if a.kind == "valAx" and b.kind != "valAx":
                x_axis, y_axis = b, a
            bar = group.kind is GroupKind.BAR
            x_horizontal = group.bar_dir != "bar" if bar else x_axis.position in ("b", "t")
        for axis, horizontal, is_cat in ((x_axis, x_horizontal, not group.xy),
                                         (y_axis, not x_horizontal, False)):  # fmt: skip
            if axis.ax_id not in geoms:
                geoms[axis.ax_id] = ax.AxisGeom(axis, horizontal, is_cat)
            users.setdefault(axis.ax_id, []).append(group)
        pairs.append((group, geoms[x_axis.ax_id], geoms[y_axis.ax_id]))
    # Scales and labels.
    classic = not frame.palette.has_chart_style
    for geom in geoms.values():
        geom.classic = classic
        geom.font = frame.styler.font(geom.axis.text, size=frame.base_size)
        groups_of = users[geom.axis.ax_id]
        if geom.is_category:
            ax.set_categories(frame, geom, groups_of)
            between = geom.axis.cross_between
            if not between:
                between = "midCat" if all(g.kind is GroupKind.AREA for g in groups_of) else "between"
            geom.between = between != "midCat" or any(g.kind is GroupKind.BAR for g in groups_of)
    table = dt.prepare(frame, chart.data_table, pairs) if chart.data_table is not None else None
    if table is not None:
        table.cat.table_extent = table.height
    # Scales need the plot's size and the plot needs the labels' room: estimate, then settle.
    plot = _layout_axes(frame, geoms, users, pairs, outer, inner, outer.width() * 0.8, outer.height() * 0.8, table)
    plot = _layout_axes(frame, geoms, users, pairs, outer, inner, plot.width(), plot.height(), table)
    if any(g.edge_room for g in geoms.values()):
        # Labels kept inside the frame narrowed the plot: their bands (and so skipping) follow.
        plot = _layout_axes(frame, geoms, users, pairs, outer, inner, plot.width(), plot.height(), table)
    for geom in geoms.values():
        geom.rect = plot
    _plot_fill(frame, plot)
    for geom in geoms.values():
        if geom.visible or geom.axis.major_grid is not None:
            ax.draw_grid(frame, geom)
    painter = frame.painter
    labels: list[Label] = []
    painter.save()
    # Restored however the plot ends: a series that raises must leave the saved states balanced.
    try:
        painter.setClipRect(plot.adjusted(-2, -2, 2, 2))
        # Areas at the back, then bars, bubbles, and lines and scatter on top (Office's drawing order).
        order = {GroupKind.AREA: 0, GroupKind.BAR: 1, GroupKind.BUBBLE: 2, GroupKind.LINE: 3, GroupKind.SCATTER: 4}
        for group, xg, yg in sorted(pairs, key=lambda p: order.get(p[0].kind, 5)):
            if group.kind is GroupKind.BAR:
                labels += paint_bars(frame, group, xg, yg)
            elif group.kind is GroupKind.LINE:
                labels += paint_lines(frame, group, xg, yg)
            elif group.kind is GroupKind.AREA:
                labels += paint_areas(frame, group, xg, yg)
            elif group.kind is GroupKind.SCATTER:
                labels += paint_scatter(frame, group, xg, yg)
            elif group.kind is GroupKind.BUBBLE:
                labels += paint_bubbles(frame, group, xg, yg)
    finally:
        painter.restore()
    for geom in geoms.values():
        cross = geoms.get(geom.axis.cross_ax)
        ax.draw_axis(frame, geom, cross)
    if table is not None:
        dt.paint(frame, table)
    for label in labels:
        label.paint(frame)
    for overlay in frame.overlays:
        overlay.paint(frame)
    frame.overlays.clear()
    del chart
