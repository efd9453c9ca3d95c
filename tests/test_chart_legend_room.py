"""A chart legend shows the entries it has room for and leaves out the rest, as PowerPoint does.

Found by the mutation fuzzer: a pie's c:ptCount damaged to 2**31 (capped at 100,000 points) gave
a legend entry per point, each measured and drawn far past the chart: 18 s, 770 MB and a page
pypdf cannot read, for a chart of three slices."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
from pptx.util import Emu, Pt
from render_support import convert, word_origins

TOP, HEIGHT = 457200, 2743200  # the chart spans 36..252 pt down the page


def _pie(categories: list[str], position: XL_LEGEND_POSITION) -> tuple[Any, Any]:
    data = CategoryChartData()
    data.categories = categories
    data.add_series("S", [1.0 + i for i in range(len(categories))])
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    chart = slide.shapes.add_chart(XL_CHART_TYPE.PIE, Emu(457200), Emu(TOP), Emu(7315200), Emu(HEIGHT), data).chart
    chart.font.size = Pt(14)
    chart.has_legend = True
    chart.legend.position = position
    chart.legend.include_in_layout = False
    return prs, chart


def test_a_side_legend_keeps_the_leading_entries_that_fit(tmp_path: Path) -> None:
    names = [f"Cat{i}" for i in range(1, 61)]
    prs, _ = _pie(names, XL_LEGEND_POSITION.RIGHT)
    pdf, _ = convert(prs, tmp_path)
    at = word_origins(pdf)
    shown = [n for n in names if n in at]
    assert 5 < len(shown) < len(names)
    assert shown == names[: len(shown)]  # the first ones, in order
    for name in shown:  # all inside the chart's frame (baselines below the page top)
        assert TOP / 12700 <= at[name][1] <= (TOP + HEIGHT) / 12700, (name, at[name])


def test_a_damaged_point_count_costs_no_legend_past_the_chart(tmp_path: Path) -> None:
    for position in (XL_LEGEND_POSITION.RIGHT, XL_LEGEND_POSITION.BOTTOM):
        prs, chart = _pie(["Alpha", "Bravo", "Charlie"], position)
        for count in chart._chartSpace.xpath(".//c:ptCount"):
            count.set("val", "2147483647")
        pdf, _ = convert(prs, tmp_path, name=f"damaged_{position}")
        at = word_origins(pdf)
        # Points past the three cached ones are legend entries "4", "5", ...: only those that fit
        # are laid out, so the legend stays on the chart (it was centred on 100,000 rows).
        for name in ("Alpha", "Bravo", "Charlie"):
            assert TOP / 12700 <= at[name][1] <= (TOP + HEIGHT) / 12700, (position, name, at[name])
