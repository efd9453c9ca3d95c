"""Text bodies painted into real PDFs: extractable text, positions, scripts, bullets, links."""

from __future__ import annotations

import unicodedata
from pathlib import Path
from types import SimpleNamespace

import pypdf
import pytest
from PIL import ImageFont
from PySide6.QtCore import QRectF
from text_support import make_context, pdf_chars, pdf_text, render_pdf, styles_for, tx_body

PAGE_H = 300.0
BOX = QRectF(20, 20, 300, 200)
# The text area after PowerPoint's default insets (7.2 pt left/right, 3.6 pt top/bottom).
AREA = QRectF(27.2, 23.6, 285.6, 192.8)


def _run(text: str, rpr: str = '<a:rPr lang="en-US"/>') -> str:
    return f"<a:r>{rpr}<a:t>{text}</a:t></a:r>"


def _visible(chars: list[tuple[str, tuple[float, float, float, float]]]) -> list[tuple[float, float, float, float]]:
    return [box for ch, box in chars if ch.strip()]


def test_centred_text_is_real_text_centred_in_the_box(qapp: object, tmp_path: Path) -> None:
    body = tx_body(f'<a:p><a:pPr algn="ctr"/>{_run("Centred heading")}</a:p>')
    out = tmp_path / "ctr.pdf"
    render_pdf(out, body, BOX, styles_for(body))
    assert "Centred heading" in pdf_text(out)
    boxes = _visible(pdf_chars(out))
    centre = (min(b[0] for b in boxes) + max(b[2] for b in boxes)) / 2
    assert centre == pytest.approx(AREA.center().x(), abs=1.5)


def test_bottom_anchor_puts_the_last_line_at_the_bottom(qapp: object, tmp_path: Path) -> None:
    body = tx_body(_wrap_p("Bottom line"), body_pr='<a:bodyPr anchor="b"/>')
    out = tmp_path / "bottom.pdf"
    render_pdf(out, body, BOX, styles_for(body))
    boxes = _visible(pdf_chars(out))
    lowest = PAGE_H - min(b[1] for b in boxes)  # PDF y grows upwards
    # 18 pt Carlito: glyph bottoms sit on the baseline, a descent (~4.8 pt) above the area's bottom.
    assert AREA.bottom() - 7.0 < lowest <= AREA.bottom() + 0.5


def _wrap_p(text: str, ppr: str = "") -> str:
    return f"<a:p>{ppr}{_run(text)}</a:p>"


def test_long_paragraph_wraps_within_the_box_width(qapp: object, tmp_path: Path) -> None:
    words = "wrapping " * 30
    narrow = QRectF(20, 20, 150, 250)
    body = tx_body(_wrap_p(words.strip()))
    out = tmp_path / "wrap.pdf"
    render_pdf(out, body, narrow, styles_for(body))
    boxes = _visible(pdf_chars(out))
    assert max(b[2] for b in boxes) <= narrow.right() - 7.2 + 0.5
    assert min(b[0] for b in boxes) >= narrow.left() + 7.2 - 0.5
    lines = {round(b[1]) for b in boxes}
    assert len(lines) >= 8
    assert pdf_text(out).replace("\r\n", " ").split() == words.split()


def test_no_wrap_keeps_one_line(qapp: object, tmp_path: Path) -> None:
    body = tx_body(_wrap_p("one long line that would wrap " * 3), body_pr='<a:bodyPr wrap="none"/>')
    out = tmp_path / "nowrap.pdf"
    render_pdf(out, body, QRectF(20, 20, 100, 100), styles_for(body), page=(1200, 300))
    assert len({round(b[1]) for b in _visible(pdf_chars(out))}) == 1


def _advance_pt(font_file: str, text: str, size_pt: float) -> float:
    """The text's width by its glyphs' advances (no kerning), read with FreeType through PIL."""
    face = ImageFont.truetype(str(Path(__file__).parents[1] / "resources" / "fonts" / font_file), 1000)
    return face.getlength(text) * size_pt / 1000.0


