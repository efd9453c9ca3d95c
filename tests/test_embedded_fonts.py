"""Fonts embedded in a deck: unwrapped (plain, EOT, XOR-masked EOT, GUID-obfuscated), used for the
deck's text while it converts, and gone from Qt's font database afterwards.

The font under test is a bundled TrueType renamed to a family no machine has, so the PDF can only
name it if the embedded copy was used."""

from __future__ import annotations

import os
import struct
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any, ClassVar

import pptx
import pytest
from lxml import etree
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.package import Part
from pptx.opc.packuri import PackURI
from pptx.util import Inches, Pt
from pypdf import PdfReader
from PySide6.QtCore import QByteArray
from PySide6.QtGui import QFont, QFontDatabase, QRawFont

from worker.engines.base import ConvertOptions, never_cancelled, no_progress
from worker.engines.builtin import BuiltinEngine
from worker.render import app_font_families, deck_font_files, embedded_fonts
from worker.render.embedded_fonts import (
    EOT_COMPRESSED,
    EOT_XOR,
    DeckFonts,
    EmbeddedFont,
    Unwrapped,
    guid_key,
    read_embedded_fonts,
    unwrap_font,
)
from worker.render.fonts import RESOURCE_FONTS, FontResolver

FAMILY = "Slidepress Embedded Test"
POSTSCRIPT = "SlidepressEmbeddedTest"
TYPEFACE = "Deck Only Face"  # what the deck's text asks for
CORPUS_DECKS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "decks"
P_NS = "http://schemas.openxmlformats.org/presentationml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _checksum(data: bytes) -> int:
    padded = data + b"\0" * (-len(data) % 4)
    return sum(struct.unpack(f">{len(padded) // 4}I", padded)) & 0xFFFFFFFF


def _name_table(family: str, postscript: str) -> bytes:
    return name_table([(0x409, 1, family), (0x409, 2, "Regular"), (0x409, 4, family), (0x409, 6, postscript)])


def name_table(records: list[tuple[int, int, str]]) -> bytes:
    """A name table of Windows Unicode records: (language id, name id, text)."""
    strings = b""
    entries = b""
    for language, name_id, text in sorted(records):
        encoded = text.encode("utf-16-be")
        entries += struct.pack(">6H", 3, 1, language, name_id, len(encoded), len(strings))
        strings += encoded
    header = struct.pack(">3H", 0, len(records), 6 + 12 * len(records))
    return header + entries + strings


def renamed_font(
    source: Path, family: str = FAMILY, postscript: str = POSTSCRIPT, names: list[tuple[int, int, str]] | None = None
) -> bytes:
    """``source`` with its name table replaced (appended, directory entry updated): ``family`` and
    ``postscript`` in English, or the records ``names``."""
    data = bytearray(source.read_bytes())
    (num_tables,) = struct.unpack_from(">H", data, 4)
    table = _name_table(family, postscript) if names is None else name_table(names)
    data += b"\0" * (-len(data) % 4)
    offset = len(data)
    data += table
    for i in range(num_tables):
        entry = 12 + 16 * i
        if data[entry : entry + 4] == b"name":
            struct.pack_into(">III", data, entry + 4, _checksum(table), offset, len(table))
            return bytes(data)
    raise AssertionError("no name table")


def eot(font: bytes, flags: int = 0) -> bytes:
    """An EOT v2.2 around ``font`` (the header fields Slidepress reads are real, names empty)."""
    payload = bytes(b ^ 0x50 for b in font) if flags & EOT_XOR else font
    fixed = struct.pack("<IIII10sBBIHH", 0, len(payload), 0x00020002, flags, b"\0" * 10, 1, 0, 400, 0, 0x504C)
    # UnicodeRange1-4, CodePageRange1-2, CheckSumAdjustment, Reserved1-4.
    fixed += struct.pack("<11I", *([0] * 11))
    # Padding1, then FamilyName, StyleName, VersionName, FullName: (size 0, no bytes, padding) each.
    names = struct.pack("<H", 0) + struct.pack("<HH", 0, 0) * 4
    # RootStringSize, RootStringCheckSum, EUDCCodePage, Padding6, SignatureSize, EUDCFlags, EUDCFontSize.
    tail = struct.pack("<HIIHHII", 0, 0, 0, 0, 0, 0, 0)
    body = fixed + names + tail + payload
    return struct.pack("<I", len(body)) + body[4:]


