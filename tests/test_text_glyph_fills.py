"""Text filled with a gradient or a picture, and outlined with gradient or dashed lines (a:rPr/a:gradFill,
a:blipFill, a:ln): PowerPoint fills the glyphs with it, laid over each line's run of that fill (a
two-line title shows the whole gradient on each line)."""

from __future__ import annotations

from pathlib import Path

from PIL import Image
from pptx.util import Emu
from pypdf import PdfReader
from render_support import (
    add_xml_shape,
    blank_slide,
    convert,
    new_deck,
    page_text,
    pixel,
    png_bytes,
    render_page,
    sp_xml,
    text_box,
)

EMU_PT = 12700
DPI = 144


def _gradient(angle: int) -> str:
    return (
        '<a:gradFill><a:gsLst><a:gs pos="0"><a:srgbClr val="FF0000"/></a:gs>'
        f'<a:gs pos="100000"><a:srgbClr val="0000FF"/></a:gs></a:gsLst><a:lin ang="{angle}"/></a:gradFill>'
    )


def _deck(tmp_path: Path, fill: str, lines: list[str]) -> tuple[Path, Image.Image]:
    tmp_path.mkdir(exist_ok=True)
    paragraphs = "".join(
        f'<a:p><a:r><a:rPr lang="en-US" sz="6000" b="1">{fill}</a:rPr><a:t>{words}</a:t></a:r></a:p>' for words in lines
    )
    tx = f'<p:txBody><a:bodyPr wrap="none" lIns="0" tIns="0" rIns="0" bIns="0"/><a:lstStyle/>{paragraphs}</p:txBody>'
    prs = new_deck()
    add_xml_shape(blank_slide(prs), sp_xml(40 * EMU_PT, 40 * EMU_PT, 600 * EMU_PT, 400 * EMU_PT, text=tx))
    pdf, _ = convert(prs, tmp_path)
    return pdf, render_page(pdf, dpi=DPI)


def _glyphs(pdf: Path, needle: str) -> tuple[float, float, float, float]:
    found = text_box(pdf, needle)
    assert found is not None, needle
    return found


def _reddest(page: Image.Image, left: float, right: float, y: float) -> tuple[int, int, int]:
    """The ink along a row inside the glyphs (the darkest pixel: the stems' middles)."""
    row = [pixel(page, left + (right - left) * i / 200, y, DPI) for i in range(201)]
    return min(row, key=sum)


def test_a_left_to_right_gradient_runs_across_the_line(tmp_path: Path) -> None:
    pdf, page = _deck(tmp_path, _gradient(0), ["IIIIIIIIII"])
    left, top, right, bottom = _glyphs(pdf, "IIIIIIIIII")
    middle = (top + bottom) / 2
    first = _reddest(page, left, left + (right - left) * 0.08, middle)
    last = _reddest(page, right - (right - left) * 0.08, right, middle)
    assert first[0] > 180 and first[2] < 90, first  # red at the line's start
    assert last[2] > 180 and last[0] < 90, last  # blue at its end
    assert page_text(pdf).count("IIIIIIIIII") == 1  # still text, once


def test_a_top_to_bottom_gradient_spans_each_line_on_its_own(tmp_path: Path) -> None:
    pdf, page = _deck(tmp_path, _gradient(5400000), ["IIII", "HHHH"])
    for word in ("IIII", "HHHH"):
        left, top, right, bottom = _glyphs(pdf, word)
        high = _reddest(page, left, right, top + 2)
        low = _reddest(page, left, right, bottom - 2)
        assert high[0] > high[2] + 60, (word, high)  # reddish at each line's top
        assert low[2] > low[0] + 30, (word, low)  # bluer at its bottom


def _outlined(ln: str) -> str:
    """White glyphs with the outline ``ln``."""
    return f'<a:solidFill><a:srgbClr val="FFFFFF"/></a:solidFill>{ln}'


def _edge_column(page: Image.Image, x: float, top: float, bottom: float) -> list[tuple[int, int, int]]:
    return [pixel(page, x, top + (bottom - top) * i / 100, DPI) for i in range(15, 86)]


