"""Hostile decks made on the fly: zip bombs, entity tricks, image bombs, absurd trees and geometry.

Nothing big is committed: every file is written by a function here, quickly, into a folder the
caller gives. Compressed payloads repeat one full-flushed deflate block, so a part that inflates to
gigabytes costs a few megabytes and well under a second to write. Shared by tests/test_hostile_*.py
and bench/hostile.py.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PIL import Image
from pptx import Presentation
from pptx.util import Emu

MIB = 1 << 20
GIB = 1 << 30
P_NS = "http://schemas.openxmlformats.org/presentationml/2006/main"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
SLIDE1 = "ppt/slides/slide1.xml"
# A string that must never reach a PDF: it stands for the content of a private local file.
SECRET = "SLIDEPRESS-SECRET-7f3a"


# -- building blocks -----------------------------------------------------------------------------


def base_deck(slides: int = 1, title: str = "Hostile", picture: bool = False) -> bytes:
    """A small valid deck (title-only slides), optionally with one PNG picture on slide 1."""
    prs = Presentation()
    for i in range(slides):
        slide = prs.slides.add_slide(prs.slide_layouts[5])
        slide.shapes.title.text = f"{title} {i + 1}"
        if picture and i == 0:
            slide.shapes.add_picture(io.BytesIO(small_png()), Emu(914400), Emu(1828800), Emu(3657600), Emu(2743200))
    buffer = io.BytesIO()
    prs.save(buffer)
    return buffer.getvalue()


def small_png(color: tuple[int, int, int] = (200, 40, 40)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (16, 16), color).save(buffer, "PNG")
    return buffer.getvalue()


def small_jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (16, 16), (40, 40, 200)).save(buffer, "JPEG")
    return buffer.getvalue()


def parts_of(deck: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(deck)) as z:
        return {name: z.read(name) for name in z.namelist()}


def write_zip(path: Path, parts: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, blob in parts.items():
            z.writestr(name, blob)
    return path


def media_name(parts: dict[str, bytes]) -> str:
    return next(n for n in parts if n.startswith("ppt/media/"))


def with_slide_tree(parts: dict[str, bytes], shapes_xml: str, slide: str = SLIDE1) -> dict[str, bytes]:
    """``parts`` with the shapes of ``slide``'s spTree replaced by ``shapes_xml`` (group props kept)."""
    xml = parts[slide].decode()
    head, rest = xml.split("<p:spTree>", 1)
    closing = "</p:grpSpPr>" if "</p:grpSpPr>" in rest else "<p:grpSpPr/>"
    props_end = rest.index(closing) + len(closing)
    tail = rest[rest.index("</p:spTree>") :]
    parts = dict(parts)
    parts[slide] = (head + "<p:spTree>" + rest[:props_end] + shapes_xml + tail).encode()
    return parts


def shape_xml(sid: int, x: object, y: object, cx: object, cy: object, text: str = "", rot: object = 0) -> str:
    body = (
        f'<p:txBody><a:bodyPr/><a:lstStyle/><a:p><a:r><a:rPr lang="en-US"/><a:t>{text}</a:t></a:r></a:p></p:txBody>'
        if text
        else ""
    )
    return (
        f'<p:sp><p:nvSpPr><p:cNvPr id="{sid}" name="s{sid}"/><p:cNvSpPr/><p:nvPr/></p:nvSpPr>'
        f'<p:spPr><a:xfrm rot="{rot}"><a:off x="{x}" y="{y}"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:solidFill><a:srgbClr val="4472C4"/></a:solidFill>'
        f"</p:spPr>{body}</p:sp>"
    )


def repeated_deflate(block: bytes, times: int) -> bytes:
    """A raw deflate stream that inflates to ``block * times``: one full-flushed block repeated."""
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    unit = comp.compress(block) + comp.flush(zlib.Z_FULL_FLUSH)
    return unit * times + b"\x03\x00"  # an empty final fixed-Huffman block ends the stream


def _crc_after(head: bytes, block: bytes, times: int) -> int:
    crc = zlib.crc32(head)
    for _ in range(times):
        crc = zlib.crc32(block, crc)
    return crc


def crc_of_repeated(block: bytes, times: int) -> int:
    crc = 0
    for _ in range(times):
        crc = zlib.crc32(block, crc)
    return crc


def raw_zip_entry(name: str, deflated: bytes, size: int, crc: int) -> tuple[bytes, bytes]:
    """(local header + data, central directory entry at offset 0) for one deflated member."""
    encoded = name.encode()
    # Sizes above 4 GiB would need zip64; every bomb here declares less.
    local = struct.pack("<4sHHHHHIIIHH", b"PK\x03\x04", 20, 0, 8, 0, 0, crc, len(deflated), size, len(encoded), 0)
    central = struct.pack(
        "<4sHHHHHHIIIHHHHHII",
        b"PK\x01\x02",
        20,
        20,
        0,
        8,
        0,
        0,
        crc,
        len(deflated),
        size,
        len(encoded),
        0,
        0,
        0,
        0,
        0,
        0,
    )
    return local + encoded + deflated, central + encoded


