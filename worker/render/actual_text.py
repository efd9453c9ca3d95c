"""The text of shaped glyphs, for the PDF's text layer (/ActualText, PDF 32000-1 14.9.4).

Qt writes each font subset's ToUnicode map from the font's cmap, so a glyph that shaping made
(a Devanagari conjunct or half form, Thai sara am's parts, a ligature) reads as nothing or as a
stray character, and a vowel sign drawn before its consonant reads before it: copying, search
and screen readers lose those words. The fix PDF readers honour (pdfium, poppler; LibreOffice and
Word write it) is a marked-content span around such glyphs saying what they stand for.

Qt's PDF engine cannot write marked content, so the painting side keeps a side channel:

1. while painting into a PDF (``recording``), every glyph run handed to Qt is noted in order
   (``TextLayer``): its face, its glyph ids and, where the glyphs are not simply the cmap's glyphs
   of its characters, its clusters (which glyphs stand for which characters);
2. when the PDF is finished (pdf_text's merge), each of Qt's text objects (one per run) is paired
   with the next noted run (``ActualTexts``): same face, same glyph count, and glyph ids that
   agree with the subset's character ids seen so far (Qt renumbers glyphs per subset, one id
   each, so the pairing must stay one to one across the document). A one-glyph cluster whose
   glyph the ToUnicode map does not name (a conjunct, a ligature, a character beyond the BMP) is
   named there. A text object with a cluster whose glyphs' map text is still not its own (a vowel
   sign drawn before its consonant, Thai sara am's two parts) is wrapped whole in one span:
   splitting Qt's text objects at clusters gives pdfium one-glyph objects, which it puts on lines
   of their own on pages it reads as columns (a table's), and it honours a span only when the
   font has some of its characters, likelier for a run than for one cluster.

Text Qt draws without a noted run (QPainter.drawText in metafiles) is skipped by the pairing;
runs without text objects (glyphs filled as outlines) are skipped by looking a few runs ahead.
Right-to-left runs are left out: pdf_text keeps them glyph by glyph for the extractors, and their
shaped forms are named in the ToUnicode maps (fix_to_unicode).
"""

from __future__ import annotations

import operator
import re
from array import array
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from PySide6.QtGui import QGlyphRun, QPaintDevice, QPainter, QRawFont

from worker.render.caches import remember

Face = tuple[str, str, int, int]


@dataclass(frozen=True, slots=True)
class DrawnRun:
    """One glyph run as handed to Qt: its face, glyph ids, and, for shaped runs, its clusters as
    (first glyph, end glyph, text) in drawing order; empty when each glyph is its character's."""

    face: Face
    glyphs: tuple[int, ...]
    clusters: tuple[tuple[int, int, str], ...] = ()


class TextLayer:
    """The runs drawn into one PDF, in the order Qt writes them.

    Kept in flat arrays, not an object per run: a document's runs live until it is finished,
    and thousands of small tuples among the painting's own allocations raised the converter's
    peak memory by more than they take."""

    def __init__(self, runs: Iterable[DrawnRun] = ()) -> None:
        self.glyphs = array("I")  # every run's glyph ids, one run after another
        self.starts = array("I", [0])  # where each run's glyphs start, and the end
        self.faces = array("I")  # each run's face, by its index in face_list
        self.face_list: list[Face] = []
        self._face_ids: dict[Face, int] = {}
        self.clusters: dict[int, tuple[tuple[int, int, str], ...]] = {}  # of the shaped runs
        for run in runs:
            self.add(run.face, run.glyphs, run.clusters)

    def note(self, run: QGlyphRun) -> None:
        face = _face(run.rawFont())
        if face is None:
            return  # no font file, no text object to pair with
        glyphs = run.glyphIndexes()
        self.add(face, glyphs, _clusters(run, glyphs))

    def add(self, face: Face, glyphs: Sequence[int], clusters: tuple[tuple[int, int, str], ...] = ()) -> None:
        found = self._face_ids.get(face)
        if found is None:
            found = self._face_ids[face] = len(self.face_list)
            self.face_list.append(face)
        if clusters:
            self.clusters[len(self.faces)] = clusters
        self.faces.append(found)
        self.glyphs.extend(glyphs)
        self.starts.append(len(self.glyphs))

    def __len__(self) -> int:
        return len(self.faces)

    def run(self, index: int) -> DrawnRun:
        glyphs = tuple(self.glyphs[self.starts[index] : self.starts[index + 1]])
        return DrawnRun(self.face_list[self.faces[index]], glyphs, self.clusters.get(index, ()))

    @property
    def shaped(self) -> bool:
        """Whether some run has clusters (otherwise there is nothing to mark)."""
        return bool(self.clusters)


# A run's face by its raw font (one per font engine, as text.color_glyphs keeps them): a painted
# run costs a lookup, not reading 'head' and the names. Emptied at _ENGINES_KEPT entries, so it
# keeps alive only the engines text is using now.
_FACES: dict[QRawFont, Face | None] = {}
_ENGINES_KEPT = 64


