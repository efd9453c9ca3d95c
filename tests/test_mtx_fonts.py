"""MicroType Express (MTX) compressed embedded fonts: the corpus decks' fonts decode into TrueType
that Qt loads and draws, a deck's PDF then uses them, and broken MTX data is skipped quickly.

The checks of the rebuilt fonts read the sfnt here, with no code from worker.render.mtx_font."""

from __future__ import annotations

import itertools
import logging
import struct
import subprocess
import time
import zipfile
from pathlib import Path

import pytest
from corpus_support import CORPUS
from pypdf import PdfReader
from PySide6.QtCore import QByteArray
from PySide6.QtGui import QFont, QFontDatabase, QFontMetricsF, QRawFont
from test_embedded_fonts import CountingFontDatabase, build_deck, convert, counted, eot, pdf_fonts  # noqa: F401

from worker.deck.package import open_deck
from worker.render.app_font_families import app_font_families
from worker.render.embedded_fonts import (
    EOT_COMPRESSED,
    Unwrapped,
    deck_fonts,
    drop_kept_fonts,
    read_embedded_fonts,
    unwrap_font,
)
from worker.render.fonts import FontChoice, FontResolver
from worker.render.mtx_font import decode_mtx

DECKS = CORPUS / "decks"
MTX_DECKS = ["bitsbeats__slides.pptx", "dalalat__Presentation.pptx", "echack__slides.pptx"]
needs_corpus = pytest.mark.skipif(not DECKS.is_dir(), reason=f"corpus not found at {CORPUS}")
REQUIRED = {b"cmap", b"glyf", b"head", b"hhea", b"hmtx", b"loca", b"maxp", b"name", b"post"}


def _checksum(data: bytes) -> int:
    padded = data + b"\0" * (-len(data) % 4)
    return sum(struct.unpack(f">{len(padded) // 4}I", padded)) & 0xFFFFFFFF


def sfnt_tables(font: bytes) -> dict[bytes, bytes]:
    """The tables of a TrueType file, after checking the directory and every checksum."""
    version, count = struct.unpack_from(">IH", font)
    assert version == 0x00010000
    tables = {}
    for i in range(count):
        tag, checksum, offset, length = struct.unpack_from(">4sIII", font, 12 + 16 * i)
        assert offset % 4 == 0 and offset + length <= len(font), tag
        data = font[offset : offset + length]
        summed = data[:8] + b"\0\0\0\0" + data[12:] if tag == b"head" else data
        assert _checksum(summed) == checksum, f"{tag!r} checksum"
        tables[tag] = data
    assert _checksum(font) == 0xB1B0AFBA  # head.checkSumAdjustment
    return tables


def check_glyphs(tables: dict[bytes, bytes]) -> int:
    """loca and glyf agree and every glyph parses (contours, instructions, flags, coordinates).
    Returns the number of glyphs with outlines."""
    (num_glyphs,) = struct.unpack_from(">H", tables[b"maxp"], 4)
    (long_loca,) = struct.unpack_from(">h", tables[b"head"], 50)
    glyf, loca = tables[b"glyf"], tables[b"loca"]
    if long_loca:
        offsets = list(struct.unpack(f">{num_glyphs + 1}I", loca))
    else:
        offsets = [2 * o for o in struct.unpack(f">{num_glyphs + 1}H", loca)]
    assert offsets == sorted(offsets) and offsets[-1] == len(glyf)
    drawn = 0
    for start, end in itertools.pairwise(offsets):
        if start == end:
            continue
        drawn += 1
        (contours,) = struct.unpack_from(">h", glyf, start)
        if contours < 0:
            continue  # composite: components were copied as stored
        ends = struct.unpack_from(f">{contours}H", glyf, start + 10)
        assert list(ends) == sorted(set(ends))
        points = ends[-1] + 1 if ends else 0
        at = start + 10 + 2 * contours
        (instructions,) = struct.unpack_from(">H", glyf, at)
        at += 2 + instructions
        coordinate_bytes = 0
        seen = 0
        while seen < points:
            flag = glyf[at]
            at += 1
            repeat = 1
            if flag & 0x08:
                repeat += glyf[at]
                at += 1
            for short, same in ((0x02, 0x10), (0x04, 0x20)):
                coordinate_bytes += repeat * (1 if flag & short else 0 if flag & same else 2)
            seen += repeat
        assert seen == points
        assert at + coordinate_bytes <= end
    return drawn


