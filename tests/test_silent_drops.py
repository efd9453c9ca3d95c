"""What the engine cannot draw of a damaged deck is marked on the page or told on the job, never
dropped silently (found by a mutation fuzzer that deletes elements and attributes).

Each deck is made by python-pptx, damaged in its XML, converted for real, and the PDF read back.
"""

from __future__ import annotations

import re
from pathlib import Path

import hostile_support as hs
from chartex_support import AXES, chart_space, deck_with_chartex, numbers, strings
from pypdf import PdfReader
from render_support import close, convert, page_text, pixel, png_bytes, render_page

SLIDE2 = "ppt/slides/slide2.xml"
MASTER = "ppt/slideMasters/slideMaster1.xml"
GREEN = (0x00, 0xA0, 0x00)
RED = (200, 40, 40)  # hs.small_png()
PLACEHOLDER = (235, 235, 235)  # fills.draw_placeholder's grey
# The picture of hs.base_deck(picture=True): 1 in from the left, 2 in from the top, 4 x 3 in.
PICTURE_CENTRE = (72 + 144, 144 + 108)


def _convert(parts: dict[str, bytes], folder: Path) -> tuple[Path, list[str]]:
    pdf, result = convert(hs.write_zip(folder / "damaged.pptx", parts), folder)
    return pdf, result.warnings


# -- a slide without its own content -----------------------------------------------------------------


def _three_slides_on_a_green_master() -> dict[str, bytes]:
    parts = hs.parts_of(hs.base_deck(3))
    master = parts[MASTER].decode()
    green = '<p:bg><p:bgPr><a:solidFill><a:srgbClr val="00A000"/></a:solidFill><a:effectLst/></p:bgPr></p:bg>'
    parts[MASTER] = re.sub(r"<p:bg>.*?</p:bg>", green, master, count=1, flags=re.S).encode()
    return parts


def test_a_slide_whose_shape_tree_is_gone_is_drawn_on_its_master_and_the_job_told(tmp_path: Path) -> None:
    # PowerPoint refuses or repairs such a slide: we draw what is left (its layout and master) and say so.
    for cut in (r"<p:cSld>.*</p:cSld>", r"<p:spTree>.*</p:spTree>"):
        parts = _three_slides_on_a_green_master()
        parts[SLIDE2] = re.sub(cut, "", parts[SLIDE2].decode(), flags=re.S).encode()
        folder = tmp_path / str(len(list(tmp_path.iterdir())))
        folder.mkdir()
        pdf, warnings = _convert(parts, folder)
        assert len(PdfReader(pdf).pages) == 3
        assert close(pixel(render_page(pdf, 1), 360, 500), GREEN)  # the master's background
        assert "Hostile 1" in page_text(pdf, 0) and "Hostile 3" in page_text(pdf, 2)
        assert warnings == ["Slide 2: its content is missing (no shape tree); drawn with only its layout and master"]


def test_slides_without_a_shape_tree_share_one_line(tmp_path: Path) -> None:
    parts = hs.parts_of(hs.base_deck(4))
    for n in (2, 3):
        name = f"ppt/slides/slide{n}.xml"
        parts[name] = re.sub(r"<p:cSld>.*</p:cSld>", "", parts[name].decode(), flags=re.S).encode()
    _, warnings = _convert(parts, tmp_path)
    assert warnings == ["Slides 2-3: their content is missing (no shape tree); drawn with only their layout and master"]


# -- graphic frames without what they hold -------------------------------------------------------------


def _frame(graphic: str, name: str = "Table 3") -> str:
    """A 4 x 2 in graphic frame 1 in from the left and 2 in from the top holding ``graphic``."""
    return (
        f'<p:graphicFrame><p:nvGraphicFramePr><p:cNvPr id="4" name="{name}"/><p:cNvGraphicFramePr/><p:nvPr/>'
        '</p:nvGraphicFramePr><p:xfrm><a:off x="914400" y="1828800"/><a:ext cx="3657600" cy="1828800"/></p:xfrm>'
        f"{graphic}</p:graphicFrame>"
    )