@dataclass(frozen=True)
class RawMember:
    """A zip member whose deflated bytes and declared size and CRC are set by hand."""

    name: str
    deflated: bytes
    size: int
    crc: int


def zip_with_raw_members(path: Path, parts: dict[str, bytes], members: list[RawMember]) -> Path:
    """``parts`` zipped normally, then ``members`` appended as written."""
    write_zip(path, parts)
    data = path.read_bytes()
    end = data.rindex(b"PK\x05\x06")
    (_, _, _, _, count, cd_size, cd_offset, _) = struct.unpack_from("<4sHHHHIIH", data, end)
    body, central_dir = data[:cd_offset], data[cd_offset : cd_offset + cd_size]
    for m in members:
        local, central = raw_zip_entry(m.name, m.deflated, m.size, m.crc)
        central_dir += central[:42] + struct.pack("<I", len(body)) + central[46:]  # local header offset
        body += local
    total = count + len(members)
    eocd = struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, total, total, len(central_dir), len(body), 0)
    path.write_bytes(body + central_dir + eocd)
    return path


def zeros_member(name: str, mib: int) -> RawMember:
    block = b"\x00" * MIB
    return RawMember(name, repeated_deflate(block, mib), mib * MIB, crc_of_repeated(block, mib))


# -- PNG and JPEG payloads -----------------------------------------------------------------------


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_declaring(width: int, height: int, color_type: int = 2) -> bytes:
    """A PNG whose header declares ``width`` x ``height`` but whose data holds a few rows."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, color_type, 0, 0, 0)
    rows = zlib.compress(b"\x00" * 4096)
    return b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", ihdr) + _png_chunk(b"IDAT", rows) + _png_chunk(b"IEND", b"")


def solid_png(width: int, height: int, rgba: tuple[int, int, int, int]) -> bytes:
    """A complete, decodable RGBA PNG of one colour, compressed to almost nothing."""
    row = b"\x00" + bytes(rgba) * width
    rows_per_block = max(1, min(height, (1 << 20) // len(row)))
    while height % rows_per_block:
        rows_per_block -= 1
    block = row * rows_per_block
    times = height // rows_per_block
    adler = 1
    for _ in range(times):
        adler = zlib.adler32(block, adler)
    stream = b"\x78\xda" + repeated_deflate(block, times) + struct.pack(">I", adler)
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", ihdr) + _png_chunk(b"IDAT", stream) + _png_chunk(b"IEND", b"")


def jpeg_declaring(width: int, height: int) -> bytes:
    """A small JPEG whose frame header (SOF0) is patched to declare ``width`` x ``height``."""
    data = bytearray(small_jpeg())
    at = data.index(b"\xff\xc0")
    struct.pack_into(">HH", data, at + 5, height, width)
    return bytes(data)


def replace_media(parts: dict[str, bytes], blob: bytes, suffix: str = ".png") -> dict[str, bytes]:
    """The deck's one picture swapped for ``blob`` (renamed to ``suffix`` with its content type)."""
    parts = dict(parts)
    old = media_name(parts)
    new = old.rsplit(".", 1)[0] + suffix
    del parts[old]
    parts[new] = blob
    old_base, new_base = old.rsplit("/", 1)[1], new.rsplit("/", 1)[1]
    for name in list(parts):
        if name.endswith(".rels"):
            parts[name] = parts[name].replace(old_base.encode(), new_base.encode())
    ct = parts["[Content_Types].xml"].decode()
    if f'Extension="{suffix[1:]}"' not in ct:
        mime = {
            "png": "image/png",
            "jpeg": "image/jpeg",
            "jpg": "image/jpeg",
            "emf": "image/x-emf",
            "wmf": "image/x-wmf",
        }[suffix[1:]]
        ct = ct.replace("<Default ", f'<Default Extension="{suffix[1:]}" ContentType="{mime}"/><Default ', 1)
    parts["[Content_Types].xml"] = ct.encode()
    return parts


# -- the cases -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """A hostile deck and what converting it must give: a PDF of ``pages`` pages, or a failure
    whose kind is one of ``kinds``. ``why`` says what the file does to a careless reader."""

    name: str
    make: Callable[[Path], Path]
    pages: int | None = None
    kinds: tuple[str, ...] = ()
    why: str = ""
    slow: bool = False


def bomb_part(folder: Path) -> Path:
    """A media part that honestly declares, and inflates to, 3 GiB of zeros."""
    parts = parts_of(base_deck())
    return zip_with_raw_members(folder / "bomb_part.pptx", parts, [zeros_member("ppt/media/bomb.bin", 3 * 1024)])


def lying_part(folder: Path) -> Path:
    """The slide part's header says 2 KB; its data inflates to 2 GiB of spaces."""
    parts = parts_of(base_deck())
    slide = parts.pop(SLIDE1)
    filler = b" " * MIB
    stream = zlib.compressobj(9, zlib.DEFLATED, -15)
    head = stream.compress(slide[:-1]) + stream.flush(zlib.Z_FULL_FLUSH)
    deflated = head + repeated_deflate(filler, 2048)
    member = RawMember(SLIDE1, deflated, 2048, zlib.crc32(slide))
    return zip_with_raw_members(folder / "lying_part.pptx", parts, [member])


