"""Office Math (OMML, ECMA-376 Part 1 §22.1) laid out into boxes (boxes.MathBox).

The figures are fractions of the size (em) where the math stands, read off PowerPoint's own PDF of
a deck with bare OMML (qmd_to_pptx 0.1.3's demo_full, slides 9-11: a 32.3 pt equation with its
inline fraction's parts at 23.3 pt and their scripts at 19.525 pt; fraction bars and radical
overbars of 3 and 2 device pixels at 96 dpi; the bar's middle 0.296 em above the baseline...),
and, where that deck has no example, Cambria Math's MATH constants in TeX's layout rules (the
OpenType MATH model Office's own math layout follows). Anything not known is laid out as a row of
its children, so no text is lost."""

from __future__ import annotations

import functools
import math
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, replace

from lxml import etree
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor, QFont, QPainterPath, QTransform

from worker.render.math.boxes import MathBox, PathItem, RectItem, TextItem, glyph_outline, ink_bounds, measure

M = "http://schemas.openxmlformats.org/officeDocument/2006/math"
_M = f"{{{M}}}"

# Sizes by script level (0: the text's, 1: scripts and inline fractions' parts, 2: theirs and deeper)
LEVEL_SCALES = (1.0, 23.3 / 32.3, 19.525 / 32.3)
AXIS = 0.296  # fraction bar's middle, minus sign's height
RULE = 0.066  # fraction bar and radical overbar, before rounding to whole 96-dpi pixels
PIXEL = 0.75
NUM_SHIFT, DEN_SHIFT = 0.581, 0.499  # inline fraction: its parts' baselines from the text's
NUM_SHIFT_DISPLAY, DEN_SHIFT_DISPLAY = 0.677, 0.686
FRACTION_GAP, FRACTION_GAP_DISPLAY = 0.066, 0.2  # at least between a part's ink and the bar
FRACTION_PAD = 0.1  # beside the bar
SUP_SHIFT, SUP_SHIFT_CRAMPED, SUP_BOTTOM_MIN = 0.363, 0.289, 0.108
SUB_SHIFT, SUB_TOP_MAX, SUB_SUP_GAP = 0.25, 0.4, 0.264
SCRIPT_SPACE = 0.05
RADICAL_LEAD = 0.66  # the sign's width before the radicand
RADICAL_MIN_TOP = 0.80  # overbar's underside above the radicand's baseline, at least
RADICAL_GAP = 0.04
LIMIT_GAP = 0.12  # between an operator (or a base) and limits above or below it
NARY_DISPLAY_SCALE = 1.4  # integrals in display math
ARROW_MIN = 0.35  # an arrow accent's length over a narrower base
# A sum's (∑ ∏ ⋃...) ink height, em: PowerPoint's Cambria Math draws ∑ of a 24 pt equation 22.0 pt
# tall inline and 45.7 pt in display math (its PDFs of ustc's slides; Caladea's ∑ is 0.68 em).
SUM_HEIGHT, SUM_HEIGHT_DISPLAY = 0.917, 1.904
THIN, MEDIUM, THICK = 3.0 / 18.0, 4.0 / 18.0, 5.0 / 18.0
# Cambria Math's =, −, ± advance 0.747 em (the /Widths of the subset in PowerPoint's PDF of
# qmd-to-pptx's demo) with 0.62 em of ink, its '=' 0.273 em high and its '−' 0.079 em thick, their
# middle 0.289 em up; Caladea's advance 0.554 em with 0.43 em of ink, a '=' 0.196 em high. These
# operators are drawn with DejaVu Serif's (0.627 em wide, '=' 0.279 high, '−' 0.081 thick),
# centred in Cambria Math's advance, their middle where Cambria Math's is.
WIDE_OPERATORS = frozenset("=+−±∓×÷")
OPERATOR_ADVANCE, OPERATOR_MIDDLE = 0.747, 0.289
# Elements deep (each structure takes a few): past it, the rest is laid out as plain text. Python's
# stack holds about 1,000 frames; real equations nest a few dozen elements.
MAX_DEPTH = 120
# Pieces of text one equation is laid out in: past it, the rest of each row is one piece of its text.
# Every piece is measured, copied into each box around it and drawn as its own glyph run (about
# 30 µs in all): a hostile equation of 100,000 runs made a million pieces, 28 s and 1 GB. The
# largest real equations (a 20 x 20 matrix) take a few thousand.
MAX_PIECES = 10_000
# Characters in each piece of that rest: a piece's glyph runs are read back a span at a time
# (glyph_runs._reindex), each read costing the whole piece: the rest of a fuzzed equation of 100,000
# mixed-script runs as one piece took 33 s of CPU, in pieces of this length 2.6 s.
REST_CHARS = 1_000

RELATIONS = frozenset("=<>≤≥≠≈≡∼≃≅∝→←↔⇒⇐⇔∈∉⊂⊃⊆⊇∋≪≫⊥∥≔≜∣")
BINARIES = frozenset("+−-±∓×÷·∗∘∙⋅∪∩∧∨⊕⊗⊖⊙")
PUNCTUATION = frozenset(",;")
OPENINGS = frozenset("([{⟨⌊⌈|‖")
CLOSINGS = frozenset(")]}⟩⌋⌉")
# Combining accents (m:acc's default is U+0302) drawn with their spacing forms.
ACCENTS = {
    "\u0300": "`",
    "\u0301": "\u00b4",
    "\u0302": "\u02c6",
    "\u0303": "\u02dc",
    "\u0304": "\u00af",
    "\u0305": "\u00af",
    "\u0306": "\u02d8",
    "\u0307": "\u02d9",
    "\u0308": "\u00a8",
    "\u030c": "\u02c7",
    "\u20d6": "\u2190",
    "\u20d7": "\u2192",
    "\u20e1": "\u2194",
}
_BARS = frozenset("\u0304\u0305\u00af")
_ARROWS = frozenset("\u20d6\u20d7\u20e1\u2190\u2192\u2194")
_LARGE_OPERATORS = frozenset("∑∏∐∫∬∭∮∯∰⋃⋂⋁⋀⨁⨂⨀")
_INTEGRALS = frozenset("∫∬∭∮∯∰")

