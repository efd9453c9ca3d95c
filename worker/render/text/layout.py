"""Line breaking and vertical metrics: one QTextLayout per paragraph, positioned like PowerPoint.

Layout runs on a fixed 96-dpi reference device with fonts sized so one layout unit is one point
(fonts.FontResolver.qfont), so the result is identical whatever device is painted on later: glyph
runs carry raw fonts with explicit pixel sizes, and the painter maps 1 unit = 1 pt.
"""

from __future__ import annotations

import bisect
import functools
import logging
import math
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import QPointF, Qt, QTextBoundaryFinder
from PySide6.QtGui import QFont, QFontMetricsF, QImage, QTextCharFormat, QTextLayout, QTextLine, QTextOption

from worker.render.caches import remember
from worker.render.text.build import Paragraph, Piece, engine_pixel_size, u16len
from worker.render.text.math_runs import MATH_HOLDER
from worker.render.text.props import Spacing, SpacingKind, TabStop
from worker.render.text.tracking import layout_tracking

log = logging.getLogger(__name__)

LINE_FACTOR = 1.2  # single line spacing (and spcPct before/after) is 1.2 x the font size
# Above 100 % a spcPct line's baseline sits this many sizes x the percentage below the line's
# top, whatever the typeface (native PowerPoint exports: github.com/developer0hye/office2pdf/issues/1254,
# resolved by #1529; Arial at 150 % seats 10 pt lines 14.00 pt down and 12.5 pt lines 16.88 pt).
WIDE_SPACING_SEAT_EM = 0.9
NO_WRAP_WIDTH = 1.0e6

_reference: QImage | None = None


def reference_device() -> QImage:
    """A 96-dpi paint device for layout (QImage's default resolution on every platform)."""
    global _reference
    if _reference is None:
        _reference = QImage(1, 1, QImage.Format.Format_ARGB32_Premultiplied)
        _reference.setDotsPerMeterX(3780)
        _reference.setDotsPerMeterY(3780)
    return _reference


def one_line(text: str, font: QFont, baseline_at_zero: bool = False) -> tuple[QTextLayout, QTextLine]:
    """``text`` laid out unwrapped in one line on the reference device (design metrics), its top at
    y = 0 or, with ``baseline_at_zero``, its baseline; the line is invalid for text Qt lays out
    in none."""
    layout = QTextLayout(text, font, reference_device())
    option = QTextOption()
    option.setUseDesignMetrics(True)
    option.setWrapMode(QTextOption.WrapMode.NoWrap)
    layout.setTextOption(option)
    layout.beginLayout()
    line = layout.createLine()
    if line.isValid():
        line.setLineWidth(NO_WRAP_WIDTH)
        line.setPosition(QPointF(0.0, -line.ascent() if baseline_at_zero else 0.0))
    layout.endLayout()
    return layout, line


@dataclass
class LineBox:
    line: QTextLine
    x: float  # left of the line's glyphs, text-area coordinates
    baseline: float
    ascent: float
    descent: float
    # Natural width without trailing spaces (_visible_width); None until ParagraphBox.line_width
    # measures it (only the body's extent needs it for lines not placed by it).
    width: float | None
    # The paragraph layout's options while this line is shaped: tab stops differ per line start
    # (_tab_stops) and Qt re-measures tabs with the layout's current options (use_line_options).
    option: QTextOption | None = None
    # Distributed lines (algn dist): points added after each visible character but the last, so
    # the line fills its width (paint.py moves the glyphs).
    spread: float = 0.0
    # From the QTextLine's position to ``x``: a right-to-left line's trailing spaces stand on its
    # visible left, before its glyphs, and take no room in PowerPoint's alignment.
    lead: float = 0.0

    def place(self) -> None:
        """Put the QTextLine where ``x`` and ``baseline`` say."""
        self.line.setPosition(QPointF(self.x - self.lead, self.baseline - self.ascent))


def use_line_options(layout: QTextLayout, line: LineBox) -> None:
    """Give ``layout`` the options ``line`` was laid out with, before asking for its glyphs."""
    if line.option is not None:
        layout.setTextOption(line.option)


@dataclass
class BulletBox:
    layout: QTextLayout | None
    x: float
    baseline: float
    width: float
    size: float


@dataclass
class ParagraphBox:
    para: Paragraph
    layout: QTextLayout
    lines: list[LineBox] = field(default_factory=list)
    bullet: BulletBox | None = None
    # Laid out with whole words: whether no line came out wider than Qt was asked to fill (see
    # _Overflow); always True otherwise.
    words_fit: bool = True

    def line_width(self, line: LineBox) -> float:
        """``line``'s natural width (LineBox.width), measured now if layout did not need it."""
        if line.width is None:
            text = self.para.text
            use_line_options(self.layout, line)
            line.width = _visible_width(line.line, text, self.para.props.rtl, u16len(text) == len(text))
        return line.width


@dataclass
class BodyBox:
    paragraphs: list[ParagraphBox]
    height: float
    # Laid out with whole words and no line wider than asked: the same breaks, metrics and height
    # as without whole words (see _Overflow).
    words_fit: bool = True
    # (left, right): see extent(); None until first asked for.
    bounds: tuple[float, float] | None = None

    def extent(self) -> tuple[float, float]:
        """Left and right of the drawn lines and bullets, for anchorCtr (measured when first asked:
        most bodies never need the widths of their left-aligned lines)."""
        if self.bounds is None:
            boxes = self.paragraphs
            left = min((ln.x for b in boxes for ln in b.lines), default=0.0)
            right = max((ln.x + b.line_width(ln) for b in boxes for ln in b.lines), default=0.0)
            for b in boxes:
                if b.bullet is not None:
                    left = min(left, b.bullet.x)
            self.bounds = (left, right)
        return self.bounds


_JUSTIFIED = frozenset({"just", "dist", "justLow", "thaiDist"})
_DISTRIBUTED = frozenset({"dist", "thaiDist"})
# Characters that take no place of their own in a distributed line.
_NO_SLOT = re.compile("[\u0300-\u036f\u0e31\u0e34-\u0e3a\u0e47-\u0e4e\u200b-\u200f\u2060\ufe00-\ufe0f\ufeff]")


