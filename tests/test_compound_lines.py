"""Compound outlines (a:ln/@cmpd): double and triple lines draw as separate rails."""

from __future__ import annotations

from pathlib import Path

from lxml import etree
from pptx.oxml.ns import qn
from pptx.util import Inches, Pt
from render_support import add_xml_shape, blank_slide, close, convert, new_deck, pixel, render_page, sp_xml

DPI = 288.0
WHITE, BLUE = (255, 255, 255), (0, 0, 255)
W = 152400  # 12 pt
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"


def _outline(compound: str) -> str:
    return f'<a:ln w="{W}" cmpd="{compound}"><a:solidFill><a:srgbClr val="0000FF"/></a:solidFill></a:ln>'


def test_double_and_triple_outlines_draw_separate_rails(qapp: object, tmp_path: Path) -> None:
    prs = new_deck()
    slide = blank_slide(prs)
    # Two rectangles whose top edges lie at y = 72 pt: "dbl" at x 72-216, "tri" at x 288-432.
    add_xml_shape(slide, sp_xml(914400, 914400, 1828800, 914400, line=_outline("dbl"), sid=10))
    add_xml_shape(slide, sp_xml(3657600, 914400, 1828800, 914400, line=_outline("tri"), sid=11))
    add_xml_shape(slide, sp_xml(914400, 3657600, 1828800, 914400, line=_outline("sng"), sid=12))
    pdf, _ = convert(prs, tmp_path)
    page = render_page(pdf, dpi=DPI)

    def at(x: float, y: float) -> tuple[int, int, int]:
        return pixel(page, x, y, DPI)

    # dbl, 1:1:1 across 12 pt: rails at 66-70 and 74-78 pt, a gap at 70-74 pt.
    assert close(at(144, 67.5), BLUE) and close(at(144, 76.5), BLUE)
    assert close(at(144, 72), WHITE)
    # tri, 1:1:2:1:1: a centre rail at 70-74, gaps at 68-70 and 74-76, outer rails beyond.
    assert close(at(360, 72), BLUE)
    assert close(at(360, 69), WHITE) and close(at(360, 75), WHITE)
    assert close(at(360, 66.7), BLUE) and close(at(360, 77.3), BLUE)
    # A single line stays solid across its width.
    assert close(at(144, 288), BLUE) and close(at(144, 284), BLUE) and close(at(144, 292), BLUE)


def test_a_double_border_runs_on_across_table_cells(qapp: object, tmp_path: Path) -> None:
    """Each cell strokes its own edge: the rails of a row's double border must meet end to end,
    not close into a bar at every column joint."""
    prs = new_deck()
    slide = blank_slide(prs)
    frame = slide.shapes.add_table(2, 2, Inches(1), Inches(1), Inches(4), Inches(1))
    table = frame.table
    table._tbl.tblPr.find(qn("a:tableStyleId")).text = "{2D5ABB26-0587-4C30-8999-92F81FD0307C}"
    for c in range(2):
        cell = table.cell(1, c)
        cell.text_frame.text = "x"
        cell.text_frame.paragraphs[0].runs[0].font.size = Pt(10)
        tc_pr = cell._tc.get_or_add_tcPr()
        line = f'<a:lnT xmlns:a="{_A}" w="{W}" cmpd="dbl"><a:solidFill><a:srgbClr val="0000FF"/></a:solidFill></a:lnT>'
        tc_pr.insert(0, etree.fromstring(line))
    pdf, _ = convert(prs, tmp_path)
    page = render_page(pdf, dpi=DPI)
    top = 72 + table.rows[0].height / 12700  # the second row's top edge, in points
    # The gap stays open at the joint of the two cells (x = 216 pt) as along each cell.
    for x in (144.0, 213.0, 216.0, 219.0, 288.0):
        assert close(pixel(page, x, top, DPI), WHITE), x
        assert close(pixel(page, x, top - 4.5, DPI), BLUE), x
