"""Data labels the user moved (c:dLbl/c:layout/c:manualLayout) and label text from cells: c:dLbl/c:tx/
c:strRef, Office 2013's c15:datalabelsRange ("Value From Cells") and rich text fields ([VALUE],
[SERIES NAME], [CELLRANGE], a cell-linked field in c15:dlblFieldTable).

Charts are made by python-pptx, given label XML as Office writes it, converted by the built-in
engine to real PDFs, and the label text and its place are read back from the PDF.
"""

from __future__ import annotations

from pathlib import Path

import pypdf
import pypdfium2
from lxml import etree
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.enum.chart import XL_CHART_TYPE
from pptx.util import Emu, Pt

from worker.engines.base import ConvertOptions, never_cancelled, no_progress
from worker.engines.builtin import BuiltinEngine

C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
C15 = "http://schemas.microsoft.com/office/drawing/2012/chart"
CHART_W, CHART_H = 576.0, 432.0  # pt
FLAGS = (
    '<c:showLegendKey val="0"/><c:showVal val="{val}"/><c:showCatName val="0"/><c:showSerName val="0"/>'
    '<c:showPercent val="0"/><c:showBubbleSize val="0"/>'
)


def _deck(tmp_path: Path, name: str, labels: str, series_ext: str = "") -> Path:
    """A column chart (categories A-D, values 41, 73, 35, 62) whose series has ``labels`` as c:dLbls."""
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    data = CategoryChartData()
    data.categories = ["A", "B", "C", "D"]
    data.add_series("Sales", (41, 73, 35, 62))
    frame = slide.shapes.add_chart(XL_CHART_TYPE.COLUMN_CLUSTERED, Emu(457200), Emu(457200), Pt(CHART_W),
                                   Pt(CHART_H), data)  # fmt: skip
    frame.chart.has_legend = False
    ser = frame.chart._chartSpace.find(f".//{{{C}}}ser")
    ser.find(f"{{{C}}}cat").addprevious(etree.fromstring(f'<c:dLbls xmlns:c="{C}" xmlns:a="{A}" '
                                                         f'xmlns:c15="{C15}">{labels}</c:dLbls>'))  # fmt: skip
    if series_ext:
        ser.append(etree.fromstring(f'<c:extLst xmlns:c="{C}" xmlns:c15="{C15}">{series_ext}</c:extLst>'))
    deck, out = tmp_path / f"{name}.pptx", tmp_path / f"{name}.pdf"
    prs.save(str(deck))
    BuiltinEngine().convert(deck, out, ConvertOptions(), no_progress, never_cancelled)
    return out


def _text(pdf: Path) -> str:
    return pypdf.PdfReader(str(pdf)).pages[0].extract_text()


def _where(pdf: Path, text: str) -> tuple[float, float]:
    """Centre (x, y from the top, pt) of ``text`` on the page."""
    page = pypdfium2.PdfDocument(str(pdf))[0]
    found = page.get_textpage().search(text, match_whole_word=True).get_next()
    assert found is not None, f"{text!r} not on the page"
    index, count = found
    boxes = [page.get_textpage().get_charbox(i) for i in range(index, index + count)]
    left, right = min(b[0] for b in boxes), max(b[2] for b in boxes)
    bottom, top = min(b[1] for b in boxes), max(b[3] for b in boxes)
    return (left + right) / 2, page.get_height() - (top + bottom) / 2


def _point_label(idx: int, inner: str = "", layout: str = "") -> str:
    return f'<c:dLbl><c:idx val="{idx}"/>{layout}{inner}{FLAGS.format(val=1)}</c:dLbl>'


def test_a_moved_label_sits_its_manual_layout_fraction_of_the_chart_away(tmp_path: Path) -> None:
    series = '<c:dLblPos val="outEnd"/>' + FLAGS.format(val=1)
    plain = _deck(tmp_path, "plain", _point_label(1) + series)
    moved_layout = '<c:layout><c:manualLayout><c:x val="0.1"/><c:y val="-0.05"/></c:manualLayout></c:layout>'
    moved = _deck(tmp_path, "moved", _point_label(1, layout=moved_layout) + series)
    (x0, y0), (x1, y1) = _where(plain, "73"), _where(moved, "73")
    # ECMA-376 21.2.2.95: factor-mode x/y move the label by fractions of the chart's width/height.
    assert abs((x1 - x0) - 0.1 * CHART_W) < 1.5
    assert abs((y1 - y0) + 0.05 * CHART_H) < 1.5
    # Labels not moved stay where they were.
    assert abs(_where(plain, "62")[0] - _where(moved, "62")[0]) < 0.5


