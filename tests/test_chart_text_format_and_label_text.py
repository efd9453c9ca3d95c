"""Chart text that real decks carry: the text number format '@', a label's own typed text
(c:dLbl/c:tx/c:rich) and the automatic title of a single series without a name.

Charts are made by python-pptx, edited to the XML PowerPoint writes, converted by the built-in
engine to real PDFs and read back as text.
"""

from __future__ import annotations

from pathlib import Path

import pypdf
from lxml import etree
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.enum.chart import XL_CHART_TYPE
from pptx.util import Emu

from worker.engines.base import ConvertOptions, never_cancelled, no_progress
from worker.engines.builtin import BuiltinEngine
from worker.render.charts.numfmt import format_value

C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"


def _deck(kind: XL_CHART_TYPE, values: tuple[float, ...]) -> tuple[object, etree._Element]:
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    data = CategoryChartData()
    data.categories = ["North", "South", "East"]
    data.add_series("Sales", values)
    frame = slide.shapes.add_chart(kind, Emu(457200), Emu(457200), Emu(7315200), Emu(5486400), data)
    return prs, frame.chart._chartSpace


def _text(prs: object, tmp_path: Path) -> str:
    deck, out = tmp_path / "chart.pptx", tmp_path / "chart.pdf"
    prs.save(str(deck))  # type: ignore[attr-defined]
    BuiltinEngine().convert(deck, out, ConvertOptions(), no_progress, never_cancelled)
    return pypdf.PdfReader(str(out)).pages[0].extract_text()


def _find(space: etree._Element, name: str) -> etree._Element:
    found = space.find(f".//{{{C}}}{name}")
    assert found is not None, name
    return found


def _drop_titles(space: etree._Element) -> None:
    for title in space.findall(f".//{{{C}}}title"):
        parent = title.getparent()
        assert parent is not None
        parent.remove(title)


def test_text_format_shows_numbers() -> None:
    assert format_value(15, "@") == "15"
    assert format_value(2.5, "@") == "2.5"
    assert format_value(3, '"n="@') == "n=3"


def test_text_format_on_values_and_axis(tmp_path: Path) -> None:
    prs, space = _deck(XL_CHART_TYPE.COLUMN_CLUSTERED, (15, 29, 39))
    _find(space, "formatCode").text = "@"  # the series' cached values are text-formatted
    ser = _find(space, "ser")
    labels = etree.fromstring(
        f'<c:dLbls xmlns:c="{C}"><c:showLegendKey val="0"/><c:showVal val="1"/><c:showCatName val="0"/>'
        '<c:showSerName val="0"/><c:showPercent val="0"/><c:showBubbleSize val="0"/></c:dLbls>'
    )
    _find(ser, "cat").addprevious(labels)
    val_ax = _find(space, "valAx")
    for old in val_ax.findall(f"{{{C}}}numFmt"):
        val_ax.remove(old)
    # The axis follows its source's format (c:numFmt comes before c:majorTickMark).
    _find(val_ax, "majorTickMark").addprevious(
        etree.fromstring(f'<c:numFmt xmlns:c="{C}" formatCode="@" sourceLinked="1"/>')
    )
    text = _text(prs, tmp_path)
    assert "@" not in text
    for value in ("15", "29", "39"):
        assert value in text


def test_label_typed_text_replaces_the_value(tmp_path: Path) -> None:
    prs, space = _deck(XL_CHART_TYPE.PIE, (0.77, 0.22, 0.01))
    _find(space, "formatCode").text = "0%"
    ser = _find(space, "ser")
    labels = etree.fromstring(
        f'<c:dLbls xmlns:c="{C}" xmlns:a="{A}"><c:dLbl><c:idx val="0"/><c:tx><c:rich><a:bodyPr/><a:lstStyle/>'
        '<a:p><a:r><a:rPr lang="en-US" sz="1800"/><a:t>78% say yes</a:t></a:r></a:p></c:rich></c:tx>'
        '<c:showLegendKey val="0"/><c:showVal val="1"/><c:showCatName val="0"/><c:showSerName val="0"/>'
        '<c:showPercent val="0"/><c:showBubbleSize val="0"/></c:dLbl><c:showLegendKey val="0"/>'
        '<c:showVal val="1"/><c:showCatName val="0"/><c:showSerName val="0"/><c:showPercent val="0"/>'
        '<c:showBubbleSize val="0"/></c:dLbls>'
    )
    _find(ser, "cat").addprevious(labels)
    text = _text(prs, tmp_path)
    assert "78% say yes" in text
    assert "77%" not in text  # the typed text replaces the point's value
    assert "22%" in text  # the other points keep theirs


def test_unnamed_single_series_has_no_auto_title(tmp_path: Path) -> None:
    prs, space = _deck(XL_CHART_TYPE.COLUMN_CLUSTERED, (1, 2, 3))
    ser = _find(space, "ser")
    ser.remove(_find(ser, "tx"))
    _drop_titles(space)
    _find(space, "autoTitleDeleted").set("val", "0")
    assert "Series1" not in _text(prs, tmp_path)


def test_named_single_series_keeps_its_auto_title(tmp_path: Path) -> None:
    prs, space = _deck(XL_CHART_TYPE.COLUMN_CLUSTERED, (1, 2, 3))
    _drop_titles(space)
    _find(space, "autoTitleDeleted").set("val", "0")
    assert "Sales" in _text(prs, tmp_path)
