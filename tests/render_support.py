"""Helpers for renderer tests: build decks with python-pptx, convert, rasterise and sample pages."""

from __future__ import annotations

import ctypes
import io
import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_raw
from lxml import etree
from PIL import Image
from pptx import Presentation
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.package import Part
from pptx.opc.packuri import PackURI
from pptx.util import Emu, Inches
from pypdf import PdfReader

from worker.engines.base import ConvertOptions, ConvertResult, never_cancelled, no_progress
from worker.engines.builtin import BuiltinEngine

A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
P_NS = "http://schemas.openxmlformats.org/presentationml/2006/main"
NSDECL = (
    f'xmlns:a="{A_NS}" xmlns:p="{P_NS}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
)


def new_deck(width_in: float = 10.0, height_in: float = 7.5) -> Any:
    prs = Presentation()
    prs.slide_width = Emu(int(width_in * 914400))
    prs.slide_height = Emu(int(height_in * 914400))
    return prs


def blank_slide(prs: Any) -> Any:
    return prs.slides.add_slide(prs.slide_layouts[6])


def add_svg_pictures(prs: Any, slide: Any, fallback: Path, svgs: list[str]) -> None:
    """One 72 pt square picture per SVG (an svgBlip beside the ``fallback`` PNG, as PowerPoint
    stores them), 108 pt apart from (36, 72)."""
    for i, svg in enumerate(svgs):
        pic = slide.shapes.add_picture(str(fallback), Inches(0.5 + i * 1.5), Inches(1), Inches(1), Inches(1))
        part = Part(PackURI(f"/ppt/media/svg{i}.svg"), "image/svg+xml", prs.part.package, svg.encode())
        r_id = slide.part.relate_to(part, RT.IMAGE)
        pic._element.blipFill.blip.append(
            etree.fromstring(
                f'<a:extLst xmlns:a="{A_NS}"><a:ext uri="{{96DAC541-7B7A-43D3-8B79-37D633B846F1}}">'
                '<asvg:svgBlip xmlns:asvg="http://schemas.microsoft.com/office/drawing/2016/SVG/main" '
                f'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" r:embed="{r_id}"/>'
                "</a:ext></a:extLst>"
            )
        )


def add_xml_shape(slide: Any, xml: str) -> etree._Element:
    """Append raw PresentationML (p:sp, p:grpSp, p:pic...) to a slide's shape tree."""
    el = etree.fromstring(xml.replace("<NS>", NSDECL))
    slide.shapes._spTree.append(el)
    return el


def sp_xml(
    x: int,
    y: int,
    w: int,
    h: int,
    geometry: str = '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom>',
    fill: str = "",
    line: str = "<a:ln><a:noFill/></a:ln>",
    xfrm_attrs: str = "",
    text: str = "",
    sid: int = 100,
) -> str:
    """A p:sp in EMU with the given geometry, fill and line XML."""
    body = text or ""
    return (
        f'<p:sp <NS>><p:nvSpPr><p:cNvPr id="{sid}" name="s{sid}"/><p:cNvSpPr/><p:nvPr/></p:nvSpPr>'
        f'<p:spPr><a:xfrm {xfrm_attrs}><a:off x="{x}" y="{y}"/><a:ext cx="{w}" cy="{h}"/></a:xfrm>'
        f"{geometry}{fill}{line}</p:spPr>{body}</p:sp>"
    )


def crossing_star_geometry(points: int, size: int) -> str:
    """A custGeom ``size`` EMU square: one closed outline through ``points`` points of a circle,
    each joined to the one nearly opposite, so every edge crosses the shape (a fuzzed custGeom)."""
    step = points // 2
    xy = [
        (
            round(size / 2 + size / 2 * math.cos(2 * math.pi * (i * step % points) / points)),
            round(size / 2 + size / 2 * math.sin(2 * math.pi * (i * step % points) / points)),
        )
        for i in range(points)
    ]
    path = f'<a:moveTo><a:pt x="{xy[0][0]}" y="{xy[0][1]}"/></a:moveTo>'
    path += "".join(f'<a:lnTo><a:pt x="{x}" y="{y}"/></a:lnTo>' for x, y in xy[1:])
    path = f'<a:path w="{size}" h="{size}">{path}<a:close/></a:path>'
    return f"<a:custGeom><a:pathLst>{path}</a:pathLst></a:custGeom>"


def chart_in_points(
    prs: Any, kind: Any, box: tuple[float, float, float, float], categories: list[str], values: tuple[float, ...]
) -> Any:
    """A python-pptx chart of one series "S" on a new slide, its frame (x, y, w, h) in points,
    without legend or title (labels and bars are then where the tests measure them)."""
    from pptx.chart.data import CategoryChartData
    from pptx.util import Emu

    data = CategoryChartData()
    data.categories = categories
    data.add_series("S", values)
    frame = blank_slide(prs).shapes.add_chart(kind, *(Emu(int(v * 12700)) for v in box), data)
    chart = frame.chart
    chart.has_legend = False
    chart.has_title = False
    return chart


