"""What the painting code needs while it draws one slide: theme, colours, parts, fonts, links."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from lxml import etree
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QPainter, QTransform

from worker.deck.relations import related_by
from worker.deck.theme import Theme, override_theme
from worker.render.colors import ColorResolver
from worker.render.date_fields import DateField, field_text
from worker.render.geometry import GeometryCache
from worker.render.images import ImageCache
from worker.render.picture_passthrough import StandIns

log = logging.getLogger(__name__)

_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_RT_LAYOUT = f"{_RELS}/slideLayout"
_RT_MASTER = f"{_RELS}/slideMaster"
_RT_NOTES_MASTER = f"{_RELS}/notesMaster"


@dataclass
class LinkArea:
    rect: QRectF  # in page points, origin top-left
    target: str  # a URL, a slide part name, or a relative jump (worker.render.links)


@dataclass
class PageState:
    """Shared by every context drawing the same page (slide, its layout and master)."""

    links: list[LinkArea] = field(default_factory=list)
    page_transform: QTransform = field(default_factory=QTransform)
    # Set when the page goes into a PDF: pictures that can keep their stored bytes draw stand-ins.
    stand_ins: StandIns | None = None


def _today(field: DateField) -> str:
    return field_text(field, dt.datetime.now())


@dataclass
class RenderContext:
    theme: Theme
    colors: ColorResolver
    part: Any  # the python-pptx Part of the sheet being drawn (slide, layout, master, drawing)
    fonts: Any  # worker.render.fonts.FontResolver
    warnings: list[str]
    page: PageState
    images: ImageCache = field(default_factory=ImageCache)
    geometries: GeometryCache = field(default_factory=GeometryCache)  # the deck's, as images
    # The theme's own part: pictures of its fill styles (a fillRef to a tiled blipFill) are
    # related from it, not from the sheet that refers to them. None: no theme part.
    theme_part: Any = None
    slide_number: int = 1  # the slide's position in the deck, hidden slides counted
    # The number a slide-number field shows on the first slide (p:presentation firstSlideNum).
    first_slide_number: int = 1
    date_text: Callable[[DateField], str] = _today
    depth: int = 0  # group nesting, bounded against hostile decks
    # The enclosing groups' flipH and flipV, each an odd or even count: a shape in them is mirrored
    # as if these were its own flips too (see paint_group).
    group_flips: tuple[bool, bool] = (False, False)
    # The deck's text bodies carry PowerPoint's own autofit result (see worker/deck/producer.py):
    # a bare normAutofit then means full size, not "shrink what overflows".
    autofit_stored: bool = False

    def with_part(self, part: Any, colors: ColorResolver | None = None) -> RenderContext:
        return replace(self, part=part, colors=colors or self.colors)

    def with_overridden_part(self, part: Any) -> RenderContext:
        """Switched to ``part`` (a chart), under its a:themeOverride when it has one."""
        override = None
        try:
            for rel in part.rels.values():
                if not rel.is_external and str(rel.reltype).endswith("/themeOverride"):
                    override = bytes(rel.target_part.blob)
                    break
        except (AttributeError, KeyError, ValueError):
            log.info("unreadable relationships of %s", getattr(part, "partname", "a part"))
        if override is None:
            return self.with_part(part)
        theme = override_theme(self.theme, override)
        return replace(self, part=part, theme=theme, colors=ColorResolver(theme, self.colors.color_map))

    def color(self, parent: etree._Element | None, ph_color: QColor | None = None) -> QColor | None:
        return self.colors.find(parent, ph_color)

    def warn(self, message: str) -> None:
        if message not in self.warnings:
            log.info("render warning: %s", message)
            self.warnings.append(message)

    def rel_target(self, r_id: str | None) -> str | None:
        rel = self._rel(r_id)
        if rel is None:
            return None
        if rel.is_external:
            return str(rel.target_ref)
        return str(rel.target_partname) if hasattr(rel, "target_partname") else None

    def rel_is_external(self, r_id: str | None) -> bool:
        rel = self._rel(r_id)
        return bool(rel is not None and rel.is_external)

    def related_blob(self, r_id: str | None) -> tuple[bytes, str] | None:
        """Bytes and partname of an internal related part (an image, a drawing)."""
        rel = self._rel(r_id)
        if rel is None or rel.is_external:
            return None
        try:
            target = rel.target_part
            return bytes(target.blob), str(target.partname)
        except (KeyError, AttributeError, ValueError):
            return None

    def related_blob_of(self, el: etree._Element, r_id: str | None) -> tuple[bytes, str] | None:
        """``related_blob`` for an id written in ``el``'s part: this sheet's, or the layout's or
        master's above it (text styles a slide inherits, such as picture bullets, come from there)."""
        return self.with_part(self._owner_part(el)).related_blob(r_id)

    def _owner_part(self, el: etree._Element) -> Any:
        root = el.getroottree().getroot()
        part = self.part
        for _ in range(3):  # slide -> layout -> master (notes slide -> notes master)
            if part is None:
                break
            if getattr(part, "_element", None) is root:
                return part
            part = related_by(part, _RT_LAYOUT) or related_by(part, _RT_MASTER) or related_by(part, _RT_NOTES_MASTER)
        return self.part

    def related_part(self, r_id: str | None) -> Any | None:
        rel = self._rel(r_id)
        if rel is None or rel.is_external:
            return None
        try:
            return rel.target_part
        except (KeyError, AttributeError, ValueError):
            return None

    def _rel(self, r_id: str | None) -> Any | None:
        if not r_id or self.part is None:
            return None
        try:
            return self.part.rels.get(r_id)
        except (KeyError, AttributeError):
            return None

    def add_link(self, painter: QPainter, rect: QRectF, target: str) -> None:
        device = painter.combinedTransform().mapRect(rect)
        inverse, ok = self.page.page_transform.inverted()
        if ok:
            self.page.links.append(LinkArea(inverse.mapRect(device), target))
