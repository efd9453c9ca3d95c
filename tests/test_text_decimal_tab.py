"""Decimal tab stops (a:tab algn="dec"): the number's decimal point sits on the stop."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRectF
from text_support import pdf_chars, render_pdf, styles_for, tx_body

_STOP = 2540000  # 200 pt


def _para(text: str) -> str:
    return (
        f'<a:p><a:pPr><a:tabLst><a:tab pos="{_STOP}" algn="dec"/></a:tabLst></a:pPr>'
        f'<a:r><a:rPr lang="en-US" sz="2000"><a:latin typeface="Arial"/></a:rPr><a:t>{text}</a:t></a:r></a:p>'
    )


def test_decimal_points_line_up_on_the_stop(tmp_path: Path) -> None:
    body = tx_body(_para("\t12.5") + _para("\t1234.567") + _para("x\t3"), '<a:bodyPr lIns="0" wrap="square"/>')
    pdf = tmp_path / "dec.pdf"
    render_pdf(pdf, body, QRectF(20, 20, 360, 200), styles_for(body))
    chars = pdf_chars(pdf)
    points = [box for ch, box in chars if ch == "."]
    assert len(points) == 2
    stop = 20 + 200
    for left, _bottom, _right, _top in points:
        assert abs(left - stop) < 1.5, points
    # No decimal point: the number ends on the stop, as if its point followed it.
    three = [box for ch, box in chars if ch == "3"][-1]  # the third line's
    assert abs(three[2] - stop) < 1.5, three
    # The digits before the point are to its left.
    ones = [box for ch, box in chars if ch == "1"]
    assert all(box[2] <= stop + 0.5 for box in ones)
