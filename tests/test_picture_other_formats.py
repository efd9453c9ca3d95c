"""Pictures in formats Qt's readers in our wheel cannot decode: a JPEG-compressed TIFF (Qt's TIFF
plugin is built without JPEG), AVIF (no plugin) and a WebP too short for Qt's reader are decoded by
Pillow and drawn, as PowerPoint and LibreOffice draw the TIFF; HEIC and JPEG XR, which nothing here
reads, are placeholders whose warning names the part and its format."""

from __future__ import annotations

import io
import struct
from pathlib import Path

from lxml import etree
from PIL import Image
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.package import Part
from pptx.opc.packuri import PackURI
from pypdf import PdfReader
from render_support import NSDECL, blank_slide, close, convert, new_deck, pixel, render_page

EMU_PT = 12700
RED, GREEN, BLUE, YELLOW = (255, 0, 0), (0, 160, 0), (0, 0, 255), (255, 220, 0)


def _quadrants() -> Image.Image:
    image = Image.new("RGB", (200, 100), RED)
    image.paste(GREEN, (100, 0, 200, 50))
    image.paste(BLUE, (0, 50, 100, 100))
    image.paste(YELLOW, (100, 50, 200, 100))
    return image


def _saved(image: Image.Image, fmt: str, **options: object) -> bytes:
    out = io.BytesIO()
    image.save(out, fmt, **options)
    return out.getvalue()


def _picture_slide(prs: object, blob: bytes, name: str, content_type: str) -> None:
    """A slide with the picture ``blob`` as PowerPoint stores it (a p:pic naming its part)."""
    slide = blank_slide(prs)
    part = Part(PackURI(f"/ppt/media/{name}"), content_type, prs.part.package, blob)  # type: ignore[attr-defined]
    r_id = slide.part.relate_to(part, RT.IMAGE)
    pic = (
        f'<p:pic {NSDECL}><p:nvPicPr><p:cNvPr id="9" name="Picture"/><p:cNvPicPr/><p:nvPr/></p:nvPicPr>'
        f'<p:blipFill><a:blip r:embed="{r_id}"/><a:stretch><a:fillRect/></a:stretch></p:blipFill>'
        f'<p:spPr><a:xfrm><a:off x="{100 * EMU_PT}" y="{100 * EMU_PT}"/>'
        f'<a:ext cx="{400 * EMU_PT}" cy="{200 * EMU_PT}"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr></p:pic>'
    )
    slide.shapes._spTree.append(etree.fromstring(pic))


def test_jpeg_tiff_and_avif_are_drawn(tmp_path: Path) -> None:
    prs = new_deck()
    _picture_slide(prs, _saved(_quadrants(), "TIFF", compression="jpeg"), "image1.tiff", "image/tiff")
    _picture_slide(prs, _saved(_quadrants(), "AVIF", quality=90), "image2.avif", "image/avif")
    pdf, result = convert(prs, tmp_path)
    for index in range(2):
        page = render_page(pdf, index)
        for (x, y), colour in {(150, 150): RED, (450, 150): GREEN, (150, 250): BLUE, (450, 250): YELLOW}.items():
            assert close(pixel(page, x, y), colour, 24), (index, (x, y), pixel(page, x, y))
    assert result.warnings == []


def test_a_tiny_lossless_webp_is_drawn(tmp_path: Path) -> None:
    """Found by fuzzing pictures: a lossless WebP under 40 bytes (a small picture of one colour)
    was a placeholder ("could not be decoded"): Qt's WebP reader peeks a longer header than
    the file holds and reads nothing. Pillow reads it."""
    blob = _saved(Image.new("RGB", (4, 4), RED), "WEBP", lossless=True)
    assert len(blob) < 40
    prs = new_deck()
    _picture_slide(prs, blob, "image1.webp", "image/webp")
    pdf, result = convert(prs, tmp_path)
    assert close(pixel(render_page(pdf, 0), 300, 200), RED, 8), pixel(render_page(pdf, 0), 300, 200)
    assert result.warnings == []


def _tiled_tiff(tile_width: int) -> bytes:
    """A 32 x 16 red RGB TIFF stored as one uncompressed tile whose TileWidth says ``tile_width``."""
    pixels = bytes([255, 0, 0]) * (32 * 16)
    short, long_ = 3, 4
    tags = [(256, short, 32), (257, short, 16), (258, short, 8), (259, short, 1), (262, short, 2), (277, short, 3)]
    tags += [(322, long_, tile_width), (323, long_, 16), (324, long_, 8 + 2 + 12 * 10 + 4), (325, long_, len(pixels))]
    entries = b"".join(
        struct.pack("<HHII", tag, kind, 1, value) if kind == long_ else struct.pack("<HHIHH", tag, kind, 1, value, 0)
        for tag, kind, value in tags
    )
    return b"II*\0" + struct.pack("<IH", 8, len(tags)) + entries + bytes(4) + pixels


def test_a_tiff_whose_tiles_overflow_is_a_placeholder(tmp_path: Path) -> None:
    """Found by fuzzing pictures: a tiled TIFF whose TileWidth is near 2^32 (Qt refuses it) made
    Pillow raise OverflowError: the picture shape was lost ("could not be drawn") and, as a slide
    background, the whole conversion failed with a traceback. It is a placeholder (a background
    is left out, and the job says so), and the same TIFF with a true TileWidth is drawn."""
    prs = new_deck()
    _picture_slide(prs, _tiled_tiff(0xFF000010), "image1.tiff", "image/tiff")
    _picture_slide(prs, _tiled_tiff(32), "image2.tiff", "image/tiff")
    # And as a slide's background picture, where it failed the whole conversion.
    slide = blank_slide(prs)
    part = Part(PackURI("/ppt/media/image3.tiff"), "image/tiff", prs.part.package, _tiled_tiff(0xFF000010))
    r_id = slide.part.relate_to(part, RT.IMAGE)
    background = (
        f'<p:bg {NSDECL}><p:bgPr><a:blipFill><a:blip r:embed="{r_id}"/><a:stretch><a:fillRect/></a:stretch>'
        "</a:blipFill><a:effectLst/></p:bgPr></p:bg>"
    )
    slide._element.cSld.insert(0, etree.fromstring(background))
    pdf, result = convert(prs, tmp_path)
    assert result.warnings == [
        "A picture that could not be decoded (image1.tiff) was drawn as a placeholder",
        "A picture fill that could not be decoded (image3.tiff) was left out",  # the background: said too
    ]
    assert not close(pixel(render_page(pdf, 0), 300, 200), RED, 60)
    assert close(pixel(render_page(pdf, 1), 300, 200), RED, 8)
    assert len(PdfReader(pdf).pages) == 3


def test_unreadable_formats_are_named(tmp_path: Path) -> None:
    heic = bytearray(_saved(_quadrants(), "AVIF"))
    heic[8:12] = b"heic"  # an HEIF file of HEVC pictures: the brand says so
    jpeg_xr = b"II\xbc\x01" + bytes(60)
    prs = new_deck()
    _picture_slide(prs, bytes(heic), "image1.heic", "image/heic")
    _picture_slide(prs, jpeg_xr, "image2.wdp", "image/vnd.ms-photo")
    _, result = convert(prs, tmp_path)
    assert any("image1.heic" in w and "HEIC" in w and "placeholder" in w for w in result.warnings), result.warnings
    assert any("image2.wdp" in w and "JPEG XR" in w and "placeholder" in w for w in result.warnings), result.warnings
