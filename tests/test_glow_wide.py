"""A wide glow (a:glow rad of tens of points, ECMA-376 20.1.8.32) fades smoothly away from its shape:
it is stacked of a stroke per 2.5 pt of its radius (up to 16) instead of six, so its fade does not
show as a few wide rings, and keeps its colour. A glow up to 15 pt keeps its six strokes; a wider
one follows the ramp its six strokes stepped down."""

from __future__ import annotations

import itertools
from pathlib import Path

from render_support import add_xml_shape, blank_slide, convert, new_deck, pixel, render_page, sp_xml

EMU_PT = 12700


def _row(tmp_path: Path, radius_pt: float, alpha: int = 100000) -> list[tuple[int, int, int]]:
    """The page right of a blue 100 pt square glowing yellow (FFC000), from its edge out past the
    glow's radius, a sample a point."""
    color = f'<a:srgbClr val="FFC000"><a:alpha val="{alpha}"/></a:srgbClr>'
    glow = f'<a:effectLst><a:glow rad="{int(radius_pt * EMU_PT)}">{color}</a:glow></a:effectLst>'
    fill = f'<a:solidFill><a:srgbClr val="0000FF"/></a:solidFill>{glow}'
    prs = new_deck()
    add_xml_shape(blank_slide(prs), sp_xml(100 * EMU_PT, 200 * EMU_PT, 100 * EMU_PT, 100 * EMU_PT, fill=fill))
    tmp_path.mkdir(exist_ok=True)
    pdf, _ = convert(prs, tmp_path)
    page = render_page(pdf, dpi=144)
    return [pixel(page, 200.5 + d, 250, 144) for d in range(int(radius_pt) + 6)]


def _blue(row: list[tuple[int, int, int]]) -> list[int]:
    # On white the yellow glow keeps red at 255 and takes blue from 255 (none) to 0 (full).
    return [p[2] for p in row]


def test_a_wide_glow_fades_without_steps(tmp_path: Path) -> None:
    row = _blue(_row(tmp_path, 60.0))
    assert row[2] < 200 and row[-1] > 250, row  # glowing next to the shape, none past the radius
    jumps = [abs(a - b) for a, b in itertools.pairwise(row)]
    # Six 10 pt strokes made steps of 43 levels within a point; sixteen strokes, under 20.
    assert max(jumps) < 20, (max(jumps), row)


def test_the_fade_follows_the_six_strokes_ramp(tmp_path: Path) -> None:
    # Six strokes of alpha a / 6 left 1 - (1 - a/6)^k under k = ceil(6 (1 - d / radius)) of them,
    # a staircase; the finer strokes follow the ramp it steps down, k = 6 (1 - d / radius).
    row = _blue(_row(tmp_path, 60.0))
    for d in (0, 15, 35, 55):
        expected = 255 * (5 / 6) ** (6 * (1 - d / 60))
        assert abs(row[d] - expected) < 10, (d, row[d], expected)  # 8-bit compositing of the strokes


def test_a_faint_wide_glow_keeps_its_colour(tmp_path: Path) -> None:
    # Yellow FFC000 over white: green loses a quarter of what blue loses. Each stroke is rounded to
    # 8 bits where the page is composed, so many faint strokes drift it (48 of them: 36 levels).
    for p in _row(tmp_path, 150.0, alpha=30000):
        assert abs(p[1] - (255 - 63 * (255 - p[2]) / 255)) < 8, p


def test_a_narrow_glow_is_unchanged(tmp_path: Path) -> None:
    row = _blue(_row(tmp_path, 6.0))
    assert row[-1] > 250 and row[1] < 120, row
