"""A run's symbol font (a:rPr/a:sym) draws only its symbol characters, those PowerPoint keeps in the
private-use block U+F000-F0FF (Insert > Symbol from Wingdings stores "\uf0e0" for its arrow); the
run's letters keep the run's Latin font. Google Slides writes an a:sym naming the text's own font on
every run: such runs look exactly as they would without it."""

from __future__ import annotations

from pathlib import Path

from render_support import match_widths, page_text, text_box, unwrapped_text_pdf

from worker.render.fonts import symbol_char

A_SYM = '<a:sym typeface="{0}" panose="05000000000000000000" pitchFamily="2" charset="2"/>'


def _deck(tmp_path: Path, runs: list[tuple[str, str, str]]) -> Path:
    """One paragraph a line: each (latin typeface, sym typeface or "", text) at 28 pt."""
    paras = ""
    for latin, sym, text in runs:
        sym_el = A_SYM.format(sym) if sym else ""
        paras += (
            f'<a:p><a:r><a:rPr lang="en-US" sz="2800"><a:latin typeface="{latin}"/>{sym_el}</a:rPr>'
            f"<a:t>{text}</a:t></a:r></a:p>"
        )
    return unwrapped_text_pdf(tmp_path, paras)


def test_letters_beside_a_symbol_keep_the_latin_font(tmp_path: Path) -> None:
    pdf = _deck(tmp_path, [("Arial", "Wingdings", "Go \uf0e0 next"), ("Arial", "", "Go plain")])
    text = page_text(pdf)
    assert "Go " in text and " next" in text, text  # not Wingdings' dingbats for G, o, n, e, x, t
    assert symbol_char("Wingdings", "\uf0e0") in text, text  # the arrow still from Wingdings
    # The same Arial letters: "Go " as wide as in the run without a:sym (Wingdings' two dingbats
    # and a space were 11 pt wider), from the same left edge.
    spans = match_widths(pdf, "Go ")
    assert len(spans) == 2 and abs(spans[0] - spans[1]) < 0.3, spans
    sym_go = text_box(pdf, "Go ")
    assert sym_go is not None and abs(sym_go[0] - 40.0) < 2.0, sym_go


def test_a_sym_naming_the_text_font_changes_nothing(tmp_path: Path) -> None:
    # Segoe UI's stand-in is set as wide as Segoe UI (latin_width_scale): with or without the
    # Google Slides a:sym the words span the same width.
    words = "Workshop leader minimum"
    pdf = _deck(tmp_path, [("Segoe UI", "Segoe UI", words), ("Segoe UI", "", words)])
    spans = match_widths(pdf, words)
    assert len(spans) == 2, page_text(pdf)
    assert abs(spans[0] - spans[1]) < 0.3, spans
