"""Inner shadows (a:innerShdw) on text (a:rPr's effect list) and on filled shapes (spPr's): PowerPoint
shades the inside of each glyph or shape along the edges the light comes from, the shadow falling
``dist`` towards ``dir``."""

from __future__ import annotations

from pathlib import Path

from render_support import add_xml_shape, blank_slide, convert, new_deck, pixel, render_page, sp_xml, text_box

EMU_PT = 12700
DPI = 144
# Red, no blur, 6 pt towards the lower right.
RED_DOWN_RIGHT = (
    f'<a:effectLst><a:innerShdw dist="{int(6 * 2**0.5 * EMU_PT)}" dir="2700000">'
    '<a:srgbClr val="FF0000"/></a:innerShdw></a:effectLst>'
)


def _deck(tmp_path: Path, effects: str) -> Path:
    run = (
        '<a:r><a:rPr lang="en-US" sz="9600" b="1"><a:solidFill><a:srgbClr val="000000"/></a:solidFill>'
        f"{effects}</a:rPr><a:t>I</a:t></a:r>"
    )
    tx = (
        f'<p:txBody><a:bodyPr wrap="none" lIns="0" tIns="0" rIns="0" bIns="0"/><a:lstStyle/><a:p>{run}</a:p></p:txBody>'
    )
    prs = new_deck()
    add_xml_shape(blank_slide(prs), sp_xml(40 * EMU_PT, 40 * EMU_PT, 400 * EMU_PT, 200 * EMU_PT, text=tx))
    pdf, _ = convert(prs, tmp_path)
    return pdf


def test_an_inner_shadow_shades_the_glyph_inside_its_lit_edges(tmp_path: Path) -> None:
    # Red, no blur, 6 pt towards the lower right: a red band inside the top and left edges.
    shadow = RED_DOWN_RIGHT
    pdf = _deck(tmp_path, shadow)
    found = text_box(pdf, "I")
    assert found is not None
    left, top, right, bottom = found
    page = render_page(pdf, dpi=DPI)
    middle_y, middle_x = (top + bottom) / 2, (left + right) / 2
    near_left = pixel(page, left + 3, middle_y, DPI)
    near_right = pixel(page, right - 3, middle_y, DPI)
    near_top = pixel(page, middle_x + 3, top + 3, DPI)
    assert near_left[0] > 200 and near_left[1] < 80, near_left  # the shadow, inside the left edge
    assert near_top[0] > 200 and near_top[1] < 80, near_top  # and inside the top edge
    assert max(near_right) < 60, near_right  # the glyph's own black on the far side
    assert min(pixel(page, left - 4, middle_y, DPI)) > 240  # nothing outside the glyph


def test_a_blurred_inner_shadow_fades_inwards(tmp_path: Path) -> None:
    shadow = (
        f'<a:effectLst><a:innerShdw blurRad="{8 * EMU_PT}" dist="{6 * EMU_PT}" dir="0">'
        '<a:srgbClr val="FF0000"/></a:innerShdw></a:effectLst>'
    )
    pdf = _deck(tmp_path, shadow)
    found = text_box(pdf, "I")
    assert found is not None
    left, top, _right, bottom = found
    page = render_page(pdf, dpi=DPI)
    middle_y = (top + bottom) / 2
    edge, deeper = pixel(page, left + 1, middle_y, DPI), pixel(page, left + 7, middle_y, DPI)
    assert edge[0] > deeper[0] + 30, (edge, deeper)  # redder at the edge, darker further in


def test_a_filled_shapes_inner_shadow_shades_inside_its_lit_edges(tmp_path: Path) -> None:
    """A shape's own a:innerShdw (its spPr's effect list, as theme effect styles give it) shades
    the fill inside the edges the light falls away from, under the outline."""
    shadow = RED_DOWN_RIGHT
    fill = '<a:solidFill><a:srgbClr val="FFFFFF"/></a:solidFill>'
    prs = new_deck()
    add_xml_shape(blank_slide(prs), sp_xml(100 * EMU_PT, 100 * EMU_PT, 200 * EMU_PT, 100 * EMU_PT, fill=fill + shadow))
    pdf, _ = convert(prs, tmp_path)
    page = render_page(pdf, dpi=DPI)
    inside_left, inside_top = pixel(page, 103, 150, DPI), pixel(page, 200, 103, DPI)
    assert inside_left[0] > 200 and inside_left[1] < 80, inside_left  # shadow inside the left edge
    assert inside_top[0] > 200 and inside_top[1] < 80, inside_top  # and inside the top edge
    assert min(pixel(page, 297, 150, DPI)) > 240  # the lit right edge keeps its white fill
    assert min(pixel(page, 200, 150, DPI)) > 240  # and so does the middle
    assert min(pixel(page, 97, 150, DPI)) > 240  # nothing outside the shape


def test_an_unfilled_shapes_inner_shadow_shades_nothing(tmp_path: Path) -> None:
    # A text placeholder with noFill and an inner shadow (poi__customGeo p23): there is no fill to shade.
    shadow = RED_DOWN_RIGHT
    prs = new_deck()
    add_xml_shape(
        blank_slide(prs), sp_xml(100 * EMU_PT, 100 * EMU_PT, 200 * EMU_PT, 100 * EMU_PT, fill="<a:noFill/>" + shadow)
    )
    pdf, _ = convert(prs, tmp_path)
    page = render_page(pdf, dpi=DPI)
    assert min(pixel(page, 103, 150, DPI)) > 240
    assert min(pixel(page, 200, 103, DPI)) > 240