def obfuscated(font: bytes, guid: uuid.UUID) -> bytes:
    key = bytes.fromhex(guid.hex)[::-1]
    return bytes(b ^ key[i % 16] for i, b in enumerate(font[:32])) + font[32:]


def build_deck(
    path: Path, font_blob: bytes | None, partname: str = "/ppt/fonts/font1.fntdata", typeface: str = TYPEFACE
) -> Path:
    prs = pptx.Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    box = slide.shapes.add_textbox(Inches(1), Inches(1), Inches(8), Inches(1.5))
    run = box.text_frame.paragraphs[0].add_run()
    run.text = "Embedded words"
    run.font.name = typeface
    run.font.size = Pt(32)
    if font_blob is not None:
        part = Part(PackURI(partname), "application/x-fontdata", prs.part.package, font_blob)
        r_id = prs.part.relate_to(part, RT.FONT)
        root = prs.part._element
        font_list = etree.Element(f"{{{P_NS}}}embeddedFontLst")
        entry = etree.SubElement(font_list, f"{{{P_NS}}}embeddedFont")
        etree.SubElement(entry, f"{{{P_NS}}}font", typeface=typeface)
        etree.SubElement(entry, f"{{{P_NS}}}regular").set(f"{{{R_NS}}}id", r_id)
        notes_size = root.find(f"{{{P_NS}}}notesSz")
        assert notes_size is not None
        notes_size.addnext(font_list)
    prs.save(str(path))
    return path


def pdf_fonts(pdf: Path) -> set[str]:
    names = set()
    for page in PdfReader(pdf).pages:
        resources: Any = page["/Resources"]
        for font in (resources.get("/Font") or {}).values():
            names.add(str(font.get_object()["/BaseFont"]).split("+")[-1].lstrip("/"))
    return names


@pytest.fixture(scope="module")
def caladea() -> Path:
    # The bundled copy when the installers' font step ran, else the system's (CI installs it).
    from worker.render.fonts import _os_font_dirs

    for folder in [RESOURCE_FONTS, *_os_font_dirs()]:
        found = next(iter(sorted(folder.rglob("Caladea-Regular.ttf"))), None) if folder.is_dir() else None
        if found is not None:
            return found
    pytest.fail("Caladea-Regular.ttf is neither bundled nor installed (apt-get install fonts-crosextra-caladea)")


@pytest.fixture(scope="module")
def font_bytes(caladea: Path) -> bytes:
    return renamed_font(caladea)


def convert(deck: Path, target: Path) -> None:
    BuiltinEngine().convert(deck, target, ConvertOptions(), no_progress, never_cancelled)


@pytest.mark.parametrize("wrapping", ["plain", "eot", "eot-xor", "obfuscated"])
def test_embedded_font_draws_the_text_then_goes(qapp: object, tmp_path: Path, font_bytes: bytes, wrapping: str) -> None:
    guid = uuid.uuid4()
    partname = "/ppt/fonts/font1.fntdata"
    if wrapping == "plain":
        blob = font_bytes
    elif wrapping == "eot":
        blob = eot(font_bytes)
    elif wrapping == "eot-xor":
        blob = eot(font_bytes, EOT_XOR)
    else:
        blob = obfuscated(font_bytes, guid)
        partname = f"/ppt/fonts/{{{str(guid).upper()}}}.fntdata"
    deck = build_deck(tmp_path / "deck.pptx", blob, partname)
    convert(deck, tmp_path / "deck.pdf")
    assert POSTSCRIPT in pdf_fonts(tmp_path / "deck.pdf")
    assert "Embedded words" in (PdfReader(tmp_path / "deck.pdf").pages[0].extract_text() or "")
    # Only for that deck: Qt forgets the font and the resolver maps the typeface as before.
    assert FAMILY not in QFontDatabase.families()
    assert FontResolver.shared().family(TYPEFACE) != FAMILY


