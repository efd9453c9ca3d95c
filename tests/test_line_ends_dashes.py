"""Outline caps and preset dashes against what native PowerPoint exports draw."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PIL import Image
from render_support import add_xml_shape, blank_slide, close, convert, new_deck, pixel, render_page, sp_xml

EMU_PT = 12700
BLACK = (0, 0, 0)
WHITE = (255, 255, 255)


def _line(slide: Any, y_pt: float, ln_attrs: str, children: str = "", width_emu: int = 76200, sid: int = 100) -> None:
    """A black horizontal line from x 72 pt to 216 pt at ``y_pt``, with no p:style (nothing but
    its own a:ln states a cap or a dash)."""
    add_xml_shape(
        slide,
        sp_xml(
            72 * EMU_PT,
            int(y_pt * EMU_PT),
            144 * EMU_PT,
            0,
            sid=sid,
            geometry='<a:prstGeom prst="line"><a:avLst/></a:prstGeom>',
            line=(
                f'<a:ln w="{width_emu}" {ln_attrs}><a:solidFill><a:srgbClr val="000000"/></a:solidFill>'
                f"{children}</a:ln>"
            ),
        ),
    )


def test_line_without_a_cap_ends_flat_at_its_end_points(tmp_path: Path) -> None:
    prs = new_deck()
    slide = blank_slide(prs)
    _line(slide, 72, "", sid=100)  # no cap anywhere: flat
    _line(slide, 108, 'cap="sq"', sid=101)
    _line(slide, 144, 'cap="rnd"', sid=102)
    pdf, _ = convert(prs, tmp_path)
    page = render_page(pdf, dpi=144)
    # 6 pt wide: a square or round cap reaches 3 pt past each end point, a flat one stops there.
    assert close(pixel(page, 73, 72, 144), BLACK, 40) and close(pixel(page, 215, 72, 144), BLACK, 40)
    assert close(pixel(page, 70.5, 72, 144), WHITE, 40)
    assert close(pixel(page, 217.5, 72, 144), WHITE, 40)
    assert close(pixel(page, 70.5, 108, 144), BLACK, 40)
    assert close(pixel(page, 217.5, 108, 144), BLACK, 40)
    assert close(pixel(page, 217.5, 108 + 2.6, 144), BLACK, 40)  # square corner
    assert close(pixel(page, 217.5, 144, 144), BLACK, 40)
    assert close(pixel(page, 217.5, 144 + 2.6, 144), WHITE, 40)  # rounded off


def _runs(page: Image.Image, y_pt: float) -> list[tuple[bool, float]]:
    """(ink, length in pt) runs along y from x 72 to 216 pt, sampled every half point."""
    row = [pixel(page, x / 2.0, y_pt, 144)[0] < 128 for x in range(144, 432)]
    runs: list[tuple[bool, float]] = []
    for ink in row:
        if runs and runs[-1][0] == ink:
            runs[-1] = (ink, runs[-1][1] + 0.5)
        else:
            runs.append((ink, 0.5))
    return runs


def test_preset_dots_follow_the_ecma_bit_patterns(tmp_path: Path) -> None:
    prs = new_deck()
    slide = blank_slide(prs)
    _line(slide, 72, "", '<a:prstDash val="dot"/>', width_emu=50800, sid=100)  # 4 pt: "1000"
    _line(slide, 108, "", '<a:prstDash val="sysDot"/>', width_emu=50800, sid=101)  # "10"
    _line(slide, 144, "", '<a:prstDash val="dash"/>', width_emu=50800, sid=102)  # "1111000"
    pdf, _ = convert(prs, tmp_path)
    page = render_page(pdf, dpi=144)
    for y, on, off in ((72, 4.0, 12.0), (108, 4.0, 4.0), (144, 16.0, 12.0)):
        inner = _runs(page, y)[1:-1]  # whole dashes and gaps only
        assert len(inner) >= 4, (y, inner)
        for ink, length in inner:
            assert abs(length - (on if ink else off)) <= 1.0, (y, inner)
