"""Shrink on overflow for a bare normAutofit depends on who wrote the deck (worker/deck/producer.py).

PowerPoint stores its autofit result; a bare normAutofit it saved means full size. A deck written by
another program (here python-pptx, whose app.xml still counts the template's 0 slides) gets its
overflowing text shrunk into the box.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from render_support import add_xml_shape, blank_slide, convert, new_deck, sp_xml, text_box

from worker.deck.producer import autofit_stored_by_writer

EMU = 12700  # per point
BOX_TOP, BOX_HEIGHT = 100, 90  # points: room for three 24 pt lines, given six


def _overflowing_deck() -> Any:
    prs = new_deck()
    slide = blank_slide(prs)
    paragraphs = "".join(
        f'<a:p><a:r><a:rPr lang="en-US" sz="2400"/><a:t>Line {n}</a:t></a:r></a:p>' for n in range(1, 7)
    )
    body = f'<p:txBody><a:bodyPr wrap="square"><a:normAutofit/></a:bodyPr><a:lstStyle/>{paragraphs}</p:txBody>'
    add_xml_shape(slide, sp_xml(72 * EMU, BOX_TOP * EMU, 400 * EMU, BOX_HEIGHT * EMU, text=body))
    return prs


def _saved_by_powerpoint(prs: Any) -> None:
    """What PowerPoint writes on save: its name and the deck's real slide count in app.xml."""
    part = prs.part.package.part_related_by(RT.EXTENDED_PROPERTIES)
    xml = bytes(part.blob).decode("utf-8")
    xml = re.sub(r"<Application>[^<]*</Application>", "<Application>Microsoft Office PowerPoint</Application>", xml)
    xml = re.sub(r"<Slides>\d+</Slides>", f"<Slides>{len(prs.slides)}</Slides>", xml)
    part._blob = xml.encode("utf-8")


def _saved_by_libreoffice(prs: Any) -> None:
    """What LibreOffice Impress writes in app.xml on save: its name and version, no slide count."""
    part = prs.part.package.part_related_by(RT.EXTENDED_PROPERTIES)
    part._blob = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
        b'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
        b"<Template></Template><TotalTime>3931</TotalTime>"
        b"<Application>LibreOffice/7.4.7.2$Linux_X86_64 LibreOffice_project/40$Build-2</Application>"
        b"<AppVersion>15.0000</AppVersion></Properties>"
    )


def _line_height(pdf: Path) -> float:
    """Mean pitch over the six lines (each baseline lands on a whole point, so single gaps vary)."""
    first, last = text_box(pdf, "Line 1"), text_box(pdf, "Line 6")
    assert first is not None and last is not None
    return (last[1] - first[1]) / 5.0


def test_generated_deck_shrinks_overflowing_text_into_the_box(qapp: object, tmp_path: Path) -> None:
    prs = _overflowing_deck()
    assert not autofit_stored_by_writer(prs)  # python-pptx's template app.xml counts 0 slides
    pdf, _ = convert(prs, tmp_path, "generated")
    last = text_box(pdf, "Line 6")
    assert last is not None
    assert last[3] <= BOX_TOP + BOX_HEIGHT + 1
    assert _line_height(pdf) < 24 * 1.2 - 3  # smaller text, tighter lines


def test_deck_saved_by_powerpoint_keeps_full_size_text(qapp: object, tmp_path: Path) -> None:
    prs = _overflowing_deck()
    _saved_by_powerpoint(prs)
    assert autofit_stored_by_writer(prs)
    pdf, _ = convert(prs, tmp_path, "powerpoint")
    assert abs(_line_height(pdf) - 24 * 1.2) < 0.25  # single spacing at 24 pt: nothing shrunk
    last = text_box(pdf, "Line 6")
    assert last is not None
    assert last[3] > BOX_TOP + BOX_HEIGHT + 30  # overflows the box, as in PowerPoint


def test_deck_saved_by_libreoffice_keeps_full_size_text(qapp: object, tmp_path: Path) -> None:
    """Impress also stores its fit (normAutofit fontScale when it shrank the text), so its bare
    normAutofit means the text showed at full size there too, and PowerPoint opens it so."""
    prs = _overflowing_deck()
    _saved_by_libreoffice(prs)
    assert autofit_stored_by_writer(prs)
    pdf, _ = convert(prs, tmp_path, "libreoffice")
    assert abs(_line_height(pdf) - 24 * 1.2) < 0.25
    last = text_box(pdf, "Line 6")
    assert last is not None
    assert last[3] > BOX_TOP + BOX_HEIGHT + 30
