"""Finishing Qt's PDF by patching it: changed objects written anew, the others copied byte for byte;
a file with updates goes through the full pypdf rewrite and is finished the same."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter
from PySide6.QtCore import QMarginsF, QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPageLayout, QPageSize, QPainter, QPdfWriter
from render_support import page_text, pixel, render_page

from worker.render.context import LinkArea
from worker.render.pdf_finish import PageInfo, finish_pdf
from worker.render.pdf_patch import PatchError, PdfPatch, Ref, parse_value, serialize
from worker.render.pdf_text import fix_patched_fonts, font_widths, widths_from


@dataclass
class _Props:
    title: str = "Patched deck"
    author: str = "Grace Hopper"
    subject: str = ""
    keywords: str = ""


def _qt_pdf(path: Path, pages: int) -> Path:
    """Two pages as the renderer writes them: text, and a picture Qt stores as an image object."""
    writer = QPdfWriter(str(path))
    writer.setResolution(72)
    size = QPageSize(QSizeF(400, 300), QPageSize.Unit.Point, "", QPageSize.SizeMatchPolicy.ExactMatch)
    writer.setPageLayout(QPageLayout(size, QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0)))
    image = QImage(64, 32, QImage.Format.Format_RGB32)
    image.fill(QColor(200, 30, 40))
    painter = QPainter(writer)
    font = QFont("Liberation Sans")
    font.setPointSizeF(24)
    painter.setFont(font)
    for index in range(pages):
        if index:
            writer.newPage()
        painter.drawImage(QRectF(200, 150, 128, 64), image)
        painter.setPen(Qt.GlobalColor.black)
        painter.drawText(QPointF(40, 80), f"Page number {index + 1}")
    painter.end()
    return path


def _image_objects(data: bytes) -> list[bytes]:
    return [m.group(0) for m in re.finditer(rb"\d+ 0 obj\s*<<[^>]*?/Subtype /Image.*?endobj", data, re.S)]


def test_unchanged_objects_are_copied_and_the_document_is_finished(qapp: object, tmp_path: Path) -> None:
    raw = _qt_pdf(tmp_path / "raw.pdf", 2)
    PdfPatch.open(raw)  # Qt's file is one the patcher takes
    target = tmp_path / "done.pdf"
    links = [
        LinkArea(QRectF(40, 50, 200, 40), "#slide:next"),
        LinkArea(QRectF(40, 200, 100, 20), "https://example.org/"),
    ]
    pages = [PageInfo("First", "/ppt/slides/slide1.xml", links), PageInfo("", "/ppt/slides/slide2.xml")]
    finish_pdf(raw, target, pages, _Props(), 300.0)

    # The picture objects are in the finished file exactly as Qt wrote them.
    images = _image_objects(raw.read_bytes())
    assert images
    finished = target.read_bytes()
    assert all(re.sub(rb"^\d+", b"", image) in finished for image in images)

    reader = PdfReader(str(target), strict=True)
    assert [item.title for item in reader.outline] == ["First", "Slide 2"]  # type: ignore[union-attr]
    assert reader.metadata is not None
    assert reader.metadata.title == "Patched deck" and reader.metadata.author == "Grace Hopper"
    assert reader.metadata.producer == "Slidepress"
    annots = [a.get_object() for a in reader.pages[0]["/Annots"]]  # type: ignore[attr-defined]
    jump = next(a for a in annots if "/Dest" in a)
    assert jump["/Dest"][0].get_object() == reader.pages[1]
    assert [float(v) for v in jump["/Rect"]] == [40.0, 210.0, 240.0, 250.0]  # flipped to PDF space
    assert [a["/A"]["/URI"] for a in annots if "/A" in a] == ["https://example.org/"]
    # Text still selectable, merged into one TJ per line; the picture still drawn.
    assert "Page number 2" in page_text(target, 1)
    assert b"] TJ" in reader.pages[0].get_contents().get_data()  # type: ignore[union-attr]
    red = pixel(render_page(target, 1), 264, 182)
    assert red[0] > 150 and red[1] < 80


def _content_objects(path: Path) -> list[bytes]:
    """Each page's content stream object as stored (still deflated), in page order."""
    patch = PdfPatch.open(path)
    numbers = [patch.dictionary(Ref(page)).get(b"/Contents") for page in patch.page_numbers()]
    return [patch.stream(number.number)[1] for number in numbers if isinstance(number, Ref)]


