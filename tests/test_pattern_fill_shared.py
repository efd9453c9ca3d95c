"""Shapes filled with the same preset pattern share one tile in the PDF.

Found by the mutation fuzzer (sixth round): a bar chart of 100,000 patterned bars built a new
8 x 8 tile for every bar, and the PDF held 100,000 pattern pictures (135 MB, 10 s of CPU); one
tile per pattern and colours now (34 MB, 6 s), the pixels unchanged."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader
from render_support import add_xml_shape, blank_slide, convert, new_deck, pixel, render_page, sp_xml


def _images(pdf: Path) -> int:
    """The image objects in the file (a pattern's tile is one)."""
    reader = PdfReader(pdf)
    numbers = {n for gens in reader.xref.values() for n in gens} | set(reader.xref_objStm)
    objects = [reader.get_object(n) for n in sorted(numbers)]
    return sum(1 for obj in objects if isinstance(obj, dict) and obj.get("/Subtype") == "/Image")


def test_forty_shapes_of_one_pattern_share_its_tile(tmp_path: Path) -> None:
    prs = new_deck()
    slide = blank_slide(prs)
    fill = (
        '<a:pattFill prst="dkDnDiag"><a:fgClr><a:srgbClr val="FF0000"/></a:fgClr>'
        '<a:bgClr><a:srgbClr val="0000FF"/></a:bgClr></a:pattFill>'
    )
    for i in range(40):
        x, y = 457200 + (i % 8) * 1000000, 457200 + (i // 8) * 1000000
        add_xml_shape(slide, sp_xml(x, y, 800000, 800000, fill=fill, sid=10 + i))
    pdf, _ = convert(prs, tmp_path)
    assert _images(pdf) <= 2, _images(pdf)  # 40 before
    page = render_page(pdf, dpi=288)
    # The pattern is still drawn: red and blue inside the first and the last square.
    for left, top in ((36.0, 36.0), (36 + 7 * 78.74, 36 + 4 * 78.74)):
        seen = {pixel(page, left + 10 + dx * 0.25, top + 20, 288) for dx in range(24)}
        assert any(r > 200 and b < 80 for r, _, b in seen) and any(b > 200 and r < 80 for r, _, b in seen), seen