# m:scr letters in the Mathematical Alphanumeric Symbols block (bold "b" comes from m:sty).
_SCRIPT_STARTS = {
    "double-struck": 0x1D538,
    "script": 0x1D49C,
    "fraktur": 0x1D504,
    "sans-serif": 0x1D5A0,
    "monospace": 0x1D670,
}
_LETTERLIKE = {
    "double-struck": dict(zip("CHNPQRZ", "ℂℍℕℙℚℝℤ", strict=True)),
    "script": dict(zip("BEFHILMRego", "ℬℰℱℋℐℒℳℛℯℊℴ", strict=True)),
    "fraktur": dict(zip("CHIRZ", "ℭℌℑℜℨ", strict=True)),
}

FontMaker = Callable[[float, bool, bool], QFont]  # (size pt, bold, italic) -> a layout font


@dataclass(frozen=True)
class RunLook:
    """What a run's own a:rPr says of its characters (PowerPoint writes one in every m:r). Its i
    and b are not read for math text: PowerPoint sets i="1" on digits it draws upright, and its
    letters' slant and weight are m:sty's (or stored as mathematical italic letters)."""

    scale: float = 1.0  # its size over the equation's
    color: QColor | None = None  # None: the equation's
    # m:nor (normal text) is set in the run's own typeface, weight and slant: (size) -> font
    text_font: Callable[[float], QFont] | None = None


RunLooks = Callable[[etree._Element | None], RunLook]  # a run's a:rPr -> its look
_A_RPR = "{http://schemas.openxmlformats.org/drawingml/2006/main}rPr"


@dataclass(frozen=True)
class Style:
    size: float  # the text's size: level 0
    level: int = 0
    display: bool = False
    cramped: bool = False
    upright: bool = False  # function names (m:fName) read upright

    @property
    def em(self) -> float:
        return self.size * LEVEL_SCALES[min(self.level, 2)]

    def script(self) -> Style:
        return replace(self, level=min(self.level + 1, 2), display=False)


@dataclass
class Atom:
    box: MathBox
    kind: str  # ord, bin, rel, punct, open, close, op, inner


def _tag(el: etree._Element) -> str:
    tag = el.tag
    if not isinstance(tag, str) or not tag.startswith(_M):
        return ""
    return tag[len(_M) :]


def _child(el: etree._Element | None, name: str) -> etree._Element | None:
    if el is None:
        return None
    for c in el:
        if c.tag == _M + name:
            return c
    return None


def _val(el: etree._Element | None, name: str) -> str | None:
    prop = _child(el, name)
    if prop is None:
        return None
    return prop.get(_M + "val", prop.get("val"))


def _on(el: etree._Element | None, name: str, default: bool = False) -> bool:
    prop = _child(el, name)
    if prop is None:
        return default
    value = prop.get(_M + "val", prop.get("val"))
    return value is None or value.lower() in ("1", "on", "true")


def _count(value: str | None) -> int:
    """m:count: how many columns one m:mc describes (1 unless a number from 1 to 64 is given)."""
    try:
        return min(max(int(value or "1"), 1), 64)
    except ValueError:
        return 1


def _rule(em: float) -> float:
    """A bar's thickness: PowerPoint's PDF draws them in whole 96-dpi pixels (2.25 pt at 32.3 pt)."""
    return max(PIXEL, math.floor(RULE * em / PIXEL + 0.5) * PIXEL)


