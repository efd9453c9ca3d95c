"""Office Math in text (a14:m holding m:oMath): its characters are laid out as runs, so an
equation's text is in the PDF: invisibly under PowerPoint's fallback picture of the text box (the
mc:AlternateContent Office writes), and drawn when a writer puts the math in a paragraph bare."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from lxml import etree
from render_support import blank_slide, convert, new_deck, page_text, render_page

P = "http://schemas.openxmlformats.org/presentationml/2006/main"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
A14 = "http://schemas.microsoft.com/office/drawing/2010/main"
M = "http://schemas.openxmlformats.org/officeDocument/2006/math"

RPR = '<a:rPr lang="en-US" sz="3200" i="1"><a:solidFill><a:srgbClr val="FF0000"/></a:solidFill></a:rPr>'
# E = m c^2, written as PowerPoint writes a display equation: m:r runs with their a:rPr.
MATH = (
    f'<a14:m xmlns:a14="{A14}" xmlns:m="{M}"><m:oMathPara><m:oMath>'
    f'<m:r>{RPR}<m:t>Ey=</m:t></m:r><m:r><m:rPr><m:sty m:val="p"/></m:rPr>{RPR}<m:t>mq</m:t></m:r>'
    f"<m:sSup><m:e><m:r>{RPR}<m:t>c</m:t></m:r></m:e><m:sup><m:r>{RPR}<m:t>2</m:t></m:r></m:sup></m:sSup>"
    "</m:oMath></m:oMathPara></a14:m>"
)


def _text_box(fill: str, paragraph: str) -> str:
    return (
        f'<p:sp xmlns:p="{P}" xmlns:a="{A}"><p:nvSpPr><p:cNvPr id="4" name="TextBox 3"/><p:cNvSpPr txBox="1"/>'
        '<p:nvPr/></p:nvSpPr><p:spPr><a:xfrm><a:off x="914400" y="914400"/><a:ext cx="4572000" cy="914400"/>'
        f'</a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom>{fill}</p:spPr>'
        f'<p:txBody><a:bodyPr wrap="square"/><a:lstStyle/><a:p>{paragraph}</a:p></p:txBody></p:sp>'
    )


def _convert(tmp_path: Path, shape: str) -> Path:
    prs = new_deck()
    blank_slide(prs).shapes._spTree.append(etree.fromstring(shape))
    pdf, _ = convert(prs, tmp_path)
    return pdf


def test_equation_text_is_searchable_under_the_fallback(qapp: object, tmp_path: Path) -> None:
    choice = _text_box("<a:noFill/>", MATH)
    # Office's fallback: the same box as a picture; a grey box stands in for it here.
    fallback = _text_box('<a:solidFill><a:srgbClr val="DDDDDD"/></a:solidFill>', '<a:endParaRPr lang="en-US"/>')
    pdf = _convert(
        tmp_path,
        f'<mc:AlternateContent xmlns:mc="{MC}" xmlns:a14="{A14}"><mc:Choice Requires="a14">{choice}</mc:Choice>'
        f"<mc:Fallback>{fallback}</mc:Fallback></mc:AlternateContent>",
    )
    assert "Ey=mqc2" in "".join(page_text(pdf).split())
    page = np.asarray(render_page(pdf)).astype(int)
    red = (page[:, :, 0] > 200) & (page[:, :, 1] < 80) & (page[:, :, 2] < 80)
    assert not red.any()  # the fallback is what shows


def test_bare_math_in_a_paragraph_is_drawn(qapp: object, tmp_path: Path) -> None:
    pdf = _convert(
        tmp_path, _text_box("<a:noFill/>", f'<a:r><a:rPr lang="en-US" sz="3200"/><a:t>So </a:t></a:r>{MATH}')
    )
    assert "SoEy=mqc2" in "".join(page_text(pdf).split())
    page = np.asarray(render_page(pdf)).astype(int)
    red = (page[:, :, 0] > 200) & (page[:, :, 1] < 80) & (page[:, :, 2] < 80)
    assert red[72:144, 72:432].sum() > 50  # the equation's red glyphs in the box
