"""PDF/A-2b output: real decks converted with the option, the PDFs opened and checked for what
ISO 19005-2 asks (header, output intent, XMP mirroring the information dictionary, no CMYK,
printable annotations, embedded fonts), and validated by Apache PDFBox's Preflight where it is
installed (CI installs it)."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from datetime import datetime
from pathlib import Path
from typing import Any, cast

import pytest
from corpus_support import run_slidepress
from lxml import etree
from pptx.dml.color import RGBColor
from pptx.util import Inches, Pt
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, StreamObject
from PySide6.QtGui import QColorSpace
from render_support import add_xml_shape, blank_slide, convert, new_deck, pixel, png_bytes, render_page, sp_xml

from worker.engines.base import ConvertOptions, PageLayout
from worker.jobs.model import JobOptions, SubmitOptions

RDF = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}"
NS = {
    "rdf": RDF[1:-1],
    "dc": "http://purl.org/dc/elements/1.1/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
    "pdf": "http://ns.adobe.com/pdf/1.3/",
    "pdfaid": "http://www.aiim.org/pdfa/ns/id/",
}
JAVA_LIBS = Path("/usr/share/java")
PREFLIGHT_JARS = ["preflight", "pdfbox2", "fontbox2", "xmpbox", "commons-logging", "javax.activation", "jaxb-api"]
# What Preflight (a PDF/A-1b validator) reports that PDF/A-2 allows: transparency, and the part number.
PDF_A2_ALLOWS = ("Transparency error", "Soft Mask must be null or None", "part must be 1")


def archival_deck(tmp_path: Path) -> Path:
    """A deck with what PDF/A cares about: properties with characters XML and PDF strings must
    escape, text in two fonts, a see-through shape with a shadow, a link and a picture with alpha."""
    prs = new_deck()
    prs.core_properties.title = "Quarterly review <draft> & notes"
    prs.core_properties.author = "Zoë O'Brien"
    prs.core_properties.subject = "Sales (EMEA)"
    prs.core_properties.keywords = "sales, archive"
    slide = blank_slide(prs)
    box = slide.shapes.add_textbox(Inches(1), Inches(0.5), Inches(8), Inches(1))
    run = box.text_frame.paragraphs[0].add_run()
    run.text = "Visit the archive"
    run.font.size = Pt(28)
    run.font.name = "Calibri"
    run.hyperlink.address = "https://example.org/archive"
    serif = box.text_frame.add_paragraph().add_run()
    serif.text = "Quoted in Times"
    serif.font.name = "Times New Roman"
    add_xml_shape(
        slide,
        sp_xml(
            914400,
            2743200,
            2743200,
            1828800,
            fill='<a:solidFill><a:srgbClr val="0000FF"><a:alpha val="50000"/></a:srgbClr></a:solidFill>',
        ).replace(
            "</p:spPr>",
            '<a:effectLst><a:outerShdw blurRad="50800" dist="38100" dir="2700000">'
            '<a:srgbClr val="000000"><a:alpha val="40000"/></a:srgbClr></a:outerShdw></a:effectLst></p:spPr>',
        ),
    )
    picture = tmp_path / "alpha.png"
    picture.write_bytes(png_bytes(40, 20, [(255, 0, 0, 255), (0, 200, 0, 90)]))
    slide.shapes.add_picture(str(picture), Inches(6), Inches(3), Inches(2), Inches(1))
    title_slide = prs.slides.add_slide(prs.slide_layouts[0])
    title_slide.shapes.title.text = "Second slide"
    title_slide.shapes.title.text_frame.paragraphs[0].runs[0].font.color.rgb = RGBColor(0x20, 0x40, 0x80)
    source = tmp_path / "review.pptx"
    prs.save(str(source))
    return source


def catalog(reader: PdfReader) -> DictionaryObject:
    root = reader.trailer["/Root"].get_object()
    assert isinstance(root, DictionaryObject)
    return root


def metadata(pdf: Path) -> bytes:
    """The catalog's XMP packet, or nothing when there is none."""
    root = catalog(PdfReader(pdf))
    if "/Metadata" not in root:
        return b""
    stream = root["/Metadata"].get_object()
    assert isinstance(stream, StreamObject)
    return stream.get_data()


