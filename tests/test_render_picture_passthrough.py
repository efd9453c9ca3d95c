"""JPEG and PNG pictures go into the PDF as their stored bytes (no decode, no re-encode by Qt)."""

from __future__ import annotations

import io
import zlib
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from pptx import Presentation
from pptx.util import Inches
from pypdf import PdfReader
from render_support import blank_slide, close, convert, new_deck, pixel, render_page

from worker.render.picture_passthrough import StandIns, stored_picture

RED, BLUE, GREEN = (220, 30, 30), (30, 60, 220), (40, 170, 60)
HALF_RED = (238, 142, 142)  # RED at half opacity over white


def _halves(mode: str, left: tuple[int, int, int], right: tuple[int, int, int], fmt: str, **save: object) -> bytes:
    """A 200 x 100 picture, left half ``left``, right half ``right``."""
    image = Image.new("RGB", (200, 100), left)
    image.paste(Image.new("RGB", (100, 100), right), (100, 0))
    if mode == "P":
        image = image.convert("P", palette=Image.Palette.ADAPTIVE, colors=4)
    elif mode != "RGB":
        image = image.convert(mode)
    out = io.BytesIO()
    image.save(out, format=fmt, **save)
    return out.getvalue()


def _images(pdf: Path) -> list[dict[str, Any]]:
    """Every image XObject of the PDF (each object once)."""
    seen: dict[int, dict[str, Any]] = {}
    for page in PdfReader(str(pdf)).pages:
        resources: Any = page["/Resources"]
        xobjects: Any = resources.get("/XObject", {})
        for ref in xobjects.values():
            obj: Any = ref.get_object()
            if obj.get("/Subtype") == "/Image":
                seen[ref.idnum] = {"obj": obj, "raw": obj._data}
    return list(seen.values())


def _deck_with(tmp_path: Path, blob: bytes, ext: str, slides: int = 1, crop: dict[str, float] | None = None) -> Path:
    prs = new_deck()
    source = tmp_path / f"picture.{ext}"
    source.write_bytes(blob)
    for _ in range(slides):
        pic = blank_slide(prs).shapes.add_picture(str(source), Inches(1), Inches(1), Inches(4), Inches(2))
        for side, value in (crop or {}).items():
            setattr(pic, f"crop_{side}", value)
    pdf, _ = convert(prs, tmp_path)
    return pdf


def test_jpeg_is_embedded_byte_for_byte(tmp_path: Path) -> None:
    blob = _halves("RGB", RED, BLUE, "JPEG", quality=90)
    pdf = _deck_with(tmp_path, blob, "jpg")
    (image,) = _images(pdf)
    obj = image["obj"]
    assert obj["/Filter"] == "/DCTDecode"
    assert (obj["/Width"], obj["/Height"]) == (200, 100)
    assert image["raw"] == blob
    page = render_page(pdf)
    # The picture spans 1..5 in x 1..3 in (72..360 pt, 72..216 pt): red left, blue right.
    assert close(pixel(page, 130, 144), RED, 20)
    assert close(pixel(page, 300, 144), BLUE, 20)


def test_rgb_png_keeps_its_zlib_stream_with_predictors(tmp_path: Path) -> None:
    blob = _halves("RGB", GREEN, BLUE, "PNG")
    pdf = _deck_with(tmp_path, blob, "png")
    (image,) = _images(pdf)
    obj = image["obj"]
    assert obj["/Filter"] == "/FlateDecode"
    assert obj["/DecodeParms"]["/Predictor"] == 15
    assert obj["/ColorSpace"] == "/DeviceRGB"
    page = render_page(pdf)
    assert pixel(page, 130, 144) == GREEN
    assert pixel(page, 300, 144) == BLUE


def test_palette_png_becomes_an_indexed_image(tmp_path: Path) -> None:
    blob = _halves("P", RED, GREEN, "PNG")
    pdf = _deck_with(tmp_path, blob, "png")
    (image,) = _images(pdf)
    assert image["obj"]["/ColorSpace"][0] == "/Indexed"
    page = render_page(pdf)
    assert pixel(page, 130, 144) == RED
    assert pixel(page, 300, 144) == GREEN


