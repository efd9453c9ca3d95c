"""Where a pie slice's data label goes: inside, at its rim, or outside, and crowded outside labels
spread apart.

Best fit (dLblPos bestFit, a 2-D pie's default) puts a label inside its slice when it fits there and
otherwise just outside the rim, as an outside-end label. Outside best-fit labels that would overlap
are spread apart vertically along their side of the pie, keeping their order, and a spread label is
tied to its slice by a leader line when c:showLeaderLines asks for one.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSizeF

from worker.render.charts.frame import Frame, LeaderStart, box_rim_points, label_boxed
from worker.render.charts.model import DataLabels

log = logging.getLogger(__name__)

OUTSIDE_GAP_SHARE = 0.25  # rim to outside-end label, share of the label's line box
SIDE_SHARE = 0.38  # |sin| under which a bisector counts as vertical (or horizontal): label centred
INSIDE_SHARE = 0.65  # a label inside a slice sits this far out along its bisector, share of the radius
# Where else along its bisector a best-fit label that does not fit at INSIDE_SHARE may sit inside.
INSIDE_TRIES = (0.65, 0.75, 0.55, 0.8, 0.5)
IN_END_SHARE = 0.8  # an inside-end label, share of the radius
MOVE_EPSILON = 0.5  # pt: a spread label moved less than this keeps its place (and has no leader)
OUTSIDE_ROUNDS = 4  # at most this many steps moving an outside label clear of the pie
WRAP_SHARE = 0.2  # a label's lines wrap at a fifth of the chart's width, as Office's do
# |sin| of a bisector under which its outside label may leave a crowded side column for a row above
# or below the pie: slices within 60 degrees of 12 or 6 o'clock.
ROW_REACH = math.sin(math.radians(60.0))


@dataclass
class SliceLabel:
    """One slice's label: its text and the slice it belongs to; ``place`` fills in the rest."""

    text: str
    spec: DataLabels
    center: QPointF  # the slice's centre (moved out when the slice is exploded)
    start: float  # degrees clockwise from 12 o'clock
    sweep: float
    outer: float
    inner: float = 0.0
    point: int = -1  # the point's index in its series
    squash: float = 1.0  # a 3-D pie's tilted disc: its vertical radius over its horizontal one
    drop: float = 0.0  # a 3-D pie's side band: outside labels on its near half go below it
    anchor: QPointF | None = None
    h_align: str = "c"
    v_align: str = "c"
    outside: bool = False
    room: float = 0.0  # an outside label's distance past the rim
    moved: bool = False
    size: QSizeF | None = None  # the text's size, once measured

    @property
    def direction(self) -> QPointF:
        mid = math.radians(self.start + self.sweep / 2.0)
        return QPointF(math.sin(mid), -math.cos(mid))

    def at(self, share: float) -> QPointF:
        """The point on the slice's bisector ``share`` of the radius out (on a 3-D pie's top)."""
        d = self.direction
        return self.center + QPointF(d.x() * self.outer * share, d.y() * self.outer * share * self.squash)

    @property
    def rim(self) -> QPointF:
        """The rim's point on the slice's bisector, where a leader line starts."""
        return self.at(1.0)

    def flat(self, p: QPointF) -> QPointF:
        """``p`` in the untilted disc's plane (a 3-D pie's top seen from above)."""
        return QPointF(p.x(), self.center.y() + (p.y() - self.center.y()) / self.squash)


def gap(frame: Frame, spec: DataLabels) -> float:
    """Room between the rim and an outside-end label: a quarter of the label's line."""
    return frame.styler.line_box(frame.styler.font(spec.text)) * OUTSIDE_GAP_SHARE


def outside(center: QPointF, direction: QPointF, radius: float, room: float) -> tuple[QPointF, str, str]:
    """Anchor and alignment of an outside-end label: its box touches the point just past the rim
    on the slice's bisector from outside (a label right of the pie starts there, one below hangs
    from it), so labels never cover their slice whatever their width."""
    at = center + direction * (radius + room)
    dx, dy = direction.x(), direction.y()
    h_align = "c" if abs(dx) < SIDE_SHARE else ("l" if dx > 0 else "r")
    v_align = "c" if abs(dy) < SIDE_SHARE else ("t" if dy > 0 else "b")
    return at, h_align, v_align


