"""Tiled picture fills (a:tile): alignment, flipping and offsets, sampled."""

from __future__ import annotations

from pathlib import Path

from pptx.util import Emu, Inches
from render_support import add_xml_shape, blank_slide, close, convert, new_deck, pixel, png_bytes, render_page, sp_xml

BLUE = (0, 0, 255)
RED = (255, 0, 0)


def _tiled_shapes(tmp_path: Path, tiles: list[str]) -> Path:
    """300 x 72 pt rectangles at x = 72 pt, one per tile element, 86.4 pt apart from y = 72 pt, each
    tiled with a 20 x 10 pixel picture (15 x 7.5 pt at 96 dpi): left half red, right half blue."""
    png = tmp_path / "tile.png"
    png.write_bytes(png_bytes(20, 10, [(255, 0, 0, 255), (0, 0, 255, 255)]))
    prs = new_deck()
    slide = blank_slide(prs)
    _, rid = slide.part.get_or_add_image_part(str(png))
    for i, tile in enumerate(tiles):
        crop = "" if tile.startswith("<a:srcRect") else "<a:srcRect/>"
        fill = f'<a:blipFill><a:blip r:embed="{rid}"/>{crop}{tile}</a:blipFill>'
        add_xml_shape(
            slide, sp_xml(914400, int(Emu(Inches(1 + i * 1.2))), 300 * 12700, 72 * 12700, fill=fill, sid=10 + i)
        )
    pdf, _ = convert(prs, tmp_path)
    return pdf


def test_tiles_align_to_the_shape_and_flip_every_other_one(tmp_path: Path) -> None:
    # Before, algn and flip were ignored: tiles always started at the top left, never mirrored.
    # ECMA-376 20.1.8.58: algn places the first tile (after scaling, before tx/ty); flip="x"
    # mirrors every other tile horizontally.
    pdf = _tiled_shapes(
        tmp_path,
        [
            '<a:tile tx="0" ty="0" sx="100000" sy="100000" flip="none" algn="tl"/>',
            '<a:tile tx="0" ty="0" sx="100000" sy="100000" flip="x" algn="tl"/>',
            '<a:tile tx="0" ty="0" sx="100000" sy="100000" flip="none" algn="ctr"/>',
            '<a:tile tx="0" ty="0" sx="100000" sy="100000" flip="none" algn="r"/>',
            '<a:srcRect l="50000"/><a:tile tx="0" ty="0" sx="100000" sy="100000" flip="none" algn="tl"/>',
        ],
    )
    page = render_page(pdf, dpi=144)

    def at(row: int, x: float) -> tuple[int, int, int]:
        return pixel(page, 72 + x, 72 + row * 86.4 + 36, 144)

    # Left aligned: every 15 pt tile is red then blue.
    assert close(at(0, 3.75), RED) and close(at(0, 11.25), BLUE)
    assert close(at(0, 18.75), RED) and close(at(0, 26.25), BLUE)
    # Flipped: the second tile is blue then red.
    assert close(at(1, 3.75), RED) and close(at(1, 11.25), BLUE)
    assert close(at(1, 18.75), BLUE) and close(at(1, 26.25), RED)
    # Centred: the first tile spans 142.5-157.5 pt, its blue half from the middle (150 pt) on,
    # where left-aligned tiles are red (150 = 10 tiles).
    assert close(at(0, 153.75), RED)
    assert close(at(2, 146.25), RED) and close(at(2, 153.75), BLUE)
    # Right aligned: the last tile ends at the right edge, blue there (300 = 20 tiles: also from tl).
    assert close(at(3, 296.25), BLUE) and close(at(3, 288.75), RED)
    # Cropped to its right half: the tiles repeat the blue half only (7.5 pt each).
    assert all(close(at(4, x), BLUE) for x in (3.75, 11.25, 18.75, 150.0))