def xmp(reader: PdfReader) -> etree._Element:
    stream = catalog(reader)["/Metadata"].get_object()
    assert isinstance(stream, StreamObject)
    assert "/Filter" not in stream  # ISO 19005-2 6.6.2.1: metadata unfiltered
    return etree.fromstring(stream.get_data())


def xmp_value(root: etree._Element, path: str) -> str:
    found = root.xpath(f"//{path}//text()", namespaces=NS)
    assert isinstance(found, list)
    return "".join(str(t) for t in found).strip()


def reachable(reader: PdfReader) -> list[DictionaryObject]:
    """Every dictionary (stream dictionaries included) reachable from the trailer."""
    seen: set[int] = set()
    out: list[DictionaryObject] = []
    stack: list[Any] = [reader.trailer]
    while stack:
        obj = stack.pop()
        if isinstance(obj, IndirectObject):
            if obj.idnum in seen:
                continue
            seen.add(obj.idnum)
            obj = obj.get_object()
        if isinstance(obj, dict):
            out.append(obj)  # type: ignore[arg-type]
            stack.extend(value for key, value in obj.items() if key not in ("/Parent", "/P"))
        elif isinstance(obj, list):
            stack.extend(obj)
    return out


def preflight_errors(pdf: Path) -> list[str] | None:
    """Preflight's errors on ``pdf`` that PDF/A-2 does not allow; None when it is not installed."""
    jars = [JAVA_LIBS / f"{name}.jar" for name in PREFLIGHT_JARS]
    if shutil.which("java") is None or not all(jar.is_file() for jar in jars):
        return None
    classpath = ":".join(str(jar) for jar in jars)
    command = ["java", "-cp", classpath, "org.apache.pdfbox.preflight.Validator_A1b", str(pdf)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    lines = [line.strip() for line in result.stdout.splitlines() if " : " in line]
    return [line for line in lines if not any(allowed in line for allowed in PDF_A2_ALLOWS)]


def test_pdf_a_file_has_what_iso_19005_2_asks(tmp_path: Path) -> None:
    source = archival_deck(tmp_path)
    plain, _ = convert(source, tmp_path, "plain")
    pdf, result = convert(source, tmp_path, "archival", ConvertOptions(pdf_a=True))
    assert not result.warnings
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-1.7\n%") and all(b > 127 for b in data[10:14])  # 6.1.2

    reader = PdfReader(pdf)
    assert len(reader.pages) == 2
    assert "/ID" in reader.trailer and "/Encrypt" not in reader.trailer
    (intent_ref,) = cast(ArrayObject, catalog(reader)["/OutputIntents"])
    intent = intent_ref.get_object()
    assert isinstance(intent, DictionaryObject) and intent["/S"] == "/GTS_PDFA1"
    profile = intent["/DestOutputProfile"].get_object()
    assert isinstance(profile, StreamObject)
    assert profile["/N"] == 3
    space = QColorSpace.fromIccProfile(profile.get_data())
    assert space.isValid() and space.primaries() == QColorSpace.Primaries.SRgb

    meta = xmp(reader)
    assert xmp_value(meta, "pdfaid:part") == "2" and xmp_value(meta, "pdfaid:conformance") == "B"
    info = reader.metadata
    assert info is not None
    assert info.title == xmp_value(meta, "dc:title") == "Quarterly review <draft> & notes"
    assert info.author == xmp_value(meta, "dc:creator") == "Zoë O'Brien"
    assert info.subject == xmp_value(meta, "dc:description") == "Sales (EMEA)"
    assert info["/Keywords"] == xmp_value(meta, "pdf:Keywords") == "sales, archive"
    assert info.creator == xmp_value(meta, "xmp:CreatorTool") and info.producer == xmp_value(meta, "pdf:Producer")
    assert info.creation_date == info.modification_date
    assert info.creation_date == datetime.fromisoformat(xmp_value(meta, "xmp:CreateDate"))

    dictionaries = reachable(reader)
    annotations = [d for d in dictionaries if d.get("/Subtype") == "/Link"]
    assert annotations and all(int(cast(int, d["/F"])) & 4 for d in annotations)  # printable: 6.3.2
    for d in dictionaries:
        spaces = d.get("/ColorSpace")
        found = spaces.get_object() if isinstance(spaces, (DictionaryObject, IndirectObject)) else None
        names = list(found.keys()) if isinstance(found, DictionaryObject) else []
        assert not [n for n in names if "cmyk" in str(n).lower()], names
        assert d.get("/ColorSpace") != "/DeviceCMYK"
    fonts = [d for d in dictionaries if d.get("/Type") == "/FontDescriptor"]
    assert len(fonts) >= 2 and all({"/FontFile", "/FontFile2", "/FontFile3"} & set(d) for d in fonts)

    # The same pages as without the option: transparency is kept (PDF/A-2 allows it).
    for index in range(2):
        assert render_page(pdf, index).tobytes() == render_page(plain, index).tobytes()
    red, green, blue = pixel(render_page(pdf), 150, 250)
    assert red > 80 and green > 80 and blue > 200, (red, green, blue)  # 50 % blue over white, not opaque

    errors = preflight_errors(pdf)
    if errors is None:
        pytest.skip("Apache PDFBox Preflight is not installed (CI installs libpdfbox2-java)")
    assert errors == []


def test_plain_pdf_is_not_marked_archival(tmp_path: Path) -> None:
    pdf, _ = convert(archival_deck(tmp_path), tmp_path, "plain")
    assert "/OutputIntents" not in catalog(PdfReader(pdf))
    assert b"pdfaid:part>2" not in metadata(pdf)


def test_notes_pages_can_be_archival_too(tmp_path: Path) -> None:
    source = archival_deck(tmp_path)
    pdf, _ = convert(source, tmp_path, "notes", ConvertOptions(layout=PageLayout.NOTES, pdf_a=True))
    reader = PdfReader(pdf)
    assert len(reader.pages) == 2
    assert xmp_value(xmp(reader), "pdfaid:part") == "2"
    errors = preflight_errors(pdf)
    assert errors is None or errors == []


def test_command_line_writes_pdf_a(tmp_path: Path) -> None:
    source = archival_deck(tmp_path)
    out = tmp_path / "cli.pdf"
    result = run_slidepress("convert", source, out, "--engine", "builtin", "--pdf-a")
    assert result.returncode == 0, result.stderr
    assert xmp_value(xmp(PdfReader(out)), "pdfaid:part") == "2"


def test_job_options_keep_pdf_a_and_old_keys_stay() -> None:
    assert JobOptions().to_dict() == {"engine": "auto", "include_hidden": False}  # jobs queued before
    archival = JobOptions(pdf_a=True)
    assert archival.to_dict()["pdf_a"] is True
    assert JobOptions.from_dict(archival.to_dict()) == archival
    assert SubmitOptions(pdf_a=True).job_options == archival


def test_xmp_escapes_property_text() -> None:
    from worker.render.pdf_archive import xmp_packet

    text = "R&D <draft> \"quoted\" 'single' \u4e2d\u6587 \U0001f600"
    packet = xmp_packet({"Title": text, "Author": text}, datetime(2026, 1, 2, 3, 4, 5))
    root = etree.parse(io.BytesIO(packet)).getroot()
    assert xmp_value(root, "dc:title") == xmp_value(root, "dc:creator") == text


def test_a_title_from_a_file_name_with_control_characters_keeps_the_xmp_valid(tmp_path: Path) -> None:
    """Without a title the file name is the title; Linux file names may hold C0 controls, which XML
    1.0 (and so the XMP packet) cannot: they are left out of both, which stay equal."""
    source = archival_deck(tmp_path)
    core = "docProps/core.xml"
    parts = {}
    with zipfile.ZipFile(source) as deck:
        parts = {name: deck.read(name) for name in deck.namelist()}
    parts[core] = re.sub(rb"<dc:title>.*?</dc:title>|<dc:title/>", b"", parts[core])
    odd = tmp_path / "Q3\x01 plan\x1f \u05e9\u05dc\u05d5\u05dd.pptx"
    with zipfile.ZipFile(odd, "w") as deck:
        for name, blob in parts.items():
            deck.writestr(name, blob)
    pdf, _ = convert(odd, tmp_path, "odd", ConvertOptions(pdf_a=True))
    reader = PdfReader(pdf)
    title = "Q3 plan \u05e9\u05dc\u05d5\u05dd"
    assert xmp_value(xmp(reader), "dc:title") == title  # parses, and holds the name without controls
    assert reader.metadata is not None and reader.metadata.title == title
    errors = preflight_errors(pdf)
    assert errors is None or not [line for line in errors if "MetaData" in line], errors


def test_a_cmyk_jpeg_goes_in_as_rgb_so_the_pdf_a_holds_no_device_cmyk(tmp_path: Path) -> None:
    """PDF/A-2b with an sRGB output intent may not use DeviceCMYK (6.2.4.3): Qt wrote a CMYK JPEG
    as a DeviceCMYK image and Preflight refused the file. The picture goes in as RGB, its colours kept."""
    from PIL import Image

    picture = Image.new("CMYK", (200, 100), (255, 0, 0, 0))  # cyan
    picture.paste(Image.new("CMYK", (100, 100), (0, 0, 255, 0)), (100, 0))  # yellow
    stream = io.BytesIO()
    picture.save(stream, "JPEG", quality=95)
    source = tmp_path / "cmyk.jpeg"
    source.write_bytes(stream.getvalue())
    prs = new_deck()
    blank_slide(prs).shapes.add_picture(str(source), Inches(1), Inches(1), Inches(4), Inches(2))
    pdf, _ = convert(prs, tmp_path, "cmyk", ConvertOptions(pdf_a=True))
    spaces = [d.get("/ColorSpace") for d in reachable(PdfReader(pdf)) if d.get("/Subtype") == "/Image"]
    assert spaces and "/DeviceCMYK" not in spaces, spaces
    page = render_page(pdf)
    left, right = pixel(page, 72 + 72, 72 + 72), pixel(page, 72 + 216, 72 + 72)
    assert left[0] < 60 and min(left[1:]) > 200, left  # cyan
    assert right[2] < 60 and min(right[:2]) > 200, right  # yellow
    errors = preflight_errors(pdf)
    assert errors is None or not [line for line in errors if "Color space" in line or "ColorSpace" in line], errors


def test_shaped_text_with_actual_text_spans_stays_pdf_a(tmp_path: Path) -> None:
    # Devanagari's reordered vowel signs put /ActualText spans in the page (worker.render.actual_text).
    prs = new_deck()
    box = blank_slide(prs).shapes.add_textbox(Inches(1), Inches(1), Inches(8), Inches(1))
    box.text_frame.text = "नमस्ते दुनिया क्षत्रिय"
    pdf, result = convert(prs, tmp_path, "shaped", ConvertOptions(pdf_a=True))
    assert not result.warnings
    contents = PdfReader(pdf).pages[0].get_contents()
    assert contents is not None and b"/ActualText" in contents.get_data()
    errors = preflight_errors(pdf)
    if errors is None:
        pytest.skip("Apache PDFBox Preflight is not installed (CI installs libpdfbox2-java)")
    assert errors == []
