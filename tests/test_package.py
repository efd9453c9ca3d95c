"""open_deck on decks built here with python-pptx and on zip/OLE files crafted here."""

from __future__ import annotations

import os
import re
import struct
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import pptx
import pytest
from pptx.shapes.autoshape import Shape
from pptx.slide import Slide
from pptx.util import Inches

from worker.deck.archive import ArchiveLimits
from worker.deck.package import open_deck
from worker.deck.repair import is_stand_in
from worker.errors import (
    ConversionError,
    CorruptDeckError,
    DeckTooLargeError,
    EncryptedDeckError,
    LegacyPptError,
    NotAPresentationError,
    NoVisibleSlidesError,
    UnreadableFileError,
)

OOXML_CT = "application/vnd.openxmlformats-officedocument"
PPTX_MAIN = f"{OOXML_CT}.presentationml.presentation.main+xml"


def build_deck(path: Path, titles: list[str], hidden: frozenset[int] = frozenset()) -> Path:
    prs = pptx.Presentation()
    for i, title in enumerate(titles):
        slide = prs.slides.add_slide(prs.slide_layouts[1])
        assert slide.shapes.title is not None
        slide.shapes.title.text = title
        box = slide.shapes.add_textbox(Inches(1), Inches(5), Inches(4), Inches(1))
        box.text_frame.text = f"body of {title}"
        if i in hidden:
            slide._element.set("show", "0")
    prs.core_properties.title = "Quarterly review"
    prs.core_properties.author = "Ada Lovelace"
    prs.core_properties.subject = "Numbers"
    prs.core_properties.keywords = "q3, review"
    prs.save(str(path))
    return path