def test_without_the_embedded_font_the_default_is_used(qapp: object, tmp_path: Path) -> None:
    deck = build_deck(tmp_path / "deck.pptx", None)
    convert(deck, tmp_path / "deck.pdf")
    assert POSTSCRIPT not in pdf_fonts(tmp_path / "deck.pdf")


def test_a_face_is_added_when_text_asks_for_it(qapp: object, font_bytes: bytes) -> None:
    styles = ("regular", "bold", "boldItalic")
    deck = DeckFonts.of(
        [EmbeddedFont(TYPEFACE, s, f"/ppt/fonts/font{i}.fntdata", font_bytes) for i, s in enumerate(styles)]
    )
    try:
        family = deck.load(TYPEFACE)
        assert family == TYPEFACE  # renamed to the deck's name, see DeckFonts._register
        assert len(deck.font_ids) == 1
        deck.load_face(family, bold=False, italic=False)
        assert len(deck.font_ids) == 1
        deck.load_face(family, bold=True, italic=False)
        assert len(deck.font_ids) == 2
        deck.load_face("Another Family", bold=True, italic=True)
        assert len(deck.font_ids) == 2
        # No italic part: every remaining face is added, so Qt picks the nearest as with all of them.
        deck.load_face(family, bold=False, italic=True)
        assert len(deck.font_ids) == 3
        assert deck.pending == {}
        assert family in QFontDatabase.families()
    finally:
        for font_id in deck.font_ids:
            deck_font_files.remove_font(font_id)
    assert family not in QFontDatabase.families()


def test_compressed_and_unknown_data_are_skipped(qapp: object, tmp_path: Path, font_bytes: bytes) -> None:
    assert unwrap_font(eot(font_bytes, EOT_COMPRESSED), "/ppt/fonts/font1.fntdata").kind is Unwrapped.COMPRESSED
    assert unwrap_font(b"\x01" * 500, "/ppt/fonts/font1.fntdata").kind is Unwrapped.UNKNOWN
    # A wrong GUID does not turn garbage into a font.
    wrong = obfuscated(font_bytes, uuid.uuid4())
    assert unwrap_font(wrong, f"/ppt/fonts/{{{uuid.uuid4()}}}.fntdata").kind is Unwrapped.UNKNOWN
    # The deck still converts, with the substitute.
    deck = build_deck(tmp_path / "deck.pptx", eot(font_bytes, EOT_COMPRESSED))
    convert(deck, tmp_path / "deck.pdf")
    assert POSTSCRIPT not in pdf_fonts(tmp_path / "deck.pdf")
    assert "Embedded words" in (PdfReader(tmp_path / "deck.pdf").pages[0].extract_text() or "")


def test_guid_key_reverses_the_bytes() -> None:
    key = guid_key("{00112233-4455-6677-8899-AABBCCDDEEFF}.odttf")
    assert key == bytes.fromhex("FFEEDDCCBBAA99887766554433221100")
    assert guid_key("font1.fntdata") is None


@pytest.mark.skipif(not CORPUS_DECKS.is_dir(), reason="corpus not found")
def test_corpus_decks_list_their_fonts(qapp: object, tmp_path: Path) -> None:
    """Every font the three corpus decks embed is found; the one uncompressed EOT among them is
    used for its text; the MicroType-compressed ones are skipped and the decks still convert."""
    from worker.deck.package import open_deck

    expected = {"bitsbeats__slides.pptx": 4, "dalalat__Presentation.pptx": 9, "echack__slides.pptx": 12}
    usable: dict[str, list[str]] = {}
    for name, count in expected.items():
        fonts = read_embedded_fonts(open_deck(CORPUS_DECKS / name).presentation)
        assert len(fonts) == count
        kinds = {f.partname: unwrap_font(f.blob, f.partname).kind for f in fonts}
        assert set(kinds.values()) <= {Unwrapped.FONT, Unwrapped.COMPRESSED}
        usable[name] = [f.typeface for f in fonts if kinds[f.partname] is Unwrapped.FONT]
    assert usable["dalalat__Presentation.pptx"]
    deck = CORPUS_DECKS / "dalalat__Presentation.pptx"
    convert(deck, tmp_path / "dalalat.pdf")
    assert any(name.startswith("OpenSans") for name in pdf_fonts(tmp_path / "dalalat.pdf"))


