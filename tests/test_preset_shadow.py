"""a:prstShdw (ECMA-376 20.1.8.49): a preset shadow is the outer shadow of its colour, direction and
distance, never turning with its shape (rotateWithShape is always false)."""

from __future__ import annotations

from pathlib import Path

from PIL import Image
from render_support import add_xml_shape, blank_slide, close, convert, new_deck, pixel, render_page, sp_xml

EMU_PT = 12700
WHITE = (255, 255, 255)
BLUE = (0, 0, 255)
BLACK = (0, 0, 0)


def _page(tmp_path: Path, effect: str, rot: int = 0) -> Image.Image:
    prs = new_deck()
    fill = f'<a:solidFill><a:srgbClr val="0000FF"/></a:solidFill><a:ln><a:noFill/></a:ln>{effect}'
    xml = sp_xml(100 * EMU_PT, 100 * EMU_PT, 60 * EMU_PT, 60 * EMU_PT, fill=fill, line="", xfrm_attrs=f'rot="{rot}"')
    add_xml_shape(blank_slide(prs), xml)
    pdf, _ = convert(prs, tmp_path)
    return render_page(pdf)


def _preset(prst: str = "shdw1") -> str:
    # 10 pt right and 10 pt down (dir 45 degrees).
    return (
        f'<a:effectLst><a:prstShdw prst="{prst}" dist="{int(10 * 2**0.5 * EMU_PT)}" dir="2700000">'
        '<a:srgbClr val="000000"/></a:prstShdw></a:effectLst>'
    )


def test_preset_shadow_is_cast(tmp_path: Path) -> None:
    page = _page(tmp_path, _preset())
    assert close(pixel(page, 130, 130), BLUE)
    assert close(pixel(page, 165, 165), BLACK), pixel(page, 165, 165)  # past the shape, in its shadow
    assert close(pixel(page, 105, 165), WHITE)  # below the shape's left, the shadow starts 10 pt right
    assert close(pixel(page, 175, 175), WHITE)


def test_preset_shadow_does_not_turn_with_its_shape(tmp_path: Path) -> None:
    """A square turned a half turn looks the same; its preset shadow still falls down-right."""
    page = _page(tmp_path, _preset(), rot=180 * 60000)
    assert close(pixel(page, 165, 165), BLACK), pixel(page, 165, 165)
    assert close(pixel(page, 95, 95), WHITE)


def test_no_preset_no_shadow(tmp_path: Path) -> None:
    page = _page(tmp_path, "")
    assert close(pixel(page, 165, 165), WHITE)