def family_names(name_table: bytes) -> set[str]:
    """Family names (IDs 1 and 16) in every language the name table has."""
    _format, count, strings = struct.unpack_from(">HHH", name_table)
    names = set()
    for i in range(count):
        platform, _encoding, _language, name_id, length, offset = struct.unpack_from(">6H", name_table, 6 + 12 * i)
        if name_id in (1, 16):
            raw = name_table[strings + offset : strings + offset + length]
            names.add(raw.decode("utf-16-be" if platform in (0, 3) else "mac_roman").lower())
    return names


def is_mtx(blob: bytes) -> bool:
    return struct.unpack_from("<I", blob, 12)[0] & EOT_COMPRESSED != 0


@needs_corpus
def test_the_corpus_mtx_fonts_decode_into_fonts_qt_draws(qapp: object) -> None:
    decoded = 0
    for deck in MTX_DECKS:
        for font in read_embedded_fonts(open_deck(DECKS / deck).presentation):
            if not is_mtx(font.blob):
                continue
            started = time.perf_counter()
            result = unwrap_font(font.blob, font.partname)
            assert time.perf_counter() - started < 5
            assert result.kind is Unwrapped.FONT, (deck, font.partname, result.reason)
            tables = sfnt_tables(result.data)
            assert tables.keys() >= REQUIRED
            assert check_glyphs(tables) > 10
            # The deck's name for the typeface starts with a family the font names itself
            # ("Open Sans Bold" → Open Sans, "微软雅黑 Light" → 微软雅黑).
            typeface = font.typeface.lower()
            assert any(typeface.startswith(name) for name in family_names(tables[b"name"])), font.typeface
            font_id = QFontDatabase.addApplicationFontFromData(QByteArray(result.data))
            try:
                assert font_id >= 0 and QFontDatabase.applicationFontFamilies(font_id)
            finally:
                QFontDatabase.removeApplicationFont(font_id)
            raw = QRawFont(QByteArray(result.data), 48)
            glyphs = raw.glyphIndexesForString("A")
            assert glyphs and glyphs[0] != 0
            outline = raw.pathForGlyph(glyphs[0]).boundingRect()
            assert outline.width() > 10 and outline.height() > 10
            decoded += 1
    assert decoded == 24


@needs_corpus
def test_a_typeface_is_decoded_only_when_text_asks_for_it(qapp: object) -> None:
    resolver = FontResolver.shared()
    resolver.ensure_registered()
    assert resolver.family("Roboto").lower() != "roboto"  # not installed here: the test means something
    with deck_fonts(open_deck(DECKS / "bitsbeats__slides.pptx").presentation, resolver) as fonts:
        assert fonts.font_ids == []
        assert resolver.family("Roboto") == "Roboto"
        assert len(fonts.font_ids) == 1  # the regular face; bold, italic, bold italic wait for text
        assert "Roboto" in QFontDatabase.families()
        assert QRawFont.fromFont(resolver.qfont("Roboto", 40)).styleName() == "Regular"
        bold = resolver.qfont("Roboto", 40, bold=True)
        assert len(fonts.font_ids) == 2
        assert QRawFont.fromFont(bold).styleName() == "Bold"  # the deck's face, not an emboldened regular
        resolver.qfont("Roboto", 20, bold=True)
        assert len(fonts.font_ids) == 2
        assert QRawFont.fromFont(resolver.qfont("Roboto", 40, bold=True, italic=True)).styleName() == "Bold Italic"
        assert len(fonts.font_ids) == 3
    assert resolver.family("Roboto").lower() != "roboto"  # no later lookup reaches the deck's fonts
    drop_kept_fonts()
    assert "Roboto" not in QFontDatabase.families()


@needs_corpus
def test_a_face_looked_up_is_decoded_when_it_is_read(qapp: object) -> None:
    """Text looks up the face of every paragraph's end mark; an embedded font is decoded only
    when a face's family is read (to make a font), not at the look-up."""
    resolver = FontResolver.shared()
    resolver.ensure_registered()
    with deck_fonts(open_deck(DECKS / "echack__slides.pptx").presentation, resolver) as fonts:
        choice = resolver.face("Work Sans")
        assert fonts.font_ids == []
        assert resolver.face("Work Sans") is choice
        assert choice.family == "Work Sans"
        assert len(fonts.font_ids) == 1
        assert choice == FontChoice("Work Sans") and hash(choice) == hash(FontChoice("Work Sans"))
        assert resolver.family("Work Sans") == "Work Sans"
        assert len(fonts.font_ids) == 1
        assert QRawFont.fromFont(resolver.qfont(choice.family, 40)).familyName() == "Work Sans"