def test_thumbnail_draws_with_the_embedded_font(qapp: object, tmp_path: Path, font_bytes: bytes) -> None:
    from worker.render.thumbnail import thumbnail

    with_font = thumbnail(build_deck(tmp_path / "with.pptx", font_bytes), 0, 480)
    without = thumbnail(build_deck(tmp_path / "without.pptx", None), 0, 480)
    # Same text and size: only the typeface differs, so the pixels of the text line do.
    band = [(x, y) for x in range(40, 440, 2) for y in range(50, 110, 2)]
    differing = sum(1 for x, y in band if with_font.pixelColor(x, y) != without.pixelColor(x, y))
    assert differing > 50
    # Afterwards no lookup reaches it; it leaves Qt when a later deck adds a font under its name.
    assert FontResolver.shared().family(TYPEFACE) != TYPEFACE
    embedded_fonts.drop_kept_fonts()
    assert TYPEFACE not in QFontDatabase.families()


# A light face of a family with an English and a Chinese name, named as Microsoft YaHei Light names
# itself: Qt lists only the English typographic family for it; "幻灯测试 Light" becomes an alias.
LIGHT_FACE = [
    (0x409, 1, "Slidepress Probe Light"), (0x409, 2, "Regular"), (0x409, 16, "Slidepress Probe"),
    (0x409, 17, "Light"), (0x409, 6, "SlidepressProbe-Light"),
    (0x804, 1, "幻灯测试 Light"), (0x804, 2, "Regular"), (0x804, 16, "幻灯测试"), (0x804, 17, "Light"),
]  # fmt: skip
# The same face named in English only: its face name is a subfamily Qt lists beside the family.
ENGLISH_LIGHT_FACE = [record for record in LIGHT_FACE if record[0] == 0x409]


class CountingFontDatabase:
    """QFontDatabase as embedded_fonts uses it, counting adds and removes."""

    calls: ClassVar[list[str]] = []

    @staticmethod
    def addApplicationFontFromData(data: QByteArray) -> int:
        CountingFontDatabase.calls.append("add")
        return QFontDatabase.addApplicationFontFromData(data)

    @staticmethod
    def addApplicationFont(path: str) -> int:
        CountingFontDatabase.calls.append("add")
        return QFontDatabase.addApplicationFont(path)

    @staticmethod
    def removeApplicationFont(font_id: int) -> bool:
        CountingFontDatabase.calls.append("remove")
        return QFontDatabase.removeApplicationFont(font_id)

    @staticmethod
    def applicationFontFamilies(font_id: int) -> list[str]:
        return QFontDatabase.applicationFontFamilies(font_id)


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    calls: list[str] = []
    embedded_fonts.drop_kept_fonts()  # an earlier test's deck fonts, which a first add removes
    monkeypatch.setattr(CountingFontDatabase, "calls", calls)
    monkeypatch.setattr(embedded_fonts, "QFontDatabase", CountingFontDatabase)
    monkeypatch.setattr(deck_font_files, "QFontDatabase", CountingFontDatabase)
    # A wrong answer stops the answers for the process: each test starts from (and leaves) the real state.
    monkeypatch.setitem(app_font_families._state, "fc", app_font_families._fontconfig())
    return calls


def _listed_by_qt(data: bytes) -> list[str]:
    """The families Qt lists for ``data`` added as deck fonts are (see deck_font_files)."""
    font_id = deck_font_files.add_font(data)
    try:
        return QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    finally:
        deck_font_files.remove_font(font_id)


