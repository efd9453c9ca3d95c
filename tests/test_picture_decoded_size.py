"""Big pictures drawn small are decoded at the size drawn (a JPEG at half its size when that leaves
room), embedded at the PDF's picture resolution, and look as a whole decode scaled down does."""

from __future__ import annotations

import io
import random
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PIL import Image, ImageChops, ImageDraw
from pptx.util import Inches
from pypdf import PdfReader
from PySide6.QtGui import QImage
from render_support import add_xml_shape, blank_slide, close, convert, new_deck, pixel, render_page, sp_xml

from worker.engines.base import ConvertOptions
from worker.render import images
from worker.render.fills import MAX_PICTURE_DPI

# A 2400 x 1800 photo in four coloured quarters with grain: a JPEG that compresses as photos do.
PHOTO_SIZE = (2400, 1800)
TOP_LEFT, TOP_RIGHT, BOTTOM_LEFT, BOTTOM_RIGHT = (200, 60, 50), (40, 150, 70), (50, 80, 190), (230, 200, 60)


def _photo(size: tuple[int, int] = PHOTO_SIZE, fmt: str = "JPEG") -> bytes:
    width, height = size
    image = Image.new("RGB", size)
    for colour, x, y in ((TOP_LEFT, 0, 0), (TOP_RIGHT, 1, 0), (BOTTOM_LEFT, 0, 1), (BOTTOM_RIGHT, 1, 1)):
        image.paste(colour, (x * width // 2, y * height // 2, (x + 1) * width // 2, (y + 1) * height // 2))
    grain = Image.effect_noise(size, 24).convert("RGB")
    image = ImageChops.add(image, grain, scale=1.0, offset=-128)
    out = io.BytesIO()
    image.save(out, fmt, **({"quality": 90} if fmt == "JPEG" else {}))
    return out.getvalue()


def _images(pdf: Path, page: int | None = None) -> list[Any]:
    """The image XObjects of the PDF (or of one page), each once."""
    seen: dict[int, Any] = {}
    pages = PdfReader(str(pdf)).pages
    for index, each in enumerate(pages):
        if page is not None and index != page:
            continue
        resources: Any = each["/Resources"]
        for ref in resources.get("/XObject", {}).values():
            obj: Any = ref.get_object()
            if obj.get("/Subtype") == "/Image":
                seen[ref.idnum] = obj
    return list(seen.values())


@pytest.fixture
def decodes(monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, int] | None]:
    """The size every picture decode asked for (None: the whole picture)."""
    asked: list[tuple[int, int] | None] = []
    decode = images.checked_decode

    def spy(blob: bytes, size: tuple[int, int] | None = None) -> Any:
        asked.append(size)
        return decode(blob, size)

    monkeypatch.setattr(images, "checked_decode", spy)
    return asked


def _deck(tmp_path: Path, blob: bytes, boxes: list[tuple[float, float, float, float]], ext: str = "jpg") -> Any:
    """One slide per box (x, y, w, h in inches) showing the picture there."""
    source = tmp_path / f"photo.{ext}"
    source.write_bytes(blob)
    prs = new_deck()
    for x, y, w, h in boxes:
        blank_slide(prs).shapes.add_picture(str(source), Inches(x), Inches(y), Inches(w), Inches(h))
    return prs


def _quarters_at(page: Image.Image, x: float, y: float, w: float, h: float) -> list[tuple[int, int, int]]:
    """The colours at the centres of a box's four quarters (points)."""
    return [pixel(page, x + w * fx, y + h * fy) for fx, fy in ((0.25, 0.25), (0.75, 0.25), (0.25, 0.75), (0.75, 0.75))]


_BOX = (72.0, 72.0, 144.0, 108.0)  # points: a 2 x 1.5 inch picture at one inch from the corner


def _assert_photo_quarters(pdf: Path, page: int = 0, box: tuple[float, float, float, float] = _BOX) -> None:
    """The photo's four coloured quarters show where ``box`` (points) says, on ``page``."""
    quarters = _quarters_at(render_page(pdf, page), *box)
    for seen, expected in zip(quarters, (TOP_LEFT, TOP_RIGHT, BOTTOM_LEFT, BOTTOM_RIGHT), strict=True):
        assert close(seen, expected, 30), (page, seen, expected)


def _wanted(inches: float) -> int:
    return round(inches * MAX_PICTURE_DPI)


def test_a_big_photo_drawn_small_is_decoded_small_and_embedded_at_its_drawn_resolution(
    tmp_path: Path, decodes: list[tuple[int, int] | None]
) -> None:
    pdf, _ = convert(_deck(tmp_path, _photo(), [(1, 1, 2, 1.5)]), tmp_path)
    (image,) = _images(pdf)
    assert (image["/Width"], image["/Height"]) == (_wanted(2), _wanted(1.5))
    # Decoded straight at the size drawn: the whole 2400 x 1800 picture was never decoded.
    assert decodes == [(_wanted(2), _wanted(1.5))]
    _assert_photo_quarters(pdf)


def test_a_cropped_photo_keeps_the_resolution_of_its_shown_part(tmp_path: Path) -> None:
    # Only the middle half of the photo shows (2in x 1.5in of it): the whole picture is decoded at
    # twice the drawn resolution, so that the part shown has the PDF's resolution.
    prs = _deck(tmp_path, _photo(), [(1, 1, 2, 1.5)])
    picture = prs.slides[0].shapes[0]
    picture.crop_left = picture.crop_right = picture.crop_top = picture.crop_bottom = 0.25
    pdf, _ = convert(prs, tmp_path)
    (image,) = _images(pdf)
    assert (image["/Width"], image["/Height"]) == (_wanted(2), _wanted(1.5))
    # The shown middle half still has the four quarters around its centre.
    _assert_photo_quarters(pdf)


def test_a_photo_filling_a_small_shape_is_decoded_for_the_shape(
    tmp_path: Path, decodes: list[tuple[int, int] | None]
) -> None:
    # A picture fill (a:blipFill in a shape's spPr, as for backgrounds) goes the same way.
    source = tmp_path / "photo.jpg"
    source.write_bytes(_photo())
    prs = new_deck()
    slide = blank_slide(prs)
    r_id = slide.part.get_or_add_image_part(str(source))[1]
    emu = 914400
    fill = f'<a:blipFill><a:blip r:embed="{r_id}"/><a:stretch><a:fillRect/></a:stretch></a:blipFill>'
    add_xml_shape(slide, sp_xml(emu, emu, 2 * emu, emu * 3 // 2, geometry='<a:prstGeom prst="ellipse"/>', fill=fill))
    pdf, _ = convert(prs, tmp_path)
    (image,) = _images(pdf)
    assert (image["/Width"], image["/Height"]) == (_wanted(2), _wanted(1.5))
    assert decodes == [(_wanted(2), _wanted(1.5))]
    _assert_photo_quarters(pdf)
    assert close(pixel(render_page(pdf), 74, 74), (255, 255, 255), 4)  # outside the ellipse


def test_lossless_pictures_keep_every_pixel_and_their_stored_bytes(
    tmp_path: Path, decodes: list[tuple[int, int] | None]
) -> None:
    blob = _photo()
    pdf, _ = convert(_deck(tmp_path, blob, [(1, 1, 2, 1.5)]), tmp_path, options=ConvertOptions(lossless_pictures=True))
    (image,) = _images(pdf)
    assert (image["/Width"], image["/Height"]) == PHOTO_SIZE
    assert image._data == blob
    assert decodes == []


def test_a_photo_drawn_at_two_sizes_gets_each_its_resolution(
    tmp_path: Path, decodes: list[tuple[int, int] | None]
) -> None:
    # Small on the first slide, larger on the second, as large as the PDF takes it as stored on the
    # third: each is decoded (or not) for its own size.
    blob = _photo()
    pdf, _ = convert(_deck(tmp_path, blob, [(1, 1, 1, 0.75), (1, 1, 4, 3), (0, 0, 10, 7.5)]), tmp_path)
    sizes = [[(image["/Width"], image["/Height"]) for image in _images(pdf, page)] for page in range(3)]
    assert sizes == [[(_wanted(1), _wanted(0.75))], [(_wanted(4), _wanted(3))], [PHOTO_SIZE]]
    assert _images(pdf, 2)[0]._data == blob  # drawn at its size: the stored bytes
    assert decodes == [(_wanted(1), _wanted(0.75)), (_wanted(4), _wanted(3))]
    _assert_photo_quarters(pdf, 0, (72, 72, 72, 54))
    _assert_photo_quarters(pdf, 1, (72, 72, 288, 216))


def test_a_recoloured_and_a_plain_copy_of_one_photo_at_one_size_stay_apart(tmp_path: Path) -> None:
    # The same picture part drawn grey on one slide and in colour on the next, at the same size.
    prs = _deck(tmp_path, _photo(), [(1, 1, 2, 1.5), (1, 1, 2, 1.5)])
    blip = prs.slides[0].shapes[0]._element.blipFill.blip
    blip.append(blip.makeelement("{http://schemas.openxmlformats.org/drawingml/2006/main}grayscl", {}))
    pdf, _ = convert(prs, tmp_path)
    grey = _quarters_at(render_page(pdf, 0), 72, 72, 144, 108)
    colour = _quarters_at(render_page(pdf, 1), 72, 72, 144, 108)
    assert all(max(c) - min(c) <= 12 for c in grey), grey
    for seen, expected in zip(colour, (TOP_LEFT, TOP_RIGHT, BOTTOM_LEFT, BOTTOM_RIGHT), strict=True):
        assert close(seen, expected, 30), (seen, expected)


def test_a_colour_made_transparent_is_matched_on_the_stored_pixels(tmp_path: Path) -> None:
    # a:clrChange matches one exact colour: the big PNG (white left, blue right) is recoloured whole,
    # then scaled, so its white half shows the red shape behind it.
    white_blue = Image.new("RGB", (1600, 1200), (255, 255, 255))
    white_blue.paste((30, 60, 220), (800, 0, 1600, 1200))
    out = io.BytesIO()
    white_blue.save(out, "PNG")
    source = tmp_path / "picture.png"
    source.write_bytes(out.getvalue())
    prs = new_deck()
    slide = blank_slide(prs)
    emu = 914400
    add_xml_shape(slide, sp_xml(emu, emu, 2 * emu, emu, fill='<a:solidFill><a:srgbClr val="DC1E1E"/></a:solidFill>'))
    picture = slide.shapes.add_picture(str(source), Inches(1), Inches(1), Inches(2), Inches(1.5))
    a = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
    change = picture._element.blipFill.blip.makeelement(f"{a}clrChange", {})
    for tag, value in (("clrFrom", "FFFFFF"), ("clrTo", "FFFFFF")):
        el = change.makeelement(f"{a}{tag}", {})
        colour = el.makeelement(f"{a}srgbClr", {"val": value})
        if tag == "clrTo":
            colour.append(colour.makeelement(f"{a}alpha", {"val": "0"}))
        el.append(colour)
        change.append(el)
    picture._element.blipFill.blip.append(change)
    pdf, _ = convert(prs, tmp_path)
    (image,) = [i for i in _images(pdf) if i.get("/Width") != 4]
    assert image["/Width"] == _wanted(2)
    page = render_page(pdf)
    assert close(pixel(page, 100, 100), (220, 30, 30), 12)  # the white half: the red shape shows
    assert close(pixel(page, 190, 150), (30, 60, 220), 12)


def test_a_thumbnail_decodes_the_photo_at_its_own_small_size(
    qapp: object, tmp_path: Path, decodes: list[tuple[int, int] | None]
) -> None:
    from worker.render.thumbnail import thumbnail

    prs = _deck(tmp_path, _photo(), [(0, 0, 10, 7.5)])
    deck = tmp_path / "thumb.pptx"
    prs.save(str(deck))
    shot = thumbnail(deck, 0, 200)
    ((width, height),) = [size for size in decodes if size is not None]
    assert width < PHOTO_SIZE[0] // 2 and height < PHOTO_SIZE[1] // 2
    samples = [shot.pixelColor(x, y) for x, y in ((50, 38), (150, 38), (50, 112), (150, 112))]
    for seen, expected in zip(samples, (TOP_LEFT, TOP_RIGHT, BOTTOM_LEFT, BOTTOM_RIGHT), strict=True):
        assert close((seen.red(), seen.green(), seen.blue()), expected, 30), (seen.name(), expected)


def _edges_picture() -> bytes:
    """A 2400 x 1800 JPEG of hard edges: overlapping coloured boxes crossed by thin dark lines."""
    rng = random.Random(1)
    image = Image.new("RGB", PHOTO_SIZE, (235, 235, 225))
    draw = ImageDraw.Draw(image)
    width, height = PHOTO_SIZE
    for _ in range(300):
        x, y = rng.randrange(width), rng.randrange(height)
        colour = (rng.randrange(256), rng.randrange(256), rng.randrange(256))
        draw.rectangle((x, y, x + rng.randrange(5, 200), y + rng.randrange(5, 200)), fill=colour)
    for _ in range(60):
        ends = (rng.randrange(width), rng.randrange(height), rng.randrange(width), rng.randrange(height))
        draw.line(ends, fill=(20, 20, 20), width=rng.choice((2, 3, 5)))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=92)
    return out.getvalue()


def _samples(image: QImage) -> np.ndarray:
    rgb = image.convertToFormat(QImage.Format.Format_RGB888)
    rows = np.frombuffer(bytes(rgb.constBits()), np.uint8).reshape(rgb.height(), rgb.bytesPerLine())
    return rows[:, : 3 * rgb.width()].reshape(rgb.height(), rgb.width(), 3).astype(float)


def _steepness(image: QImage) -> float:
    """How steep the picture's edges are: the mean of its 2 % largest steps between neighbours."""
    steps = np.abs(np.diff(_samples(image), axis=1)).sum(axis=2)
    return float(steps[steps >= np.percentile(steps, 98)].mean())


@pytest.mark.parametrize("width", [590, 451, 300])
def test_a_half_size_decode_keeps_edges_as_steep_as_a_whole_one_scaled(qapp: object, width: int) -> None:
    # Decoded at half size (libjpeg's scaled DCT) and then scaled, the picture is the whole decode
    # scaled within a level or so, and its edges are as steep at 100 % zoom (96 dpi, for a picture
    # drawn at 220 dpi) and nearly so at its own resolution.
    blob = _edges_picture()
    size = (width, width * 3 // 4)
    assert images.reduced_step(images.declared_size(blob), size) == 2
    reduced = images.decode_image(blob, size)
    whole = images.decode_image(blob)
    assert reduced is not None and whole is not None
    assert (reduced.width(), reduced.height()) == size
    scaled = images.smoothly_scaled(whole, size)
    assert float(np.abs(_samples(reduced) - _samples(scaled)).mean()) < 1.5
    assert _steepness(reduced) >= 0.9 * _steepness(scaled)
    zoomed = (round(width * 96 / MAX_PICTURE_DPI), round(size[1] * 96 / MAX_PICTURE_DPI))
    at_96_dpi = _steepness(images.smoothly_scaled(reduced, zoomed)) / _steepness(images.smoothly_scaled(scaled, zoomed))
    assert at_96_dpi >= 0.98


def test_pictures_drawn_at_more_than_a_quarter_of_their_size_decode_whole(qapp: object) -> None:
    # A half-size decode scaled by less than two would soften edges: such pictures decode whole.
    blob = _edges_picture()
    assert images.reduced_step(images.declared_size(blob), (601, 450)) == 1
    assert images.reduced_step(images.declared_size(blob), (600, 450)) == 2