def test_cropped_picture_shows_only_its_cropped_part(tmp_path: Path) -> None:
    # Cropping the left half away: the whole 4-inch box shows the right (blue) half.
    blob = _halves("RGB", RED, BLUE, "PNG")
    pdf = _deck_with(tmp_path, blob, "png", crop={"left": 0.5})
    assert _images(pdf)[0]["obj"]["/Width"] == 200
    page = render_page(pdf)
    for x in (80, 200, 350):
        assert pixel(page, x, 144) == BLUE
    assert close(pixel(page, 60, 144), (255, 255, 255), 3)  # nothing spills left of the box
    assert close(pixel(page, 370, 144), (255, 255, 255), 3)


def test_a_picture_on_many_slides_is_one_object(tmp_path: Path) -> None:
    blob = _halves("RGB", RED, BLUE, "JPEG")
    pdf = _deck_with(tmp_path, blob, "jpg", slides=3)
    assert len(_images(pdf)) == 1
    for index in range(3):
        assert close(pixel(render_page(pdf, index), 300, 144), BLUE, 20)


def test_pictures_that_need_their_pixels_changed_are_decoded(tmp_path: Path) -> None:
    # A PNG with an alpha channel needs a mask, which only the decoded path makes.
    image = Image.new("RGBA", (200, 100), (*RED, 255))
    image.paste(Image.new("RGBA", (100, 100), (0, 0, 0, 0)), (100, 0))
    out = io.BytesIO()
    image.save(out, format="PNG")
    pdf = _deck_with(tmp_path, out.getvalue(), "png")
    (embedded,) = _images(pdf)
    assert "/SMask" in embedded["obj"] or "/Mask" in embedded["obj"]
    page = render_page(pdf)
    assert close(pixel(page, 130, 144), RED, 6)
    assert close(pixel(page, 300, 144), (255, 255, 255), 6)


def _translucent_png() -> bytes:
    """200 x 100: the left half opaque red, the right half red at half opacity."""
    image = Image.new("RGBA", (200, 100), (*RED, 255))
    image.paste(Image.new("RGBA", (100, 100), (*RED, 128)), (100, 0))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def test_decoded_pictures_are_deflated_by_us_with_their_soft_mask(tmp_path: Path) -> None:
    # Qt decodes a PNG with alpha; its pixels go into the PDF as our own RGB and soft-mask streams
    # (plain samples, no predictor), swapped for a stand-in like a stored picture.
    pdf = _deck_with(tmp_path, _translucent_png(), "png")
    (embedded,) = _images(pdf)
    image = embedded["obj"]
    assert (image["/Width"], image["/Height"], image["/ColorSpace"]) == (200, 100, "/DeviceRGB")
    assert "/DecodeParms" not in image
    assert zlib.decompress(embedded["raw"]) == bytes(RED) * 200 * 100
    mask: Any = image["/SMask"].get_object()
    assert (mask["/Width"], mask["/Height"], mask["/ColorSpace"]) == (200, 100, "/DeviceGray")
    assert zlib.decompress(mask._data) == (b"\xff" * 100 + b"\x80" * 100) * 100
    page = render_page(pdf)
    assert close(pixel(page, 130, 144), RED, 4)
    assert close(pixel(page, 300, 144), HALF_RED, 4)  # red over the white slide at half opacity


def test_decoded_grey_pictures_are_written_grey(tmp_path: Path) -> None:
    image = Image.new("LA", (40, 20), (90, 255))
    image.paste(Image.new("LA", (20, 20), (200, 0)), (20, 0))
    out = io.BytesIO()
    image.save(out, format="PNG")
    pdf = _deck_with(tmp_path, out.getvalue(), "png")
    (embedded,) = _images(pdf)
    assert embedded["obj"]["/ColorSpace"] == "/DeviceGray"
    assert zlib.decompress(embedded["raw"])[:20] == bytes([90]) * 20
    page = render_page(pdf)
    assert close(pixel(page, 130, 144), (90, 90, 90), 4)
    assert close(pixel(page, 300, 144), (255, 255, 255), 4)  # the transparent half shows the slide