def test_a_page_with_nothing_to_merge_keeps_qts_stream(qapp: object, tmp_path: Path) -> None:
    # Page 1 draws single glyphs only (nothing for a TJ to merge), page 2 a word.
    raw = tmp_path / "raw.pdf"
    writer = QPdfWriter(str(raw))
    writer.setResolution(72)
    size = QPageSize(QSizeF(400, 300), QPageSize.Unit.Point, "", QPageSize.SizeMatchPolicy.ExactMatch)
    writer.setPageLayout(QPageLayout(size, QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0)))
    painter = QPainter(writer)
    font = QFont("Liberation Sans")
    font.setPointSizeF(24)
    painter.setFont(font)
    painter.drawText(QPointF(40, 80), "A")
    painter.drawText(QPointF(140, 80), "B")
    writer.newPage()
    painter.drawText(QPointF(40, 80), "Merged")
    painter.end()
    target = tmp_path / "done.pdf"
    pages = [PageInfo("One", "/ppt/slides/slide1.xml"), PageInfo("Two", "/ppt/slides/slide2.xml")]
    finish_pdf(raw, target, pages, _Props(), 300.0)

    before, after = _content_objects(raw), _content_objects(target)
    assert after[0] == before[0]  # not inflated and deflated again
    assert after[1] != before[1]
    reader = PdfReader(str(target))
    assert b"] TJ" not in reader.pages[0].get_contents().get_data()  # type: ignore[union-attr]
    assert b"] TJ" in reader.pages[1].get_contents().get_data()  # type: ignore[union-attr]
    assert page_text(target, 0).split() == ["A", "B"]
    assert "Merged" in page_text(target, 1)


def test_a_file_with_updates_is_finished_by_a_full_rewrite(qapp: object, tmp_path: Path) -> None:
    raw = _qt_pdf(tmp_path / "raw.pdf", 1)
    updated = tmp_path / "updated.pdf"
    writer = PdfWriter(str(raw), incremental=True)
    writer.add_metadata({"/Subject": "changed once"})
    with open(updated, "wb") as out:
        writer.write(out)
    with pytest.raises(PatchError):
        PdfPatch.open(updated)
    target = tmp_path / "done.pdf"
    finish_pdf(updated, target, [PageInfo("Only", "/ppt/slides/slide1.xml")], _Props(), 300.0)
    reader = PdfReader(str(target))
    assert [item.title for item in reader.outline] == ["Only"]  # type: ignore[union-attr]
    assert "Page number 1" in page_text(target)


def test_not_a_classic_table(tmp_path: Path) -> None:
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4\n1 0 obj\n<< >>\nendobj\nstartxref\n9\n%%EOF\n")
    with pytest.raises(PatchError):
        PdfPatch.open(broken)


def test_objects_are_read_from_the_file_as_pypdf_reads_them(qapp: object, tmp_path: Path) -> None:
    raw = _qt_pdf(tmp_path / "raw.pdf", 3)
    patch = PdfPatch.open(raw)
    reader = PdfReader(str(raw))
    numbers = patch.page_numbers()
    assert numbers == [page.indirect_reference.idnum for page in reader.pages]  # type: ignore[union-attr]
    for number, page in zip(numbers, reader.pages, strict=True):
        contents = patch.dictionary(Ref(number))[b"/Contents"]
        assert isinstance(contents, Ref)
        expected = page.get_contents()
        assert expected is not None
        data = patch.stream_data(contents.number)
        assert data == expected.get_data()
        assert b" Tj" in data and b" Do" in data  # the text and the picture are drawn
        # Fonts: the /W array's numbers as written, which give pypdf's widths.
        resources = patch.dictionary(patch.dictionary(Ref(number))[b"/Resources"])
        for name, ref in patch.dictionary(resources[b"/Font"]).items():
            font = page["/Resources"]["/Font"][name.decode()].get_object()  # type: ignore[index]
            assert fix_patched_fonts(patch, [ref.number])[ref.number][:2] == font_widths(font)  # type: ignore[union-attr]
    # A page dictionary is no stream, and a damaged stream is refused (the caller goes to pypdf).
    with pytest.raises(PatchError):
        patch.stream_data(numbers[0])
    contents = patch.dictionary(Ref(numbers[0]))[b"/Contents"]
    assert isinstance(contents, Ref)
    start = patch.data.index(b"stream", patch.offsets[contents.number]) + 7
    damaged = patch.data[:start] + b"\x00" * 8 + patch.data[start + 8 :]
    broken = PdfPatch(damaged, patch.offsets, patch.xref_at, patch.size, patch.trailer)
    with pytest.raises(PatchError):
        broken.stream_data(contents.number)


