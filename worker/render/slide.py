"""Paints one slide: background, master and layout shapes, then the slide's own shapes."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from lxml import etree
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.parts.slide import SlideMasterPart
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QPainter, QPainterPath

from worker.deck.producer import autofit_stored_by_writer
from worker.deck.relations import related_by
from worker.deck.repair import has_unreadable_rels, is_stand_in, why_unreadable
from worker.deck.theme import Theme, parse_theme
from worker.deck.xml import A, P, attr_bool, attr_int, child, parse, path
from worker.render.colors import DEFAULT_COLOR_MAP, ColorResolver
from worker.render.context import PageState, RenderContext
from worker.render.fills import find_fill, paint_fill
from worker.render.geometry import GeometryCache
from worker.render.images import ImageCache
from worker.render.placeholders import PlaceholderIndex, placeholder_key
from worker.render.shapes import Inherited, ShapePainter, SheetStyles
from worker.render.sheets import SlideWarnings, default_master_xml, slide_sheets

log = logging.getLogger(__name__)

_RT_THEME = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme"


# What a missing layout leaves: a sheet with no shapes, placeholders or background.
_NO_LAYOUT = f'<p:sldLayout xmlns:p="{P}"><p:cSld><p:spTree/></p:cSld></p:sldLayout>'.encode()
# A master may leave p:txStyles out (CT_SlideMaster makes it optional). PowerPoint then sets its
# own first-level defaults: titles 44 pt; body and subtitle placeholders 28 pt behind a round
# bullet on an 18 pt hanging indent; other placeholders nothing of their own (Office output
# compared in github.com/yukiyokotani/office-open-xml-viewer/pull/1439 and pull/1440).
_IMPLIED_TEXT_STYLES = (
    f'<p:txStyles xmlns:a="{A}" xmlns:p="{P}"><p:titleStyle><a:lvl1pPr><a:defRPr sz="4400"/></a:lvl1pPr>'
    '</p:titleStyle><p:bodyStyle><a:lvl1pPr marL="228600" indent="-228600"><a:buChar char="&#8226;"/>'
    '<a:defRPr sz="2800"/></a:lvl1pPr></p:bodyStyle></p:txStyles>'
).encode()
_IMPLIED_BODY_TYPES = frozenset({"body", "subTitle"})


def _root(part: Any) -> etree._Element:
    """The part's XML as our own safe parse (python-pptx objects wrap its parse; reuse it)."""
    element = getattr(part, "_element", None)
    if element is not None:
        return element
    return parse(bytes(part.blob))


@dataclass
class _Master:
    root: etree._Element
    part: Any
    theme: Theme
    color_map: dict[str, str]
    placeholders: PlaceholderIndex
    text_styles: dict[str, etree._Element] = field(default_factory=dict)
    theme_part: Any = None
    # No p:txStyles: text_styles are _IMPLIED_TEXT_STYLES, whose body style only body and
    # subtitle placeholders take.
    implied_styles: bool = False


@dataclass
class _Layout:
    root: etree._Element
    part: Any
    placeholders: PlaceholderIndex


