"""Text drawn into images (thumbnails, reflections, rastered text) at more than 64 device pixels a
glyph. Qt's raster engine fills such glyphs as outlines instead of drawing them from its glyph
cache, and from a raw font resized with QRawFont.setPixelSize (every fractional size: the layout's
engine is at a whole pixel, text.build.true_size) that branch drew nothing at all."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRectF
from text_support import ink_bounds, render_image, styles_for, tx_body


def _ink(size: int, scale: float) -> QRectF | None:
    """The ink of "and" in Calibri at ``size`` hundredths of a point, drawn ``scale`` pixels a point."""
    body = tx_body(
        f'<a:p><a:r><a:rPr lang="en-US" sz="{size}"><a:latin typeface="Calibri"/></a:rPr><a:t>and</a:t></a:r></a:p>',
        '<a:bodyPr wrap="none"/>',
    )
    return ink_bounds(render_image(body, QRectF(10, 10, 380, 100), styles_for(body), scale))


@pytest.mark.parametrize("scale", [1.0, 2.0, 4.0])
def test_a_fractional_size_is_drawn_at_any_scale(qapp: object, scale: float) -> None:
    whole, fractional = _ink(4000, scale), _ink(4050, scale)
    assert whole is not None
    assert fractional is not None  # 40.5 pt: 81 and 162 device pixels drew nothing
    assert fractional.width() == pytest.approx(whole.width() * 40.5 / 40.0, abs=1.5)
    assert fractional.height() == pytest.approx(whole.height() * 40.5 / 40.0, abs=1.5)
