"""Picture bullets (a:buBlip) a slide's text inherits from the master's body style or the layout's
list style are drawn with the image the master or layout relates to."""

from __future__ import annotations

import io
from pathlib import Path

from lxml import etree
from PIL import Image
from render_support import A_NS, NSDECL, P_NS, convert, new_deck, render_page, text_box

_NS = {"a": A_NS, "p": P_NS}


def _find(el: etree._Element, xpath: str) -> etree._Element:
    found = etree.ElementBase.xpath(el, xpath, namespaces=_NS)
    assert isinstance(found, list) and found
    first = found[0]
    assert isinstance(first, etree._Element)
    return first


def _png(color: tuple[int, int, int]) -> io.BytesIO:
    data = io.BytesIO()
    Image.new("RGB", (32, 32), color).save(data, "PNG")
    data.seek(0)
    return data


def _bullet_level(part: object, level: etree._Element, color: tuple[int, int, int]) -> None:
    """Make ``level`` (an a:lvlNpPr of ``part``'s XML) use a picture bullet of ``color``."""
    _, rid = part.get_or_add_image_part(_png(color))  # type: ignore[attr-defined]
    for old in list(level):
        if etree.QName(old).localname in ("buChar", "buFont", "buNone"):
            level.remove(old)
    level.insert(0, etree.fromstring(f'<a:buBlip {NSDECL}><a:blip r:embed="{rid}"/></a:buBlip>'))


def _has_color_left_of(page: Image.Image, box: tuple[float, float, float, float], color: tuple[int, int, int]) -> bool:
    """Whether pixels of ``color`` lie in the 40 pt before the text ``box`` on its line."""
    left, top, _right, bottom = box
    strip = page.crop((max(int(left) - 40, 0), int(top), int(left) + 4, int(bottom) + 1))
    data = strip.tobytes()
    pixels = zip(data[0::3], data[1::3], data[2::3], strict=True)
    return any(all(abs(a - b) <= 30 for a, b in zip(p, color, strict=True)) for p in pixels)


def test_master_and_layout_picture_bullets_are_drawn(tmp_path: Path) -> None:
    prs = new_deck()
    master = prs.slide_master
    _bullet_level(master.part, _find(master.element, "p:txStyles/p:bodyStyle/a:lvl1pPr"), (220, 0, 0))
    layout = prs.slide_layouts[1]
    lst = _find(layout.placeholders[1].element, "p:txBody/a:lstStyle")
    for old in list(lst):
        lst.remove(old)
    level2 = etree.SubElement(lst, f"{{{A_NS}}}lvl2pPr")
    _bullet_level(layout.part, level2, (0, 0, 220))
    slide = prs.slides.add_slide(layout)
    frame = slide.placeholders[1].text_frame
    frame.text = "Masterlevel"
    second = frame.add_paragraph()
    second.text = "Layoutlevel"
    second.level = 1
    pdf, _ = convert(prs, tmp_path)
    page = render_page(pdf)
    first_box, second_box = text_box(pdf, "Masterlevel"), text_box(pdf, "Layoutlevel")
    assert first_box is not None and second_box is not None
    assert _has_color_left_of(page, first_box, (220, 0, 0))
    assert _has_color_left_of(page, second_box, (0, 0, 220))
