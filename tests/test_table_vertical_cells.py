"""Vertical text in table cells (a:tcPr vert): the row grows to the text's length, as PowerPoint does."""

from __future__ import annotations

from pathlib import Path

import pytest
from pptx.util import Pt
from render_support import blank_slide, convert, new_deck, text_box

LEFT, TOP, COL = 72.0, 72.0, 144.0


@pytest.mark.parametrize("vert", ["vert", "vert270", "eaVert"])
def test_a_row_grows_to_fit_its_vertical_cell_text(qapp: object, tmp_path: Path, vert: str) -> None:
    # a:tr/@h is a minimum and rows grow to fit their text; a vertical cell's lines run along the
    # row's height, so the row grows to the longest line's length plus the cell's top and bottom
    # margins (3.6 pt each) instead of wrapping the text into a stack of short turned lines.
    prs = new_deck()
    frame = blank_slide(prs).shapes.add_table(2, 2, Pt(LEFT), Pt(TOP), Pt(2 * COL), Pt(40))
    table = frame.table
    tbl_pr = table._tbl.tblPr
    tbl_pr.remove(tbl_pr[0])  # no table style: the runs keep their own font
    for row in table.rows:
        row.height = Pt(20)
    for (r, c), text in {(0, 0): "Turned header text", (0, 1): "Plain", (1, 0): "Zone"}.items():
        cell = table.cell(r, c)
        cell.text = text
        for run in cell.text_frame.paragraphs[0].runs:
            run.font.size = Pt(18)
            run.font.name = "Arial"
    table.cell(0, 0)._tc.get_or_add_tcPr().set("vert", vert)
    pdf, _ = convert(prs, tmp_path)
    turned = text_box(pdf, "Turned header text")
    zone = text_box(pdf, "Zone")
    assert turned is not None and zone is not None
    # One turned line: a column about one type size wide and far longer than the 20 pt row.
    assert turned[2] - turned[0] < 24
    length = turned[3] - turned[1]
    assert length > 140
    # The row holds it: the text starts below the table's top, and the next row's text below it.
    assert turned[1] >= TOP + 2.0
    assert zone[1] > turned[3] + 3.0
    # ... without taking much more than the text's length and the margins.
    assert zone[1] - TOP < length + 7.2 + 12.0
