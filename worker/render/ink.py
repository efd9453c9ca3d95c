"""Ink (pen annotations): a p:contentPart's InkML part read into strokes and drawn in its box.

PowerPoint stores each ink drawing as W3C InkML (/ppt/ink/inkN.xml) and places it on the slide
with the contentPart's p14:xfrm: the box of the strokes' points (pen widths left out). The points'
own coordinates are the ink canvas' (himetric, or a digitiser's device units scaled by the
channel's resolution) and say nothing of the slide position, so the points' bounding box is mapped
onto the xfrm box; a pen keeps its absolute width. Checked on the corpus: every stored xfrm is its
ink's point box in himetric (poi stress013, 44 parts), and a digitiser's ink (tika various2) lands
where PowerPoint's own fallback picture of it is drawn.
"""

from __future__ import annotations

import logging
import math
import re
from dataclasses import dataclass

from lxml import etree
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen

from worker.deck.xml import local, parse

log = logging.getLogger(__name__)

_INKML = "http://www.w3.org/2003/InkML"
_XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
_PT_PER_UNIT = {
    "cm": 72.0 / 2.54,
    "mm": 72.0 / 25.4,
    "in": 72.0,
    "pt": 1.0,
    "himetric": 72.0 / 2540.0,
    "m": 7200.0 / 2.54,
}
_DEFAULT_PEN_PT = 72.0 / 2540.0 * 53  # PowerPoint's thin pen, 0.53 mm
MAX_POINTS = 500_000  # over all traces: a page of handwriting is ~50,000; beyond this is an attack
# One value of a trace (InkML 1.0, 3.2.1): a difference order (! explicit, ' first difference,
# " second difference), a qualifier (? unknown, * as the previous point), or a number; a comma
# ends a point. Numbers run together where a sign starts the next one ("16-67").
_TOKEN = re.compile(r"""\s*(?:([!'"])|([?*])|([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)|(,)|([TF])|(\S))""")


class InkError(ValueError):
    """An ink part that cannot be read (not InkML, or a trace that is not numbers)."""


@dataclass(frozen=True)
class InkBrush:
    color: QColor  # with the brush's transparency as alpha
    width: float  # points, across the stroke
    square_tip: bool  # tip="rectangle" (a highlighter's chisel)
    smooth: bool  # fitToCurve: PowerPoint draws the points as a smoothed curve


@dataclass(frozen=True)
class InkStroke:
    points: tuple[tuple[float, float], ...]  # in the context's units (value / resolution)
    brush: InkBrush


@dataclass(frozen=True)
class Ink:
    strokes: tuple[InkStroke, ...]
    bounds: QRectF  # of every point, in the same units as the strokes


_DEFAULT_BRUSH = InkBrush(QColor(0, 0, 0), _DEFAULT_PEN_PT, False, False)


@dataclass(frozen=True)
class _Context:
    channels: tuple[str, ...]  # channel names in trace order (X, Y, F, T...)
    scale_x: float  # 1 / the X channel's resolution
    scale_y: float


_DEFAULT_CONTEXT = _Context(("X", "Y"), 1.0, 1.0)


def _number(raw: str | None, default: float) -> float:
    try:
        value = float(raw) if raw is not None else default
    except ValueError:
        return default
    return value if math.isfinite(value) and abs(value) < 1e12 else default


def _length_pt(prop: etree._Element) -> float | None:
    value = _number(prop.get("value"), -1.0)
    if value <= 0:
        return None
    return value * _PT_PER_UNIT.get((prop.get("units") or "cm").strip(), _PT_PER_UNIT["cm"])


