"""open_deck hands python-pptx the members the zip check inflated: the deck it gets must be the one
python-pptx reads from the file itself, part for part."""

from __future__ import annotations

import struct
import zipfile
from collections.abc import Callable
from pathlib import Path

import pptx
import pytest
from lxml import etree
from pptx.util import Inches, Pt

from worker.deck.archive import ArchiveLimits, open_archive
from worker.deck.package import open_deck
from worker.deck.repair import DAMAGED_XML, STAND_IN_NS
from worker.errors import CorruptDeckError

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "decks"


def _parts(presentation: pptx.presentation.Presentation) -> dict[str, tuple[str, bytes]]:
    package = presentation.part.package
    return {str(part.partname): (part.content_type, part.blob) for part in package.iter_parts()}


def _picture_deck(path: Path) -> Path:
    prs = pptx.Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[1])
    slide.shapes.title.text = "Shared parts"
    png = (
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde"
        b"\x00\x00\x00\x0cIDATx\x9cc\xf8\xcf\xc0\x00\x00\x03\x01\x01\x00\xc9\xfe\x92\xef\x00\x00\x00\x00IEND\xaeB`\x82"
    )
    image = path.with_suffix(".png")
    image.write_bytes(png)
    slide.shapes.add_picture(str(image), Inches(1), Inches(2), Inches(1), Inches(1))
    box = slide.shapes.add_textbox(Inches(3), Inches(2), Inches(3), Inches(1))
    box.text_frame.text = "body"
    box.text_frame.paragraphs[0].runs[0].font.size = Pt(20)
    prs.save(str(path))
    return path


def test_parts_are_those_python_pptx_reads_itself(tmp_path: Path) -> None:
    path = _picture_deck(tmp_path / "deck.pptx")
    deck = open_deck(path)
    mine, theirs = _parts(deck.presentation), _parts(pptx.Presentation(str(path)))
    assert mine.keys() == theirs.keys()
    assert "/ppt/media/image1.png" in mine
    for name, (content_type, blob) in theirs.items():
        assert mine[name] == (content_type, blob), name
    assert deck.presentation.slides[0].shapes.title.text == "Shared parts"
    assert [s.part.partname for s in deck.presentation.slides] == ["/ppt/slides/slide1.xml"]


def test_archive_keeps_every_member_it_checked(tmp_path: Path) -> None:
    path = _picture_deck(tmp_path / "deck.pptx")
    with path.open("rb") as source:
        archive = open_archive(path, ArchiveLimits(), source)
        try:
            members = archive.members()
            assert members is not None
            with zipfile.ZipFile(path) as zf:
                assert members == {info.filename: zf.read(info) for info in zf.infolist() if not info.is_dir()}
        finally:
            archive.close()


