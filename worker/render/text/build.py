"""From a:txBody XML to resolved paragraphs: text, run pieces with fonts and colours, bullets.

Nothing here depends on the box width, so layout (layout.py) can be repeated cheaply while autofit
searches for a font scale.
"""

from __future__ import annotations

import bisect
import itertools
import logging
import math
import re
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from lxml import etree
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QTextLayout

from worker.deck.font_traits import FontTraits
from worker.deck.xml import A, child, children, element_text, local
from worker.render.caches import remember
from worker.render.date_fields import DateField
from worker.render.fonts import (
    LATIN_SUBSTITUTES,
    WIN_METRICS,
    FontChoice,
    FontResolver,
    Script,
    is_symbol_font,
    symbol_char,
    without_ligatures,
)
from worker.render.links import link_target
from worker.render.math.boxes import MathBox
from worker.render.math.omml import RunLook, RunLooks
from worker.render.text.capitals import SMALL_CAPS_SCALE, cased_segments
from worker.render.text.context import TextContext, fonts_of
from worker.render.text.math_runs import MathZones, is_math, math_props
from worker.render.text.numbering import format_autonum
from worker.render.text.props import (
    BulletKind,
    FlatChain,
    ParaProps,
    Props,
    RunProps,
    Spacing,
    SpacingKind,
    flat_chain,
    font_ref_defaults,
    level_chain,
    resolve_paragraph,
    resolve_run,
    run_chain,
)
from worker.render.text.scripts import complex_script_contexts, is_east_asian_lang, split_by_slot, theme_script

if TYPE_CHECKING:
    from worker.render.text.layout import BodyBox

log = logging.getLogger(__name__)

LINE_BREAK = "\u2028"  # QTextLayout's forced line break inside a paragraph
SUPERSCRIPT_SCALE = 2.0 / 3.0
_HANGUL = re.compile("[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")
# Han and kana (half-width kana too): the text the East Asian slot's own face is for.
_HAN_OR_KANA = re.compile("[\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f]")
_CONTROL = re.compile("[\x00-\x08\x0a-\x1f\x7f]")


_TEXT_TAGS = frozenset({"r", "br", "fld"})


# Characters laid out per text body. A slide shows a few thousand at most; a body of megabytes
# (9 MB of text: 22 s and 1 GB to convert; parts may hold text nodes of any length since the
# parser allows deep nesting, worker/deck/xml.py) is laid out up to here, and the job told.
MAX_BODY_CHARS = 200_000


def _symbol_text(typeface: str, text: str) -> str:
    """Text in a symbol font (Wingdings...) remapped to the Unicode characters it draws."""
    return "".join(symbol_char(typeface, c) if not c.isspace() else c for c in text)


def _symbol_pieces(text: str, has_sym: bool) -> list[tuple[str, bool]]:
    """``text`` cut where it enters or leaves the symbol block U+F000-F0FF, each piece with whether
    it lies in that block. A run's a:sym font draws only those characters (PowerPoint stores a
    symbol inserted from Wingdings there); its letters keep the run's own fonts, so the letters
    beside an inserted arrow, and Google Slides' runs that name their own font as a:sym, look as
    they would without it."""
    if not has_sym:
        return [(text, False)]
    pieces: list[tuple[str, bool]] = []
    start = 0
    for i in range(1, len(text) + 1):
        if i == len(text) or _is_symbol_code(text[i]) != _is_symbol_code(text[start]):
            pieces.append((text[start:i], _is_symbol_code(text[start])))
            start = i
    return pieces


def _symbol_encoded(ch: str) -> bool:
    """Whether a symbol font (Wingdings...) encodes ``ch``: its 8-bit codes, as typed or in the
    private-use copy Office stores them in (tabs and other spaces count too: they take any font)."""
    code = ord(ch)
    return code <= 0xFF or 0xF000 <= code <= 0xF0FF or ch.isspace()


def _is_symbol_code(ch: str) -> bool:
    return 0xF000 <= ord(ch) <= 0xF0FF


def u16len(text: str) -> int:
    """Length in UTF-16 code units: QTextLayout positions count those, not Python characters."""
    if text.isascii():
        return len(text)  # one unit each: most text, without encoding it
    return len(text.encode("utf-16-le")) // 2


@dataclass
class Piece:
    """A stretch of one run in one font slot: the unit that gets a QTextCharFormat."""

    start: int  # UTF-16 offsets in the paragraph text
    end: int
    props: RunProps
    font: QFont
    color: QColor | None  # None: not painted (noFill)
    shift: float  # baseline shift in points, positive up
    underline: str
    link: str | None
    slot: Script = Script.LATIN
    lift: float = 0.0  # points the line's baseline rises for this piece's stand-in font (see fonts)
    share: float | None = None  # its typeface's ascent share of the line (FontResolver.ascent_share)
    is_break: bool = False  # an a:br's line break character
    # Office Math laid out (a14:m): the piece is one character holding the math's width in the
    # line (layout._formats), left unpainted (color None); paint.py draws the math in its place.
    math: MathBox | None = None


@dataclass
class BulletText:
    text: str
    font: QFont
    color: QColor | None
    image: bytes | None = None
    size: float = 18.0
    blank: bool = False  # buChar char="": a bullet that shows nothing but still hangs the text


@dataclass
class Paragraph:
    text: str
    pieces: list[Piece]
    props: ParaProps
    base_font: QFont  # the first run's font (or endParaRPr's for an empty paragraph)
    first_size: float
    bullet: BulletText | None = None
    empty: bool = False
    # The ascent share of the paragraph mark's typeface when the mark joins its last line's box
    # (an a:endParaRPr is written, or the paragraph is empty); None: it does not, or is unknown.
    end_share: float | None = None
    end_counts: bool = False

    def pieces_between(self, start: int, end: int) -> list[Piece]:
        """The pieces with text in [start, end), in order. Pieces follow one another in the text,
        so they are found by bisection: a paragraph of 50,000 runs has hundreds of lines, and
        scanning every piece for each line took most of a minute."""
        pieces = self.pieces
        first = bisect.bisect_right(pieces, start, key=_piece_end)
        found = []
        for piece in itertools.islice(pieces, first, None):
            if piece.start >= end:
                break
            found.append(piece)
        return found


