"""c:invertIfNegative on a bar series: negative bars with a solid (or automatic) fill are drawn in
the series' inverted colour, c14:invertSolidFillFmt's, else white as Office draws them; positive
bars keep the series fill. Colours sampled inside each bar on the rendered page."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE
from render_support import chart_in_points, close, convert, new_deck, pixel, render_page

C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
C14 = "http://schemas.microsoft.com/office/drawing/2007/8/2/chart"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
X, Y, W, H = 36.0, 36.0, 576.0, 432.0  # the chart frame, points
RED, BLUE, WHITE = (255, 0, 0), (0, 0, 255), (255, 255, 255)


def _bars(tmp_path: Path, invert: bool, invert_color: str | None) -> tuple[tuple[int, int, int], ...]:
    """Colours at the middle of the columns valued 4 and -4 (a 0-centred axis, no gridlines)."""
    prs = new_deck()
    chart = chart_in_points(prs, XL_CHART_TYPE.COLUMN_CLUSTERED, (X, Y, W, H), ["up", "down"], (4.0, -4.0))
    chart.value_axis.minimum_scale, chart.value_axis.maximum_scale = -5.0, 5.0
    chart.value_axis.has_major_gridlines = False
    series = chart.series[0]
    series.format.fill.solid()
    series.format.fill.fore_color.rgb = RGBColor(0xFF, 0, 0)
    series.invert_if_negative = invert
    if invert_color is not None:
        ext = etree.fromstring(
            f'<c:extLst xmlns:c="{C}"><c:ext uri="{{6F2FDCE9-48DA-4B69-8628-5D25D57E0C1E}}" xmlns:c14="{C14}">'
            f'<c14:invertSolidFillFmt><c14:spPr xmlns:a="{A}"><a:solidFill><a:srgbClr val="{invert_color}"/>'
            "</a:solidFill></c14:spPr></c14:invertSolidFillFmt></c:ext></c:extLst>"
        )
        series._element.append(ext)
    pdf, _ = convert(prs, tmp_path)
    image = render_page(pdf)
    # Two categories across the plot: the bars' middles sit near a quarter and three quarters of
    # the frame's width, at a quarter of its height above and below the middle (values +-4 of 5).
    mid_y = Y + H / 2.0
    return (pixel(image, X + W * 0.28, mid_y - H * 0.2), pixel(image, X + W * 0.72, mid_y + H * 0.2))


@pytest.mark.parametrize(
    ("invert", "invert_color", "expected"),
    [(False, None, RED), (True, None, WHITE), (True, "0000FF", BLUE)],
)
def test_negative_bars_take_the_inverted_fill(qapp: object, tmp_path: Path, invert: bool, invert_color: str | None,
                                              expected: tuple[int, int, int]) -> None:  # fmt: skip
    up, down = _bars(tmp_path, invert, invert_color)
    assert close(up, RED), up
    assert close(down, expected), down
