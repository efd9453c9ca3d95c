"""Decks whose structure is damaged still convert, each broken part costing only itself.

A slide whose layout or master is missing or not well-formed XML is drawn on the deck's first
readable master (or the presentation's defaults); a slide part that is not well-formed XML becomes
a blank page so the page numbers stay right; broken notes matter only to notes pages; a chart part
that is not well-formed XML becomes the chart placeholder. The job is told, one line per problem
naming the slides. Only a deck with no readable slide is refused. Each deck is made by python-pptx
and then damaged in its zip, as an office suite would meet it.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import hostile_support as hs
import pytest
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.enum.chart import XL_CHART_TYPE
from pptx.enum.shapes import MSO_SHAPE
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches
from pypdf import PdfReader
from render_support import close, convert, new_deck, page_text, pixel, render_page, text_box

from worker.engines.base import ConvertOptions, PageLayout
from worker.errors import CorruptDeckError

EMU_IN = 914400
BLUE = (0x44, 0x72, 0xC4)
BAD_XML = b'<p:sld xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"><p:cSld>'
MASTER = "ppt/slideMasters/slideMaster1.xml"
# A blue half-inch square the master draws on every slide, at (0.5 in, 6.5 in).
MASTER_MARK = hs.shape_xml(90, EMU_IN // 2, 13 * EMU_IN // 2, EMU_IN // 2, EMU_IN // 2)
MARK_AT = (36 + 18, 468 + 18)


def _deck(notes: bool = False, chart: bool = False, picture: bool = False) -> dict[str, bytes]:
    """Four slides ("Title n", "Body n", a text box "Box n"); slide 2 alone on the Two Content
    layout; a blue square on the master; notes "Notes n"; a chart on slide 2; a red one-inch
    picture at (6 in, 5 in) on slides 2 and 3 (one image part)."""
    prs = Presentation()
    for i in range(1, 5):
        slide = prs.slides.add_slide(prs.slide_layouts[3 if i == 2 else 1])
        slide.shapes.title.text = f"Title {i}"
        slide.placeholders[1].text = f"Body {i}"
        box = slide.shapes.add_textbox(Inches(1), Inches(5), Inches(4), Inches(1))
        box.text_frame.text = f"Box {i}"
        if notes:
            slide.notes_slide.notes_text_frame.text = f"Notes {i}"
        if picture and i in (2, 3):
            slide.shapes.add_picture(io.BytesIO(hs.small_png()), Inches(6), Inches(5), Inches(1), Inches(1))
        if chart and i == 2:
            data = CategoryChartData()
            data.categories = ["a", "b"]
            data.add_series("S", (1, 2))
            slide.shapes.add_chart(XL_CHART_TYPE.COLUMN_CLUSTERED, Inches(6), Inches(4), Inches(3), Inches(2.5), data)
    buffer = io.BytesIO()
    prs.save(buffer)
    parts = hs.parts_of(buffer.getvalue())
    master = parts[MASTER].decode()
    parts[MASTER] = master.replace("</p:spTree>", MASTER_MARK + "</p:spTree>", 1).encode()
    return parts


def _layout_of(parts: dict[str, bytes], slide: int) -> str:
    found = re.search(rb"slideLayouts/(slideLayout\d+\.xml)", parts[f"ppt/slides/_rels/slide{slide}.xml.rels"])
    assert found is not None
    return "ppt/slideLayouts/" + found.group(1).decode()


def _rels_of(part: str) -> str:
    folder, name = part.rsplit("/", 1)
    return f"{folder}/_rels/{name}.rels"


def _convert(parts: dict[str, bytes], folder: Path, layout: PageLayout = PageLayout.SLIDES) -> tuple[Path, list[str]]:
    pdf, result = convert(hs.write_zip(folder / "damaged.pptx", parts), folder, options=ConvertOptions(layout=layout))
    return pdf, result.warnings


def _texts(pdf: Path) -> list[str]:
    return [" ".join(page_text(pdf, i).split()) for i in range(len(PdfReader(pdf).pages))]


def _assert_slide_drawn(pdf: Path, index: int, master_mark: bool = True) -> None:
    """Slide ``index`` (0-based) shows its title near the top, its bulleted body below, its box."""
    n = index + 1
    title, body, box = (text_box(pdf, f"{what} {n}", index) for what in ("Title", "Body", "Box"))
    assert title is not None and body is not None and box is not None, _texts(pdf)[index]
    assert title[3] < 130 < body[1] < 400, (title, body)  # placeholders placed by the master
    assert title[3] - title[1] > 30  # the master's 44 pt title style, not the 18 pt default
    assert 360 <= box[1] < 440  # the text box at 5 in keeps its own place
    assert "•" in page_text(pdf, index)  # the master's body style bullets the body
    mark = pixel(render_page(pdf, index), *MARK_AT)
    assert close(mark, BLUE) == master_mark, mark


def _rewire_layout(parts: dict[str, bytes], target: str | None) -> dict[str, bytes]:
    """Slide 2's layout relationship pointed at ``target``, or removed (None)."""
    rels = "ppt/slides/_rels/slide2.xml.rels"
    if target is None:
        parts[rels] = re.sub(rb'<Relationship [^>]*/slideLayout"[^>]*/>', b"", parts[rels])
    else:
        parts[rels] = re.sub(rb"\.\./slideLayouts/slideLayout\d+\.xml", target.encode(), parts[rels])
    return parts


