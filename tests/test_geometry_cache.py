"""The deck's cache of built geometries: one build per preset, adjust values and size."""

from __future__ import annotations

from pathlib import Path

from lxml import etree
from render_support import add_xml_shape, blank_slide, close, convert, new_deck, pixel, render_page, sp_xml

from worker.render.geometry import GeometryCache, geometry_for_sppr

A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
EMU_IN = 914400


def _sp_pr(geometry: str) -> etree._Element:
    return etree.fromstring(f'<a:spPr xmlns:a="{A_NS}">{geometry}</a:spPr>')


def _points(built: object) -> list[list[tuple[float, float]]]:
    paths = built.paths  # type: ignore[attr-defined]
    return [[(p.path.elementAt(i).x, p.path.elementAt(i).y) for i in range(p.path.elementCount())] for p in paths]


def test_cached_presets_are_those_built_afresh_and_built_once() -> None:
    cache = GeometryCache()
    arrow = '<a:prstGeom prst="rightArrow"><a:avLst><a:gd name="adj1" fmla="val 30000"/></a:avLst></a:prstGeom>'
    first = geometry_for_sppr(_sp_pr(arrow), 200.0, 100.0, cache=cache)
    again = geometry_for_sppr(_sp_pr(arrow), 200.0, 100.0, cache=cache)
    fresh = geometry_for_sppr(_sp_pr(arrow), 200.0, 100.0)
    assert again is first
    assert _points(first) == _points(fresh) and first.text_rect == fresh.text_rect
    # Another size or other adjust values are other shapes.
    wider = geometry_for_sppr(_sp_pr(arrow), 300.0, 100.0, cache=cache)
    assert wider is not first and _points(wider) == _points(geometry_for_sppr(_sp_pr(arrow), 300.0, 100.0))
    thin = arrow.replace("30000", "10000")
    assert _points(geometry_for_sppr(_sp_pr(thin), 200.0, 100.0, cache=cache)) != _points(first)
    # No geometry, or an unknown preset, is the rectangle of that size.
    assert _points(geometry_for_sppr(None, 50.0, 20.0, cache=cache)) == _points(geometry_for_sppr(None, 50.0, 20.0))
    unknown = geometry_for_sppr(_sp_pr('<a:prstGeom prst="noSuchShape"/>'), 50.0, 20.0, cache=cache)
    assert _points(unknown) == _points(geometry_for_sppr(None, 50.0, 20.0))


def test_the_same_shape_on_two_slides_is_drawn_on_both(tmp_path: Path) -> None:
    prs = new_deck()
    triangle = '<a:prstGeom prst="triangle"><a:avLst/></a:prstGeom>'
    fill = '<a:solidFill><a:srgbClr val="C00000"/></a:solidFill>'
    for _ in range(2):
        add_xml_shape(blank_slide(prs), sp_xml(EMU_IN, EMU_IN, 4 * EMU_IN, 2 * EMU_IN, geometry=triangle, fill=fill))
    pdf, _ = convert(prs, tmp_path)
    for index in range(2):
        page = render_page(pdf, index)
        assert close(pixel(page, 72 + 144, 72 + 120), (192, 0, 0))  # inside, near the base
        assert close(pixel(page, 72 + 10, 72 + 10), (255, 255, 255))  # the box's corner is outside


def test_custom_geometries_compiled_once_build_at_each_size() -> None:
    cache = GeometryCache()
    cust = (
        '<a:custGeom><a:avLst/><a:gdLst/><a:rect l="0" t="0" r="r" b="b"/><a:pathLst><a:path w="100" h="100">'
        '<a:moveTo><a:pt x="0" y="0"/></a:moveTo><a:lnTo><a:pt x="100" y="50"/></a:lnTo>'
        '<a:lnTo><a:pt x="0" y="100"/></a:lnTo><a:close/></a:path></a:pathLst></a:custGeom>'
    )
    small = geometry_for_sppr(_sp_pr(cust), 40.0, 20.0, cache=cache)
    large = geometry_for_sppr(_sp_pr(cust), 400.0, 200.0, cache=cache)
    assert cache.compiled(_sp_pr(cust)[0]) is cache.compiled(_sp_pr(cust)[0])
    assert _points(small) == _points(geometry_for_sppr(_sp_pr(cust), 40.0, 20.0))
    assert _points(large) == [[(0.0, 0.0), (400.0, 100.0), (0.0, 200.0), (0.0, 0.0)]]
