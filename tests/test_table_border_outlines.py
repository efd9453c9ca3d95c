"""A table's cell edges share their outlines: a styled table repeats a few borders over all its
cells, and making an outline (fill, width, dashes, caps, ends read from the line's markup) for
each of a cell's four edges was most of what painting a large table's borders cost."""

from __future__ import annotations

from pathlib import Path

import hostile_support as hs
import pytest
from render_support import close, convert, count_calls, pixel, render_page

from worker.render import tables

SIDE = 12
COL_PT, ROW_PT = 9144000 // SIDE / 12700, 6858000 // SIDE / 12700
RED_LINE = '<a:{0} w="50800"><a:solidFill><a:srgbClr val="FF0000"/></a:solidFill></a:{0}>'


def _deck(folder: Path) -> Path:
    xml = hs.table_xml(SIDE)
    # Two cells (row 3, columns 4 and 7) with thick red edges of their own, in the order tcPr holds them.
    own = "".join(RED_LINE.format(name) for name in ("lnL", "lnR", "lnT", "lnB"))
    for k in (3 * SIDE + 4 + 1, 3 * SIDE + 7 + 1):
        cell_end = f"<a:t>{k}</a:t></a:r></a:p></a:txBody>"
        head, tail = xml.split(cell_end, 1)
        plain = '<a:tcPr marL="0" marR="0" marT="0" marB="0"/>'
        assert tail.startswith(plain)
        xml = head + cell_end + f'<a:tcPr marL="0" marR="0" marT="0" marB="0">{own}</a:tcPr>' + tail[len(plain) :]
    parts = hs.with_slide_tree(hs.parts_of(hs.base_deck()), xml)
    return hs.write_zip(folder / "bordered.pptx", parts)


def test_cells_with_the_same_edges_share_one_outline(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    made = count_calls(monkeypatch, tables, "make_outline")
    pdf, _ = convert(_deck(tmp_path), tmp_path)
    # Four edges of 144 cells made 576 outlines; the style has a few borders (outer and inside,
    # per region) and the two red cells' own lines are the same markup.
    assert len(made) <= 24, len(made)
    page = render_page(pdf, dpi=144)
    for col in (4, 7):
        left, top = col * COL_PT, 3 * ROW_PT
        # The right edge off its centre: the next cell's white left edge (1 pt) is drawn over it.
        for x, y in ((left, top + ROW_PT / 2), (left + COL_PT - 1.5, top + ROW_PT / 2), (left + COL_PT / 2, top)):
            assert close(pixel(page, x, y, 144), (255, 0, 0), 40), (col, x, y)
    # Elsewhere the style's white inside lines between its blue bands.
    assert close(pixel(page, 2 * COL_PT, 5.5 * ROW_PT, 144), (255, 255, 255), 40)
    inside = pixel(page, 2.5 * COL_PT, 5.5 * ROW_PT + 4, 144)
    assert inside[2] > inside[0] + 20, inside
