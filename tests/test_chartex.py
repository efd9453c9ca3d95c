"""Office 2016 charts (chartex parts): drawn from their cached data instead of Office's fallback notice."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from chartex_support import AXES, FALLBACK, chart_space, deck_with_chartex, numbers, strings
from PIL import Image
from render_support import close, convert, mask_runs, page_text, pixel, png_bytes, render_page, text_box

from worker.render.chartex.model import Binning
from worker.render.chartex.stats import box_stats, histogram, quantile, scott_width

# python-pptx's default theme accents.
ACCENT1, ACCENT2, ACCENT3 = (0x4F, 0x81, 0xBD), (0xC0, 0x50, 0x4D), (0x9B, 0xBB, 0x59)
LEGEND = '<cx:legend pos="t" align="ctr" overlay="0"/>'


def _name(text: str) -> str:
    return f"<cx:tx><cx:txData><cx:v>{text}</cx:v></cx:txData></cx:tx>"


def _mask(image: Image.Image, color: tuple[int, int, int], tol: int = 10) -> np.ndarray:
    arr = np.asarray(image).astype(int)
    return np.all(np.abs(arr - np.array(color)) <= tol, axis=2)


def _bars(mask: np.ndarray) -> list[tuple[int, int, int, int]]:
    """(left, right, top, bottom) of each run of columns holding the colour, at least 3 px wide."""
    out = []
    for left, right in mask_runs(mask.sum(axis=0) > 2):
        if right - left < 3:
            continue
        rows = np.nonzero(mask[:, (left + right) // 2])[0]
        out.append((left, right, int(rows.min()), int(rows.max()) + 1))
    return out


def _render(tmp_path: Path, xml: str, name: str = "deck") -> tuple[Path, Image.Image]:
    pdf, _ = convert(deck_with_chartex(xml), tmp_path, name)
    return pdf, render_page(pdf, dpi=144.0)


def test_waterfall_running_totals_subtotals_and_colours(tmp_path: Path) -> None:
    xml = chart_space(
        strings(["Start", "Sales", "Costs", "Tax", "Net"]) + numbers([100, 40, -30, -10, 100]),
        f'<cx:series layoutId="waterfall">{_name("Cash")}<cx:dataLabels pos="outEnd">'
        '<cx:visibility value="1"/></cx:dataLabels><cx:dataId val="0"/><cx:layoutPr><cx:subtotals>'
        '<cx:idx val="0"/><cx:idx val="4"/></cx:subtotals><cx:visibility connectorLines="1"/></cx:layoutPr>'
        "</cx:series>",
        axes=AXES.format(gap="0.5", val=""),
        legend=LEGEND,
    )
    pdf, image = _render(tmp_path, xml)
    text = page_text(pdf)
    assert FALLBACK not in text
    for word in ("Start", "Sales", "Costs", "Tax", "Net", "Increase", "Decrease", "Total", "-30"):
        assert word in text
    legend = text_box(pdf, "Increase")
    assert legend is not None
    below = int(legend[3] * 2) + 2  # the plot, under the legend's keys

    def bars(color: tuple[int, int, int]) -> list[tuple[int, int, int, int]]:
        mask = _mask(image, color)
        mask[:below] = False
        return _bars(mask)

    totals, ups, downs = bars(ACCENT3), bars(ACCENT1), bars(ACCENT2)
    assert len(totals) == 2 and len(ups) == 1 and len(downs) == 2
    (start, net), (sales,), (costs, tax) = totals, ups, downs
    assert start[0] < sales[0] < costs[0] < tax[0] < net[0]
    unit = (start[3] - start[2]) / 100.0
    assert net[2:] == pytest.approx(start[2:], abs=1)
    # Sales rises 40 from the top of Start; Costs falls 30 from there; Tax 10 more.
    assert sales[3] == pytest.approx(start[2], abs=2)
    assert sales[3] - sales[2] == pytest.approx(40 * unit, abs=2)
    assert costs[2] == pytest.approx(sales[2], abs=2)
    assert costs[3] - costs[2] == pytest.approx(30 * unit, abs=2)
    assert tax[2] == pytest.approx(costs[3], abs=2)
    assert tax[3] - tax[2] == pytest.approx(10 * unit, abs=2)


def test_axis_titles_and_number_format_beside_their_labels(tmp_path: Path) -> None:
    xml = chart_space(
        strings(["Start", "Sales", "Net"]) + numbers([100, 50, 150]),
        '<cx:series layoutId="waterfall"><cx:dataId val="0"/><cx:layoutPr><cx:subtotals><cx:idx val="2"/>'
        "</cx:subtotals></cx:layoutPr></cx:series>",
        axes='<cx:axis id="0"><cx:catScaling/><cx:title><cx:tx><cx:txData><cx:v>Quarter</cx:v></cx:txData>'
        '</cx:tx></cx:title><cx:tickLabels/></cx:axis><cx:axis id="1"><cx:valScaling/><cx:title/>'
        '<cx:tickLabels/><cx:numFmt formatCode="#,##0 €" sourceLinked="0"/></cx:axis>',
    )
    pdf, _ = convert(deck_with_chartex(xml), tmp_path)
    quarter, sales = text_box(pdf, "Quarter"), text_box(pdf, "Sales")
    untitled, tick = text_box(pdf, "Axis Title"), text_box(pdf, "100 €")
    assert quarter is not None and sales is not None and untitled is not None and tick is not None
    assert quarter[1] > sales[3]  # under the category labels
    assert untitled[2] < tick[0]  # left of the value labels
    assert untitled[3] - untitled[1] > untitled[2] - untitled[0]  # turned upright


def test_funnel_bars_are_centred_and_sized_by_value(tmp_path: Path) -> None:
    xml = chart_space(
        strings(["Prospects", "Qualified", "Proposals", "Closed"]) + numbers([1000, 600, 300, 100]),
        f'<cx:series layoutId="funnel">{_name("Pipeline")}<cx:dataLabels pos="inEnd"><cx:visibility value="1"/>'
        '</cx:dataLabels><cx:dataId val="0"/></cx:series>',
        axes='<cx:axis id="0"><cx:catScaling gapWidth="0.06"/><cx:tickLabels/></cx:axis>',
    )
    pdf, image = _render(tmp_path, xml)
    text = page_text(pdf)
    assert FALLBACK not in text and "Prospects" in text and "600" in text
    mask = _mask(image, ACCENT1)
    rows = [r for r in mask_runs(mask.sum(axis=1) > 2) if r[1] - r[0] > 5]
    assert len(rows) == 4
    spans = []
    for top, bottom in rows:
        cols = np.nonzero(mask[(top + bottom) // 2])[0]
        spans.append((int(cols.min()), int(cols.max()) + 1))
    widths = [r - left for left, r in spans]
    for width, value in zip(widths, (1000, 600, 300, 100), strict=True):
        assert width / widths[0] == pytest.approx(value / 1000, abs=0.02)
    centres = [(left + r) / 2 for left, r in spans]
    assert max(centres) - min(centres) <= 2
    # Names on the left of the widest bar.
    box = text_box(pdf, "Closed")
    assert box is not None and box[2] * 2 < spans[0][0]


def test_histogram_bins_by_count_with_bin_labels(tmp_path: Path) -> None:
    xml = chart_space(
        numbers([1, 2, 2, 3, 3, 3, 4, 4, 5, 7, 8, 9, 12]),
        f'<cx:series layoutId="clusteredColumn">{_name("Scores")}<cx:dataId val="0"/><cx:layoutPr>'
        '<cx:binning intervalClosed="r"><cx:binCount val="4"/></cx:binning></cx:layoutPr></cx:series>',
        axes=AXES.format(gap="0", val=""),
    )
    pdf, image = _render(tmp_path, xml)
    text = page_text(pdf)
    assert "[1, 3.75]" in text and "(9.25, 12]" in text and FALLBACK not in text
    bars = _bars(_mask(image, ACCENT1))
    heights = [b[3] - b[2] for b in bars]
    assert len(heights) == 4
    for h, count in zip(heights, (6, 3, 3, 1), strict=True):
        assert h / heights[0] == pytest.approx(count / 6, abs=0.02)


def test_pareto_sorts_columns_and_draws_the_cumulative_line(tmp_path: Path) -> None:
    names = ["Alpha", "Bravo", "Charlie", "Delta"]
    xml = chart_space(
        strings(names) + numbers([10, 40, 20, 30]),
        f'<cx:series layoutId="clusteredColumn">{_name("Defects")}<cx:dataId val="0"/><cx:layoutPr>'
        '<cx:aggregation/></cx:layoutPr><cx:axisId val="1"/></cx:series>'
        '<cx:series layoutId="paretoLine" ownerIdx="0"><cx:axisId val="2"/></cx:series>',
        axes=AXES.format(gap="0", val="")
        + '<cx:axis id="2"><cx:valScaling max="1" min="0"/><cx:units unit="percentage"/><cx:tickLabels/></cx:axis>',
    )
    pdf, image = _render(tmp_path, xml)
    text = page_text(pdf)
    assert "100%" in text
    lefts = {n: box[0] for n in names if (box := text_box(pdf, n)) is not None}
    assert sorted(lefts, key=lambda n: lefts[n]) == ["Bravo", "Delta", "Charlie", "Alpha"]
    bars = _bars(_mask(image, ACCENT1))
    heights = [b[3] - b[2] for b in bars]
    assert heights == sorted(heights, reverse=True) and len(heights) == 4
    line = _mask(image, ACCENT2, tol=25)
    assert line.sum() > 200  # the cumulative line, in the second accent
    # It ends at 100 % over the last column: level with the top of the plot (the 100% label).
    right = bars[-1]
    ys = np.nonzero(line[:, (right[0] + right[1]) // 2])[0]
    label = text_box(pdf, "100%")
    assert label is not None and ys.size and abs(ys.min() / 2 - (label[1] + label[3]) / 2) < 4


def test_box_whisker_boxes_span_the_quartiles(tmp_path: Path) -> None:
    cats = ["A"] * 8 + ["B"] * 8
    xml = chart_space(
        strings(cats) + numbers([1, 2, 4, 7, 8, 9, 10, 12, 3, 5, 6, 6, 7, 8, 9, 30]),
        f'<cx:series layoutId="boxWhisker">{_name("North")}<cx:dataId val="0"/><cx:layoutPr>'
        '<cx:visibility meanLine="0" meanMarker="1" nonoutliers="0" outliers="1"/>'
        '<cx:statistics quartileMethod="exclusive"/></cx:layoutPr></cx:series>',
        axes=AXES.format(gap="1", val=' min="0" max="40"'),
    )
    pdf, image = _render(tmp_path, xml)
    assert FALLBACK not in page_text(pdf)
    mask = _mask(image, ACCENT1)
    boxes = []
    for left, right, _, _ in _bars(mask):
        # Rows the box fills across (outlier rings and whiskers are narrow).
        rows = np.nonzero(mask[:, left:right].sum(axis=1) > (right - left) * 0.6)[0]
        boxes.append((left, right, int(rows.min()), int(rows.max()) + 1))
    assert len(boxes) == 2
    zero, forty = text_box(pdf, "0"), text_box(pdf, "40")
    assert zero is not None and forty is not None
    y0, y40 = (zero[1] + zero[3]), (forty[1] + forty[3])  # centres at 144 dpi: twice the pt
    per = (y0 - y40) / 40.0

    def value(y: int) -> float:
        return (y0 - y) / per

    # QUARTILE.EXC: A's box 2.5..9.75, B's 5.25..8.75.
    assert value(boxes[0][3]) == pytest.approx(2.5, abs=0.4)
    assert value(boxes[0][2]) == pytest.approx(9.75, abs=0.4)
    assert value(boxes[1][3]) == pytest.approx(5.25, abs=0.4)
    assert value(boxes[1][2]) == pytest.approx(8.75, abs=0.4)


def test_treemap_areas_follow_values_with_banner_labels(tmp_path: Path) -> None:
    xml = chart_space(
        strings(["L1", "L2", "L3", "L4"], ["Fruit", "Fruit", "Veg", "Veg"]) + numbers([50, 30, 12, 8], "size"),
        f'<cx:series layoutId="treemap">{_name("Sales")}<cx:dataLabels pos="inEnd">'
        '<cx:visibility categoryName="1" value="0"/></cx:dataLabels><cx:dataId val="0"/>'
        '<cx:layoutPr><cx:parentLabelLayout val="banner"/></cx:layoutPr></cx:series>',
        title="",
    )
    pdf, image = _render(tmp_path, xml)
    text = page_text(pdf)
    for word in ("Fruit", "Veg", "L1", "L4"):
        assert word in text
    fruit, veg = _mask(image, ACCENT1).sum(), _mask(image, ACCENT2).sum()
    assert fruit / veg == pytest.approx(80 / 20, rel=0.06)


def test_sunburst_rings_start_at_twelve_and_run_clockwise(tmp_path: Path) -> None:
    xml = chart_space(
        strings(["x", "y"], ["Big", "Small"]) + numbers([3, 1], "size"),
        f'<cx:series layoutId="sunburst">{_name("S")}<cx:dataId val="0"/></cx:series>',
        title="",
    )
    pdf, image = _render(tmp_path, xml)
    assert FALLBACK not in page_text(pdf)
    # Frame 72..648 x 72..468 pt: centre (360, 270); two levels plus the hole: rings of 382/6 pt.
    ring = 382.0 / 6.0

    def at(clockwise: float, r: float) -> tuple[int, int, int]:
        a = math.radians(clockwise)
        return pixel(image, 360 + r * math.sin(a), 270 - r * math.cos(a), dpi=144.0)

    assert close(at(0, 0), (255, 255, 255))
    for angle in (20, 135, 250):
        assert close(at(angle, ring * 1.5), ACCENT1) and close(at(angle, ring * 2.5), ACCENT1)
    assert close(at(315, ring * 1.5), ACCENT2) and close(at(315, ring * 2.5), ACCENT2)


def test_region_map_keeps_the_fallback(tmp_path: Path) -> None:
    xml = chart_space(
        strings(["France"]) + numbers([3]),
        f'<cx:series layoutId="regionMap">{_name("S")}<cx:dataId val="0"/></cx:series>',
    )
    pdf, _ = convert(deck_with_chartex(xml), tmp_path)
    assert FALLBACK in page_text(pdf)


def test_a_picture_fallback_is_drawn_and_the_chart_text_stays_searchable(tmp_path: Path) -> None:
    """PowerPoint stores its own picture of a 2016 chart as the fallback: that picture is exactly what
    the slide shows, so it is drawn; the chart's words are laid down invisibly from the data."""
    picture = tmp_path / "chart.png"
    picture.write_bytes(png_bytes(40, 30, [(0, 160, 0, 255), (0, 160, 0, 255)]))
    xml = chart_space(
        strings(["Start", "Rent", "End"]) + numbers([100, -30, 70]),
        f'<cx:series layoutId="waterfall">{_name("Cash")}<cx:dataId val="0"/></cx:series>',
        axes=AXES.format(gap="0.5", val=""),
        title="Cash flow",
    )
    pdf, _ = convert(deck_with_chartex(xml, picture), tmp_path)
    page = render_page(pdf)
    assert close(pixel(page, 72 + 288, 72 + 198), (0, 160, 0))  # the picture fills the frame
    text = page_text(pdf)
    assert "Cash flow" in text and "Rent" in text
    assert FALLBACK not in text


