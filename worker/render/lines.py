"""DrawingML outlines: width, colour, dashes, caps, joins and arrow heads."""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass

from lxml import etree
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPainterPath, QPainterPathStroker, QPen

from worker.deck.xml import attr_int, child, children, local
from worker.render.context import RenderContext
from worker.render.fills import fill_color, fill_keeping_alpha, find_fill, gradient_brush, is_translucent

log = logging.getLogger(__name__)

EMU_PER_PT = 12700.0

# Dash patterns in multiples of the line width (Qt's convention too), as ECMA-376 defines the
# presets (ST_PresetLineDashVal's bit patterns: "dot" is 1000, one on three off; "sysDot" is 10).
# github.com/developer0hye/office2pdf/issues/758 and #782 found the same; LibreOffice imports them so.
_DASHES: dict[str, list[float]] = {
    "dot": [1, 3],
    "dash": [4, 3],
    "lgDash": [8, 3],
    "dashDot": [4, 3, 1, 3],
    "lgDashDot": [8, 3, 1, 3],
    "lgDashDotDot": [8, 3, 1, 3, 1, 3],
    "sysDash": [3, 1],
    "sysDot": [1, 1],
    "sysDashDot": [3, 1, 1, 1],
    "sysDashDotDot": [3, 1, 1, 1, 1, 1],
}
# Compound lines (a:ln/@cmpd, ECMA-376 20.1.10.15) as rails and gaps across the line's width, in
# parts of it: Office draws "dbl" as 1:1:1 and "tri" as 1:1:2:1:1 (measured on Office's own vector
# output: github.com/yukiyokotani/office-open-xml-viewer docs/chart-compatibility-evidence.md).
# Each entry: (band width, whether it is a rail), from the centre outwards, the centre first.
_COMPOUND: dict[str, list[tuple[float, bool]]] = {
    "dbl": [(1 / 3, False), (1.0, True)],
    "tri": [(2 / 6, True), (4 / 6, False), (1.0, True)],
}
_CAPS = {"rnd": Qt.PenCapStyle.RoundCap, "sq": Qt.PenCapStyle.SquareCap, "flat": Qt.PenCapStyle.FlatCap}
_SIZES = {"sm": 2.0, "med": 3.0, "lg": 5.0}


@dataclass
class Outline:
    pen: QPen
    head: etree._Element | None  # a:headEnd (at the path's start)
    tail: etree._Element | None  # a:tailEnd (at the path's end)
    compound: str = "sng"  # a:ln/@cmpd


def make_outline(
    ctx: RenderContext, layers: list[etree._Element], ph_color: QColor | None, box: QRectF | None = None
) -> Outline | None:
    """The outline from a:ln layers, nearest first (shape, inherited placeholders, theme lnRef).

    None when there is no line.
    """
    if not layers:
        return None
    fill = None
    for layer in layers:
        fill = find_fill(layer)
        if fill is not None:
            break
    if fill is None or local(fill) == "noFill":
        return None
    # The shape's own colour choice never takes the lnRef's placeholder colour.
    color = fill_color(ctx, fill, ph_color)
    if local(fill) == "gradFill":
        # A gradient line shows where any of its stops does: one fading in from a transparent
        # first stop (a theme's rule under a title) is drawn, not dropped for that stop.
        stops = (ctx.color(gs, ph_color) for gs in children(child(fill, "gsLst"), "gs"))
        color = next((c for c in stops if c is not None and c.alpha() > 0), None)
    if color is None or color.alpha() == 0:
        return None
    width_emu = next((layer.get("w") for layer in layers if layer.get("w") is not None), None)
    # Line widths are absolute; shapes in groups are built at their size on the page (see
    # shapes.ChildSpace), so a group's child space never widens their lines.
    width = _num(width_emu, 9525.0) / EMU_PER_PT
    brush = QBrush(color)
    if local(fill) == "gradFill" and box is not None:
        brush = gradient_brush(ctx, fill, box, ph_color) or brush
    pen = QPen(brush, max(width, 0.0))
    if width <= 0:
        pen.setCosmetic(True)
        pen.setWidthF(0.5)
    # No cap stated anywhere is a flat cap: native PowerPoint exports end such a line at its
    # end points (github.com/developer0hye/office2pdf/issues/1447), not half a width past them.
    cap = next((layer.get("cap", "") for layer in layers if layer.get("cap")), "flat")
    pen.setCapStyle(_CAPS.get(cap, Qt.PenCapStyle.FlatCap))
    parts = [_named_children(layer) for layer in layers]
    join = Qt.PenJoinStyle.RoundJoin
    for named in parts:
        if "bevel" in named:
            join = Qt.PenJoinStyle.BevelJoin
            break
        if "miter" in named:
            join = Qt.PenJoinStyle.MiterJoin
            break
        if "round" in named:
            break
    pen.setJoinStyle(join)
    _apply_dash(pen, parts)
    head = next((named["headEnd"] for named in parts if "headEnd" in named), None)
    tail = next((named["tailEnd"] for named in parts if "tailEnd" in named), None)
    compound = next((layer.get("cmpd") for layer in layers if layer.get("cmpd")), None) or "sng"
    return Outline(pen, head, tail, compound)


