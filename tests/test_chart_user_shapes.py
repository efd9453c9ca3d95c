"""Chart user shapes (c:userShapes: a chart drawing part of text boxes and shapes anchored on the
chart, as Excel's chart annotations) are drawn over the chart at their anchors."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from lxml import etree
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.enum.chart import XL_CHART_TYPE
from pptx.opc.package import Part
from pptx.opc.packuri import PackURI
from pptx.util import Emu
from render_support import convert, page_text, render_page

X, Y, W, H = 36.0, 36.0, 576.0, 432.0  # the chart frame, points
SCALE = 2.0
C_NS = "http://schemas.openxmlformats.org/drawingml/2006/chart"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
USER_SHAPES_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/chartUserShapes"
USER_SHAPES_CT = "application/vnd.openxmlformats-officedocument.drawingml.chartshapes+xml"

# As Excel writes them: a text box anchored by fractions of the chart (its a:xfrm stale), and a
# blue rectangle anchored at a fraction with an absolute size (1 inch square).
DRAWING = f"""<c:userShapes xmlns:c="{C_NS}" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">
<cdr:relSizeAnchor xmlns:cdr="http://schemas.openxmlformats.org/drawingml/2006/chartDrawing">
  <cdr:from><cdr:x>0.5</cdr:x><cdr:y>0.25</cdr:y></cdr:from><cdr:to><cdr:x>0.75</cdr:x><cdr:y>0.5</cdr:y></cdr:to>
  <cdr:sp macro="" textlink=""><cdr:nvSpPr><cdr:cNvPr id="2" name="TextBox 1"/><cdr:cNvSpPr txBox="1"/></cdr:nvSpPr>
    <cdr:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="100" cy="100"/></a:xfrm>
      <a:prstGeom prst="rect"><a:avLst/></a:prstGeom>
      <a:solidFill><a:srgbClr val="FF0000"/></a:solidFill></cdr:spPr>
    <cdr:txBody><a:bodyPr wrap="square" rtlCol="0"/><a:lstStyle/>
      <a:p><a:r><a:rPr lang="en-US" sz="1100"/><a:t>Annotated peak</a:t></a:r></a:p></cdr:txBody></cdr:sp>
</cdr:relSizeAnchor>
<cdr:absSizeAnchor xmlns:cdr="http://schemas.openxmlformats.org/drawingml/2006/chartDrawing">
  <cdr:from><cdr:x>0.125</cdr:x><cdr:y>0.6</cdr:y></cdr:from><cdr:ext cx="914400" cy="914400"/>
  <cdr:sp macro="" textlink=""><cdr:nvSpPr><cdr:cNvPr id="3" name="Rectangle 2"/><cdr:cNvSpPr/></cdr:nvSpPr>
    <cdr:spPr><a:prstGeom prst="rect"><a:avLst/></a:prstGeom>
      <a:solidFill><a:srgbClr val="0000FF"/></a:solidFill></cdr:spPr>
  </cdr:sp>
</cdr:absSizeAnchor>
</c:userShapes>"""


def _page(tmp_path: Path) -> tuple[np.ndarray, str]:
    data = CategoryChartData()
    data.categories = ["a", "b"]
    data.add_series("S", (1.0, 2.0))
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    frame = slide.shapes.add_chart(XL_CHART_TYPE.LINE, Emu(int(X * 12700)), Emu(int(Y * 12700)),
                                   Emu(int(W * 12700)), Emu(int(H * 12700)), data)  # fmt: skip
    chart_part = frame.chart.part
    drawing = Part(PackURI("/ppt/drawings/drawing1.xml"), USER_SHAPES_CT, prs.part.package, DRAWING.encode())
    r_id = chart_part.relate_to(drawing, USER_SHAPES_RT)
    space = chart_part._element
    space.append(etree.fromstring(f'<c:userShapes xmlns:c="{C_NS}" xmlns:r="{R_NS}" r:id="{r_id}"/>'))
    pdf, _ = convert(prs, tmp_path, "annotated")
    return np.asarray(render_page(pdf, dpi=72.0 * SCALE)).astype(int), page_text(pdf)


def _rgb(img: np.ndarray, x: float, y: float) -> tuple[int, int, int]:
    r, g, b = img[int(y * SCALE), int(x * SCALE)]
    return int(r), int(g), int(b)


def test_user_shapes_are_drawn_at_their_anchors(qapp: object, tmp_path: Path) -> None:
    img, text = _page(tmp_path)
    assert "Annotated peak" in text
    # The text box spans x 0.5..0.75, y 0.25..0.5 of the chart: red inside, not just outside.
    assert _rgb(img, X + W * 0.74, Y + H * 0.49) == (255, 0, 0)
    assert _rgb(img, X + W * 0.76, Y + H * 0.49) != (255, 0, 0)
    # The rectangle: from (0.125, 0.6) of the chart, 72 pt square.
    assert _rgb(img, X + W * 0.125 + 70, Y + H * 0.6 + 70) == (0, 0, 255)
    assert _rgb(img, X + W * 0.125 + 74, Y + H * 0.6 + 36) != (0, 0, 255)
