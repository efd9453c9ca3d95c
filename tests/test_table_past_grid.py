"""Tables whose cells reach past their grid (damaged decks, found by the mutation fuzzer).

A cell whose rowSpan or gridSpan reaches past the table ends at the table's edge, as PowerPoint
draws it. A damaged rowSpan of 2**31 (found by the mutation fuzzer) was walked row by row while
the table style's regions were looked up for the cell: the conversion never ended. Cells in a
row longer than the a:tblGrid have no column to go in: they were left out without a word."""

from __future__ import annotations

from pathlib import Path

from corpus_support import run_slidepress_measured
from pptx.dml.color import RGBColor
from pptx.util import Inches
from render_support import blank_slide, close, convert, new_deck, page_text, pixel, render_page

RED = (220, 30, 30)


def _deck(tmp_path: Path, row_span: str, grid_span: str) -> Path:
    prs = new_deck()
    slide = blank_slide(prs)
    # 3 x 3 cells of 1 inch at (1 in, 1 in): cell (1, 1) spans the rest of the table.
    table = slide.shapes.add_table(3, 3, Inches(1), Inches(1), Inches(3), Inches(3)).table
    for row in table.rows:
        row.height = Inches(1)
    for column in table.columns:
        column.width = Inches(1)
    cell = table.cell(1, 1)
    cell.text = "SPAN"
    cell.fill.solid()
    cell.fill.fore_color.rgb = RGBColor(*RED)
    tc = cell._tc
    tc.set("rowSpan", row_span)
    tc.set("gridSpan", grid_span)
    table.cell(1, 2)._tc.set("hMerge", "1")
    table.cell(2, 1)._tc.set("vMerge", "1")
    table.cell(2, 2)._tc.set("hMerge", "1")
    table.cell(2, 2)._tc.set("vMerge", "1")
    source = tmp_path / f"span_{row_span}_{grid_span}.pptx"
    prs.save(str(source))
    return source


def test_spans_past_the_table_end_at_its_edge_and_convert_promptly(tmp_path: Path) -> None:
    for row_span, grid_span in (("2147483648", "1"), ("2", "2147483647"), ("99999999", "99999999")):
        source = _deck(tmp_path, row_span, grid_span)
        target = source.with_suffix(".pdf")
        measured = run_slidepress_measured("convert", source, target, timeout=60)
        assert measured.returncode == 0, (row_span, grid_span, measured.returncode, measured.stderr[-2000:])
        assert "SPAN" in page_text(target)
        page = render_page(target)
        # The cell's fill reaches the table's last row (216..288 pt) where it spans it.
        assert close(pixel(page, 200, 160), RED, 30)
        if row_span != "1":
            assert close(pixel(page, 170, 260), RED, 30)
        if grid_span != "1":
            assert close(pixel(page, 260, 160), RED, 30)
        # Nothing is drawn past the table (its right edge is at 288 pt).
        assert pixel(page, 320, 160) == (255, 255, 255)


def test_cells_past_the_column_grid_are_told(tmp_path: Path) -> None:
    prs = new_deck()
    slide = blank_slide(prs)
    table = slide.shapes.add_table(2, 3, Inches(1), Inches(1), Inches(3), Inches(2)).table
    for r in range(2):
        for c in range(3):
            table.cell(r, c).text = f"R{r}C{c}"
    grid = table._tbl.tblGrid
    grid.remove(grid[-1])  # two columns left for three cells a row
    pdf, result = convert(prs, tmp_path)
    text = page_text(pdf)
    assert all(f"R{r}C{c}" in text for r in range(2) for c in range(2)), text
    assert [w for w in result.warnings if "past the table's column grid" in w] == [
        "Slide 1: 2 table cell(s) lie past the table's column grid (2 column(s)) and were left out"
    ]