@pytest.mark.parametrize(
    ("damage", "problem"),
    [
        (lambda parts: _rewire_layout(parts, None), "its layout is missing"),
        (lambda parts: _rewire_layout(parts, "../slideLayouts/gone.xml"), "its layout is missing"),
        (lambda parts: {**parts, _layout_of(parts, 2): BAD_XML}, "its layout is unreadable (damaged XML)"),
    ],
    ids=["no relationship", "part not in the package", "not well-formed"],
)
def test_slide_without_its_layout_is_drawn_with_the_master(damage: object, problem: str, tmp_path: Path) -> None:
    # PowerPoint and LibreOffice repair such a deck and show the slide on its master; so do we.
    assert callable(damage)
    pdf, warnings = _convert(damage(_deck()), tmp_path)
    assert len(PdfReader(pdf).pages) == 4
    for index in range(4):
        _assert_slide_drawn(pdf, index)
    assert warnings == [f"Slide 2: {problem}; drawn with the master's styles"]


def _layout_master(parts: dict[str, bytes], target: str | None) -> dict[str, bytes]:
    rels = _rels_of(_layout_of(parts, 2))
    if target is None:
        parts[rels] = re.sub(rb'<Relationship [^>]*/slideMaster"[^>]*/>', b"", parts[rels])
    else:
        parts[rels] = parts[rels].replace(b"../slideMasters/slideMaster1.xml", target.encode())
    return parts


@pytest.mark.parametrize(
    "target",
    [None, "../slideMasters/gone.xml", "slideLayout4.xml"],
    ids=["no relationship", "part not in the package", "the layout itself"],
)
def test_layout_without_its_master_draws_on_the_first_master(target: str | None, tmp_path: Path) -> None:
    parts = _deck()
    assert _layout_of(parts, 2).endswith("slideLayout4.xml")
    pdf, warnings = _convert(_layout_master(parts, target), tmp_path)
    assert len(PdfReader(pdf).pages) == 4
    for index in range(4):
        _assert_slide_drawn(pdf, index)
    assert warnings == ["Slide 2: its layout's master is missing; drawn with the first master's styles"]


def test_unreadable_only_master_draws_with_presentation_defaults(tmp_path: Path) -> None:
    # Nothing of the master is left: its square is gone, but every slide keeps its text, placed
    # and styled where PowerPoint's default master puts titles and bodies.
    parts = _deck()
    parts[MASTER] = BAD_XML
    pdf, warnings = _convert(parts, tmp_path)
    assert len(PdfReader(pdf).pages) == 4
    for index in range(4):
        _assert_slide_drawn(pdf, index, master_mark=False)
    assert warnings == ["Slides 1-4: their layout's master is unreadable (damaged XML); drawn with the default styles"]


def test_unreadable_slide_is_a_blank_page_in_its_place(tmp_path: Path) -> None:
    parts = _deck()
    parts["ppt/slides/slide2.xml"] = BAD_XML
    pdf, warnings = _convert(parts, tmp_path)
    texts = _texts(pdf)
    assert len(texts) == 4
    assert texts[1] == ""  # slide 2 is blank (its master's square still drawn)...
    assert close(pixel(render_page(pdf, 1), *MARK_AT), BLUE)
    for index in (0, 2, 3):  # ...and slides 3 and 4 keep their pages
        _assert_slide_drawn(pdf, index)
    assert warnings == ["Slide 2: its content is unreadable (damaged XML); a blank slide stands in"]


def test_unreadable_slide_and_a_listed_slide_naming_no_slide(tmp_path: Path) -> None:
    """Found by package fuzzing: with a part standing in for an unreadable one, the deck's slides
    were counted before the listed slide naming another kind of part was left out, and python-pptx
    raised AttributeError ('Part' object has no attribute 'slide'): a traceback, not a PDF."""
    parts = _deck()
    parts["ppt/slides/slide3.xml"] = BAD_XML
    pres, rels = "ppt/presentation.xml", "ppt/_rels/presentation.xml.rels"
    props = re.search(rb'Id="(rId\d+)"[^>]*presProps"|presProps"[^>]*Id="(rId\d+)"', parts[rels])
    slide2 = re.search(rb'Id="(rId\d+)"[^>]*Target="slides/slide2.xml"', parts[rels])
    assert props is not None and slide2 is not None
    parts[pres] = parts[pres].replace(b'r:id="%s"' % slide2[1], b'r:id="%s"' % (props[1] or props[2]))
    pdf, warnings = _convert(parts, tmp_path)
    assert [t.split(" ")[:2] for t in _texts(pdf)] == [["Title", "1"], [""], ["Title", "4"]]  # 3 blank
    assert len(warnings) == 2 and warnings[0] == "Slide 2: its part is missing or is not a slide; it was left out"
    assert warnings[1].endswith(": its content is unreadable (damaged XML); a blank slide stands in")


