"""Date axes with a set major unit (c:majorUnit in c:majorTimeUnit) label every that many slots;
without one, Office picks a whole step of days, weeks, months or years that keeps labels apart."""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path

from lxml import etree
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.enum.chart import XL_CHART_TYPE
from pptx.util import Emu, Pt
from render_support import convert, page_text

C = "http://schemas.openxmlformats.org/drawingml/2006/chart"


def _labels(folder: Path, major: tuple[str, str] | None, days: int = 28) -> list[str]:
    data = CategoryChartData()
    data.categories = [dt.date(2024, 1, 1) + dt.timedelta(days=i) for i in range(days)]
    data.add_series("S", [float(i % 5 + 1) for i in range(days)])
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
    return [w for w in page_text(pdf).split() if w[:3] == "202"]


def test_a_weekly_major_unit_labels_every_seventh_day(tmp_path: Path) -> None:
    labels = _labels(tmp_path, ("7", "days"))
    assert labels == ["2024-01-01", "2024-01-08", "2024-01-15", "2024-01-22"]


def test_without_a_major_unit_more_days_are_labelled(tmp_path: Path) -> None:
    labels = _labels(tmp_path, None)
    assert "2024-01-01" in labels and len(labels) > 4


def test_an_automatic_unit_is_a_whole_number_of_days_or_weeks(tmp_path: Path) -> None:
    labels = _labels(tmp_path, None, days=120)
    days = [dt.date.fromisoformat(t) for t in labels]
    steps = {(b - a).days for a, b in itertools.pairwise(days)}
    assert len(steps) == 1 and steps <= {1, 2, 7, 14}, steps
    assert days[0] == dt.date(2024, 1, 1)


def test_years_of_daily_data_are_labelled_on_the_first_of_months(tmp_path: Path) -> None:
    labels = _labels(tmp_path, None, days=3 * 365)
    days = [dt.date.fromisoformat(t) for t in labels]
    assert len(days) >= 6
    assert all(d.day == 1 for d in days), labels
    months = {(b.year * 12 + b.month) - (a.year * 12 + a.month) for a, b in itertools.pairwise(days)}
    assert len(months) == 1 and months <= {1, 2, 3, 6}, months
