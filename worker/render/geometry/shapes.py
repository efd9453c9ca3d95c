"""The geometry of a shape's spPr: a preset with adjust values, a custom geometry, or a rectangle."""

from __future__ import annotations

import logging
from collections.abc import Mapping

from lxml import etree
from PySide6.QtCore import QRectF
from PySide6.QtGui import QPainterPath

from .compiled import clean_size, compile_geometry
from .custom_xml import adjust_values, parse_custom
from .model import BuiltGeometry, FillMode, ShapePath
from .preset_library import PresetLibrary, default_library

log = logging.getLogger(__name__)

_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_warned_unknown: set[str] = set()


def preset_geometry(
    name: str,
    width: float,
    height: float,
    adjust: Mapping[str, float] | None = None,
    library: PresetLibrary | None = None,
) -> BuiltGeometry | None:
    """A preset shape (ST_ShapeType name) built for width×height points; None if unknown."""
    compiled = (library or default_library).get(name)
    if compiled is None:
        return None
    return compiled.build(width, height, adjust)


def custom_geometry(cust_geom: etree._Element, width: float, height: float) -> BuiltGeometry:
    """An a:custGeom element built for width×height points."""
    compiled = compile_geometry(parse_custom(cust_geom))
    if compiled.problems:
        log.warning("custom geometry: %s", "; ".join(compiled.problems[:10]))
    return compiled.build(width, height)


def rect_geometry(width: float, height: float) -> BuiltGeometry:
    """The plain rectangle, independent of the preset files."""
    w, h = clean_size(width), clean_size(height)
    path = QPainterPath()
    path.addRect(0.0, 0.0, w, h)
    return BuiltGeometry([ShapePath(path, FillMode.NORM, True)], QRectF(0.0, 0.0, w, h))


def geometry_for_sppr(
    sp_pr: etree._Element | None, width: float, height: float, library: PresetLibrary | None = None
) -> BuiltGeometry:
    """The geometry under a p:spPr/a:spPr; a rectangle when there is none or it is unknown."""
    if sp_pr is not None:
        prst = sp_pr.find(f"{_A}prstGeom")
        if prst is not None:
            name = prst.get("prst") or "rect"
            built = preset_geometry(name, width, height, adjust_values(prst.find(f"{_A}avLst")), library)
            if built is not None:
                return built
            if name not in _warned_unknown:
                _warned_unknown.add(name)
                log.warning("unknown preset shape %r; drawing a rectangle", name)
        else:
            cust = sp_pr.find(f"{_A}custGeom")
            if cust is not None:
                return custom_geometry(cust, width, height)
    return rect_geometry(width, height)
