"""Font alignment (a:pPr fontAlgn, ECMA-376 ST_TextFontAlignType): smaller text on a line sits on
the common baseline (auto, base), at the line's top (t), its middle (ctr) or its bottom (b)."""

from __future__ import annotations

from pathlib import Path

from render_support import add_xml_shape, blank_slide, convert, new_deck, sp_xml, text_box

EMU_PT = 12700


def _boxes(tmp_path: Path, align: str | None) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """Glyph boxes of a 48 pt "HHH" and the 16 pt "XXX" after it in one line."""
    attr = f' fontAlgn="{align}"' if align else ""
    runs = (
        '<a:r><a:rPr lang="en-US" sz="4800"/><a:t>HHH</a:t></a:r>'
        '<a:r><a:rPr lang="en-US" sz="1600"/><a:t>XXX</a:t></a:r>'
    )
    body = '<a:bodyPr wrap="none" lIns="0" tIns="0" rIns="0" bIns="0"/><a:lstStyle/>'
    tx = f"<p:txBody>{body}<a:p><a:pPr{attr}/>{runs}</a:p></p:txBody>"
    prs = new_deck()
    add_xml_shape(blank_slide(prs), sp_xml(40 * EMU_PT, 40 * EMU_PT, 500 * EMU_PT, 200 * EMU_PT, text=tx))
    tmp_path.mkdir(exist_ok=True)
    pdf, _ = convert(prs, tmp_path)
    big, small = text_box(pdf, "HHH"), text_box(pdf, "XXX")
    assert big is not None and small is not None
    return big, small


def test_base_and_auto_share_the_baseline(tmp_path: Path) -> None:
    for align in (None, "base", "auto"):
        big, small = _boxes(tmp_path / str(align), align)
        assert abs(big[3] - small[3]) < 1.0, (align, big, small)  # capitals end on one baseline


def test_top_centre_and_bottom_move_the_small_run(tmp_path: Path) -> None:
    big, top = _boxes(tmp_path / "t", "t")
    _, centre = _boxes(tmp_path / "ctr", "ctr")
    _, bottom = _boxes(tmp_path / "b", "b")
    small_height = top[3] - top[1]
    # At the top: the small capitals start well above the big ones' baseline, near their top.
    assert top[1] < big[1] + 0.5 * (big[3] - big[1]), (big, top)
    # In the middle: between the top and the baseline positions.
    assert top[3] + 1 < centre[3] < big[3] - 1, (top, centre, big)
    # At the bottom: below the baseline (the descents meet), by less than the small run's height.
    assert big[3] + 1 < bottom[3] < big[3] + small_height, (big, bottom)
