"""A JPEG drawn from its decoded pixels (scaled down for its size on the page, or recoloured) goes
into the PDF as the JPEG Qt's PDF engine would have written of those pixels (quality 94, colour at
full resolution), encoded by Pillow's libjpeg-turbo instead of Qt's writer, which took three times
as long: the same coded picture, so the same page. Pixels with transparency stay Qt's to write
(it adds a mask)."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from lxml import etree
from photo_support import photo_pixels
from PIL import Image
from pptx.util import Inches
from pypdf import PdfReader
from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QColor, QImage, QImageWriter
from render_support import A_NS, blank_slide, close, convert, new_deck, pixel, render_page

from worker.render import picture_jpeg
from worker.render.images import decode_image, recolored
from worker.render.picture_passthrough import engine_jpeg_picture

WIDTH, HEIGHT = 1600, 1000


def _qt_engine_jpeg(image: QImage) -> bytes:
    """What QPdfEngine::addImage writes of an opaque picture: (A)RGB32, Qt's writer at quality 94."""
    if image.format() not in (QImage.Format.Format_RGB32, QImage.Format.Format_ARGB32):
        image = image.convertToFormat(QImage.Format.Format_ARGB32)
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QImageWriter(buffer, QByteArray(b"jpeg"))
    writer.setQuality(94)
    assert writer.write(image)
    return bytes(data.data())


def _scan(jpeg: bytes) -> bytes:
    """The coded picture: quantisation tables, frame, Huffman tables and scan (not the JFIF header)."""
    start = jpeg.find(b"\xff\xdb")
    assert start > 0
    return jpeg[start:]


def _photo_jpeg_bytes(width: int = WIDTH, height: int = HEIGHT) -> bytes:
    out = io.BytesIO()
    Image.fromarray(photo_pixels(width, height)).save(out, format="JPEG", quality=90)
    return out.getvalue()


@pytest.mark.parametrize(
    "fmt",
    [QImage.Format.Format_RGB32, QImage.Format.Format_ARGB32_Premultiplied, QImage.Format.Format_Grayscale8],
)
@pytest.mark.parametrize("width", [480, 301])  # 301: rows padded in Qt's buffers
def test_engine_jpeg_is_the_coded_picture_qt_writes(qapp: Any, fmt: QImage.Format, width: int) -> None:
    pixels = photo_pixels(width, 200)
    image = QImage(pixels.tobytes(), width, 200, 3 * width, QImage.Format.Format_RGB888).convertToFormat(fmt)
    stored = engine_jpeg_picture(image)
    assert stored is not None
    assert (stored.filter, stored.color_space, stored.width, stored.height) == ("/DCTDecode", "/DeviceRGB", width, 200)
    assert not stored.alpha
    assert _scan(stored.data) == _scan(_qt_engine_jpeg(image))


def test_pixels_with_transparency_are_left_to_qt(qapp: Any) -> None:
    image = QImage(40, 30, QImage.Format.Format_ARGB32)
    image.fill(0xFF336699)
    assert engine_jpeg_picture(image) is not None
    image.setPixel(3, 3, 0x00000000)  # one transparent pixel: Qt writes a 1-bit mask
    assert engine_jpeg_picture(image) is None


def _images(pdf: Path) -> list[Any]:
    found: dict[int, Any] = {}
    for page in PdfReader(str(pdf)).pages:
        resources: Any = page["/Resources"]
        for ref in resources.get("/XObject", {}).values():
            obj: Any = ref.get_object()
            if obj.get("/Subtype") == "/Image":
                found[ref.idnum] = obj
    return list(found.values())


def _deck(tmp_path: Path, blob: bytes, effect: str = "") -> Path:
    prs = new_deck()
    source = tmp_path / "photo.jpg"
    source.write_bytes(blob)
    # 3.2 x 2 in: at 220 dpi 704 px across, far fewer than the picture's 1600: it is drawn scaled down.
    pic = blank_slide(prs).shapes.add_picture(str(source), Inches(1), Inches(1), Inches(3.2), Inches(2))
    if effect:
        pic._element.blipFill.blip.append(etree.fromstring(f'<a:{effect} xmlns:a="{A_NS}"/>'))
    pdf, _ = convert(prs, tmp_path)
    return pdf


@pytest.mark.parametrize("effect", ["", "grayscl"])
def test_a_jpeg_drawn_smaller_goes_in_as_the_jpeg_qt_would_write(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, effect: str
) -> None:
    encoded: list[int] = []
    engine_jpeg = picture_jpeg.pdf_engine_jpeg

    def counting(colours: QImage) -> bytes | None:
        encoded.append(colours.width())
        return engine_jpeg(colours)

    monkeypatch.setattr(picture_jpeg, "pdf_engine_jpeg", counting)
    monkeypatch.setattr("worker.render.picture_passthrough.pdf_engine_jpeg", counting)
    blob = _photo_jpeg_bytes()
    pdf = _deck(tmp_path, blob, effect)
    (image,) = _images(pdf)
    width, height = image["/Width"], image["/Height"]
    assert image["/Filter"] == "/DCTDecode" and "/SMask" not in image and "/Mask" not in image
    assert 600 <= width < WIDTH and encoded == [width]
    # The same pixels Qt's engine was given (the picture decoded at that size, recoloured), as
    # Qt's writer codes them.
    decoded = decode_image(blob, (width, height))
    assert decoded is not None
    if effect:
        decoded = recolored(decoded, QColor(0, 0, 0), QColor(255, 255, 255))
    assert _scan(image.get_data()) == _scan(_qt_engine_jpeg(decoded))
    page = render_page(pdf)
    source = photo_pixels(WIDTH, HEIGHT)
    for fx, fy in ((0.2, 0.3), (0.5, 0.5), (0.8, 0.7)):
        r, g, b = (int(v) for v in source[int(fy * HEIGHT), int(fx * WIDTH)])
        expected = (r, g, b) if not effect else (round(0.3 * r + 0.59 * g + 0.11 * b),) * 3
        assert close(pixel(page, 72 + fx * 230.4, 72 + fy * 144), expected, 24)


def test_a_jpeg_made_partly_transparent_is_still_drawn_by_qt_with_its_mask(tmp_path: Path) -> None:
    # White turned transparent (a:clrChange), then scaled down: Qt's engine writes the mask it needs.
    pixels = np.full((HEIGHT, WIDTH, 3), 255, np.uint8)
    pixels[:, : WIDTH // 2] = (200, 30, 40)
    out = io.BytesIO()
    Image.fromarray(pixels).save(out, format="JPEG", quality=95)
    change = (
        f'<a:clrChange xmlns:a="{A_NS}"><a:clrFrom><a:srgbClr val="FFFFFF"/></a:clrFrom>'
        '<a:clrTo><a:srgbClr val="FFFFFF"><a:alpha val="0"/></a:srgbClr></a:clrTo></a:clrChange>'
    )
    prs = new_deck()
    source = tmp_path / "half.jpg"
    source.write_bytes(out.getvalue())
    pic = blank_slide(prs).shapes.add_picture(str(source), Inches(1), Inches(1), Inches(3.2), Inches(2))
    pic._element.blipFill.blip.append(etree.fromstring(change))
    pdf, _ = convert(prs, tmp_path)
    (image,) = _images(pdf)
    assert image["/Filter"] == "/DCTDecode" and ("/SMask" in image or "/Mask" in image)
    page = render_page(pdf)
    assert close(pixel(page, 72 + 0.25 * 230.4, 144), (200, 30, 40), 24)
    assert close(pixel(page, 72 + 0.75 * 230.4, 144), (255, 255, 255), 6)