def red_value_labels(chart: Any, position: Any) -> None:
    """Fill the chart's first series solid red (sampled by the tests) and label its values at ``position``."""
    from pptx.dml.color import RGBColor

    fill = chart.series[0].format.fill
    fill.solid()
    fill.fore_color.rgb = RGBColor(0xFF, 0, 0)
    plot = chart.plots[0]
    plot.has_data_labels = True
    plot.data_labels.show_value = True
    plot.data_labels.position = position


def convert(
    prs_or_path: Any,
    out_dir: Path,
    name: str = "deck",
    options: ConvertOptions | None = None,
    progress: Callable[[int, int], None] = no_progress,
    cancelled: Callable[[], bool] = never_cancelled,
) -> tuple[Path, ConvertResult]:
    if isinstance(prs_or_path, Path):
        source = prs_or_path
    else:
        source = out_dir / f"{name}.pptx"
        prs_or_path.save(str(source))
    target = out_dir / f"{name}.pdf"
    result = BuiltinEngine().convert(source, target, options or ConvertOptions(), progress, cancelled)
    return target, result


def render_page(pdf: Path, index: int = 0, dpi: float = 72.0) -> Image.Image:
    """The page as an RGB image where one pixel is one point at dpi 72."""
    doc = pdfium.PdfDocument(str(pdf))
    try:
        return doc[index].render(scale=dpi / 72.0).to_pil().convert("RGB")
    finally:
        doc.close()


def pixel(image: Image.Image, x_pt: float, y_pt: float, dpi: float = 72.0) -> tuple[int, int, int]:
    value = image.getpixel((int(x_pt * dpi / 72.0), int(y_pt * dpi / 72.0)))
    assert isinstance(value, tuple)
    return value[0], value[1], value[2]


def close(color: tuple[int, int, int], expected: tuple[int, int, int], tolerance: int = 12) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(color, expected, strict=True))


def page_text(pdf: Path, index: int = 0) -> str:
    doc = pdfium.PdfDocument(str(pdf))
    try:
        page = doc[index]
        text = page.get_textpage()
        return str(text.get_text_range())
    finally:
        doc.close()


def text_box(pdf: Path, needle: str, index: int = 0) -> tuple[float, float, float, float] | None:
    """(left, top, right, bottom) in points from the top-left of the first match of ``needle``."""
    doc = pdfium.PdfDocument(str(pdf))
    try:
        page = doc[index]
        height = page.get_height()
        textpage = page.get_textpage()
        searcher = textpage.search(needle)
        found = searcher.get_next()
        if found is None:
            return None
        start, count = found
        boxes = [textpage.get_charbox(i) for i in range(start, start + count)]
        left = min(b[0] for b in boxes)
        right = max(b[2] for b in boxes)
        bottom = min(b[1] for b in boxes)
        top = max(b[3] for b in boxes)
        return left, height - top, right, height - bottom
    finally:
        doc.close()


def unwrapped_text_pdf(tmp_path: Path, paras: str, height_pt: float = 400.0) -> Path:
    """``paras`` (a:p elements) in one unwrapped text box without insets, 600 pt wide at (40, 40)
    pt on a blank slide, converted."""
    tx = f'<p:txBody><a:bodyPr wrap="none" lIns="0" tIns="0" rIns="0" bIns="0"/><a:lstStyle/>{paras}</p:txBody>'
    prs = new_deck()
    add_xml_shape(blank_slide(prs), sp_xml(40 * 12700, 40 * 12700, 600 * 12700, round(height_pt * 12700), text=tx))
    tmp_path.mkdir(exist_ok=True)
    return convert(prs, tmp_path)[0]


def match_widths(pdf: Path, needle: str) -> list[float]:
    """The width of each match of ``needle`` on the first page, in points."""
    doc = pdfium.PdfDocument(str(pdf))
    try:
        textpage = doc[0].get_textpage()
        searcher = textpage.search(needle)
        spans = []
        found = searcher.get_next()
        while found is not None:
            start, count = found
            boxes = [textpage.get_charbox(i) for i in range(start, start + count)]
            spans.append(max(b[2] for b in boxes) - min(b[0] for b in boxes))
            found = searcher.get_next()
        return spans
    finally:
        doc.close()


@dataclass
class PdfChar:
    """One character of a PDF page's text, in points from the page's top left."""

    ch: str
    x: float  # origin
    baseline: float
    size: float
    font: str
    right: float  # the glyph's box
    top: float
    bottom: float