def many_parts(folder: Path) -> Path:
    """100,000 tiny parts: more than any deck has."""
    parts = parts_of(base_deck())
    path = write_zip(folder / "many_parts.pptx", parts)
    with zipfile.ZipFile(path, "a", zipfile.ZIP_STORED) as z:
        for i in range(100_000):
            z.writestr(f"ppt/junk/p{i}.bin", b"x")
    return path


def many_parts_allowed(folder: Path) -> Path:
    """25,000 unreferenced parts, under the limit (a deck of 10,000 slides has 20,000): it converts."""
    parts = parts_of(base_deck())
    path = write_zip(folder / "many_parts_allowed.pptx", parts)
    with zipfile.ZipFile(path, "a", zipfile.ZIP_STORED) as z:
        for i in range(25_000):
            z.writestr(f"ppt/junk/p{i}.bin", b"x" * 100)
    return path


def allowed_media(folder: Path) -> Path:
    """Three 300 MiB media parts (900 MiB unpacked): under the limit, so it converts."""
    members = [zeros_member(f"ppt/media/video{n}.bin", 300) for n in range(3)]
    return zip_with_raw_members(folder / "allowed_media.pptx", parts_of(base_deck()), members)


def big_media(folder: Path) -> Path:
    """Four 300 MiB media parts (1.2 GiB unpacked): a deck that is merely huge."""
    members = [zeros_member(f"ppt/media/video{n}.bin", 300) for n in range(4)]
    return zip_with_raw_members(folder / "big_media.pptx", parts_of(base_deck()), members)


_LAUGHS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<!DOCTYPE p:sld [\n <!ENTITY lol "lol">\n'
    + "".join(f' <!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n' for i in range(1, 10))
    + "]>\n"
)


def billion_laughs(folder: Path) -> Path:
    """Nested entities that expand to 10^9 'lol's, used in the slide's title."""
    parts = parts_of(base_deck(title="Laughs"))
    xml = parts[SLIDE1].decode()
    xml = re.sub(r"^<\?xml[^>]*\?>\s*", "", xml)
    xml = xml.replace("Laughs 1", "&lol9;")
    parts[SLIDE1] = (_LAUGHS + xml).encode()
    return write_zip(folder / "billion_laughs.pptx", parts)


def xxe(folder: Path, secret_file: Path, url: str) -> Path:
    """External entities naming a private local file and a URL, and an external DTD at the URL."""
    parts = parts_of(base_deck(title="Entities"))
    xml = re.sub(r"^<\?xml[^>]*\?>\s*", "", parts[SLIDE1].decode())
    doctype = (
        f'<!DOCTYPE p:sld SYSTEM "{url}/external.dtd" [\n'
        f' <!ENTITY secret SYSTEM "{secret_file.as_uri()}">\n'
        f' <!ENTITY remote SYSTEM "{url}/entity">\n'
        f' <!ENTITY % param SYSTEM "{url}/param">\n %param;\n]>\n'
    )
    xml = xml.replace("Entities 1", "Entities &secret; &remote;")
    parts[SLIDE1] = ('<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n' + doctype + xml).encode()
    # XInclude and a linked (not embedded) picture pointing at the same places.
    rels = parts["ppt/slides/_rels/slide1.xml.rels"].decode()
    rels = rels.replace(
        "</Relationships>",
        f'<Relationship Id="rIdX1" Type="{R_NS}/image" Target="{url}/picture.png" TargetMode="External"/>'
        f'<Relationship Id="rIdX2" Type="{R_NS}/image" Target="{secret_file.as_uri()}" TargetMode="External"/>'
        "</Relationships>",
    )
    parts["ppt/slides/_rels/slide1.xml.rels"] = rels.encode()
    linked = "".join(
        f'<p:pic><p:nvPicPr><p:cNvPr id="{90 + i}" name="linked{i}"/><p:cNvPicPr/><p:nvPr/></p:nvPicPr>'
        f'<p:blipFill><a:blip r:link="{rid}"/><a:stretch><a:fillRect/></a:stretch></p:blipFill>'
        f'<p:spPr><a:xfrm><a:off x="914400" y="{914400 * (i + 2)}"/><a:ext cx="914400" cy="914400"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr></p:pic>'
        for i, rid in enumerate(("rIdX1", "rIdX2"))
    )
    include = f'<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="{secret_file.as_uri()}" parse="text"/>'
    parts[SLIDE1] = parts[SLIDE1].replace(b"</p:spTree>", (linked + include + "</p:spTree>").encode())
    return write_zip(folder / "xxe.pptx", parts)


def png_bomb(folder: Path) -> Path:
    """A 100-byte PNG declaring 100,000 x 100,000 pixels."""
    parts = replace_media(parts_of(base_deck(picture=True)), png_declaring(100_000, 100_000))
    return write_zip(folder / "png_bomb.pptx", parts)


