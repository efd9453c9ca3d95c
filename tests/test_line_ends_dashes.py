"""Outline caps and preset dashes against what native PowerPoint exports draw."""

from __future__ import annotations

from pathlib import Path

from tests.render_support import add_xml_shape, blank_slide, close, convert, new_deck, pixel, render_page, sp_xml

EMU_PT = 12700
BLACK = (0, 0, 0)
WHITE = (255, 255, 255)


def _line(
    slide: object, y_pt: float, ln_attrs: str, children: str = "", width_emu: int = 76200, sid: int = 100
) -> None:
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
