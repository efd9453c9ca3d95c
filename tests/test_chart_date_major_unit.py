"""Date axes with a set major unit (c:majorUnit in c:majorTimeUnit) label every that many slots."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from lxml import etree
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.enum.chart import XL_CHART_TYPE
from pptx.util import Emu, Pt
from render_support import convert, page_text

C = "http://schemas.openxmlformats.org/drawingml/2006/chart"


def _labels(folder: Path, major: tuple[str, str] | None) -> list[str]:
    data = CategoryChartData()
    data.categories = [dt.date(2024, 1, 1) + dt.timedelta(days=i) for i in range(28)]
    data.add_series("S", [float(i % 5 + 1) for i in range(28)])
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    chart = slide.shapes.add_chart(XL_CHART_TYPE.LINE, Emu(457200), Emu(457200), Emu(8229600), Emu(5486400),
                                   data).chart  # fmt: skip
    chart.has_legend = False
    chart.font.size = Pt(10)
    axis = chart._chartSpace.find(f".//{{{C}}}dateAx")
    assert axis is not None
    if major is not None:
        base = axis.find(f"{{{C}}}baseTimeUnit")
        base.addnext(etree.fromstring(f'<c:majorTimeUnit xmlns:c="{C}" val="{major[1]}"/>'))
        base.addnext(etree.fromstring(f'<c:majorUnit xmlns:c="{C}" val="{major[0]}"/>'))
    folder.mkdir(exist_ok=True)
    pdf = convert(prs, folder, "dates")[0]
    return [w for w in page_text(pdf).split() if w.startswith("2024-")]


def test_a_weekly_major_unit_labels_every_seventh_day(tmp_path: Path) -> None:
    labels = _labels(tmp_path, ("7", "days"))
    assert labels == ["2024-01-01", "2024-01-08", "2024-01-15", "2024-01-22"]


def test_without_a_major_unit_more_days_are_labelled(tmp_path: Path) -> None:
    labels = _labels(tmp_path, None)
    assert "2024-01-01" in labels and len(labels) > 4
