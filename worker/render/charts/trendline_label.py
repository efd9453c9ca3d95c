"""A trendline's equation and R² label (c:dispEq, c:dispRSqr, c:trendlineLbl).

The text is what Excel writes: "y = 2.0821x - 0.1071" over "R² = 0.9877", each number in a
compact General that fits six characters (533371, 36.429, 0.0185, 2E-05, 3E+06) unless the label
has its own c:numFmt. Exponents (x², e^(0.69x), x^1.5) are raised and smaller, as Office's
superscript runs. Left to Office, the block's right edge sits at three quarters of the plot's
width and its bottom a quarter line below the curve's right end, kept inside the plot; a manual
c:layout moves it by fractions of the chart (factor mode) or puts it there (edge mode).
"""

from __future__ import annotations

import dataclasses
import logging
import math

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QPainterPath

from worker.render.charts.frame import Frame
from worker.render.charts.model import Trendline
from worker.render.charts.numfmt import format_value
from worker.render.charts.style import fill_shape, outline_pen
from worker.render.charts.text import Font
from worker.render.charts.trendline import Fit

log = logging.getLogger(__name__)

WIDTH = 6  # characters Office's General gives a trendline label's number
RIGHT_SHARE = 0.75  # the automatic block's right edge, share of the plot's width
SCRIPT_SCALE = 2.0 / 3.0  # a raised exponent's size, share of the text's
SCRIPT_RISE = 0.3  # how far an exponent's baseline rises, share of the text size (baseline 30%)

Piece = tuple[str, bool]  # text, raised (an exponent)
Line = list[Piece]


def compact_general(value: float) -> str:
    """``value`` in General within ``WIDTH`` characters (its sign aside), as Excel's label shows it:
    as many decimals as fit, E notation when the integer part does not fit or nothing would show."""
    magnitude = abs(value)
    sign = "-" if value < 0 else ""
    if magnitude == 0 or not math.isfinite(magnitude):
        return "0"
    digits = math.floor(math.log10(magnitude)) + 1
    if digits <= WIDTH:
        decimals = max(0, WIDTH - max(digits, 1) - 1)
        text = f"{magnitude:.{decimals}f}"
        if "." in text:
            text = text.rstrip("0").rstrip(".")
        if text != "0" and len(text.split(".")[0]) <= WIDTH:
            return sign + text
    mantissa, exponent = f"{magnitude:.0E}".split("E")
    return f"{sign}{mantissa}E{exponent[0]}{exponent[1:].zfill(2)}"


def _number(value: float, code: str | None) -> str:
    return compact_general(value) if not code or code.strip().lower() == "general" else format_value(value, code)


def _terms(fit: Fit, code: str | None) -> list[tuple[float, list[Piece]]]:
    """The equation's terms, highest first: (coefficient, what follows it)."""
    c = fit.coeffs
    if fit.kind == "exp":
        return [(c[0], [("e", False), (_number(c[1], code) + "x", True)])]
    if fit.kind == "power":
        return [(c[0], [("x", False), (_number(c[1], code), True)])]
    if fit.kind == "log":
        return [(c[1], [("ln(x)", False)]), (c[0], [])]
    terms: list[tuple[float, list[Piece]]] = []
    for power in range(len(c) - 1, -1, -1):
        tail: list[Piece] = [("x", False)] if power >= 1 else []
        if power > 1:
            tail.append((str(power), True))
        terms.append((c[power], tail))
    return terms


def equation(fit: Fit, code: str | None) -> Line:
    """ "y = ..." with each term signed between spaces; zero terms (a set intercept of 0) left out."""
    line: Line = [("y = ", False)]
    first = True
    for coeff, tail in _terms(fit, code):
        if coeff == 0 and not first and fit.kind in ("linear", "poly", "log"):
            continue
        if first:
            line.append((_number(coeff, code), False))
        else:
            line.append((f" {'-' if coeff < 0 else '+'} {_number(abs(coeff), code)}", False))
        line.extend(tail)
        first = False
    return line


def lines(trend: Trendline, fit: Fit) -> list[Line]:
    """The label's lines: its own rich text when it has one, else the equation and R²."""
    spec = trend.label.text
    if spec is not None and spec.runs and any(t for runs in spec.runs for t, _, _ in runs):
        return [[(text, False)] for text in spec.paragraphs]
    out: list[Line] = []
    if trend.show_equation:
        out.append(equation(fit, trend.label.num_fmt))
    if trend.show_r_squared and fit.r_squared is not None:
        out.append([("R² = " + _number(fit.r_squared, trend.label.num_fmt), False)])
    return out


class EquationLabel:
    """The label of one trendline, drawn after every series (on top, as data labels)."""

    def __init__(self, trend: Trendline, content: list[Line], end: QPointF, plot: QRectF) -> None:
        self.trend = trend
        self.content = content
        self.end = end  # the drawn curve's right end, page coordinates
        self.plot = plot

    def paint(self, frame: Frame) -> None:
        font = frame.styler.font(self.trend.label.text)
        small = dataclasses.replace(font, size=max(font.size * SCRIPT_SCALE, 1.0))
        widths = [sum(frame.styler.size(t, small if up else font).width() for t, up in ln) for ln in self.content]
        height = frame.styler.line_box(font)
        block = QRectF(0.0, 0.0, max(widths, default=0.0), height * len(self.content))
        block.moveTopLeft(self._origin(frame, block, height))
        box = QPainterPath()
        box.addRect(block)
        sp_pr = self.trend.label.sp_pr
        fill_shape(frame.painter, frame.ctx, sp_pr, box, None)
        frame.stroke(outline_pen(frame.ctx, sp_pr, None), box)
        for k, (ln, width) in enumerate(zip(self.content, widths, strict=True)):
            x = block.left() + (block.width() - width) / 2.0
            self._draw_line(frame, ln, font, small, QPointF(x, block.top() + k * height))

    def _origin(self, frame: Frame, block: QRectF, line: float) -> QPointF:
        plot = self.plot
        x = plot.left() + plot.width() * RIGHT_SHARE - block.width()
        y = self.end.y() + line / 4.0 - block.height()
        x = min(max(x, plot.left()), plot.right() - block.width())
        y = min(max(y, plot.top()), plot.bottom() - block.height())
        layout = self.trend.label.layout
        area = frame.area
        if layout is not None:
            if layout.x is not None:
                x = area.left() + layout.x * area.width() + (x - area.left() if layout.x_mode != "edge" else 0.0)
            if layout.y is not None:
                y = area.top() + layout.y * area.height() + (y - area.top() if layout.y_mode != "edge" else 0.0)
        return QPointF(x, y)

    @staticmethod
    def _draw_line(frame: Frame, line: Line, font: Font, small: Font, top_left: QPointF) -> None:
        x = top_left.x()
        baseline = top_left.y() + frame.styler.line(line[0][0] if line else "", font).ascent
        for text, raised in line:
            piece_font = small if raised else font
            piece = frame.styler.line(text, piece_font)
            top = baseline - piece.ascent - (font.size * SCRIPT_RISE if raised else 0.0)
            frame.styler.draw(frame.painter, text, piece_font, QPointF(x, top), "l", "t")
            x += piece.width
