"""Walks a shape tree (p:spTree, dsp:spTree) and paints every shape with QPainter."""

from __future__ import annotations

import logging
import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from lxml import etree
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPainterPathStroker, QPolygonF, QTransform

from worker.deck.repair import has_unreadable_rels, is_stand_in, why_unreadable
from worker.deck.table_rows import iter_with_rows
from worker.deck.xml import A, R, attr_bool, child, local, parse, path, rel_id
from worker.render.bevel import Shape3D, draw_contour, paint_bevel, read_scene, read_shape_3d
from worker.render.blur_effect import paint_blurred, read_blur
from worker.render.camera import CameraView, camera_view
from worker.render.chart_user_shapes import anchored_shapes, user_shapes_part
from worker.render.context import RenderContext
from worker.render.drawn_glow import paint_drawn_glow
from worker.render.drawn_rasters import draw_raster
from worker.render.effects import Glow, OuterShadow, effect_list, read_glow, read_outer_shadow
from worker.render.fills import draw_placeholder, fill_invisible, fill_opaque, find_fill, paint_blip, paint_fill
from worker.render.geometry import BuiltGeometry, FillMode, geometry_for_sppr
from worker.render.images import is_metafile, picture_format
from worker.render.ink import InkError, paint_ink, read_ink
from worker.render.inner_shadow import draw_inner_shadow, read_inner_shadow
from worker.render.lines import Outline, make_outline, stroke_path
from worker.render.links import link_target
from worker.render.picture_passthrough import StandIns
from worker.render.picture_shadow import paint_drawn_shadow, paint_picture_shadow
from worker.render.placeholders import PlaceholderKey, body_pr, lst_style, placeholder_key, sp_pr
from worker.render.rasters import outline_scale, pixels_per_point, raster_of, visible_rect
from worker.render.reflection import Reflection, paint_reflection, read_reflection
from worker.render.soft_edges import paint_soft_edged, soft_edge_radius
from worker.render.text import TextStyleSources, has_text, paint_text_body
from worker.render.text.body import resolve_body
from worker.render.vml_preview import vml_preview

log = logging.getLogger(__name__)

EMU = 12700.0
MAX_DEPTH = 64  # paint_group calls inside one another (through mc:AlternateContent), not nested groups
MAX_COORD = 1e7  # points; anything beyond is nonsense that would overflow the PDF

_URI_TABLE = "http://schemas.openxmlformats.org/drawingml/2006/table"
_URI_CHART = "http://schemas.openxmlformats.org/drawingml/2006/chart"
_URI_DIAGRAM = "http://schemas.openxmlformats.org/drawingml/2006/diagram"
_URI_CHARTEX = "http://schemas.microsoft.com/office/drawing/2014/chartex"
# What a frame holds, by its graphicData's uri, as a warning names it.
_FRAME_KINDS = {
    _URI_TABLE: "a table",
    _URI_DIAGRAM: "a SmartArt diagram",
    _URI_CHART: "a chart",
    _URI_CHARTEX: "a chart",
}
# The chart packages are imported when a deck has a chart (a third of the renderer's import time,
# paid by every `slidepress convert` otherwise); pool children import them in their warm-up.


@dataclass
class Inherited:
    """The layout and master placeholders a slide shape inherits from (nearest first)."""

    key: PlaceholderKey | None = None
    shapes: list[etree._Element] = field(default_factory=list)
    text_style: etree._Element | None = None  # the master's title/body/other style
    # The part (layout, master) each of ``shapes`` belongs to: a picture fill there names its image
    # by that part's relationships. Missing entries: the drawn sheet's own part.
    parts: list[Any] = field(default_factory=list)


@dataclass
class _Chain:
    """A shape and the placeholders it inherits from (nearest first), with each one's spPr:
    fill, line, geometry, position and effects are each looked up along it."""

    shapes: list[etree._Element]
    props: list[etree._Element | None]
    parts: list[Any]  # each shape's part; None: the drawn sheet's


def _chain(el: etree._Element, inherited: Inherited) -> _Chain:
    shapes = [el, *inherited.shapes]
    parts = [None, *inherited.parts][: len(shapes)]
    parts += [None] * (len(shapes) - len(parts))
    return _Chain(shapes, [sp_pr(shape) for shape in shapes], parts)


@dataclass(frozen=True)
class _HandedEffects:
    """A shape's effects its text takes on: those of a shape that fills nothing (see _paint_geometry)."""

    shadow: OuterShadow | None = None
    glow: Glow | None = None
    reflection: Reflection | None = None


@dataclass
class SheetStyles:
    """Per-sheet lookups the walker needs: placeholder resolution and presentation defaults."""

    inherit: Callable[[etree._Element], Inherited]
    default_text_style: etree._Element | None
    # The slide background's fill, for shapes with useBgFill="1".
    background: tuple[etree._Element, QColor | None] | None = None


def _num(raw: str | None) -> float:
    if raw is None:
        return 0.0
    try:
        value = float(raw)
    except ValueError:
        return 0.0
    if not math.isfinite(value):
        return 0.0
    return max(-MAX_COORD * EMU, min(MAX_COORD * EMU, value))


@dataclass
class Xfrm:
    x: float = 0.0
    y: float = 0.0
    w: float = 0.0
    h: float = 0.0
    rot: float = 0.0
    flip_h: bool = False
    flip_v: bool = False
    ch_x: float = 0.0
    ch_y: float = 0.0
    ch_w: float = 0.0
    ch_h: float = 0.0


@dataclass(frozen=True)
class ChildSpace:
    """How a group's child coordinates (chOff/chExt) map into the group's own box, in points.

    PowerPoint places a grouped shape by mapping its box through its groups (offsets and scales,
    outermost last) and builds its geometry, lines and text at that final size: a group never
    stretches a rounded corner, an arrow's head or a font, only the boxes. A box turned nearer
    upright than level (45-135 degrees either way) takes the scales the other way round, so it
    still grows along the page direction the group stretches (MS-ODRAW stores such anchors turned a
    quarter; github.com/wafflebase/wafflebase pull 259 measured a 90-degree callout so)."""

    ch_x: float = 0.0
    ch_y: float = 0.0
    sx: float = 1.0
    sy: float = 1.0

    def place(self, xf: Xfrm) -> Xfrm:
        """``xf`` scaled about the child origin (chOff) as the group scales it; its turn and flips
        are its own. The painter carries the translation by -chOff (see paint_group)."""
        if self.sx == 1.0 and self.sy == 1.0:
            return xf
        cx = self.ch_x + (xf.x + xf.w / 2.0 - self.ch_x) * self.sx
        cy = self.ch_y + (xf.y + xf.h / 2.0 - self.ch_y) * self.sy
        sw, sh = (self.sy, self.sx) if 45.0 <= xf.rot % 180.0 < 135.0 else (self.sx, self.sy)
        w, h = xf.w * sw, xf.h * sh
        return replace(xf, x=cx - w / 2.0, y=cy - h / 2.0, w=w, h=h)


IDENTITY_SPACE = ChildSpace()


