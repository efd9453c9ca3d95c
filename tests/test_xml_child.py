"""deck.xml's child lookups by local name: any namespace (Transitional, Strict, dsp), never none."""

from __future__ import annotations

from lxml import etree

from worker.deck.xml import child, children, parse, path

_DECK = b"""<p:sp xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"
 xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"
 xmlns:s="http://purl.oclc.org/ooxml/drawingml/main">
  <!-- a comment first --><?pi data?>
  <spPr>no namespace: not a DrawingML element</spPr>
  <p:spPr><a:xfrm><a:off x="1"/></a:xfrm><s:ln w="2"/><a:ln w="3"/></p:spPr>
  <a:spPr>second</a:spPr>
  <p:txBody><a:p/><a:p><a:r/></a:p><p/><s:p/></p:txBody>
</p:sp>"""


def test_child_finds_the_first_namespaced_element_of_a_local_name() -> None:
    root = parse(_DECK)
    sp_pr = child(root, "spPr")
    assert sp_pr is not None and sp_pr.tag.endswith("presentationml/2006/main}spPr")
    line = child(sp_pr, "ln")
    assert line is not None and line.get("w") == "2"  # Strict before Transitional: document order
    assert child(root, "missing") is None
    assert child(None, "spPr") is None
    offset = path(root, "spPr", "xfrm", "off")
    assert offset is not None and offset.get("x") == "1"
    assert path(root, "spPr", "nothing", "off") is None


def test_children_skip_comments_and_elements_without_a_namespace() -> None:
    root = parse(_DECK)
    paragraphs = list(children(child(root, "txBody"), "p"))
    assert [etree.QName(p).namespace for p in paragraphs] == [
        "http://schemas.openxmlformats.org/drawingml/2006/main",
        "http://schemas.openxmlformats.org/drawingml/2006/main",
        "http://purl.oclc.org/ooxml/drawingml/main",
    ]
    assert list(children(None, "p")) == []
    assert [el.text for el in children(root, "spPr")] == [None, "second"]
