"""East Asian brackets in text not tagged Chinese, Japanese or Korean: PowerPoint ends a line after
an opening one and starts one with a closing one when that fills the line, as beside an ideograph.
Its PDF (PowerPoint 365) of dcc-mcp-powerpoint's framework deck, en-US runs in Segoe UI and
Microsoft YaHei, ends lines "Office 新域仓库（" and "执行后端路径（" and starts one with "）" after
"渲染产物（PDF/PNG"; Unicode's rules, which Qt follows, never break there. Text tagged zh-CN keeps
its brackets with the text they enclose."""

from __future__ import annotations

from pathlib import Path

from render_support import add_xml_shape, blank_slide, char_origins, convert, new_deck, sp_xml


def _para(text: str, lang: str) -> str:
    return (
        f'<a:p><a:r><a:rPr lang="{lang}" sz="2600"><a:latin typeface="Segoe UI"/>'
        f'<a:ea typeface="Microsoft YaHei"/></a:rPr><a:t>{text}</a:t></a:r></a:p>'
    )


def _lines(tmp_path: Path, text: str, lang: str, width_pt: float) -> list[str]:
    """``text`` laid out in a box ``width_pt`` wide without insets: its lines, spaces left out."""
    body = '<p:txBody><a:bodyPr wrap="square" lIns="0" tIns="0" rIns="0" bIns="0"/><a:lstStyle/>'
    body += _para(text, lang) + "</p:txBody>"
    prs = new_deck()
    add_xml_shape(blank_slide(prs), sp_xml(40 * 12700, 40 * 12700, round(width_pt * 12700), 300 * 12700, text=body))
    pdf, _ = convert(prs, tmp_path, name=f"{lang}-{width_pt:.1f}-{len(text)}")
    lines: dict[float, str] = {}
    for ch, _x, y in char_origins(pdf):
        if ch.strip():
            lines[round(y)] = lines.get(round(y), "") + ch
    return [lines[y] for y in sorted(lines)]


def _x_at(tmp_path: Path, text: str, lang: str, index: int) -> float:
    """Origin x of the ``index``-th non-space character of ``text`` on one unwrapped line, from
    the box's left edge."""
    body = '<p:txBody><a:bodyPr wrap="none" lIns="0" tIns="0" rIns="0" bIns="0"/><a:lstStyle/>'
    body += _para(text, lang) + "</p:txBody>"
    prs = new_deck()
    add_xml_shape(blank_slide(prs), sp_xml(40 * 12700, 40 * 12700, 600 * 12700, 300 * 12700, text=body))
    pdf, _ = convert(prs, tmp_path, name=f"probe-{lang}-{index}-{len(text)}")
    chars = [(ch, x) for ch, x, _y in char_origins(pdf) if ch.strip()]
    return chars[index][1] - 40.0


OPENING = "Office 新域仓库（office / PPT / Word）"
CLOSING = "渲染产物（PDF/PNG）"


def test_a_line_may_end_after_an_opening_bracket(tmp_path: Path) -> None:
    # room for "Office 新域仓库（" and 2 pt more, not for the word after it
    width = _x_at(tmp_path, OPENING, "en-US", OPENING.replace(" ", "").index("（") + 1) + 2.0
    lines = _lines(tmp_path, OPENING, "en-US", width)
    assert lines[0] == "Office新域仓库（"
    assert lines[1].startswith("office")


def test_a_line_may_start_with_a_closing_bracket(tmp_path: Path) -> None:
    width = _x_at(tmp_path, CLOSING, "en-US", CLOSING.index("）")) + 2.0
    lines = _lines(tmp_path, CLOSING, "en-US", width)
    assert lines == ["渲染产物（PDF/PNG", "）"]


def test_chinese_text_keeps_its_brackets_with_the_text_they_enclose(tmp_path: Path) -> None:
    width = _x_at(tmp_path, OPENING, "zh-CN", OPENING.replace(" ", "").index("（") + 1) + 2.0
    lines = _lines(tmp_path, OPENING, "zh-CN", width)
    assert lines[0] == "Office新域仓库"
    assert lines[1].startswith("（office")
