"""3-D bevels and contours (a:sp3d, ECMA-376 20.1.5) on shapes and pictures seen from the front.

PowerPoint draws a shape with a top bevel (a:bevelT) as a surface whose rim, ``w`` wide inside the
outline, rises ``h`` towards the front face along the preset's profile, lit by the scene's light
rig (a:scene3d/a:lightRig). From a front-facing camera the only visible trace is that rim's
shading: lighter where the rim faces the light, darker where it faces away; the face itself keeps
the fill's colour. A contour (contourW, contourClr) is a solid band around the outline, unlit.
An extrusion seen from the front is hidden behind the face. Other cameras are not drawn (the
shape is drawn flat, as before).

The shading is a raster made here with Pillow (C loops; numpy is not a runtime dependency): the
shape's coverage blurred gives a smooth depth into the shape (a Gaussian edge: depth d below the
outline reads as Phi(d / sigma)); a lookup table turns that into the profile's height; a 3x3
kernel gives the height's slope in x and y; the light's Lambert term (and the material's
specular) from the surface normal, relative to the flat face's, read from a lookup table of the
two slopes, becomes a white or black overlay.
The overlay is drawn clipped to the shape, under the outline and the text.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable
from dataclasses import dataclass
from statistics import NormalDist

from lxml import etree
from PIL import Image, ImageChops, ImageFilter
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPainterPath, QPainterPathStroker, QTransform

from worker.deck.xml import attr_int, child
from worker.render.caches import remember
from worker.render.context import RenderContext
from worker.render.drawn_rasters import draw_raster
from worker.render.effects import MAX_POSITIVE_COORDINATE
from worker.render.picture_passthrough import StandIns
from worker.render.rasters import outline_scale, pixels_per_point, visible_rect

log = logging.getLogger(__name__)

EMU = 12700.0
_ANGLE = 60000.0  # ST_Angle units per degree
_FULL_TURN = 360 * 60000

# Cameras that look straight at the shape's face (ST_PresetCameraType). Any camera whose a:rot
# is all zero does too, an oblique projection's excepted (its face is seen square but its
# sides slanted).
_FRONT_CAMERAS = frozenset(("orthographicFront", "perspectiveFront", "legacyObliqueFront", "legacyPerspectiveFront"))

# ST_LightRigDirection: where the light comes from, as a direction on the page (y down).
_DIRECTIONS = {
    "t": (0.0, -1.0),
    "b": (0.0, 1.0),
    "l": (-1.0, 0.0),
    "r": (1.0, 0.0),
    "tl": (-1.0, -1.0),
    "tr": (1.0, -1.0),
    "bl": (-1.0, 1.0),
    "br": (1.0, 1.0),
}

# How strongly a rig models a surface, against threePt's 1: flat rigs barely, harsh ones more
# (a reading of the rigs' pictures; MS-OI29500 lists each rig's lights, not reproduced here).
_RIG_CONTRAST = {
    "flat": 0.35,
    "legacyFlat1": 0.35,
    "legacyFlat2": 0.35,
    "legacyFlat3": 0.35,
    "legacyFlat4": 0.35,
    "soft": 0.7,
    "glow": 0.7,
    "brightRoom": 0.8,
    "flood": 0.8,
    "harsh": 1.35,
    "contrasting": 1.35,
    "legacyHarsh1": 1.35,
    "legacyHarsh2": 1.35,
    "legacyHarsh3": 1.35,
    "legacyHarsh4": 1.35,
}

# ST_PresetMaterialType: (diffuse weight, specular weight, shininess). Matte and flat materials
# have no highlight; plastic and metal a clear one. The schema's default is warmMatte.
_MATERIALS = {
    "matte": (1.0, 0.0, 1.0),
    "legacyMatte": (1.0, 0.0, 1.0),
    "flat": (0.8, 0.0, 1.0),
    "legacyWireframe": (0.8, 0.0, 1.0),
    "warmMatte": (1.0, 0.12, 6.0),
    "powder": (0.9, 0.05, 4.0),
    "translucentPowder": (0.9, 0.05, 4.0),
    "softEdge": (0.85, 0.1, 8.0),
    "dkEdge": (1.2, 0.15, 10.0),
    "plastic": (1.0, 0.3, 20.0),
    "legacyPlastic": (1.0, 0.3, 20.0),
    "clear": (1.0, 0.35, 30.0),
    "softmetal": (1.05, 0.3, 10.0),
    "metal": (1.2, 0.45, 12.0),
    "legacyMetal": (1.2, 0.45, 12.0),
}
_DEFAULT_MATERIAL = "warmMatte"

# The key light's elevation above the face: what makes a rim facing it lighter, one facing away
# darker. Ambient light makes up the rest, so the face itself is lit at _AMBIENT + the diffuse.
_ELEVATION = math.radians(50.0)
_AMBIENT = 0.35
_DIFFUSE = 0.65
# Darkening is eased: PowerPoint's default bevel shades its far side only slightly.
_DARK_GAIN = 0.8
_LIGHT_GAIN = 1.0

# Depth below the outline as the blurred coverage reads it: sigma = w / _SIGMAS, so the rim's
# inner edge (depth w) is _SIGMAS sigmas in (coverage 0.977 for 2: 120 of 255 levels across it).
_SIGMAS = 2.0
# Raster resolution: enough pixels across the rim for a smooth slope, no more.
_RIM_PIXELS = 6.0
_MAX_PIXELS = 2_000_000
_NORMAL = NormalDist()
# Overlays made, by what they are made of (_overlay_key): for outlines of up to _KEYED_ELEMENTS
# elements, keeping images of up to _CACHED_PIXELS pixels (1 MB each), _CACHED_OVERLAYS of them.
_OVERLAYS: dict[tuple[object, ...], QImage] = {}
_KEYED_ELEMENTS = 256
_CACHED_PIXELS = 250_000
_CACHED_OVERLAYS = 32
# Overlay alphas from the change in light (as a level, 128 for none): white for more, black for less.
_WHITE_TABLE = [min(255, round(max(0, level - 128) / 127.0 * 255.0 * _LIGHT_GAIN)) for level in range(256)]
_BLACK_TABLE = [min(255, round(max(0, 128 - level) / 127.0 * 255.0 * _DARK_GAIN)) for level in range(256)]


@dataclass(frozen=True)
class Bevel:
    """a:bevelT, resolved: its width and height in points and its preset profile."""

    width: float
    height: float
    preset: str


@dataclass(frozen=True)
class Shape3D:
    """What a front view of a shape's 3-D properties shows: its top bevel (if any) lit from
    ``light`` (a page direction, unit length), its material, and its contour (width in points)."""

    bevel: Bevel | None
    light: tuple[float, float]
    contrast: float
    material: str
    contour_width: float = 0.0
    contour_color: QColor | None = None


def _style_part(
    ctx: RenderContext, style: etree._Element | None, name: str
) -> tuple[etree._Element | None, QColor | None]:
    """The theme effect style's ``name`` child that the shape style's effectRef names, and the
    effectRef's colour (phClr in it)."""
    ref = child(style, "effectRef")
    if ref is None:
        return None, None
    idx = attr_int(ref, "idx", 0)
    if 1 <= idx <= len(ctx.theme.effect_styles):
        found = child(ctx.theme.effect_styles[idx - 1], name)
        return found, ctx.color(ref) if found is not None else None
    return None, None