def test_tiles_too_small_to_see_fill_with_their_mean_colour(tmp_path: Path) -> None:
    # sx = sy = 0.001 % (ST_Percentage allows it): 15 x 7.5 pt tiles shrink to 0.00015 pt, a pattern
    # PDF viewers draw nothing of (the fill was lost); red and blue halves average to purple. A tile
    # thin in one direction only averages that way: 1 % wide, 100 % tall is purple too.
    pdf = _tiled_shapes(
        tmp_path,
        [
            '<a:tile tx="0" ty="0" sx="1" sy="1" flip="none" algn="tl"/>',
            '<a:tile tx="0" ty="0" sx="1000" sy="100000" flip="none" algn="tl"/>',
            '<a:tile tx="0" ty="0" sx="100000" sy="1" flip="none" algn="tl"/>',
        ],
    )
    page = render_page(pdf, dpi=144)
    for row in (0, 1):
        for x in (10.0, 150.0, 290.0):
            assert close(pixel(page, 72 + x, 72 + row * 86.4 + 36, 144), (128, 0, 128), 16), (row, x)
    # Only 0.001 % tall: each 15 pt tile is a column of its picture's colour there.
    assert close(pixel(page, 72 + 3, 72 + 2 * 86.4 + 36, 144), RED)
    assert close(pixel(page, 72 + 11, 72 + 2 * 86.4 + 36, 144), BLUE)


def test_a_tile_larger_than_a_page_shows_its_part(tmp_path: Path) -> None:
    # sx = sy = 21474.83647 % (the largest ST_Percentage): 322,122 x 161,061 pt tiles. The first's
    # top left corner is at the shape's; the shape shows part of its red left half (before: no
    # fill at all). Moved left by 241,600 pt (tx, three quarters of a tile), its blue right half.
    pdf = _tiled_shapes(
        tmp_path,
        [
            '<a:tile tx="0" ty="0" sx="2147483647" sy="2147483647" flip="none" algn="tl"/>',
            '<a:tile tx="-3068320000" ty="0" sx="2147483647" sy="2147483647" flip="none" algn="tl"/>',
        ],
    )
    page = render_page(pdf, dpi=144)
    for x in (10.0, 290.0):
        assert close(pixel(page, 72 + x, 72 + 36, 144), RED), x
        assert close(pixel(page, 72 + x, 72 + 86.4 + 36, 144), BLUE), x


def test_a_tile_scaled_to_nothing_one_way_and_huge_the_other_keeps_its_shape(tmp_path: Path) -> None:
    # Found by the mutation fuzzer (sixth round): sx="0" with sy at its maximum sent the huge tile
    # to be drawn in pieces, whose span divided by the zero width; the ZeroDivisionError lost the
    # whole shape (outline and text). A zero-width tile shows nothing, as the pattern brush did.
    png = tmp_path / "tile.png"
    png.write_bytes(png_bytes(20, 10, [(255, 0, 0, 255), (0, 0, 255, 255)]))
    prs = new_deck()
    slide = blank_slide(prs)
    _, rid = slide.part.get_or_add_image_part(str(png))
    green = '<a:ln w="76200"><a:solidFill><a:srgbClr val="00FF00"/></a:solidFill></a:ln>'
    for i, tile in enumerate(('<a:tile sx="0" sy="2147483647"/>', '<a:tile sx="2147483647" sy="0"/>')):
        fill = f'<a:blipFill><a:blip r:embed="{rid}"/><a:srcRect/>{tile}</a:blipFill>'
        add_xml_shape(
            slide,
            sp_xml(914400, int(Emu(Inches(1 + i * 1.2))), 300 * 12700, 72 * 12700, fill=fill, line=green, sid=10 + i),
        )
    pdf, result = convert(prs, tmp_path)
    page = render_page(pdf, dpi=72)
    for row in range(2):
        top = 72 + row * 86.4
        assert close(pixel(page, 72, top + 36), (0, 255, 0)), row  # the outline's left edge
        assert close(pixel(page, 222, top + 36), (255, 255, 255)), row  # no tiles inside
    assert not [w for w in result.warnings if "could not" in w], result.warnings
