"""Characters no font has: drawn as the .notdef box (as PowerPoint shows them) but never written as
text with glyph 0, which PDF/A forbids (ISO 19005-2 6.2.11.8) and which puts junk into the text layer."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
from pptx.chart.data import CategoryChartData
from pptx.enum.chart import XL_CHART_TYPE
from pptx.util import Inches, Pt
from pypdf import PdfReader
from pypdf.generic import ContentStream, DictionaryObject
from PySide6.QtCore import QRectF
from render_support import blank_slide, convert, new_deck, page_text, render_page, text_box
from test_metafile import emf, emr, ext_text_out, logfont, render_pdf, select
from test_pdf_archive import preflight_errors

from worker.engines.base import ConvertOptions

# A private-use character and an unassigned code point: no bundled or system font draws either.
UNCOVERED = "\ue000\u2fff"


def glyph_codes(pdf: Path) -> list[int]:
    """Every two-byte code the pages show in a composite (Type0) font, as Qt writes text."""
    reader = PdfReader(pdf)
    codes: list[int] = []
    for page in reader.pages:
        resources: Any = page["/Resources"].get_object()
        fonts = resources.get("/Font", DictionaryObject())
        content = ContentStream(page.get_contents(), reader)
        composite = False
        for operands, operator in content.operations:
            if operator == b"Tf":
                font: Any = fonts[operands[0]].get_object()
                composite = font.get("/Subtype") == "/Type0"
            elif operator in (b"Tj", b"TJ", b"'", b'"') and composite:
                shown = operands[0] if operator != b'"' else operands[2]
                for item in shown if operator == b"TJ" else [shown]:
                    if isinstance(item, bytes | str):
                        # pypdf decodes a string as text; the codes are in its original bytes.
                        data: bytes = getattr(item, "original_bytes", None) or str(item).encode("latin-1")
                        codes.extend(int.from_bytes(data[i : i + 2], "big") for i in range(0, len(data) - 1, 2))
    return codes


def ink_between(pdf: Path, first: str, second: str, dpi: float, gap: tuple[float, float]) -> int:
    """Dark pixels on ``first``'s line between the two words, ``gap`` points (left, right) in from them."""
    left_word, right_word = text_box(pdf, first), text_box(pdf, second)
    assert left_word is not None and right_word is not None
    page = np.asarray(render_page(pdf, dpi=dpi).convert("L"))
    scale = dpi / 72.0
    left, right = int((left_word[2] + gap[0]) * scale), int((right_word[0] - gap[1]) * scale)
    top, bottom = int(left_word[1] * scale), int(left_word[3] * scale)
    return int((page[top:bottom, left:right] < 100).sum())


def test_an_uncovered_character_is_a_drawn_box_not_glyph_zero_text(tmp_path: Path) -> None:
    prs = new_deck()
    box = blank_slide(prs).shapes.add_textbox(Inches(1), Inches(1), Inches(8), Inches(1.5))
    run = box.text_frame.paragraphs[0].add_run()
    run.text = f"Before {UNCOVERED} after"
    run.font.size = Pt(40)
    run.font.name = "Calibri"
    run.font.underline = True
    pdf, _ = convert(prs, tmp_path, "plain")
    archival, _ = convert(prs, tmp_path, "archival", ConvertOptions(pdf_a=True))

    for out in (pdf, archival):
        codes = glyph_codes(out)
        assert codes and 0 not in codes
        assert "Before" in page_text(out) and "after" in page_text(out)
    # The boxes are drawn between the words, in the text's colour (black), on the text's line.
    assert ink_between(pdf, "Before", "after", dpi=144, gap=(10, 5)) > 40
    errors = preflight_errors(archival)
    assert not errors, errors


def test_chart_text_with_an_uncovered_character_keeps_glyph_zero_out_of_the_text(tmp_path: Path) -> None:
    prs = new_deck()
    data = CategoryChartData()
    data.categories = [f"North {UNCOVERED}", "South"]
    data.add_series("Sales", (3.0, 5.0))
    blank_slide(prs).shapes.add_chart(XL_CHART_TYPE.COLUMN_CLUSTERED, Inches(1), Inches(1), Inches(8), Inches(5), data)
    pdf, _ = convert(prs, tmp_path, "chart", ConvertOptions(pdf_a=True))
    codes = glyph_codes(pdf)
    assert codes and 0 not in codes
    assert "North" in page_text(pdf) and "South" in page_text(pdf)
    errors = preflight_errors(pdf)
    assert not errors, errors


def test_metafile_text_with_an_uncovered_character_keeps_its_words_and_draws_the_box(
    qapp: object, tmp_path: Path
) -> None:
    blob = emf(
        logfont(1, -20, "Arial"),
        select(1),
        emr(18, 1),  # transparent background
        emr(22, 24),  # TA_BASELINE
        ext_text_out(10, 60, f"Hi {UNCOVERED} there"),
        size_px=200,
    )
    out = tmp_path / "emf_text.pdf"
    assert render_pdf(out, blob, QRectF(50, 50, 100, 100))
    codes = glyph_codes(out)
    assert codes and 0 not in codes
    assert "Hi" in page_text(out) and "there" in page_text(out)
    # The boxes stand between the words, on their line: the words keep the metafile's spacing.
    assert ink_between(out, "Hi", "there", dpi=288, gap=(1, 1)) > 10