def _resolved(
    ctx: RenderContext, own_props: list[etree._Element | None], style: etree._Element | None, name: str
) -> tuple[etree._Element | None, QColor | None]:
    """``name`` (scene3d, sp3d) from the nearest spPr that states it, else from the theme's effect
    style: each overrides separately, as a:effectLst does."""
    for props in own_props:
        found = child(props, name)
        if found is not None:
            return found, None
    return _style_part(ctx, style, name)


def read_scene(
    ctx: RenderContext, own_props: list[etree._Element | None], style: etree._Element | None
) -> etree._Element | None:
    """The shape's a:scene3d: from the nearest spPr that states one, else the theme effect style's."""
    return _resolved(ctx, own_props, style, "scene3d")[0]


def _angle(el: etree._Element | None, name: str) -> int:
    return attr_int(el, name, 0) % _FULL_TURN


def faces_front(scene: etree._Element | None) -> bool:
    """Whether the scene's camera looks straight at the shape's face (no scene: PowerPoint's
    default front view)."""
    camera = child(scene, "camera")
    if scene is None or camera is None:
        return True
    rot = child(camera, "rot")
    preset = camera.get("prst", "")
    if rot is not None:
        square = _angle(rot, "lat") == 0 and _angle(rot, "lon") == 0 and _angle(rot, "rev") == 0
        return square and (preset in _FRONT_CAMERAS or not preset.startswith("oblique"))
    return preset in _FRONT_CAMERAS


