"""Text with a pattern fill takes its two colours mixed in the pattern's proportion."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from render_support import add_xml_shape, blank_slide, close, convert, new_deck, render_page

EMU_PT = 12700


def _text(y_pt: int, prst: str, sid: int) -> str:
    fill = (
        f'<a:pattFill prst="{prst}"><a:fgClr><a:srgbClr val="FF0000"/></a:fgClr>'
        '<a:bgClr><a:srgbClr val="0000FF"/></a:bgClr></a:pattFill>'
    )
    return (
        f'<p:sp <NS>><p:nvSpPr><p:cNvPr id="{sid}" name="t{sid}"/><p:cNvSpPr txBox="1"/><p:nvPr/></p:nvSpPr>'
        f'<p:spPr><a:xfrm><a:off x="{72 * EMU_PT}" y="{y_pt * EMU_PT}"/>'
        f'<a:ext cx="{500 * EMU_PT}" cy="{100 * EMU_PT}"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/></p:spPr>'
        '<p:txBody><a:bodyPr wrap="none"/><a:lstStyle/><a:p><a:r>'
        f'<a:rPr lang="en-US" sz="7200" b="1">{fill}<a:latin typeface="Arial"/></a:rPr><a:t>HHHH</a:t></a:r></a:p>'
        "</p:txBody></p:sp>"
    )


def _ink(page: object, top: int, bottom: int) -> tuple[int, int, int]:
    """The commonest colour that is not the white page in a band of the page."""
    pixels = Counter(
        page.getpixel((x, y))[:3]  # type: ignore[attr-defined]
        for y in range(top, bottom)
        for x in range(72, 572)
    )
    return next(color for color, _n in pixels.most_common() if color != (255, 255, 255))


def test_pattern_text_shows_the_mix_of_its_colours(tmp_path: Path) -> None:
    prs = new_deck()
    slide = blank_slide(prs)
    add_xml_shape(slide, _text(72, "dkVert", 101))  # half the pixels foreground
    add_xml_shape(slide, _text(252, "pct5", 102))  # one in twenty foreground
    pdf, _ = convert(prs, tmp_path)
    page = render_page(pdf, dpi=72)
    assert close(_ink(page, 72, 172), (128, 0, 128), 12), _ink(page, 72, 172)
    assert close(_ink(page, 252, 352), (8, 0, 247), 12), _ink(page, 252, 352)
