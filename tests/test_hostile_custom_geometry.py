"""A custGeom of a million path commands is legal XML: only the first MAX_COMMANDS are drawn, and
memory must not grow with the rest. Every command was read into its own tuple of operand strings
before compiling cut them off (a million commands: 270 MB more), and the deck's geometry cache
was keyed by the whole markup (50 MB for a million)."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

from lxml import etree
from render_support import add_xml_shape, blank_slide, close, convert, new_deck, pixel, render_page, sp_xml

from worker.render.geometry import GeometryCache
from worker.render.geometry.compiled import MAX_COMMANDS

A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"


def _cust_geom(commands: int) -> str:
    """A red 100 x 100 square, then back-and-forth lines along its top edge to ``commands``."""
    square = '<a:moveTo><a:pt x="0" y="0"/></a:moveTo>' + "".join(
        f'<a:lnTo><a:pt x="{x}" y="{y}"/></a:lnTo>' for x, y in ((100, 0), (100, 100), (0, 100), (0, 0))
    )
    rest = "".join(f'<a:lnTo><a:pt x="{i % 2 * 100}" y="0"/></a:lnTo>' for i in range(commands - 5))
    return (
        f'<a:custGeom xmlns:a="{A_NS}"><a:avLst/><a:gdLst/><a:ahLst/><a:cxnLst/><a:rect l="0" t="0" r="r" b="b"/>'
        f'<a:pathLst><a:path w="100" h="100">{square}{rest}</a:path></a:pathLst></a:custGeom>'
    )


def _held_and_peak(commands: int) -> tuple[int, int]:
    """Memory the cache keeps and the peak while it compiles one geometry of ``commands``."""
    element = etree.fromstring(_cust_geom(commands))
    cache = GeometryCache()
    tracemalloc.start()
    try:
        compiled = cache.compiled(element)
        held, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert sum(len(path.commands) for path in compiled.paths) == MAX_COMMANDS
    assert any("path commands" in problem for problem in compiled.problems)
    return held, peak


def test_commands_past_the_limit_cost_no_memory() -> None:
    small, large = _held_and_peak(MAX_COMMANDS + 50_000), _held_and_peak(MAX_COMMANDS + 350_000)
    # 300,000 more commands: before, the peak grew by 80 MB and the cache's key held 13 MB more.
    assert large[1] - small[1] < 2_000_000, (small, large)
    assert large[0] - small[0] < 1_000_000, (small, large)


def test_a_shape_past_the_limit_draws_its_first_commands(tmp_path: Path) -> None:
    prs = new_deck()
    slide = blank_slide(prs)
    geometry = _cust_geom(MAX_COMMANDS + 20_000).replace(f' xmlns:a="{A_NS}"', "")
    fill = '<a:solidFill><a:srgbClr val="FF0000"/></a:solidFill>'
    add_xml_shape(slide, sp_xml(914400, 914400, 1828800, 1828800, geometry=geometry, fill=fill))
    pdf, _ = convert(prs, tmp_path)
    page = render_page(pdf)
    assert close(pixel(page, 144, 144), (255, 0, 0))  # the square's middle
    assert close(pixel(page, 250, 144), (255, 255, 255))  # beside it