def distributes(para: Paragraph, wrap: bool) -> bool:
    """Whether the paragraph's lines are distributed: every line, the last and a lone one too,
    spread over the whole width by the space between its characters (algn dist and thaiDist;
    right-to-left ones keep Qt's justification)."""
    return wrap and para.props.align in _DISTRIBUTED and not para.props.rtl


def slot_starts(text: str) -> list[int]:
    """For each UTF-16 unit of ``text``, how many characters that take a place of their own in
    a distributed line come before it (combining marks, zero-width characters and the second
    half of a surrogate pair take none)."""
    out: list[int] = []
    count = 0
    for ch in text:
        out.append(count)
        if ord(ch) > 0xFFFF:
            out.append(count)
        if not _NO_SLOT.match(ch) and not unicodedata.combining(ch):
            count += 1
    out.append(count)
    return out


def _justifies(para: Paragraph, wrap: bool) -> bool:
    return wrap and para.props.align in _JUSTIFIED and not distributes(para, wrap)


# Options without tab stops by what they are made of; never changed once made (QTextLayout copies them).
_PLAIN_OPTIONS: dict[tuple[bool, bool, bool, bool, float], QTextOption] = {}


def _plain_text_option(para: Paragraph, wrap: bool, whole_words: bool) -> QTextOption:
    """``_text_option`` without tab stops, shared by paragraphs that would make the same one."""
    props = para.props
    key = (props.rtl, _justifies(para, wrap), wrap, whole_words, props.def_tab)
    option = _PLAIN_OPTIONS.get(key)
    if option is None:
        if len(_PLAIN_OPTIONS) >= 256:  # def_tab comes from the deck: keep the dict small
            _PLAIN_OPTIONS.clear()
        option = _PLAIN_OPTIONS[key] = _text_option(para, wrap, whole_words)
    return option


def _text_option(para: Paragraph, wrap: bool, whole_words: bool, origin: float | None = None) -> QTextOption:
    """The layout's options; ``origin`` (where a line starts in the text area) places tab stops."""
    option = QTextOption()
    option.setUseDesignMetrics(True)
    props = para.props
    if props.rtl:
        option.setTextDirection(Qt.LayoutDirection.RightToLeft)
    else:
        option.setTextDirection(Qt.LayoutDirection.LeftToRight)
    if _justifies(para, wrap):
        option.setAlignment(Qt.AlignmentFlag.AlignJustify)
    else:
        # Positioned by hand (see _place); absolute so right-to-left text starts at the left too.
        option.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignAbsolute)
    if not wrap:
        option.setWrapMode(QTextOption.WrapMode.NoWrap)
    elif whole_words:
        option.setWrapMode(QTextOption.WrapMode.WordWrap)
    else:
        # Lines break between words; PowerPoint splits a word wider than the whole line between
        # its letters instead of letting it run out of the box (latinLnBrk or not).
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    option.setTabStopDistance(max(props.def_tab, 1.0))
    if origin is not None:
        option.setTabs(_tab_stops(para, origin))
    return option


_TAB_KINDS = {"l": QTextOption.TabType.LeftTab, "r": QTextOption.TabType.RightTab,
              "ctr": QTextOption.TabType.CenterTab, "dec": QTextOption.TabType.DelimiterTab}  # fmt: skip
_DEFAULT_STOPS = 64
_DECIMAL_POINT = "."


def _tab_stops(para: Paragraph, origin: float) -> list[QTextOption.Tab]:
    """Tab stops for a line starting ``origin`` points into the text area, relative to that start.

    Qt measures stops from the line's start; PowerPoint measures the paragraph's stops and the
    default ones (multiples of defTabSz past the last stop) from the text area's left edge, the
    ruler marL is measured on (github.com/developer0hye/office2pdf/pull/1045: a stop at 252 pt
    lands 252 pt past the inset in native PowerPoint exports, whatever marL is).

    A hanging first line (indent < 0) also stops at marL, where its other lines start, as Office's
    text engine does (Word's "hanging indent is a tab stop"; github.com/openooxml/betteroffice/pull/754
    for PowerPoint): "a)<tab>text" lines its text up with the lines below it."""
    props = para.props
    declared = [t for t in props.tabs if t.pos >= 0.0]
    if props.indent < 0.0 < props.mar_l and all(abs(t.pos - props.mar_l) > 0.01 for t in declared):
        declared.append(TabStop(props.mar_l))
    stops = sorted(declared, key=lambda t: t.pos)
    # The text each tab leads to, in order: the n-th tab of a line normally lands on its n-th stop.
    segments = para.text.split("\t")[1:]
    out: list[QTextOption.Tab] = []
    for t in stops:
        if t.pos <= origin:
            continue
        kind = _TAB_KINDS.get(t.align, QTextOption.TabType.LeftTab)
        if kind is QTextOption.TabType.DelimiterTab:
            out.append(_decimal_tab(t.pos - origin, segments[len(out)] if len(out) < len(segments) else ""))
        else:
            out.append(QTextOption.Tab(t.pos - origin, kind))
    step = max(para.props.def_tab, 1.0)
    last = max(stops[-1].pos if stops else 0.0, origin)
    k = math.floor(last / step) + 1
    for _ in range(_DEFAULT_STOPS):
        out.append(QTextOption.Tab(k * step - origin, QTextOption.TabType.LeftTab))
        k += 1
    return out


def _decimal_tab(position: float, segment: str) -> QTextOption.Tab:
    """A decimal stop (algn="dec") puts the decimal point of the text after the tab on the stop;
    a number without one ends at the stop, as if its point followed the last digit."""
    if _DECIMAL_POINT in segment:
        return QTextOption.Tab(position, QTextOption.TabType.DelimiterTab, _DECIMAL_POINT)
    return QTextOption.Tab(position, QTextOption.TabType.RightTab)


# Character formats by (font identity, letter spacing); each entry holds its font, so the id stays
# unique while cached. A piece's font is not changed once made (build._FONTS), and a format is only
# copied into the layouts it is given to, so pieces of one font share one.
_CHAR_FORMATS: dict[tuple[int, float], tuple[QFont, QTextCharFormat]] = {}
_CHAR_FORMATS_LIMIT = 2048


