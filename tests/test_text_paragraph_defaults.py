"""A paragraph's own a:pPr/a:defRPr styles its runs (python-pptx's paragraph.font).

python-pptx writes paragraph.font.size / .bold / .name / .color into a:pPr/a:defRPr and leaves the
runs without a:rPr. PowerPoint 2016's own PDF of such a deck (python-pptx-interface's
general_example_01) draws those runs in the paragraph's face, weight, size and colour; a run's
a:rPr still wins over them.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pypdf
from pptx.dml.color import RGBColor
from pptx.util import Inches, Pt
from render_support import blank_slide, convert, new_deck, render_page, text_box


def _deck() -> object:
    prs = new_deck()
    slide = blank_slide(prs)
    frame = slide.shapes.add_textbox(Inches(0.5), Inches(0.5), Inches(9), Inches(5)).text_frame
    frame.paragraphs[0].text = "Plain paragraph"
    styled = frame.add_paragraph()
    styled.text = "Styled paragraph"
    styled.font.size = Pt(40)
    styled.font.bold = True
    styled.font.name = "Liberation Serif"
    styled.font.color.rgb = RGBColor(0xCC, 0x00, 0x00)
    mixed = frame.add_paragraph()
    mixed.font.size = Pt(40)
    own = mixed.add_run()
    own.text = "Own size"
    own.font.size = Pt(12)
    inherits = mixed.add_run()
    inherits.text = " inherited"
    return prs


def _fonts(pdf: Path) -> set[str]:
    page = pypdf.PdfReader(str(pdf)).pages[0]
    fonts = page["/Resources"]["/Font"]  # type: ignore[index]
    return {str(fonts[key].get_object()["/BaseFont"]) for key in fonts}


def test_runs_without_properties_take_the_paragraphs_defaults(tmp_path: Path) -> None:
    pdf = convert(_deck(), tmp_path, "para")[0]
    plain = text_box(pdf, "Plain paragraph")
    styled = text_box(pdf, "Styled paragraph")
    assert plain is not None and styled is not None
    # 40 pt against the 18 pt default: the glyphs are over twice as tall.
    assert styled[3] - styled[1] > 2.0 * (plain[3] - plain[1])
    assert any("LiberationSerif-Bold" in name for name in _fonts(pdf))
    left, top, right, bottom = styled
    ink = np.asarray(render_page(pdf).convert("RGB").crop((left, top, right, bottom))).reshape(-1, 3)
    assert ((ink[:, 0] > 150) & (ink[:, 1] < 80) & (ink[:, 2] < 80)).any()  # the paragraph's red


def test_a_runs_own_size_wins_over_the_paragraphs(tmp_path: Path) -> None:
    pdf = convert(_deck(), tmp_path, "para")[0]
    own = text_box(pdf, "Own size")
    inherited = text_box(pdf, "inherited")
    assert own is not None and inherited is not None
    assert inherited[3] - inherited[1] > 2.5 * (own[3] - own[1])
