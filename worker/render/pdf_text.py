"""Merges Qt's one-operator-per-glyph text into TJ arrays.

QPdfEngine positions every glyph with its own ``dx dy Td <gid> Tj``. Viewers draw that fine, but
text extraction (pdfium's in particular) then sees one text object per glyph, misjudges the page's
writing direction on table-like or CJK pages and returns one character per line. Rewriting each
horizontal run as one ``TJ`` keeps every glyph exactly where Qt put it and makes the text extract as
the lines it is.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from functools import reduce
from operator import add
from typing import Any

from worker.render.actual_text import ActualTexts, marked_content
from worker.render.cjk_radicals import ideograph_for
from worker.render.cjk_twins import common_twin, is_cjk_font
from worker.render.pdf_patch import PatchError, PdfPatch, Ref, Value, stream_object

log = logging.getLogger(__name__)

_TD_TJ = re.compile(rb"^(-?[\d.]+) (-?[\d.]+) Td <([0-9A-Fa-f]+)> Tj$")
_TF = re.compile(rb"^/(\S+) (-?[\d.]+) Tf\b")
_HEX4 = re.compile(rb"<([0-9A-Fa-f]{4,8})>")


def _is_rtl(code: int) -> bool:
    # Hebrew, Arabic, Syriac, Thaana, NKo... and the Hebrew/Arabic presentation forms.
    return 0x0590 <= code <= 0x08FF or 0xFB1D <= code <= 0xFDFF or 0xFE70 <= code <= 0xFEFF


def rtl_glyphs(cmap: bytes) -> set[int]:
    """Glyph ids a ToUnicode map sends to right-to-left letters."""
    glyphs: set[int] = set()
    section = b""
    for raw in cmap.split(b"\n"):
        stripped = raw.strip()
        if stripped.endswith((b"beginbfrange", b"beginbfchar")):
            section = stripped.split()[-1]
            continue
        if stripped in (b"endbfrange", b"endbfchar"):
            section = b""
            continue
        # A longer destination is several units (a ligature's letters): its first one counts.
        codes = [int(h[:4], 16) for h in _HEX4.findall(stripped)]
        if section == b"beginbfchar" and len(codes) >= 2 and _is_rtl(codes[1]):
            glyphs.add(codes[0])
        elif section == b"beginbfrange" and len(codes) >= 3:
            first, last = codes[0], min(codes[1], codes[0] + 65536)
            if b"[" in stripped:
                glyphs.update(first + i for i, code in enumerate(codes[2:]) if _is_rtl(code))
            elif _is_rtl(codes[2]) or _is_rtl(codes[2] + last - first):
                glyphs.update(range(first, last + 1))
    return glyphs


FontInfo = tuple[dict[int, float], float, set[int]]


def font_info(font: Any) -> FontInfo:
    widths, default = font_widths(font)
    to_unicode = font.get("/ToUnicode")
    rtl = rtl_glyphs(to_unicode.get_object().get_data()) if to_unicode is not None else set()
    return widths, default, rtl


def font_widths(font: Any) -> tuple[dict[int, float], float]:
    """Glyph widths (1/1000 em) of a Type0 font's descendant, from its /W array, and /DW."""
    try:
        descendant = font["/DescendantFonts"][0].get_object()
    except (KeyError, IndexError, TypeError):
        return {}, 1000.0
    raw = descendant.get("/W")
    items = [item.get_object() for item in raw.get_object()] if raw is not None else []
    return widths_from(items), float(descendant.get("/DW", 1000))


def widths_from(items: list[Any]) -> dict[int, float]:
    """Glyph id → width from a /W array's items (numbers, as numbers or as written, and arrays):
    ``first [w1 w2 ...]`` or ``first last w``."""
    widths: dict[int, float] = {}
    i = 0
    while i < len(items):
        first = int(float(items[i]))
        nxt = items[i + 1] if i + 1 < len(items) else None
        if isinstance(nxt, list):
            for k, w in enumerate(nxt):
                widths[first + k] = float(w)
            i += 2
        elif i + 2 < len(items):
            last, width = int(float(items[i + 1])), float(items[i + 2])
            for gid in range(first, min(last, first + 65536) + 1):
                widths[gid] = width
            i += 3
        else:
            break
    return widths