@pytest.mark.parametrize("body", [b"<x/>", b"slide", b"other namespace"], ids=["foreign", "a slide", "namespace"])
def test_presentation_part_that_holds_no_presentation_is_corrupt(tmp_path: Path, body: bytes) -> None:
    """Found by package fuzzing (the part twice in the zip, the second copy another part's): the
    presentation part is well-formed XML but not a presentation; python-pptx raised AttributeError
    once the slides were asked for, a traceback instead of the one-line reason."""
    parts = _deck()
    if body == b"slide":
        body = parts["ppt/slides/slide1.xml"]
    elif body == b"other namespace":
        body = parts["ppt/presentation.xml"].replace(b"/presentationml/2006/main", b"/presentationml/2099/main")
    parts["ppt/presentation.xml"] = body
    with pytest.raises(CorruptDeckError, match=r"^Corrupt deck: the presentation part ppt/presentation.xml holds no"):
        _convert(parts, tmp_path)


def test_deck_whose_every_slide_is_unreadable_is_corrupt(tmp_path: Path) -> None:
    parts = _deck()
    for n in range(1, 5):
        parts[f"ppt/slides/slide{n}.xml"] = BAD_XML
    with pytest.raises(CorruptDeckError, match="all 4 of its slides are damaged"):
        _convert(parts, tmp_path)


def test_missing_slide_part_is_left_out_and_named(tmp_path: Path) -> None:
    parts = _deck()
    del parts["ppt/slides/slide3.xml"]
    pdf, warnings = _convert(parts, tmp_path)
    assert _texts(pdf)[2].startswith("Title 4")
    assert len(PdfReader(pdf).pages) == 3
    assert warnings == ["Slide 3: its part is missing or is not a slide; it was left out"]
    for n in (1, 2, 4):
        del parts[f"ppt/slides/slide{n}.xml"]
    with pytest.raises(CorruptDeckError, match="none of its 4 listed slides is in the package"):
        _convert(parts, tmp_path)


def test_unreadable_notes_matter_only_to_notes_pages(tmp_path: Path) -> None:
    parts = _deck(notes=True)
    notes = next(name for name in parts if re.fullmatch(r"ppt/notesSlides/notesSlide\d+\.xml", name))
    number = int(re.findall(rb"slides/slide(\d+)\.xml", parts[_rels_of(notes)])[0])
    parts[notes] = BAD_XML
    pdf, warnings = _convert(parts, tmp_path)
    assert len(PdfReader(pdf).pages) == 4 and warnings == []
    pdf, warnings = _convert(parts, tmp_path, PageLayout.NOTES)
    texts = _texts(pdf)
    assert len(texts) == 4
    for n, text in enumerate(texts, start=1):
        assert f"Title {n}" in text
        assert (f"Notes {n}" in text) == (n != number), text
    assert warnings == [f"Slide {number}: its notes are unreadable (damaged XML); shown without notes"]


def test_a_notes_relationship_marked_external_is_no_notes(tmp_path: Path) -> None:
    """A slide whose link to its notes is marked External (found by mutation fuzzing): its notes
    page shows the slide without notes; before, python-pptx's lookup raised and the whole deck
    failed with a traceback."""
    parts = _deck(notes=True)
    rels = _rels_of("ppt/slides/slide2.xml")
    damaged = re.sub(rb'(<Relationship [^>]*notesSlide"[^>]*?)(/>)', rb'\1 TargetMode="External"\2', parts[rels])
    assert damaged != parts[rels]
    parts[rels] = damaged
    pdf, warnings = _convert(parts, tmp_path, PageLayout.NOTES)
    texts = _texts(pdf)
    assert len(texts) == 4 and warnings == []
    for n, text in enumerate(texts, start=1):
        assert f"Title {n}" in text
        assert (f"Notes {n}" in text) == (n != 2), text


def _retargeted(rels: bytes, kind: str, target: str) -> bytes:
    """``rels`` with the relationship whose type ends in ``kind`` pointing at ``target`` (its Type
    before or after its Target)."""
    name = kind.encode()
    damaged = re.sub(rb"(<Relationship [^>]*" + name + rb'"[^>]*Target=")[^"]*', rb"\g<1>" + target.encode(), rels)
    damaged = re.sub(rb'(Target=")[^"]*("[^>]*' + name + rb'")', rb"\g<1>" + target.encode() + rb"\2", damaged)
    assert damaged != rels
    return damaged


