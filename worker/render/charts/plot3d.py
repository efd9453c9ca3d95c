"""3-D bar, column, line and area charts: walls and floor, gridlines on the walls, boxes and ribbons
painted back to front, tick labels along the box's front edges.

The plot is a box in world units (one unit per category band along the category axis; the depth is
one row, or one row per series when the grouping is "standard" and for 3-D lines, scaled by
depthPercent). The value axis' length is free: Office stretches it so the projection fills the plot
area (unless hPercent fixes it). ``space3d.Camera`` projects; this module builds the scene.
"""

from __future__ import annotations

import dataclasses
import itertools
import logging
import math
from collections.abc import Callable
from dataclasses import dataclass, field

from lxml import etree
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QBrush, QColor, QLinearGradient, QPainterPath, QPen, QPolygonF

from worker.render.charts import axes as ax
from worker.render.charts import surface as surface_chart
from worker.render.charts.frame import Frame, Look
from worker.render.charts.model import Axis, Group, GroupKind, Surface, View3D
from worker.render.charts.plots import Label, _label_text, _labels_of, _point_labels, stacked_values
from worker.render.charts.scale import Scale
from worker.render.charts.space3d import Box, Camera, Point3, shade, solve_free_side
from worker.render.charts.style import fill_shape, is_no_fill, outline_pen, text_shade
from worker.render.charts.text import Font, likely_largest

log = logging.getLogger(__name__)

# Face lighting by outward normal: tops lit, sides in shade (as Office's default 3-D lighting).
TOP_LIGHT = 0.25
SIDE_SHADE = -0.22
BOTTOM_SHADE = -0.35
GAP = ax.AXIS_GAP


@dataclass
class Face:
    path: QPainterPath
    color: QColor | QBrush | None  # None: no fill
    sp_pr: etree._Element | None = None  # its own fill (the front faces of a series with one)
    pen: QPen | None = None


@dataclass
class Item:
    """Faces drawn together (one box, one ribbon segment, one area slab), sorted back to front."""

    depth: float
    order: int
    faces: list[Face] = field(default_factory=list)


@dataclass
class Scene:
    """The plot box and how categories, values and series rows map into it."""

    horizontal_values: bool  # horizontal 3-D bars: values along x, categories up y
    n_cat: int
    rows: int
    row_depth: float
    cat_between: bool
    value_fraction: Callable[[float], float]
    size: Point3 = (1.0, 1.0, 1.0)

    @property
    def cat_length(self) -> float:
        return float(self.n_cat)

    def cat_pos(self, i: float) -> float:
        """World coordinate of category ``i`` (centre of its band, or its tick for midCat areas)."""
        if self.cat_between or self.n_cat <= 1:
            return i + 0.5
        return i * self.n_cat / (self.n_cat - 1)

    def value_pos(self, v: float) -> float:
        length = self.size[0] if self.horizontal_values else self.size[1]
        return min(max(self.value_fraction(v), 0.0), 1.0) * length

    def point(self, cat: float, value: float, z: float) -> Point3:
        if self.horizontal_values:
            return (value, cat, z)
        return (cat, value, z)

    def box(self, c0: float, c1: float, v0: float, v1: float, z0: float, z1: float) -> Box:
        if self.horizontal_values:
            return Box(min(v0, v1), max(v0, v1), min(c0, c1), max(c0, c1), z0, z1)
        return Box(min(c0, c1), max(c0, c1), min(v0, v1), max(v0, v1), z0, z1)


def rows_of(group: Group) -> int:
    """Series rows along the depth: one per series for "standard" bars and areas and for 3-D lines."""
    if group.kind in (GroupKind.LINE, GroupKind.SURFACE) or group.grouping == "standard":
        return max(len(group.series), 1)
    return 1


def _axes(frame: Frame, group: Group) -> tuple[Axis, Axis, Axis | None]:
    found = [frame.chart.axes[i] for i in group.ax_ids if i in frame.chart.axes]
    cat = next((a for a in found if a.kind in ("catAx", "dateAx")), None)
    val = next((a for a in found if a.kind == "valAx"), None)
    ser = next((a for a in found if a.kind == "serAx"), None)
    if cat is None:
        cat = Axis(ax_id=f"cat{id(group)}", kind="catAx", position="b", deleted=True)
    if val is None:
        val = Axis(ax_id=f"val{id(group)}", kind="valAx", position="l", deleted=True)
    return cat, val, ser