def test_plain_pdf_syntax_is_parsed_and_written_back_as_it_was() -> None:
    source = (
        b"<< /Type /Font /W [0 [600 454.5] 3 9 500] /Name (a \\(b\\) \xfe\xff) /Hex <0A1b>"
        b" /Kids [4 0 R 12 0 R] /Flag true /Neg -.5 >>"
    )
    value, end = parse_value(source, 0)
    assert end == len(source)
    assert isinstance(value, dict)
    assert value[b"/W"] == [b"0", [b"600", b"454.5"], b"3", b"9", b"500"]
    assert value[b"/Kids"] == [Ref(4), Ref(12)]
    assert value[b"/Name"] == b"(a \\(b\\) \xfe\xff)"
    assert widths_from(value[b"/W"]) == {0: 600.0, 1: 454.5, **{gid: 500.0 for gid in range(3, 10)}}
    assert parse_value(serialize(value), 0)[0] == value
    for broken in (b"<< /A (unbalanced ( paren) >>", b"<< /A 1 /B >>", b"[1 2", b"<< % comment\n >>"):
        with pytest.raises(PatchError):
            parse_value(broken, 0)


@pytest.mark.parametrize(
    "source",
    [
        b"[0 [507 537 355.5 -2 +3 .25 1.] 40 [ 1 2\n3\r4\t5\f6 ]]",  # a font's /W array, as Qt writes it
        b"[]",
        b"[ ]",
        b"[1 2 0 R]",  # a reference among numbers
        b"[1 /Name 2]",
        b"[1 2/Name]",
        b"[1 (s) 2]",
        b"[1\x002]",  # NUL is white space in PDF
        b"[1 2 true]",
        b"[1.2.3]",
        b"[1 2",
        b"[1 2>>",
    ],
)
def test_arrays_of_numbers_read_as_token_by_token(source: bytes) -> None:
    """Flat arrays of numbers are read in one match: the same values (as written) and end as the
    token-by-token reader gives, and the same errors."""
    expected: object
    try:
        expected = parse_value(source, 0, flat_arrays=False)
    except PatchError:
        expected = PatchError
    try:
        got: object = parse_value(source, 0)
    except PatchError:
        got = PatchError
    assert got == expected


def test_a_large_stream_is_written_without_being_copied(qapp: object, tmp_path: Path) -> None:
    """A replaced stream's data (a picture put in as it is) goes to the file as the deck's own
    bytes, and the file is written piece by piece: 1,000 photographs (a 450 MB PDF) peaked at
    1.4 GB, the pictures held three times (their bytes, the stream objects, the whole file)."""
    import tracemalloc

    from worker.render.pdf_patch import stream_body

    source = _qt_pdf(tmp_path / "qt.pdf", 2)
    patch = PdfPatch.open(source)
    number = next(n for n in patch.object_numbers() if patch.is_stream(n))
    entries = patch.dictionary(Ref(number))
    data = bytes(range(256)) * (1 << 16)  # 16 MiB
    tracemalloc.start()
    try:
        patch.replace(number, stream_body({**entries, b"/Filter": b"/FlateDecode"}, data))
        target = tmp_path / "out.pdf"
        patch.write(target, {})
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < len(data) / 8, f"{peak / len(data):.2f} times the stream"
    # The file reads back with the stream's bytes as given.
    assert PdfPatch.open(target).stream(number)[1] == data
