"""What the text code needs from the render context, as a Protocol (the engine's RenderContext fits)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from lxml import etree
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QPainter

from worker.render.date_fields import DateField
from worker.render.fonts import FontResolver
from worker.render.picture_passthrough import StandIns


class TextContext(Protocol):
    @property
    def theme(self) -> Any: ...  # worker.deck.theme.Theme

    @property
    def fonts(self) -> Any: ...  # FontResolver

    @property
    def slide_number(self) -> int: ...

    @property
    def first_slide_number(self) -> int: ...

    @property
    def date_text(self) -> Callable[[DateField], str]: ...

    def color(self, parent: etree._Element | None, ph_color: QColor | None = None) -> QColor | None: ...

    def warn(self, message: str) -> None: ...

    def rel_target(self, r_id: str | None) -> str | None: ...

    def rel_is_external(self, r_id: str | None) -> bool: ...

    def add_link(self, painter: QPainter, rect: QRectF, target: str) -> None: ...


def stand_ins_of(ctx: TextContext) -> StandIns | None:
    """The page's picture stand-ins (see picture_passthrough) when it goes into a PDF."""
    stand_ins = getattr(getattr(ctx, "page", None), "stand_ins", None)
    return stand_ins if isinstance(stand_ins, StandIns) else None


def fonts_of(ctx: TextContext) -> FontResolver:
    fonts = getattr(ctx, "fonts", None)
    return fonts if isinstance(fonts, FontResolver) else FontResolver.shared()