def read_xfrm(el: etree._Element | None) -> Xfrm | None:
    if el is None:
        return None
    off, ext = child(el, "off"), child(el, "ext")
    if off is None and ext is None:
        return None
    xf = Xfrm(
        x=_num(off.get("x") if off is not None else None) / EMU,
        y=_num(off.get("y") if off is not None else None) / EMU,
        w=abs(_num(ext.get("cx") if ext is not None else None)) / EMU,
        h=abs(_num(ext.get("cy") if ext is not None else None)) / EMU,
        rot=_num(el.get("rot")) / 60000.0,
        flip_h=attr_bool(el, "flipH", False),
        flip_v=attr_bool(el, "flipV", False),
    )
    ch_off, ch_ext = child(el, "chOff"), child(el, "chExt")
    if ch_off is not None and ch_ext is not None:
        xf.ch_x, xf.ch_y = _num(ch_off.get("x")) / EMU, _num(ch_off.get("y")) / EMU
        xf.ch_w, xf.ch_h = abs(_num(ch_ext.get("cx"))) / EMU, abs(_num(ch_ext.get("cy"))) / EMU
    return xf


def _text_xfrm(el: etree._Element | None, shape: Xfrm) -> Xfrm | None:
    """A SmartArt drawing's text box (dsp:txXfrm), upright unless its rotation says otherwise.

    Its rot counts from the shape's own: PowerPoint writes the shape's rotation negated to keep
    text upright in a turned shape (a 270-degree box with rot 90 reads level), and PowerPoint
    2007 wrote no rot at all for the same upright text. The box itself is given unturned."""
    xf = read_xfrm(el)
    if xf is None or el is None or el.get("rot") is None:
        return xf
    xf.rot = (xf.rot + shape.rot) % 360.0
    return xf


def _map_xfrm(target: QPainter | QTransform, xf: Xfrm, mirror: bool, camera: CameraView | None) -> None:
    """Map ``target`` (a painter, or a transform as a painter's would be) into the shape's local
    box (0,0)-(w,h): flips, the camera's view (worker.render.camera) and the rotation, about the
    centre. ``xf`` is already placed in its groups (ChildSpace.place): the map never stretches."""

    def view() -> None:
        assert camera is not None
        if isinstance(target, QPainter):
            target.setWorldTransform(camera.transform, True)
        else:
            m = camera.transform * target
            target.setMatrix(m.m11(), m.m12(), m.m13(), m.m21(), m.m22(), m.m23(), m.m31(), m.m32(), m.m33())

    target.translate(xf.x + xf.w / 2.0, xf.y + xf.h / 2.0)
    if camera is not None and camera.legacy:
        view()  # a legacy camera sees the shape as its rotation left it
    if xf.rot:
        target.rotate(xf.rot)
    if camera is not None and not camera.legacy:
        view()  # the shape turned in space, then rotated on the page
    if mirror and (xf.flip_h or xf.flip_v):
        target.scale(-1.0 if xf.flip_h else 1.0, -1.0 if xf.flip_v else 1.0)
    elif not mirror and xf.flip_v:
        # Text in a vertically flipped shape is turned upside down, never mirrored.
        target.rotate(180.0)
    target.translate(-xf.w / 2.0, -xf.h / 2.0)


def xfrm_transform(xf: Xfrm, mirror: bool = True, camera: CameraView | None = None) -> QTransform:
    """The map of the shape's local box into its parent (see _map_xfrm)."""
    t = QTransform()
    _map_xfrm(t, xf, mirror, camera)
    return t


def apply_xfrm(painter: QPainter, xf: Xfrm, mirror: bool = True, camera: CameraView | None = None) -> None:
    """Map the painter into the shape's local box (see _map_xfrm)."""
    _map_xfrm(painter, xf, mirror, camera)


@dataclass
class _OpenGroup:
    """A group paint_group has entered: its children still to paint and what to restore on leaving."""

    children: Iterator[etree._Element]
    fill: tuple[etree._Element, QColor | None] | None  # the fill its grpFill children take
    outer_space: ChildSpace
    outer_flips: tuple[bool, bool]