def _named_children(layer: etree._Element) -> dict[str, etree._Element]:
    """An a:ln's first child of each local name, as xml.child finds them (namespaced elements
    only): one pass over the layer instead of one per property looked up."""
    named: dict[str, etree._Element] = {}
    for el in layer:
        tag = el.tag
        if type(tag) is str:
            _, brace, name = tag.rpartition("}")
            if brace and name not in named:
                named[name] = el
    return named


def _num(raw: str | None, default: float) -> float:
    if raw is None:
        return default
    try:
        value = float(raw)
    except ValueError:
        return default
    return value if math.isfinite(value) and 0 <= value < 1e9 else default


def apply_dash(pen: QPen, ln: etree._Element) -> None:
    """One a:ln's dashes (a:prstDash / a:custDash) on ``pen``, for callers that take the line's
    colour and width from elsewhere (a chart series' automatic line)."""
    _apply_dash(pen, [_named_children(ln)])


def _apply_dash(pen: QPen, parts: list[dict[str, etree._Element]]) -> None:
    for named in parts:
        prst = named.get("prstDash")
        cust = named.get("custDash")
        if prst is not None:
            pattern = _DASHES.get(prst.get("val", "solid"))
            if pattern:
                round_cap = pen.capStyle() != Qt.PenCapStyle.FlatCap
                # Qt adds the cap to every dash; Office's patterns already include it.
                if round_cap:
                    pattern = [max(v - 1, 0.01) if i % 2 == 0 else v + 1 for i, v in enumerate(pattern)]
                pen.setDashPattern(pattern)
            return
        if cust is not None:
            pattern = []
            for ds in cust:
                pattern += [
                    max(attr_int(ds, "d", 100000) / 100000.0, 0.01),
                    max(attr_int(ds, "sp", 100000) / 100000.0, 0.01),
                ]
            if pattern:
                pen.setDashPattern(pattern)
            return


def stroke_path(painter: QPainter, outline: Outline, shape: QPainterPath) -> None:
    """Stroke ``shape`` and draw arrow heads at the open ends of its first and last subpaths.

    ``shape`` is in points on the page's scale: a shape in a group that stretches its child space
    unevenly is built at its placed size (shapes.ChildSpace), so its line keeps its own width and
    its arrow heads their own proportions, as PowerPoint draws them."""
    painter.save()
    shaft = _pulled_back(shape, outline)
    bands = _COMPOUND.get(outline.compound)
    solid = not outline.pen.isCosmetic() and outline.pen.widthF() > 0
    if bands is not None and solid:
        fill_keeping_alpha(painter, _compound_stroke(outline.pen, shaft, bands), outline.pen.brush(), None)
    elif solid and is_translucent(outline.pen.brush()):
        # Filled as the line's area, so the gradient keeps its transparency in a PDF.
        fill_keeping_alpha(painter, QPainterPathStroker(outline.pen).createStroke(shaft), outline.pen.brush(), None)
    else:
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(outline.pen)
        painter.drawPath(shaft)
    painter.restore()
    if shape.elementCount() < 2:
        return
    width = max(outline.pen.widthF(), 0.75) if not outline.pen.isCosmetic() else 0.75
    if outline.head is not None and outline.head.get("type", "none") != "none":
        p0 = shape.elementAt(0)
        p1 = _next_distinct(shape, 0, 1)
        _arrow(painter, outline, outline.head, QPointF(p0.x, p0.y), p1, width)
    if outline.tail is not None and outline.tail.get("type", "none") != "none":
        last = shape.elementCount() - 1
        pn = shape.elementAt(last)
        prev = _next_distinct(shape, last, -1)
        _arrow(painter, outline, outline.tail, QPointF(pn.x, pn.y), prev, width)