def _table(grid: str = '<a:tblGrid><a:gridCol w="3657600"/></a:tblGrid>') -> str:
    cell = (
        "<a:tc><a:txBody><a:bodyPr/><a:lstStyle/><a:p><a:r><a:t>Cell text</a:t></a:r></a:p></a:txBody><a:tcPr/></a:tc>"
    )
    return (
        '<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/table">'
        f'<a:tbl><a:tblPr/>{grid}<a:tr h="914400">{cell}</a:tr></a:tbl></a:graphicData></a:graphic>'
    )


def _frame_deck(graphic: str, name: str = "Table 3") -> dict[str, bytes]:
    parts = hs.parts_of(hs.base_deck(1))
    return hs.with_slide_tree(
        parts, hs.shape_xml(9, 0, 0, 2743200, 457200, "Beside") + _frame(graphic, name), hs.SLIDE1
    )


def test_a_frame_whose_graphic_is_gone_is_drawn_as_a_placeholder(tmp_path: Path) -> None:
    for graphic, named in (("", 'object "Chart 7"'), ("<a:graphic/>", 'object "Chart 7"')):
        folder = tmp_path / str(len(list(tmp_path.iterdir())))
        folder.mkdir()
        pdf, warnings = _convert(_frame_deck(graphic, "Chart 7"), folder)
        assert close(pixel(render_page(pdf), 72 + 144, 144 + 30), PLACEHOLDER)
        assert "Beside" in page_text(pdf)
        assert warnings == [f"Slide 1: the content of {named} is missing; drawn as a placeholder"]


def test_a_table_without_its_rows_or_grid_is_drawn_as_a_placeholder(tmp_path: Path) -> None:
    # Whole, the same table draws its cell.
    pdf, warnings = _convert(_frame_deck(_table()), tmp_path)
    assert "Cell text" in page_text(pdf) and warnings == []
    no_tbl = '<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/table"/></a:graphic>'
    cases = (
        (no_tbl, 'Slide 1: the content of table "Table 3" is missing; drawn as a placeholder'),
        (_table(grid=""), 'Slide 1: the column grid of table "Table 3" is missing; drawn as a placeholder'),
        (_table(grid="<a:tblGrid/>"), 'Slide 1: the column grid of table "Table 3" is missing; drawn as a placeholder'),
    )
    for graphic, warning in cases:
        folder = tmp_path / str(len(list(tmp_path.iterdir())))
        folder.mkdir()
        pdf, warnings = _convert(_frame_deck(graphic), folder)
        assert close(pixel(render_page(pdf), 72 + 144, 144 + 30), PLACEHOLDER)
        assert warnings == [warning]


# -- pictures and ink ----------------------------------------------------------------------------------


def test_a_picture_whose_image_reference_is_gone_is_drawn_as_a_placeholder(tmp_path: Path) -> None:
    base = hs.parts_of(hs.base_deck(1, picture=True))
    for cut in (r"<p:blipFill>.*</p:blipFill>", r'<a:blip r:embed="rId\d+"/>'):
        parts = dict(base)
        parts[hs.SLIDE1] = re.sub(cut, "", parts[hs.SLIDE1].decode(), flags=re.S).encode()
        folder = tmp_path / str(len(list(tmp_path.iterdir())))
        folder.mkdir()
        pdf, warnings = _convert(parts, folder)
        assert close(pixel(render_page(pdf), *PICTURE_CENTRE[:1], PICTURE_CENTRE[1] - 40), PLACEHOLDER)
        assert warnings == ['Slide 1: the image of picture "Picture 2" is missing; drawn as a placeholder']