class ShapePainter:
    """Paints the shapes of one sheet; text goes through worker.render.text."""

    def __init__(
        self,
        ctx: RenderContext,
        styles: SheetStyles,
        skip_placeholders: bool = False,
        space: ChildSpace = IDENTITY_SPACE,
    ) -> None:
        self.ctx = ctx
        self.styles = styles
        self.skip_placeholders = skip_placeholders
        # The enclosing groups' child space: shapes are placed through it, never stretched by it.
        self.space = space

    # -- tree walking -----------------------------------------------------------------------------
    def paint_tree(
        self,
        painter: QPainter,
        tree: etree._Element | None,
        group_fill: tuple[etree._Element, QColor | None] | None = None,
    ) -> None:
        if tree is None:
            return
        for el in tree:
            self.paint_element(painter, el, group_fill)

    def paint_element(
        self, painter: QPainter, el: etree._Element, group_fill: tuple[etree._Element, QColor | None] | None = None
    ) -> None:
        kind = local(el)
        try:
            if kind == "AlternateContent":
                self.paint_alternate(painter, el, group_fill)
            elif kind in ("sp", "cxnSp"):
                self.paint_sp(painter, el, group_fill)
            elif kind == "pic":
                self.paint_pic(painter, el, group_fill)
            elif kind == "grpSp":
                self.paint_group(painter, el, group_fill)
            elif kind == "graphicFrame":
                self.paint_graphic_frame(painter, el)
            elif kind == "contentPart":
                self.paint_content_part(painter, el)
        except Exception as exc:  # one broken shape must not cost the whole slide
            self._shape_failed(kind, exc)

    def _shape_failed(self, kind: str, exc: Exception) -> None:
        if isinstance(exc, RecursionError):
            self.ctx.warn("A deeply nested group was cut short")
            return
        log.warning("could not draw a %s shape: %s", kind, exc)
        log.debug("shape drawing failure", exc_info=exc)
        self.ctx.warn(f"A {kind} shape could not be drawn")

    def paint_alternate(
        self, painter: QPainter, el: etree._Element, group_fill: tuple[etree._Element, QColor | None] | None
    ) -> None:
        """mc:AlternateContent: Office's own fallback drawing, which we can always reproduce.

        Text boxes holding equations fall back to a picture of themselves; their text is then also
        laid down invisibly from the richer choice so the PDF stays searchable, as the slide is.
        So do Office 2016 charts whose fallback is PowerPoint's own picture of them (exactly what
        the slide shows); one whose fallback is only a notice ("This chart isn't available...") is
        drawn from its data. Ink whose fallback picture holds no image (trimmed by other writers)
        is drawn from its InkML.
        """
        choice, fallback = child(el, "Choice"), child(el, "Fallback")
        if fallback is not None and not any(isinstance(sub.tag, str) for sub in fallback):
            fallback = None  # an empty fallback shows nothing: the choice is what Office shows
        chosen = fallback if fallback is not None else choice
        if (
            choice is not None
            and fallback is not None
            and child(choice, "contentPart") is not None
            and not any(rel_id(blip, "embed") or rel_id(blip, "link") for blip in iter_with_rows(fallback, "{*}blip"))
        ):
            chosen = choice
        chartex = choice is not None and self._drawable_chartex(choice)
        pictured = fallback is not None and [local(sub) for sub in fallback] == ["pic"]
        if chartex and not pictured:
            chosen = choice
        if chosen is None:
            return
        for sub in chosen:
            self.paint_element(painter, sub, group_fill)
        # (A table's cells may hold equations: its cut rows are searched too.)
        searchable = chartex or next(iter_with_rows(choice, "{*}m"), None) is not None if choice is not None else False
        if fallback is not None and choice is not None and chosen is fallback and searchable:
            # What the fallback shows is what is seen: what the unseen choice lacks is no warning.
            unseen = ShapePainter(replace(self.ctx, warnings=[]), self.styles, self.skip_placeholders, self.space)
            painter.save()
            painter.setOpacity(0.0)
            try:
                for sub in choice:
                    unseen.paint_element(painter, sub, group_fill)
            finally:
                painter.restore()

    def paint_content_part(self, painter: QPainter, el: etree._Element) -> None:
        """p:contentPart: ink (pen annotations) drawn from its InkML part in its p14:xfrm box."""
        if self._hidden(el):
            return
        own = read_xfrm(child(el, "xfrm"))
        if own is None:
            self.ctx.warn(f"Slide {self.ctx.slide_number}: an ink drawing with no position was left out")
            return
        xf = self.space.place(own)
        found = self.ctx.related_blob(rel_id(el, "id"))
        if found is None:
            self.ctx.warn("An ink drawing whose part is missing was left out")
            return
        try:
            ink = read_ink(found[0])
        except InkError as exc:
            log.warning("unreadable ink %s: %s", found[1], exc)
            self.ctx.warn("An ink drawing that could not be read was left out")
            return
        painter.save()
        try:
            apply_xfrm(painter, xf)
            paint_ink(painter, ink, xf.w, xf.h)
        finally:
            painter.restore()

    def _add_shape_link(self, painter: QPainter, el: etree._Element, xf: Xfrm) -> None:
        """A shape or picture with a click hyperlink (a button, a logo) becomes a link area over its
        box, as in PowerPoint's export; text links inside it are added later, so they win."""
        for nv in el:
            if local(nv).startswith("nv"):
                link = child(child(nv, "cNvPr"), "hlinkClick")
                target = link_target(self.ctx, link) if link is not None else None
                if target:
                    self.ctx.add_link(painter, QRectF(0.0, 0.0, xf.w, xf.h), target)
                return

    def _drawable_chartex(self, choice: etree._Element) -> bool:
        frames = [sub for sub in choice if local(sub) == "graphicFrame"]
        if len(frames) != 1 or len(choice) != 1:
            return False
        data = path(frames[0], "graphic", "graphicData")
        if data is None or data.get("uri") != _URI_CHARTEX:
            return False
        from worker.render.chartex import read_part

        ref = child(data, "chart")
        return read_part(self.ctx.related_part(rel_id(ref, "id") if ref is not None else None)) is not None

    def _hidden(self, el: etree._Element) -> bool:
        for nv in el:
            if local(nv).startswith("nv"):
                c_nv = child(nv, "cNvPr")
                return attr_bool(c_nv, "hidden", False)
        return False

    def paint_group(
        self,
        painter: QPainter,
        el: etree._Element,
        outer_fill: tuple[etree._Element, QColor | None] | None = None,
    ) -> None:
        """A group and every group inside it, walked with a stack of open groups instead of
        recursion: groups nest as deep as the XML reader holds (MAX_XML_DEPTH), past Python's
        recursion limit. Only a group inside mc:AlternateContent (or a drawing) recurses, and
        ctx.depth bounds that."""
        if self.ctx.depth >= MAX_DEPTH:
            self.ctx.warn("Groups nested too deeply were not drawn")
            return
        opened = self._open_group(painter, el, outer_fill)
        if opened is None:
            return
        stack = [opened]
        self.ctx.depth += 1
        try:
            while stack:
                sub = next(stack[-1].children, None)
                if sub is None:
                    self._close_group(painter, stack.pop())
                elif local(sub) == "grpSp":
                    try:
                        inner = self._open_group(painter, sub, stack[-1].fill)
                    except Exception as exc:  # as paint_element: one broken group costs only itself
                        self._shape_failed("grpSp", exc)
                        continue
                    if inner is not None:
                        stack.append(inner)
                elif local(sub) not in ("nvGrpSpPr", "grpSpPr"):
                    self.paint_element(painter, sub, stack[-1].fill)
        finally:
            self.ctx.depth -= 1
            while stack:
                self._close_group(painter, stack.pop())

    def _open_group(
        self, painter: QPainter, el: etree._Element, outer_fill: tuple[etree._Element, QColor | None] | None
    ) -> _OpenGroup | None:
        """Enter a group: the painter saved and mapped to its child space. None for a hidden group."""
        if self._hidden(el):
            return None
        props = child(el, "grpSpPr")
        own = read_xfrm(child(props, "xfrm"))
        xf = self.space.place(own) if own is not None else None
        fill = find_fill(props)
        group_fill: tuple[etree._Element, QColor | None] | None = (fill, None) if fill is not None else None
        if fill is not None and local(fill) == "grpFill":
            # A group whose own fill is its group's (ECMA-376 20.1.8.35) hands that one down.
            group_fill = outer_fill
        opened = _OpenGroup(iter(el), group_fill, self.space, self.ctx.group_flips)
        painter.save()
        try:
            if xf is not None:
                apply_xfrm(painter, xf)
                self.ctx.group_flips = self._flips(xf)
                self._add_shape_link(painter, el, xf)
                if xf.ch_w > 0 and xf.ch_h > 0:
                    self.space = ChildSpace(xf.ch_x, xf.ch_y, xf.w / xf.ch_w, xf.h / xf.ch_h)
                else:
                    self.space = IDENTITY_SPACE
                painter.translate(-xf.ch_x, -xf.ch_y)
        except BaseException:
            self._close_group(painter, opened)
            raise
        return opened

    def _close_group(self, painter: QPainter, opened: _OpenGroup) -> None:
        self.space, self.ctx.group_flips = opened.outer_space, opened.outer_flips
        painter.restore()

    def _flips(self, xf: Xfrm) -> tuple[bool, bool]:
        """A shape's flips as they act on the page: its own and its groups' together. A group's flip
        mirrors its shapes as their own flip would (the turns it reverses are the painter's), so a
        fill that must not turn with its shape is told the mirror from a half turn by these."""
        outer_h, outer_v = self.ctx.group_flips
        return xf.flip_h != outer_h, xf.flip_v != outer_v

    def _page_turn(self, painter: QPainter, xf: Xfrm) -> float:
        """Degrees (clockwise) the shape whose space the painter is in stands turned on the page, its
        own rotation and its groups' together, flips aside: the painter's map is that turn times
        the flips (a horizontal flip is told from a vertical one with a half turn by _flips)."""
        m = painter.worldTransform()
        inverse, invertible = self.ctx.page.page_transform.inverted()
        if invertible:
            m = m * inverse
        sign = -1.0 if self._flips(xf)[0] else 1.0
        return math.degrees(math.atan2(sign * m.m12(), sign * m.m11()))

    # -- shapes -----------------------------------------------------------------------------------
    def _inherited(self, el: etree._Element, key: PlaceholderKey | None) -> Inherited:
        """What ``el`` inherits; ``key`` is its placeholder_key."""
        if key is None:
            return Inherited()
        return self.styles.inherit(el)

    def _own_xfrm(self, chain: _Chain) -> Xfrm | None:
        """The shape's xfrm as written, in its group's child coordinates."""
        for shape, props in zip(chain.shapes, chain.props, strict=True):
            xf = read_xfrm(child(props, "xfrm"))
            if xf is None and local(shape) == "graphicFrame":
                xf = read_xfrm(child(shape, "xfrm"))
            if xf is not None:
                return xf
        return None

    def _xfrm(self, chain: _Chain) -> Xfrm | None:
        """The shape's box placed in its groups (see ChildSpace)."""
        own = self._own_xfrm(chain)
        return self.space.place(own) if own is not None else None

    def _style(self, chain: _Chain) -> etree._Element | None:
        for shape in chain.shapes:
            style = child(shape, "style")
            if style is not None:
                return style
        return None

    def _fill(self, chain: _Chain, style: etree._Element | None) -> tuple[etree._Element | None, QColor | None, Any]:
        """The fill, its placeholder colour, and the part its relationships are read from (None:
        the drawn sheet's)."""
        if attr_bool(chain.shapes[0], "useBgFill", False) and self.styles.background is not None:
            return (*self.styles.background, None)
        # Nearest sheet first; on each, explicit spPr beats its style's fillRef. A slide shape's own
        # style therefore beats a fill the layout placeholder sets.
        for shape, props, part in zip(chain.shapes, chain.props, chain.parts, strict=True):
            fill = find_fill(props)
            if fill is not None:
                return fill, None, part
            fill_ref = child(child(shape, "style"), "fillRef")
            if fill_ref is not None:
                idx = int(_num(fill_ref.get("idx")))
                # A theme fill style's picture is the theme part's relationship.
                return self.ctx.theme.fill_style(idx), self.ctx.color(fill_ref), self.ctx.theme_part
        return None, None, None

    def _outline_layers(self, chain: _Chain) -> tuple[list[etree._Element], QColor | None]:
        # Nearest sheet first, as for fills: on each, its spPr's a:ln, then its own style's lnRef. A
        # slide shape's own style therefore beats the line its master placeholder sets (a title
        # restyled with a theme line over a master's <a:ln><a:noFill/>).
        layers: list[etree._Element] = []
        ph_color = None
        styled = False  # only the nearest p:style counts, as for the shape's other style references
        for shape, props in zip(chain.shapes, chain.props, strict=True):
            ln = child(props, "ln")
            if ln is not None:
                layers.append(ln)
            own_style = None if styled else child(shape, "style")
            styled = styled or own_style is not None
            ln_ref = child(own_style, "lnRef")
            if ln_ref is not None:
                theme_ln = self.ctx.theme.line_style(int(_num(ln_ref.get("idx"))))
                if theme_ln is not None:
                    layers.append(theme_ln)
                ph_color = self.ctx.color(ln_ref)
        return layers, ph_color

    def paint_sp(
        self, painter: QPainter, el: etree._Element, group_fill: tuple[etree._Element, QColor | None] | None
    ) -> None:
        if self._hidden(el):
            return
        key = placeholder_key(el)
        if key is not None and self.skip_placeholders:
            return
        inherited = self._inherited(el, key)
        chain = _chain(el, inherited)
        xf = self._xfrm(chain)
        if xf is None:
            # No sheet gives the shape a box: nothing of it can be drawn, and only its text would
            # have been visible (a shape without a size shows no fill or outline).
            tx_body = child(el, "txBody")
            if tx_body is not None and has_text(tx_body):
                self.ctx.warn(
                    f"Slide {self.ctx.slide_number}: text in a shape with no position "
                    "(on the slide, its layout or master) was left out"
                )
            return
        style = self._style(chain)
        geometry = self._geometry(chain, xf)
        view = camera_view(read_scene(self.ctx, chain.props, style), xf.w, xf.h)
        tx_body = child(el, "txBody")
        # bodyPr's flatTx (Keep Text Flat) keeps the text facing the viewer however the shape turns.
        kept_flat = child(body_pr(el), "flatTx") is not None
        text_view = None if kept_flat else view
        if view is not None and view.edge_on:
            # The shape's plane seen edge on shows nothing; text kept flat still faces the viewer.
            if kept_flat and tx_body is not None:
                self._paint_text(painter, el, tx_body, inherited, style, xf, geometry)
            return

        def draw(target: ShapePainter, p: QPainter, with_text: bool) -> None:
            p.save()
            try:
                apply_xfrm(p, xf, camera=view)
                handed = target._paint_geometry(p, chain, style, geometry, xf, group_fill)
            finally:
                p.restore()
            if with_text and tx_body is not None:
                target._paint_text(p, el, tx_body, inherited, style, xf, geometry, handed, text_view)

        if view is not None and not view.affine:
            self._paint_in_perspective(painter, xf, view, geometry, draw, lossless=True)
        else:
            draw(self, painter, True)
        painter.save()
        try:
            apply_xfrm(painter, xf)
            self._add_shape_link(painter, el, xf)
        finally:
            painter.restore()
        if view is not None and not view.affine and tx_body is not None:
            self._paint_flat_text(painter, el, tx_body, inherited, style, xf, geometry, view, text_view)

    def _paint_in_perspective(
        self,
        painter: QPainter,
        xf: Xfrm,
        view: CameraView,
        geometry: BuiltGeometry,
        draw: Callable[[ShapePainter, QPainter, bool], None],
        lossless: bool,
    ) -> None:
        """A shape seen in perspective: what ``draw`` paints (the shape with its text, through the
        camera) as a raster placed on the page. Qt's PDF engine writes paths under a projective map
        as coarse stencil masks and text as no text at all; its raster engine draws both exactly."""
        grow = min(max(xf.w, xf.h) * 0.25, 72.0)  # room for the outline, shadows and glows
        grown = QRectF(-grow, -grow, xf.w + 2.0 * grow, xf.h + 2.0 * grow)
        corners = QPolygonF([grown.topLeft(), grown.topRight(), grown.bottomRight(), grown.bottomLeft()])
        to_parent = xfrm_transform(xf, camera=view)
        area = to_parent.map(corners).boundingRect().intersected(visible_rect(painter))
        if area.width() <= 0 or area.height() <= 0:
            return
        outline = QPainterPath()
        for shape_path in geometry.paths:
            outline.addPath(shape_path.path)
        # A fuzzed outline crossing itself thousands of times costs by its length in pixels (29 s).
        scale = outline_scale(pixels_per_point(painter, area), to_parent.map(outline), area)
        # Text inside the raster is no place for links: the flat copy on the page carries them.
        unlinked = ShapePainter(
            replace(self.ctx, page=replace(self.ctx.page, links=[])), self.styles, self.skip_placeholders, self.space
        )
        image = raster_of(
            area,
            max(1, math.ceil(area.width() * scale)),
            max(1, math.ceil(area.height() * scale)),
            lambda p: draw(unlinked, p, True),
        )
        if image is None:
            return
        painter.save()
        try:
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
            draw_raster(painter, area, image, self.ctx.page.stand_ins, lossless=lossless)
        finally:
            painter.restore()

    def _paint_flat_text(
        self,
        painter: QPainter,
        el: etree._Element,
        tx_body: etree._Element,
        inherited: Inherited,
        style: etree._Element | None,
        xf: Xfrm,
        geometry: BuiltGeometry,
        view: CameraView,
        text_view: CameraView | None,
    ) -> None:
        """The text of a shape seen in perspective, on the page: drawn as ever when it is kept flat;
        else invisible, turned by the view's nearest affine map, for search and copy (and links)."""
        if text_view is None:
            self._paint_text(painter, el, tx_body, inherited, style, xf, geometry)
            return
        flat = CameraView(view.flat_equivalent(), affine=True, legacy=view.legacy)
        unseen = ShapePainter(replace(self.ctx, warnings=[]), self.styles, self.skip_placeholders, self.space)
        painter.save()
        painter.setOpacity(0.0)
        try:
            unseen._paint_text(painter, el, tx_body, inherited, style, xf, geometry, None, flat)
        finally:
            painter.restore()

    def _geometry(self, chain: _Chain, xf: Xfrm) -> BuiltGeometry:
        """The geometry the chain's nearest spPr states; none stated: a rectangle (as LibreOffice
        reads it; what PowerPoint does with a shape without geometry is not documented)."""
        for props in chain.props:
            if props is not None and (child(props, "prstGeom") is not None or child(props, "custGeom") is not None):
                return geometry_for_sppr(props, xf.w, xf.h, cache=self.ctx.geometries)
        return geometry_for_sppr(None, xf.w, xf.h, cache=self.ctx.geometries)

    def _paint_geometry(
        self,
        painter: QPainter,
        chain: _Chain,
        style: etree._Element | None,
        geometry: BuiltGeometry,
        xf: Xfrm,
        group_fill: tuple[etree._Element, QColor | None] | None,
    ) -> _HandedEffects:
        """Paint the shape's fill, outline and effects; returns those its text takes on instead (a
        shape without a fill: see below)."""
        fill, fill_ph, fill_part = self._fill(chain, style)
        # A layout or master placeholder's picture fill is that sheet's image; colours stay the slide's.
        fill_ctx = self.ctx if fill_part is None else self.ctx.with_part(fill_part)
        layers, line_ph = self._outline_layers(chain)
        box = QRectF(0.0, 0.0, xf.w, xf.h)
        outline = make_outline(self.ctx, layers, line_ph, box)
        effects, effects_ph = self._effect_list(chain, style)
        filled = _filled_area(geometry)
        # An inner shadow shades the fill inside the shape's edges, under its outline (an unfilled
        # shape has no fill to shade).
        inner = None
        if effects is not None and geometry.paths and _cast_fill(self.ctx, fill, fill_ph, group_fill) is not None:
            inner = read_inner_shadow(effects, lambda el: self.ctx.color(el, effects_ph))

        shape3d = read_shape_3d(self.ctx, chain.props, style) if geometry.paths else None
        # The bevel shades the fill (an unfilled shape's rim shows nothing).
        bevelled = shape3d is not None and shape3d.bevel is not None and fill is not None
        bevelled = bevelled and _cast_fill(self.ctx, fill, fill_ph, group_fill) is not None

        def draw(target: QPainter) -> None:
            if shape3d is not None:
                draw_contour(target, shape3d, filled, _outline_width(outline))
            for shape_path in geometry.paths:
                if shape_path.fill is not FillMode.NONE and fill is not None:
                    paint_fill(target, fill_ctx, fill, shape_path.path, box, fill_ph, group_fill, flips=self._flips(xf))
                    _shade(target, shape_path.path, shape_path.fill)
            if bevelled and shape3d is not None:
                self._paint_bevel(target, shape3d, filled)
            if inner is not None:
                draw_inner_shadow(target, inner, filled)
            if outline is not None:
                for shape_path in geometry.paths:
                    if shape_path.stroke:
                        stroke_path(target, outline, shape_path.path)

        handed = _HandedEffects()
        if effects is not None:
            cast_fill = _cast_fill(self.ctx, fill, fill_ph, group_fill) if geometry.paths else None
            if cast_fill is None:
                # With nothing filled, the shape's text casts its shadow, glows and is reflected
                # (besides any outline): PowerPoint applies a shape effect of an unfilled text box
                # to the text, as Text Effects would.
                def color_of(el: etree._Element) -> QColor | None:
                    return self.ctx.color(el, effects_ph)

                text_shadow = read_outer_shadow(effects, color_of)
                if text_shadow is not None:
                    text_shadow = text_shadow.turned_with(self._page_turn(painter, xf))
                handed = _HandedEffects(text_shadow, read_glow(effects, color_of), read_reflection(effects))
            caster, grow = _shadow_caster(filled if cast_fill is not None else None, outline, geometry)
            if not caster.isEmpty():
                # The shadow is that of what is drawn: see-through fills and outlines cast lighter shadows.
                opaque: bool | None = _opaque_outline(outline)
                if opaque and cast_fill is not None:
                    opaque = fill_opaque(fill_ctx, *cast_fill)
                reach = 0.0 if outline is None or outline.pen.isCosmetic() else 3.0 * outline.pen.widthF()
                paint_drawn_shadow(
                    painter,
                    self.ctx,
                    effects,
                    effects_ph,
                    caster,
                    draw,
                    opaque=opaque,
                    grow=grow,
                    reach=reach,
                    turn=self._page_turn(painter, xf),
                )
                paint_drawn_glow(
                    painter, self.ctx, effects, effects_ph, caster, draw, opaque=opaque, grow=grow, reach=reach
                )

        lossless = fill is None or local(fill) != "blipFill"
        _draw_feathered(painter, effects, filled, draw, lossless=lossless, stand_ins=self.ctx.page.stand_ins)
        return handed

    def _paint_bevel(self, painter: QPainter, shape3d: Shape3D, area: QPainterPath) -> None:
        paint_bevel(painter, shape3d, area, self.ctx.page.page_transform, self.ctx.page.stand_ins)

    def _effect_list(self, chain: _Chain, style: etree._Element | None) -> tuple[etree._Element | None, QColor | None]:
        return effect_list(self.ctx, chain.props, style)

    def _paint_text(
        self,
        painter: QPainter,
        el: etree._Element,
        tx_body: etree._Element,
        inherited: Inherited,
        style: etree._Element | None,
        xf: Xfrm,
        geometry: BuiltGeometry,
        handed: _HandedEffects | None = None,
        camera: CameraView | None = None,
    ) -> None:
        if not has_text(tx_body):
            return
        list_styles = [s for s in [lst_style(el), *(lst_style(sh) for sh in inherited.shapes)] if s is not None]
        if inherited.text_style is not None:
            list_styles.append(inherited.text_style)
        # Text boxes (not placeholders) take the presentation's default text style, as in PowerPoint.
        if self.styles.default_text_style is not None:
            list_styles.append(self.styles.default_text_style)
        body_props = [b for b in [body_pr(el), *(body_pr(sh) for sh in inherited.shapes)] if b is not None]
        sources = TextStyleSources(
            list_styles=list_styles,
            body_props=body_props,
            font_ref=child(style, "fontRef"),
            cast_shadow=handed.shadow if handed is not None else None,
            cast_glow=handed.glow if handed is not None else None,
            cast_reflection=handed.reflection if handed is not None else None,
        )
        text_xf = _text_xfrm(child(el, "txXfrm"), xf)  # SmartArt drawings keep a separate text box
        if text_xf is not None:
            text_xf = self.space.place(text_xf)
        painter.save()
        try:
            if text_xf is not None:
                if camera is not None:
                    # A separate text box turns with its shape, about the shape's centre.
                    centre = QRectF(xf.x, xf.y, xf.w, xf.h).center()
                    painter.translate(centre)
                    painter.setWorldTransform(camera.transform, True)
                    painter.translate(-centre)
                apply_xfrm(painter, text_xf, mirror=False)
                box = QRectF(0.0, 0.0, text_xf.w, text_xf.h)
            else:
                apply_xfrm(painter, xf, mirror=False, camera=camera)
                box = QRectF(geometry.text_rect)
                # The text box is part of the geometry and flips with it; a vertical flip's half turn
                # (apply_xfrm) already carries it to the mirrored side, so it moves back then.
                if xf.flip_h != xf.flip_v:
                    box.moveLeft(xf.w - box.right())
            self._unmirror_text(painter, box)
            props = resolve_body(body_props, tx_body)
            if props.upright:
                box = self._upright_text_box(painter, box)
            paint_text_body(painter, self.ctx, tx_body, box, sources, props)
        finally:
            painter.restore()

    def _upright_text_box(self, painter: QPainter, box: QRectF) -> QRectF:
        """bodyPr upright: the text stays level however the shape (and its groups) turn (ECMA-376
        21.1.2.1.1). PowerPoint then lays it out in the box as it stands on the page: a shape
        turned nearer a quarter than level gives its text box's height as the line width."""
        m = painter.worldTransform()
        inverse, invertible = self.ctx.page.page_transform.inverted()
        if invertible:
            m = m * inverse
        angle = math.degrees(math.atan2(m.m12(), m.m11()))
        if abs(angle) < 1e-6:
            return box
        centre = box.center()
        painter.translate(centre)
        painter.rotate(-angle)
        painter.translate(-centre)
        if 45.0 <= angle % 180.0 < 135.0:
            box = QRectF(centre.x() - box.height() / 2, centre.y() - box.width() / 2, box.height(), box.width())
        return box

    def _unmirror_text(self, painter: QPainter, box: QRectF) -> None:
        """Text is never drawn mirrored: in a flipped group the box keeps its mirrored place but its
        text reads forwards (a vertical group flip leaves it upside down, as a shape's own flipV does)."""
        base = self.ctx.page.page_transform.determinant()
        if painter.worldTransform().determinant() * base >= 0:
            return
        centre = box.center().x()
        painter.translate(centre, 0.0)
        painter.scale(-1.0, 1.0)
        painter.translate(-centre, 0.0)

    # -- pictures ---------------------------------------------------------------------------------
    def paint_pic(
        self, painter: QPainter, el: etree._Element, group_fill: tuple[etree._Element, QColor | None] | None
    ) -> None:
        if self._hidden(el):
            return
        key = placeholder_key(el)
        if key is not None and self.skip_placeholders:
            return
        chain = _chain(el, self._inherited(el, key))
        xf = self._xfrm(chain)
        if xf is None:
            where = "(on the slide, its layout or master)"
            self.ctx.warn(f"Slide {self.ctx.slide_number}: a picture with no position {where} was left out")
            return
        if xf.w <= 0 or xf.h <= 0:
            return  # nothing of it would be seen
        geometry = self._geometry(chain, xf)
        style = self._style(chain)
        view = camera_view(read_scene(self.ctx, chain.props, style), xf.w, xf.h)
        if view is not None and view.edge_on:
            return  # the picture's plane seen edge on shows nothing
        painter.save()
        try:
            apply_xfrm(painter, xf)
            self._add_shape_link(painter, el, xf)
        finally:
            painter.restore()
        box = QRectF(0.0, 0.0, xf.w, xf.h)
        shape = _filled_area(geometry)
        effects, effects_ph = self._effect_list(chain, style)
        blip_fill = child(el, "blipFill")
        layers, line_ph = self._outline_layers(chain)
        outline = make_outline(self.ctx, layers, line_ph, box)
        # A picture's own fill shows through its transparent pixels (Format Picture > Fill).
        fill, fill_ph, fill_part = self._fill(chain, style)
        fill_ctx = self.ctx if fill_part is None else self.ctx.with_part(fill_part)
        # Picture styles bevel the picture (Bevel Rectangle, Soft Edge Oval...).
        shape3d = read_shape_3d(self.ctx, chain.props, style)

        def draw(target: QPainter) -> None:
            if shape3d is not None:
                draw_contour(target, shape3d, shape, _outline_width(outline))
            if fill is not None and local(fill) != "noFill":
                for shape_path in geometry.paths:
                    if shape_path.fill is not FillMode.NONE:
                        paint_fill(
                            target,
                            fill_ctx,
                            fill,
                            shape_path.path,
                            box,
                            fill_ph,
                            group_fill,
                            flips=self._flips(xf),
                        )
            drawn = blip_fill is not None and paint_blip(target, self.ctx, blip_fill, shape, box)
            self._mark_undrawn_picture(target, blip_fill, drawn, box, _named("picture", el))
            if drawn and shape3d is not None:
                self._paint_bevel(target, shape3d, shape)
            if outline is not None:
                for shape_path in geometry.paths:
                    if shape_path.stroke:
                        stroke_path(target, outline, shape_path.path)

        def paint(p: QPainter) -> None:
            p.save()
            try:
                apply_xfrm(p, xf, camera=view)
                if effects is not None:
                    # A picture's shadow follows its visible pixels (a cut-out PNG casts its own shape).
                    paint_picture_shadow(p, self.ctx, effects, effects_ph, shape, draw, self._page_turn(p, xf))
                    paint_drawn_glow(p, self.ctx, effects, effects_ph, shape, draw)
                _draw_feathered(p, effects, shape, draw, lossless=False, stand_ins=self.ctx.page.stand_ins)
            finally:
                p.restore()

        if view is not None and not view.affine:
            self._paint_in_perspective(painter, xf, view, geometry, lambda _target, p, _text: paint(p), lossless=False)
        else:
            paint(painter)

    # -- graphic frames: tables, charts, SmartArt, OLE -------------------------------------------
    def paint_graphic_frame(self, painter: QPainter, el: etree._Element) -> None:
        if self._hidden(el):
            return
        key = placeholder_key(el)
        if key is not None and self.skip_placeholders:
            return
        own = self._own_xfrm(_chain(el, self._inherited(el, key)))
        xf = self.space.place(own) if own is not None else None
        data = path(el, "graphic", "graphicData")
        if own is None or xf is None:
            # As a text shape without one: nothing gives the frame a box, so it cannot be drawn.
            what = _FRAME_KINDS.get(data.get("uri", "") if data is not None else "", "an embedded object")
            where = "(on the slide, its layout or master)"
            self.ctx.warn(f"Slide {self.ctx.slide_number}: {what} with no position {where} was left out")
            return
        if data is None:
            # Its a:graphic (what the frame holds: a table, chart, diagram or object) is gone;
            # PowerPoint repairs the deck by dropping the frame. Its place is marked instead.
            self._missing_content(painter, xf, _named("object", el), "Missing content")
            return
        # How much the groups stretch what the frame holds (a table's grid, a SmartArt drawing),
        # each laid out in its own units: the frame's placed size over its written one.
        stretch = (xf.w / own.w if own.w > 0 else 1.0, xf.h / own.h if own.h > 0 else 1.0)
        uri = data.get("uri", "")
        if uri == _URI_TABLE:
            from worker.render.tables import paint_table

            tbl = child(data, "tbl")
            if tbl is None:
                self._missing_content(painter, xf, _named("table", el), "Table")
                return
            painter.save()
            try:
                apply_xfrm(painter, xf)
                # A group's child space stretches the grid, never the text, insets or lines: the
                # table is laid out in real points, as shape text is.
                drawn = paint_table(painter, self.ctx, tbl, xf.w, xf.h, self.styles.default_text_style, stretch)
            finally:
                painter.restore()
            if not drawn:
                self._missing_content(painter, xf, _named("table", el), "Table", "the column grid")
        elif uri == _URI_DIAGRAM:
            self._paint_diagram(painter, data, xf, stretch)
        elif uri == _URI_CHART:
            self._paint_chart(painter, data, xf)
        elif uri == _URI_CHARTEX:
            self._paint_chartex(painter, data, xf, _named("chart", el))
        else:
            # OLE objects and others carry a picture of themselves (p:oleObj/p:pic or a fallback).
            drawn = False
            for pic in data.iter("{*}pic"):
                painter.save()
                try:
                    own = read_xfrm(path(pic, "spPr", "xfrm"))
                    if own is None or own.w <= 0:
                        apply_xfrm(painter, xf)
                        self._paint_pic_in_box(painter, pic, xf.w, xf.h, _named("embedded object", el))
                    else:
                        self.paint_pic(painter, pic, None)
                finally:
                    painter.restore()
                drawn = True
                break
            if not drawn:
                drawn = self._paint_vml_preview(painter, data, xf)
            if not drawn:
                painter.save()
                apply_xfrm(painter, xf)
                draw_placeholder(painter, QRectF(0, 0, xf.w, xf.h), "Embedded object")
                painter.restore()
                self.ctx.warn("An embedded object without a preview picture was drawn as a placeholder")

    def _missing_content(self, painter: QPainter, xf: Xfrm, named: str, label: str, what: str = "the content") -> None:
        """A placeholder in the box of a shape whose content the deck lacks, and the job told."""
        painter.save()
        try:
            apply_xfrm(painter, xf)
            draw_placeholder(painter, QRectF(0, 0, xf.w, xf.h), label)
        finally:
            painter.restore()
        self.ctx.warn(f"Slide {self.ctx.slide_number}: {what} of {named} is missing; drawn as a placeholder")

    def _paint_vml_preview(self, painter: QPainter, data: etree._Element, xf: Xfrm) -> bool:
        """An OLE object's picture from the sheet's legacy VML drawing (see vml_preview)."""
        ole = next((el for el in data.iter("{*}oleObj") if local(el) == "oleObj"), None)
        found = vml_preview(self.ctx.part, ole.get("spid", "")) if ole is not None else None
        if found is None:
            return False
        vml_part, r_id = found
        blip_fill = etree.Element(f"{{{A}}}blipFill")
        etree.SubElement(blip_fill, f"{{{A}}}blip", {f"{{{R}}}embed": r_id})
        etree.SubElement(etree.SubElement(blip_fill, f"{{{A}}}stretch"), f"{{{A}}}fillRect")
        box = QRectF(0, 0, xf.w, xf.h)
        shape = QPainterPath()
        shape.addRect(box)
        painter.save()
        try:
            apply_xfrm(painter, xf)
            return paint_blip(painter, self.ctx.with_part(vml_part), blip_fill, shape, box)
        finally:
            painter.restore()

    def _unreadable_picture(self, embed: str) -> str | None:
        """Why the picture ``embed`` names cannot be drawn ('whose ...'), or None when it can
        (metafiles draw their own stand-in; a picture cropped to nothing is simply not seen)."""
        found = self.ctx.related_blob(embed)
        if found is None:
            return "whose image part is missing"
        blob, partname = found
        if is_metafile(blob) or self.ctx.images.get(partname, blob) is not None:
            return None
        kind = picture_format(blob)
        name = partname.rsplit("/", 1)[-1]
        # Named: a deck's pictures that fail are told apart (the job says each once).
        return f"that could not be decoded ({name}{f', {kind}, a format not read here' if kind else ''})"

    def _paint_pic_in_box(self, painter: QPainter, pic: etree._Element, w: float, h: float, named: str) -> None:
        """An embedded object's preview picture (one with no box of its own) in the object's box."""
        blip_fill = child(pic, "blipFill")
        box = QRectF(0, 0, w, h)
        shape = QPainterPath()
        shape.addRect(box)
        drawn = blip_fill is not None and paint_blip(painter, self.ctx, blip_fill, shape, box)
        self._mark_undrawn_picture(painter, blip_fill, drawn, box, named, "Embedded object")

    def _mark_undrawn_picture(
        self,
        painter: QPainter,
        blip_fill: etree._Element | None,
        drawn: bool,
        box: QRectF,
        named: str,
        label: str = "Picture",
    ) -> None:
        """A placeholder over ``box`` and the job told when a picture's image could not be drawn."""
        blip = child(blip_fill, "blip")
        embed = rel_id(blip, "embed") if blip is not None else None
        if blip is None:
            # Its blipFill (or the a:blip in it) is gone: no image is named at all.
            draw_placeholder(painter, box, label)
            self.ctx.warn(f"Slide {self.ctx.slide_number}: the image of {named} is missing; drawn as a placeholder")
        elif not drawn and embed is None and rel_id(blip, "link"):
            draw_placeholder(painter, box, "Linked picture" if label == "Picture" else label)
            self.ctx.warn("A linked picture (not stored in the deck) was drawn as a placeholder")
        elif not drawn and embed is not None:
            # A part the package lacks, or bytes no decoder reads: PowerPoint marks the
            # spot ("the picture can't be displayed") rather than leaving it blank.
            problem = self._unreadable_picture(embed)
            if problem is not None:
                draw_placeholder(painter, box, label)
                if not has_unreadable_rels(self.ctx.part):  # the sheet's own warning says so
                    self.ctx.warn(f"A picture {problem} was drawn as a placeholder")

    def _paint_chart(self, painter: QPainter, data: etree._Element, xf: Xfrm) -> None:
        from worker.render.charts import paint_chart

        chart_ref = child(data, "chart")
        part = self.ctx.related_part(rel_id(chart_ref, "id") if chart_ref is not None else None)
        painter.save()
        try:
            apply_xfrm(painter, xf)
            if part is not None and paint_chart(painter, self.ctx.with_overridden_part(part), part, xf.w, xf.h):
                self._paint_chart_user_shapes(painter, part, xf)
                return
            draw_placeholder(painter, QRectF(0, 0, xf.w, xf.h), "Chart")
            root = getattr(part, "_element", None)
            if part is not None and is_stand_in(root):
                # Its part was unreadable (worker/deck/repair.py): say which slide lost it.
                why = why_unreadable(root)
                self.ctx.warn(f"Slide {self.ctx.slide_number}: a chart is unreadable ({why}); drawn as a placeholder")
            else:
                self.ctx.warn("A chart was drawn as a placeholder")
        finally:
            painter.restore()

    def _paint_chart_user_shapes(self, painter: QPainter, chart_part: Any, xf: Xfrm) -> None:
        """The chart's annotations (c:userShapes) over it, the painter at the chart's top-left."""
        drawing_part = user_shapes_part(self.ctx.with_part(chart_part), chart_part)
        if drawing_part is None:
            return
        sub = ShapePainter(
            self.ctx.with_part(drawing_part), SheetStyles(lambda _el: Inherited(), self.styles.default_text_style)
        )
        for shape in anchored_shapes(drawing_part, xf.w, xf.h):
            sub.paint_element(painter, shape)

    def _paint_chartex(self, painter: QPainter, data: etree._Element, xf: Xfrm, named: str) -> None:
        from worker.render.chartex import paint_chartex, read_part

        ref = child(data, "chart")
        part = self.ctx.related_part(rel_id(ref, "id") if ref is not None else None)
        chart = read_part(part)
        painter.save()
        try:
            apply_xfrm(painter, xf)
            ctx = self.ctx.with_overridden_part(part)
            if chart is not None and paint_chartex(painter, ctx, part, chart, xf.w, xf.h):
                missing = chart.series_without_data()
                if missing:  # a series naming no cx:data block: drawn without its values
                    self.ctx.warn(
                        f"Slide {self.ctx.slide_number}: in {named}, the data of {', '.join(missing)} is missing"
                        " from the chart part; drawn without it"
                    )
                return
            draw_placeholder(painter, QRectF(0, 0, xf.w, xf.h), "Chart")
            self.ctx.warn("An Office 2016 chart was drawn as a placeholder")
        finally:
            painter.restore()

    def _paint_diagram(self, painter: QPainter, data: etree._Element, xf: Xfrm, stretch: tuple[float, float]) -> None:
        drawing = self._diagram_drawing(data)
        ctx = self.ctx
        # A stored drawing is in the frame's written units; one laid out here is at its placed size.
        space = ChildSpace(sx=stretch[0], sy=stretch[1])
        if drawing is None:
            # No stored drawing (PowerPoint 2007, other writers): lay it out from its data model.
            from worker.render.smartart import drawing_from_model

            laid_out = drawing_from_model(self.ctx, data, xf.w, xf.h, self.styles.default_text_style)
            drawing = (self.ctx.part, laid_out) if laid_out is not None else None
            space = IDENTITY_SPACE
            # Our boxes are not PowerPoint's: text that overflows them is shrunk whoever wrote the deck.
            ctx = replace(ctx, autofit_stored=False)
        if drawing is None:
            painter.save()
            apply_xfrm(painter, xf)
            draw_placeholder(painter, QRectF(0, 0, xf.w, xf.h), "SmartArt")
            painter.restore()
            self.ctx.warn("A SmartArt graphic whose data is missing or unreadable was drawn as a placeholder")
            return
        part, root = drawing
        sub = ShapePainter(
            ctx.with_part(part), SheetStyles(lambda _el: Inherited(), self.styles.default_text_style), space=space
        )
        painter.save()
        try:
            # Drawing shapes are positioned relative to the graphic frame.
            painter.translate(xf.x, xf.y)
            tree = child(root, "spTree")
            if tree is not None:
                for el in tree:
                    if local(el) not in ("nvGrpSpPr", "grpSpPr"):
                        sub.paint_element(painter, el)
        finally:
            painter.restore()

    def _diagram_drawing(self, data: etree._Element) -> tuple[object, etree._Element] | None:
        rel_ids = child(data, "relIds")
        if rel_ids is None:
            return None
        data_part = self.ctx.related_part(rel_id(rel_ids, "dm"))
        if data_part is None:
            return None
        try:
            model = parse(bytes(data_part.blob))
        except etree.XMLSyntaxError:
            return None
        for ext in model.iter("{*}dataModelExt"):
            drawing_part = self.ctx.related_part(ext.get("relId"))
            if drawing_part is not None:
                try:
                    drawing = parse(bytes(drawing_part.blob))
                except etree.XMLSyntaxError:
                    return None
                # Some writers store an empty drawing: PowerPoint lays such diagrams out afresh.
                # Only shapes count: an extLst (or a stray property element) is not a drawing.
                tree = child(drawing, "spTree")
                shapes = [el for el in tree if local(el) in _DRAWN_KINDS] if tree is not None else []
                return (drawing_part, drawing) if shapes else None
        return None