class SlideRenderer:
    """Paints the slides of one presentation; caches masters, layouts and themes across slides."""

    def __init__(self, presentation: Any, fonts: Any, warnings: list[str]) -> None:
        self.presentation = presentation
        self.fonts = fonts
        self.warnings = warnings
        self.slide_warnings = SlideWarnings(warnings)
        pres_root = presentation.part._element
        self.default_text_style = child(pres_root, "defaultTextStyle")
        size = child(pres_root, "sldSz")
        # A malformed size falls back to the 10 x 7.5 in default, as a missing one does.
        self.width = attr_int(size, "cx", 9144000) / 12700.0
        self.height = attr_int(size, "cy", 6858000) / 12700.0
        if not (1 <= self.width <= 200_000 and 1 <= self.height <= 200_000):
            self.width, self.height = 720.0, 540.0
        self.images = ImageCache()
        self.geometries = GeometryCache()
        self.autofit_stored = autofit_stored_by_writer(presentation)
        # ECMA-376 19.2.1.26 firstSlideNum: the number slide-number fields count from (default 1).
        self.first_slide_number = attr_int(pres_root, "firstSlideNum", 1)
        self._masters: dict[str, _Master] = {}
        self._layouts: dict[str, _Layout] = {}
        # One resolver per master and colour map: text builders and their layouts are cached by
        # the resolver's identity (text/__init__.py), so master and layout text is read and laid
        # out once, not once per slide.
        self._resolvers: dict[tuple[str, tuple[tuple[str, str], ...]], ColorResolver] = {}

    # -- cached sheets ------------------------------------------------------------------------------
    def _master(self, part: Any | None) -> _Master:
        """The master's cached reading; ``part`` None: the presentation's defaults (a deck whose
        every master is missing or unreadable)."""
        key = str(part.partname) if part is not None else ""
        if key not in self._masters:
            root = _root(part) if part is not None else parse(default_master_xml(self.width, self.height))
            theme = related_by(part, _RT_THEME) if part is not None else None
            theme_blob = bytes(theme.blob) if theme is not None else None
            if theme_blob is None and part is not None:
                missing = "A slide master's theme is missing: the default Office theme was used"
                if has_unreadable_rels(part):  # its theme and pictures are out of reach
                    missing = (
                        "A slide master's relationships are unreadable: drawn with the default Office theme"
                        " and without its pictures"
                    )
                if missing not in self.warnings:
                    self.warnings.append(missing)
            clr_map = child(root, "clrMap")
            color_map = dict(DEFAULT_COLOR_MAP)
            if clr_map is not None:
                color_map.update({str(k): str(v) for k, v in clr_map.attrib.items() if "}" not in str(k)})
            styles = child(root, "txStyles")
            implied = styles is None
            if implied:
                styles = parse(_IMPLIED_TEXT_STYLES)
            text_styles = {}
            if styles is not None:
                for name in ("titleStyle", "bodyStyle", "otherStyle"):
                    el = child(styles, name)
                    if el is not None:
                        text_styles[name] = el
            theme_read = parse_theme(theme_blob)
            if theme_read.unreadable:
                unreadable = "A slide master's theme is unreadable (damaged XML): the default Office theme was used"
                if unreadable not in self.warnings:
                    self.warnings.append(unreadable)
            self._masters[key] = _Master(
                root,
                part,
                theme_read,
                color_map,
                PlaceholderIndex(root),
                text_styles,
                theme_part=theme,
                implied_styles=implied,
            )
        return self._masters[key]

    def _resolver(self, master: str, theme: Theme, color_map: dict[str, str]) -> ColorResolver:
        key = (master, tuple(sorted(color_map.items())))
        found = self._resolvers.get(key)
        if found is None:
            found = self._resolvers[key] = ColorResolver(theme, color_map)
        return found

    def _layout(self, part: Any | None) -> _Layout:
        key = str(part.partname) if part is not None else ""
        if key not in self._layouts:
            root = _root(part) if part is not None else parse(_NO_LAYOUT)
            self._layouts[key] = _Layout(root, part, PlaceholderIndex(root))
        return self._layouts[key]

    # -- painting -----------------------------------------------------------------------------------
    def paint(self, painter: QPainter, slide: Any, number: int, page: PageState) -> None:
        """Paint ``slide`` with the painter mapping 1 unit to 1 pt, origin at the slide's top-left."""
        slide_part = slide.part
        slide_root = _root(slide_part)
        sheets = slide_sheets(slide_part, self.presentation.part)
        layout_part, master_part = sheets.layout, sheets.master
        if is_stand_in(slide_root):
            why = why_unreadable(slide_root)
            self.slide_warnings.add(number, f"{{its}} content is unreadable ({why}); a blank slide stands in")
        else:
            if sheets.problem is not None:
                self.slide_warnings.add(number, sheets.problem)
            if path(slide_root, "cSld", "spTree") is None:
                # PowerPoint refuses or repairs such a slide; its layout and master are still drawn.
                self.slide_warnings.add(
                    number, "{its} content is missing (no shape tree); drawn with only {its} layout and master"
                )
        master = self._master(master_part)
        layout = self._layout(layout_part)

        color_map = dict(master.color_map)
        for root in (layout.root, slide_root):
            override = path(root, "clrMapOvr", "overrideClrMapping")
            if override is not None:
                color_map.update({str(k): str(v) for k, v in override.attrib.items() if "}" not in str(k)})
        colors = self._resolver(str(master_part.partname) if master_part is not None else "", master.theme, color_map)
        ctx = RenderContext(
            theme=master.theme,
            colors=colors,
            part=slide_part,
            fonts=self.fonts,
            warnings=self.warnings,
            page=page,
            images=self.images,
            geometries=self.geometries,
            theme_part=master.theme_part,
            slide_number=number,
            first_slide_number=self.first_slide_number,
            autofit_stored=self.autofit_stored,
        )

        painter.save()
        try:
            painter.setClipRect(QRectF(0, 0, self.width, self.height))
            background_sheets = [(slide_root, slide_part), (layout.root, layout_part), (master.root, master_part)]
            try:
                background = self._paint_background(painter, ctx, background_sheets)
            except Exception as exc:  # a broken background must not cost the slide, as a shape does not
                log.warning("could not draw the background of slide %s: %s", number, exc)
                log.debug("background drawing failure", exc_info=exc)
                ctx.warn(f"Slide {number}: its background could not be drawn")
                painter.fillRect(QRectF(0, 0, self.width, self.height), QColor(255, 255, 255))
                background = None

            def inherit(el: etree._Element) -> Inherited:
                key = placeholder_key(el)
                if key is None:
                    return Inherited()
                shapes: list[etree._Element] = []
                parts: list[Any] = []
                layout_shape = layout.placeholders.match_layout(key)
                if layout_shape is not None:
                    shapes.append(layout_shape)
                    parts.append(layout_part)
                    # The layout's own placeholder type decides which master placeholder applies.
                    key = placeholder_key(layout_shape) or key
                master_shape = master.placeholders.match_master(key)
                if master_shape is not None:
                    shapes.append(master_shape)
                    parts.append(master_part)
                style = master.text_styles.get(key.text_style)
                if master.implied_styles and key.text_style == "bodyStyle" and key.type not in _IMPLIED_BODY_TYPES:
                    style = None
                return Inherited(key, shapes, style, parts)

            show_master = attr_bool(slide_root, "showMasterSp", True)
            if show_master:
                if attr_bool(layout.root, "showMasterSp", True):
                    ShapePainter(
                        ctx.with_part(master_part),
                        SheetStyles(lambda _e: Inherited(), self.default_text_style),
                        skip_placeholders=True,
                    ).paint_tree(painter, path(master.root, "cSld", "spTree"))
                ShapePainter(
                    ctx.with_part(layout_part),
                    SheetStyles(lambda _e: Inherited(), self.default_text_style),
                    skip_placeholders=True,
                ).paint_tree(painter, path(layout.root, "cSld", "spTree"))
            ShapePainter(ctx, SheetStyles(inherit, self.default_text_style, background)).paint_tree(
                painter, path(slide_root, "cSld", "spTree")
            )
        finally:
            painter.restore()

    def _paint_background(
        self, painter: QPainter, ctx: RenderContext, sheets: list[tuple[etree._Element, Any]]
    ) -> tuple[etree._Element, QColor | None] | None:
        """Paint the first background found on slide, layout or master; return its fill."""
        box = QRectF(0, 0, self.width, self.height)
        painter.fillRect(box, QColor(255, 255, 255))
        for root, part in sheets:
            bg = path(root, "cSld", "bg")
            if bg is None:
                continue
            shape = QPainterPath()
            shape.addRect(box)
            sheet_ctx = ctx.with_part(part)
            bg_pr = child(bg, "bgPr")
            if bg_pr is not None:
                fill = find_fill(bg_pr)
                paint_fill(painter, sheet_ctx, fill, shape, box)
                return (fill, None) if fill is not None else None
            bg_ref = child(bg, "bgRef")
            if bg_ref is not None:
                try:
                    idx = int(bg_ref.get("idx", "0"))
                except ValueError:
                    idx = 0
                fill = ctx.theme.fill_style(idx)
                # Theme background pictures are related from the theme part.
                theme_part = self._theme_part(part)
                theme_ctx = ctx.with_part(theme_part) if theme_part is not None else sheet_ctx
                ph_color = ctx.color(bg_ref)
                paint_fill(painter, theme_ctx, fill, shape, box, ph_color)
                return (fill, ph_color) if fill is not None else None
        return None

    def _theme_part(self, part: Any) -> Any | None:
        """The theme part of the master behind ``part`` (a slide, layout or master part)."""
        for _ in range(3):
            theme = related_by(part, _RT_THEME)
            if theme is not None:
                return theme
            # Up from a slide to its layout, from a layout to its master (never from a master
            # down to one of its layouts).
            up = None
            for reltype in (RT.SLIDE_LAYOUT, RT.SLIDE_MASTER):
                if isinstance(part, SlideMasterPart):
                    break
                up = related_by(part, reltype)
                if up is not None:
                    break
            if up is part:
                up = None
            if up is None:
                return None
            part = up
        return None