def _fmt(value: float) -> bytes:
    text = (b"%.4f" % value).rstrip(b"0").rstrip(b".")
    return text if text not in (b"", b"-0") else b"0"


class MergeState:
    """What merging works out per font (glyph gaps, numbers), kept for a document's next pages:
    fonts are shared by pages, and text repeats glyph pairs and advances."""

    __slots__ = ("floats", "mergers", "numbers")

    def __init__(self) -> None:
        # (font name, size) → the font's information the merger was made from, and the merger
        self.mergers: dict[tuple[bytes, bytes], tuple[FontInfo, _RunMerger]] = {}
        self.numbers = _Numbers()
        self.floats = _Floats()


_NO_FONT: FontInfo = ({}, 1000.0, set())


def merge_text_runs(
    data: bytes, fonts: dict[str, FontInfo], state: MergeState | None = None, texts: ActualTexts | None = None
) -> bytes:
    """The content stream with each horizontal run of single-glyph Tj's turned into one TJ.

    Right-to-left runs stay as they are: Qt writes them in visual order, and extractors only put
    them back in reading order when each glyph stands alone. ``state``: the same for each page of
    a document (the fonts' names mean the same fonts on every page). ``texts``: the document's
    shaped runs, whose glyphs get /ActualText spans (actual_text), the same for each page."""
    out: list[bytes] = []
    return b"".join(out) if merge_text_runs_into(data, fonts, out.append, state, texts) else data


def merge_text_runs_into(
    data: bytes,
    fonts: dict[str, FontInfo],
    sink: Callable[[bytes], object],
    state: MergeState | None = None,
    texts: ActualTexts | None = None,
) -> bool:
    """merge_text_runs, its result handed to ``sink`` piece by piece (a caller compressing as it
    goes never holds the merged stream, nor its pieces: a page with a 500 x 500 table has a
    234 MB content stream, whose pieces and join took 490 MB more). Whether some run changed;
    when none did, nothing was handed over.

    One scan finds the font selections and the blocks of consecutive glyph lines; everything
    else is copied as it is. Pieces before the first changed run are held back until then."""
    if state is None:
        state = MergeState()
    pos = 0
    changed = False
    merger = _RunMerger(_NO_FONT, 0.0, state)
    mergers = state.mergers
    info = _NO_FONT
    for begin, end in _text_objects(data):
        # Qt's text objects are one font selection and one block of glyphs: one match reads both.
        whole = _QT_TEXT.fullmatch(data, begin, end)
        matches: Iterable[re.Match[bytes]] = (whole,) if whole is not None else _SCAN.finditer(data, begin, end)
        actual = None
        if texts is not None:
            matches = list(matches)
            # Qt's made-up bold draws the glyphs again in a span of its own: the run is the first drawing.
            copy = data.find(_QT_BOLD_COPY, begin, end)
            actual = _actual_text(texts, [m for m in matches if copy < 0 or m.start() < copy], fonts, info)
            if actual is not None:
                # The whole object in one span: cut into several text objects, a word's glyphs
                # would be lines of their own to pdfium on pages it reads as columns.
                changed = True
                sink(data[pos:begin])
                sink(marked_content(actual) + b"\n")
                pos = begin
        for match in matches:
            name = match.group(1)
            if name is not None:
                key = (name, match.group(2))
                info = fonts.get(name.decode(), _NO_FONT)
                found = mergers.get(key)
                if found is None or found[0] is not info:
                    found = mergers[key] = (info, _RunMerger(info, float(match.group(2)), state))
                merger = found[1]
            start, stop = match.span(3)
            if start < 0:
                continue
            block = data[start:stop]
            merged = merger.merged(block)
            if not changed:
                if merged == block:
                    continue  # copied with what comes before it when a run changes
                changed = True
            sink(data[pos:start])
            sink(merged)
            pos = stop
        if actual is not None:
            sink(data[pos:end] + b"\nEMC")
            pos = end
    if changed:
        sink(data[pos:])
    return changed


