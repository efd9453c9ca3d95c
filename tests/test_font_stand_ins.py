"""Stand-ins for typefaces we do not have, chosen from the deck's own description of them:
names ("Open Sans Bold"), PANOSE and pitch/family bytes on a:latin, the theme's font scheme and
p:embeddedFontLst. Decks are built here, converted, and the PDF's embedded fonts and text widths
checked."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest
from lxml import etree
from pptx import Presentation
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pypdf import PdfReader
from render_support import add_xml_shape, blank_slide, convert, new_deck, text_box
from test_embedded_fonts import POSTSCRIPT, TYPEFACE, build_deck, renamed_font

from worker.deck.font_traits import font_traits
from worker.render.fonts import RESOURCE_FONTS, FontChoice, FontResolver, Script
from worker.render.stand_ins import name_style

P_NS = "http://schemas.openxmlformats.org/presentationml/2006/main"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
UNKNOWN = "Zqxwv Vqop"  # a name with no hint in it: only the deck's description tells its look
Attrs = tuple[str | None, str | None, str | None]  # panose, pitchFamily, charset as a deck writes them
WORDS = "Quarterly revenue grew in every region"

# PANOSE numbers and pitch/family bytes as PowerPoint writes them for real fonts of each kind.
SERIF = 'panose="02020603050405020304" pitchFamily="18" charset="0"'  # Times New Roman's
MONO = 'panose="020B0609020204030204" pitchFamily="49" charset="0"'  # Consolas'
HEAVY = 'panose="020B0A04020102020204" pitchFamily="34" charset="0"'  # Arial Black's
CONDENSED = 'panose="020B0606020202030204" pitchFamily="34" charset="0"'  # Arial Narrow's


def _text_shape(sid: int, y: int, typeface: str | None, attrs: str = "", text: str = WORDS) -> str:
    latin = f'<a:latin typeface="{typeface}" {attrs}/>' if typeface else ""
    return (
        f'<p:sp <NS>><p:nvSpPr><p:cNvPr id="{sid}" name="t{sid}"/><p:cNvSpPr txBox="1"/><p:nvPr/></p:nvSpPr>'
        f'<p:spPr><a:xfrm><a:off x="457200" y="{y}"/><a:ext cx="8229600" cy="731520"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr>'
        '<p:txBody><a:bodyPr wrap="none" lIns="0" tIns="0" rIns="0" bIns="0"/><a:lstStyle/>'
        f'<a:p><a:r><a:rPr lang="en-US" sz="2400">{latin}</a:rPr><a:t>{text}</a:t></a:r></a:p>'
        "</p:txBody></p:sp>"
    )


def _deck_of_one_box_per_slide(cases: list[tuple[str, str]]) -> Any:
    prs = new_deck()
    for typeface, attrs in cases:
        add_xml_shape(blank_slide(prs), _text_shape(10, 914400, typeface, attrs))
    return prs


def _page_fonts(pdf: Path) -> list[set[str]]:
    """The embedded fonts' names on each page, without the subset tag ("LiberationSerif")."""
    pages = []
    for page in PdfReader(pdf).pages:
        resources: Any = page["/Resources"]
        fonts = (resources.get("/Font") or {}).values()
        pages.append({re.sub(r"^[A-Z]{6}\+", "", str(f.get_object()["/BaseFont"]).lstrip("/")) for f in fonts})
    return pages


def _width(pdf: Path, page: int) -> float:
    box = text_box(pdf, WORDS, page)
    assert box is not None, f"text missing on page {page + 1}"
    return box[2] - box[0]


def test_unknown_typeface_is_drawn_by_its_panose_and_pitch_family(tmp_path: Path) -> None:
    cases = [(UNKNOWN, ""), (UNKNOWN, SERIF), (UNKNOWN, MONO), (UNKNOWN, HEAVY), (UNKNOWN, CONDENSED)]
    pdf, _ = convert(_deck_of_one_box_per_slide(cases), tmp_path)
    fonts = _page_fonts(pdf)
    assert fonts[0] == {"LiberationSans"}  # nothing said: the sans default, as before
    assert fonts[1] == {"LiberationSerif"}
    assert fonts[2] == {"LiberationMono"}
    assert fonts[3] == {"LiberationSans-Bold"}
    assert fonts[4] == {"LiberationSansNarrow"}
    plain = _width(pdf, 0)
    # Arial Narrow sets about 82 % of Arial's width, Arial Black far wider; a monospaced face wider still.
    assert _width(pdf, 4) == pytest.approx(0.82 * plain, rel=0.03)
    assert _width(pdf, 3) > 1.04 * plain
    assert _width(pdf, 2) > 1.2 * plain
    assert _width(pdf, 1) < 0.95 * plain  # a Times-like serif is narrower than Arial


