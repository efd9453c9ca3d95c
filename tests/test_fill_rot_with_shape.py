"""rotWithShape on gradient fills: "0" keeps the fill level on the page when the shape turns."""

from __future__ import annotations

from pathlib import Path

from render_support import add_xml_shape, blank_slide, close, convert, new_deck, pixel, render_page, sp_xml

EMU_PT = 12700
RED, BLUE = (255, 0, 0), (0, 0, 255)


def _gradient(rot_with_shape: str) -> str:
    return (
        f'<a:gradFill rotWithShape="{rot_with_shape}"><a:gsLst>'
        '<a:gs pos="0"><a:srgbClr val="FF0000"/></a:gs><a:gs pos="100000"><a:srgbClr val="0000FF"/></a:gs>'
        '</a:gsLst><a:lin ang="0" scaled="0"/></a:gradFill>'
    )


def test_a_gradient_that_does_not_rotate_with_its_shape_stays_level(tmp_path: Path) -> None:
    prs = new_deck()
    slide = blank_slide(prs)
    # 200 x 100 pt boxes turned a quarter: on the page each stands 100 wide, 200 tall, centred at y 200.
    for sid, (x, rws) in enumerate([(100, "1"), (400, "0")]):
        add_xml_shape(
            slide,
            sp_xml(x * EMU_PT, 150 * EMU_PT, 200 * EMU_PT, 100 * EMU_PT, fill=_gradient(rws),
                   xfrm_attrs='rot="5400000"', sid=100 + sid),
        )  # fmt: skip
    page = render_page(convert(prs, tmp_path)[0])
    # Turning with the shape, the left-to-right gradient runs top to bottom on the page.
    assert close(pixel(page, 200, 110), RED, 40) and close(pixel(page, 200, 290), BLUE, 40)
    assert close(pixel(page, 160, 200), pixel(page, 240, 200), 8)
    # Not turning, it still runs left to right across the shape as it stands on the page.
    assert close(pixel(page, 455, 200), RED, 40) and close(pixel(page, 545, 200), BLUE, 40)
    assert close(pixel(page, 500, 110), pixel(page, 500, 290), 8)


def test_flips_still_mirror_a_gradient_that_does_not_rotate_with_its_shape(tmp_path: Path) -> None:
    """flipH and flipV together mirror the fill both ways (which looks like a half turn, but is no
    turn to take out); a turned and flipped shape's fill is level and mirrored by its flip alone."""
    prs = new_deck()
    slide = blank_slide(prs)
    shapes = [
        (50, 50, 'flipH="1" flipV="1"'),
        (350, 50, 'rot="10800000"'),
        (100, 300, 'rot="5400000" flipV="1"'),  # on the page: 100 wide, 200 tall, centred at 200, 350
        (400, 300, 'rot="5400000" flipH="1"'),  # centred at 500, 350
    ]
    for sid, (x, y, attrs) in enumerate(shapes):
        add_xml_shape(
            slide,
            sp_xml(x * EMU_PT, y * EMU_PT, 200 * EMU_PT, 100 * EMU_PT, fill=_gradient("0"), xfrm_attrs=attrs,
                   sid=100 + sid),
        )  # fmt: skip
    page = render_page(convert(prs, tmp_path)[0])
    # Both flips: blue on the left, red on the right; a half turn alone keeps red on the left.
    assert close(pixel(page, 60, 100), BLUE, 40) and close(pixel(page, 240, 100), RED, 40)
    assert close(pixel(page, 360, 100), RED, 40) and close(pixel(page, 540, 100), BLUE, 40)
    # Turned a quarter and flipped vertically: level, left to right (a vertical flip leaves it so).
    assert close(pixel(page, 155, 350), RED, 40) and close(pixel(page, 245, 350), BLUE, 40)
    assert close(pixel(page, 200, 260), pixel(page, 200, 440), 8)
    # Turned a quarter and flipped horizontally: level, mirrored to run right to left.
    assert close(pixel(page, 455, 350), BLUE, 40) and close(pixel(page, 545, 350), RED, 40)
    assert close(pixel(page, 500, 260), pixel(page, 500, 440), 8)


def test_a_flipped_group_mirrors_a_level_fill_but_does_not_turn_it(tmp_path: Path) -> None:
    """A turned shape in a flipH group: its rotWithShape="0" gradient is level on the page and runs
    right to left, as if the group's flip were the shape's own (LibreOffice draws it so)."""
    grad = (
        '<a:gradFill rotWithShape="0"><a:gsLst><a:gs pos="0"><a:srgbClr val="FF0000"/></a:gs>'
        '<a:gs pos="100000"><a:srgbClr val="0000FF"/></a:gs></a:gsLst><a:lin ang="0" scaled="0"/></a:gradFill>'
    )
    emu = 12700
    shape = (
        '<p:sp><p:nvSpPr><p:cNvPr id="11" name="s11"/><p:cNvSpPr/><p:nvPr/></p:nvSpPr><p:spPr>'
        f'<a:xfrm rot="{30 * 60000}"><a:off x="0" y="0"/><a:ext cx="{200 * emu}" cy="{100 * emu}"/></a:xfrm>'
        f'<a:prstGeom prst="rect"><a:avLst/></a:prstGeom>{grad}<a:ln><a:noFill/></a:ln></p:spPr></p:sp>'
    )
    group = (
        '<p:grpSp <NS>><p:nvGrpSpPr><p:cNvPr id="10" name="g10"/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr>'
        f'<p:grpSpPr><a:xfrm flipH="1"><a:off x="{150 * emu}" y="{150 * emu}"/><a:ext cx="{200 * emu}" '
        f'cy="{100 * emu}"/><a:chOff x="0" y="0"/><a:chExt cx="{200 * emu}" cy="{100 * emu}"/></a:xfrm>'
        f"</p:grpSpPr>{shape}</p:grpSp>"
    )
    prs = new_deck()
    add_xml_shape(blank_slide(prs), group)
    pdf, _ = convert(prs, tmp_path)
    page = render_page(pdf)
    centre = (250, 200)
    above, below = pixel(page, centre[0], centre[1] - 30), pixel(page, centre[0], centre[1] + 30)
    left, right = pixel(page, centre[0] - 60, centre[1]), pixel(page, centre[0] + 60, centre[1])
    assert all(abs(a - b) <= 8 for a, b in zip(above, below, strict=True))  # level: one colour a column
    assert right[0] > left[0] + 60 and left[2] > right[2] + 60  # mirrored: red on the right