def test_families_are_told_as_qt_lists_them(qapp: object, caladea: Path) -> None:
    fonts = {
        "plain": caladea.read_bytes(),
        "light face": renamed_font(caladea, names=LIGHT_FACE),
        "english light face": renamed_font(caladea, names=ENGLISH_LIGHT_FACE),
        "not a font": b"\x00\x01\x00\x00" + b"\x07" * 300,
    }
    collection = RESOURCE_FONTS / "NotoSansCJK-Regular.ttc"
    if collection.is_file():
        fonts["collection"] = collection.read_bytes()
    told = {name: app_font_families.app_font_families(data) for name, data in fonts.items()}
    if sys.platform.startswith("linux"):  # Qt goes through fontconfig there: the families are known
        assert None not in told.values()
    assert told["light face"] in (None, ["Slidepress Probe"])
    assert told["english light face"] in (None, ["Slidepress Probe", "Slidepress Probe Light"])
    assert told["not a font"] in (None, [])
    for name, data in fonts.items():
        if told[name] is not None:
            assert told[name] == _listed_by_qt(data), name


def test_a_font_without_a_family_name_is_left_to_qt(qapp: object, caladea: Path) -> None:
    # fontconfig then names the family after the font's file, which Qt chooses when adding it.
    nameless = renamed_font(caladea, names=[(0x409, 2, "Regular")])
    assert app_font_families.app_font_families(nameless) is None
    assert _listed_by_qt(nameless)


def test_a_face_to_rename_is_added_once_renamed(qapp: object, caladea: Path, counted: list[str]) -> None:
    """The deck's "幻灯测试 Light" is a face Qt would list as "Slidepress Probe" with the typeface as
    an alias: added renamed straight away, never first as it is (removing it would make Qt read
    every font again), and the typeface draws that face alone."""
    if app_font_families.app_font_families(caladea.read_bytes()) is None:
        pytest.skip("Qt's families are only known beforehand with fontconfig")
    deck = DeckFonts.of(
        [EmbeddedFont("幻灯测试 Light", "regular", "/ppt/fonts/font1.fntdata", renamed_font(caladea, names=LIGHT_FACE))]
    )
    try:
        assert deck.load("幻灯测试 Light") == "幻灯测试 Light"
        assert counted == ["add"]
        assert "Slidepress Probe" not in QFontDatabase.families()
        assert QRawFont.fromFont(QFont("幻灯测试 Light")).familyName() == "幻灯测试 Light"
    finally:
        for font_id in deck.font_ids:
            deck_font_files.remove_font(font_id)


def test_a_face_kept_as_it_is_is_added_once(qapp: object, caladea: Path, counted: list[str]) -> None:
    deck = DeckFonts.of(
        [
            EmbeddedFont(
                "Slidepress Probe Light",
                "regular",
                "/ppt/fonts/font1.fntdata",
                renamed_font(caladea, names=ENGLISH_LIGHT_FACE),
            )
        ]
    )
    try:
        assert deck.load("Slidepress Probe Light") == "Slidepress Probe Light"  # Qt lists the face name
        assert counted == ["add"]
    finally:
        for font_id in deck.font_ids:
            deck_font_files.remove_font(font_id)


@pytest.mark.parametrize("told", ["unknown", "wrong"])
def test_without_the_families_beforehand_the_font_is_renamed_after_adding_it(
    qapp: object, caladea: Path, counted: list[str], monkeypatch: pytest.MonkeyPatch, told: str
) -> None:
    """Where Qt's families cannot be told (not fontconfig), or were told wrong, Qt's own list
    decides: the font is added, read, removed and added renamed, as it always was."""
    answer = None if told == "unknown" else ["幻灯测试 Light"]  # wrong: Qt lists "Slidepress Probe"
    monkeypatch.setattr(embedded_fonts, "app_font_families", lambda data: answer)
    deck = DeckFonts.of(
        [EmbeddedFont("幻灯测试 Light", "regular", "/ppt/fonts/font1.fntdata", renamed_font(caladea, names=LIGHT_FACE))]
    )
    try:
        assert deck.load("幻灯测试 Light") == "幻灯测试 Light"
        assert counted == ["add", "remove", "add"]
        assert "Slidepress Probe" not in QFontDatabase.families()
        assert QRawFont.fromFont(QFont("幻灯测试 Light")).familyName() == "幻灯测试 Light"
    finally:
        for font_id in deck.font_ids:
            deck_font_files.remove_font(font_id)
    if told == "wrong":  # and nothing more is told in this process
        assert app_font_families.app_font_families(caladea.read_bytes()) is None


