"""Groups nested hundreds or thousands deep are drawn (PowerPoint opens them); nesting beyond what
an XML reader can hold ends in one line saying so, quickly, and costs only that slide."""

from __future__ import annotations

from pathlib import Path

import hostile_support as hs
import pytest
from corpus_support import run_slidepress_measured
from pypdf import PdfReader
from render_support import close, convert, page_text, pixel, render_page

EMU_PER_PT = 12700
BLUE = (0x44, 0x72, 0xC4)  # hs.shape_xml's fill
SHIFT_PT = 200.0  # how far all the groups together move their shape to the right


def nested_deck(folder: Path, levels: int, slides: int = 1, deep_slide: int = 1) -> Path:
    """``slides`` title slides; slide ``deep_slide`` holds a 1-inch blue square with the text "deep"
    at (72 pt, 72 pt) inside ``levels`` nested groups, each moving its children right by an equal
    share of SHIFT_PT, so the square lands at x = 72 + SHIFT_PT only if every group's transform
    was applied."""
    step = round(SHIFT_PT * EMU_PER_PT / levels)
    group_open = (
        '<p:grpSp><p:nvGrpSpPr><p:cNvPr id="{0}" name="g{0}"/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr>'
        f'<p:grpSpPr><a:xfrm><a:off x="{step}" y="0"/><a:ext cx="9144000" cy="6858000"/>'
        '<a:chOff x="0" y="0"/><a:chExt cx="9144000" cy="6858000"/></a:xfrm></p:grpSpPr>'
    )
    inner = hs.shape_xml(2, 914400, 914400, 914400, 914400, text="deep")
    xml = "".join(group_open.format(10 + i) for i in range(levels)) + inner + "</p:grpSp>" * levels
    slide = f"ppt/slides/slide{deep_slide}.xml"
    parts = hs.with_slide_tree(hs.parts_of(hs.base_deck(slides=slides)), xml, slide)
    return hs.write_zip(folder / f"nested_{levels}.pptx", parts)


@pytest.mark.parametrize("levels", [300, 2000])
def test_deeply_nested_groups_draw_their_shape_where_the_groups_put_it(tmp_path: Path, levels: int) -> None:
    pdf, result = convert(nested_deck(tmp_path, levels), tmp_path)
    shift = round(SHIFT_PT * EMU_PER_PT / levels) * levels / EMU_PER_PT
    page = render_page(pdf)
    assert close(pixel(page, 72 + shift + 10, 82), BLUE), pixel(page, 72 + shift + 10, 82)
    assert close(pixel(page, 72 + shift + 62, 134), BLUE)
    assert not close(pixel(page, 72 + shift - 10, 100), BLUE)  # moved, not stretched
    assert "deep" in page_text(pdf)
    assert not [w for w in result.warnings if "nested" in w], result.warnings


def test_nesting_past_the_readers_limit_is_one_line_within_seconds(tmp_path: Path) -> None:
    deck = nested_deck(tmp_path, 100_000)
    measured = run_slidepress_measured("convert", deck, tmp_path / "out.pdf", timeout=60)
    assert measured.returncode == 1, measured.stderr[-2000:]
    assert "Traceback" not in measured.stderr
    lines = [ln for ln in measured.stderr.splitlines() if ln.startswith("slidepress: ")]
    assert lines == ["slidepress: Corrupt deck: its slide nests shapes too deeply to read (over 2,048 levels)"]
    assert measured.seconds < 20
    assert measured.peak_rss_mib < 400
    assert not (tmp_path / "out.pdf").exists()


def test_a_slide_nested_past_the_limit_costs_only_itself(tmp_path: Path) -> None:
    pdf, result = convert(nested_deck(tmp_path, 5000, slides=3, deep_slide=2), tmp_path)
    assert len(PdfReader(pdf).pages) == 3
    assert "Hostile 3" in page_text(pdf, 2)
    assert any(w.startswith("Slide 2:") and "too deeply" in w for w in result.warnings), result.warnings
