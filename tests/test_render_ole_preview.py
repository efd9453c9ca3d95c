"""Embedded objects draw their preview picture, also when it lives in the slide's legacy VML drawing."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.package import Part
from pptx.opc.packuri import PackURI
from render_support import add_xml_shape, blank_slide, close, convert, new_deck, pixel, render_page

from worker.engines.base import ConvertResult

ORANGE = (240, 140, 20)

_OLE_FRAME = """<p:graphicFrame <NS>><p:nvGraphicFramePr><p:cNvPr id="7" name="Object 7"/><p:cNvGraphicFramePr/>
<p:nvPr/></p:nvGraphicFramePr><p:xfrm><a:off x="914400" y="914400"/><a:ext cx="1828800" cy="914400"/></p:xfrm>
<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/presentationml/2006/ole">
<p:oleObj spid="_x0000_s2049" name="Worksheet" r:id="" imgW="100" imgH="50" progId="Excel.Sheet.8"><p:embed/>
</p:oleObj></a:graphicData></a:graphic></p:graphicFrame>"""

_VML = """<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office">
<v:shape id="{spid}" style="position:absolute;left:72pt;top:72pt;width:144pt;height:72pt">
<v:imagedata o:relid="{rid}" o:title=""/></v:shape></xml>"""


def _deck(tmp_path: Path, spid: str) -> tuple[Path, ConvertResult]:
    prs = new_deck()
    slide = blank_slide(prs)
    add_xml_shape(slide, _OLE_FRAME)
    picture = io.BytesIO()
    Image.new("RGB", (100, 50), ORANGE).save(picture, format="PNG")
    image_part, _ = slide.part.get_or_add_image_part(picture)
    vml = Part(
        PackURI("/ppt/drawings/vmlDrawing1.vml"),
        "application/vnd.openxmlformats-officedocument.vmlDrawing",
        slide.part.package,
        b"",
    )
    r_id = vml.relate_to(image_part, RT.IMAGE)
    vml._blob = _VML.format(spid=spid, rid=r_id).encode()
    slide.part.relate_to(vml, RT.VML_DRAWING)
    return convert(prs, tmp_path)


def test_ole_object_draws_the_picture_of_its_vml_shape(tmp_path: Path) -> None:
    pdf, result = _deck(tmp_path, "_x0000_s2049")
    page = render_page(pdf)
    # The frame spans 72..216 x 72..144 pt.
    assert close(pixel(page, 144, 108), ORANGE, 6)
    assert close(pixel(page, 210, 140), ORANGE, 6)
    assert not result.warnings


def test_ole_object_without_any_preview_is_a_placeholder_with_a_warning(tmp_path: Path) -> None:
    pdf, result = _deck(tmp_path, "_x0000_s9999")  # the VML names another shape
    page = render_page(pdf)
    assert not close(pixel(page, 144, 90), ORANGE, 40)
    assert any("placeholder" in warning for warning in result.warnings)


_OLE_WITH_PIC = """<p:graphicFrame <NS>><p:nvGraphicFramePr><p:cNvPr id="8" name="Object 8"/><p:cNvGraphicFramePr/>
<p:nvPr/></p:nvGraphicFramePr><p:xfrm><a:off x="914400" y="914400"/><a:ext cx="1828800" cy="914400"/></p:xfrm>
<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/presentationml/2006/ole">
<p:oleObj name="Worksheet" r:id="" imgW="100" imgH="50" progId="Excel.Sheet.12"><p:embed/>
<p:pic><p:nvPicPr><p:cNvPr id="0" name=""/><p:cNvPicPr/><p:nvPr/></p:nvPicPr>
<p:blipFill><a:blip r:embed="{rid}"/><a:stretch><a:fillRect/></a:stretch></p:blipFill><p:spPr/></p:pic>
</p:oleObj></a:graphicData></a:graphic></p:graphicFrame>"""

GREY = (235, 235, 235)  # worker/render/fills.draw_placeholder's fill


def _deck_with_preview_pic(tmp_path: Path, picture: bytes | None) -> tuple[Path, ConvertResult]:
    """An OLE object whose p:pic (no box of its own) names ``picture``; None: a part it lacks."""
    prs = new_deck()
    slide = blank_slide(prs)
    r_id = "rId99"
    if picture is not None:
        image = Part(PackURI("/ppt/media/image9.png"), "image/png", slide.part.package, picture)
        r_id = slide.part.relate_to(image, RT.IMAGE)
    add_xml_shape(slide, _OLE_WITH_PIC.replace("{rid}", r_id))
    return convert(prs, tmp_path)


def test_ole_preview_pic_in_the_objects_box_is_drawn(tmp_path: Path) -> None:
    picture = io.BytesIO()
    Image.new("RGB", (100, 50), ORANGE).save(picture, format="PNG")
    pdf, result = _deck_with_preview_pic(tmp_path, picture.getvalue())
    assert close(pixel(render_page(pdf), 144, 108), ORANGE, 6)
    assert not result.warnings


def test_ole_preview_pic_that_cannot_be_drawn_is_a_placeholder_with_a_warning(tmp_path: Path) -> None:
    # The p:pic's image part is missing, or its bytes decode as nothing: the object's box is
    # marked (as a picture's is), not left blank without a word.
    for picture in (None, b"\x89PNG\r\n\x1a\n broken"):
        pdf, result = _deck_with_preview_pic(tmp_path, picture)
        assert close(pixel(render_page(pdf), 80, 80), GREY, 4), picture  # clear of its label
        assert any("placeholder" in warning for warning in result.warnings), (picture, result.warnings)