def forget_engines() -> None:
    """Let go of the engines held as keys (as text.color_glyphs.forget_engines): called when a deck
    with fonts of its own ends, so no engine of a deck's font outlives its deck."""
    _FACES.clear()


def _face(raw: QRawFont) -> Face | None:
    """``raw``'s family, style, weight and slant; None for Qt's box engine (characters no font
    has), which has no font tables and crashes the process when asked for its name."""
    if raw in _FACES:
        return _FACES[raw]
    face: Face | None = None
    if raw.isValid() and not raw.fontTable("head").isEmpty():
        face = (raw.familyName(), raw.styleName(), raw.weight(), raw.style().value)
    return remember(_FACES, raw, face, _ENGINES_KEPT)


def _clusters(run: QGlyphRun, glyphs: list[int]) -> tuple[tuple[int, int, str], ...]:
    """``run``'s clusters when its glyphs may not spell its text; () for runs without text (no
    source string: see glyph_runs.with_text_ends), right-to-left ones, and runs whose glyphs are
    exactly its characters' cmap glyphs (Latin and CJK text: Qt's map already names them, for
    characters of the BMP)."""
    source = run.sourceString()
    if not source or run.isRightToLeft():
        return ()
    indexes = run.stringIndexes()
    if len(indexes) != len(glyphs) or not glyphs:
        return ()
    units = source.encode("utf-16-le")
    wide = len(units) != 2 * len(source)  # characters beyond the BMP: indexes count UTF-16 units

    def text(lo: int, hi: int) -> str:
        return units[2 * lo : 2 * hi].decode("utf-16-le", "replace") if wide else source[lo:hi]

    first, count = indexes[0], len(units) // 2
    # Most runs' indexes count up one by one (checked first: comparing lists is a C loop, and a
    # generator over every glyph cost 8 of 91 profiled s of a chart of 200,000 labels).
    consecutive = indexes == list(range(first, first + len(glyphs)))
    if first < 0 or (not consecutive and any(map(operator.gt, indexes, indexes[1:]))) or indexes[-1] >= count:
        return ()
    # Spaces that end a wrapped line have no glyphs: they are not the last cluster's.
    while count > indexes[-1] + 1 and text(count - 1, count) in _TRAILING:
        count -= 1
    whole = text(first, count)
    # Qt's maps name the cmap glyphs of BMP characters only.
    if not wide and consecutive and run.rawFont().glyphIndexesForString(whole) == glyphs:
        return ()
    out: list[tuple[int, int, str]] = []
    start = 0
    for i in range(1, len(glyphs) + 1):
        if i == len(glyphs) or indexes[i] != indexes[start]:
            end = indexes[i] if i < len(glyphs) else count
            out.append((start, i, text(indexes[start], end)))
            start = i
    return tuple(out)


_TRAILING = " \t\u2028\u3000"
_LAYERS: dict[int, TextLayer] = {}


@contextmanager
def recording(device: QPaintDevice, layer: TextLayer) -> Iterator[TextLayer]:
    """Note into ``layer`` the glyph runs drawn on ``device`` (a QPdfWriter) while inside."""
    _LAYERS[id(device)] = layer
    try:
        yield layer
    finally:
        _LAYERS.pop(id(device), None)


def note_run(painter: QPainter, run: QGlyphRun) -> None:
    """Note ``run``, just drawn by ``painter``, when its device is being recorded."""
    if _LAYERS:
        layer = _LAYERS.get(id(painter.device()))
        if layer is not None:
            layer.note(run)


# How many noted runs may go without a text object before the pairing gives up on one (runs
# filled as outlines, empty runs).
_LOOK_AHEAD = 16


