"""sysClr: the colour its lastClr stored, else Windows' default for the system colour (writers
other than PowerPoint may leave lastClr out), checked on shapes' rendered fills."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from lxml import etree
from pptx.enum.shapes import MSO_SHAPE
from pptx.util import Pt
from render_support import A_NS, blank_slide, convert, new_deck, render_page

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
    for i, (color, _) in enumerate(CASES):
        sp = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, Pt(20 + i * 100), Pt(20), Pt(80), Pt(80))
        sp.line.fill.background()
        sp._element.spPr.append(etree.fromstring(f'<a:solidFill xmlns:a="{A_NS}">{color}</a:solidFill>'))
    pdf, _ = convert(prs, tmp_path)
    page = np.asarray(render_page(pdf)).astype(int)
    for i, (color, rgb) in enumerate(CASES):
        got = tuple(int(v) for v in page[60, 60 + i * 100])
        assert all(abs(a - b) <= 1 for a, b in zip(got, rgb, strict=True)), (color, got)
