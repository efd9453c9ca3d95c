"""Chart legends: entries (series, or points when colours vary by point), size and placement."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSizeF
from PySide6.QtGui import QPainterPath

from worker.render.charts import surface, trendline
from worker.render.charts.frame import Frame, Look
from worker.render.charts.model import Group, GroupKind, Legend, Series, Trendline
from worker.render.charts.style import fill_shape, outline_pen
from worker.render.charts.text import Font

log = logging.getLogger(__name__)

KEY = 7.0  # length unit of a line series' key (2.5 of these), pt
PAD = 4.0
# PowerPoint's square legend key is 0.45 of the legend face's line box (hhea ascent + descent) and
# the label starts half a key, less 0.375 pt, after it: measured on PowerPoint 16.112 PDF exports
# across seven faces at 18 pt and Arial at 10-36 pt, all within 0.002 pt (office2pdf PR #1681).
KEY_LINE_BOX_SHARE = 0.45
KEY_GAP_LESS = 0.375
# Entries of a legend down a side sit 1.6 x its text size apart, baseline to baseline, not one line
# box: a three-entry 11.97 pt Arial right legend pitches 19.2 pt in PowerPoint 16.112's export
# (office2pdf #1434). One export measured, so where the rows would not fit they close up again.
SIDE_ROW_EM = 1.6


@dataclass
class Entry:
    text: str
    look: Look
    group: Group
    trend: Trendline | None = None  # a series' trendline: its key is a run of its line


def entries(frame: Frame, legend: Legend) -> list[Entry]:
    out: list[Entry] = []
    for group in frame.chart.groups:
        if group.kind is GroupKind.SURFACE:
            out.extend(Entry(text, look, group) for text, look in surface.legend_entries(frame, group))
        elif frame.vary_by_point(group) and group.series:
            series: Series = group.series[0]
            n = max(len(series.values), len(series.categories))
            for i in range(n):
                text = series.categories[i] if i < len(series.categories) else str(i + 1)
                out.append(Entry(text, frame.look(group, series, i), group))
        else:
            for series in group.series:
                out.append(Entry(series.name, frame.look(group, series), group))
    # Trendlines follow every series in Excel's legends (their c:legendEntry indices come next).
    for group in frame.chart.groups:
        if group.three_d or group.kind not in (GroupKind.LINE, GroupKind.BAR, GroupKind.SCATTER):
            continue
        for series in group.series:
            for trend in series.trendlines:
                out.append(Entry(trendline.legend_text(trend, series.name), frame.look(group, series), group, trend))
    kept = [e for i, e in enumerate(out) if i not in legend.deleted_entries]
    if legend.position in ("r", "l", "tr") and _bottom_up(frame):
        kept.reverse()
    return kept


def _bottom_up(frame: Frame) -> bool:
    """Whether a side legend lists the series last-first, in the order the plot shows them top-down:
    Office does for horizontal bars (series 1 at the bottom of each cluster, unless the categories
    run in reverse order, which puts it on top) and for series stacked upwards (series 1 at the
    bottom of the stack): peltiertech.com, order of legend entries in Excel charts."""
    groups = frame.chart.groups
    if not groups or any(frame.vary_by_point(g) for g in groups):
        return False
    if all(g.kind is GroupKind.BAR and g.bar_dir == "bar" for g in groups):
        return not any(g.grouping == "clustered" and _reversed_categories(frame, g) for g in groups)
    return all(g.kind in (GroupKind.AREA, GroupKind.LINE, GroupKind.BAR) and "tacked" in g.grouping for g in groups)


def _reversed_categories(frame: Frame, group: Group) -> bool:
    axes = [frame.chart.axes[i] for i in group.ax_ids if i in frame.chart.axes]
    return any(a.reverse for a in axes if a.kind in ("catAx", "dateAx"))


@dataclass
class LegendBox:
    rect: QRectF
    rows: list[list[Entry]]
    font: Font
    row_height: float
    col_widths: list[float]
    key: float = KEY  # side of a square key, pt
    gap: float = PAD  # from a key to its label, pt


def key_side(frame: Frame, font: Font) -> float:
    """The square key's side for legend text in ``font``: a share of the face's line box."""
    return KEY_LINE_BOX_SHARE * frame.styler.line_box(font)


def key_gap(key: float) -> float:
    return max(key / 2.0 - KEY_GAP_LESS, 0.0)


def measure(frame: Frame, legend: Legend, items: list[Entry], room: QRectF) -> LegendBox:
    font = frame.styler.font(legend.text)
    key = key_side(frame, font)
    gap = key_gap(key)
    items, sizes = _fitting(frame, legend, items, font, key, gap, room)
    row_h = max([s.height() for s in sizes] + [key])
    widths = [_key_width(e, key) + gap + s.width() for e, s in zip(items, sizes, strict=False)]
    if legend.position in ("t", "b"):
        rows: list[list[Entry]] = [[]]
        row_widths: list[float] = [0.0]
        limit = room.width() - 2 * PAD
        for entry, w in zip(items, widths, strict=False):
            if rows[-1] and row_widths[-1] + w + 2 * PAD > limit:
                rows.append([])
                row_widths.append(0.0)
            rows[-1].append(entry)
            row_widths[-1] += w + 2 * PAD
        width = max(row_widths) if row_widths else 0.0
        size = QSizeF(width + PAD, len(rows) * row_h + 2 * PAD)
        col_widths = widths
    else:
        rows = [[e] for e in items]
        if len(rows) > 1 and legend.layout is None:
            room_row = (room.height() - 2 * PAD) / len(rows)
            row_h = max(row_h, min(SIDE_ROW_EM * font.size, room_row))
        width = max(widths, default=0.0)
        size = QSizeF(width + 3 * PAD, len(rows) * row_h + 2 * PAD)
        col_widths = widths
    rect = QRectF(QPointF(0, 0), size)
    return LegendBox(rect, rows, font, row_h, col_widths, key, gap)


def _fitting(
    frame: Frame, legend: Legend, items: list[Entry], font: Font, key: float, gap: float, room: QRectF
) -> tuple[list[Entry], list[QSizeF]]:
    """The leading entries that fit in ``room`` (at least one) and their text sizes.

    PowerPoint leaves out the entries its legend has no room for. A chart whose points vary in
    colour has an entry a point: a damaged c:ptCount of 2**31 (capped at 100,000 points) was
    measured and drawn entry by entry, 18 s and a PDF page pypdf cannot read."""
    height = room.height() - 2 * PAD
    sizes: list[QSizeF] = []
    row_h = key
    if legend.position in ("t", "b"):
        rows, row_w = 1, 0.0
        limit = room.width() - 2 * PAD
        for entry in items:
            size = frame.styler.size(entry.text, font)
            w = _key_width(entry, key) + gap + size.width()
            wraps = row_w > 0 and row_w + w + 2 * PAD > limit
            if sizes and (rows + wraps) * max(row_h, size.height()) > height:
                break
            rows, row_w = rows + wraps, (0.0 if wraps else row_w) + w + 2 * PAD
            row_h = max(row_h, size.height())
            sizes.append(size)
    else:
        for entry in items:
            size = frame.styler.size(entry.text, font)
            if sizes and (len(sizes) + 1) * max(row_h, size.height()) > height:
                break
            row_h = max(row_h, size.height())
            sizes.append(size)
    return items[: len(sizes)], sizes


def place(box: LegendBox, legend: Legend, area: QRectF, chart_rect: QRectF) -> None:
    w, h = box.rect.width(), box.rect.height()
    layout = legend.layout
    if layout is not None and layout.x is not None and layout.y is not None:
        x = chart_rect.left() + layout.x * chart_rect.width()
        y = chart_rect.top() + layout.y * chart_rect.height()
        if layout.w is not None and layout.h is not None and layout.x_mode == "edge":
            w = max(w, layout.w * chart_rect.width())
            h = max(h, layout.h * chart_rect.height())
        if layout.x_mode == "edge" and layout.y_mode == "edge":
            box.rect = QRectF(x, y, w, h)
            return
    box.rect = automatic_rect(QSizeF(w, h), legend.position, area)


def automatic_rect(size: QSizeF, position: str, area: QRectF) -> QRectF:
    """Where a legend of ``size`` stands at c:legendPos ``position`` in the chart's ``area``."""
    w, h = size.width(), size.height()
    if position == "r":
        return QRectF(area.right() - w, area.center().y() - h / 2, w, h)
    if position == "l":
        return QRectF(area.left(), area.center().y() - h / 2, w, h)
    if position == "t":
        return QRectF(area.center().x() - w / 2, area.top(), w, h)
    if position == "tr":
        return QRectF(area.right() - w, area.top(), w, h)
    return QRectF(area.center().x() - w / 2, area.bottom() - h, w, h)