def _actual_text(
    texts: ActualTexts, matches: list[re.Match[bytes]], fonts: dict[str, FontInfo], info: FontInfo
) -> str | None:
    """The text one text object stands for when its glyphs do not spell it (actual_text), else
    None. ``info``: the font in use when the object starts."""
    cids: list[int] = []
    selected = 0
    for match in matches:
        name = match.group(1)
        if name is not None:
            info = fonts.get(name.decode(), _NO_FONT)
            selected += 1
        if match.start(3) >= 0:
            cids += [int(gid, 16) for gid in _GID.findall(match.group(3))]
    if not cids or selected > 1:  # Qt's objects draw one run in one font
        return None
    return texts.text(info, cids)


_GID = re.compile(rb"<([0-9A-Fa-f]+)> Tj")
# What QPdfEngine writes before drawing a synthesized bold run's glyphs a second time, offset.
_QT_BOLD_COPY = b"/Span << /ActualText <> >> BDC"


def _text_objects(data: bytes) -> Iterator[tuple[int, int]]:
    """Where the text objects' insides (between lines ``BT`` and ``ET``) start and end: Qt selects
    fonts and places glyphs only there, so the rest (paths, pictures) need not be scanned."""
    pos = 0
    while True:
        begin = data.find(b"BT\n", pos)
        if begin < 0:
            return
        if begin and data[begin - 1] != 0x0A:  # not a line of its own
            pos = begin + 3
            continue
        end = data.find(b"\nET", begin + 2)
        if end < 0:
            yield begin + 3, len(data)
            return
        yield begin + 3, end
        pos = end + 3


_GLYPH_LINE = rb"-?[\d.]+ -?[\d.]+ Td <[0-9A-Fa-f]+> Tj"
# A font selection at a line's start, or whole lines of "dx dy Td <gid> Tj", one after another:
# such a block splits into five fields a line, on single spaces and line ends.
_GLYPH_LINES = _GLYPH_LINE + rb"(?:\n" + _GLYPH_LINE + rb")*"
_SCAN = re.compile(rb"^/(\S+) (-?[\d.]+) Tf\b|^(" + _GLYPH_LINES + rb")$", re.MULTILINE)
# A whole text object as Qt writes it: the font selection (and text matrix) on the first line, then
# one block of glyph lines; the groups are those of _SCAN.
_QT_TEXT = re.compile(rb"/(\S+) (-?[\d.]+) Tf\b[^\n]*\n(" + _GLYPH_LINES + rb")")


class _Numbers(dict[bytes, bytes]):
    """A number as written by Qt → as written in a merged line (``_fmt``)."""

    def __missing__(self, key: bytes) -> bytes:
        text = self[key] = _fmt(float(key))
        return text


class _Floats(dict[bytes, float]):
    """A number as written by Qt → its value (advances repeat: a look-up is cheaper than float())."""

    def __missing__(self, key: bytes) -> float:
        value = self[key] = float(key)
        return value


class _Gaps(dict[tuple[bytes, bytes], bytes]):
    """What goes between two glyphs of a TJ array, by (the first glyph as ``<gid>``, the second's
    dx): a space, or the adjustment between spaces. Worked out on the first look-up only, so that a
    look-up that hits runs no Python code."""

    __slots__ = ("default", "font_widths", "scale")

    def __init__(self, widths: dict[int, float], default: float, scale: float) -> None:
        super().__init__()
        self.font_widths = widths  # by glyph id
        self.default = default
        self.scale = scale

    def __missing__(self, key: tuple[bytes, bytes]) -> bytes:
        previous, dx = key
        # After a glyph the pen advances by its width; TJ's number moves it back (in 1/1000 em).
        value = self.font_widths.get(int(previous[1:-1], 16), self.default) - float(dx) * self.scale
        gap = self[key] = b" " + _fmt(value) + b" " if abs(value) > 0.01 else b" "
        return gap


