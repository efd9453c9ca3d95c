"""Runs in one font share its layout character format (layout._char_format, by font and letter
spacing): a run with letter spacing (a:rPr spc) keeps it, and the same font without spacing does not
take it on, whichever of the two is laid out first, in one deck or across decks in one process."""

from __future__ import annotations

from pathlib import Path

import pytest
from pptx.util import Inches, Pt
from render_support import blank_slide, convert, new_deck
from text_support import pdf_chars

SPACED = 6.0  # points of a:rPr spc="600" between characters


def _deck(spaced_first: bool) -> object:
    """Three text boxes, each a paragraph of two runs in one font (so the layout takes formats):
    plain, spaced, plain (or spaced, plain, spaced)."""
    prs = new_deck()
    slide = blank_slide(prs)
    kinds = [True, False, True] if spaced_first else [False, True, False]
    for row, spaced in enumerate(kinds):
        box = slide.shapes.add_textbox(Inches(0.5), Inches(0.5 + 1.2 * row), Inches(9), Inches(1))
        paragraph = box.text_frame.paragraphs[0]
        for text in (f"Lead{row}", f"WWWWW{row}"):
            run = paragraph.add_run()
            run.text = text
            run.font.name = "Arial"
            run.font.size = Pt(20)
            if spaced:
                run.font._rPr.set("spc", str(int(SPACED * 100)))
    return prs


def _widths(pdf: Path) -> list[float]:
    """The span of each box's five W, top box first (PDF y grows upwards)."""
    rows: dict[int, list[tuple[float, float, float, float]]] = {}
    for ch, box in pdf_chars(pdf):
        if ch == "W":
            rows.setdefault(round(box[1]), []).append(box)
    assert len(rows) == 3 and all(len(boxes) == 5 for boxes in rows.values())
    return [rows[y][-1][2] - rows[y][0][0] for y in sorted(rows, reverse=True)]


@pytest.mark.parametrize("spaced_first", [False, True])
def test_letter_spacing_stays_with_its_runs(tmp_path: Path, spaced_first: bool) -> None:
    pdf, _ = convert(_deck(spaced_first), tmp_path, name=f"spaced{spaced_first}")
    widths = _widths(pdf)
    spaced = [w for w, s in zip(widths, [spaced_first, not spaced_first, spaced_first], strict=True) if s]
    plain = [w for w, s in zip(widths, [spaced_first, not spaced_first, spaced_first], strict=True) if not s]
    # From the first W's left to the fifth's right: four gaps of 6 pt more.
    for wide in spaced:
        for narrow in plain:
            assert wide - narrow == pytest.approx(4 * SPACED, abs=1.0)
    assert max(widths[0], widths[2]) - min(widths[0], widths[2]) < 0.5  # the same kind alike
