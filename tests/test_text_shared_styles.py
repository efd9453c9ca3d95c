"""Text bodies drawn with one colour resolver share resolved runs by what their styles say: bodies
whose styles differ only where a lookup reaches past the nearest element must not share them."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree
from PySide6.QtCore import QRectF
from text_support import make_context, pdf_chars, pdf_page_painter, styles_for, tx_body, xml

from worker.render.context import RenderContext
from worker.render.text import paint_text_body

TEXT = "iiiiiiiiii"
# The nearest list style names an empty typeface (passed over), so the typeface comes from the
# one below it: the folded chains hold the same nearest a:latin and differ only in that typeface.
NEAR = '<a:lstStyle><a:lvl1pPr><a:defRPr sz="2000"><a:latin typeface=""/></a:defRPr></a:lvl1pPr></a:lstStyle>'
FAR = '<a:lstStyle><a:lvl1pPr><a:defRPr><a:latin typeface="{}"/></a:defRPr></a:lvl1pPr></a:lstStyle>'


def _body() -> etree._Element:
    return tx_body(f"<a:p><a:r><a:rPr lang='en-US'/><a:t>{TEXT}</a:t></a:r></a:p>")


def _widths(path: Path, typefaces: list[str]) -> list[float]:
    """Paint one body per typeface, one below the other, with one context; the width of each."""
    ctx: RenderContext = make_context()
    with pdf_page_painter(path, ctx, (400.0, 300.0)) as painter:
        for row, typeface in enumerate(typefaces):
            body = _body()
            styles = styles_for(body, xml(NEAR), xml(FAR.format(typeface)))
            paint_text_body(painter, ctx, body, QRectF(10, 10 + 60 * row, 380, 50), styles)
    chars = [box for ch, box in pdf_chars(path) if ch == "i"]
    assert len(chars) == len(TEXT) * len(typefaces)
    widths = []
    for row in range(len(typefaces)):
        boxes = chars[row * len(TEXT) : (row + 1) * len(TEXT)]
        widths.append(boxes[-1][2] - boxes[0][0])
    return widths


@pytest.mark.parametrize("order", [("Courier New", "Times New Roman"), ("Times New Roman", "Courier New")])
def test_bodies_differing_in_a_farther_typeface_keep_their_own(
    qapp: object, tmp_path: Path, order: tuple[str, str]
) -> None:
    alone = {face: _widths(tmp_path / f"alone{i}.pdf", [face])[0] for i, face in enumerate(order)}
    # A monospaced i is far wider than a proportional one: the two faces are told apart.
    assert alone["Courier New"] > 1.5 * alone["Times New Roman"]
    together = _widths(tmp_path / "together.pdf", list(order))
    for face, width in zip(order, together, strict=True):
        assert width == pytest.approx(alone[face], abs=0.5)
