"""A table that is huge but legal: memory grows with its cells by about what the parsed slide
holds, not by copies of every cell's text kept for the whole table (a 500 x 500 table of numbers
peaked at 1.9 GB, past the pool's 1.5 GB limit: every cell's text body was copied into a document
of its own and every cell's style resolved into objects of its own, all held until painted)."""

from __future__ import annotations

from pathlib import Path

import hostile_support as hs
from corpus_support import run_slidepress_measured
from pypdf import PdfReader

SIDES = (60, 120)
# Peak growth per added cell, between the two tables. Before: 9.6 KiB (4.8 the copied bodies,
# 0.8 the styles, 2 more in finishing the page); then 4.5, of which the parsed slide held 1.7;
# now 2.4: both tables' rows are held as serialized blocks (worker/deck/table_rows.py: over
# 2,048 cells), ~0.2 KiB a cell, and most of the rest is the PDF page Qt holds until it ends.
KIB_PER_CELL = 3.5


def test_a_large_table_costs_little_more_memory_than_its_parsed_cells(tmp_path: Path) -> None:
    peaks = []
    for side in SIDES:
        target = tmp_path / f"table_{side}.pdf"
        measured = run_slidepress_measured("convert", hs.table(side)(tmp_path), target, timeout=300)
        assert measured.returncode == 0, measured.stderr[-2000:]
        peaks.append(measured.peak_rss_mib)
        assert len(PdfReader(target).pages) == 1
    # Every cell's number drawn (pypdf reads no more of a page than the smaller table's).
    words = PdfReader(tmp_path / f"table_{SIDES[0]}.pdf").pages[0].extract_text().split()
    assert words == [str(k) for k in range(1, SIDES[0] ** 2 + 1)]
    per_cell_kib = (peaks[1] - peaks[0]) * 1024 / (SIDES[1] ** 2 - SIDES[0] ** 2)
    assert per_cell_kib < KIB_PER_CELL, f"{per_cell_kib:.1f} KiB a cell (peaks {peaks[0]:.0f}, {peaks[1]:.0f} MiB)"
