"""Decks with one damaged value or part still convert, with everything else drawn.

Each case is what a mutation fuzzer of the corpus decks found (one attribute, relationship or
media part changed): a malformed value falls back to the spec's default, as PowerPoint does, and a
bad part costs that part only.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import hostile_support as hs
import pytest
from corpus_support import run_slidepress_measured
from PIL import Image
from pptx.util import Emu
from pypdf import PdfReader
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

EMU_IN = 914400
BLUE = (0x44, 0x72, 0xC4)


def _write(parts: dict[str, bytes], folder: Path, name: str) -> Path:
    return hs.write_zip(folder / f"{name}.pptx", parts)


@pytest.mark.parametrize("value", ["abc", "", "1e309", "NaN"])
def test_malformed_slide_size_falls_back_to_the_default(value: str, tmp_path: Path) -> None:
    # One inch square at (1 in, 1 in), filled blue: drawn on a 10 x 7.5 in page.
    parts = hs.with_slide_tree(hs.parts_of(hs.base_deck()), hs.shape_xml(10, EMU_IN, EMU_IN, EMU_IN, EMU_IN))
    pres = parts["ppt/presentation.xml"].decode()
    parts["ppt/presentation.xml"] = re.sub(r'<p:sldSz cx="\d+"', f'<p:sldSz cx="{value}"', pres).encode()
    pdf, result = convert(_write(parts, tmp_path, "size"), tmp_path)
    assert result.slides == 1
    box = PdfReader(str(pdf)).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (720, 540)
    assert close(pixel(render_page(pdf), 108, 108), BLUE)


def test_listed_slide_without_its_relationship_is_left_out(tmp_path: Path) -> None:
    parts = hs.parts_of(hs.base_deck(slides=3, title="Page"))
    pres = parts["ppt/presentation.xml"].decode()
    ids = re.findall(r'<p:sldId [^>]*r:id="(rId\d+)"', pres)
    parts["ppt/presentation.xml"] = pres.replace(f'r:id="{ids[1]}"', 'r:id="rIdGone"').encode()
    pdf, result = convert(_write(parts, tmp_path, "dangling"), tmp_path)
    assert result.slides == 2
    assert "Page 1" in page_text(pdf, 0) and "Page 3" in page_text(pdf, 1)


def test_picture_whose_part_is_missing_is_a_placeholder(tmp_path: Path) -> None:
    parts = hs.parts_of(hs.base_deck(picture=True, title="Pictured"))
    media = hs.media_name(parts)
    rels = "ppt/slides/_rels/slide1.xml.rels"
    parts[rels] = parts[rels].replace(media.rsplit("/", 1)[1].encode(), b"gone.png")
    del parts[media]
    pdf, result = convert(_write(parts, tmp_path, "missing"), tmp_path)
    assert result.slides == 1
    assert "Pictured 1" in page_text(pdf)
    assert any("missing" in w for w in result.warnings)
    # The picture's box (1 in, 2 in, 4 x 3 in) holds the grey stand-in, as PowerPoint marks it.
    assert close(pixel(render_page(pdf), 72 + 144 + 20, 144 + 108), (235, 235, 235))


@pytest.mark.parametrize("blob", [b"", b"\x89PNG\r\n\x1a\n" + b"garbage" * 50, b"not a picture at all"])
def test_picture_that_cannot_be_decoded_is_a_placeholder(blob: bytes, tmp_path: Path) -> None:
    parts = hs.parts_of(hs.base_deck(picture=True, title="Pictured"))
    parts[hs.media_name(parts)] = blob
    pdf, result = convert(_write(parts, tmp_path, "undecodable"), tmp_path)
    assert "Pictured 1" in page_text(pdf)
    assert any("could not be decoded" in w for w in result.warnings)
    assert close(pixel(render_page(pdf), 72 + 144 + 20, 144 + 108), (235, 235, 235))


def test_master_whose_theme_is_missing_uses_the_default_theme(tmp_path: Path) -> None:
    # python-pptx's default template has Office 2007's accent 1 (4F81BD); without the theme the
    # Office default (4472C4) stands in, and the slide is drawn whole.
    shape = hs.shape_xml(10, EMU_IN, EMU_IN, EMU_IN, EMU_IN).replace(
        '<a:srgbClr val="4472C4"/>', '<a:schemeClr val="accent1"/>'
    )
    parts = hs.with_slide_tree(hs.parts_of(hs.base_deck(title="Themeless")), shape)
    rels = "ppt/slideMasters/_rels/slideMaster1.xml.rels"
    parts[rels] = re.sub(rb'Target="../theme/theme\d+.xml"', b'Target="../theme/gone.xml"', parts[rels])
    pdf, result = convert(_write(parts, tmp_path, "themeless"), tmp_path)
    assert result.slides == 1
    assert any("theme is missing" in w for w in result.warnings)
    assert close(pixel(render_page(pdf), 108, 108), BLUE)


@pytest.mark.parametrize(
    ("rels", "kind"),
    [
        ("ppt/slideMasters/_rels/slideMaster1.xml.rels", "theme"),
        ("ppt/slides/_rels/slide1.xml.rels", "slideLayout"),
        ("ppt/_rels/presentation.xml.rels", "tableStyles"),
    ],
)
def test_repeated_relationship_uses_the_first(rels: str, kind: str, tmp_path: Path) -> None:
    # A damaged deck names its theme (layout, table styles) twice: the first one is used.
    table = (
        '<p:graphicFrame><p:nvGraphicFramePr><p:cNvPr id="12" name="t"/><p:cNvGraphicFramePr/><p:nvPr/>'
        f'</p:nvGraphicFramePr><p:xfrm><a:off x="{5 * EMU_IN}" y="{EMU_IN}"/><a:ext cx="{2 * EMU_IN}" '
        f'cy="{EMU_IN // 2}"/></p:xfrm><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/table"><a:tbl><a:tblPr/>'
        f'<a:tblGrid><a:gridCol w="{2 * EMU_IN}"/></a:tblGrid><a:tr h="{EMU_IN // 2}"><a:tc><a:txBody>'
        '<a:bodyPr/><a:lstStyle/><a:p><a:r><a:rPr lang="en-US"/><a:t>Cell</a:t></a:r></a:p></a:txBody>'
        "<a:tcPr/></a:tc></a:tr></a:tbl></a:graphicData></a:graphic></p:graphicFrame>"
    )
    shapes = (
        hs.shape_xml(10, EMU_IN, EMU_IN, EMU_IN, EMU_IN)
        + hs.shape_xml(11, EMU_IN, 3 * EMU_IN, 4 * EMU_IN, EMU_IN, text="Twice 1")
        + table
    )
    parts = hs.with_slide_tree(hs.parts_of(hs.base_deck()), shapes)
    xml = parts[rels].decode()
    rel = re.search(rf'<Relationship [^>]*Type="[^"]*/{kind}"[^>]*/>', xml)
    assert rel is not None
    again = re.sub(r'Id="[^"]*"', 'Id="rIdAgain"', rel.group(0))
    parts[rels] = xml.replace("</Relationships>", again + "</Relationships>").encode()
    pdf, result = convert(_write(parts, tmp_path, "twice"), tmp_path)
    assert result.slides == 1
    assert "Twice 1" in page_text(pdf) and "Cell" in page_text(pdf)
    assert close(pixel(render_page(pdf), 108, 108), BLUE)


def test_infinite_number_falls_back_to_the_default(tmp_path: Path) -> None:
    # ang="1e309" is infinity once read: the gradient keeps its default angle (left to right).
    prs = new_deck()
    slide = blank_slide(prs)
    fill = (
        '<a:gradFill><a:gsLst><a:gs pos="0"><a:srgbClr val="FF0000"/></a:gs>'
        '<a:gs pos="100000"><a:srgbClr val="0000FF"/></a:gs></a:gsLst><a:lin ang="1e309"/></a:gradFill>'
    )
    add_xml_shape(slide, sp_xml(EMU_IN, EMU_IN, 4 * EMU_IN, EMU_IN, fill=fill))
    pdf, _ = convert(prs, tmp_path)
    page = render_page(pdf)
    left, right = pixel(page, 76, 108), pixel(page, 356, 108)
    assert left[0] > 200 and left[2] < 60, left
    assert right[2] > 200 and right[0] < 60, right


def _tiff(color: tuple[int, int, int]) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGBA", (40, 30), (*color, 255)).save(buffer, "TIFF")
    return buffer.getvalue()


def test_tiff_picture_is_drawn(tmp_path: Path) -> None:
    # Decoding any TIFF crashed the converting process (Qt's TIFF reader outlived its buffer):
    # one picture cost the deck.
    # Converted in a child, so a regression fails this test instead of killing the test run.
    prs = new_deck()
    slide = blank_slide(prs)
    slide.shapes.add_picture(io.BytesIO(_tiff((20, 160, 60))), Emu(EMU_IN), Emu(EMU_IN), Emu(4 * EMU_IN))
    blank_slide(prs)  # a second slide: the deck's other pages are there too
    deck = tmp_path / "tiff.pptx"
    prs.save(str(deck))
    target = tmp_path / "tiff.pdf"
    measured = run_slidepress_measured("convert", deck, target, timeout=120)
    assert measured.returncode == 0, measured.stderr[-2000:]
    assert len(PdfReader(target).pages) == 2
    assert close(pixel(render_page(target), 72 + 144, 72 + 54), (20, 160, 60))


def _text_in_box(tmp_path: Path, body_pr: str, paragraphs: str) -> Path:
    """A deck whose one 6 x 2 in box at (1 in, 1 in) holds ``paragraphs`` under ``body_pr``; its PDF."""
    prs = new_deck()
    slide = blank_slide(prs)
    body = f"<p:txBody>{body_pr}<a:lstStyle/>{paragraphs}</p:txBody>"
    add_xml_shape(slide, sp_xml(EMU_IN, EMU_IN, 6 * EMU_IN, 2 * EMU_IN, text=body))
    return convert(prs, tmp_path)[0]


@pytest.mark.parametrize("attrs", ['spc="99999999999"', 'sz="99999999999"', 'sz="-1" spc="-99999999999"'])
def test_out_of_range_text_values_fall_back_to_the_default(attrs: str, tmp_path: Path) -> None:
    # Letter spacing past +-4000 pt or a size past 4000 pt is malformed: the run keeps the default
    # (no extra spacing, 18 pt) and its text stays inside its box, readable.
    pdf = _text_in_box(
        tmp_path,
        '<a:bodyPr wrap="none" lIns="0" tIns="0"/>',
        f'<a:p><a:r><a:rPr lang="en-US" {attrs}/><a:t>Spread</a:t></a:r></a:p>',
    )
    box = text_box(pdf, "Spread")
    assert box is not None
    left, top, right, bottom = box
    assert 72 <= left < right <= 72 + 432 and 72 <= top < bottom <= 72 + 144
    assert 10 < bottom - top < 30  # 18 pt text


@pytest.mark.parametrize(
    "ppr",
    [
        '<a:pPr marL="99999999999"/>',
        '<a:pPr marL="-1" indent="-99999999999"/>',
        '<a:pPr><a:lnSpc><a:spcPct val="-1"/></a:lnSpc><a:spcBef><a:spcPts val="99999999999"/></a:spcBef></a:pPr>',
    ],
)
def test_out_of_range_paragraph_values_fall_back_to_the_default(ppr: str, tmp_path: Path) -> None:
    # Margins and indents beyond 56 in, negative or absurd spacing: malformed, so the paragraph
    # keeps the defaults (no margin, single spacing) and both lines are seen inside the box.
    pdf = _text_in_box(
        tmp_path,
        '<a:bodyPr wrap="none" lIns="0" tIns="0"/>',
        f'<a:p>{ppr}<a:r><a:rPr lang="en-US"/><a:t>First</a:t></a:r></a:p>'
        f'<a:p>{ppr}<a:r><a:rPr lang="en-US"/><a:t>Second</a:t></a:r></a:p>',
    )
    first, second = text_box(pdf, "First"), text_box(pdf, "Second")
    assert first is not None and second is not None
    assert 72 <= first[0] < 80 and 72 <= second[0] < 80  # no margin
    assert 15 < second[1] - first[1] < 30  # the next line of 18 pt text, single spacing


@pytest.mark.parametrize(
    "body_attrs", ['numCol="1e309"', 'lIns="NaN" tIns="NaN"', 'rot="1e309"', 'lIns="99999999999" spcCol="1e309"']
)
def test_malformed_body_numbers_fall_back_to_the_default(body_attrs: str, tmp_path: Path) -> None:
    # Infinite or NaN insets, rotation and column counts: the text body keeps its defaults and
    # the text is drawn inside its box (an infinite column count dropped the whole shape).
    pdf = _text_in_box(
        tmp_path, f'<a:bodyPr wrap="none" {body_attrs}/>', '<a:p><a:r><a:rPr lang="en-US"/><a:t>Inset</a:t></a:r></a:p>'
    )
    box = text_box(pdf, "Inset")
    assert box is not None
    left, top, right, bottom = box
    assert 72 <= left < right <= 72 + 432 and 72 <= top < bottom <= 72 + 144


def test_malformed_cell_margin_falls_back_to_the_default(tmp_path: Path) -> None:
    prs = new_deck()
    slide = blank_slide(prs)
    table = slide.shapes.add_table(1, 2, Emu(EMU_IN), Emu(EMU_IN), Emu(4 * EMU_IN), Emu(EMU_IN // 2)).table
    table.cell(0, 0).text = "Left"
    table.cell(0, 1).text = "Right"
    tc_pr = table.cell(0, 0)._tc.get_or_add_tcPr()
    tc_pr.set("marL", "NaN")
    tc_pr.set("marT", "1e309")
    pdf, _ = convert(prs, tmp_path)
    box = text_box(pdf, "Left")
    assert box is not None
    assert 72 + 5 <= box[0] < 72 + 20  # the default 0.1 in margin
    assert 72 <= box[1] < 72 + 36


@pytest.mark.parametrize(
    ("color", "expected"),
    [
        ('<a:srgbClr val="4472C4"><a:lumMod val="abc"/></a:srgbClr>', BLUE),
        ('<a:srgbClr val="4472C4"><a:alpha val="NaN"/></a:srgbClr>', BLUE),
        ('<a:srgbClr val="4472C4"><a:hueOff val="1e309"/><a:satMod val="1e309"/></a:srgbClr>', BLUE),
        ('<a:hslClr hue="abc" sat="100000" lum="50000"/>', (255, 0, 0)),
    ],
)
def test_malformed_colour_values_are_ignored(color: str, expected: tuple[int, int, int], tmp_path: Path) -> None:
    # A colour modifier whose value cannot be read is skipped (not applied as 0, which made lumMod
    # black and alpha invisible); an unreadable hue is 0 degrees.
    prs = new_deck()
    slide = blank_slide(prs)
    add_xml_shape(slide, sp_xml(EMU_IN, EMU_IN, EMU_IN, EMU_IN, fill=f"<a:solidFill>{color}</a:solidFill>"))
    pdf, _ = convert(prs, tmp_path)
    assert close(pixel(render_page(pdf), 108, 108), expected)


def test_smartart_layout_with_infinite_count_draws_every_node(qapp: object, tmp_path: Path) -> None:
    # forEach cnt="1e309" (and an infinite adjustment) read as absent: every node, not an
    # OverflowError that dropped the whole diagram.
    from test_smartart_layout import Node, _data_xml, _layout_xml, _smartart_deck

    layout = _layout_xml("urn:test/inf", "lin", "roundRect").replace(
        b'<dgm:forEach axis="ch" ptType="node">', b'<dgm:forEach axis="ch" ptType="node" cnt="1e309">'
    )
    layout = layout.replace(  # sizes given: the layout definition itself is run
        b'<dgm:alg type="lin"/><dgm:shape/>',
        b'<dgm:alg type="lin"/><dgm:shape/><dgm:constrLst><dgm:constr type="w" for="ch" forName="node" '
        b'refType="w" fact="0.3"/><dgm:constr type="h" for="ch" forName="node" refType="h" fact="0.6"/>'
        b"</dgm:constrLst>",
    )
    layout = layout.replace(
        b'<dgm:shape type="roundRect"/>',
        b'<dgm:shape type="roundRect"><dgm:adjLst><dgm:adj idx="1" val="1e309"/></dgm:adjLst></dgm:shape>',
    )
    data = _data_xml([Node("Alpha"), Node("Beta"), Node("Gamma")], "urn:test/inf")
    prs = _smartart_deck({"dm": data, "lo": layout}, (72, 72, 576, 216))
    pdf, result = convert(prs, tmp_path)
    text = page_text(pdf)
    assert all(word in text for word in ("Alpha", "Beta", "Gamma")), text
    assert not [w for w in result.warnings if "SmartArt" in w or "could not be drawn" in w], result.warnings


def test_picture_fill_whose_part_is_missing_is_left_out_and_named(tmp_path: Path) -> None:
    # A shape filled with a picture the package lost: PowerPoint shows the shape without it; the
    # job must still say a picture was lost (before, nothing did).
    parts = hs.parts_of(hs.base_deck(picture=True, title="Filled"))
    rid = re.search(rb'r:embed="(rId\d+)"', parts[hs.SLIDE1])
    assert rid is not None
    filled = (
        '<p:sp><p:nvSpPr><p:cNvPr id="20" name="filled"/><p:cNvSpPr/><p:nvPr/></p:nvSpPr><p:spPr>'
        f'<a:xfrm><a:off x="{EMU_IN}" y="{EMU_IN}"/><a:ext cx="{EMU_IN}" cy="{EMU_IN}"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom>'
        f'<a:blipFill><a:blip r:embed="{rid.group(1).decode()}"/><a:stretch><a:fillRect/></a:stretch></a:blipFill>'
        "</p:spPr></p:sp>"
    )
    parts = hs.with_slide_tree(parts, filled)
    del parts[hs.media_name(parts)]
    pdf, result = convert(_write(parts, tmp_path, "fill"), tmp_path)
    assert result.slides == 1
    assert result.warnings == ["A picture fill whose image part is missing was left out"]
    assert close(pixel(render_page(pdf), 108, 108), (255, 255, 255), 3)  # the shape shows the slide
