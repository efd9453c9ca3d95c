"""Data types of the geometry engine: the parsed source of a shape and the built result."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from PySide6.QtCore import QRectF
from PySide6.QtGui import QPainterPath

# Shape-space coordinates follow ECMA-376 (EMU); the renderer paints in points.
EMU_PER_PT = 12700.0


# Bounds on untrusted input: more than this is no drawing anyone made by hand or in PowerPoint.
# Reading stops at them, so what lies past them costs no memory.
MAX_GUIDES = 5000
MAX_PATHS = 1000
MAX_COMMANDS = 100000


class FillMode(StrEnum):
    """How a path is filled (ST_PathFillMode): the shading variants tint the shape's fill."""

    NONE = "none"
    NORM = "norm"
    LIGHTEN = "lighten"
    LIGHTEN_LESS = "lightenLess"
    DARKEN = "darken"
    DARKEN_LESS = "darkenLess"

    @classmethod
    def parse(cls, text: str | None) -> FillMode:
        if not text:
            return cls.NORM
        try:
            return cls(text)
        except ValueError:
            return cls.NORM


class Command(StrEnum):
    """Path commands, named as in the compact preset format."""

    MOVE = "M"
    LINE = "L"
    ARC = "A"
    QUAD = "Q"
    CUBIC = "C"
    CLOSE = "Z"


# Number of operands each command takes.
COMMAND_ARITY: dict[Command, int] = {
    Command.MOVE: 2,
    Command.LINE: 2,
    Command.ARC: 4,
    Command.QUAD: 4,
    Command.CUBIC: 6,
    Command.CLOSE: 0,
}


@dataclass
class PathSource:
    """One path of a geometry as written: operands are guide names or numbers."""

    width: float = 0.0  # path coordinate space; 0 means the shape's own space
    height: float = 0.0
    fill: FillMode = FillMode.NORM
    stroke: bool = True
    commands: list[tuple[Command, tuple[str, ...]]] = field(default_factory=list)


@dataclass
class GeometrySource:
    """A preset or custom geometry as written, before compilation."""

    name: str
    adjust: list[tuple[str, str]] = field(default_factory=list)  # (name, fmla) of avLst
    guides: list[tuple[str, str]] = field(default_factory=list)  # (name, fmla) of gdLst
    text_rect: tuple[str, str, str, str] | None = None
    paths: list[PathSource] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


@dataclass
class ShapePath:
    path: QPainterPath
    fill: FillMode
    stroke: bool


@dataclass
class BuiltGeometry:
    """A shape's outline in shape-local points, (0, 0)-(width, height)."""

    paths: list[ShapePath]
    text_rect: QRectF