def _piece_end(piece: Piece) -> int:
    return piece.end


@dataclass(frozen=True)
class BuildOptions:
    font_scale: float = 1.0
    spacing_reduction: float = 0.0  # subtracted from percentage line spacing (normAutofit)
    vertical_ea: bool = False  # eaVert: East Asian text takes its vertical glyph forms


@dataclass
class _RunSource:
    is_break: bool
    run: RunProps  # unscaled
    # text, font slot, drawing family and face, UTF-16 length, advance scale (substitutes' narrower
    # Hangul), baseline lift, ascent share
    chunks: list[tuple[str, Script, FontChoice, int, float, float, float | None]]
    math: etree._Element | None = None  # an a14:m the run stands for
    math_looks: RunLooks | None = None  # its runs' own a:rPr, read at the paragraph's level


@dataclass
class _ParaSource:
    props: ParaProps
    runs: list[_RunSource]
    end_run: RunProps
    end_face: FontChoice
    end_share: float | None
    end_written: bool  # an a:endParaRPr is there
    math_align: str | None = None  # algn for a paragraph of display math whose m:jc says where


# QFonts by (family, size, bold, italic, latin, caps, width, vertical, kerned, extra word spacing):
# immutable once made here.
_FONTS: dict[tuple[str, float, bool, bool, bool, float, bool, bool, float], QFont] = {}
# Families that stand in for the Latin letters of a typeface with wider spaces (fonts.HANGUL_SPACE_EM).
_LATIN_SPACED_FAMILIES = frozenset(LATIN_SUBSTITUTES.values())
_FONT_CACHE_LIMIT = 2048


@dataclass
class _SharedCache:
    """What text bodies drawn with one colour resolver (theme + colour map) can share."""

    colors: dict[etree._Element | str, QColor | None] = field(default_factory=dict)  # by element / scheme name
    # Resolved runs and paragraphs by (folded chain content, serialized a:rPr / a:pPr): bodies whose
    # list styles read alike (every slide's placeholders of a layout, shapes drawn in one style)
    # share them, as they share colours.
    runs: dict[tuple[int, tuple[object, ...]], RunProps] = field(default_factory=dict)
    paras: dict[tuple[int, tuple[object, ...], int], ParaProps] = field(default_factory=dict)
    # BodyBuilder._latin_chunk's and paragraph marks' faces by run (id; the entry holds the run, so
    # the id stays unique). The font resolver they come from keeps its answers for the deck.
    latin: dict[int, tuple[RunProps, tuple[FontChoice, str, float, float | None, float]]] = field(default_factory=dict)
    marks: dict[int, tuple[RunProps, tuple[FontChoice, float | None]]] = field(default_factory=dict)
    # Bullet layouts by text and font (layout._bullet_layout): only read once made, and the same for
    # every body of the deck that draws that bullet ("•" in one font on most paragraphs of a deck).
    bullet_layouts: dict[tuple[str, QFont, bool], QTextLayout] = field(default_factory=dict)


# Folded level chains by (level, own list style count, fontRef stand-in, *list styles); the key
# holds its elements alive, so their identities stay unique while cached.
_LEVEL_CHAINS: dict[tuple[object, ...], tuple[FlatChain, FlatChain]] = {}
_LEVEL_CHAINS_LIMIT = 4096

_SHARED: weakref.WeakKeyDictionary[object, _SharedCache] = weakref.WeakKeyDictionary()
_SHARED_LIMIT = 8192


def _shared_cache(ctx: TextContext) -> _SharedCache:
    resolver = getattr(ctx, "colors", None)
    if resolver is None:
        return _SharedCache()
    try:
        cache = _SHARED.get(resolver)
        if cache is None:
            cache = _SHARED[resolver] = _SharedCache()
    except TypeError:  # not weak-referenceable: cache per body only
        return _SharedCache()
    parts = (cache.runs, cache.paras, cache.latin, cache.marks, cache.bullet_layouts)
    if max(len(part) for part in parts) > _SHARED_LIMIT:
        for part in parts:
            part.clear()
    return cache


def _serialized(el: etree._Element | None) -> tuple[object, ...]:
    """A key for an element's content (attributes, and children when it has any)."""
    if el is None:
        return ()
    attrs = tuple(el.attrib.items())
    return (attrs, etree.tostring(el)) if len(el) else attrs


_HLINK_COLOR_EXT = "{A12FA001-AC4F-418D-AE19-62706E023703}"  # Office 2019's hyperlink colour choice


_SCHEME_SLOTS = {"lt": "latin", "ea": "ea", "cs": "cs"}  # "+mn-lt" suffixes: the font scheme's slots


def _link_keeps_text_color(link: etree._Element) -> bool:
    """Whether a:hlinkClick carries ahyp:hlinkClr val="tx": the link keeps its run's colour."""
    for ext in link.iterfind(f"{{{A}}}extLst/{{{A}}}ext"):
        if ext.get("uri") == _HLINK_COLOR_EXT:
            return any(el.get("val") == "tx" for el in ext if local(el) == "hlinkClr")
    return False


def engine_pixel_size(size: float) -> float:
    """The size Qt's font engine lays out a font of ``size`` layout units at: QFont rounds its
    pixel size to a whole pixel (QFontPrivate::engineForScript), so 12.5 pt text measured 13 pt."""
    return float(max(math.floor(math.floor(size * 100.0 + 0.5) / 100.0 + 0.5), 1))


def true_size(font: QFont, size: float, width: float = 1.0) -> QFont:
    """``font`` (made at ``size``) with advances scaled from the engine's whole pixel size back to
    ``size`` (times ``width``). PowerPoint sets fractional sizes as they are (12.5 pt runs measure
    12.5 pt in its PDFs); paint.py draws the glyphs at the true size (the font's pointSizeF)."""
    scale = width * size / engine_pixel_size(size)
    if abs(scale - 1.0) > 1e-6:
        font.setLetterSpacing(QFont.SpacingType.PercentageSpacing, 100.0 * scale)
    return font