def test_a_decks_fonts_stay_until_a_deck_adds_one_under_their_name(
    qapp: object, tmp_path: Path, font_bytes: bytes, caladea: Path
) -> None:
    """A deck's embedded fonts stay in Qt after it (removing one makes Qt read every font file
    again and rebuild its engines), under names only that deck's mapping reached: the next deck
    naming the same typeface without embedding it draws with the stand-in, as on a fresh start.
    A later deck's font under another name leaves them there; one under their name (another
    subset of the typeface, say) replaces them."""
    embedded_fonts.drop_kept_fonts()
    convert(build_deck(tmp_path / "with.pptx", font_bytes), tmp_path / "with.pdf")
    assert POSTSCRIPT in pdf_fonts(tmp_path / "with.pdf")
    assert TYPEFACE in QFontDatabase.families()  # kept
    convert(build_deck(tmp_path / "without.pptx", None), tmp_path / "without.pdf")
    assert POSTSCRIPT not in pdf_fonts(tmp_path / "without.pdf")

    other = renamed_font(caladea, "Slidepress Second Test", "SlidepressSecondTest")
    convert(build_deck(tmp_path / "second.pptx", other, typeface="Second Face"), tmp_path / "second.pdf")
    assert TYPEFACE in QFontDatabase.families()  # still there: another name
    assert embedded_fonts.kept_font_count() == 2

    same_name = renamed_font(caladea, "Slidepress Third Test", "SlidepressThirdTest")
    deck = DeckFonts.of([EmbeddedFont(TYPEFACE, "regular", "/ppt/fonts/font1.fntdata", same_name)])
    try:
        assert deck.load(TYPEFACE) == TYPEFACE
        assert embedded_fonts.kept_font_count() == 1  # the first deck's left, the second's stays
        assert "Second Face" in QFontDatabase.families()
        (font_id,) = deck.font_ids
        font = QFont(TYPEFACE)
        assert QFontDatabase.applicationFontFamilies(font_id) == [TYPEFACE]
        # Qt has one font under the name: the new one.
        assert "SlidepressThirdTest".encode("utf-16-be") in QRawFont.fromFont(font).fontTable("name").data()
    finally:
        for font_id in deck.font_ids:
            deck_font_files.remove_font(font_id)


def test_a_deck_adding_a_kept_fonts_bytes_takes_it_over(
    qapp: object, tmp_path: Path, font_bytes: bytes, counted: list[str]
) -> None:
    """The same deck converted again (or another made from one template) uses the font its
    earlier conversion left in Qt: nothing is added or removed, so Qt neither reads the font
    again nor rebuilds its database."""
    deck = build_deck(tmp_path / "with.pptx", font_bytes)
    convert(deck, tmp_path / "first.pdf")
    convert(deck, tmp_path / "again.pdf")
    assert counted == ["add"]
    assert POSTSCRIPT in pdf_fonts(tmp_path / "again.pdf")
    assert embedded_fonts.kept_font_count() == 1


def test_a_deck_taking_its_fonts_over_keeps_its_faces_not_yet_used(
    qapp: object, caladea: Path, counted: list[str]
) -> None:
    """A deck converted again takes its regular face over; the kept bold face of the same family,
    also its own, stays for the deck to take over in turn rather than leaving Qt as another deck's
    font under that name would."""
    parts = [
        EmbeddedFont("Pair Face", "regular", "/ppt/fonts/font1.fntdata", renamed_font(caladea, "Slidepress Pair")),
        EmbeddedFont(
            "Pair Face",
            "bold",
            "/ppt/fonts/font2.fntdata",
            renamed_font(caladea.with_name("Caladea-Bold.ttf"), "Slidepress Pair", "SlidepressPair-Bold"),
        ),
    ]
    first = DeckFonts.of(parts)
    family = first.load("Pair Face")
    assert family is not None
    first.load_face(family, True, False)
    embedded_fonts._keep_or_remove(first.font_ids, lambda name: False, first.added)
    again = DeckFonts.of(parts)
    try:
        assert again.load("Pair Face") == family
        assert embedded_fonts.kept_font_count() == 1  # the bold face, not removed
        again.load_face(family, True, False)
        assert sorted(again.font_ids) == sorted(first.font_ids)
        assert counted == ["add", "add"]  # the first deck's: nothing added or removed again
    finally:
        for font_id in again.font_ids:
            deck_font_files.remove_font(font_id)


