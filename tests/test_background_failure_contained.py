"""A slide background that fails to paint costs only the background: the slide is drawn on white,
its shapes in their places, and the job says so (a shape that fails is contained the same way;
a background's failure used to end the whole conversion, as fuzzing found with a TIFF whose tiles
overflowed Pillow's decoder)."""

from __future__ import annotations

from pathlib import Path

import pytest
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.util import Emu
from render_support import close, convert, pixel, render_page

from worker.render import slide as slide_module

GREEN = (20, 160, 60)


def test_a_background_that_fails_leaves_the_slide_on_white(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def failing(*_args: object, **_kwargs: object) -> None:
        raise ValueError("a background that cannot be painted")

    monkeypatch.setattr(slide_module, "paint_fill", failing)  # the background's fill, not the shapes'
    prs = Presentation()
    for title in ("First", "Second"):
        slide = prs.slides.add_slide(prs.slide_layouts[6])
        slide.background.fill.solid()
        slide.background.fill.fore_color.rgb = RGBColor(0, 0, 128)
        box = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, Emu(5486400), Emu(4114800), Emu(1828800), Emu(1371600))
        box.fill.solid()
        box.fill.fore_color.rgb = RGBColor(*GREEN)
        box.line.fill.background()
        box.text_frame.text = title
    pdf, result = convert(prs, tmp_path)
    assert result.slides == 2
    assert result.warnings == [f"Slide {n}: its background could not be drawn" for n in (1, 2)]
    for index in range(2):
        page = render_page(pdf, index)
        assert close(pixel(page, 504, 378), GREEN, 12)  # the box's centre
        assert close(pixel(page, 100, 100), (255, 255, 255), 4)  # white where the navy would be
