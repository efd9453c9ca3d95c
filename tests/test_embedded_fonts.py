"""Fonts embedded in a deck: unwrapped (plain, EOT, XOR-masked EOT, GUID-obfuscated), used for the
deck's text while it converts, and gone from Qt's font database afterwards.

The font under test is a bundled TrueType renamed to a family no machine has, so the PDF can only
name it if the embedded copy was used."""

from __future__ import annotations

import struct
import uuid
from pathlib import Path
from typing import Any

import pptx
import pytest
from lxml import etree
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.package import Part
from pptx.opc.packuri import PackURI
from pptx.util import Inches, Pt
from pypdf import PdfReader
from PySide6.QtGui import QFontDatabase

from worker.engines.base import ConvertOptions, never_cancelled, no_progress
from worker.engines.builtin import BuiltinEngine
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
    records = [(1, family), (2, "Regular"), (4, family), (6, postscript)]
    strings = b""
    entries = b""
    for name_id, text in records:
        encoded = text.encode("utf-16-be")
        entries += struct.pack(">6H", 3, 1, 0x409, name_id, len(encoded), len(strings))
        strings += encoded
    header = struct.pack(">3H", 0, len(records), 6 + 12 * len(records))
    return header + entries + strings


def renamed_font(source: Path, family: str = FAMILY, postscript: str = POSTSCRIPT) -> bytes:
    """``source`` with its name table replaced (appended, directory entry updated)."""
    data = bytearray(source.read_bytes())
    (num_tables,) = struct.unpack_from(">H", data, 4)
    table = _name_table(family, postscript)
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


def build_deck(path: Path, font_blob: bytes | None, partname: str = "/ppt/fonts/font1.fntdata") -> Path:
    prs = pptx.Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    box = slide.shapes.add_textbox(Inches(1), Inches(1), Inches(8), Inches(1.5))
    run = box.text_frame.paragraphs[0].add_run()
    run.text = "Embedded words"
    run.font.name = TYPEFACE
    run.font.size = Pt(32)
    if font_blob is not None:
        part = Part(PackURI(partname), "application/x-fontdata", prs.part.package, font_blob)
        r_id = prs.part.relate_to(part, RT.FONT)
        root = prs.part._element
        font_list = etree.Element(f"{{{P_NS}}}embeddedFontLst")
        entry = etree.SubElement(font_list, f"{{{P_NS}}}embeddedFont")
        etree.SubElement(entry, f"{{{P_NS}}}font", typeface=TYPEFACE)
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
def font_bytes() -> bytes:
    # The bundled copy when the installers' font step ran, else the system's (CI installs it).
    from worker.render.fonts import _os_font_dirs

    for folder in [RESOURCE_FONTS, *_os_font_dirs()]:
        found = next(iter(sorted(folder.rglob("Caladea-Regular.ttf"))), None) if folder.is_dir() else None
        if found is not None:
            return renamed_font(found)
    pytest.fail("Caladea-Regular.ttf is neither bundled nor installed (apt-get install fonts-crosextra-caladea)")


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
            QFontDatabase.removeApplicationFont(font_id)
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
    assert TYPEFACE not in QFontDatabase.families()  # and it is gone again afterwards