@pytest.mark.parametrize("target", ["../../[Content_Types].xml", "../slides/slide1.xml"])
def test_a_notes_relationship_to_another_kind_of_part_is_no_notes(tmp_path: Path, target: str) -> None:
    """Found by mutation fuzzing: slide 2's notes relationship names the package's content types
    (a part python-pptx loads as bytes) or a slide; the notes page raised AttributeError."""
    parts = _deck(notes=True)
    rels = _rels_of("ppt/slides/slide2.xml")
    parts[rels] = _retargeted(parts[rels], "notesSlide", target)
    pdf, warnings = _convert(parts, tmp_path, PageLayout.NOTES)
    texts = _texts(pdf)
    assert len(texts) == 4
    for n, text in enumerate(texts, start=1):
        assert f"Title {n}" in text
        assert (f"Notes {n}" in text) == (n != 2), text
    assert warnings == ["Slide 2: its notes part is not a notes slide; shown without notes"]


def test_listed_slide_with_a_wrong_content_type_is_drawn(tmp_path: Path) -> None:
    # Its part holds a slide: relabelled, it converts whole (python-pptx left it out).
    parts = _deck()
    types = parts["[Content_Types].xml"].decode()
    slide_type = "application/vnd.openxmlformats-officedocument.presentationml.slide+xml"
    entry = f'PartName="/ppt/slides/slide2.xml" ContentType="{slide_type}"'
    assert entry in types
    parts["[Content_Types].xml"] = types.replace(
        entry, 'PartName="/ppt/slides/slide2.xml" ContentType="application/xml"'
    ).encode()
    pdf, warnings = _convert(parts, tmp_path)
    assert len(PdfReader(pdf).pages) == 4
    _assert_slide_drawn(pdf, 1)
    assert warnings == []


@pytest.mark.parametrize("wrong_first", [False, True])
def test_listed_slide_with_two_content_types_is_drawn(tmp_path: Path, wrong_first: bool) -> None:
    """Found by package fuzzing: [Content_Types].xml names slide 2 twice, once as a slide and once
    as a picture. python-pptx takes the last entry, inspection took the first: when they
    disagreed the slide was left out ("its part is missing or is not a slide")."""
    parts = _deck()
    types = parts["[Content_Types].xml"].decode()
    slide_type = "application/vnd.openxmlformats-officedocument.presentationml.slide+xml"
    entry = f'<Override PartName="/ppt/slides/slide2.xml" ContentType="{slide_type}"/>'
    assert entry in types
    wrong = '<Override PartName="/ppt/slides/slide2.xml" ContentType="image/png"/>'
    parts["[Content_Types].xml"] = types.replace(entry, wrong + entry if wrong_first else entry + wrong).encode()
    pdf, warnings = _convert(parts, tmp_path)
    assert [t.split(" ")[:2] for t in _texts(pdf)] == [["Title", str(n)] for n in range(1, 5)]
    assert warnings == []


def test_parts_without_a_content_type_are_read_by_their_extension(tmp_path: Path) -> None:
    # pandoc copies a reference deck's embedded fonts (.fntdata) but writes no Default for their
    # extension; a picture's Default can go missing the same way. The deck converts whole.
    parts = _deck(picture=True)
    rels = "ppt/_rels/presentation.xml.rels"
    font_rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/font"
    parts[rels] = parts[rels].replace(
        b"</Relationships>",
        f'<Relationship Id="rId99" Type="{font_rel}" Target="fonts/font1.fntdata"/>'.encode() + b"</Relationships>",
    )
    parts["ppt/fonts/font1.fntdata"] = b"\0" * 64
    types = parts["[Content_Types].xml"].decode()
    types, dropped = re.subn(r'<Default Extension="png" ContentType="image/png"\s*/>', "", types)
    assert dropped == 1 and "fntdata" not in types
    parts["[Content_Types].xml"] = types.encode()
    pdf, warnings = _convert(parts, tmp_path)
    assert len(PdfReader(pdf).pages) == 4 and warnings == []
    for index in range(4):
        _assert_slide_drawn(pdf, index)
    # The picture (a red inch at 6 in, 5 in) is drawn on slides 2 and 3.
    assert close(pixel(render_page(pdf, 1), 432 + 36, 360 + 36), (200, 40, 40))


