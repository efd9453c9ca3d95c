"""Character spacing (a:defRPr/a:rPr spc) in chart text: each character advances spc/100 pt
further, as native PowerPoint exports set axis labels under spc="100" (about 1 pt more per
character: github.com/developer0hye/office2pdf/issues/1011). Measured on the PDF's glyph boxes."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest
from lxml import etree
from pptx.enum.chart import XL_CHART_TYPE
from render_support import chart_in_points, convert, new_deck

A = "http://schemas.openxmlformats.org/drawingml/2006/main"
C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
LABEL = "Wxyzq"  # five characters: four gaps between the first glyph's left and the last's right


def _width(tmp_path: Path, spc: str | None, size: float, where: str) -> float:
    prs = new_deck()
    chart = chart_in_points(prs, XL_CHART_TYPE.COLUMN_CLUSTERED, (36, 36, 576, 400), [LABEL, "b"], (3.0, 5.0))
    if where == "axis":
        chart.category_axis.tick_labels.font.size = int(size * 12700)
        rpr = chart.category_axis._element.find(f"{{{C}}}txPr").find(f".//{{{A}}}defRPr")
    else:
        chart.has_title = True
        chart.chart_title.text_frame.text = LABEL
        run = chart.chart_title.text_frame.paragraphs[0].runs[0]
        run.font.size = int(size * 12700)
        rpr = run._r.find(f"{{{A}}}rPr")
    if spc is not None:
        rpr.set("spc", spc)
    etree.cleanup_namespaces(chart._chartSpace)
    pdf, _ = convert(prs, tmp_path, f"{where}{size}{spc}")
    return _ink_width(pdf, LABEL)


def _ink_width(pdf: Path, word: str) -> float:
    """From the left of ``word``'s first glyph to the right of its last: the PDF's characters,
    skipping the spaces a reader infers between widely spaced glyphs."""
    doc = pdfium.PdfDocument(str(pdf))
    try:
        page = doc[0].get_textpage()
        chars = [(page.get_text_range(i, 1), page.get_charbox(i)) for i in range(page.count_chars())]
    finally:
        doc.close()
    glyphs = [(c, box) for c, box in chars if c.strip()]
    text = "".join(c for c, _ in glyphs)
    start = text.index(word)
    return float(glyphs[start + len(word) - 1][1][2] - glyphs[start][1][0])


@pytest.mark.parametrize(("where", "size"), [("axis", 12), ("axis", 13.5), ("title", 20)])
def test_chart_text_takes_its_character_spacing(qapp: object, tmp_path: Path, where: str, size: float) -> None:
    plain = _width(tmp_path, None, size, where)
    spaced = _width(tmp_path, "300", size, where)  # 3 pt after each character
    assert spaced - plain == pytest.approx(4 * 3.0, abs=0.3)
    tight = _width(tmp_path, "-100", size, where)
    assert tight - plain == pytest.approx(4 * -1.0, abs=0.3)


def test_a_stand_in_scaled_to_its_typeface_keeps_its_scale_under_spacing(qapp: object, tmp_path: Path) -> None:
    """Segoe UI's stand-in is set as wide as Segoe UI (latin_widths): the spacing comes on top."""

    def width(spc: str | None) -> float:
        prs = new_deck()
        chart = chart_in_points(prs, XL_CHART_TYPE.COLUMN_CLUSTERED, (36, 36, 576, 400), [LABEL, "b"], (3.0, 5.0))
        font = chart.category_axis.tick_labels.font
        font.size, font.name = 14 * 12700, "Segoe UI"
        if spc is not None:
            chart.category_axis._element.find(f"{{{C}}}txPr").find(f".//{{{A}}}defRPr").set("spc", spc)
        pdf, _ = convert(prs, tmp_path, f"segoe{spc}")
        return _ink_width(pdf, LABEL)

    assert width("200") - width(None) == pytest.approx(4 * 2.0, abs=0.3)
