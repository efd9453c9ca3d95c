"""DrawingML colours: the six colour kinds, the colour map and every colour modifier."""

from __future__ import annotations

import colorsys
import logging
import math

from lxml import etree
from PySide6.QtGui import QColor

from worker.deck.theme import Theme
from worker.deck.xml import local
from worker.render.caches import remember

log = logging.getLogger(__name__)

COLOR_TAGS = frozenset({"srgbClr", "schemeClr", "sysClr", "prstClr", "hslClr", "scrgbClr"})

# ST_PresetColorVal names that are not CSS/SVG names as written.
_PRESET_FIXUPS = {"dk": "dark", "lt": "light", "med": "medium"}

# Master clrMap defaults (the usual mapping) for decks that lack one.
DEFAULT_COLOR_MAP = {
    "bg1": "lt1", "tx1": "dk1", "bg2": "lt2", "tx2": "dk2", "accent1": "accent1", "accent2": "accent2",
    "accent3": "accent3", "accent4": "accent4", "accent5": "accent5", "accent6": "accent6",
    "hlink": "hlink", "folHlink": "folHlink",
}  # fmt: skip


def _preset(name: str) -> QColor:
    for short, full in _PRESET_FIXUPS.items():
        if name.startswith(short) and len(name) > len(short) and name[len(short)].isupper():
            name = full + name[len(short) :]
            break
    color = QColor(name.lower())
    return color if color.isValid() else QColor(0, 0, 0)


def _pct(el: etree._Element) -> float:
    """A percentage value (ST_Percentage in 1000ths of a percent, or '50%')."""
    return _pct_attr(el.get("val", "0"))


def _to_linear(c: float) -> float:
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def _to_srgb(c: float) -> float:
    c = min(max(c, 0.0), 1.0)
    return c * 12.92 if c <= 0.0031308 else 1.055 * c ** (1 / 2.4) - 0.055


_MISSING = QColor()  # a cache entry's absence (None is a cached answer: no colour child)
_FOUND_LIMIT = 8192


def _color_child(parent: etree._Element) -> etree._Element | None:
    """``parent``'s first colour element (srgbClr, schemeClr...), or None."""
    for el in parent:
        if local(el) in COLOR_TAGS:
            return el
    return None


def _content(el: etree._Element) -> tuple[object, ...] | bytes:
    """All that decides a colour element's colour: its tag and attributes, and its transforms'
    (lumMod, alpha...). Read as tuples rather than serialised: a serialised element carries every
    namespace declared above it (some 250 bytes), three times the cost. Anything deeper, or a
    comment among the transforms, is serialised after all."""
    parts: list[object] = [el.tag, tuple(el.attrib.items())]
    for transform in el:
        if len(transform) or not isinstance(transform.tag, str):
            return etree.tostring(el, with_tail=False)
        parts.append(transform.tag)
        parts.append(tuple(transform.attrib.items()))
    return tuple(parts)


