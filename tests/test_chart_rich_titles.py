"""Rich chart titles (c:tx/c:rich): every run is drawn in its own a:rPr over the title's defaults
(size, colour, bold, italic), on each paragraph's own line, as PowerPoint draws them."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE
from pptx.util import Emu, Pt
from render_support import close, convert, render_page, text_box

DPI = 144.0


def _runs(text_frame: object, paragraphs: list[list[tuple[str, int, str | None, bool]]]) -> None:
    for n, runs in enumerate(paragraphs):
        p = text_frame.paragraphs[0] if n == 0 else text_frame.add_paragraph()  # type: ignore[attr-defined]
        for text, size, color, bold in runs:
            run = p.add_run()
            run.text = text
            run.font.size = Pt(size)
            run.font.bold = bold
            if color is not None:
                run.font.color.rgb = RGBColor.from_string(color)


def _ink(img: np.ndarray, box: tuple[float, float, float, float]) -> tuple[int, int, int]:
    """The mean colour of the box's inked pixels (small text is mostly anti-aliased edges)."""
    s = DPI / 72.0
    area = img[int(box[1] * s) : int(box[3] * s) + 1, int(box[0] * s) : int(box[2] * s) + 1].reshape(-1, 3)
    inked = area[area.min(axis=1) < 200]
    mean = inked.mean(axis=0)
    return int(mean[0]), int(mean[1]), int(mean[2])


def test_each_title_run_has_its_own_size_colour_and_weight(tmp_path: Path) -> None:
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    data = CategoryChartData()
    data.categories = ["A", "B"]
    data.add_series("S", (1.0, 2.0))
    chart = slide.shapes.add_chart(
        XL_CHART_TYPE.COLUMN_CLUSTERED, Emu(457200), Emu(457200), Emu(7315200), Emu(5486400), data
    ).chart
    chart.has_legend = False
    chart.has_title = True
    # Each word has the same glyphs (cap H, descender g), so its box height is in proportion to its size.
    _runs(chart.chart_title.text_frame, [
        [("Hgx ", 32, "FF0000", True), ("xgH", 10, "0000FF", False)],
        [("gHx", 14, "00A000", False)],
    ])  # fmt: skip
    axis = chart.value_axis
    axis.has_title = True
    _runs(axis.axis_title.text_frame, [[("Hgk", 20, None, True), ("kgH", 9, None, False)]])
    pdf = convert(prs, tmp_path, "rich")[0]
    img = np.asarray(render_page(pdf, 0, DPI).convert("RGB")).astype(int)
    big, small, second = text_box(pdf, "Hgx"), text_box(pdf, "xgH"), text_box(pdf, "gHx")
    assert big is not None and small is not None and second is not None
    h_big, h_small, h_second = big[3] - big[1], small[3] - small[1], second[3] - second[1]
    assert abs(h_small / h_big - 10.0 / 32.0) < 0.04
    assert abs(h_second / h_big - 14.0 / 32.0) < 0.04
    # One line: the small run follows the big one on its baseline (the bottoms differ by the
    # descents, in proportion to the sizes).
    assert small[0] > big[2] - 1.0
    below_baseline = (big[3] - small[3]) / (h_big - h_small)  # the descender's share of a box
    assert 0.15 < below_baseline < 0.35
    # The second paragraph is a line of its own under the first.
    assert second[1] > big[3] - 2.0
    # Colours: each run its own.
    assert close(_ink(img, big), (255, 0, 0), 90)
    assert close(_ink(img, small), (0, 0, 255), 90)
    assert close(_ink(img, second), (0, 160, 0), 90)
    # The rotated axis title: the boxes' widths are the glyph heights.
    a_big, a_small = text_box(pdf, "Hgk"), text_box(pdf, "kgH")
    assert a_big is not None and a_small is not None
    assert abs((a_small[2] - a_small[0]) / (a_big[2] - a_big[0]) - 9.0 / 20.0) < 0.05