# -- what Office computes at draw time -------------------------------------------------------------


def test_quartiles_exclusive_and_inclusive() -> None:
    data = [1.0, 2.0, 4.0, 7.0, 8.0, 9.0, 10.0, 12.0]
    assert quantile(data, 0.25, "exclusive") == pytest.approx(2.5)
    assert quantile(data, 0.75, "exclusive") == pytest.approx(9.75)
    assert quantile(data, 0.25, "inclusive") == pytest.approx(3.5)
    assert quantile(data, 0.75, "inclusive") == pytest.approx(9.25)
    stats = box_stats([*data, 40.0], "inclusive")
    assert stats is not None and stats.outliers == [40.0] and stats.high == 12.0 and stats.low == 1.0


def test_bins_scott_rule_and_flow_bins() -> None:
    values = [float(v) for v in range(1, 21)]
    width = 3.5 * 5.916079783099616 / 20 ** (1 / 3)
    assert scott_width(values) == pytest.approx(width)
    auto = histogram(values, Binning())
    assert len(auto.bins) == math.ceil(19 / width) and sum(b.count for b in auto.bins) == 20
    flows = histogram(values, Binning(bin_size=5, underflow=5, overflow=15))
    assert flows.labels == ["≤5", "(5, 10]", "(10, 15]", ">15"]
    assert [b.count for b in flows.bins] == [5, 5, 5, 5]
    left = histogram(values, Binning(interval_closed="l", bin_size=5, underflow=5, overflow=15))
    assert left.labels == ["<5", "[5, 10)", "[10, 15)", "≥15"]
    assert [b.count for b in left.bins] == [4, 5, 5, 6]


