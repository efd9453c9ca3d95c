"""Ink (p:contentPart with an InkML part): strokes drawn in the contentPart's box, with the brush's
colour, width and transparency; PowerPoint's fallback picture still wins where it holds one; broken
ink costs a warning, never the slide."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from lxml import etree
from pptx.opc.package import Part
from pptx.opc.packuri import PackURI
from render_support import (
    add_xml_shape,
    blank_slide,
    close,
    convert,
    new_deck,
    pixel,
    png_bytes,
    render_page,
    sp_xml,
)

from worker.render.ink import InkError, decode_trace, read_ink

EMU_PT = 12700
RT_INK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXml"
RT_IMAGE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"
P14 = "http://schemas.microsoft.com/office/powerpoint/2010/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
WHITE = (255, 255, 255)
RED = (255, 0, 0)
# The box the tests place ink in: (72, 72) to (360, 216) points, 4 x 2 inches.
BOX = (72, 72, 288, 144)
# A rectangle's top, right and bottom sides in himetric (4 x 2 inches: 10160 x 5080), written
# with first and second differences as PowerPoint writes them.
U_TRACE = "0 0,'10160'0,\"-10160\"5080,'-10160'0"


def _ink(trace: str, brush: str = "", channels: str = "", extra: str = "") -> bytes:
    channels = channels or (
        '<inkml:channel name="X" type="integer" units="cm"/><inkml:channel name="Y" type="integer" units="cm"/>'
    )
    brush = brush or (
        '<inkml:brushProperty name="width" value="0.2" units="cm"/>'
        '<inkml:brushProperty name="height" value="0.2" units="cm"/>'
        '<inkml:brushProperty name="color" value="#FF0000"/>'
    )
    return (
        '<inkml:ink xmlns:inkml="http://www.w3.org/2003/InkML"><inkml:definitions>'
        '<inkml:context xml:id="ctx0"><inkml:inkSource xml:id="src0"><inkml:traceFormat>'
        f"{channels}</inkml:traceFormat><inkml:channelProperties>"
        '<inkml:channelProperty channel="X" name="resolution" value="1000" units="1/cm"/>'
        '<inkml:channelProperty channel="Y" name="resolution" value="1000" units="1/cm"/>'
        "</inkml:channelProperties></inkml:inkSource></inkml:context>"
        f'<inkml:brush xml:id="br0">{brush}</inkml:brush></inkml:definitions>'
        f'{extra}<inkml:trace contextRef="#ctx0" brushRef="#br0">{trace}</inkml:trace></inkml:ink>'
    ).encode()


def _relate(prs: Any, slide: Any, blob: bytes, name: str, reltype: str = RT_INK, ctype: str = "") -> str:
    part = Part(PackURI(name), ctype or "application/inkml+xml", prs.part.package, blob)
    return str(slide.part.relate_to(part, reltype))


def _content_part(r_id: str, box: tuple[float, float, float, float] = BOX) -> str:
    x, y, w, h = (int(v * EMU_PT) for v in box)
    return (
        f'<p:contentPart xmlns:p14="{P14}" p14:bwMode="auto" r:id="{r_id}">'
        '<p14:nvContentPartPr><p14:cNvPr id="9" name="Ink 8"/><p14:cNvContentPartPr/><p14:nvPr/>'
        f'</p14:nvContentPartPr><p14:xfrm><a:off x="{x}" y="{y}"/><a:ext cx="{w}" cy="{h}"/></p14:xfrm>'
        "</p:contentPart>"
    )


def _alternate(content_part: str, fallback_pic: str) -> str:
    return (
        f'<mc:AlternateContent <NS> xmlns:mc="{MC}" xmlns:p14="{P14}"><mc:Choice Requires="p14">'
        f'{content_part}</mc:Choice><mc:Fallback xmlns="">{fallback_pic}</mc:Fallback></mc:AlternateContent>'
    )


def _bare(content_part: str) -> str:
    """A contentPart straight in the shape tree (no fallback), as newer writers store it."""
    return content_part.replace("<p:contentPart ", "<p:contentPart <NS> ", 1)


def _render(tmp_path: Path, build: Any) -> tuple[Any, list[str]]:
    prs = new_deck()
    slide = blank_slide(prs)
    build(prs, slide)
    pdf, result = convert(prs, tmp_path)
    return render_page(pdf, dpi=144), result.warnings


def _at(page: Any, x: float, y: float) -> tuple[int, int, int]:
    return pixel(page, x, y, dpi=144)


def _assert_u_drawn(page: Any, color: tuple[int, int, int] = RED) -> None:
    x, y, w, h = BOX
    assert close(_at(page, x + w / 2, y), color), _at(page, x + w / 2, y)  # top side
    assert close(_at(page, x + w, y + h / 2), color), _at(page, x + w, y + h / 2)  # right side
    assert close(_at(page, x + w / 2, y + h), color), _at(page, x + w / 2, y + h)  # bottom side
    assert close(_at(page, x, y + h / 2), WHITE)  # the open left side
    assert close(_at(page, x + w / 2, y + h / 2), WHITE)  # inside
    # 0.2 cm wide (5.7 pt): drawn 2 pt beside the line, not 4 pt.
    assert close(_at(page, x + w / 2, y + 2), color)
    assert close(_at(page, x + w / 2, y + 4.5), WHITE)


def test_bare_content_part_draws_its_strokes_in_its_box(tmp_path: Path) -> None:
    def build(prs: Any, slide: Any) -> None:
        add_xml_shape(slide, _bare(_content_part(_relate(prs, slide, _ink(U_TRACE), "/ppt/ink/ink1.xml"))))

    page, warnings = _render(tmp_path, build)
    _assert_u_drawn(page)
    assert not warnings


def test_points_box_is_stretched_onto_the_xfrm(tmp_path: Path) -> None:
    """Device units (a digitiser's, any resolution): the points' box still fills the xfrm."""
    trace = "500 300, 600 300, 600 350, 500 350"  # 100 x 50 units, offset from the origin

    def build(prs: Any, slide: Any) -> None:
        add_xml_shape(slide, _bare(_content_part(_relate(prs, slide, _ink(trace), "/ppt/ink/ink1.xml"))))

    page, _ = _render(tmp_path, build)
    _assert_u_drawn(page)


def test_empty_fallback_picture_gives_way_to_the_ink(tmp_path: Path) -> None:
    """A fallback p:pic without an image (writers that trim it) draws nothing: the ink is drawn."""
    pic = (
        '<p:pic><p:nvPicPr><p:cNvPr id="9" name="Ink 8"/><p:cNvPicPr/><p:nvPr/></p:nvPicPr>'
        "<p:blipFill/><p:spPr/></p:pic>"
    )

    def build(prs: Any, slide: Any) -> None:
        r_id = _relate(prs, slide, _ink(U_TRACE), "/ppt/ink/ink1.xml")
        add_xml_shape(slide, _alternate(_content_part(r_id), pic))

    page, _ = _render(tmp_path, build)
    _assert_u_drawn(page)


def test_fallback_picture_with_an_image_still_wins(tmp_path: Path) -> None:
    def build(prs: Any, slide: Any) -> None:
        ink_id = _relate(prs, slide, _ink(U_TRACE), "/ppt/ink/ink1.xml")
        png_id = _relate(prs, slide, png_bytes(8, 8, [(0, 0, 255, 255)]), "/ppt/media/ink1.png", RT_IMAGE, "image/png")
        x, y, w, h = (int(v * EMU_PT) for v in BOX)
        pic = (
            '<p:pic><p:nvPicPr><p:cNvPr id="9" name="Ink 8"/><p:cNvPicPr/><p:nvPr/></p:nvPicPr>'
            f'<p:blipFill><a:blip r:embed="{png_id}"/><a:stretch><a:fillRect/></a:stretch></p:blipFill>'
            f'<p:spPr><a:xfrm><a:off x="{x}" y="{y}"/><a:ext cx="{w}" cy="{h}"/></a:xfrm>'
            '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr></p:pic>'
        )
        add_xml_shape(slide, _alternate(_content_part(ink_id), pic))

    page, _ = _render(tmp_path, build)
    x, y, w, h = BOX
    assert close(_at(page, x + w / 2, y + h / 2), (0, 0, 255))


def test_highlighter_is_see_through(tmp_path: Path) -> None:
    """rasterOp maskPen (a highlighter) over black text stays dark; over white it shows its colour
    at about half strength (PDF has no raster operations)."""
    brush = (
        '<inkml:brushProperty name="width" value="0.2" units="cm"/>'
        '<inkml:brushProperty name="height" value="0.6" units="cm"/>'
        '<inkml:brushProperty name="color" value="#FFFF00"/>'
        '<inkml:brushProperty name="tip" value="rectangle"/>'
        '<inkml:brushProperty name="rasterOp" value="maskPen"/>'
    )
    box = (72.0, 100.0, 288.0, 0.0)

    def build(prs: Any, slide: Any) -> None:
        add_xml_shape(
            slide,
            sp_xml(
                72 * EMU_PT,
                90 * EMU_PT,
                20 * EMU_PT,
                20 * EMU_PT,
                fill='<a:solidFill><a:srgbClr val="000000"/></a:solidFill>',
            ),
        )
        r_id = _relate(prs, slide, _ink("0 0,'10160 0", brush), "/ppt/ink/ink1.xml")
        add_xml_shape(slide, _bare(_content_part(r_id, box)))

    page, _ = _render(tmp_path, build)
    over_white = _at(page, 200, 100)
    assert over_white[0] > 240 and over_white[1] > 240 and 100 < over_white[2] < 160, over_white
    # 0.6 cm high (17 pt): 7 pt above the line is still highlighted, 10 pt is not.
    assert _at(page, 200, 93)[2] < 160
    assert close(_at(page, 200, 90), WHITE)
    under = _at(page, 80, 100)
    assert max(under) < 140, under  # the black square shows through


def test_taps_are_dots(tmp_path: Path) -> None:
    """A one-point trace (a dot of a colon) is a round dot the pen's width across."""

    def build(prs: Any, slide: Any) -> None:
        r_id = _relate(prs, slide, _ink("4000 2000"), "/ppt/ink/ink1.xml")
        add_xml_shape(slide, _bare(_content_part(r_id, (100.0, 100.0, 0.0, 0.0))))

    page, _ = _render(tmp_path, build)
    assert close(_at(page, 100, 100), RED)
    assert close(_at(page, 100, 104), WHITE)


@pytest.mark.parametrize(
    "blob",
    [b"not xml at all", b"<svg xmlns='http://www.w3.org/2000/svg'/>", _ink("0 0, 10 zz 20")],
    ids=["damaged", "not-inkml", "bad-trace"],
)
def test_unreadable_ink_is_a_warning(tmp_path: Path, blob: bytes) -> None:
    def build(prs: Any, slide: Any) -> None:
        add_xml_shape(slide, _bare(_content_part(_relate(prs, slide, blob, "/ppt/ink/ink1.xml"))))
        add_xml_shape(
            slide,
            sp_xml(
                400 * EMU_PT,
                300 * EMU_PT,
                50 * EMU_PT,
                50 * EMU_PT,
                fill='<a:solidFill><a:srgbClr val="0000FF"/></a:solidFill>',
            ),
        )

    page, warnings = _render(tmp_path, build)
    assert "An ink drawing that could not be read was left out" in warnings
    assert close(_at(page, 425, 325), (0, 0, 255))  # the rest of the slide is drawn


def test_missing_ink_part_is_a_warning(tmp_path: Path) -> None:
    def build(prs: Any, slide: Any) -> None:
        add_xml_shape(slide, _bare(_content_part("rId99")))

    _, warnings = _render(tmp_path, build)
    assert "An ink drawing whose part is missing was left out" in warnings


def test_trace_differences() -> None:
    """InkML 1.0 3.2.1: ' is a first difference, \" a second one; each channel keeps its order
    until a new prefix; signs separate values without spaces."""
    assert decode_trace("10 20,'5'-3,\"1\"1,2 0", 2) == [[10, 20], [15, 17], [21, 15], [29, 13]]
    assert decode_trace("1 2 3,!4'1 3", 3) == [[1, 2, 3], [4, 3, 3]]
    assert decode_trace("0 0,'+5'+5", 2) == [[0, 0], [5, 5]]


def test_channels_and_contexts_are_read() -> None:
    """The X and Y channels are found by name (a pressure channel first), divided by resolution."""
    channels = (
        '<inkml:channel name="F" type="integer"/><inkml:channel name="X" type="integer" units="cm"/>'
        '<inkml:channel name="Y" type="integer" units="cm"/>'
    )
    ink = read_ink(_ink("7 1000 2000,'0'1000'500", channels=channels))
    assert [s.points for s in ink.strokes] == [((1.0, 2.0), (2.0, 2.5))]
    assert (ink.bounds.width(), ink.bounds.height()) == (1.0, 0.5)
    with pytest.raises(InkError):
        read_ink(etree.tostring(etree.Element("ink")))


def test_ink_beyond_the_point_limit_is_refused_before_it_is_decoded(monkeypatch: pytest.MonkeyPatch) -> None:
    """A 150 KB deck can hold an InkML part of millions of points (it compresses to nothing):
    decoding 2 million took 7 s and 750 MB before the limit was checked. The points a trace
    can hold are counted from its text first (one per comma), so no point is decoded."""
    import worker.render.ink as ink_module

    decoded: list[int] = []
    real = ink_module.decode_trace

    def counted(text: str, channels: int) -> list[list[float]]:
        decoded.append(channels)
        return real(text, channels)

    monkeypatch.setattr(ink_module, "decode_trace", counted)
    trace = ", ".join(f"{i % 100} {i % 50}" for i in range(ink_module.MAX_POINTS + 1))
    with pytest.raises(InkError, match="points"):
        read_ink(_ink(trace))
    assert decoded == []
    assert len(read_ink(_ink(U_TRACE)).strokes) == 1