class _RunMerger:
    """Merges the glyph lines drawn with one font at one size."""

    __slots__ = ("floats", "gaps", "numbers", "rtl", "size")

    def __init__(self, info: FontInfo, size: float, state: MergeState) -> None:
        widths, default, self.rtl = info
        self.size = size
        self.gaps = _Gaps(widths, default, 1000.0 / size if size else 0.0)
        self.numbers = state.numbers
        self.floats = state.floats

    def merged(self, block: bytes) -> bytes:
        """The lines of one block: a glyph moved up or down starts a run of its own."""
        fields = block.replace(b"\n", b" ").split(b" ")
        dxs, dys, gids = fields[0::5], fields[1::5], fields[3::5]  # gids as written: <0041>
        # Most blocks are one line: every glyph after the first keeps dy 0.
        if dys.count(b"0") - (dys[0] == b"0") == len(dys) - 1:
            return b"\n".join(self._run(block, dxs, dys, gids))
        starts = [0, *(i for i in range(1, len(dys)) if dys[i] != b"0" and float(dys[i]) != 0.0)]
        if len(starts) == 1:
            return b"\n".join(self._run(block, dxs, dys, gids))
        lines = block.split(b"\n")
        out: list[bytes] = []
        for first, stop in zip(starts, [*starts[1:], len(gids)], strict=True):
            out += self._run(b"\n".join(lines[first:stop]), dxs[first:stop], dys[first:stop], gids[first:stop])
        return b"\n".join(out)

    def _run(self, lines: bytes, dxs: list[bytes], dys: list[bytes], gids: list[bytes]) -> list[bytes]:
        """One run's lines: a TJ (and the Td that leaves the line matrix where the last glyph's did),
        or the ``lines`` as they were (a single glyph, no font size, right-to-left glyphs)."""
        rtl = self.rtl
        if len(gids) == 1 or self.size == 0 or (rtl and any(int(gid[1:-1], 16) in rtl for gid in gids)):
            return [lines]
        # The array alternates glyphs and the gaps between them.
        parts = [b""] * (2 * len(gids) - 1)
        parts[0::2] = gids
        # Each glyph but the last, with the advance to the next: zip stops at the shorter list.
        parts[1::2] = map(self.gaps.__getitem__, zip(gids, dxs[1:], strict=False))
        numbers = self.numbers
        line = numbers[dxs[0]] + b" " + numbers[dys[0]] + b" Td [" + b"".join(parts) + b"] TJ"
        # Td moves the line matrix: put it where the last glyph's Td had left it (the advances
        # added one by one, left to right, as the glyphs were placed).
        moved = reduce(add, map(self.floats.__getitem__, dxs[1:]), 0.0)
        return [line, _fmt(moved) + b" 0 Td"] if moved else [line]


def merge_page_text(page: Any, fonts_seen: dict[int, FontInfo] | None = None, texts: ActualTexts | None = None) -> None:
    """Rewrite one pypdf page's content stream in place."""
    merged = merged_page_text(page, fonts_seen, texts)
    if merged is not None:
        page.replace_contents(_stream(merged))


def merged_page_text(
    page: Any, fonts_seen: dict[int, FontInfo] | None = None, texts: ActualTexts | None = None
) -> bytes | None:
    """One pypdf page's content stream with its text merged (None: no fonts or no content).

    ``fonts_seen`` keeps each font's widths by object number across the pages of a document
    (fonts are shared by pages, and reading a /W array is not free)."""
    resources = page.get("/Resources")
    if resources is None:
        return None
    font_dict = resources.get_object().get("/Font")
    if font_dict is None:
        return None
    seen = {} if fonts_seen is None else fonts_seen
    fonts: dict[str, FontInfo] = {}
    for name, ref in font_dict.get_object().items():
        number = getattr(ref, "idnum", None)
        info = seen.get(number) if number is not None else None
        if info is None:
            font = ref.get_object()
            info = font_info(font)
            if number is not None:
                seen[number] = info
            if texts is not None:
                to_unicode = font.get("/ToUnicode")
                stream = to_unicode.get_object() if to_unicode is not None else None
                texts.know(info, stream.get_data() if stream is not None else None, stream)
        fonts[str(name)[1:]] = info
    contents = page.get_contents()
    if contents is None:
        return None
    return merge_text_runs(contents.get_data(), fonts, texts=texts)


def _stream(data: bytes) -> Any:
    from pypdf.generic import ContentStream, DecodedStreamObject

    stream = DecodedStreamObject()
    stream.set_data(data)
    content = ContentStream(stream, None)
    content.set_data(data)
    return content


# Qt writes ToUnicode maps from the font's cmap, taking the lowest code point that reaches a glyph:
# the space glyph then reads as a TAB, and many CJK ideographs as their Kangxi-radical or
# compatibility twins (日 as ⽇). Copying text from the PDF must give what the slide says.


