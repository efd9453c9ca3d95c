"""Data labels: their box (c:dLbls/c:spPr), one point's own c:dLbl, and the pie's default separator.

Charts are made by python-pptx, given label XML as PowerPoint writes it, converted by the built-in
engine to real PDFs, then read back (text) and rasterised (colours at the labels).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pypdf
import pypdfium2
from lxml import etree
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.enum.chart import XL_CHART_TYPE
from pptx.util import Emu

from worker.engines.base import ConvertOptions, never_cancelled, no_progress
from worker.engines.builtin import BuiltinEngine

C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
SCALE = 2.0  # raster pixels per point
YELLOW, CYAN, GREEN, RED = (255, 255, 0), (0, 255, 255), (0, 176, 80), (255, 0, 0)


def _chart(kind: XL_CHART_TYPE, categories: list[str], values: tuple[float, ...]) -> tuple[object, object]:
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    data = CategoryChartData()
    data.categories = categories
    data.add_series("S", values)
    frame = slide.shapes.add_chart(kind, Emu(457200), Emu(457200), Emu(7315200), Emu(5486400), data)
    frame.chart.chart_style = 2
    return prs, frame.chart


def _labels_xml(inner: str) -> etree._Element:
    return etree.fromstring(f'<c:dLbls xmlns:c="{C}" xmlns:a="{A}">{inner}</c:dLbls>')


def _set_series_labels(chart: object, dlbls: etree._Element) -> None:
    ser = chart._chartSpace.find(f".//{{{C}}}ser")  # type: ignore[attr-defined]
    for old in ser.findall(f"{{{C}}}dLbls"):
        ser.remove(old)
    # c:dLbls comes after c:dPt / c:spPr and before c:cat in a series (CT_BarSer, CT_PieSer).
    ser.find(f"{{{C}}}cat").addprevious(dlbls)


def _convert(prs: object, tmp_path: Path) -> Path:
    tmp_path.mkdir(parents=True, exist_ok=True)
    deck, out = tmp_path / "labels.pptx", tmp_path / "labels.pdf"
    prs.save(str(deck))  # type: ignore[attr-defined]
    BuiltinEngine().convert(deck, out, ConvertOptions(), no_progress, never_cancelled)
    return out


def _raster(pdf: Path) -> np.ndarray:
    image = pypdfium2.PdfDocument(str(pdf))[0].render(scale=SCALE).to_pil().convert("RGB")
    return np.asarray(image).astype(int)


def _mask(img: np.ndarray, rgb: tuple[int, int, int], tol: int = 30) -> np.ndarray:
    return np.asarray(np.all(np.abs(img - np.array(rgb)) <= tol, axis=2), dtype=bool)


def _boxes(mask: np.ndarray) -> list[tuple[int, int, int, int]]:
    """Bounding boxes (x0, y0, x1, y1) of the mask's blobs split by empty columns."""
    cols = [bool(mask[:, x].any()) for x in range(mask.shape[1])]
    out = []
    x = 0
    while x < len(cols):
        if cols[x]:
            start = x
            while x < len(cols) and cols[x]:
                x += 1
            ys = np.nonzero(mask[:, start:x].any(axis=1))[0]
            out.append((start, int(ys.min()), x, int(ys.max()) + 1))
        x += 1
    return out


SHOW = (
    '<c:showLegendKey val="0"/><c:showVal val="1"/><c:showCatName val="0"/><c:showSerName val="0"/>'
    '<c:showPercent val="0"/><c:showBubbleSize val="0"/>'
)


def test_label_boxes_are_filled_and_outlined_and_one_point_keeps_its_own(qapp: object, tmp_path: Path) -> None:
    prs, chart = _chart(XL_CHART_TYPE.COLUMN_CLUSTERED, ["A", "B", "C"], (2.0, 3.0, 4.0))
    point = (
        '<c:dLbl><c:idx val="1"/><c:spPr><a:solidFill><a:srgbClr val="00FFFF"/></a:solidFill></c:spPr>'
        '<c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="3600" b="1"><a:solidFill>'
        '<a:srgbClr val="00B050"/></a:solidFill></a:defRPr></a:pPr><a:endParaRPr lang="en-US"/></a:p></c:txPr>'
        f'<c:dLblPos val="outEnd"/>{SHOW}</c:dLbl>'
    )
    box = (
        '<c:spPr><a:solidFill><a:srgbClr val="FFFF00"/></a:solidFill>'
        '<a:ln w="25400"><a:solidFill><a:srgbClr val="FF0000"/></a:solidFill></a:ln></c:spPr>'
    )
    _set_series_labels(chart, _labels_xml(f'{point}{box}<c:dLblPos val="outEnd"/>{SHOW}'))
    img = _raster(_convert(prs, tmp_path))
    yellow = _boxes(_mask(img, YELLOW))
    cyan = _boxes(_mask(img, CYAN))
    # Two yellow boxes (the first and third columns' labels) and one cyan box (the second's).
    assert len(yellow) == 2 and len(cyan) == 1
    (c0, c1), (y0, y1) = (cyan[0][0], cyan[0][2]), (yellow[0][2], yellow[1][0])
    assert y0 < c0 and c1 < y1  # the point's box is the middle one
    # The series' boxes have the red outline; the point's own spPr states none.
    red = _mask(img, RED)
    for x0, top, x1, bottom in yellow:
        assert red[top - 4 : bottom + 4, x0 - 4 : x1 + 4].sum() > 2 * (x1 - x0)
    x0, top, x1, bottom = cyan[0]
    assert red[top - 4 : bottom + 4, x0 - 4 : x1 + 4].sum() == 0
    # The point's label text is its own: green and larger (a taller box) than the series' labels.
    assert _mask(img[top:bottom, x0:x1], GREEN).sum() > 20
    assert bottom - top > 1.5 * (yellow[0][3] - yellow[0][1])
    text = pypdf.PdfReader(str(tmp_path / "labels.pdf")).pages[0].extract_text()
    assert "2" in text and "3" in text and "4" in text