def wrapped(frame: Frame, spec: DataLabels, text: str) -> str:
    """A pie label's text broken at spaces into lines no wider than a fifth of the chart: Office
    wraps data labels (bodyPr wrap="square" is its default) at that width (LibreOffice's
    interoperability notes measure the same). A word wider than that keeps its own line."""
    limit = frame.area.width() * WRAP_SHARE
    if limit <= 0:
        return text
    font = frame.styler.font(spec.text)
    body = spec.text.body_pr if spec.text is not None else None
    if body is not None and body.get("wrap") == "none":
        return text
    out: list[str] = []
    for paragraph in text.split("\n"):
        if frame.styler.size(paragraph, font).width() <= limit:
            out.append(paragraph)
            continue
        lines: list[str] = []
        for word in paragraph.split(" "):
            joined = f"{lines[-1]} {word}" if lines else word
            if lines and frame.styler.size(joined, font).width() <= limit:
                lines[-1] = joined
            else:
                lines.append(word)
        out.extend(lines or [paragraph])
    return "\n".join(out)


def set_outside(frame: Frame, label: SliceLabel, room: float) -> None:
    """Anchor the label just outside the rim (below a 3-D pie's band on its near half): its box
    touches the point ``room`` past the rim on the bisector, and moves further out along it when a
    corner of a tall or wide box would still reach within that distance of the pie."""
    d = label.direction
    at, label.h_align, label.v_align = outside(label.rim, d, 0.0, room)
    label.anchor = at + QPointF(0.0, label.drop if d.y() > 0 else 0.0)
    label.outside = True
    label.room = room
    step = QPointF(d.x(), d.y() * label.squash)
    for _ in range(OUTSIDE_ROUNDS):
        deficit = label.outer + room - _outline_distance(label, _aligned_text_box(frame, label))
        if deficit < 0.25:
            break
        label.anchor = label.anchor + step * deficit


def _aligned_text_box(frame: Frame, label: SliceLabel) -> QRectF:
    """What of the label is seen, aligned at its anchor: its box when drawn (fill or outline),
    else its text without the box's insets."""
    assert label.anchor is not None
    if label_boxed(label.spec.sp_pr):
        return _box(frame, label)
    size = _text_size(frame, label)
    w, h = size.width(), size.height()
    x = label.anchor.x() - {"l": 0.0, "c": w / 2.0, "r": w}[label.h_align]
    y = label.anchor.y() - {"t": 0.0, "c": h / 2.0, "b": h}[label.v_align]
    return QRectF(x, y, w, h)


def _outline_distance(label: SliceLabel, box: QRectF) -> float:
    """Distance from the pie's centre (a 3-D pie's centres from top to bottom) to the box's nearest
    point, in the untilted disc's plane."""
    c = label.center
    dx = min(max(c.x(), box.left()), box.right()) - c.x()
    return math.hypot(dx, _band_dy(label, box))


def best_fit_inside(position: str) -> bool:
    """Whether a 2-D pie's label position is best fit: dLblPos bestFit, or none (Office's default)."""
    return position in ("bestFit", "")


def fits_inside(label: SliceLabel, box: QRectF) -> bool:
    """Whether ``box`` lies within the label's slice: its corners and side middles inside the
    wedge (between the slice's edges, within its rim and outside a doughnut's hole)."""
    if label.sweep >= 359.999:
        points = [box.topLeft(), box.topRight(), box.bottomLeft(), box.bottomRight()]
        return all(_radius(label, label.flat(p)) <= label.outer for p in points)
    for p in map(label.flat, box_rim_points(box)):
        r = _radius(label, p)
        if r > label.outer or r < label.inner:
            return False
        d = p - label.center
        angle = math.degrees(math.atan2(d.x(), -d.y())) % 360.0
        if (angle - label.start) % 360.0 > label.sweep:
            return False
    return True


def inside_box(frame: Frame, label: SliceLabel) -> QRectF:
    """The text box of a label centred at its anchor inside the slice."""
    assert label.anchor is not None
    size = _text_size(frame, label)
    at = label.anchor
    return QRectF(at.x() - size.width() / 2.0, at.y() - size.height() / 2.0, size.width(), size.height())


def _text_size(frame: Frame, label: SliceLabel) -> QSizeF:
    if label.size is None:
        label.size = frame.styler.size(label.text, frame.styler.font(label.spec.text))
    return label.size


def _radius(label: SliceLabel, p: QPointF) -> float:
    return math.hypot(p.x() - label.center.x(), p.y() - label.center.y())


def inside_anchor(frame: Frame, label: SliceLabel) -> QPointF | None:
    """Where on its bisector a best-fit label fits inside its slice, if anywhere."""
    size = _text_size(frame, label)
    if label.sweep < 180.0:
        # Nothing narrower than the box's smaller side fits: the slice's widest chord (at its rim,
        # on the untilted disc) must exceed it.
        chord = 2.0 * label.outer * math.sin(math.radians(label.sweep) / 2.0)
        if chord < min(size.width(), size.height() / label.squash):
            return None
    for share in INSIDE_TRIES:
        label.anchor = label.at(share)
        if fits_inside(label, inside_box(frame, label)):
            return label.anchor
    return None


