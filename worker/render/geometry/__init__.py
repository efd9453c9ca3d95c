"""DrawingML shape geometry: preset and custom shapes as QPainterPaths in shape-local points."""

from .model import BuiltGeometry, FillMode, ShapePath
from .preset_library import PresetLibrary, default_library
from .shapes import GeometryCache, custom_geometry, geometry_for_sppr, preset_geometry, rect_geometry

__all__ = [
    "BuiltGeometry",
    "FillMode",
    "GeometryCache",
    "PresetLibrary",
    "ShapePath",
    "custom_geometry",
    "default_library",
    "geometry_for_sppr",
    "preset_geometry",
    "rect_geometry",
]