class ActualTexts:
    """Pairs Qt's text objects, in the order of the document's pages, with the noted runs: names
    the glyphs of one-glyph clusters in the ToUnicode maps (``completed_maps``) and says which
    objects need an /ActualText span (``text``)."""

    def __init__(self, layer: TextLayer) -> None:
        self.layer = layer
        self.next = 0
        self.face_font: dict[Face, int] = {}
        self.cid_of: dict[int, dict[int, int]] = {}  # font → glyph id → character id
        self.gid_of: dict[int, dict[int, int]] = {}  # font → character id → glyph id
        self.cmaps: dict[int, bytes] = {}
        self.unicode: dict[int, dict[int, str]] = {}
        self.fonts: dict[int, object] = {}  # keeps the font keys' objects alive
        self.places: dict[int, object] = {}
        self.learned: dict[int, dict[int, str]] = {}  # font → character id → text

    def know(self, font: object, cmap: bytes | None, where: object = None) -> None:
        """``font``'s (a pdf_text FontInfo) ToUnicode map, as fixed by fix_to_unicode, and where
        it is kept (handed back by ``completed_maps``)."""
        self.fonts[id(font)] = font
        if cmap is not None:
            self.cmaps[id(font)] = cmap
            self.places[id(font)] = where

    def completed_maps(self) -> list[tuple[object, bytes]]:
        """Each ToUnicode map that learned names, with where it is kept: the map with those names
        added (see ``_actual``)."""
        return [
            (self.places[key], with_names(self.cmaps[key], learned))
            for key, learned in self.learned.items()
            if learned and key in self.cmaps
        ]

    def text(self, font: object, cids: list[int]) -> str | None:
        """What one text object drawn in ``font`` (a FontInfo ``know`` was told of) with the
        character ids ``cids`` stands for, when its glyphs do not spell it; None otherwise."""
        key = id(font)
        if key not in self.fonts:
            return None
        layer = self.layer
        starts = layer.starts
        for j in range(self.next, min(self.next + _LOOK_AHEAD, len(layer))):
            if starts[j + 1] - starts[j] != len(cids):
                continue
            run = layer.run(j)
            if self._pairs(run, key, cids):
                self.next = j + 1
                return self._actual(run, key, cids) if run.clusters else None
        return None

    def _pairs(self, run: DrawnRun, key: int, cids: list[int]) -> bool:
        if len(run.glyphs) != len(cids) or self.face_font.get(run.face, key) != key:
            return False
        cid_of = self.cid_of.setdefault(key, {})
        gid_of = self.gid_of.setdefault(key, {})
        new: dict[int, int] = {}
        taken: set[int] = set()  # the character ids of ``new``
        for gid, cid in zip(run.glyphs, cids, strict=True):
            known = cid_of.get(gid, new.get(gid))
            if known is None:
                if gid_of.get(cid, gid) != gid or cid in taken:
                    return False
                new[gid] = cid
                taken.add(cid)
            elif known != cid:
                return False
        self.face_font[run.face] = key
        cid_of.update(new)
        gid_of.update({cid: gid for gid, cid in new.items()})
        return True

    def _actual(self, run: DrawnRun, key: int, cids: list[int]) -> str | None:
        """The run's text when the ToUnicode text of some cluster's glyphs is not the cluster's.

        A cluster of one glyph the map does not name (a ligature such as "ti", a substituted
        space, a conjunct, a character beyond the BMP, which Qt's maps leave out) names it: the
        map then says what it stands for wherever it is drawn, and no span is needed for it."""
        names = self.unicode.get(key)
        if names is None:
            names = self.unicode[key] = to_unicode_map(self.cmaps.get(key, b""))
        learned = self.learned.setdefault(key, {})
        spelled = True
        for first, end, text in run.clusters:
            if end - first == 1 and text and not names.get(cids[first]) and key in self.cmaps:
                names[cids[first]] = learned[cids[first]] = text
            if spelled and "".join(names.get(cid, "") for cid in cids[first:end]) != text:
                spelled = False
        return None if spelled else "".join(text for _, _, text in run.clusters)


_HEX = re.compile(rb"<([0-9A-Fa-f]+)>")


def _utf16(raw: bytes) -> str:
    return bytes.fromhex(raw.decode()).decode("utf-16-be", "replace")


def to_unicode_map(cmap: bytes) -> dict[int, str]:
    """Character id → text of a ToUnicode CMap (its bfchar and bfrange entries)."""
    names: dict[int, str] = {}
    section = b""
    for raw in cmap.split(b"\n"):
        line = raw.strip()
        if line.endswith((b"beginbfrange", b"beginbfchar")):
            section = line.split()[-1]
            continue
        if line in (b"endbfrange", b"endbfchar"):
            section = b""
            continue
        codes = _HEX.findall(line)
        if section == b"beginbfchar" and len(codes) == 2:
            names[int(codes[0], 16)] = _utf16(codes[1])
        elif section == b"beginbfrange" and len(codes) >= 3:
            low, high = int(codes[0], 16), int(codes[1], 16)
            if b"[" in line:
                for i, code in enumerate(codes[2 : 2 + high - low + 1]):
                    names[low + i] = _utf16(code)
            elif len(codes[2]) == 4:
                start = int(codes[2], 16)
                for i in range(min(high - low, 65535) + 1):
                    names[low + i] = chr(start + i) if start + i < 0xD800 or start + i > 0xDFFF else ""
    return names


def with_names(cmap: bytes, names: dict[int, str]) -> bytes:
    """``cmap`` with bfchar entries naming more character ids (in blocks of 100, the most one
    block may hold), before its ``endcmap`` (at its end without one)."""
    items = sorted(names.items())
    blocks = [items[i : i + 100] for i in range(0, len(items), 100)]
    added = b"".join(
        b"%d beginbfchar\n" % len(block)
        + b"".join(b"<%04X> <%s>\n" % (cid, text.encode("utf-16-be").hex().upper().encode()) for cid, text in block)
        + b"endbfchar\n"
        for block in blocks
    )
    at = cmap.rfind(b"endcmap")
    return cmap[:at] + added + cmap[at:] if at >= 0 else cmap + b"\n" + added


def marked_content(text: str) -> bytes:
    """The operator that opens a span standing for ``text`` (UTF-16BE with its byte order mark)."""
    return b"/Span <</ActualText <FEFF" + text.encode("utf-16-be").hex().upper().encode() + b">>> BDC"
