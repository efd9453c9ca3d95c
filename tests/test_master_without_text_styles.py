"""A slide master without p:txStyles (CT_SlideMaster makes it optional: decks some generators
write). PowerPoint then gives placeholders its own first-level defaults: titles 44 pt, body and
subtitle placeholders 28 pt behind a round bullet, other placeholders nothing of their own (Office
output compared in github.com/yukiyokotani/office-open-xml-viewer/pull/1439 and pull/1440). We set
every placeholder at 18 pt, the size of a run that states none."""

from __future__ import annotations

import ctypes
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_raw
import pytest
from lxml import etree
from pptx import Presentation
from render_support import convert

from worker.deck.xml import A, P


def _sizes(pdf: Path, index: int) -> dict[str, tuple[float, float]]:
    """Each word on page ``index`` -> (font size, x of its first letter), in points."""
    doc = pdfium.PdfDocument(str(pdf))
    try:
        text = doc[index].get_textpage()
        words: dict[str, tuple[float, float]] = {}
        word, first = "", (0.0, 0.0)
        for i in range(text.count_chars() + 1):
            ch = text.get_text_range(i, 1) if i < text.count_chars() else " "
            if ch.strip():
                if not word:
                    x, y = ctypes.c_double(), ctypes.c_double()
                    pdfium_raw.FPDFText_GetCharOrigin(text, i, x, y)
                    first = (pdfium_raw.FPDFText_GetFontSize(text, i), x.value)
                word += ch
            elif word:
                words.setdefault(word, first)
                word = ""
        return words
    finally:
        doc.close()


def _found(el: etree._Element, path: str) -> etree._Element:
    found = el.find(path)
    assert found is not None, path
    return found


def _deck(tmp_path: Path, keep_styles: bool) -> Path:
    prs = Presentation()
    master = prs.slide_masters[0]._element
    if not keep_styles:
        master.remove(_found(master, f"{{{P}}}txStyles"))
    # Layout 1's content placeholder made a body placeholder; layout 3's first object placeholder
    # keeps its type, without the sizes of its own list style.
    body_layout = prs.slide_layouts[1]
    _found(body_layout.placeholders[1]._element, f".//{{{P}}}ph").set("type", "body")
    _found(prs.slide_layouts[3].placeholders[1]._element, f".//{{{A}}}lstStyle").clear()
    first = prs.slides.add_slide(body_layout)
    first.shapes.title.text = "Heading"
    first.placeholders[1].text = "Bodytext"
    second = prs.slides.add_slide(prs.slide_layouts[3])
    second.placeholders[1].text = "Objecttext"
    third = prs.slides.add_slide(prs.slide_layouts[0])
    third.placeholders[1].text = "Subtitle"
    pdf, _ = convert(prs, tmp_path)
    return pdf


def test_placeholders_take_powerpoints_own_sizes_when_the_master_has_no_text_styles(
    qapp: object, tmp_path: Path
) -> None:
    pdf = _deck(tmp_path, keep_styles=False)
    first, second, third = (_sizes(pdf, i) for i in range(3))
    assert first["Heading"][0] == pytest.approx(44.0, abs=0.1)
    assert first["Bodytext"][0] == pytest.approx(28.0, abs=0.1)
    # The round bullet hangs at the placeholder's inset, the text 18 pt further in.
    assert first["•"][1] + 18.0 == pytest.approx(first["Bodytext"][1], abs=0.5)
    assert second["Objecttext"][0] == pytest.approx(18.0, abs=0.1)
    assert "•" not in second
    assert third["Subtitle"][0] == pytest.approx(28.0, abs=0.1)


def test_a_masters_own_text_styles_still_decide(qapp: object, tmp_path: Path) -> None:
    # python-pptx's default master: titles 44 pt, body levels 32 pt, the object placeholder too.
    pdf = _deck(tmp_path, keep_styles=True)
    first, second = _sizes(pdf, 0), _sizes(pdf, 1)
    assert first["Bodytext"][0] == pytest.approx(32.0, abs=0.1)
    assert second["Objecttext"][0] == pytest.approx(32.0, abs=0.1)