def _light(scene: etree._Element | None) -> tuple[tuple[float, float], float]:
    """The key light's page direction (unit vector towards the light) and the rig's contrast."""
    rig = child(scene, "lightRig")
    if rig is None:
        return (0.0, -1.0), 1.0
    dx, dy = _DIRECTIONS.get(rig.get("dir", "t"), (0.0, -1.0))
    rev = math.radians(_angle(child(rig, "rot"), "rev") / _ANGLE)
    if rev:
        # The rig turned about the view axis, clockwise on the page.
        dx, dy = dx * math.cos(rev) - dy * math.sin(rev), dx * math.sin(rev) + dy * math.cos(rev)
    norm = math.hypot(dx, dy) or 1.0
    return (dx / norm, dy / norm), _RIG_CONTRAST.get(rig.get("rig", ""), 1.0)


def _coordinate(el: etree._Element | None, name: str, default: int) -> float:
    value = attr_int(el, name, default)
    return value / EMU if 0 <= value <= MAX_POSITIVE_COORDINATE else default / EMU


def read_shape_3d(
    ctx: RenderContext, own_props: list[etree._Element | None], style: etree._Element | None
) -> Shape3D | None:
    """The shape's a:sp3d as a front view draws it; None when there is nothing to draw (no sp3d,
    an empty one, or a camera that does not face the shape, which is left flat)."""
    sp3d, ph_color = _resolved(ctx, own_props, style, "sp3d")
    if sp3d is None:
        return None
    if not faces_front(read_scene(ctx, own_props, style)):
        return None
    bevel = None
    top = child(sp3d, "bevelT")
    if top is not None:
        width, height = _coordinate(top, "w", 76200), _coordinate(top, "h", 76200)
        if width > 0 and height > 0:
            bevel = Bevel(width, height, top.get("prst", "circle"))
    contour_width = _coordinate(sp3d, "contourW", 0)
    contour_color = None
    if contour_width > 0:
        # No colour stated: black (the schema gives none; Office's automatic line colour).
        contour_color = ctx.color(child(sp3d, "contourClr"), ph_color) or QColor(0, 0, 0)
    if bevel is None and (contour_width <= 0 or contour_color is None or contour_color.alpha() == 0):
        return None
    light, contrast = _light(read_scene(ctx, own_props, style))
    material = sp3d.get("prstMaterial", _DEFAULT_MATERIAL)
    return Shape3D(bevel, light, contrast, material, contour_width, contour_color)


# -- contour ---------------------------------------------------------------------------------------


