"""Builds decks holding an Office 2016 chart (a chartEx part behind mc:AlternateContent) for tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from lxml import etree
from pptx.opc.package import Part
from pptx.opc.packuri import PackURI
from pptx.util import Emu
from render_support import add_xml_shape, blank_slide, new_deck

CX = "http://schemas.microsoft.com/office/drawing/2014/chartex"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
CT = "application/vnd.ms-office.chartex+xml"
RT = "http://schemas.microsoft.com/office/2014/relationships/chartEx"
FALLBACK = "This chart isn't available in your version of PowerPoint"
# Frame: 1 in from the left and top, 8 x 5.5 in (576 x 396 pt).
FRAME = (914400, 914400, 7315200, 5029200)


def numbers(values: list[float], kind: str = "val", fmt: str = "General") -> str:
    pts = "".join(f'<cx:pt idx="{i}">{v}</cx:pt>' for i, v in enumerate(values))
    return f'<cx:numDim type="{kind}"><cx:lvl ptCount="{len(values)}" formatCode="{fmt}">{pts}</cx:lvl></cx:numDim>'


def strings(*levels: list[str]) -> str:
    """Category levels, the leaf level first."""
    out = []
    for lvl in levels:
        pts = "".join(f'<cx:pt idx="{i}">{v}</cx:pt>' for i, v in enumerate(lvl))
        out.append(f'<cx:lvl ptCount="{len(lvl)}">{pts}</cx:lvl>')
    return f'<cx:strDim type="cat">{"".join(out)}</cx:strDim>'


AXES = (
    '<cx:axis id="0"><cx:catScaling gapWidth="{gap}"/><cx:tickLabels/></cx:axis>'
    '<cx:axis id="1"><cx:valScaling{val}/><cx:majorGridlines/><cx:tickLabels/></cx:axis>'
)


def chart_space(data: str | list[str], series: str, *, axes: str = "", title: str = "Test chart",
                legend: str = "") -> str:  # fmt: skip
    blocks = [data] if isinstance(data, str) else data
    datas = "".join(f'<cx:data id="{i}">{d}</cx:data>' for i, d in enumerate(blocks))
    heading = f"<cx:title><cx:tx><cx:txData><cx:v>{title}</cx:v></cx:txData></cx:tx></cx:title>" if title else ""
    return (
        f'<cx:chartSpace xmlns:cx="{CX}" xmlns:a="{A}"><cx:chartData>{datas}</cx:chartData>'
        f"<cx:chart>{heading}<cx:plotArea><cx:plotAreaRegion>{series}</cx:plotAreaRegion>{axes}"
        f"</cx:plotArea>{legend}</cx:chart></cx:chartSpace>"
    )


def deck_with_chartex(space_xml: str, picture: Path | None = None) -> Any:
    """A one-slide deck whose AlternateContent chooses the chart and falls back to Office's notice,
    or to a picture of the chart (as PowerPoint writes it) when ``picture`` is given."""
    prs = new_deck()
    slide = blank_slide(prs)
    part = Part(PackURI("/ppt/charts/chartEx1.xml"), CT, slide.part.package, space_xml.encode())
    r_id = slide.part.relate_to(part, RT)
    x, y, w, h = FRAME
    fallback = (
        f'<p:sp><p:nvSpPr><p:cNvPr id="5" name="Chart 4"/><p:cNvSpPr txBox="1"/><p:nvPr/></p:nvSpPr>'
        f'<p:spPr><a:xfrm><a:off x="{x}" y="{y}"/><a:ext cx="{w}" cy="{h}"/></a:xfrm>'
        f'<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr><p:txBody><a:bodyPr/><a:lstStyle/>'
        f'<a:p><a:r><a:rPr lang="en-US"/><a:t>{FALLBACK}</a:t></a:r></a:p></p:txBody></p:sp>'
    )
    if picture is not None:
        pic = slide.shapes.add_picture(str(picture), Emu(x), Emu(y), Emu(w), Emu(h))
        pic._element.getparent().remove(pic._element)
        fallback = etree.tostring(pic._element, encoding="unicode")
    add_xml_shape(
        slide,
        f'<mc:AlternateContent <NS> xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">'
        f'<mc:Choice xmlns:cx1="http://schemas.microsoft.com/office/drawing/2015/9/8/chartex" Requires="cx1">'
        f'<p:graphicFrame><p:nvGraphicFramePr><p:cNvPr id="5" name="Chart 4"/><p:cNvGraphicFramePr/><p:nvPr/>'
        f'</p:nvGraphicFramePr><p:xfrm><a:off x="{x}" y="{y}"/><a:ext cx="{w}" cy="{h}"/></p:xfrm>'
        f'<a:graphic><a:graphicData uri="{CX}"><cx:chart xmlns:cx="{CX}" r:id="{r_id}"/></a:graphicData>'
        f"</a:graphic></p:graphicFrame></mc:Choice><mc:Fallback>{fallback}"
        f"</mc:Fallback></mc:AlternateContent>",
    )
    return prs