@needs_corpus
def test_a_typeface_naming_one_face_draws_that_face(qapp: object) -> None:
    """ "Open Sans Bold" (a deck typeface whose regular part is Open Sans's bold face) draws bold even
    though the deck's "Open Sans" brings a regular face of the same family; "Work Sans Light" draws
    its light face, not the regular one PowerPoint stored as its bold part."""
    resolver = FontResolver.shared()
    resolver.ensure_registered()

    def face(typeface: str) -> tuple[str, float]:
        font = QFont(resolver.family(typeface))
        font.setPixelSize(100)
        return QRawFont.fromFont(font).styleName(), QFontMetricsF(font).horizontalAdvance("Hamburgefonts")

    with deck_fonts(open_deck(DECKS / "dalalat__Presentation.pptx").presentation, resolver):
        assert face("Open Sans")[0] == "Regular"
        assert face("Open Sans Bold")[0] == "Bold"
    with deck_fonts(open_deck(DECKS / "echack__slides.pptx").presentation, resolver):
        assert face("Work Sans Light")[1] < face("Work Sans")[1] - 10


@needs_corpus
@pytest.mark.usefixtures("counted")
def test_faces_the_deck_names_its_own_way_are_added_without_removing_any(qapp: object) -> None:
    """echack names Microsoft YaHei "微软雅黑" and its light face "微软雅黑 Light"; Qt knows the fonts
    as "Microsoft YaHei", so both are renamed to the deck's names. They are added renamed straight
    away: removing a font (the original, added only to read its families) makes Qt read every
    font again. The light face still draws light, the bold part joins the renamed family."""
    if app_font_families(b"") is None:
        pytest.skip("Qt's families are only known beforehand with fontconfig")
    drop_kept_fonts()  # an earlier test's deck fonts, which the first add would remove
    calls = CountingFontDatabase.calls
    resolver = FontResolver.shared()
    resolver.ensure_registered()
    with deck_fonts(open_deck(DECKS / "echack__slides.pptx").presentation, resolver) as fonts:
        assert resolver.family("微软雅黑 Light") == "微软雅黑 Light"
        assert resolver.family("微软雅黑") == "微软雅黑"
        bold = QRawFont.fromFont(resolver.qfont("微软雅黑", 40, bold=True))
        light = QRawFont.fromFont(resolver.qfont("微软雅黑 Light", 40))
        regular = QRawFont.fromFont(resolver.qfont("微软雅黑", 40))
        assert len(fonts.font_ids) == 3
        assert calls == ["add"] * 3
        assert (bold.familyName(), light.familyName(), regular.familyName()) == (
            "微软雅黑",
            "微软雅黑 Light",
            "微软雅黑",
        )
        weights = [struct.unpack(">H", bytes(raw.fontTable("OS/2").data())[4:6])[0] for raw in (light, regular, bold)]
        assert weights[0] < weights[1] < weights[2]  # usWeightClass: the three faces, not one of them thrice
        assert "Microsoft YaHei" not in QFontDatabase.families()
    assert calls == ["add"] * 3  # kept until a later deck adds fonts: no rebuild for the decks between
    drop_kept_fonts()
    assert calls == ["add"] * 3 + ["remove"] * 3


def _pdffonts(pdf: Path) -> str:
    return subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True, timeout=60).stdout


@needs_corpus
def test_a_deck_with_mtx_fonts_draws_its_text_with_them(qapp: object, tmp_path: Path) -> None:
    pdf = tmp_path / "bitsbeats.pdf"
    convert(DECKS / "bitsbeats__slides.pptx", pdf)
    listed = _pdffonts(pdf)
    assert "Roboto-Regular" in listed and "Roboto-Bold" in listed
    assert {name for name in pdf_fonts(pdf) if name.startswith("Roboto")}