def test_labels_without_a_visible_box_draw_text_only(qapp: object, tmp_path: Path) -> None:
    prs, chart = _chart(XL_CHART_TYPE.COLUMN_CLUSTERED, ["A", "B"], (2.0, 3.0))
    box = "<c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr>"
    _set_series_labels(chart, _labels_xml(f'{box}<c:dLblPos val="outEnd"/>{SHOW}'))
    img = _raster(_convert(prs, tmp_path))
    assert _mask(img, YELLOW).sum() == 0
    text = pypdf.PdfReader(str(tmp_path / "labels.pdf")).pages[0].extract_text()
    assert "2" in text and "3" in text


def _pie_label_lines(
    tmp_path: Path, show_val: str, show_cat: str, show_pct: str, kind: XL_CHART_TYPE, three_d: bool = False
) -> list[str]:
    prs, chart = _chart(kind, ["North", "South"], (3.0, 1.0))
    if three_d:  # python-pptx writes no 3-D pie: the 2-D one's c:pieChart becomes a c:pie3DChart
        pie = chart._chartSpace.find(f".//{{{C}}}pieChart")  # type: ignore[attr-defined]
        pie.tag = f"{{{C}}}pie3DChart"
        for angle in pie.findall(f"{{{C}}}firstSliceAng"):
            pie.remove(angle)
    show = (
        f'<c:showLegendKey val="0"/><c:showVal val="{show_val}"/><c:showCatName val="{show_cat}"/>'
        f'<c:showSerName val="0"/><c:showPercent val="{show_pct}"/><c:showBubbleSize val="0"/>'
    )
    _set_series_labels(chart, _labels_xml(f'<c:dLblPos val="ctr"/>{show}'))
    text = pypdf.PdfReader(str(_convert(prs, tmp_path))).pages[0].extract_text()
    return [line.strip() for line in text.splitlines() if line.strip()]


def test_a_pie_puts_category_and_percentage_on_two_lines(qapp: object, tmp_path: Path) -> None:
    # Office's default separator is a comma, but a line break for a pie's category name and percentage.
    for three_d in (False, True):
        lines = _pie_label_lines(tmp_path / str(three_d), "0", "1", "1", XL_CHART_TYPE.PIE, three_d)
        assert "North" in lines and "75%" in lines and "South" in lines and "25%" in lines, lines
        assert not any("," in line for line in lines), lines


def test_other_label_contents_keep_the_comma(qapp: object, tmp_path: Path) -> None:
    lines = _pie_label_lines(tmp_path, "1", "1", "0", XL_CHART_TYPE.PIE)
    assert "North, 3" in lines and "South, 1" in lines, lines
    lines = _pie_label_lines(tmp_path, "1", "1", "0", XL_CHART_TYPE.COLUMN_CLUSTERED)
    assert "North, 3" in lines, lines


def test_chart_text_with_cap_all_is_drawn_in_capitals(qapp: object, tmp_path: Path) -> None:
    prs, chart = _chart(XL_CHART_TYPE.PIE, ["North", "South"], (3.0, 1.0))
    space = chart._chartSpace  # type: ignore[attr-defined]
    title = etree.fromstring(
        f'<c:title xmlns:c="{C}" xmlns:a="{A}"><c:tx><c:rich><a:bodyPr/><a:lstStyle/><a:p><a:pPr>'
        '<a:defRPr sz="2000" cap="all"/></a:pPr><a:r><a:rPr lang="en-US"/><a:t>Mixed Case Title</a:t></a:r>'
        '</a:p></c:rich></c:tx><c:overlay val="0"/></c:title>'
    )
    space.find(f"{{{C}}}chart").insert(0, title)
    show = (
        '<c:showLegendKey val="0"/><c:showVal val="0"/><c:showCatName val="1"/><c:showSerName val="0"/>'
        '<c:showPercent val="0"/><c:showBubbleSize val="0"/>'
    )
    _set_series_labels(chart, _labels_xml(f'<c:dLblPos val="ctr"/>{show}'))
    text = pypdf.PdfReader(str(_convert(prs, tmp_path))).pages[0].extract_text()
    assert "MIXED CASE TITLE" in text and "Mixed Case Title" not in text
    # Text without cap="all" keeps its case.
    assert "North" in text and "NORTH" not in text
