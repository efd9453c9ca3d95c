"""cap="small": lowercase letters drawn as capitals in a smaller size, at their own advances."""

from __future__ import annotations

from PySide6.QtCore import QRectF
from text_support import ink_bounds, render_image, styles_for, tx_body


def _ink(text: str, cap: str) -> QRectF:
    body = tx_body(
        f'<a:p><a:r><a:rPr lang="en-US" sz="4000" cap="{cap}"><a:latin typeface="Arial"/></a:rPr>'
        f"<a:t>{text}</a:t></a:r></a:p>",
        '<a:bodyPr wrap="none"/>',
    )
    image = render_image(body, QRectF(10, 10, 380, 100), styles_for(body))
    bounds = ink_bounds(image)
    assert bounds is not None
    return bounds


def test_small_caps_letters_are_smaller_capitals_side_by_side() -> None:
    capitals = _ink("XXXX", "none")
    small = _ink("xxxx", "small")
    # Capitals' shape (an x's cap height is its ink height), about 70 % of the full size...
    assert 0.6 < small.height() / capitals.height() < 0.8
    # ...and the glyphs sit at the small advances instead of full-size glyphs overlapping.
    assert 0.6 < small.width() / capitals.width() < 0.8


def test_small_caps_keep_capitals_full_size() -> None:
    assert abs(_ink("XXXX", "small").height() - _ink("XXXX", "none").height()) <= 1.0