def _char_format(font: QFont, spacing: float) -> QTextCharFormat:
    key = (id(font), spacing)
    found = _CHAR_FORMATS.get(key)
    if found is not None and found[0] is font:
        return found[1]
    fmt = QTextCharFormat()
    fmt.setFont(font, QTextCharFormat.FontPropertiesInheritanceBehavior.FontPropertiesAll)
    if spacing:
        fmt.setFontLetterSpacingType(QFont.SpacingType.AbsoluteSpacing)
        fmt.setFontLetterSpacing(spacing)
    remember(_CHAR_FORMATS, key, (font, fmt), _CHAR_FORMATS_LIMIT)
    return fmt


JOIN_RANGES_FROM = 512  # pieces in one paragraph: see _formats


def _formats(para: Paragraph) -> list[QTextLayout.FormatRange]:
    """One range per piece. Qt's line breaking walks the format ranges for every line, so a
    paragraph of thousands of runs in a long word (a fuzzed deck: 15,000 runs, 50,000 letters)
    took 50 s; past JOIN_RANGES_FROM pieces, neighbours in the same font without tracking share a
    range (21 s there). Not below: Qt shapes across a joined boundary (kerning a space and the
    next run's capital), which moved titles split at a spelling mark by a fraction of a point."""
    ranges: list[QTextLayout.FormatRange] = []
    last: Piece | None = None
    join = len(para.pieces) > JOIN_RANGES_FROM
    for piece in para.pieces:
        spacing = piece.props.spacing
        if (
            join
            and ranges
            and last is not None
            and not spacing
            and not last.props.spacing
            and piece.start == last.end
            and piece.font == last.font
            and piece.math is None
            and last.math is None
        ):
            ranges[-1].length = piece.end - ranges[-1].start
            last = piece
            continue
        last = piece
        if piece.math is not None:
            stand_in = para.text.encode("utf-16-le")[2 * piece.start : 2 * piece.end].decode("utf-16-le", "replace")
            spacing = _math_spacing(piece, stand_in)
        elif spacing:
            text = para.text.encode("utf-16-le")[2 * piece.start : 2 * piece.end].decode("utf-16-le", "replace")
            spacing = layout_tracking(piece.font, spacing, text, reference_device())
        fmt = _char_format(piece.font, spacing)
        rng = QTextLayout.FormatRange()
        rng.start = piece.start
        rng.length = piece.end - piece.start
        rng.format = fmt
        ranges.append(rng)
    return ranges


def _math_spacing(piece: Piece, stand_in: str) -> float:
    """The letter spacing that makes a math piece's one character (math_runs.MathZones.text) as
    wide as its laid-out math: the format's absolute spacing replaces the font's percentage."""
    assert piece.math is not None
    plain = QFont(piece.font)
    plain.setLetterSpacing(QFont.SpacingType.PercentageSpacing, 100.0)
    advance = QFontMetricsF(plain, reference_device()).horizontalAdvance(stand_in or MATH_HOLDER)
    return piece.math.width - advance or 1e-6


def _math_extent(on_line: list[Piece]) -> tuple[float, float]:
    """How far the math on a line reaches above and below its baseline (0, 0 without math)."""
    up = down = 0.0
    for piece in on_line:
        if piece.math is not None:
            up = max(up, piece.math.ascent + piece.shift)
            down = max(down, piece.math.descent - piece.shift)
    return up, down


def _set_formats(layout: QTextLayout, para: Paragraph) -> None:
    """The pieces' fonts on ``layout``; a paragraph of one piece in the layout's own font needs
    none (the same glyphs and breaks, about a quarter less layout time for such paragraphs)."""
    pieces = para.pieces
    if len(pieces) == 1 and pieces[0].font is para.base_font and not pieces[0].props.spacing and pieces[0].math is None:
        return
    layout.setFormats(_formats(para))


# Bullet layouts of one body by text and font: they are only read once made (paint._paint_bullet).
# By text, font and direction.
BulletLayouts = dict[tuple[str, QFont, bool], QTextLayout]


def _bullet_layout(para: Paragraph, shared: BulletLayouts | None = None) -> QTextLayout | None:
    bullet = para.bullet
    if bullet is None or not bullet.text:
        return None
    rtl = para.props.rtl
    key = (bullet.text, bullet.font, rtl)
    if shared is not None:
        found = shared.get(key)
        if found is not None:
            return found
    layout = QTextLayout(bullet.text, bullet.font, reference_device())
    option = QTextOption()
    option.setUseDesignMetrics(True)
    option.setWrapMode(QTextOption.WrapMode.NoWrap)
    # An auto-number reads in its paragraph's direction: "1)" in a right-to-left paragraph shows
    # as "(1", the bracket mirrored on the number's far side (Unicode bidi, as Office lists do).
    # Absolute left, so the glyphs start at the layout's left edge either way (placed by hand).
    option.setTextDirection(Qt.LayoutDirection.RightToLeft if rtl else Qt.LayoutDirection.LeftToRight)
    option.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignAbsolute)
    layout.setTextOption(option)
    layout.beginLayout()
    line = layout.createLine()
    if line.isValid():
        line.setLineWidth(NO_WRAP_WIDTH)
        line.setPosition(QPointF(0.0, 0.0))
    layout.endLayout()
    if shared is not None:
        shared[key] = layout
    return layout


def _line_pieces(para: Paragraph, line: QTextLine) -> list[Piece]:
    """The pieces with text on ``line`` (an empty line counts its first unit's)."""
    pieces = para.pieces
    start = line.textStart()
    end = start + max(line.textLength(), 1)
    if len(pieces) == 1:
        return pieces if pieces[0].start < end and pieces[0].end > start else []
    return para.pieces_between(start, end)


def _sizing_pieces(on_line: list[Piece]) -> list[Piece]:
    """The pieces that size a line: a line break (a:br) ending a line of text has no say in its
    height or seat, only a line holding nothing else takes the break's size. PowerPoint 365's
    PDF of qmd-to-pptx's demo deck: 14 pt code lines ended by breaks that inherit 32 pt are
    17.3 pt apart, not 38.4."""
    if len(on_line) > 1 and any(p.is_break for p in on_line):
        text = [p for p in on_line if not p.is_break]
        if text:
            return text
    return on_line


def _line_size(para: Paragraph, on_line: list[Piece]) -> float:
    return max(p.props.size for p in on_line) if on_line else para.first_size


