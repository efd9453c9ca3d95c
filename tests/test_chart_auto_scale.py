"""Automatic value-axis scales against native PowerPoint exports.

The charts rebuild office2pdf's bar-chart.pptx (github.com/developer0hye/office2pdf issues 824,
990, 1675): one series "Sales" of 8.2, 3.2, 1.4, 1.2 over "1st Qtr".."4th Qtr", 18 pt chart text,
a right legend and a title, in a 480 x 320 pt frame. PowerPoint 16 exported it with the value
axis 0-10 in steps of 2, and its text-size, frame-width and data-maximum sweeps give the other
expectations here. Each test converts the deck and reads the axis labels back with pdftotext.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
from pptx.util import Emu, Pt
from render_support import chart_in_points, convert

SALES = (8.2, 3.2, 1.4, 1.2)
WORD = re.compile(r'<word xMin="[\d.]+" yMin="[\d.]+" xMax="[\d.]+" yMax="[\d.]+">([^<]*)</word>')


def _axis_labels(tmp_path: Path, kind: XL_CHART_TYPE = XL_CHART_TYPE.BAR_CLUSTERED, top: float = 8.2,
                 text: float = 18.0, width: float = 480.0) -> list[str]:  # fmt: skip
    prs = Presentation()
    prs.slide_width, prs.slide_height = Emu(960 * 12700), Emu(540 * 12700)
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    data = CategoryChartData()
    data.categories = ["1st Qtr", "2nd Qtr", "3rd Qtr", "4th Qtr"]
    data.add_series("Sales", [v * top / 8.2 for v in SALES])
    box = (36.0, 36.0, width, 320.0)
    chart = slide.shapes.add_chart(kind, *(Emu(int(v * 12700)) for v in box), data).chart
    chart.font.size = Pt(text)
    chart.has_legend = True
    chart.legend.position = XL_LEGEND_POSITION.RIGHT
    chart.legend.include_in_layout = False
    chart.has_title = True
    chart.chart_title.text_frame.text = "Sales"
    pdf, _ = convert(prs, tmp_path, "chart")
    bbox = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True)
    return [w for w in WORD.findall(bbox.stdout) if re.fullmatch(r"\d+(\.\d+)?", w)]


def test_the_measured_bar_chart_counts_in_twos_to_ten(tmp_path: Path) -> None:
    # office2pdf #824: PowerPoint 16 draws 0, 2, ..., 10 for the 8.2 maximum (we drew 0..9 by ones).
    assert _axis_labels(tmp_path) == ["0", "2", "4", "6", "8", "10"]


@pytest.mark.parametrize(
    ("top", "expected"),
    [
        (1.0, ["0", "0.5", "1", "1.5"]),
        (5.5, ["0", "2", "4", "6"]),
        (97.0, ["0", "50", "100", "150"]),
        (970.0, ["0", "500", "1000", "1500"]),
        (17.0, ["0", "5", "10", "15", "20"]),
    ],
)
def test_data_maxima_take_at_most_five_intervals_at_18pt(tmp_path: Path, top: float, expected: list[str]) -> None:
    # office2pdf #990: the same chart rescaled to 20 maxima (PowerPoint 16.112) never takes more
    # than five intervals on its 311 pt plot at 18 pt, so 97 runs to 150 in fifties, not to 120 in twenties.
    assert _axis_labels(tmp_path, top=top) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (10.0, [str(i) for i in range(10)]),
        (12.0, ["0", "2", "4", "6", "8", "10"]),
        (24.0, ["0", "5", "10"]),
        (44.0, ["0", "10"]),
    ],
)
def test_larger_text_spaces_a_horizontal_axis_wider(tmp_path: Path, text: float, expected: list[str]) -> None:
    # office2pdf #990: PowerPoint switches 9 -> 5 intervals between 11.93 and 11.94 pt text,
    # 5 -> 2 between 20.12 and 20.13 pt and 2 -> 1 between 41.49 and 41.50 pt.
    assert _axis_labels(tmp_path, text=text) == expected


@pytest.mark.parametrize(
    ("width", "expected"),
    [(560.0, ["0", "2", "4", "6", "8", "10"]), (400.0, ["0", "5", "10"]), (240.0, ["0", "5", "10"]),
     (200.0, ["0", "10"])],
)  # fmt: skip
def test_narrower_frames_take_fewer_intervals(tmp_path: Path, width: float, expected: list[str]) -> None:
    # office2pdf #990 at 18 pt: five intervals on a 311 pt plot, two on 231 pt and on 71 pt, one on 60 pt.
    assert _axis_labels(tmp_path, width=width) == expected


def test_a_vertical_axis_keeps_ten_ticks_at_24pt(tmp_path: Path) -> None:
    # office2pdf #1675: the same chart as columns in its 480 x 320 pt frame keeps ten major ticks
    # (0..9) from 10 to 24 pt text; we had dropped to 0..10 in twos at 24 pt.
    labels = _axis_labels(tmp_path, kind=XL_CHART_TYPE.COLUMN_CLUSTERED, text=24.0)
    assert sorted(labels, key=float) == [str(i) for i in range(10)]


def test_a_vertical_axis_at_36pt_takes_three_ticks(tmp_path: Path) -> None:
    # office2pdf #1675: at 36 pt PowerPoint drops to three ticks, 0, 5 and 10.
    labels = _axis_labels(tmp_path, kind=XL_CHART_TYPE.COLUMN_CLUSTERED, text=36.0)
    assert sorted(labels, key=float) == ["0", "5", "10"]


@pytest.mark.timeout(60)
@pytest.mark.parametrize(("values", "most"), [((-3.0, 5.0), 10.0), ((-1e308, 4.5), 1e307)])
def test_an_axis_across_zero_allowed_one_interval_takes_one_each_side(
    tmp_path: Path, values: tuple[float, float], most: float
) -> None:
    # Found by the mutation fuzzer: a bound is a whole number of steps, so an axis across zero
    # has a step either side of it at least, and two intervals never fit in the one allowed on a
    # short plot at 36 pt (under 1.8 em). The step grew until the 1e-9 rounding allowance cut
    # the negative side off (-3 and 5 got an axis of 0 to 5,000,000,000), or past 1e308 to
    # infinity, where the search began again (a conversion that never ended).
    prs = Presentation()
    chart = chart_in_points(prs, XL_CHART_TYPE.COLUMN_CLUSTERED, (40.0, 40.0, 300.0, 100.0), ["A", "B"], values)
    chart.font.size = Pt(36)
    pdf, result = convert(prs, tmp_path, "chart")
    assert not result.warnings
    words = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout.split()
    numbers = [float(w) for w in words if re.fullmatch(r"-?\d+(\.\d+)?(E[+-]?\d+)?", w)]
    assert min(numbers) < 0 < max(numbers) <= most, words