def test_a_decoded_picture_on_many_slides_is_one_object(tmp_path: Path) -> None:
    pdf = _deck_with(tmp_path, _translucent_png(), "png", slides=3)
    assert len(_images(pdf)) == 1
    for index in range(3):
        assert close(pixel(render_page(pdf, index), 130, 144), RED, 4)


def test_a_cropped_decoded_picture_shows_only_its_cropped_part(tmp_path: Path) -> None:
    # Cropping the opaque half away: the whole box shows the translucent half, and only it.
    pdf = _deck_with(tmp_path, _translucent_png(), "png", crop={"left": 0.5})
    assert _images(pdf)[0]["obj"]["/Width"] == 100
    page = render_page(pdf)
    for x in (80, 200, 350):
        assert close(pixel(page, x, 144), HALF_RED, 4)
    assert close(pixel(page, 60, 144), (255, 255, 255), 3)


@pytest.mark.parametrize(
    ("mode", "fmt", "save"),
    [
        ("RGBA", "PNG", {}),  # alpha
        ("CMYK", "JPEG", {}),  # PDF readers disagree on Adobe's inverted CMYK
        ("I;16", "PNG", {}),  # 16-bit samples
    ],
)
def test_stored_picture_refuses_what_a_pdf_cannot_take_as_is(mode: str, fmt: str, save: dict[str, object]) -> None:
    image = Image.new("RGB", (8, 8), RED).convert(mode)
    out = io.BytesIO()
    image.save(out, format=fmt, **save)
    assert stored_picture(out.getvalue()) is None


def test_interlaced_png_is_left_to_the_decoder() -> None:
    # Adam7 passes cannot feed a PDF predictor. Pillow writes no interlaced PNG: set the IHDR flag.
    blob = bytearray(_halves("RGB", RED, BLUE, "PNG"))
    assert stored_picture(bytes(blob)) is not None
    blob[28] = 1  # IHDR's interlace method (8 signature + 8 chunk head + 12 into the data)
    blob[29:33] = zlib.crc32(bytes(blob[12:29])).to_bytes(4, "big")
    assert stored_picture(bytes(blob)) is None


def test_jpeg_with_exif_rotation_is_stored_as_it_is() -> None:
    # Office ignores the EXIF orientation (worker.render.images.decode_image): the stored pixels,
    # upright as stored, are what the PDF shows.
    image = Image.new("RGB", (8, 4), RED)
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90 degrees clockwise to view
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif.tobytes())
    stored = stored_picture(out.getvalue())
    assert stored is not None and (stored.width, stored.height) == (8, 4)


def test_damaged_pictures_are_not_taken_as_stored() -> None:
    blob = _halves("RGB", RED, BLUE, "PNG")
    for broken in (blob[:40], blob[:8] + b"\x00" * 30, b"\xff\xd8\xff\xe0\x00", b"\xff\xd8" + b"\x00" * 20):
        assert stored_picture(broken) is None


def test_stand_ins_are_recognised_only_by_their_signature() -> None:
    stand_ins = StandIns()
    picture = stored_picture(_halves("RGB", RED, BLUE, "JPEG"))
    assert picture is not None
    image = stand_ins.image_for("/ppt/media/image1.jpeg", picture)
    assert stand_ins.image_for("/ppt/media/image1.jpeg", picture) is image
    colors = [image.pixelColor(x, 0) for x in range(image.width())]
    rgb = b"".join(bytes((c.red(), c.green(), c.blue())) for c in colors)
    assert stand_ins.picture_for(rgb) is picture
    assert stand_ins.picture_for(bytes(12)) is None
    assert stand_ins.picture_for(rgb[:-1] + bytes([rgb[-1] ^ 1])) is None


def test_pictures_larger_than_the_decode_limit_are_not_passed_to_readers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A stored picture reaches every PDF reader's decoder: one bigger than we would decode
    # ourselves (a hostile header) goes through the bounded decoder instead.
    from worker.render import fills

    monkeypatch.setattr(fills, "MAX_PIXELS", 200 * 100 - 1)
    blob = _halves("RGB", RED, BLUE, "JPEG", quality=90)
    pdf = _deck_with(tmp_path, blob, "jpg")
    (image,) = _images(pdf)
    assert image["raw"] != blob
    assert close(pixel(render_page(pdf), 300, 144), BLUE, 20)


