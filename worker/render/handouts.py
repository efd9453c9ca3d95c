"""Handouts, like PowerPoint's: 1, 2, 3, 4, 6 or 9 slides per page on the notes paper.

PowerPoint computes where the slides go (the handout master only holds header and footer), so the
grid is ours: rows and columns as PowerPoint arranges them, in reading order, each slide framed;
the three-per-page handout puts ruled lines for notes beside each slide.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QLineF, QRectF
from PySide6.QtGui import QColor, QPainter, QPen

from worker.render.context import PageState
from worker.render.notes_pages import fit_rect, frame, paint_slide_in
from worker.render.slide import SlideRenderer

log = logging.getLogger(__name__)

# Slides per page → (columns, rows).
GRIDS: dict[int, tuple[int, int]] = {1: (1, 1), 2: (1, 2), 3: (1, 3), 4: (2, 2), 6: (2, 3), 9: (3, 3)}
SIDE_MARGIN = 0.1  # of the page width
TOP_MARGIN = 0.1  # of the page height (room for the header and footer)
GAP = 0.04  # between cells, of the page width
LINES_BESIDE = 3  # the handout with ruled lines for notes
LINE_SPACING = 18.0


@dataclass(frozen=True)
class HandoutCell:
    slide_box: QRectF  # where the slide goes (aspect kept inside it)
    lines_box: QRectF | None  # ruled lines for notes, or None


def handout_cells(per_page: int, page_w: float, page_h: float, slide_w: float, slide_h: float) -> list[HandoutCell]:
    """Where each of the ``per_page`` slides goes on one page, in reading order."""
    if per_page not in GRIDS:
        raise ValueError(f"{per_page} slides per page is not a handout layout")
    cols, rows = GRIDS[per_page]
    left, top = page_w * SIDE_MARGIN, page_h * TOP_MARGIN
    area_w, area_h = page_w - 2 * left, page_h - 2 * top
    gap = page_w * GAP
    lines = per_page == LINES_BESIDE
    # Slides take half the width when lines go beside them.
    cell_w = (area_w - gap) / 2 if lines else (area_w - gap * (cols - 1)) / cols
    cell_h = (area_h - gap * (rows - 1)) / rows
    # Cells take the slides' aspect so the grid is centred as a whole, not slide by slide.
    fitted = fit_rect(QRectF(0, 0, cell_w, cell_h), slide_w, slide_h)
    grid_w = area_w if lines else fitted.width() * cols + gap * (cols - 1)
    grid_h = fitted.height() * rows + gap * (rows - 1)
    x0, y0 = left + (area_w - grid_w) / 2, top + (area_h - grid_h) / 2
    cells = []
    for index in range(per_page):
        row, col = divmod(index, cols)
        x = x0 + col * (fitted.width() + gap)
        y = y0 + row * (fitted.height() + gap)
        box = QRectF(x, y, fitted.width(), fitted.height())
        beside = None
        if lines:
            beside = QRectF(x0 + fitted.width() + gap, y, grid_w - fitted.width() - gap, fitted.height())
        cells.append(HandoutCell(box, beside))
    return cells


class HandoutPainter:
    def __init__(self, slides: SlideRenderer, per_page: int, page_w: float, page_h: float) -> None:
        self.slides = slides
        self.per_page = per_page
        self.width, self.height = page_w, page_h
        self.cells = handout_cells(per_page, page_w, page_h, slides.width, slides.height)

    def paint(self, painter: QPainter, batch: list[tuple[Any, int]], page: PageState) -> None:
        """Paint one page holding ``batch`` (slide, number) pairs, at most ``per_page`` of them."""
        painter.fillRect(QRectF(0, 0, self.width, self.height), QColor(255, 255, 255))
        for cell, (slide, number) in zip(self.cells, batch, strict=False):
            where = paint_slide_in(painter, self.slides, slide, number, cell.slide_box, page)
            frame(painter, where, QColor(0, 0, 0), 0.5)
            if cell.lines_box is not None:
                self._rule(painter, cell.lines_box)

    def _rule(self, painter: QPainter, box: QRectF) -> None:
        painter.save()
        painter.setPen(QPen(QColor(128, 128, 128), 0.5))
        y = box.top() + LINE_SPACING
        while y <= box.bottom():
            painter.drawLine(QLineF(box.left(), y, box.right(), y))
            y += LINE_SPACING
        painter.restore()
