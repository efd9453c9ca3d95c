"""The built-in engine paints slides: sizes, backgrounds, colours, shapes, lines, groups."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.util import Inches
from pypdf import PdfReader
from render_support import (
    add_xml_shape,
    blank_slide,
    close,
    convert,
    new_deck,
    page_text,
    pixel,
    png_bytes,
    render_page,
    sp_xml,
    text_box,
)

EMU_IN = 914400


def test_page_size_follows_slide_size(tmp_path: Path) -> None:
    prs = new_deck(13.333, 7.5)
    blank_slide(prs)
    pdf, result = convert(prs, tmp_path)
    box = PdfReader(str(pdf)).pages[0].mediabox
    assert result.slides == 1
    assert abs(float(box.width) - 960) < 0.5 and abs(float(box.height) - 540) < 0.5


def test_solid_background_and_theme_colour_with_modifiers(tmp_path: Path) -> None:
    prs = new_deck()
    slide = blank_slide(prs)
    bg = (
        '<p:bg xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" '
        'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><p:bgPr>'
        '<a:solidFill><a:srgbClr val="336699"/></a:solidFill><a:effectLst/></p:bgPr></p:bg>'
    )
    from lxml import etree

    slide._element.cSld.insert(0, etree.fromstring(bg))
    # accent1 of the default theme is 4472C4 (Office 2013+) or 4F81BD (python-pptx's template):
    # lumMod 50% halves the HSL lightness whichever it is; check against our own computation.
    add_xml_shape(
        slide,
        sp_xml(
            EMU_IN,
            EMU_IN,
            2 * EMU_IN,
            EMU_IN,
            fill='<a:solidFill><a:srgbClr val="FF0000"><a:lumMod val="50000"/></a:srgbClr></a:solidFill>',
        ),
    )
    pdf, _ = convert(prs, tmp_path)
    page = render_page(pdf)
    assert close(pixel(page, 10, 10), (0x33, 0x66, 0x99))
    assert close(pixel(page, 144, 108), (128, 0, 0))


def test_gradient_background_runs_top_to_bottom(tmp_path: Path) -> None:
    prs = new_deck()
    slide = blank_slide(prs)
    from lxml import etree

    slide._element.cSld.insert(
        0,
        etree.fromstring(
            '<p:bg xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" '
            'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><p:bgPr><a:gradFill><a:gsLst>'
            '<a:gs pos="0"><a:srgbClr val="FFFFFF"/></a:gs><a:gs pos="100000"><a:srgbClr val="0000FF"/></a:gs>'
            '</a:gsLst><a:lin ang="5400000" scaled="0"/></a:gradFill><a:effectLst/></p:bgPr></p:bg>'
        ),
    )
    pdf, _ = convert(prs, tmp_path)
    page = render_page(pdf)
    top, bottom = pixel(page, 360, 3), pixel(page, 360, 537)
    assert top[2] > 240 and top[0] > 230
    assert bottom[0] < 30 and bottom[2] > 230


def test_preset_ellipse_fills_inside_only(tmp_path: Path) -> None:
    prs = new_deck()
    slide = blank_slide(prs)
    shape = slide.shapes.add_shape(MSO_SHAPE.OVAL, Inches(1), Inches(1), Inches(4), Inches(2))
    shape.fill.solid()
    shape.fill.fore_color.rgb = RGBColor(0, 160, 0)
    shape.line.fill.background()
    pdf, _ = convert(prs, tmp_path)
    page = render_page(pdf)
    assert close(pixel(page, 72 + 144, 72 + 72), (0, 160, 0))  # centre
    assert close(pixel(page, 72 + 4, 72 + 4), (255, 255, 255))  # corner of the box is outside


def test_rotation_and_flip(tmp_path: Path) -> None:
    prs = new_deck()
    slide = blank_slide(prs)
    # A wide bar rotated 90 degrees stands upright about its centre (3in, 2in).
    add_xml_shape(
        slide,
        sp_xml(
            EMU_IN,
            int(1.75 * EMU_IN),
            4 * EMU_IN,
            EMU_IN // 2,
            xfrm_attrs='rot="5400000"',
            fill='<a:solidFill><a:srgbClr val="0000FF"/></a:solidFill>',
        ),
    )
    # A right arrow flipped horizontally points left: its tip is at the box's left edge.
    add_xml_shape(
        slide,
        sp_xml(
            6 * EMU_IN,
            EMU_IN,
            3 * EMU_IN,
            EMU_IN,
            sid=101,
            geometry='<a:prstGeom prst="rightArrow"><a:avLst/></a:prstGeom>',
            fill='<a:solidFill><a:srgbClr val="FF0000"/></a:solidFill>',
            xfrm_attrs='flipH="1"',
        ),
    )
    pdf, _ = convert(prs, tmp_path)
    page = render_page(pdf)
    assert close(pixel(page, 216, 144 + 100), (0, 0, 255))  # below the unrotated bar: blue now
    assert close(pixel(page, 216 - 60, 144), (255, 255, 255))  # where the bar's left end was
    assert close(pixel(page, 432 + 8, 108), (255, 0, 0))  # the tip, at mid height on the left
    assert close(pixel(page, 648 - 8, 108 - 30), (255, 255, 255))  # the tail side is narrow


def test_group_child_coordinates_are_scaled(tmp_path: Path) -> None:
    prs = new_deck()
    slide = blank_slide(prs)
    child = sp_xml(0, 0, 1000, 1000, fill='<a:solidFill><a:srgbClr val="00AA00"/></a:solidFill>', sid=201)
    add_xml_shape(
        slide,
        (
            '<p:grpSp <NS>><p:nvGrpSpPr><p:cNvPr id="200" name="g"/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr>'
            '<p:grpSpPr><a:xfrm><a:off x="914400" y="914400"/><a:ext cx="1828800" cy="914400"/>'
            '<a:chOff x="0" y="0"/><a:chExt cx="2000" cy="1000"/></a:xfrm></p:grpSpPr>'
            + child.replace("<p:sp <NS>>", "<p:sp>")
            + "</p:grpSp>"
        ),
    )
    pdf, _ = convert(prs, tmp_path)
    page = render_page(pdf)
    # The child covers the left half of the group: 1in..2in across, 1in..2in down.
    assert close(pixel(page, 72 + 36, 72 + 36), (0, 170, 0))
    assert close(pixel(page, 72 + 108, 72 + 36), (255, 255, 255))


def test_line_width_dash_and_arrow_head(tmp_path: Path) -> None:
    prs = new_deck()
    slide = blank_slide(prs)
    add_xml_shape(
        slide,
        sp_xml(
            EMU_IN,
            2 * EMU_IN,
            4 * EMU_IN,
            0,
            geometry='<a:prstGeom prst="line"><a:avLst/></a:prstGeom>',
            line='<a:ln w="76200"><a:solidFill><a:srgbClr val="000000"/></a:solidFill>'
            '<a:tailEnd type="triangle" w="lg" len="lg"/></a:ln>',
        ),
    )
    add_xml_shape(
        slide,
        sp_xml(
            EMU_IN,
            4 * EMU_IN,
            4 * EMU_IN,
            0,
            sid=102,
            geometry='<a:prstGeom prst="line"><a:avLst/></a:prstGeom>',
            line='<a:ln w="38100"><a:solidFill><a:srgbClr val="000000"/></a:solidFill><a:prstDash val="dash"/></a:ln>',
        ),
    )
    pdf, _ = convert(prs, tmp_path)
    page = render_page(pdf, dpi=144)
    # 6 pt wide: solid 2.5 pt off the centre line, white 4 pt off.
    assert close(pixel(page, 150, 144 + 2.5, 144), (0, 0, 0), 40)
    assert close(pixel(page, 150, 144 + 4.5, 144), (255, 255, 255), 40)
    # The arrow head at the end is wider than the line.
    assert close(pixel(page, 360 - 25, 144 + 8, 144), (0, 0, 0), 60)
    # The dashed line has gaps along it.
    row = [pixel(page, x / 2, 288, 144)[0] for x in range(160, 560)]
    assert min(row) < 60 and max(row) > 200


def _arrow_line(y_pt: int, cap: str, head: str, sid: int) -> str:
    """A 6 pt black line from x = 72 pt to 360 pt at ``y_pt``, with a med/med ``head`` at its end."""
    return sp_xml(
        EMU_IN,
        y_pt * 12700,
        4 * EMU_IN,
        0,
        sid=sid,
        geometry='<a:prstGeom prst="line"><a:avLst/></a:prstGeom>',
        line=f'<a:ln w="76200" cap="{cap}"><a:solidFill><a:srgbClr val="000000"/></a:solidFill>'
        f'<a:tailEnd type="{head}" w="med" len="med"/></a:ln>',
    )


def test_a_thick_line_ends_inside_its_pointed_arrow_head(tmp_path: Path) -> None:
    prs = new_deck()
    slide = blank_slide(prs)
    for k, (cap, head) in enumerate((("flat", "triangle"), ("rnd", "triangle"), ("sq", "stealth"))):
        add_xml_shape(slide, _arrow_line(100 + 100 * k, cap, head, 101 + k))
    pdf, _ = convert(prs, tmp_path)
    page = render_page(pdf, dpi=288)
    for k in range(3):
        y = 100 + 100 * k
        # The head (18 pt long, 18 pt wide) is 1 pt wide 2 pt short of the tip, where the 6 pt
        # line stroked to the tip showed its corners 2.5 pt off the axis on both sides.
        for off in (-2.5, 2.5):
            assert close(pixel(page, 358, y + off, 288), (255, 255, 255), 40), (k, off)
        assert close(pixel(page, 358, y, 288), (0, 0, 0), 60), k  # the tip itself
        assert close(pixel(page, 360 - 12, y + 5, 288), (0, 0, 0), 60), k  # the head
        assert close(pixel(page, 200, y + 2.5, 288), (0, 0, 0), 60), k  # the line


def test_pattern_fill_mixes_both_colours(tmp_path: Path) -> None:
    prs = new_deck()
    slide = blank_slide(prs)
    add_xml_shape(
        slide,
        sp_xml(
            EMU_IN,
            EMU_IN,
            2 * EMU_IN,
            2 * EMU_IN,
            fill=(
                '<a:pattFill prst="pct50"><a:fgClr><a:srgbClr val="000000"/></a:fgClr>'
                '<a:bgClr><a:srgbClr val="FFFFFF"/></a:bgClr></a:pattFill>'
            ),
        ),
    )
    pdf, _ = convert(prs, tmp_path)
    page = render_page(pdf, dpi=48)
    region = [sum(pixel(page, 72 + x, 72 + y, 48)) / 3 for x in range(20, 120, 7) for y in range(20, 120, 7)]
    mean = sum(region) / len(region)
    assert 60 < mean < 200


def test_hidden_slides_are_left_out_unless_asked(tmp_path: Path) -> None:
    from worker.engines.base import ConvertOptions

    prs = new_deck()
    for n in range(3):
        slide = blank_slide(prs)
        box = slide.shapes.add_textbox(Inches(1), Inches(1), Inches(4), Inches(1))
        box.text_frame.text = f"Slide number {n + 1}"
    prs.slides[1]._element.set("show", "0")
    pdf, result = convert(prs, tmp_path)
    assert result.slides == 2 and len(PdfReader(str(pdf)).pages) == 2
    assert "Slide number 3" in page_text(pdf, 1)
    pdf, result = convert(prs, tmp_path, name="all", options=ConvertOptions(include_hidden=True))
    assert len(PdfReader(str(pdf)).pages) == 3


def test_placeholder_takes_position_and_style_from_layout(tmp_path: Path) -> None:
    prs = new_deck()
    slide = prs.slides.add_slide(prs.slide_layouts[0])  # Title Slide: title and subtitle placeholders
    slide.shapes.title.text = "Inherited Title"
    layout_title = prs.slide_layouts[0].placeholders[0]
    pdf, _ = convert(prs, tmp_path)
    found = text_box(pdf, "Inherited Title")
    assert found is not None
    left, top, right, bottom = found
    # Centred in the layout's title box, whose position the slide did not repeat.
    box_left = layout_title.left / 12700
    box_right = (layout_title.left + layout_title.width) / 12700
    assert abs((left + right) / 2 - (box_left + box_right) / 2) < 6
    assert layout_title.top / 12700 <= top and bottom <= (layout_title.top + layout_title.height) / 12700
    # The master's title style is 44 pt: the glyphs are far taller than body text.
    assert bottom - top > 25


def test_outer_shadow_falls_below_the_shape_and_fades(tmp_path: Path) -> None:
    prs = new_deck()
    slide = blank_slide(prs)
    shadow = (
        '<a:effectLst><a:outerShdw blurRad="50800" dist="76200" dir="5400000" algn="t" rotWithShape="0">'
        '<a:srgbClr val="000000"><a:alpha val="60000"/></a:srgbClr></a:outerShdw></a:effectLst>'
    )
    add_xml_shape(
        slide,
        sp_xml(
            EMU_IN,
            EMU_IN,
            2 * EMU_IN,
            EMU_IN,
            fill='<a:solidFill><a:srgbClr val="FFFFFF"/></a:solidFill>',
            line="<a:ln><a:noFill/></a:ln>" + shadow,
        ),
    )
    pdf, _ = convert(prs, tmp_path)
    page = render_page(pdf, dpi=144)
    below = pixel(page, 144, 144 + 4, 144)  # 4 pt under the shape: inside the 6 pt offset shadow
    far = pixel(page, 144, 144 + 16, 144)  # beyond offset plus blur
    above = pixel(page, 144, 72 - 3, 144)
    assert sum(below) < 3 * 200
    assert close(far, (255, 255, 255), 8)
    assert close(above, (255, 255, 255), 8)


def _restyled_title(layout_sp_pr: str, ln_ref: str) -> tuple[Any, Any]:
    """A Title Only slide whose layout title's spPr gains ``layout_sp_pr`` and whose own title is
    restyled on the slide (Shape Styles: ``ln_ref``, a green fillRef): the deck and the title."""
    from lxml import etree

    prs = new_deck()
    layout = prs.slide_layouts[5]  # Title Only
    layout.placeholders[0]._element.spPr.append(etree.fromstring(layout_sp_pr))
    slide = prs.slides.add_slide(layout)
    title = slide.shapes.title
    title.text = "Styled"
    title._element.append(
        etree.fromstring(
            '<p:style xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" '
            f'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">{ln_ref}'
            '<a:fillRef idx="1"><a:srgbClr val="00AA00"/></a:fillRef>'
            '<a:effectRef idx="0"><a:srgbClr val="000000"/></a:effectRef>'
            '<a:fontRef idx="minor"><a:srgbClr val="FFFFFF"/></a:fontRef></p:style>'
        )
    )
    return prs, title


_A = 'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"'


def test_slide_shape_style_beats_the_layout_placeholder_fill(tmp_path: Path) -> None:
    prs, title = _restyled_title(f"<a:noFill {_A}/>", '<a:lnRef idx="0"><a:srgbClr val="000000"/></a:lnRef>')
    pdf, _ = convert(prs, tmp_path)
    page = render_page(pdf)
    # The title's box comes from the master (python-pptx reports the inherited position).
    x, y = title.left / 12700 + 4, title.top / 12700 + 4
    assert close(pixel(page, x, y), (0, 0xAA, 0), 16)


def test_slide_shape_style_line_beats_the_layout_placeholder_no_line(tmp_path: Path) -> None:
    # A title restyled on the slide (Shape Styles: a theme line and fill) over a placeholder whose
    # <a:ln><a:noFill/> hides the line: the slide's own lnRef wins, as its fillRef does.
    prs, title = _restyled_title(
        f"<a:ln {_A}><a:noFill/></a:ln>", '<a:lnRef idx="3"><a:srgbClr val="FF0000"/></a:lnRef>'
    )
    pdf, _ = convert(prs, tmp_path)
    page = render_page(pdf, dpi=144)
    # The theme's third line is 3 pt wide, centred on the box's edge: red 1.5 pt either side.
    left, top = title.left / 12700, title.top / 12700
    height = title.height / 12700
    assert close(pixel(page, left, top + height / 2, dpi=144), (0xFF, 0, 0), 16)
    assert close(pixel(page, left + 6, top + height / 2, dpi=144), (0, 0xAA, 0), 16)


def test_text_in_a_scaled_group_keeps_its_point_size(tmp_path: Path) -> None:
    prs = new_deck()
    slide = blank_slide(prs)
    body = (
        '<p:txBody><a:bodyPr wrap="none" lIns="0" tIns="0" rIns="0" bIns="0"/><a:lstStyle/><a:p><a:r>'
        '<a:rPr lang="en-US" sz="2000"/><a:t>Scaled group text</a:t></a:r></a:p></p:txBody>'
    )
    child = sp_xml(0, 0, 2000, 500, sid=301, text=body).replace("<p:sp <NS>>", "<p:sp>")
    # The child space is 4x smaller than the group's box: shapes stretch 4x, text must not.
    add_xml_shape(
        slide,
        '<p:grpSp <NS>><p:nvGrpSpPr><p:cNvPr id="300" name="g"/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr>'
        '<p:grpSpPr><a:xfrm><a:off x="914400" y="914400"/><a:ext cx="7315200" cy="1828800"/>'
        f'<a:chOff x="0" y="0"/><a:chExt cx="{7315200 // 4}" cy="{1828800 // 4}"/></a:xfrm></p:grpSpPr>'
        + child.replace('cx="2000" cy="500"', f'cx="{7315200 // 4}" cy="{1828800 // 4}"')
        + "</p:grpSp>",
    )
    pdf, _ = convert(prs, tmp_path)
    found = text_box(pdf, "Scaled group text")
    assert found is not None
    left, top, _right, bottom = found
    assert 12 < bottom - top < 24  # 20 pt type, not 80 pt
    assert abs(left - 72) < 4 and top < 72 + 10


def _gradient(stops: str, ang: int = 0) -> str:
    return f'<a:gradFill><a:gsLst>{stops}</a:gsLst><a:lin ang="{ang}" scaled="0"/></a:gradFill>'


def test_gradient_stops_keep_their_transparency_in_the_pdf(tmp_path: Path) -> None:
    # Qt's PDF engine writes gradient stops opaque; a blue square must show through both boxes.
    prs = new_deck()
    slide = blank_slide(prs)
    blue = '<a:solidFill><a:srgbClr val="0000FF"/></a:solidFill>'
    add_xml_shape(slide, sp_xml(0, 0, 9144000, 6858000, fill=blue, sid=2))
    fading = (
        '<a:gs pos="0"><a:srgbClr val="FF0000"/></a:gs>'
        '<a:gs pos="100000"><a:srgbClr val="FF0000"><a:alpha val="0"/></a:srgbClr></a:gs>'
    )
    half = (
        '<a:gs pos="0"><a:srgbClr val="FF0000"><a:alpha val="50000"/></a:srgbClr></a:gs>'
        '<a:gs pos="100000"><a:srgbClr val="FFFFFF"><a:alpha val="50000"/></a:srgbClr></a:gs>'
    )
    # Boxes at 1..5 in x 1..2 in, and 1..5 in x 4..5 in (72..360 pt wide).
    add_xml_shape(slide, sp_xml(914400, 914400, 3657600, 914400, fill=_gradient(fading), sid=3))
    add_xml_shape(slide, sp_xml(914400, 3657600, 3657600, 914400, fill=_gradient(half), sid=4))
    pdf, _ = convert(prs, tmp_path)
    page = render_page(pdf)
    assert close(pixel(page, 76, 108), (255, 0, 0), 20)  # the opaque end: red
    assert close(pixel(page, 356, 108), (0, 0, 255), 20)  # the clear end: the blue behind
    assert close(pixel(page, 216, 108), (128, 0, 128), 30)  # halfway: half red over blue
    assert close(pixel(page, 76, 324), (128, 0, 128), 20)  # 50 % red over blue
    assert close(pixel(page, 356, 324), (128, 128, 255), 20)  # 50 % white over blue
    assert close(pixel(page, 60, 108), (0, 0, 255), 6)  # nothing outside the box


def test_a_gradient_line_fading_in_from_a_clear_first_stop_is_drawn_and_fades(tmp_path: Path) -> None:
    # A theme's rule under a title (poi__themes' layouts): accent1 from alpha 0 at 0 % to opaque at
    # 17 % and on. It was dropped whole for its first stop, and Qt's PDF engine draws a gradient
    # pen's stops opaque.
    prs = new_deck()
    slide = blank_slide(prs)
    stops = (
        '<a:gs pos="0"><a:srgbClr val="FF0000"><a:alpha val="0"/></a:srgbClr></a:gs>'
        '<a:gs pos="17000"><a:srgbClr val="FF0000"/></a:gs><a:gs pos="100000"><a:srgbClr val="FF0000"/></a:gs>'
    )
    line = f'<a:ln w="50800">{_gradient(stops)}</a:ln>'
    geometry = '<a:prstGeom prst="line"><a:avLst/></a:prstGeom>'
    # 72..472 pt along y 144 (the rule's box is as flat as the theme's: 2381 EMU) and y 288.
    add_xml_shape(slide, sp_xml(914400, 1828800, 5080000, 2381, geometry=geometry, line=line, sid=2))
    add_xml_shape(slide, sp_xml(914400, 3657600, 5080000, 0, geometry=geometry, line=line, sid=3))
    pdf, _ = convert(prs, tmp_path)
    page = render_page(pdf)
    for y in (144, 288):
        assert close(pixel(page, 300, y), (255, 0, 0), 12)  # past 17 %: opaque red
        assert close(pixel(page, 106, y), (255, 128, 128), 30)  # half way to 17 % (140 pt): half red
        assert close(pixel(page, 73, y), (255, 255, 255), 20)  # the clear start


def test_lines_in_a_group_keep_their_width_whatever_the_child_space(tmp_path: Path) -> None:
    # Decks converted from .ppt give groups a child space in 1/8-point units: the group stretches
    # its shapes 1587-fold but their lines stay 0.75 pt wide (they had covered the whole page).
    prs = new_deck()
    rect = (
        '<p:sp><p:nvSpPr><p:cNvPr id="11" name="r"/><p:cNvSpPr/><p:nvPr/></p:nvSpPr><p:spPr>'
        '<a:xfrm><a:off x="288" y="864"/><a:ext cx="1920" cy="624"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:solidFill><a:srgbClr val="CCCCFF"/></a:solidFill>'
        '<a:ln w="9525"><a:solidFill><a:srgbClr val="000000"/></a:solidFill></a:ln><a:effectLst>'
        '<a:outerShdw dist="38100" dir="0"><a:srgbClr val="FF0000"/></a:outerShdw></a:effectLst></p:spPr></p:sp>'
    )
    group = (
        '<p:grpSp <NS>><p:nvGrpSpPr><p:cNvPr id="10" name="g"/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr>'
        '<p:grpSpPr><a:xfrm><a:off x="914400" y="914400"/><a:ext cx="3048000" cy="990600"/>'
        f'<a:chOff x="288" y="864"/><a:chExt cx="1920" cy="624"/></a:xfrm></p:grpSpPr>{rect}</p:grpSp>'
    )
    add_xml_shape(blank_slide(prs), group)
    pdf, _ = convert(prs, tmp_path)
    page = render_page(pdf, dpi=144)
    # The rectangle spans 72..312 x 72..150 pt.
    assert close(pixel(page, 20, 20, 144), (255, 255, 255), 3)  # the page around it stays white
    assert close(pixel(page, 190, 110, 144), (204, 204, 255), 6)  # its fill, not a black line
    dark = [x for x in range(120, 160) if sum(pixel(page, x / 2, 110, 144)) < 200]
    assert 1 <= len(dark) <= 3  # the left edge is about 0.75 pt (1.5 px at 144 dpi) wide
    assert close(pixel(page, 314, 110, 144), (255, 0, 0), 30)  # a 3 pt shadow to the right, not 4,700 pt
    assert close(pixel(page, 330, 110, 144), (255, 255, 255), 6)


def _theme_picture_fill(prs: Any) -> None:
    """Make the deck's theme fill style 3 a tiled white picture related from the theme part,
    recoloured by a black-to-phClr duotone (as textured Office themes such as Ion and Mesh do)."""
    theme = prs.slide_master.part.part_related_by(RT.THEME)
    image_part = prs.part.package.get_or_add_image_part(io.BytesIO(png_bytes(8, 8, [(255, 255, 255, 255)])))
    r_id = theme.relate_to(image_part, RT.IMAGE)
    blip_fill = (
        '<a:blipFill rotWithShape="1"><a:blip xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
        f' r:embed="{r_id}"><a:duotone><a:srgbClr val="000000"/>'
        '<a:schemeClr val="phClr"/></a:duotone></a:blip>'
        '<a:tile tx="0" ty="0" sx="100000" sy="100000" flip="none" algn="tl"/></a:blipFill>'
    )
    blob = theme.blob.decode("utf-8")
    start = blob.index("<a:fillStyleLst>") + len("<a:fillStyleLst>")
    end = blob.index("</a:fillStyleLst>")
    styles = blob[start:end]
    # Keep the first two styles, make the third the picture.
    first_two = styles[: styles.index("<a:gradFill", styles.index("</a:gradFill>"))]
    theme._blob = (blob[:start] + first_two + blip_fill + blob[end:]).encode("utf-8")


def test_theme_picture_fill_style_is_read_from_the_theme_part(tmp_path: Path) -> None:
    """A p:style fillRef to a tiled blipFill in the theme's fillStyleLst (Ion, Mesh and other
    textured Office themes) draws the picture the theme part relates, recoloured by its duotone."""
    prs = new_deck()
    slide = blank_slide(prs)
    _theme_picture_fill(prs)
    shape = add_xml_shape(slide, sp_xml(EMU_IN, EMU_IN, 2 * EMU_IN, EMU_IN))
    from lxml import etree

    shape.append(
        etree.fromstring(
            '<p:style xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" '
            'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
            '<a:lnRef idx="0"><a:srgbClr val="000000"/></a:lnRef>'
            '<a:fillRef idx="3"><a:srgbClr val="00AA00"/></a:fillRef>'
            '<a:effectRef idx="0"><a:srgbClr val="000000"/></a:effectRef>'
            '<a:fontRef idx="minor"><a:srgbClr val="FFFFFF"/></a:fontRef></p:style>'
        )
    )
    pdf, result = convert(prs, tmp_path)
    page = render_page(pdf)
    # The white picture, through a black-to-phClr duotone, is the fillRef's green.
    assert close(pixel(page, 72 + 72, 72 + 36), (0, 0xAA, 0), 16)
    assert not any("picture" in w.lower() for w in result.warnings)


def test_a_table_style_background_from_a_theme_picture_fill_is_read_from_the_theme_part(tmp_path: Path) -> None:
    """Themed Style 2 fills a table with the theme's third fill style: in a textured theme, a
    picture the theme part relates, which was looked up in the slide's relationships and lost."""
    from lxml import etree

    prs = new_deck()
    slide = blank_slide(prs)
    _theme_picture_fill(prs)
    frame = slide.shapes.add_table(2, 2, EMU_IN, EMU_IN, 4 * EMU_IN, 2 * EMU_IN)
    tbl_pr = frame._element.graphic.graphicData.tbl.tblPr
    tbl_pr.set("firstRow", "0")
    tbl_pr.set("bandRow", "0")
    for old in tbl_pr.findall("{http://schemas.openxmlformats.org/drawingml/2006/main}tableStyleId"):
        tbl_pr.remove(old)
    style_id = etree.SubElement(tbl_pr, "{http://schemas.openxmlformats.org/drawingml/2006/main}tableStyleId")
    style_id.text = "{D113A9D2-9D6B-4929-AA2D-F23B5EE8CBE7}"  # Themed Style 2 - Accent 1
    theme = prs.slide_master.part.part_related_by(RT.THEME).blob.decode("utf-8")
    accent = theme[theme.index("<a:accent1>") :]
    accent = accent[accent.index('val="') + 5 :][:6]
    pdf, result = convert(prs, tmp_path)
    page = render_page(pdf)
    # The white picture, through the duotone, is accent 1 across the empty table.
    rgb = (int(accent[0:2], 16), int(accent[2:4], 16), int(accent[4:6], 16))
    for x, y in ((72 + 144, 72 + 36), (72 + 216, 72 + 108)):
        assert close(pixel(page, x, y), rgb, 16)
    assert not any("picture" in w.lower() for w in result.warnings)
