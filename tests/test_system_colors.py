"""sysClr: the colour its lastClr stored, else Windows' default for the system colour (writers
other than PowerPoint may leave lastClr out), checked on shapes' rendered fills."""

from __future__ import annotations

from pathlib import Path

from render_support import blank_slide, new_deck, swatch_colours

CASES = [
    ('<a:sysClr val="btnFace"/>', (0xF0, 0xF0, 0xF0)),
    ('<a:sysClr val="infoBk"/>', (0xFF, 0xFF, 0xE1)),
    ('<a:sysClr val="highlight" lastClr="3399FF"/>', (0x33, 0x99, 0xFF)),
    ('<a:sysClr val="window"/>', (0xFF, 0xFF, 0xFF)),
    ('<a:sysClr val="windowText"/>', (0, 0, 0)),
    ('<a:sysClr val="grayText" lastClr="zz"/>', (0x6D, 0x6D, 0x6D)),  # an unreadable lastClr
]


def test_system_colours_fill_shapes(qapp: object, tmp_path: Path) -> None:
    prs = new_deck()
    slide = blank_slide(prs)
    colours = swatch_colours(slide, prs, tmp_path, [color for color, _ in CASES], pitch=100, side=80)
    for (color, rgb), got in zip(CASES, colours, strict=True):
        assert all(abs(a - b) <= 1 for a, b in zip(got, rgb, strict=True)), (color, got)
