"""How a 3-D camera (a:scene3d/a:camera, ECMA-376 20.1.5.5) sees a flat shape or picture.

The camera's preset names a rotation (latitude, longitude, revolution) and a projection; an a:rot
overrides the preset's three angles, fov its field of view, zoom scales the view. The flat shape
is turned in space about its centre and projected: isometric and orthographic presets without
perspective (an affine map), perspective presets with it (a projective one). Oblique and legacy
presets turn nothing: they show the front face square and slant only the extrusion, which is not
drawn here (nor are bevels seen at an angle: worker.render.bevel draws those only from the front).

Conventions (as MS Office's, in LibreOffice's reading, oox scene3dhelper.cxx): x right, y down,
z towards the viewer. The shape turns first about the vertical axis by the longitude (positive
brings its right edge nearer), then about the horizontal axis by the latitude (positive brings its
top nearer), then about the view axis by the revolution (positive counter-clockwise on the page).
A non-legacy camera turns the shape before its own rotation (xfrm rot) is applied on the page, a
legacy camera after.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from lxml import etree
from PySide6.QtCore import QRectF
from PySide6.QtGui import QPolygonF, QTransform

from worker.deck.xml import attr_int, child

_ANGLE = 60000.0  # ST_Angle units per degree
_FULL_TURN = 360 * 60000

# ST_PresetCameraType's rotations (lat, lon, rev in 60000ths of a degree): the values MS Office's
# 3-D Rotation panel shows for each preset, as LibreOffice measured them (oox
# scene3dhelper.cxx, aPrstCameraValuesArray; tdf#70039). Presets not listed turn nothing: the
# orthographic, oblique and legacy ones.
_ROTATIONS: dict[str, tuple[int, int, int]] = {
    "isometricBottomDown": (2124000, 18882000, 17988000),
    "isometricBottomUp": (2124000, 2718000, 3612000),
    "isometricLeftDown": (2100000, 2700000, 0),
    "isometricLeftUp": (19500000, 2700000, 0),
    "isometricOffAxis1Left": (1080000, 3840000, 0),
    "isometricOffAxis1Right": (1080000, 20040000, 0),
    "isometricOffAxis1Top": (18078000, 18390000, 3456000),
    "isometricOffAxis2Left": (1080000, 1560000, 0),
    "isometricOffAxis2Right": (1080000, 17760000, 0),
    "isometricOffAxis2Top": (18078000, 3210000, 18144000),
    "isometricOffAxis3Bottom": (3522000, 18390000, 18144000),
    "isometricOffAxis3Left": (20520000, 3840000, 0),
    "isometricOffAxis3Right": (20520000, 20040000, 0),
    "isometricOffAxis4Bottom": (3522000, 3210000, 3456000),
    "isometricOffAxis4Left": (20520000, 1560000, 0),
    "isometricOffAxis4Right": (20520000, 17760000, 0),
    "isometricRightDown": (19500000, 18900000, 0),
    "isometricRightUp": (2100000, 18900000, 0),
    "isometricTopDown": (19476000, 2718000, 17988000),
    "isometricTopUp": (19476000, 18882000, 3612000),
    "perspectiveAbove": (20400000, 0, 0),
    "perspectiveAboveLeftFacing": (2358000, 858000, 20466000),
    "perspectiveAboveRightFacing": (2358000, 20742000, 1134000),
    "perspectiveBelow": (1200000, 0, 0),
    "perspectiveContrastingLeftFacing": (624000, 2634000, 21384000),
    "perspectiveContrastingRightFacing": (624000, 18966000, 216000),
    "perspectiveHeroicExtremeLeftFacing": (486000, 2070000, 21426000),
    "perspectiveHeroicExtremeRightFacing": (486000, 19530000, 174000),
    "perspectiveHeroicLeftFacing": (20940000, 858000, 156000),
    "perspectiveHeroicRightFacing": (20940000, 20742000, 21444000),
    "perspectiveLeft": (0, 1200000, 0),
    "perspectiveRelaxed": (18576000, 0, 0),
    "perspectiveRelaxedModerately": (19488000, 0, 0),
    "perspectiveRight": (0, 20400000, 0),
}

# The perspective presets' field of view in degrees: 45, the heroic extreme ones 80 (LibreOffice's
# view distances for them, 38451 and 18981 hundredths of a mm, are 15976 / tan(fov / 2)).
_WIDE_FOV = frozenset(("perspectiveHeroicExtremeLeftFacing", "perspectiveHeroicExtremeRightFacing"))
_DEFAULT_FOV = 45.0
_WIDE = 80.0

# The camera's distance from the shape's centre, in the shape's larger side, times tan(fov / 2):
# fitted to PowerPoint's renderings of a 2 in square (perspectiveLeft, 45 degrees: its near edge
# 1.043 times the far one; perspectiveHeroicExtremeRightFacing, 80 degrees: 1.153; both give
# 3.4), whose perspective keeps with the shape's size.
_DISTANCE = 3.4
# Never nearer than this many times the deepest corner: a field of view near 180 degrees would
# put the eye inside the shape.
_NEAREST = 1.5
_MAX_FOV = 179.0


@dataclass(frozen=True)
class CameraView:
    """The camera's map of the shape's plane, about the shape's centre (the origin), in points;
    ``affine`` when it has no perspective; ``legacy`` when the shape's own rotation comes first;
    ``edge_on`` when the plane is seen edge on."""

    transform: QTransform
    affine: bool
    legacy: bool
    edge_on: bool = False

    def flat_equivalent(self) -> QTransform:
        """The affine map nearest the view at the shape's centre (what it does to a small piece
        there): where text laid down flat for search goes."""
        t = self.transform
        return QTransform(t.m11(), t.m12(), t.m21(), t.m22(), 0.0, 0.0)


def _angles(camera: etree._Element) -> tuple[float, float, float]:
    rot = child(camera, "rot")
    if rot is not None:
        lat, lon, rev = (attr_int(rot, name, 0) % _FULL_TURN for name in ("lat", "lon", "rev"))
    else:
        lat, lon, rev = _ROTATIONS.get(camera.get("prst", ""), (0, 0, 0))
    return lat / _ANGLE, lon / _ANGLE, rev / _ANGLE


def _rotation(lat: float, lon: float, rev: float) -> list[list[float]]:
    """Z(rev) X(lat) Y(lon) as a 3x3 matrix acting on column vectors (x right, y down, z near)."""
    a, b, c = math.radians(lat), math.radians(lon), math.radians(rev)
    y_turn = [[math.cos(b), 0.0, -math.sin(b)], [0.0, 1.0, 0.0], [math.sin(b), 0.0, math.cos(b)]]
    x_turn = [[1.0, 0.0, 0.0], [0.0, math.cos(a), math.sin(a)], [0.0, -math.sin(a), math.cos(a)]]
    z_turn = [[math.cos(c), math.sin(c), 0.0], [-math.sin(c), math.cos(c), 0.0], [0.0, 0.0, 1.0]]

    def times(m: list[list[float]], n: list[list[float]]) -> list[list[float]]:
        return [[sum(m[i][k] * n[k][j] for k in range(3)) for j in range(3)] for i in range(3)]

    return times(z_turn, times(x_turn, y_turn))


def camera_view(scene: etree._Element | None, width: float, height: float) -> CameraView | None:
    """The view of a ``width`` x ``height`` shape the scene's camera gives; None when it sees the
    shape's face square (no scene, a front, oblique or legacy preset, a rotation of zero)."""
    camera = child(scene, "camera")
    if camera is None:
        return None
    preset = camera.get("prst", "")
    lat, lon, rev = _angles(camera)
    legacy = preset.startswith("legacy")
    if preset.startswith("legacyPerspective"):
        rev = 0.0  # Office writes a revolution for these cameras but does not turn by it
    zoom = attr_int(camera, "zoom", 100000) / 100000.0
    if not math.isfinite(zoom) or zoom <= 0:
        zoom = 1.0
    if lat == 0 and lon == 0 and rev == 0 and zoom == 1.0:
        return None
    r = _rotation(lat, lon, rev)
    fov = 0.0
    if preset.startswith("perspective"):
        fov = _WIDE if preset in _WIDE_FOV else _DEFAULT_FOV
        if camera.get("fov") is not None:
            fov = attr_int(camera, "fov", 0) / _ANGLE
    fov = min(max(fov, 0.0), _MAX_FOV)
    m13 = m23 = 0.0
    if fov > 0 and (lat or lon):
        side = max(width, height, 1e-6)
        distance = _DISTANCE * side / math.tan(math.radians(fov) / 2.0)
        deepest = max(abs(r[2][0]) * width / 2.0 + abs(r[2][1]) * height / 2.0, 1e-6)
        distance = max(distance, _NEAREST * deepest)
        # A point at depth z is seen distance / (distance - z) times larger: w = 1 - z / distance.
        m13, m23 = -r[2][0] / distance, -r[2][1] / distance
    transform = QTransform(zoom * r[0][0], zoom * r[1][0], m13, zoom * r[0][1], zoom * r[1][1], m23, 0.0, 0.0, 1.0)
    # Seen edge on, the plane shows nothing (the map is singular).
    edge_on = abs(r[0][0] * r[1][1] - r[0][1] * r[1][0]) < 1e-6
    return CameraView(transform, affine=m13 == 0 and m23 == 0, legacy=legacy, edge_on=edge_on)


def projected_box(view: CameraView, box: QRectF) -> QRectF:
    """``box`` (about the origin) as the view maps it: the bounds of its four corners."""
    corners = QPolygonF([box.topLeft(), box.topRight(), box.bottomRight(), box.bottomLeft()])
    return view.transform.map(corners).boundingRect()