def test_values_near_the_double_limit_keep_their_chart(tmp_path: Path) -> None:
    """Sums, shares and bin positions of values about 1e300 overflow a double: each chart is still
    drawn from the values it can place instead of being dropped."""
    sunburst = chart_space(
        strings(["a", "b", "c"], ["P", "P", "Q"]) + numbers([1e308, 1e308, 1e308], "size"),
        f'<cx:series layoutId="sunburst">{_name("S")}<cx:dataId val="0"/></cx:series>',
        title="Sunburst",
    )
    pdf, result = convert(deck_with_chartex(sunburst), tmp_path, "sunburst")
    assert result.warnings == [] and FALLBACK not in page_text(pdf)
    image = render_page(pdf, dpi=144.0)
    # One 1e308 leaf fills both rings (the others would take the sum past a double); the first
    # branch's colour all round, as a single positive value's sunburst.
    ring = 382.0 / 6.0
    for clockwise in (30, 150, 270):
        a = math.radians(clockwise)
        assert close(pixel(image, 360 + 2.5 * ring * math.sin(a), 270 - 2.5 * ring * math.cos(a), 144.0), ACCENT1)
    binned = chart_space(
        numbers([-1e300, 0, 1, 1e300]),
        f'<cx:series layoutId="clusteredColumn">{_name("H")}<cx:dataId val="0"/><cx:layoutPr>'
        '<cx:binning intervalClosed="r"><cx:binSize val="1e-300"/></cx:binning></cx:layoutPr></cx:series>',
        axes=AXES.format(gap="0", val=""),
        title="Histogram",
    )
    pdf, result = convert(deck_with_chartex(binned), tmp_path, "histogram")
    assert result.warnings == [] and "Histogram" in page_text(pdf)
    boxes = chart_space(
        numbers([-1e308, 1, 2, 1e308]),
        f'<cx:series layoutId="boxWhisker">{_name("B")}<cx:dataId val="0"/></cx:series>',
        axes=AXES.format(gap="1", val=""),
        title="Boxes",
    )
    pdf, result = convert(deck_with_chartex(boxes), tmp_path, "boxes")
    assert result.warnings == [] and "Boxes" in page_text(pdf)