@pytest.mark.parametrize(("slack", "lines"), [(0.3, 1), (-3.0, 2)])
def test_a_line_breaks_where_the_advances_fill_the_box(qapp: object, tmp_path: Path, slack: float, lines: int) -> None:
    # Calibri's 'y' reaches past its advance; PowerPoint fits a line on advances, so the words
    # stay on one line while their advances fit (and wrap once they do not).
    text = "Monthly survey"
    width = _advance_pt("Carlito-Regular.ttf", text, 18.0) + slack + 14.4  # 7.2 pt insets
    body = tx_body(
        _run(text, '<a:rPr lang="en-US" sz="1800"><a:latin typeface="Calibri"/></a:rPr>').join(("<a:p>", "</a:p>"))
    )
    out = tmp_path / "fit.pdf"
    render_pdf(out, body, QRectF(20, 20, width, 100), styles_for(body))
    assert len({round(b[1]) for b in _visible(pdf_chars(out))}) == lines
    assert pdf_text(out).split() == text.split()


def test_a_word_wider_than_the_box_is_split_between_letters(qapp: object, tmp_path: Path) -> None:
    # PowerPoint breaks an over-long word where the line is full instead of letting it run out.
    narrow = QRectF(20, 20, 60, 200)
    body = tx_body(_wrap_p("Incomprehensibilities fit"))
    out = tmp_path / "split.pdf"
    render_pdf(out, body, narrow, styles_for(body))
    boxes = _visible(pdf_chars(out))
    assert max(b[2] for b in boxes) <= narrow.right() - 7.2 + 0.5
    assert len({round(b[1]) for b in boxes}) >= 3
    assert pdf_text(out).replace("\r\n", "").replace(" ", "") == "Incomprehensibilitiesfit"


@pytest.mark.parametrize(
    ("text", "lang", "font_hint"),
    [("مرحبا بالعالم", "ar-SA", "Arabic"), ("שלום עולם", "he-IL", "Hebrew")],
)
def test_right_to_left_text_is_right_aligned_and_extracts_in_logical_order(
    qapp: object, tmp_path: Path, text: str, lang: str, font_hint: str
) -> None:
    rpr = f'<a:rPr lang="{lang}"/>'
    body = tx_body(f'<a:p><a:pPr rtl="1" algn="r"/>{_run(text, rpr)}</a:p>')
    out = tmp_path / "rtl.pdf"
    render_pdf(out, body, BOX, styles_for(body))
    assert text in pdf_text(out)
    boxes = _visible(pdf_chars(out))
    assert max(b[2] for b in boxes) == pytest.approx(AREA.right(), abs=2.0)
    fonts = _pdf_fonts(out)
    assert any(font_hint in f for f in fonts), fonts


@pytest.mark.parametrize("between", [" ", " 12 "])
def test_a_run_without_letters_between_arabic_runs_takes_the_cs_typeface(
    qapp: object, tmp_path: Path, between: str
) -> None:
    """PowerPoint splits text into runs at each spelling mark, so a space (or a number) between
    Persian words often stands alone in a run of its own. It is set in the cs typeface, as inside an
    Arabic run: before, it took the Latin one, here a monospaced theme font (Consolas in a real deck),
    whose 0.6 em spaces opened wide gaps between the words."""
    rpr = '<a:rPr lang="en-US"><a:latin typeface="Courier New"/><a:cs typeface="Arial"/></a:rPr>'
    words = ["کاساندرا", between, "اسطوره", " ", "یونان"]

    def arabic_line_width(paragraph: str) -> float:
        out = tmp_path / "line.pdf"
        body = tx_body(f'<a:p><a:pPr rtl="1" algn="r"/>{paragraph}</a:p>')
        render_pdf(out, body, QRectF(10.0, 10.0, 380.0, 200.0), styles_for(body))
        boxes = [box for ch, box in pdf_chars(out) if "\u0600" <= ch <= "\u06ff"]
        return max(b[2] for b in boxes) - min(b[0] for b in boxes)

    split = arabic_line_width("".join(_run(word, rpr) for word in words))
    whole = arabic_line_width(_run("".join(words), rpr))
    assert split == pytest.approx(whole, abs=0.5)


def test_cjk_text_uses_cjk_fonts_and_stays_extractable(qapp: object, tmp_path: Path) -> None:
    body = tx_body(_wrap_p("テキスト 한국어 Latin"))
    out = tmp_path / "cjk.pdf"
    render_pdf(out, body, BOX, styles_for(body))
    text = pdf_text(out)
    assert "テキスト" in text and "한국어" in text and "Latin" in text
    fonts = _pdf_fonts(out)
    assert any("CJK" in f for f in fonts) and any("Carlito" in f for f in fonts), fonts


