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
# Peak growth per added cell, between the two tables. Before: about 8.7 KiB (4.8 the copied
# bodies, 0.8 the styles); now about 3: the parsed slide holds 1.7 KiB a cell, the PDF page
# being written 0.7.
KIB_PER_CELL = 5.5


def table_xml(side: int, cell_text: str = "{}") -> str:
    """A graphic frame with a ``side`` x ``side`` styled table filling the slide, cell k holding k
    (1-based, row by row) in 1 pt text without margins, so no row grows and no number wraps."""
    width, height = 9144000 // side, 6858000 // side
    grid = f'<a:gridCol w="{width}"/>' * side
    rows = []
    for r in range(side):
        cells = "".join(
            '<a:tc><a:txBody><a:bodyPr/><a:lstStyle/><a:p><a:r><a:rPr lang="en-US" sz="100"/>'
            f"<a:t>{cell_text.format(r * side + c + 1)}</a:t></a:r></a:p></a:txBody>"
            '<a:tcPr marL="0" marR="0" marT="0" marB="0"/></a:tc>'
            for c in range(side)
        )
        rows.append(f'<a:tr h="{height}">{cells}</a:tr>')
    return (
        '<p:graphicFrame><p:nvGraphicFramePr><p:cNvPr id="4" name="Table"/><p:cNvGraphicFramePr>'
        '<a:graphicFrameLocks noGrp="1"/></p:cNvGraphicFramePr><p:nvPr/></p:nvGraphicFramePr>'
        f'<p:xfrm><a:off x="0" y="0"/><a:ext cx="{width * side}" cy="{height * side}"/></p:xfrm>'
        '<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/table"><a:tbl>'
        '<a:tblPr firstRow="1" bandRow="1"><a:tableStyleId>{5C22544A-7EE6-4342-B048-85BDC9FD1C3A}</a:tableStyleId>'
        f"</a:tblPr><a:tblGrid>{grid}</a:tblGrid>{''.join(rows)}</a:tbl></a:graphicData></a:graphic></p:graphicFrame>"
    )


def table_deck(folder: Path, side: int) -> Path:
    parts = hs.with_slide_tree(hs.parts_of(hs.base_deck()), table_xml(side))
    return hs.write_zip(folder / f"table_{side}.pptx", parts)


def test_a_large_table_costs_little_more_memory_than_its_parsed_cells(tmp_path: Path) -> None:
    peaks = []
    for side in SIDES:
        target = tmp_path / f"table_{side}.pdf"
        measured = run_slidepress_measured("convert", table_deck(tmp_path, side), target, timeout=300)
        assert measured.returncode == 0, measured.stderr[-2000:]
        peaks.append(measured.peak_rss_mib)
        assert len(PdfReader(target).pages) == 1
    # Every cell's number drawn (pypdf reads no more of a page than the smaller table's).
    words = PdfReader(tmp_path / f"table_{SIDES[0]}.pdf").pages[0].extract_text().split()
    assert words == [str(k) for k in range(1, SIDES[0] ** 2 + 1)]
    per_cell_kib = (peaks[1] - peaks[0]) * 1024 / (SIDES[1] ** 2 - SIDES[0] ** 2)
    assert per_cell_kib < KIB_PER_CELL, f"{per_cell_kib:.1f} KiB a cell (peaks {peaks[0]:.0f}, {peaks[1]:.0f} MiB)"
