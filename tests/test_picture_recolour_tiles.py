"""Picture recolouring (a:biLevel) and tiled picture fills (a:tile algn and flip), sampled on the page."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from lxml import etree
from pptx.util import Pt
from render_support import (
    A_NS,
    add_xml_shape,
    blank_slide,
    close,
    convert,
    new_deck,
    pixel,
    png_bytes,
    render_page,
    sp_xml,
)

BLACK = (0, 0, 0)
WHITE = (255, 255, 255)
RED = (220, 40, 40)
YELLOW = (240, 200, 30)
EMU_PT = 12700
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _blip_effect(slide: Any, left_pt: float, effect_xml: str) -> None:
    blob = png_bytes(200, 100, [(*RED, 255), (*YELLOW, 255)])
    pic = slide.shapes.add_picture(io.BytesIO(blob), Pt(left_pt), Pt(72), Pt(144), Pt(72))
    blip = pic._element.blipFill.find(f"{{{A_NS}}}blip")
    blip.append(etree.fromstring(effect_xml.replace("<a:biLevel", f'<a:biLevel xmlns:a="{A_NS}"')))


def test_bilevel_turns_pixels_black_or_white_at_the_threshold(tmp_path: Path) -> None:
    prs = new_deck()
    slide = blank_slide(prs)
    # Red's luminance is about 40 %, yellow's about 73 %.
    _blip_effect(slide, 36, '<a:biLevel thresh="50000"/>')
    _blip_effect(slide, 252, '<a:biLevel thresh="30000"/>')
    pdf, _ = convert(prs, tmp_path)
    page = render_page(pdf, dpi=72)
    assert close(pixel(page, 36 + 36, 108), BLACK, 20)  # red under 50 %: black
    assert close(pixel(page, 36 + 108, 108), WHITE, 20)  # yellow over it: white
    assert close(pixel(page, 252 + 36, 108), WHITE, 20)  # red over 30 %: white
    assert close(pixel(page, 252 + 108, 108), WHITE, 20)


def _image_rid(slide: Any) -> str:
    """Relate a 96 x 48 px picture (72 x 36 pt at 96 dpi), red left half and yellow right half, to the
    slide and return its relationship id (the picture shape itself is taken away again)."""
    blob = png_bytes(96, 48, [(*RED, 255), (*YELLOW, 255)])
    pic = slide.shapes.add_picture(io.BytesIO(blob), 0, 0)
    rid = pic._element.blipFill.find(f"{{{A_NS}}}blip").get(f"{{{R_NS}}}embed")
    pic._element.getparent().remove(pic._element)
    return str(rid)


def _tiled_rect(slide: Any, rid: str, y_pt: int, tile_attrs: str, sid: int) -> None:
    fill = (
        f'<a:blipFill rotWithShape="1"><a:blip r:embed="{rid}"/>'
        f'<a:tile tx="0" ty="0" sx="100000" sy="100000" {tile_attrs}/></a:blipFill>'
    )
    add_xml_shape(slide, sp_xml(72 * EMU_PT, y_pt * EMU_PT, 200 * EMU_PT, 72 * EMU_PT, fill=fill, sid=sid))


def test_tiles_align_to_the_box_and_mirror_every_other_tile(tmp_path: Path) -> None:
    prs = new_deck()
    slide = blank_slide(prs)
    rid = _image_rid(slide)
    _tiled_rect(slide, rid, 72, 'flip="none" algn="tl"', 101)
    _tiled_rect(slide, rid, 180, 'flip="none" algn="br"', 102)
    _tiled_rect(slide, rid, 288, 'flip="x" algn="tl"', 103)
    pdf, _ = convert(prs, tmp_path)
    page = render_page(pdf, dpi=72)
    # tl: tiles start at x 72: red 72-108, yellow 108-144, red 144-180, yellow 180-216...
    assert close(pixel(page, 90, 80), RED) and close(pixel(page, 126, 80), YELLOW)
    assert close(pixel(page, 162, 80), RED) and close(pixel(page, 270, 80), YELLOW)
    # br: the first tile ends at the box's right edge (x 272): yellow 236-272, red 200-236.
    assert close(pixel(page, 268, 248), YELLOW) and close(pixel(page, 218, 248), RED)
    assert close(pixel(page, 190, 248), YELLOW)
    # flip x: the second tile (144-216) is mirrored, yellow first; the third is the picture again.
    assert close(pixel(page, 90, 296), RED) and close(pixel(page, 126, 296), YELLOW)
    assert close(pixel(page, 162, 296), YELLOW) and close(pixel(page, 198, 296), RED)
    assert close(pixel(page, 234, 296), RED)
