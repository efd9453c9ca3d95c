"""The geometry of a shape's spPr: a preset with adjust values, a custom geometry, or a rectangle."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Mapping

from lxml import etree
from PySide6.QtCore import QRectF
from PySide6.QtGui import QPainterPath

from .compiled import CompiledGeometry, clean_size, compile_geometry
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


def custom_geometry(
    cust_geom: etree._Element, width: float, height: float, cache: GeometryCache | None = None
) -> BuiltGeometry:
    """An a:custGeom element built for width×height points."""
    compiled = cache.compiled(cust_geom) if cache is not None else compile_geometry(parse_custom(cust_geom))
    if compiled.problems:
        log.warning("custom geometry: %s", "; ".join(compiled.problems[:10]))
    return compiled.build(width, height)


def rect_geometry(width: float, height: float) -> BuiltGeometry:
    """The plain rectangle, independent of the preset files."""
    w, h = clean_size(width), clean_size(height)
    path = QPainterPath()
    path.addRect(0.0, 0.0, w, h)
    return BuiltGeometry([ShapePath(path, FillMode.NORM, True)], QRectF(0.0, 0.0, w, h))


class GeometryCache:
    """Presets and rectangles already built for one deck, by preset, adjust values and size.

    A layout's shapes are drawn again on every slide, and decks repeat the same boxes: building
    the preset's formulas again gives the same paths. Those who draw a built geometry only read
    it (its paths are drawn, copied or added to others), so one object serves every shape."""

    LIMIT = 4096  # entries; a deck of ever new sizes starts afresh rather than growing unbounded

    def __init__(self) -> None:
        self._built: dict[tuple[str, tuple[tuple[str, float], ...], float, float], BuiltGeometry | None] = {}
        self._custom: dict[bytes, CompiledGeometry] = {}

    def compiled(self, cust_geom: etree._Element) -> CompiledGeometry:
        """An a:custGeom compiled, once per distinct markup (decks repeat their drawn shapes)."""
        # By a digest of the markup: a drawing of a million commands is 50 MB of it.
        key = hashlib.blake2b(etree.tostring(cust_geom), digest_size=20).digest()
        compiled = self._custom.get(key)
        if compiled is None:
            if len(self._custom) >= self.LIMIT:
                self._custom.clear()
            compiled = self._custom[key] = compile_geometry(parse_custom(cust_geom))
        return compiled

    def preset(self, name: str, width: float, height: float, adjust: dict[str, float]) -> BuiltGeometry | None:
        key = (name, tuple(adjust.items()), width, height)
        try:
            return self._built[key]
        except KeyError:
            pass
        if len(self._built) >= self.LIMIT:
            self._built.clear()
        built = self._built[key] = preset_geometry(name, width, height, adjust)
        return built

    def rect(self, width: float, height: float) -> BuiltGeometry:
        built = self._built.get(("", (), width, height))
        if built is None:
            if len(self._built) >= self.LIMIT:
                self._built.clear()
            built = self._built[("", (), width, height)] = rect_geometry(width, height)
        return built


def geometry_for_sppr(
    sp_pr: etree._Element | None,
    width: float,
    height: float,
    library: PresetLibrary | None = None,
    cache: GeometryCache | None = None,
) -> BuiltGeometry:
    """The geometry under a p:spPr/a:spPr; a rectangle when there is none or it is unknown.

    ``cache`` (the deck's, with the default library) returns presets and rectangles built before."""
    if library is not None:
        cache = None
    if sp_pr is not None:
        prst = sp_pr.find(f"{_A}prstGeom")
        if prst is not None:
            name = prst.get("prst") or "rect"
            adjust = adjust_values(prst.find(f"{_A}avLst"))
            if cache is not None:
                built = cache.preset(name, width, height, adjust)
            else:
                built = preset_geometry(name, width, height, adjust, library)
            if built is not None:
                return built
            if name not in _warned_unknown:
                _warned_unknown.add(name)
                log.warning("unknown preset shape %r; drawing a rectangle", name)
        else:
            cust = sp_pr.find(f"{_A}custGeom")
            if cust is not None:
                return custom_geometry(cust, width, height, cache)
    return cache.rect(width, height) if cache is not None else rect_geometry(width, height)
