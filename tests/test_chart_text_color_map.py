"""Chart text with no colour of its own takes the text colour tx1 through the slide's colour map,
and so do the automatic gridlines, axis lines and error bars (tx1 lightened, as Office's defaults)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from lxml import etree
from pptx.chart.data import CategoryChartData
from pptx.enum.chart import XL_CHART_TYPE
from pptx.util import Emu
from render_support import NSDECL, blank_slide, convert, new_deck, render_page, text_box

# A slide colour map that swaps light and dark, as dark templates' masters do (bg1=dk1, tx1=lt1).
_DARK_MAP = (
    f"<p:clrMapOvr {NSDECL}>"
    '<a:overrideClrMapping bg1="dk1" tx1="lt1" bg2="dk2" tx2="lt2" accent1="accent1" accent2="accent2"'
    ' accent3="accent3" accent4="accent4" accent5="accent5" accent6="accent6" hlink="hlink" folHlink="folHlink"/>'
    "</p:clrMapOvr>"
)


def _chart(tmp_path: Path, dark: bool) -> Path:
    """A classic column chart (no chart style part) with gridlines, on a dark or default slide."""
    prs = new_deck()
    slide = blank_slide(prs)
    if dark:
        for old in slide._element.findall("{*}clrMapOvr"):
            slide._element.remove(old)
        slide._element.append(etree.fromstring(_DARK_MAP))
    data = CategoryChartData()
    data.categories = ["WWWW", "MMMM"]
    data.add_series("Series", (1.0, 2.0))
    frame = slide.shapes.add_chart(
        XL_CHART_TYPE.COLUMN_CLUSTERED, Emu(457200), Emu(457200), Emu(8229600), Emu(5943600), data
    )
    frame.chart.value_axis.has_major_gridlines = True
    return convert(prs, tmp_path, "dark" if dark else "light")[0]


def _label_levels(tmp_path: Path, dark: bool) -> tuple[int, int]:
    """(background, glyph) grey levels inside the category label 'WWWW' on the rendered page: the
    most common level, and the level furthest from it."""
    pdf = _chart(tmp_path, dark)
    box = text_box(pdf, "WWWW")
    assert box is not None
    page = render_page(pdf, dpi=144).convert("L")
    left, top, right, bottom = (round(v * 2) for v in box)
    levels = list(page.crop((left, top, right, bottom)).tobytes())
    background = Counter(levels).most_common(1)[0][0]
    glyph = max(levels, key=lambda v: abs(v - background))
    return background, glyph


def test_chart_text_is_light_under_a_dark_colour_map(tmp_path: Path) -> None:
    background, glyph = _label_levels(tmp_path, dark=True)
    # The slide's background bg1 -> dk1 (black); the label's automatic colour tx1 -> lt1 (white).
    assert background < 40
    assert glyph > 215


def test_chart_text_is_dark_under_the_default_colour_map(tmp_path: Path) -> None:
    background, glyph = _label_levels(tmp_path, dark=False)
    assert background > 215
    assert glyph < 40


def _gridline_level(tmp_path: Path, dark: bool) -> int:
    """The grey level of the gridline at the top of the value axis (2.5), between the columns."""
    pdf = _chart(tmp_path, dark)
    top, first, second = text_box(pdf, "2.5"), text_box(pdf, "WWWW"), text_box(pdf, "MMMM")
    assert top is not None and first is not None and second is not None
    x = (first[2] + second[0]) / 2.0  # the band edge: no column there
    y = (top[1] + top[3]) / 2.0
    # At 4 px a point the 0.75 pt line covers at least two whole pixels wherever it falls (at 2 px
    # a point it may straddle two pixels half each, and read lighter than it is).
    page = render_page(pdf, dpi=288).convert("L")
    levels = list(page.crop((round(x * 4), round(y * 4) - 8, round(x * 4) + 1, round(y * 4) + 9)).tobytes())
    return max(levels) if dark else min(levels)


def test_automatic_gridlines_follow_the_text_colour(tmp_path: Path) -> None:
    # Classic charts' gridlines are a grey of black text (#868686) on a light slide; under a dark
    # map (tx1 -> white) the same lightening of white text is white, where grey would vanish.
    assert abs(_gridline_level(tmp_path, dark=False) - 0x86) < 12
    assert _gridline_level(tmp_path, dark=True) > 215
