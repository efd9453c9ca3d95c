"""Surface charts: c:surface3DChart, and c:surfaceChart (the same surface seen from straight above,
Excel's "contour" view).

Each series is one row of the surface along the depth and each category one column; the mesh's
cells are cut into value bands, one per interval of the value axis' major unit, and every band
has its own colour: the automatic colour of the series with the band's index (c:bandFmt overrides
it), which is what the legend lists ("0-10", "10-20", ...). A wireframe surface (c:wireframe)
draws lines only, each piece in its band's colour: the mesh's rows and columns in 3-D, the
contour lines between the bands seen from above.
"""

from __future__ import annotations

import itertools
import logging
import math
from collections.abc import Iterator
from dataclasses import dataclass

from lxml import etree
from PySide6.QtGui import QColor, QPainterPath, QPen

from worker.render.charts import axes as ax
from worker.render.charts.frame import Frame, Look
from worker.render.charts.model import Axis, Group
from worker.render.charts.scale import Scale
from worker.render.charts.space3d import Camera, Point3, shade
from worker.render.charts.style import fill_color_of, outline_pen

log = logging.getLogger(__name__)

MAX_BANDS = 64  # a value axis with a tiny major unit must not cut the surface into thousands


@dataclass
class Band:
    low: float
    high: float
    color: QColor
    sp_pr: etree._Element | None


def bands(frame: Frame, group: Group, scale: Scale) -> list[Band]:
    """The value bands between the axis' major ticks, with their colours."""
    ticks = scale.ticks()
    if len(ticks) < 2:
        ticks = [scale.minimum, scale.maximum]
    ticks = ticks[: MAX_BANDS + 1]
    count = len(ticks) - 1
    out: list[Band] = []
    for k in range(count):
        sp_pr = group.band_sp_pr.get(k)
        color = fill_color_of(frame.ctx, sp_pr) or frame.palette.color(k, count)
        out.append(Band(ticks[k], ticks[k + 1], color, sp_pr))
    return out


def value_axis(frame: Frame, group: Group) -> Axis:
    found = [frame.chart.axes[i] for i in group.ax_ids if i in frame.chart.axes]
    axis = next((a for a in found if a.kind == "valAx"), None)
    return axis if axis is not None else Axis(ax_id=f"val{id(group)}", kind="valAx", position="l", deleted=True)


def fix_value_axis(frame: Frame, group: Group, length: float) -> ax.AxisGeom:
    """Scale the surface's value axis for a plot about ``length`` pt high, once: the legend lists its
    bands before the plot is laid out, and the plot must cut the same bands."""
    geom = frame.surface_axes.get(id(group))
    if geom is None:
        geom = ax.AxisGeom(value_axis(frame, group), False, False, classic=not frame.palette.has_chart_style)
        geom.font = frame.styler.font(geom.axis.text, size=frame.base_size)
        ax.make_scale(geom, [group], length, False, frame=frame)
        frame.surface_axes[id(group)] = geom
    return geom


def legend_entries(frame: Frame, group: Group) -> list[tuple[str, Look]]:
    """One legend entry per band, lowest first ("0-10", "10-20", ...), in the band's colour."""
    geom = frame.surface_axes.get(id(group))
    if geom is None or geom.scale is None:
        return []
    texts = ax.tick_texts(frame, geom)
    out: list[tuple[str, Look]] = []
    for k, band in enumerate(bands(frame, group, geom.scale)):
        text = f"{texts[k]}-{texts[k + 1]}" if k + 1 < len(texts) else ""
        out.append((text, Look(band.sp_pr, band.color, None, "none", 0.0, None)))
    return out