def _preferred(code: int, cjk: bool) -> int:
    if code == 0x09:
        return 0x20
    if cjk:
        common = common_twin(code)
        if common is not None:
            return common
    twin = ideograph_for(code)
    if twin is not None:
        return twin
    if 0x2E80 <= code <= 0x2FDF or 0xF900 <= code <= 0xFAFF or 0x2F800 <= code <= 0x2FA1F:
        normal = unicodedata.normalize("NFKC", chr(code))
        if len(normal) == 1:
            return ord(normal)
    return code


def _shaped_letters(code: int) -> str | None:
    """The letters an Arabic presentation form stands for (U+FB50-FDFF, U+FE70-FEFF: a letter's
    initial, medial or final shape, a ligature such as lam-alef), None for other characters.

    Those forms are the lowest code points that reach the shaped glyphs of an Arabic face, so
    Qt's maps name them, and the text copied from the PDF is not the text of the slide: a search
    for the word finds nothing. The isolated harakat forms decompose to a space and the mark."""
    if not (0xFB50 <= code <= 0xFDFF or 0xFE70 <= code <= 0xFEFF):
        return None
    letters = unicodedata.normalize("NFKC", chr(code)).lstrip(" ")
    return letters if letters and letters != chr(code) else None


def _vertical_source(code: int) -> int | None:
    """The character a vertical presentation form (U+FE10-FE19, U+FE30-FE48) stands for, None
    for other characters. A CJK face's vertical glyphs (eaVert text takes them through the 'vert'
    feature) are reached by those forms alone in its cmap, so Qt's maps name them: 、。（ in
    vertical text copied as ︑︒︵. Their compatibility decomposition is the horizontal mark,
    ASCII for some (U+FE10 is ','): East Asian text has the full-width one there."""
    if not (0xFE10 <= code <= 0xFE19 or 0xFE30 <= code <= 0xFE48):
        return None
    tag, _, value = unicodedata.decomposition(chr(code)).partition(" ")
    if tag != "<vertical>" or not value or " " in value:
        return None
    source = int(value, 16)
    return source + 0xFEE0 if 0x21 <= source <= 0x7E else source


def _destination(code: int, cjk: bool) -> bytes | None:
    """``code`` as the hex string the map should name instead (``<XXXX>``, or several units for
    a ligature), None when it stays."""
    letters = _shaped_letters(code)
    if letters is not None:
        # A ligature's letters go in the order they are drawn, right to left: extractors (pdfium,
        # poppler) turn a right-to-left line's characters around, a ligature's with the rest.
        drawn = letters[::-1]
        return b"<" + drawn.encode("utf-16-be").hex().upper().encode() + b">"
    vertical = _vertical_source(code)
    better = vertical if vertical is not None else _preferred(code, cjk)
    return b"<%04X>" % better if better != code else None


def _fix_destinations(tokens: bytes, cjk: bool) -> bytes:
    def repl(match: re.Match[bytes]) -> bytes:
        raw = match.group(1)
        if len(raw) != 4:  # surrogate pairs and ligature strings stay as they are
            return match.group(0)
        better = _destination(int(raw, 16), cjk)
        return better if better is not None else match.group(0)

    return _HEX4.sub(repl, tokens)


def _fix_range(parts: list[bytes], cjk: bool) -> bytes:
    """A bfrange line (split after its first two codes) with its destinations fixed. A range
    whose one destination counts up with the glyphs becomes an array when any of its codes
    changes: the next ones would count up from the new one."""
    first, last = _HEX4.search(parts[0] + b">"), _HEX4.search(parts[1] + b">")
    start = _HEX4.fullmatch(parts[2].strip())
    if first is not None and last is not None and start is not None and len(start.group(1)) == 4:
        low, high, code = int(first.group(1), 16), int(last.group(1), 16), int(start.group(1), 16)
        codes = (
            [code + i for i in range(high - low + 1)] if 0 < high - low < 256 and code + high - low <= 0xFFFF else []
        )
        fixed = [_destination(c, cjk) for c in codes]
        if any(f is not None for f in fixed):
            items = b" ".join(f if f is not None else b"<%04X>" % c for c, f in zip(codes, fixed, strict=True))
            return parts[0] + b">" + parts[1] + b"> [" + items + b"]"
    return parts[0] + b">" + parts[1] + b">" + _fix_destinations(parts[2], cjk)