def test_a_part_without_a_content_type_in_a_deck_that_is_repaired(tmp_path: Path) -> None:
    """Found by package fuzzing: the picture's Default is gone and slide 4 is not well-formed, so
    the package is rewritten in memory with a stand-in; that path loaded with python-pptx's own
    reader, which refuses a part without a content type, and the deck failed ('Corrupt deck: "no
    content-type for partname /ppt/media/image1.png"'). It converts as the whole deck does."""
    parts = _deck(picture=True)
    types = parts["[Content_Types].xml"].decode()
    types, dropped = re.subn(r'<Default Extension="png" ContentType="image/png"\s*/>', "", types)
    assert dropped == 1
    parts["[Content_Types].xml"] = types.encode()
    parts["ppt/slides/slide4.xml"] = BAD_XML
    pdf, warnings = _convert(parts, tmp_path)
    assert len(PdfReader(pdf).pages) == 4
    for index in range(3):
        _assert_slide_drawn(pdf, index)
    assert close(pixel(render_page(pdf, 1), 432 + 36, 360 + 36), (200, 40, 40))  # the picture
    assert warnings == ["Slide 4: its content is unreadable (damaged XML); a blank slide stands in"]


def test_listed_slide_that_names_no_slide_is_left_out_and_named(tmp_path: Path) -> None:
    parts = _deck()
    rels = "ppt/_rels/presentation.xml.rels"
    parts[rels] = parts[rels].replace(b'Target="slides/slide2.xml"', b'Target="slideLayouts/slideLayout1.xml"')
    pdf, warnings = _convert(parts, tmp_path)
    assert [t.split(" ")[:2] for t in _texts(pdf)] == [["Title", "1"], ["Title", "3"], ["Title", "4"]]
    assert warnings == ["Slide 2: its part is missing or is not a slide; it was left out"]


def test_a_deck_whose_every_listed_slide_names_no_slide_is_corrupt_not_empty(tmp_path: Path) -> None:
    """Found by mutation fuzzing: with no listed slide left, the job said "No slides: the
    presentation is empty" of a deck that lists four."""
    parts = _deck()
    rels = "ppt/_rels/presentation.xml.rels"
    for n in range(1, 5):
        parts[rels] = parts[rels].replace(
            f'Target="slides/slide{n}.xml"'.encode(), b'Target="slideLayouts/slideLayout1.xml"'
        )
    with pytest.raises(CorruptDeckError, match=r"^Corrupt deck: none of its 4 listed slides names a slide part$"):
        _convert(parts, tmp_path)
    presentation = parts["ppt/presentation.xml"].decode()
    only = re.sub(r"(<p:sldIdLst>)(<p:sldId [^>]*/>).*(</p:sldIdLst>)", r"\1\2\3", presentation)
    assert only.count("<p:sldId ") == 1
    parts["ppt/presentation.xml"] = only.encode()
    with pytest.raises(CorruptDeckError, match=r"^Corrupt deck: its only listed slide names no slide part$"):
        _convert(parts, tmp_path)


def test_unreadable_chart_costs_that_chart_only(tmp_path: Path) -> None:
    parts = _deck(chart=True)
    chart = next(name for name in parts if re.fullmatch(r"ppt/charts/chart\d+\.xml", name))
    parts[chart] = b"<c:chartSpace"
    pdf, warnings = _convert(parts, tmp_path)
    assert len(PdfReader(pdf).pages) == 4
    for index in range(4):
        _assert_slide_drawn(pdf, index)
    # The chart's frame (6 in, 4 in, 3 x 2.5 in) holds the grey placeholder.
    assert close(pixel(render_page(pdf, 1), 432 + 30, 288 + 90), (235, 235, 235))
    assert warnings == ["Slide 2: a chart is unreadable (damaged XML); drawn as a placeholder"]


def test_a_chart_frame_without_a_position_is_left_out_and_named(tmp_path: Path) -> None:
    """A graphicFrame must have its p:xfrm; without one nothing gives the chart a box (found by
    mutation fuzzing: the chart vanished and the job was told nothing)."""
    parts = _deck(chart=True)
    slide = parts["ppt/slides/slide2.xml"].decode()
    frame_xfrm = re.search(r"<p:xfrm>.*?</p:xfrm>", slide)
    assert frame_xfrm is not None
    parts["ppt/slides/slide2.xml"] = slide.replace(frame_xfrm.group(0), "", 1).encode()
    pdf, warnings = _convert(parts, tmp_path)
    assert len(PdfReader(pdf).pages) == 4
    for index in range(4):
        _assert_slide_drawn(pdf, index)
    assert warnings == ["Slide 2: a chart with no position (on the slide, its layout or master) was left out"]


def test_unreadable_theme_uses_the_default_theme_and_says_so(tmp_path: Path) -> None:
    parts = _deck()
    parts["ppt/theme/theme1.xml"] = b"<a:theme"
    pdf, warnings = _convert(parts, tmp_path)
    assert len(PdfReader(pdf).pages) == 4
    _assert_slide_drawn(pdf, 0)
    assert warnings == ["A slide master's theme is unreadable (damaged XML): the default Office theme was used"]


def test_unreadable_notes_master_uses_the_default_notes_layout(tmp_path: Path) -> None:
    parts = _deck(notes=True)
    master = next(name for name in parts if re.fullmatch(r"ppt/notesMasters/notesMaster\d+\.xml", name))
    parts[master] = BAD_XML
    pdf, warnings = _convert(parts, tmp_path, PageLayout.NOTES)
    texts = _texts(pdf)
    assert all(f"Title {n}" in text and f"Notes {n}" in text for n, text in enumerate(texts, start=1)), texts
    assert warnings == ["The notes master is unreadable (damaged XML): the default notes layout was used"]