def place(frame: Frame, labels: list[SliceLabel], bounds: QRectF, best_fit: bool,
          outside_points: set[int] | None = None, spread: bool = True) -> None:  # fmt: skip
    """Anchors for ``labels``: outside end past the rim, inside end and centre within the slice,
    best fit (when ``best_fit``, a 2-D pie) inside when the label fits there, else outside; then
    the outside best-fit labels are spread so that none overlaps another. ``outside_points``, when
    given, are the best-fit labels that go outside (decided while the pie was shrunk for them)."""
    for label in labels:
        spec = label.spec
        pos = spec.position
        if pos == "outEnd":
            set_outside(frame, label, gap(frame, spec))
            continue
        if pos == "inEnd":
            label.anchor = label.at(IN_END_SHARE)
        elif label.inner > 0.0:
            label.anchor = label.at((label.outer + label.inner) / 2.0 / label.outer)
        else:
            label.anchor = label.at(INSIDE_SHARE)
        if not (best_fit and best_fit_inside(pos)):
            continue
        if outside_points is not None:
            goes_out = label.point in outside_points
            if not goes_out:
                label.anchor = inside_anchor(frame, label) or label.at(INSIDE_SHARE)
        else:
            found = inside_anchor(frame, label)
            goes_out = found is None
            label.anchor = found or label.anchor
        if goes_out:
            set_outside(frame, label, gap(frame, spec))
    if best_fit and spread:
        _spread(frame, [lb for lb in labels if lb.outside and best_fit_inside(lb.spec.position)], bounds)


def _spread(frame: Frame, labels: list[SliceLabel], bounds: QRectF) -> None:
    """Outside labels on each side of the pie moved apart vertically, in their order, as little as
    possible (adjacent overlapping labels are moved as one block centred on where they wanted to
    be), within ``bounds``; a moved label keeps clear of the pie sideways. When a side's labels
    stacked are taller than ``bounds``, those nearest 12 and 6 o'clock go in rows above and below
    the pie instead, spread sideways, and the columns keep between the rows."""
    above, below = _rows(frame, labels, bounds)
    low, high = bounds.top(), bounds.bottom()
    if above:
        low = max(_box(frame, lb).bottom() for lb in above)
        _spread_row(frame, above, bounds)
    if below:
        high = min(_box(frame, lb).top() for lb in below)
        _spread_row(frame, below, bounds)
    in_rows = {id(lb) for lb in above + below}
    for right in (True, False):
        side = [lb for lb in labels if (lb.direction.x() >= 0.0) == right and id(lb) not in in_rows]
        if len(side) < 2:
            continue
        boxes = [_box(frame, lb) for lb in side]
        # Top to bottom along the side by angle (not by box), so that leader lines do not cross.
        order = sorted(range(len(side)), key=lambda k: _turn(side[k]) if right else -_turn(side[k]))
        if not _any_overlap(boxes):
            continue
        tops = _column([boxes[k].top() for k in order], [boxes[k].height() for k in order], low, high)
        for k, top in zip(order, tops, strict=True):
            label, box = side[k], boxes[k]
            dy = top - box.top()
            if abs(dy) < MOVE_EPSILON:
                continue
            moved = box.translated(0.0, dy)
            dx = _clear_of_pie(label, moved, right)
            assert label.anchor is not None
            label.anchor = label.anchor + QPointF(dx, dy)
            label.moved = True


def _rows(frame: Frame, labels: list[SliceLabel], bounds: QRectF) -> tuple[list[SliceLabel], list[SliceLabel]]:
    """The outside labels that leave their side's column for a row above or below the pie: while a
    side's column is taller than the room between the rows, its label nearest 12 or 6 o'clock (of
    those within ROW_REACH of it) moves, anchored centred just past the pie's top or bottom."""
    above: list[SliceLabel] = []
    below: list[SliceLabel] = []

    def room() -> float:
        low = max((_box(frame, lb).bottom() for lb in above), default=bounds.top())
        high = min((_box(frame, lb).top() for lb in below), default=bounds.bottom())
        return high - low

    for right in (True, False):
        side = [lb for lb in labels if (lb.direction.x() >= 0.0) == right]
        candidates = sorted(
            (lb for lb in side if abs(lb.direction.x()) < ROW_REACH), key=lambda lb: abs(lb.direction.x())
        )
        for label in candidates:
            if sum(_box(frame, lb).height() for lb in side) <= room():
                break
            side.remove(label)
            up = label.direction.y() < 0.0
            edge = label.center.y() + (-label.outer * label.squash if up else label.outer * label.squash + label.drop)
            label.anchor = QPointF(label.rim.x(), edge + (-label.room if up else label.room))
            label.h_align, label.v_align = "c", ("b" if up else "t")
            label.moved = True
            (above if up else below).append(label)
    return above, below


