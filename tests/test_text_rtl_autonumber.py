"""An auto-number in a right-to-left paragraph reads right to left: "1)" shows as "(1", the number
on the right and the bracket, mirrored, on its far side from the text (Unicode bidi; LibreOffice
draws dss1401__slides p6 so), as ".1" for "1." in Hebrew and Persian lists."""

from __future__ import annotations

from pathlib import Path

from render_support import add_xml_shape, blank_slide, char_origins, convert, new_deck, sp_xml


def _numbered(rtl: str, scheme: str, text: str) -> str:
    return (
        f'<a:p><a:pPr marL="457200" indent="-457200" algn="r" rtl="{rtl}"><a:buFont typeface="Arial"/>'
        f'<a:buAutoNum type="{scheme}"/></a:pPr><a:r><a:rPr lang="fa-IR" sz="2800"><a:latin typeface="Arial"/>'
        f'<a:cs typeface="Arial"/></a:rPr><a:t>{text}</a:t></a:r></a:p>'
    )


def test_an_auto_number_follows_its_paragraph_direction(qapp: object, tmp_path: Path) -> None:
    paras = (
        _numbered("1", "arabicParenR", "\u0633\u0644\u0627\u0645")
        + _numbered("1", "arabicPeriod", "\u0633\u0644\u0627\u0645")
        + _numbered("0", "arabicParenR", "Hello")
    )
    body = f'<p:txBody><a:bodyPr wrap="square"/><a:lstStyle/>{paras}</p:txBody>'
    prs = new_deck()
    add_xml_shape(blank_slide(prs), sp_xml(914400, 914400, 5486400, 3657600, text=body))
    pdf, _ = convert(prs, tmp_path)
    lines: dict[float, dict[str, float]] = {}
    for ch, x, baseline in char_origins(pdf):
        if ch in "1().":
            lines.setdefault(round(baseline), {})["1" if ch == "1" else "mark"] = x
    rtl_paren, rtl_period, ltr_paren = (lines[y] for y in sorted(lines))
    assert rtl_paren["1"] > rtl_paren["mark"]  # "(1": the number on the right, the bracket left of it
    assert rtl_period["1"] > rtl_period["mark"]  # ".1"
    assert ltr_paren["1"] < ltr_paren["mark"]  # a left-to-right paragraph keeps "1)"
