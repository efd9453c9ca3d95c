"""Lines that mix left-to-right and right-to-left runs are aligned on the span their glyphs take.

Qt's cursor positions at a direction change sit on the run boundary, so a line measured from them
came out a letter short: "abc שלום" centred stood about 7 pt right of the middle, right-aligned it
ran 15 pt past the edge, distributed it overshot by a letter (found by the mutation fuzzer)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QRectF
from text_support import pdf_chars, render_pdf, styles_for, tx_body

_LEFT, _WIDTH = 20.0, 300.0  # the box; zero insets
_HEBREW, _ARABIC = "\u05e9\u05dc\u05d5\u05dd", "\u0633\u0644\u0627\u0645"  # shalom, salam
_MIXES = [
    f"abc {_HEBREW}",
    f"{_HEBREW} abc",
    f"abc {_HEBREW} def",
    f"abc {_ARABIC}",
    f"{_ARABIC} abc",
    f"abc {_ARABIC} def",
    f"abc 123 {_HEBREW}",
]


def _boxes(tmp_path: Path, text: str, align: str, rtl: bool, height: float = 100.0) -> list[tuple[float, ...]]:
    """The boxes (left, bottom, right, top) of the inked characters of ``text`` at 20 pt in Arial
    (Liberation Sans, which has Hebrew; Arabic comes from a fallback font)."""
    body = tx_body(
        f'<a:p><a:pPr algn="{align}" rtl="{int(rtl)}"/><a:r><a:rPr lang="en-US" sz="2000">'
        f'<a:latin typeface="Arial"/><a:cs typeface="Arial"/></a:rPr><a:t>{text}</a:t></a:r></a:p>',
        '<a:bodyPr lIns="0" rIns="0" wrap="square"/>',
    )
    pdf = tmp_path / "line.pdf"
    render_pdf(pdf, body, QRectF(_LEFT, 20, _WIDTH, height), styles_for(body), page=(400.0, 40.0 + height))
    return [box for ch, box in pdf_chars(pdf) if ch.strip()]


def _ends(boxes: list[tuple[float, ...]]) -> tuple[float, float]:
    return min(b[0] for b in boxes), max(b[2] for b in boxes)


@pytest.mark.parametrize("rtl", [False, True], ids=["ltr", "rtl"])
@pytest.mark.parametrize("text", _MIXES)
def test_a_mixed_line_is_centred_and_flush_on_its_glyphs(tmp_path: Path, text: str, rtl: bool) -> None:
    left, right = _ends(_boxes(tmp_path, text, "l", rtl))
    extent = right - left  # the glyphs' advances, as drawn
    assert 40 < extent < 160, (text, extent)
    left, right = _ends(_boxes(tmp_path, text, "ctr", rtl))
    assert right - left == pytest.approx(extent, abs=0.05)
    assert (left + right) / 2 == pytest.approx(_LEFT + _WIDTH / 2, abs=0.5), (text, left, right)
    left, right = _ends(_boxes(tmp_path, text, "r", rtl))
    assert right == pytest.approx(_LEFT + _WIDTH, abs=0.5), (text, left, right)
    assert right - left == pytest.approx(extent, abs=0.05)


@pytest.mark.parametrize("text", _MIXES)
def test_a_distributed_mixed_line_reaches_both_edges(tmp_path: Path, text: str) -> None:
    left, right = _ends(_boxes(tmp_path, text, "dist", False))
    assert left == pytest.approx(_LEFT, abs=0.5), (text, left)
    assert right == pytest.approx(_LEFT + _WIDTH, abs=0.5), (text, right)


@pytest.mark.parametrize("rtl", [False, True], ids=["ltr", "rtl"])
def test_wrapped_mixed_lines_are_centred(tmp_path: Path, rtl: bool) -> None:
    text = " ".join([f"abc {_HEBREW} def \u05e2\u05d1\u05e8\u05d9\u05ea"] * 6)  # ivrit
    boxes = sorted(_boxes(tmp_path, text, "ctr", rtl, height=300.0), key=lambda b: -(b[1] + b[3]))
    lines: list[list[tuple[float, ...]]] = []
    for box in boxes:  # top to bottom; one font, so a line's boxes share their middle
        if lines and abs((lines[-1][0][1] + lines[-1][0][3]) - (box[1] + box[3])) < 2.0:
            lines[-1].append(box)
        else:
            lines.append([box])
    assert len(lines) >= 3
    for line in lines:
        left, right = _ends(line)
        assert (left + right) / 2 == pytest.approx(_LEFT + _WIDTH / 2, abs=0.5), (left, right)


@pytest.mark.parametrize("align", ["l", "ctr", "r"])
@pytest.mark.parametrize("text", [_HEBREW, f"{_HEBREW} {_ARABIC}", f"abc {_HEBREW}"])
def test_spaces_ending_a_right_to_left_paragraph_take_no_room(tmp_path: Path, text: str, align: str) -> None:
    # PowerPoint gives paragraph-final spaces no advance (as on left-to-right lines); Qt sets them
    # on a right-to-left line's left, where they pushed left-aligned text a space right and
    # centred text half a space.
    bare = _ends(_boxes(tmp_path, text, align, True))
    for spaces in (" ", "   "):
        assert _ends(_boxes(tmp_path, text + spaces, align, True)) == pytest.approx(bare, abs=0.05), (spaces, align)