def rewrite_zip(src: Path, dst: Path, edit: Callable[[str, bytes], bytes | None]) -> Path:
    """Copy a zip, passing each member through ``edit`` (None drops the member)."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            blob = edit(info.filename, zin.read(info.filename))
            if blob is not None:
                zout.writestr(info.filename, blob)
    return dst


def slide_texts(path: Path) -> list[str]:
    deck = open_deck(path)
    return [
        " ".join(sh.text_frame.text for sh in slide.shapes if isinstance(sh, Shape))
        for slide in deck.slides(include_hidden=True)
    ]


def title_of(slide: Slide) -> str:
    title = slide.shapes.title
    return "" if title is None else title.text_frame.text


@pytest.fixture
def deck(tmp_path: Path) -> Path:
    return build_deck(tmp_path / "deck.pptx", ["One", "Two", "Three"], hidden=frozenset({1}))


# -- a good deck -------------------------------------------------------------------------------


def test_opens_deck_with_visible_and_hidden_slides(deck: Path) -> None:
    opened = open_deck(deck)
    assert opened.path == deck
    visible = opened.slides(include_hidden=False)
    assert [title_of(s) for s in visible] == ["One", "Three"]
    assert [title_of(s) for s in opened.slides(include_hidden=True)] == ["One", "Two", "Three"]


def test_reads_core_properties(deck: Path) -> None:
    props = open_deck(deck).properties
    assert (props.title, props.author, props.subject, props.keywords) == (
        "Quarterly review",
        "Ada Lovelace",
        "Numbers",
        "q3, review",
    )


def test_missing_core_properties_give_empty_strings(deck: Path, tmp_path: Path) -> None:
    bare = rewrite_zip(deck, tmp_path / "bare.pptx", lambda n, b: None if n == "docProps/core.xml" else b)
    props = open_deck(bare).properties
    assert (props.title, props.author) == ("", "")


def test_all_hidden_slides(tmp_path: Path) -> None:
    deck = open_deck(build_deck(tmp_path / "h.pptx", ["A", "B"], hidden=frozenset({0, 1})))
    with pytest.raises(NoVisibleSlidesError, match="all 2 slides are hidden"):
        deck.slides(include_hidden=False)
    assert len(deck.slides(include_hidden=True)) == 2
    single = open_deck(build_deck(tmp_path / "one.pptx", ["A"], hidden=frozenset({0})))
    with pytest.raises(NoVisibleSlidesError) as raised:
        single.slides(include_hidden=False)
    # Not "all 1 slides are hidden"; and it says what to do about it.
    assert str(raised.value) == "No visible slides: its only slide is hidden; include hidden slides to convert it"


def test_empty_deck(tmp_path: Path) -> None:
    deck = open_deck(build_deck(tmp_path / "e.pptx", []))
    with pytest.raises(NoVisibleSlidesError):
        deck.slides(include_hidden=True)


# -- variants python-pptx refuses ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("suffix", "content_type"),
    [
        (".ppsx", f"{OOXML_CT}.presentationml.slideshow.main+xml"),
        (".potx", f"{OOXML_CT}.presentationml.template.main+xml"),
        (".ppsm", "application/vnd.ms-powerpoint.slideshow.macroEnabled.main+xml"),
        (".potm", "application/vnd.ms-powerpoint.template.macroEnabled.main+xml"),
        (".pptm", "application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml"),
    ],
)
def test_opens_slideshow_and_template_variants(deck: Path, tmp_path: Path, suffix: str, content_type: str) -> None:
    def relabel(name: str, blob: bytes) -> bytes:
        return blob.replace(PPTX_MAIN.encode(), content_type.encode()) if name == "[Content_Types].xml" else blob

    variant = rewrite_zip(deck, tmp_path / f"variant{suffix}", relabel)
    if suffix != ".pptm":  # python-pptx itself accepts only .pptx and .pptm
        with pytest.raises(ValueError, match="not a PowerPoint file"):
            pptx.Presentation(str(variant))
    assert slide_texts(variant) == slide_texts(deck)


@pytest.mark.parametrize("label", ["", "application/xml", "text/plain"], ids=["no override", "xml", "other"])
def test_opens_a_presentation_part_labelled_otherwise(deck: Path, tmp_path: Path, label: str) -> None:
    """Found by package fuzzing: [Content_Types].xml lost the presentation part's Override, so the
    part took the Default for .xml ("application/xml"), or gave it another type: the deck was
    refused as "Not a presentation" though its main part holds a p:presentation."""

    def relabel(name: str, blob: bytes) -> bytes:
        if name != "[Content_Types].xml":
            return blob
        entry = rb'<Override PartName="/ppt/presentation.xml" ContentType="[^"]*"/>'
        replaced = f'<Override PartName="/ppt/presentation.xml" ContentType="{label}"/>'.encode() if label else b""
        blob, count = re.subn(entry, replaced, blob)
        assert count == 1
        return blob

    variant = rewrite_zip(deck, tmp_path / "variant.pptx", relabel)
    assert slide_texts(variant) == slide_texts(deck)


def to_strict(name: str, blob: bytes) -> bytes:
    """The Strict OOXML spelling of a Transitional part (namespaces and relationship types)."""
    if not name.endswith((".xml", ".rels")) or name == "[Content_Types].xml":
        return blob
    blob = blob.replace(
        b"http://schemas.openxmlformats.org/package/2006/relationships/metadata/thumbnail",
        b"http://purl.oclc.org/ooxml/officeDocument/relationships/metadata/thumbnail",
    )
    return re.sub(
        rb"http://schemas\.openxmlformats\.org/(drawingml|presentationml|officeDocument)/2006/",
        rb"http://purl.oclc.org/ooxml/\1/",
        blob,
    )


def test_opens_strict_ooxml(deck: Path, tmp_path: Path) -> None:
    strict = rewrite_zip(deck, tmp_path / "strict.pptx", to_strict)
    with zipfile.ZipFile(strict) as z:
        assert b"purl.oclc.org/ooxml/officeDocument/relationships/officeDocument" in z.read("_rels/.rels")
    with pytest.raises(KeyError):
        pptx.Presentation(str(strict))
    assert slide_texts(strict) == slide_texts(deck)
    assert open_deck(strict).properties.title == "Quarterly review"


# -- not a deck ----------------------------------------------------------------------------------


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(UnreadableFileError, match="not found"):
        open_deck(tmp_path / "nope.pptx")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_file(deck: Path) -> None:
    deck.chmod(0)
    try:
        with pytest.raises(UnreadableFileError, match="Cannot read"):
            open_deck(deck)
    finally:
        deck.chmod(0o644)


def test_folder(tmp_path: Path) -> None:
    with pytest.raises(UnreadableFileError, match="folder"):
        open_deck(tmp_path)


@pytest.mark.parametrize(
    ("content", "match"),
    [
        (b"", "empty"),
        (b"%PDF-1.7\n%\xe2\xe3\n1 0 obj", "a PDF"),
        (b"hello, this is plain text\n" * 10, "neither"),
    ],
)
def test_not_a_zip_nor_ole(tmp_path: Path, content: bytes, match: str) -> None:
    path = tmp_path / "x.pptx"
    path.write_bytes(content)
    with pytest.raises(NotAPresentationError, match=match):
        open_deck(path)


def write_office_zip(path: Path, main_part: str, content_type: str) -> Path:
    types = (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/{main_part}" ContentType="{content_type}"/></Types>'
    )
    rels = (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        f'relationships/officeDocument" Target="{main_part}"/></Relationships>'
    )
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", types)
        z.writestr("_rels/.rels", rels)
        z.writestr(main_part, "<root/>")
    return path


@pytest.mark.parametrize(
    ("main_part", "content_type", "match"),
    [
        (
            "word/document.xml",
            f"{OOXML_CT}.wordprocessingml.document.main+xml",
            "Word",
        ),
        (
            "xl/workbook.xml",
            f"{OOXML_CT}.spreadsheetml.sheet.main+xml",
            "Excel",
        ),
        ("theme/theme/theme1.xml", f"{OOXML_CT}.theme+xml", "theme"),
    ],
)
def test_other_office_packages(tmp_path: Path, main_part: str, content_type: str, match: str) -> None:
    path = write_office_zip(tmp_path / "other.pptx", main_part, content_type)
    with pytest.raises(NotAPresentationError, match=match):
        open_deck(path)


def test_plain_zip(tmp_path: Path) -> None:
    path = tmp_path / "photos.pptx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("a.txt", "hello")
    with pytest.raises(NotAPresentationError, match="Content_Types"):
        open_deck(path)


# -- OLE compound files ----------------------------------------------------------------------------


def write_cfb(path: Path, stream_names: list[str]) -> Path:
    """A minimal version-3 compound file: one FAT sector, one directory sector, empty streams."""
    free, end, fat_sect = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD
    header = bytearray(512)
    header[0:8] = bytes.fromhex("d0cf11e0a1b11ae1")
    struct.pack_into("<HHHHH", header, 0x18, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<IIIIIIIII", header, 0x28, 0, 1, 1, 0, 4096, end, 0, end, 0)
    struct.pack_into("<109I", header, 0x4C, 0, *([free] * 108))
    fat = struct.pack("<128I", fat_sect, end, *([free] * 126))

    def entry(name: str, kind: int) -> bytes:
        raw = name.encode("utf-16-le") + b"\0\0"
        out = bytearray(128)
        out[: len(raw)] = raw
        struct.pack_into("<HBB", out, 0x40, len(raw), kind, 1)
        struct.pack_into("<III", out, 0x44, free, free, free)
        struct.pack_into("<I", out, 0x74, end)
        return bytes(out)

    entries = [entry("Root Entry", 5)] + [entry(n, 2) for n in stream_names[:3]]
    directory = b"".join(entries).ljust(512, b"\0")
    path.write_bytes(bytes(header) + fat + directory)
    return path


@pytest.mark.parametrize(
    ("streams", "error", "match"),
    [
        (["EncryptionInfo", "EncryptedPackage"], EncryptedDeckError, "Password-protected"),
        (["PowerPoint Document", "Current User"], LegacyPptError, r"\.ppt"),
        (["WordDocument"], NotAPresentationError, "Word"),
        (["Something"], NotAPresentationError, "compound file"),
    ],
)
def test_ole_files(tmp_path: Path, streams: list[str], error: type[ConversionError], match: str) -> None:
    with pytest.raises(error, match=match):
        open_deck(write_cfb(tmp_path / "ole.pptx", streams))


def test_truncated_ole_is_corrupt(tmp_path: Path) -> None:
    path = write_cfb(tmp_path / "ole.pptx", ["EncryptedPackage"])
    path.write_bytes(path.read_bytes()[:700])
    with pytest.raises(CorruptDeckError):
        open_deck(path)


# -- damaged zips -----------------------------------------------------------------------------------


def central_directory_offset(path: Path) -> int:
    data = path.read_bytes()
    eocd = data.rfind(b"PK\x05\x06")
    return int(struct.unpack_from("<I", data, eocd + 16)[0])


def test_recovers_zip_without_central_directory(deck: Path, tmp_path: Path) -> None:
    damaged = tmp_path / "damaged.pptx"
    damaged.write_bytes(deck.read_bytes()[: central_directory_offset(deck)])
    with pytest.raises(zipfile.BadZipFile):
        zipfile.ZipFile(damaged)
    assert slide_texts(damaged) == slide_texts(deck)


def test_truncated_zip_names_what_is_missing(deck: Path, tmp_path: Path) -> None:
    with zipfile.ZipFile(deck) as z:
        cut = z.getinfo("ppt/slides/slide2.xml").header_offset + 60
    truncated = tmp_path / "truncated.pptx"
    truncated.write_bytes(deck.read_bytes()[:cut])
    with pytest.raises(CorruptDeckError, match=r"ppt/slides/slide2\.xml"):
        open_deck(truncated)


def test_missing_slide_part_is_left_out(deck: Path, tmp_path: Path) -> None:
    # As PowerPoint's repair does; the job is told which slide was lost.
    broken = rewrite_zip(deck, tmp_path / "m.pptx", lambda n, b: None if n == "ppt/slides/slide3.xml" else b)
    opened = open_deck(broken)
    assert [title_of(s) for s in opened.slides(include_hidden=True)] == ["One", "Two"]
    assert opened.warnings == ["Slide 3: its part is missing or is not a slide; it was left out"]


def test_missing_slide_part_in_a_damaged_zip_is_corrupt(deck: Path, tmp_path: Path) -> None:
    # Without its central directory the zip is recovered from its local headers: a lost slide is
    # what the damage took, so the deck fails rather than silently shrinks.
    broken = rewrite_zip(deck, tmp_path / "m.pptx", lambda n, b: None if n == "ppt/slides/slide3.xml" else b)
    data = broken.read_bytes()
    broken.write_bytes(data[: central_directory_offset(broken)])
    with pytest.raises(CorruptDeckError, match=r"lost.*ppt/slides/slide3\.xml"):
        open_deck(broken)


def test_missing_optional_part_still_opens(deck: Path, tmp_path: Path) -> None:
    broken = rewrite_zip(deck, tmp_path / "m.pptx", lambda n, b: None if n == "ppt/presProps.xml" else b)
    assert len(open_deck(broken).slides(include_hidden=True)) == 3


def test_malformed_slide_xml_stands_in_as_an_empty_slide(deck: Path, tmp_path: Path) -> None:
    broken = rewrite_zip(deck, tmp_path / "x.pptx", lambda n, b: b[:-40] if n == "ppt/slides/slide1.xml" else b)
    slides = open_deck(broken).slides(include_hidden=True)
    assert [is_stand_in(s.part._element) for s in slides] == [True, False, False]
    assert [title_of(s) for s in slides[1:]] == ["Two", "Three"]


def test_malformed_presentation_xml_is_corrupt(deck: Path, tmp_path: Path) -> None:
    broken = rewrite_zip(deck, tmp_path / "x.pptx", lambda n, b: b[:-40] if n == "ppt/presentation.xml" else b)
    with pytest.raises(CorruptDeckError, match="not well-formed"):
        open_deck(broken)


def with_bad_crc(deck: Path, dst: Path, part: str) -> Path:
    with zipfile.ZipFile(deck) as z:
        info = z.getinfo(part)
    data = bytearray(deck.read_bytes())
    data_start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    data[data_start + info.compress_size // 2] ^= 0xFF
    dst.write_bytes(bytes(data))
    return dst


def test_bad_crc_costs_only_that_part(deck: Path, tmp_path: Path) -> None:
    # In an otherwise whole zip, a damaged slide stands in as an empty one, as a malformed one does.
    slides = open_deck(with_bad_crc(deck, tmp_path / "crc.pptx", "ppt/slides/slide1.xml")).slides(include_hidden=True)
    assert [is_stand_in(s.part._element) for s in slides] == [True, False, False]
    assert [title_of(s) for s in slides[1:]] == ["Two", "Three"]
    with pytest.raises(CorruptDeckError, match=r"presentation\.xml is damaged"):
        open_deck(with_bad_crc(deck, tmp_path / "crc2.pptx", "ppt/presentation.xml"))


# -- zip bombs and hostile XML -------------------------------------------------------------------------


def test_refuses_absurd_declared_size(deck: Path, tmp_path: Path) -> None:
    data = bytearray(deck.read_bytes())
    cd = data.find(b"PK\x01\x02", central_directory_offset(deck))
    struct.pack_into("<I", data, cd + 24, 0xF0000000)  # uncompressed size of the first member
    bomb = tmp_path / "bomb.pptx"
    bomb.write_bytes(bytes(data))
    with pytest.raises(DeckTooLargeError, match="GiB"):
        open_deck(bomb)


def test_refuses_too_many_parts(deck: Path) -> None:
    with pytest.raises(DeckTooLargeError, match="parts"):
        open_deck(deck, ArchiveLimits(max_parts=10))


def test_refuses_highly_compressed_part(deck: Path, tmp_path: Path) -> None:
    padded = tmp_path / "padded.pptx"
    rewrite_zip(deck, padded, lambda n, b: b)
    with zipfile.ZipFile(padded, "a", zipfile.ZIP_DEFLATED) as z:
        z.writestr("ppt/media/zeros.bin", b"\0" * (8 << 20))
    assert padded.stat().st_size < 1 << 20
    with pytest.raises(DeckTooLargeError):
        open_deck(padded, ArchiveLimits(max_total_bytes=4 << 20))
    # The same bomb in a zip without a central directory is refused while inflating.
    damaged = tmp_path / "damaged.pptx"
    damaged.write_bytes(padded.read_bytes()[: central_directory_offset(padded)])
    with pytest.raises(DeckTooLargeError):
        open_deck(damaged, ArchiveLimits(max_part_bytes=4 << 20))


def with_doctype(deck: Path, dst: Path, doctype: str, entity_refs: str) -> Path:
    """The deck with a DOCTYPE on slide 1 and ``entity_refs`` in place of its title."""

    def poison(name: str, blob: bytes) -> bytes:
        if name != "ppt/slides/slide1.xml":
            return blob
        blob = re.sub(rb"^<\?xml[^>]*\?>\s*", b"", blob)
        return doctype.encode() + blob.replace(b">One<", f">{entity_refs}<".encode())

    return rewrite_zip(deck, dst, poison)


def test_external_entities_are_not_resolved(deck: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT")
    doctype = f'<!DOCTYPE p:sld [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>'
    hostile = with_doctype(deck, tmp_path / "xxe.pptx", doctype, "&xxe;")
    texts = slide_texts(hostile)
    assert "TOP-SECRET-CONTENT" not in " ".join(texts)
    assert "body of One" in texts[0]


def test_entity_bomb_is_refused_quickly(deck: Path, tmp_path: Path) -> None:
    laughs = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    hostile = with_doctype(deck, tmp_path / "lol.pptx", f'<!DOCTYPE p:sld [<!ENTITY l0 "lol">{laughs}]>', "&l9;")
    started = time.perf_counter()
    # libxml2 stops at its amplification limit even though python-pptx never substitutes entities:
    # the slide is unreadable, and an empty one stands in for it.
    slides = open_deck(hostile).slides(include_hidden=True)
    assert time.perf_counter() - started < 5
    assert [is_stand_in(s.part._element) for s in slides] == [True, False, False]