# fontAlgn t, ctr, b: how far a piece's baseline rises so its ascent-to-descent box meets the
# paragraph's largest (ascent A, descent D) at the top, middle or bottom instead of sharing the
# baseline (auto and base; auto is the baseline for horizontal text).
_FONT_ALIGN_SHIFTS: dict[str, Callable[[float, float, float, float], float]] = {
    "t": lambda big_a, big_d, a, d: big_a - a,
    "ctr": lambda big_a, big_d, a, d: ((big_a - big_d) - (a - d)) / 2.0,
    "b": lambda big_a, big_d, a, d: d - big_d,
}


def _font_aligned(pieces: list[Piece], how: str) -> list[Piece]:
    """``pieces`` moved up or down for fontAlgn ``how``, against the paragraph's largest text (most
    lines of mixed sizes are one line; a wrapped paragraph's lines share its largest size). Every
    piece is measured in the largest one's proportions, so text of one size never moves (an East
    Asian fallback face's own metrics would)."""
    largest = max(pieces, key=lambda piece: piece.font.pointSizeF())
    metrics = QFontMetricsF(largest.font)
    big = largest.font.pointSizeF()
    if big <= 0:
        return pieces
    up, down = metrics.ascent() / big, metrics.descent() / big
    shift = _FONT_ALIGN_SHIFTS[how]
    return [
        replace(piece, shift=piece.shift + shift(up * big, down * big, up * size, down * size))
        for piece, size in ((piece, piece.font.pointSizeF()) for piece in pieces)
    ]


def script_size(size: float) -> float:
    """A superscript's or subscript's size: two thirds of the run's, at a whole point, halves up
    (PowerPoint draws 10 pt as 7, 8 as 5, 12 as 8, 6 as 4; the offset and the line keep the run's size)."""
    return max(math.floor(size * SUPERSCRIPT_SCALE + 0.5), 1.0)


def _scaled(run: RunProps, scale: float) -> RunProps:
    """The run at an autofit font scale: PowerPoint paints scaled text at the nearest whole point,
    halves rounded up (36 pt at 90 % is 32 pt, 22 pt at 62.5 % is 14 pt)."""
    if scale == 1.0:
        return run
    size = max(math.floor(run.size * scale + 0.5), 1.0)
    return replace(run, size=size, spacing=run.spacing * scale)


# Bullet fonts, never changed once made (like _FONTS), so paragraphs share them and their layouts
# (_SharedCache.bullet_layouts): by (family, size, bold, italic) for a bullet typeface, and by (the run's font's
# identity, size, bold and italic kept) for the text's own font; those entries hold the run's font,
# so its id stays unique while cached.
_TYPEFACE_BULLET_FONTS: dict[tuple[str, float, bool, bool], QFont] = {}
_RUN_BULLET_FONTS: dict[tuple[int, float, bool], tuple[QFont, QFont]] = {}


def _run_bullet_font(run_font: QFont, size: float, *, keep_style: bool) -> QFont:
    """The run's font at the bullet's size, at its plain advances (the run's scale is not the
    bullet's), upright and regular unless ``keep_style`` (auto-numbers take the text's style)."""
    key = (id(run_font), size, keep_style)
    found = _RUN_BULLET_FONTS.get(key)
    if found is not None and found[0] is run_font:
        return found[1]
    font = QFont(run_font)
    font.setPointSizeF(size * 72.0 / 96.0)
    font.setLetterSpacing(QFont.SpacingType.PercentageSpacing, 100.0)
    if not keep_style:
        font.setBold(False)
        font.setItalic(False)
    true_size(font, size)
    remember(_RUN_BULLET_FONTS, key, (run_font, font), _FONT_CACHE_LIMIT)
    return font


@dataclass
class _Counter:
    """Auto-number state per level: PowerPoint restarts deeper levels when a shallower one appears.
    Each level holds the scheme and startAt its run began with, and the number reached."""

    values: dict[int, tuple[tuple[str, int], int]] = field(default_factory=dict)


