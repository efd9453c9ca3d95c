"""Shapes in groups that stretch their child space unevenly are built at their size on the page:
rounded corners stay round, arrow heads keep the proportions their adjust values give at that
size, and text keeps its size."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
from pptx.chart.data import CategoryChartData
from pptx.enum.chart import XL_CHART_TYPE
from pptx.util import Pt
from render_support import (
    add_xml_shape,
    blank_slide,
    close,
    convert,
    mask_runs,
    new_deck,
    pixel,
    render_page,
    sp_xml,
    text_box,
)

EMU_PT = 12700
BLUE = (0, 0, 255)
WHITE = (255, 255, 255)
FILL = '<a:solidFill><a:srgbClr val="0000FF"/></a:solidFill>'


def _group(x: int, y: int, w: int, h: int, ch_w: int, ch_h: int, children: str, sid: int) -> str:
    """A group at (x, y) sized w x h pt whose child space is ch_w x ch_h pt from (0, 0)."""
    return (
        f'<p:grpSp <NS>><p:nvGrpSpPr><p:cNvPr id="{sid}" name="g{sid}"/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr>'
        f'<p:grpSpPr><a:xfrm><a:off x="{x * EMU_PT}" y="{y * EMU_PT}"/><a:ext cx="{w * EMU_PT}" cy="{h * EMU_PT}"/>'
        f'<a:chOff x="0" y="0"/><a:chExt cx="{ch_w * EMU_PT}" cy="{ch_h * EMU_PT}"/></a:xfrm></p:grpSpPr>'
        f"{children}</p:grpSp>"
    )


def _child(prst: str, w: int, h: int, sid: int, text: str = "") -> str:
    geometry = f'<a:prstGeom prst="{prst}"><a:avLst/></a:prstGeom>'
    return sp_xml(0, 0, w * EMU_PT, h * EMU_PT, geometry, fill=FILL, text=text, sid=sid).replace(
        "<p:sp <NS>>", "<p:sp>"
    )


def _corner_insets(page: Any, left: int, top: int, right: int) -> tuple[float, float]:
    """How far in from the box's top-left corner a rounded corner's fill begins, one point inside
    the top edge (along x) and one point inside the left edge (along y), in points (2 px a point)."""
    row = [close(page.getpixel((x, 2 * top + 2)), BLUE, 40) for x in range(2 * left, 2 * right)]
    column = [close(page.getpixel((2 * left + 2, y)), BLUE, 40) for y in range(2 * top, 2 * top + 120)]
    across, down = mask_runs(row), mask_runs(column)
    assert across and down
    return across[0][0] / 2, down[0][0] / 2


def test_a_round_rect_keeps_round_corners_in_unevenly_stretched_groups(tmp_path: Path) -> None:
    prs = new_deck(width_in=10.0)
    slide = blank_slide(prs)
    # 100 x 100 pt child space drawn 300 x 100 pt: three times as wide.
    add_xml_shape(slide, _group(36, 36, 300, 100, 100, 100, _child("roundRect", 100, 100, 11), 10))
    # Nested: an outer 3:1 group holds an inner 1:2 one; the page box is 150 x 100 pt.
    inner = _group(0, 0, 50, 100, 50, 50, _child("roundRect", 50, 50, 22), 21).replace("<p:grpSp <NS>>", "<p:grpSp>")
    add_xml_shape(slide, _group(36, 200, 300, 100, 100, 100, inner, 20))
    pdf, _ = convert(prs, tmp_path)
    page = render_page(pdf, dpi=144)
    # The default corner radius is a sixth of the shorter page side (16.7 pt for both boxes): one
    # point inside an edge the fill begins 11 pt from the corner, along x and along y alike.
    # Built in the child space and stretched, the first corner began 33 pt in along x and 13 pt
    # along y.
    for top, right in ((36, 336), (200, 186)):
        along_x, along_y = _corner_insets(page, 36, top, right)
        assert abs(along_x - along_y) <= 1.0, (top, along_x, along_y)
        assert abs(along_x - 11.0) <= 1.5, (top, along_x)


def test_an_arrow_head_is_sized_from_the_page_box_in_an_unevenly_stretched_group(tmp_path: Path) -> None:
    prs = new_deck(width_in=10.0)
    slide = blank_slide(prs)
    add_xml_shape(slide, _group(72, 72, 300, 100, 100, 100, _child("rightArrow", 100, 100, 11), 10))
    pdf, _ = convert(prs, tmp_path)
    page = render_page(pdf, dpi=72)
    # On the 300 x 100 pt page box the head is 50 pt long (adj2 50% of the shorter side) and the
    # shaft half as tall as the box (y 97-147). 45 pt before the tip (x 327) the head spans 45 pt
    # either side of the middle; a head stretched with the box would be 150 pt long and span
    # only 15 pt there.
    assert close(pixel(page, 327, 85), BLUE)
    assert close(pixel(page, 327, 159), BLUE)
    # The head starts 50 pt before the tip: above the shaft just before it is background.
    assert close(pixel(page, 317, 90), WHITE)
    assert close(pixel(page, 317, 122), BLUE)


def test_text_keeps_its_size_in_unevenly_stretched_groups(tmp_path: Path) -> None:
    prs = new_deck(width_in=10.0)
    slide = blank_slide(prs)

    def body(word: str) -> str:
        return (
            '<p:txBody><a:bodyPr wrap="none" anchor="ctr"/><a:lstStyle/><a:p><a:pPr algn="ctr"/><a:r>'
            f'<a:rPr lang="en-US" sz="2400"><a:latin typeface="Arial"/></a:rPr><a:t>{word}</a:t></a:r></a:p></p:txBody>'
        )

    def shape(word: str, sid: int) -> str:
        return _child("rect", 100, 100, sid, body(word))

    add_xml_shape(slide, _group(36, 36, 300, 100, 100, 100, shape("Wide", 11), 10))  # 3:1
    add_xml_shape(slide, _group(400, 36, 100, 300, 100, 100, shape("Tall", 21), 20))  # 1:3
    add_xml_shape(slide, sp_xml(36 * EMU_PT, 400 * EMU_PT, 100 * EMU_PT, 100 * EMU_PT, text=body("Flat"), sid=30))
    pdf, _ = convert(prs, tmp_path)
    boxes = {word: text_box(pdf, word) for word in ("Wide", "Tall", "Flat")}
    flat = boxes["Flat"]
    assert flat is not None
    flat_height = flat[3] - flat[1]
    for word in ("Wide", "Tall"):
        box = boxes[word]
        assert box is not None
        # Glyphs as tall as the same 24 pt text outside any group, centred in the page box.
        assert abs((box[3] - box[1]) - flat_height) <= 0.5, (word, box, flat)
    wide, tall = boxes["Wide"], boxes["Tall"]
    assert wide is not None and tall is not None
    assert abs((wide[0] + wide[2]) / 2 - 186) <= 2
    assert abs((tall[1] + tall[3]) / 2 - 186) <= 4


def _widths(pdf: Path, needle: str) -> list[float]:
    """The width in points of every match of ``needle`` on the first page."""
    doc = pdfium.PdfDocument(str(pdf))
    try:
        textpage = doc[0].get_textpage()
        searcher = textpage.search(needle, match_case=True, match_whole_word=True)
        widths = []
        while (found := searcher.get_next()) is not None:
            start, count = found
            boxes = [textpage.get_charbox(i) for i in range(start, start + count)]
            widths.append(max(b[2] for b in boxes) - min(b[0] for b in boxes))
        return widths
    finally:
        doc.close()


def test_a_chart_in_an_unevenly_stretched_group_is_laid_out_at_its_page_size(tmp_path: Path) -> None:
    prs = new_deck(width_in=10.0)
    slide = blank_slide(prs)
    data = CategoryChartData()
    data.categories = ["Quarter", "Rest"]
    data.add_series("Sales", (1, 3))
    # The same chart twice: 216 x 216 pt in a group drawing it 648 x 216 pt, and 648 x 216 pt plain.
    grouped = slide.shapes.add_chart(XL_CHART_TYPE.COLUMN_CLUSTERED, 0, 0, Pt(216), Pt(216), data)._element
    slide.shapes.add_chart(XL_CHART_TYPE.COLUMN_CLUSTERED, Pt(36), Pt(300), Pt(648), Pt(216), data)
    grouped.getparent().remove(grouped)
    group = add_xml_shape(slide, _group(36, 36, 648, 216, 216, 216, "", 10))
    group.append(grouped)
    pdf, _ = convert(prs, tmp_path)
    widths = _widths(pdf, "Quarter")
    # The category label is as wide in the group as in the plain chart; stretched with the group
    # it was three times as wide.
    assert len(widths) == 2
    assert abs(widths[0] - widths[1]) <= 0.5, widths