def paint_cartesian_3d(frame: Frame, groups: list[Group], outer: QRectF, inner: bool) -> None:
    chart = frame.chart
    view = chart.view3d or View3D()
    group = groups[0]
    cat_axis, val_axis, ser_axis = _axes(frame, group)
    # A 2-D surface chart is the surface seen from straight above; its value axis points at the
    # viewer, so only the legend's bands tell the values.
    top_view = group.kind is GroupKind.SURFACE and not group.three_d
    if top_view:
        view = View3D(rot_x=90.0, rot_y=0.0, perspective=0.0)
        val_axis = dataclasses.replace(val_axis, deleted=True)
    horizontal_values = group.kind is GroupKind.BAR and group.bar_dir == "bar"
    classic = not frame.palette.has_chart_style
    cat = ax.AxisGeom(cat_axis, not horizontal_values, True, classic=classic)
    val = ax.AxisGeom(val_axis, horizontal_values, False, classic=classic)
    cat.font = frame.styler.font(cat_axis.text, size=frame.base_size)
    val.font = frame.styler.font(val_axis.text, size=frame.base_size)
    cat.labels = ax.category_labels(frame, groups, cat_axis)
    cat.count = max(len(cat.labels), 1)
    cat.levels = ax.outer_levels(groups, cat_axis, cat.count)
    areas_only = all(g.kind is GroupKind.AREA for g in groups)
    between = cat_axis.cross_between or ("midCat" if areas_only else "between")
    cat.between = between != "midCat" or any(g.kind is GroupKind.BAR for g in groups)
    if group.kind is GroupKind.SURFACE:
        cat.between = False  # the mesh's columns stand on the category ticks, edge to edge
    ax.make_scale(val, groups, (outer.width() if horizontal_values else outer.height()) * 0.8, False, frame=frame)
    fixed = frame.surface_axes.get(id(group))
    if fixed is not None and fixed.scale is not None:
        val.scale = fixed.scale  # the bands the legend lists
    scale = val.scale
    assert scale is not None

    def fraction(v: float) -> float:
        f = scale.fraction(v)
        return 1.0 - f if val_axis.reverse else f

    rows = sum(rows_of(g) for g in groups)
    row_depth = view.depth_percent / 100.0
    scene = Scene(horizontal_values, cat.count, rows, row_depth, cat.between, fraction)
    series_labels = [s.name for g in groups for s in g.series] if rows > 1 else []
    show_series = ser_axis is not None and not ser_axis.deleted and ser_axis.tick_label_pos != "none" and rows > 1
    ser_font = frame.styler.font(ser_axis.text if ser_axis is not None else None, size=frame.base_size)
    # Room for tick labels and titles around the box.
    vert, horiz = (cat, val) if horizontal_values else (val, cat)
    left = _label_room(frame, vert, width=True)
    bottom = _label_room(frame, horiz, width=False)
    right = 0.0
    if show_series:
        right = max((frame.styler.size(t, ser_font).width() for t in series_labels), default=0.0) + GAP
    target = outer if inner else outer.adjusted(left, GAP, -right, -bottom)
    if target.width() < 8 or target.height() < 8:
        target = outer
    cat_len = scene.cat_length
    depth = rows * row_depth
    if horizontal_values:
        width = view.h_percent / 100.0 * cat_len if view.h_percent else 0.0
        size = (width, cat_len, depth)
        if not width:
            size = (solve_free_side(view, (1.0, cat_len, depth), 0, target.height() / target.width()), cat_len, depth)
    else:
        height = view.h_percent / 100.0 * cat_len if view.h_percent else 0.0
        size = (cat_len, height, depth)
        if not height:
            size = (cat_len, solve_free_side(view, (cat_len, 1.0, depth), 1, target.height() / target.width()), depth)
    if top_view:
        size = (cat_len, 1.0, cat_len * target.height() / max(target.width(), 1e-6))
        scene.row_depth = size[2] / max(rows, 1)
    scene.size = size
    cam = Camera(view, size)
    whole = Box(0.0, size[0], 0.0, size[1], 0.0, size[2])
    cam.fit(target, whole.corners())
    _walls(frame, cam, whole, classic)
    _gridlines(frame, cam, whole, scene, vert, horiz)
    _axis_lines(frame, cam, whole, vert, horiz)
    items: list[Item] = []
    labels: list[Label] = []
    row = 0
    for g in groups:
        if g.kind is GroupKind.BAR:
            labels += _bars(frame, cam, scene, g, row, items)
        elif g.kind is GroupKind.LINE:
            labels += _ribbons(frame, cam, scene, g, row, items)
        elif g.kind is GroupKind.AREA:
            labels += _slabs(frame, cam, scene, g, row, items)
        elif g.kind is GroupKind.SURFACE:
            _surface(frame, cam, scene, g, scale)
        row += rows_of(g)
    painter = frame.painter
    for item in sorted(items, key=lambda it: (-it.depth, it.order)):
        for face in item.faces:
            if face.color is not None or face.sp_pr is not None:
                if face.sp_pr is not None:
                    fill_shape(painter, frame.ctx, face.sp_pr, face.path, face.color)
                elif face.color is not None:
                    brush = face.color if isinstance(face.color, QBrush) else QBrush(face.color)
                    painter.fillPath(face.path, brush)
            if face.pen is not None:
                painter.strokePath(face.path, face.pen)
    _tick_labels(frame, cam, whole, scene, vert, horiz)
    if show_series:
        _series_labels(frame, cam, whole, scene, series_labels, ser_font)
    _titles(frame, cam, whole, vert, horiz)
    for label in labels:
        label.paint(frame)


