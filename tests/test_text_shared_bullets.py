"""Bullet fonts and bullet layouts are shared by the paragraphs and bodies of a deck that draw the
same bullet (build._run_bullet_font, _typeface_bullet_font, _SharedCache.bullet_layouts): each
bullet still takes its own size, typeface and style, whichever body is drawn first."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QRectF
from text_support import make_context, pdf_chars, pdf_page_painter, styles_for, tx_body

from worker.render.text import paint_text_body
from worker.render.text.build import BodyBuilder, BuildOptions


def _para(bullet: str, bold: bool = True) -> str:
    b = ' b="1"' if bold else ""
    return (
        f"<a:p><a:pPr marL='457200' indent='-457200'>{bullet}</a:pPr>"
        f"<a:r><a:rPr lang='en-US' sz='2000'{b}><a:latin typeface='Arial'/></a:rPr><a:t>Item</a:t></a:r></a:p>"
    )


CHAR = '<a:buChar char="•"/>'
BIG = '<a:buSzPct val="200000"/><a:buChar char="•"/>'
NUMBER = '<a:buAutoNum type="arabicPeriod"/>'
COURIER = '<a:buFont typeface="Courier New"/><a:buChar char="o"/>'
TIMES = '<a:buFont typeface="Times New Roman"/><a:buChar char="o"/>'


def test_bullet_fonts_keep_their_size_face_and_style(qapp: object) -> None:
    ctx = make_context()
    first = tx_body("".join(_para(b) for b in (CHAR, NUMBER, BIG, COURIER, TIMES, CHAR)))
    second = tx_body(_para(NUMBER, bold=False) + _para(BIG, bold=False) + _para(TIMES, bold=False))
    for body in (first, second):
        BodyBuilder(ctx, body, [], None).build(BuildOptions())  # fill the caches in both orders
    char, number, big, courier, times, char_again = [
        p.bullet for p in BodyBuilder(ctx, first, [], None).build(BuildOptions())
    ]
    plain_number, plain_big, plain_times = [p.bullet for p in BodyBuilder(ctx, second, [], None).build(BuildOptions())]
    assert None not in (char, number, big, courier, times, char_again, plain_number, plain_big, plain_times)
    assert char is not None and number is not None and big is not None and char_again is not None
    assert not char.font.bold() and number.font.bold()  # a character bullet is plain, a number takes the text's style
    assert plain_number is not None and not plain_number.font.bold()
    assert big.font.pointSizeF() == pytest.approx(2 * char.font.pointSizeF())
    assert plain_big is not None and plain_big.font.pointSizeF() == pytest.approx(big.font.pointSizeF())
    assert courier is not None and times is not None and courier.font.family() != times.font.family()
    assert plain_times is not None and plain_times.font.family() == times.font.family()
    assert char_again.font is char.font  # shared, not made again


def _bullet_heights(path: Path, bodies: list[str]) -> list[float]:
    """Paint one body per entry with one context, one below the other; each body's bullet height."""
    ctx = make_context()
    with pdf_page_painter(path, ctx, (400.0, 400.0)) as painter:
        for row, inner in enumerate(bodies):
            body = tx_body(inner)
            paint_text_body(painter, ctx, body, QRectF(10, 10 + 90 * row, 380, 80), styles_for(body))
    boxes = [box for ch, box in pdf_chars(path) if ch == "•"]
    assert len(boxes) == len(bodies)
    return [top - bottom for _left, bottom, _right, top in sorted(boxes, key=lambda b: -b[3])]


@pytest.mark.parametrize("big_first", [False, True])
def test_bullet_layouts_keep_their_size_across_bodies(qapp: object, tmp_path: Path, big_first: bool) -> None:
    order = [BIG, CHAR, BIG] if big_first else [CHAR, BIG, CHAR]
    heights = _bullet_heights(tmp_path / "bullets.pdf", [_para(b) for b in order])
    big = [h for h, b in zip(heights, order, strict=True) if b == BIG]
    small = [h for h, b in zip(heights, order, strict=True) if b == CHAR]
    for wide in big:
        for narrow in small:
            assert wide == pytest.approx(2 * narrow, rel=0.1)


def _pdf_font_names(path: Path) -> set[str]:
    """The base font names the PDF's first page draws with (subset tags removed)."""
    from pypdf import PdfReader
    from pypdf.generic import DictionaryObject

    resources = PdfReader(str(path)).pages[0]["/Resources"].get_object()
    assert isinstance(resources, DictionaryObject)
    fonts = resources["/Font"].get_object()
    assert isinstance(fonts, DictionaryObject)
    return {str(f.get_object()["/BaseFont"]).lstrip("/").split("+")[-1] for f in fonts.values()}


@pytest.mark.parametrize(("attrs", "face"), [(' b="1"', "Bold"), (' i="1"', "Italic"), ("", "Regular")])
def test_a_number_in_its_own_typeface_takes_the_texts_style(
    qapp: object, tmp_path: Path, attrs: str, face: str
) -> None:
    """PowerPoint writes buFont with every numbered list (+mj-lt): a bold paragraph's number is
    drawn bold in that typeface, an italic one's italic (before, always regular)."""
    inner = (
        "<a:p><a:pPr marL='457200' indent='-457200'><a:buFont typeface='Courier New'/>"
        "<a:buAutoNum type='arabicPeriod'/></a:pPr>"
        f"<a:r><a:rPr lang='en-US' sz='2000'{attrs}><a:latin typeface='Arial'/></a:rPr><a:t>Item</a:t></a:r></a:p>"
    )
    ctx = make_context()
    path = tmp_path / "number.pdf"
    with pdf_page_painter(path, ctx, (400.0, 200.0)) as painter:
        body = tx_body(inner)
        paint_text_body(painter, ctx, body, QRectF(10, 10, 380, 80), styles_for(body))
    assert [ch for ch, _box in pdf_chars(path)][:2] == ["1", "."]
    mono = {name for name in _pdf_font_names(path) if "Mono" in name}
    assert mono == {"LiberationMono" if face == "Regular" else f"LiberationMono-{face}"}