def _pdf_fonts(path: Path) -> list[str]:
    page = pypdf.PdfReader(str(path)).pages[0]
    holder = page.get("/Resources")
    assert holder is not None
    resources = holder.get_object()
    assert isinstance(resources, pypdf.generic.DictionaryObject)
    fonts = resources["/Font"].get_object()
    assert isinstance(fonts, pypdf.generic.DictionaryObject)
    names = []
    for key in fonts:
        font = fonts[key].get_object()
        assert isinstance(font, pypdf.generic.DictionaryObject)
        names.append(str(font["/BaseFont"]))
    return names


def test_numbering_schemes_and_levels(qapp: object, tmp_path: Path) -> None:
    def item(text: str, scheme: str, lvl: int = 0, start: str = "") -> str:
        ppr = (
            f'<a:pPr lvl="{lvl}" marL="{342900 * (lvl + 1)}" indent="-342900">'
            f'<a:buAutoNum type="{scheme}"{start}/></a:pPr>'
        )
        return _wrap_p(text, ppr)

    body = tx_body(
        item("one", "arabicPeriod")
        + item("two", "arabicPeriod")
        + item("sub a", "alphaLcParenR", 1)
        + item("sub b", "alphaLcParenR", 1)
        + item("three", "arabicPeriod")
        + item("sub again", "alphaLcParenR", 1)
        + item("roman", "romanLcPeriod", 0, ' startAt="3"')
    )
    out = tmp_path / "num.pdf"
    render_pdf(out, body, QRectF(10, 10, 380, 280), styles_for(body))
    lines = [ln.strip() for ln in pdf_text(out).splitlines()]
    assert lines == ["1. one", "2. two", "a) sub a", "b) sub b", "3. three", "a) sub again", "iii. roman"]


def test_a_different_start_at_begins_a_new_run_of_numbers(qapp: object, tmp_path: Path) -> None:
    # PowerPoint counts on while paragraphs repeat the run's scheme and startAt, and starts again at
    # a paragraph whose startAt differs (pptxgenjs writes startAt="1" on every item it numbers).
    def item(text: str, start: str = "") -> str:
        ppr = f'<a:pPr marL="342900" indent="-342900"><a:buAutoNum type="arabicPeriod"{start}/></a:pPr>'
        return _wrap_p(text, ppr)

    body = tx_body(
        item("one")
        + item("two")
        + item("three", ' startAt="3"')
        + item("four", ' startAt="3"')
        + item("again", ' startAt="1"')
        + item("unstated")
    )
    out = tmp_path / "runs.pdf"
    render_pdf(out, body, QRectF(10, 10, 380, 280), styles_for(body))
    lines = [ln.strip() for ln in pdf_text(out).splitlines()]
    assert lines == ["1. one", "2. two", "3. three", "4. four", "1. again", "2. unstated"]


def test_bullet_characters_from_symbol_fonts(qapp: object, tmp_path: Path) -> None:
    body = tx_body(
        _wrap_p(
            "square",
            '<a:pPr marL="285750" indent="-285750"><a:buFont typeface="Wingdings"/><a:buChar char="§"/></a:pPr>',
        )
        + _wrap_p(
            "round", '<a:pPr marL="285750" indent="-285750"><a:buFont typeface="Arial"/><a:buChar char="•"/></a:pPr>'
        )
        + _wrap_p("none", '<a:pPr marL="285750" indent="-285750"><a:buNone/></a:pPr>')
    )
    out = tmp_path / "bullets.pdf"
    render_pdf(out, body, BOX, styles_for(body))
    lines = [ln.strip() for ln in pdf_text(out).splitlines()]
    assert lines[0].startswith("\u25aa") and lines[0].endswith("square")
    assert lines[1].startswith("\u2022") and lines[1].endswith("round")
    assert lines[2] == "none"
    # Hanging indent: text of each paragraph starts at marL (22.5 pt) past the area's left edge.
    chars = pdf_chars(out)
    first_s = next(b for ch, b in chars if ch == "s")
    assert first_s[0] == pytest.approx(AREA.left() + 22.5, abs=1.0)