class OmmlLayout:
    """Lays out an a14:m's m:oMath or m:oMathPara with fonts from ``font``."""

    def __init__(self, font: FontMaker, operator_font: FontMaker | None = None) -> None:
        self._font = font
        self._operator_font = operator_font  # WIDE_OPERATORS' face
        self._fonts: dict[tuple[float, bool, bool], QFont] = {}
        self._depth = 0
        self.looks: RunLooks | None = None  # each run's a:rPr read by the caller (None: not read)
        self._pieces = 0  # text items made for the equation being laid out (MAX_PIECES)

    def font(self, size: float, bold: bool, italic: bool) -> QFont:
        key = (round(size, 3), bold, italic)
        found = self._fonts.get(key)
        if found is None:
            found = self._fonts[key] = self._font(size, bold, italic)
        return found

    # -- entry points ------------------------------------------------------------------------------

    def begin_equation(self) -> None:
        """A new equation: its own budget of MAX_PIECES pieces of text."""
        self._pieces = 0

    @property
    def spent(self) -> bool:
        """Whether the equation has used its MAX_PIECES: what is left of it is set as plain text."""
        return self._pieces >= MAX_PIECES

    def zone(self, el: etree._Element, size: float) -> tuple[MathBox, bool, str | None]:
        """The box of an a14:m (or m:oMath/m:oMathPara), whether it is display math, and the
        oMathPara's m:jc."""
        self.begin_equation()
        para = el if _tag(el) == "oMathPara" else el.find(f"{_M}oMathPara")
        if para is not None:
            style = Style(size, display=True)
            lines = [self.row(list(o), style) for o in para if _tag(o) == "oMath"]
            jc = _val(_child(para, "oMathParaPr"), "jc")
            return stack(lines, jc, size), True, jc
        maths = [el] if _tag(el) == "oMath" else [o for o in el if _tag(o) == "oMath"]
        children = [c for o in maths for c in o] if maths else list(el)
        return self.row(children, Style(size)), False, None

    # -- rows ----------------------------------------------------------------------------------------

    def row(self, elements: list[etree._Element], style: Style) -> MathBox:
        return self._join(self.atoms(elements, style), style)

    def atoms(self, elements: list[etree._Element], style: Style) -> list[Atom]:
        atoms: list[Atom] = []
        for i, el in enumerate(elements):
            if self._pieces >= MAX_PIECES:
                # Past the budget (a hostile file): the rest of the row is plain pieces of its text.
                atoms.extend(self._plain(_text_of(elements[i:]), style))
                break
            atoms.extend(self._atoms(el, style))
        return atoms

    def _join(self, atoms: list[Atom], style: Style) -> MathBox:
        atoms = [a for a in atoms if a.kind != ALIGN]  # alignment points align rows of m:eqArr only
        out = MathBox()
        x = 0.0
        em = style.em
        kinds = atom_kinds(atoms)
        for i, atom in enumerate(atoms):
            if i > 0:
                # Operators keep their space at every script level: PowerPoint's own PDF spaces
                # '−b ± √…' in a fraction's numerator and (x − μ) in an exponent (TeX sets them tight).
                x += space_between(kinds[i - 1], kinds[i]) * em
            out.grow(atom.box, x, 0.0)
            x += atom.box.width
        out.width = x
        return out

    def _atoms(self, el: etree._Element, style: Style) -> list[Atom]:
        if self._depth >= MAX_DEPTH:
            # Structures nested past any real equation (a hostile file): their text in a row, read
            # without recursing, so it is kept and the stack is not exhausted.
            text = "".join(t.text or "" for t in el.iter(f"{_M}t"))
            return [Atom(self.text(text, style), "ord")] if text else []
        self._depth += 1
        try:
            return self._nested_atoms(el, style)
        finally:
            self._depth -= 1

    def _nested_atoms(self, el: etree._Element, style: Style) -> list[Atom]:
        name = _tag(el)
        if not name:
            if isinstance(el.tag, str) and el.tag.endswith("}rPr"):
                return []
            return [a for c in el for a in self._atoms(c, style)]
        if name.endswith("Pr"):
            return []  # properties (m:ctrlPr, m:fPr...)
        if name == "r":
            return self._run(el, style)
        if name == "t":
            return [Atom(self.text(el.text, style), "ord")] if el.text else []
        handler = _HANDLERS.get(name)
        if handler is not None:
            return [handler(self, el, style)]
        if name in ("e", "num", "den", "sub", "sup", "deg", "lim", "fName", "oMath"):
            return [Atom(self.row(list(el), style), "ord")]
        # Unknown: the children in a row (m:t text directly under it included).
        atoms = [a for c in el for a in self._atoms(c, style)]
        return atoms

    def _matrix_cells(self, elements: list[etree._Element], style: Style) -> list[MathBox]:
        """A row of each element's content; past MAX_PIECES, the rest as one box of its text."""
        cells = []
        for i, el in enumerate(elements):
            if self._pieces >= MAX_PIECES:
                rest = _text_of(elements[i:])
                cells.extend([self._join(self._plain(rest, style), style)] if rest else [])
                break
            cells.append(self.row(list(el), style))
        return cells

    def _plain(self, text: str, style: Style) -> list[Atom]:
        """``text`` past MAX_PIECES: plain pieces of REST_CHARS characters, set one after the other."""
        return [Atom(self.text(text[i : i + REST_CHARS], style), "ord") for i in range(0, len(text), REST_CHARS)]

    def _arg(self, el: etree._Element, name: str, style: Style) -> MathBox:
        found = _child(el, name)
        return self.row(list(found), style) if found is not None else MathBox()

    # -- text ------------------------------------------------------------------------------------------

    def _run(self, el: etree._Element, style: Style) -> list[Atom]:
        text = "".join(t.text or "" for t in el.iter(f"{_M}t"))
        if not text:
            return []
        rpr = _child(el, "rPr")
        normal = _on(rpr, "nor")
        look = None
        if self.looks is not None:
            # A run without one reads the paragraph's, as a text run does.
            look = self.looks(next((c for c in el if c.tag == _A_RPR), None))
            style = replace(style, size=style.size * look.scale)
        color = look.color if look is not None else None
        if normal and look is not None and look.text_font is not None:
            # Normal text (m:nor) reads as the paragraph's words: its own typeface, no math spacing.
            font = look.text_font(style.em)
            return [Atom(self._measured(text, font, style.em, color), "ord")]
        sty = _val(rpr, "sty")
        scr = _val(rpr, "scr")
        bold = sty in ("b", "bi")
        italic_letters = not normal and not style.upright and sty in (None, "i", "bi")
        if scr in _SCRIPT_STARTS:
            text = "".join(_script_letter(ch, scr) for ch in text)
            italic_letters = False
        atoms: list[Atom] = []
        # The letters of the current piece, as a list: a string grown in this closure is copied
        # whole at every letter (CPython's in-place += does not reach a closure's variable), and a
        # run of 1.5 million letters never finished.
        pending: list[str] = []
        pending_face = (bold, False)

        def flush() -> None:
            if pending:
                atoms.append(Atom(self.text("".join(pending), style, *pending_face, color=color), "ord"))
                pending.clear()

        for i, ch in enumerate(text):
            if self._pieces >= MAX_PIECES:
                flush()
                atoms.extend(self._plain(text[i:], style))  # past the budget: the rest as plain text
                break
            if ch == "&" and not normal:
                # An alignment point (ECMA-376 22.1.2.32 eqArr), not drawn.
                flush()
                atoms.append(Atom(MathBox(), ALIGN))
                continue
            kind = _char_kind(ch) if not normal else "ord"
            if kind != "ord":
                flush()
                if ch in WIDE_OPERATORS and self._operator_font is not None:
                    atoms.append(Atom(self._operator(ch, style, bold, color), kind))
                else:
                    atoms.append(Atom(self.text(ch, style, bold, False, color=color), kind))
                continue
            face = (bold, italic_letters and ch.isalpha())
            letter = ch
            styled = _styled_letter(ch)
            if styled is not None:
                # A letter stored as its mathematical italic or bold form (𝑥): drawn as the
                # letter in that face, as Cambria Math's own forms are Cambria's letters.
                letter, face = styled
            if pending and (face != pending_face or len(pending) >= REST_CHARS):
                flush()  # a new face, or a piece long enough (its glyph runs are read back whole)
            pending.append(letter)
            pending_face = face
        flush()
        return atoms

    def text(
        self,
        text: str,
        style: Style,
        bold: bool = False,
        italic: bool = False,
        size: float = 0.0,
        color: QColor | None = None,
    ) -> MathBox:
        size = size or style.em
        self._pieces += 1
        return self._measured(text, self.font(size, bold, italic), size, color)

    def _operator(self, ch: str, style: Style, bold: bool, color: QColor | None) -> MathBox:
        """An operator in Cambria Math's advance, its ink's middle at Cambria Math's (WIDE_OPERATORS)."""
        assert self._operator_font is not None
        em = style.em
        font = self._operator_font(em, bold, False)
        glyph = self._measured(ch, font, em, color)
        item = glyph.items[0]
        assert isinstance(item, TextItem)
        top, bottom = ink_bounds(replace(item, size=100.0, font=self._operator_font(100.0, bold, False)))
        dy = -OPERATOR_MIDDLE * em - (top + bottom) / 200.0 * em  # measured large: small sizes round
        advance = OPERATOR_ADVANCE * em
        out = MathBox(advance, glyph.ascent - dy, glyph.descent + dy)
        out.place(glyph, (advance - glyph.width) / 2.0, dy)
        return out

    @staticmethod
    def _measured(text: str, font: QFont, size: float, color: QColor | None) -> MathBox:
        width, ascent, descent = measure(text, font, size)
        return MathBox(width, ascent, descent, [TextItem(0.0, 0.0, text, font, size, color=color)])

    # -- structures --------------------------------------------------------------------------------

    def fraction(self, el: etree._Element, style: Style) -> Atom:
        kind = _val(_child(el, "fPr"), "type") or "bar"
        em = style.em
        part = replace(style, display=False) if style.display else style.script()
        num = self._arg(el, "num", part)
        den = self._arg(el, "den", replace(part, cramped=True))
        out = MathBox()
        if kind == "lin":
            slash = self.text("/", style)
            for box in (num, slash, den):
                out.grow(box, out.width, 0.0)
            return Atom(out, "inner")
        if kind == "skw":
            slash = self.text("/", style)
            out.grow(num, 0.0, -AXIS * em * 0.8)
            x = num.width - 0.1 * em
            out.grow(slash, x, 0.0)
            out.grow(den, x + slash.width - 0.1 * em, AXIS * em * 0.5)
            return Atom(out, "inner")
        rule = _rule(em) if kind != "noBar" else 0.0
        axis = AXIS * em
        gap = (FRACTION_GAP_DISPLAY if style.display else FRACTION_GAP) * em
        up = (NUM_SHIFT_DISPLAY if style.display else NUM_SHIFT) * em
        down = (DEN_SHIFT_DISPLAY if style.display else DEN_SHIFT) * em
        up = max(up, axis + rule / 2.0 + gap + num.descent)
        down = max(down, den.ascent + gap + rule / 2.0 - axis)
        pad = FRACTION_PAD * em
        width = max(num.width, den.width)
        out.grow(num, pad + (width - num.width) / 2.0, -up)
        out.grow(den, pad + (width - den.width) / 2.0, down)
        if rule:
            out.items.append(RectItem(QRectF(pad, -axis - rule / 2.0, width, rule)))
        out.width = width + 2.0 * pad
        return Atom(out, "inner")

    def scripts(self, el: etree._Element, style: Style) -> Atom:
        name = _tag(el)
        base = self._arg(el, "e", style)
        sub = self._arg(el, "sub", replace(style.script(), cramped=True)) if name != "sSup" else None
        sup = self._arg(el, "sup", style.script()) if name != "sSub" else None
        scripts = self._attach(base, sub, sup, style)
        out = MathBox()
        if name == "sPre":
            out.grow(scripts, 0.0, 0.0)
            out.grow(base, scripts.width, 0.0)
        else:
            out.grow(base, 0.0, 0.0)
            out.grow(scripts, base.width, 0.0)
        return Atom(out, "ord")

    def _attach(self, base: MathBox, sub: MathBox | None, sup: MathBox | None, style: Style) -> MathBox:
        """Scripts to stand beside ``base`` (origin on its baseline), TeX's rules in the MATH model."""
        em = style.em
        out = MathBox()
        up = down = 0.0
        if sup is not None:
            up = max((SUP_SHIFT_CRAMPED if style.cramped else SUP_SHIFT) * em, sup.descent + SUP_BOTTOM_MIN * em)
        if sub is not None:
            down = max(SUB_SHIFT * em, sub.ascent - SUB_TOP_MAX * em)
        if sup is not None and sub is not None:
            gap = (up - sup.descent) - (sub.ascent - down)
            if gap < SUB_SUP_GAP * em:
                down += SUB_SUP_GAP * em - gap
        if sup is not None:
            out.grow(sup, 0.0, -up)
        if sub is not None:
            out.grow(sub, 0.0, down)
        out.width += SCRIPT_SPACE * em
        return out

    def radical(self, el: etree._Element, style: Style) -> Atom:
        em = style.em
        body = self._arg(el, "e", replace(style, cramped=True))
        rule = _rule(em)
        top = max(RADICAL_MIN_TOP * em, body.ascent + RADICAL_GAP * em + rule * 0.5)  # overbar's underside
        bottom = max(body.descent, 0.013 * em)
        out = MathBox()
        lead = 0.0
        deg_el = _child(el, "deg")
        if deg_el is not None and not _on(_child(el, "radPr"), "degHide") and len(deg_el):
            degree = self.row(list(deg_el), replace(style, level=2, display=False))
            if degree.width:
                raise_by = 0.6 * (top + bottom) - bottom + degree.descent
                out.grow(degree, 0.0, -raise_by)
                lead = max(degree.width - 0.35 * em, 0.0)
        out.items.append(PathItem(_radical_sign(lead, em, top, rule, bottom, body.width)))
        out.grow(body, lead + RADICAL_LEAD * em, 0.0)
        out.width = lead + RADICAL_LEAD * em + body.width + 0.06 * em
        out.ascent = max(out.ascent, top + rule)
        out.descent = max(out.descent, bottom)
        return Atom(out, "ord")

    def nary(self, el: etree._Element, style: Style) -> Atom:
        pr = _child(el, "naryPr")
        char = _val(pr, "chr") or "∫"
        loc = _val(pr, "limLoc") or ("subSup" if char in _INTEGRALS else "undOvr")
        if not style.display:
            loc = "subSup"  # inline math sets limits beside the operator
        em = style.em
        size = em * NARY_DISPLAY_SCALE if style.display and char in _LARGE_OPERATORS else em
        summed = char in _LARGE_OPERATORS and char not in _INTEGRALS
        if summed:
            size = em * self._sum_scale(char, style)
        sign = self.text(char, style, size=size) if char else MathBox()
        if summed and sign.items:
            # As wide as its ink: grown from a text face's sign, its side bearings would grow with
            # it (0.38 em a side in display); PowerPoint's sum stands 0.16 em after a fraction's
            # bar and 0.26 em before the next (ustc's slide 36), a thin space and no more.
            item = sign.items[0]
            assert isinstance(item, TextItem)
            ink = glyph_outline(item).boundingRect()
            trimmed = MathBox(ink.width(), sign.ascent, sign.descent)
            trimmed.place(sign, -ink.left(), 0.0)
            sign = trimmed
        if sign.items and size != em:
            # Centred on the axis, as a large operator stands.
            shift = (sign.ascent - sign.descent) / 2.0 - AXIS * em
            moved = MathBox(sign.width, sign.ascent - shift, sign.descent + shift)
            moved.place(sign, 0.0, shift)
            sign = moved
        limit = style.script()
        sub = None if _on(pr, "subHide") else self._arg(el, "sub", replace(limit, cramped=True))
        sup = None if _on(pr, "supHide") else self._arg(el, "sup", limit)
        sub = sub if sub is not None and sub.items else None
        sup = sup if sup is not None and sup.items else None
        if loc == "undOvr":
            op = _over_under(sign, sup, sub, LIMIT_GAP * em)
        else:
            op = MathBox()
            op.grow(sign, 0.0, 0.0)
            op.grow(self._attach(sign, sub, sup, style), sign.width, 0.0)
        body = self._arg(el, "e", style)
        out = MathBox()
        out.grow(op, 0.0, 0.0)
        out.grow(body, op.width + THIN * em, 0.0)
        return Atom(out, "op")

    def _sum_scale(self, char: str, style: Style) -> float:
        """The size, in em, that draws a sum sign as tall as Cambria Math's, whichever face draws it."""
        probe = 100.0  # measured large: a small size's glyph bounds are whole pixels
        item = self.text(char, style, size=probe).items[0]
        assert isinstance(item, TextItem)
        top, bottom = ink_bounds(item)
        target = SUM_HEIGHT_DISPLAY if style.display else SUM_HEIGHT
        return target * probe / (bottom - top) if bottom > top else 1.0

    def delimiters(self, el: etree._Element, style: Style) -> Atom:
        pr = _child(el, "dPr")
        begin = _val(pr, "begChr")
        end = _val(pr, "endChr")
        sep = _val(pr, "sepChr")
        begin = "(" if begin is None else begin
        end = ")" if end is None else end
        sep = "|" if sep is None else sep
        grow = _on(pr, "grow", True)
        parts = [self.row(list(e), style) for e in el if _tag(e) == "e"]
        em = style.em
        axis = AXIS * em
        inner_up = max((p.ascent for p in parts), default=0.0)
        inner_down = max((p.descent for p in parts), default=0.0)
        half = max(inner_up - axis, inner_down + axis)
        out = MathBox()
        x = 0.0

        def fence(char: str) -> None:
            nonlocal x
            if not char:
                return
            box = self.text(char, style)
            natural = box.ascent + box.descent
            wanted = 2.0 * half + 0.1 * em
            if grow and natural > 0 and wanted > natural * 1.05:
                stretch = wanted / natural
                middle = (box.ascent - box.descent) / 2.0
                # Scaled about the baseline, then moved so its middle lies on the axis.
                dy = -axis + middle * stretch
                item = box.items[0]
                assert isinstance(item, TextItem)
                out.items.append(TextItem(x, dy, item.text, item.font, item.size, stretch))
                out.ascent = max(out.ascent, axis + half + 0.05 * em)
                out.descent = max(out.descent, half - axis + 0.05 * em)
            else:
                out.grow(box, x, 0.0)
            x += box.width

        fence(begin)
        for i, part in enumerate(parts):
            if i:
                fence(sep)
            out.grow(part, x, 0.0)
            x += part.width
        fence(end)
        out.width = x
        return Atom(out, "inner")

    def matrix(self, el: etree._Element, style: Style) -> Atom:
        rows: list[list[MathBox]] = []
        mrs = [r for r in el if _tag(r) == "mr"]
        for i, r in enumerate(mrs):
            if self._pieces >= MAX_PIECES:
                # Past the budget (a million cells): the rest of the matrix is one cell of its text.
                rest = _text_of(mrs[i:])
                rows.extend([[self._join(self._plain(rest, style), style)]] if rest else [])
                break
            rows.append(self._matrix_cells([e for e in r if _tag(e) == "e"], style))
        columns = _child(_child(el, "mPr"), "mcs")
        jcs = [
            _val(_child(mc, "mcPr"), "mcJc") or "center"
            for mc in (columns if columns is not None else [])
            if _tag(mc) == "mc"
            for _ in range(_count(_val(_child(mc, "mcPr"), "count")))
        ]
        return Atom(_grid(rows, jcs, style, 1.0), "inner")

    def equations(self, el: etree._Element, style: Style) -> Atom:
        """Rows one under the other. With '&' in their text, the rows are cut there into columns
        as LaTeX's align does: the 1st, 3rd... '&' are the points the rows align at (what stands
        before one is set flush right, what follows flush left), the 2nd, 4th... start the next
        pair of columns, an em apart."""
        rows = [self._cells(self.atoms(list(e), style), style) for e in el if _tag(e) == "e"]
        if all(len(r) == 1 for r in rows):
            return Atom(_grid(rows, ["center"], style, 0.0), "ord")
        columns = max(len(r) for r in rows)
        jcs = ["right" if c % 2 == 0 else "left" for c in range(columns)]
        gaps = [0.0 if c % 2 == 0 else 1.0 for c in range(columns - 1)]
        return Atom(_grid(rows, jcs, style, gaps), "ord")

    def _cells(self, atoms: list[Atom], style: Style) -> list[MathBox]:
        """A row cut at its alignment points, spaced as the whole row (a relation after '&' keeps
        the space before it, at the start of its cell)."""
        kinds = atom_kinds([a for a in atoms if a.kind != ALIGN])
        cells: list[MathBox] = []
        cell, x, k = MathBox(), 0.0, 0
        for atom in atoms:
            if atom.kind == ALIGN:
                cell.width = x
                cells.append(cell)
                cell, x = MathBox(), 0.0
                continue
            if k > 0:
                x += space_between(kinds[k - 1], kinds[k]) * style.em
            cell.grow(atom.box, x, 0.0)
            x += atom.box.width
            k += 1
        cell.width = x
        cells.append(cell)
        return cells

    def accent(self, el: etree._Element, style: Style) -> Atom:
        char = _val(_child(el, "accPr"), "chr") or "\u0302"
        base = self._arg(el, "e", replace(style, cramped=True))
        em = style.em
        out = MathBox()
        out.grow(base, 0.0, 0.0)
        if char in _BARS:
            rule = _rule(em)
            y = -(base.ascent + 0.08 * em)
            out.items.append(RectItem(QRectF(0.0, y - rule, base.width, rule)))
            out.ascent = max(out.ascent, -y + rule)
            return Atom(out, "ord")
        mark = self.text(ACCENTS.get(char, char), style)
        item = mark.items[0]
        assert isinstance(item, TextItem)
        # A spacing accent's ink lies high above its baseline: its bottom goes just over the base.
        ink_bottom = ink_bounds(item)[1]
        dy = -(base.ascent + 0.06 * em) - ink_bottom
        out.ascent = max(out.ascent, -dy + mark.ascent)
        # Drawn as an outline: the mark decorates its base, and as text it would read as a line
        # of its own above the letters (copied text "→ a" for a vector a).
        if char in _ARROWS and mark.width > 0:
            # An arrow accent spans its whole base (a vector over S with its subscript), and no
            # more over a letter: PowerPoint's arrow over an r is 9.0 pt long at 24 pt, the r 10.4
            # wide, the parentheses around it close (ustc's slide 41); a whole '→' is 0.63 em.
            span = max(base.width, ARROW_MIN * em)
            out.items.append(_stretched_x(item, (base.width - span) / 2.0, dy, span / mark.width))
            out.width = max(base.width, span)
            return Atom(out, "ord")
        out.items.append(_stretched_x(item, (base.width - mark.width) / 2.0, dy, 1.0))
        out.width = max(base.width, mark.width)
        return Atom(out, "ord")

    def bar(self, el: etree._Element, style: Style) -> Atom:
        top = (_val(_child(el, "barPr"), "pos") or "bot") == "top"
        base = self._arg(el, "e", style)
        em = style.em
        rule = _rule(em)
        out = MathBox()
        out.grow(base, 0.0, 0.0)
        if top:
            y = -(base.ascent + 0.1 * em) - rule
            out.ascent = max(out.ascent, -y)
        else:
            y = base.descent + 0.1 * em
            out.descent = max(out.descent, y + rule)
        out.items.append(RectItem(QRectF(0.0, y, base.width, rule)))
        return Atom(out, "ord")

    def group(self, el: etree._Element, style: Style) -> Atom:
        pr = _child(el, "groupChrPr")
        char = _val(pr, "chr") or "\u23df"
        top = (_val(pr, "pos") or "bot") == "top"
        base = self._arg(el, "e", style)
        em = style.em
        mark = self.text(char, style)
        out = MathBox()
        out.grow(base, 0.0, 0.0)
        if mark.width > 0:
            stretch = max(base.width / mark.width, 1.0)
            item = mark.items[0]
            assert isinstance(item, TextItem)
            dy = -(base.ascent + 0.08 * em) + mark.descent if top else base.descent + 0.08 * em + mark.ascent
            path_x = (base.width - mark.width * stretch) / 2.0
            out.items.append(_stretched_x(item, path_x, dy, stretch))
            out.ascent = max(out.ascent, -dy + mark.ascent)
            out.descent = max(out.descent, dy + mark.descent)
        return Atom(out, "op")

    def limit(self, el: etree._Element, style: Style) -> Atom:
        base = self._arg(el, "e", style)
        lim = self._arg(el, "lim", replace(style.script(), upright=False))  # a function name's limit is math
        gap = LIMIT_GAP * style.em
        if _tag(el) == "limLow":
            return Atom(_over_under(base, None, lim, gap), "op")
        return Atom(_over_under(base, lim, None, gap), "op")

    def function(self, el: etree._Element, style: Style) -> Atom:
        name = self._arg(el, "fName", replace(style, upright=True))
        body = self._arg(el, "e", style)
        out = MathBox()
        out.grow(name, 0.0, 0.0)
        out.grow(body, name.width + THIN * style.em, 0.0)
        return Atom(out, "op")

    def box(self, el: etree._Element, style: Style) -> Atom:
        return Atom(self._arg(el, "e", style), "ord")

    def border(self, el: etree._Element, style: Style) -> Atom:
        pr = _child(el, "borderBoxPr")
        base = self._arg(el, "e", style)
        em = style.em
        pad = 0.12 * em
        rule = _rule(em) / 2.0
        out = MathBox()
        out.grow(base, pad, 0.0)
        left, right = 0.0, base.width + 2.0 * pad
        top, bottom = -(base.ascent + pad), base.descent + pad
        sides = {
            "hideTop": QRectF(left, top - rule, right - left, rule),
            "hideBot": QRectF(left, bottom, right - left, rule),
            "hideLeft": QRectF(left - rule, top - rule, rule, bottom - top + 2 * rule),
            "hideRight": QRectF(right, top - rule, rule, bottom - top + 2 * rule),
        }
        for hide, rect in sides.items():
            if not _on(pr, hide):
                out.items.append(RectItem(rect))
        mid = (top + bottom) / 2.0
        if _on(pr, "strikeH"):
            out.items.append(RectItem(QRectF(left, mid - rule / 2, right - left, rule)))
        if _on(pr, "strikeV"):
            out.items.append(RectItem(QRectF((left + right) / 2 - rule / 2, top, rule, bottom - top)))
        for name, (y0, y1) in (("strikeBLTR", (bottom, top)), ("strikeTLBR", (top, bottom))):
            if _on(pr, name):
                path = QPainterPath()
                path.moveTo(left, y0 - rule / 2)
                path.lineTo(right, y1 - rule / 2)
                path.lineTo(right, y1 + rule / 2)
                path.lineTo(left, y0 + rule / 2)
                path.closeSubpath()
                out.items.append(PathItem(path))
        out.width = right + rule
        out.ascent = -top + rule
        out.descent = bottom + rule
        return Atom(out, "ord")

    def phantom(self, el: etree._Element, style: Style) -> Atom:
        pr = _child(el, "phantPr")
        base = self._arg(el, "e", style)
        out = MathBox(
            0.0 if _on(pr, "zeroWid") else base.width,
            0.0 if _on(pr, "zeroAsc") else base.ascent,
            0.0 if _on(pr, "zeroDesc") else base.descent,
        )
        if _on(pr, "show", True):
            out.place(base, 0.0, 0.0)
        return Atom(out, "ord")


