"""East Asian text in a run whose ea slot names no typeface (none, empty, or a theme's empty ea).

PowerPoint draws it in the run's cs face when one is named, else in its Latin face, when that face
has the glyphs; the run's language plays no part (its PDF exports, in
github.com/yukiyokotani/office-open-xml-viewer docs/pptx-empty-east-asian-slot-compatibility.md).
Only where that face lacks them does the theme's font for the text's script come in. The deck is
python-pptx's default one: its theme's ea slots are empty, with script fonts (Jpan "MS PGothic",
Hans "SimSun"...) as Office's own themes have.
"""

from __future__ import annotations

from pathlib import Path

import pypdf
import pytest
from render_support import add_xml_shape, blank_slide, convert, new_deck, page_text

_HAN = "漢字説明文"  # Han only: no kana to call for the theme's Japanese font


def _text_box(rpr: str, text: str) -> str:
    return (
        '<p:sp <NS>><p:nvSpPr><p:cNvPr id="50" name="t"/><p:cNvSpPr txBox="1"/><p:nvPr/></p:nvSpPr>'
        '<p:spPr><a:xfrm><a:off x="457200" y="457200"/><a:ext cx="6000000" cy="800000"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr>'
        '<p:txBody><a:bodyPr wrap="none"/><a:lstStyle/>'
        f"<a:p><a:r>{rpr}<a:t>{text}</a:t></a:r></a:p></p:txBody></p:sp>"
    )


def _page_fonts(pdf: Path, index: int) -> set[str]:
    resources = pypdf.PdfReader(str(pdf)).pages[index].get("/Resources")
    assert resources is not None
    fonts = resources.get_object()["/Font"].get_object()
    # "/ABCDEF+NotoSansCJKjp-Regular" -> "NotoSansCJKjp-Regular"
    return {str(fonts[key].get_object()["/BaseFont"]).lstrip("/").split("+")[-1] for key in fonts}


CASES = [
    # (rPr children, lang, text, the one font the page draws with)
    # A Japanese face in the Latin slot draws its Han too, whatever the language says (the theme's
    # Hans font, SimSun, a serif, drew them for en-US text before).
    ('<a:latin typeface="Meiryo"/>', "en-US", _HAN, "NotoSansCJKjp-Regular"),
    ('<a:latin typeface="Meiryo"/><a:ea typeface=""/>', "zh-CN", _HAN, "NotoSansCJKjp-Regular"),
    # A Mincho face draws serif Han (the theme's Jpan font, MS PGothic, drew sans before).
    ('<a:latin typeface="MS Mincho"/>', "ja-JP", _HAN, "NotoSerifCJKjp-Regular"),
    # A named cs face comes before the Latin one.
    ('<a:latin typeface="Meiryo"/><a:cs typeface="MS Mincho"/>', "en-US", _HAN, "NotoSerifCJKjp-Regular"),
    # Unchanged: a named ea face draws; a Latin face without Han leaves them to the theme's font
    # for the script; Hangul keeps its own fallback.
    ('<a:latin typeface="Meiryo"/><a:ea typeface="SimSun"/>', "en-US", _HAN, "NotoSerifCJKsc-Regular"),
    ('<a:latin typeface="Calibri"/>', "ja-JP", _HAN, "NotoSansCJKjp-Regular"),
    ('<a:latin typeface="Calibri"/>', "zh-CN", _HAN, "NotoSerifCJKsc-Regular"),
    ('<a:latin typeface="Meiryo"/>', "ko-KR", "한국어", "NotoSansCJKkr-Regular"),
]


@pytest.fixture(scope="module")
def converted(qapp: object, tmp_path_factory: pytest.TempPathFactory) -> Path:
    prs = new_deck()
    for children, lang, text, _ in CASES:
        add_xml_shape(blank_slide(prs), _text_box(f'<a:rPr lang="{lang}" sz="2400">{children}</a:rPr>', text))
    pdf, result = convert(prs, tmp_path_factory.mktemp("empty_ea"))
    assert result.slides == len(CASES)
    return pdf


@pytest.mark.parametrize("index", range(len(CASES)))
def test_east_asian_text_in_an_empty_ea_slot_takes_the_runs_own_face(converted: Path, index: int) -> None:
    children, lang, text, font = CASES[index]
    assert text in page_text(converted, index)
    assert _page_fonts(converted, index) == {font}, (children, lang)
