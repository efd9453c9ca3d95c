"""Alpha effects stored on a picture's blip (ECMA-376 20.1.8: alphaBiLevel, alphaCeiling, alphaFloor,
alphaInv, alphaRepl) and a:fillOverlay, each on a picture of red stripes at full, half and no
opacity, drawn over the white slide and sampled."""

from __future__ import annotations

from pathlib import Path

from lxml import etree
from pptx.util import Inches
from render_support import A_NS, blank_slide, close, convert, new_deck, pixel, png_bytes, render_page

STRIPES = [(255, 0, 0, 255), (255, 0, 0, 128), (255, 0, 0, 0)]
WHITE = (255, 255, 255)
RED = (255, 0, 0)
PINK = (255, 127, 127)  # red at half opacity over white


def _stripes(
    tmp_path: Path, effect: str, colors: list[tuple[int, int, int, int]] = STRIPES
) -> list[tuple[int, int, int]]:
    png = tmp_path / "stripes.png"
    png.write_bytes(png_bytes(30 * len(colors), 10, colors))
    prs = new_deck()
    slide = blank_slide(prs)
    pic = slide.shapes.add_picture(str(png), Inches(1), Inches(1), Inches(3), Inches(1))
    blip = pic._element.blipFill.blip
    for el in etree.fromstring(f'<x xmlns:a="{A_NS}">{effect}</x>'):
        blip.append(el)
    pdf, _ = convert(prs, tmp_path)
    page = render_page(pdf)
    return [pixel(page, 72 + 216 * (i + 0.5) / len(colors), 108) for i in range(len(colors))]


def _all_close(got: list[tuple[int, int, int]], want: list[tuple[int, int, int]], tolerance: int = 6) -> bool:
    return all(close(g, w, tolerance) for g, w in zip(got, want, strict=True))


def test_plain_picture(tmp_path: Path) -> None:
    got = _stripes(tmp_path, "")
    assert _all_close(got, [RED, PINK, WHITE]), got


def test_alpha_floor_keeps_only_opaque_pixels(tmp_path: Path) -> None:
    got = _stripes(tmp_path, "<a:alphaFloor/>")
    assert _all_close(got, [RED, WHITE, WHITE]), got


def test_alpha_ceiling_makes_any_opacity_full(tmp_path: Path) -> None:
    got = _stripes(tmp_path, "<a:alphaCeiling/>")
    assert _all_close(got, [RED, RED, WHITE]), got


def test_alpha_bilevel_thresholds_opacity(tmp_path: Path) -> None:
    assert _all_close(_stripes(tmp_path, '<a:alphaBiLevel thresh="60000"/>'), [RED, WHITE, WHITE])
    assert _all_close(_stripes(tmp_path, '<a:alphaBiLevel thresh="40000"/>'), [RED, RED, WHITE])


def test_alpha_replace_sets_every_opacity(tmp_path: Path) -> None:
    got = _stripes(tmp_path, '<a:alphaRepl a="50000"/>', STRIPES[:2])
    assert _all_close(got, [PINK, PINK]), got


def test_alpha_inverse_in_its_colour(tmp_path: Path) -> None:
    """Opaque pixels become clear and clear ones opaque, in the effect's colour."""
    got = _stripes(tmp_path, '<a:alphaInv><a:srgbClr val="0000FF"/></a:alphaInv>')
    assert _all_close(got, [WHITE, (127, 127, 255), (0, 0, 255)]), got


def test_fill_overlay_multiplies_within_the_picture(tmp_path: Path) -> None:
    """blend="mult" with green: white turns green, red turns black; clear pixels stay clear."""
    colors = [(255, 255, 255, 255), (255, 0, 0, 255), (255, 0, 0, 0)]
    effect = '<a:fillOverlay blend="mult"><a:solidFill><a:srgbClr val="00FF00"/></a:solidFill></a:fillOverlay>'
    got = _stripes(tmp_path, effect, colors)
    assert _all_close(got, [(0, 255, 0), (0, 0, 0), WHITE]), got


def test_fill_overlay_over_covers_the_picture(tmp_path: Path) -> None:
    effect = '<a:fillOverlay blend="over"><a:solidFill><a:srgbClr val="0000FF"/></a:solidFill></a:fillOverlay>'
    got = _stripes(tmp_path, effect)
    assert _all_close(got, [(0, 0, 255), (127, 127, 255), WHITE]), got
