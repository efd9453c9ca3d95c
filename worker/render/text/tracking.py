"""Letter spacing (a:rPr spc) of a run Qt lays out at a whole-pixel engine size.

Qt's engine rounds a font's pixel size to a whole pixel, and build.true_size scales the advances
back with percentage letter spacing. A tracked run's absolute spacing replaces that percentage
(QTextEngine keeps one letter spacing per item), so its glyphs advanced at the whole size: 12.5 pt
text with 1 pt tracking came out about 4 % too wide. The absolute spacing given to Qt here carries
the difference instead, so the run's laid-out width is its true advances plus the tracking.
"""

from __future__ import annotations

import logging

from PySide6.QtGui import QFont, QFontMetricsF, QPaintDevice

from worker.render.caches import remember

log = logging.getLogger(__name__)

_PLAIN: dict[int, tuple[QFont, QFont]] = {}  # a scaled font's copy at 100 %, by the font's identity
_PLAIN_LIMIT = 2048


def _plain(font: QFont) -> QFont:
    found = _PLAIN.get(id(font))
    if found is not None and found[0] is font:
        return found[1]
    plain = QFont(font)
    plain.setLetterSpacing(QFont.SpacingType.PercentageSpacing, 100.0)
    remember(_PLAIN, id(font), (font, plain), _PLAIN_LIMIT)
    return plain


def layout_tracking(font: QFont, tracking: float, text: str, device: QPaintDevice) -> float:
    """The absolute letter spacing that lays ``text`` in ``font`` out (on ``device``) as wide as
    its true-size advances plus ``tracking`` per character: the scaled advances' excess over the
    whole-size ones, shared evenly. Within the run a glyph sits off by its own advance's share of that excess (a
    few hundredths of a point at body sizes); the run's width, and so breaking and alignment, fit."""
    percent = font.letterSpacing()
    if not tracking or not text or font.letterSpacingType() is not QFont.SpacingType.PercentageSpacing:
        return tracking
    if not percent or percent == 100.0:
        return tracking
    true = QFontMetricsF(font, device).horizontalAdvance(text)
    whole = QFontMetricsF(_plain(font), device).horizontalAdvance(text)
    return tracking + (true - whole) / len(text)
