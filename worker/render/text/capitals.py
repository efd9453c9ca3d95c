"""Text of runs with a:rPr cap="all" or cap="small", written in capitals before layout.

Qt's QTextLayout applies a font's capitalization only to the layout's own font: a format range's
(every run of a paragraph with more than one) is ignored. So the builder changes the letters
itself; a lowercase letter whose capital is not one UTF-16 unit (ß) stays as it is, since the
paragraph's pieces are placed by UTF-16 offsets.
"""

from __future__ import annotations

# Qt's small capitals (QFontPrivate::smallCapsFontPrivate): lowercase letters as capitals at 70 %.
SMALL_CAPS_SCALE = 0.7


def _capital(ch: str) -> str | None:
    """The capital of a lowercase letter when it takes the same UTF-16 units, else None."""
    if not ch.islower():
        return None
    upper = ch.upper()
    if len(upper) != 1 or (ord(upper) > 0xFFFF) != (ord(ch) > 0xFFFF):
        return None
    return upper


def cased_segments(text: str, cap: str) -> list[tuple[str, bool]]:
    """``text`` as drawn under ``cap``: (segment, small) pairs in order, each segment as long as
    its source in UTF-16 units; ``small`` marks capitals that stand for lowercase letters in small
    caps (drawn at SMALL_CAPS_SCALE)."""
    if cap == "all":
        return [("".join(_capital(ch) or ch for ch in text), False)]
    if cap != "small":
        return [(text, False)]
    segments: list[tuple[str, bool]] = []
    for ch in text:
        upper = _capital(ch)
        small = upper is not None
        drawn = upper or ch
        if segments and segments[-1][1] == small:
            segments[-1] = (segments[-1][0] + drawn, small)
        else:
            segments.append((drawn, small))
    return segments
