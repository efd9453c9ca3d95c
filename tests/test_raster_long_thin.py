"""Raster effects of a long thin area stay within the image sides Qt allocates.

Found by the mutation fuzzer: a custom path's a:path/@w of 1 stretches its points a million times;
the shadow of such a shape was rastered under the pixel cap (6 MP) but over 65,500 pixels wide,
which Qt refuses with a warning ("Maximum supported image dimension is 65500 pixels")."""

from __future__ import annotations

from pathlib import Path

from render_support import add_xml_shape, blank_slide, close, convert, new_deck, pixel, render_page, sp_xml

# The path's own width is 1: its point at x = 100000 lies 100,000 shape widths to the right.
_GEOMETRY = (
    '<a:custGeom><a:avLst/><a:gdLst/><a:ahLst/><a:cxnLst/><a:rect l="0" t="0" r="r" b="b"/><a:pathLst>'
    '<a:path w="1" h="100"><a:moveTo><a:pt x="0" y="0"/></a:moveTo><a:lnTo><a:pt x="100000" y="0"/></a:lnTo>'
    '<a:lnTo><a:pt x="100000" y="100"/></a:lnTo><a:lnTo><a:pt x="0" y="100"/></a:lnTo><a:close/></a:path>'
    "</a:pathLst></a:custGeom>"
)
_FILL = '<a:solidFill><a:srgbClr val="DC1E1E"><a:alpha val="60000"/></a:srgbClr></a:solidFill>'
_SHADOW = (
    '<a:ln><a:noFill/></a:ln><a:effectLst><a:outerShdw blurRad="50800" dist="38100" dir="2700000">'
    '<a:srgbClr val="000000"><a:alpha val="50000"/></a:srgbClr></a:outerShdw></a:effectLst>'
)


def test_a_shadow_of_a_shape_stretched_a_million_times_raises_no_qt_warning(tmp_path: Path) -> None:
    # (pytest-qt fails the test on any Qt warning: qt_log_level_fail in pyproject.toml)
    prs = new_deck()
    slide = blank_slide(prs)
    add_xml_shape(slide, sp_xml(914400, 914400, 914400, 914400, _GEOMETRY, _FILL, _SHADOW))
    pdf, _ = convert(prs, tmp_path)
    page = render_page(pdf)
    # The shape's start is on the page (72..144 pt down, from 72 pt across), its see-through red.
    assert close(pixel(page, 100, 100), (234, 120, 120), 40), pixel(page, 100, 100)