# What a shape tree draws (ShapePainter.paint_element), mc:AlternateContent holding one of them.
_DRAWN_KINDS = frozenset(("sp", "cxnSp", "pic", "grpSp", "graphicFrame", "contentPart", "AlternateContent"))


def _named(kind: str, el: etree._Element) -> str:
    """'chart "Chart 4"': the shape as a warning names it, by its name in PowerPoint's Selection
    Pane; 'a chart' when it has none."""
    for nv in el:
        if local(nv).startswith("nv"):
            c_nv = child(nv, "cNvPr")
            name = c_nv.get("name", "").strip() if c_nv is not None else ""
            if name:
                return f'{kind} "{name}"'
            break
    return f"{'an' if kind[:1] in 'aeiou' else 'a'} {kind}"


def _cast_fill(
    ctx: RenderContext,
    fill: etree._Element | None,
    fill_ph: QColor | None,
    group_fill: tuple[etree._Element, QColor | None] | None,
) -> tuple[etree._Element, QColor | None] | None:
    """The fill a shape paints and its placeholder colour, None when it paints none: grpFill is its
    group's fill, none outside a group or in a group without one (ECMA-376 20.1.8.35); a fill whose
    colours are all fully transparent paints nothing either. Such a shape casts no shadow of its
    fill, as with noFill."""
    if fill is not None and local(fill) == "grpFill":
        if group_fill is None:
            return None
        fill, fill_ph = group_fill
    if fill is None or local(fill) == "grpFill" or fill_invisible(ctx, fill, fill_ph):
        return None
    return fill, fill_ph