@pytest.mark.parametrize("align", ["ctr", "r"])
def test_bullet_goes_with_centred_and_right_aligned_text(qapp: object, tmp_path: Path, align: str) -> None:
    ppr = (
        f'<a:pPr marL="285750" indent="-285750" algn="{align}"><a:buFont typeface="Arial"/><a:buChar char="•"/></a:pPr>'
    )
    body = tx_body(_wrap_p("Aligned", ppr))
    out = tmp_path / "aligned.pdf"
    render_pdf(out, body, BOX, styles_for(body))
    chars = pdf_chars(out)
    bullet = next(b for ch, b in chars if ch == "\u2022")
    first = next(b for ch, b in chars if ch == "A")
    # As far before the text as in a left-aligned paragraph (marL 22.5 pt), not at the margin.
    assert first[0] - bullet[0] == pytest.approx(22.5, abs=1.5)
    assert first[0] > AREA.center().x() - 60


def test_fields_line_breaks_and_hyperlinks(qapp: object, tmp_path: Path) -> None:
    rel = SimpleNamespace(is_external=True, target_ref="https://example.com/x")
    ctx = make_context(slide_number=7)
    ctx.part = SimpleNamespace(rels={"rId5": rel})
    body = tx_body(
        '<a:p><a:r><a:rPr lang="en-US"/><a:t>Slide </a:t></a:r>'
        '<a:fld id="{1}" type="slidenum"><a:rPr lang="en-US"/><a:t>‹#›</a:t></a:fld>'
        '<a:br><a:rPr lang="en-US"/></a:br>'
        '<a:r><a:rPr lang="en-US"><a:hlinkClick r:id="rId5"/></a:rPr><a:t>a link</a:t></a:r></a:p>'
    )
    out = tmp_path / "fields.pdf"
    render_pdf(out, body, BOX, styles_for(body), ctx=ctx)
    assert [ln.strip() for ln in pdf_text(out).splitlines()] == ["Slide 7", "a link"]
    assert len(ctx.page.links) == 1
    link = ctx.page.links[0]
    assert link.target == "https://example.com/x"
    assert AREA.left() - 0.5 <= link.rect.left() < AREA.left() + 2
    assert 15 < link.rect.width() < 80


def test_single_spacing_is_one_point_two_times_the_size_and_percent_scales_it(qapp: object, tmp_path: Path) -> None:
    def pitch(ppr: str) -> float:
        body = tx_body(
            f'<a:p>{ppr}<a:r><a:rPr lang="en-US" sz="2000"/><a:t>Alpha</a:t></a:r><a:br><a:rPr lang="en-US"/></a:br>'
            '<a:r><a:rPr lang="en-US" sz="2000"/><a:t>Bravo</a:t></a:r></a:p>'
        )
        out = tmp_path / "pitch.pdf"
        render_pdf(out, body, BOX, styles_for(body))
        chars = pdf_chars(out)
        first = next(b for ch, b in chars if ch == "A")
        second = next(b for ch, b in chars if ch == "B")
        return first[1] - second[1]

    assert pitch("") == pytest.approx(24.0, abs=0.1)
    assert pitch('<a:pPr><a:lnSpc><a:spcPct val="150000"/></a:lnSpc></a:pPr>') == pytest.approx(36.0, abs=0.1)
    assert pitch('<a:pPr><a:lnSpc><a:spcPts val="3000"/></a:lnSpc></a:pPr>') == pytest.approx(30.0, abs=0.1)