def _pulled_back(shape: QPainterPath, outline: Outline) -> QPainterPath:
    """``shape`` with each end that carries a triangle or stealth head moved back along the line,
    so far that the line's end (and its cap) lies inside the head: a head narrows to its tip, and
    a thick line stroked to the tip showed its corners on both sides of it. An end whose segment is
    shorter than that stays where it is."""
    pen = outline.pen
    if pen.isCosmetic() or pen.widthF() <= 0 or shape.elementCount() < 2:
        return shape
    ends = [(outline.head, 0, 1), (outline.tail, shape.elementCount() - 1, -1)]
    moves = [(index, step, _pull_distance(end, pen)) for end, index, step in ends if end is not None]
    moves = [(index, step, distance) for index, step, distance in moves if distance > 0]
    if not moves:
        return shape
    out = QPainterPath(shape)
    for index, step, distance in moves:
        tip = shape.elementAt(index)
        other = shape.elementAt(_subpath_end(shape, index, step))
        if abs(other.x - tip.x) < 1e-6 and abs(other.y - tip.y) < 1e-6:
            continue  # a closed outline: moving its corner would open it
        inward = _next_distinct(shape, index, step)
        dx, dy = inward.x() - tip.x, inward.y() - tip.y
        norm = math.hypot(dx, dy)
        if norm <= distance:
            continue
        ox, oy = dx / norm * distance, dy / norm * distance
        out.setElementPositionAt(index, tip.x + ox, tip.y + oy)
        # A curve's control point next to the end moves with it: the line keeps its direction there.
        control = index + step
        if 0 <= control < shape.elementCount() and _is_control(shape, control, step):
            c = shape.elementAt(control)
            out.setElementPositionAt(control, c.x + ox, c.y + oy)
    return out


def _subpath_end(shape: QPainterPath, index: int, step: int) -> int:
    """The other end of the subpath that starts (step 1) or ends (step -1) at element ``index``."""
    move = QPainterPath.ElementType.MoveToElement
    i = index + step
    while 0 <= i < shape.elementCount():
        if shape.elementAt(i).type == move:
            return i - 1 if step > 0 else i
        i += step
    return i - step


def _is_control(shape: QPainterPath, index: int, step: int) -> bool:
    """Whether element ``index``, next to an end, is a Bézier control point rather than a vertex."""
    kind = shape.elementAt(index).type
    if step > 0:  # after the start: a curve's first control point
        return kind == QPainterPath.ElementType.CurveToElement
    # before the end: the end is a curve's last data element, so this is its second control point
    return shape.elementAt(index + 1).type == QPainterPath.ElementType.CurveToDataElement


def _head_size(end: etree._Element, width: float) -> tuple[float, float]:
    """A head's length and half width for a line ``width`` wide (a:headEnd/a:tailEnd len and w)."""
    length = _SIZES.get(end.get("len", "med"), 3.0) * width
    return length, _SIZES.get(end.get("w", "med"), 3.0) * width / 2.0


def _pull_distance(end: etree._Element, pen: QPen) -> float:
    """How far back from a head's tip the line must end for its end to lie inside the head."""
    if end.get("type", "none") not in ("triangle", "stealth"):
        return 0.0  # an oval or diamond is widest at the end point; an open arrow is only strokes
    length, half = _head_size(end, max(pen.widthF(), 0.75))  # as stroke_path sizes the head
    side = pen.widthF() / 2.0  # the line's half width, which the head's sides must cover
    cap = pen.capStyle()
    if cap == Qt.PenCapStyle.RoundCap:
        return side * math.hypot(length, half) / half  # the cap's circle touches both sides
    flat = side * length / half  # the end's corners on the head's sides
    return flat + side if cap == Qt.PenCapStyle.SquareCap else flat