# -- walls, gridlines, axes ----------------------------------------------------------------------


def _far_planes(cam: Camera, whole: Box) -> tuple[float, float, float]:
    """The x of the side wall, the z of the back wall and the y of the floor (the far sides)."""
    cx, cy, cz = whole.center
    side = whole.x0 if cam.sees((1.0, 0.0, 0.0), (whole.x0, cy, cz)) else whole.x1
    back = whole.z1 if cam.sees((0.0, 0.0, -1.0), (cx, cy, whole.z1)) else whole.z0
    return side, back, whole.y0  # the floor stays at the bottom, even seen from below


def _near(value: float, lo: float, hi: float) -> float:
    return hi if value == lo else lo


def _walls(frame: Frame, cam: Camera, whole: Box, classic: bool) -> None:
    chart = frame.chart
    side, back, floor = _far_planes(cam, whole)
    x0, x1, y0, y1, z0, z1 = whole.x0, whole.x1, whole.y0, whole.y1, whole.z0, whole.z1
    planes: list[tuple[Surface, list[Point3]]] = [
        (chart.floor, [(x0, floor, z0), (x1, floor, z0), (x1, floor, z1), (x0, floor, z1)]),
        (chart.back_wall, [(x0, y0, back), (x1, y0, back), (x1, y1, back), (x0, y1, back)]),
        (chart.side_wall, [(side, y0, z0), (side, y0, z1), (side, y1, z1), (side, y1, z0)]),
    ]
    auto_pen = QPen(text_shade(frame.ctx, ax.CLASSIC_COLOR), 0.75) if classic else None
    cx, _cy, cz = whole.center
    if not cam.sees((0.0, 1.0, 0.0), (cx, floor, cz)):
        planes = planes[1:]  # seen from below: a floor painted first would only show through gaps
    for surface, corners in planes:
        path = cam.polygon(corners)
        fill_shape(frame.painter, frame.ctx, surface.sp_pr, path, None)
        pen = outline_pen(frame.ctx, surface.sp_pr, auto_pen)
        if pen is not None:
            frame.painter.strokePath(path, pen)


def _gridlines(frame: Frame, cam: Camera, whole: Box, scene: Scene, vert: ax.AxisGeom, horiz: ax.AxisGeom) -> None:
    side, back, floor = _far_planes(cam, whole)
    for geom, along_x in ((vert, False), (horiz, True)):
        for grid, default in ((geom.axis.minor_grid, None), (geom.axis.major_grid, ax.GRID_COLOR)):
            if grid is None:
                continue
            auto = QPen(text_shade(frame.ctx, ax.CLASSIC_COLOR if geom.classic else (default or ax.GRID_COLOR)), 0.75)
            pen = outline_pen(frame.ctx, grid.find("{*}spPr"), auto)
            if pen is None:
                continue
            positions = _grid_positions(geom, scene, along_x)
            if grid is geom.axis.minor_grid:
                positions = _minor(positions)
            path = QPainterPath()
            for p in positions:
                if along_x:  # vertical lines on the back wall, lines into the depth on the floor
                    path.addPath(cam.line((p, whole.y0, back), (p, whole.y1, back)))
                    path.addPath(cam.line((p, floor, whole.z0), (p, floor, whole.z1)))
                else:  # horizontal lines on the back wall and the side wall
                    path.addPath(cam.line((whole.x0, p, back), (whole.x1, p, back)))
                    path.addPath(cam.line((side, p, whole.z0), (side, p, whole.z1)))
            frame.painter.strokePath(path, pen)


def _grid_positions(geom: ax.AxisGeom, scene: Scene, along_x: bool) -> list[float]:
    length = scene.size[0] if along_x else scene.size[1]
    if geom.is_category:
        return [f * length for f in geom.ticks()]
    assert geom.scale is not None
    return [scene.value_pos(t) for t in geom.scale.ticks()]


def _minor(positions: list[float]) -> list[float]:
    out: list[float] = []
    for a, b in itertools.pairwise(positions):
        out.extend(a + (b - a) * k / 5.0 for k in range(1, 5))
    return out


def _axis_lines(frame: Frame, cam: Camera, whole: Box, vert: ax.AxisGeom, horiz: ax.AxisGeom) -> None:
    side, back, floor = _far_planes(cam, whole)
    front = _near(back, whole.z0, whole.z1)
    for geom, a, b in (
        (vert, (side, whole.y0, front), (side, whole.y1, front)),
        (horiz, (whole.x0, floor, front), (whole.x1, floor, front)),
    ):
        if not geom.visible:
            continue
        auto = QPen(text_shade(frame.ctx, ax.CLASSIC_COLOR if geom.classic else ax.AXIS_COLOR), 0.75)
        pen = outline_pen(frame.ctx, geom.axis.sp_pr, auto)
        if pen is not None:
            frame.painter.strokePath(cam.line(a, b), pen)


