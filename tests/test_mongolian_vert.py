"""bodyPr vert="mongolianVert": eaVert's turned lines, running from the box's left to its right."""

from __future__ import annotations

from pathlib import Path

from render_support import add_xml_shape, blank_slide, convert, new_deck, sp_xml, text_box

EMU_PT = 12700


def _body(vert: str, anchor: str) -> str:
    runs = "".join(
        f'<a:p><a:r><a:rPr lang="en-US" sz="2400"><a:latin typeface="Arial"/></a:rPr><a:t>{word}</a:t></a:r></a:p>'
        for word in ("Alpha", "Bravo")
    )
    return f'<p:txBody><a:bodyPr vert="{vert}" anchor="{anchor}" wrap="square"/><a:lstStyle/>{runs}</p:txBody>'


def test_mongolian_vert_lines_run_left_to_right_from_the_anchor(tmp_path: Path) -> None:
    cases = [("eaVert", "t"), ("mongolianVert", "t"), ("mongolianVert", "b")]
    decks = []
    for vert, anchor in cases:
        prs = new_deck()
        add_xml_shape(
            blank_slide(prs),
            sp_xml(100 * EMU_PT, 100 * EMU_PT, 300 * EMU_PT, 300 * EMU_PT, text=_body(vert, anchor)),
        )
        decks.append(convert(prs, tmp_path, name=f"{vert}-{anchor}")[0])
    boxes = []
    for pdf in decks:
        alpha, bravo = text_box(pdf, "Alpha"), text_box(pdf, "Bravo")
        assert alpha is not None and bravo is not None
        # Turned lines: each word stands taller than wide.
        assert alpha[3] - alpha[1] > alpha[2] - alpha[0]
        boxes.append((alpha, bravo))
    (ea_a, ea_b), (mt_a, mt_b), (mb_a, mb_b) = boxes
    # eaVert: the first line at the right (its top), the next to its left.
    assert ea_a[0] > ea_b[2] and ea_a[2] > 380
    # mongolianVert, anchored at the top: the first line at the left, its line band against the
    # left inset (7.2 pt; the ink a descent's width in from it); the next to its right.
    assert mt_a[2] < mt_b[0]
    assert 107.0 < mt_a[0] < 107.2 + 6.0
    # Anchored at the bottom: the block moves to the right, the first line still left of the next.
    assert mb_a[2] < mb_b[0] and mb_b[2] > 380
    # The words still read top to bottom from the same place along the line.
    assert abs(mt_a[1] - ea_a[1]) < 1.0
