"""A slide whose XML declares a DTD and uses one of its entities in a run's text.

Office files may not carry DTDs (ECMA-376 Part 2, M1.18: a package implementer treats one as an
error), and the converter never expands entities (a billion laughs, outside files). The reference
itself is left out, but the text after it in the same run is the slide's text and is drawn: it
used to be lost (lxml keeps the unexpanded reference as a child node of a:t, and the text after
it is that node's tail, which the run's text did not read)."""

from __future__ import annotations

import re
from pathlib import Path

import hostile_support as hs
from pypdf import PdfReader
from render_support import convert


def _entity_deck(folder: Path) -> Path:
    parts = hs.parts_of(hs.base_deck(title="Entity"))
    xml = re.sub(r"^<\?xml[^>]*\?>\s*", "", parts[hs.SLIDE1].decode())
    xml = xml.replace("Entity 1", "Before &co; after &amp; more &co;end")
    doctype = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<!DOCTYPE p:sld [ <!ENTITY co "ACME"> ]>\n'
    parts[hs.SLIDE1] = (doctype + xml).encode()
    return hs.write_zip(folder / "entity.pptx", parts)


def test_text_after_an_unexpanded_entity_reference_is_drawn(qapp: object, tmp_path: Path) -> None:
    pdf, _ = convert(_entity_deck(tmp_path), tmp_path)
    text = PdfReader(pdf).pages[0].extract_text()
    assert "Before after & more end" in " ".join(text.split())
    assert "ACME" not in text and "&co;" not in text


def _with_doctype(xml: str) -> bytes:
    xml = re.sub(r"^<\?xml[^>]*\?>\s*", "", xml)
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<!DOCTYPE x [ <!ENTITY co "ACME"> ]>\n' + xml
    ).encode()


def test_stacked_letters_keep_the_text_after_a_reference(qapp: object, tmp_path: Path) -> None:
    """Stacked text (wordArtVert) is split into one run per letter: the letters after the
    reference are among them, the reference's node in none."""
    parts = hs.parts_of(hs.base_deck(title="Stacked"))
    stacked = (
        '<p:sp><p:nvSpPr><p:cNvPr id="9" name="stacked"/><p:cNvSpPr txBox="1"/><p:nvPr/></p:nvSpPr>'
        '<p:spPr><a:xfrm><a:off x="7315200" y="0"/><a:ext cx="914400" cy="6400800"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr><p:txBody><a:bodyPr vert="wordArtVert"/>'
        '<a:lstStyle/><a:p><a:r><a:rPr lang="en-US" sz="1400"/><a:t>QR&co;XZ</a:t></a:r></a:p></p:txBody></p:sp>'
    )
    slide_xml = parts[hs.SLIDE1].decode().replace("</p:spTree>", stacked + "</p:spTree>")
    parts[hs.SLIDE1] = _with_doctype(slide_xml)
    pdf, _ = convert(hs.write_zip(tmp_path / "stacked.pptx", parts), tmp_path)
    text = PdfReader(pdf).pages[0].extract_text()
    assert [ch for ch in text if ch in "QRXZ"] == list("QRXZ")
    assert "ACME" not in text and "&co;" not in text