def _label_room(frame: Frame, geom: ax.AxisGeom, width: bool) -> float:
    """Width (vertical axes) or height (horizontal axes) its tick labels and title take."""
    if not geom.visible or geom.font is None:
        return 0.0
    room = 0.0
    if geom.axis.tick_label_pos != "none":
        sizes = [frame.styler.size(t, geom.font) for t in likely_largest(ax.tick_texts(frame, geom))]
        room = max(((s.width() if width else s.height()) for s in sizes), default=0.0) + GAP
        geom.inner_extent = room
        # A multi-level category axis: a row (upright beside a vertical axis) per outer level.
        geom.level_rows = [
            max((frame.styler.size(t, geom.font).height() for _, _, t in level if t), default=0.0) + GAP
            for level in geom.levels
        ]
        room += sum(geom.level_rows)
    if geom.axis.title is not None:
        font = frame.styler.font(geom.axis.title.text, size=frame.base_size, bold=True)
        text = "\n".join(geom.axis.title.text.paragraphs) or "Axis Title"
        room += frame.styler.size(text, font).height() + GAP
    geom.extent = room
    return room


def _tick_labels(frame: Frame, cam: Camera, whole: Box, scene: Scene, vert: ax.AxisGeom, horiz: ax.AxisGeom) -> None:
    side, back, floor = _far_planes(cam, whole)
    front = _near(back, whole.z0, whole.z1)
    left_side = side == whole.x0
    for geom, along_x in ((vert, False), (horiz, True)):
        if not geom.visible or geom.font is None or geom.axis.tick_label_pos == "none":
            continue
        texts = ax.tick_texts(frame, geom)
        if geom.is_category:
            positions = [scene.cat_pos(i) for i in range(len(texts))]
        else:
            assert geom.scale is not None
            positions = [scene.value_pos(t) for t in geom.scale.ticks()]
        if along_x:  # under the floor's lower edge (its back edge when seen from below)
            anchors = [max(cam.at((p, floor, front)), cam.at((p, floor, back)), key=QPointF.y) for p in positions]
        else:
            anchors = [cam.at((side, p, front)) for p in positions]
        skip = _skip(frame, geom, texts, anchors, along_x)
        for i, (text, at) in enumerate(zip(texts, anchors, strict=False)):
            if not text or i % skip:
                continue
            if along_x:
                frame.styler.draw(frame.painter, text, geom.font, QPointF(at.x(), at.y() + GAP), "c", "t")
            elif left_side:
                frame.styler.draw(frame.painter, text, geom.font, QPointF(at.x() - GAP, at.y()), "r", "c")
            else:
                frame.styler.draw(frame.painter, text, geom.font, QPointF(at.x() + GAP, at.y()), "l", "c")
        if geom.is_category and geom.level_rows:
            at_x = (lambda p: cam.at((p, floor, front))) if along_x else (lambda p: cam.at((side, p, front)))
            _outer_levels(frame, geom, scene, at_x, along_x, left_side)


def _outer_levels(frame: Frame, geom: ax.AxisGeom, scene: Scene, at: Callable[[float], QPointF], along_x: bool,
                  left_side: bool) -> None:  # fmt: skip
    """A multi-level category axis' outer levels beyond its tick labels, each group's text centred on
    its categories, with lines between the groups (as ``axes`` draws them in 2-D)."""
    assert geom.font is not None
    out = 1.0 if along_x or not left_side else -1.0
    n = geom.count
    path = QPainterPath()
    for i in range(n + 1):
        bounds = [k for k, level in enumerate(geom.levels) if i in (0, n) or any(f == i for f, _, _ in level)]
        depth = geom.inner_extent + sum(geom.level_rows[: bounds[-1] + 1]) if bounds else geom.inner_extent
        p = at(min(max(scene.cat_pos(i - 0.5), 0.0), scene.cat_length))
        path.moveTo(p)
        path.lineTo(QPointF(p.x(), p.y() + depth) if along_x else QPointF(p.x() + out * depth, p.y()))
    auto = QPen(text_shade(frame.ctx, ax.CLASSIC_COLOR if geom.classic else ax.AXIS_COLOR), 0.75)
    pen = outline_pen(frame.ctx, geom.axis.sp_pr, auto)
    if pen is not None:
        frame.painter.strokePath(path, pen)
    offset = geom.inner_extent
    for level, row in zip(geom.levels, geom.level_rows, strict=False):
        for first, end, text in level:
            if not text:
                continue
            p = at((scene.cat_pos(first) + scene.cat_pos(end - 1)) / 2.0)
            if along_x:
                frame.styler.draw(frame.painter, text, geom.font, QPointF(p.x(), p.y() + offset + GAP), "c", "t")
            else:
                x = p.x() + out * (offset + GAP + (row - GAP) / 2.0)
                frame.styler.draw(frame.painter, text, geom.font, QPointF(x, p.y()), "c", "c", -90.0 * -out)
        offset += row


