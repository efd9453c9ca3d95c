"""A chart title that states no size of its own is 1.2 x the chart's text size set at a whole point,
as native PowerPoint exports print it (github.com/developer0hye/office2pdf/issues/669: 18 pt chart
text, a 22 pt title; #1678: the automatic title follows the chart's size at 1.2 x, at a whole point)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE
from pptx.util import Pt
from render_support import chart_in_points, convert


def _font_size(pdf: Path, word: str) -> float:
    """The size the first word ``word`` is set in, pt: poppler's word box is one em tall."""
    xml = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    for m in re.finditer(r'<word xMin="[^"]+" yMin="([^"]+)" xMax="[^"]+" yMax="([^"]+)">([^<]*)</word>', xml):
        if m.group(3) == word:
            return float(m.group(2)) - float(m.group(1))
    raise AssertionError(f"{word!r} not on the page")


def _titled_chart(tmp_path: Path, chart_size: float, title_size: float | None) -> Path:
    prs = Presentation()
    chart = chart_in_points(prs, XL_CHART_TYPE.COLUMN_CLUSTERED, (36.0, 36.0, 480.0, 320.0), ["A", "B"], (1.0, 2.0))
    chart.font.size = Pt(chart_size)
    chart.has_title = True
    run = chart.chart_title.text_frame.paragraphs[0].add_run()
    run.text = "Revenue"
    if title_size is not None:
        run.font.size = Pt(title_size)
    return convert(prs, tmp_path, "title")[0]


@pytest.mark.parametrize(("chart_size", "expected"), [(18.0, 22.0), (12.0, 14.0), (10.0, 12.0), (24.0, 29.0)])
def test_an_automatic_title_is_a_whole_point_near_1_2_times_the_chart_text(
    tmp_path: Path, chart_size: float, expected: float
) -> None:
    pdf = _titled_chart(tmp_path, chart_size, None)
    assert _font_size(pdf, "Revenue") == pytest.approx(expected, abs=0.01)
    # The category labels keep the chart's own size.
    assert _font_size(pdf, "A") == pytest.approx(chart_size, abs=0.01)


def test_a_title_stating_its_size_keeps_it_fractional(tmp_path: Path) -> None:
    pdf = _titled_chart(tmp_path, 13.3, 18.62)
    assert _font_size(pdf, "Revenue") == pytest.approx(18.62, abs=0.05)
