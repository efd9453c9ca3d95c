"""A radar of very many categories: its rings and labels cost what can be seen, not what was asked.

Found by the mutation fuzzer (sixth round): a radar whose cache's ptCount said 1,000,000 points
(read as the 100,000 a cache may hold) with c:majorUnit 1e-12 (read as the 1,000 rings an axis
may draw) had 10^8 ring corners worked out and 100,000 category labels drawn over each other; the
conversion was killed after a minute. Rings of more than ROUND_RING_SPOKES sides are drawn as the
circles through their corners; category labels closer around the ring than their height are
thinned to every n-th."""

from __future__ import annotations

from pathlib import Path

import pytest
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.enum.chart import XL_CHART_TYPE
from pptx.oxml import parse_xml
from pptx.oxml.ns import nsdecls
from pptx.util import Emu
from render_support import convert, page_text

from worker.render.charts.radar import ROUND_RING_SPOKES

CATEGORIES = 4000


@pytest.mark.timeout(120)
def test_a_radar_of_four_thousand_spokes_and_fifty_rings_stays_small(tmp_path: Path) -> None:
    assert CATEGORIES > ROUND_RING_SPOKES
    data = CategoryChartData()
    data.categories = [f"K{i}" for i in range(CATEGORIES)]
    data.add_series("S", [float(i % 7) for i in range(CATEGORIES)])
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    chart = slide.shapes.add_chart(
        XL_CHART_TYPE.RADAR, Emu(457200), Emu(457200), Emu(7315200), Emu(5486400), data
    ).chart
    axis = chart.value_axis
    axis.has_major_gridlines = True
    axis.minimum_scale, axis.maximum_scale = 0.0, 10.0
    axis._element.append(parse_xml(f'<c:majorUnit {nsdecls("c")} val="0.2"/>'))  # 51 rings
    pdf, result = convert(prs, tmp_path)
    assert not [w for w in result.warnings if "could not be drawn" in w], result.warnings
    labels = [w for w in page_text(pdf).split() if w.startswith("K")]
    # The first spoke's label and a thinned share of the rest.
    assert "K0" in labels
    assert 20 < len(labels) < CATEGORIES / 4, len(labels)
    # 51 rings of 4,000 corners each were 204,000 points: megabytes of page.
    assert pdf.stat().st_size < 500_000, pdf.stat().st_size  # 93 KB
