"""algn="dist": every line, the last and a lone one too, spread over the whole width between its
characters (PowerPoint's Distributed alignment, 均等割り付け)."""

from __future__ import annotations

import itertools
from pathlib import Path

from PySide6.QtCore import QRectF
from text_support import pdf_chars, render_pdf, styles_for, tx_body

_LEFT, _WIDTH = 20.0, 300.0  # the box; zero insets


def _chars(
    tmp_path: Path, text: str, align: str, font: str = "Arial", lang: str = "en-US", slot: str = "ea"
) -> list[tuple[str, tuple[float, ...]]]:
    """The inked characters of one 20 pt line of ``text`` in ``font`` (Latin and ``slot``)."""
    body = tx_body(
        f'<a:p><a:pPr algn="{align}"/><a:r><a:rPr lang="{lang}" sz="2000"><a:latin typeface="{font}"/>'
        f'<a:{slot} typeface="{font}"/></a:rPr><a:t>{text}</a:t></a:r></a:p>',
        '<a:bodyPr lIns="0" rIns="0" wrap="square"/>',
    )
    pdf = tmp_path / f"{align}.pdf"
    render_pdf(pdf, body, QRectF(_LEFT, 20, _WIDTH, 100), styles_for(body))
    return [(ch, box) for ch, box in pdf_chars(pdf) if ch.strip()]


def test_a_single_line_fills_the_width(tmp_path: Path) -> None:
    chars = _chars(tmp_path, "ABCD", "dist")
    assert [ch for ch, _ in chars] == list("ABCD")
    assert abs(chars[0][1][0] - _LEFT) < 1.0
    assert abs(chars[-1][1][2] - (_LEFT + _WIDTH)) < 1.5
    # The gaps between the letters are equal.
    gaps = [b[1][0] - a[1][2] for a, b in itertools.pairwise(chars)]
    assert max(gaps) - min(gaps) < 1.5 and min(gaps) > 50


def test_east_asian_characters_are_spread(tmp_path: Path) -> None:
    chars = _chars(tmp_path, "日本語", "dist", "MS Gothic")
    assert len(chars) == 3
    assert abs(chars[0][1][0] - _LEFT) < 1.5
    assert abs(chars[-1][1][2] - (_LEFT + _WIDTH)) < 1.5


def test_a_lone_character_is_centred(tmp_path: Path) -> None:
    ((_, box),) = _chars(tmp_path, "W", "dist")
    assert abs((box[0] + box[2]) / 2 - (_LEFT + _WIDTH / 2)) < 1.5


def test_justified_last_line_stays_natural(tmp_path: Path) -> None:
    chars = _chars(tmp_path, "ABCD", "just")
    assert chars[-1][1][2] < _LEFT + 100


def test_glyphs_of_a_fallback_font_spread_in_their_order(tmp_path: Path) -> None:
    # Tahoma's stand-in (DejaVu Sans Condensed) has no Thai: the words come from a fallback font
    # and the spaces from the stand-in, runs Qt used to give wrong string indexes, so the second
    # word was left where it stood, over the first one's spread letters.
    words = ["กขคง", "จฉชซ", "ฌญฎฏ"]
    chars = _chars(tmp_path, " ".join(words), "dist", "Tahoma", "th-TH", "cs")
    assert "".join(ch for ch, _ in chars) == "".join(words)
    lefts = [box[0] for _, box in chars]
    assert lefts == sorted(lefts)
    assert abs(chars[0][1][0] - _LEFT) < 1.0
    assert abs(chars[-1][1][2] - (_LEFT + _WIDTH)) < 1.5
    # Every letter, the spaces' places included, one even step from the last.
    steps = [b[1][0] - a[1][2] for a, b in itertools.pairwise(chars)]
    inside = [s for i, s in enumerate(steps) if (i + 1) % 4]
    assert max(inside) - min(inside) < 1.5 and min(inside) > 5


def test_right_to_left_letters_spread_in_the_order_they_are_drawn(tmp_path: Path) -> None:
    # Found by the mutation fuzzer: each glyph moved right by the characters before it in the
    # text, and a right-to-left word's first letter is drawn at its right end, so Hebrew letters
    # (here from a fallback font: Calibri's stand-in has none) moved towards and over each other.
    for text in ("שלום עברית", "שלום עברית 日本語"):
        boxes = sorted(box for _ch, box in _chars(tmp_path, text, "dist", "Calibri", "he-IL", "cs"))
        assert len(boxes) == len(text.replace(" ", "")), text
        assert abs(boxes[0][0] - _LEFT) < 1.5, (text, boxes)
        assert abs(boxes[-1][2] - (_LEFT + _WIDTH)) < 1.5, (text, boxes)
        # No letter over its neighbour: the spread opens more than 5 pt between any two.
        steps = [b[0] - a[2] for a, b in itertools.pairwise(boxes)]
        assert min(steps) > 5, (text, steps)
