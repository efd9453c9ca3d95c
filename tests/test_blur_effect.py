"""a:blur (ECMA-376 20.1.8.15): the shape or picture as drawn, blurred over ``rad``; with grow
(the default) the blur spreads past the shape's bounds, without it the result stays inside them."""

from __future__ import annotations

from pathlib import Path

from PIL import Image
from render_support import (
    add_xml_shape,
    blank_slide,
    close,
    convert,
    new_deck,
    pixel,
    render_page,
    sp_xml,
)

EMU_PT = 12700
RED = (255, 0, 0)
WHITE = (255, 255, 255)
BOX = (100, 100, 120, 120)  # x, y, w, h in points


def _page(tmp_path: Path, effect: str) -> Image.Image:
    prs = new_deck()
    x, y, w, h = (v * EMU_PT for v in BOX)
    fill = f'<a:solidFill><a:srgbClr val="FF0000"/></a:solidFill><a:ln><a:noFill/></a:ln>{effect}'
    add_xml_shape(blank_slide(prs), sp_xml(x, y, w, h, fill=fill, line=""))
    pdf, _ = convert(prs, tmp_path)
    return render_page(pdf, dpi=144)


def _at(page: Image.Image, x: float, y: float) -> tuple[int, int, int]:
    return pixel(page, x, y, dpi=144)


def _blur(rad_pt: float, grow: str = "") -> str:
    return f'<a:effectLst><a:blur rad="{int(rad_pt * EMU_PT)}" {grow}/></a:effectLst>'


def test_sharp_without_blur(tmp_path: Path) -> None:
    page = _page(tmp_path, "")
    assert close(_at(page, 101, 160), RED)
    assert close(_at(page, 99, 160), WHITE)


def test_blur_softens_the_edges(tmp_path: Path) -> None:
    page = _page(tmp_path, _blur(12))
    assert close(_at(page, 160, 160), RED)  # the middle stays
    edge = _at(page, 100, 160)
    assert 90 < edge[1] < 170 and edge[0] > 240, edge  # about half strength on the edge
    outside = _at(page, 96, 160)
    assert outside[1] > edge[1] + 20 and outside[1] < 250, outside  # spreads outwards (grow)
    inside = _at(page, 104, 160)
    assert inside[1] < edge[1] - 20, inside
    assert close(_at(page, 85, 160), WHITE)  # past the radius


def test_blur_without_grow_stays_in_bounds(tmp_path: Path) -> None:
    page = _page(tmp_path, _blur(12, 'grow="0"'))
    assert close(_at(page, 160, 160), RED)
    assert close(_at(page, 98, 160), WHITE)
    edge = _at(page, 101, 160)
    assert edge[1] > 60, edge  # faded inside the edge
