"""A line break (a:br) ending a line of text does not size that line: the line is as tall as its
text. PowerPoint 365's PDF of qmd-to-pptx's demo deck: code lines of 14 pt Courier New runs, each
ended by an a:br whose rPr names no size (so it inherits the body's 32 pt), are 17.3 pt apart,
baseline to baseline, where a 32 pt line would take 38.4. A line holding only a break still takes
the break's size."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

from render_support import add_xml_shape, blank_slide, char_origins, convert, new_deck, sp_xml

_RUN = '<a:r><a:rPr lang="en-US" sz="1400"><a:latin typeface="Arial"/></a:rPr><a:t>{}</a:t></a:r>'
_BREAK = '<a:br><a:rPr lang="en-US" sz="3200"><a:latin typeface="Arial"/></a:rPr></a:br>'


def _baselines(tmp_path: Path, paragraph: str, name: str) -> list[float]:
    """Baselines (pt below the page top) of the lines of ``paragraph``, one per visible line."""
    body = (
        '<p:txBody><a:bodyPr wrap="square" lIns="0" tIns="0" rIns="0" bIns="0"><a:noAutofit/></a:bodyPr>'
        f"<a:lstStyle/>{paragraph}</p:txBody>"
    )
    prs = new_deck()
    add_xml_shape(blank_slide(prs), sp_xml(40 * 12700, 40 * 12700, 500 * 12700, 400 * 12700, text=body))
    pdf, _ = convert(prs, tmp_path, name=name)
    return sorted({round(y, 1) for ch, _x, y in char_origins(pdf) if ch.strip()})


def test_a_break_ending_a_line_of_text_does_not_size_it(tmp_path: Path) -> None:
    para = "<a:p>" + _BREAK.join(_RUN.format(w) for w in ("Alpha", "Beta", "Gamma")) + "</a:p>"
    lines = _baselines(tmp_path, para, "breaks")
    assert len(lines) == 3
    pitches = [b - a for a, b in pairwise(lines)]
    # single spacing of 14 pt text is 1.2 x 14 = 16.8 pt (whole-point baselines); before, 38-39 pt
    assert all(16.0 <= p <= 18.0 for p in pitches), pitches
    # the first baseline sits in a 14 pt line too: Arial's ascent share of 16.8 pt, not of 38.4
    assert lines[0] - 40.0 < 17.0, lines[0]


def test_a_line_holding_only_a_break_keeps_its_size(tmp_path: Path) -> None:
    para = "<a:p>" + _RUN.format("Alpha") + _BREAK + _BREAK + _RUN.format("Beta") + "</a:p>"
    first, last = _baselines(tmp_path, para, "empty-line")
    # Alpha's line (16.8) then the empty 32 pt line (38.4) before Beta's
    assert 16.8 + 38.4 - 2.0 <= last - first <= 16.8 + 38.4 + 2.0, last - first