# Run in a process of its own: the bounds it lowers are the process's.
_BOUNDED = """
import sys
from pathlib import Path
from PySide6.QtGui import QFontDatabase, QGuiApplication
app = QGuiApplication([])
sys.path.insert(0, sys.argv[1])
from test_embedded_fonts import build_deck, convert, renamed_font
from worker.render import embedded_fonts
caladea, tmp = Path(sys.argv[2]), Path(sys.argv[3])
embedded_fonts._KEPT_FONTS = 1
for name in ("First", "Second", "Third"):
    if name == "Third":  # and by their bytes: a font larger than the bound is not kept at all
        embedded_fonts._KEPT_BYTES = 1
    font = renamed_font(caladea, f"Slidepress {name} Kept", f"Slidepress{name}Kept")
    convert(build_deck(tmp / f"{name}.pptx", font, typeface=f"{name} Kept Face"), tmp / f"{name}.pdf")
    listed = [n for n in ("First", "Second", "Third") if f"{n} Kept Face" in QFontDatabase.families()]
    print(name, embedded_fonts.kept_font_count(), *listed)
"""


def test_kept_fonts_are_bounded_oldest_first(tmp_path: Path, caladea: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-c", _BOUNDED, str(Path(__file__).parent), str(caladea), str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        check=True,
    )
    # After each deck: how many fonts are kept, and which decks' faces Qt still lists.
    assert result.stdout.splitlines() == ["First 1 First", "Second 1 Second", "Third 0"]


def test_a_deck_font_under_a_family_qt_had_leaves_at_once(
    qapp: object, tmp_path: Path, caladea: Path, counted: list[str]
) -> None:
    """A deck embedding a font under a family the resolver hands Qt for other decks (here the
    bundled Caladea) must not draw their text: it is removed when its deck ends."""
    assert FontResolver.shared().has_family("Caladea")
    impostor = renamed_font(caladea, "Caladea", "SlidepressCaladeaImpostor")
    convert(build_deck(tmp_path / "with.pptx", impostor, typeface="Caladea"), tmp_path / "with.pdf")
    assert counted == ["add", "remove"]  # used by its deck, removed when the deck ended
    assert embedded_fonts.kept_font_count() == 0
    convert(build_deck(tmp_path / "without.pptx", None, typeface="Caladea"), tmp_path / "without.pdf")
    assert pdf_fonts(tmp_path / "without.pdf") == {"Caladea-Regular"}


def test_no_engine_of_a_deck_font_is_held_after_its_deck(qapp: object, tmp_path: Path, font_bytes: bytes) -> None:
    """The colour-glyph check keeps its answers per font engine, each key holding its engine alive;
    a deck's own fonts must not stay held past the deck (a later deck may add another font by that
    name, and Qt must not find the old engine)."""
    from worker.render import color_fonts

    convert(build_deck(tmp_path / "deck.pptx", font_bytes), tmp_path / "deck.pdf")
    assert POSTSCRIPT in pdf_fonts(tmp_path / "deck.pdf")  # the deck's text was drawn in its font
    held = [raw.familyName() for raw in color_fonts._by_engine]
    assert not {FAMILY, TYPEFACE} & set(held), held
    from worker.render import actual_text  # the text layer's faces are kept by engine too

    held = [raw.familyName() for raw in actual_text._FACES]
    assert not {FAMILY, TYPEFACE} & set(held), held


