"""Notes pages, like PowerPoint's "Notes Pages" export: the slide on top, its notes below.

Where things go comes from the deck: the notes slide's placeholders (sldImg, body, sldNum...)
inherit position and text style from the notes master (p:notesMaster, p:notesStyle), exactly as a
slide's placeholders inherit from its layout. Without a notes master, PowerPoint's default notes
layout is used, scaled to the notes page size (p:notesSz).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from lxml import etree
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen

from worker.deck.relations import related_by
from worker.deck.repair import is_stand_in, why_unreadable
from worker.deck.theme import Theme, parse_theme
from worker.deck.xml import child, local, path
from worker.render.colors import DEFAULT_COLOR_MAP, ColorResolver
from worker.render.context import PageState, RenderContext
from worker.render.fills import find_fill, paint_fill
from worker.render.placeholders import PlaceholderIndex, placeholder_key, sp_pr
from worker.render.shapes import Inherited, ShapePainter, SheetStyles, read_xfrm
from worker.render.slide import SlideRenderer

log = logging.getLogger(__name__)

_RT_NOTES_MASTER = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/notesMaster"
_RT_THEME = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme"
_RT_NOTES_SLIDE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/notesSlide"
EMU_PER_PT = 12700.0
# PowerPoint's default notes page (7.5 x 10 in) and where its default notes master puts things.
DEFAULT_NOTES_SIZE = (540.0, 720.0)
DEFAULT_SLIDE_IMAGE = QRectF(90.0, 54.0, 360.0, 270.0)
DEFAULT_BODY = QRectF(54.0, 346.5, 432.0, 283.5)
_LINE_FILLS = ("noFill", "solidFill", "gradFill", "pattFill")


def notes_page_size(presentation: Any) -> tuple[float, float]:
    """p:notesSz in points (handouts use the same paper)."""
    size = child(presentation.part._element, "notesSz")
    try:
        width = int(size.get("cx", "")) / EMU_PER_PT if size is not None else 0.0
        height = int(size.get("cy", "")) / EMU_PER_PT if size is not None else 0.0
    except ValueError:
        width = height = 0.0
    if not (36 <= width <= 200_000 and 36 <= height <= 200_000):
        return DEFAULT_NOTES_SIZE
    return width, height


def fit_rect(box: QRectF, width: float, height: float) -> QRectF:
    """The largest ``width`` x ``height`` rectangle centred in ``box`` (aspect kept)."""
    if width <= 0 or height <= 0 or box.width() <= 0 or box.height() <= 0:
        return QRectF(box)
    scale = min(box.width() / width, box.height() / height)
    w, h = width * scale, height * scale
    return QRectF(box.x() + (box.width() - w) / 2, box.y() + (box.height() - h) / 2, w, h)


def paint_slide_in(
    painter: QPainter, renderer: SlideRenderer, slide: Any, number: int, box: QRectF, page: PageState
) -> QRectF:
    """Paint ``slide`` scaled into ``box`` (aspect kept, centred); return where it went."""
    where = fit_rect(box, renderer.width, renderer.height)
    painter.save()
    try:
        painter.translate(where.x(), where.y())
        painter.scale(where.width() / renderer.width, where.height() / renderer.height)
        renderer.paint(painter, slide, number, page)
    finally:
        painter.restore()
    return where


def frame(painter: QPainter, rect: QRectF, color: QColor, width: float) -> None:
    painter.save()
    pen = QPen(color, width)
    pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawRect(rect)
    painter.restore()


@dataclass
class _NotesMaster:
    root: etree._Element | None
    part: Any
    theme: Theme
    color_map: dict[str, str]
    placeholders: PlaceholderIndex
    notes_style: etree._Element | None


class NotesPagePainter:
    """Paints one notes page per slide; the slide itself is drawn by the deck's SlideRenderer."""

    def __init__(self, presentation: Any, slides: SlideRenderer, fonts: Any, warnings: list[str]) -> None:
        self.presentation = presentation
        self.slides = slides
        self.fonts = fonts
        self.warnings = warnings
        self.width, self.height = notes_page_size(presentation)
        self.master = self._load_master()

    def _load_master(self) -> _NotesMaster:
        # part_related_by, not presentation.notes_master: that one invents a master when absent.
        part = related_by(self.presentation.part, _RT_NOTES_MASTER)
        root: etree._Element | None = getattr(part, "_element", None)
        if is_stand_in(root):
            why = why_unreadable(root)
            self.warnings.append(f"The notes master is unreadable ({why}): the default notes layout was used")
            root = None
        elif part is not None and (root is None or local(root) != "notesMaster"):
            # The relationship names another kind of part (the slide master, a theme): its placeholders
            # would place the notes (a slide master's body is over the slide image).
            self.warnings.append("The notes master is not a notes master: the default notes layout was used")
            root = None
        if root is None:
            part = None
        theme = related_by(part, _RT_THEME) if part is not None else None
        theme_blob = bytes(theme.blob) if theme is not None else None
        color_map = dict(DEFAULT_COLOR_MAP)
        clr_map = child(root, "clrMap")
        if clr_map is not None:
            color_map.update({str(k): str(v) for k, v in clr_map.attrib.items() if "}" not in str(k)})
        return _NotesMaster(
            root, part, parse_theme(theme_blob), color_map, PlaceholderIndex(root), child(root, "notesStyle")
        )

    def _scaled_default(self, rect: QRectF) -> QRectF:
        sx, sy = self.width / DEFAULT_NOTES_SIZE[0], self.height / DEFAULT_NOTES_SIZE[1]
        return QRectF(rect.x() * sx, rect.y() * sy, rect.width() * sx, rect.height() * sy)

    def _master_shape(self, shape: etree._Element) -> etree._Element | None:
        key = placeholder_key(shape)
        return self.master.placeholders.match_layout(key) if key is not None else None

    def _rect_of(self, shapes: list[etree._Element | None]) -> QRectF | None:
        for shape in shapes:
            xf = read_xfrm(child(sp_pr(shape), "xfrm")) if shape is not None else None
            if xf is not None and xf.w > 0 and xf.h > 0:
                return QRectF(xf.x, xf.y, xf.w, xf.h)
        return None

    def paint(self, painter: QPainter, slide: Any, number: int, page: PageState) -> None:
        """Paint the notes page of ``slide``, painter in page points with the origin top-left."""
        # The slide's own notes part, looked up as every other relationship is: python-pptx's
        # has_notes_slide raised on a notes relationship marked external, failing the whole deck.
        notes_part = related_by(slide.part, _RT_NOTES_SLIDE)
        notes_root: etree._Element | None = getattr(notes_part, "_element", None)
        if (
            notes_part is not None
            and not is_stand_in(notes_root)
            and (notes_root is None or local(notes_root) != "notes")
        ):
            # The relationship names a part that is no notes slide (a picture, the package's own
            # content types): the page is drawn as for a slide without notes.
            self.slides.slide_warnings.add(number, "{its} notes part is not a notes slide; shown without notes")
            notes_part, notes_root = None, None
        if is_stand_in(notes_root):
            why = why_unreadable(notes_root)
            self.slides.slide_warnings.add(number, f"{{its}} notes are unreadable ({why}); shown without notes")
        colors = ColorResolver(self.master.theme, self.master.color_map)
        ctx = RenderContext(
            theme=self.master.theme,
            colors=colors,
            part=notes_part if notes_part is not None else self.master.part,
            fonts=self.fonts,
            warnings=self.warnings,
            page=page,
            images=self.slides.images,
            geometries=self.slides.geometries,
            slide_number=number,
            first_slide_number=self.slides.first_slide_number,
            autofit_stored=self.slides.autofit_stored,
        )
        painter.save()
        try:
            painter.setClipRect(QRectF(0, 0, self.width, self.height))
            self._paint_background(painter, ctx, notes_root, notes_part)
            tree = path(notes_root, "cSld", "spTree")
            image_shape = self._slide_image_shape(tree)
            self._paint_slide_image(painter, ctx, slide, number, page, image_shape)
            if tree is not None:
                self._paint_notes_shapes(painter, ctx, tree)
        finally:
            painter.restore()

    def _slide_image_shape(self, tree: etree._Element | None) -> etree._Element | None:
        if tree is None:
            return None
        for shape in tree:
            key = placeholder_key(shape) if local(shape) == "sp" else None
            if key is not None and key.type == "sldImg":
                return shape
        return None

    def _paint_background(
        self, painter: QPainter, ctx: RenderContext, notes_root: etree._Element | None, notes_part: Any
    ) -> None:
        box = QRectF(0, 0, self.width, self.height)
        painter.fillRect(box, QColor(255, 255, 255))
        for root, part in ((notes_root, notes_part), (self.master.root, self.master.part)):
            bg = path(root, "cSld", "bg")
            if bg is None:
                continue
            shape = QPainterPath()
            shape.addRect(box)
            bg_pr = child(bg, "bgPr")
            if bg_pr is not None:
                paint_fill(painter, ctx.with_part(part), find_fill(bg_pr), shape, box)
                return
            bg_ref = child(bg, "bgRef")
            if bg_ref is not None:
                try:
                    idx = int(bg_ref.get("idx", "0"))
                except ValueError:
                    idx = 0
                paint_fill(painter, ctx.with_part(part), ctx.theme.fill_style(idx), shape, box, ctx.color(bg_ref))
                return

    def _paint_slide_image(
        self,
        painter: QPainter,
        ctx: RenderContext,
        slide: Any,
        number: int,
        page: PageState,
        shape: etree._Element | None,
    ) -> None:
        master_shape = self._master_shape(shape) if shape is not None else self._master_placeholder("sldImg")
        box = self._rect_of([shape, master_shape]) or self._scaled_default(DEFAULT_SLIDE_IMAGE)
        where = paint_slide_in(painter, self.slides, slide, number, box, page)
        # The sldImg placeholder's outline frames the slide (a thin black line by default).
        lines = [ln for s in (shape, master_shape) if (ln := child(sp_pr(s), "ln")) is not None]
        # An empty <a:ln/> on the notes slide leaves the fill (and so the colour) to the master's.
        line = next((ln for ln in lines if any(child(ln, f) is not None for f in _LINE_FILLS)), None)
        if line is not None and child(line, "noFill") is not None:
            return
        width = 0.75
        sized = next((ln for ln in lines if ln.get("w", "").isdigit()), None)
        if sized is not None:
            width = max(0.25, int(sized.get("w", "0")) / EMU_PER_PT)
        color = ctx.color(child(line, "solidFill")) if line is not None else None
        frame(painter, where, color or QColor(0, 0, 0), width)

    def _master_placeholder(self, kind: str) -> etree._Element | None:
        return next((shape for key, shape in self.master.placeholders.items if key.type == kind), None)

    def _paint_notes_shapes(self, painter: QPainter, ctx: RenderContext, tree: etree._Element) -> None:
        def inherit(el: etree._Element) -> Inherited:
            key = placeholder_key(el)
            if key is None:
                return Inherited()
            master_shape = self.master.placeholders.match_layout(key)
            shapes = [master_shape] if master_shape is not None else []
            if not shapes and key.type == "body":
                shapes = [_default_body(self._scaled_default(DEFAULT_BODY))]
            parts = [self.master.part] if master_shape is not None else []
            return Inherited(key, shapes, self.master.notes_style, parts)

        shapes = ShapePainter(ctx, SheetStyles(inherit, self.slides.default_text_style))
        for el in tree:
            key = placeholder_key(el) if local(el) in ("sp", "pic", "graphicFrame") else None
            if key is not None and key.type == "sldImg":
                continue  # drawn as the slide itself
            shapes.paint_element(painter, el)


def _default_body(rect: QRectF) -> etree._Element:
    """A stand-in notes master body placeholder, for decks without a notes master."""
    p = "http://schemas.openxmlformats.org/presentationml/2006/main"
    a = "http://schemas.openxmlformats.org/drawingml/2006/main"
    sp = etree.Element(f"{{{p}}}sp", nsmap={"p": p, "a": a})
    nv = etree.SubElement(sp, f"{{{p}}}nvSpPr")
    etree.SubElement(nv, f"{{{p}}}cNvPr", id="1", name="Notes")
    etree.SubElement(nv, f"{{{p}}}cNvSpPr")
    etree.SubElement(etree.SubElement(nv, f"{{{p}}}nvPr"), f"{{{p}}}ph", type="body", idx="1")
    xfrm = etree.SubElement(etree.SubElement(sp, f"{{{p}}}spPr"), f"{{{a}}}xfrm")
    emu = [round(v * EMU_PER_PT) for v in (rect.x(), rect.y(), rect.width(), rect.height())]
    etree.SubElement(xfrm, f"{{{a}}}off", x=str(emu[0]), y=str(emu[1]))
    etree.SubElement(xfrm, f"{{{a}}}ext", cx=str(emu[2]), cy=str(emu[3]))
    return sp