class BodyBuilder:
    def __init__(
        self,
        ctx: TextContext,
        tx_body: etree._Element,
        list_styles: list[etree._Element],
        font_ref: etree._Element | None,
    ) -> None:
        self.ctx = ctx
        self.fonts: FontResolver = fonts_of(ctx)
        self.tx_body = tx_body
        # Empty a:lstStyle elements (most shapes have one) add nothing; dropping them lets bodies
        # share folded chains.
        self.list_styles = [s for s in list_styles if s is not None and len(s)]
        own = self.list_styles[0] if self.list_styles else None
        self.own_count = 1 if own is not None and own.getparent() is tx_body else 0
        self.font_ref_el = font_ref_defaults(font_ref)
        self._levels: dict[int, tuple[FlatChain, FlatChain]] = {}
        self._sources: list[_ParaSource] | None = None
        self._chars_left = MAX_BODY_CHARS
        # Layouts by (options, width, wrap, whole words, edge spacing), filled by the callers in text/__init__.py.
        self.layouts: dict[tuple[BuildOptions, float, bool, bool, bool], BodyBox] = {}
        self._shared = _shared_cache(ctx)
        self._colors = self._shared.colors
        self._latin = self._shared.latin
        self._fallbacks: dict[int, tuple[RunProps, RunProps]] = {}  # _unsymbolled
        self._math_zones: MathZones | None = None  # made for the first equation (_maths)
        self.bullet_layouts = self._shared.bullet_layouts  # for layout_body
        self._default_color = self._scheme_color("tx1") or QColor(0, 0, 0)
        self._link_color = self._scheme_color("hlink") or QColor(5, 99, 193)

    def _maths(self) -> MathZones:
        if self._math_zones is None:
            self._math_zones = MathZones(self.fonts)
        return self._math_zones

    def _scheme_color(self, name: str) -> QColor | None:
        if name in self._colors:
            return self._colors[name]
        holder = etree.Element(f"{{{A}}}solidFill")
        etree.SubElement(holder, f"{{{A}}}schemeClr").set("val", name)
        color = self._colors[name] = self.ctx.color(holder)
        return color

    def build(self, options: BuildOptions) -> list[Paragraph]:
        """The paragraphs at ``options``' scale; XML is only read the first time."""
        if self._sources is None:
            self._sources = []
            for p in children(self.tx_body, "p"):
                if self._chars_left <= 0:
                    self._say_cut()
                    break
                self._sources.append(self._source(p))
        paragraphs: list[Paragraph] = []
        counter = _Counter()
        for source in self._sources:
            para = self._paragraph(source, options)
            self._number(para, counter, options)
            paragraphs.append(para)
        return paragraphs

    def _say_cut(self) -> None:
        self.ctx.warn(
            f"Slide {self.ctx.slide_number}: a text box holds more than {MAX_BODY_CHARS:,} characters;"
            " the rest was not drawn"
        )

    # -- paragraphs --------------------------------------------------------------------------------

    def _source(self, p: etree._Element) -> _ParaSource:
        """Everything about a paragraph that does not depend on the autofit scale, resolved once."""
        # One pass over the paragraph: its a:pPr and a:endParaRPr (the first of each, as
        # xml.child finds them) and its text elements (by local name, as xml.local reads them).
        ppr: etree._Element | None = None
        end_rpr: etree._Element | None = None
        items: list[tuple[str, etree._Element]] = []
        for el in p:
            tag = el.tag
            if type(tag) is not str:
                continue
            name = tag.rsplit("}", 1)[-1]
            if name in _TEXT_TAGS:
                items.append((name, el))
            elif is_math(el):
                items.append(("m", el))
            elif name == "pPr":
                if ppr is None and tag.endswith("}pPr"):
                    ppr = el
            elif name == "endParaRPr" and end_rpr is None and tag.endswith("}endParaRPr"):
                end_rpr = el
        level = 0
        if ppr is not None:
            try:
                level = min(max(int(ppr.get("lvl", "0")), 0), 8)
            except ValueError:
                level = 0
        para_flat, run_flat = self._level_chains(level)
        props = self._para_props(ppr, para_flat, level)
        para_defaults = child(ppr, "defRPr") if ppr is not None else None
        if para_defaults is not None and (len(para_defaults) or para_defaults.attrib):
            # The paragraph's own a:pPr/a:defRPr comes between its runs' a:rPr and the list
            # styles: PowerPoint draws a run that states no size, face or weight in what the
            # paragraph names (python-pptx's paragraph.font writes only this).
            run_flat = flat_chain((para_defaults, *run_flat.elements))
        texts: list[tuple[str, RunProps, str]] = []
        maths: dict[int, tuple[etree._Element, RunLooks]] = {}
        for name, el in items:
            if name == "m":
                math_run = self._run_props(math_props(el), run_flat)
                looks = self._math_looks(math_run, run_flat)
                maths[len(texts)] = (el, looks)
                texts.append((name, math_run, MathZones.text(self._maths().parts(el, math_run.size, looks))))
                continue
            # The run's a:rPr and a:t in one pass (the first of each).
            rpr: etree._Element | None = None
            t: etree._Element | None = None
            for sub in el:
                sub_tag = sub.tag
                if type(sub_tag) is str:
                    if sub_tag.endswith("}rPr"):
                        if rpr is None:
                            rpr = sub
                    elif t is None and sub_tag.endswith("}t"):
                        t = sub
            run = self._run_props(rpr, run_flat)
            text = LINE_BREAK if name == "br" else self._run_text(el, t, name == "fld")
            if not text:
                continue
            if len(text) > self._chars_left:
                self._say_cut()
                text = text[: max(0, self._chars_left)]
                if not text:
                    break
            self._chars_left -= len(text)
            texts.append((name, run, text))
        contexts = complex_script_contexts([text for _, _, text in texts])
        runs: list[_RunSource] = []
        for index, ((name, run, text), context) in enumerate(zip(texts, contexts, strict=True)):
            chunks: list[tuple[str, Script, FontChoice, int, float, float, float | None]] = []
            around = None if name == "br" else context  # a break's size and face stay its own
            for start, end, slot in split_by_slot(text, is_east_asian_lang(run.lang), around):
                for piece, symbolic in _symbol_pieces(text[start:end], bool(run.sym)):
                    parts = [(piece, run)] if symbolic else self._encoded_pieces(run, slot, piece)
                    for part, source in parts:
                        if slot is Script.LATIN and not symbolic:
                            face, symbol, lift, share, width = self._latin_chunk(source, part)
                            chunk = _symbol_text(symbol, part) if symbol else part
                            chunks.append((chunk, slot, face, u16len(chunk), width, lift, share))
                            continue
                        face, chunk = self._family(source, slot, part, text)
                        width = self._width_scale(source, slot, chunk, face.family)
                        lift = self._baseline_lift(source, slot, chunk, face.family)
                        share = self._ascent_share(source, slot, chunk)
                        chunks.append((chunk, slot, face, u16len(chunk), width, lift, share))
            math = maths.get(index)
            runs.append(_RunSource(name == "br", run, chunks, *(math or (None, None))))
        end_run = self._run_props(end_rpr, run_flat)
        mark = self._shared.marks.get(id(end_run))
        if mark is not None and mark[0] is end_run:
            end_face, end_share = mark[1]
        else:
            end_face, _ = self._family(end_run, Script.LATIN, "")
            end_share = self._ascent_share(end_run, Script.LATIN, "")
            self._shared.marks[id(end_run)] = (end_run, (end_face, end_share))
        math_align = self._maths().align(items[0][1]) if len(items) == 1 and items[0][0] == "m" else None
        return _ParaSource(props, runs, end_run, end_face, end_share, end_rpr is not None, math_align)

    def _encoded_pieces(self, run: RunProps, slot: Script, text: str) -> list[tuple[str, RunProps]]:
        """``text`` of one slot cut where it enters or leaves what the slot's symbol font encodes, each
        piece with the run to draw it as. A symbol font (Wingdings...) encodes U+0020-00FF and its
        private-use copy U+F020-F0FF only; PowerPoint draws every other character (Arabic, CJK,
        Latin beyond Latin-1, emoji) with a fallback font, so the words typed in a run left in
        Wingdings after a bullet still show: those pieces take the run with its symbol typefaces
        set back to the theme's (_unsymbolled). Spaces join the piece before them."""
        if text.isascii() or all(_symbol_encoded(c) for c in text):
            return [(text, run)]  # the common case: nothing to cut, whatever the typeface
        if slot is Script.EA:
            typeface = self._ea_typeface(run, text)[0]
        else:
            typeface = self._theme_typeface(run.latin if slot is Script.LATIN else run.cs, slot, text, run.lang)
        if not is_symbol_font(typeface):
            return [(text, run)]
        fallback = self._unsymbolled(run)
        pieces: list[tuple[str, RunProps]] = []
        start = 0
        encoded = _symbol_encoded(text[0])
        for i in range(1, len(text) + 1):
            if i < len(text) and (text[i].isspace() or _symbol_encoded(text[i]) == encoded):
                continue
            pieces.append((text[start:i], run if encoded else fallback))
            if i < len(text):
                start, encoded = i, _symbol_encoded(text[i])
        return pieces

    def _unsymbolled(self, run: RunProps) -> RunProps:
        """``run`` with each typeface that is a symbol font replaced by the theme's body font for its
        slot (the typeface the run had before one was named is not known here), for the characters
        the symbol font does not encode. One per run, so the Latin chunk cache holds it."""
        found = self._fallbacks.get(id(run))
        if found is not None and found[0] is run:
            return found[1]
        changes: dict[str, Any] = {}
        for name, theme in (("latin", "+mn-lt"), ("ea", "+mn-ea"), ("cs", "+mn-cs")):
            if is_symbol_font(self._theme_typeface(getattr(run, name), Script.LATIN, "", run.lang)):
                changes[name], changes[f"{name}_traits"] = theme, None
        fallback = replace(run, **changes)
        self._fallbacks[id(run)] = (run, fallback)
        return fallback

    def _latin_chunk(self, run: RunProps, chunk: str) -> tuple[FontChoice, str, float, float | None, float]:
        """A Latin chunk's face, symbol typeface ("" for none), baseline lift, ascent share and
        advance scale (FontResolver.latin_width_scale), for a run's text outside its a:sym font: they
        depend on the run alone (its typeface and traits; Latin text takes the theme's Latin font
        whatever the characters), so are worked out once per run. A symbol typeface's text is
        remapped per chunk (_symbol_text)."""
        found = self._latin.get(id(run))
        if found is not None and found[0] is run:
            return found[1]
        face, mapped = self._family(run, Script.LATIN, chunk)
        lift = self._baseline_lift(run, Script.LATIN, mapped, face.family)
        share = self._ascent_share(run, Script.LATIN, mapped)
        typeface = self._theme_typeface(run.latin, Script.LATIN, chunk, run.lang)
        width = self.fonts.latin_width_scale(typeface, face.family)
        result = (face, typeface if is_symbol_font(typeface) else "", lift, share, width)
        self._latin[id(run)] = (run, result)
        return result

    def _para_props(self, ppr: etree._Element | None, flat: FlatChain, level: int) -> ParaProps:
        """Resolved paragraph properties, shared by paragraphs with the same a:pPr at a level."""
        key = (flat.content(), _serialized(ppr), level)
        found = self._shared.paras.get(key)
        if found is not None:
            return found
        props = self._shared.paras[key] = resolve_paragraph(Props(ppr, flat), level)
        return props

    def _run_props(self, rpr: etree._Element | None, flat: FlatChain) -> RunProps:
        """Resolved, coloured run properties, shared by runs with the same a:rPr at a level.

        Runs with hyperlinks are resolved each time: their targets depend on the part's relations.
        """
        if rpr is not None and len(rpr) and child(rpr, "hlinkClick") is not None:
            run = resolve_run(Props(rpr, flat), self._color)
            self._finish_run(run, rpr)
            return run
        key = (flat.content(), _serialized(rpr))
        found = self._shared.runs.get(key)
        if found is not None:
            return found
        run = resolve_run(Props(rpr, flat), self._color)
        self._finish_run(run, rpr)
        self._shared.runs[key] = run
        return run

    def _math_looks(self, equation: RunProps, flat: FlatChain) -> RunLooks:
        """How an equation's runs read their own a:rPr (size, colour; typeface for m:nor text)
        against the first run's, which sizes and colours the equation (math_props)."""

        def look(rpr: etree._Element | None) -> RunLook:
            run = self._run_props(rpr, flat)
            scale = run.size / equation.size if equation.size > 0 else 1.0
            color = run.color if run.visible else QColor(0, 0, 0, 0)
            if run.visible and equation.visible and color == equation.color:
                color = None

            def text_font(size: float) -> QFont:
                face, _ = self._family(run, Script.LATIN, "")
                font = self.fonts.qfont(face.family, size, run.bold or face.bold, run.italic or face.italic)
                without_ligatures(font)
                return true_size(font, size)

            return RunLook(scale, color, text_font)

        return look

    def _font(
        self,
        face: FontChoice,
        size: float,
        run: RunProps,
        slot: Script,
        width: float = 1.0,
        vertical: bool = False,
        kern_size: float | None = None,
    ) -> QFont:
        """The QFont of ``size``; ``kern_size`` is the size kerning is decided by when it differs
        (a small capital's, which is kerned as its run is)."""
        vertical = vertical and slot is Script.EA
        family = face.family
        # A stand-in drawn bold or italic for a typeface whose own face is ("Arial Black").
        bold, italic = run.bold or face.bold, run.italic or face.italic
        # Pair kerning only from the run's kern size up (a:rPr kern, "1200" in Office's default
        # styles); 0, or no kern anywhere in the styles, is PowerPoint's "no kerning"; and only in
        # faces with a legacy kern table (FontResolver.kerns).
        kerned = 0.0 < run.kern <= (kern_size or size) and self.fonts.kerns(family, bold, italic)
        # Malgun Gothic's Latin spaces are wider than its stand-in's (FontResolver.latin_word_spacing).
        spaced = 0.0
        if slot is Script.LATIN and run.latin and family in _LATIN_SPACED_FAMILIES:
            typeface = self._theme_typeface(run.latin, slot, "", run.lang)
            spaced = self.fonts.latin_word_spacing(typeface, family)
        key = (family, size, bold, italic, slot is Script.LATIN, width, vertical, kerned, spaced)
        self.fonts.use_face(family, bold, italic)  # the cache may hold it from another deck
        font = _FONTS.get(key)
        if font is None:
            font = self.fonts.qfont(family, size, bold, italic)
            font.setKerning(kerned)
            if vertical:
                # Brackets turned, small kana and punctuation moved to the column's corner.
                font.setFeature(QFont.Tag("vert"), 1)
            true_size(font, size, width)
            if width != 1.0 and slot is Script.EA:
                typeface = self._theme_typeface(run.ea, slot, "\uac00", run.lang)
                extra = self.fonts.hangul_word_spacing(typeface, family)
                if extra:
                    font.setWordSpacing(extra * size)
            if slot is Script.LATIN:
                without_ligatures(font)
                if spaced:
                    font.setWordSpacing(spaced * size)
            remember(_FONTS, key, font, _FONT_CACHE_LIMIT)
        return font

    def _paragraph(self, source: _ParaSource, options: BuildOptions) -> Paragraph:
        props = source.props
        if source.math_align is not None:
            props = replace(props, align=source.math_align, align_given=True)
        if props.line_spacing.kind is SpacingKind.PERCENT and options.spacing_reduction:
            reduced = max(props.line_spacing.value - options.spacing_reduction, 0.1)
            props = replace(props, line_spacing=Spacing(SpacingKind.PERCENT, reduced))

        text_parts: list[str] = []
        pieces: list[Piece] = []
        pos = 0
        first_props: RunProps | None = None
        first_font: QFont | None = None
        for src in source.runs:
            run = _scaled(src.run, options.font_scale)
            size = script_size(run.size) if run.baseline else run.size
            underline = run.underline
            if run.link and not run.link_explicit_underline:
                underline = "sng"
            color = run.color if run.visible else None
            shift = run.baseline * run.size
            parts = self._maths().parts(src.math, size, src.math_looks) if src.math is not None else None
            if parts is not None:
                color, underline = None, "none"
            math_start = len(pieces)
            for chunk, slot, face, length, width, lift, share in src.chunks:
                font = self._font(face, size, run, slot, width, options.vertical_ea)
                segments = ((chunk, False),) if run.cap == "none" else cased_segments(chunk, run.cap)
                for drawn, small in segments:
                    end = pos + (length if len(segments) == 1 else u16len(drawn))
                    if parts is not None:
                        # An equation: a piece for each stand-in character (MathZones.text).
                        for ch in drawn:
                            part = parts[len(pieces) - math_start]
                            pieces.append(
                                Piece(
                                    pos,
                                    pos + 1,
                                    run,
                                    font,
                                    None,
                                    shift,
                                    "none",
                                    run.link,
                                    slot,
                                    lift * size,
                                    share,
                                    is_break=part.kind == "break",
                                    math=part.box if part.kind != "break" else None,
                                )
                            )
                            text_parts.append(ch)
                            pos += 1
                        continue
                    drawn_font = font
                    if small:
                        small_size = size * SMALL_CAPS_SCALE
                        drawn_font = self._font(face, small_size, run, slot, width, options.vertical_ea, size)
                    piece = Piece(
                        pos,
                        end,
                        run,
                        drawn_font,
                        color,
                        shift,
                        underline,
                        run.link,
                        slot,
                        lift * size,
                        share,
                        is_break=src.is_break,
                    )
                    pieces.append(piece)
                    text_parts.append(drawn)
                    pos = end
                if first_props is None and not src.is_break:
                    first_props, first_font = run, font
        if props.font_align in _FONT_ALIGN_SHIFTS and len(pieces) > 1:
            pieces = _font_aligned(pieces, props.font_align)
        end_run = _scaled(source.end_run, options.font_scale)
        text = "".join(text_parts)
        empty = not text.replace(LINE_BREAK, "")
        end_font: QFont | None = None
        if first_props is None or first_font is None or text.endswith(LINE_BREAK):
            face = source.end_face
            end_font = self.fonts.qfont(
                face.family, end_run.size, end_run.bold or face.bold, end_run.italic or face.italic
            )
        if first_props is None or first_font is None:
            first_props = end_run
            first_font = end_font
        if text.endswith(LINE_BREAK) and end_font is not None:
            # A trailing break still opens a line sized by the paragraph end mark.
            pieces.append(Piece(pos, pos + 1, end_run, end_font, None, 0.0, "none", None, share=source.end_share))
            text += " "
        assert first_font is not None
        # The mark's typeface shares the last line's box only when the paragraph writes an
        # a:endParaRPr (an absent one adds nothing: github.com/developer0hye/office2pdf/issues/1645).
        end_counts = source.end_written or not pieces
        para = Paragraph(text, pieces, props, first_font, first_props.size, empty=empty)
        para.end_share, para.end_counts = source.end_share, end_counts
        if not empty:
            para.bullet = self._bullet(props, first_props, first_font, options)
        return para

    def _level_chains(self, level: int) -> tuple[FlatChain, FlatChain]:
        """The folded paragraph and run chains of one level (shared by its paragraphs and runs,
        and by bodies with the same list styles and fontRef: every placeholder of a layout)."""
        found = self._levels.get(level)
        if found is not None:
            return found
        key = (level, self.own_count, self.font_ref_el, *self.list_styles)
        found = _LEVEL_CHAINS.get(key)
        if found is None:
            para_flat = flat_chain(level_chain(None, self.list_styles, level))
            name = f"lvl{level + 1}pPr"
            levels = [el for el in (child(lst, name) for lst in self.list_styles) if el is not None]
            own = self.own_count and child(self.list_styles[0], name) is not None
            own_levels = levels[: self.own_count] if own else []
            other_levels = levels[len(own_levels) :] + [
                el for el in (child(lst, "defPPr") for lst in self.list_styles) if el is not None
            ]
            run_flat = flat_chain(run_chain(None, own_levels, other_levels, self.font_ref_el))
            found = remember(_LEVEL_CHAINS, key, (para_flat, run_flat), _LEVEL_CHAINS_LIMIT)
        self._levels[level] = found
        return found

    def _run_text(self, el: etree._Element, t: etree._Element | None, is_field: bool) -> str:
        text = element_text(t) if t is not None else ""
        if is_field:
            kind = el.get("type", "")
            if kind == "slidenum":
                # "Number slides from" (firstSlideNum) shifts what the field shows, not which
                # slide it is (links still jump by position).
                text = str(self.ctx.slide_number + self.ctx.first_slide_number - 1)
            elif kind.startswith("datetime"):
                rpr = child(el, "rPr")
                lang = (rpr.get("lang") if rpr is not None else None) or ""
                text = self.ctx.date_text(DateField(kind, lang, text))
        if text.isprintable():
            return text  # no control characters, so no line breaks to map either (most text)
        text = text.replace("\x0b", LINE_BREAK).replace("\r\n", LINE_BREAK).replace("\n", LINE_BREAK)
        return _CONTROL.sub("", text)

    def _color(self, el: etree._Element) -> QColor | None:
        # Runs share the list styles' fill elements: resolve each once per body.
        if el in self._colors:
            return self._colors[el]
        color = self._colors[el] = self.ctx.color(el)
        return color

    def _finish_run(self, run: RunProps, rpr: etree._Element | None) -> None:
        link = child(rpr, "hlinkClick") if rpr is not None else None
        if link is not None:
            run.link = link_target(self.ctx, link)
            run.link_explicit_underline = rpr is not None and rpr.get("u") is not None
            # PowerPoint paints a link in the theme's hlink colour, whatever fill the run has,
            # unless the link asks for the text's own colour (ahyp:hlinkClr val="tx").
            if run.link is not None and run.visible and not _link_keeps_text_color(link):
                run.color = QColor(self._link_color)
                run.fill = None
        if run.visible and run.color is None:
            run.color = QColor(self._default_color)

    def _ascent_share(self, run: RunProps, slot: Script, chunk: str) -> float | None:
        """The typeface's share of the line (FontResolver.ascent_share). East Asian text has one
        only in a typeface whose metrics are known without a twin (WIN_METRICS: PowerPoint seats
        a Malgun Gothic line alike in Hangul and in digits); None for other East Asian and for
        complex-script text, whose glyphs often come from a fallback face we cannot name."""
        if slot is Script.EA:
            typeface = self._ea_typeface(run, chunk)[0]
            return self.fonts.ascent_share(typeface) if typeface.strip().lower() in WIN_METRICS else None
        if slot is not Script.LATIN or (run.sym and any(_is_symbol_code(c) for c in chunk)):
            return None
        return self.fonts.ascent_share(self._theme_typeface(run.latin, slot, chunk, run.lang))

    def _width_scale(self, run: RunProps, slot: Script, chunk: str, family: str) -> float:
        if slot is not Script.EA or _HANGUL.search(chunk) is None:
            return 1.0
        typeface = self._ea_typeface(run, chunk)[0]
        return self.fonts.hangul_width_scale(typeface, family)

    def _baseline_lift(self, run: RunProps, slot: Script, chunk: str, family: str) -> float:
        if slot is Script.EA:
            typeface = self._ea_typeface(run, chunk)[0]
        else:
            typeface = self._theme_typeface(run.latin if slot is Script.LATIN else run.cs, slot, chunk, run.lang)
        if not typeface and (slot is not Script.EA or _HANGUL.search(chunk) is None):
            return 0.0  # an empty typeface means Malgun Gothic only for Korean text
        return self.fonts.korean_baseline_lift(typeface, family)

    def _family(self, run: RunProps, slot: Script, chunk: str, run_text: str = "") -> tuple[FontChoice, str]:
        """The drawing family and face for a piece; symbol-font text is remapped to Unicode.
        ``run_text``: the run's whole text, which decides an East Asian script with the piece."""
        if slot is Script.LATIN:
            typeface, traits = run.latin, run.latin_traits
        elif slot is Script.EA:
            typeface, traits = self._ea_typeface(run, chunk, run_text)
        else:
            typeface, traits = run.cs, run.cs_traits
        if typeface.startswith("+"):
            typeface, traits = self._theme_font(typeface, slot, chunk, run.lang, run_text)
        if run.sym and any(_is_symbol_code(c) for c in chunk):
            typeface, traits = run.sym, run.sym_traits
        if is_symbol_font(typeface):
            chunk = _symbol_text(typeface, chunk)
        if not typeface.strip() and slot is not Script.LATIN:
            return FontChoice(self.fonts.script_default(theme_script(chunk, run.lang, slot, run_text), slot)), chunk
        script_tag = theme_script(chunk, run.lang, slot) if slot is Script.CS else ""
        return self.fonts.face(typeface, slot, traits, script_tag), chunk

    def _ea_typeface(self, run: RunProps, chunk: str, run_text: str = "") -> tuple[str, FontTraits | None]:
        """The typeface for East Asian text: the run's ea one, or, where that slot names none (empty,
        or a theme's empty ea), the run's cs typeface if it names one, else its Latin one, when that
        face has every glyph of the text. PowerPoint draws such text in that face (measured on its
        PDF exports, language playing no part: github.com/yukiyokotani/office-open-xml-viewer
        docs/pptx-empty-east-asian-slot-compatibility.md), so a Latin "Meiryo" draws its Han too,
        not the theme's font for the run's language. Otherwise the theme's font for the text's
        script, as before; so for text without Han or kana (spaces and marks in other scripts'
        runs), and for Hangul always (PowerPoint's fallback for it is Malgun Gothic, and the
        stand-ins cover Hangul where the faces they stand for do not)."""
        typeface, traits = run.ea, run.ea_traits
        if typeface.startswith("+"):
            own = self._theme_font(typeface, Script.LATIN, chunk, run.lang)  # the slot, no script fallback
            if own[0].strip():
                return own
        elif typeface.strip():
            return typeface, traits
        if _HANGUL.search(chunk) is None and _HAN_OR_KANA.search(chunk) is not None:
            for named, named_traits in ((run.cs, run.cs_traits), (run.latin, run.latin_traits)):
                face, face_traits = named, named_traits
                if face.startswith("+"):
                    face, face_traits = self._theme_font(face, Script.LATIN, chunk, run.lang)
                if not face.strip():
                    continue  # an empty cs slot: the Latin face is next
                if self.fonts.covers(self.fonts.face(face, Script.LATIN, face_traits).family, chunk):
                    return face, face_traits
                break  # a named cs face that lacks the glyphs decides, not the Latin one
        if typeface.startswith("+"):
            return self._theme_font(typeface, Script.EA, chunk, run.lang, run_text)
        return typeface, traits

    def _theme_typeface(self, typeface: str, slot: Script, chunk: str, lang: str) -> str:
        if not typeface.startswith("+"):
            return typeface
        return self._theme_font(typeface, slot, chunk, lang)[0]

    def _theme_font(
        self, typeface: str, slot: Script, chunk: str, lang: str, run_text: str = ""
    ) -> tuple[str, FontTraits | None]:
        """The theme's typeface for "+mn-lt"-style names, with what the font scheme says of it."""
        theme = getattr(self.ctx, "theme", None)
        scheme = getattr(theme, "major_font" if typeface.startswith("+mj") else "minor_font", None)
        if scheme is None:
            return "", None
        kind = typeface[4:] if len(typeface) >= 6 else "lt"
        name = _SCHEME_SLOTS.get(kind, "latin")
        value = str(getattr(scheme, name, "") or "")
        if not value and slot is not Script.LATIN:
            scripts = getattr(scheme, "scripts", {}) or {}
            return str(scripts.get(theme_script(chunk, lang, slot, run_text), "")), None
        traits = (getattr(scheme, "traits", None) or {}).get(name)
        return value, traits

    def _bullet(self, props: ParaProps, run: RunProps, run_font: QFont, options: BuildOptions) -> BulletText | None:
        spec = props.bullet
        if spec.kind is BulletKind.NONE:
            return None
        size = run.size
        if spec.size is not None:
            if spec.size.kind is SpacingKind.PERCENT:
                size = run.size * spec.size.value
            else:
                size = spec.size.value * options.font_scale
        size = max(size, 1.0)
        color = run.color if run.visible else None
        if spec.color_el is not None:
            color = self._color(spec.color_el) or color
        image: bytes | None = None
        text = spec.char
        typeface = spec.typeface
        if spec.kind is BulletKind.AUTONUM:
            text = ""  # filled in by _number
        elif spec.kind is BulletKind.BLIP:
            image = self._blip(spec.blip_id, spec.blip_el)
            text = "\u2022"
            typeface = None
        if typeface:
            slot = Script.LATIN
            typeface = self._theme_typeface(typeface, slot, text, run.lang)
            if is_symbol_font(typeface):
                text = symbol_char(typeface, text)
            family = self.fonts.family(typeface, slot)
            # An auto-number in its own typeface still takes the text's bold and italic: PowerPoint
            # writes buFont (+mj-lt) with every numbered list it makes.
            styled = spec.kind is BulletKind.AUTONUM
            font = self._typeface_bullet_font(family, size, styled and run.bold, styled and run.italic)
        else:
            font = _run_bullet_font(run_font, size, keep_style=spec.kind is BulletKind.AUTONUM)
        return BulletText(text, font, color, image, size, blank=spec.kind is BulletKind.CHAR and not text)

    def _typeface_bullet_font(self, family: str, size: float, bold: bool = False, italic: bool = False) -> QFont:
        self.fonts.use_face(family, bold, italic)  # the cache may hold it from another deck
        key = (family, size, bold, italic)
        font = _TYPEFACE_BULLET_FONTS.get(key)
        if font is None:
            font = true_size(self.fonts.qfont(family, size, bold, italic), size)
            remember(_TYPEFACE_BULLET_FONTS, key, font, _FONT_CACHE_LIMIT)
        return font

    def _blip(self, r_id: str | None, blip: etree._Element | None) -> bytes | None:
        # A picture bullet from the layout's or master's styles names its image by that sheet's
        # relationships, not the slide's.
        related_of = getattr(self.ctx, "related_blob_of", None)
        related = getattr(self.ctx, "related_blob", None)
        if not r_id or not callable(related):
            return None
        found = related_of(blip, r_id) if blip is not None and callable(related_of) else related(r_id)
        if isinstance(found, tuple) and found and isinstance(found[0], bytes):
            return found[0]
        return None

    def _number(self, para: Paragraph, counter: _Counter, options: BuildOptions) -> None:
        level = para.props.level
        if para.empty:
            return  # empty paragraphs neither show nor advance a number
        for deeper in [lv for lv in counter.values if lv > level]:
            del counter.values[deeper]
        spec = para.props.bullet
        if spec.kind is not BulletKind.AUTONUM or para.bullet is None:
            counter.values.pop(level, None)
            return
        # A paragraph continues the run above it when it repeats that run's scheme and startAt (a
        # list whose items all say startAt="6" counts 6, 7, 8); a different startAt, like a different
        # scheme, begins a new run there (startAt="3" after an unstated 1: 1, 2, 3, 3, 4).
        run = (spec.scheme, spec.start_at)
        previous = counter.values.get(level)
        n = previous[1] + 1 if previous is not None and previous[0] == run else spec.start_at
        counter.values[level] = (run, n)
        para.bullet.text = format_autonum(spec.scheme, n)
