"""Where an equation breaks across lines (ECMA-376 Part 1 §22.1.2).

An equation wider than its line wraps at its top-level binary operators and relations, and
m:brk (in a run's m:rPr or an m:box's m:boxPr) starts a new line at that run or box. The default
m:brkBin, "before", breaks before the operator, so it opens the wrapped line; Word reads "after"
as a break after it ([MS-OI29500] 2.1.1712). PowerPoint keeps no m:mathPr, so the default holds
unless a caller says otherwise.

An equation becomes parts the paragraph's line layout sets like words: stretches of math, the
space at each place a line may end (a line ending there drops it, as it drops a space between
words), and manual breaks. An m:oMathPara of several m:oMath stays one block, its equations (and
their manual breaks' lines) stacked as its m:jc says."""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from worker.render.math.boxes import MathBox
from worker.render.math.omml import ALIGN, Atom, M, OmmlLayout, Style, atom_kinds, space_between, stack

_M = f"{{{M}}}"
_OPERATORS = ("bin", "rel")


@dataclass(frozen=True)
class MathPart:
    kind: str  # "math": a stretch of the equation; "space": where a line may end; "break": m:brk
    box: MathBox


# Parts one equation is set in (a place to break before each operator): past it, the rest of the
# equation is one part. Each part is a piece of its paragraph, whose painting reads the line's glyph
# runs per piece: a hostile equation of 150,000 operators made 20,000 parts on one line, 9 s of
# painting. Real equations break in a few dozen places.
MAX_PARTS = 1_000


def equation_parts(layout: OmmlLayout, el: etree._Element, size: float, brk_bin: str = "before") -> list[MathPart]:
    """An a14:m (or its m:oMath/m:oMathPara) in parts, in order."""
    layout.begin_equation()
    para = el if el.tag == _M + "oMathPara" else el.find(f"{_M}oMathPara")
    if para is not None:
        maths = [o for o in para if o.tag == _M + "oMath"]
        style = Style(size, display=True)
        if len(maths) != 1:
            jc = para.find(f"{_M}oMathParaPr/{_M}jc")
            where = jc.get(_M + "val") if jc is not None else None
            lines = [line for o in maths for line in _lines(layout, list(o), style)]
            return [MathPart("math", stack(lines, where, size))]
        children = list(maths[0])
    else:
        style = Style(size)
        maths = [el] if el.tag == _M + "oMath" else [o for o in el if o.tag == _M + "oMath"]
        children = [c for o in maths for c in o] if maths else list(el)
    return _parts(layout, children, style, brk_bin) or [MathPart("math", MathBox())]


def _breaks_before(el: etree._Element) -> bool:
    """An m:r or m:box whose properties hold an m:brk."""
    if el.tag == _M + "r":
        return el.find(f"{_M}rPr/{_M}brk") is not None
    if el.tag == _M + "box":
        return el.find(f"{_M}boxPr/{_M}brk") is not None
    return False


def _parts(layout: OmmlLayout, children: list[etree._Element], style: Style, brk_bin: str | None) -> list[MathPart]:
    """``brk_bin`` None: manual breaks only."""
    atoms: list[Atom] = []
    hard: set[int] = set()
    for i, child in enumerate(children):
        if layout.spent:
            # Past the equation's budget (a hostile file): the rest in one go, as plain text in
            # pieces of omml.REST_CHARS, not a piece for each remaining child.
            atoms.extend(a for a in layout.atoms(children[i:], style) if a.kind != ALIGN)
            break
        if atoms and _breaks_before(child):
            hard.add(len(atoms))
        atoms.extend(a for a in layout.atoms([child], style) if a.kind != ALIGN)  # eqArr's only
    kinds = atom_kinds(atoms)
    parts: list[MathPart] = []
    current = MathBox()
    x = 0.0

    def flush() -> None:
        nonlocal current, x
        current.width = x
        parts.append(MathPart("math", current))
        current, x = MathBox(), 0.0

    for i, atom in enumerate(atoms):
        if i > 0:
            space = space_between(kinds[i - 1], kinds[i]) * style.em
            if i in hard:
                flush()
                parts.append(MathPart("break", MathBox()))
            elif (
                brk_bin is not None
                and len(parts) < MAX_PARTS
                and (kinds[i] if brk_bin != "after" else kinds[i - 1]) in _OPERATORS
            ):
                flush()
                parts.append(MathPart("space", MathBox(width=space)))
            else:
                x += space
        current.grow(atom.box, x, 0.0)
        x += atom.box.width
    if atoms:
        flush()
    return parts


def _lines(layout: OmmlLayout, children: list[etree._Element], style: Style) -> list[MathBox]:
    """One m:oMath's lines at its manual breaks (an operator opening one keeps its spacing)."""
    return [part.box for part in _parts(layout, children, style, None) if part.kind == "math"]