def test_face_names_find_their_family_and_weight(tmp_path: Path) -> None:
    # Faces named as Windows lists them: the family's stand-in in the face the name says.
    cases = [
        ("Open Sans Bold", ""),
        ("Arial Black", ""),
        ("Segoe UI Light", ""),
        ("Zqxwv Grotesk Condensed", ""),
        ("Times New Roman Italic", ""),
    ]
    pdf, _ = convert(_deck_of_one_box_per_slide(cases), tmp_path)
    fonts = _page_fonts(pdf)
    assert fonts[0] == {"NotoSans-Bold"}
    assert fonts[1] == {"LiberationSans-Bold"}
    assert fonts[2] == {"NotoSans-Regular"}  # light faces stay regular: no lighter stand-in exists
    assert fonts[3] == {"LiberationSansNarrow"}
    assert fonts[4] == {"LiberationSerif-Italic"}


def test_theme_font_scheme_describes_the_theme_typeface(tmp_path: Path) -> None:
    prs = new_deck()
    theme_part = prs.slide_master.part.part_related_by(RT.THEME)
    theme = etree.fromstring(theme_part.blob)
    latin = theme.find(f".//{{{A_NS}}}minorFont/{{{A_NS}}}latin")
    assert latin is not None
    latin.attrib.clear()
    latin.set("typeface", UNKNOWN)
    latin.set("panose", "020B0609020204030204")
    latin.set("pitchFamily", "49")
    theme_part._blob = etree.tostring(theme, xml_declaration=True, encoding="UTF-8", standalone=True)
    add_xml_shape(blank_slide(prs), _text_shape(10, 914400, None))  # the run names no typeface: +mn-lt
    pdf, _ = convert(prs, tmp_path)
    assert _page_fonts(pdf)[0] == {"LiberationMono"}


def test_embedded_font_list_describes_typefaces_it_cannot_supply(tmp_path: Path) -> None:
    # The font list names the typeface with its PANOSE number but holds no usable part; text names
    # it without repeating the description.
    prs = _deck_of_one_box_per_slide([(UNKNOWN, "")])
    font_list = etree.Element(f"{{{P_NS}}}embeddedFontLst")
    entry = etree.SubElement(font_list, f"{{{P_NS}}}embeddedFont")
    etree.SubElement(entry, f"{{{P_NS}}}font", typeface=UNKNOWN, panose="02020603050405020304", pitchFamily="18")
    notes_size = prs.part._element.find(f"{{{P_NS}}}notesSz")
    assert notes_size is not None
    notes_size.addnext(font_list)
    pdf, _ = convert(prs, tmp_path)
    assert _page_fonts(pdf)[0] == {"LiberationSerif"}


def test_a_face_name_uses_the_embedded_font_of_its_family(tmp_path: Path) -> None:
    # The deck embeds "Deck Only Face" and its text asks for "Deck Only Face Bold": the embedded
    # family draws it (in bold), not the stand-in of an unknown name.
    source = RESOURCE_FONTS / "Caladea-Regular.ttf"
    if not source.exists():
        pytest.skip("bundled fonts not collected")
    deck = build_deck(tmp_path / "deck.pptx", renamed_font(source))
    prs = Presentation(str(deck))
    run = prs.slides[0].shapes[0].text_frame.paragraphs[0].runs[0]
    run.font.name = f"{TYPEFACE} Bold"
    prs.save(str(deck))
    pdf, _ = convert(deck, tmp_path)
    assert _page_fonts(pdf)[0] == {POSTSCRIPT}


