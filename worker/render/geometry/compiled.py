"""A geometry compiled once into slot programs, and its building into QPainterPaths for a size."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from PySide6.QtCore import QRectF
from PySide6.QtGui import QPainterPath

from .arc import CubicFn, arc_to
from .formula import BUILTIN_NAMES, SlotTable, Step, builtin_values, clip, run_steps
from .model import (
    COMMAND_ARITY,
    EMU_PER_PT,
    MAX_COMMANDS,
    MAX_GUIDES,
    MAX_PATHS,
    BuiltGeometry,
    Command,
    FillMode,
    GeometrySource,
    ShapePath,
)

# Output coordinates (points) are clamped to this, far beyond any slide.
COORD_LIMIT = 1e7

_M, _L, _A, _Q, _C, _Z = (Command.MOVE, Command.LINE, Command.ARC, Command.QUAD, Command.CUBIC, Command.CLOSE)


def clean_size(value: float) -> float:
    """A shape extent in points: finite, non-negative and bounded."""
    if not value > 0:  # also NaN
        return 0.0
    return min(float(value), COORD_LIMIT)


def _c(value: float) -> float:
    if -COORD_LIMIT < value < COORD_LIMIT:
        return value
    if math.isnan(value):
        return 0.0
    return COORD_LIMIT if value > 0 else -COORD_LIMIT


def _clamped_cubic(cubic_to: CubicFn) -> CubicFn:
    def emit(x1: float, y1: float, x2: float, y2: float, x3: float, y3: float) -> None:
        cubic_to(_c(x1), _c(y1), _c(x2), _c(y2), _c(x3), _c(y3))

    return emit


@dataclass(frozen=True)
class CompiledPath:
    width: float
    height: float
    fill: FillMode
    stroke: bool
    commands: tuple[tuple[Command, tuple[int, ...]], ...]


@dataclass(frozen=True)
class CompiledGeometry:
    name: str
    initial: tuple[float, ...]  # slots after the built-ins: constants and guides (0 at start)
    adjust: tuple[tuple[str, Step], ...]
    guides: tuple[Step, ...]
    text_rect: tuple[int, int, int, int]
    paths: tuple[CompiledPath, ...]
    problems: tuple[str, ...]

    @property
    def adjust_names(self) -> tuple[str, ...]:
        return tuple(name for name, _ in self.adjust)

    def build(self, width: float, height: float, adjust: Mapping[str, float] | None = None) -> BuiltGeometry:
        """Paths and text rectangle for a shape of width×height points."""
        w = clean_size(width)
        h = clean_size(height)
        # Guides run in EMU, the unit the definitions were written for.
        values = builtin_values(w * EMU_PER_PT, h * EMU_PER_PT)
        values.extend(self.initial)
        for name, step in self.adjust:
            override = _override(adjust, name) if adjust else None
            if override is None:
                values[step.dst] = step.op(values[step.a], values[step.b], values[step.c])
            else:
                values[step.dst] = override
        run_steps(self.guides, values)
        paths = [self._build_path(p, values, w, h) for p in self.paths]
        li, ti, ri, bi = self.text_rect
        k = 1.0 / EMU_PER_PT
        left, top = _c(values[li] * k), _c(values[ti] * k)
        rect = QRectF(left, top, _c(values[ri] * k) - left, _c(values[bi] * k) - top).normalized()
        return BuiltGeometry(paths, rect)

    @staticmethod
    def _build_path(p: CompiledPath, v: list[float], w: float, h: float) -> ShapePath:
        sx = w / p.width if p.width > 0 else 1.0 / EMU_PER_PT
        sy = h / p.height if p.height > 0 else 1.0 / EMU_PER_PT
        path = QPainterPath()
        x = y = start_x = start_y = 0.0
        for cmd, a in p.commands:
            if cmd is _L:
                x, y = _c(v[a[0]] * sx), _c(v[a[1]] * sy)
                path.lineTo(x, y)
            elif cmd is _M:
                x, y = _c(v[a[0]] * sx), _c(v[a[1]] * sy)
                start_x, start_y = x, y
                path.moveTo(x, y)
            elif cmd is _A:
                w_r, h_r = v[a[0]], v[a[1]]
                cubic: CubicFn = path.cubicTo
                if abs(w_r * sx) >= COORD_LIMIT or abs(h_r * sy) >= COORD_LIMIT:
                    cubic = _clamped_cubic(cubic)
                x, y = arc_to(cubic, x, y, w_r, h_r, start=v[a[2]], sweep=v[a[3]], sx=sx, sy=sy)
            elif cmd is _C:
                x, y = _c(v[a[4]] * sx), _c(v[a[5]] * sy)
                path.cubicTo(_c(v[a[0]] * sx), _c(v[a[1]] * sy), _c(v[a[2]] * sx), _c(v[a[3]] * sy), x, y)
            elif cmd is _Q:
                x, y = _c(v[a[2]] * sx), _c(v[a[3]] * sy)
                path.quadTo(_c(v[a[0]] * sx), _c(v[a[1]] * sy), x, y)
            else:  # close: the pen returns to the subpath's start
                path.closeSubpath()
                x, y = start_x, start_y
        return ShapePath(path, p.fill, p.stroke)


def _override(adjust: Mapping[str, float], name: str) -> float | None:
    value = adjust.get(name)
    # Files sometimes name a shape's single adjust value "adj1" where the preset says "adj".
    if value is None and name == "adj":
        value = adjust.get("adj1")
    elif value is None and name == "adj1":
        value = adjust.get("adj")
    if value is None:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return clip(number) if math.isfinite(number) else 0.0


def compile_geometry(src: GeometrySource) -> CompiledGeometry:
    """Compile a parsed geometry; anything malformed is recorded in `problems`, never raised."""
    table = SlotTable()
    table.problems.extend(src.problems)
    if len(src.adjust) + len(src.guides) > MAX_GUIDES:
        table.problems.append(f"more than {MAX_GUIDES} guides; the rest are ignored")
    adjust = tuple((name, table.compile(name, fmla)) for name, fmla in src.adjust[:MAX_GUIDES])
    guides = tuple(table.compile(name, fmla) for name, fmla in src.guides[: max(0, MAX_GUIDES - len(adjust))])
    rect_tokens = src.text_rect or ("l", "t", "r", "b")
    li, ti, ri, bi = (table.operand(token) for token in rect_tokens)
    paths: list[CompiledPath] = []
    budget = MAX_COMMANDS
    if len(src.paths) > MAX_PATHS:
        table.problems.append(f"more than {MAX_PATHS} paths; the rest are ignored")
    for source_path in src.paths[:MAX_PATHS]:
        commands = source_path.commands[: max(0, budget)]
        if len(commands) < len(source_path.commands):
            table.problems.append(f"more than {MAX_COMMANDS} path commands; the rest are ignored")
        budget -= len(commands)
        compiled = []
        for cmd, args in commands:
            if len(args) != COMMAND_ARITY[cmd]:
                table.problems.append(f"{cmd.value} takes {COMMAND_ARITY[cmd]} operands: {args!r}")
                continue
            compiled.append((cmd, tuple(table.operand(token) for token in args)))
        paths.append(
            CompiledPath(
                _finite(source_path.width),
                _finite(source_path.height),
                source_path.fill,
                source_path.stroke,
                tuple(compiled),
            )
        )
    return CompiledGeometry(
        name=src.name,
        initial=tuple(table.initial[len(BUILTIN_NAMES) :]),
        adjust=adjust,
        guides=guides,
        text_rect=(li, ti, ri, bi),
        paths=tuple(paths),
        problems=tuple(table.problems),
    )


def _finite(value: float) -> float:
    return clip(value) if math.isfinite(value) else 0.0