def _read_brush(el: etree._Element) -> InkBrush:
    props = {p.get("name", ""): p for p in el.iter(f"{{{_INKML}}}brushProperty")}
    color = QColor(0, 0, 0)
    raw = props["color"].get("value", "") if "color" in props else ""
    if re.fullmatch(r"#[0-9A-Fa-f]{6}", raw.strip()):
        color = QColor(raw.strip())
    width = _length_pt(props["width"]) if "width" in props else None
    height = _length_pt(props["height"]) if "height" in props else None
    square = "tip" in props and props["tip"].get("value", "") == "rectangle"
    highlighter = "rasterOp" in props and props["rasterOp"].get("value", "") == "maskPen"
    transparency = _number(props["transparency"].get("value"), 0.0) if "transparency" in props else 0.0
    if highlighter:
        # maskPen (the pen ANDed with what is under it: a highlighter) ignores transparency; PDF
        # has no raster operations, so it is drawn half see-through, which leaves text readable
        # as the AND does (Aspose's PDF export does the same by default: InterpretMaskOpAsOpacity).
        transparency = 128.0
    color.setAlpha(int(max(0.0, min(255.0, 255.0 - transparency))))
    # A highlighter's chisel is drawn mostly along lines of text: its height is the stroke's breadth.
    sizes = [s for s in ((height, width) if square else (width, height)) if s is not None]
    breadth = sizes[0] if sizes else _DEFAULT_PEN_PT
    smooth = "fitToCurve" in props and props["fitToCurve"].get("value", "") in ("1", "true")
    return InkBrush(color, breadth, square, smooth)


def _read_context(el: etree._Element, formats: dict[str, etree._Element]) -> _Context:
    fmt = next(el.iter(f"{{{_INKML}}}traceFormat"), None)
    if fmt is None:
        ref = (el.get("traceFormatRef") or "").lstrip("#")
        fmt = formats.get(ref)
    if fmt is None:
        return _DEFAULT_CONTEXT
    names = tuple(c.get("name", "") for c in fmt.iterchildren(f"{{{_INKML}}}channel"))
    resolution = {
        p.get("channel", ""): _number(p.get("value"), 1.0)
        for p in el.iter(f"{{{_INKML}}}channelProperty")
        if p.get("name") == "resolution"
    }
    scale = {k: 1.0 / v if v > 0 else 1.0 for k, v in resolution.items()}
    return _Context(names or ("X", "Y"), scale.get("X", 1.0), scale.get("Y", 1.0))


def decode_trace(text: str, channels: int) -> list[list[float]]:
    """A trace's points, each its channels' values, differences resolved (InkML 1.0, 3.2.1).

    Each channel keeps its own difference order until another prefix changes it; a second
    difference adds to the channel's running velocity."""
    order = ["!"] * channels
    prev = [0.0] * channels
    velocity = [0.0] * channels
    points: list[list[float]] = []
    row: list[float] = []
    prefix: str | None = None
    for match in _TOKEN.finditer(text):
        mark, qualifier, number, comma, flag, junk = match.groups()
        if comma:
            if row:
                points.append(row)
            row, prefix = [], None
            continue
        if mark:
            prefix = mark
            continue
        if junk:
            raise InkError(f"unexpected {junk!r} in a trace")
        j = len(row)
        if j >= channels:
            continue  # intermittent channels: not drawn
        if prefix is not None:
            order[j], prefix = prefix, None
        if qualifier or flag:
            value = prev[j] + velocity[j] if qualifier == "*" else prev[j]
        else:
            given = float(number)
            if order[j] == "'":
                velocity[j] = given
            elif order[j] == '"':
                velocity[j] += given
            else:
                velocity[j] = given - prev[j]
            value = prev[j] + velocity[j]
        prev[j] = value
        row.append(value)
    if row:
        points.append(row)
    return points


