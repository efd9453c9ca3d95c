"""Pictures, tables, links, outline, metadata, progress, cancellation and thumbnails."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from pptx.util import Inches, Pt
from pypdf import PdfReader
from render_support import (
    blank_slide,
    close,
    convert,
    new_deck,
    page_text,
    pixel,
    png_bytes,
    render_page,
    text_box,
)

from worker.deck.xml import A, R
from worker.errors import ConversionCancelled


def _titled_deck(titles: list[str]) -> Any:
    prs = new_deck()
    for title in titles:
        slide = prs.slides.add_slide(prs.slide_layouts[5])  # Title Only
        slide.shapes.title.text = title
    return prs


def test_png_picture_with_crop_and_jpeg(tmp_path: Path) -> None:
    prs = new_deck()
    slide = blank_slide(prs)
    png = tmp_path / "halves.png"
    png.write_bytes(png_bytes(40, 20, [(255, 0, 0, 255), (0, 0, 255, 255)]))
    pic = slide.shapes.add_picture(str(png), Inches(1), Inches(1), Inches(2), Inches(1))
    pic.crop_left = 0.5  # only the blue half remains, stretched over the frame
    jpeg = io.BytesIO()
    Image.new("RGB", (30, 30), (0, 160, 0)).save(jpeg, format="JPEG")
    jpg = tmp_path / "green.jpg"
    jpg.write_bytes(jpeg.getvalue())
    slide.shapes.add_picture(str(jpg), Inches(5), Inches(1), Inches(1), Inches(1))
    pdf, _ = convert(prs, tmp_path)
    page = render_page(pdf)
    assert close(pixel(page, 72 + 10, 72 + 36), (0, 0, 255), 20)
    assert close(pixel(page, 72 + 134, 72 + 36), (0, 0, 255), 20)
    assert close(pixel(page, 360 + 36, 72 + 36), (0, 160, 0), 24)


def test_picture_transparency_shows_what_is_behind(tmp_path: Path) -> None:
    prs = new_deck()
    slide = blank_slide(prs)
    png = tmp_path / "half_clear.png"
    png.write_bytes(png_bytes(20, 20, [(0, 0, 0, 0), (255, 0, 0, 255)]))
    slide.shapes.add_picture(str(png), Inches(1), Inches(1), Inches(2), Inches(2))
    pdf, _ = convert(prs, tmp_path)
    page = render_page(pdf)
    assert close(pixel(page, 72 + 20, 72 + 72), (255, 255, 255))
    assert close(pixel(page, 72 + 120, 72 + 72), (255, 0, 0), 20)


def test_svg_picture_is_drawn_as_vectors(tmp_path: Path) -> None:
    svg = tmp_path / "square.svg"
    svg.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10" viewBox="0 0 10 10">'
        '<rect x="0" y="0" width="10" height="10" fill="#00ff00"/></svg>'
    )
    png = tmp_path / "fallback.png"
    png.write_bytes(png_bytes(10, 10, [(255, 0, 0, 255)]))
    prs = new_deck()
    slide = blank_slide(prs)
    pic = slide.shapes.add_picture(str(png), Inches(1), Inches(1), Inches(1), Inches(1))
    # Office stores SVG pictures as an asvg:svgBlip extension beside a PNG fallback.
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT
    from pptx.opc.package import Part
    from pptx.opc.packuri import PackURI

    part = Part(PackURI("/ppt/media/image99.svg"), "image/svg+xml", prs.part.package, svg.read_bytes())
    r_id = slide.part.relate_to(part, RT.IMAGE)
    blip = pic._element.blipFill.blip
    from lxml import etree

    blip.append(
        etree.fromstring(
            '<a:extLst xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
            '<a:ext uri="{96DAC541-7B7A-43D3-8B79-37D633B846F1}">'
            '<asvg:svgBlip xmlns:asvg="http://schemas.microsoft.com/office/drawing/2016/SVG/main" '
            f'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" r:embed="{r_id}"/>'
            "</a:ext></a:extLst>"
        )
    )
    pdf, _ = convert(prs, tmp_path)
    assert close(pixel(render_page(pdf), 72 + 36, 72 + 36), (0, 255, 0), 20)


def _picture_with_blob(tmp_path: Path, blob: bytes) -> Any:
    """A deck whose only picture (1in, 1in, 2in x 2in) holds ``blob``."""
    prs = new_deck()
    slide = blank_slide(prs)
    png = tmp_path / "x.png"
    png.write_bytes(png_bytes(4, 4, [(0, 0, 255, 255)]))
    pic = slide.shapes.add_picture(str(png), Inches(1), Inches(1), Inches(2), Inches(2))
    slide.part.related_part(pic._element.blipFill.blip.rEmbed)._blob = blob
    return prs


def test_emf_picture_is_drawn_as_vectors(tmp_path: Path) -> None:
    from test_metafile import NULL_PEN, RED, brush, emf, rectangle, select

    # A red square over the middle of the picture's frame (20..80 of 100).
    prs = _picture_with_blob(tmp_path, emf(brush(1, RED), select(1), NULL_PEN, rectangle(20, 20, 80, 80)))
    pdf, result = convert(prs, tmp_path)
    page = render_page(pdf)
    assert close(pixel(page, 72 + 72, 72 + 72), (255, 0, 0), 20)
    assert close(pixel(page, 72 + 6, 72 + 6), (255, 255, 255))
    assert not result.warnings


def test_undrawable_metafile_is_a_visible_placeholder_and_a_warning(tmp_path: Path) -> None:
    # An EMF signature in a header that claims to be 8 bytes long: recognisably a metafile, unplayable.
    header = bytearray(108)
    header[0:4] = (1).to_bytes(4, "little")
    header[4:8] = (8).to_bytes(4, "little")
    header[40:44] = b" EMF"
    prs = _picture_with_blob(tmp_path, bytes(header))
    pdf, result = convert(prs, tmp_path)
    page = render_page(pdf)
    assert any("EMF" in w for w in result.warnings)
    # The placeholder: a grey box with a cross, where the picture would be.
    assert close(pixel(page, 72 + 40, 72 + 10), (235, 235, 235), 10)


def test_table_fills_borders_merges_and_text(tmp_path: Path) -> None:
    from pptx.dml.color import RGBColor

    prs = new_deck()
    slide = blank_slide(prs)
    frame = slide.shapes.add_table(3, 3, Inches(1), Inches(1), Inches(6), Inches(1.5))
    table = frame.table
    words = [["Region", "Sales", "Growth"], ["North", "Eleven", "Twelve"], ["South", "Thirteen", "Fourteen"]]
    for r in range(3):
        for c in range(3):
            table.cell(r, c).text = words[r][c]
    table.cell(1, 0).merge(table.cell(2, 0))
    table.cell(1, 0).text = "merged cell"
    table.cell(1, 1).fill.solid()
    table.cell(1, 1).fill.fore_color.rgb = RGBColor(0xFF, 0xCC, 0x00)
    pdf, _ = convert(prs, tmp_path)
    text = page_text(pdf)
    for word in ("Region", "Growth", "merged cell", "Fourteen"):
        assert word in text
    assert "South" not in text  # covered by the merge
    page = render_page(pdf)
    # Row height is 0.5 in = 36 pt: the yellow cell spans x 216..360, y 108..144.
    assert close(pixel(page, 216 + 100, 108 + 30), (0xFF, 0xCC, 0x00), 16)
    # python-pptx's default table style paints the header row in accent1 (dark), body rows light.
    header = pixel(page, 72 + 130, 72 + 30)
    assert sum(header) < 600


def test_large_table_rows_grow_for_their_text(tmp_path: Path) -> None:
    """72 cells (more than the text caches once held): each cell's text is measured, then painted
    where the grown rows put it."""
    prs = new_deck()
    slide = blank_slide(prs)
    table = slide.shapes.add_table(12, 6, Inches(0.5), Inches(0.5), Inches(9), Inches(3.6)).table
    for r in range(12):
        for c in range(6):
            table.cell(r, c).text = f"r{r}c{c}"
    tall = table.cell(1, 0).text_frame
    tall.text = "first\nsecond\nthird\nfourth\nfifth"
    for paragraph in tall.paragraphs:
        paragraph.runs[0].font.size = Pt(14)
    pdf, _ = convert(prs, tmp_path)
    text = page_text(pdf)
    for r in range(12):
        for c in range(6):
            if (r, c) != (1, 0):
                assert f"r{r}c{c}" in text
    fifth, below, beside = text_box(pdf, "fifth"), text_box(pdf, "r2c0"), text_box(pdf, "r1c1")
    assert fifth is not None and below is not None and beside is not None
    # Row 1 grew to hold five 14 pt lines (its own height is 0.3 in = 21.6 pt): the next row starts
    # below them, while the cell beside the tall one sits at the top of the same row.
    assert below[1] > fifth[3]
    assert beside[1] < fifth[1] - 4 * 14
    assert fifth[3] - beside[1] > 5 * 14


def test_outline_metadata_and_links(tmp_path: Path) -> None:
    prs = _titled_deck(["Welcome", "Agenda", "Results"])
    prs.core_properties.title = "Quarterly review"
    prs.core_properties.author = "Ada Lovelace"
    prs.core_properties.subject = "Numbers"
    box = prs.slides[1].shapes.add_textbox(Inches(1), Inches(3), Inches(4), Inches(1))
    run = box.text_frame.paragraphs[0].add_run()
    run.text = "Visit the example site"
    run.font.size = Pt(20)
    run.hyperlink.address = "https://example.org/report"
    pdf, _ = convert(prs, tmp_path)
    reader = PdfReader(str(pdf))
    assert [item.title for item in reader.outline] == ["Welcome", "Agenda", "Results"]  # type: ignore[union-attr]
    meta = reader.metadata
    assert meta is not None and meta.title == "Quarterly review" and meta.author == "Ada Lovelace"
    assert meta.subject == "Numbers"
    annots = reader.pages[1].get("/Annots")
    assert annots is not None
    links = [a.get_object() for a in annots]
    uris = [link["/A"]["/URI"] for link in links if "/A" in link]
    assert "https://example.org/report" in uris
    rect = [float(v) for v in links[0]["/Rect"]]
    # Around the text: 1 in from the left, just below the box's top 3 in (216 pt) down a 540 pt page.
    assert 72 < rect[0] < 90 and 540 - 216 - 40 < rect[1] < rect[3] <= 540 - 216 + 1


def test_links_that_would_run_script_are_left_out(tmp_path: Path) -> None:
    """A deck's javascript:, vbscript: or data: hyperlink is no link in the PDF (a viewer hands a
    link's URL on to the browser or the system); the text stays, and ordinary links stay links."""
    prs = _titled_deck(["Links"])
    box = prs.slides[0].shapes.add_textbox(Inches(1), Inches(3), Inches(6), Inches(3))
    frame = box.text_frame
    for i, address in enumerate(
        [
            "javascript:alert(1)",
            " JavaScript:alert(2)",
            "java\tscript:alert(3)",
            "data:text/html,x",
            "https://example.org/ok",
        ]
    ):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        run = paragraph.add_run()
        run.text = f"link {i}"
        run.hyperlink.address = address
    pdf, _ = convert(prs, tmp_path)
    page = PdfReader(str(pdf)).pages[0]
    uris = [str(a.get_object()["/A"]["/URI"]) for a in page.get("/Annots") or [] if "/A" in a.get_object()]
    assert uris == ["https://example.org/ok"]
    assert all(f"link {i}" in (page.extract_text() or "") for i in range(5))


