"""Tables over table_rows.CUT_CELLS cells keep their rows as serialized blocks until they are read
(worker/deck/table_rows.py); they must draw exactly as the same table parsed whole does."""

from __future__ import annotations

from pathlib import Path

import hostile_support as hs
import pytest
from lxml import etree
from PIL import ImageChops
from pypdf import PdfReader
from render_support import convert, count_calls, render_page

from worker.deck import table_rows
from worker.deck.package import open_deck
from worker.deck.xml import A

_STYLE = "{5C22544A-7EE6-4342-B048-85BDC9FD1C3A}"  # Medium Style 2 - Accent 1: bands and borders


def _cell(r: int, c: int, side: int) -> str:
    """One cell of the merged table: spans, merges, own fills and lines and wrapped text."""
    attrs, props = "", ""
    if r % 7 == 1 and c % 5 == 0 and c + 1 < side:
        attrs = ' gridSpan="2"'
    elif r % 7 == 1 and c % 5 == 1:
        attrs = ' hMerge="1"'
    elif r % 9 == 3 and c % 4 == 2 and r + 2 < side:
        attrs = ' rowSpan="3"'
    elif r % 9 in (4, 5) and c % 4 == 2 and r > 3:
        attrs = ' vMerge="1"'
    if (r + c) % 3 == 0:
        props += f'<a:lnL w="{6350 * (1 + c % 3)}"><a:solidFill><a:srgbClr val="C00000"/></a:solidFill></a:lnL>'
    if (r * c) % 5 == 1:
        props += '<a:lnB w="19050"><a:solidFill><a:srgbClr val="00A000"/></a:solidFill><a:prstDash val="dash"/></a:lnB>'
    if (r + 2 * c) % 4 == 0:
        props += f'<a:solidFill><a:srgbClr val="{(r * 37) % 256:02X}{(c * 53) % 256:02X}90"/></a:solidFill>'
    # Every 11th cell's text is long enough to wrap and grow its row.
    words = f"{r}.{c}" + (" grows the row with words" if (r * side + c) % 11 == 0 else "")
    return (
        f'<a:tc{attrs}><a:txBody><a:bodyPr/><a:lstStyle/><a:p><a:r><a:rPr lang="en-US" sz="500"/>'
        f'<a:t>{words}</a:t></a:r></a:p></a:txBody><a:tcPr marL="0" marR="0" marT="0" marB="0">{props}</a:tcPr></a:tc>'
    )


def _merged_table(folder: Path, side: int) -> Path:
    width, height = 9144000 // side, 6858000 // side // 2
    rows = "".join(f'<a:tr h="{height}">{"".join(_cell(r, c, side) for c in range(side))}</a:tr>' for r in range(side))
    grid = f'<a:gridCol w="{width}"/>' * side
    frame = (
        '<p:graphicFrame><p:nvGraphicFramePr><p:cNvPr id="4" name="Table"/><p:cNvGraphicFramePr>'
        '<a:graphicFrameLocks noGrp="1"/></p:cNvGraphicFramePr><p:nvPr/></p:nvGraphicFramePr>'
        f'<p:xfrm><a:off x="0" y="0"/><a:ext cx="{width * side}" cy="{height * side}"/></p:xfrm>'
        '<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/table"><a:tbl>'
        f'<a:tblPr firstRow="1" bandRow="1"><a:tableStyleId>{_STYLE}</a:tableStyleId></a:tblPr>'
        f"<a:tblGrid>{grid}</a:tblGrid>{rows}</a:tbl></a:graphicData></a:graphic>"
        "</p:graphicFrame>"
    )
    return hs.write_zip(folder / f"merged_{side}.pptx", hs.with_slide_tree(hs.parts_of(hs.base_deck()), frame))


def _parsed_cells(deck: Path) -> int:
    """How many a:tc elements the deck's first slide holds parsed once opened."""
    slide = open_deck(deck).presentation.slides[0]
    return sum(1 for _ in slide.part._element.iter(f"{{{A}}}tc"))


def test_a_huge_table_is_not_held_parsed(tmp_path: Path) -> None:
    # 3,600 cells: before, all of them parsed (~2.7 KB of nodes each) for as long as the deck was open.
    assert _parsed_cells(hs.table(60)(tmp_path)) <= 2048