def test_space_before_opens_between_paragraphs_not_above_the_first(qapp: object, tmp_path: Path) -> None:
    def tops(space_before: str) -> tuple[float, float]:
        ppr = f"<a:pPr><a:spcBef>{space_before}</a:spcBef></a:pPr>"
        body = tx_body(
            f'<a:p>{ppr}<a:r><a:rPr lang="en-US" sz="2000"/><a:t>Alpha</a:t></a:r></a:p>'
            f'<a:p>{ppr}<a:r><a:rPr lang="en-US" sz="2000"/><a:t>Bravo</a:t></a:r></a:p>'
        )
        out = tmp_path / "before.pdf"
        render_pdf(out, body, BOX, styles_for(body))
        chars = pdf_chars(out)
        return next(b for ch, b in chars if ch == "A")[1], next(b for ch, b in chars if ch == "B")[1]

    first_plain, second_plain = tops('<a:spcPts val="0"/>')
    first_pts, second_pts = tops('<a:spcPts val="1800"/>')
    first_pct, second_pct = tops('<a:spcPct val="50000"/>')
    # The first paragraph stays at the top of the box whatever its space before (PowerPoint's rule).
    assert first_pts == pytest.approx(first_plain, abs=0.1)
    assert first_pct == pytest.approx(first_plain, abs=0.1)
    # Between paragraphs: 18 pt, or half a single line (1.2 x 20 pt) for 50 %.
    assert (first_pts - second_pts) - (first_plain - second_plain) == pytest.approx(18.0, abs=0.1)
    assert (first_pct - second_pct) - (first_plain - second_plain) == pytest.approx(12.0, abs=0.1)


def test_edge_paragraph_spacing_opens_only_when_the_body_asks_for_it(qapp: object, tmp_path: Path) -> None:
    def bottom_of(body_pr: str, name: str) -> tuple[float, float]:
        """Top of the first glyph and bottom of the last, from the page's top, for a bottom-anchored
        body of two paragraphs with 18 pt before and 24 pt after each."""
        ppr = '<a:pPr><a:spcBef><a:spcPts val="1800"/></a:spcBef><a:spcAft><a:spcPts val="2400"/></a:spcAft></a:pPr>'
        body = tx_body(_wrap_p("Alpha", ppr) + _wrap_p("Bravo", ppr), body_pr=body_pr)
        out = tmp_path / name
        render_pdf(out, body, BOX, styles_for(body))
        chars = pdf_chars(out)
        alpha = next(b for ch, b in chars if ch == "A")
        bravo = next(b for ch, b in chars if ch == "B")
        return PAGE_H - alpha[3], PAGE_H - bravo[1]

    _, bottom_plain = bottom_of('<a:bodyPr anchor="b"/>', "plain.pdf")
    _, bottom_edges = bottom_of('<a:bodyPr anchor="b" spcFirstLastPara="1"/>', "edges.pdf")
    top_plain, _ = bottom_of("<a:bodyPr/>", "top.pdf")
    top_edges, _ = bottom_of('<a:bodyPr spcFirstLastPara="1"/>', "top_edges.pdf")
    # The last paragraph's space after lifts bottom-anchored text only with spcFirstLastPara...
    assert bottom_plain - bottom_edges == pytest.approx(24.0, abs=0.2)
    # ...and the first one's space before lowers top-anchored text only then.
    assert top_edges - top_plain == pytest.approx(18.0, abs=0.2)


def test_stored_font_scale_paints_whole_points_rounding_halves_up(qapp: object, tmp_path: Path) -> None:
    def width(size: int, scale: int) -> float:
        body = tx_body(
            f'<a:p><a:r><a:rPr lang="en-US" sz="{size * 100}"/><a:t>Scaled text</a:t></a:r></a:p>',
            body_pr=f'<a:bodyPr wrap="none"><a:normAutofit fontScale="{scale}"/></a:bodyPr>',
        )
        out = tmp_path / "scaled.pdf"
        render_pdf(out, body, BOX, styles_for(body))
        boxes = _visible(pdf_chars(out))
        return max(b[2] for b in boxes) - min(b[0] for b in boxes)

    assert width(36, 90000) == pytest.approx(width(32, 100000), abs=0.05)  # 32.4 -> 32
    assert width(22, 62500) == pytest.approx(width(14, 100000), abs=0.05)  # 13.75 -> 14
    assert width(35, 70000) == pytest.approx(width(25, 100000), abs=0.05)  # 24.5 -> 25: halves go up