_HANDLERS: dict[str, Callable[[OmmlLayout, etree._Element, Style], Atom]] = {
    "f": OmmlLayout.fraction,
    "sSup": OmmlLayout.scripts,
    "sSub": OmmlLayout.scripts,
    "sSubSup": OmmlLayout.scripts,
    "sPre": OmmlLayout.scripts,
    "rad": OmmlLayout.radical,
    "nary": OmmlLayout.nary,
    "d": OmmlLayout.delimiters,
    "m": OmmlLayout.matrix,
    "eqArr": OmmlLayout.equations,
    "acc": OmmlLayout.accent,
    "bar": OmmlLayout.bar,
    "groupChr": OmmlLayout.group,
    "limLow": OmmlLayout.limit,
    "limUpp": OmmlLayout.limit,
    "func": OmmlLayout.function,
    "box": OmmlLayout.box,
    "borderBox": OmmlLayout.border,
    "phant": OmmlLayout.phantom,
}


ALIGN = "align"  # an '&' in m:t: an alignment point (an empty atom)


def atom_kinds(atoms: list[Atom]) -> list[str]:
    """The atoms' kinds in their row: a binary operator with nothing to operate on either side
    reads as a sign (TeX's rule)."""
    kinds = [a.kind for a in atoms]
    for i, kind in enumerate(kinds):
        if kind == "bin" and (i == 0 or kinds[i - 1] in ("bin", "rel", "open", "punct", "op")):
            kinds[i] = "ord"
    for i, kind in enumerate(kinds):
        if kind == "bin" and (i == len(kinds) - 1 or kinds[i + 1] in ("rel", "close", "punct")):
            kinds[i] = "ord"
    return kinds


