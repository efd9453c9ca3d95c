"""Picture recolouring (a:biLevel) and tiled picture fills (a:tile algn and flip), sampled on the page."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from lxml import etree
from pptx.util import Pt
from render_support import A_NS, blank_slide, close, convert, new_deck, pixel, png_bytes, render_page

BLACK = (0, 0, 0)
WHITE = (255, 255, 255)
RED = (220, 40, 40)
YELLOW = (240, 200, 30)


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