def test_slide_jump_links_target_the_slide_part(qapp: object, tmp_path: Path) -> None:
    # pdf_finish maps part names to output pages (hidden slides have none), so the text passes
    # the related part's name through rather than guessing a page number from it.
    rel = SimpleNamespace(is_external=False, target_partname="/ppt/slides/slide3.xml")
    ctx = make_context(slide_number=2)
    ctx.part = SimpleNamespace(rels={"rId2": rel})
    body = tx_body(
        '<a:p><a:r><a:rPr lang="en-US"><a:hlinkClick r:id="rId2" action="ppaction://hlinksldjump"/></a:rPr>'
        "<a:t>go to slide</a:t></a:r></a:p>"
    )
    render_pdf(tmp_path / "jump.pdf", body, BOX, styles_for(body), ctx=ctx)
    assert [link.target for link in ctx.page.links] == ["/ppt/slides/slide3.xml"]


def test_korean_in_malgun_gothic_keeps_full_em_syllables_and_wide_spaces(qapp: object, tmp_path: Path) -> None:
    # Malgun Gothic sets Hangul on a full em with 0.35 em spaces (PowerPoint's PDFs); the Noto CJK
    # substitute is narrower, so its advances are widened to match.
    def starts(ea: str) -> list[float]:
        body = tx_body(
            f'<a:p><a:r><a:rPr lang="ko-KR" sz="2000"><a:ea typeface="{ea}"/></a:rPr><a:t>가나 다라</a:t></a:r></a:p>'
        )
        out = tmp_path / "ko.pdf"
        render_pdf(out, body, BOX, styles_for(body))
        return [b[0] for ch, b in pdf_chars(out) if not ch.isspace()]

    malgun = starts("Malgun Gothic")
    assert malgun[1] - malgun[0] == pytest.approx(20.0, abs=0.2)  # one syllable = 1 em
    assert malgun[2] - malgun[1] == pytest.approx(20.0 + 0.35 * 20.0, abs=0.3)  # syllable + space
    assert starts("맑은 고딕") == pytest.approx(malgun, abs=0.01)
    # A font the rule does not cover keeps the substitute's own advances.
    other = starts("Yu Gothic")
    assert other[1] - other[0] < 19.0


def test_korean_in_malgun_gothic_sits_as_high_as_in_powerpoint(qapp: object, tmp_path: Path) -> None:
    # PowerPoint's PDFs put Malgun Gothic text 0.09 em higher in its line than the Noto CJK
    # substitute would sit in the same line box; explicitly chosen Noto text is not moved. The
    # decks measured write a mark without a typeface (the theme's Calibri then shares the line:
    # Malgun Gothic's seat with it is 0.94573 em, against 1.036 em for Noto centred in the line).
    def glyph_top(ea: str) -> float:
        body = tx_body(
            f'<a:p><a:r><a:rPr lang="ko-KR" sz="4000"><a:ea typeface="{ea}"/></a:rPr><a:t>가나</a:t></a:r>'
            '<a:endParaRPr lang="en-US" sz="4000"/></a:p>'
        )
        out = tmp_path / "ko_top.pdf"
        render_pdf(out, body, BOX, styles_for(body))
        return max(b[3] for ch, b in pdf_chars(out) if not ch.isspace())  # PDF y grows upwards

    noto, malgun = glyph_top("Noto Sans CJK KR"), glyph_top("Malgun Gothic")
    # Both baselines then land on whole points of the body, so the 3.6 pt comes out as 3 or 4.
    assert malgun - noto == pytest.approx(0.09 * 40, abs=0.65)
    assert glyph_top("Yu Gothic") == pytest.approx(noto, abs=0.3)