@pytest.mark.parametrize("target", ["slideMasters/slideMaster1.xml", "presentation.xml", "theme/theme1.xml"])
def test_notes_master_relationship_to_another_kind_of_part(tmp_path: Path, target: str) -> None:
    """Found by package fuzzing: the presentation's notes master relationship names the slide
    master, the presentation itself or a theme, and that part was taken for the notes master (the
    slide master's body placeholder placed the notes over the slide image). The default notes
    layout stands in, as for an unreadable notes master: the notes below the slide."""
    parts = _deck(notes=True)
    for name in [n for n in parts if re.fullmatch(r"ppt/notesSlides/notesSlide\d+\.xml", n)]:
        # As PowerPoint writes notes slides: placeholders placed by the notes master only.
        parts[name], placed = re.subn(rb"<a:xfrm>.*?</a:xfrm>", b"", parts[name], flags=re.DOTALL)
        assert placed
    rels = "ppt/_rels/presentation.xml.rels"
    parts[rels] = _retargeted(parts[rels], "notesMaster", target)
    pdf, warnings = _convert(parts, tmp_path, PageLayout.NOTES)
    texts = _texts(pdf)
    assert all(f"Title {n}" in text and f"Notes {n}" in text for n, text in enumerate(texts, start=1)), texts
    for index in range(4):
        notes = text_box(pdf, f"Notes {index + 1}", index)
        assert notes is not None and notes[1] > 340, notes  # the default body: 346.5 pt down a 720 pt page
    assert warnings == ["The notes master is not a notes master: the default notes layout was used"]


def test_unreadable_diagram_data_costs_that_diagram_only(tmp_path: Path) -> None:
    # python-pptx keeps diagram parts as bytes, so the deck opens; the diagram is its placeholder.
    from test_smartart_layout import _layout_xml, _smartart_deck

    prs = _smartart_deck(
        {"dm": b"<dgm:dataModel", "lo": _layout_xml("urn:test/x", "lin", "roundRect")}, (72, 72, 432, 216)
    )
    box = prs.slides[0].shapes.add_textbox(Inches(1), Inches(5), Inches(4), Inches(1))
    box.text_frame.text = "Beside the diagram"
    pdf, result = convert(prs, tmp_path)
    assert "Beside the diagram" in page_text(pdf)
    assert close(pixel(render_page(pdf), 72 + 30, 72 + 108), (235, 235, 235))
    assert result.warnings == ["A SmartArt graphic whose data is missing or unreadable was drawn as a placeholder"]


def test_unreadable_svg_picture_draws_its_fallback(tmp_path: Path) -> None:
    # Office stores an SVG beside a PNG fallback: the fallback is drawn, as PowerPoint 2013 would.
    from lxml import etree
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT
    from pptx.opc.package import Part
    from pptx.opc.packuri import PackURI

    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    pic = slide.shapes.add_picture(io.BytesIO(hs.small_png()), Inches(1), Inches(1), Inches(1), Inches(1))
    svg = Part(PackURI("/ppt/media/image9.svg"), "image/svg+xml", prs.part.package, b"<svg><rect")
    ext = (
        '<a:extLst xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:ext uri="{96DAC541-7B7A-'
        '43D3-8B79-37D633B846F1}"><asvg:svgBlip xmlns:asvg="http://schemas.microsoft.com/office/drawing/2016/SVG/'
        'main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
        f'r:embed="{slide.part.relate_to(svg, RT.IMAGE)}"/></a:ext></a:extLst>'
    )
    pic._element.blipFill.blip.append(etree.fromstring(ext))
    pdf, _ = convert(prs, tmp_path)
    assert close(pixel(render_page(pdf), 72 + 36, 72 + 36), (200, 40, 40))


# -- unreadable relationships and members damaged in the zip ----------------------------------------

RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
RED = (200, 40, 40)
GREY = (235, 235, 235)
PICTURE_AT = (432 + 20, 360 + 35)  # inside the picture at (6 in, 5 in), off the placeholder's cross


