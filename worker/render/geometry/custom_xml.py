"""Reading a:custGeom (and a:prstGeom's adjust values) from DrawingML XML."""

from __future__ import annotations

import logging
import re

from lxml import etree

from .model import MAX_COMMANDS, MAX_GUIDES, MAX_PATHS, Command, FillMode, GeometrySource, PathSource

log = logging.getLogger(__name__)

A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
_A = f"{{{A_NS}}}"

# ST_UniversalMeasure, allowed for coordinates in transitional files, converted to EMU.
_MEASURE = re.compile(r"^(-?[0-9]+(?:\.[0-9]+)?)(mm|cm|in|pt|pc|pi)$")
_EMU_PER_UNIT = {"mm": 36000.0, "cm": 360000.0, "in": 914400.0, "pt": 12700.0, "pc": 152400.0, "pi": 152400.0}
_FALSE = {"0", "false"}
_POINT_COMMANDS = {
    "moveTo": (Command.MOVE, 1),
    "lnTo": (Command.LINE, 1),
    "quadBezTo": (Command.QUAD, 2),
    "cubicBezTo": (Command.CUBIC, 3),
}
_ARC_ATTRS = ("wR", "hR", "stAng", "swAng")


def _local(element: etree._Element) -> str:
    tag = element.tag
    if not isinstance(tag, str):  # comments, processing instructions
        return ""
    return tag.rpartition("}")[2]


def _children(element: etree._Element, name: str) -> list[etree._Element]:
    return [child for child in element if _local(child) == name]


def _child(element: etree._Element, name: str) -> etree._Element | None:
    for child in element:
        if _local(child) == name:
            return child
    return None


def _operand(text: str | None, what: str, problems: list[str]) -> str:
    if text is None or not text.strip():
        problems.append(f"missing {what}")
        return "0"
    token = text.strip()
    measure = _MEASURE.match(token)
    if measure:
        return repr(float(measure.group(1)) * _EMU_PER_UNIT[measure.group(2)])
    return token


def _guides(parent: etree._Element | None, problems: list[str], limit: int = MAX_GUIDES) -> list[tuple[str, str]]:
    """At most ``limit`` guides (compile_geometry keeps no more and says so)."""
    if parent is None:
        return []
    guides: list[tuple[str, str]] = []
    for gd in parent:
        if _local(gd) != "gd":
            continue
        if len(guides) > limit:
            break
        name, fmla = gd.get("name"), gd.get("fmla")
        if not name or not fmla:
            problems.append(f"guide without name or formula: {name!r} {fmla!r}")
            continue
        guides.append((name.strip(), fmla))
    return guides


def _size(text: str | None, problems: list[str]) -> float:
    if text is None:
        return 0.0
    try:
        value = float(text)
    except ValueError:
        problems.append(f"bad path size {text!r}")
        return 0.0
    return value if value > 0 else 0.0


def _path(element: etree._Element, problems: list[str], budget: int) -> PathSource:
    """The path's first ``budget`` commands."""
    path = PathSource(
        width=_size(element.get("w"), problems),
        height=_size(element.get("h"), problems),
        fill=FillMode.parse(element.get("fill")),
        stroke=(element.get("stroke") or "1").strip().lower() not in _FALSE,
    )
    for item in element:
        kind = _local(item)
        if len(path.commands) >= budget and kind:
            problems.append(f"more than {MAX_COMMANDS} path commands; the rest are ignored")
            break
        if kind in _POINT_COMMANDS:
            command, count = _POINT_COMMANDS[kind]
            points = _children(item, "pt")
            if len(points) < count:
                problems.append(f"{kind} needs {count} points")
                continue
            operands: list[str] = []
            for pt in points[:count]:
                operands.append(_operand(pt.get("x"), f"{kind} x", problems))
                operands.append(_operand(pt.get("y"), f"{kind} y", problems))
            path.commands.append((command, tuple(operands)))
        elif kind == "arcTo":
            path.commands.append(
                (Command.ARC, tuple(_operand(item.get(attr), f"arcTo {attr}", problems) for attr in _ARC_ATTRS))
            )
        elif kind == "close":
            path.commands.append((Command.CLOSE, ()))
        elif kind:
            problems.append(f"unknown path element {kind!r}")
    return path


def parse_custom(cust_geom: etree._Element) -> GeometrySource:
    """The geometry of an a:custGeom element; malformed parts are skipped and listed in problems."""
    problems: list[str] = []
    source = GeometrySource("custGeom", problems=problems)
    source.adjust = _guides(_child(cust_geom, "avLst"), problems)
    source.guides = _guides(_child(cust_geom, "gdLst"), problems, max(0, MAX_GUIDES - len(source.adjust)))
    rect = _child(cust_geom, "rect")
    if rect is not None:
        source.text_rect = (
            _operand(rect.get("l"), "rect l", problems),
            _operand(rect.get("t"), "rect t", problems),
            _operand(rect.get("r"), "rect r", problems),
            _operand(rect.get("b"), "rect b", problems),
        )
    path_list = _child(cust_geom, "pathLst")
    if path_list is not None:
        budget = MAX_COMMANDS
        for element in path_list:
            if _local(element) != "path":
                continue
            if len(source.paths) > MAX_PATHS:
                break
            path = _path(element, problems, budget)
            budget -= len(path.commands)
            source.paths.append(path)
    return source


def adjust_values(av_list: etree._Element | None) -> dict[str, float]:
    """Adjust values of a:prstGeom/a:avLst: `<a:gd name="adj" fmla="val 25000"/>`."""
    values: dict[str, float] = {}
    if av_list is None:
        return values
    for gd in _children(av_list, "gd"):
        name, fmla = gd.get("name"), (gd.get("fmla") or "").split()
        if not name:
            continue
        if len(fmla) == 2 and fmla[0] == "val":
            try:
                values[name.strip()] = float(fmla[1])
                continue
            except ValueError:
                pass
        log.debug("ignoring adjust value %s=%r (only 'val N' is meaningful here)", name, fmla)
    return values