def _line_lift(on_line: list[Piece]) -> float:
    """How far the line's baseline rises for stand-in fonts on it (see Piece.lift)."""
    return max((p.lift for p in on_line), default=0.0)


def _shared_seat(para: Paragraph, on_line: list[Piece], line_size: float, last: bool) -> float | None:
    """Where the baseline sits in the line's single (1.2 x size) box when PowerPoint's own rule is
    known for every typeface on the line; None to keep the even split.

    Native PowerPoint exports (github.com/developer0hye/office2pdf/pull/1258, #1260, #1645):
    one typeface seats its baseline at its OS/2 usWinAscent share of the box; the faces on a line,
    the paragraph mark's on its last line included (#1585), share one box: the most any takes
    above the baseline and the most any takes below, scaled back to 1.2 x size (Arial runs with
    a Calibri mark seat at 0.94377 em, Arial alone at 0.97238 em)."""
    above = below = 0.0
    for piece in on_line:
        if piece.share is None:
            return None
        above = max(above, piece.props.size * piece.share)
        below = max(below, piece.props.size * (1.0 - piece.share))
    if last and para.end_counts:
        if para.end_share is None:
            return None
        above = max(above, line_size * para.end_share)
        below = max(below, line_size * (1.0 - para.end_share))
    if above <= 0.0:
        return None
    return LINE_FACTOR * line_size * above / (above + below)


_HANGUL = re.compile("[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")


def _is_hangul(ch: str) -> bool:
    code = ord(ch)
    return 0xAC00 <= code <= 0xD7A3 or 0x1100 <= code <= 0x11FF or 0x3130 <= code <= 0x318F


# Marks PowerPoint (Windows) hangs past the right margin rather than carry them, with the
# character before them, to the next line (hangingPunct): measured per mark after a Hangul syllable
# at the wrap boundary (native exports, github.com/developer0hye/office2pdf/pull/515).
_HANGING_MARKS = frozenset("?!.,:)\u201d\u2026\uff1f\uff01\u3002\u3001\uff0e\uff0c\uff1a\uff09")
# Hangul, kana and CJK ideographs (with their extensions and compatibility forms).
_EAST_ASIAN = re.compile(
    "[\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7a3\uf900-\ufaff]"
)
# An East Asian character followed by a hanging mark: where a line end may hang (a cheap first test).
# Qt breaks before an East Asian character whenever it fits, so a mark that may hang follows the
# line's end within a few characters.
_HANG_REACH = 4
_HANG_AFTER_EAST_ASIAN = re.compile(_EAST_ASIAN.pattern + "[" + re.escape("".join(sorted(_HANGING_MARKS))) + "]")
# Two letters or digits of the Latin, Greek or Cyrillic scripts in a row: where latinLnBrk lets a
# line end inside a word.
_LATIN_LETTER = "[0-9A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u0370-\u03ff\u0400-\u052f\u1e00-\u1fff]"
_LATIN_PAIR = re.compile(_LATIN_LETTER + _LATIN_LETTER)
# East Asian brackets. In text not tagged Chinese, Japanese or Korean PowerPoint breaks a line
# after an opening one and before a closing one, as beside an ideograph, where Unicode's rules
# (and Qt) never do: PowerPoint 365's PDF of dcc-mcp-powerpoint's framework deck (en-US runs)
# ends lines "Office 新域仓库（" and "执行后端路径（" and starts one with "）".
_OPENING_BRACKETS = "\uff08\uff3b\uff5b\u3008\u300a\u300c\u300e\u3010\u3014\u3016\u3018\u301a"
_CLOSING_BRACKETS = "\uff09\uff3d\uff5d\u3009\u300b\u300d\u300f\u3011\u3015\u3017\u3019\u301b"
_BRACKET = re.compile(f"[{_OPENING_BRACKETS}{_CLOSING_BRACKETS}]")
# Languages whose line-breaking rules keep a bracket with the text it encloses.
_KINSOKU_LANGS = ("zh", "ja", "ko")


