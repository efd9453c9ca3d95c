"""Text in a run whose typeface is a symbol font (Symbol, Wingdings, Webdings) that the font does not
encode. A symbol font encodes U+0020-00FF and its private-use copy U+F020-F0FF only; PowerPoint draws
those through it ("a" in Symbol is alpha) and every other character (Arabic, CJK, Latin beyond
Latin-1, emoji) with a fallback font, so a run left in "Wingdings" after a bullet still shows the
words typed after it. Those characters are drawn in the theme's font for their slot, exactly as the
same text in a run without the symbol font, and extract as typed."""

from __future__ import annotations

import ctypes
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_raw
import pytest
from render_support import (
    match_widths,
    page_text,
    pixel,
    render_page,
    unwrapped_text_pdf,
)

# What PowerPoint writes for a symbol font's typeface element.
TRAITS = 'panose="05000000000000000000" pitchFamily="2" charset="2"'


def _deck(tmp_path: Path, lines: list[tuple[str, str]]) -> Path:
    """One paragraph a line, each a single 28 pt run: (a:rPr font elements, text)."""
    paras = "".join(
        f'<a:p><a:r><a:rPr lang="en-US" sz="2800">{fonts}</a:rPr><a:t>{text}</a:t></a:r></a:p>' for fonts, text in lines
    )
    return unwrapped_text_pdf(tmp_path, paras, 450.0)


def _font(slot: str, typeface: str) -> str:
    return f'<a:{slot} typeface="{typeface}" {TRAITS}/>'


def _lines(pdf: Path) -> list[tuple[str, float]]:
    """Each line of the first page, top to bottom: its characters (as extracted, in text order) and
    the width its glyphs span, in points."""
    doc = pdfium.PdfDocument(str(pdf))
    try:
        text = doc[0].get_textpage()
        rows: dict[int, list[tuple[str, float, float]]] = {}
        for i in range(text.count_chars()):
            ch = text.get_text_range(i, 1)
            if not ch.strip():
                continue
            x, y = ctypes.c_double(), ctypes.c_double()
            pdfium_raw.FPDFText_GetCharOrigin(text, i, x, y)
            left, _, right, _ = text.get_charbox(i)
            rows.setdefault(round(-y.value), []).append((ch, left, right))
        return [
            ("".join(c for c, _, _ in row), max(r for _, _, r in row) - min(left for _, left, _ in row))
            for _, row in sorted(rows.items())
        ]
    finally:
        doc.close()


# (slot, text): characters no symbol font encodes, each in the slot PowerPoint gives it.
UNENCODED = [
    ("latin", "ĀĒĪŌŪ ŁŚŹ"),  # Latin beyond Latin-1
    ("latin", "Привет"),
    ("cs", "مرحبا بالعالم"),
    ("cs", "שלום עולם"),
    ("ea", "日本語の文章"),
]


@pytest.mark.parametrize("typeface", ["Wingdings", "Symbol", "Webdings"])
@pytest.mark.parametrize(("slot", "text"), UNENCODED, ids=["latin-ext", "cyrillic", "arabic", "hebrew", "cjk"])
def test_unencoded_text_in_a_symbol_font_is_drawn_as_without_it(
    tmp_path: Path, typeface: str, slot: str, text: str
) -> None:
    # The symbol font named in the run's slot for that text, and in its Latin slot too (as a run
    # left in Wingdings after a bullet has it), against the same text in the theme's fonts.
    fonts = _font("latin", typeface) + ("" if slot == "latin" else _font(slot, typeface))
    pdf = _deck(tmp_path, [(fonts, text), ("", text)])
    lines = _lines(pdf)
    assert len(lines) == 2, lines
    (symbol_chars, symbol_width), (plain_chars, plain_width) = lines
    assert "\u2022" not in symbol_chars, lines  # no character turned into a bullet
    assert symbol_chars == plain_chars, lines  # extracted as the plain run's
    if slot != "cs":  # right-to-left text extracts in drawing order
        assert plain_chars == text.replace(" ", ""), lines
    assert abs(symbol_width - plain_width) < 0.5, lines  # in the same font as the plain run


@pytest.mark.parametrize("typeface", ["Wingdings", "Symbol", "Webdings"])
def test_emoji_in_a_symbol_font_are_drawn_in_colour(tmp_path: Path, typeface: str) -> None:
    # Colour emoji are pictures in the PDF, with no text to extract: compare the two lines' colour.
    pdf = _deck(tmp_path, [(_font("latin", typeface), "\U0001f600\U0001f680"), ("", "\U0001f600\U0001f680")])
    image = render_page(pdf)
    rows: list[int] = []  # coloured pixels in each row of the page
    for y in range(image.height):
        count = 0
        for x in range(40, 200):
            r, g, b = pixel(image, x, y)
            count += max(r, g, b) - min(r, g, b) > 60
        rows.append(count)
    inked = [y for y, count in enumerate(rows) if count]
    assert inked, "no coloured pixel on the page"
    gap = next((y for y in range(inked[0], inked[-1]) if not rows[y]), None)
    assert gap is not None, "one coloured line only: the symbol run's emoji are not drawn"
    first, second = sum(rows[:gap]), sum(rows[gap:])
    assert first > 0.8 * second and second > 0.8 * first, (first, second)


@pytest.mark.parametrize(
    ("typeface", "typed", "shown"),
    [
        ("Symbol", "abg", "αβγ"),  # Greek on Latin keys
        ("Symbol", "\uf061\uf062", "αβ"),  # the private-use copy of the same codes
        ("Wingdings", "l\uf0e0", "\u25cf\u2192"),  # a round bullet and Wingdings' arrow
        ("Webdings", "4a", "\u25b6\u2714"),
        ("Wingdings", "\u00a7\u00fc", "\u25aa\u2714"),  # codes 0xA7 and 0xFC: Latin-1 is the font's too
    ],
)
def test_encoded_characters_keep_the_symbol_glyphs(tmp_path: Path, typeface: str, typed: str, shown: str) -> None:
    pdf = _deck(tmp_path, [(_font("latin", typeface), typed)])
    assert page_text(pdf).strip() == shown


def test_symbols_and_words_in_one_run_each_keep_their_font(tmp_path: Path) -> None:
    # A Wingdings bullet typed before Cyrillic words in the same run: the bullet stays a Wingdings
    # glyph, the words are as wide as they are in a run of the theme's font.
    words = "Привет мир"
    pdf = _deck(tmp_path, [(_font("latin", "Wingdings"), f"\uf06c {words} \uf0e0"), ("", words)])
    lines = _lines(pdf)
    assert len(lines) == 2, lines
    assert lines[0][0] == "\u25cf" + words.replace(" ", "") + "\u2192", lines
    spans = match_widths(pdf, words)
    assert len(spans) == 2 and abs(spans[0] - spans[1]) < 0.5, spans
