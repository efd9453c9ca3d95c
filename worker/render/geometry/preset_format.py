"""Parser of the compact preset format (presets/part*.txt), transcribed from ECMA-376's
presetShapeDefinitions.xml, one item per line:

    @shapeName
    av <name> <fmla...>         adjust value with its default
    gd <name> <fmla...>         guide, in order
    rect <l> <t> <r> <b>        text rectangle
    path [w=N] [h=N] [fill=...] [stroke=0] [extrusionOk=0|1]
    M x y | L x y | A wR hR stAng swAng | Q x1 y1 x2 y2 | C x1 y1 x2 y2 x3 y3 | Z

Lines starting with '#' are comments. Malformed lines are skipped and recorded as problems of
their shape (with file and line), so one bad transcription never hides the other shapes.
"""

from __future__ import annotations

import logging
import math

from .model import COMMAND_ARITY, Command, FillMode, GeometrySource, PathSource

log = logging.getLogger(__name__)

_COMMANDS = {c.value: c for c in Command}
_FALSE = {"0", "false", "off"}
_FILLS = {mode.value for mode in FillMode}


def parse_presets(text: str, origin: str = "<text>") -> dict[str, GeometrySource]:
    """All shapes in one file's text, by name. A repeated name keeps the later definition."""
    shapes: dict[str, GeometrySource] = {}
    current: GeometrySource | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        where = f"{origin}:{number}"
        if line.startswith("@"):
            name = line[1:].strip()
            if not name or " " in name:
                log.warning("%s: bad shape header %r", where, line)
                current = None
                continue
            if name in shapes:
                log.warning("%s: shape %r defined again; the later definition wins", where, name)
            current = GeometrySource(name)
            shapes[name] = current
            continue
        if current is None:
            log.warning("%s: line outside any shape: %r", where, line)
            continue
        _parse_line(current, line, where)
    return shapes


def _parse_line(shape: GeometrySource, line: str, where: str) -> None:
    keyword, _, rest = line.partition(" ")
    parts = rest.split()
    if keyword in ("av", "gd"):
        if len(parts) < 2:
            shape.problems.append(f"{where}: incomplete guide {line!r}")
            return
        target = shape.adjust if keyword == "av" else shape.guides
        target.append((parts[0], " ".join(parts[1:])))
    elif keyword == "rect":
        if len(parts) != 4:
            shape.problems.append(f"{where}: rect takes 4 operands: {line!r}")
            return
        shape.text_rect = (parts[0], parts[1], parts[2], parts[3])
    elif keyword == "path":
        shape.paths.append(_parse_path_header(shape, parts, where))
    elif keyword in _COMMANDS:
        command = _COMMANDS[keyword]
        if len(parts) != COMMAND_ARITY[command]:
            shape.problems.append(f"{where}: {keyword} takes {COMMAND_ARITY[command]} operands: {line!r}")
            return
        if not shape.paths:
            shape.problems.append(f"{where}: path command before any 'path' line")
            shape.paths.append(PathSource())
        shape.paths[-1].commands.append((command, tuple(parts)))
    else:
        shape.problems.append(f"{where}: unknown line {line!r}")


def _parse_path_header(shape: GeometrySource, parts: list[str], where: str) -> PathSource:
    path = PathSource()
    for item in parts:
        key, sep, value = item.partition("=")
        if not sep:
            shape.problems.append(f"{where}: bad path attribute {item!r}")
        elif key == "w":
            path.width = _dimension(value, shape, where)
        elif key == "h":
            path.height = _dimension(value, shape, where)
        elif key == "fill":
            if value not in _FILLS:
                shape.problems.append(f"{where}: unknown fill {value!r}")
            path.fill = FillMode.parse(value)
        elif key == "stroke":
            path.stroke = value.lower() not in _FALSE
        elif key != "extrusionOk":  # 3-D extrusion does not concern a flat renderer
            shape.problems.append(f"{where}: unknown path attribute {item!r}")
    return path


def _dimension(value: str, shape: GeometrySource, where: str) -> float:
    try:
        number = float(value)
    except ValueError:
        number = math.nan
    if not math.isfinite(number) or number < 0:
        shape.problems.append(f"{where}: bad path size {value!r}")
        return 0.0
    return number
