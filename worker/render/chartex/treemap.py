"""Treemaps: squarified rectangles (Bruls, Huizing, van Wijk) per level, coloured by top-level
branch, parent names as the series' cx:parentLabelLayout asks (overlapping, banner or none)."""

from __future__ import annotations

import logging

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor, QPainterPath, QPen

from worker.render.chartex.canvas import LABEL_SIZE, Canvas
from worker.render.chartex.hierarchy import Node, frame_hierarchy
from worker.render.chartex.model import Series
from worker.render.charts.numfmt import format_value
from worker.render.charts.text import Font

log = logging.getLogger(__name__)

INSET = 3.0  # label inset from a rectangle's corner, pt


def _worst(row: list[float], side: float) -> float:
    total = sum(row)
    if total <= 0 or side <= 0:
        return float("inf")
    return max(max(side * side * r / (total * total), total * total / (side * side * r)) for r in row)


def squarify(values: list[float], rect: QRectF) -> list[QRectF]:
    """Rectangles for ``values`` (sorted largest first) filling ``rect`` by area."""
    total = sum(values)
    out: list[QRectF] = []
    if total <= 0 or rect.width() <= 0 or rect.height() <= 0:
        return [QRectF(rect.topLeft(), rect.topLeft()) for _ in values]
    scale = rect.width() * rect.height() / total
    areas = [v * scale for v in values]
    free = QRectF(rect)
    i = 0
    while i < len(areas):
        side = min(free.width(), free.height())
        row = [areas[i]]
        j = i + 1
        while j < len(areas) and _worst([*row, areas[j]], side) <= _worst(row, side):
            row.append(areas[j])
            j += 1
        row_area = sum(row)
        if free.width() >= free.height():  # a column on the left
            w = row_area / free.height() if free.height() > 0 else 0.0
            y = free.top()
            for a in row:
                h = a / w if w > 0 else 0.0
                out.append(QRectF(free.left(), y, w, h))
                y += h
            free.setLeft(free.left() + w)
        else:  # a row along the top
            h = row_area / free.width() if free.width() > 0 else 0.0
            x = free.left()
            for a in row:
                w = a / h if h > 0 else 0.0
                out.append(QRectF(x, free.top(), w, h))
                x += w
            free.setTop(free.top() + h)
        i = j
    return out


def paint_treemap(canvas: Canvas, area: QRectF) -> None:
    tree = frame_hierarchy(canvas, area, "treemap")
    series, root, colors, room = tree.series, tree.root, tree.colors, tree.room
    _paint_level(canvas, series, root, room, colors)


def _paint_level(canvas: Canvas, series: Series, node: Node, rect: QRectF, colors: dict[int, QColor]) -> None:
    rects = squarify([c.value for c in node.children], rect)
    labels = series.labels
    font = canvas.font(labels.text if labels is not None else None, LABEL_SIZE, canvas.white)
    layout = series.parent_label_layout
    pen = QPen(canvas.white, 0.75)
    for c, r in zip(node.children, rects, strict=True):
        color = colors[c.branch]
        if not c.children:
            shape = QPainterPath()
            shape.addRect(r)
            sp_pr = series.point_sp_pr.get(c.index) if c.index is not None else None
            canvas.fill(shape, sp_pr or series.sp_pr, color, pen)
            if labels is not None:
                _leaf_label(canvas, series, c, r, font)
            continue
        inner = QRectF(r)
        if layout == "banner":
            _, height = canvas.measure(c.name, font)
            band = QRectF(r.left(), r.top(), r.width(), min(height + INSET, r.height()))
            shape = QPainterPath()
            shape.addRect(band)
            canvas.fill(shape, None, color, pen)
            inner.setTop(band.bottom())
        _paint_level(canvas, series, c, inner, colors)
        if layout == "banner":
            _clipped(canvas, c.name, font, QRectF(r.left(), r.top(), r.width(), inner.top() - r.top()))
        elif layout != "none":
            big = canvas.font(labels.text if labels is not None else None, LABEL_SIZE * 1.3, canvas.white)
            _clipped(canvas, c.name, big, r)


def _leaf_label(canvas: Canvas, series: Series, node: Node, rect: QRectF, font: Font) -> None:
    labels = series.labels
    assert labels is not None
    parts = []
    if labels.show_category:
        parts.append(node.name)
    if labels.show_value and node.index is not None:
        parts.append(format_value(node.value, labels.format_code or series.data.format_code))
    if parts:
        _clipped(canvas, "\n".join(parts), font, rect)


def _clipped(canvas: Canvas, text: str, font: Font, rect: QRectF) -> None:
    """Text at a rectangle's top-left corner, when it fits there."""
    width, height = canvas.measure(text, font)
    if width + 2 * INSET > rect.width() or height > rect.height() + 0.01:
        return
    canvas.text(text, font, QPointF(rect.left() + INSET, rect.top() + INSET / 2), "l", "t")
