"""Office 2016 charts (cx:chartSpace parts: waterfall, funnel, histogram, Pareto, box & whisker,
treemap, sunburst) drawn with QPainter from the part's cached data.

``read_part`` tells the shape walker whether it can draw a chartex frame (else it keeps the
AlternateContent's fallback); ``paint_chartex`` draws it with the painter's origin at the frame's
top-left, 1 unit = 1 pt.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from lxml import etree
from PySide6.QtCore import QRectF
from PySide6.QtGui import QPainter, QPainterPath

from worker.deck.xml import parse
from worker.render.chartex.boxplot import paint_box_whisker
from worker.render.chartex.canvas import Canvas
from worker.render.chartex.columns import paint_histogram, paint_waterfall
from worker.render.chartex.funnel import paint_funnel
from worker.render.chartex.model import DRAWN_LAYOUTS, ChartEx, read_chartex
from worker.render.chartex.sunburst import paint_sunburst
from worker.render.chartex.treemap import paint_treemap
from worker.render.charts.style import outline_pen

log = logging.getLogger(__name__)

__all__ = ["paint_chartex", "read_part"]


# The first of these layouts a chart holds decides how it is drawn (Pareto lines ride on histograms).
_PAINTERS: tuple[tuple[str, Callable[[Canvas, QRectF], None]], ...] = (
    ("waterfall", paint_waterfall),
    ("funnel", paint_funnel),
    ("clusteredColumn", paint_histogram),
    ("boxWhisker", paint_box_whisker),
    ("treemap", paint_treemap),
    ("sunburst", paint_sunburst),
)


def read_part(part: Any) -> ChartEx | None:
    """The chart of a chartex part when we can draw it: readable, and every layout one we draw."""
    if part is None:
        return None
    try:
        space = parse(bytes(part.blob))
    except (etree.XMLSyntaxError, ValueError, AttributeError):
        log.info("chartex part is not readable XML")
        return None
    chart = read_chartex(space)
    if chart is None:
        return None
    if not chart.layouts <= DRAWN_LAYOUTS or not any(name in chart.layouts for name, _ in _PAINTERS):
        log.info("chartex layouts not drawn: %s", ", ".join(sorted(chart.layouts)))
        return None
    return chart


def paint_chartex(painter: QPainter, ctx: Any, part: Any, chart: ChartEx, width: float, height: float) -> bool:
    if width <= 1 or height <= 1:
        return False
    started = time.perf_counter()
    painter.save()
    try:
        canvas = Canvas(painter, ctx, chart, part)
        area = QRectF(0, 0, width, height)
        paint = next(p for name, p in _PAINTERS if name in chart.layouts)
        paint(canvas, area)
        pen = outline_pen(ctx, chart.space_sp_pr, None)
        if pen is not None:
            outline = QPainterPath()
            outline.addRect(area)
            painter.strokePath(outline, pen)
    finally:
        painter.restore()
    log.debug("chartex drawn in %.1f ms", (time.perf_counter() - started) * 1000.0)
    return True
