"""A wide glow (a:glow rad of tens of points, ECMA-376 20.1.8.32) fades smoothly away from its shape:
its stacked strokes are no wider than 2.5 pt each, so no step of the fade shows as a ring. A glow
up to 15 pt keeps its six strokes; a wider one follows the ramp its six strokes stepped down."""

from __future__ import annotations

import itertools
from pathlib import Path

from render_support import add_xml_shape, blank_slide, convert, new_deck, pixel, render_page, sp_xml

EMU_PT = 12700


def _row(tmp_path: Path, radius_pt: float) -> list[int]:
    """The red channel of the page right of a blue 100 pt square glowing yellow, from its edge out
    to the glow's radius and past it, a sample a point."""
    glow = f'<a:effectLst><a:glow rad="{int(radius_pt * EMU_PT)}"><a:srgbClr val="FFC000"/></a:glow></a:effectLst>'
    fill = f'<a:solidFill><a:srgbClr val="0000FF"/></a:solidFill>{glow}'
    prs = new_deck()
    add_xml_shape(blank_slide(prs), sp_xml(100 * EMU_PT, 200 * EMU_PT, 100 * EMU_PT, 100 * EMU_PT, fill=fill))
    tmp_path.mkdir(exist_ok=True)
    pdf, _ = convert(prs, tmp_path)
    page = render_page(pdf, dpi=144)
    # Blue (red 0) inside, white (red 255) far out: the glow's yellow keeps red at 255, so read the
    # blue channel's loss instead: 255 on white, 0 under full yellow.
    return [pixel(page, 200.5 + d, 250, 144)[2] for d in range(int(radius_pt) + 6)]


def test_a_wide_glow_fades_without_steps(tmp_path: Path) -> None:
    row = _row(tmp_path, 60.0)
    assert row[2] < 200 and row[-1] > 250, row  # glowing next to the shape, none past the radius
    jumps = [abs(a - b) for a, b in itertools.pairwise(row)]
    # Six 10 pt strokes made steps of over 40 levels within a point; strokes of 2.5 pt at most
    # change the glow by about 10 levels a point.
    assert max(jumps) <= 15, (max(jumps), row)


def test_the_fade_follows_the_six_strokes_ramp(tmp_path: Path) -> None:
    # Six strokes of alpha a / 6 left 1 - (1 - a/6)^k under k = ceil(6 (1 - d / radius)) of them,
    # a staircase; the fine strokes follow the ramp it steps down, k = 6 (1 - d / radius).
    row = _row(tmp_path, 60.0)
    for d in (0, 15, 35, 55):
        expected = 255 * (5 / 6) ** (6 * (1 - d / 60))
        assert abs(row[d] - expected) < 10, (d, row[d], expected)  # 8-bit compositing of the strokes


def test_a_narrow_glow_is_unchanged(tmp_path: Path) -> None:
    row = _row(tmp_path, 6.0)
    assert row[-1] > 250 and row[1] < 120, row