@pytest.mark.parametrize("side", [45, 46])  # 2,025 cells (under CUT_CELLS) and 2,116 (over)
def test_a_cut_table_draws_as_the_parsed_table(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, side: int) -> None:
    deck = _merged_table(tmp_path, side)
    over = side * side > table_rows.CUT_CELLS
    assert (_parsed_cells(deck) < side * side) == over
    pages = {}
    # As the table comes (cut when over the threshold), then the other way round.
    for name, cut_cells in (("default", table_rows.CUT_CELLS), ("other", 10**9 if over else 0)):
        monkeypatch.setattr(table_rows, "CUT_CELLS", cut_cells)
        assert (_parsed_cells(deck) < side * side) == (side * side > cut_cells)
        pdf, result = convert(deck, tmp_path, name)
        assert result.slides == 1
        pages[name] = (render_page(pdf, dpi=100), PdfReader(pdf).pages[0].extract_text())
    assert pages["default"][1] == pages["other"][1]
    assert pages["default"][1].split().count("grows") > side * side // 12  # wrapped, so rows grew
    assert ImageChops.difference(pages["default"][0], pages["other"][0]).getbbox() is None


def test_every_cell_of_a_cut_table_reaches_the_pdf_in_order(tmp_path: Path) -> None:
    pdf, _ = convert(hs.table(50)(tmp_path), tmp_path)  # 2,500 cells: cut
    words = PdfReader(pdf).pages[0].extract_text().split()
    assert words == [str(k) for k in range(1, 2501)]


def test_searches_of_a_subtree_see_the_cut_rows() -> None:
    # An equation in the last cell of a cut table (PowerPoint writes such tables in an
    # mc:AlternateContent whose Choice is searched for a14:m).
    cells = "<a:tc><a:txBody><a:bodyPr/><a:p><a:r><a:t>x</a:t></a:r></a:p></a:txBody></a:tc>" * 100
    last = '<a:tc><a:txBody><a:bodyPr/><a:p><a14:m xmlns:a14="urn:a14"/></a:p></a:txBody></a:tc>'
    rows = f"<a:tr>{cells}</a:tr>" * 49 + f"<a:tr>{cells}{last}</a:tr>"
    xml = (
        f'<p:sld xmlns:a="{A}" xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"><p:cSld>'
        f"<p:spTree><a:tbl><a:tblGrid/>{rows}</a:tbl></p:spTree></p:cSld></p:sld>"
    ).encode()
    root = table_rows.parse_part(xml)
    tbl = next(root.iter(f"{{{A}}}tbl"))
    assert table_rows.has_cut_rows(tbl)
    assert next(root.iter("{*}m"), None) is None
    assert next(table_rows.iter_with_rows(root, "{*}m"), None) is not None
    rows_read = list(table_rows.table_rows(tbl))
    assert [len(tr) for tr in rows_read] == [100] * 49 + [101]
    assert table_rows.row_heights(tbl) == [None] * 50
    assert etree.tostring(rows_read[-1][-1]).count(b"a14:m") == 1


def test_an_entity_reference_in_a_cut_table_drops_only_itself(tmp_path: Path) -> None:
    """A reference to an entity the slide's DTD declares is left out, the text around it kept, as
    in any other text (Office files may not declare DTDs): the cut rows, parsed again without
    that DTD, used to fail and the whole table was left out."""
    parts = hs.with_slide_tree(
        hs.parts_of(hs.base_deck()), hs.table_xml(50).replace("<a:t>77</a:t>", "<a:t>A&co;B</a:t>")
    )
    head, rest = parts[hs.SLIDE1].decode().split("?>", 1)
    parts[hs.SLIDE1] = (head + '?><!DOCTYPE p:sld [<!ENTITY co "Company">]>' + rest).encode()
    deck = hs.write_zip(tmp_path / "entity.pptx", parts)
    assert _parsed_cells(deck) < 2500  # cut
    pdf, result = convert(deck, tmp_path)
    assert result.warnings == []
    words = PdfReader(pdf).pages[0].extract_text().split()
    assert words == [str(k) if k != 77 else "AB" for k in range(1, 2501)]


def test_each_cells_text_is_laid_out_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every cell is measured before any is painted; a cell's layout is kept until it is painted
    (before, a table of more than 64 cells laid every cell's text out twice), and a cut table's,
    whose cells are parsed anew for each pass, is not kept at all."""
    from worker.render import text

    calls = count_calls(monkeypatch, text, "layout_body")
    for side, cut in ((30, False), (50, True)):
        calls.clear()
        pdf, _ = convert(hs.table(side)(tmp_path), tmp_path, f"t{side}")
        assert len(calls) == side * side * (2 if cut else 1)
        assert len(PdfReader(pdf).pages[0].extract_text().split()) == side * side
    assert len(text._BUILDERS) <= text._BUILDER_CACHE_LIMIT  # the usual room again afterwards