def test_a_damaged_member_is_not_handed_over(tmp_path: Path) -> None:
    path = _picture_deck(tmp_path / "deck.pptx")
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo("ppt/media/image1.png")
    # Flip a byte of the picture's data (after its local header): it no longer inflates or its CRC fails.
    at = info.header_offset
    name_len, extra_len = struct.unpack_from("<HH", data, at + 26)
    data[at + 30 + name_len + extra_len + info.compress_size // 2] ^= 0xFF
    damaged = tmp_path / "damaged.pptx"
    damaged.write_bytes(bytes(data))
    with damaged.open("rb") as source:
        archive = open_archive(damaged, ArchiveLimits(), source)
        try:
            assert archive.damaged == ["ppt/media/image1.png"]
            assert archive.members() is None
            with pytest.raises(CorruptDeckError):
                archive.read("ppt/media/image1.png")
        finally:
            archive.close()


@pytest.mark.skipif(not CORPUS.is_dir(), reason="corpus not present")
def test_corpus_deck_parts_match() -> None:
    path = CORPUS / "bitsbeats__slides.pptx"
    mine, theirs = _parts(open_deck(path).presentation), _parts(pptx.Presentation(str(path)))
    assert mine.keys() == theirs.keys()
    assert all(mine[name] == theirs[name] for name in theirs)


def _with_slide_rels(path: Path, dst: Path, change: Callable[[bytes], bytes]) -> Path:
    """``path`` with its first slide's relationships part rewritten by ``change``."""
    rels = "ppt/slides/_rels/slide1.xml.rels"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            blob = src.read(info)
            out.writestr(info.filename, change(blob) if info.filename == rels else blob)
    return dst


def _relations(presentation: pptx.presentation.Presentation) -> list[tuple[str, str, bool, str]]:
    rels = presentation.slides[0].part.rels
    return sorted(
        (rid, rel.reltype, rel.is_external, rel.target_ref if rel.is_external else str(rel.target_part.partname))
        for rid, rel in rels.items()
    )


def test_slide_relationships_are_those_python_pptx_reads(tmp_path: Path) -> None:
    # An external link, a relationship to a part the package lacks (left out) and an odd
    # TargetMode come out as python-pptx reads them from the file itself.
    extra = (
        b'<Relationship Id="rId90" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"'
        b' Target="https://example.com/" TargetMode="External"/>'
        b'<Relationship Id="rId91" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"'
        b' Target="../media/NULL"/>'
        b"</Relationships>"
    )
    path = _with_slide_rels(
        _picture_deck(tmp_path / "deck.pptx"), tmp_path / "rels.pptx", lambda b: b.replace(b"</Relationships>", extra)
    )
    mine, theirs = _relations(open_deck(path).presentation), _relations(pptx.Presentation(str(path)))
    assert mine == theirs
    assert [(rid, external, target) for rid, _, external, target in mine if rid == "rId90"] == [
        ("rId90", True, "https://example.com/")
    ]
    assert all(rid != "rId91" for rid, *_ in mine)


def _notes_deck(path: Path) -> Path:
    prs = pptx.Presentation()
    for text in ("one", "two"):
        slide = prs.slides.add_slide(prs.slide_layouts[1])
        slide.shapes.title.text = text
        slide.notes_slide.notes_text_frame.text = f"notes {text}"
    prs.save(str(path))
    return path


def _count_parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The root element names of the parts python-pptx's parser reads from now on."""
    import pptx.opc.package
    import pptx.oxml

    parsed: list[str] = []
    parse = pptx.oxml.parse_xml

    def counting(xml: bytes) -> object:
        root = parse(xml)
        parsed.append(etree.QName(root).localname)
        return root

    monkeypatch.setattr(pptx.oxml, "parse_xml", counting)
    monkeypatch.setattr(pptx.opc.package, "parse_xml", counting)
    return parsed


def test_layouts_and_notes_are_parsed_when_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _notes_deck(tmp_path / "deck.pptx")
    parsed = _count_parses(monkeypatch)
    deck = open_deck(path)
    # Opening parses the slides, masters and presentation; none of the 11 layouts, no notes.
    assert "sld" in parsed and "sldMaster" in parsed
    assert not {"sldLayout", "notes", "notesMaster", "coreProperties"} & set(parsed)
    slides = list(deck.presentation.slides)
    assert slides[0].slide_layout.name == "Title and Content"
    assert slides[1].notes_slide.notes_text_frame.text == "notes two"
    assert parsed.count("sldLayout") == 1 and parsed.count("notes") == 1
    assert slides[0].slide_layout.name == "Title and Content"
    assert parsed.count("sldLayout") == 1  # parsed once, kept
    theirs = pptx.Presentation(str(path))
    for mine, their in zip(deck.presentation.slide_layouts, theirs.slide_layouts, strict=True):
        assert etree.tostring(mine._element) == etree.tostring(their._element)


def test_unreadable_unused_layout_costs_nothing(tmp_path: Path) -> None:
    path = _notes_deck(tmp_path / "deck.pptx")
    broken = tmp_path / "broken.pptx"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(broken, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "ppt/slideLayouts/slideLayout7.xml":
                data = data[: len(data) // 2]  # cut off: not well-formed
            dst.writestr(item, data)
    deck = open_deck(broken)
    assert [s.shapes.title.text for s in deck.presentation.slides] == ["one", "two"]
    assert deck.warnings == []
    unused = deck.presentation.slide_layouts[6]
    assert unused._element.get(f"{{{STAND_IN_NS}}}unreadable") == DAMAGED_XML