def _skip(frame: Frame, geom: ax.AxisGeom, texts: list[str], anchors: list[QPointF], along_x: bool) -> int:
    """Show every n-th category label so neighbours do not overlap."""
    if not geom.is_category or len(anchors) < 2 or geom.font is None:
        return 1
    if geom.axis.label_skip:
        return geom.axis.label_skip
    spacing = min(abs((b.x() - a.x()) if along_x else (b.y() - a.y())) for a, b in itertools.pairwise(anchors))
    sizes = [frame.styler.size(t, geom.font) for t in likely_largest(texts)]
    need = max(((s.width() if along_x else s.height()) for s in sizes), default=0.0) * 1.05
    return max(1, math.ceil(need / max(spacing, 1e-6)))


def _series_labels(frame: Frame, cam: Camera, whole: Box, scene: Scene, names: list[str], font: Font) -> None:
    side, _back, floor = _far_planes(cam, whole)
    near_x = _near(side, whole.x0, whole.x1)
    right = near_x == whole.x1
    for j, name in enumerate(names):
        z = (j + 0.5) * scene.row_depth
        at = cam.at((near_x, floor, z))
        if right:
            frame.styler.draw(frame.painter, name, font, QPointF(at.x() + GAP, at.y()), "l", "c")
        else:
            frame.styler.draw(frame.painter, name, font, QPointF(at.x() - GAP, at.y()), "r", "c")


def _titles(frame: Frame, cam: Camera, whole: Box, vert: ax.AxisGeom, horiz: ax.AxisGeom) -> None:
    bounds = cam.polygon(whole.corners()).boundingRect()
    for geom in (vert, horiz):
        if geom.visible and geom.axis.title is not None:
            geom.rect = bounds
            ax.draw_title(frame, geom)


# -- series --------------------------------------------------------------------------------------


def _shade_of(normal: Point3) -> float:
    """Lighting of a face by its outward normal: tops lit, sides and bottoms in shade."""
    nx, ny, nz = normal
    length = math.sqrt(nx * nx + ny * ny + nz * nz) or 1.0
    nx, ny = nx / length, ny / length
    return TOP_LIGHT * max(ny, 0.0) + BOTTOM_SHADE * max(-ny, 0.0) + SIDE_SHADE * abs(nx)


ROUND_SIDES = 40  # cylinders and cones: polygons this fine


@dataclass(frozen=True)
class Solid:
    """One bar: a footprint (rectangle or ellipse in the category/depth plane) swept along the value
    axis from v0 to v1, narrowing linearly towards ``apex`` for cones and pyramids."""

    shape: str
    c0: float
    c1: float
    v0: float
    v1: float
    z0: float
    z1: float
    base: float  # value position where the footprint is whole (the bar's or the stack's base)
    apex: float | None  # value position where it vanishes (None: never; boxes and cylinders)

    def scale_at(self, v: float) -> float:
        if self.apex is None or abs(self.apex - self.base) < 1e-12:
            return 1.0
        return min(max((self.apex - v) / (self.apex - self.base), 0.0), 1.0)

    def loop(self, scene: Scene, v: float) -> list[Point3]:
        cc, zc = (self.c0 + self.c1) / 2, (self.z0 + self.z1) / 2
        hc, hz = (self.c1 - self.c0) / 2 * self.scale_at(v), (self.z1 - self.z0) / 2 * self.scale_at(v)
        if self.shape in ("cylinder", "cone", "coneToMax"):
            steps = [2 * math.pi * k / ROUND_SIDES for k in range(ROUND_SIDES)]
            unit = [(math.cos(t), math.sin(t)) for t in steps]
        else:
            unit = [(-1.0, -1.0), (1.0, -1.0), (1.0, 1.0), (-1.0, 1.0)]
        return [scene.point(cc + hc * u, v, zc + hz * w) for u, w in unit]

    @property
    def round(self) -> bool:
        return self.shape in ("cylinder", "cone", "coneToMax")


def _newell(points: list[Point3]) -> Point3:
    nx = ny = nz = 0.0
    for a, b in itertools.pairwise([*points, points[0]]):
        nx += (a[1] - b[1]) * (a[2] + b[2])
        ny += (a[2] - b[2]) * (a[0] + b[0])
        nz += (a[0] - b[0]) * (a[1] + b[1])
    return (nx, ny, nz)


def _centroid(points: list[Point3]) -> Point3:
    n = float(len(points))
    return (sum(p[0] for p in points) / n, sum(p[1] for p in points) / n, sum(p[2] for p in points) / n)


def _outward_normal(points: list[Point3], inside: Point3) -> Point3:
    n = _newell(points)
    c = _centroid(points)
    if n[0] * (c[0] - inside[0]) + n[1] * (c[1] - inside[1]) + n[2] * (c[2] - inside[2]) < 0:
        return (-n[0], -n[1], -n[2])
    return n


