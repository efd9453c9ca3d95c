"""a:bodyPr placement rules: upright text in turned shapes, and the "just"/"dist" anchors."""

from __future__ import annotations

from pathlib import Path

from render_support import add_xml_shape, blank_slide, convert, new_deck, sp_xml, text_box

EMU_PT = 12700


def _text(words: str, body_pr: str) -> str:
    return (
        f'<p:txBody>{body_pr}<a:lstStyle/><a:p><a:pPr algn="ctr"/>'
        f'<a:r><a:rPr lang="en-US" sz="1800"><a:latin typeface="Arial"/></a:rPr><a:t>{words}</a:t></a:r></a:p>'
        "</p:txBody>"
    )


def test_upright_text_stays_level_in_a_turned_shape(tmp_path: Path) -> None:
    prs = new_deck()
    slide = blank_slide(prs)
    # 72 x 216 pt boxes turned a quarter: on the page each stands 216 pt wide, 72 pt tall.
    for sid, (x, body_pr, word) in enumerate(
        [(100, '<a:bodyPr upright="1" anchor="ctr"/>', "Levelled words"), (400, '<a:bodyPr anchor="ctr"/>', "Turned")]
    ):
        add_xml_shape(
            slide,
            sp_xml(x * EMU_PT, 100 * EMU_PT, 72 * EMU_PT, 216 * EMU_PT, xfrm_attrs='rot="5400000"',
                   text=_text(word, body_pr), sid=100 + sid),
        )  # fmt: skip
    pdf, _ = convert(prs, tmp_path)
    level = text_box(pdf, "Levelled words")
    turned = text_box(pdf, "Turned")
    assert level is not None and turned is not None
    # Upright: one level line (the page-wide 216 pt box holds both words), centred on the shape.
    assert level[2] - level[0] > 2.5 * (level[3] - level[1])
    assert abs((level[0] + level[2]) / 2 - 136) < 3 and abs((level[1] + level[3]) / 2 - 208) < 6
    # Without upright the text turns with the shape: a column.
    assert turned[3] - turned[1] > 2.5 * (turned[2] - turned[0])


def test_upright_text_in_a_slightly_turned_shape_keeps_its_box(tmp_path: Path) -> None:
    prs = new_deck()
    slide = blank_slide(prs)
    add_xml_shape(
        slide,
        sp_xml(100 * EMU_PT, 100 * EMU_PT, 216 * EMU_PT, 72 * EMU_PT, xfrm_attrs='rot="1800000"',
               text=_text("Level line", '<a:bodyPr upright="1" anchor="ctr"/>')),
    )  # fmt: skip
    pdf, _ = convert(prs, tmp_path)
    found = text_box(pdf, "Level line")
    assert found is not None
    # Level at 30 degrees: one line as tall as the type, centred on the shape's centre (208, 136).
    assert found[3] - found[1] < 30 and found[2] - found[0] > 70
    assert abs((found[0] + found[2]) / 2 - 208) < 3 and abs((found[1] + found[3]) / 2 - 136) < 6


def test_just_and_dist_anchors_centre_the_text(tmp_path: Path) -> None:
    prs = new_deck()
    slide = blank_slide(prs)
    for sid, (x, anchor) in enumerate([(40, "ctr"), (200, "just"), (360, "dist"), (520, "t")]):
        add_xml_shape(
            slide,
            sp_xml(x * EMU_PT, 60 * EMU_PT, 140 * EMU_PT, 400 * EMU_PT,
                   text=_text(f"Anchor{anchor}", f'<a:bodyPr anchor="{anchor}"/>'), sid=100 + sid),
        )  # fmt: skip
    pdf, _ = convert(prs, tmp_path)
    tops = {}
    for anchor in ("ctr", "just", "dist", "t"):
        found = text_box(pdf, f"Anchor{anchor}")
        assert found is not None
        tops[anchor] = found[1]  # the top: "Anchor" rises highest, whatever the descenders after it
    assert abs(tops["ctr"] - 250) < 8
    assert abs(tops["just"] - tops["ctr"]) < 0.5
    assert abs(tops["dist"] - tops["ctr"]) < 0.5
    assert tops["t"] < 100
