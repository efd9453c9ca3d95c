"""Best-fit pie labels (dLblPos bestFit, a 2-D pie's default): inside a slice they fit in, outside
the rim otherwise, crowded outside labels spread apart without overlapping and tied to their slices
by leader lines (c:showLeaderLines, c:leaderLines spPr), the pie shrunk and moved to give them
room. Charts are made by python-pptx with label XML as Office writes it, converted by the built-in
engine, and the page's text boxes and pixels are read.
"""

from __future__ import annotations

import math
from pathlib import Path

from lxml import etree
from PIL import Image
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE
from pptx.util import Pt
from PySide6.QtCore import QRectF
from render_support import blank_slide, close, convert, new_deck, render_page, text_box

C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
DPI = 144.0
RED = (255, 0, 0)
MAGENTA = (255, 0, 255)
X, Y, W, H = 72.0, 72.0, 576.0, 396.0  # the chart frame, points
CATEGORIES = ["Rent", "Food", "Travel", "Books", "Misc", "Pets", "Web"]
VALUES = (55, 25, 8, 5, 3, 2, 2)
MAGENTA_LINE = '<c:spPr><a:ln w="25400"><a:solidFill><a:srgbClr val="FF00FF"/></a:solidFill></a:ln></c:spPr>'

Box = tuple[float, float, float, float]


def _render(tmp_path: Path, name: str, position: str = "bestFit", leaders: str = "1", size: int = 1400,
            categories: list[str] = CATEGORIES, values: tuple[float, ...] = VALUES, of_pie: bool = False,
            point_labels: str = "", three_d: bool = False, height: float = H) -> tuple[Image.Image, Path]:  # fmt: skip
    """A red pie (or pie-of-pie, its last two points in the second pie) whose labels show category
    and percentage at ``position``; ``point_labels`` are c:dLbl elements put first. ``three_d``: a
    3-D pie seen from 30 degrees up. ``height``: the chart frame's, points."""
    prs = new_deck()
    slide = blank_slide(prs)
    data = CategoryChartData()
    data.categories = categories
    data.add_series("S1", values)
    frame = slide.shapes.add_chart(XL_CHART_TYPE.PIE, Pt(X), Pt(Y), Pt(W), Pt(height), data)
    chart = frame.chart
    chart.has_legend = False
    chart.has_title = False
    chart.plots[0].vary_by_categories = False
    fill = chart.series[0].format.fill
    fill.solid()
    fill.fore_color.rgb = RGBColor(0xFF, 0x00, 0x00)
    labels = point_labels + (
        f'<c:txPr><a:bodyPr/><a:p><a:pPr><a:defRPr sz="{size}"/></a:pPr><a:endParaRPr lang="en-US"/></a:p></c:txPr>'
        f'<c:dLblPos val="{position}"/><c:showLegendKey val="0"/><c:showVal val="0"/><c:showCatName val="1"/>'
        '<c:showSerName val="0"/><c:showPercent val="1"/><c:showBubbleSize val="0"/>'
        f'<c:showLeaderLines val="{leaders}"/><c:leaderLines>{MAGENTA_LINE}</c:leaderLines>'
    )
    ser = chart._chartSpace.find(f".//{{{C}}}ser")
    ser.find(f"{{{C}}}cat").addprevious(etree.fromstring(f'<c:dLbls xmlns:c="{C}" xmlns:a="{A}">{labels}</c:dLbls>'))
    if three_d:
        pie = chart._chartSpace.find(f".//{{{C}}}pieChart")
        pie.tag = f"{{{C}}}pie3DChart"
        for angle in pie.findall(f"{{{C}}}firstSliceAng"):
            pie.remove(angle)
        view = f'<c:view3D xmlns:c="{C}"><c:rotX val="30"/><c:rotY val="0"/><c:rAngAx val="0"/></c:view3D>'
        chart._chartSpace.find(f"{{{C}}}chart").find(f"{{{C}}}plotArea").addprevious(etree.fromstring(view))
    if of_pie:
        pie = chart._chartSpace.find(f".//{{{C}}}pieChart")
        pie.tag = f"{{{C}}}ofPieChart"
        for angle in pie.findall(f"{{{C}}}firstSliceAng"):
            pie.remove(angle)
        pie.insert(0, etree.fromstring(f'<c:ofPieType xmlns:c="{C}" val="pie"/>'))
        for tag, val in (("gapWidth", "100"), ("splitType", "pos"), ("splitPos", "2"), ("secondPieSize", "75")):
            pie.append(etree.fromstring(f'<c:{tag} xmlns:c="{C}" val="{val}"/>'))
    pdf, _ = convert(prs, tmp_path, name)
    return render_page(pdf, dpi=DPI), pdf