_TWICE = """
import hashlib, sys
import pypdfium2
from worker.engines.base import ConvertOptions, never_cancelled, no_progress
from worker.engines.builtin import BuiltinEngine
engine = BuiltinEngine()
for n in range(2):
    target = sys.argv[2] + str(n) + ".pdf"
    engine.convert(sys.argv[1], target, ConvertOptions(), no_progress, never_cancelled)
    page = pypdfium2.PdfDocument(target)[0]
    print(hashlib.sha256(bytes(page.render(scale=1).buffer)).hexdigest())
"""


def test_a_deck_face_under_a_family_qt_has_draws_the_same_every_time(
    qapp: object, tmp_path: Path, caladea: Path
) -> None:
    """A deck embedding a bold face as "Liberation Sans" (a bundled family): under that name it was
    one more bold face of the family, and Qt chose between it and Liberation Sans Bold by its font
    database's order, which a font leaving Qt changes: the deck's first conversion in a process drew
    its bold text in Liberation Sans Bold, the second in the deck's face. Its faces now have a
    family of their own: the deck's face every time."""
    assert FontResolver.shared().has_family("Liberation Sans")
    bold = (caladea.parent / "Caladea-Bold.ttf").read_bytes()
    deck = build_deck(tmp_path / "deck.pptx", bold, typeface="Liberation Sans")
    prs = pptx.Presentation(str(deck))
    para = prs.slides[0].shapes[0].text_frame.add_paragraph()
    run = para.add_run()
    run.text = "Bold words"
    run.font.name = "Liberation Sans"
    run.font.bold = True
    run.font.size = Pt(32)
    prs.save(str(deck))
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    command = [sys.executable, "-c", _TWICE, str(deck), str(tmp_path / "out")]
    done = subprocess.run(command, check=False, capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    first, second = done.stdout.split()
    assert first == second
    for n in range(2):
        assert "Caladea-Bold" in pdf_fonts(tmp_path / f"out{n}.pdf")


def test_renaming_a_font_whose_directory_names_more_than_the_file_copies_nothing(caladea: Path) -> None:
    """A font's table directory of 200 entries, each naming the whole 256 KiB file (a fuzzed font
    whose numTables lied read its table data as entries the same way: 1.45 GB peak for one deck):
    the renamed font was built from a copy per entry. It cannot be read, so it is not renamed."""
    import tracemalloc

    count, size = 200, 256 * 1024
    directory = b"".join(struct.pack(">4sIII", b"t%03d" % i, 0, 4, size - 4) for i in range(count))
    font = struct.pack(">IHHHH", 0x00010000, count, 128, 7, count * 16 - 128 * 16) + directory
    font += b"\0" * (size - len(font))
    tracemalloc.start()
    try:
        renamed = embedded_fonts.with_family_name(font, "Deck Face")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert renamed is None
    assert peak < 8 * 1024 * 1024, peak  # 150 MB before
    # A real font is still renamed.
    assert embedded_fonts.with_family_name(caladea.read_bytes(), "Deck Face") is not None


def test_a_face_that_would_stay_under_a_family_qt_has_is_not_used(qapp: object) -> None:
    """A deck font whose names cannot be rewritten (a collection, or a table directory that does not
    fit the file) keeps its own family; when Qt already has that family (here the bundled Noto Sans
    CJK collection, embedded as "Deck Only Face"), Qt would choose between its faces and the deck's
    by its database's order, differently from one conversion to the next (a fuzzed Carlito did). Such
    a face is not used: the deck's typeface goes through the usual substitution."""
    collection = RESOURCE_FONTS / "NotoSansCJK-Regular.ttc"
    if not collection.is_file():
        pytest.skip("the bundled CJK collection is not collected (packaging/collect_fonts.py)")
    resolver = FontResolver.shared()
    part = EmbeddedFont(TYPEFACE, "regular", "/ppt/fonts/font1.fntdata", collection.read_bytes())
    deck = DeckFonts.of([part], resolver.has_family)
    try:
        assert deck.load(TYPEFACE) is None
        assert deck.font_ids == []
        assert deck.skipped == {part.partname: Unwrapped.UNKNOWN}
    finally:
        for font_id in deck.font_ids:
            deck_font_files.remove_font(font_id)