class _EastAsianBreaker:
    """Line ends PowerPoint sets differently from Qt's breaker in East Asian text.

    - Korean words break between syllables (eaLnBrk, on by default); Qt keeps them whole like
      Latin words (``syllables``).
    - With latinLnBrk, Latin words break between letters too (``letters``): the line fills up to
      the margin, "Hi WWWW" / "WWWWW" (PowerPoint for Mac's export of ooxml-integrity's
      pptx-long-tokens, slide 12), where without it the word starts the next line.
    - With hangingPunct, a closing mark right after an East Asian character hangs past the margin
      when only the mark does not fit; Qt's breaker carries the character and the mark over
      together (``hang``). A run of two marks does not hang.
    - After a Hangul syllable such a mark that does not fit starts the next line instead, the
      syllable staying (``syllables``): PowerPoint for Mac's exports, hangingPunct on or not
      (o2pgold 09_lecture_ko: "뜻인가" / "?"); PowerPoint for Windows hangs it (office2pdf #515).

    After Qt breaks a line, ``extend`` lengthens it to the last such break that still fits, with
    QTextLine.setNumColumns."""

    def __init__(
        self, para: Paragraph, syllables: bool, hang: bool, letters: bool = False, brackets: bool = False
    ) -> None:
        self.para = para
        self.text = para.text
        self.syllables = syllables
        self.hang = hang
        self.letters = letters
        self.brackets = brackets
        self._xs: list[float] | None = None

    @classmethod
    def make(cls, para: Paragraph, syllables: bool, hang: bool, letters: bool = False) -> _EastAsianBreaker | None:
        text = para.text
        syllables = syllables and _HANGUL.search(text) is not None
        hang = hang and _HANG_AFTER_EAST_ASIAN.search(text) is not None
        letters = letters and _LATIN_PAIR.search(text) is not None
        brackets = any(not _kinsoku(para, m.start()) for m in _BRACKET.finditer(text))
        if not (syllables or hang or letters or brackets) or len(text) != len(text.encode("utf-16-le")) // 2:
            return None
        return cls(para, syllables, hang, letters, brackets)

    def _beside_bracket(self, pos: int) -> bool:
        """A break at ``pos`` follows an opening bracket or precedes a closing one (see
        _OPENING_BRACKETS) in a run whose language does not keep it with its text."""
        if not self.brackets or pos <= 0 or pos >= len(self.text):
            return False
        before, after = self.text[pos - 1], self.text[pos]
        if before in _OPENING_BRACKETS and not after.isspace():
            return not _kinsoku(self.para, pos - 1)
        if after in _CLOSING_BRACKETS and not before.isspace():
            return not _kinsoku(self.para, pos)
        return False

    @property
    def splits_words(self) -> bool:
        """Lines may end inside a word: every line is extended, not only those before a mark."""
        return self.syllables or self.letters

    @property
    def xs(self) -> list[float]:
        """x of each cursor position on an unwrapped layout (same line segment), made on first need."""
        if self._xs is not None:
            return self._xs
        para, text = self.para, self.text
        probe = QTextLayout(text, para.base_font, reference_device())
        option = QTextOption()
        option.setUseDesignMetrics(True)
        option.setWrapMode(QTextOption.WrapMode.NoWrap)
        probe.setTextOption(option)
        probe.setFormats(_formats(para))
        probe.beginLayout()
        while True:
            line = probe.createLine()
            if not line.isValid():
                break
            line.setLineWidth(NO_WRAP_WIDTH)
        probe.endLayout()
        xs = [0.0] * (len(text) + 1)
        for i in range(probe.lineCount()):
            line = probe.lineAt(i)
            for pos in range(line.textStart(), line.textStart() + line.textLength() + 1):
                if pos <= len(text):
                    xs[pos] = cursor_x(line.cursorToX(pos))
        self._xs = xs
        return xs

    def _hangs_before(self, pos: int) -> bool:
        """A break at ``pos`` leaves a hanging mark at ``pos - 1`` after an East Asian character."""
        text = self.text
        return (
            self.hang
            and pos >= 2
            and text[pos - 1] in _HANGING_MARKS
            and _EAST_ASIAN.match(text, pos - 2) is not None
            and not (self.syllables and _is_hangul(text[pos - 2]))
            and (pos >= len(text) or text[pos] not in _HANGING_MARKS)
        )

    def extend(self, line: QTextLine, width: float) -> bool:
        """Lengthen ``line`` where PowerPoint would; True when it did."""
        text = self.text
        start = line.textStart()
        end = start + line.textLength()
        if end >= len(text) or text[end - 1] == "\u2028":
            return False
        if (
            not self.splits_words
            and not self.brackets
            and _HANG_AFTER_EAST_ASIAN.search(text, end, end + _HANG_REACH) is None
        ):
            return False  # Qt broke the line before anything that could hang
        xs = self.xs
        best = end
        for pos in range(end, len(text) + 1):
            if text[pos - 1] == "\u2028":
                break
            if self._hangs_before(pos):
                if xs[pos - 1] - xs[start] > width:
                    break
                best = pos
                continue
            if self._beside_bracket(pos):
                if xs[pos] - xs[start] > width:
                    break
                best = pos
                continue
            if not self.splits_words or pos >= len(text):
                if not (self.hang or self.brackets) or xs[pos] - xs[start] > width:
                    break
                continue
            allowed = (
                text[pos - 1] == " "
                or (
                    self.syllables
                    and _is_hangul(text[pos - 1])
                    and (_is_hangul(text[pos]) or text[pos] in _HANGING_MARKS)
                )
                or (self.letters and _LATIN_PAIR.match(text, pos - 1) is not None)
            )
            if not allowed:
                if xs[pos] - xs[start] > width:
                    break  # a later break keeps at least this much: none fits (one scan per line)
                continue
            visible = pos
            while visible > start and text[visible - 1] == " ":
                visible -= 1
            if xs[visible] - xs[start] > width:
                break
            best = pos
        if best > end:
            line.setNumColumns(best - start)
            return True
        return False


def _kinsoku(para: Paragraph, index: int) -> bool:
    """The character at ``index`` is in a run tagged Chinese, Japanese or Korean."""
    pieces = para.pieces_between(index, index + 1)
    return bool(pieces) and pieces[0].props.lang.lower().startswith(_KINSOKU_LANGS)


class _Overflow:
    """Watches a whole-words layout for a line that came out wider than its width.

    Qt breaks lines the same way in WordWrap (whole words) and WrapAtWordBoundaryOrAnywhere
    (split words) mode, except that the latter lays a line out again, breaking anywhere, when it
    came out wider than its width (QTextLine::layout_helper). While no line of a whole-words
    layout does, the split-words layout is the same: measuring both (SmartArt's fit) needs one."""

    # Qt compares in 26.6 fixed point: a line within one unit of it under its width never runs over.
    MARGIN = 1.0 / 64.0

    def __init__(self) -> None:
        self.seen = False

    def set_width(self, line: QTextLine, width: float) -> None:
        line.setLineWidth(width)
        if not self.seen and line.naturalTextWidth() > width - self.MARGIN:
            self.seen = True


# UTF-16 units from a line's start to the next chance to break it at which its layout breaks
# anywhere first (see _LongWords).
LONG_WORD = 256
# A stretch of text without a space this long: only paragraphs holding one are looked at.
_LONG_STRETCH = re.compile(rf"\S{{{LONG_WORD},}}")
# Characters beside which a line may break whatever the line-break rules say (a superset is safe).
_BREAKS_BESIDE = re.compile(r"[\s\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\x00-\x1f]")


