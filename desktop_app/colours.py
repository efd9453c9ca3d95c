"""Colours that stay readable on the palette they are drawn on (light and dark desktops)."""

from __future__ import annotations

from PySide6.QtGui import QColor

FAILURE_RED = QColor("#c0392b")
LEAST_TEXT_CONTRAST = 4.5  # WCAG's floor for body text
LEAST_GRAPHIC_CONTRAST = 3.0  # WCAG's floor for the parts of a picture needed to understand it


def _luminance(colour: QColor) -> float:
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(colour.redF()) + 0.7152 * channel(colour.greenF()) + 0.0722 * channel(colour.blueF())


def contrast(a: QColor, b: QColor) -> float:
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def readable_on(colour: QColor, background: QColor, least: float = LEAST_TEXT_CONTRAST) -> QColor:
    """``colour`` made lighter (on a dark background) or darker (on a light one), its hue kept,
    until text in it reads on ``background``."""
    toward_light = _luminance(background) < 0.18
    hue, saturation, lightness = colour.hslHueF(), colour.hslSaturationF(), colour.lightnessF()
    step = 0.02 if toward_light else -0.02
    found = QColor(colour)
    while contrast(found, background) < least and 0.0 < lightness < 1.0:
        lightness = min(1.0, max(0.0, lightness + step))
        found = QColor.fromHslF(hue, saturation, lightness, colour.alphaF())
    return found
