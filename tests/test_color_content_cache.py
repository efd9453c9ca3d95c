"""Colours found by content: the colour element alone (tag, attributes, transforms) decides, so
the same colour under another parent or another part's namespace declarations is resolved once,
and colours that differ only in a transform or an attribute stay apart (checked on a page)."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree
from pptx.dml.color import RGBColor
from render_support import A_NS, blank_slide, new_deck, swatch_colours

from worker.deck.theme import default_theme
from worker.render.colors import DEFAULT_COLOR_MAP, ColorResolver

COLOR = '<a:schemeClr val="accent2"><a:lumMod val="50000"/></a:schemeClr>'


def test_same_colour_under_other_parents_is_resolved_once(monkeypatch: pytest.MonkeyPatch) -> None:
    resolver = ColorResolver(default_theme(), dict(DEFAULT_COLOR_MAP))
    calls: list[etree._Element] = []
    real = resolver.resolve

    def counted(el: etree._Element, *args: object, **kwargs: object) -> object:
        if el.tag == f"{{{A_NS}}}schemeClr":  # not the theme's colour it reads in turn
            calls.append(el)
        return real(el, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(resolver, "resolve", counted)
    plain = etree.fromstring(f'<a:solidFill xmlns:a="{A_NS}">{COLOR}</a:solidFill>')
    # Another part: more namespaces declared above, another sibling beside the colour.
    other = etree.fromstring(
        f'<p:sld xmlns:p="urn:p" xmlns:r="urn:r" xmlns:a="{A_NS}"><a:solidFill>{COLOR}'
        '<a:extLst><a:ext uri="{X}"/></a:extLst></a:solidFill></p:sld>'
    )[0]
    first, second = resolver.find(plain), resolver.find(other)
    assert first is not None and second is not None
    assert first.rgb() == second.rgb()
    assert len(calls) == 1


FILLS = [
    ('<a:srgbClr val="3366CC"/>', (0x33, 0x66, 0xCC)),
    ('<a:srgbClr val="3366CC"><a:lumMod val="50000"/></a:srgbClr>', (0x1A, 0x33, 0x66)),
    ('<a:srgbClr val="3366CC"><a:lumMod val="50000"/><a:lumOff val="50000"/></a:srgbClr>', (0x99, 0xB2, 0xE6)),
    ('<a:sysClr val="window" lastClr="CC3300"/>', (0xCC, 0x33, 0x00)),
    ('<a:sysClr val="window" lastClr="00CC33"/>', (0x00, 0xCC, 0x33)),
    ('<a:sysClr val="window"/>', (0xFF, 0xFF, 0xFF)),
]


def test_colours_differing_in_a_transform_or_attribute_stay_apart(qapp: object, tmp_path: Path) -> None:
    prs = new_deck()
    slide = blank_slide(prs)
    slide.background.fill.solid()  # a grey page, so the white fill shows
    slide.background.fill.fore_color.rgb = RGBColor(0x80, 0x80, 0x80)
    colours = swatch_colours(slide, prs, tmp_path, [color for color, _ in FILLS], pitch=110, side=90)
    for (color, rgb), got in zip(FILLS, colours, strict=True):
        assert all(abs(a - b) <= 2 for a, b in zip(got, rgb, strict=True)), (color, got)
