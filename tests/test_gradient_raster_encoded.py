"""A gradient with transparent stops goes into the PDF as a raster (fills._fill_translucent_gradient)
whose pixels are deflated by zlib-ng (picture_passthrough.encoded_picture, swapped in for a stand-in)
instead of by Qt's engine: the same pixels and soft mask, a fifth of the deflate time."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from render_support import add_xml_shape, blank_slide, close, convert, new_deck, pixel, render_page, sp_xml

from worker.render import picture_passthrough

EMU_PT = 12700
BLUE = (0, 0, 255)
RED = (255, 0, 0)


def _shape(slide: object, sid: int, x_pt: int, fill: str) -> None:
    add_xml_shape(slide, sp_xml(x_pt * EMU_PT, 72 * EMU_PT, 200 * EMU_PT, 100 * EMU_PT, fill=fill, sid=sid))


def test_translucent_gradient_raster_is_encoded_by_us_with_its_soft_mask(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    encoded: list[tuple[int, int, bool]] = []
    original = picture_passthrough.encoded_picture

    def counting(image: Any, photo: bool = False) -> Any:
        encoded.append((image.width(), image.height(), photo))
        return original(image, photo)

    monkeypatch.setattr(picture_passthrough, "encoded_picture", counting)
    prs = new_deck()
    slide = blank_slide(prs)
    _shape(slide, 101, 72, '<a:solidFill><a:srgbClr val="0000FF"/></a:solidFill>')
    # Opaque red on the left to fully transparent red on the right, over the blue shape.
    stops = (
        '<a:gs pos="0"><a:srgbClr val="FF0000"/></a:gs>'
        '<a:gs pos="100000"><a:srgbClr val="FF0000"><a:alpha val="0"/></a:srgbClr></a:gs>'
    )
    _shape(slide, 102, 72, f'<a:gradFill><a:gsLst>{stops}</a:gsLst><a:lin ang="0" scaled="0"/></a:gradFill>')
    pdf, _ = convert(prs, tmp_path)

    # One raster of the gradient's 200 x 100 pt at 1.5 px a point, lossless (never a photograph).
    assert encoded == [(300, 150, False)]
    page = render_page(pdf, dpi=72)
    assert close(pixel(page, 76, 122), RED, 16), pixel(page, 76, 122)  # opaque end
    assert close(pixel(page, 268, 122), BLUE, 16), pixel(page, 268, 122)  # see-through end
    middle = pixel(page, 172, 122)
    assert 96 < middle[0] < 160 and 96 < middle[2] < 160, middle  # half of each
    # The raster keeps its transparency as an 8-bit soft mask.
    resources: Any = PdfReader(str(pdf)).pages[0]["/Resources"]
    images = [ref.get_object() for ref in resources["/XObject"].values()]
    assert [(im["/Width"], im["/Height"], im["/SMask"]["/BitsPerComponent"]) for im in images] == [(300, 150, 8)]


def test_a_zero_width_shape_with_a_translucent_gradient_keeps_its_outline_and_text(tmp_path: Path) -> None:
    """Found by mutation fuzzing: the gradient's raster over a box of no width divided by zero, and
    the whole shape, its text and outline with it, was left out with a warning."""
    prs = new_deck()
    slide = blank_slide(prs)
    stops = (
        '<a:gs pos="0"><a:srgbClr val="FF0000"/></a:gs>'
        '<a:gs pos="100000"><a:srgbClr val="FF0000"><a:alpha val="0"/></a:srgbClr></a:gs>'
    )
    text = (
        '<p:txBody><a:bodyPr wrap="none"/><a:lstStyle/><a:p><a:r><a:rPr lang="en-US" sz="1800"/>'
        "<a:t>Divider</a:t></a:r></a:p></p:txBody>"
    )
    line = '<a:ln w="38100"><a:solidFill><a:srgbClr val="0000FF"/></a:solidFill></a:ln>'
    fill = f'<a:gradFill><a:gsLst>{stops}</a:gsLst><a:lin ang="5400000" scaled="0"/></a:gradFill>'
    add_xml_shape(slide, sp_xml(300 * EMU_PT, 72 * EMU_PT, 0, 200 * EMU_PT, fill=fill, line=line, text=text))
    pdf, result = convert(prs, tmp_path)
    assert result.warnings == []
    assert "Divider" in PdfReader(str(pdf)).pages[0].extract_text()
    assert close(pixel(render_page(pdf, dpi=72), 300, 172), BLUE, 60)  # the outline