def test_histogram_positions_past_a_double_land_in_the_last_bin() -> None:
    found = histogram([-1e300, 0.0, 1e300], Binning(bin_size=1e-300))
    assert sum(b.count for b in found.bins) == 3
    assert found.bins[0].count == 1 and found.bins[-1].count == 2


def test_thousands_of_turned_category_labels_are_thinned_to_every_nth(tmp_path: Path) -> None:
    # 5,000 waterfall columns in 500 pt: drawing every turned label stacked them into one smear
    # (and 100,000 took seconds); a line's height apart at least, as Office thins them.
    names = [f"K{i}" for i in range(5000)]
    xml = chart_space(
        strings(names) + numbers([1 + i % 5 for i in range(5000)]),
        f'<cx:series layoutId="waterfall">{_name("W")}<cx:dataId val="0"/></cx:series>',
        axes=AXES.format(gap="0.5", val=""),
    )
    pdf, result = convert(deck_with_chartex(xml), tmp_path)
    assert result.warnings == []
    text = page_text(pdf)
    assert "K0" in text
    assert 10 < text.count("K") < 500, text.count("K")  # one K a label drawn


def test_a_box_of_values_near_the_double_limit_of_one_sign_keeps_its_chart(tmp_path: Path) -> None:
    # Found by the mutation fuzzer (sixth round): two values of 1e308 overflow the mean's sum
    # (statistics.fmean raised "intermediate overflow in fsum") and the chart fell back.
    boxes = chart_space(
        numbers([1e308, 1e308, 1]),
        f'<cx:series layoutId="boxWhisker">{_name("B")}<cx:dataId val="0"/></cx:series>',
        axes=AXES.format(gap="1", val=""),
        title="Boxes",
    )
    pdf, result = convert(deck_with_chartex(boxes), tmp_path, "boxes")
    assert result.warnings == [] and "Boxes" in page_text(pdf)
