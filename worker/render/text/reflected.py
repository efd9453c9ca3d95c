"""Reflections of text: a shape that paints nothing but its text hands its reflection to the text
(as its shadow and glow, see paint.cast_by_text), mirrored below the text's lines."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, cast

from PySide6.QtCore import QRectF
from PySide6.QtGui import QPainter, QPainterPath

from worker.render.picture_passthrough import StandIns
from worker.render.reflection import Reflection, paint_reflection
from worker.render.text.context import TextContext

log = logging.getLogger(__name__)


class _Unlinked:
    """A text context that drops links: a mirrored copy of the text is no place to click (its
    raster's coordinates are not the page's either)."""

    def __init__(self, ctx: TextContext) -> None:
        self._ctx = ctx

    def __getattr__(self, name: str) -> Any:
        return getattr(self._ctx, name)

    def add_link(self, painter: QPainter, rect: QRectF, target: str) -> None:
        return None


def unlinked(ctx: TextContext) -> TextContext:
    """``ctx`` without links, for text drawn into a mirrored copy."""
    return cast(TextContext, _Unlinked(ctx))


def paint_text_reflection(
    painter: QPainter,
    ctx: TextContext,
    reflection: Reflection,
    block: QRectF,
    draw: Callable[[QPainter, TextContext], None],
) -> None:
    """The mirrored, fading copy of the text ``draw`` paints, whose lines fill ``block``."""
    area = QPainterPath()
    area.addRect(block)
    plain = unlinked(ctx)
    paint_reflection(painter, area, reflection, lambda target: draw(target, plain), page_stand_ins(ctx))


def page_stand_ins(ctx: TextContext) -> StandIns | None:
    """The page's stand-ins, when the text is drawn on a PDF page (a reflection's raster is then
    encoded for one)."""
    page = getattr(ctx, "page", None)
    return getattr(page, "stand_ins", None)
