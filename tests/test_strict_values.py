"""Strict OOXML decks spell DrawingML percentages as "N%" and lengths as universal measures."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from render_support import (
    add_xml_shape,
    blank_slide,
    close,
    convert,
    new_deck,
    page_text,
    pixel,
    render_page,
    sp_xml,
    text_box,
)

from worker.deck.opc import strict_values_to_transitional

RED, BLUE = (255, 0, 0), (0, 0, 255)


def _to_strict(source: Path, target: Path) -> Path:
    """The deck with Strict namespaces and relationship types, as PowerPoint's Strict save writes them."""
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w") as zout:
        for item in zin.infolist():
            blob = zin.read(item.filename)
            if item.filename.endswith((".xml", ".rels")) and item.filename != "[Content_Types].xml":
                blob = re.sub(
                    rb"http://schemas\.openxmlformats\.org/(drawingml|presentationml|officeDocument)/2006/",
                    rb"http://purl.oclc.org/ooxml/\1/",
                    blob,
                )
            zout.writestr(item, blob)
    return target


def _deck(tmp_path: Path, name: str, *, percent: bool) -> Path:
    """A gradient box and a double-spaced text box, their values spelled the Strict way or not."""
    pct = (lambda v: f"{v // 1000}%") if percent else str
    prs = new_deck()
    slide = blank_slide(prs)
    stops = "".join(
        f'<a:gs pos="{pct(pos)}"><a:srgbClr val="{color}"/></a:gs>'
        for pos, color in ((0, "FF0000"), (60000, "FF0000"), (100000, "0000FF"))
    )
    gradient = f'<a:gradFill><a:gsLst>{stops}</a:gsLst><a:lin ang="0" scaled="0"/></a:gradFill>'
    box = sp_xml(914400, 914400, 3657600, 914400, fill=gradient, sid=10)
    if percent:  # the offset as universal measures
        box = box.replace('<a:off x="914400" y="914400"/>', '<a:off x="1in" y="2.54cm"/>')
    add_xml_shape(slide, box)
    text = (
        f'<p:txBody><a:bodyPr wrap="square"><a:normAutofit fontScale="{pct(50000)}"/></a:bodyPr><a:lstStyle/>'
        f'<a:p><a:pPr><a:lnSpc><a:spcPct val="{pct(200000)}"/></a:lnSpc></a:pPr><a:r><a:rPr lang="en-US" sz="2000"/>'
        '<a:t>Alpha</a:t></a:r><a:br/><a:r><a:rPr lang="en-US" sz="2000"/><a:t>Omega</a:t></a:r></a:p>'
        "</p:txBody>"
    )
    add_xml_shape(slide, sp_xml(914400, 2743200, 5486400, 2743200, text=text, sid=11))
    source = tmp_path / f"{name}.pptx"
    prs.save(str(source))
    return _to_strict(source, tmp_path / f"{name}_strict.pptx") if percent else source


def test_strict_percentages_and_measures_read_as_transitional_numbers(tmp_path: Path) -> None:
    pdf_strict, _ = convert(_deck(tmp_path, "pct", percent=True), tmp_path, "strict")
    pdf_plain, _ = convert(_deck(tmp_path, "plain", percent=False), tmp_path, "plain")
    page = render_page(pdf_strict)
    # The box starts at 1in (72pt): red up to 60% of its 4in width, then blending to blue.
    assert close(pixel(page, 72 + 0.5 * 288, 108), RED, 20)
    assert close(pixel(page, 72 + 0.98 * 288, 108), BLUE, 40)
    assert close(pixel(page, 60, 108), (255, 255, 255))
    # Text: half-size (fontScale 50%) on double-spaced lines (spcPct 200%), as the Transitional deck.
    for word in ("Alpha", "Omega"):
        strict_box, plain_box = text_box(pdf_strict, word), text_box(pdf_plain, word)
        assert strict_box is not None and plain_box is not None
        assert all(abs(a - b) < 0.5 for a, b in zip(strict_box, plain_box, strict=True))
    alpha, omega = text_box(pdf_strict, "Alpha"), text_box(pdf_strict, "Omega")
    assert alpha is not None and omega is not None
    assert alpha[3] - alpha[1] < 12  # 10pt glyphs, not 20pt
    assert 20 - 0.5 < omega[1] - alpha[1] < 30  # two lines of 10pt type at 200% apart, not 12pt


def test_chart_parts_keep_their_percent_strings() -> None:
    # c:gapWidth "150%" counts plain percent; the chart reader strips the sign itself.
    chart = b'<?xml version="1.0"?><c:chartSpace xmlns:c="c"><c:gapWidth val="150%"/></c:chartSpace>'
    assert strict_values_to_transitional(chart) == chart
    slide = b'<p:sld><a:gs pos="62.5%"/><a:ln w="2pt"/><p:cNvPr name="50%"/></p:sld>'
    assert (
        strict_values_to_transitional(slide)
        == b'<p:sld><a:gs pos="62500"/><a:ln w="25400"/><p:cNvPr name="50%"/></p:sld>'
    )


def test_strict_values_are_rewritten_in_attributes_only_never_in_text(tmp_path: Path) -> None:
    """Text that reads like a Strict attribute (a run saying val="63%") is the deck's words: it
    stays as typed, while the same spelling as an attribute still becomes a number."""
    prs = new_deck()
    slide = blank_slide(prs)
    words = 'Set val="63%" and x="2.54cm" now'
    text = (
        '<p:txBody><a:bodyPr wrap="none"/><a:lstStyle/><a:p><a:r><a:rPr lang="en-US" sz="2000"/>'
        f"<a:t>{words.replace(chr(34), '&quot;')}</a:t></a:r></a:p></p:txBody>"
    )
    add_xml_shape(slide, sp_xml(914400, 914400, 5486400, 914400, text=text, sid=12))
    red = '<a:solidFill><a:srgbClr val="FF0000"><a:alpha val="100000"/></a:srgbClr></a:solidFill>'
    add_xml_shape(slide, sp_xml(914400, 3657600, 1828800, 914400, fill=red, sid=13))
    source = tmp_path / "words.pptx"
    prs.save(str(source))
    strict = _to_strict(source, tmp_path / "words_strict.pptx")
    # The alpha spelled the Strict way; the run's text holds the same spelling, literally.
    with zipfile.ZipFile(strict) as zin, zipfile.ZipFile(tmp_path / "words_pct.pptx", "w") as zout:
        for item in zin.infolist():
            blob = zin.read(item.filename)
            if item.filename == "ppt/slides/slide1.xml":
                assert b'<a:t>Set val="63%" and x="2.54cm" now</a:t>' in blob
                blob = blob.replace(b'<a:alpha val="100000"/>', b'<a:alpha val="100%"/>')
            zout.writestr(item, blob)
    pdf, _ = convert(tmp_path / "words_pct.pptx", tmp_path, "words")
    assert words in page_text(pdf)
    assert close(pixel(render_page(pdf), 108, 324), RED)  # 100% alpha read as opaque