def test_translucent_picture_keeps_its_stored_bytes_and_its_opacity(tmp_path: Path) -> None:
    blob = _halves("RGB", RED, BLUE, "JPEG", quality=90)
    source = tmp_path / "picture.jpg"
    source.write_bytes(blob)
    prs = new_deck()
    pic = blank_slide(prs).shapes.add_picture(str(source), Inches(1), Inches(1), Inches(4), Inches(2))
    blip = pic._element.xpath("./p:blipFill/a:blip")[0]
    blip.append(blip.makeelement(f"{{{blip.nsmap['a']}}}alphaModFix", {"amt": "50000"}))
    pdf, _ = convert(prs, tmp_path)
    (image,) = _images(pdf)
    assert image["raw"] == blob
    assert close(pixel(render_page(pdf), 300, 144), (142, 157, 237), 20)  # half blue over white


def test_a_fill_rect_reaching_outside_its_box_is_cut_to_the_box(tmp_path: Path) -> None:
    # PowerPoint's fallback for a table with equations puts one picture of the whole table in each
    # cell, with a fillRect reaching far outside it: only the cell's own part may show.
    blob = _halves("RGB", RED, BLUE, "PNG")
    pdf = _deck_with(tmp_path, blob, "png")
    source = tmp_path / "deck.pptx"
    prs = Presentation(str(source))
    pic = prs.slides[0].shapes[0]._element
    fill_rect = pic.xpath("./p:blipFill/a:stretch/a:fillRect")[0]
    fill_rect.set("r", "-100000")  # the picture stretches to twice the box's width, to the right
    prs.save(str(source))
    pdf, _ = convert(source, tmp_path, name="cut")
    page = render_page(pdf)
    assert pixel(page, 200, 144) == RED  # the left half of the picture now fills the whole box
    assert close(pixel(page, 400, 144), (255, 255, 255), 3)  # its right half stays cut off


@pytest.mark.parametrize("mode", ["RGB", "RGBA"])
def test_png_without_its_end_chunk_is_still_drawn(tmp_path: Path, mode: str) -> None:
    # Some writers stop after the last IDAT; every pixel is there, and PowerPoint shows the picture.
    blob = _halves(mode, RED, BLUE, "PNG")
    assert blob.endswith(b"IEND\xaeB`\x82")
    page = render_page(_deck_with(tmp_path, blob[:-12], "png"))
    assert close(pixel(page, 72 + 72, 72 + 72), RED, 6)
    assert close(pixel(page, 72 + 216, 72 + 72), BLUE, 6)


def test_a_png_whose_pixel_data_is_damaged_is_drawn_as_its_copies_are(tmp_path: Path) -> None:
    """A PNG with bytes of its IDAT overwritten (the chunk's CRC no longer matches): libpng refuses
    it, so a recoloured copy is drawn as the placeholder; the picture as stored was put into the
    PDF as it was and showed blank or torn. Both are now the placeholder, with its warning."""
    blob = bytearray(_halves("RGB", RED, BLUE, "PNG"))
    at = blob.index(b"IEND") - 30  # past the first rows, which the stored path's check inflates
    blob[at : at + 10] = b"\xff" * 10
    prs = new_deck()
    source = tmp_path / "damaged.png"
    source.write_bytes(bytes(blob))
    blank_slide(prs).shapes.add_picture(str(source), Inches(1), Inches(1), Inches(4), Inches(2))
    pdf, result = convert(prs, tmp_path)
    assert result.warnings == ["A picture that could not be decoded (image1.png) was drawn as a placeholder"]
    assert not [image for image in _images(pdf) if image["obj"].get("/Width") == 200]
    page = render_page(pdf)
    # The placeholder: a light grey box, not the white page.
    assert not close(pixel(page, 72 + 30, 72 + 30), (255, 255, 255), 3)
