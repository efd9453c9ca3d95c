"""u="words": the underline runs under the words, not under the spaces between them."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QRectF
from text_support import pixels, render_image, styles_for, tx_body


def _underline_row(kind: str) -> np.ndarray:
    """The lowest inked row of "ab    cd" (no descenders: it is the underline), dark as True."""
    body = tx_body(
        f'<a:p><a:r><a:rPr lang="en-US" sz="4000" u="{kind}"><a:latin typeface="Arial"/></a:rPr>'
        "<a:t>ab    cd</a:t></a:r></a:p>",
        '<a:bodyPr wrap="none"/>',
    )
    dark = pixels(render_image(body, QRectF(10, 10, 380, 100), styles_for(body))).min(axis=2) < 128
    rows = np.nonzero(dark.any(axis=1))[0]
    return dark[rows.max() - 1]


def test_words_underline_leaves_the_spaces_out() -> None:
    row = _underline_row("words")
    columns = np.nonzero(row)[0]
    # Two stretches with a gap as wide as the spaces between them.
    gaps = np.diff(columns)
    assert gaps.max() > 40
    assert (gaps > 1).sum() == 1


def test_single_underline_spans_the_spaces() -> None:
    columns = np.nonzero(_underline_row("sng"))[0]
    assert np.diff(columns).max() == 1
