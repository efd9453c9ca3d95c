"""A theme part: colour scheme, font scheme and the format scheme (style matrix)."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace

from lxml import etree

from worker.deck.font_traits import FontTraits, read_font_traits
from worker.deck.xml import child, children, parse, path

log = logging.getLogger(__name__)

SCHEME_NAMES = (
    "dk1", "lt1", "dk2", "lt2", "accent1", "accent2", "accent3", "accent4", "accent5", "accent6",
    "hlink", "folHlink",
)  # fmt: skip

# Office's default theme, used when a deck has no theme part (rare, but python-pptx can make one).
_DEFAULT_COLORS = {
    "dk1": "000000", "lt1": "FFFFFF", "dk2": "44546A", "lt2": "E7E6E6", "accent1": "4472C4",
    "accent2": "ED7D31", "accent3": "A5A5A5", "accent4": "FFC000", "accent5": "5B9BD5",
    "accent6": "70AD47", "hlink": "0563C1", "folHlink": "954F72",
}  # fmt: skip


@dataclass
class ThemeFont:
    latin: str = "Calibri"
    ea: str = ""
    cs: str = ""
    scripts: dict[str, str] = field(default_factory=dict)
    # What the scheme says of each slot's typeface ("latin", "ea", "cs": panose, pitchFamily, charset).
    traits: dict[str, FontTraits] = field(default_factory=dict)


@dataclass
class Theme:
    # Scheme colour name -> the colour element (srgbClr/sysClr) so modifiers inside it apply too.
    colors: dict[str, etree._Element] = field(default_factory=dict)
    major_font: ThemeFont = field(default_factory=ThemeFont)
    minor_font: ThemeFont = field(default_factory=ThemeFont)
    fill_styles: list[etree._Element] = field(default_factory=list)
    bg_fill_styles: list[etree._Element] = field(default_factory=list)
    line_styles: list[etree._Element] = field(default_factory=list)
    effect_styles: list[etree._Element] = field(default_factory=list)
    # The part was there but not well-formed XML: these are the defaults standing in.
    unreadable: bool = False

    def fill_style(self, idx: int) -> etree._Element | None:
        """fillRef/bgRef idx: 0 none, 1-999 fillStyleLst, 1001+ bgFillStyleLst (1-based)."""
        if 1 <= idx < 1000 and idx <= len(self.fill_styles):
            return self.fill_styles[idx - 1]
        if idx > 1000 and idx - 1000 <= len(self.bg_fill_styles):
            return self.bg_fill_styles[idx - 1001]
        return None

    def line_style(self, idx: int) -> etree._Element | None:
        if 1 <= idx <= len(self.line_styles):
            return self.line_styles[idx - 1]
        return None


def _font(el: etree._Element | None) -> ThemeFont:
    font = ThemeFont()
    if el is None:
        return font
    latin = child(el, "latin")
    font.latin = latin.get("typeface", "Calibri") if latin is not None else "Calibri"
    ea = child(el, "ea")
    cs = child(el, "cs")
    font.ea = ea.get("typeface", "") if ea is not None else ""
    font.cs = cs.get("typeface", "") if cs is not None else ""
    font.scripts = {f.get("script", ""): f.get("typeface", "") for f in children(el, "font")}
    for slot, found in (("latin", latin), ("ea", ea), ("cs", cs)):
        traits = read_font_traits(found)
        if traits is not None:
            font.traits[slot] = traits
    return font


def _items(el: etree._Element | None) -> list[etree._Element]:
    return list(el) if el is not None else []


def default_theme() -> Theme:
    theme = Theme()
    for name, value in _DEFAULT_COLORS.items():
        el = etree.Element("{http://schemas.openxmlformats.org/drawingml/2006/main}srgbClr")
        el.set("val", value)
        theme.colors[name] = el
    return theme


def _apply_schemes(theme: Theme, holder: etree._Element | None) -> None:
    """Put the colour, font and format schemes ``holder`` states into ``theme`` (in place)."""
    scheme = child(holder, "clrScheme")
    for name in SCHEME_NAMES:
        found = child(scheme, name)
        if found is not None and len(found):
            theme.colors[name] = found[0]
    fonts = child(holder, "fontScheme")
    if fonts is not None:
        theme.major_font = _font(child(fonts, "majorFont"))
        theme.minor_font = _font(child(fonts, "minorFont"))
    fmt = child(holder, "fmtScheme")
    if fmt is not None:
        theme.fill_styles = _items(path(fmt, "fillStyleLst"))
        theme.bg_fill_styles = _items(path(fmt, "bgFillStyleLst"))
        theme.line_styles = _items(path(fmt, "lnStyleLst"))
        theme.effect_styles = _items(path(fmt, "effectStyleLst"))


def override_theme(base: Theme, blob: bytes | None) -> Theme:
    """``base`` under an a:themeOverride part (charts copied from Excel carry their workbook's
    colours this way): each scheme the override states replaces the base's."""
    if not blob:
        return base
    try:
        root = parse(blob)
    except etree.XMLSyntaxError:
        log.info("theme override part is not well-formed XML; ignored")
        return base
    theme = replace(base, colors=dict(base.colors))
    _apply_schemes(theme, root)
    return theme


def parse_theme(blob: bytes | None) -> Theme:
    """Theme from a theme part's bytes; Office defaults where anything is missing."""
    theme = default_theme()
    if not blob:
        return theme
    try:
        root = parse(blob)
    except etree.XMLSyntaxError:
        log.warning("theme part is not well-formed XML; using the default theme")
        theme.unreadable = True
        return theme
    _apply_schemes(theme, child(root, "themeElements"))
    return theme
