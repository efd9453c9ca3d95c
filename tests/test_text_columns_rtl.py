"""bodyPr rtlCol: text columns (numCol) fill from the right-hand column leftwards."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRectF
from text_support import pdf_chars, render_pdf, styles_for, tx_body


def _first_x(tmp_path: Path, rtl_col: str) -> dict[str, float]:
    """Where each paragraph's first letter starts: paragraphs AAA, BBB, ... HHH in two columns."""
    paras = "".join(
        f'<a:p><a:r><a:rPr lang="en-US" sz="2000"><a:latin typeface="Arial"/></a:rPr><a:t>{c}{c}{c}</a:t></a:r></a:p>'
        for c in "ABCDEFGH"
    )
    body = tx_body(paras, f'<a:bodyPr wrap="square" numCol="2" spcCol="254000" {rtl_col}/>')
    pdf = tmp_path / "cols.pdf"
    # 8 lines of 24 pt do not fit 100 pt: half of them go to the second column.
    render_pdf(pdf, body, QRectF(20, 20, 360, 110), styles_for(body))
    first: dict[str, float] = {}
    for ch, box in pdf_chars(pdf):
        first.setdefault(ch, box[0])
    return first


def test_rtl_columns_start_on_the_right(tmp_path: Path) -> None:
    x = _first_x(tmp_path, 'rtlCol="1"')
    middle = 20 + 180
    assert x["A"] > middle  # the first paragraph: right-hand column
    assert x["H"] < middle  # the last: carried over to the left-hand one


def test_columns_start_on_the_left_by_default(tmp_path: Path) -> None:
    x = _first_x(tmp_path, "")
    middle = 20 + 180
    assert x["A"] < middle < x["H"]
