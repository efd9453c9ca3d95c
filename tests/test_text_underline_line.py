"""a:uLn, the underline's own stroke: its width and fill (ECMA-376 21.1.2.3.14), and a:uLnTx /
a:uFillTx, which make a run's underline follow its text again over an inherited a:uLn / a:uFill."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QRectF
from text_support import pixels, render_image, styles_for, tx_body

SCALE = 4.0  # pixels per point
RED = '<a:solidFill><a:srgbClr val="FF0000"/></a:solidFill>'
BLUE = '<a:solidFill><a:srgbClr val="0000FF"/></a:solidFill>'


def _image(r_pr_inner: str, u: str = "sng", lst: str = "<a:lstStyle/>") -> np.ndarray:
    # Black 40 pt "mmmm": no descenders, so anything coloured under the baseline is the underline.
    body = tx_body(
        f'<a:p><a:r><a:rPr lang="en-US" sz="4000" u="{u}">{r_pr_inner}'
        '<a:solidFill><a:srgbClr val="000000"/></a:solidFill><a:latin typeface="Arial"/></a:rPr>'
        "<a:t>mmmm</a:t></a:r></a:p>",
        '<a:bodyPr wrap="none"/>',
        lst,
    )
    return pixels(render_image(body, QRectF(10, 10, 380, 100), styles_for(body), scale=SCALE))


def _rows(image: np.ndarray, color: tuple[int, int, int]) -> int:
    """Rows of the text's middle column that are ``color`` (within a tolerance): a line's width."""
    column = image[:, image.shape[1] // 4].astype(int)
    return int((np.abs(column - np.array(color)).max(axis=1) < 60).sum())


def test_the_underline_stroke_sets_its_width_and_colour() -> None:
    plain = _image("")
    stroked = _image(f'<a:uLn w="50800">{RED}</a:uLn>')  # 4 pt
    assert _rows(plain, (255, 0, 0)) == 0
    assert _rows(stroked, (255, 0, 0)) / SCALE == pytest.approx(4.0, abs=0.5)


def test_the_underline_fill_wins_over_the_strokes_fill() -> None:
    both = _image(f'<a:uLn w="25400">{RED}</a:uLn><a:uFill>{BLUE}</a:uFill>')
    assert _rows(both, (0, 0, 255)) / SCALE == pytest.approx(2.0, abs=0.5)
    assert _rows(both, (255, 0, 0)) == 0


def test_an_unfilled_stroke_draws_no_underline() -> None:
    hidden, shown = _image('<a:uLn w="50800"><a:noFill/></a:uLn>'), _image('<a:uLn w="50800"/>')
    dark = (0, 0, 0)
    # The glyphs' stems are black too: compare against the same column with the line drawn.
    assert _rows(shown, dark) - _rows(hidden, dark) >= 3.5 * SCALE


def test_follow_text_elements_undo_an_inherited_stroke_and_fill() -> None:
    inherited = (
        f'<a:lstStyle><a:lvl1pPr><a:defRPr><a:uLn w="50800">{RED}</a:uLn><a:uFill>{RED}</a:uFill>'
        "</a:defRPr></a:lvl1pPr></a:lstStyle>"
    )
    assert _rows(_image("", lst=inherited), (255, 0, 0)) / SCALE >= 3.5
    followed = _image("<a:uLnTx/><a:uFillTx/>", lst=inherited)
    assert _rows(followed, (255, 0, 0)) == 0


def _runs(kind: str) -> list[int]:
    """Lengths (pixels) of the red underline's dashes along its middle row, ends left out."""
    image = _image(f"<a:uFill>{RED}</a:uFill>", u=kind)
    red = np.abs(image.astype(int) - np.array((255, 0, 0))).max(axis=2) < 60
    row = red[np.argmax(red.sum(axis=1))]
    edges = np.diff(np.concatenate(([0], row.astype(int), [0])))
    starts, ends = np.nonzero(edges == 1)[0], np.nonzero(edges == -1)[0]
    return [int(e - s) for s, e in zip(starts, ends, strict=True)][1:-1]


def test_long_dashes_are_longer_than_dashes() -> None:
    assert min(_runs("dashLong")) > 1.5 * max(_runs("dash"))


def test_dot_dot_dash_has_two_dots_to_each_dash() -> None:
    runs = _runs("dotDotDash")
    longest = max(runs)
    dots = sum(1 for r in runs if r < longest / 2)
    dashes = len(runs) - dots
    assert dots == pytest.approx(2 * dashes, abs=2)
