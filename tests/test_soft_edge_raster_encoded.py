"""A soft-edged shape goes into the PDF as a raster (soft_edges.paint_soft_edged) whose pixels are
encoded here (drawn_rasters), swapped in for a stand-in: deflated by zlib-ng for a flat fill, the
JPEG Qt's engine would write for a picture; the same pixels and soft mask either way."""

from __future__ import annotations

import zlib
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from render_support import add_xml_shape, blank_slide, close, convert, new_deck, pixel, render_page, sp_xml

from worker.render import picture_passthrough

RED = '<a:solidFill><a:srgbClr val="C00000"/></a:solidFill>'
SOFT_20PT = '<a:effectLst><a:softEdge rad="254000"/></a:effectLst>'


def test_soft_edged_shape_raster_is_deflated_by_us_with_its_soft_mask(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    encoded: list[tuple[int, int]] = []
    original = picture_passthrough.encoded_picture

    def counting(image: Any, photo: bool = False) -> Any:
        encoded.append((image.width(), image.height()))
        return original(image, photo)

    monkeypatch.setattr(picture_passthrough, "encoded_picture", counting)
    prs = new_deck()
    # 72..288 pt wide, 72..216 pt high, its edge feathered over 20 pt.
    add_xml_shape(blank_slide(prs), sp_xml(914400, 914400, 2743200, 1828800, fill=RED + SOFT_20PT))
    pdf, _ = convert(prs, tmp_path)

    resources: Any = PdfReader(str(pdf)).pages[0]["/Resources"]
    (image,) = [ref.get_object() for ref in resources["/XObject"].values()]
    assert encoded == [(image["/Width"], image["/Height"])]  # through our encoder, once
    assert image["/Filter"] == "/FlateDecode" and image["/SMask"]["/BitsPerComponent"] == 8
    mask = zlib.decompress(image["/SMask"]._data)
    assert max(mask) == 255 and min(mask) < 16  # opaque inside, faded to (nearly) nothing at the edge
    page = render_page(pdf, dpi=144)
    assert close(pixel(page, 180, 144, 144), (192, 0, 0), 4)  # centre
    assert close(pixel(page, 68, 144, 144), (255, 255, 255), 2)  # outside
    edge = pixel(page, 82, 144, 144)  # halfway into the 20 pt band: about half of the red over white
    assert 80 < edge[1] < 180 and edge[0] > 200, edge
