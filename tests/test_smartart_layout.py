"""SmartArt without a stored drawing part is laid out from its data model, not drawn as a placeholder.

The decks are built here: a slide with a diagram graphic frame and hand-written data, layout and
(sometimes) colours parts, no drawing part, as PowerPoint 2007 and other writers leave them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_raw
import pytest
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.package import Part
from pptx.opc.packuri import PackURI
from render_support import (
    NSDECL,
    add_xml_shape,
    blank_slide,
    close,
    convert,
    new_deck,
    page_text,
    pixel,
    render_page,
    text_box,
)
from text_support import pdf_chars

DGM = "http://schemas.openxmlformats.org/drawingml/2006/diagram"
CT = "application/vnd.openxmlformats-officedocument.drawingml."
ACCENT1 = (0x4F, 0x81, 0xBD)  # python-pptx's default template (Office theme)
ACCENT2 = (0xC0, 0x50, 0x4D)
ACCENT3 = (0x9B, 0xBB, 0x59)
WHITE = (255, 255, 255)
EMU = 12700


@dataclass
class Node:
    text: str
    children: list[Node] = field(default_factory=list)


def _data_xml(roots: list[Node], layout_id: str, drawing_rel: str = "") -> bytes:
    """A data model with document and node points and parOf connections only (no presentation
    points), as writers other than PowerPoint produce."""
    points = [
        f'<dgm:pt modelId="doc" type="doc"><dgm:prSet loTypeId="{layout_id}"/><dgm:spPr/>'
        '<dgm:t><a:bodyPr/><a:lstStyle/><a:p><a:endParaRPr lang="en-US"/></a:p></dgm:t></dgm:pt>'
    ]
    cxns: list[str] = []
    counter = 0

    def add(node: Node, parent: str, order: int) -> None:
        nonlocal counter
        counter += 1
        nid = f"n{counter}"
        points.append(
            f'<dgm:pt modelId="{nid}"><dgm:prSet/><dgm:spPr/><dgm:t><a:bodyPr/><a:lstStyle/>'
            f'<a:p><a:r><a:rPr lang="en-US"/><a:t>{node.text}</a:t></a:r></a:p></dgm:t></dgm:pt>'
            f'<dgm:pt modelId="{nid}p" type="parTrans" cxnId="{nid}c"><dgm:prSet/><dgm:spPr/></dgm:pt>'
            f'<dgm:pt modelId="{nid}s" type="sibTrans" cxnId="{nid}c"><dgm:prSet/><dgm:spPr/></dgm:pt>'
        )
        cxns.append(
            f'<dgm:cxn modelId="{nid}c" srcId="{parent}" destId="{nid}" srcOrd="{order}" destOrd="0" '
            f'parTransId="{nid}p" sibTransId="{nid}s"/>'
        )
        for i, sub in enumerate(node.children):
            add(sub, nid, i)

    for i, root in enumerate(roots):
        add(root, "doc", i)
    ext = (
        f'<dgm:extLst><a:ext uri="http://schemas.microsoft.com/office/drawing/2008/diagram"><dsp:dataModelExt '
        f'xmlns:dsp="http://schemas.microsoft.com/office/drawing/2008/diagram" relId="{drawing_rel}" minVer="12"/>'
        "</a:ext></dgm:extLst>"
        if drawing_rel
        else ""
    )
    return (
        f'<dgm:dataModel xmlns:dgm="{DGM}" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
        f"<dgm:ptLst>{''.join(points)}</dgm:ptLst><dgm:cxnLst>{''.join(cxns)}</dgm:cxnLst><dgm:bg/><dgm:whole/>"
        f"{ext}</dgm:dataModel>"
    ).encode()


def _layout_xml(
    layout_id: str, algorithm: str, shape: str, arrows: bool = False, connectors: str | None = None
) -> bytes:
    """A minimal layout definition: the root algorithm, a node shape and maybe sibling arrows, or
    sibling ``connectors`` (the conn algorithm's parameters) drawn by a conn shape, as cycle2 has
    them (without a style label, as Aspose.Slides and Spire.Presentation write it)."""
    arrow = (
        '<dgm:forEach axis="followSib" ptType="sibTrans"><dgm:layoutNode name="sibTrans" styleLbl="sibTrans2D1">'
        '<dgm:alg type="sp"/><dgm:shape type="rightArrow"/><dgm:presOf axis="self"/></dgm:layoutNode></dgm:forEach>'
        if arrows
        else ""
    )
    if connectors is not None:
        arrow = (
            '<dgm:forEach axis="followSib" ptType="sibTrans"><dgm:layoutNode name="sibTrans">'
            f'<dgm:alg type="conn">{connectors}</dgm:alg><dgm:shape type="conn"/><dgm:presOf axis="self"/>'
            "</dgm:layoutNode></dgm:forEach>"
        )
    return (
        f'<dgm:layoutDef xmlns:dgm="{DGM}" uniqueId="{layout_id}"><dgm:layoutNode name="diagram">'
        f'<dgm:alg type="{algorithm}"/><dgm:shape/><dgm:forEach axis="ch" ptType="node">'
        f'<dgm:layoutNode name="node" styleLbl="node1"><dgm:alg type="tx"/><dgm:shape type="{shape}"/>'
        f'<dgm:presOf axis="desOrSelf" ptType="node"/><dgm:constr type="primFontSz" val="40"/></dgm:layoutNode>'
        f"{arrow}</dgm:forEach></dgm:layoutNode></dgm:layoutDef>"
    ).encode()


def _colors_xml(method: str, *accents: str) -> bytes:
    fills = "".join(f'<a:schemeClr val="{a}"/>' for a in accents)
    return (
        f'<dgm:colorsDef xmlns:dgm="{DGM}" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
        'uniqueId="urn:test/colors"><dgm:styleLbl name="node1">'
        f'<dgm:fillClrLst meth="{method}">{fills}</dgm:fillClrLst>'
        '<dgm:linClrLst meth="repeat"><a:schemeClr val="lt1"/></dgm:linClrLst><dgm:effectClrLst/>'
        "<dgm:txLinClrLst/><dgm:txFillClrLst/><dgm:txEffectClrLst/></dgm:styleLbl></dgm:colorsDef>"
    ).encode()


_PARTS = {
    "dm": ("data", "diagramData", RT.DIAGRAM_DATA),
    "lo": ("layout", "diagramLayout", RT.DIAGRAM_LAYOUT),
    "cs": ("colors", "diagramColors", RT.DIAGRAM_COLORS),
}


def _smartart_deck(
    parts: dict[str, bytes], frame: tuple[float, float, float, float], drawing: bytes | None = None
) -> Any:
    """A 10 × 7.5 in deck whose one slide holds a diagram frame (x, y, w, h in points); the data
    part's DRAWING_REL names the ``drawing`` part when there is one."""
    prs = new_deck()
    slide = blank_slide(prs)
    rel_attrs = []
    if drawing is not None:
        content_type = "application/vnd.ms-office.drawingml.diagramDrawing+xml"
        part = Part(PackURI("/ppt/diagrams/drawing1.xml"), content_type, slide.part.package, drawing)
        r_id = slide.part.relate_to(part, "http://schemas.microsoft.com/office/2007/relationships/diagramDrawing")
        parts = {**parts, "dm": parts["dm"].replace(b"DRAWING_REL", r_id.encode())}
    for key, blob in parts.items():
        stem, kind, reltype = _PARTS[key]
        part = Part(PackURI(f"/ppt/diagrams/{stem}1.xml"), f"{CT}{kind}+xml", slide.part.package, blob)
        rel_attrs.append(f'r:{key}="{slide.part.relate_to(part, reltype)}"')
    x, y, w, h = (round(v * EMU) for v in frame)
    add_xml_shape(
        slide,
        f'<p:graphicFrame {NSDECL}><p:nvGraphicFramePr><p:cNvPr id="4" name="Diagram"/><p:cNvGraphicFramePr/>'
        f'<p:nvPr/></p:nvGraphicFramePr><p:xfrm><a:off x="{x}" y="{y}"/><a:ext cx="{w}" cy="{h}"/></p:xfrm>'
        f'<a:graphic><a:graphicData uri="{DGM}"><dgm:relIds xmlns:dgm="{DGM}" {" ".join(rel_attrs)}/>'
        "</a:graphicData></a:graphic></p:graphicFrame>",
    )
    return prs


def _center(box: tuple[float, float, float, float] | None) -> tuple[float, float]:
    assert box is not None
    return (box[0] + box[2]) / 2.0, (box[1] + box[3]) / 2.0


def _no_placeholder(warnings: list[str]) -> None:
    assert not [w for w in warnings if "SmartArt" in w or "could not be drawn" in w], warnings


def test_org_chart_is_laid_out_in_levels_with_children_under_their_parent(qapp: object, tmp_path: Path) -> None:
    layout_id = "urn:microsoft.com/office/officeart/2005/8/layout/orgChart1"
    tree = [Node("CEO", [Node("Ann", [Node("Kim"), Node("Lee")]), Node("Bob", [Node("Max")])])]
    frame = (36.0, 72.0, 648.0, 432.0)
    prs = _smartart_deck({"dm": _data_xml(tree, layout_id), "lo": _layout_xml(layout_id, "hierRoot", "rect")}, frame)
    pdf, result = convert(prs, tmp_path)
    _no_placeholder(result.warnings)
    text = page_text(pdf)
    for name in ("CEO", "Ann", "Bob", "Kim", "Lee", "Max"):
        assert name in text
    centers = {name: _center(text_box(pdf, name)) for name in ("CEO", "Ann", "Bob", "Kim", "Lee", "Max")}
    # Levels top-down; each parent centred over its children; siblings left to right in order.
    assert centers["CEO"][1] < centers["Ann"][1] - 20 and abs(centers["Ann"][1] - centers["Bob"][1]) < 6
    assert centers["Ann"][1] < centers["Kim"][1] - 20 and abs(centers["Kim"][1] - centers["Max"][1]) < 6
    assert centers["Kim"][0] < centers["Lee"][0] < centers["Max"][0]
    assert abs(centers["Ann"][0] - (centers["Kim"][0] + centers["Lee"][0]) / 2) < 2
    assert abs(centers["Bob"][0] - centers["Max"][0]) < 2
    assert centers["Ann"][0] < centers["CEO"][0] < centers["Bob"][0]
    # Every box lies inside the frame.
    for cx, cy in centers.values():
        assert frame[0] < cx < frame[0] + frame[2] and frame[1] < cy < frame[1] + frame[3]
    # Nodes filled with the theme's accent1 (no colours part: PowerPoint's default colours).
    image = render_page(pdf, dpi=144)
    left, top, _right, bottom = text_box(pdf, "CEO") or (0, 0, 0, 0)
    assert close(pixel(image, left - 6, (top + bottom) / 2, dpi=144), ACCENT1)
    # A connector (accent1 shaded: darker than the boxes) runs down from the root's box, between
    # its children's boxes.
    ceo_x = centers["CEO"][0]
    column = [pixel(image, ceo_x, bottom + 2 + i * 0.5, dpi=144) for i in range(int((centers["Ann"][1] - bottom) * 2))]
    assert any(sum(p) < sum(ACCENT1) - 60 for p in column)
    assert close(column[-1], WHITE, 10)


def test_default_list_is_a_grid_of_boxes_in_the_colours_part_accents(qapp: object, tmp_path: Path) -> None:
    layout_id = "urn:microsoft.com/office/officeart/2005/8/layout/default"
    nodes = [Node("One", [Node("Detail")]), Node("Two"), Node("Three"), Node("Four"), Node("Five")]
    parts = {
        "dm": _data_xml(nodes, layout_id),
        "lo": _layout_xml(layout_id, "snake", "rect"),
        "cs": _colors_xml("repeat", "accent2", "accent3"),
    }
    pdf, result = convert(_smartart_deck(parts, (36.0, 72.0, 648.0, 400.0)), tmp_path)
    _no_placeholder(result.warnings)
    text = page_text(pdf)
    for name in ("One", "Two", "Three", "Four", "Five", "Detail"):
        assert name in text
    c = {name: _center(text_box(pdf, name)) for name in ("One", "Two", "Three", "Four", "Five")}
    # Three across then two, the last row centred: Four and Five straddle Two.
    assert abs(c["Two"][1] - c["Three"][1]) < 6 and c["One"][0] < c["Two"][0] < c["Three"][0]
    assert c["Four"][1] > c["One"][1] + 40 and abs(c["Four"][1] - c["Five"][1]) < 6
    assert c["Four"][0] < c["Two"][0] < c["Five"][0]
    # The child's text is a bullet inside its parent's box, below the parent's text.
    detail = _center(text_box(pdf, "Detail"))
    assert detail[1] > c["One"][1] and abs(detail[1] - c["One"][1]) < 80
    # Colours repeat through the colours part's list: accent2, accent3, accent2...
    image = render_page(pdf, dpi=144)
    expected = {"Two": ACCENT3, "Three": ACCENT2, "Four": ACCENT3}
    for name, color in expected.items():
        left, top, _r, bottom = text_box(pdf, name) or (0, 0, 0, 0)
        assert close(pixel(image, left - 6, (top + bottom) / 2, dpi=144), color), name


def test_basic_cycle_places_nodes_round_a_circle_with_arrows(qapp: object, tmp_path: Path) -> None:
    layout_id = "urn:microsoft.com/office/officeart/2005/8/layout/cycle2"
    nodes = [Node("North"), Node("East"), Node("South"), Node("West")]
    parts = {"dm": _data_xml(nodes, layout_id), "lo": _layout_xml(layout_id, "cycle", "ellipse", arrows=True)}
    frame = (72.0, 72.0, 576.0, 432.0)
    pdf, result = convert(_smartart_deck(parts, frame), tmp_path)
    _no_placeholder(result.warnings)
    c = {name: _center(text_box(pdf, name)) for name in ("North", "East", "South", "West")}
    mid_x, mid_y = frame[0] + frame[2] / 2, frame[1] + frame[3] / 2
    # Clockwise from the top.
    assert abs(c["North"][0] - mid_x) < 6 and c["North"][1] < mid_y - 80
    assert c["East"][0] > mid_x + 80 and abs(c["East"][1] - mid_y) < 6
    assert abs(c["South"][0] - mid_x) < 6 and c["South"][1] > mid_y + 80
    assert c["West"][0] < mid_x - 80
    image = render_page(pdf, dpi=144)
    left, top, _r, bottom = text_box(pdf, "North") or (0, 0, 0, 0)
    assert close(pixel(image, left - 4, (top + bottom) / 2, dpi=144), ACCENT1)
    # An arrow between North and East, on the circle through the node centres (accent1 tinted).
    radius = c["East"][0] - mid_x
    ax, ay = mid_x + radius * 0.7071, mid_y - radius * 0.7071
    arrow = pixel(image, ax, ay, dpi=144)
    assert not close(arrow, WHITE, 30) and arrow[2] > arrow[0]
    # Nothing between the circle's centre and the nodes.
    assert close(pixel(image, mid_x, mid_y, dpi=144), WHITE, 10)


@pytest.mark.parametrize(("params", "drawn"), [("", True), ('<dgm:param type="dim" val="1D"/>', False)])
def test_basic_cycle_draws_its_two_d_connectors_as_arrows(
    qapp: object, tmp_path: Path, params: str, drawn: bool
) -> None:
    """cycle2's sibling transitions are conn shapes placed by the conn algorithm, 2-D unless its
    dim parameter says 1D: arrows between the nodes. Before, only a named arrow shape drew them."""
    layout_id = "urn:microsoft.com/office/officeart/2005/8/layout/cycle2"
    nodes = [Node("North"), Node("East"), Node("South"), Node("West")]
    parts = {"dm": _data_xml(nodes, layout_id), "lo": _layout_xml(layout_id, "cycle", "ellipse", connectors=params)}
    frame = (72.0, 72.0, 576.0, 432.0)
    pdf, result = convert(_smartart_deck(parts, frame), tmp_path)
    _no_placeholder(result.warnings)
    c = {name: _center(text_box(pdf, name)) for name in ("North", "East")}
    mid_x, mid_y = frame[0] + frame[2] / 2, frame[1] + frame[3] / 2
    radius = c["East"][0] - mid_x
    arrow = pixel(render_page(pdf, dpi=144), mid_x + radius * 0.7071, mid_y - radius * 0.7071, dpi=144)
    assert (not close(arrow, WHITE, 30) and arrow[2] > arrow[0]) is drawn, arrow


def test_empty_nodes_with_a_sized_paragraph_mark_leave_the_text_size_alone(qapp: object, tmp_path: Path) -> None:
    """An empty node has no text to fit, whatever size its paragraph mark states: Aspose.Slides
    writes each empty node of a new diagram as <a:p><a:endParaRPr sz="6500"/></a:p>, which no
    box holds; the other nodes' text shrank to 5 pt."""
    layout_id = "urn:microsoft.com/office/officeart/2005/8/layout/cycle2"
    nodes = [Node("North"), Node(""), Node(""), Node("")]
    heights: list[float] = []
    for mark in ('<a:endParaRPr lang="en-US"/>', '<a:endParaRPr lang="en-US" sz="6500"/>'):
        data = _data_xml(nodes, layout_id).replace(
            b'<a:p><a:r><a:rPr lang="en-US"/><a:t></a:t></a:r></a:p>', f"<a:p>{mark}</a:p>".encode()
        )
        parts = {"dm": data, "lo": _layout_xml(layout_id, "cycle", "ellipse")}
        folder = tmp_path / str(len(heights))
        folder.mkdir()
        pdf, result = convert(_smartart_deck(parts, (72.0, 72.0, 440.0, 240.0)), folder)
        _no_placeholder(result.warnings)
        box = text_box(pdf, "North")
        assert box is not None
        heights.append(box[3] - box[1])
    assert heights[0] > 12.0, heights
    assert abs(heights[1] - heights[0]) < 0.5, heights  # before: 5 pt


def test_process_puts_arrows_between_boxes_in_a_row(qapp: object, tmp_path: Path) -> None:
    layout_id = "urn:microsoft.com/office/officeart/2005/8/layout/process1"
    nodes = [Node("Plan"), Node("Build"), Node("Ship")]
    parts = {"dm": _data_xml(nodes, layout_id), "lo": _layout_xml(layout_id, "lin", "roundRect", arrows=True)}
    pdf, result = convert(_smartart_deck(parts, (36.0, 150.0, 648.0, 200.0)), tmp_path)
    _no_placeholder(result.warnings)
    c = {name: _center(text_box(pdf, name)) for name in ("Plan", "Build", "Ship")}
    assert c["Plan"][0] < c["Build"][0] < c["Ship"][0]
    assert abs(c["Plan"][1] - c["Ship"][1]) < 6
    image = render_page(pdf, dpi=144)
    between = pixel(image, (c["Plan"][0] + c["Build"][0]) / 2, c["Plan"][1], dpi=144)
    assert not close(between, WHITE, 30)


def test_pyramid_stacks_bands_top_down(qapp: object, tmp_path: Path) -> None:
    layout_id = "urn:microsoft.com/office/officeart/2005/8/layout/pyramid1"
    nodes = [Node("Top"), Node("Middle"), Node("Base")]
    parts = {"dm": _data_xml(nodes, layout_id), "lo": _layout_xml(layout_id, "pyra", "trapezoid")}
    pdf, result = convert(_smartart_deck(parts, (72.0, 72.0, 576.0, 432.0)), tmp_path)
    _no_placeholder(result.warnings)
    c = {name: _center(text_box(pdf, name)) for name in ("Top", "Middle", "Base")}
    assert c["Top"][1] < c["Middle"][1] < c["Base"][1]
    image = render_page(pdf, dpi=144)
    # Bands widen downwards: at the base band's height, well left of centre is still filled.
    assert close(pixel(image, c["Base"][0] - 150, c["Base"][1], dpi=144), ACCENT1)
    assert close(pixel(image, c["Top"][0] - 150, c["Top"][1], dpi=144), WHITE, 10)


def test_unknown_layout_without_layout_part_still_shows_every_node(qapp: object, tmp_path: Path) -> None:
    layout_id = "urn:example.com/layouts/matrixOfSomething"
    nodes = [Node("Alpha", [Node("Beta")]), Node("Gamma")]
    pdf, result = convert(_smartart_deck({"dm": _data_xml(nodes, layout_id)}, (36.0, 72.0, 648.0, 400.0)), tmp_path)
    _no_placeholder(result.warnings)
    text = page_text(pdf)
    for name in ("Alpha", "Beta", "Gamma"):
        assert name in text


def test_empty_stored_drawing_is_laid_out_afresh(qapp: object, tmp_path: Path) -> None:
    # Some writers store a drawing part with no shapes; PowerPoint lays the diagram out again.
    layout_id = "urn:microsoft.com/office/officeart/2005/8/layout/default"
    drawing = (
        b'<dsp:drawing xmlns:dsp="http://schemas.microsoft.com/office/drawing/2008/diagram" '
        b'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><dsp:spTree><dsp:nvGrpSpPr>'
        b'<dsp:cNvPr id="0" name=""/><dsp:cNvGrpSpPr/></dsp:nvGrpSpPr><dsp:grpSpPr/></dsp:spTree></dsp:drawing>'
    )
    parts = {"dm": _data_xml([Node("Stored"), Node("Empty")], layout_id, "DRAWING_REL")}
    pdf, result = convert(_smartart_deck(parts, (36.0, 72.0, 648.0, 400.0), drawing), tmp_path)
    _no_placeholder(result.warnings)
    left, top, _r, bottom = text_box(pdf, "Stored") or (0, 0, 0, 0)
    assert text_box(pdf, "Empty") is not None
    assert close(pixel(render_page(pdf, dpi=144), left - 6, (top + bottom) / 2, dpi=144), ACCENT1)


def test_stored_drawing_with_no_shapes_but_other_children_is_laid_out_afresh(qapp: object, tmp_path: Path) -> None:
    # Found by the mutation fuzzer: an empty stored drawing whose shape tree also holds something
    # that is not a shape (an extension list; a stray property element) counted as a drawing, so
    # the diagram was drawn from it, as nothing, without a word.
    layout_id = "urn:microsoft.com/office/officeart/2005/8/layout/default"
    for extra in (b'<dsp:extLst><a:ext uri="{0}"/></dsp:extLst>', b"<dsp:cNvGrpSpPr/>"):
        drawing = (
            b'<dsp:drawing xmlns:dsp="http://schemas.microsoft.com/office/drawing/2008/diagram" '
            b'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><dsp:spTree><dsp:nvGrpSpPr>'
            b'<dsp:cNvPr id="0" name=""/><dsp:cNvGrpSpPr/></dsp:nvGrpSpPr><dsp:grpSpPr/>' + extra + b"</dsp:spTree>"
            b"</dsp:drawing>"
        )
        parts = {"dm": _data_xml([Node("Stored"), Node("Empty")], layout_id, "DRAWING_REL")}
        pdf, result = convert(_smartart_deck(parts, (36.0, 72.0, 648.0, 400.0), drawing), tmp_path)
        _no_placeholder(result.warnings)
        assert text_box(pdf, "Stored") is not None, extra
        assert text_box(pdf, "Empty") is not None, extra


def test_vertical_list_puts_sub_items_in_a_box_beside_their_node(qapp: object, tmp_path: Path) -> None:
    layout_id = "urn:microsoft.com/office/officeart/2005/8/layout/vList5"
    nodes = [Node("Alpha", [Node("first point"), Node("second point")]), Node("Omega", [Node("last point")])]
    parts = {"dm": _data_xml(nodes, layout_id), "lo": _layout_xml(layout_id, "lin", "roundRect")}
    frame = (36.0, 72.0, 648.0, 400.0)
    pdf, result = convert(_smartart_deck(parts, frame), tmp_path)
    _no_placeholder(result.warnings)
    alpha, omega = _center(text_box(pdf, "Alpha")), _center(text_box(pdf, "Omega"))
    first, second, last = (_center(text_box(pdf, t)) for t in ("first point", "second point", "last point"))
    # Rows down the frame; each node's label on the left, its sub-items to the right, in order.
    assert alpha[1] < omega[1] - 60
    assert first[0] > alpha[0] + 100 and second[0] > alpha[0] + 100 and alpha[1] - 60 < first[1] < second[1]
    assert last[0] > omega[0] + 100 and abs(last[1] - omega[1]) < 60
    # The label is filled with accent1; the sub-items' box is light (lt1 at 90%) in an accent1 line.
    image = render_page(pdf, dpi=144)
    left, top, _r, bottom = text_box(pdf, "Alpha") or (0, 0, 0, 0)
    assert close(pixel(image, left - 6, (top + bottom) / 2, dpi=144), ACCENT1)
    right = (text_box(pdf, "first point") or (0, 0, 0, 0))[2]
    assert close(pixel(image, right + 6, first[1], dpi=144), WHITE, 20)
    row = [pixel(image, right + 6 + i * 0.5, first[1], dpi=144) for i in range(int((frame[0] + frame[2] - right) * 2))]
    assert any(close(p, ACCENT1, 30) for p in row)


def test_corpus_2007_deck_draws_its_diagrams_without_placeholders(qapp: object, tmp_path: Path, corpus: Path) -> None:
    deck = corpus / "decks" / "oxsdk__O12Typical.pptx"
    if not deck.exists():
        pytest.skip("corpus deck missing")
    pdf, result = convert(deck, tmp_path)
    _no_placeholder(result.warnings)
    pages = [page_text(pdf, i) for i in range(result.slides)]
    org = next(i for i, t in enumerate(pages) if "Org. Charts Are Very Common" in t)
    for name in ("Fruit", "Berries", "Melons", "Strawberry", "Raspberry", "Cantaloupe", "Honeydew", "Watermelon"):
        assert name in pages[org]
    fruit, berries, melons = (_center(text_box(pdf, n, org)) for n in ("Fruit", "Berries", "Melons"))
    strawberry, watermelon = (_center(text_box(pdf, n, org)) for n in ("Strawberry", "Watermelon"))
    assert fruit[1] < berries[1] < strawberry[1] and berries[0] < fruit[0] < melons[0]
    assert abs(berries[1] - melons[1]) < 6 and strawberry[0] < watermelon[0]
    cycle = next(i for i, t in enumerate(pages) if "Hand Drawn" in t)
    for name in ("Meetings", "Phone Calls", "E-mail", "Documents"):
        assert name in pages[cycle]


# -- layouts run from their own layout definition (lin, composite, sp, tx) ----------------------------
def _def(layout_id: str, body: str) -> bytes:
    return f'<dgm:layoutDef xmlns:dgm="{DGM}" uniqueId="{layout_id}">{body}</dgm:layoutDef>'.encode()


def _constraints(*items: str) -> str:
    return "<dgm:constrLst>" + "".join(f"<dgm:constr {c}/>" for c in items) + "</dgm:constrLst>"


_SPACER = (
    '<dgm:forEach axis="followSib" ptType="sibTrans" cnt="1"><dgm:layoutNode name="sp"><dgm:alg type="sp"/>'
    "<dgm:shape/><dgm:presOf/></dgm:layoutNode></dgm:forEach>"
)


def _rows_layout(layout_id: str, items_height: str, label_and_items: str) -> bytes:
    """A list of rows top-down, a spacer a tenth of a row between them; in each row a label 0.4 of
    its width beside the node's items, 0.6 (``items_height``: the items' height constraint,
    ``label_and_items``: the two layout nodes)."""
    return _def(
        layout_id,
        '<dgm:layoutNode name="root"><dgm:alg type="lin"><dgm:param type="linDir" val="fromT"/></dgm:alg>'
        "<dgm:shape/><dgm:presOf/>"
        + _constraints(
            'type="w" for="ch" forName="row" refType="w"',
            'type="h" for="ch" forName="row" refType="h"',
            'type="h" for="ch" forName="sp" refType="h" refFor="ch" refForName="row" fact="0.1"',
        )
        + '<dgm:forEach axis="ch" ptType="node"><dgm:layoutNode name="row"><dgm:alg type="lin"/><dgm:shape/>'
        "<dgm:presOf/>"
        + _constraints(
            'type="w" for="ch" forName="label" refType="w" fact="0.4"',
            'type="h" for="ch" forName="label" refType="h"',
            'type="w" for="ch" forName="items" refType="w" fact="0.6"',
            items_height,
        )
        + label_and_items
        + "</dgm:layoutNode>"
        + _SPACER
        + "</dgm:forEach></dgm:layoutNode>",
    )


def test_vertical_arrow_list_draws_sub_items_in_an_arrow_beside_the_node(qapp: object, tmp_path: Path) -> None:
    # As Vertical Arrow List (vList6): rows top-down; in each, the node's box takes 40% of the row
    # and its sub-items a right arrow (adj 0.75) the other 60%, the layout's constraints say so.
    layout = _rows_layout(
        layout_id := "urn:example.com/layouts/arrowRows",
        'type="h" for="ch" forName="items" refType="h" refFor="ch" refForName="label"',
        '<dgm:layoutNode name="label" styleLbl="node1"><dgm:alg type="tx"/><dgm:shape type="roundRect"/>'
        '<dgm:presOf axis="self" ptType="node"/></dgm:layoutNode>'
        '<dgm:layoutNode name="items" styleLbl="bgAccFollowNode1"><dgm:alg type="tx"/>'
        '<dgm:shape type="rightArrow"><dgm:adjLst><dgm:adj idx="1" val="0.75"/></dgm:adjLst></dgm:shape>'
        '<dgm:presOf axis="des" ptType="node"/></dgm:layoutNode>',
    )
    nodes = [Node("North", [Node("cold")]), Node("South", [Node("warm")])]
    frame = (36.0, 72.0, 648.0, 300.0)
    pdf, result = convert(_smartart_deck({"dm": _data_xml(nodes, layout_id), "lo": layout}, frame), tmp_path)
    _no_placeholder(result.warnings)
    north, south = text_box(pdf, "North"), text_box(pdf, "South")
    cold, warm = text_box(pdf, "cold"), text_box(pdf, "warm")
    assert north and south and cold and warm
    # Two rows of (2 + 0.1 gap) parts: each row 300 / 2.1 ≈ 143 pt high.
    row_h = frame[3] / 2.1
    rows = [frame[1] + row_h / 2, frame[1] + row_h * 1.6]
    for label, items, row in ((north, cold, rows[0]), (south, warm, rows[1])):
        assert frame[0] < label[0] and label[2] < frame[0] + 0.4 * frame[2]
        assert abs(_center(label)[1] - row) < 10 and abs(_center(items)[1] - row) < 10
        assert frame[0] + 0.4 * frame[2] < items[0] and items[2] < frame[0] + frame[2]
    image = render_page(pdf, dpi=144)
    right = frame[0] + frame[2]

    def rightmost_ink(y: float) -> float:
        xs = [x / 2 for x in range(int(frame[0] * 2), int((right + 4) * 2))]
        return max((x for x in xs if not close(pixel(image, x, y, dpi=144), WHITE, 40)), default=0.0)

    # The arrow (light fill, accent1 outline): its tip at the frame's right edge at the row's middle,
    # its head tapering (near the row's top it ends a head's length earlier), its shaft 75% of the
    # row high (outline at 12.5% from the top, nothing above it at the shaft).
    assert rightmost_ink(rows[0]) > right - 3
    assert rightmost_ink(rows[0] - row_h * 0.4) < right - row_h * 0.3
    shaft_x = frame[0] + frame[2] * 0.6
    column = [pixel(image, shaft_x, rows[0] - row_h / 2 + i * 0.5, dpi=144) for i in range(int(row_h * 0.25 * 2))]
    ink = [i * 0.5 for i, p in enumerate(column) if not close(p, WHITE, 40)]
    assert ink and abs(ink[0] - row_h * 0.125) < 3
    # The node's box is accent1 beside the arrow.
    assert close(pixel(image, frame[0] + 6, rows[0], dpi=144), ACCENT1)


def test_vertical_chevron_list_turns_its_chevrons_to_point_down(qapp: object, tmp_path: Path) -> None:
    # As Vertical Chevron List (chevron2): a composite per node; the chevron (rot 90) at the left,
    # at most 0.7 of its height wide, the sub-items' box from its right edge to the row's end.
    layout_id = "urn:example.com/layouts/chevronRows"
    layout = _def(
        layout_id,
        '<dgm:layoutNode name="flow"><dgm:alg type="lin"><dgm:param type="linDir" val="fromT"/>'
        '<dgm:param type="nodeHorzAlign" val="l"/></dgm:alg><dgm:shape/><dgm:presOf/>'
        + _constraints(
            'type="h" for="ch" forName="composite" refType="h"',
            'type="w" for="ch" forName="composite" refType="w"',
            'type="h" for="ch" forName="sp" val="-5"',
        )
        + '<dgm:forEach axis="ch" ptType="node"><dgm:layoutNode name="composite"><dgm:alg type="composite"/>'
        "<dgm:shape/><dgm:presOf/>"
        + _constraints(
            'type="t" for="ch" forName="chev"',
            'type="l" for="ch" forName="chev"',
            'type="w" for="ch" forName="chev" refType="w" fact="0.4"',
            'type="h" for="ch" forName="chev" refType="h"',
            'type="w" for="ch" forName="chev" refType="h" refFor="ch" refForName="chev" op="lte" fact="0.7"',
            'type="l" for="ch" forName="body" refType="w" refFor="ch" refForName="chev"',
            'type="w" for="ch" forName="body" refType="w"',
            'type="wOff" for="ch" forName="body" refType="w" refFor="ch" refForName="chev" fact="-1"',
            'type="t" for="ch" forName="body"',
            'type="b" for="ch" forName="body" refType="h" refFor="ch" refForName="chev"',
            'type="bOff" for="ch" forName="body" refType="w" refFor="ch" refForName="chev" fact="-0.5"',
        )
        + '<dgm:layoutNode name="chev" styleLbl="alignNode1"><dgm:alg type="tx"/><dgm:shape type="chevron" rot="90"/>'
        '<dgm:presOf axis="self" ptType="node"/></dgm:layoutNode>'
        '<dgm:layoutNode name="body" styleLbl="alignAcc1"><dgm:alg type="tx"/>'
        '<dgm:shape type="round2SameRect" rot="90"/><dgm:presOf axis="des" ptType="node"/></dgm:layoutNode>'
        "</dgm:layoutNode>" + _SPACER + "</dgm:forEach></dgm:layoutNode>",
    )
    nodes = [Node("A", [Node("first step")]), Node("B", [Node("second step")]), Node("C", [Node("third step")])]
    frame = (36.0, 72.0, 648.0, 360.0)
    pdf, result = convert(_smartart_deck({"dm": _data_xml(nodes, layout_id), "lo": layout}, frame), tmp_path)
    _no_placeholder(result.warnings)
    # Three rows as high as the frame and two -5 mm spacers, scaled together into the frame; the
    # chevron 0.7 of a row wide.
    overlap = 5 * 72 / 25.4
    row_h = frame[3] * frame[3] / (3 * frame[3] - 2 * overlap)
    chev_w = 0.7 * row_h
    a, b = _center(text_box(pdf, "A")), _center(text_box(pdf, "B"))
    first = text_box(pdf, "first step")
    assert first is not None
    assert abs(a[0] - (frame[0] + chev_w / 2)) < 4 and a[1] < b[1]
    assert first[0] > frame[0] + chev_w and first[2] < frame[0] + frame[2]
    assert _center(first)[1] < frame[1] + row_h - chev_w / 2  # the body ends above the chevron's tip
    image = render_page(pdf, dpi=144)
    top, bottom = frame[1], frame[1] + row_h
    cx = frame[0] + chev_w / 2
    # Pointing down: the tip is at the bottom centre, the bottom corners are cut away, and the
    # notch cuts into the top centre while the top corners are filled.
    assert close(pixel(image, cx, bottom - 4, dpi=144), ACCENT1)
    assert close(pixel(image, frame[0] + 3, bottom - 4, dpi=144), WHITE, 10)
    assert close(pixel(image, frame[0] + 2, top + 8, dpi=144), ACCENT1)
    assert close(pixel(image, cx, top + 3, dpi=144), WHITE, 10)


def test_fill_the_user_gave_a_node_replaces_the_style_colour(qapp: object, tmp_path: Path) -> None:
    # A node's point may carry its own spPr (formatting the user applied): its box takes that fill.
    layout_id = "urn:microsoft.com/office/officeart/2005/8/layout/default"
    data = _data_xml([Node("Plain"), Node("Painted")], layout_id)
    data = data.replace(
        b'<dgm:pt modelId="n2"><dgm:prSet/><dgm:spPr/>',
        b'<dgm:pt modelId="n2"><dgm:prSet/><dgm:spPr><a:solidFill><a:srgbClr val="FF8000"/></a:solidFill></dgm:spPr>',
    )
    parts = {"dm": data, "lo": _layout_xml(layout_id, "snake", "rect")}
    pdf, result = convert(_smartart_deck(parts, (36.0, 72.0, 648.0, 300.0)), tmp_path)
    _no_placeholder(result.warnings)
    image = render_page(pdf, dpi=144)
    for name, color in (("Plain", ACCENT1), ("Painted", (0xFF, 0x80, 0x00))):
        left, top, _r, bottom = text_box(pdf, name) or (0, 0, 0, 0)
        assert close(pixel(image, left - 6, (top + bottom) / 2, dpi=144), color), name


def _stored_drawing_shape(text: str, rot: int, box: tuple[int, int, int, int], text_rot: int | None) -> str:
    """A dsp:sp turned by ``rot`` degrees whose text box (dsp:txXfrm, points) is ``box``, upright
    on the page, with ``text_rot`` as its rot attribute (None: no attribute)."""
    x, y, w, h = (v * EMU for v in box)
    # The shape's own box is the text box turned by its rotation: for 90/270 its sides swap.
    sw, sh = (h, w) if rot % 180 else (w, h)
    sx, sy = x + (w - sw) // 2, y + (h - sh) // 2
    rot_attr = "" if text_rot is None else f' rot="{text_rot * 60000}"'
    return (
        f'<dsp:sp modelId="{{{text}}}"><dsp:nvSpPr><dsp:cNvPr id="0" name=""/><dsp:cNvSpPr/></dsp:nvSpPr>'
        f'<dsp:spPr><a:xfrm rot="{rot * 60000}"><a:off x="{sx}" y="{sy}"/><a:ext cx="{sw}" cy="{sh}"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:solidFill><a:srgbClr val="DDEEFF"/></a:solidFill></dsp:spPr>'
        '<dsp:txBody><a:bodyPr anchor="ctr"/><a:lstStyle/><a:p><a:pPr algn="ctr"/>'
        f'<a:r><a:rPr lang="en-US" sz="2000"/><a:t>{text}</a:t></a:r></a:p></dsp:txBody>'
        f'<dsp:txXfrm{rot_attr}><a:off x="{x}" y="{y}"/><a:ext cx="{w}" cy="{h}"/></dsp:txXfrm></dsp:sp>'
    )


def test_stored_drawing_text_rotation_counts_from_the_shape(qapp: object, tmp_path: Path) -> None:
    # PowerPoint keeps text level in a turned SmartArt shape by writing the shape's rotation negated
    # on dsp:txXfrm (a 270-degree box with rot 90, a 180-degree one with rot 180); PowerPoint 2007
    # writes no rot at all. Only a rotation left over turns the text.
    layout_id = "urn:microsoft.com/office/officeart/2005/8/layout/default"
    shapes = [
        _stored_drawing_shape("Quarter", 270, (60, 60, 240, 60), 90),
        _stored_drawing_shape("Half", 180, (360, 60, 240, 60), 180),
        _stored_drawing_shape("Older", 90, (60, 200, 240, 60), None),
        _stored_drawing_shape("Turned", 0, (360, 200, 240, 60), 90),
    ]
    drawing = (
        '<dsp:drawing xmlns:dsp="http://schemas.microsoft.com/office/drawing/2008/diagram" '
        'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><dsp:spTree><dsp:nvGrpSpPr>'
        '<dsp:cNvPr id="0" name=""/><dsp:cNvGrpSpPr/></dsp:nvGrpSpPr><dsp:grpSpPr/>'
        f"{''.join(shapes)}</dsp:spTree></dsp:drawing>"
    ).encode()
    nodes = [Node("Quarter"), Node("Half"), Node("Older"), Node("Turned")]
    parts = {"dm": _data_xml(nodes, layout_id, "DRAWING_REL")}
    pdf, result = convert(_smartart_deck(parts, (0.0, 0.0, 720.0, 540.0), drawing), tmp_path)
    _no_placeholder(result.warnings)
    chars = pdf_chars(pdf)
    text = "".join(c for c, _box in chars)

    def centres(word: str) -> list[tuple[float, float]]:
        at = text.index(word)
        return [((b[0] + b[2]) / 2.0, (b[1] + b[3]) / 2.0) for _c, b in chars[at : at + len(word)]]

    for word in ("Quarter", "Half", "Older"):
        xs, ys = zip(*centres(word), strict=True)
        # Level and not upside down: left to right along one baseline.
        assert list(xs) == sorted(xs) and xs[-1] - xs[0] > 20, (word, xs)
        assert max(ys) - min(ys) < 2, (word, ys)
    xs, ys = zip(*centres("Turned"), strict=True)
    # The one rotation left over (90 degrees) runs the word down the page (PDF y falls).
    assert list(ys) == sorted(ys, reverse=True) and ys[0] - ys[-1] > 20, ys
    assert max(xs) - min(xs) < 2, xs


def test_a_layout_definition_nested_a_thousand_deep_falls_back_to_the_family_layout(
    qapp: object, tmp_path: Path
) -> None:
    """Parts nest up to 2,048 XML levels (worker/deck/xml.py): a layout definition whose node list
    sits inside 1,000 nested dgm:choose branches must not run the engine's recursion out; the
    diagram is laid out by its family's code instead, every node shown."""
    layout_id = "urn:example.com/layouts/deep"
    inner = (
        '<dgm:forEach axis="ch" ptType="node"><dgm:layoutNode name="node" styleLbl="node1"><dgm:alg type="tx"/>'
        '<dgm:shape type="rect"/><dgm:presOf axis="desOrSelf" ptType="node"/></dgm:layoutNode></dgm:forEach>'
    )
    deep = "<dgm:choose><dgm:else>" * 1000 + inner + "</dgm:else></dgm:choose>" * 1000
    layout = _def(
        layout_id,
        '<dgm:layoutNode name="root"><dgm:alg type="lin"/><dgm:shape/><dgm:presOf/>'
        + _constraints('type="w" for="ch" forName="node" refType="w" fact="0.3"', 'type="h" for="ch" refType="h"')
        + deep
        + "</dgm:layoutNode>",
    )
    nodes = [Node("Alpha"), Node("Beta"), Node("Gamma")]
    pdf, result = convert(
        _smartart_deck({"dm": _data_xml(nodes, layout_id), "lo": layout}, (36, 72, 648, 300)), tmp_path
    )
    _no_placeholder(result.warnings)
    assert not [w for w in result.warnings if "nested" in w], result.warnings
    text = page_text(pdf)
    assert all(name in text for name in ("Alpha", "Beta", "Gamma")), text


def _matrix_tile(n: int, rot: int, edge_x: str, edge_y: str, st: int) -> tuple[str, str]:
    """Titled Matrix (matrix1) tile ``n``: the tile's constraints in its parent (its quadrant
    by its outer edges and the half-way lines) and its tile and text layout nodes, the text on the
    tile's outer edges, as wide as the tile and 0.75 of it high. The tile names only l, r, t, b:
    its text reads the tile's w and h from them."""
    half_x = "r" if edge_x == "l" else "l"
    half_y = "b" if edge_y == "t" else "t"
    full = {"l": "", "t": "", "r": 'refType="w"', "b": 'refType="h"'}
    ref = f'refFor="ch" refForName="tile{n}"'
    constraints = [
        f'type="{edge_x}" for="ch" forName="tile{n}" {full[edge_x]}',
        f'type="{edge_y}" for="ch" forName="tile{n}" {full[edge_y]}',
        f'type="{half_x}" for="ch" forName="tile{n}" refType="w" fact="0.5"',
        f'type="{half_y}" for="ch" forName="tile{n}" refType="h" fact="0.5"',
        f'type="{edge_x}" for="ch" forName="tile{n}text" refType="{edge_x}" {ref}',
        f'type="{edge_y}" for="ch" forName="tile{n}text" refType="{edge_y}" {ref}',
        f'type="w" for="ch" forName="tile{n}text" refType="w" {ref}',
        f'type="h" for="ch" forName="tile{n}text" refType="h" {ref} fact="0.75"',
    ]
    pres = f'<dgm:presOf axis="ch ch desOrSelf" ptType="node node node" st="1 {st} 1" cnt="1 1 0"/>'
    nodes = (
        f'<dgm:layoutNode name="tile{n}" styleLbl="node1"><dgm:alg type="sp"/>'
        f'<dgm:shape rot="{rot}" type="round1Rect"/>{pres}</dgm:layoutNode>'
        f'<dgm:layoutNode name="tile{n}text" styleLbl="node1"><dgm:alg type="tx"/>'
        f'<dgm:shape rot="{rot}" type="rect" hideGeom="1"/>{pres}</dgm:layoutNode>'
    )
    return "".join(f"<dgm:constr {c}/>" for c in constraints), nodes


def test_titled_matrix_puts_each_tiles_text_on_its_tiles_outer_side(qapp: object, tmp_path: Path) -> None:
    # Titled Matrix (matrix1) as PowerPoint ships it: the root's four children in quadrant tiles
    # (round1Rect turned so its rounded corner is the diagram's outer corner), each child's text
    # in a box as wide as its tile on the tile's outer three quarters, the root in a centre tile.
    # The tiles present their nodes through presOf paths ("ch ch desOrSelf", st "1 k 1").
    layout_id = "urn:microsoft.com/office/officeart/2005/8/layout/matrix1"
    tiles = [_matrix_tile(1, 270, "l", "t", 1), _matrix_tile(2, 0, "r", "t", 2),
             _matrix_tile(3, 180, "l", "b", 3), _matrix_tile(4, 90, "r", "b", 4)]  # fmt: skip
    layout = _def(
        layout_id,
        '<dgm:layoutNode name="diagram"><dgm:alg type="composite"/><dgm:shape/><dgm:presOf/>'
        + _constraints(
            'type="ctrX" for="ch" forName="matrix" refType="w" fact="0.5"',
            'type="ctrY" for="ch" forName="matrix" refType="h" fact="0.5"',
            'type="w" for="ch" forName="matrix" refType="w"',
            'type="h" for="ch" forName="matrix" refType="h"',
            'type="ctrX" for="ch" forName="centerTile" refType="w" fact="0.5"',
            'type="ctrY" for="ch" forName="centerTile" refType="h" fact="0.5"',
            'type="w" for="ch" forName="centerTile" refType="w" fact="0.3"',
            'type="h" for="ch" forName="centerTile" refType="h" fact="0.25"',
        )
        + '<dgm:layoutNode name="matrix"><dgm:alg type="composite"/><dgm:shape/><dgm:presOf/>'
        + "<dgm:constrLst>"
        + "".join(c for c, _n in tiles)
        + "</dgm:constrLst>"
        + "".join(n for _c, n in tiles)
        + '</dgm:layoutNode><dgm:layoutNode name="centerTile" styleLbl="fgShp"><dgm:alg type="tx"/>'
        '<dgm:shape type="roundRect"/><dgm:presOf axis="ch" ptType="node" cnt="1"/></dgm:layoutNode>'
        "</dgm:layoutNode>",
    )
    words = ["Alpha", "Bravo", "Charlie", "Delta"]
    nodes = [Node("Hub", [Node(w) for w in words])]
    x0, y0, w, h = frame = (36.0, 72.0, 648.0, 400.0)
    pdf, result = convert(_smartart_deck({"dm": _data_xml(nodes, layout_id), "lo": layout}, frame), tmp_path)
    _no_placeholder(result.warnings)
    hub = text_box(pdf, "Hub")
    # (Vertical centres within 8 pt: a word's glyph boxes sit off its line's middle.)
    assert hub is not None and abs(_center(hub)[0] - (x0 + w / 2)) < 3 and abs(_center(hub)[1] - (y0 + h / 2)) < 8
    tile_w, tile_h = w / 2, h / 2
    image = render_page(pdf, dpi=144)
    for i, word in enumerate(words):
        row, col = divmod(i, 2)
        left, top = x0 + col * tile_w, y0 + row * tile_h
        box = text_box(pdf, word)
        assert box is not None, word
        # Inside its quadrant, centred across its tile, and centred in the three quarters of the
        # tile's height away from the centre tile (the top three quarters for the top row).
        assert left < box[0] and box[2] < left + tile_w and top < box[1] and box[3] < top + tile_h, (word, box)
        cx, cy = _center(box)
        assert abs(cx - (left + tile_w / 2)) < 3, (word, cx)
        text_top = top if row == 0 else top + tile_h * 0.25
        assert abs(cy - (text_top + tile_h * 0.375)) < 8, (word, cy)
        # The tile fills its whole quadrant but its outer corner, which is rounded away.
        outer_x, outer_y = (x0 if col == 0 else x0 + w), (y0 if row == 0 else y0 + h)
        step_x, step_y = (1 if col == 0 else -1), (1 if row == 0 else -1)
        assert close(pixel(image, outer_x + 2 * step_x, outer_y + 2 * step_y, dpi=144), WHITE, 10), word
        mid_x, mid_y = x0 + w / 2 - 4 * step_x, y0 + h / 2 - 4 * step_y  # beside the half-way lines
        for x, y in ((outer_x + 4 * step_x, mid_y), (mid_x, outer_y + 4 * step_y)):
            assert close(pixel(image, x, y, dpi=144), ACCENT1, 40), (word, x, y)


# -- the user's own resizing and moving (dgm:prSet custScale*, custLinFact*) ------------------------
def _custom_data_xml(layout_id: str, nodes: list[tuple[str, str]]) -> bytes:
    """A data model with top-level nodes (text, the prSet attributes of its presentation point
    named "box"), as PowerPoint writes them once the user resized or moved a shape."""
    points = [f'<dgm:pt modelId="doc" type="doc"><dgm:prSet loTypeId="{layout_id}"/><dgm:spPr/></dgm:pt>']
    cxns = []
    for i, (text, custom) in enumerate(nodes):
        points.append(
            f'<dgm:pt modelId="n{i}"><dgm:prSet/><dgm:spPr/><dgm:t><a:bodyPr/><a:lstStyle/><a:p><a:r>'
            f'<a:rPr lang="en-US"/><a:t>{text}</a:t></a:r></a:p></dgm:t></dgm:pt>'
            f'<dgm:pt modelId="n{i}box" type="pres"><dgm:prSet presAssocID="n{i}" presName="box" '
            f'presStyleLbl="node1" presStyleIdx="{i}" presStyleCnt="{len(nodes)}" {custom}/><dgm:spPr/></dgm:pt>'
        )
        cxns.append(f'<dgm:cxn modelId="c{i}" srcId="doc" destId="n{i}" srcOrd="{i}" destOrd="0"/>')
    return (
        f'<dgm:dataModel xmlns:dgm="{DGM}" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
        f"<dgm:ptLst>{''.join(points)}</dgm:ptLst><dgm:cxnLst>{''.join(cxns)}</dgm:cxnLst><dgm:bg/><dgm:whole/>"
        "</dgm:dataModel>"
    ).encode()


_BOX = (
    '<dgm:layoutNode name="box" styleLbl="node1"><dgm:alg type="tx"/><dgm:shape type="rect"/>'
    '<dgm:presOf axis="desOrSelf" ptType="node"/></dgm:layoutNode>'
)


def _box_row(layout_id: str, height: float = 0.5, gap: float = 0.0) -> bytes:
    """A row (lin fromL) of boxes 0.4 of the frame's width and ``height`` of its height each,
    with a spacer ``gap`` of the width after each when one is asked for."""
    spacer = f'type="w" for="ch" forName="sp" refType="w" fact="{gap}"' if gap else ""
    constraints = [
        'type="w" for="ch" forName="box" refType="w" fact="0.4"',
        f'type="h" for="ch" forName="box" refType="h" fact="{height}"',
    ] + ([spacer] if spacer else [])
    return _def(
        layout_id,
        '<dgm:layoutNode name="diagram"><dgm:alg type="lin"/><dgm:shape/><dgm:presOf/>'
        + _constraints(*constraints)
        + f'<dgm:forEach axis="ch" ptType="node">{_BOX}{_SPACER if gap else ""}</dgm:forEach></dgm:layoutNode>',
    )


def _filled(image: Any, x: float, y: float) -> bool:
    return not close(pixel(image, x, y, dpi=144), WHITE, 40)


def test_a_shape_the_user_resized_and_moved_is_drawn_where_the_user_left_it(qapp: object, tmp_path: Path) -> None:
    # One box, half the frame each way, centred (a composite); the user made it half as wide
    # (custScaleX 50%, about its centre) and dragged it right by half its laid-out width
    # (custLinFactNeighborX 50%), as far as the frame allows.
    layout_id = "urn:example.com/layouts/oneBox"
    layout = _def(
        layout_id,
        '<dgm:layoutNode name="diagram"><dgm:alg type="composite"/><dgm:shape/><dgm:presOf/>'
        + _constraints(
            'type="w" for="ch" forName="box" refType="w" fact="0.5"',
            'type="h" for="ch" forName="box" refType="h" fact="0.5"',
            'type="ctrX" for="ch" forName="box" refType="w" fact="0.5"',
            'type="ctrY" for="ch" forName="box" refType="h" fact="0.5"',
        )
        + f'<dgm:forEach axis="ch" ptType="node">{_BOX}</dgm:forEach></dgm:layoutNode>',
    )
    data = _custom_data_xml(layout_id, [("Alpha", 'custScaleX="50000" custLinFactNeighborX="50000"')])
    x0, y0, w, h = frame = (36.0, 72.0, 648.0, 400.0)
    pdf, result = convert(_smartart_deck({"dm": data, "lo": layout}, frame), tmp_path)
    _no_placeholder(result.warnings)
    # Laid out: 324 pt wide from x 198; scaled: 162 pt from 279; moved by 162: from 441 to 603.
    left, right, middle = x0 + w / 2 + 81, x0 + w / 2 + 243, y0 + h / 2
    alpha = text_box(pdf, "Alpha")
    assert alpha is not None and abs(_center(alpha)[0] - (left + right) / 2) < 3, alpha
    image = render_page(pdf, dpi=144)
    assert _filled(image, left + 4, middle) and _filled(image, right - 4, middle)
    assert not _filled(image, left - 4, middle) and not _filled(image, right + 4, middle)


def test_a_node_the_user_widened_takes_more_of_its_line_and_a_moved_one_shifts_into_the_gap(
    qapp: object, tmp_path: Path
) -> None:
    # A row (lin fromL) of two boxes 0.4 of the width each and a 0.2 gap between them. The user
    # made the first 1.5 times as wide: the line gives it 0.6 parts of 1.2 (the others shrink
    # alike to fit), and dragged the second left by half the gap it moves into.
    layout_id = "urn:example.com/layouts/row"
    layout = _box_row(layout_id, gap=0.2)
    data = _custom_data_xml(layout_id, [("Alpha", 'custScaleX="150000"'), ("Beta", 'custLinFactNeighborX="-50000"')])
    x0, y0, w, h = frame = (36.0, 72.0, 648.0, 400.0)
    pdf, result = convert(_smartart_deck({"dm": data, "lo": layout}, frame), tmp_path)
    _no_placeholder(result.warnings)
    # Parts 0.6 + 0.2 + 0.4 of 1.2: Alpha 324 pt, the gap 108, Beta 216 (from 468, moved 54 left).
    first, gap = w * 0.5, w * 0.2 / 1.2
    beta_left = x0 + first + gap - gap / 2
    beta_right = beta_left + w * 0.4 / 1.2
    alpha, beta = text_box(pdf, "Alpha"), text_box(pdf, "Beta")
    assert alpha is not None and abs(_center(alpha)[0] - (x0 + first / 2)) < 3, alpha
    assert beta is not None and abs(_center(beta)[0] - (beta_left + beta_right) / 2) < 3, beta
    image = render_page(pdf, dpi=144)
    middle = y0 + h / 2
    assert _filled(image, x0 + first - 4, middle) and not _filled(image, x0 + first + 4, middle)
    assert not _filled(image, beta_left - 4, middle) and _filled(image, beta_left + 4, middle)
    assert _filled(image, beta_right - 4, middle) and not _filled(image, beta_right + 4, middle)


def test_text_the_user_sized_keeps_its_size_where_it_overflows_its_box(qapp: object, tmp_path: Path) -> None:
    # A node whose text the user sized (custT, 16 pt runs) in a box far too small for it: PowerPoint's
    # drawings of such text keep the data's run sizes (noAutofit), the text runs out of the box.
    layout_id = "urn:example.com/layouts/small"
    layout = _def(
        layout_id,
        '<dgm:layoutNode name="diagram"><dgm:alg type="composite"/><dgm:shape/><dgm:presOf/>'
        + _constraints(
            'type="w" for="ch" forName="box" refType="w" fact="0.15"',
            'type="h" for="ch" forName="box" refType="h" fact="0.1"',
            'type="ctrX" for="ch" forName="box" refType="w" fact="0.5"',
            'type="ctrY" for="ch" forName="box" refType="h" fact="0.5"',
        )
        + f'<dgm:forEach axis="ch" ptType="node">{_BOX}</dgm:forEach></dgm:layoutNode>',
    )
    words = "Sixteen point words the user chose for this small box"
    data = (
        _custom_data_xml(layout_id, [(words, "")])
        .replace(b'<dgm:pt modelId="n0"><dgm:prSet/>', b'<dgm:pt modelId="n0"><dgm:prSet custT="1"/>')
        .replace(b'<a:rPr lang="en-US"/>', b'<a:rPr lang="en-US" sz="1600"/>')
    )
    assert b'custT="1"' in data and b'sz="1600"' in data
    pdf, result = convert(_smartart_deck({"dm": data, "lo": layout}, (36.0, 72.0, 648.0, 400.0)), tmp_path)
    _no_placeholder(result.warnings)
    doc = pdfium.PdfDocument(str(pdf))
    try:
        text = doc[0].get_textpage()
        sizes = [
            pdfium_raw.FPDFText_GetFontSize(text, i)
            for i in range(text.count_chars())
            if text.get_text_range(i, 1).strip()
        ]
    finally:
        doc.close()
    assert len(sizes) >= len(words.replace(" ", "")), sizes
    assert all(abs(s - 16.0) < 0.3 for s in sizes), sorted(set(round(s, 1) for s in sizes))


def test_a_shape_with_a_z_order_offset_is_drawn_behind_the_shape_before_it(qapp: object, tmp_path: Path) -> None:
    # As Vertical Arrow List (vList6): the node's box, then its sub-items' arrow with
    # zOrderOff -2, overlapping it. PowerPoint draws the arrow behind the box.
    layout_id = "urn:example.com/layouts/behind"
    layout = _def(
        layout_id,
        '<dgm:layoutNode name="diagram"><dgm:alg type="composite"/><dgm:shape/><dgm:presOf/>'
        + _constraints(
            'type="l" for="ch" forName="label" val="0"',
            'type="w" for="ch" forName="label" refType="w" fact="0.6"',
            'type="h" for="ch" forName="label" refType="h"',
            'type="r" for="ch" forName="items" refType="w"',
            'type="w" for="ch" forName="items" refType="w" fact="0.6"',
            'type="h" for="ch" forName="items" refType="h"',
        )
        + '<dgm:forEach axis="ch" ptType="node">'
        '<dgm:layoutNode name="label" styleLbl="node1"><dgm:alg type="tx"/><dgm:shape type="rect"/>'
        '<dgm:presOf axis="self" ptType="node"/></dgm:layoutNode>'
        '<dgm:layoutNode name="items" styleLbl="bgAccFollowNode1"><dgm:alg type="tx"/>'
        '<dgm:shape type="rect" zOrderOff="-2"/><dgm:presOf axis="des" ptType="node"/></dgm:layoutNode>'
        "</dgm:forEach></dgm:layoutNode>",
    )
    nodes = [Node("North", [Node("cold")])]
    x0, y0, w, h = frame = (36.0, 72.0, 648.0, 200.0)
    pdf, result = convert(_smartart_deck({"dm": _data_xml(nodes, layout_id), "lo": layout}, frame), tmp_path)
    _no_placeholder(result.warnings)
    image = render_page(pdf, dpi=144)
    # Where they overlap (0.4 to 0.6 of the width), away from either text: the box's accent1.
    assert close(pixel(image, x0 + w * 0.5, y0 + h * 0.2, dpi=144), ACCENT1)
    assert not close(pixel(image, x0 + w * 0.8, y0 + h * 0.2, dpi=144), ACCENT1)


def test_a_node_moved_off_the_end_of_its_line_moves_by_a_share_of_the_node_beside_it(
    qapp: object, tmp_path: Path
) -> None:
    # A row (lin fromL) of two boxes 0.4 of the width each. The user made the first half as wide
    # and dragged it left by a quarter of its neighbour (custLinFactNeighborX -25%), and dragged
    # the last right by a quarter of its neighbour. Neither has a node on the side it moves to:
    # as PowerPoint's vList5 drawings show, the share is of the node on its other side, as laid
    # out before the user's own scale (0.4 of the width, not the 0.2 the first one is drawn).
    layout_id = "urn:example.com/layouts/pair"
    layout = _box_row(layout_id)
    nodes = [("Alpha", 'custScaleX="50000" custLinFactNeighborX="-25000"'), ("Beta", 'custLinFactNeighborX="25000"')]
    x0, y0, w, h = frame = (36.0, 72.0, 648.0, 400.0)
    pdf, result = convert(_smartart_deck({"dm": _custom_data_xml(layout_id, nodes), "lo": layout}, frame), tmp_path)
    _no_placeholder(result.warnings)
    # Packed 0.2 + 0.4 of the width, centred from 0.2; Alpha moved 0.1 left, Beta 0.1 right
    # (a quarter of 0.4 each).
    image = render_page(pdf, dpi=144)
    middle = y0 + h / 2
    for left, right in ((0.1, 0.3), (0.5, 0.9)):
        assert not _filled(image, x0 + w * left - 4, middle) and _filled(image, x0 + w * left + 4, middle), left
        assert _filled(image, x0 + w * right - 4, middle) and not _filled(image, x0 + w * right + 4, middle), right
    alpha, beta = text_box(pdf, "Alpha"), text_box(pdf, "Beta")
    assert alpha is not None and abs(_center(alpha)[0] - (x0 + w * 0.2)) < 3, alpha
    assert beta is not None and abs(_center(beta)[0] - (x0 + w * 0.7)) < 3, beta


def test_a_node_moved_by_a_share_of_its_own_length_in_a_line(qapp: object, tmp_path: Path) -> None:
    # A row of two boxes 0.4 of the width each: the user dragged the second right by a quarter of
    # its own length (custLinFactX 25%), not of a neighbour's.
    layout_id = "urn:example.com/layouts/pairOwn"
    layout = _box_row(layout_id)
    nodes = [("Alpha", ""), ("Beta", 'custLinFactX="25000" custScaleX="50000"')]
    x0, y0, w, h = frame = (36.0, 72.0, 648.0, 400.0)
    pdf, result = convert(_smartart_deck({"dm": _custom_data_xml(layout_id, nodes), "lo": layout}, frame), tmp_path)
    _no_placeholder(result.warnings)
    # Packed 0.4 + 0.2 from 0.2 of the width; Beta moved a quarter of its 0.4 laid out: 0.7 to 0.9.
    image = render_page(pdf, dpi=144)
    middle = y0 + h / 2
    assert not _filled(image, x0 + w * 0.7 - 4, middle) and _filled(image, x0 + w * 0.7 + 4, middle)
    assert _filled(image, x0 + w * 0.9 - 4, middle) and not _filled(image, x0 + w * 0.9 + 4, middle)


def test_a_row_whose_shapes_the_user_all_made_thinner_gives_its_room_to_the_other_rows(
    qapp: object, tmp_path: Path
) -> None:
    # Rows top-down that had to shrink to fit (two rows each asking the whole height, a spacer a
    # tenth of a row), each row a label and its items. The user made the first row's label half
    # and its items 0.4 as tall: the row takes half its share of the list (its tallest shape) and
    # the list re-flows, as a node resized along a line does. 150 + 30 + 300 ask for 480 of the
    # 300 pt: row 1 gets 93.75 pt, the spacer 18.75, row 2 187.5; the label fills row 1, the items
    # 0.8 of it about its middle (9.4 to 84.4).
    layout = _rows_layout(
        layout_id := "urn:example.com/layouts/thinRows",
        'type="h" for="ch" forName="items" refType="h"',
        '<dgm:layoutNode name="label" styleLbl="node1"><dgm:alg type="tx"/><dgm:shape type="rect"/>'
        '<dgm:presOf axis="self" ptType="node"/></dgm:layoutNode>'
        '<dgm:layoutNode name="items" styleLbl="node1"><dgm:alg type="tx"/><dgm:shape type="rect"/>'
        '<dgm:presOf axis="des" ptType="node"/></dgm:layoutNode>',
    )
    nodes = [Node("North", [Node("cold")]), Node("South", [Node("warm")])]
    thinner = "".join(
        f'<dgm:pt modelId="{name}p" type="pres"><dgm:prSet presAssocID="n1" presName="{name}" custScaleY="{scale}"/>'
        "<dgm:spPr/></dgm:pt>"
        for name, scale in (("label", 50000), ("items", 40000))
    )
    data = _data_xml(nodes, layout_id).replace(b"</dgm:ptLst>", thinner.encode() + b"</dgm:ptLst>")
    x0, y0, w, _h = frame = (36.0, 72.0, 648.0, 300.0)
    pdf, result = convert(_smartart_deck({"dm": data, "lo": layout}, frame), tmp_path)
    _no_placeholder(result.warnings)
    image = render_page(pdf, dpi=144)
    label, items = x0 + w * 0.2, x0 + w * 0.7
    for y in (y0 + 3, y0 + 90):  # the label fills row 1
        assert _filled(image, label, y), y
    for y in (y0 + 3, y0 + 88):  # the items 0.8 of it, about its middle
        assert not _filled(image, items, y), y
    for y in (y0 + 14, y0 + 80):
        assert _filled(image, items, y), y
    for x in (label, items):
        assert not _filled(image, x, y0 + 103), x  # the spacer: 93.75 to 112.5
        for y in (y0 + 116, y0 + 210, y0 + 296):  # row 2 fills the rest
            assert _filled(image, x, y), (x, y)


def test_bullets_of_text_the_user_sized_share_one_indent_across_the_diagram(qapp: object, tmp_path: Path) -> None:
    # Two boxes in a row, each a node with one bullet, all user-sized (custT, 16 pt runs); the
    # second box's bullet is far too long for its box. PowerPoint's drawings give every bullet of
    # a diagram one indent; fitted box by box, the overflowing box's bullet lost its indent.
    layout_id = "urn:example.com/layouts/bulletPair"
    layout = _box_row(layout_id, height=0.3)
    long = " ".join(["Overflowing"] + ["words"] * 40)
    nodes = [Node("North", [Node("Shortbullet")]), Node("South", [Node(long)])]
    data = (
        _data_xml(nodes, layout_id)
        .replace(b'<dgm:pt modelId="n1"><dgm:prSet/>', b'<dgm:pt modelId="n1"><dgm:prSet custT="1"/>')
        .replace(b'<dgm:pt modelId="n3"><dgm:prSet/>', b'<dgm:pt modelId="n3"><dgm:prSet custT="1"/>')
        .replace(b'<a:rPr lang="en-US"/>', b'<a:rPr lang="en-US" sz="1600"/>')
    )
    assert data.count(b'custT="1"') == 2
    x0, _y0, w, _h = frame = (36.0, 72.0, 648.0, 300.0)
    pdf, result = convert(_smartart_deck({"dm": data, "lo": layout}, frame), tmp_path)
    _no_placeholder(result.warnings)
    short, over = text_box(pdf, "Shortbullet"), text_box(pdf, "Overflowing")
    assert short is not None and over is not None
    # The boxes are 0.4 of the width each, packed from 0.1 and 0.5 of it: each bullet's text
    # starts as far into its box.
    assert abs((short[0] - (x0 + w * 0.1)) - (over[0] - (x0 + w * 0.5))) < 1.0, (short, over)
