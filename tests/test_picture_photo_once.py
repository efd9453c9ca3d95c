"""Telling whether a stored lossless picture is a photograph looks at its pixels through one Pillow
image, made straight from the decoded (A)RGB32 pixels: not through Qt's conversion to 24-bit RGB
and two Pillow copies (one to encode, one to measure what JPEG moved) as before. The JPEG chosen,
and the choice, stay the same."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from photo_support import photo_deck, photo_pixels
from PIL import Image
from pypdf import PdfReader
from PySide6.QtGui import QImage
from render_support import close, convert, pixel, render_page

from worker.render import picture_jpeg, png_rows


def _rgb888(width: int = 480, height: int = 320) -> QImage:
    pixels = photo_pixels(width, height)
    return QImage(pixels.tobytes(), width, height, 3 * width, QImage.Format.Format_RGB888).copy()


def _counting_views(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    made: list[bool] = []
    view = picture_jpeg._pillow_view

    def counting(colours: QImage) -> Image.Image | None:
        made.append(colours.format() == QImage.Format.Format_RGB32)
        return view(colours)

    monkeypatch.setattr(picture_jpeg, "_pillow_view", counting)
    return made


@pytest.mark.parametrize("width", [480, 301])  # 301: rows padded in Qt's buffers
def test_photo_jpeg_of_rgb32_pixels_is_that_of_their_rgb888_copy(
    qapp: Any, monkeypatch: pytest.MonkeyPatch, width: int
) -> None:
    rgb888 = _rgb888(width)
    flate = width * 320 * 2
    expected = picture_jpeg.photo_jpeg(rgb888, flate)
    assert expected is not None
    made = _counting_views(monkeypatch)
    assert picture_jpeg.photo_jpeg(rgb888.convertToFormat(QImage.Format.Format_RGB32), flate) == expected
    assert made == [True]  # one Pillow image, of the RGB32 pixels themselves
    assert picture_jpeg._pillow_view(rgb888.convertToFormat(QImage.Format.Format_RGB32)) is not None


def test_a_photo_png_is_looked_at_once_and_goes_in_as_the_same_jpeg(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    made = _counting_views(monkeypatch)
    # A fresh cache of PNG checks, left behind afterwards: test_png_rows_once counts a first check.
    monkeypatch.setattr(png_rows, "_RECENT", {})
    pdf, _ = convert(photo_deck(tmp_path / "photo.pptx"), tmp_path)
    assert made == [True]
    (image,) = [
        ref.get_object()
        for page in PdfReader(str(pdf)).pages
        for ref in page["/Resources"]["/XObject"].values()  # type: ignore[index]
    ]
    assert image["/Filter"] == "/DCTDecode"
    expected = picture_jpeg.photo_jpeg(_rgb888(), 10**9)
    assert expected is not None and image.get_data() == expected
    page = render_page(pdf)
    source = photo_pixels()
    for px, py in ((100, 100), (240, 160), (400, 250)):
        wanted = tuple(int(v) for v in source[py, px])
        assert close(pixel(page, 72 + px * 0.72, 72 + py * 0.72), wanted, 24)  # type: ignore[arg-type]
