"""A shape whose text body holds no run, field or break (python-pptx's and PowerPoint's empty
a:p) draws nothing of its text, so its text properties are not read at all: the shape walker
skipped such bodies only after resolving their list styles and body properties. A body with text
has its body properties resolved once (the shape walker hands them to paint_text_body)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.util import Inches
from render_support import blank_slide, close, convert, new_deck, pixel, render_page

import worker.render.shapes
import worker.render.text
from worker.render.text import body


def test_textless_shape_reads_no_text_properties(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    read: list[object] = []
    resolve_body = body.resolve_body

    def counting(*args: Any) -> body.BodyProps:
        read.append(args[1])
        return resolve_body(*args)

    # Wherever it is called from: the shape walker and paint_text_body.
    for module in (body, worker.render.shapes, worker.render.text):
        monkeypatch.setattr(module, "resolve_body", counting, raising=False)
    prs = new_deck()
    slide = blank_slide(prs)
    empty = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, Inches(1), Inches(1), Inches(2), Inches(1))
    empty.fill.solid()
    empty.fill.fore_color.rgb = RGBColor(0xC0, 0x20, 0x20)
    worded = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, Inches(4), Inches(1), Inches(3), Inches(1))
    worded.fill.solid()
    worded.fill.fore_color.rgb = RGBColor(0x20, 0x20, 0xC0)
    worded.text_frame.text = "Words"
    pdf, _ = convert(prs, tmp_path)
    assert len(read) == 1  # the worded shape's body only, and once
    assert "Words" in "".join(read[0].itertext())  # type: ignore[attr-defined]
    page = render_page(pdf)
    assert close(pixel(page, 90, 80), (0xC0, 0x20, 0x20))  # the empty shape's fill is drawn
    assert close(pixel(page, 300, 76), (0x20, 0x20, 0xC0))
    assert "Words" in _text(pdf)


def _text(pdf: Path) -> str:
    from pypdf import PdfReader

    return PdfReader(str(pdf)).pages[0].extract_text()
