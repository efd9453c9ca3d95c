"""Qt's per-glyph text is rewritten into TJ runs, and its ToUnicode maps read as the slide does."""

from __future__ import annotations

import subprocess
from pathlib import Path

from pptx.util import Inches
from render_support import blank_slide, convert, new_deck, page_text, text_box

from worker.render.pdf_text import FontInfo, MergeState, fix_to_unicode, merge_text_runs


def test_runs_become_one_tj_with_the_same_positions() -> None:
    stream = (
        b"BT\n/F1 10 Tf 1 0 0 -1 0 0 Tm\n5 -20 Td <0001> Tj\n6 0 Td <0002> Tj\n4 0 Td <0001> Tj\n"
        b"-11 14 Td <0002> Tj\nET"
    )
    fonts: dict[str, FontInfo] = {"F1": ({1: 600.0, 2: 500.0}, 1000.0, set())}
    merged = merge_text_runs(stream, fonts).decode()
    # Glyph 1 is 6 units wide at 10 pt: the second glyph needs no adjustment; glyph 2 is 5 wide but
    # the third starts 4 on, one unit back (100/1000 em); the line matrix ends where the last Td put it.
    assert "5 -20 Td [<0001> <0002> 100 <0001>] TJ" in merged
    assert "\n10 0 Td\n" in merged
    assert merged.rstrip().endswith("-11 14 Td <0002> Tj\nET")


def test_a_block_moving_up_or_down_becomes_one_tj_per_line() -> None:
    # One block of glyph lines: a dy of "0.0" stays on the line, a real move starts a new run, and a
    # run of one glyph is left as it was written (with its own number formatting).
    stream = (
        b"q\nBT\n/F1 20 Tf 1 0 0 -1 0 0 Tm\n"
        b"1.50000000 -20 Td <0001> Tj\n10 0.0 Td <0002> Tj\n"
        b"-10 24.2500000 Td <0001> Tj\n"
        b"0.500000000 12 Td <0002> Tj\n12 0 Td <0001> Tj\n7.0 0 Td <0002> Tj\nET\nQ"
    )
    fonts: dict[str, FontInfo] = {"F1": ({1: 600.0, 2: 500.0}, 1000.0, set())}
    merged = merge_text_runs(stream, fonts).decode()
    assert merged.split("\n") == [
        "q",
        "BT",
        "/F1 20 Tf 1 0 0 -1 0 0 Tm",
        # Glyph 1 advances 12 at 20 pt: a 10 step needs +100/1000 em.
        "1.5 -20 Td [<0001> 100 <0002>] TJ",
        "10 0 Td",
        "-10 24.2500000 Td <0001> Tj",
        # Glyph 2 advances 10, the next glyph is 12 on (-100); glyph 1 advances 12, then 7 (+250).
        "0.5 12 Td [<0002> -100 <0001> 250 <0002>] TJ",
        "19 0 Td",
        "ET",
        "Q",
    ]


def test_text_objects_of_another_shape_are_merged_line_by_line() -> None:
    # Qt's usual text object (a font line, then glyph lines) is read in one match; marked content
    # or a second font inside it takes the general scan, with the same result per block.
    stream = (
        b"BT\n/F1 10 Tf 1 0 0 -1 0 0 Tm\n/Span << /ActualText <FEFF0041> >> BDC\n"
        b"0 0 Td <0001> Tj\n6 0 Td <0002> Tj\nEMC\n/F2 10 Tf\n1 2 Td <0001> Tj\n6 0 Td <0002> Tj\nET\n"
        b"BT\n/F2 10 Tf 1 0 0 -1 0 0 Tm\n0 0 Td <0001> Tj\n6 0 Td <0002> Tj\nET"
    )
    fonts: dict[str, FontInfo] = {"F1": ({1: 600.0}, 1000.0, set()), "F2": ({1: 500.0}, 1000.0, set())}
    assert merge_text_runs(stream, fonts).decode().split("\n") == [
        "BT",
        "/F1 10 Tf 1 0 0 -1 0 0 Tm",
        "/Span << /ActualText <FEFF0041> >> BDC",
        "0 0 Td [<0001> <0002>] TJ",
        "6 0 Td",
        "EMC",
        "/F2 10 Tf",
        "1 2 Td [<0001> -100 <0002>] TJ",
        "6 0 Td",
        "ET",
        "BT",
        "/F2 10 Tf 1 0 0 -1 0 0 Tm",
        "0 0 Td [<0001> -100 <0002>] TJ",
        "6 0 Td",
        "ET",
    ]