class _LongWords:
    """Lays lines out quickly in a paragraph of very long words, breaking exactly as Qt would.

    In WrapAtWordBoundaryOrAnywhere mode Qt first lays a line out whole words at a time: the first
    word goes on the line whatever its width, so a line inside a word of 50,000 letters gathers
    the rest of the word, and only then, finding it too wide, lays the line out again breaking
    anywhere (QTextLine::layout_helper). Each line cost the rest of the word: 4,217 lines of one
    fuzzed word took 21 s of CPU. A line whose next chance to break lies more than twice as far
    as its break-anywhere length (and LONG_WORD at least) cannot fit its first word, so Qt's
    answer is that break-anywhere layout, which is made directly; any other line is laid out
    by Qt's own rule. The chances to break are Qt's line-break boundaries and every space,
    control or format character (more than Qt breaks at, which only sends more lines to Qt)."""

    def __init__(self, layout: QTextLayout, breaks: list[int]) -> None:
        self.layout = layout
        self.breaks = breaks

    @classmethod
    def find(cls, layout: QTextLayout, para: Paragraph) -> _LongWords | None:
        text = para.text
        if len(text) < LONG_WORD or _LONG_STRETCH.search(text) is None:
            return None
        if any(p.props.spacing < 0 for p in para.pieces):
            return None  # negative tracking: a longer word is not always wider
        finder = QTextBoundaryFinder(QTextBoundaryFinder.BoundaryType.Line, text)
        found: set[int] = set()
        at = finder.toNextBoundary()
        while at != -1:
            found.add(at)
            at = finder.toNextBoundary()
        units = 0
        for ch in text:
            width = 2 if ord(ch) > 0xFFFF else 1
            if _BREAKS_BESIDE.match(ch):
                found.update((units, units + width))
            units += width
        return cls(layout, sorted(found))

    def set_width(self, line: QTextLine, width: float) -> None:
        start = line.textStart()
        at = bisect.bisect_right(self.breaks, start)
        reach = (self.breaks[at] if at < len(self.breaks) else u16len(self.layout.text())) - start
        if reach < LONG_WORD:
            line.setLineWidth(width)
            return
        option = self.layout.textOption()
        anywhere = QTextOption(option)
        anywhere.setWrapMode(QTextOption.WrapMode.WrapAnywhere)
        self.layout.setTextOption(anywhere)
        try:
            line.setLineWidth(width)
        finally:
            self.layout.setTextOption(option)
        if reach <= 2 * line.textLength() + 2:
            line.setLineWidth(width)  # the first word may fit: Qt decides


def _overhang_allowance(para: Paragraph) -> float:
    """How much wider than its region _fit_line first lays a line of ``para`` out."""
    return 0.5 * max((p.props.size for p in para.pieces), default=para.first_size)


def _fit_line(
    line: QTextLine,
    para: Paragraph,
    region: float,
    text_length: int,
    overflow: _Overflow | None,
    allowance: float,
    long_words: _LongWords | None = None,
) -> None:
    """Break the line where its glyphs' advances fill ``region``, as PowerPoint does.

    Qt's breaker also counts how far the last glyph's outline reaches past its advance (its
    negative right bearing, rounded up to a whole unit, i.e. a point here), so text that just fits
    by advances wrapped a word early. The line is laid out wider by a generous allowance for that
    overhang, then narrowed break by break until its advance fits. ``text_length`` is the
    paragraph's length in UTF-16 units; ``overflow`` watches every width tried; ``allowance`` is
    _overhang_allowance(para), worked out once per paragraph."""
    set_width = line.setLineWidth if overflow is None else functools.partial(overflow.set_width, line)
    if overflow is None and long_words is not None:
        set_width = functools.partial(long_words.set_width, line)
    trial = region + allowance
    justified = para.props.align in _JUSTIFIED
    if not justified and overflow is None:
        # Each layout of a line costs (an eighth of the text's time went to them): try the wider
        # width first. A paragraph's last line that fits by advances is then laid out once, as the
        # same line region gives; a line that wraps skips the layout at region it did not need.
        # A left-aligned line's width only decides its break (we place it), so the width it keeps
        # does not matter. Justified lines keep the order below (their width stretches them), and
        # so do watched ones (the watcher must see the layout at region).
        set_width(trial)
        if line.textStart() + line.textLength() < text_length:
            _narrow(line, region, trial, set_width)
            return
        if line.horizontalAdvance() <= region + 1e-3:
            return
    set_width(region)
    if line.textStart() + line.textLength() >= text_length:
        return
    set_width(trial)
    trial = _narrow(line, region, trial, set_width)
    if justified and trial > region:
        # Justification stretches lines to the line width: keep it as close to the region as
        # the chosen break allows.
        length = line.textLength()
        set_width(max(region, line.naturalTextWidth()))
        if line.textLength() != length:
            set_width(trial)


def _narrow(line: QTextLine, region: float, trial: float, set_width: Callable[[float], None]) -> float:
    """Narrow a line laid out at ``trial`` break by break until its advance fits ``region``; the
    width it ends at."""
    while line.horizontalAdvance() > region + 1e-3:
        narrower = line.naturalTextWidth() - 0.01  # drops the last word: it no longer fits
        if narrower <= region or narrower >= trial:
            set_width(region)
            return region
        trial = narrower
        set_width(trial)
    return trial


# Hebrew, Arabic, Syriac, Thaana, N'Ko and their presentation forms: strong right-to-left letters.
_RIGHT_TO_LEFT = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefe]")


def _line_slots(line: QTextLine, text: str, single_units: bool) -> int:
    """How many characters of the line, trailing spaces left out, take a place of their own."""
    start, length = line.textStart(), line.textLength()
    if single_units:
        chunk = text[start : start + length]
    else:
        chunk = text.encode("utf-16-le")[2 * start : 2 * (start + length)].decode("utf-16-le", "replace")
    return slot_starts(chunk.rstrip(" \t\u2028\u3000"))[-1]


def _visible_width(line: QTextLine, text: str, rtl: bool, single_units: bool) -> float:
    """The line's width without trailing spaces (PowerPoint aligns wrapped lines without them).

    ``single_units``: every character of ``text`` is one UTF-16 unit, so Qt's positions index it."""
    if rtl:
        return line.horizontalAdvance()  # naturalTextWidth over-reports right-to-left lines
    start, length = line.textStart(), line.textLength()
    chunk, trailing = _line_text(line, text, single_units)
    if trailing == len(chunk):
        return line.naturalTextWidth()
    if _RIGHT_TO_LEFT.search(chunk):
        # A right-to-left run in a left-to-right line is laid out reversed, and Qt's cursor at a
        # change of direction stands on the run boundary, not at the letter's own edge (the
        # right-hand end of "abc שלום" read as the boundary, a letter short): take
        # the span of the glyph runs of the visible characters, which Qt sizes by their advances.
        return _glyph_span(line, start, length - trailing)
    if trailing == 0:
        return line.naturalTextWidth()
    a = cursor_x(line.cursorToX(start))
    b = cursor_x(line.cursorToX(start + length - trailing))
    return max(b - a, 0.0)


def _glyph_span(line: QTextLine, start: int, length: int) -> float:
    """From the leftmost to the rightmost edge of the glyphs of ``length`` UTF-16 units from ``start``."""
    return _glyph_edges(line, start, length)[1]