def _solid_faces(cam: Camera, scene: Scene, solid: Solid, look: Look) -> list[Face]:
    filled = not is_no_fill(look.sp_pr)
    bottom, top = solid.loop(scene, solid.v0), solid.loop(scene, solid.v1)
    inside = _centroid(bottom + top)
    caps = [pts for pts in (bottom, top) if solid.scale_at(solid.v0 if pts is bottom else solid.v1) > 1e-6]
    faces: list[Face] = []
    if solid.round:
        body = _hull([cam.at(p) for p in bottom + top])
        path = QPainterPath()
        path.addPolygon(QPolygonF(body))
        path.closeSubpath()
        brush: QBrush | None = None
        if filled:
            # Lit from the upper left: light on the low-category side of columns, the top of bars.
            v_mid, z_mid = (solid.v0 + solid.v1) / 2, (solid.z0 + solid.z1) / 2
            low = cam.at(scene.point(solid.c0, v_mid, z_mid))
            high = cam.at(scene.point(solid.c1, v_mid, z_mid))
            grad = QLinearGradient(high, low) if scene.horizontal_values else QLinearGradient(low, high)
            grad.setColorAt(0.0, shade(look.color, 0.12))
            grad.setColorAt(0.45, look.color)
            grad.setColorAt(1.0, shade(look.color, SIDE_SHADE * 1.4))
            brush = QBrush(grad)
        faces.append(Face(path, brush, None, look.pen))
    else:
        for a, b, c, d in zip(bottom, bottom[1:] + bottom[:1], top[1:] + top[:1], top, strict=True):
            quad = [a, b, c, d]
            normal = _outward_normal(quad, inside)
            if not cam.sees(normal, _centroid(quad)):
                continue
            # Lit by the direction it faces across the bar: a pyramid's front is the series colour.
            across = (normal[0], 0.0, normal[2]) if not scene.horizontal_values else (0.0, normal[1], normal[2])
            amount = _shade_of(across)
            color = shade(look.color, amount) if filled else None
            own = look.sp_pr if filled and abs(amount) < 1e-6 else None
            faces.append(Face(cam.polygon(quad), color, own, look.pen))
    for cap in caps:
        normal = _outward_normal(cap, inside)
        if cam.sees(normal, _centroid(cap)):
            color = shade(look.color, _shade_of(normal)) if filled else None
            faces.append(Face(cam.polygon(cap), color, None, look.pen))
    return faces


def _hull(points: list[QPointF]) -> list[QPointF]:
    """Convex hull (monotone chain) of page points: the silhouette of a cylinder or cone."""
    pts = sorted({(round(p.x(), 4), round(p.y(), 4)) for p in points})
    if len(pts) < 3:
        return [QPointF(x, y) for x, y in pts]

    def cross(o: tuple[float, float], a: tuple[float, float], b: tuple[float, float]) -> float:
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    lower: list[tuple[float, float]] = []
    upper: list[tuple[float, float]] = []
    for p in pts:
        while len(lower) >= 2 and cross(lower[-2], lower[-1], p) <= 0:
            lower.pop()
        lower.append(p)
    for p in reversed(pts):
        while len(upper) >= 2 and cross(upper[-2], upper[-1], p) <= 0:
            upper.pop()
        upper.append(p)
    return [QPointF(x, y) for x, y in lower[:-1] + upper[:-1]]


def _bars(frame: Frame, cam: Camera, scene: Scene, group: Group, row0: int, items: list[Item]) -> list[Label]:
    labels: list[Label] = []
    segs = stacked_values(group)
    stacked = group.grouping in ("stacked", "percentStacked")
    standard = group.grouping == "standard"
    k = 1 if stacked or standard else max(len(group.series), 1)
    overlap = max(min(group.overlap, 100.0), -100.0) / 100.0 if not standard else 0.0
    gap = max(min(group.gap_width, 500.0), 0.0) / 100.0
    width = 1.0 / (k - (k - 1) * overlap + gap)
    bar_depth = scene.row_depth / (1.0 + max(min(group.gap_depth, 500.0), 0.0) / 100.0)
    base = scene.value_pos(0.0)
    tops = [scene.value_pos(v) for v in _stack_tops(segs)]
    to_max = group.shape in ("coneToMax", "pyramidToMax")
    pointed = group.shape in ("cone", "pyramid", "coneToMax", "pyramidToMax")
    top_of_axis = scene.size[0] if scene.horizontal_values else scene.size[1]
    for j, series in enumerate(group.series):
        slot = 0 if stacked or standard else j
        row = row0 + (j if standard else 0)
        z0 = (row + 0.5) * scene.row_depth - bar_depth / 2.0
        z1 = z0 + bar_depth
        for i, seg in enumerate(segs[j]):
            # A blank cell draws nothing, as in Excel. Stacking gives it a flat segment, and in
            # 3-D each one cost a box of faces: a cache of 100,000 blanks never finished.
            blank = i >= len(series.values) or series.values[i] is None
            if seg is None or blank or i >= scene.n_cat:
                continue
            start = i + gap * width / 2.0 + slot * width * (1.0 - overlap)
            bottom, top = seg
            v0 = base if not stacked else scene.value_pos(bottom)
            v1 = scene.value_pos(top)
            box = scene.box(start, start + width, v0, v1, z0, z1)
            look = frame.look(group, series, i)
            apex: float | None = None
            if pointed:
                apex = (top_of_axis if v1 >= base else 0.0) if to_max else (tops[i] if stacked else v1)
            solid = Solid(group.shape, start, start + width, v0, v1, z0, z1, base, apex)
            item = Item(cam.depth(box.center), i if stacked else 0)
            item.faces = _solid_faces(cam, scene, solid, look)
            items.append(item)
            spec = _point_labels(group, series, i)
            value = series.values[i] if i < len(series.values) else None
            if spec is not None and spec.any and i not in spec.deleted and value is not None:
                front = cam.polygon(box.faces()[0][1]).boundingRect()
                pos = spec.position or ("ctr" if stacked else "outEnd")
                text = _label_text(frame, spec, series, i, value, None)
                labels.append(Label(text, front, pos, not scene.horizontal_values, top >= bottom, spec, look))
    return labels


