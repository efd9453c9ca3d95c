"""Office Math in a paragraph (a14:m holding m:oMath or m:oMathPara), as writers such as pandoc and
Quarto put it there bare: laid out by worker.render.math (fractions, scripts, radicals...) and set
in the paragraph's line as one piece (build.Piece.math) as wide, high and deep as the math.

PowerPoint itself writes equations inside mc:AlternateContent with a picture of the text box as
the fallback: that picture is what is drawn, and the choice's text box (this math included) is
laid down under it at no opacity, for the PDF's text layer only (shapes.paint_alternate)."""

from __future__ import annotations

import logging

from lxml import etree
from PySide6.QtGui import QFont

from worker.deck.xml import A
from worker.render.fonts import FALLBACKS, FontResolver, without_ligatures
from worker.render.math.breaks import MathPart, equation_parts
from worker.render.math.omml import M, OmmlLayout, RunLooks

log = logging.getLogger(__name__)

A14_MATH = "{http://schemas.microsoft.com/office/drawing/2010/main}m"
_M_RUN = f"{{{M}}}r"
_A_RPR = f"{{{A}}}rPr"
# The character standing for the math in the paragraph's text: a digit, which every font has and
# which breaks from its neighbours as a word does (spaces or ideographs around it).
MATH_HOLDER = "0"
_STAND_INS = {"math": MATH_HOLDER, "space": " ", "break": "\u2028"}  # build.LINE_BREAK
# OMML's default math font (ECMA-376 22.1.2.61 m:mathFont), drawn with its stand-in: Caladea is
# Cambria's metric twin, and Cambria Math's letters and digits are Cambria's. Greek and the
# mathematical alphanumerics Caladea lacks come from Noto Serif, then Noto Sans Math.
MATH_TYPEFACE = "Cambria Math"
_MATH_FALLBACKS = ("Noto Serif", "Noto Sans Math")
OPERATOR_TYPEFACE = "DejaVu Serif"  # omml.WIDE_OPERATORS: their ink as wide as Cambria Math's
_JC = {"left": "l", "right": "r", "center": "ctr", "centerGroup": "ctr"}


def is_math(el: etree._Element) -> bool:
    return el.tag == A14_MATH


def math_props(math: etree._Element) -> etree._Element | None:
    """The a:rPr of the math's first run (size, colour), for the whole equation."""
    for run in math.iter(_M_RUN):
        for sub in run:
            if sub.tag == _A_RPR:
                return sub
    return None


class MathZones:
    """Lays out one text body's equations with the deck's fonts, once per element and size."""

    def __init__(self, fonts: FontResolver) -> None:
        self._fonts = fonts
        self._family = fonts.family(MATH_TYPEFACE)
        self._operators = fonts.family(OPERATOR_TYPEFACE)
        self._layout = OmmlLayout(self._font, self._operator_font)
        self._parts: dict[tuple[int, float], tuple[etree._Element, list[MathPart]]] = {}

    def _font(self, size: float, bold: bool, italic: bool) -> QFont:
        from worker.render.text.build import true_size

        font = self._fonts.qfont(self._family, size, bold, italic)
        others = [f for f in FALLBACKS if f not in _MATH_FALLBACKS and f != self._family]
        font.setFamilies([self._family, *_MATH_FALLBACKS, *others])
        without_ligatures(font)
        return true_size(font, size)

    def _operator_font(self, size: float, bold: bool, italic: bool) -> QFont:
        from worker.render.text.build import true_size

        font = self._fonts.qfont(self._operators, size, bold, italic)
        font.setFamilies([self._operators, self._family])
        return true_size(font, size)

    def parts(self, math: etree._Element, size: float, looks: RunLooks | None = None) -> list[MathPart]:
        """The equation's stretches, and where lines may or must break between them (breaks).
        ``looks`` reads its runs' own a:rPr (the same for one element each time)."""
        key = (id(math), size)
        found = self._parts.get(key)
        if found is not None and found[0] is math:
            return found[1]
        self._layout.looks = looks
        try:
            parts = equation_parts(self._layout, math, size)
        finally:
            self._layout.looks = None
        self._parts[key] = (math, parts)
        return parts

    @staticmethod
    def text(parts: list[MathPart]) -> str:
        """The characters standing for ``parts`` in the paragraph's text: a holder for each stretch,
        a space where a line may end, a line break for m:brk."""
        return "".join(_STAND_INS[part.kind] for part in parts)

    def align(self, math: etree._Element) -> str | None:
        """The paragraph alignment an m:oMathPara's m:jc asks for (None: it states none)."""
        para = math.find(f"{{{M}}}oMathPara")
        if para is None:
            return None
        pr = para.find(f"{{{M}}}oMathParaPr/{{{M}}}jc")
        value = pr.get(f"{{{M}}}val") if pr is not None else None
        return _JC.get(value or "")