class ColorResolver:
    """Resolves colour elements against one theme and colour map (a slide's, layout's or master's)."""

    def __init__(self, theme: Theme, color_map: dict[str, str]) -> None:
        self.theme = theme
        self.color_map = color_map
        # Theme colours that refer to no other, by scheme name, resolved once: they depend on
        # neither the placeholder colour nor the depth, and every schemeClr reads one.
        self._theme_colors: dict[str, QColor] = {}
        # Colours found, by (parent element, placeholder colour): a master's or layout's shapes,
        # their text and the theme's fill styles are drawn on many slides. The key holds its
        # element alive, so its identity stays unique while cached.
        self._found: dict[tuple[etree._Element, int, int, int, int], QColor | None] = {}
        self._by_content: dict[tuple[object, ...], QColor | None] = {}

    def find(self, parent: etree._Element | None, ph_color: QColor | None = None) -> QColor | None:
        """The colour of ``parent``'s first colour child, or None when it has none."""
        if parent is None:
            return None
        if ph_color is None:
            key = (parent, -1, 0, 0, 0)
        elif ph_color.spec() == QColor.Spec.Rgb:  # exactly its 16-bit channels (redF... read those)
            rgba = ph_color.rgba64()
            key = (parent, rgba.red(), rgba.green(), rgba.blue(), rgba.alpha())
        else:
            return self._find(parent, ph_color)
        found = self._found.get(key, _MISSING)
        if found is _MISSING:
            # Then by content: every slide's shapes write the same few fills (schemeClr accent1...).
            # The colour child alone decides the colour, not the rest of its parent (an spPr's
            # geometry, a run's other properties).
            color_el = _color_child(parent)
            if color_el is None:
                found = None
            else:
                content = (_content(color_el), *key[1:])
                found = self._by_content.get(content, _MISSING)
                if found is _MISSING:
                    found = remember(self._by_content, content, self.resolve(color_el, ph_color), _FOUND_LIMIT)
            remember(self._found, key, found, _FOUND_LIMIT)
        return QColor(found) if found is not None else None

    def _find(self, parent: etree._Element, ph_color: QColor | None) -> QColor | None:
        color_el = _color_child(parent)
        return self.resolve(color_el, ph_color) if color_el is not None else None

    def resolve(self, el: etree._Element, ph_color: QColor | None = None, depth: int = 0) -> QColor:
        kind = local(el)
        color = QColor(0, 0, 0)
        if kind == "srgbClr":
            color = QColor("#" + el.get("val", "000000")[:6])
            if not color.isValid():
                color = QColor(0, 0, 0)
        elif kind == "schemeClr":
            color = self._scheme(el.get("val", "tx1"), ph_color, depth)
        elif kind == "sysClr":
            color = _system(el)
        elif kind == "prstClr":
            color = _preset(el.get("val", "black"))
        elif kind == "hslClr":
            h = _angle(el.get("hue")) % 360.0
            s = _pct_attr(el.get("sat", "0"))
            lum = _pct_attr(el.get("lum", "0"))
            r, g, b = colorsys.hls_to_rgb(h / 360.0, lum, s)
            color = QColor.fromRgbF(r, g, b)
        elif kind == "scrgbClr":
            r, g, b = (_to_srgb(_pct_attr(el.get(k, "0"))) for k in ("r", "g", "b"))
            color = QColor.fromRgbF(r, g, b)
        if not len(el) and color.spec() == QColor.Spec.Rgb:
            return color  # no modifiers: apply_modifiers would give the same values back
        return apply_modifiers(color, el)

    def _scheme(self, name: str, ph_color: QColor | None, depth: int) -> QColor:
        if name == "phClr":
            return QColor(ph_color) if ph_color is not None else QColor(0, 0, 0)
        name = self.color_map.get(name, name)
        el = self.theme.colors.get(name)
        if el is None or depth > 4:
            return QColor(0, 0, 0)
        found = self._theme_colors.get(name)
        if found is not None:
            return QColor(found)
        color = self.resolve(el, ph_color, depth + 1)
        if local(el) != "schemeClr":
            self._theme_colors[name] = QColor(color)
        return color


def _pct_attr(raw: str) -> float:
    value = _pct_or_none(raw)
    return 0.0 if value is None else value


def _pct_or_none(raw: str | None) -> float | None:
    """An ST_Percentage as a fraction; None when malformed ("abc", NaN, infinite)."""
    if raw is None:
        return None
    try:
        value = float(raw[:-1]) / 100.0 if raw.endswith("%") else float(raw) / 100000.0
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _angle(raw: str | None) -> float:
    """An ST_Angle in degrees (60000ths in the file); 0 when malformed."""
    try:
        value = float(raw or "0") / 60000.0
    except ValueError:
        return 0.0
    return value if math.isfinite(value) else 0.0


# Modifiers that take no value; every other one with an unreadable value is skipped, so the
# colour stays as it was rather than being scaled by 0.
_VALUELESS = frozenset({"gray", "comp", "inv", "gamma", "invGamma"})


