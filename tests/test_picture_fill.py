"""A picture's own fill (spPr) behind its transparent pixels, sampled."""

from __future__ import annotations

from pathlib import Path

from lxml import etree
from pptx.util import Inches
from render_support import A_NS, blank_slide, close, convert, new_deck, pixel, png_bytes, render_page

BLUE = (0, 0, 255)
YELLOW = (255, 255, 0)
WHITE = (255, 255, 255)


def test_picture_fill_shows_through_its_transparent_pixels(tmp_path: Path) -> None:
    # Before, a p:pic's spPr fill was never drawn. PowerPoint draws it behind the picture
    # (Format Picture > Fill), clipped to the picture's geometry.
    png = tmp_path / "half.png"
    png.write_bytes(png_bytes(40, 40, [(0, 0, 255, 255), (0, 0, 0, 0)]))
    prs = new_deck()
    slide = blank_slide(prs)
    fill = f'<a:solidFill xmlns:a="{A_NS}"><a:srgbClr val="FFFF00"/></a:solidFill>'
    for left, prst in ((1, "rect"), (5, "ellipse")):  # 144 pt squares at x = 72 and 360 pt, y = 72
        pic = slide.shapes.add_picture(str(png), Inches(left), Inches(1), Inches(2), Inches(2))
        pic._element.spPr.find(f"{{{A_NS}}}prstGeom").set("prst", prst)
        pic._element.spPr.append(etree.fromstring(fill))
    plain = slide.shapes.add_picture(str(png), Inches(1), Inches(4), Inches(2), Inches(2))
    assert plain is not None
    pdf, _ = convert(prs, tmp_path)
    page = render_page(pdf)
    assert close(pixel(page, 72 + 36, 72 + 72), BLUE)  # the opaque half covers the fill
    assert close(pixel(page, 72 + 108, 72 + 72), YELLOW)  # the transparent half shows it
    assert close(pixel(page, 360 + 108, 72 + 72), YELLOW)  # inside the ellipse
    assert close(pixel(page, 360 + 140, 72 + 4), WHITE)  # outside the ellipse: no fill
    assert close(pixel(page, 72 + 108, 288 + 72), WHITE)  # no fill, nothing behind