def _broken_mtx_blobs() -> dict[str, bytes]:
    header = bytes([3]) + (7000).to_bytes(3, "big") + (40).to_bytes(3, "big") + (60).to_bytes(3, "big")
    broken = {
        "offsets past the end": bytes([3]) + b"\x00\x10\x00" + b"\xff\xff\xff" * 2 + b"\0" * 100,
        "garbage blocks": header + bytes((i * 73 + 11) % 256 for i in range(200)),
        "no data": b"\x03",
    }
    if DECKS.is_dir():
        with zipfile.ZipFile(DECKS / "bitsbeats__slides.pptx") as z:
            blob = z.read("ppt/fonts/font1.fntdata")
        eot_size, font_size = struct.unpack_from("<II", blob)
        mtx = blob[eot_size - font_size : eot_size]
        broken["truncated real font"] = mtx[: len(mtx) // 2]
        # Block 1 cut after 2000 bytes, the header's offsets moved to match: the LZCOMP data ends early.
        offset2, offset3 = int.from_bytes(mtx[4:7], "big"), int.from_bytes(mtx[7:10], "big")
        header = mtx[:4] + (2000).to_bytes(3, "big") + (2000 + offset3 - offset2).to_bytes(3, "big")
        broken["real font, block 1 cut short"] = header + mtx[10:2000] + mtx[offset2:]
    return broken


@pytest.mark.parametrize("case", list(_broken_mtx_blobs()))
def test_broken_mtx_data_is_unusable_quickly(case: str) -> None:
    blob = eot(_broken_mtx_blobs()[case], EOT_COMPRESSED)
    started = time.perf_counter()
    result = unwrap_font(blob, "/ppt/fonts/font1.fntdata")
    assert time.perf_counter() - started < 2
    assert result.kind is Unwrapped.COMPRESSED and result.reason


def test_a_deck_with_broken_mtx_converts_with_the_substitute(
    qapp: object, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    mtx = bytes([3]) + (7000).to_bytes(3, "big") + (40).to_bytes(3, "big") + (60).to_bytes(3, "big") + b"\x5a" * 300
    deck = build_deck(tmp_path / "deck.pptx", eot(mtx, EOT_COMPRESSED))
    with caplog.at_level(logging.WARNING, logger="worker.render.embedded_fonts"):
        convert(deck, tmp_path / "deck.pdf")
    assert any("not usable" in r.getMessage() for r in caplog.records if r.levelno == logging.WARNING)
    assert "Embedded words" in (PdfReader(tmp_path / "deck.pdf").pages[0].extract_text() or "")


def _mtx_payload(blob: bytes) -> bytes:
    eot_size, font_size, _version, flags = struct.unpack_from("<IIII", blob, 0)
    font = blob[eot_size - font_size : eot_size]
    return bytes(b ^ 0x50 for b in font) if flags & 0x10000000 else font


def _outlines(font: bytes) -> list[bytes]:
    """Each glyph's outline bytes with its instructions left out (simple: contours and points;
    composite: the component records)."""
    tables = sfnt_tables(font)
    long_loca = struct.unpack_from(">h", tables[b"head"], 50)[0] == 1
    count = struct.unpack_from(">H", tables[b"maxp"], 4)[0]
    size = 4 if long_loca else 2
    loca = struct.unpack(f">{count + 1}{'I' if long_loca else 'H'}", tables[b"loca"][: (count + 1) * size])
    offsets = list(loca) if long_loca else [2 * o for o in loca]
    glyf = tables[b"glyf"]
    out = []
    for index in range(count):
        glyph = glyf[offsets[index] : offsets[index + 1]]
        if len(glyph) < 10:
            out.append(glyph)
            continue
        contours = struct.unpack_from(">h", glyph)[0]
        if contours >= 0:
            at = 10 + 2 * contours
            skip = struct.unpack_from(">H", glyph, at)[0]
            out.append(glyph[:at] + glyph[at + 2 + skip :].rstrip(b"\0"))
            continue
        at = 10
        while True:
            flags = struct.unpack_from(">H", glyph, at)[0]
            at += (
                4 + (4 if flags & 0x1 else 2) + (8 if flags & 0x80 else 4 if flags & 0x40 else 2 if flags & 0x8 else 0)
            )
            if not flags & 0x20:
                break
        out.append(glyph[:at])
    return out


@needs_corpus
def test_fonts_decoded_without_hinting_have_the_same_outlines() -> None:
    # The renderer skips the instruction blocks (it draws unhinted); every glyph keeps its shape.
    fonts = [f for f in read_embedded_fonts(open_deck(DECKS / "bitsbeats__slides.pptx").presentation) if is_mtx(f.blob)]
    assert fonts
    for font in fonts[:2]:
        payload = _mtx_payload(font.blob)
        hinted, plain = decode_mtx(payload), decode_mtx(payload, hinting=False)
        assert len(plain) < len(hinted)
        outlines = _outlines(plain)
        assert len(outlines) > 500 and outlines == _outlines(hinted)