def _surface(frame: Frame, cam: Camera, scene: Scene, group: Group, scale: Scale) -> None:
    """The surface's mesh, cut into its value bands, painted back to front (see charts.surface)."""
    low, high = min(scale.minimum, scale.maximum), max(scale.minimum, scale.maximum)
    grid: list[list[tuple[Point3, float] | None]] = []
    rows, columns = surface_chart.mesh_indices(len(group.series), scene.n_cat)
    for j in rows:
        series = group.series[j]
        z = (j + 0.5) * scene.row_depth
        row: list[tuple[Point3, float] | None] = []
        for i in columns:
            value = series.values[i] if i < len(series.values) else None
            if value is None:
                row.append(None)
                continue
            v = min(max(value, low), high)  # beyond the axis' range: flat on its floor or ceiling
            row.append((scene.point(scene.cat_pos(i), scene.value_pos(v), z), v))
        grid.append(row)
    band_list = surface_chart.bands(frame, group, scale)
    if group.wireframe:
        lines = surface_chart.mesh_lines if group.three_d else surface_chart.contour_lines
        surface_chart.paint_wires(frame, lines(cam, grid, band_list), band_list)
        return
    pieces = surface_chart.mesh_pieces(cam, grid, band_list, lit=group.three_d)
    surface_chart.paint_pieces(frame, pieces, band_list, group)


def _stack_tops(segs: list[list[tuple[float, float] | None]]) -> list[float]:
    """Per category, the value farthest from zero any segment reaches (the apex of a stacked cone)."""
    n = max((len(row) for row in segs), default=0)
    out = []
    for i in range(n):
        ends = [seg[1] for row in segs if i < len(row) and (seg := row[i]) is not None]
        out.append(max(ends, key=abs, default=0.0))
    return out


def _ribbons(frame: Frame, cam: Camera, scene: Scene, group: Group, row0: int, items: list[Item]) -> list[Label]:
    """3-D lines: each series a tape one row deep, its front edge thickened like Office's."""
    labels: list[Label] = []
    segs = stacked_values(group)
    tape = scene.row_depth / (1.0 + max(min(group.gap_depth, 500.0), 0.0) / 100.0)
    length = scene.size[0] if scene.horizontal_values else scene.size[1]
    thick = length * 0.012
    for j, series in enumerate(group.series):
        look = frame.look(group, series)
        filled = not is_no_fill(look.sp_pr)
        color = look.color if filled else None
        z0 = (row0 + j + 0.5) * scene.row_depth - tape / 2.0
        z1 = z0 + tape
        points = [
            (scene.cat_pos(i), scene.value_pos(seg[1]))
            for i, seg in enumerate(segs[j])
            if seg is not None and i < scene.n_cat and (i < len(series.values) and series.values[i] is not None)
        ]
        for (c0, v0), (c1, v1) in itertools.pairwise(points):
            a0, a1 = scene.point(c0, v0, z0), scene.point(c1, v1, z0)
            b0, b1 = scene.point(c0, v0, z1), scene.point(c1, v1, z1)
            # The tape's upper side faces the viewer when the viewer is above the segment.
            up = cam.sees(_segment_normal(a0, a1), _mid(a0, b1))
            tape_color = shade(color, TOP_LIGHT if up else BOTTOM_SHADE) if color is not None else None
            item = Item(cam.depth(_mid(a0, b1)), 0)
            item.faces.append(Face(cam.polygon([a0, a1, b1, b0]), tape_color, None, None))
            low0, low1 = _lower(scene, a0, thick), _lower(scene, a1, thick)
            item.faces.append(Face(cam.polygon([a0, a1, low1, low0]), color, None, None))
            items.append(item)
        if _labels_of(group, series) is not None:
            for i, (c, v) in enumerate(points):
                value = series.values[i] if i < len(series.values) else None
                spec = _point_labels(group, series, i)
                if value is None or spec is None or not spec.any or i in spec.deleted:
                    continue
                p = cam.at(scene.point(c, v, z0))
                text = _label_text(frame, spec, series, i, value, None)
                labels.append(Label(text, QRectF(p, p), spec.position or "t", True, True, spec, look))
    return labels