def _outline_width(outline: Outline | None) -> float:
    """The outline's width in points (0 for none or a hairline)."""
    return 0.0 if outline is None or outline.pen.isCosmetic() else outline.pen.widthF()


def _opaque_outline(outline: Outline | None) -> bool:
    """Whether an outline (if any) is drawn at full strength: its colour, or every gradient stop."""
    if outline is None:
        return True
    brush = outline.pen.brush()
    gradient = brush.gradient()
    if gradient is not None:
        return all(color.alpha() == 255 for _, color in gradient.stops())
    return brush.color().alpha() == 255


def _shadow_caster(
    filled: QPainterPath | None, outline: Outline | None, geometry: BuiltGeometry
) -> tuple[QPainterPath, float]:
    """What casts a shape's shadow and glow, and how far its outline widens it (points).

    PowerPoint casts an outer shadow from the stroked shape: the fill grown by half the line
    width (native exports, github.com/developer0hye/office2pdf/issues/1057); an unfilled outline,
    an open connector's included, casts its stroke's (#1305)."""
    width = 0.0 if outline is None or outline.pen.isCosmetic() else outline.pen.widthF()
    if filled is not None:
        return filled, width / 2.0
    if outline is None or width <= 0.0:
        return QPainterPath(), 0.0
    stroker = QPainterPathStroker(outline.pen)
    strokes = QPainterPath()
    for shape_path in geometry.paths:
        if shape_path.stroke:
            strokes.addPath(stroker.createStroke(shape_path.path))
    return strokes.simplified(), 0.0


