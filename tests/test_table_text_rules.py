"""Table cell text laid out as PowerPoint's native exports show, checked on the PDFs we render."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pptx.util import Pt
from render_support import blank_slide, convert, new_deck, word_origins

LEFT, TOP, COL = 72.0, 72.0, 144.0


def _baselines(pdf: Path) -> dict[str, tuple[float, float]]:
    """The first character of each word on page 1 -> (origin x, baseline below the page top)."""
    return word_origins(pdf)


def _fill(cell: Any, text: str) -> None:
    cell.text = text
    for para in cell.text_frame.paragraphs:
        for run in para.runs:
            run.font.size = Pt(18)
            run.font.name = "Arial"


def test_a_merged_cell_only_adds_what_its_rows_own_cells_leave_short(qapp: object, tmp_path: Path) -> None:
    # a:tr/@h is a minimum: a row grows to fit its cells' text (native PowerPoint exports,
    # github.com/developer0hye/office2pdf/issues/1253), lines 1.2 x size apart (#663) inside the
    # default 7.2 pt / 3.6 pt cell margins. A cell spanning rows needs the rows' total, not more:
    # here row 0 grows to 50.4 pt for its two-line cell and row 1 keeps its 30 pt, so the merged
    # cell's three lines (72 pt with margins) fit, and the third row starts 80.4 pt down. The
    # merged cell measured first used to grow row 1 by 22 pt before row 0 grew (102.4 pt).
    prs = new_deck()
    frame = blank_slide(prs).shapes.add_table(3, 2, Pt(LEFT), Pt(TOP), Pt(2 * COL), Pt(80))
    table = frame.table
    tbl_pr = table._tbl.tblPr
    tbl_pr.remove(tbl_pr[0])  # no table style, so the cells' text keeps the runs' own font
    for row, height in zip(table.rows, (20, 30, 20), strict=True):
        row.height = Pt(height)
    table.cell(0, 0).merge(table.cell(1, 0))
    _fill(table.cell(0, 0), "Aone\nAtwo\nAthree")
    _fill(table.cell(0, 1), "Bone\nBtwo")
    _fill(table.cell(1, 1), "Cone")
    _fill(table.cell(2, 0), "Zone")
    pdf, _ = convert(prs, tmp_path)
    at = _baselines(pdf)
    assert at["Bone"][0] == pytest.approx(LEFT + COL + 7.2, abs=0.05)  # marL 91440 EMU
    # Lines 21.6 pt apart, each baseline then on a whole point of the cell's body.
    assert at["Btwo"][1] - at["Bone"][1] == pytest.approx(21.6, abs=1.0)
    assert at["Athree"][1] - at["Aone"][1] == pytest.approx(43.2, abs=1.0)
    # Both first lines sit in top-anchored cells of the same font and margins: the rows above
    # "Zone" are all that separates them.
    assert at["Zone"][1] - at["Bone"][1] == pytest.approx(50.4 + 30.0, abs=0.05)
    assert at["Cone"][1] - at["Bone"][1] == pytest.approx(50.4, abs=0.05)