def test_a_picture_with_no_position_is_told(tmp_path: Path) -> None:
    parts = hs.parts_of(hs.base_deck(1, picture=True))
    parts[hs.SLIDE1] = re.sub(r"<a:xfrm>.*?</a:xfrm>", "", parts[hs.SLIDE1].decode(), flags=re.S).encode()
    pdf, warnings = _convert(parts, tmp_path)
    assert not close(pixel(render_page(pdf), *PICTURE_CENTRE), RED)
    assert warnings == ["Slide 1: a picture with no position (on the slide, its layout or master) was left out"]


def test_ink_with_no_position_is_told(tmp_path: Path) -> None:
    ink = (
        '<p:contentPart xmlns:p14="http://schemas.microsoft.com/office/powerpoint/2010/main" p14:bwMode="auto"'
        ' r:id="rId9"><p14:nvContentPartPr><p14:cNvPr id="5" name="Ink 4"/><p14:cNvContentPartPr/><p14:nvPr/>'
        "</p14:nvContentPartPr></p:contentPart>"
    )
    parts = hs.with_slide_tree(hs.parts_of(hs.base_deck(1)), ink)
    _, warnings = _convert(parts, tmp_path)
    assert warnings == ["Slide 1: an ink drawing with no position was left out"]


# -- Office 2016 charts ----------------------------------------------------------------------------------


def _waterfall(data_id: str) -> str:
    return chart_space(
        strings(["Start", "Rent", "End"]) + numbers([100, -30, 70]),
        f'<cx:series layoutId="waterfall"><cx:tx><cx:txData><cx:v>Cash</cx:v></cx:txData></cx:tx>{data_id}</cx:series>',
        axes=AXES.format(gap="0.5", val=""),
        title="Cash flow",
    )


def test_a_chartex_series_whose_data_is_gone_is_told(tmp_path: Path) -> None:
    for data_id in ('<cx:dataId val="5"/>', ""):
        folder = tmp_path / str(len(list(tmp_path.iterdir())))
        folder.mkdir()
        pdf, result = convert(deck_with_chartex(_waterfall(data_id)), folder)
        text = page_text(pdf)
        assert "Cash flow" in text and "Rent" not in text  # the chart, without the series' values
        assert result.warnings == [
            'Slide 1: in chart "Chart 4", the data of series "Cash" is missing from the chart part; drawn without it'
        ]
    # Drawn from its data, the series is there; behind PowerPoint's picture of the chart (what is
    # seen), a series the unseen chart lacks is no loss.
    pdf, result = convert(deck_with_chartex(_waterfall('<cx:dataId val="0"/>')), tmp_path / "0")
    assert "Rent" in page_text(pdf) and result.warnings == []
    picture = tmp_path / "chart.png"
    picture.write_bytes(png_bytes(40, 30, [(0, 160, 0, 255), (0, 160, 0, 255)]))
    pdf, result = convert(deck_with_chartex(_waterfall('<cx:dataId val="5"/>'), picture), tmp_path / "0")
    assert result.warnings == []


def test_an_empty_fallback_leaves_the_choice_drawn(tmp_path: Path) -> None:
    # A fallback with nothing in it (its shape deleted) shows nothing; Office shows the choice.
    shape = hs.shape_xml(9, 914400, 914400, 2743200, 457200, "Chosen")
    for fallback in ("<mc:Fallback/>", "<mc:Fallback><!-- nothing --></mc:Fallback>"):
        xml = (
            '<mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">'
            f'<mc:Choice xmlns:p14="http://schemas.microsoft.com/office/powerpoint/2010/main" Requires="p14">'
            f"{shape}</mc:Choice>{fallback}</mc:AlternateContent>"
        )
        folder = tmp_path / str(len(list(tmp_path.iterdir())))
        folder.mkdir()
        pdf, warnings = _convert(hs.with_slide_tree(hs.parts_of(hs.base_deck(1)), xml), folder)
        assert "Chosen" in page_text(pdf) and warnings == []
