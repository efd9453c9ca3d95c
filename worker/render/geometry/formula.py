"""Shape guide formulas (ECMA-376 §20.1.9.11): the 17 operators, built-in guides, and a compiler.

Formulas are compiled once into a flat list of steps over numbered value slots, so evaluating a
geometry for a given size is a tight loop without name lookups or text parsing. Every operator
is total: division by zero gives 0, NaN and infinities give 0, and results are clamped, because
custom geometries come from untrusted files.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

# Guides hold EMU lengths, angles in 60000ths of a degree, and products of up to four EMU
# lengths (the circular arrows' intersection maths: ~1e27). The bound only keeps values finite:
# products of two bounded values cannot overflow a float.
LIMIT = 1e100
_ANGLE_TO_RAD = math.pi / 10800000.0
_RAD_TO_ANGLE = 10800000.0 / math.pi

Operator = Callable[[float, float, float], float]


def clip(value: float) -> float:
    """Clamp a value into ±LIMIT; NaN becomes 0."""
    if -LIMIT < value < LIMIT:
        return value
    if math.isnan(value):
        return 0.0
    return LIMIT if value > 0 else -LIMIT


def _muldiv(x: float, y: float, z: float) -> float:
    if z == 0:
        return 0.0
    r = x * y / z
    return r if -LIMIT < r < LIMIT else clip(r)


def _addsub(x: float, y: float, z: float) -> float:
    r = x + y - z
    return r if -LIMIT < r < LIMIT else clip(r)


def _adddiv(x: float, y: float, z: float) -> float:
    if z == 0:
        return 0.0
    r = (x + y) / z
    return r if -LIMIT < r < LIMIT else clip(r)


def _ifelse(x: float, y: float, z: float) -> float:
    return y if x > 0 else z


def _abs(x: float, _y: float, _z: float) -> float:
    return abs(x)


def _at2(x: float, y: float, _z: float) -> float:
    return math.atan2(y, x) * _RAD_TO_ANGLE


def _cat2(x: float, y: float, z: float) -> float:
    return clip(x * math.cos(math.atan2(z, y)))


def _sat2(x: float, y: float, z: float) -> float:
    return clip(x * math.sin(math.atan2(z, y)))


def _cos(x: float, y: float, _z: float) -> float:
    return clip(x * math.cos(y * _ANGLE_TO_RAD))


def _sin(x: float, y: float, _z: float) -> float:
    return clip(x * math.sin(y * _ANGLE_TO_RAD))


def _tan(x: float, y: float, _z: float) -> float:
    return clip(x * math.tan(y * _ANGLE_TO_RAD))


def _max(x: float, y: float, _z: float) -> float:
    return x if x > y else y


def _min(x: float, y: float, _z: float) -> float:
    return x if x < y else y


def _mod(x: float, y: float, z: float) -> float:
    return clip(math.sqrt(x * x + y * y + z * z))


def _pin(x: float, y: float, z: float) -> float:
    if y < x:
        return x
    if y > z:
        return z
    return y


def _sqrt(x: float, _y: float, _z: float) -> float:
    return math.sqrt(x) if x > 0 else 0.0


def _val(x: float, _y: float, _z: float) -> float:
    return x


# operator name -> (function, number of arguments)
OPERATORS: dict[str, tuple[Operator, int]] = {
    "*/": (_muldiv, 3),
    "+-": (_addsub, 3),
    "+/": (_adddiv, 3),
    "?:": (_ifelse, 3),
    "abs": (_abs, 1),
    "at2": (_at2, 2),
    "cat2": (_cat2, 3),
    "cos": (_cos, 2),
    "max": (_max, 2),
    "min": (_min, 2),
    "mod": (_mod, 3),
    "pin": (_pin, 3),
    "sat2": (_sat2, 3),
    "sin": (_sin, 2),
    "sqrt": (_sqrt, 1),
    "tan": (_tan, 2),
    "val": (_val, 1),
}

_DIVISORS = (2, 3, 4, 5, 6, 8, 10, 12, 16, 32)
_ANGLES = {
    "cd2": 10800000.0,
    "cd4": 5400000.0,
    "cd8": 2700000.0,
    "3cd4": 16200000.0,
    "3cd8": 8100000.0,
    "5cd8": 13500000.0,
    "7cd8": 18900000.0,
}
# Slot order of the built-in guides; builtin_values() fills them in the same order.
BUILTIN_NAMES: tuple[str, ...] = (
    "w",
    "h",
    "l",
    "t",
    "r",
    "b",
    "hc",
    "vc",
    "ss",
    "ls",
    *(f"wd{d}" for d in _DIVISORS),
    *(f"hd{d}" for d in _DIVISORS),
    *(f"ssd{d}" for d in _DIVISORS),
    *_ANGLES,
)
_ANGLE_VALUES = list(_ANGLES.values())


def builtin_values(w: float, h: float) -> list[float]:
    """Values of BUILTIN_NAMES for a shape of w×h (in the guides' length unit)."""
    ss = w if w < h else h
    ls = h if w < h else w
    values = [w, h, 0.0, 0.0, w, h, w / 2, h / 2, ss, ls]
    values += [w / d for d in _DIVISORS]
    values += [h / d for d in _DIVISORS]
    values += [ss / d for d in _DIVISORS]
    values += _ANGLE_VALUES
    return values


def parse_number(token: str) -> float | None:
    """A literal operand (integer or decimal), or None when the token is a name."""
    first = token[:1]
    if not first or not (first.isdigit() or first in "+-."):
        return None
    try:
        value = float(token)
    except ValueError:
        return None
    return clip(value) if math.isfinite(value) else 0.0


@dataclass(frozen=True)
class Step:
    """One compiled guide: slots[dst] = op(slots[a], slots[b], slots[c])."""

    op: Operator
    dst: int
    a: int
    b: int
    c: int


class SlotTable:
    """Assigns value slots to names and literal constants while formulas are compiled."""

    def __init__(self) -> None:
        self.names: dict[str, int] = {name: i for i, name in enumerate(BUILTIN_NAMES)}
        self.initial: list[float] = [0.0] * len(BUILTIN_NAMES)
        self._constants: dict[float, int] = {}
        self.problems: list[str] = []

    def constant(self, value: float) -> int:
        slot = self._constants.get(value)
        if slot is None:
            slot = len(self.initial)
            self.initial.append(value)
            self._constants[value] = slot
        return slot

    def define(self, name: str) -> int:
        """The slot a guide writes; a later guide of the same name reuses it (it shadows)."""
        slot = self.names.get(name)
        if slot is None:
            slot = len(self.initial)
            self.initial.append(0.0)
            self.names[name] = slot
        return slot

    def operand(self, token: str) -> int:
        number = parse_number(token)
        if number is not None:
            return self.constant(number)
        slot = self.names.get(token)
        if slot is None:
            # Undefined (or defined later): reads 0, as evaluation is strictly in order.
            self.problems.append(f"unknown guide name {token!r}")
            slot = self.define(token)
        return slot

    def compile(self, name: str, fmla: str) -> Step:
        """Compile `fmla` for guide `name`; malformed formulas evaluate to 0 and are reported."""
        parts = fmla.split()
        spec = OPERATORS.get(parts[0]) if parts else None
        if spec is None:
            self.problems.append(f"guide {name!r}: bad formula {fmla!r}")
            zero = self.constant(0.0)
            return Step(_val, self.define(name), zero, zero, zero)
        op, arity = spec
        args = [self.operand(token) for token in parts[1 : 1 + arity]]
        surplus = parts[1 + arity :]
        # ECMA-376 itself writes `+- xH 0 dxB 0` in the circular arrows: an inert trailing zero.
        if len(parts) - 1 < arity or any(token != "0" for token in surplus):
            self.problems.append(f"guide {name!r}: {parts[0]} takes {arity} arguments: {fmla!r}")
        while len(args) < 3:
            args.append(self.constant(0.0))
        return Step(op, self.define(name), args[0], args[1], args[2])


def run_steps(steps: Sequence[Step], values: list[float]) -> None:
    for step in steps:
        values[step.dst] = step.op(values[step.a], values[step.b], values[step.c])


def evaluate(fmla: str, variables: Mapping[str, float] | None = None, w: float = 0.0, h: float = 0.0) -> float:
    """Evaluate one formula (tests and one-off adjust values); names not given read 0."""
    table = SlotTable()
    slots = {name: table.define(name) for name in variables or {}}
    step = table.compile("_", fmla)
    values = builtin_values(w, h) + table.initial[len(BUILTIN_NAMES) :]
    for name, slot in slots.items():
        values[slot] = clip(float((variables or {})[name]))
    run_steps((step,), values)
    return values[step.dst]