def test_heavy_stand_in_widens_the_line_as_the_real_face_does(tmp_path: Path) -> None:
    # Impact (condensed and heavy) is drawn narrow and bold: narrower than Arial, heavier than narrow.
    prs = new_deck()
    slide = blank_slide(prs)
    add_xml_shape(slide, _text_shape(10, 914400, "Arial"))
    add_xml_shape(slide, _text_shape(11, 2743200, "Impact"))
    add_xml_shape(slide, _text_shape(12, 4572000, "Arial Narrow"))
    pdf, _ = convert(prs, tmp_path)
    assert _page_fonts(pdf)[0] == {"LiberationSans", "LiberationSansNarrow-Bold", "LiberationSansNarrow"}
    doc_boxes = []
    doc = pdfium.PdfDocument(str(pdf))
    try:
        textpage = doc[0].get_textpage()
        searcher = textpage.search(WORDS)
        while (found := searcher.get_next()) is not None:
            start, count = found
            boxes = [textpage.get_charbox(i) for i in range(start, start + count)]
            doc_boxes.append((max(b[3] for b in boxes), max(b[2] for b in boxes) - min(b[0] for b in boxes)))
    finally:
        doc.close()
    widths = [w for _top, w in sorted(doc_boxes, reverse=True)]  # top to bottom: Arial, Impact, Narrow
    assert len(widths) == 3
    assert widths[2] < widths[1] < widths[0]


@pytest.mark.parametrize(
    ("typeface", "slot", "attrs", "expected"),
    [
        # Names: a face of a known family, PostScript names, weight grades.
        ("Open Sans Semibold Italic", Script.LATIN, None, FontChoice("Noto Sans", True, True)),
        ("Helvetica Neue Medium", Script.LATIN, None, FontChoice("Liberation Sans")),
        ("TimesNewRomanPS-BoldMT", Script.LATIN, None, FontChoice("Liberation Serif", bold=True)),
        ("Roboto Condensed", Script.LATIN, None, FontChoice("Liberation Sans Narrow")),
        ("Century Gothic Condensed", Script.LATIN, None, FontChoice("DejaVu Sans Condensed")),
        ("Calibri Light", Script.LATIN, ("020F0302020204030204", None, None), FontChoice("Carlito")),
        ("Zqxwv Sans Heavy", Script.LATIN, None, FontChoice("Liberation Sans", bold=True)),
        ("Zqxwv Mono", Script.LATIN, None, FontChoice("Liberation Mono")),
        ("Gotham Book", Script.LATIN, None, FontChoice("Liberation Sans")),
        # A "Sans" stays sans whatever careless PANOSE bytes say.
        ("Zqxwv Sans", Script.LATIN, ("02020603050405020304", "18", "0"), FontChoice("Liberation Sans")),
        # Hand-written and decorative faces fall to the plain sans, at their weight.
        ("Zqxwv Vqop", Script.LATIN, ("03080402000500000000", "66", "0"), FontChoice("Liberation Sans")),
        ("Zqxwv Vqop", Script.LATIN, ("04040905080B02020502", "82", "0"), FontChoice("Liberation Sans", bold=True)),
        # pitchFamily alone: roman, fixed pitch.
        ("Zqxwv Vqop", Script.LATIN, (None, "18", "0"), FontChoice("Liberation Serif")),
        ("Zqxwv Vqop", Script.LATIN, (None, "49", "0"), FontChoice("Liberation Mono")),
        # East Asian fonts: fixed pitch is their full-width cells, not a monospaced Latin; the
        # character set picks the script's family, PANOSE serifs the Mincho/Song/Ming kind.
        ("Zqxwv Vqop", Script.LATIN, (None, "49", "-128"), FontChoice("Noto Sans CJK JP")),
        ("Zqxwv Vqop", Script.EA, (None, "2", "-122"), FontChoice("Noto Sans CJK SC")),
        ("Zqxwv Vqop", Script.EA, ("02010609060101010101", "49", "-120"), FontChoice("Noto Sans CJK TC")),
        ("Zqxwv Vqop", Script.EA, ("02020609040205080304", "49", "-127"), FontChoice("Noto Serif CJK KR")),
        ("Hiragino Sans GB W6", Script.EA, None, FontChoice("Noto Sans CJK SC", bold=True)),
        ("Zqxwv Vqop", Script.CS, (None, "2", "-79"), FontChoice("Noto Sans Hebrew")),
    ],
)
def test_resolver_reads_names_and_traits(
    qapp: object,
    typeface: str,
    slot: Script,
    attrs: tuple[str | None, str | None, str | None] | None,
    expected: FontChoice,
) -> None:
    traits = font_traits(*attrs) if attrs is not None else None
    assert FontResolver.shared().face(typeface, slot, traits) == expected


def test_name_style_keeps_family_words() -> None:
    assert name_style("Arial Black").base == "arial"
    assert name_style("Black").base == "black"  # the first word is always the family's
    assert name_style("Heavy Metal").weight is None  # style words count only at the end
    assert name_style("Segoe UI Semi Bold").weight == 600
    assert name_style("MinionPro-It").italic
    assert name_style("Franklin Gothic Demi Cond").condensed