def _text_of(elements: list[etree._Element]) -> str:
    """The m:t text in ``elements``, in document order."""
    return "".join(t.text or "" for e in elements for t in e.iter(f"{_M}t"))


def _char_kind(ch: str) -> str:
    if ch in RELATIONS:
        return "rel"
    if ch in BINARIES:
        return "bin"
    if ch in PUNCTUATION:
        return "punct"
    if ch in OPENINGS and ch not in "|‖":
        return "open"
    if ch in CLOSINGS:
        return "close"
    if ch in _LARGE_OPERATORS:
        return "op"
    return "ord"


def space_between(left: str, right: str) -> float:
    """Space between two atoms, in em (TeX's table, text style)."""
    if left == "rel":
        return 0.0 if right in ("rel", "close", "punct") else THICK
    if right == "rel":
        return 0.0 if left in ("open", "punct") else THICK
    if left == "bin" or right == "bin":
        return MEDIUM
    if left == "punct":
        return THIN
    if left == "op" and right in ("ord", "op", "inner"):
        return THIN
    if right == "op" and left in ("ord", "close", "inner"):
        return THIN
    if (left == "inner" and right in ("ord", "inner", "op")) or (right == "inner" and left in ("ord", "close")):
        return THIN
    return 0.0


@functools.lru_cache(maxsize=1024)
def _styled_letter(ch: str) -> tuple[str, tuple[bool, bool]] | None:
    """A mathematical italic, bold or bold italic letter or digit (U+1D400...) as the plain
    character and its (bold, italic); None for any other character."""
    if ch == "\u210e":
        return "h", (False, True)  # the italic h lives in Letterlike Symbols
    if not "\U0001d400" <= ch <= "\U0001d7ff":
        return None
    name = unicodedata.name(ch, "")
    for prefix, face in (
        ("MATHEMATICAL BOLD ITALIC ", (True, True)),
        ("MATHEMATICAL BOLD ", (True, False)),
        ("MATHEMATICAL ITALIC ", (False, True)),
    ):
        if name.startswith(prefix):
            rest = name[len(prefix) :]
            for script in ("GREEK ", "LATIN ", ""):
                case, _, letter = rest.partition(" ")
                candidates = (f"{script}{case} LETTER {letter}", f"{script}{rest}", rest)
                for candidate in candidates:
                    try:
                        return unicodedata.lookup(candidate), face
                    except KeyError:
                        continue
            return None
    return None


