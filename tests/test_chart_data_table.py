"""Chart data tables (c:dTable): a grid under the plot with a row per series and a column per
category, in place of the category labels; keys, borders and text size as the element sets them."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from lxml import etree
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE
from pptx.util import Emu, Pt
from render_support import convert, render_page, text_box

C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
DPI = 144.0
SERIES = (("Alpha", (4.3, 2.5, 3.5), "1F4E79"), ("Beta", (2.4, 4.4, 1.8), "2E7D32"))


def _deck(folder: Path, vertical: bool, size: int | None = None, columns: int = 3) -> Path:
    data = CategoryChartData()
    data.categories = ["North", "South", "East"] if columns == 3 else [f"Cat{i}" for i in range(columns)]
    for name, values, _ in SERIES:
        data.add_series(name, [values[i % 3] for i in range(columns)])
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    chart = slide.shapes.add_chart(XL_CHART_TYPE.COLUMN_CLUSTERED, Emu(457200), Emu(457200), Emu(7315200),
                                   Emu(5486400), data).chart  # fmt: skip
    chart.has_legend = False
    chart.font.size = Pt(12)
    chart.value_axis.has_major_gridlines = False
    for series, (_, _, rgb) in zip(chart.series, SERIES, strict=True):
        series.format.fill.solid()
        series.format.fill.fore_color.rgb = RGBColor.from_string(rgb)
    text = f'<c:txPr><a:bodyPr/><a:p><a:pPr><a:defRPr sz="{size}"/></a:pPr></a:p></c:txPr>' if size else ""
    table = etree.fromstring(
        f'<c:dTable xmlns:c="{C}" xmlns:a="{A}"><c:showHorzBorder val="1"/><c:showVertBorder val="{int(vertical)}"/>'
        '<c:showOutline val="1"/><c:showKeys val="1"/><c:spPr><a:ln w="12700"><a:solidFill><a:srgbClr val="FF0000"/>'
        f"</a:solidFill></a:ln></c:spPr>{text}</c:dTable>"
    )
    chart._chartSpace.findall(f".//{{{C}}}valAx")[-1].addnext(table)
    return convert(prs, folder, "table")[0]


def _centre(box: tuple[float, float, float, float] | None) -> tuple[float, float]:
    assert box is not None
    return (box[0] + box[2]) / 2.0, (box[1] + box[3]) / 2.0


def _red(img: np.ndarray, x: float, y: float) -> bool:
    r, g, b = img[int(y * DPI / 72.0), int(x * DPI / 72.0)]
    return r > 180 and g < 90 and b < 90


def test_a_data_table_replaces_the_category_labels_under_the_plot(tmp_path: Path) -> None:
    pdf = _deck(tmp_path, vertical=True)
    img = np.asarray(render_page(pdf, 0, DPI).convert("RGB")).astype(int)
    north, south = _centre(text_box(pdf, "North")), _centre(text_box(pdf, "South"))
    alpha, beta = _centre(text_box(pdf, "Alpha")), _centre(text_box(pdf, "Beta"))
    zero = text_box(pdf, "0")  # the value axis' bottom label, at the plot's bottom edge
    assert zero is not None
    # Category names in the first row just under the plot, then a row per series.
    assert 0.0 < north[1] - (zero[1] + zero[3]) / 2.0 < 20.0
    assert north[1] < alpha[1] < beta[1]
    row = alpha[1] - north[1]
    assert abs((beta[1] - alpha[1]) - row) < 2.5  # ink boxes: "Alpha" has a descender
    # Values sit in their series' row, centred in their category's column.
    for value, column, series in (("4.3", north, alpha), ("4.4", south, beta), ("1.8", None, beta)):
        x, y = _centre(text_box(pdf, value))
        assert abs(y - series[1]) < 1.0
        if column is not None:
            assert abs(x - column[0]) < 1.0
    # Series names head the rows in a column left of the plot, after their legend key.
    assert alpha[0] < north[0] - (south[0] - north[0]) / 2.0
    name = text_box(pdf, "Alpha")
    assert name is not None
    r, g, b = img[int(alpha[1] * DPI / 72.0), int((name[0] - 5.0) * DPI / 72.0)]
    assert (r, g, b) == (0x1F, 0x4E, 0x79)
    # The columns follow the bars: Alpha's North column (dark blue) stands over the "4.3" cell.
    blue = np.nonzero(np.abs(img[int((zero[1] - 8.0) * DPI / 72.0)] - (0x1F, 0x4E, 0x79)).max(axis=1) < 10)[0]
    first = blue[blue < south[0] * DPI / 72.0] * 72.0 / DPI
    assert first.min() < north[0] < first.max() + 20.0
    # Red borders (the dTable's line): between the rows, across the name column too, and between
    # the columns.
    between_rows = (alpha[1] + beta[1]) / 2.0
    assert any(_red(img, alpha[0], between_rows + d) for d in (-1.0, -0.5, 0.0, 0.5, 1.0))
    boundary = (north[0] + south[0]) / 2.0
    assert any(_red(img, boundary + d, beta[1]) for d in (-1.0, -0.5, 0.0, 0.5, 1.0))


def test_data_table_borders_and_text_size_follow_the_element(tmp_path: Path) -> None:
    pdf = _deck(tmp_path, vertical=False, size=900)
    img = np.asarray(render_page(pdf, 0, DPI).convert("RGB")).astype(int)
    north, south = _centre(text_box(pdf, "North")), _centre(text_box(pdf, "South"))
    beta = _centre(text_box(pdf, "Beta"))
    boundary = (north[0] + south[0]) / 2.0
    assert not any(_red(img, boundary + d, beta[1]) for d in (-1.0, -0.5, 0.0, 0.5, 1.0))
    # 9 pt text (its own txPr) against the chart's 12 pt axis labels.
    table_text, axis_text = text_box(pdf, "North"), text_box(pdf, "0")
    assert table_text is not None and axis_text is not None
    assert (table_text[3] - table_text[1]) < 0.85 * (axis_text[3] - axis_text[1])


def test_columns_too_narrow_for_text_keep_their_grid_and_row_names(tmp_path: Path) -> None:
    # 3,000 categories in a 500 pt plot: a sixth of a point a column. Their 9,000 texts would only
    # smear (and took seconds); the grid and the series names stay.
    pdf = _deck(tmp_path, vertical=True, columns=3000)
    img = np.asarray(render_page(pdf, 0, DPI).convert("RGB")).astype(int)
    assert text_box(pdf, "Alpha") is not None and text_box(pdf, "Beta") is not None
    assert text_box(pdf, "Cat1500") is None and text_box(pdf, "4.3") is None
    alpha, beta = _centre(text_box(pdf, "Alpha")), _centre(text_box(pdf, "Beta"))
    between_rows = (alpha[1] + beta[1]) / 2.0
    assert any(_red(img, alpha[0], between_rows + d) for d in (-1.0, -0.5, 0.0, 0.5, 1.0))
    # The vertical borders fill the table's body with red.
    reds = sum(_red(img, 200.0 + dx, beta[1]) for dx in range(0, 200, 5))
    assert reds > 30
