"""SVG pictures (asvg:svgBlip): drawn as vectors where Qt SVG draws them right, else their PNG."""

from __future__ import annotations

from pathlib import Path

from render_support import add_svg_pictures, blank_slide, close, convert, new_deck, pixel, png_bytes, render_page

from worker.render.svg_support import qt_draws_faithfully

SVG_HEAD = '<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100" viewBox="0 0 100 100">'
CLIPPED = (
    SVG_HEAD + '<defs><clipPath id="c"><rect x="0" y="0" width="50" height="100"/></clipPath></defs>'
    '<rect width="100" height="100" fill="#00ff00" clip-path="url(#c)"/></svg>'
)
ARTBOARD_CLIP = (
    SVG_HEAD + '<defs><clipPath id="c"><rect width="100" height="100"/></clipPath></defs>'
    '<g clip-path="url(#c)"><rect width="100" height="100" fill="#00ff00"/></g></svg>'
)
RGBA = SVG_HEAD + '<rect width="100" height="100" fill="rgba(0,255,0,1)"/></svg>'
SYMBOL = (
    SVG_HEAD + '<defs><symbol id="s" viewBox="0 0 10 10"><rect width="10" height="10" fill="#00ff00"/></symbol>'
    '</defs><use href="#s" width="100" height="100"/></svg>'
)
PLAIN = SVG_HEAD + '<rect width="100" height="100" style="fill:#00ff00"/></svg>'


def test_what_qt_svg_cannot_draw_is_recognised() -> None:
    assert qt_draws_faithfully(PLAIN.encode())
    assert qt_draws_faithfully(ARTBOARD_CLIP.encode())  # clips nothing away
    assert not qt_draws_faithfully(CLIPPED.encode())
    assert not qt_draws_faithfully(RGBA.encode())
    assert not qt_draws_faithfully(SYMBOL.encode())
    assert qt_draws_faithfully(SYMBOL.replace(' viewBox="0 0 10 10"', "").encode())  # drawn as is
    assert not qt_draws_faithfully(CLIPPED.replace('clip-path="url(#c)"', 'style="clip-path: url(#c)"').encode())


def test_svg_that_qt_would_draw_wrongly_shows_its_png(tmp_path: Path) -> None:
    # Qt SVG ignores clip-path (the clipped-away right half showed green) and draws rgba() colours
    # as nothing; PowerPoint draws the SVG, and its stored PNG is PowerPoint's own rendering of it.
    # The fallback here is red and blue halves: whichever is drawn is plain to see.
    fallback = tmp_path / "fallback.png"
    fallback.write_bytes(png_bytes(20, 20, [(255, 0, 0, 255), (0, 0, 255, 255)]))
    prs = new_deck()
    slide = blank_slide(prs)
    add_svg_pictures(prs, slide, fallback, [CLIPPED, RGBA, SYMBOL, ARTBOARD_CLIP, PLAIN])  # 72 pt squares
    pdf, _ = convert(prs, tmp_path)
    page = render_page(pdf)
    red, blue, green = (255, 0, 0), (0, 0, 255), (0, 255, 0)
    for i in (0, 1, 2):  # the fallback
        assert close(pixel(page, 36 + i * 108 + 18, 90), red, 20)
        assert close(pixel(page, 36 + i * 108 + 54, 90), blue, 20)
    for i in (3, 4):  # the SVG itself
        assert close(pixel(page, 36 + i * 108 + 18, 90), green, 20)
        assert close(pixel(page, 36 + i * 108 + 54, 90), green, 20)
