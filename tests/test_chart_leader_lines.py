"""Leader lines to moved data labels: a pie's c:showLeaderLines with its c:leaderLines line, Office
2013's c15:showLeaderLines on other chart types. Charts are made by python-pptx with label XML as
Office writes it, converted by the built-in engine, and the page is rendered and its pixels read.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree
from PIL import Image
from pptx.chart.data import CategoryChartData
from pptx.enum.chart import XL_CHART_TYPE
from pptx.util import Pt
from render_support import blank_slide, close, convert, new_deck, render_page, text_box

C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
C15 = "http://schemas.microsoft.com/office/drawing/2012/chart"
C15_URI = "{CE6537A1-D6FC-4f65-9D91-7224C49458BB}"
DPI = 144.0
MAGENTA = (255, 0, 255)
FLAGS = (
    '<c:showLegendKey val="0"/><c:showVal val="1"/><c:showCatName val="0"/><c:showSerName val="0"/>'
    '<c:showPercent val="0"/><c:showBubbleSize val="0"/>'
)
TEXT = '<c:txPr><a:bodyPr/><a:p><a:pPr><a:defRPr sz="1400"/></a:pPr><a:endParaRPr lang="en-US"/></a:p></c:txPr>'
MAGENTA_LINE = '<c:spPr><a:ln w="38100"><a:solidFill><a:srgbClr val="FF00FF"/></a:solidFill></a:ln></c:spPr>'


def _moved(idx: int, x: float, y: float) -> str:
    layout = f'<c:layout><c:manualLayout><c:x val="{x}"/><c:y val="{y}"/></c:manualLayout></c:layout>'
    return f'<c:dLbl><c:idx val="{idx}"/>{layout}{FLAGS}</c:dLbl>'


def _render(tmp_path: Path, name: str, kind: XL_CHART_TYPE, labels: str) -> tuple[Image.Image, Path]:
    """A chart (values 40, 33, 20, 10) 8 x 5.5 in at (1, 1) in whose series has ``labels`` as c:dLbls."""
    prs = new_deck()
    slide = blank_slide(prs)
    data = CategoryChartData()
    data.categories = ["A", "B", "C", "D"]
    data.add_series("S1", (40, 33, 20, 10))
    frame = slide.shapes.add_chart(kind, Pt(72), Pt(72), Pt(576), Pt(396), data)
    frame.chart.has_legend = False
    ser = frame.chart._chartSpace.find(f".//{{{C}}}ser")
    ser.find(f"{{{C}}}cat").addprevious(
        etree.fromstring(f'<c:dLbls xmlns:c="{C}" xmlns:a="{A}" xmlns:c15="{C15}">{labels}</c:dLbls>')
    )
    pdf, _ = convert(prs, tmp_path, name)
    return render_page(pdf, dpi=DPI), pdf


def _pixels(image: Image.Image, color: tuple[int, int, int], tolerance: int = 10) -> list[tuple[float, float]]:
    """Where (points) the page has ``color``."""
    rgb = image.tobytes()
    w = image.width
    out = []
    for k in range(0, len(rgb), 3):
        if close((rgb[k], rgb[k + 1], rgb[k + 2]), color, tolerance):
            n = k // 3
            out.append(((n % w) * 72.0 / DPI, (n // w) * 72.0 / DPI))
    return out


def _near(points: list[tuple[float, float]], box: tuple[float, float, float, float], reach: float) -> bool:
    left, top, right, bottom = box
    return any(left - reach <= x <= right + reach and top - reach <= y <= bottom + reach for x, y in points)


def _pie_labels(leaders: str, moves: str, line: str = MAGENTA_LINE, extra: str = "") -> str:
    leader_lines = f"<c:leaderLines>{line}</c:leaderLines>" if line else ""
    return f'{moves}{TEXT}<c:dLblPos val="bestFit"/>{FLAGS}<c:showLeaderLines val="{leaders}"/>{leader_lines}{extra}'


def test_a_pie_label_moved_out_of_its_pie_gets_its_leader_line(tmp_path: Path) -> None:
    image, pdf = _render(tmp_path, "on", XL_CHART_TYPE.PIE, _pie_labels("1", _moved(0, 0.15, -0.12)))
    line = _pixels(image, MAGENTA)
    box = text_box(pdf, "40")
    assert box is not None
    assert len(line) > 40, "the leader line (c:leaderLines spPr, 3 pt magenta) is drawn"
    # It runs from the label (right and above the pie) down-left to the first slice's rim.
    assert _near(line, box, 8.0)
    assert min(x for x, _ in line) < box[0] - 20 and max(y for _, y in line) > box[3] + 20


def test_no_leader_line_when_the_pie_turns_them_off_or_the_label_stays_on_its_slice(tmp_path: Path) -> None:
    off, _ = _render(tmp_path, "off", XL_CHART_TYPE.PIE, _pie_labels("0", _moved(0, 0.15, -0.12)))
    assert not _pixels(off, MAGENTA)
    inside, _ = _render(tmp_path, "inside", XL_CHART_TYPE.PIE, _pie_labels("1", _moved(1, 0.03, 0.02)))
    assert not _pixels(inside, MAGENTA), "a label moved within its slice needs no line"
    # Office 2013's flag is for other chart types: a pie follows c:showLeaderLines.
    c15 = f'<c:extLst><c:ext uri="{C15_URI}"><c15:showLeaderLines val="1"/></c:ext></c:extLst>'
    pie_c15, _ = _render(tmp_path, "c15", XL_CHART_TYPE.PIE, _pie_labels("0", _moved(0, 0.15, -0.12), extra=c15))
    assert not _pixels(pie_c15, MAGENTA)


def test_the_automatic_leader_line_is_office_grey(tmp_path: Path) -> None:
    """Without a line of its own the leader is 0.75 pt of tx1 lumMod 35% lumOff 65% (A6A6A6)."""
    on, _ = _render(tmp_path, "grey_on", XL_CHART_TYPE.PIE, _pie_labels("1", _moved(0, 0.15, -0.12), line=""))
    off, _ = _render(tmp_path, "grey_off", XL_CHART_TYPE.PIE, _pie_labels("0", _moved(0, 0.15, -0.12), line=""))
    a, b = on.tobytes(), off.tobytes()
    changed = [(a[k], a[k + 1], a[k + 2]) for k in range(0, len(a), 3) if a[k : k + 3] != b[k : k + 3]]
    assert len(changed) > 20
    assert sum(close(c, (0xA6, 0xA6, 0xA6), 12) for c in changed) >= 10


def _column_labels(c15_flag: str | None, pie_flag: str = "0") -> str:
    ext = ""
    if c15_flag is not None:
        ext = (
            f'<c:extLst><c:ext uri="{C15_URI}"><c15:showLeaderLines val="{c15_flag}"/>'
            f"<c15:leaderLines>{MAGENTA_LINE}</c15:leaderLines></c:ext></c:extLst>"
        )
    return f'{_moved(1, 0.08, -0.12)}{TEXT}<c:dLblPos val="outEnd"/>{FLAGS}<c:showLeaderLines val="{pie_flag}"/>{ext}'


def test_a_moved_column_label_gets_office_2013s_leader_line_from_its_bar_top(tmp_path: Path) -> None:
    image, pdf = _render(tmp_path, "col", XL_CHART_TYPE.COLUMN_CLUSTERED, _column_labels("1"))
    line = _pixels(image, MAGENTA)
    box = text_box(pdf, "33")
    assert box is not None and line
    assert _near(line, box, 8.0)
    # The bar's top is below and left of the label: the line reaches down there.
    assert min(x for x, _ in line) < box[0] - 15 and max(y for _, y in line) > box[3] + 15


def test_other_charts_ignore_a_pies_flag_and_need_the_c15_one(tmp_path: Path) -> None:
    off, _ = _render(tmp_path, "col_off", XL_CHART_TYPE.COLUMN_CLUSTERED, _column_labels("0", pie_flag="1"))
    assert not _pixels(off, MAGENTA)
    none, _ = _render(tmp_path, "col_none", XL_CHART_TYPE.COLUMN_CLUSTERED, _column_labels(None, pie_flag="1"))
    assert not _pixels(none, MAGENTA)


def test_a_moved_line_chart_label_is_tied_to_its_marker(tmp_path: Path) -> None:
    labels = _column_labels("1").replace('<c:dLblPos val="outEnd"/>', '<c:dLblPos val="r"/>')
    image, pdf = _render(tmp_path, "line", XL_CHART_TYPE.LINE_MARKERS, labels)
    line = _pixels(image, MAGENTA)
    box = text_box(pdf, "33")
    assert box is not None and line
    assert _near(line, box, 8.0)
    assert max(y for _, y in line) > box[3] + 15