def _script_letter(ch: str, scr: str) -> str:
    special = _LETTERLIKE.get(scr, {}).get(ch)
    if special:
        return special
    start = _SCRIPT_STARTS[scr]
    if "A" <= ch <= "Z":
        return chr(start + ord(ch) - ord("A"))
    if "a" <= ch <= "z":
        return chr(start + 26 + ord(ch) - ord("a"))
    return ch


def _over_under(base: MathBox, over: MathBox | None, under: MathBox | None, gap: float) -> MathBox:
    width = max(base.width, over.width if over else 0.0, under.width if under else 0.0)
    out = MathBox()
    out.grow(base, (width - base.width) / 2.0, 0.0)
    if over is not None:
        out.grow(over, (width - over.width) / 2.0, -(base.ascent + gap + over.descent))
    if under is not None:
        out.grow(under, (width - under.width) / 2.0, base.descent + gap + under.ascent)
    out.width = width
    return out


def _grid(rows: list[list[MathBox]], jcs: list[str], style: Style, column_gap: float | list[float]) -> MathBox:
    """Rows of cells, columns as wide as their widest cell, the whole centred on the axis.
    ``column_gap``: em between columns, or between each column and the next."""
    em = style.em
    columns = max((len(r) for r in rows), default=0)
    widths = [max((r[c].width for r in rows if c < len(r)), default=0.0) for c in range(columns)]
    gaps = [g * em for g in column_gap] if isinstance(column_gap, list) else [column_gap * em] * max(columns - 1, 0)
    gaps += [0.0] * (columns - len(gaps))
    row_gap = 0.25 * em
    body = MathBox()
    y = 0.0
    for i, cells in enumerate(rows):
        up = max((c.ascent for c in cells), default=0.0)
        up = max(up, 0.7 * em)
        down = max(max((c.descent for c in cells), default=0.0), 0.25 * em)
        if i:
            y += row_gap + up
        x = 0.0
        for c, cell in enumerate(cells):
            jc = jcs[c] if c < len(jcs) else (jcs[-1] if jcs else "center")
            free = widths[c] - cell.width
            dx = 0.0 if jc == "left" else free if jc == "right" else free / 2.0
            body.grow(cell, x + dx, y)
            x += widths[c] + gaps[c]
        if i == 0:
            body.ascent = max(body.ascent, up)
        y += down
    body.width = sum(widths) + sum(gaps[: max(columns - 1, 0)])
    height = body.ascent + y
    out = MathBox()
    # Its middle on the axis.
    shift = body.ascent - height / 2.0 - AXIS * em
    out.place(body, 0.0, shift)
    out.width = body.width
    out.ascent = height / 2.0 + AXIS * em
    out.descent = height / 2.0 - AXIS * em
    return out