def test_a_gradient_outline_runs_across_the_line(tmp_path: Path) -> None:
    ln = f'<a:ln w="{3 * EMU_PT}">{_gradient(0)}</a:ln>'
    pdf, page = _deck(tmp_path, _outlined(ln), ["IIIIIIIIII"])
    left, top, right, bottom = _glyphs(pdf, "IIIIIIIIII")
    middle = (top + bottom) / 2
    first = _reddest(page, left - 3, left + 3, middle)
    last = _reddest(page, right - 3, right + 3, middle)
    assert first[0] > 180 and first[2] < 90, first  # red around the first glyph
    assert last[2] > 180 and last[0] < 90, last  # blue around the last


def test_a_dashed_outline_leaves_gaps_along_the_stems(tmp_path: Path) -> None:
    def inked_share(dash: str) -> float:
        ln = f'<a:ln w="{2 * EMU_PT}"><a:solidFill><a:srgbClr val="FF0000"/></a:solidFill>{dash}</a:ln>'
        pdf, page = _deck(tmp_path, _outlined(ln), ["I"])
        left, top, _right, bottom = _glyphs(pdf, "I")
        column = _edge_column(page, left, top, bottom)
        return sum(1 for rgb in column if rgb[0] > 150 and rgb[1] < 120) / len(column)

    solid = inked_share("")
    dashed = inked_share('<a:prstDash val="dash"/>')
    assert solid > 0.9, solid
    assert 0.3 < dashed < 0.85, dashed


def test_a_gradient_of_one_colour_stays_plain_text(tmp_path: Path) -> None:
    # Templates write text fills as two stops of one colour: drawn as the solid colour's text is.
    one = (
        '<a:gradFill><a:gsLst><a:gs pos="0"><a:srgbClr val="0000FF"/></a:gs>'
        '<a:gs pos="86000"><a:srgbClr val="0000FF"/></a:gs></a:gsLst><a:lin ang="5400000"/></a:gradFill>'
    )
    gradient, _ = _deck(tmp_path / "one", one, ["HHHH"])
    solid, _ = _deck(tmp_path / "solid", '<a:solidFill><a:srgbClr val="0000FF"/></a:solidFill>', ["HHHH"])
    assert _content(gradient) == _content(solid)


def _content(pdf: Path) -> bytes:
    page = PdfReader(str(pdf)).pages[0]
    data = page.get_contents()
    assert data is not None
    return bytes(data.get_data())


def test_picture_filled_text_shows_the_picture_across_the_line(tmp_path: Path) -> None:
    picture = tmp_path / "halves.png"
    picture.write_bytes(png_bytes(40, 10, [(255, 0, 0, 255), (0, 0, 255, 255)]))  # red | blue
    prs = new_deck()
    slide = blank_slide(prs)
    # The picture's relationship, for the run's a:blip (the picture shape itself sits off the page).
    holder = slide.shapes.add_picture(str(picture), Emu(-914400 * 3), 0)
    r_id = holder._element.blipFill.blip.rEmbed
    fill = f'<a:blipFill><a:blip r:embed="{r_id}"/><a:stretch><a:fillRect/></a:stretch></a:blipFill>'
    run = f'<a:r><a:rPr lang="en-US" sz="6000" b="1">{fill}</a:rPr><a:t>IIIIIIIIII</a:t></a:r>'
    tx = (
        f'<p:txBody><a:bodyPr wrap="none" lIns="0" tIns="0" rIns="0" bIns="0"/><a:lstStyle/><a:p>{run}</a:p></p:txBody>'
    )
    add_xml_shape(slide, sp_xml(40 * EMU_PT, 40 * EMU_PT, 600 * EMU_PT, 400 * EMU_PT, text=tx))
    pdf, _ = convert(prs, tmp_path)
    page = render_page(pdf, dpi=DPI)
    left, top, right, bottom = _glyphs(pdf, "IIIIIIIIII")
    middle = (top + bottom) / 2
    first = _reddest(page, left, left + (right - left) * 0.08, middle)
    last = _reddest(page, right - (right - left) * 0.08, right, middle)
    assert first[0] > 200 and first[2] < 60, first
    assert last[2] > 200 and last[0] < 60, last
    assert page_text(pdf).count("IIIIIIIIII") == 1