def _clip(polygon: list[tuple[Point3, float]], level: float, keep_above: bool) -> list[tuple[Point3, float]]:
    """The part of a planar polygon (points with their values) on one side of ``value == level``."""
    out: list[tuple[Point3, float]] = []
    n = len(polygon)
    for i in range(n):
        (p, v), (q, w) = polygon[i], polygon[(i + 1) % n]
        p_in = v >= level if keep_above else v <= level
        q_in = w >= level if keep_above else w <= level
        if p_in:
            out.append((p, v))
        if p_in != q_in and w != v:
            t = (level - v) / (w - v)
            out.append(((p[0] + (q[0] - p[0]) * t, p[1] + (q[1] - p[1]) * t, p[2] + (q[2] - p[2]) * t), level))
    return out


@dataclass
class Piece:
    """One band's part of one mesh triangle, projected: painted back to front."""

    depth: float
    path: QPainterPath
    band: int
    light: float


MAX_MESH_POINTS = 20_000  # grid points of one surface; a finer grid is thinned evenly


def mesh_indices(rows: int, columns: int) -> tuple[list[int], list[int]]:
    """The series (rows) and categories (columns) the mesh goes through: all of them, or for a grid
    of more than MAX_MESH_POINTS (100,000 categories: half a million cells, tens of seconds and
    hundreds of MB of PDF for detail finer than a point) every n-th, the last one kept."""
    row_step = column_step = 1
    while math.ceil(rows / row_step) * math.ceil(columns / column_step) > MAX_MESH_POINTS:
        if math.ceil(columns / column_step) >= math.ceil(rows / row_step):
            column_step *= 2
        else:
            row_step *= 2
    if row_step * column_step > 1:
        log.info("surface of %d x %d points drawn through every %d x %d", rows, columns, row_step, column_step)

    def picked(count: int, step: int) -> list[int]:
        out = list(range(0, count, step))
        return [*out, count - 1] if count and out[-1] != count - 1 else out

    return picked(rows, row_step), picked(columns, column_step)


def mesh_pieces(
    cam: Camera, grid: list[list[tuple[Point3, float] | None]], band_list: list[Band], lit: bool
) -> list[Piece]:
    """The surface through ``grid`` (rows along the depth, columns along the categories: world
    points with their values; None where a value is missing) cut into triangles and bands."""
    pieces: list[Piece] = []
    for corners in _triangles(grid):
        light = _light(corners) if lit else 0.0
        low, high = min(v for _p, v in corners), max(v for _p, v in corners)
        for k, band in enumerate(band_list):
            if band.high < low or band.low > high:
                continue  # a band the triangle's values do not reach (up to 1,000 bands)
            part = _clip(corners, band.low, True)
            part = _clip(part, band.high, False) if part else part
            if len(part) < 3:
                continue
            points = [p for p, _v in part]
            center = (
                sum(p[0] for p in points) / len(points),
                sum(p[1] for p in points) / len(points),
                sum(p[2] for p in points) / len(points),
            )
            pieces.append(Piece(cam.depth(center), cam.polygon(points), k, light))
    return pieces


def _triangles(grid: list[list[tuple[Point3, float] | None]]) -> Iterator[list[tuple[Point3, float]]]:
    """The mesh's cells as two triangles each, skipping those with a missing corner."""
    for j in range(len(grid) - 1):
        for i in range(min(len(grid[j]), len(grid[j + 1])) - 1):
            a, b, c, d = grid[j][i], grid[j][i + 1], grid[j + 1][i + 1], grid[j + 1][i]
            for tri in ((a, b, c), (a, c, d)):
                corners = [p for p in tri if p is not None]
                if len(corners) == 3:
                    yield corners


def _light(corners: list[tuple[Point3, float]]) -> float:
    """Shading of a triangle by its slope: flat parts as they are, steep parts darker."""
    (p, _), (q, _), (r, _) = corners
    ux, uy, uz = q[0] - p[0], q[1] - p[1], q[2] - p[2]
    vx, vy, vz = r[0] - p[0], r[1] - p[1], r[2] - p[2]
    nx, ny, nz = uy * vz - uz * vy, uz * vx - ux * vz, ux * vy - uy * vx
    length = (nx * nx + ny * ny + nz * nz) ** 0.5
    if length < 1e-12:
        return 0.0
    return -0.25 * (1.0 - abs(ny) / length)