@pytest.mark.parametrize(
    ("text", "ea", "hanging", "first_line"),
    [
        ("一二三四五六七八九十甲乙丙丁，戊己庚辛", "Microsoft YaHei", "1", "一二三四五六七八九十甲乙丙丁，"),
        ("一二三四五六七八九十甲乙丙丁，戊己庚辛", "Microsoft YaHei", "0", "一二三四五六七八九十甲乙丙"),
        ("가나다라마바사아자차카타파하?", "Malgun Gothic", "1", "가나다라마바사아자차카타파하"),
        ("가나다라마바사아자차카타파하?", "Malgun Gothic", "0", "가나다라마바사아자차카타파하"),
    ],
)
def test_hanging_punctuation_keeps_the_character_before_it_on_the_line(
    qapp: object, tmp_path: Path, text: str, ea: str, hanging: str, first_line: str
) -> None:
    # 14 full-em ideographs (or Malgun Gothic syllables) fill the 285.6 pt line; the mark after them
    # does not fit. With hangingPunct PowerPoint (Windows) hangs the mark past the margin and keeps
    # the character before it on the line (native exports, office2pdf #515); without it the mark
    # may not start a line, so that character goes down with it. After a Hangul syllable the mark
    # starts the next line alone, with hangingPunct or without (PowerPoint for Mac's exports:
    # o2pgold 09_lecture_ko's "뜻인가" / "?"; PowerPoint for Windows hangs it).
    body = tx_body(
        f'<a:p><a:pPr hangingPunct="{hanging}"/><a:r><a:rPr lang="zh-CN" sz="2000">'
        f'<a:ea typeface="{ea}"/></a:rPr><a:t>{text}</a:t></a:r></a:p>'
    )
    out = tmp_path / "hang.pdf"
    render_pdf(out, body, BOX, styles_for(body))
    chars = [(ch, b) for ch, b in pdf_chars(out) if ch.strip()]
    top = max(b[1] for _, b in chars)
    line = "".join(ch for ch, b in chars if b[1] == pytest.approx(top, abs=1.0))
    # Without the finishing step the text layer may name a shared glyph by its Kangxi radical.
    assert unicodedata.normalize("NFKC", line) == unicodedata.normalize("NFKC", first_line)


def _starts(tmp_path: Path, rpr: str, text: str) -> list[float]:
    body = tx_body(f"<a:p><a:r>{rpr}<a:t>{text}</a:t></a:r></a:p>")
    out = tmp_path / "slots.pdf"
    render_pdf(out, body, QRectF(20, 20, 360, 200), styles_for(body))
    return [b[0] for ch, b in pdf_chars(out) if not ch.isspace()]


def test_ascii_punctuation_and_digits_among_hangul_take_the_latin_font(qapp: object, tmp_path: Path) -> None:
    # PowerPoint sets ASCII characters with the Latin typeface whatever surrounds them (its Latin
    # font is the one for "letters, numbers and symbols"); Malgun Gothic's Latin is Segoe UI-like
    # (its stand-in Noto Sans), not the widened Noto CJK Hangul face. PowerPoint's own PDF of such
    # a run (o2pgold 09_lecture_ko) gives MalgunGothicBold's advances: '"' 476, '3' 580, '%' 875.
    faces = '<a:latin typeface="Malgun Gothic"/><a:ea typeface="Malgun Gothic"/>'
    starts = _starts(tmp_path, f'<a:rPr lang="ko-KR" sz="2000" b="1">{faces}</a:rPr>', '가"3%"나')
    powerpoint = 20.0 + (476 + 580 + 875 + 476) * 20.0 / 1000.0
    assert starts[-1] - starts[0] == pytest.approx(powerpoint, abs=1.0)


def test_digits_between_ideographs_take_the_latin_typeface(qapp: object, tmp_path: Path) -> None:
    # Calibri's digits (Carlito: 0.507 em) between Japanese characters, not the East Asian face's.
    rpr = '<a:rPr lang="ja-JP" sz="2000"><a:latin typeface="Calibri"/><a:ea typeface="Yu Gothic"/></a:rPr>'
    starts = _starts(tmp_path, rpr, "日本123語")
    digits = starts[5] - starts[2]
    assert digits == pytest.approx(3 * 0.507 * 20.0, abs=0.3)


@pytest.mark.parametrize(("spaced", "tight"), [("다. 나", "다.나"), ("가 3가", "가3가"), ("A 가", "A가")])
def test_malgun_gothic_spaces_are_as_wide_beside_latin_as_between_hangul(
    qapp: object, tmp_path: Path, spaced: str, tight: str
) -> None:
    # PowerPoint's PDFs of Malgun Gothic text: every word gap is 0.35 em, after a Latin mark ("다. p",
    # "래, 관": 0.347 em) as between syllables; Noto Sans's own space is 0.26 em.
    faces = '<a:latin typeface="Malgun Gothic"/><a:ea typeface="Malgun Gothic"/>'
    rpr = f'<a:rPr lang="ko-KR" sz="2000">{faces}</a:rPr>'
    gap = _starts(tmp_path, rpr, spaced)[-1] - _starts(tmp_path, rpr, tight)[-1]
    assert gap == pytest.approx(0.35 * 20.0, abs=0.25)