def test_what_merging_learns_is_kept_only_for_the_same_font() -> None:
    # Pages of one document share a MergeState; a page whose F1 is another font (other widths) must
    # not get the first font's adjustments.
    state = MergeState()
    stream = b"BT\n/F1 10 Tf\n0 0 Td <0001> Tj\n6 0 Td <0002> Tj\nET"
    narrow: dict[str, FontInfo] = {"F1": ({1: 600.0}, 1000.0, set())}
    wide: dict[str, FontInfo] = {"F1": ({1: 800.0}, 1000.0, set())}
    assert b"[<0001> <0002>] TJ" in merge_text_runs(stream, narrow, state)
    assert b"[<0001> 200 <0002>] TJ" in merge_text_runs(stream, wide, state)
    assert b"[<0001> <0002>] TJ" in merge_text_runs(stream, narrow, state)
    # A stream with no glyph runs comes back as it was.
    plain = b"q\n0 0 m\n10 10 l\nS\nQ"
    assert merge_text_runs(plain, narrow, state) is plain


def test_right_to_left_runs_are_left_alone() -> None:
    stream = b"BT\n/F1 10 Tf\n5 -20 Td <0001> Tj\n6 0 Td <0002> Tj\nET"
    assert merge_text_runs(stream, {"F1": ({}, 1000.0, {2})}) == stream


def test_to_unicode_prefers_space_and_unified_ideographs() -> None:
    cmap = (
        b"2 beginbfrange\n<0001> <0003> [<0053> <0009> <2F47>]\nendbfrange\n1 beginbfchar\n<0004> <F900>\nendbfchar\n"
    )
    fixed = fix_to_unicode(cmap)
    assert b"[<0053> <0020> <65E5>]" in fixed
    assert b"<0004> <8C48>" in fixed


def test_to_unicode_names_arabic_letters_for_their_shaped_forms() -> None:
    cmap = (
        b"2 beginbfrange\n<0001> <0002> [<0020> <FEE7>]\n<0003> <0004> <FE8D>\nendbfrange\n"
        b"1 beginbfchar\n<0005> <FEFB>\nendbfchar\n"
    )
    fixed = fix_to_unicode(cmap)
    assert b"[<0020> <0646>]" in fixed
    # A counting range becomes an array: alef's final form (FE8E) is alef too.
    assert b"<0003> <0004> [<0627> <0627>]" in fixed
    # Lam-alef, one glyph for two letters, named in the order they are drawn (right to left):
    # extractors turn the line's characters around, the ligature's with them.
    assert b"<0005> <06270644>" in fixed


def test_to_unicode_names_marks_for_their_vertical_forms() -> None:
    cmap = (
        b"1 beginbfrange\n<0001> <0003> [<FE11> <FE10> <FE41>]\nendbfrange\n1 beginbfchar\n<0004> <FE35>\nendbfchar\n"
    )
    fixed = fix_to_unicode(cmap, cjk=True)
    assert b"[<3001> <FF0C> <300C>]" in fixed  # 、，「
    assert b"<0004> <FF08>" in fixed  # （, full width as East Asian text has it (FE35 decomposes to '(')


def test_table_text_extracts_row_by_row(tmp_path: Path) -> None:
    prs = new_deck()
    slide = blank_slide(prs)
    table = slide.shapes.add_table(3, 3, Inches(1), Inches(1), Inches(6), Inches(1.5)).table
    for r in range(3):
        for c in range(3):
            table.cell(r, c).text = f"r{r}c{c}"
    pdf, _ = convert(prs, tmp_path)
    lines = page_text(pdf).split("\r\n")
    assert lines == ["r0c0 r0c1 r0c2", "r1c0 r1c1 r1c2", "r2c0 r2c1 r2c2"]
    assert text_box(pdf, "r1c1") is not None


def _right_to_left_line(tmp_path: Path, text: str) -> Path:
    """A deck of one text box holding ``text`` as one right-to-left paragraph, converted."""
    prs = new_deck()
    box = blank_slide(prs).shapes.add_textbox(Inches(1), Inches(1), Inches(6), Inches(1))
    paragraph = box.text_frame.paragraphs[0]
    paragraph.text = text
    paragraph._p.get_or_add_pPr().set("rtl", "1")
    return convert(prs, tmp_path)[0]


def test_arabic_sentence_extracts_in_reading_order(tmp_path: Path) -> None:
    pdf = _right_to_left_line(tmp_path, "مرحبا بالعالم الجميل")
    import unicodedata

    text = unicodedata.normalize("NFKC", page_text(pdf))
    for word in ("مرحبا", "بالعالم", "الجميل"):
        assert word in text


def test_arabic_words_copy_as_typed(tmp_path: Path) -> None:
    # Not their presentation forms (U+FExx), which a search for the word does not find. pdfium
    # reads those forms back as letters by itself; poppler (pdftotext) gives what the map says.
    pdf = _right_to_left_line(tmp_path, "نظرة عامة على خطة العمل لا")
    poppler = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    for text in (page_text(pdf), poppler):
        _assert_arabic_letters(text)


def _assert_arabic_letters(text: str) -> None:
    assert not any(0xFB50 <= ord(ch) <= 0xFDFF or 0xFE70 <= ord(ch) <= 0xFEFF for ch in text)
    for word in ("نظرة", "عامة", "على", "خطة", "العمل", "لا"):
        assert word in text