def draw_contour(painter: QPainter, shape3d: Shape3D, area: QPainterPath, outline_width: float) -> None:
    """The contour: a solid band ``contour_width`` wide outside the outline (half the line's
    width outside the shape's edge), never lit."""
    if shape3d.contour_color is None or shape3d.contour_width <= 0 or area.isEmpty():
        return
    grow = shape3d.contour_width + outline_width / 2.0
    # Every point in sight lies within the diagonal of the page and the shape's bounds from the
    # outline: a band that wide covers all of it already. A wider one (contourW="1e10", 787,000
    # pt) stroked a fuzzed 10,001-point outline with joins that size: 740 MB in a thumbnail.
    seen = visible_rect(painter).united(area.boundingRect())
    grow = min(grow, math.hypot(seen.width(), seen.height()) + 1.0)
    painter.save()
    try:
        outside = QPainterPath()
        outside.addRect(area.boundingRect().adjusted(-grow - 1, -grow - 1, grow + 1, grow + 1))
        painter.setClipPath(outside.subtracted(area), Qt.ClipOperation.IntersectClip)
        stroker = QPainterPathStroker()
        stroker.setWidth(2.0 * grow)
        stroker.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        # Filled, not stroked: viewers draw a stroke thinner than a pixel a pixel wide (a 0.08 pt
        # contour showed as a bold line), a fill as thin as it is.
        painter.fillPath(stroker.createStroke(area), shape3d.contour_color)
    finally:
        painter.restore()


# -- bevel profiles --------------------------------------------------------------------------------


def _circle(t: float) -> float:
    return math.sqrt(max(0.0, 1.0 - (1.0 - t) ** 2))


def _relaxed_inset(t: float) -> float:
    return 1.0 - (1.0 - t) ** 2


def _slope(t: float) -> float:
    return t


def _cross(t: float) -> float:
    # A ridge: up to the rim's middle, back down to the face.
    return 1.0 - abs(2.0 * t - 1.0)


def _angle_profile(t: float) -> float:
    # A chamfer whose steep lower half meets a gentler upper one.
    return 1.4 * t if t < 0.5 else 0.7 + 0.6 * (t - 0.5)


def _soft_round(t: float) -> float:
    return (1.0 - math.cos(math.pi * t)) / 2.0


def _convex(t: float) -> float:
    return math.sin(math.pi * t / 2.0) ** 0.5


def _cool_slant(t: float) -> float:
    # A slant that drops back a little before the face: a lit edge with a shaded crease.
    return min(1.0, 1.6 * t) if t < 0.75 else 1.0 - 0.4 * (t - 0.75)


def _divot(t: float) -> float:
    # A groove: up, a dip, up again to the face.
    return t + 0.35 * math.sin(2.0 * math.pi * t)


def _riblet(t: float) -> float:
    return 0.5 * t + 0.25 * (1.0 - math.cos(6.0 * math.pi * t))


def _hard_edge(t: float) -> float:
    return min(1.0, 3.0 * t) * 0.85 + 0.15 * t


def _art_deco(t: float) -> float:
    # Three terraces with steep risers.
    step = min(2.0, math.floor(3.0 * t))
    rise = min(1.0, (3.0 * t - step) * 3.0)
    return (step + rise) / 3.0


_PROFILES: dict[str, Callable[[float], float]] = {
    "circle": _circle,
    "relaxedInset": _relaxed_inset,
    "slope": _slope,
    "cross": _cross,
    "angle": _angle_profile,
    "softRound": _soft_round,
    "convex": _convex,
    "coolSlant": _cool_slant,
    "divot": _divot,
    "riblet": _riblet,
    "hardEdge": _hard_edge,
    "artDeco": _art_deco,
}

# Profile height tables (blurred coverage level -> height level), and the largest slope of each.
_HEIGHT_TABLES: dict[str, tuple[list[int], float]] = {}


