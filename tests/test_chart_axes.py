"""Chart axes and classic chart styles: where axes cross, how many ticks fit, date axes, wrapped
category labels, and the gradient fills and line widths of Office 2007's chart style numbers.

Each test builds a python-pptx chart, converts it with the built-in engine and reads the real PDF:
its text and where it sits, and pixels sampled from a rendered page.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.enum.chart import XL_CHART_TYPE
from pptx.util import Emu, Pt
from render_support import convert, page_text, render_page, text_box

X, Y, W, H = 36.0, 36.0, 576.0, 432.0  # the chart frame on a 720 x 540 pt slide
DPI = 144.0
ACCENT1 = (0x4F, 0x81, 0xBD)  # python-pptx's default theme


def _chart(kind: XL_CHART_TYPE, data: CategoryChartData, style: int = 2) -> tuple[Any, Any]:
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    frame = slide.shapes.add_chart(kind, Emu(int(X * 12700)), Emu(int(Y * 12700)), Emu(int(W * 12700)),
                                   Emu(int(H * 12700)), data)  # fmt: skip
    frame.chart.chart_style = style
    frame.chart.has_legend = False
    frame.chart.font.size = Pt(12)
    return prs, frame.chart


def _pdf(prs: Any, folder: Path) -> Path:
    folder.mkdir(exist_ok=True)
    return convert(prs, folder, "chart")[0]


def _pixels(pdf: Path) -> np.ndarray:
    return np.asarray(render_page(pdf, 0, DPI).convert("RGB")).astype(int)


def _at(img: np.ndarray, x_pt: float, y_pt: float) -> tuple[int, int, int]:
    r, g, b = img[int(y_pt * DPI / 72.0), int(x_pt * DPI / 72.0)]
    return int(r), int(g), int(b)


def _bluish(rgb: tuple[int, int, int]) -> bool:
    r, g, b = rgb
    return b > r + 40 and b > g + 20


def test_negative_values_put_the_category_labels_on_the_zero_line(tmp_path: Path) -> None:
    data = CategoryChartData()
    data.categories = ["North", "South"]
    data.add_series("S", (-30.0, 60.0))
    prs, _ = _chart(XL_CHART_TYPE.COLUMN_CLUSTERED, data)
    pdf = _pdf(prs, tmp_path)
    north, south = text_box(pdf, "North"), text_box(pdf, "South")
    zero, sixty = text_box(pdf, "0\n") or text_box(pdf, "0"), text_box(pdf, "60")
    assert north is not None and south is not None and sixty is not None and zero is not None
    # The axis crosses at zero, a third of the way up: its labels sit just below that line, not
    # at the bottom of the plot (which ends near the frame's bottom, Y + H).
    assert abs(north[1] - south[1]) < 1.0
    assert north[1] < Y + H - 60.0
    assert north[1] > sixty[3]


def _line_chart_crossing_at(value: float | None) -> Any:
    data = CategoryChartData()
    data.categories = ["Alpha", "Beta", "Gamma"]
    data.add_series("S", (10.0, 40.0, 20.0))
    prs, chart = _chart(XL_CHART_TYPE.LINE, data)
    if value is not None:  # where the category axis crosses the value axis
        cat_ax = chart.category_axis._element
        crosses = cat_ax.find("{*}crosses")
        crosses.addnext(cat_ax.makeelement(crosses.tag.replace("crosses", "crossesAt"), val=str(value)))
        cat_ax.remove(crosses)
    return prs


def test_crosses_at_moves_the_horizontal_axis_and_its_labels(tmp_path: Path) -> None:
    plain = text_box(_pdf(_line_chart_crossing_at(None), tmp_path / "plain"), "Beta")
    moved = text_box(_pdf(_line_chart_crossing_at(25.0), tmp_path), "Beta")
    assert plain is not None and moved is not None
    # 25 on the 0..45 axis is over half-way up the plot: the labels follow the axis line up.
    assert moved[1] < plain[1] - 150.0


def test_value_axis_ticks_as_many_as_fit_at_most_ten(tmp_path: Path) -> None:
    data = CategoryChartData()
    data.categories = ["a", "b", "c", "d", "e"]
    data.add_series("S", (32.0, 32.0, 28.0, 12.0, 15.0))
    prs, _ = _chart(XL_CHART_TYPE.AREA, data)
    text = page_text(_pdf(prs, tmp_path))
    # A 400 pt tall axis with 12 pt labels fits ten intervals: 0, 5, ..., 35 (5 is the nice step
    # over 32 / 10); a coarser 0, 10, ..., 40 would leave half the gridlines out.
    assert all(label in text for label in ("15", "25", "35"))
    assert "40" not in text


def test_wide_labels_get_fewer_ticks(tmp_path: Path) -> None:
    data = CategoryChartData(number_format="#,##0")
    data.categories = ["a", "b"]
    data.add_series("S", (3_200_000.0, 1_200_000.0))
    prs, chart = _chart(XL_CHART_TYPE.BAR_CLUSTERED, data)  # a horizontal value axis
    chart.font.size = Pt(24)
    text = page_text(_pdf(prs, tmp_path))
    # "3,000,000" at 24 pt is ~110 pt wide: about four fit along the axis, so the step is two
    # million, not the half million ten intervals would take.
    assert "2,000,000" in text
    assert "500,000" not in text


def test_date_axis_places_points_by_date(tmp_path: Path) -> None:
    data = CategoryChartData(number_format="m/d/yy")
    data.categories = [dt.date(2024, 1, 1), dt.date(2024, 1, 2), dt.date(2024, 1, 21)]
    data.add_series("S", (10.0, 10.0, 10.0))
    prs, chart = _chart(XL_CHART_TYPE.COLUMN_CLUSTERED, data)
    assert chart.category_axis._element.tag.endswith("dateAx")
    img = _pixels(_pdf(prs, tmp_path))
    row = img[int((Y + H * 0.6) * DPI / 72.0)]
    blue = [i for i, px in enumerate(row) if _bluish((int(px[0]), int(px[1]), int(px[2])))]
    assert blue
    runs: list[list[int]] = []
    for i in blue:
        if runs and i - runs[-1][-1] <= 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    assert len(runs) == 3
    centres = [(r[0] + r[-1]) / 2 for r in runs]
    # 1 Jan and 2 Jan are one day apart, 2 Jan and 21 Jan nineteen: bars sit where their dates are.
    gap_short, gap_long = centres[1] - centres[0], centres[2] - centres[1]
    assert 15.0 < gap_long / gap_short < 23.0


def test_long_category_labels_wrap_instead_of_overlapping(tmp_path: Path) -> None:
    data = CategoryChartData()
    data.categories = ["Quarterly revenue north", "Quarterly revenue south", "Quarterly revenue east",
                       "Quarterly revenue west", "Quarterly revenue total"]  # fmt: skip
    data.add_series("S", (1.0, 2.0, 3.0, 4.0, 5.0))
    prs, _ = _chart(XL_CHART_TYPE.COLUMN_CLUSTERED, data)
    pdf = _pdf(prs, tmp_path)
    first, last = text_box(pdf, "north"), text_box(pdf, "Quarterly")
    assert first is not None and last is not None
    # "north" went to a line below "Quarterly": the label was broken to fit its band.
    assert first[1] > last[3] - 1.0


def test_chart_style_18_fills_bars_with_the_theme_gradient(tmp_path: Path) -> None:
    data = CategoryChartData()
    data.categories = ["a"]
    data.add_series("S", (10.0,))
    flat_prs, _ = _chart(XL_CHART_TYPE.COLUMN_CLUSTERED, data, style=2)
    grad_prs, _ = _chart(XL_CHART_TYPE.COLUMN_CLUSTERED, data, style=18)
    flat = _pixels(_pdf(flat_prs, tmp_path / "flat"))
    grad = _pixels(_pdf(grad_prs, tmp_path))
    cx = X + W / 2
    top, bottom = Y + H * 0.25, Y + H * 0.85
    # Style 2: one flat accent colour. Style 18: the theme's intense fill, the accent shaded
    # darker towards the bottom.
    assert max(abs(a - b) for a, b in zip(_at(flat, cx, top), ACCENT1, strict=True)) < 14
    assert max(abs(a - b) for a, b in zip(_at(flat, cx, bottom), ACCENT1, strict=True)) < 14
    hi, lo = _at(grad, cx, top), _at(grad, cx, bottom)
    assert _bluish(hi) and _bluish(lo)
    assert sum(lo) < sum(hi) - 60


def _line_thickness(img: np.ndarray, x_pt: float) -> int:
    column = img[:, int(x_pt * DPI / 72.0)]
    return sum(1 for px in column if _bluish((int(px[0]), int(px[1]), int(px[2]))))


def test_chart_style_sets_the_width_of_line_series(tmp_path: Path) -> None:
    data = CategoryChartData()
    data.categories = ["a", "b", "c"]
    data.add_series("S", (5.0, 5.0, 5.0))
    widths = {}
    for style in (2, 18, 26):
        prs, _ = _chart(XL_CHART_TYPE.LINE, data, style=style)
        widths[style] = _line_thickness(_pixels(_pdf(prs, tmp_path / str(style))), X + W * 0.4)
    # Three, five and seven times the theme's 0.75 pt line: 2.25, 3.75 and 5.25 pt.
    pt = DPI / 72.0
    assert abs(widths[2] - 2.25 * pt) <= 2
    assert abs(widths[18] - 3.75 * pt) <= 2
    assert abs(widths[26] - 5.25 * pt) <= 2


def test_fractional_text_sizes_are_set_as_given(tmp_path: Path) -> None:
    """Office writes autoscaled chart text sizes such as 11.5 pt; Qt would round the font to 12."""

    def title_width(size: float, name: str) -> float:
        data = CategoryChartData()
        data.categories = ["A", "B"]
        data.add_series("S", (1, 2))
        prs, chart = _chart(XL_CHART_TYPE.COLUMN_CLUSTERED, data)
        chart.has_title = True
        chart.chart_title.text_frame.text = "Quarterly revenue"
        chart.chart_title.text_frame.paragraphs[0].runs[0].font.size = Pt(size)
        box = text_box(_pdf(prs, tmp_path / name), "Quarterly revenue")
        assert box is not None
        return box[2] - box[0]

    half = title_width(11.5, "half")
    assert half / title_width(23, "double") == pytest.approx(0.5, abs=0.004)
    assert half / title_width(12, "twelve") == pytest.approx(11.5 / 12, abs=0.006)


def _plot_left(pdf: Path) -> float:
    """The leftmost bluish column (the bars' start at the category axis), pt."""
    img = _pixels(pdf)
    blue = (img[:, :, 2] > img[:, :, 0] + 40) & (img[:, :, 2] > img[:, :, 1] + 20)
    return float(np.nonzero(blue.any(axis=0))[0].min()) * 72.0 / DPI


def test_thousands_of_categories_leave_room_for_their_longest_label(tmp_path: Path) -> None:
    # Past a thousand labels only the likeliest largest are measured (100,000 took seconds); the
    # longest still sets the room the vertical category axis takes left of the bars.
    count = 3000

    def plot_left(long_label: str, name: str) -> float:
        data = CategoryChartData()
        data.categories = [long_label if i == 1777 else f"c{i}" for i in range(count)]
        data.add_series("S", [1.0 + i % 7 for i in range(count)])
        prs, _ = _chart(XL_CHART_TYPE.BAR_CLUSTERED, data)
        return _plot_left(_pdf(prs, tmp_path / name))

    short, long = plot_left("c1777", "short"), plot_left("A much longer category name", "long")
    assert long - short > 100.0, (short, long)