def _compound_stroke(pen: QPen, shape: QPainterPath, bands: list[tuple[float, bool]]) -> QPainterPath:
    """The area a compound line covers: nested strokes with the pen's caps, joins and dashes; each
    rail is the ring between its stroke and the next narrower one."""
    width = pen.widthF()
    area, inner = QPainterPath(), QPainterPath()
    for part, rail in bands:
        stroker = QPainterPathStroker()
        stroker.setWidth(width * part)
        stroker.setCapStyle(pen.capStyle())
        stroker.setJoinStyle(pen.joinStyle())
        stroker.setMiterLimit(pen.miterLimit())
        if pen.style() == Qt.PenStyle.CustomDashLine:
            # Dash patterns count in stroke widths: keep every band's dashes as long as the line's.
            stroker.setDashPattern([v / part for v in pen.dashPattern()])
            stroker.setDashOffset(pen.dashOffset() / part)
        # Square and round caps reach past an open end: a gap reaches as far (an extended path with
        # flat caps), or the rails' ends would close into a bar, ticking every joint of a row of
        # table cells' borders.
        if not rail and pen.capStyle() != Qt.PenCapStyle.FlatCap:
            stroker.setCapStyle(Qt.PenCapStyle.FlatCap)
            band = stroker.createStroke(_extend_open_ends(shape, width / 2))
        else:
            band = stroker.createStroke(shape)
        if rail:
            ring = band.subtracted(inner) if not inner.isEmpty() else band
            area = area.united(ring) if not area.isEmpty() else ring
        inner = band
    return area


def _extend_open_ends(shape: QPainterPath, length: float) -> QPainterPath:
    """``shape`` with each open subpath carried on straight by ``length`` past both ends."""
    out = QPainterPath()
    polygons = shape.toSubpathPolygons()
    for polygon in polygons:
        points = [polygon.at(i) for i in range(polygon.size())]
        if len(points) < 2:
            continue
        closed = abs(points[0].x() - points[-1].x()) < 1e-6 and abs(points[0].y() - points[-1].y()) < 1e-6
        if not closed:
            points = [_beyond(points, 0, 1, length), *points, _beyond(points, len(points) - 1, -1, length)]
        out.moveTo(points[0])
        for point in points[1:]:
            out.lineTo(point)
    return out


def _beyond(points: list[QPointF], end: int, step: int, length: float) -> QPointF:
    """The point ``length`` past ``points[end]``, away from the next distinct point inwards."""
    tip = points[end]
    i = end + step
    while 0 <= i < len(points) and abs(points[i].x() - tip.x()) < 1e-9 and abs(points[i].y() - tip.y()) < 1e-9:
        i += step
    if not 0 <= i < len(points):
        return tip
    dx, dy = tip.x() - points[i].x(), tip.y() - points[i].y()
    norm = math.hypot(dx, dy)
    return QPointF(tip.x() + dx / norm * length, tip.y() + dy / norm * length)


def _next_distinct(shape: QPainterPath, start: int, step: int) -> QPointF:
    origin = shape.elementAt(start)
    i = start + step
    while 0 <= i < shape.elementCount():
        e = shape.elementAt(i)
        if abs(e.x - origin.x) > 1e-6 or abs(e.y - origin.y) > 1e-6:
            return QPointF(e.x, e.y)
        i += step
    return QPointF(origin.x - 1, origin.y)


def _arrow(
    painter: QPainter, outline: Outline, end: etree._Element, tip: QPointF, toward: QPointF, width: float
) -> None:
    kind = end.get("type", "triangle")
    length, half = _head_size(end, width)
    angle = math.atan2(tip.y() - toward.y(), tip.x() - toward.x())
    painter.save()
    painter.translate(tip)
    painter.rotate(math.degrees(angle))
    color = outline.pen.color()
    head = QPainterPath()
    solid = True
    if kind == "triangle":
        head.moveTo(0, 0)
        head.lineTo(-length, -half)
        head.lineTo(-length, half)
        head.closeSubpath()
    elif kind == "stealth":
        head.moveTo(0, 0)
        head.lineTo(-length, -half)
        head.lineTo(-length * 0.6, 0)
        head.lineTo(-length, half)
        head.closeSubpath()
    elif kind == "diamond":
        head.moveTo(length / 2, 0)
        head.lineTo(0, -half)
        head.lineTo(-length / 2, 0)
        head.lineTo(0, half)
        head.closeSubpath()
    elif kind == "oval":
        head.addEllipse(QPointF(0, 0), length / 2, half)
    else:  # "arrow": an open V drawn with the line's pen
        solid = False
        head.moveTo(-length, -half)
        head.lineTo(0, 0)
        head.lineTo(-length, half)
    if solid:
        painter.fillPath(head, QBrush(color))
    else:
        pen = QPen(outline.pen)
        pen.setStyle(Qt.PenStyle.SolidLine)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(head)
    painter.restore()