def test_shapes_and_pictures_with_click_links_become_link_areas(tmp_path: Path) -> None:
    """A button or logo with a hyperlink is clickable in PowerPoint's PDF too: a URL, a jump to a
    slide (by its part: here the third slide is the second page, the second being hidden) and
    relative jumps ("last slide"; "next slide" skips the hidden slide, as a slide show does)."""
    from lxml import etree
    from pptx.enum.shapes import MSO_SHAPE
    from pptx.opc.constants import RELATIONSHIP_TYPE

    prs = _titled_deck(["Start", "Hidden", "Middle", "End"])
    prs.slides[1]._element.set("show", "0")
    shapes = prs.slides[0].shapes
    button = shapes.add_shape(MSO_SHAPE.ROUNDED_RECTANGLE, Inches(1), Inches(3), Inches(2), Inches(1))
    button.click_action.hyperlink.address = "https://example.org/more"
    png = tmp_path / "logo.png"
    png.write_bytes(png_bytes(20, 20, [(0, 128, 0, 255), (0, 128, 0, 255)]))
    logo = shapes.add_picture(str(png), Inches(5), Inches(3), Inches(1), Inches(1))
    logo.click_action.target_slide = prs.slides[2]
    last = shapes.add_shape(MSO_SHAPE.RIGHT_ARROW, Inches(7), Inches(3), Inches(2), Inches(1))
    c_nv = last._element.nvSpPr.cNvPr
    etree.SubElement(c_nv, f"{{{A}}}hlinkClick").attrib.update(
        {f"{{{R}}}id": "", "action": "ppaction://hlinkshowjump?jump=lastslide"}
    )
    following = shapes.add_shape(MSO_SHAPE.RIGHT_ARROW, Inches(7), Inches(5), Inches(2), Inches(1))
    c_nv = following._element.nvSpPr.cNvPr
    etree.SubElement(c_nv, f"{{{A}}}hlinkClick").attrib.update(
        {f"{{{R}}}id": "", "action": "ppaction://hlinkshowjump?jump=nextslide"}
    )
    group = prs.slides[0].shapes.add_group_shape()
    group.shapes.add_shape(MSO_SHAPE.OVAL, Inches(1), Inches(5), Inches(1), Inches(1))
    group.shapes.add_shape(MSO_SHAPE.OVAL, Inches(3), Inches(5), Inches(1), Inches(1))
    r_id = prs.slides[0].part.relate_to("https://example.org/group", RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    etree.SubElement(group._element.nvGrpSpPr.cNvPr, f"{{{A}}}hlinkClick").set(f"{{{R}}}id", r_id)
    pdf, _ = convert(prs, tmp_path)
    reader = PdfReader(str(pdf))
    assert len(reader.pages) == 3
    page_ids = [page.indirect_reference.idnum for page in reader.pages]  # type: ignore[union-attr]
    found: dict[str, list[int]] = {}
    for annot in reader.pages[0].get("/Annots") or []:
        link = annot.get_object()
        rect = [round(float(v)) for v in link["/Rect"]]
        if "/A" in link:
            found[str(link["/A"]["/URI"])] = rect
        else:
            page = f"page {page_ids.index(link['/Dest'][0].idnum) + 1}"
            found[page if page not in found else f"{page} (next)"] = rect
    # Boxes in PDF points: x from the left, y up from the bottom of the 540 pt high page.
    assert found == {
        "https://example.org/more": [72, 540 - 288, 216, 540 - 216],
        "page 2": [360, 540 - 288, 432, 540 - 216],
        "page 3": [504, 540 - 288, 648, 540 - 216],
        "https://example.org/group": [72, 540 - 432, 288, 540 - 360],  # the group's box
        "page 2 (next)": [504, 540 - 432, 648, 540 - 360],
    }


def test_progress_per_slide_and_cancel_leaves_no_file(tmp_path: Path) -> None:
    prs = _titled_deck([f"Slide {n}" for n in range(6)])
    seen: list[tuple[int, int]] = []
    _, result = convert(prs, tmp_path, progress=lambda done, total: seen.append((done, total)))
    assert result.slides == 6
    assert seen[-1] == (6, 6) and [d for d, _ in seen if d] == [1, 2, 3, 4, 5, 6]

    calls = {"n": 0}

    def cancel_after_two() -> bool:
        calls["n"] += 1
        return calls["n"] > 2

    with pytest.raises(ConversionCancelled):
        convert(prs, tmp_path, name="cancelled", cancelled=cancel_after_two)
    assert not (tmp_path / "cancelled.pdf").exists()
    assert [p.name for p in tmp_path.iterdir() if "cancelled" in p.name and p.suffix != ".pptx"] == []


def test_thumbnail_has_the_slide_aspect(tmp_path: Path) -> None:
    from worker.render.thumbnail import thumbnail

    prs = new_deck(13.333, 7.5)
    slide = blank_slide(prs)
    from pptx.dml.color import RGBColor
    from pptx.enum.shapes import MSO_SHAPE

    shape = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, 0, 0, prs.slide_width, prs.slide_height)
    shape.fill.solid()
    shape.fill.fore_color.rgb = RGBColor(200, 0, 0)
    source = tmp_path / "wide.pptx"
    prs.save(str(source))
    image = thumbnail(source, 0, 320)
    assert (image.width(), image.height()) == (320, 180)
    color = image.pixelColor(160, 90)
    assert (color.red(), color.green(), color.blue()) == (200, 0, 0)
