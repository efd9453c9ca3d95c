"""A run's outer shadow is as strong as its glyphs are opaque: text drawn 40 % opaque casts a shadow
40 % as strong, and fully transparent text none, as shapes' see-through fills cast lighter shadows
(test_shadow_of_drawn_shape). Aspose's evaluation watermark (red text at alpha 40 % with an 80 %
black shadow) stood out as dark grey text over every slide, the shadow showing through the glyphs."""

from __future__ import annotations

from pathlib import Path

from PIL import Image
from render_support import add_xml_shape, blank_slide, convert, new_deck, render_page, sp_xml

EMU_PT = 12700
OFFSET = 12  # points down and right


def _run(alpha: int | None, *, warp: bool = False, outline: str = "") -> str:
    """A text box of 60 pt bold 'HIHI' in blue at ``alpha`` (thousandths of a percent; None: opaque)
    casting an unblurred black shadow OFFSET points down and right; ``warp``: through a WordArt
    warp (prstTxWarp textPlain), which draws the glyphs as outlines of its own."""
    fade = f'<a:alpha val="{alpha}"/>' if alpha is not None else ""
    shadow = (
        f'<a:effectLst><a:outerShdw dist="{int(OFFSET * 2**0.5 * EMU_PT)}" dir="2700000" algn="tl" '
        'rotWithShape="0"><a:srgbClr val="000000"/></a:outerShdw></a:effectLst>'
    )
    warp_xml = '<a:prstTxWarp prst="textPlain"><a:avLst/></a:prstTxWarp>' if warp else ""
    body = (
        f'<p:txBody><a:bodyPr wrap="none" lIns="0" tIns="0" rIns="0" bIns="0" anchor="t">{warp_xml}</a:bodyPr>'
        '<a:lstStyle/><a:p><a:r><a:rPr lang="en-US" sz="6000" b="1">'
        f'{outline}<a:solidFill><a:srgbClr val="0000FF">{fade}</a:srgbClr></a:solidFill>{shadow}'
        "</a:rPr><a:t>HIHI</a:t></a:r></a:p></p:txBody>"
    )
    box = sp_xml(40 * EMU_PT, 40 * EMU_PT, 300 * EMU_PT, 80 * EMU_PT, fill="<a:noFill/><a:ln><a:noFill/></a:ln>")
    return box.replace("</p:spPr>", "</p:spPr>" + body, 1)


def _page(tmp_path: Path, xml: str) -> Image.Image:
    prs = new_deck()
    add_xml_shape(blank_slide(prs), xml)
    pdf, result = convert(prs, tmp_path)
    assert result.warnings == [], result.warnings
    return render_page(pdf, dpi=144)


def _rgb(page: Image.Image, x: int, y: int) -> tuple[int, int, int]:
    value = page.getpixel((x, y))
    assert isinstance(value, tuple)
    return value[0], value[1], value[2]


def _shadow_levels(page: Image.Image) -> list[int]:
    """Grey levels of the pixels where only the shadow shows: grey ones (the blue glyphs, over white
    or over their shadow, always have more blue than red)."""
    levels = []
    for y in range(60, 300):
        for x in range(60, 700):
            r, g, b = _rgb(page, x, y)
            if r == g == b and r < 250:
                levels.append(r)
    return levels


def _median(values: list[int]) -> int:
    assert len(values) > 500, len(values)
    return sorted(values)[len(values) // 2]


def test_opaque_text_casts_a_black_shadow(tmp_path: Path) -> None:
    assert _median(_shadow_levels(_page(tmp_path, _run(None)))) < 10


def test_text_forty_percent_opaque_casts_a_shadow_forty_percent_as_strong(tmp_path: Path) -> None:
    level = _median(_shadow_levels(_page(tmp_path, _run(40000))))
    assert abs(level - 0.6 * 255) <= 8, level  # black at 40 % over white (before: 0)


def test_fully_transparent_text_casts_no_shadow(tmp_path: Path) -> None:
    page = _page(tmp_path, _run(0))
    dark = [(x, y) for y in range(60, 300) for x in range(60, 700) if max(_rgb(page, x, y)) < 200]
    assert dark == []


def test_warped_translucent_text_casts_a_lighter_shadow_too(tmp_path: Path) -> None:
    level = _median(_shadow_levels(_page(tmp_path, _run(40000, warp=True))))
    assert abs(level - 0.6 * 255) <= 8, level


def test_an_opaque_outline_keeps_the_shadow_of_translucent_text_whole(tmp_path: Path) -> None:
    """The glyphs' outline is drawn opaque: what is drawn is as strong as its strongest paint, and
    the shadow with it (the fill's alpha alone would fade the shadow of an opaque stroke)."""
    outline = '<a:ln w="38100"><a:solidFill><a:srgbClr val="0000FF"/></a:solidFill></a:ln>'
    assert _median(_shadow_levels(_page(tmp_path, _run(40000, outline=outline)))) < 10