def apply_modifiers(color: QColor, el: etree._Element) -> QColor:
    """Apply the colour transforms inside ``el`` in document order (they do not commute)."""
    r, g, b, a = color.redF(), color.greenF(), color.blueF(), color.alphaF()
    for mod in el:
        name = local(mod)
        if not name:
            continue
        read = _pct_or_none(mod.get("val"))
        if read is None and name not in _VALUELESS:
            continue
        v = read or 0.0
        if name == "alpha":
            a = v
        elif name == "alphaMod":
            a *= v
        elif name == "alphaOff":
            a += v
        elif name in ("lumMod", "lumOff", "satMod", "satOff", "hueMod", "hueOff", "hue", "sat", "lum"):
            h, lum, s = colorsys.rgb_to_hls(r, g, b)
            if name == "lumMod":
                lum *= v
            elif name == "lumOff":
                lum += v
            elif name == "lum":
                lum = v
            elif name == "satMod":
                s *= v
            elif name == "satOff":
                s += v
            elif name == "sat":
                s = v
            elif name == "hueMod":
                h = (h * v) % 1.0
            elif name == "hueOff":
                h = (h + _angle(mod.get("val")) / 360.0) % 1.0
            elif name == "hue":
                h = (_angle(mod.get("val")) / 360.0) % 1.0
            lum = min(max(lum, 0.0), 1.0)
            s = min(max(s, 0.0), 1.0)
            r, g, b = colorsys.hls_to_rgb(h, lum, s)
        elif name == "shade":
            # Shade and tint work in linear light, which is what Office does.
            r, g, b = (_to_srgb(_to_linear(c) * v) for c in (r, g, b))
        elif name == "tint":
            r, g, b = (_to_srgb(_to_linear(c) * v + (1.0 - v)) for c in (r, g, b))
        elif name == "comp":
            h, lum, s = colorsys.rgb_to_hls(r, g, b)
            r, g, b = colorsys.hls_to_rgb((h + 0.5) % 1.0, lum, s)
        elif name == "inv":
            r, g, b = 1.0 - r, 1.0 - g, 1.0 - b
        elif name == "gray":
            y = 0.3 * r + 0.59 * g + 0.11 * b
            r = g = b = y
        elif name in ("red", "green", "blue", "redMod", "greenMod", "blueMod", "redOff", "greenOff", "blueOff"):
            channel = name[:-3] if name.endswith(("Mod", "Off")) else name
            values = {"red": r, "green": g, "blue": b}
            lin = _to_linear(values[channel])
            if name.endswith("Mod"):
                lin *= v
            elif name.endswith("Off"):
                lin += v
            else:
                lin = v
            values[channel] = _to_srgb(lin)
            r, g, b = values["red"], values["green"], values["blue"]
        elif name == "gamma":
            r, g, b = (_to_srgb(c) for c in (r, g, b))
        elif name == "invGamma":
            r, g, b = (_to_linear(c) for c in (r, g, b))
    clamp = lambda x: 0.0 if math.isnan(x) else min(max(x, 0.0), 1.0)  # noqa: E731
    return QColor.fromRgbF(clamp(r), clamp(g), clamp(b), clamp(a))


# Windows' default system colours (ST_SystemColorVal, as Windows 10 sets them) for a sysClr written
# without a readable lastClr (the colour on the writing machine, which PowerPoint always stores).
_SYSTEM_COLORS = {
    "scrollBar": "C8C8C8",
    "background": "000000",
    "activeCaption": "99B4D1",
    "inactiveCaption": "BFCDDB",
    "menu": "F0F0F0",
    "window": "FFFFFF",
    "windowFrame": "646464",
    "menuText": "000000",
    "windowText": "000000",
    "captionText": "000000",
    "activeBorder": "B4B4B4",
    "inactiveBorder": "F4F7FC",
    "appWorkspace": "ABABAB",
    "highlight": "0078D7",
    "highlightText": "FFFFFF",
    "btnFace": "F0F0F0",
    "btnShadow": "A0A0A0",
    "grayText": "6D6D6D",
    "btnText": "000000",
    "inactiveCaptionText": "000000",
    "btnHighlight": "FFFFFF",
    "3dDkShadow": "696969",
    "3dLight": "E3E3E3",
    "infoText": "000000",
    "infoBk": "FFFFE1",
    "hotLight": "0066CC",
    "gradientActiveCaption": "B9D1EA",
    "gradientInactiveCaption": "D7E4F2",
    "menuHighlight": "0078D7",
    "menuBar": "F0F0F0",
}


def _system(el: etree._Element) -> QColor:
    last = el.get("lastClr") or ""
    color = QColor("#" + last[:6]) if len(last) >= 6 else QColor()
    if color.isValid():
        return color
    return QColor("#" + _SYSTEM_COLORS.get(el.get("val", ""), "000000"))
