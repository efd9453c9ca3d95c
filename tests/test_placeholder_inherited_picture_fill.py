"""A picture fill a slide placeholder inherits from its layout or master placeholder is drawn with
that sheet's image (named by the layout's or master's relationships, not the slide's)."""

from __future__ import annotations

import io
from pathlib import Path

from lxml import etree
from PIL import Image
from render_support import NSDECL, close, convert, new_deck, pixel, render_page

_RT_IMAGE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"


def _png(color: tuple[int, int, int]) -> io.BytesIO:
    data = io.BytesIO()
    Image.new("RGB", (40, 30), color).save(data, "PNG")
    data.seek(0)
    return data


def _add_picture_fill(sheet: object, ph_type: str, color: tuple[int, int, int]) -> None:
    """Give ``sheet``'s (a layout's or master's) placeholder of ``ph_type`` a picture fill."""
    part = sheet.part  # type: ignore[attr-defined]
    _, rid = part.get_or_add_image_part(_png(color))
    for shape in sheet.placeholders:  # type: ignore[attr-defined]
        if shape.element.xpath("./*/p:nvPr/p:ph")[0].get("type") == ph_type:
            fill = etree.fromstring(
                f'<a:blipFill {NSDECL}><a:blip r:embed="{rid}"/><a:stretch><a:fillRect/></a:stretch></a:blipFill>'
            )
            shape.element.spPr.append(fill)
            return
    raise AssertionError(f"no {ph_type} placeholder")


def test_layout_and_master_placeholder_picture_fills_are_drawn(tmp_path: Path) -> None:
    prs = new_deck()
    layout = prs.slide_layouts[1]  # Title and Content: title and body as on the master
    _add_picture_fill(layout, "title", (200, 0, 0))
    _add_picture_fill(prs.slide_master, "body", (0, 128, 0))
    slide = prs.slides.add_slide(layout)
    slide.shapes.title.text = "T"
    slide.placeholders[1].text = "b"
    pdf, result = convert(prs, tmp_path)
    page = render_page(pdf)
    # The default master's title box spans 36-684 x 21.6-111.6 pt; its body 36-684 x 126-482 pt.
    assert close(pixel(page, 100, 40), (200, 0, 0))
    assert close(pixel(page, 600, 400), (0, 128, 0))
    assert not [w for w in result.warnings if "image part is missing" in w]