def _glyph_edges(line: QTextLine, start: int, length: int) -> tuple[float, float]:
    """(left edge from the line's position, width) of the glyphs of ``length`` UTF-16 units from
    ``start``; (0, 0) for none."""
    rects = [run.boundingRect() for run in line.glyphRuns(start, length)]
    if not rects:
        return 0.0, 0.0
    left = min(r.left() for r in rects)
    return left - line.x(), max(max(r.right() for r in rects) - left, 0.0)


def _line_text(line: QTextLine, text: str, single_units: bool) -> tuple[str, int]:
    """``line``'s characters, and how many of them at its end are spaces."""
    start, length = line.textStart(), line.textLength()
    if single_units:
        chunk = text[start : start + length]
    else:
        chunk = text.encode("utf-16-le")[2 * start : 2 * (start + length)].decode("utf-16-le", "replace")
    return chunk, len(chunk) - len(chunk.rstrip(" \t\u2028\u3000"))


def _rtl_trailing_lead(line: QTextLine, text: str, single_units: bool) -> tuple[float, float] | None:
    """(lead, visible width) of a right-to-left line that ends in spaces, else None.

    The spaces after a paragraph's last word take no room in PowerPoint's alignment (as on
    left-to-right lines, _visible_width); Qt sets them on a right-to-left line's left, so the
    visible glyphs start ``lead`` after the line's position."""
    start, length = line.textStart(), line.textLength()
    chunk, trailing = _line_text(line, text, single_units)
    if trailing == 0 or trailing == len(chunk):
        return None
    lead, visible = _glyph_edges(line, start, length - trailing)
    return max(lead, 0.0), visible


def cursor_x(value: object) -> float:
    # PySide returns (x, cursorPos) from QTextLine.cursorToX.
    first = value[0] if isinstance(value, tuple) else value
    return float(first) if isinstance(first, int | float) else 0.0