def fix_to_unicode(cmap: bytes, cjk: bool = False) -> bytes:
    """``cmap`` with each glyph named by the character text means (tabs as spaces, ideographs
    for radicals, Arabic letters for their shaped forms, marks for their vertical forms);
    ``cjk``: the map is a CJK face's, whose shared punctuation glyphs (cjk_twins) are named by
    the common character too."""
    out: list[bytes] = []
    section = b""
    for raw in cmap.split(b"\n"):
        line = raw
        stripped = raw.strip()
        if stripped.endswith((b"beginbfrange", b"beginbfchar")):
            section = stripped.split()[-1]
        elif stripped in (b"endbfrange", b"endbfchar"):
            section = b""
        elif section == b"beginbfchar":
            head, _, tail = stripped.partition(b">")
            line = head + b">" + _fix_destinations(tail, cjk)
        elif section == b"beginbfrange":
            parts = stripped.split(b">", 2)
            if len(parts) == 3:
                line = _fix_range(parts, cjk)
        out.append(line)
    return b"\n".join(out)


def fix_fonts_unicode(writer: Any) -> list[Any]:
    """Rewrite every font's ToUnicode map once (fonts are shared by pages); the references of the
    maps changed (the streams themselves are changed in place)."""
    seen: set[int] = set()
    changed: list[Any] = []
    for page in writer.pages:
        resources = page.get("/Resources")
        fonts = resources.get_object().get("/Font") if resources is not None else None
        if fonts is None:
            continue
        for ref in fonts.get_object().values():
            font = ref.get_object()
            to_unicode = font.get("/ToUnicode")
            if to_unicode is None or id(to_unicode.get_object()) in seen:
                continue
            stream = to_unicode.get_object()
            seen.add(id(stream))
            data = stream.get_data()
            fixed = fix_to_unicode(data, is_cjk_font(str(font.get("/BaseFont", ""))))
            if fixed != data:
                stream.set_data(fixed)
                changed.append(font.raw_get("/ToUnicode"))
    return changed


def fix_patched_fonts(patch: PdfPatch, numbers: Iterable[int], texts: ActualTexts | None = None) -> dict[int, FontInfo]:
    """``fix_fonts_unicode`` and ``font_info`` on a file being patched, for the Type0 fonts
    ``numbers``: each font's ToUnicode map fixed (written anew when it changes), and its glyph
    widths and right-to-left glyphs; ``texts`` is told each font's fixed map."""
    infos: dict[int, FontInfo] = {}
    for number in numbers:
        if number in infos:
            continue
        font = patch.dictionary(Ref(number))
        to_unicode = font.get(b"/ToUnicode")
        rtl: set[int] = set()
        fixed: bytes | None = None
        if to_unicode is not None:
            if not isinstance(to_unicode, Ref):
                raise PatchError("a ToUnicode map that is not an object of its own")
            cmap = patch.stream_data(to_unicode.number)
            base = font.get(b"/BaseFont")
            fixed = fix_to_unicode(cmap, isinstance(base, bytes) and is_cjk_font(base.decode("latin-1")))
            if fixed != cmap:
                patch.replace(to_unicode.number, stream_object({}, fixed))
            rtl = rtl_glyphs(fixed)
        widths: dict[int, float] = {}
        default = 1000.0
        descendants = patch.get(font.get(b"/DescendantFonts", b""))
        if isinstance(descendants, list) and descendants:
            descendant = patch.dictionary(descendants[0])
            items = patch.get(descendant.get(b"/W", []))
            try:
                default = float(_token(patch.get(descendant.get(b"/DW", b"1000"))))
                widths = widths_from([patch.get(item) for item in items] if isinstance(items, list) else [])
            except (TypeError, ValueError):
                raise PatchError("unreadable glyph widths") from None
        infos[number] = (widths, default, rtl)
        if texts is not None:
            texts.know(infos[number], fixed, to_unicode.number if isinstance(to_unicode, Ref) else None)
    return infos


def _token(value: Value) -> bytes:
    if not isinstance(value, bytes):
        raise TypeError("not a number")
    return value