def _height_table(preset: str) -> tuple[list[int], float]:
    """A lookup table from the blurred coverage level to the profile's height (0-255), and the
    profile's steepest slope (height per rim width)."""
    known = _HEIGHT_TABLES.get(preset)
    if known is not None:
        return known
    profile = _PROFILES.get(preset, _circle)
    table = []
    for level in range(256):
        value = level / 255.0
        if value <= 0.5:
            depth = 0.0
        elif value >= 0.9999:
            depth = 1.0
        else:
            depth = min(1.0, _NORMAL.inv_cdf(value) / _SIGMAS)
        table.append(round(255.0 * max(0.0, min(1.0, profile(depth)))))
    steepest = max(abs(profile((i + 1) / 64.0) - profile(i / 64.0)) * 64.0 for i in range(64))
    return remember(_HEIGHT_TABLES, preset, (table, min(steepest, 8.0)), 32)


# -- bevel shading ---------------------------------------------------------------------------------


def _local_light(painter: QPainter, page_transform: QTransform, light: tuple[float, float]) -> tuple[float, float]:
    """The page direction ``light`` in the painter's local space (the shape's own, turned and
    flipped with it): the light stays where the page has it."""
    m = painter.worldTransform()
    inverse_page, ok = page_transform.inverted()
    if ok:
        m = m * inverse_page
    linear = QTransform(m.m11(), m.m12(), m.m21(), m.m22(), 0.0, 0.0)
    inverse, invertible = linear.inverted()
    if not invertible:
        return light
    mapped = inverse.map(QPointF(light[0], light[1]))
    norm = math.hypot(mapped.x(), mapped.y()) or 1.0
    return mapped.x() / norm, mapped.y() / norm


def paint_bevel(
    painter: QPainter,
    shape3d: Shape3D,
    area: QPainterPath,
    page_transform: QTransform,
    stand_ins: StandIns | None,
) -> None:
    """The top bevel's shading over what is already drawn of ``area`` (the shape's filled
    outline, in the painter's local points)."""
    bevel = shape3d.bevel
    if bevel is None or area.isEmpty():
        return
    bounds = area.boundingRect()
    width_pt = min(bevel.width, min(bounds.width(), bounds.height()) / 2.0)
    if width_pt <= 0:
        return
    sigma_pt = width_pt / _SIGMAS
    pad = 3.0 * sigma_pt
    box = bounds.adjusted(-pad, -pad, pad, pad).intersected(visible_rect(painter).adjusted(-pad, -pad, pad, pad))
    if box.width() <= 0 or box.height() <= 0:
        return
    scale = min(pixels_per_point(painter, box), _RIM_PIXELS / width_pt)
    scale = min(scale, math.sqrt(_MAX_PIXELS / max(box.width() * box.height(), 1e-6)))
    scale = outline_scale(scale, area, box)
    width = max(1, math.ceil(box.width() * scale))
    height = max(1, math.ceil(box.height() * scale))
    if width < 3 or height < 3 or width * scale < 1:
        return
    light = _local_light(painter, page_transform, shape3d.light)
    key = _overlay_key(area, box, width, height, scale, light, shape3d)
    overlay = _OVERLAYS.get(key) if key is not None else None
    if overlay is None:
        overlay = _shading(area, box, width, height, scale, width_pt, light, shape3d)
        if overlay is None:
            return
        if key is not None and width * height <= _CACHED_PIXELS:
            remember(_OVERLAYS, key, overlay, _CACHED_OVERLAYS)
    painter.save()
    try:
        painter.setClipPath(area, Qt.ClipOperation.IntersectClip)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
        draw_raster(
            painter, QRectF(box.left(), box.top(), width / scale, height / scale), overlay, stand_ins, lossless=True
        )
    finally:
        painter.restore()