def test_vertical_japanese_punctuation_copies_as_typed(tmp_path: Path) -> None:
    # eaVert draws these marks with their vertical glyphs, which the font's cmap reaches only
    # through the vertical presentation forms (︑︒︵...).
    prs = new_deck()
    slide = blank_slide(prs)
    box = slide.shapes.add_textbox(Inches(1), Inches(1), Inches(1), Inches(5))
    box.text_frame._txBody.bodyPr.set("vert", "eaVert")
    run = box.text_frame.paragraphs[0].add_run()
    run.text = "東京、大阪。（試験）「確認」"
    run._r.get_or_add_rPr().set("lang", "ja-JP")
    pdf, _ = convert(prs, tmp_path)
    poppler = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    for text in (page_text(pdf), poppler):
        assert not any(0xFE10 <= ord(ch) <= 0xFE48 for ch in text), text
        assert "".join(text.split()) == "東京、大阪。（試験）「確認」"


def test_chinese_text_with_latin_digits_copies_as_typed(tmp_path: Path) -> None:
    # A Chinese deck's Latin runs in Microsoft YaHei are drawn with Noto Sans CJK: its digits must
    # not turn into glyph alternates the ToUnicode map misses, and 角, 长 and 黄 (drawn with the same
    # glyphs as radicals ⻆, ⻓ and ⻩) must copy as the ideographs, not the radicals.
    prs = new_deck()
    slide = blank_slide(prs)
    box = slide.shapes.add_textbox(Inches(1), Inches(1), Inches(8), Inches(1))
    run = box.text_frame.paragraphs[0].add_run()
    run.text = "报告人 PB18000341 夹角 长度 黄色"
    rpr = run._r.get_or_add_rPr()
    for tag in ("latin", "ea"):
        rpr.append(rpr.makeelement(f"{{http://schemas.openxmlformats.org/drawingml/2006/main}}{tag}",
                                   typeface="微软雅黑"))  # fmt: skip
    pdf, _ = convert(prs, tmp_path)
    text = page_text(pdf)
    assert "PB18000341" in text
    assert "夹角" in text and "长度" in text and "黄色" in text
    assert not any(0x2E80 <= ord(ch) <= 0x2EFF for ch in text)


def test_japanese_punctuation_sharing_a_glyph_copies_as_typed(tmp_path: Path) -> None:
    # Noto Sans CJK draws ・ (U+30FB) and the hyphenation point ‧ (U+2027), ／ and ∕, 〈〉 and the
    # deprecated angle brackets, ‘ and ʻ, – and ‒ each with one glyph; Qt's ToUnicode map names the
    # lowest code point, so copied Japanese text read "直‧骨" and "A∕B". Text means the common one.
    prs = new_deck()
    slide = blank_slide(prs)
    box = slide.shapes.add_textbox(Inches(1), Inches(1), Inches(8), Inches(1))
    run = box.text_frame.paragraphs[0].add_run()
    run.text = "直・骨・角　Ａ／Ｂ　〈注〉　‘引用’　１–２"
    run._r.get_or_add_rPr().set("lang", "ja-JP")
    pdf, _ = convert(prs, tmp_path)
    text = page_text(pdf)
    for part in ("直・骨・角", "Ａ／Ｂ", "〈注〉", "‘引用’", "１–２"):
        assert part in text


def test_a_large_page_is_merged_and_compressed_without_holding_it_again() -> None:
    """A page's text merged into a compressor piece by piece never holds the merged stream or its
    pieces: a 500 x 500 table's 234 MB page took 490 MB more when merged whole and joined."""
    import tracemalloc
    import zlib

    from worker.render.deflate import Deflater
    from worker.render.pdf_text import merge_text_runs_into

    cell = b"q\nBT\n/F1 10 Tf 1 0 0 -1 0 0 Tm\n5 -20 Td <0001> Tj\n6 0 Td <0002> Tj\n4 0 Td <0001> Tj\nET\nQ\n"
    stream = cell * 200_000  # 17 MB of one-cell text objects
    fonts: dict[str, FontInfo] = {"F1": ({1: 600.0, 2: 500.0}, 1000.0, set())}
    tracemalloc.start()
    try:
        deflater = Deflater(4)
        assert merge_text_runs_into(stream, fonts, deflater.add)
        body = deflater.finish()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    # Merged whole and joined, the pieces and the join alone were twice the page.
    assert peak < len(stream) / 2, f"{peak / len(stream):.2f} times the page"
    assert zlib.decompress(body) == merge_text_runs(stream, fonts)


def test_a_page_with_nothing_to_merge_hands_nothing_over() -> None:
    from worker.render.pdf_text import merge_text_runs_into

    pieces: list[bytes] = []
    stream = b"q\nBT\n/F1 10 Tf 1 0 0 -1 0 0 Tm\n5 -20 Td <0001> Tj\nET\nQ\n0 0 m\n1 1 l\nS\n"
    fonts: dict[str, FontInfo] = {"F1": ({1: 600.0}, 1000.0, set())}
    assert not merge_text_runs_into(stream, fonts, pieces.append)
    assert pieces == [] and merge_text_runs(stream, fonts) == stream
