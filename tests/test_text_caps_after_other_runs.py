"""cap="all" and cap="small" on a run that shares its paragraph with other runs (pandoc writes
[Small Caps]{.smallcaps} as one such run): Qt's QTextLayout ignores a capitalization given by a
format range, so the builder writes those letters as capitals itself."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRectF
from text_support import ink_bounds, render_image, styles_for, tx_body


def _width(second: str, cap: str) -> float:
    """Ink width of "and " (no cap) followed by ``second`` (with ``cap``), 40 pt Calibri."""
    font = '<a:latin typeface="Calibri"/>'
    body = tx_body(
        f'<a:p><a:r><a:rPr lang="en-US" sz="4000">{font}</a:rPr><a:t>and </a:t></a:r>'
        f'<a:r><a:rPr lang="en-US" sz="4000" cap="{cap}">{font}</a:rPr><a:t>{second}</a:t></a:r></a:p>',
        '<a:bodyPr wrap="none"/>',
    )
    bounds = ink_bounds(render_image(body, QRectF(10, 10, 580, 100), styles_for(body)))
    assert bounds is not None
    return bounds.width()


def test_all_caps_run_after_another_is_drawn_in_capitals() -> None:
    assert abs(_width("xxxx", "all") - _width("XXXX", "none")) <= 1.0
    assert _width("xxxx", "all") > _width("xxxx", "none") + 20


@pytest.mark.parametrize("letters", ["xxxx", "xXxX"])
def test_small_caps_run_after_another_is_drawn_as_smaller_capitals(letters: str) -> None:
    prefix = _width("", "none")
    small = _width(letters, "small") - prefix
    capitals = _width(letters.upper(), "none") - prefix
    lower = _width(letters, "none") - prefix
    assert small < capitals - 10  # smaller than full capitals (the lowercase ones)...
    assert abs(small - lower) > 5  # ...and not the lowercase letters themselves
    if letters == "xxxx":
        assert 0.6 < small / capitals < 0.8