def paint(frame: Frame, legend: Legend, box: LegendBox) -> None:
    shape = QPainterPath()
    shape.addRect(box.rect)
    fill_shape(frame.painter, frame.ctx, legend.sp_pr, shape, None)
    pen = outline_pen(frame.ctx, legend.sp_pr, None)
    if pen is not None:
        frame.painter.strokePath(shape, pen)
    y = box.rect.top() + PAD
    horizontal = legend.position in ("t", "b")
    index = 0
    for row in box.rows:
        x = box.rect.left() + (PAD * 1.5 if not horizontal else PAD)
        if horizontal:
            total = sum(box.col_widths[index + k] + 2 * PAD for k in range(len(row)))
            x = box.rect.center().x() - total / 2 + PAD
        for entry in row:
            cy = y + box.row_height / 2
            key_w = _key_width(entry, box.key)
            if entry.trend is not None:
                _trend_key(frame, entry.trend, QPointF(x, cy), key_w)
            else:
                frame.legend_key(entry.look, entry.group, QRectF(x, cy - box.key / 2, key_w, box.key))
            frame.styler.draw(frame.painter, entry.text, box.font, QPointF(x + key_w + box.gap, cy), "l", "c")
            x += box.col_widths[index] + 2 * PAD
            index += 1
        y += box.row_height


def _key_width(entry: Entry, key: float) -> float:
    return KEY * 2.5 if entry.trend is not None else key_width(entry.group, key)


def _trend_key(frame: Frame, trend: Trendline, left: QPointF, width: float) -> None:
    pen = trendline.pen(frame, trend)
    if pen is None:
        return
    path = QPainterPath(left)
    path.lineTo(left.x() + width, left.y())
    pen.setWidthF(min(pen.widthF(), 3.0))
    frame.painter.strokePath(path, pen)


def key_width(group: Group, key: float) -> float:
    """A line series' key is a short run of its line (not measured against PowerPoint yet)."""
    return KEY * 2.5 if _lined(group) else key


def _lined(group: Group) -> bool:
    if group.three_d:  # 3-D lines are ribbons: a filled key
        return False
    return group.kind in (GroupKind.LINE, GroupKind.SCATTER) or (
        group.kind is GroupKind.RADAR and group.radar_style != "filled"
    )
