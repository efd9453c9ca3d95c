"""How wide typefaces without a metric-compatible open twin set English text, on average.

Segoe UI, Georgia, Tahoma, Trebuchet MS and Aptos (Office's default since 2023) have no open font
with their advance widths, so their stand-ins set lines 2 to 16 % longer than PowerPoint does and
wrap words early. Knowing each face's average advance, the stand-in's advances are scaled to it
(FontResolver.latin_width_scale): lines then break within about 1 % of where PowerPoint's do.

The average is the one Capsize publishes for web fonts (its ``xWidthAvg``): each character's
advance weighted by how often it occurs in English text, spaces included. The same weighting
measures our stand-ins, so the two figures compare like for like; measured so, Liberation Sans
comes out at Arial's published figure (0.4459 against 0.4458 em).
"""

from __future__ import annotations

from PySide6.QtGui import QRawFont

# Share of each character in English text (Capsize's Latin weighting; the shares sum to ~1).
_WEIGHTS: dict[str, float] = {
    " ": 0.154, "e": 0.0922, "t": 0.0672, "a": 0.0668, "i": 0.0588, "n": 0.0578, "o": 0.0571,
    "r": 0.0526, "s": 0.0469, "h": 0.0351, "l": 0.0304, "d": 0.0298, "c": 0.0232, "u": 0.0207,
    "m": 0.0181, "f": 0.017, "p": 0.0163, "g": 0.0155, "y": 0.0123, "b": 0.0114, "w": 0.011,
    ",": 0.0083, ".": 0.0079, "v": 0.0076, "0": 0.0053, "k": 0.0046, "T": 0.0041, "S": 0.0041,
    "A": 0.004, "|": 0.0038, "C": 0.0031, "2": 0.0026, "M": 0.0025, "x": 0.0025, "1": 0.0023,
    "P": 0.0023, "I": 0.0022, "[": 0.0021, "B": 0.002, "-": 0.0018, "U": 0.0016, "5": 0.0015,
    "R": 0.0015, "F": 0.0015, "'": 0.0014, "N": 0.0014, "H": 0.0013, "D": 0.0013, "L": 0.0012,
    '"': 0.0012, "W": 0.0012, "z": 0.0011, "G": 0.0011, "E": 0.0011, "3": 0.001, "(": 0.001,
    ")": 0.001, "j": 0.0009, "J": 0.0009, "O": 0.0009, "4": 0.0008, "q": 0.0008, ":": 0.0008,
    "6": 0.0007, "8": 0.0007, "]": 0.0007, "K": 0.0007, "=": 0.0007, "7": 0.0005, "V": 0.0005,
    "9": 0.0006, "Y": 0.0003, "$": 0.0002, "Z": 0.0002, "Q": 0.0001, "á": 0.0001, "é": 0.0001,
    "/": 0.0001, "%": 0.0001, ";": 0.0001, "X": 0.0001,
}  # fmt: skip

# Average advance (em) of deck typefaces, by lower-cased name: Capsize's figures for the fonts
# themselves (xWidthAvg / unitsPerEm in @capsizecss/metrics' entireMetricsCollection). Aptos is not
# among them: its figure is Noto Sans's scaled by the one Aptos measurement at hand, the hmtx
# advances of "Sensitivity: Internal" (65.80 pt at 8 pt against Noto Sans's 71.87 pt,
# github.com/developer0hye/office2pdf/issues/1712); Aptos Display is given Aptos's text widths,
# the closest figure known.
AVERAGE_EM: dict[str, float] = {
    "segoe ui": 908 / 2048,
    "segoe": 908 / 2048,
    "tahoma": 917 / 2048,
    "trebuchet ms": 934 / 2048,
    "georgia": 913 / 2048,
    "verdana": 1049 / 2048,
    "aptos": 0.9155 * 0.4737,
    "aptos display": 0.9155 * 0.4737,
    "open sans": 960 / 2048,
    "roboto": 911 / 2048,
    "inter": 1344 / 2816,
    "montserrat": 503 / 1000,
    "poppins": 500 / 1000,
    "lucida grande": 1007 / 2048,
    "work sans": 499 / 1000,
    "playfair display": 452 / 1000,
}
# Office's own faces whose stand-ins are not metric twins (Calibri Light, Century Gothic, Gill Sans
# MT, Franklin Gothic, Corbel, Candara, Constantia, Consolas, Lucida Sans, Aptos Narrow) have no
# Capsize entry, so they keep their stand-ins' advances. Helvetica (913/2048) and Helvetica Neue
# (450/1000) are within a percent of Liberation Sans: no entry needed.

# Below this difference the stand-in is left as it is: the figures are averages, not the text's.
MIN_CORRECTION = 0.01


def average_em(raw: QRawFont) -> float | None:
    """``raw``'s average advance in em under the weighting above; None without the glyphs."""
    size = raw.pixelSize()
    if not raw.isValid() or size <= 0:
        return None
    glyphs = raw.glyphIndexesForString("".join(_WEIGHTS))
    if len(glyphs) != len(_WEIGHTS) or 0 in glyphs:
        return None
    advances = raw.advancesForGlyphIndexes(glyphs)
    total = sum(advance.x() * weight for advance, weight in zip(advances, _WEIGHTS.values(), strict=True))
    return total / size
