"""Category labels kept inside the chart frame: how far each drawn label reaches past its anchor,
the room the plot gives up so the outermost ones stay in the frame, and the ellipsis that shortens
turned labels too long for the share of the chart their axis may take."""

from __future__ import annotations

import logging
import math
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from worker.render.charts.axes import AxisGeom
    from worker.render.charts.frame import Frame

log = logging.getLogger(__name__)

ELLIPSIS = "\u2026"
# Office ellipsizes turned category labels rather than let them take more than this share of the
# chart's height (office2pdf #1012: they stay inside the chart frame; the share is our estimate).
MAX_TURNED_SHARE = 0.5
# A label turned left ends this many ems before its band's centre (office2pdf #1036: 0.279 em,
# measured on native PowerPoint exports to 0.01 pt).
ANCHOR_INSET_EM = 0.279
EDGE_LABELS = 30  # labels from each end whose reach is measured: only those can cross a plot edge


def anchor_inset(geom: AxisGeom) -> float:
    """How far a turned-left label's end sits before its band's centre, pt."""
    if not geom.rotate or geom.angle >= 0 or geom.font is None:
        return 0.0
    return ANCHOR_INSET_EM * geom.font.size


def drawn(geom: AxisGeom, count: int) -> list[int]:
    """Indices of the category labels the axis draws (every ``skip``-th, or the date marks)."""
    if geom.marks is not None:
        return [i for i in geom.marks if 0 <= i < count]
    return list(range(0, count, max(geom.skip, 1)))


def reaches(frame: Frame, geom: AxisGeom, texts: list[str]) -> list[tuple[float, float, float]]:
    """For the drawn labels nearest the ends of a horizontal category axis: (fraction of the plot
    width from its left edge, reach left of the anchor, reach right of it), pt."""
    assert geom.font is not None
    indices = drawn(geom, len(texts))
    if len(indices) > 2 * EDGE_LABELS:
        indices = indices[:EDGE_LABELS] + indices[-EDGE_LABELS:]
    turn = math.radians(abs(geom.angle)) if geom.rotate else 0.0
    inset = anchor_inset(geom)
    out = []
    for i in indices:
        text = geom.ellipsized.get(i, texts[i])
        if not text:
            continue
        size = frame.styler.size(text, geom.font)
        w, h = size.width(), size.height()
        f = geom.cat_fraction(i)
        g = 1.0 - f if geom.axis.reverse else f
        if not geom.rotate:
            out.append((g, w / 2.0, w / 2.0))
            continue
        # The box turns about the anchor at its end (turned left) or its start (turned right).
        along, across = w * math.cos(turn), h / 2.0 * math.sin(turn)
        if geom.angle < 0:
            out.append((g, along + across + inset, across - inset))
        else:
            out.append((g, across, along + across))
    return out


def edge_room(frame: Frame, geom: AxisGeom, texts: list[str], total: float, left: float,
              right: float) -> tuple[float, float]:  # fmt: skip
    """The room left and right of a plot ``total`` pt wide (with ``left``/``right`` taken by the
    other axes) that keeps every drawn label of ``geom`` inside: Office's automatic layout shrinks
    the plot so the labels at its ends stay in the chart frame rather than spill past it."""
    found = reaches(frame, geom, texts)
    for _ in range(3):  # the two sides share the width: settle them together
        need_l = max((_side_need(g, lo, total - right) for g, lo, _ in found), default=0.0)
        need_r = max((_side_need(1.0 - g, hi, total - left) for g, _, hi in found), default=0.0)
        new_left, new_right = max(left, need_l), max(right, need_r)
        if new_left + new_right > total * 0.8:  # never squeeze the plot away altogether
            break
        if (new_left, new_right) == (left, right):
            break
        left, right = new_left, new_right
    return left, right


def _side_need(g: float, reach: float, span: float) -> float:
    """Room before the plot edge so a label at fraction ``g`` of the plot, reaching ``reach`` pt
    toward that edge, stays inside: L + g * (span - L) >= reach."""
    if g >= 1.0:
        return 0.0
    return max(0.0, (reach - g * span) / (1.0 - g))


def shorten(frame: Frame, geom: AxisGeom, text: str, limit: float) -> str | None:
    """``text`` cut to at most ``limit`` pt, at a word's end where it can be (Office keeps whole
    words, office2pdf #1028), else at a character; None when it fits whole."""
    assert geom.font is not None
    font = geom.font

    def fits(part: str) -> bool:
        return frame.styler.size(part, font).width() <= limit

    if fits(text):
        return None
    # A prefix is never narrower than a shorter one: the longest that fits is found by halving
    # (a 5,000-character label took 5,000 measurements one character shorter at a time).
    words = text.split(" ")
    n = _longest(lambda n: fits(" ".join(words[:n]).rstrip()), len(words) - 1)
    head = " ".join(words[:n]).rstrip()
    if head:
        return head
    n = _longest(lambda n: fits(text[:n]), len(text) - 1)
    return text[:n] if n else text[:1]


def _longest(fits: Callable[[int], bool], most: int) -> int:
    """The largest n in 1..``most`` with ``fits(n)``, given that fits holds up to some n and not
    beyond; 0 when none does."""
    lo, hi = 0, most
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if fits(mid):
            lo = mid
        else:
            hi = mid - 1
    return lo