def test_label_text_linked_to_a_cell_shows_the_cached_text(tmp_path: Path) -> None:
    linked = ('<c:tx><c:strRef><c:f>Sheet1!$D$3</c:f><c:strCache><c:ptCount val="1"/><c:pt idx="0">'
              "<c:v>record month</c:v></c:pt></c:strCache></c:strRef></c:tx>")  # fmt: skip
    text = _text(_deck(tmp_path, "strref", _point_label(1, linked) + FLAGS.format(val=1)))
    assert "record month" in text
    assert "73" not in text  # the cell's text replaces the value
    assert "41" in text and "62" in text


RANGE = (
    '<c:ext uri="{02D57815-91ED-43cb-92C2-25804820EDAC}"><c15:datalabelsRange><c15:f>Sheet1!$C$2:$C$5</c15:f>'
    '<c15:dlblRangeCache><c:ptCount val="4"/><c:pt idx="0"><c:v>north</c:v></c:pt><c:pt idx="1"><c:v>south</c:v>'
    '</c:pt><c:pt idx="3"><c:v>west</c:v></c:pt></c15:dlblRangeCache></c15:datalabelsRange></c:ext>'
)
SHOW_RANGE = (
    '<c:extLst><c:ext uri="{CE6537A1-D6FC-4f65-9D91-7224C49458BB}"><c15:showDataLabelsRange val="1"/>'
    "</c:ext></c:extLst>"
)


def test_value_from_cells_comes_before_the_value(tmp_path: Path) -> None:
    labels = FLAGS.format(val=1) + "<c:separator>; </c:separator>" + SHOW_RANGE
    text = _text(_deck(tmp_path, "range", labels, RANGE))
    assert "north; 41" in text and "south; 73" in text and "west; 62" in text
    assert "35" in text  # a point without a cell shows its value alone


def test_value_from_cells_alone(tmp_path: Path) -> None:
    text = _text(_deck(tmp_path, "range_only", FLAGS.format(val=0) + SHOW_RANGE, RANGE))
    assert "north" in text and "south" in text and "west" in text
    assert "73" not in text.split("south")[1]  # no values after the cell texts


def _rich(*pieces: tuple[str, str]) -> str:
    runs = "".join(
        f'<a:fld id="{{0000000{n}-AAAA-BBBB-CCCC-000000000000}}" type="{kind}"><a:rPr lang="en-US"/>'
        f"<a:t>{t}</a:t></a:fld>"
        if kind else f'<a:r><a:rPr lang="en-US"/><a:t>{t}</a:t></a:r>'
        for n, (kind, t) in enumerate(pieces)
    )  # fmt: skip
    return f"<c:tx><c:rich><a:bodyPr/><a:p>{runs}</a:p></c:rich></c:tx>"


def test_rich_label_fields_are_filled_in_per_point(tmp_path: Path) -> None:
    cell = (
        '<c:extLst><c:ext uri="{CE6537A1-D6FC-4f65-9D91-7224C49458BB}"><c15:dlblFieldTable><c15:dlblFTEntry>'
        "<c15:txfldGUID>{00000001-AAAA-BBBB-CCCC-000000000000}</c15:txfldGUID><c15:f>Sheet1!$E$3</c15:f>"
        '<c15:dlblFieldTableCache><c:ptCount val="1"/><c:pt idx="0"><c:v>from E3</c:v></c:pt>'
        "</c15:dlblFieldTableCache></c15:dlblFTEntry></c15:dlblFieldTable></c:ext></c:extLst>"
    )
    labels = (
        _point_label(0, _rich(("SERIESNAME", "[SERIES NAME]"), ("", ": "), ("VALUE", "[VALUE]")))
        + _point_label(1, _rich(("CATEGORYNAME", "[CATEGORY NAME]"), ("", " is "), ("CELLRANGE", "[CELLRANGE]")))
        + f'<c:dLbl><c:idx val="2"/>{_rich(("", "cell "), ("CELLREF", "[CELLREF]"))}{FLAGS.format(val=1)}'
        f"{cell}</c:dLbl>" + FLAGS.format(val=1)
    )
    text = _text(_deck(tmp_path, "fields", labels, RANGE))
    assert "Sales: 41" in text
    assert "B is south" in text
    assert "cell from E3" in text
    assert "[" not in text  # no field placeholder is drawn