def _spread_row(frame: Frame, row: list[SliceLabel], bounds: QRectF) -> None:
    """A row's labels, left to right by their slices, moved apart sideways within ``bounds``."""
    row.sort(key=lambda lb: lb.rim.x())
    boxes = [_box(frame, lb) for lb in row]
    lefts = _column([b.left() for b in boxes], [b.width() for b in boxes], bounds.left(), bounds.right())
    for label, box, left in zip(row, boxes, lefts, strict=True):
        assert label.anchor is not None
        label.anchor = label.anchor + QPointF(left - box.left(), 0.0)


def _any_overlap(boxes: list[QRectF]) -> bool:
    """Whether any two boxes overlap (swept top to bottom: each against those starting above its
    bottom)."""
    ranked = sorted(boxes, key=lambda b: b.top())
    for i, a in enumerate(ranked):
        for b in ranked[i + 1 :]:
            if b.top() >= a.bottom():
                break
            if a.intersects(b):
                return True
    return False


def _turn(label: SliceLabel) -> float:
    """The bisector's angle, degrees clockwise from 12 o'clock in [0, 360)."""
    return (label.start + label.sweep / 2.0) % 360.0


def _box(frame: Frame, label: SliceLabel) -> QRectF:
    assert label.anchor is not None
    font = frame.styler.font(label.spec.text)
    return frame.label_box(label.spec, label.text, font, label.anchor, label.h_align, label.v_align)


def _column(tops: list[float], heights: list[float], low: float, high: float) -> list[float]:
    """Tops for boxes stacked in the given order without overlapping, each as near its wish as it
    can be (least squares, adjacent blocks merged while they overlap), kept within [low, high]
    (lefts and widths for a row)."""
    # A block: [first box, count, sum of its boxes' wished tops less their offsets in it, height].
    blocks: list[list[float]] = []
    starts: list[float] = []

    def block_top(block: list[float]) -> float:
        top = block[2] / block[1]
        return min(max(top, low), max(high - block[3], low))

    for k in range(len(tops)):
        block = [float(k), 1.0, tops[k], heights[k]]
        blocks.append(block)
        starts.append(block_top(block))
        while len(blocks) > 1 and starts[-2] + blocks[-2][3] > starts[-1] + 1e-6:
            a, b = blocks[-2], blocks[-1]
            # b's boxes now sit a's height further down their block.
            merged = [a[0], a[1] + b[1], a[2] + b[2] - b[1] * a[3], a[3] + b[3]]
            blocks[-2:] = [merged]
            starts[-2:] = [block_top(merged)]
    out: list[float] = []
    for block, start in zip(blocks, starts, strict=True):
        top = start
        for k in range(int(block[0]), int(block[0]) + int(block[1])):
            out.append(top)
            top += heights[k]
    return out


def _clear_of_pie(label: SliceLabel, box: QRectF, right: bool) -> float:
    """How far a moved label's box must go sideways (away from the pie) to stay as far outside the
    pie's outline (a 3-D pie's with its band) as outside labels sit past the rim."""
    c = label.center
    reach = label.outer + label.room
    dy = _band_dy(label, box)
    if dy >= reach:
        return 0.0
    half = math.sqrt(reach * reach - dy * dy)
    if right:
        return max(0.0, c.x() + half - box.left())
    return min(0.0, c.x() - half - box.right())


def paint(frame: Frame, labels: list[SliceLabel], pie_center: QPointF, radius: float) -> None:
    for label in labels:
        if label.anchor is None:
            continue
        leader = LeaderStart(label.rim, pie_center, radius, moved=label.moved, squash=label.squash)
        frame.label(label.spec, label.text, frame.styler.font(label.spec.text), label.anchor, label.h_align,
                    label.v_align, leader)  # fmt: skip


def _band_dy(label: SliceLabel, box: QRectF) -> float:
    """Vertical distance from ``box`` to the outline's middle band (a 3-D pie's top-to-bottom
    centres), in the untilted disc's plane."""
    c = label.center
    if box.bottom() < c.y():
        dy = c.y() - box.bottom()
    elif box.top() > c.y() + label.drop:
        dy = box.top() - c.y() - label.drop
    else:
        dy = 0.0
    return dy / label.squash