def read_ink(blob: bytes) -> Ink:
    """The strokes of an InkML part; InkError when it is not one."""
    try:
        root = parse(blob)
    except etree.XMLSyntaxError as exc:
        raise InkError(f"damaged XML: {exc}") from exc
    if local(root) != "ink" or root.tag != f"{{{_INKML}}}ink":
        raise InkError(f"not InkML: <{local(root)}>")
    formats = {el.get(_XML_ID, ""): el for el in root.iter(f"{{{_INKML}}}traceFormat")}
    brushes = {el.get(_XML_ID, ""): _read_brush(el) for el in root.iter(f"{{{_INKML}}}brush")}
    contexts = {el.get(_XML_ID, ""): _read_context(el, formats) for el in root.iter(f"{{{_INKML}}}context")}
    default_format = next((el for el in root.iterchildren(f"{{{_INKML}}}traceFormat")), None)
    default_context = _read_context(root, formats) if default_format is not None else _DEFAULT_CONTEXT

    strokes: list[InkStroke] = []
    total = 0
    xs: list[float] = []
    ys: list[float] = []
    for trace in root.iter(f"{{{_INKML}}}trace"):
        brush_ref, context_ref = _refs(trace)
        brush = brushes.get(brush_ref, _DEFAULT_BRUSH)
        context = contexts.get(context_ref, default_context)
        try:
            x_at, y_at = context.channels.index("X"), context.channels.index("Y")
        except ValueError as exc:
            raise InkError("a trace without X and Y channels") from exc
        text = trace.text or ""
        # Points are comma-separated: refuse an oversized part before decoding any of it.
        if total + text.count(",") + 1 > MAX_POINTS:
            raise InkError(f"more than {MAX_POINTS} points")
        values = decode_trace(text, len(context.channels))
        points = tuple(
            (row[x_at] * context.scale_x, row[y_at] * context.scale_y) for row in values if len(row) > max(x_at, y_at)
        )
        total += len(points)
        if points:
            strokes.append(InkStroke(points, brush))
            xs.extend(p[0] for p in points)
            ys.extend(p[1] for p in points)
    if not strokes:
        return Ink((), QRectF())
    return Ink(tuple(strokes), QRectF(min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys)))


def _refs(trace: etree._Element) -> tuple[str, str]:
    """The brush and context a trace is drawn with: its own, else its nearest traceGroup's."""
    brush, context = trace.get("brushRef"), trace.get("contextRef")
    parent = trace.getparent()
    while (brush is None or context is None) and parent is not None and local(parent) == "traceGroup":
        brush = brush if brush is not None else parent.get("brushRef")
        context = context if context is not None else parent.get("contextRef")
        parent = parent.getparent()
    return (brush or "").lstrip("#"), (context or "").lstrip("#")


def paint_ink(painter: QPainter, ink: Ink, w: float, h: float) -> None:
    """Draw ``ink`` with its points' box stretched onto (0, 0, w, h) of the painter's space.

    An axis along which every point is the same (a dot, a level line) keeps the other axis'
    scale, centred in the box, so a dot stays a dot."""
    bounds = ink.bounds
    sx = w / bounds.width() if bounds.width() > 0 else None
    sy = h / bounds.height() if bounds.height() > 0 else None
    sx = sx if sx is not None else sy if sy is not None else 1.0
    sy = sy if sy is not None else sx
    ox = (w - bounds.width() * sx) / 2.0 - bounds.left() * sx
    oy = (h - bounds.height() * sy) / 2.0 - bounds.top() * sy
    painter.save()
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for stroke in ink.strokes:
            pts = [QPointF(x * sx + ox, y * sy + oy) for x, y in stroke.points]
            pen = QPen(stroke.brush.color, stroke.brush.width)
            square = stroke.brush.square_tip
            pen.setCapStyle(Qt.PenCapStyle.SquareCap if square else Qt.PenCapStyle.RoundCap)
            pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin if square else Qt.PenJoinStyle.RoundJoin)
            painter.setPen(pen)
            if all(p == pts[0] for p in pts):
                # A tap: the tip's own shape at that point (a zero-length path draws nothing).
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(stroke.brush.color)
                r = stroke.brush.width / 2.0
                if square:
                    painter.drawRect(QRectF(pts[0].x() - r, pts[0].y() - r, 2 * r, 2 * r))
                else:
                    painter.drawEllipse(pts[0], r, r)
                painter.setBrush(Qt.BrushStyle.NoBrush)
                continue
            painter.drawPath(_stroke_path(pts, stroke.brush.smooth))
    finally:
        painter.restore()


def _stroke_path(pts: list[QPointF], smooth: bool) -> QPainterPath:
    """The pen's path through ``pts``: straight segments, or for fitToCurve ink a curve through the
    segments' midpoints with each point as its control (smooth as PowerPoint draws it)."""
    path = QPainterPath(pts[0])
    if not smooth or len(pts) < 3:
        for p in pts[1:]:
            path.lineTo(p)
        return path
    for i in range(1, len(pts) - 1):
        mid = (pts[i] + pts[i + 1]) / 2.0
        path.quadTo(pts[i], mid)
    path.lineTo(pts[-1])
    return path