def _filled_area(geometry: BuiltGeometry) -> QPainterPath:
    """The union of a geometry's filled paths: what effects (shadow, glow, soft edge) follow."""
    area = QPainterPath()
    for shape_path in geometry.paths:
        if shape_path.fill is not FillMode.NONE:
            area.addPath(shape_path.path)
    return area


def _draw_feathered(
    painter: QPainter,
    effects: etree._Element | None,
    area: QPainterPath,
    draw: Callable[[QPainter], None],
    *,
    lossless: bool,
    stand_ins: StandIns | None,
) -> None:
    """``draw`` with a soft edge when the effect list has one (rasterised), else as vectors; its
    reflection first, when it has one.

    ``lossless``: whether the raster goes into the PDF losslessly (flat fills) or as JPEG (photos);
    ``stand_ins``: the page's, which the reflection's and the soft edge's rasters are encoded for.
    """
    reflection = read_reflection(effects)
    if reflection is not None and not area.isEmpty():
        paint_reflection(painter, area, reflection, draw, stand_ins)
    radius = soft_edge_radius(effects)
    blur = read_blur(effects) if effects is not None else None
    if blur is not None and not area.isEmpty():
        # The blur takes what is drawn, soft edge and all.
        if radius > 0:

            def feathered(target: QPainter) -> None:
                paint_soft_edged(target, area, radius, draw, lossless=lossless, stand_ins=stand_ins)

            paint_blurred(painter, area, blur, feathered, lossless=lossless)
        else:
            paint_blurred(painter, area, blur, draw, lossless=lossless)
    elif radius > 0 and not area.isEmpty():
        paint_soft_edged(painter, area, radius, draw, lossless=lossless, stand_ins=stand_ins)
    else:
        draw(painter)


def _shade(painter: QPainter, shape: QPainterPath, mode: FillMode) -> None:
    """Darken/lighten variants of a path's fill (3-D looking presets: cans, cubes, bevels)."""
    amounts = {
        FillMode.DARKEN: QColor(0, 0, 0, 102),
        FillMode.DARKEN_LESS: QColor(0, 0, 0, 51),
        FillMode.LIGHTEN: QColor(255, 255, 255, 102),
        FillMode.LIGHTEN_LESS: QColor(255, 255, 255, 51),
    }
    overlay = amounts.get(mode)
    if overlay is not None:
        painter.fillPath(shape, overlay)
