"""A reflection's raster goes into the PDF as Qt's engine writes it (a JPEG of quality 94 and an
8-bit soft mask), encoded by Pillow and zlib-ng and swapped in for a stand-in instead of by Qt's
slower JPEG writer: the same coded picture, the same mask values."""

from __future__ import annotations

import zlib
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from render_support import add_xml_shape, blank_slide, close, convert, new_deck, pixel, render_page, sp_xml

from worker.render import picture_jpeg, picture_passthrough

EFFECTS = (
    '<a:effectLst><a:reflection blurRad="0" stA="50000" endA="0" endPos="50000" dist="127000"'
    ' dir="5400000" sy="-100000" algn="bl" rotWithShape="0"/></a:effectLst>'
)


def _images(pdf: Path) -> list[Any]:
    resources: Any = PdfReader(str(pdf)).pages[0]["/Resources"]
    return [x.get_object() for x in resources["/XObject"].values() if x.get_object()["/Subtype"] == "/Image"]


def test_reflection_raster_is_the_jpeg_and_soft_mask_qt_would_write(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    encoded: list[int] = []
    engine_jpeg = picture_jpeg.pdf_engine_jpeg

    def counting(colours: Any) -> bytes | None:
        encoded.append(colours.width())
        return engine_jpeg(colours)

    monkeypatch.setattr(picture_passthrough, "pdf_engine_jpeg", counting)
    prs = new_deck()
    fill = '<a:solidFill><a:srgbClr val="0000FF"/></a:solidFill>'
    # A 4 x 1 in blue bar at 1 in, 1 in: its reflection starts 10 pt under it, gone halfway down.
    add_xml_shape(blank_slide(prs), sp_xml(914400, 914400, 3657600, 914400, fill=fill + EFFECTS))
    pdf, _ = convert(prs, tmp_path)

    (image,) = _images(pdf)
    assert encoded == [image["/Width"]]  # the raster went through our encoder, once
    assert image["/Filter"] == "/DCTDecode" and image["/SMask"]["/BitsPerComponent"] == 8
    mask = zlib.decompress(image["/SMask"]._data)
    assert max(mask) < 255 and 0 in mask  # a fade: half the blue at most, nothing past endPos
    page = render_page(pdf)
    assert close(pixel(page, 216, 108), (0, 0, 255), 6)  # the bar itself
    top = pixel(page, 216, 156)
    assert 100 < top[0] < 160 and top[2] > 240, top  # about half of the blue
    assert close(pixel(page, 216, 200), (255, 255, 255), 6)  # faded out


def test_a_raster_clear_or_opaque_only_is_left_to_qt() -> None:
    # Qt's engine writes a 1-bit mask for such a picture: not one this encoder writes.
    from PySide6.QtGui import QColor, QImage

    image = QImage(4, 2, QImage.Format.Format_ARGB32)
    image.fill(QColor(255, 0, 0))
    image.setPixelColor(0, 0, QColor(0, 0, 0, 0))
    assert picture_passthrough.engine_jpeg_picture(image, soft_mask=True) is None
    image.setPixelColor(1, 0, QColor(255, 0, 0, 128))
    picture = picture_passthrough.engine_jpeg_picture(image, soft_mask=True)
    assert picture is not None and picture.filter == "/DCTDecode"
    assert zlib.decompress(picture.alpha) == bytes([0, 128, 255, 255, 255, 255, 255, 255])