def _pixels(image: Image.Image, color: tuple[int, int, int]) -> list[tuple[float, float]]:
    """Where (points) the page has ``color``."""
    rgb = image.tobytes()
    w = image.width
    out = []
    for k in range(0, len(rgb), 3):
        if close((rgb[k], rgb[k + 1], rgb[k + 2]), color, 10):
            n = k // 3
            out.append(((n % w) * 72.0 / DPI, (n // w) * 72.0 / DPI))
    return out


def _disc(image: Image.Image) -> tuple[float, float, float]:
    """Centre and radius (points) of the red pie."""
    red = _pixels(image, RED)
    xs, ys = [p[0] for p in red], [p[1] for p in red]
    return (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2, (max(xs) - min(xs)) / 2


def _boxes(pdf: Path, names: list[str]) -> dict[str, Box]:
    out = {}
    for name in names:
        box = text_box(pdf, name)
        assert box is not None, name
        out[name] = box
    return out


def _nearest(box: Box, cx: float, cy: float) -> float:
    """Distance from the pie's centre to the box's nearest point."""
    x = min(max(cx, box[0]), box[2])
    y = min(max(cy, box[1]), box[3])
    return math.hypot(x - cx, y - cy)


def _overlap(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def test_best_fit_labels_go_outside_small_slices_apart_and_with_leader_lines(tmp_path: Path) -> None:
    image, pdf = _render(tmp_path, "best")
    cx, cy, r = _disc(image)
    boxes = _boxes(pdf, CATEGORIES)
    # The big slices' labels fit inside them.
    for name in ("Rent", "Food"):
        box = boxes[name]
        assert math.hypot((box[0] + box[2]) / 2 - cx, (box[1] + box[3]) / 2 - cy) < r * 0.9, name
    # The 2 % slices (7 degrees) are too narrow: their labels sit outside the pie, in the frame.
    for name in ("Pets", "Web"):
        box = boxes[name]
        assert _nearest(box, cx, cy) > r, name
        assert QRectF(X, Y, W, H).contains(QRectF(box[0], box[1], box[2] - box[0], box[3] - box[1])), name
    # No two labels overlap (crowded outside labels are spread apart).
    names = list(boxes)
    for i, a in enumerate(names):
        for b in names[:i]:
            assert not _overlap(boxes[a], boxes[b]), (a, b)
    # A spread label is tied to its slice by the leader line (c:leaderLines spPr, 2 pt magenta):
    # it runs from the rim to a label.
    line = _pixels(image, MAGENTA)
    assert len(line) > 20
    assert min(abs(math.hypot(x - cx, y - cy) - r) for x, y in line) < 3.0
    assert any(
        min(math.hypot(x - min(max(x, b[0]), b[2]), y - min(max(y, b[1]), b[3])) for x, y in line) < 8.0
        for b in boxes.values()
    )


def test_best_fit_without_leader_lines_and_centred_labels(tmp_path: Path) -> None:
    image, pdf = _render(tmp_path, "no_leaders", leaders="0")
    cx, cy, r = _disc(image)
    assert not _pixels(image, MAGENTA)
    assert _nearest(_boxes(pdf, ["Web"])["Web"], cx, cy) > r
    # Centred labels stay on their slices, however small, and the pie keeps its full size.
    image, pdf = _render(tmp_path, "centred", position="ctr")
    cx2, cy2, r2 = _disc(image)
    box = _boxes(pdf, ["Web"])["Web"]
    assert math.hypot((box[0] + box[2]) / 2 - cx2, (box[1] + box[3]) / 2 - cy2) < r2
    assert r2 > r
    assert not _pixels(image, MAGENTA)


def test_the_pie_moves_away_from_its_outside_labels(tmp_path: Path) -> None:
    """One small slice at the top, 18 pt labels: its label goes above the pie, which moves down
    (rather than shrinking on both sides) and keeps the other labels inside."""
    image, pdf = _render(tmp_path, "top", size=1800, categories=["Approve", "Disapprove", "Neutral"],
                         values=(37.0, 59.0, 4.0))  # fmt: skip
    cx, cy, r = _disc(image)
    boxes = _boxes(pdf, ["Approve", "Disapprove", "Neutral"])
    neutral = boxes["Neutral"]
    assert neutral[3] < cy - r + 2.0, "the small slice's label is above the pie"
    assert neutral[1] >= Y
    for name in ("Approve", "Disapprove"):
        assert _nearest(boxes[name], cx, cy) < r, name
    # The pie's bottom stays near the frame's bottom: it moved down instead of shrinking about the
    # frame's centre.
    assert cy > Y + H / 2 + 5.0
    assert cy + r > Y + H - 20.0


def test_a_label_that_fits_the_full_pie_stays_inside_when_the_pie_shrinks(tmp_path: Path) -> None:
    """Which best-fit labels go outside is decided on the full-size pie, once: PowerPoint's PDF of
    a 42/28/15/10/5 % pie with 18 pt labels puts only the 5 % label outside and keeps the 10 %
    one in its slice, although the pie shrinks for the outside label. (Deciding again on the shrunk
    pie sent the 10 % label out, which shrank the pie more, and so on.)"""
    names = ["Python", "TypeScript", "Rust", "Go", "Other"]
    values = (42.0, 28.0, 15.0, 10.0, 5.0)
    image, pdf = _render(tmp_path, "once", size=1800, categories=names, values=values, height=280.0)
    cx, cy, r = _disc(image)
    boxes = _boxes(pdf, names)
    assert _nearest(boxes["Other"], cx, cy) > r, "the 5 % slice's label is outside"
    for name in names[:4]:
        box = boxes[name]
        middle = ((box[0] + box[2]) / 2, (box[1] + box[3]) / 2)
        assert math.hypot(middle[0] - cx, middle[1] - cy) < r * 0.9, name


def test_pie_of_pie_labels_fit_their_slices_or_go_outside_and_moved_ones_get_leaders(tmp_path: Path) -> None:
    """A pie-of-pie's labels follow best fit like a pie's; a label moved off the second pie is tied
    to its slice by a leader line."""
    layout = '<c:layout><c:manualLayout><c:x val="0.1"/><c:y val="0.25"/></c:manualLayout></c:layout>'
    flags = (
        '<c:showLegendKey val="0"/><c:showVal val="0"/><c:showCatName val="1"/><c:showSerName val="0"/>'
        '<c:showPercent val="1"/><c:showBubbleSize val="0"/>'
    )
    moved = f'<c:dLbl><c:idx val="6"/>{layout}{flags}</c:dLbl>'
    image, pdf = _render(tmp_path, "of_pie", of_pie=True, point_labels=moved)
    red = _pixels(image, RED)
    xs = sorted({round(x) for x, _ in red})
    split = max(range(1, len(xs)), key=lambda k: xs[k] - xs[k - 1])  # the gap between the two pies
    main = [(x, y) for x, y in red if x < xs[split]]
    cx = (min(x for x, _ in main) + max(x for x, _ in main)) / 2
    cy = (min(y for _, y in main) + max(y for _, y in main)) / 2
    r = (max(x for x, _ in main) - min(x for x, _ in main)) / 2
    boxes = _boxes(pdf, CATEGORIES)
    for name in ("Rent", "Food"):
        box = boxes[name]
        assert math.hypot((box[0] + box[2]) / 2 - cx, (box[1] + box[3]) / 2 - cy) < r * 0.9, name
    # The 3 % slice (11 degrees) of the main pie is too narrow for its label.
    assert _nearest(boxes["Misc"], cx, cy) > r
    names = list(boxes)
    for i, a in enumerate(names):
        for b in names[:i]:
            assert not _overlap(boxes[a], boxes[b]), (a, b)
    # The moved label (Web, in the second pie) has its magenta leader line reaching it.
    line = _pixels(image, MAGENTA)
    web = boxes["Web"]
    assert len(line) > 20
    assert min(math.hypot(x - min(max(x, web[0]), web[2]), y - min(max(y, web[1]), web[3])) for x, y in line) < 8.0


def test_3d_pie_labels_fit_or_go_outside_apart_and_moved_ones_get_leaders(tmp_path: Path) -> None:
    """A 3-D pie's labels follow best fit on its tilted top; a moved label has its leader line."""
    layout = '<c:layout><c:manualLayout><c:x val="0.25"/><c:y val="-0.3"/></c:manualLayout></c:layout>'
    flags = (
        '<c:showLegendKey val="0"/><c:showVal val="0"/><c:showCatName val="1"/><c:showSerName val="0"/>'
        '<c:showPercent val="1"/><c:showBubbleSize val="0"/>'
    )
    moved = f'<c:dLbl><c:idx val="0"/>{layout}{flags}</c:dLbl>'
    values = (50.0, 20.0, 8.0, 5.0, 4.0, 3.0, 3.0, 2.0, 2.0, 2.0, 1.0)
    names = ["Rent", "Food", "Travel", "Fun", "Gear", "Books", "Tax", "Misc", "Pets", "Gym", "Web"]
    image, pdf = _render(tmp_path, "pie3d", three_d=True, point_labels=moved, categories=names, values=values)
    red = _pixels(image, RED)
    boxes = _boxes(pdf, names)
    # The crowded small slices at the back have their labels off the pie (no red under them), none
    # overlapping.
    for name in ("Gear", "Books", "Tax", "Misc", "Pets", "Gym", "Web"):
        left, top, right, bottom = boxes[name]
        assert not [p for p in red if left <= p[0] <= right and top <= p[1] <= bottom], name
    for i, a in enumerate(names):
        for b in names[:i]:
            assert not _overlap(boxes[a], boxes[b]), (a, b)
    line = _pixels(image, MAGENTA)
    percent = text_box(pdf, "50%")
    assert percent is not None
    rent = (min(boxes["Rent"][0], percent[0]), boxes["Rent"][1], max(boxes["Rent"][2], percent[2]), percent[3])
    assert len(line) > 20
    assert min(math.hypot(x - min(max(x, rent[0]), rent[2]), y - min(max(y, rent[1]), rent[3])) for x, y in line) < 8


def test_long_labels_wrap_at_a_fifth_of_the_chart_with_centred_lines(tmp_path: Path) -> None:
    """Office wraps a data label at a fifth of the chart's width and centres its lines, also in a
    box aligned to the pie's side (outside end, right of the pie)."""
    names = ["Research and development expenses", "Sales and marketing overhead", "Administration", "Other"]
    image, pdf = _render(tmp_path, "long", position="outEnd", size=1200, categories=names,
                         values=(40.0, 30.0, 20.0, 10.0))  # fmt: skip
    first, second, percent = text_box(pdf, "Research and"), text_box(pdf, "development expenses"), text_box(pdf, "40%")
    assert first is not None and second is not None and percent is not None
    assert second[1] >= first[3] - 1.0, "the name wraps onto a second line"
    lines = (first, second, percent)
    label = (min(b[0] for b in lines), first[1], max(b[2] for b in lines), percent[3])
    assert label[2] - label[0] <= W / 5 + 1.0
    centres = [(b[0] + b[2]) / 2 for b in lines]
    assert max(centres) - min(centres) < 2.0, "the lines are centred on each other"
    cx, cy, r = _disc(image)
    assert _nearest(label, cx, cy) > r, "the label stays outside the pie"
