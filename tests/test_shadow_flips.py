"""An outer shadow falls the way its direction says on the page, whatever flips or stretches the
shape: its own flipH/flipV, a flipped group, a group stretched unevenly. With rotWithShape (true
unless written false) its direction turns with the shape's rotation and its groups'."""

from __future__ import annotations

from pathlib import Path

from render_support import add_xml_shape, blank_slide, close, convert, new_deck, pixel, render_page, sp_xml

EMU_PT = 12700
BLACK = (0, 0, 0)
WHITE = (255, 255, 255)
# 10 pt down-right (dir 45 degrees), sharp and opaque.
SHADOW = (
    f'<a:effectLst><a:outerShdw dist="{int(10 * 2**0.5 * EMU_PT)}" dir="2700000" algn="tl" rotWithShape="0">'
    '<a:srgbClr val="000000"/></a:outerShdw></a:effectLst>'
)
FILL = '<a:solidFill><a:srgbClr val="0000FF"/></a:solidFill>'


def _shadowed(x: int, y: int, sid: int, attrs: str = "", size: tuple[int, int] = (60, 60), shadow: str = SHADOW) -> str:
    return sp_xml(
        x * EMU_PT,
        y * EMU_PT,
        size[0] * EMU_PT,
        size[1] * EMU_PT,
        fill=FILL + "<a:ln><a:noFill/></a:ln>" + shadow,
        line="",
        xfrm_attrs=attrs,
        sid=sid,
    )


def _group(x: int, y: int, w: int, h: int, ch: tuple[int, int], attrs: str, child: str, sid: int) -> str:
    return (
        f'<p:grpSp <NS>><p:nvGrpSpPr><p:cNvPr id="{sid}" name="g{sid}"/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr>'
        f'<p:grpSpPr><a:xfrm {attrs}><a:off x="{x * EMU_PT}" y="{y * EMU_PT}"/><a:ext cx="{w * EMU_PT}" '
        f'cy="{h * EMU_PT}"/><a:chOff x="0" y="0"/><a:chExt cx="{ch[0] * EMU_PT}" cy="{ch[1] * EMU_PT}"/>'
        f"</a:xfrm></p:grpSpPr>{child.replace('<p:sp <NS>>', '<p:sp>')}</p:grpSp>"
    )


def _falls_down_right(page: object, x: int, y: int, w: int, h: int) -> bool:
    """The shadow of the box (x, y, w, h) shows 5 pt past its right and bottom edges, not past its
    left or top ones."""
    return (
        close(pixel(page, x + w + 5, y + h / 2), BLACK, 40)  # type: ignore[arg-type]
        and close(pixel(page, x + w / 2, y + h + 5), BLACK, 40)  # type: ignore[arg-type]
        and close(pixel(page, x - 5, y + h / 2), WHITE)  # type: ignore[arg-type]
        and close(pixel(page, x + w / 2, y - 5), WHITE)  # type: ignore[arg-type]
    )


def test_a_shadow_falls_the_same_way_on_flipped_shapes_and_in_flipped_groups(tmp_path: Path) -> None:
    prs = new_deck()
    slide = blank_slide(prs)
    add_xml_shape(slide, _shadowed(40, 40, 10, 'flipH="1"'))
    add_xml_shape(slide, _shadowed(160, 40, 11, 'flipV="1"'))
    add_xml_shape(slide, _group(280, 40, 60, 60, (60, 60), 'flipH="1"', _shadowed(0, 0, 13), 12))
    add_xml_shape(slide, _group(400, 40, 60, 60, (60, 60), 'flipV="1"', _shadowed(0, 0, 15), 14))
    # Three times as wide as its child space: the offset is still 10 pt each way on the page.
    add_xml_shape(slide, _group(40, 200, 180, 60, (60, 60), "", _shadowed(0, 0, 17), 16))
    pdf, _ = convert(prs, tmp_path)
    page = render_page(pdf)
    for x, y, w in ((40, 40, 60), (160, 40, 60), (280, 40, 60), (400, 40, 60), (40, 200, 180)):
        assert _falls_down_right(page, x, y, w, 60), (x, y)
    # The stretched group's shadow ends 10 pt past the shape, not 30.
    assert close(pixel(page, 40 + 180 + 15, 230), WHITE)


def _rightwards(rot_with_shape: str) -> str:
    """10 pt to the right (dir 0), sharp and opaque; ``rot_with_shape``: the attribute as written."""
    return (
        f'<a:effectLst><a:outerShdw dist="{10 * EMU_PT}" dir="0" algn="tl" {rot_with_shape}>'
        '<a:srgbClr val="000000"/></a:outerShdw></a:effectLst>'
    )


def _falls(page: object, x: int, y: int, way: str) -> bool:
    """The shadow of the 60 pt square at (x, y) shows 5 pt past its right edge ("right") or its
    bottom edge ("down"), and not past the other."""
    right = close(pixel(page, x + 65, y + 30), BLACK, 40)  # type: ignore[arg-type]
    down = close(pixel(page, x + 30, y + 65), BLACK, 40)  # type: ignore[arg-type]
    return (right, down) == (way == "right", way == "down")


def test_a_shadow_that_rotates_with_its_shape_turns_with_it(tmp_path: Path) -> None:
    prs = new_deck()
    slide = blank_slide(prs)
    turned = 'rot="5400000"'  # a square turned a quarter clockwise covers the same box
    cases = [
        (40, 40, turned, 'rotWithShape="1"', "down"),
        (160, 40, turned, 'rotWithShape="0"', "right"),
        (280, 40, turned, "", "down"),  # the schema's default: true
        (400, 40, 'flipH="1"', 'rotWithShape="1"', "right"),  # flips leave it
        (40, 200, 'rot="5400000" flipH="1"', 'rotWithShape="1"', "down"),
        (160, 200, 'rot="5400000" flipV="1"', 'rotWithShape="1"', "down"),
    ]
    for i, (x, y, attrs, rot_with_shape, _) in enumerate(cases):
        add_xml_shape(slide, _shadowed(x, y, 10 + i, attrs, shadow=_rightwards(rot_with_shape)))
    # A group turned a quarter turns its shapes' rotating shadows too.
    child = _shadowed(0, 0, 31, shadow=_rightwards('rotWithShape="1"'))
    add_xml_shape(slide, _group(280, 200, 60, 60, (60, 60), turned, child, 30))
    pdf, _ = convert(prs, tmp_path)
    page = render_page(pdf)
    for x, y, attrs, rot_with_shape, way in [*cases, (280, 200, "group", "", "down")]:
        assert _falls(page, x, y, way), (attrs, rot_with_shape)