def _segment_normal(a: Point3, b: Point3) -> Point3:
    dx, dy = b[0] - a[0], b[1] - a[1]
    n = math.hypot(dx, dy) or 1.0
    return (-dy / n, dx / n, 0.0) if dx >= 0 else (dy / n, -dx / n, 0.0)


def _mid(a: Point3, b: Point3) -> Point3:
    return ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2, (a[2] + b[2]) / 2)


def _lower(scene: Scene, p: Point3, by: float) -> Point3:
    if scene.horizontal_values:
        return (p[0] - by, p[1], p[2])
    return (p[0], p[1] - by, p[2])


def _slabs(frame: Frame, cam: Camera, scene: Scene, group: Group, row0: int, items: list[Item]) -> list[Label]:
    """3-D areas: each series' area extruded through its row (or through the one row of a stack)."""
    labels: list[Label] = []
    segs = stacked_values(group)
    stacked = group.grouping in ("stacked", "percentStacked")
    standard = not stacked
    slab = scene.row_depth / (1.0 + max(min(group.gap_depth, 500.0), 0.0) / 100.0)
    base = 0.0
    for j, series in enumerate(group.series):
        row = row0 + (j if standard else 0)
        z0 = (row + 0.5) * scene.row_depth - slab / 2.0
        z1 = z0 + slab
        look = frame.look(group, series)
        filled = not is_no_fill(look.sp_pr)
        color = look.color if filled else None
        run = [(i, s) for i, s in enumerate(segs[j]) if s is not None and i < scene.n_cat]
        if len(run) < 2:
            continue
        upper = [(scene.cat_pos(i), scene.value_pos(s[1])) for i, s in run]
        lower = [(scene.cat_pos(i), scene.value_pos(s[0] if stacked else base)) for i, s in run]
        outline = upper + list(reversed(lower))
        item = Item(cam.depth(scene.point(upper[0][0], upper[0][1], (z0 + z1) / 2)), j)
        back = [scene.point(c, v, z1) for c, v in outline]
        if cam.sees((0.0, 0.0, 1.0), back[0]):
            item.faces.append(Face(cam.polygon(back), color, None, look.pen))
        edges = list(zip(outline, outline[1:] + outline[:1], strict=True))
        side_faces: list[tuple[float, Face]] = []
        for (c0, v0), (c1, v1) in edges:
            a0, a1 = scene.point(c0, v0, z0), scene.point(c1, v1, z0)
            b0, b1 = scene.point(c0, v0, z1), scene.point(c1, v1, z1)
            if a0 == a1:
                continue
            normal = _outward(scene, (c0, v0), (c1, v1))
            if not cam.sees(normal, _mid(a0, b1)):
                continue
            amount = _shade_of(normal) if abs(normal[1]) > 0.5 or abs(normal[0]) > 0.5 else TOP_LIGHT / 2
            face_color = shade(color, amount) if color is not None else None
            face = Face(cam.polygon([a0, a1, b1, b0]), face_color, None, look.pen)
            side_faces.append((cam.depth(_mid(a0, b1)), face))
        item.faces += [f for _d, f in sorted(side_faces, key=lambda df: -df[0])]
        front = [scene.point(c, v, z0) for c, v in outline]
        if cam.sees((0.0, 0.0, -1.0), front[0]):
            item.faces.append(Face(cam.polygon(front), color, look.sp_pr if filled else None, look.pen))
        items.append(item)
        if _labels_of(group, series) is not None:
            for (i, _s), (c, v) in zip(run, upper, strict=False):
                value = series.values[i] if i < len(series.values) else None
                spec = _point_labels(group, series, i)
                if value is None or spec is None or not spec.any or i in spec.deleted:
                    continue
                p = cam.at(scene.point(c, v, z0))
                text = _label_text(frame, spec, series, i, value, None)
                labels.append(Label(text, QRectF(p, p), "ctr", True, True, spec, look))
    return labels


def _outward(scene: Scene, a: tuple[float, float], b: tuple[float, float]) -> Point3:
    """Outward normal of an edge of the area outline (upper edge left to right, lower right to left)."""
    dc, dv = b[0] - a[0], b[1] - a[1]
    n = math.hypot(dc, dv) or 1.0
    nc, nv = -dv / n, dc / n  # left of the travel direction, in (category, value) terms
    if scene.horizontal_values:
        return (nv, nc, 0.0)
    return (nc, nv, 0.0)
