"""Values at the ends of (or beyond) their ECMA-376 ranges: the deck converts quickly, drawn as
PowerPoint draws it, with the value clamped into its range or ignored.

Each case is what an XML mutation fuzzer of the corpus decks found (numbers set to 0, negative,
2**31-1 or 2**63 in slides, layouts, masters, charts and diagrams).
"""

from __future__ import annotations

from pathlib import Path

from render_support import add_xml_shape, blank_slide, convert, new_deck, page_text, sp_xml

EMU_IN = 914400


def _numbered(tmp_path: Path, scheme: str, start_at: str) -> Path:
    prs = new_deck()
    slide = blank_slide(prs)
    item = f'<a:pPr marL="0" indent="0"><a:buAutoNum type="{scheme}" startAt="{start_at}"/></a:pPr>'
    body = (
        '<p:txBody><a:bodyPr wrap="square"/><a:lstStyle/>'
        f'<a:p>{item}<a:r><a:rPr lang="en-US" sz="1000"/><a:t>Alpha</a:t></a:r></a:p>'
        f'<a:p>{item}<a:r><a:rPr lang="en-US" sz="1000"/><a:t>Beta</a:t></a:r></a:p></p:txBody>'
    )
    add_xml_shape(slide, sp_xml(EMU_IN, EMU_IN, 8 * EMU_IN, 3 * EMU_IN, text=body))
    return convert(prs, tmp_path)[0]


def test_numbering_start_beyond_its_range_is_clamped_to_32767(tmp_path: Path) -> None:
    # ST_TextBulletStartAtNum is 1..32767. Read as written, 2**31-1 in roman numerals is two million
    # Ms: the conversion never ended. Clamped, the items are numbered 32767 and 32768.
    text = "".join(page_text(_numbered(tmp_path, "romanUcPeriod", "2147483647")).split())
    assert "MDCCLXVII.Alpha" in text and "MDCCLXVIII.Beta" in text
    assert "M" * 32 in text and "M" * 33 not in text


def test_a_text_box_of_megabytes_is_drawn_up_to_its_budget_with_a_warning(tmp_path: Path) -> None:
    """Four paragraphs of 1 MB of text each (4.2 million characters): before, every character was
    laid out (minutes and gigabytes at this size, a slide shows a few thousand); now the first
    200,000 are, quickly, and the job says the rest was not drawn."""
    import time

    prs = new_deck()
    slide = blank_slide(prs)
    words = "lorem ipsum " * ((1 << 20) // 12)
    paragraphs = "".join(
        f'<a:p><a:r><a:rPr lang="en-US" sz="1000"/><a:t>{"First" if i == 0 else ""} {words}</a:t></a:r></a:p>'
        for i in range(4)
    )
    body = f'<p:txBody><a:bodyPr wrap="square"/><a:lstStyle/>{paragraphs}</p:txBody>'
    add_xml_shape(slide, sp_xml(EMU_IN, EMU_IN, 8 * EMU_IN, 3 * EMU_IN, text=body))
    started = time.perf_counter()
    pdf, result = convert(prs, tmp_path)
    assert time.perf_counter() - started < 30
    assert result.warnings == ["Slide 1: a text box holds more than 200,000 characters; the rest was not drawn"]
    assert page_text(pdf).startswith("First lorem ipsum")