def layout_paragraph(
    para: Paragraph,
    width: float,
    wrap: bool,
    top: float,
    *,
    space_before: bool = True,
    space_after: bool = True,
    whole_words: bool = False,
    bullets: BulletLayouts | None = None,
) -> tuple[ParagraphBox, float]:
    """Lay out one paragraph whose space-before starts at ``top``; returns it and the next top.

    ``space_before``/``space_after`` say whether its spcBef/spcAft open at all (see layout_body);
    ``bullets`` holds the body's bullet layouts, shared by paragraphs with the same bullet."""
    props = para.props
    # marR narrows the region lines wrap and align in, at the end opposite marL (ECMA-376
    # 21.1.2.2.7; LibreOffice's ParaRightMargin, POI's wrapping width). Right-to-left lines keep
    # marL on the right, as below, so marR takes the left: their x moves by ``end``.
    end = min(max(props.mar_r, 0.0), max(width - 1.0, 0.0))
    width -= end
    shift = end if props.rtl else 0.0
    layout = QTextLayout(para.text, para.base_font, reference_device())
    layout.setTextOption(_plain_text_option(para, wrap, whole_words))
    _set_formats(layout, para)
    box = ParagraphBox(para, layout)
    text_length = u16len(para.text)
    single_units = text_length == len(para.text)

    bullet_layout = _bullet_layout(para, bullets)
    bullet_width = 0.0
    if bullet_layout is not None and bullet_layout.lineCount():
        bullet_width = bullet_layout.lineAt(0).naturalTextWidth()
    elif para.bullet is not None and para.bullet.image is not None:
        bullet_width = para.bullet.size
    first_x = props.mar_l + props.indent
    bullet_x = first_x
    if para.bullet is not None and (bullet_layout is not None or para.bullet.image is not None or para.bullet.blank):
        # The bullet hangs at marL+indent; text starts at marL unless the bullet reaches past it.
        first_x = props.mar_l if bullet_x + bullet_width <= props.mar_l else bullet_x + bullet_width
    first_x = min(max(first_x, 0.0), max(width - 1.0, 0.0))
    other_x = min(max(props.mar_l, 0.0), max(width - 1.0, 0.0))

    size = para.first_size
    y = top + _paragraph_space(props.space_before, size) if space_before else top

    breaker = (
        _EastAsianBreaker.make(para, props.ea_line_break, props.hanging_punct, props.latin_line_break)
        if wrap and not props.rtl
        else None
    )
    overflow = _Overflow() if wrap and whole_words else None
    if overflow is not None and breaker is not None and breaker.splits_words:
        overflow.seen = True  # setNumColumns breaks anywhere by another rule: not watched
    # Tab stops depend on where each line starts (see _tab_stops); right-to-left keeps Qt's own.
    tabbed = "\t" in para.text and not props.rtl
    allowance = _overhang_allowance(para) if wrap else 0.0
    long_words = _LongWords.find(layout, para) if wrap and not whole_words else None
    options: dict[float, QTextOption] = {}
    layout.beginLayout()
    index = 0
    lines: list[QTextLine] = []
    line_options: list[QTextOption | None] = []
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        start = first_x if index == 0 else other_x
        option: QTextOption | None = None
        if tabbed:
            option = options.get(start)
            if option is None:
                option = options[start] = _text_option(para, wrap, whole_words, start)
            layout.setTextOption(option)
        line_options.append(option)
        if not wrap:
            line.setLineWidth(NO_WRAP_WIDTH)
        elif breaker is not None and breaker.splits_words:
            line.setLineWidth(max(width - start, 1.0))
            breaker.extend(line, max(width - start, 1.0))
        else:
            _fit_line(line, para, max(width - start, 1.0), text_length, overflow, allowance, long_words)
            if breaker is not None and breaker.extend(line, max(width - start, 1.0)) and overflow is not None:
                overflow.seen = True
        lines.append(line)  # at (0, 0) until placed below, as QTextLayout makes lines
        index += 1
    layout.endLayout()

    # The same for every line of the paragraph.
    distributed = distributes(para, wrap)
    justified = wrap and props.align in _JUSTIFIED and not distributed
    measured = distributed or (not justified and props.align in ("ctr", "r"))
    for i, line in enumerate(lines):
        ascent, descent = line.ascent(), line.descent()
        on_line = _sizing_pieces(_line_pieces(para, line))
        lift = _line_lift(on_line)
        spacing = props.line_spacing
        # Single spacing in PowerPoint is 1.2 x the largest font size on the line, whatever the
        # font's own metrics. The baseline sits at the typefaces' usWinAscent share of it
        # (_shared_seat); for typefaces whose real metrics we lack, the glyphs sit centred in it.
        line_size = _line_size(para, on_line)
        single = LINE_FACTOR * line_size
        # Qt measured the line at a whole pixel size; the seat takes the metrics at the true size
        # (a 14.5 pt line has 14.5 pt ascent and descent, not 15's).
        seat = _shared_seat(para, on_line, line_size, i == len(lines) - 1)
        if seat is not None:
            lift = 0.0  # the lift corrects a stand-in's centred seat; this one reads the real metrics
        else:
            true = line_size / engine_pixel_size(line_size)
            seat = true * ascent + (single - true * (ascent + descent)) / 2.0
        # Exact spacing (spcPts) is the equivalent percentage of that line: the same seat model
        # with the stated pitch (native PowerPoint exports, github.com/developer0hye/office2pdf/pull/1349).
        pitch = single * spacing.value if spacing.kind is SpacingKind.PERCENT else spacing.value
        pct = pitch / max(single, 0.01)
        # Tighter lines keep single spacing's gap under the baseline: the whole cut comes off
        # above it (native PowerPoint exports, github.com/developer0hye/office2pdf/issues/1254
        # on #1074's probe). A wider spcPct, a whole percentage as PowerPoint keeps it, seats at
        # a fixed share of the size (WIDE_SPACING_SEAT_EM); a wider spcPts scales both sides.
        whole_pct = math.floor(spacing.value * 100.0 + 0.5) / 100.0
        if spacing.kind is SpacingKind.PERCENT and whole_pct > 1.0:
            baseline = y + WIDE_SPACING_SEAT_EM * line_size * whole_pct
            lift = 0.0  # the lift corrects a stand-in's seat, and this one reads no font
        else:
            baseline = y + (pitch - (single - seat) if pct < 1.0 else seat * pct)
        start = first_x if i == 0 else other_x
        line_option = line_options[i]
        if line_option is not None:
            layout.setTextOption(line_option)
        region = max(width - start, 1.0) if wrap else width - start
        region_left = shift if props.rtl else start
        natural: float | None = None
        spread = 0.0
        lead = 0.0
        rtl_trailing = _rtl_trailing_lead(line, para.text, single_units) if props.rtl and not justified else None
        if rtl_trailing is not None:
            lead, natural = rtl_trailing
        elif measured:
            natural = _visible_width(line, para.text, props.rtl, single_units)
        if distributed and natural is not None:
            slots = _line_slots(line, para.text, single_units)
            x = region_left
            if slots == 1:
                x += max(region - natural, 0.0) / 2.0  # a lone character stands in the middle
            elif slots > 1 and region > natural:
                spread = (region - natural) / (slots - 1)
                natural = region
        elif justified:
            x = region_left
        elif props.align == "ctr" and natural is not None:
            x = region_left + (region - natural) / 2.0
        elif props.align == "r" and natural is not None:
            x = region_left + region - natural
        else:
            x = region_left
        if props.rtl and props.align == "l":
            x = region_left
        # PowerPoint sets each line's baseline on a whole point of the text body's own height
        # (its absolute position in the story, not the seat; every wrapped line on its own):
        # native exports in github.com/developer0hye/office2pdf/issues/1259, #1584, #1119.
        baseline = math.floor(baseline - lift + 0.5)
        up, down = _math_extent(on_line)
        if up or down:
            # Math taller than the line's text opens the line: its top clears the line above and
            # its depth pushes the next line down (PowerPoint grows a line around a fraction).
            extra = max(math.ceil(y + up - baseline), 0)
            baseline += extra
            pitch += extra
            pitch += max(down - (y + pitch - baseline), 0.0)
        shown = width - start if justified and i < len(lines) - 1 else natural
        line_box = LineBox(line, x, baseline, ascent, descent, shown, line_option, spread, lead)
        line_box.place()
        box.lines.append(line_box)
        y += pitch

    if box.lines and para.bullet is not None and (bullet_layout is not None or para.bullet.image is not None):
        first_line = box.lines[0]
        bx = shift + width - (props.mar_l + props.indent) - bullet_width if props.rtl else bullet_x
        if not props.rtl and props.align in ("ctr", "r"):
            # The bullet goes with centred or right-aligned text, as far before it as it hangs
            # before left-aligned text (PowerPoint does not leave it at the margin).
            bx = first_line.x - (first_x - bullet_x)
        box.bullet = BulletBox(bullet_layout, bx, first_line.baseline, bullet_width, para.bullet.size)
    box.words_fit = overflow is None or not overflow.seen

    return box, y + _paragraph_space(props.space_after, size) if space_after else y


def _paragraph_space(spacing: Spacing, size: float) -> float:
    """Points of spcBef/spcAft: spcPct counts in single lines of the paragraph's first font size."""
    if spacing.kind is SpacingKind.PERCENT:
        return spacing.value * size * LINE_FACTOR
    return spacing.value


def layout_body(
    paragraphs: list[Paragraph],
    width: float,
    wrap: bool,
    whole_words: bool = False,
    edge_spacing: bool = False,
    bullets: BulletLayouts | None = None,
) -> BodyBox:
    """Lay out paragraphs one below the other; ``whole_words`` lets a word wider than the line run
    past it instead of splitting (to tell whether text fits without splitting words).

    spcBef and spcAft are gaps between paragraphs: the first paragraph's space before and the
    last one's space after open only when the body asks for them (bodyPr spcFirstLastPara,
    ``edge_spacing``; ECMA-376 21.1.2.1.1), as PowerPoint lays text out. ``bullets`` holds bullet
    layouts shared with other bodies (BodyBuilder.bullet_layouts); by default the body's own."""
    boxes: list[ParagraphBox] = []
    if bullets is None:
        bullets = {}
    y = 0.0
    last = len(paragraphs) - 1
    for index, para in enumerate(paragraphs):
        box, y = layout_paragraph(
            para,
            width,
            wrap,
            y,
            space_before=edge_spacing or index > 0,
            space_after=edge_spacing or index < last,
            whole_words=whole_words,
            bullets=bullets,
        )
        boxes.append(box)
    return BodyBox(boxes, y, all(b.words_fit for b in boxes))