def jpeg_bomb(folder: Path) -> Path:
    """A tiny JPEG declaring 65,535 x 65,535 pixels (the format's largest)."""
    parts = replace_media(parts_of(base_deck(picture=True)), jpeg_declaring(65_535, 65_535), ".jpeg")
    return write_zip(folder / "jpeg_bomb.pptx", parts)


def png_real_bomb(folder: Path) -> Path:
    """A genuinely decodable 20,000 x 20,000 RGBA PNG (1.6 GB of pixels) of a few hundred KB."""
    parts = replace_media(parts_of(base_deck(picture=True)), solid_png(20_000, 20_000, (30, 120, 200, 255)))
    return write_zip(folder / "png_real_bomb.pptx", parts)


def many_big_pictures(folder: Path) -> Path:
    """24 slides, each with its own 6,000 x 6,000 picture (144 MB decoded each, 3.4 GB in all)."""
    count = 24
    prs = Presentation()
    for i in range(count):
        slide = prs.slides.add_slide(prs.slide_layouts[6])
        slide.shapes.add_picture(io.BytesIO(small_png((i * 10, 80, 160))), 0, 0, prs.slide_width, prs.slide_height)
    buffer = io.BytesIO()
    prs.save(buffer)
    parts = parts_of(buffer.getvalue())
    media = sorted(n for n in parts if n.startswith("ppt/media/"))
    for i, name in enumerate(media):
        parts[name] = solid_png(6000, 6000, (i * 10 % 256, 80, 160, 255))
    return write_zip(folder / "many_big_pictures.pptx", parts)