def _overlay_key(
    area: QPainterPath,
    box: QRectF,
    width: int,
    height: int,
    scale: float,
    light: tuple[float, float],
    shape3d: Shape3D,
) -> tuple[object, ...] | None:
    """What an overlay is made of, where the area is small enough to say so cheaply: the outline
    relative to the raster's box, the raster's size and scale, the bevel and its light. Decks
    repeat their bevelled buttons and boxes slide after slide (poi__stress022: 74 bevels, 29
    distinct)."""
    count = area.elementCount()
    if count > _KEYED_ELEMENTS:
        return None
    left, top = box.left(), box.top()
    outline = []
    for i in range(count):
        element = area.elementAt(i)
        outline.append((round(element.x - left, 3), round(element.y - top, 3), element.type.value))
    return (
        tuple(outline),
        width,
        height,
        round(scale, 6),
        round(light[0], 6),
        round(light[1], 6),
        shape3d.bevel,
        shape3d.material,
        shape3d.contrast,
    )


def _coverage(area: QPainterPath, box: QRectF, width: int, height: int, scale: float) -> Image.Image:
    """``area``'s coverage of ``box`` as a Pillow greyscale image."""
    image = QImage(width, height, QImage.Format.Format_Grayscale8)
    image.fill(0)
    raster = QPainter(image)
    try:
        raster.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        raster.scale(scale, scale)
        raster.translate(-box.left(), -box.top())
        raster.fillPath(area, QColor(255, 255, 255))
    finally:
        raster.end()
    return Image.frombuffer("L", (width, height), bytes(image.constBits()), "raw", "L", image.bytesPerLine(), 1)


def _level_edges(gradient: Image.Image) -> Image.Image:
    """``gradient`` with its outermost pixels level (128): Pillow leaves a kernel's border pixels
    unfiltered, heights that would read as slopes."""
    width, height = gradient.size
    for strip in ((0, 0, width, 1), (0, height - 1, width, height), (0, 0, 1, height), (width - 1, 0, width, height)):
        gradient.paste(128, strip)
    return gradient


_LIGHT_TABLES: dict[tuple[object, ...], ImageFilter.Color3DLUT] = {}
_LIGHT_TABLE_SIZE = (65, 65, 2)  # the largest Pillow takes: a level in 4 between grid points


def _light_table(
    light: tuple[float, float], levels_per_slope: float, material: str, contrast: float
) -> ImageFilter.Color3DLUT:
    """The change in light as a level about 128 (in the first channel) for the slopes' levels
    (x, y) about 128: the key light's Lambert term and the material's highlight on the surface
    whose normal the slopes give, less the flat face's, times the rig's contrast."""
    key = (round(light[0], 6), round(light[1], 6), round(levels_per_slope, 6), material, contrast)
    known = _LIGHT_TABLES.get(key)
    if known is not None:
        return known
    diffuse, specular, shininess = _MATERIALS.get(material, _MATERIALS[_DEFAULT_MATERIAL])
    lx, ly = light[0] * math.cos(_ELEVATION), light[1] * math.cos(_ELEVATION)
    lz = math.sin(_ELEVATION)
    # Blinn's half vector between the light and the viewer (straight in front).
    hx, hy, hz = lx, ly, lz + 1.0
    hn = math.sqrt(hx * hx + hy * hy + hz * hz)
    hx, hy, hz = hx / hn, hy / hn, hz / hn
    kd = _DIFFUSE * diffuse
    flat = kd * lz + specular * hz**shininess
    step = 1.0 / levels_per_slope

    # Color3DLUT.generate would call a function for each of the 65 x 65 x 2 grid points; the value
    # depends on the first two axes only, so each is worked out once (the same arithmetic, in the
    # same order, so the same floats) and the plane repeated along the unused third axis. Making
    # the tables was a third of the bevels' time (a new one for each light, material and rim).
    columns, rows, planes = _LIGHT_TABLE_SIZE
    slopes_x = [((r / (columns - 1)) * 255.0 - 128.0) * step for r in range(columns)]
    slopes_y = [((g / (rows - 1)) * 255.0 - 128.0) * step for g in range(rows)]
    # (lz - sx * lx) - sy * ly, as the expression reads left to right.
    lit_x = [lz - sx * lx for sx in slopes_x]
    shine_x = [hz - sx * hx for sx in slopes_x]
    plane: list[float] = []
    for sy in slopes_y:
        sy_ly, sy_hy, sy_sy = sy * ly, sy * hy, sy * sy
        for sx, lit0, shine0 in zip(slopes_x, lit_x, shine_x, strict=True):
            # The normal of the surface z = height(x, y) is (-sx, -sy, 1) / r.
            r = math.sqrt(sx * sx + sy_sy + 1.0)
            lit = (lit0 - sy_ly) / r
            lit = (lit if lit >= 0.0 else 0.0) * kd  # max(lit, 0.0)
            if specular > 0:
                shine = (shine0 - sy_hy) / r
                lit += (shine if shine >= 0.0 else 0.0) ** shininess * specular
            value = (lit - flat) * contrast * 127.0 + 128.0
            value = (value if value >= 0.0 else 0.0) if value <= 255.0 else 255.0  # min(max(v, 0), 255)
            value /= 255.0
            plane += (value, value, value)
    table = plane * planes
    return remember(_LIGHT_TABLES, key, ImageFilter.Color3DLUT(_LIGHT_TABLE_SIZE, table, _copy_table=False), 16)