def visible_chars(pdf: Path, index: int = 0, spaces: bool = False) -> list[PdfChar]:
    """The characters of page ``index`` that are not white space (all, with ``spaces``), in text order."""
    doc = pdfium.PdfDocument(str(pdf))
    try:
        page = doc[index]
        height = page.get_height()
        text = page.get_textpage()
        out = []
        for i in range(text.count_chars()):
            ch = text.get_text_range(i, 1)
            if not (spaces or ch.strip()):
                continue
            x, y = ctypes.c_double(), ctypes.c_double()
            pdfium_raw.FPDFText_GetCharOrigin(text, i, x, y)
            size = pdfium_raw.FPDFText_GetFontSize(text, i)
            buffer = ctypes.create_string_buffer(256)
            flags = ctypes.c_int()
            pdfium_raw.FPDFText_GetFontInfo(text, i, buffer, 256, flags)
            box = text.get_charbox(i)
            font = buffer.value.decode("latin-1")
            out.append(PdfChar(ch, x.value, height - y.value, size, font, box[2], height - box[3], height - box[1]))
        return out
    finally:
        doc.close()


def char_origins(pdf: Path, index: int = 0) -> list[tuple[str, float, float]]:
    """Every character of page ``index`` in text order: (char, origin x, baseline below the page top)."""
    return [(c.ch, c.x, c.baseline) for c in visible_chars(pdf, index, spaces=True)]


def word_origins(pdf: Path, index: int = 0) -> dict[str, tuple[float, float]]:
    """Each word (a run of non-space characters) of page ``index`` -> the origin of its first
    character: (x, baseline below the page top); a repeated word keeps its last place."""
    chars = char_origins(pdf, index)
    found: dict[str, tuple[float, float]] = {}
    for i, (ch, x, y) in enumerate(chars):
        if not ch.strip() or (i > 0 and chars[i - 1][0].strip()):
            continue
        word = ""
        for later, _, _ in chars[i:]:
            if not later.strip():
                break
            word += later
        found[word] = (x, y)
    return found


def png_bytes(width: int, height: int, colors: list[tuple[int, int, int, int]]) -> bytes:
    """A PNG split into vertical stripes of the given RGBA colours."""
    image = Image.new("RGBA", (width, height))
    stripe = width // len(colors)
    for i, color in enumerate(colors):
        for x in range(i * stripe, width if i == len(colors) - 1 else (i + 1) * stripe):
            for y in range(height):
                image.putpixel((x, y), color)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def mask_runs(flags: object) -> list[tuple[int, int]]:
    """Contiguous True runs of a 1-D mask (a numpy array or a sequence) as (start, end) index pairs."""
    values = flags.tolist() if hasattr(flags, "tolist") else list(flags)  # type: ignore[call-overload]
    out: list[tuple[int, int]] = []
    start: int | None = None
    for i, v in enumerate([*values, False]):
        if v and start is None:
            start = i
        elif not v and start is not None:
            out.append((start, i))
            start = None
    return out


def text_angles(pdf: Path, words: list[str], index: int = 0) -> dict[str, float]:
    """Degrees (counter-clockwise on the page) at which each of ``words`` runs on page ``index``."""
    angles: dict[str, float] = {}

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: object) -> None:
        word = text.strip()
        if word in words:
            # The text's x direction on the page: the matrix' first row, y flipped back to up.
            a, b = tm[0] * cm[0] + tm[1] * cm[2], tm[0] * cm[1] + tm[1] * cm[3]
            angles[word] = math.degrees(math.atan2(b, a))

    PdfReader(pdf).pages[index].extract_text(visitor_text=visit)
    return angles


def swatch_colours(
    slide: Any, prs: Any, tmp_path: Path, fills: list[str], pitch: int, side: int
) -> list[tuple[int, int, int]]:
    """One square per ``fills`` entry (the inside of an a:solidFill: a colour element with its
    transforms), ``side`` pt wide, ``pitch`` pt apart along the top of ``slide``; the deck is
    converted and each square's centre sampled on the 72 dpi page."""
    from pptx.enum.shapes import MSO_SHAPE
    from pptx.util import Pt

    for i, fill in enumerate(fills):
        sp = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, Pt(20 + i * pitch), Pt(20), Pt(side), Pt(side))
        sp.line.fill.background()
        sp._element.spPr.append(etree.fromstring(f'<a:solidFill xmlns:a="{A_NS}">{fill}</a:solidFill>'))
    pdf, _ = convert(prs, tmp_path)
    page = render_page(pdf).convert("RGB")
    middle = 20 + side // 2
    return [pixel(page, middle + i * pitch, middle) for i in range(len(fills))]


def count_calls(monkeypatch: Any, owner: object, name: str) -> list[int]:
    """``owner.name`` still called, with an entry added to the returned list per call."""
    calls: list[int] = []
    real = getattr(owner, name)

    def counted(*args: object, **kwargs: object) -> object:
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(owner, name, counted)
    return calls
