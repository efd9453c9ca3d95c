"""Slide-number fields count from the presentation's firstSlideNum ("Number slides from")."""

from __future__ import annotations

from pathlib import Path

import pytest
from render_support import add_xml_shape, blank_slide, convert, new_deck, page_text

_NUMBER_BOX = (
    '<p:sp <NS>><p:nvSpPr><p:cNvPr id="50" name="No"/><p:cNvSpPr txBox="1"/><p:nvPr/></p:nvSpPr>'
    '<p:spPr><a:xfrm><a:off x="457200" y="457200"/><a:ext cx="4572000" cy="914400"/></a:xfrm>'
    '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr><p:txBody><a:bodyPr/><a:lstStyle/>'
    '<a:p><a:r><a:rPr lang="en-US" sz="2400"/><a:t>Number </a:t></a:r>'
    '<a:fld id="{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}" type="slidenum"><a:rPr lang="en-US" sz="2400"/>'
    "<a:t>‹#›</a:t></a:fld></a:p></p:txBody></p:sp>"
)


def _numbers(tmp_path: Path, first: str | None) -> list[str]:
    prs = new_deck()
    if first is not None:
        prs.part._element.set("firstSlideNum", first)
    for _ in range(3):
        add_xml_shape(blank_slide(prs), _NUMBER_BOX)
    pdf, _ = convert(prs, tmp_path, f"first{first}")
    found = []
    for index in range(3):
        words = page_text(pdf, index).split()
        found.append(words[words.index("Number") + 1])
    return found


@pytest.mark.parametrize(
    ("first", "shown"),
    [(None, ["1", "2", "3"]), ("0", ["0", "1", "2"]), ("5", ["5", "6", "7"])],
)
def test_slide_number_fields_count_from_first_slide_num(tmp_path: Path, first: str | None, shown: list[str]) -> None:
    assert _numbers(tmp_path, first) == shown
