"""Lines in a group that stretches its child space unevenly: the path stretches, the line's width
and its arrow heads do not."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from render_support import add_xml_shape, blank_slide, close, convert, mask_runs, new_deck, render_page

EMU_PT = 12700
RED = (255, 0, 0)


def _group(slide: Any, x: int, y: int, w: int, h: int, ch_w: int, ch_h: int, children: str, sid: int) -> None:
    add_xml_shape(
        slide,
        f'<p:grpSp <NS>><p:nvGrpSpPr><p:cNvPr id="{sid}" name="g{sid}"/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr>'
        f'<p:grpSpPr><a:xfrm><a:off x="{x * EMU_PT}" y="{y * EMU_PT}"/><a:ext cx="{w * EMU_PT}" cy="{h * EMU_PT}"/>'
        f'<a:chOff x="0" y="0"/><a:chExt cx="{ch_w * EMU_PT}" cy="{ch_h * EMU_PT}"/></a:xfrm></p:grpSpPr>'
        f"{children}</p:grpSp>",
    )


def _outlined_square(sid: int, tail: str = "") -> str:
    """A 100 x 100 pt unfilled rectangle with a 6 pt red outline."""
    return (
        f'<p:sp><p:nvSpPr><p:cNvPr id="{sid}" name="s{sid}"/><p:cNvSpPr/><p:nvPr/></p:nvSpPr><p:spPr>'
        f'<a:xfrm><a:off x="0" y="0"/><a:ext cx="{100 * EMU_PT}" cy="{100 * EMU_PT}"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/>'
        f'<a:ln w="{6 * EMU_PT}"><a:solidFill><a:srgbClr val="FF0000"/></a:solidFill>{tail}</a:ln></p:spPr></p:sp>'
    )


def _red_run(page: Any, line: int, vertical: bool, span: range) -> list[tuple[int, int]]:
    if vertical:
        flags = [close(page.getpixel((line, v))[:3], RED, 60) for v in span]
    else:
        flags = [close(page.getpixel((v, line))[:3], RED, 60) for v in span]
    return [(span.start + a, span.start + b) for a, b in mask_runs(flags)]


def test_an_outline_keeps_its_width_in_an_unevenly_stretched_group(tmp_path: Path) -> None:
    prs = new_deck()
    slide = blank_slide(prs)
    # Child space 100 x 100 pt drawn 300 x 100 pt: three times as wide, as tall as it was.
    _group(slide, 72, 72, 300, 100, 100, 100, _outlined_square(11), 10)
    pdf, _ = convert(prs, tmp_path)
    page = render_page(pdf, dpi=144)  # two pixels a point
    # Across the left edge (x = 72 pt) on the middle row, and across the top edge (y = 72 pt).
    left = _red_run(page, 2 * 122, False, range(2 * 60, 2 * 90))
    top = _red_run(page, 2 * 200, True, range(2 * 60, 2 * 90))
    assert len(left) == 1 and len(top) == 1
    left_width = (left[0][1] - left[0][0]) / 2
    top_width = (top[0][1] - top[0][0]) / 2
    # 6 pt both ways; stretched with the shape, the sides were 3 x 3.46 pt and the top 3.46 pt.
    assert abs(left_width - 6) <= 1
    assert abs(top_width - 6) <= 1


def test_an_arrow_head_keeps_its_proportions_in_an_unevenly_stretched_group(tmp_path: Path) -> None:
    prs = new_deck()
    slide = blank_slide(prs)
    # A 2 pt line with a large oval end, in a group three times as wide as its child space.
    line = (
        '<p:cxnSp><p:nvCxnSpPr><p:cNvPr id="21" name="c21"/><p:cNvCxnSpPr/><p:nvPr/></p:nvCxnSpPr><p:spPr>'
        f'<a:xfrm><a:off x="0" y="{50 * EMU_PT}"/><a:ext cx="{100 * EMU_PT}" cy="0"/></a:xfrm>'
        '<a:prstGeom prst="line"><a:avLst/></a:prstGeom>'
        f'<a:ln w="{2 * EMU_PT}"><a:solidFill><a:srgbClr val="FF0000"/></a:solidFill>'
        '<a:tailEnd type="oval" w="lg" len="lg"/></a:ln></p:spPr></p:cxnSp>'
    )
    _group(slide, 72, 72, 300, 100, 100, 100, line, 20)
    pdf, _ = convert(prs, tmp_path)
    page = render_page(pdf, dpi=144)
    # The line, 2 pt thick at y = 122 pt, away from its end.
    body = _red_run(page, 2 * 200, True, range(2 * 110, 2 * 135))
    assert len(body) == 1 and abs((body[0][1] - body[0][0]) / 2 - 2) <= 0.5
    # The oval at the end (x = 372 pt) is a circle 10 pt across (lg = 5 line widths), not an
    # ellipse three times as wide as it is tall: 3 pt below the line's axis it is 8 pt wide.
    down = _red_run(page, 2 * 372, True, range(2 * 105, 2 * 140))
    across = _red_run(page, 2 * 125, False, range(2 * 355, 2 * 390))
    assert len(down) == 1 and abs((down[0][1] - down[0][0]) / 2 - 10) <= 1
    assert len(across) == 1 and abs((across[0][1] - across[0][0]) / 2 - 8) <= 1
