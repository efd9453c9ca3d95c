"""Pictures in formats Qt's readers in our wheel cannot decode: a JPEG-compressed TIFF (Qt's TIFF
plugin is built without JPEG), AVIF (no plugin) and a WebP too short for Qt's reader are decoded by
Pillow and drawn, as PowerPoint and LibreOffice draw the TIFF; HEIC and JPEG XR, which nothing here
reads, are placeholders whose warning names the part and its format."""

from __future__ import annotations

import io
from pathlib import Path

from lxml import etree
from PIL import Image
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.package import Part
from pptx.opc.packuri import PackURI
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