def _damaged_zip(path: Path, parts: dict[str, bytes], victims: list[str], stored: bool = False) -> Path:
    """``parts`` zipped whole (central directory and all), then two bytes flipped in the middle
    of each victim's data, stored or deflated: its CRC fails or it does not inflate."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, blob in parts.items():
            z.writestr(name, blob, zipfile.ZIP_STORED if stored and name in victims else zipfile.ZIP_DEFLATED)
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as z:
        for name in victims:
            info = z.getinfo(name)
            middle = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra) + info.compress_size // 2
            data[middle] ^= 0xFF
            data[middle + 1] ^= 0x55
    path.write_bytes(bytes(data))
    return path


def _convert_damaged(
    parts: dict[str, bytes], folder: Path, victims: list[str], stored: bool = False
) -> tuple[Path, list[str]]:
    pdf, result = convert(_damaged_zip(folder / "damaged.pptx", parts, victims, stored), folder)
    return pdf, result.warnings


def _rels_not_well_formed(parts: dict[str, bytes], rels: str) -> dict[str, bytes]:
    return {**parts, rels: parts[rels][: len(parts[rels]) // 2]}


def _rels_of_another_root(parts: dict[str, bytes], rels: str) -> dict[str, bytes]:
    return {**parts, rels: f'<Links xmlns="{RELS_NS}"/>'.encode()}


def _rels_without_targets(parts: dict[str, bytes], rels: str) -> dict[str, bytes]:
    return {**parts, rels: re.sub(rb' Target="[^"]*"', b"", parts[rels])}


RELS_DAMAGE = [_rels_not_well_formed, _rels_of_another_root, _rels_without_targets, None]
RELS_DAMAGE_IDS = ["not well-formed", "another root", "no targets", "damaged in the zip"]


def _with_damaged_rels(parts: dict[str, bytes], rels: str, damage: object, folder: Path) -> tuple[Path, list[str]]:
    if damage is None:
        return _convert_damaged(parts, folder, [rels])
    assert callable(damage)
    return _convert(damage(parts, rels), folder)


@pytest.mark.parametrize("damage", RELS_DAMAGE, ids=RELS_DAMAGE_IDS)
def test_slide_with_unreadable_relationships_is_drawn_without_layout_and_pictures(
    damage: object, tmp_path: Path
) -> None:
    # PowerPoint repairs such a deck: the slide keeps its text, on the master, its picture lost.
    parts = _deck(picture=True)
    pdf, warnings = _with_damaged_rels(parts, "ppt/slides/_rels/slide2.xml.rels", damage, tmp_path)
    assert len(PdfReader(pdf).pages) == 4
    for index in range(4):
        _assert_slide_drawn(pdf, index)
    assert close(pixel(render_page(pdf, 1), *PICTURE_AT), GREY)  # the missing-picture stand-in
    assert close(pixel(render_page(pdf, 2), *PICTURE_AT), RED)  # slide 3 shows the same image
    assert warnings == ["Slide 2: its relationships are unreadable; drawn without its layout and pictures"]


@pytest.mark.parametrize("damage", RELS_DAMAGE, ids=RELS_DAMAGE_IDS)
def test_layout_with_unreadable_relationships_draws_on_the_first_master(damage: object, tmp_path: Path) -> None:
    parts = _deck()
    pdf, warnings = _with_damaged_rels(parts, _rels_of(_layout_of(parts, 2)), damage, tmp_path)
    assert len(PdfReader(pdf).pages) == 4
    for index in range(4):
        _assert_slide_drawn(pdf, index)
    assert warnings == ["Slide 2: its layout's relationships are unreadable; drawn with the first master's styles"]


@pytest.mark.parametrize("damage", RELS_DAMAGE, ids=RELS_DAMAGE_IDS)
def test_master_with_unreadable_relationships_uses_the_default_theme(damage: object, tmp_path: Path) -> None:
    parts = _deck()
    pdf, warnings = _with_damaged_rels(parts, _rels_of(MASTER), damage, tmp_path)
    assert len(PdfReader(pdf).pages) == 4
    for index in range(4):
        _assert_slide_drawn(pdf, index)  # the master's own shapes and text styles are kept
    assert warnings == [
        "A slide master's relationships are unreadable: drawn with the default Office theme and without its pictures"
    ]


@pytest.mark.parametrize("damage", RELS_DAMAGE, ids=RELS_DAMAGE_IDS)
def test_unreadable_package_relationships_find_the_presentation_by_content_type(damage: object, tmp_path: Path) -> None:
    pdf, warnings = _with_damaged_rels(_deck(), "_rels/.rels", damage, tmp_path)
    assert len(PdfReader(pdf).pages) == 4
    for index in range(4):
        _assert_slide_drawn(pdf, index)
    assert warnings == ["The package's relationships are unreadable; the presentation was found by its content type"]


@pytest.mark.parametrize("damage", RELS_DAMAGE, ids=RELS_DAMAGE_IDS)
def test_unreadable_presentation_relationships_are_corrupt(damage: object, tmp_path: Path) -> None:
    # They alone say which parts are the listed slides and masters: nothing is left to draw.
    with pytest.raises(CorruptDeckError, match=r"ppt/_rels/presentation\.xml\.rels"):
        _with_damaged_rels(_deck(), "ppt/_rels/presentation.xml.rels", damage, tmp_path)


@pytest.mark.parametrize("stored", [False, True], ids=["deflated", "stored"])
def test_slide_damaged_in_the_zip_is_a_blank_page_in_its_place(stored: bool, tmp_path: Path) -> None:
    pdf, warnings = _convert_damaged(_deck(), tmp_path, ["ppt/slides/slide2.xml"], stored)
    texts = _texts(pdf)
    assert len(texts) == 4 and texts[1] == ""
    assert close(pixel(render_page(pdf, 1), *MARK_AT), BLUE)  # on its master
    for index in (0, 2, 3):
        _assert_slide_drawn(pdf, index)
    assert warnings == ["Slide 2: its content is unreadable (damaged in the zip); a blank slide stands in"]


@pytest.mark.parametrize("stored", [False, True], ids=["deflated", "stored"])
def test_picture_damaged_in_the_zip_is_the_missing_picture_stand_in(stored: bool, tmp_path: Path) -> None:
    parts = _deck(picture=True)
    pdf, warnings = _convert_damaged(parts, tmp_path, [hs.media_name(parts)], stored)
    assert len(PdfReader(pdf).pages) == 4
    for index in range(4):
        _assert_slide_drawn(pdf, index)
    for index in (1, 2):
        assert close(pixel(render_page(pdf, index), *PICTURE_AT), GREY)
    assert warnings == ["A picture whose image part is missing was drawn as a placeholder"]


def test_layout_and_master_damaged_in_the_zip_use_the_fallbacks(tmp_path: Path) -> None:
    parts = _deck()
    pdf, warnings = _convert_damaged(parts, tmp_path, [_layout_of(parts, 2)])
    for index in range(4):
        _assert_slide_drawn(pdf, index)
    assert warnings == ["Slide 2: its layout is unreadable (damaged in the zip); drawn with the master's styles"]
    pdf, warnings = _convert_damaged(parts, tmp_path, [MASTER])
    assert len(PdfReader(pdf).pages) == 4
    for index in range(4):
        _assert_slide_drawn(pdf, index, master_mark=False)
    assert warnings == [
        "Slides 1-4: their layout's master is unreadable (damaged in the zip); drawn with the default styles"
    ]


def test_presentation_or_every_slide_damaged_in_the_zip_is_corrupt(tmp_path: Path) -> None:
    parts = _deck()
    with pytest.raises(CorruptDeckError, match=r"ppt/presentation\.xml is damaged"):
        _convert_damaged(parts, tmp_path, ["ppt/presentation.xml"])
    slides = [f"ppt/slides/slide{n}.xml" for n in range(1, 5)]
    with pytest.raises(CorruptDeckError, match=r"all 4 of its slides are damaged \(in the zip\)"):
        _convert_damaged(parts, tmp_path, slides)


@pytest.mark.parametrize(
    ("entry", "attribute"), [("Default", "ContentType"), ("Default", "Extension"), ("Override", "PartName")]
)
def test_content_types_entry_without_an_attribute_is_named_in_plain_words(
    entry: str, attribute: str, tmp_path: Path
) -> None:
    """python-pptx refuses such an entry with the element's namespace URI in its message; the
    job's line names the entry and the part instead, and no PDF is left behind."""
    parts = _deck()
    types = parts["[Content_Types].xml"].decode()
    found = re.search(rf'<{entry}\b[^>]*?(\s{attribute}="[^"]*")', types)
    assert found is not None
    parts["[Content_Types].xml"] = (types[: found.start(1)] + types[found.end(1) :]).encode()
    with pytest.raises(CorruptDeckError) as caught:
        _convert(parts, tmp_path)
    assert str(caught.value) == (
        f"Corrupt deck: required '{attribute}' attribute not present on element {entry} in [Content_Types].xml"
    )
    assert not list(tmp_path.glob("*.pdf")) and not list(tmp_path.glob(".*partial"))


def test_text_in_a_shape_with_no_position_anywhere_is_named(tmp_path: Path) -> None:
    # pandoc over a reference deck whose master has no placeholders writes title and body
    # placeholders that no sheet gives a position: they cannot be drawn, and the job must say so
    # instead of losing the slide's text silently. A shape without text and position is nothing.
    prs = new_deck()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    lost = slide.shapes.add_textbox(Emu(914400), Emu(914400), Emu(2 * 914400), Emu(914400))
    lost.text_frame.text = "Nowhere to go"
    empty = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, Emu(914400), Emu(3 * 914400), Emu(914400), Emu(914400))
    kept = slide.shapes.add_textbox(Emu(914400), Emu(5 * 914400), Emu(3 * 914400), Emu(914400))
    kept.text_frame.text = "Still here"
    for shape in (lost, empty):
        xfrm = shape._element.spPr.find(qn("a:xfrm"))
        shape._element.spPr.remove(xfrm)
    pdf, result = convert(prs, tmp_path)
    assert "Still here" in page_text(pdf)
    assert result.warnings == [
        "Slide 1: text in a shape with no position (on the slide, its layout or master) was left out"
    ]