def stack(lines: list[MathBox], jc: str | None, size: float) -> MathBox:
    """An oMathPara's equations one under the other."""
    if len(lines) == 1:
        return lines[0]
    width = max((b.width for b in lines), default=0.0)
    out = MathBox()
    y = 0.0
    for i, line in enumerate(lines):
        if i:
            y += lines[i - 1].descent + 0.25 * size + line.ascent
        free = width - line.width
        dx = 0.0 if jc == "left" else free if jc == "right" else free / 2.0
        out.grow(line, dx, y)
    out.width = width
    return out


def _radical_sign(x0: float, em: float, top: float, rule: float, bottom: float, body_width: float) -> QPainterPath:
    """The radical sign and its overbar as one filled outline, drawn as PowerPoint draws it (its PDF
    fills such a polygon; the figures are its points over em): a short tick rising, a stroke down
    to the baseline and a long one up to the bar. ``top`` is the bar's underside above the baseline."""
    bar_right = x0 + RADICAL_LEAD * em + body_width + 0.06 * em

    def p(dx: float, dy: float) -> QPointF:
        return QPointF(x0 + dx * em, -dy * em)

    path = QPainterPath()
    path.moveTo(QPointF(x0 + 0.573 * em, -(top + rule)))
    path.lineTo(QPointF(bar_right, -(top + rule)))
    path.lineTo(QPointF(bar_right, -top))
    path.lineTo(QPointF(x0 + 0.627 * em, -top))
    path.lineTo(QPointF(x0 + 0.346 * em, bottom))
    path.lineTo(QPointF(x0 + 0.299 * em, bottom))
    path.lineTo(p(0.097, 0.420))
    path.lineTo(p(0.015, 0.383))
    path.lineTo(p(0.0, 0.420))
    path.lineTo(p(0.160, 0.494))
    path.lineTo(p(0.332, 0.116))
    path.closeSubpath()
    return path


def _stretched_x(item: TextItem, x: float, y: float, stretch: float) -> PathItem:
    """A glyph as an outline at (x, y), widened ``stretch`` times (a brace or arrow over its base)."""
    outline = glyph_outline(item)
    return PathItem(QTransform(stretch, 0.0, 0.0, 1.0, x, y).map(outline))
