"""The main window's size: its first one, fitted to the screen, and the one saved between runs."""

from __future__ import annotations

import logging

from PySide6.QtCore import QSize

log = logging.getLogger(__name__)

FIRST_SIZE = QSize(1200, 720)


def fit_size(size: QSize, available: QSize) -> QSize:
    """``size`` within nine tenths of the screen's room (at 200 % a 1920x1080 laptop has 960x540
    to offer, and 1200x720 would run off it)."""
    return size.boundedTo(QSize(available.width() * 9 // 10, available.height() * 9 // 10))


def first_size(available: QSize) -> QSize:
    """The window's size on its first start: the usual one, within the screen's room."""
    return fit_size(FIRST_SIZE, available)


def starts_maximized(available: QSize) -> bool:
    """A screen narrower than the usual window (1366x768 at 125 % and more, 1920x1080 at 200 %:
    683x384 device-independent pixels at most) gets all of its room on the first start: nine
    tenths of it cut the list by a column and a row, and the rest of that screen is no use."""
    return available.width() < FIRST_SIZE.width()


def parse_size(text: str) -> QSize | None:
    """A size saved as "1200x715", or None for anything else."""
    width, sep, height = text.partition("x")
    if not (sep and width.isdigit() and height.isdigit()) or int(width) <= 0 or int(height) <= 0:
        return None
    return QSize(int(width), int(height))