def _shading(
    area: QPainterPath,
    box: QRectF,
    width: int,
    height: int,
    scale: float,
    width_pt: float,
    light: tuple[float, float],
    shape3d: Shape3D,
) -> QImage | None:
    """The overlay: white where the rim is lit more than the face, black where less, as an RGBA
    image over ``box``; the rim ``width_pt`` wide (the bevel's, at most half the shape)."""
    bevel = shape3d.bevel
    assert bevel is not None
    coverage = _coverage(area, box, width, height, scale)
    depth = coverage.filter(ImageFilter.GaussianBlur(width_pt / _SIGMAS * scale))
    table, steepest = _height_table(bevel.preset)
    heights = depth.point(table)
    # Slope units per level of the kernels' output: the steepest slope (height over the rim's
    # width, h / w times the profile's own) spans most of the 127 levels either side of 128.
    max_slope = max(bevel.height / width_pt * steepest, 1e-3)
    levels_per_slope = min(64.0, 110.0 / max_slope)
    # Sobel sums 8 height differences a pixel; a height level is bevel.height / 255 points.
    kernel_scale = 255.0 * 8.0 / (levels_per_slope * bevel.height * scale)
    sobel_x = ImageFilter.Kernel((3, 3), (-1, 0, 1, -2, 0, 2, -1, 0, 1), scale=kernel_scale, offset=128)
    # Pillow applies a kernel's rows bottom up (its columns left to right): this one is d/dy, y down.
    sobel_y = ImageFilter.Kernel((3, 3), (1, 2, 1, 0, 0, 0, -1, -2, -1), scale=kernel_scale, offset=128)
    gx = _level_edges(heights.filter(sobel_x))
    gy = _level_edges(heights.filter(sobel_y))
    # The change in light, a level about 128, is a function of the two slopes' levels alone: a
    # lookup table evaluates it in C (its third axis unused), where per-pixel float maths cost a
    # large bevel 20 ms.
    light_table = _light_table(light, levels_per_slope, shape3d.material, shape3d.contrast)
    delta = Image.merge("RGB", (gx, gy, gy)).filter(light_table).getchannel(0)
    white = delta.point(_WHITE_TABLE)
    black = delta.point(_BLACK_TABLE)
    alpha = ImageChops.lighter(white, black)
    if alpha.getbbox() is None:
        return None
    tone = white.point([0] + [255] * 255)
    rgba = Image.merge("RGBA", (tone, tone, tone, alpha))
    data = rgba.tobytes()
    image = QImage(data, width, height, width * 4, QImage.Format.Format_RGBA8888).copy()
    dots_per_meter = round(scale * 72.0 / 0.0254)
    image.setDotsPerMeterX(dots_per_meter)
    image.setDotsPerMeterY(dots_per_meter)
    return image