def truncated_pictures(folder: Path) -> Path:
    """A PNG and a JPEG cut in half."""
    png = Image.new("RGB", (400, 300))
    png.putdata([(x % 256, y % 256, 90) for y in range(300) for x in range(400)])
    buffer = io.BytesIO()
    png.save(buffer, "PNG")
    parts = replace_media(parts_of(base_deck(picture=True)), buffer.getvalue()[: len(buffer.getvalue()) // 2])
    return write_zip(folder / "truncated_pictures.pptx", parts)


def truncated_jpeg(folder: Path) -> Path:
    jpeg = Image.new("RGB", (400, 300))
    jpeg.putdata([(x % 256, 60, y % 256) for y in range(300) for x in range(400)])
    buffer = io.BytesIO()
    jpeg.save(buffer, "JPEG")
    parts = replace_media(parts_of(base_deck(picture=True)), buffer.getvalue()[: len(buffer.getvalue()) // 2], ".jpeg")
    return write_zip(folder / "truncated_jpeg.pptx", parts)


def slide_as_its_own_layout(folder: Path) -> Path:
    """Slide 1's layout relationship names slide 1 itself; slide 2 is whole."""
    parts = parts_of(base_deck(slides=2))
    rels = "ppt/slides/_rels/slide1.xml.rels"
    parts[rels] = re.sub(rb'Target="../slideLayouts/slideLayout\d+\.xml"', b'Target="slide1.xml"', parts[rels])
    return write_zip(folder / "self_layout.pptx", parts)


def parts_of_the_wrong_kind(folder: Path) -> Path:
    """Two slides with notes whose relationships name parts of the wrong kind: the master's theme
    is slide 1, the first notes slide is its own notes master, a layout's master is slide 1, slide
    1's notes are slide 2, and the presentation's master is slide 1."""
    prs = Presentation()
    for i in range(2):
        slide = prs.slides.add_slide(prs.slide_layouts[1])
        slide.shapes.title.text = f"Wrong kinds {i + 1}"
        slide.notes_slide.notes_text_frame.text = f"note {i + 1}"
    buffer = io.BytesIO()
    prs.save(buffer)
    parts = parts_of(buffer.getvalue())
    swaps = [
        ("ppt/slideMasters/_rels/slideMaster1.xml.rels", "../theme/theme1.xml", "../slides/slide1.xml"),
        ("ppt/notesSlides/_rels/notesSlide1.xml.rels", "../notesMasters/notesMaster1.xml", "notesSlide1.xml"),
        ("ppt/slideLayouts/_rels/slideLayout2.xml.rels", "../slideMasters/slideMaster1.xml", "../slides/slide1.xml"),
        ("ppt/slides/_rels/slide1.xml.rels", "../notesSlides/notesSlide1.xml", "slide2.xml"),
        ("ppt/_rels/presentation.xml.rels", "slideMasters/slideMaster1.xml", "slides/slide1.xml"),
    ]
    for rels, old, new in swaps:
        assert f'Target="{old}"'.encode() in parts[rels], (rels, old)
        parts[rels] = parts[rels].replace(f'Target="{old}"'.encode(), f'Target="{new}"'.encode())
    return write_zip(folder / "wrong_kinds.pptx", parts)


def font_claiming_4_gib(folder: Path) -> Path:
    """The embedded font parts of bad_fonts: an EOT header claiming 4 GiB, and a TrueType table
    directory whose tables each claim 4 GiB."""
    parts = parts_of(bad_fonts(folder).read_bytes())
    parts["ppt/fonts/font1.fntdata"] = struct.pack("<IIIIB", 0xFFFFFFFF, 0xFFFFFFF0, 0x00020001, 0, 0) + bytes(80)
    tags = [b"cmap", b"glyf", b"head", b"hhea", b"hmtx", b"loca", b"maxp", b"name", b"post"]
    directory = struct.pack(">IHHHH", 0x00010000, len(tags), 128, 3, 16)
    directory += b"".join(tag + struct.pack(">III", 0, 12 + 16 * len(tags), 0xFFFFFFF0) for tag in tags)
    parts["ppt/fonts/font2.fntdata"] = directory + bytes(1000)
    pres = parts["ppt/presentation.xml"].decode()
    parts["ppt/presentation.xml"] = pres.replace(
        "</p:embeddedFontLst>",
        '<p:embeddedFont><p:font typeface="Huge Sans"/><p:regular r:id="rIdF2"/></p:embeddedFont></p:embeddedFontLst>',
    ).encode()
    pres_rels = "ppt/_rels/presentation.xml.rels"
    parts[pres_rels] = parts[pres_rels].replace(
        b"</Relationships>",
        f'<Relationship Id="rIdF2" Type="{R_NS}/font" Target="fonts/font2.fntdata"/></Relationships>'.encode(),
    )
    return write_zip(folder / "font_4gib.pptx", parts)


def png_idat_bomb(folder: Path) -> Path:
    """A 2,000 x 2,000 PNG whose pixel data inflates to 1 GiB (its rows need 12 MB)."""
    block = b"\x00" * MIB
    adler = 1
    for _ in range(1024):
        adler = zlib.adler32(block, adler)
    stream = b"\x78\xda" + repeated_deflate(block, 1024) + struct.pack(">I", adler)
    ihdr = struct.pack(">IIBBBBB", 2000, 2000, 8, 2, 0, 0, 0)
    png = b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", ihdr) + _png_chunk(b"IDAT", stream) + _png_chunk(b"IEND", b"")
    parts = replace_media(parts_of(base_deck(picture=True)), png)
    return write_zip(folder / "png_idat_bomb.pptx", parts)


def chart_of_numbers(mib: int) -> Callable[[Path], Path]:
    """A column chart whose value cache holds ``mib`` MiB of points (about 26,000 a MiB)."""

    def make(folder: Path) -> Path:
        from pptx.chart.data import CategoryChartData
        from pptx.enum.chart import XL_CHART_TYPE

        prs = Presentation()
        slide = prs.slides.add_slide(prs.slide_layouts[6])
        data = CategoryChartData()
        data.categories = ["a", "b"]
        data.add_series("S", (1, 2))
        slide.shapes.add_chart(XL_CHART_TYPE.COLUMN_CLUSTERED, 0, 0, 6000000, 4000000, data)
        buffer = io.BytesIO()
        prs.save(buffer)
        parts = parts_of(buffer.getvalue())
        name = next(n for n in parts if re.match(r"ppt/charts/chart\d+\.xml$", n))
        xml = parts[name].decode()
        thousand = "".join(f'<c:pt idx="{i}"><c:v>{i}.5</c:v></c:pt>' for i in range(1000))
        times = mib * MIB // len(thousand)
        cache = re.search(r"<c:val><c:numRef>.*?<c:ptCount val=\"2\"/>", xml, re.DOTALL)
        assert cache is not None
        head = cache.group(0).replace('<c:ptCount val="2"/>', f'<c:ptCount val="{times * 1000}"/>')
        parts[name] = (xml[: cache.start()] + head + thousand * times + xml[cache.end() :]).encode()
        return write_zip(folder / f"chart_{mib}mib.pptx", parts)

    return make


def svgz_bomb(folder: Path) -> Path:
    """The picture's SVG (asvg:svgBlip, beside its PNG) is 1 MB of gzip inflating to 1 GiB of SVG
    (a comment of spaces): Qt SVG inflates it whole (3 GB, 11 s)."""
    head, tail, spaces = b'<svg xmlns="http://www.w3.org/2000/svg"><!--', b"--></svg>", b" " * MIB
    # Byte-aligned deflate segments (full flushes) follow one another in one stream.
    start, end = zlib.compressobj(9, zlib.DEFLATED, -15), zlib.compressobj(9, zlib.DEFLATED, -15)
    stream = start.compress(head) + start.flush(zlib.Z_FULL_FLUSH)
    stream += repeated_deflate(spaces, 1024)[:-2]  # without its closing empty final block
    stream += end.compress(tail) + end.flush()
    crc = zlib.crc32(tail, _crc_after(head, spaces, 1024))
    size = (len(head) + 1024 * MIB + len(tail)) % (1 << 32)
    gzip = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff" + stream + struct.pack("<II", crc, size)
    parts = parts_of(base_deck(picture=True))
    parts["ppt/media/bomb.svg"] = gzip
    rels = "ppt/slides/_rels/slide1.xml.rels"
    parts[rels] = parts[rels].replace(
        b"</Relationships>",
        f'<Relationship Id="rIdSvg" Type="{R_NS}/image" Target="../media/bomb.svg"/></Relationships>'.encode(),
    )
    ext = (
        '<a:extLst><a:ext uri="{96DAC541-7B7A-43D3-8B79-37D633B846F1}"><asvg:svgBlip '
        'xmlns:asvg="http://schemas.microsoft.com/office/drawing/2016/SVG/main" r:embed="rIdSvg"/></a:ext></a:extLst>'
    )
    slide = parts[SLIDE1].decode()
    assert '<a:blip r:embed="rId2"/>' in slide
    parts[SLIDE1] = slide.replace('<a:blip r:embed="rId2"/>', f'<a:blip r:embed="rId2">{ext}</a:blip>').encode()
    types = parts["[Content_Types].xml"].decode()
    types = types.replace("<Default ", '<Default Extension="svg" ContentType="image/svg+xml"/><Default ', 1)
    parts["[Content_Types].xml"] = types.encode()
    return write_zip(folder / "svgz_bomb.pptx", parts)


def nested_groups(levels: int) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        inner = shape_xml(2, 914400, 914400, 914400, 914400, text="deep")
        group_open = (
            '<p:grpSp><p:nvGrpSpPr><p:cNvPr id="{0}" name="g{0}"/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr>'
            '<p:grpSpPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="9144000" cy="6858000"/>'
            '<a:chOff x="0" y="0"/><a:chExt cx="9144000" cy="6858000"/></a:xfrm></p:grpSpPr>'
        )
        xml = "".join(group_open.format(10 + i) for i in range(levels)) + inner + "</p:grpSp>" * levels
        parts = with_slide_tree(parts_of(base_deck()), xml)
        return write_zip(folder / f"nested_{levels}.pptx", parts)

    return make


def cyclic_relationships(folder: Path) -> Path:
    """The layout names itself as its master; the slide relates to itself and to the presentation."""
    parts = parts_of(base_deck(slides=2))
    layout_rels = next(n for n in parts if n.startswith("ppt/slideLayouts/_rels/slideLayout6"))
    rels = parts[layout_rels].decode()
    rels = re.sub(r'Target="../slideMasters/slideMaster1.xml"', 'Target="slideLayout6.xml"', rels)
    parts[layout_rels] = rels.encode()
    slide_rels = "ppt/slides/_rels/slide1.xml.rels"
    extra = (
        f'<Relationship Id="rIdC1" Type="{R_NS}/slide" Target="slide1.xml"/>'
        f'<Relationship Id="rIdC2" Type="{R_NS}/slide" Target="slide2.xml"/>'
        f'<Relationship Id="rIdC3" Type="{R_NS}/officeDocument" Target="../presentation.xml"/>'
    )
    parts[slide_rels] = parts[slide_rels].replace(b"</Relationships>", extra.encode() + b"</Relationships>")
    parts["ppt/slides/_rels/slide2.xml.rels"] = parts["ppt/slides/_rels/slide2.xml.rels"].replace(
        b"</Relationships>",
        f'<Relationship Id="rIdC1" Type="{R_NS}/slide" Target="slide1.xml"/>'.encode() + b"</Relationships>",
    )
    return write_zip(folder / "cyclic_relationships.pptx", parts)


def many_shapes(count: int) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        xml = "".join(
            shape_xml(10 + i, (i % 400) * 22860, (i // 400 % 300) * 22860, 20000, 20000) for i in range(count)
        )
        parts = with_slide_tree(parts_of(base_deck()), xml)
        return write_zip(folder / f"shapes_{count}.pptx", parts)

    return make


def many_slides(count: int, shapes_xml: str = "") -> Callable[[Path], Path]:
    """``count`` slides, copied part by part (python-pptx's add_slide slows down as a deck grows);
    with ``shapes_xml``, each slide holds those shapes instead of its title."""

    def make(folder: Path) -> Path:
        parts = parts_of(base_deck(title="Slide"))
        if shapes_xml:
            parts = with_slide_tree(parts, shapes_xml)
        slide, rels = parts[SLIDE1], parts["ppt/slides/_rels/slide1.xml.rels"]
        pres_rels = parts["ppt/_rels/presentation.xml.rels"].decode()
        rid = re.search(r'Id="(rId\d+)"[^>]*Target="slides/slide1.xml"', pres_rels)
        if rid is None:
            rid = re.search(r'Target="slides/slide1.xml"[^>]*Id="(rId\d+)"', pres_rels)
        assert rid is not None
        ids, new_rels, overrides = [], [], []
        for n in range(2, count + 1):
            parts[f"ppt/slides/slide{n}.xml"] = slide.replace(b"Slide 1", f"Slide {n}".encode())
            parts[f"ppt/slides/_rels/slide{n}.xml.rels"] = rels
            ids.append(f'<p:sldId id="{255 + n}" r:id="rIdS{n}"/>')
            new_rels.append(f'<Relationship Id="rIdS{n}" Type="{R_NS}/slide" Target="slides/slide{n}.xml"/>')
            overrides.append(
                f'<Override PartName="/ppt/slides/slide{n}.xml" '
                'ContentType="application/vnd.openxmlformats-officedocument.presentationml.slide+xml"/>'
            )
        pres = parts["ppt/presentation.xml"].decode()
        parts["ppt/presentation.xml"] = pres.replace("</p:sldIdLst>", "".join(ids) + "</p:sldIdLst>").encode()
        parts["ppt/_rels/presentation.xml.rels"] = pres_rels.replace(
            "</Relationships>", "".join(new_rels) + "</Relationships>"
        ).encode()
        ct = parts["[Content_Types].xml"].decode()
        parts["[Content_Types].xml"] = ct.replace("</Types>", "".join(overrides) + "</Types>").encode()
        return write_zip(folder / f"slides_{count}.pptx", parts)

    return make


def absurd_geometry(folder: Path) -> Path:
    """Offsets past 64 bits, negative and zero sizes, NaN, infinities and exponent forms, wild rotations."""
    values: list[tuple[object, object, object, object, object]] = [
        (-9_000_000_000_000_000_000, 0, 914400, 914400, 0),
        (99_999_999_999_999_999_999, 99_999_999_999_999_999_999, 914400, 914400, 0),
        (914400, 914400, -914400, -914400, 0),
        (914400, 914400, 0, 0, 0),
        ("NaN", "NaN", "NaN", "NaN", "NaN"),
        ("INF", "-INF", "1e308", "1e308", 0),
        ("1e400", 0, 914400, 914400, 0),
        (914400, 914400, 2_147_483_647, 2_147_483_647, 2_147_483_647),
        (914400, 914400, 914400, 914400, -99_999_999_999),
        ("", "x", "0x10", "  ", ""),
    ]
    xml = "".join(
        shape_xml(10 + i, v[0], v[1], v[2], v[3], text=f"geometry {i}", rot=v[4]) for i, v in enumerate(values)
    )
    xml += shape_xml(99, 914400, 5486400, 7315200, 914400, text="still drawn")
    # The slide size itself absurd, too.
    parts = with_slide_tree(parts_of(base_deck()), xml)
    pres = parts["ppt/presentation.xml"].decode()
    pres = re.sub(r'<p:sldSz cx="\d+" cy="\d+"', '<p:sldSz cx="-5" cy="99999999999999999999"', pres)
    parts["ppt/presentation.xml"] = pres.encode()
    return write_zip(folder / "absurd_geometry.pptx", parts)


def bad_fonts(folder: Path) -> Path:
    """Typefaces that do not exist, are empty, are absurdly long or contain control characters,
    and an embedded font part that is garbage."""
    names = ["NoSuchFontAnywhere", "", "X" * 5000, "Bad\tFont;Name%s,\\", "../../../etc/passwd", "Wingdings"]
    runs = "".join(
        f'<a:r><a:rPr lang="en-US"><a:latin typeface="{n}"/><a:ea typeface="{n}"/><a:cs typeface="{n}"/>'
        f'<a:sym typeface="{n}"/></a:rPr><a:t>font {i} </a:t></a:r>'
        for i, n in enumerate(names)
    )
    sp = (
        '<p:sp><p:nvSpPr><p:cNvPr id="5" name="fonts"/><p:cNvSpPr txBox="1"/><p:nvPr/></p:nvSpPr>'
        '<p:spPr><a:xfrm><a:off x="457200" y="457200"/><a:ext cx="8229600" cy="4572000"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr>'
        f"<p:txBody><a:bodyPr/><a:lstStyle/><a:p>{runs}</a:p></p:txBody></p:sp>"
    )
    parts = with_slide_tree(parts_of(base_deck()), sp)
    parts["ppt/fonts/font1.fntdata"] = b"\x00\x01\x00\x00garbage" * 100
    pres = parts["ppt/presentation.xml"].decode()
    pres = pres.replace(
        "<p:sldSz",
        '<p:embeddedFontLst><p:embeddedFont><p:font typeface="Garbage Sans"/><p:regular r:id="rIdF1"/>'
        "</p:embeddedFont></p:embeddedFontLst><p:sldSz",
        1,
    )
    parts["ppt/presentation.xml"] = pres.encode()
    pres_rels = "ppt/_rels/presentation.xml.rels"
    parts[pres_rels] = parts[pres_rels].replace(
        b"</Relationships>",
        f'<Relationship Id="rIdF1" Type="{R_NS}/font" Target="fonts/font1.fntdata"/></Relationships>'.encode(),
    )
    ct = (
        parts["[Content_Types].xml"]
        .decode()
        .replace("<Default ", '<Default Extension="fntdata" ContentType="application/x-fontdata"/><Default ', 1)
    )
    parts["[Content_Types].xml"] = ct.encode()
    return write_zip(folder / "bad_fonts.pptx", parts)


def table_xml(side: int) -> str:
    """A graphic frame with a ``side`` x ``side`` styled table filling the slide, cell k holding k
    (1-based, row by row) in 1 pt text without margins, so no row grows and no number wraps."""
    width, height = 9144000 // side, 6858000 // side
    grid = f'<a:gridCol w="{width}"/>' * side
    rows = []
    for r in range(side):
        cells = "".join(
            '<a:tc><a:txBody><a:bodyPr/><a:lstStyle/><a:p><a:r><a:rPr lang="en-US" sz="100"/>'
            f"<a:t>{r * side + c + 1}</a:t></a:r></a:p></a:txBody>"
            '<a:tcPr marL="0" marR="0" marT="0" marB="0"/></a:tc>'
            for c in range(side)
        )
        rows.append(f'<a:tr h="{height}">{cells}</a:tr>')
    return (
        '<p:graphicFrame><p:nvGraphicFramePr><p:cNvPr id="4" name="Table"/><p:cNvGraphicFramePr>'
        '<a:graphicFrameLocks noGrp="1"/></p:cNvGraphicFramePr><p:nvPr/></p:nvGraphicFramePr>'
        f'<p:xfrm><a:off x="0" y="0"/><a:ext cx="{width * side}" cy="{height * side}"/></p:xfrm>'
        '<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/table"><a:tbl>'
        '<a:tblPr firstRow="1" bandRow="1"><a:tableStyleId>{5C22544A-7EE6-4342-B048-85BDC9FD1C3A}</a:tableStyleId>'
        f"</a:tblPr><a:tblGrid>{grid}</a:tblGrid>{''.join(rows)}</a:tbl></a:graphicData></a:graphic></p:graphicFrame>"
    )


def table(side: int) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        parts = with_slide_tree(parts_of(base_deck()), table_xml(side))
        return write_zip(folder / f"table_{side}.pptx", parts)

    return make


def deck_cases(include_slow: bool = True) -> list[Case]:
    """Every crafted-deck case; ``slow`` ones (tens of seconds) are for bench/hostile.py."""
    cases = [
        Case("zip bomb: a 3 GiB part", bomb_part, kinds=("too_large",), why="inflating it exhausts memory"),
        Case("zip bomb: header lies (2 KB -> 2 GiB)", lying_part, kinds=("corrupt",), why="a reader trusting data"),
        Case("zip bomb: 100,000 parts", many_parts, kinds=("too_large",), why="per-part bookkeeping"),
        Case("25,000 unreferenced parts", many_parts_allowed, pages=1),
        Case("900 MiB of media parts (allowed)", allowed_media, pages=1, why="memory", slow=True),
        Case("1.2 GiB of media parts", big_media, kinds=("too_large",), why="loading every part at once"),
        Case("billion laughs", billion_laughs, pages=1, kinds=("corrupt",), why="entity expansion to 3 GB"),
        Case("PNG declaring 100,000 x 100,000", png_bomb, pages=1, why="allocating 40 GB of pixels"),
        Case("JPEG declaring 65,535 x 65,535", jpeg_bomb, pages=1, why="allocating 17 GB of pixels"),
        Case("decodable 20,000 x 20,000 PNG", png_real_bomb, pages=1, why="decoding 1.6 GB of pixels"),
        Case(
            "24 distinct 6,000 x 6,000 pictures",
            many_big_pictures,
            pages=24,
            why="caching every decoded picture",
            slow=True,
        ),
        Case("SVGZ picture inflating to 1 GiB", svgz_bomb, pages=1, why="Qt SVG inflates svgz whole"),
        Case("a chart part of 100 MiB of numbers", chart_of_numbers(100), pages=1, why="parsing it whole"),
        Case("truncated PNG", truncated_pictures, pages=1),
        Case("truncated JPEG", truncated_jpeg, pages=1),
        Case("groups nested 200 deep", nested_groups(200), pages=1, why="recursion"),
        Case("groups nested 2,000 deep", nested_groups(2000), pages=1, why="recursion, XML depth limits"),
        Case("groups nested 5,000 deep", nested_groups(5000), pages=1, kinds=("corrupt",), why="recursion"),
        Case("cyclic relationships", cyclic_relationships, pages=2, why="endless inheritance walks"),
        Case("a slide that is its own layout", slide_as_its_own_layout, pages=2, why="endless inheritance walks"),
        Case("relationships naming parts of the wrong kind", parts_of_the_wrong_kind, pages=2, why="type confusion"),
        Case("font parts claiming 4 GiB", font_claiming_4_gib, pages=1, why="allocating what a header says"),
        Case("PNG whose pixel data inflates to 1 GiB", png_idat_bomb, pages=1, why="inflating it whole"),
        Case("absurd geometry", absurd_geometry, pages=1, why="overflow, NaN, zero division"),
        Case("fonts that fail to load", bad_fonts, pages=1),
        Case("a slide with 10,000 shapes", many_shapes(10_000), pages=1),
        Case("300 slides", many_slides(300), pages=300),
        Case("a slide with 100,000 shapes", many_shapes(100_000), pages=1, why="time", slow=True),
        Case("a 500 x 500 table", table(500), pages=1, why="memory per cell (1.9 GB before)", slow=True),
        Case("2,000 slides", many_slides(2000), pages=2000, why="memory growing per slide", slow=True),
        Case("10,000 slides", many_slides(10_000), pages=10_000, why="per-part limits, time", slow=True),
    ]
    return [c for c in cases if include_slow or not c.slow]
