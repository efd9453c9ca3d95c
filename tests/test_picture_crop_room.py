"""A negative a:srcRect (empty room beside the picture) costs the picture's pixels, not the room's.

Found by the mutation fuzzer (sixth round): a picture fill cropped by t="-99999999" (a thousand
times its height of empty room above it) was drawn as a transparent copy that big, 768 x 384,003
pixels for a 384 x 384 picture: the conversion peaked at 3.3 GB (the pool stops one at 1.5).
Only the picture's own part of the crop is drawn now, in the part of the shape it falls on."""

from __future__ import annotations

from pathlib import Path

from corpus_support import run_slidepress_measured
from render_support import add_xml_shape, blank_slide, close, convert, new_deck, pixel, png_bytes, render_page, sp_xml

RED = (255, 0, 0)
WHITE = (255, 255, 255)


def _cropped(tmp_path: Path, src_rect: str, fill_rect: str = "<a:fillRect/>") -> Path:
    """A 300 x 200 pt rectangle at (72, 72) filled with a red 384 x 384 picture cropped by
    ``src_rect`` and stretched to ``fill_rect``."""
    png = tmp_path / "red.png"
    png.write_bytes(png_bytes(384, 384, [(255, 0, 0, 255)]))
    prs = new_deck()
    slide = blank_slide(prs)
    _, rid = slide.part.get_or_add_image_part(str(png))
    fill = f'<a:blipFill><a:blip r:embed="{rid}"/>{src_rect}<a:stretch>{fill_rect}</a:stretch></a:blipFill>'
    add_xml_shape(slide, sp_xml(914400, 914400, 300 * 12700, 200 * 12700, fill=fill))
    deck = tmp_path / "cropped.pptx"
    prs.save(str(deck))
    return deck


def test_empty_room_above_a_picture_leaves_the_top_of_the_shape_empty(tmp_path: Path) -> None:
    # t="-100000": room as tall as the picture above it, so the picture fills the lower half.
    pdf, result = convert(_cropped(tmp_path, '<a:srcRect t="-100000"/>'), tmp_path)
    page = render_page(pdf, dpi=72)
    assert close(pixel(page, 222, 72 + 50), WHITE)
    assert close(pixel(page, 222, 72 + 150), RED)
    assert result.warnings == []


def test_a_thousand_pictures_of_room_cost_no_more_than_the_picture(tmp_path: Path) -> None:
    # The fuzzed fill: the room above the picture a thousand times its height, and the fill
    # rectangle turned upside down (b past 100 %), so the picture is not scaled down first.
    deck = _cropped(
        tmp_path,
        '<a:srcRect l="-50000" t="-99999999" r="-50000" b="99000"/>',
        '<a:fillRect l="-100000" t="-100000" r="50000" b="99999999"/>',
    )
    target = tmp_path / "cropped.pdf"
    measured = run_slidepress_measured("convert", deck, target, timeout=300)
    assert measured.returncode == 0, measured.stderr[-2000:]
    assert measured.peak_rss_mib < 600, measured.peak_rss_mib  # 3.3 GB before
