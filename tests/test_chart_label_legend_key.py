"""c:showLegendKey in data labels: the series' legend key is drawn just before the label's text
(a square of the series' fill for bars). Colour sampled beside the label on the rendered page."""

from __future__ import annotations

from pathlib import Path

import pytest
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION
from render_support import chart_in_points, close, convert, new_deck, pixel, red_value_labels, render_page, text_box

C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
X, Y, W, H = 36.0, 36.0, 576.0, 432.0  # the chart frame, points


@pytest.mark.parametrize("key", [True, False])
def test_a_label_shows_its_legend_key_before_the_text(qapp: object, tmp_path: Path, key: bool) -> None:
    prs = new_deck()
    chart = chart_in_points(prs, XL_CHART_TYPE.COLUMN_CLUSTERED, (X, Y, W, H), ["a", "b"], (47.0, 21.0))
    chart.value_axis.minimum_scale, chart.value_axis.maximum_scale = 0.0, 60.0
    chart.value_axis.has_major_gridlines = False
    red_value_labels(chart, XL_LABEL_POSITION.OUTSIDE_END)
    chart.plots[0].data_labels._element.find(f"{{{C}}}showLegendKey").set("val", "1" if key else "0")
    pdf, _ = convert(prs, tmp_path)
    box = text_box(pdf, "47")
    assert box is not None
    left, top, _, bottom = box
    image = render_page(pdf, dpi=144.0)
    # The key's middle: a gap (half a key) and half a key before the text; the key is 0.45 of the
    # line box, ~9.5 pt for the chart's 18 pt text.
    beside = pixel(image, left - 8.0, (top + bottom) / 2.0, dpi=144.0)
    assert close(beside, (255, 0, 0), 40) == key, beside
