"""A chart line's a:ln w past ST_LineWidth's largest value (20,116,800 EMU) keeps the automatic
width, as QPen always kept it, without Qt's 'pen width that is out of range' warning (a fuzzed
marker outline of w="2000000000", 157,480 pt)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from lxml import etree
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.enum.chart import XL_CHART_TYPE
from pptx.util import Emu
from render_support import convert, render_page

C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"


def _chart(folder: Path, ln: str) -> Path:
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    data = CategoryChartData()
    data.categories = ["D1", "D2", "D3"]
    data.add_series("s", (1.0, 3.0, 2.0))
    frame = slide.shapes.add_chart(
        XL_CHART_TYPE.LINE_MARKERS, Emu(457200), Emu(457200), Emu(7315200), Emu(5486400), data
    )
    ser = frame.chart._chartSpace.find(f".//{{{C}}}ser")
    for old in ser.findall(f"{{{C}}}marker"):
        ser.remove(old)
    marker = (
        f'<c:marker xmlns:c="{C}" xmlns:a="{A}"><c:symbol val="circle"/><c:size val="9"/>'
        f"<c:spPr>{ln}</c:spPr></c:marker>"
    )
    ser.find(f"{{{C}}}tx").addnext(etree.fromstring(marker))
    folder.mkdir(exist_ok=True)
    return convert(prs, folder, "chart")[0]


def test_a_marker_outline_wider_than_the_schema_allows_keeps_the_automatic_width(qapp: object, tmp_path: Path) -> None:
    # qt_log_level_fail = WARNING: the out-of-range pen width warning fails this test before.
    huge = _chart(tmp_path / "huge", '<a:ln w="2000000000"/>')
    automatic = _chart(tmp_path / "auto", "<a:ln/>")
    assert np.array_equal(np.asarray(render_page(huge, dpi=72)), np.asarray(render_page(automatic, dpi=72)))