def _band_of(band_list: list[Band], value: float) -> int:
    for k, band in enumerate(band_list):
        if value <= band.high:
            return k
    return len(band_list) - 1


def mesh_lines(cam: Camera, grid: list[list[tuple[Point3, float] | None]], band_list: list[Band]) -> list[QPainterPath]:
    """The mesh's rows and columns, cut where they cross a band boundary: one path per band."""
    paths = [QPainterPath() for _ in band_list]
    levels = [band.low for band in band_list[1:]]
    edges: list[tuple[tuple[Point3, float], tuple[Point3, float]]] = []
    for j, row in enumerate(grid):
        for i, here in enumerate(row):
            if here is None:
                continue
            right = row[i + 1] if i + 1 < len(row) else None
            up = grid[j + 1][i] if j + 1 < len(grid) and i < len(grid[j + 1]) else None
            edges.extend((here, there) for there in (right, up) if there is not None)
    for (p, v), (q, w) in edges:
        cuts = sorted({0.0, 1.0, *((lv - v) / (w - v) for lv in levels if w != v and 0.0 < (lv - v) / (w - v) < 1.0)})
        for t0, t1 in itertools.pairwise(cuts):
            a = tuple(p[n] + (q[n] - p[n]) * t0 for n in range(3))
            b = tuple(p[n] + (q[n] - p[n]) * t1 for n in range(3))
            mid = v + (w - v) * (t0 + t1) / 2.0
            paths[_band_of(band_list, mid)].addPath(cam.line((a[0], a[1], a[2]), (b[0], b[1], b[2])))
    return paths


def contour_lines(
    cam: Camera, grid: list[list[tuple[Point3, float] | None]], band_list: list[Band]
) -> list[QPainterPath]:
    """Seen from above: the lines where the surface crosses each band's lower boundary."""
    paths = [QPainterPath() for _ in band_list]
    for corners in _triangles(grid):
        for k, band in enumerate(band_list[1:], start=1):
            crossing = _crossing(corners, band.low)
            if crossing is not None:
                paths[k].addPath(cam.line(*crossing))
    return paths


def _crossing(corners: list[tuple[Point3, float]], level: float) -> tuple[Point3, Point3] | None:
    points: list[Point3] = []
    for n in range(3):
        (p, v), (q, w) = corners[n], corners[(n + 1) % 3]
        if (v < level) != (w < level):
            t = (level - v) / (w - v)
            points.append((p[0] + (q[0] - p[0]) * t, p[1] + (q[1] - p[1]) * t, p[2] + (q[2] - p[2]) * t))
    return (points[0], points[1]) if len(points) == 2 else None


def paint_wires(frame: Frame, paths: list[QPainterPath], band_list: list[Band]) -> None:
    for path, band in zip(paths, band_list, strict=True):
        pen = outline_pen(frame.ctx, band.sp_pr, QPen(band.color, 0.75))
        if pen is not None and not path.isEmpty():
            frame.painter.strokePath(path, pen)


def paint_pieces(frame: Frame, pieces: list[Piece], band_list: list[Band], group: Group) -> None:
    """Fill the pieces back to front."""
    painter = frame.painter
    series_pen = outline_pen(frame.ctx, group.series[0].sp_pr if group.series else None, None)
    for piece in sorted(pieces, key=lambda p: -p.depth):
        band = band_list[piece.band]
        color = shade(band.color, piece.light) if piece.light else band.color
        painter.fillPath(piece.path, color)
        # Neighbouring pieces meet edge to edge: a hairline of their own colour hides the seam
        # anti-aliasing would leave between them.
        painter.strokePath(piece.path, series_pen or QPen(color, 0.3))
