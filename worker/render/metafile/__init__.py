"""EMF and WMF pictures drawn as vectors with QPainter (our own GDI player; no library fits).

``paint_metafile`` plays the records real decks use (see emf.py / wmf.py) into a destination
rectangle in points; text stays real text. Every count, size and coordinate is validated: a
malformed file draws what was valid and stops.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QRectF
from PySide6.QtGui import QPainter

from ..fonts import FontResolver
from . import emf, wmf
from .budget import picture_budget
from .canvas import Canvas
from .objects import MAX_BLOB_BYTES

log = logging.getLogger(__name__)

__all__ = ["is_metafile", "metafile_size", "paint_metafile"]


def is_metafile(blob: bytes) -> bool:
    return emf.is_emf(blob) or wmf.is_wmf(blob)


def metafile_size(blob: bytes) -> tuple[float, float] | None:
    """Natural size in points: the EMF frame (or bounds), the placeable WMF box; None if unknown."""
    if len(blob) > MAX_BLOB_BYTES:
        return None
    header = emf.read_header(blob)
    if header is not None:
        return header.size_points()
    wheader = wmf.read_header(blob)
    return None if wheader is None else wheader.size_points()


def paint_metafile(
    painter: QPainter,
    blob: bytes,
    dest: QRectF,
    crop: tuple[float, float, float, float] = (0, 0, 0, 0),
    fonts: FontResolver | None = None,
    notes: list[str] | None = None,
) -> bool:
    """Draw the metafile scaled into ``dest`` (points), ``crop`` = fractions cut off (l, t, r, b).

    ``notes`` gets what was left out of the picture (a bitmap that could not be drawn), for the job.

    Returns False when ``blob`` is not a metafile this player can draw (the caller then shows a
    placeholder). EMF+ records are drawn (emfplus.py) in EMF+-only files, and in dual files whose
    records are all ones the EMF+ player knows; other dual files are drawn from their EMF records.
    """
    if len(blob) > MAX_BLOB_BYTES:
        log.info("metafile of %d bytes is over the size limit", len(blob))
        return False
    with picture_budget() as budget:
        try:
            return _paint(painter, blob, dest, crop, fonts)
        finally:
            if notes is not None:
                notes.extend(budget.notes)


def _paint(
    painter: QPainter, blob: bytes, dest: QRectF, crop: tuple[float, float, float, float], fonts: FontResolver | None
) -> bool:
    header = emf.read_header(blob)
    if header is not None:
        canvas = Canvas(painter, header.frame_px(), header.px_per_mm, 1.0, fonts)
        if not canvas.begin(dest, crop):
            return False
        player = emf.EmfPlayer(canvas, header)
        try:
            player.run(blob)
        finally:
            canvas.end()
        return not (player.plus_only and player.drawn == 0)
    wheader = wmf.read_header(blob)
    if wheader is None:
        return False
    records = wmf.records(blob, wheader.records_at)
    frame = wmf.reference_frame(blob, wheader, records)
    if frame is None:
        log.info("WMF without a placeable header or window extent: cannot place it")
        return False
    inch = wheader.inch if wheader.inch > 0 else 1440
    hairline = inch / 96.0 if wheader.bbox is not None else max(frame.width(), frame.height()) / 800.0
    canvas = Canvas(painter, frame, (inch / 25.4, inch / 25.4), hairline, fonts)
    if not canvas.begin(dest, crop):
        return False
    wplayer = wmf.WmfPlayer(canvas, wheader, frame)
    try:
        wplayer.run(blob, records)
    finally:
        canvas.end()
    return True
