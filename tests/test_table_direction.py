"""Table direction: right-to-left tables (tblPr/@rtl) and cells whose text runs vertically."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pptx.util import Inches, Pt
from render_support import blank_slide, close, convert, new_deck, pixel, render_page, text_box

ACCENT1 = (0x4F, 0x81, 0xBD)  # python-pptx's default theme


def _table(slide: Any, rows: int, cols: int, x: float, y: float, w: float, h: float) -> Any:
    frame = slide.shapes.add_table(rows, cols, Inches(x), Inches(y), Inches(w), Inches(h))
    table = frame.table
    for r in range(rows):
        for c in range(cols):
            cell = table.cell(r, c)
            cell.text_frame.text = f"r{r}c{c}"
            cell.text_frame.paragraphs[0].runs[0].font.size = Pt(14)
    return table


def test_a_right_to_left_table_puts_its_first_column_at_the_right(qapp: object, tmp_path: Path) -> None:
    prs = new_deck()
    slide = blank_slide(prs)
    # Medium Style 2 - Accent 1 with a first column: solid accent there, tinted body elsewhere.
    table = _table(slide, 3, 3, 1.0, 1.0, 6.0, 1.5)
    tbl_pr = table._tbl.tblPr
    tbl_pr.set("firstRow", "0")
    tbl_pr.set("bandRow", "0")
    tbl_pr.set("firstCol", "1")
    tbl_pr.set("rtl", "1")
    ltr = _table(slide, 3, 3, 1.0, 4.0, 6.0, 1.5)
    ltr._tbl.tblPr.set("firstCol", "1")
    pdf, _ = convert(prs, tmp_path)

    first, last = text_box(pdf, "r1c0"), text_box(pdf, "r1c2")
    assert first is not None and last is not None
    # Three 144 pt columns from x = 72 pt: grid column 0 spans 360-504 pt, column 2 72-216 pt.
    assert 360.0 < first[0] < 504.0
    assert 72.0 < last[0] < 216.0
    page = render_page(pdf)
    # The first column's solid accent sits at the right, the body's tint at the left.
    assert close(pixel(page, 72 + 5.5 * 72, 72 + 0.75 * 72), ACCENT1)
    assert not close(pixel(page, 72 + 0.5 * 72, 72 + 0.75 * 72), ACCENT1)
    # The left-to-right table below keeps its first column at the left.
    assert close(pixel(page, 72 + 0.5 * 72, 288 + 0.75 * 72), ACCENT1)


def test_a_group_stretches_a_tables_grid_but_not_its_text(qapp: object, tmp_path: Path) -> None:
    prs = new_deck()
    slide = blank_slide(prs)
    # Same table twice: loose at the top, and in a group whose child space is half as wide as
    # the group (the group doubles widths).
    _table(slide, 2, 2, 1.0, 0.5, 3.0, 0.8)
    grouped = slide.shapes.add_table(2, 2, Inches(1.0), Inches(3.0), Inches(3.0), Inches(0.8))
    for r in range(2):
        for c in range(2):
            cell = grouped.table.cell(r, c)
            cell.text_frame.text = f"c{c}r{r}"
            cell.text_frame.paragraphs[0].runs[0].font.size = Pt(14)
    group = slide.shapes.add_group_shape()
    group._element.append(grouped._element)
    xfrm = group._element.grpSpPr.get_or_add_xfrm()
    off, ext = xfrm.get_or_add_off(), xfrm.get_or_add_ext()
    off.x, off.y, ext.cx, ext.cy = Inches(1.0), Inches(3.0), Inches(6.0), Inches(0.8)
    ch_off, ch_ext = xfrm.get_or_add_chOff(), xfrm.get_or_add_chExt()
    ch_off.x, ch_off.y, ch_ext.cx, ch_ext.cy = Inches(1.0), Inches(3.0), Inches(3.0), Inches(0.8)
    pdf, _ = convert(prs, tmp_path)

    loose, stretched = text_box(pdf, "r1c0"), text_box(pdf, "c0r1")
    second = text_box(pdf, "c1r1")
    assert loose is not None and stretched is not None and second is not None
    # Glyphs keep their size: the words are as wide and as tall as in the loose table.
    assert abs((stretched[2] - stretched[0]) - (loose[2] - loose[0])) < 1.0
    assert abs((stretched[3] - stretched[1]) - (loose[3] - loose[1])) < 1.0
    # The columns double: the second column starts 3 in (216 pt) right of the first.
    assert abs((second[0] - stretched[0]) - 216.0) < 2.0
    # The body's tint reaches the group's right edge (x = 7 in), past the table's own 4 in.
    page = render_page(pdf)
    assert not close(pixel(page, 6.8 * 72, 3.0 * 72 + 0.6 * 72), (255, 255, 255), 6)
