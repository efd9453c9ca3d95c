"""Turns a finished PDF into PDF/A-2b (ISO 19005-2, level B), for archives.

QPdfWriter only knows PDF/A-1b, and in that mode it drops all transparency (shadows, see-through
fills, soft-edged pictures come out opaque). PDF/A-2 allows transparency, so the PDF is written as
usual and this step adds what PDF/A-2b asks of it beyond that:

- a binary comment after the header (6.1.2) and a header of a version PDF/A-2 is based on;
- an sRGB output intent with its ICC profile, which makes DeviceRGB/DeviceGray device-independent
  (6.2.4.3); the DeviceCMYK entries Qt declares in every resource dictionary (and never uses in
  our drawing) go, since CMYK would need a CMYK intent;
- XMP metadata naming the part and level, mirroring the document information dictionary
  entry for entry (6.6.2.1, 6.6.2.3.1; ISO 16684-1 packet, unfiltered);
- the Print flag on every annotation (6.3.2);
- a file identifier in the trailer (6.1.3; Qt writes one, kept).

Fonts are embedded by Qt already (6.2.11.4); pictures carry no /Interpolate or alternates.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path
from xml.sax.saxutils import escape

from pypdf.generic import create_string_object

from worker.render import deflate
from worker.render.pdf_patch import PatchError, PdfPatch, Ref, Value, serialize, stream_object

log = logging.getLogger(__name__)

PART, CONFORMANCE = 2, "B"
PRODUCER = "Slidepress"

# ISO 19005-2 6.1.2: "%PDF-1.n" then a comment of at least four bytes above 127. PDF/A-2 is based
# on PDF 1.7.
HEADER = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"

# Qt ships the ICC's sRGB v2 profile (the one its own PDF/A-1b mode embeds) as a resource;
# QColorSpace's generated profile (ICC v4.4, newer than PDF/A-2 names) is only the fallback.
_QT_SRGB_PROFILE = ":/qpdf/sRGB2014.icc"
_CMYK_NAMES = (b"/CSpcmyk", b"/PCSpcmyk")
_PRINT_FLAG = 4
# Characters XML 1.0 does not allow (C0 controls but tab, line feed and carriage return; U+FFFE/FFFF):
# one in the XMP packet makes it unparseable (6.6.2.1). A title taken from a file name can hold them.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


class ArchiveError(ValueError):
    """The PDF could not be made PDF/A (it is left as it was)."""


@dataclass(frozen=True)
class DocumentInfo:
    title: str
    author: str = ""
    subject: str = ""
    keywords: str = ""


def make_archival(pdf: Path, info: DocumentInfo, when: datetime | None = None) -> None:
    """Rewrite ``pdf`` (a PDF this project wrote) as PDF/A-2b. Raises ``ArchiveError``."""
    try:
        patch = PdfPatch.open(pdf)
        _archive(patch, info, when or datetime.now(UTC))
        patch.write(pdf, {}, header=HEADER)  # the whole file is in memory: rewritten in place
    except PatchError as exc:
        raise ArchiveError(str(exc)) from exc


def _archive(patch: PdfPatch, info: DocumentInfo, when: datetime) -> None:
    root_ref = patch.trailer.get(b"/Root")
    info_ref = patch.trailer.get(b"/Info")
    if not isinstance(root_ref, Ref) or not isinstance(info_ref, Ref):
        raise PatchError("no document catalog or information dictionary")
    if b"/ID" not in patch.trailer:
        raise PatchError("no file identifier")
    entries = _entries(info)
    patch.replace(info_ref.number, serialize(_info_dictionary(entries, when)))
    root = dict(patch.dictionary(root_ref))
    metadata: dict[bytes, Value] = {b"/Type": b"/Metadata", b"/Subtype": b"/XML"}
    root[b"/Metadata"] = Ref(patch.add(stream_object(metadata, xmp_packet(entries, when))))
    root[b"/OutputIntents"] = [Ref(patch.add(serialize(_output_intent(patch))))]
    patch.replace(root_ref.number, serialize(root))
    _drop_cmyk(patch)
    _print_annotations(patch)


def _entries(info: DocumentInfo) -> dict[str, str]:
    """The information entries that have a value (the dictionary and the XMP list the same), without
    the characters XMP cannot hold, so that both stay equal (6.6.2.3.1)."""
    values = {
        "Title": info.title,
        "Author": info.author,
        "Subject": info.subject,
        "Keywords": info.keywords,
        "Creator": PRODUCER,
        "Producer": PRODUCER,
    }
    cleaned = {key: _NOT_XML.sub("", value).strip() for key, value in values.items()}
    return {key: value for key, value in cleaned.items() if value}


def _info_dictionary(entries: dict[str, str], when: datetime) -> dict[bytes, Value]:
    out: dict[bytes, Value] = {b"/" + key.encode(): _pdf_string(value) for key, value in entries.items()}
    out[b"/CreationDate"] = out[b"/ModDate"] = _pdf_string(when.strftime("D:%Y%m%d%H%M%S+00'00'"))
    return out


def _pdf_string(value: str) -> bytes:
    stream = BytesIO()
    create_string_object(value).write_to_stream(stream)
    return stream.getvalue()


def xmp_packet(entries: dict[str, str], when: datetime) -> bytes:
    """The XMP metadata: the PDF/A identification and the information entries in their XMP
    properties (dc:title, dc:creator, dc:description, pdf:Keywords, xmp:CreatorTool,
    pdf:Producer, xmp:CreateDate/ModifyDate)."""
    date = when.strftime("%Y-%m-%dT%H:%M:%S+00:00")
    fields: list[str] = []

    def alt(name: str, value: str) -> None:
        fields.append(f'<{name}><rdf:Alt><rdf:li xml:lang="x-default">{escape(value)}</rdf:li></rdf:Alt></{name}>')

    if "Title" in entries:
        alt("dc:title", entries["Title"])
    if "Author" in entries:
        fields.append(f"<dc:creator><rdf:Seq><rdf:li>{escape(entries['Author'])}</rdf:li></rdf:Seq></dc:creator>")
    if "Subject" in entries:
        alt("dc:description", entries["Subject"])
    simple = {"Keywords": "pdf:Keywords", "Creator": "xmp:CreatorTool", "Producer": "pdf:Producer"}
    fields += [f"<{tag}>{escape(entries[key])}</{tag}>" for key, tag in simple.items() if key in entries]
    fields += [f"<xmp:CreateDate>{date}</xmp:CreateDate>", f"<xmp:ModifyDate>{date}</xmp:ModifyDate>"]
    fields += [f"<pdfaid:part>{PART}</pdfaid:part>", f"<pdfaid:conformance>{CONFORMANCE}</pdfaid:conformance>"]
    body = "\n".join(fields)
    packet = (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
        '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"'
        ' xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/"'
        ' xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">\n'
        f"{body}\n"
        "</rdf:Description>\n</rdf:RDF>\n</x:xmpmeta>\n"
        '<?xpacket end="w"?>'
    )
    return packet.encode("utf-8")


def srgb_profile() -> bytes:
    """An sRGB ICC profile for the output intent."""
    from PySide6.QtCore import QFile, QIODevice
    from PySide6.QtGui import QColorSpace

    resource = QFile(_QT_SRGB_PROFILE)
    if resource.open(QIODevice.OpenModeFlag.ReadOnly):
        try:
            data = bytes(resource.readAll().data())
        finally:
            resource.close()
        if len(data) > 128 and data[36:40] == b"acsp":
            return data
    log.info("Qt's sRGB ICC profile resource is missing; using QColorSpace's")
    return bytes(QColorSpace(QColorSpace.NamedColorSpace.SRgb).iccProfile().data())


def _output_intent(patch: PdfPatch) -> dict[bytes, Value]:
    profile = srgb_profile()
    stream = stream_object(
        {b"/N": b"3", b"/Alternate": b"/DeviceRGB", b"/Filter": b"/FlateDecode"}, deflate.compress(profile, 6)
    )
    return {
        b"/Type": b"/OutputIntent",
        b"/S": b"/GTS_PDFA1",  # the subtype every PDF/A part uses
        b"/OutputConditionIdentifier": b"(sRGB IEC61966-2.1)",
        b"/RegistryName": b"(http://www.color.org)",
        b"/Info": b"(sRGB IEC61966-2.1)",
        b"/DestOutputProfile": Ref(patch.add(stream)),
    }


def _drop_cmyk(patch: PdfPatch) -> None:
    """Remove the DeviceCMYK entries from the colour spaces of every resource dictionary, after
    making sure no page or form draws with them (our drawing has no CMYK colours)."""
    for number in patch.object_numbers():
        value = patch.get(Ref(number))
        if not isinstance(value, dict):
            continue
        drawn: list[Value] = []
        if value.get(b"/Type") == b"/Page":
            contents = value.get(b"/Contents")
            drawn = list(contents) if isinstance(contents, list) else [contents] if contents is not None else []
        elif value.get(b"/Subtype") == b"/Form":
            drawn = [Ref(number)]
        for ref in drawn:
            if isinstance(ref, Ref) and any(name in patch.stream_data(ref.number) for name in _CMYK_NAMES):
                raise PatchError("a page draws in CMYK")
        stripped = _without_cmyk(value)
        if stripped != value:
            patch.replace(number, _with_stream(patch, number, stripped))  # type: ignore[arg-type]


def _without_cmyk(value: Value) -> Value:
    """``value`` without the CMYK colour-space names at any depth of its inline dictionaries."""
    if isinstance(value, dict):
        return {key: _without_cmyk(item) for key, item in value.items() if key not in _CMYK_NAMES}
    return value


def _with_stream(patch: PdfPatch, number: int, entries: dict[bytes, Value]) -> bytes:
    """Object ``number`` with new dictionary ``entries``, its stream data (if any) kept as stored."""
    if patch.is_stream(number):
        _, data = patch.stream(number)
        return stream_object(entries, data)
    return serialize(entries)


def _print_annotations(patch: PdfPatch) -> None:
    for number in patch.object_numbers():
        value = patch.get(Ref(number))
        if isinstance(value, dict) and (value.get(b"/Type") == b"/Annot" or value.get(b"/Subtype") == b"/Link"):
            flags = value.get(b"/F", b"0")
            current = int(flags) if isinstance(flags, bytes) and flags.isdigit() else 0
            if not current & _PRINT_FLAG:
                patch.replace(number, serialize({**value, b"/F": b"%d" % (current | _PRINT_FLAG)}))
