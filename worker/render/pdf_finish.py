"""What QPdfWriter cannot do, added with pypdf: outline, document metadata and link annotations.

Also merged text runs and fixed ToUnicode maps (``pdf_text``) and pictures passed through
(``picture_passthrough``). Only the objects that change are written anew (``pdf_patch``); a file
that module cannot patch goes through a whole pypdf writer instead.

pypdf is imported where it is used (link annotations, the whole rewrite): its import is ~50 ms of
a `slidepress convert` process, and a deck without links patched as usual needs none of it (its
metadata and outline titles are written by ``pdf_strings`` as pypdf would write them)."""

from __future__ import annotations

import logging
import shutil
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from worker.errors import OutputError
from worker.output_failures import output_error
from worker.outputs import DISK_FULL, cannot_write_in
from worker.render import deflate
from worker.render.actual_text import ActualTexts, TextLayer
from worker.render.context import LinkArea
from worker.render.links import FIRST_SLIDE, LAST_SLIDE, NEXT_SLIDE, PREVIOUS_SLIDE, RELATIVE_JUMPS
from worker.render.pdf_patch import PatchError, PdfPatch, Ref, Value, serialize, stream_object
from worker.render.pdf_strings import text_string
from worker.render.pdf_text import (
    FontInfo,
    MergeState,
    fix_fonts_unicode,
    fix_patched_fonts,
    merge_page_text,
    merge_text_runs_into,
)
from worker.render.picture_passthrough import StandIns, swap_patched_stand_ins, swap_stand_ins

if TYPE_CHECKING:
    from pypdf import PdfWriter
    from pypdf.generic import DictionaryObject, IndirectObject, PdfObject

log = logging.getLogger(__name__)

# zlib level of the rewritten page content, deflated by zlib-ng (worker/render/deflate.py). Over the
# corpus's 525 pages, levels 4, 5 and 6 take 0.115, 0.126 and 0.146 s and write 2.82, 2.76 and
# 2.75 MB: level 4 makes the PDFs 0.3 % larger for a fifth less time.
CONTENT_COMPRESSION = 4


class Properties(Protocol):
    @property
    def title(self) -> str: ...
    @property
    def author(self) -> str: ...
    @property
    def subject(self) -> str: ...
    @property
    def keywords(self) -> str: ...


@dataclass
class PageInfo:
    title: str
    partname: str
    links: list[LinkArea] = field(default_factory=list)


def finish_pdf(
    raw: Path,
    target: Path,
    pages: list[PageInfo],
    props: Properties,
    page_height: float,
    stand_ins: StandIns | None = None,
    layer: TextLayer | None = None,
) -> None:
    """``layer``: the glyph runs painted into ``raw``, for the text of shaped glyphs (actual_text)."""
    check_written(raw)
    try:
        patch = PdfPatch.open(raw)
        _finish_patch(patch, target, pages, props, page_height, stand_ins, _actual_texts(layer))
        return
    except PatchError as exc:
        log.info("PDF finished by a full rewrite: %s", exc)
    # Paired afresh: the patch may have got part of the way.
    _finish_rewrite(raw, target, pages, props, page_height, stand_ins, _actual_texts(layer))


def _actual_texts(layer: TextLayer | None) -> ActualTexts | None:
    """The pairing of ``layer``'s runs with the PDF's text, None when no run is shaped (nothing
    to name or mark: the text is finished as before)."""
    return ActualTexts(layer) if layer is not None and layer.shaped else None


# Qt's PDF writer ignores failed writes, so a full disk leaves a cut-off file behind it silently.
_TAIL = 64
_NEARLY_FULL = 64 * 1024 * 1024


def check_written(raw: Path) -> None:
    """Raise OutputError unless Qt's PDF at ``raw`` is whole (it ends with %%EOF)."""
    try:
        with raw.open("rb") as file:
            size = file.seek(0, 2)
            file.seek(max(0, size - _TAIL))
            whole = b"%%EOF" in file.read()
    except OSError as exc:
        raise output_error(cannot_write_in(raw.parent, exc), exc) from exc
    if whole:
        return
    folder = raw.parent
    try:
        full = shutil.disk_usage(folder).free < _NEARLY_FULL
    except OSError:
        full = False
    if full:
        raise OutputError(f"{DISK_FULL}: cannot write the PDF in {folder}; make room there or choose another folder")
    raise OutputError(f"PDF came out incomplete: cannot write the PDF in {folder}")


def _metadata(props: Properties) -> dict[str, str]:
    metadata = {"/Producer": "Slidepress", "/Creator": "Slidepress"}
    for key, value in (
        ("/Title", props.title),
        ("/Author", props.author),
        ("/Subject", props.subject),
        ("/Keywords", props.keywords),
    ):
        if value:
            metadata[key] = value
    return metadata


def _finish_patch(
    patch: PdfPatch,
    target: Path,
    pages: list[PageInfo],
    props: Properties,
    page_height: float,
    stand_ins: StandIns | None,
    texts: ActualTexts | None = None,
) -> None:
    """The finishing steps on Qt's file, reading and writing only what they need."""
    page_numbers = patch.page_numbers()
    if len(page_numbers) != len(pages):
        raise PatchError(f"{len(page_numbers)} pages in the PDF for {len(pages)} slides")
    page_dicts = [patch.dictionary(Ref(number)) for number in page_numbers]
    resources = [patch.dictionary(page.get(b"/Resources", {})) for page in page_dicts]
    if stand_ins is not None:
        swap_patched_stand_ins(patch, resources, stand_ins)
    page_fonts = [patch.dictionary(res[b"/Font"]) if b"/Font" in res else None for res in resources]
    font_numbers: list[int] = []
    for fonts in page_fonts:
        for ref in (fonts or {}).values():
            if not isinstance(ref, Ref):
                raise PatchError("a font that is not an object of its own")
            font_numbers.append(ref.number)
    infos = fix_patched_fonts(patch, font_numbers, texts)

    info_ref = patch.trailer.get(b"/Info")
    if not isinstance(info_ref, Ref):
        raise PatchError("no document information dictionary")
    info = dict(patch.dictionary(info_ref))
    for key, value in _metadata(props).items():
        info[key.encode()] = text_string(value)
    patch.replace(info_ref.number, serialize(info))

    merging = MergeState()
    for page, fonts in zip(page_dicts, page_fonts, strict=True):
        if fonts is None:
            continue
        contents = page.get(b"/Contents")
        if not isinstance(contents, Ref):
            raise PatchError("page contents are not one stream object")
        used = {name[1:].decode("latin-1"): infos[ref.number] for name, ref in fonts.items() if isinstance(ref, Ref)}
        content = patch.stream_data(contents.number)
        # Compressed as it is merged: a page's content is held once, not merged and joined too.
        deflater = deflate.Deflater(CONTENT_COMPRESSION)
        if not merge_text_runs_into(content, used, deflater.add, merging, texts):
            continue  # no run to merge: Qt's (deflated) stream stays as it is
        del content
        body = stream_object({b"/Filter": b"/FlateDecode"}, deflater.finish())
        patch.replace(contents.number, body)
    if texts is not None:
        for number, cmap in texts.completed_maps():
            if isinstance(number, int):
                patch.replace(number, stream_object({}, cmap))

    root_ref = patch.trailer.get(b"/Root")
    if not isinstance(root_ref, Ref):
        raise PatchError("no document catalog")
    root = dict(patch.dictionary(root_ref))
    if pages:
        root[b"/Outlines"] = Ref(_outline(patch, pages, page_numbers))
    root[b"/PageMode"] = b"/UseOutlines"
    patch.replace(root_ref.number, serialize(root))

    if any(slide.links for slide in pages):
        from pypdf.generic import IndirectObject

        page_refs = [IndirectObject(number, 0, None) for number in page_numbers]
        page_of_part = {slide.partname: index for index, slide in enumerate(pages)}
        for index, slide in enumerate(pages):
            annotations = [
                annotation
                for link in slide.links
                if (annotation := _link_annotation(link, page_refs, page_of_part, page_height, index)) is not None
            ]
            if annotations:
                _annotate(patch, page_numbers[index], page_dicts[index], annotations)
    patch.write(target, {})


def _pdf_bytes(obj: PdfObject) -> bytes:
    """A pypdf object in PDF syntax (strings and numbers written as pypdf writes them)."""
    stream = BytesIO()
    obj.write_to_stream(stream)
    return stream.getvalue()


def _outline(patch: PdfPatch, pages: list[PageInfo], page_numbers: list[int]) -> int:
    """One outline item per page, titled by its slide's title; the outline's object number."""
    outlines = patch.reserve()
    numbers = [patch.reserve() for _ in pages]
    for index, (info, number) in enumerate(zip(pages, numbers, strict=True)):
        item: dict[bytes, Value] = {
            b"/Title": text_string(info.title or f"Slide {index + 1}"),
            b"/Parent": Ref(outlines),
            b"/A": {b"/S": b"/GoTo", b"/D": [Ref(page_numbers[index]), b"/Fit"]},
        }
        if index:
            item[b"/Prev"] = Ref(numbers[index - 1])
        if index + 1 < len(numbers):
            item[b"/Next"] = Ref(numbers[index + 1])
        patch.put(number, serialize(item))
    root: dict[bytes, Value] = {
        b"/Type": b"/Outlines",
        b"/First": Ref(numbers[0]),
        b"/Last": Ref(numbers[-1]),
        b"/Count": b"%d" % len(numbers),
    }
    patch.put(outlines, serialize(root))
    return outlines


def _annotate(patch: PdfPatch, number: int, page: dict[bytes, Value], annotations: list[DictionaryObject]) -> None:
    from pypdf.generic import IndirectObject, NameObject

    refs: list[Value] = []
    for annotation in annotations:
        annotation[NameObject("/P")] = IndirectObject(number, 0, None)
        refs.append(Ref(patch.add(_pdf_bytes(annotation))))
    existing = page.get(b"/Annots")
    if isinstance(existing, Ref):
        array = patch.get(existing)
        if not isinstance(array, list):
            raise PatchError("page annotations are not an array")
        patch.replace(existing.number, serialize(array + refs))
    else:
        changed = dict(page)
        changed[b"/Annots"] = (existing if isinstance(existing, list) else []) + refs
        patch.replace(number, serialize(changed))


def _link_annotation(
    link: LinkArea, page_refs: list[IndirectObject], page_of_part: dict[str, int], page_height: float, index: int
) -> DictionaryObject | None:
    """A borderless link annotation (as PowerPoint exports them), or None for a target not in the PDF."""
    from pypdf.generic import ArrayObject, DictionaryObject, NameObject, NumberObject, RectangleObject, TextStringObject

    target = _link_target(link.target, len(page_refs), page_of_part, index)
    if target is None:
        return None
    r = link.rect
    annotation = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Link"),
            # PDF user space has its origin bottom-left.
            NameObject("/Rect"): RectangleObject(
                (r.left(), page_height - r.bottom(), r.right(), page_height - r.top())
            ),
            NameObject("/Border"): ArrayObject([NumberObject(n) for n in _NO_BORDER]),
        }
    )
    if isinstance(target, int):
        annotation[NameObject("/Dest")] = ArrayObject([page_refs[target], NameObject("/Fit")])
    else:
        annotation[NameObject("/A")] = DictionaryObject(
            {
                NameObject("/S"): NameObject("/URI"),
                NameObject("/Type"): NameObject("/Action"),
                NameObject("/URI"): TextStringObject(target),
            }
        )
    return annotation


def _link_target(target: str, page_count: int, page_of_part: dict[str, int], index: int) -> int | str | None:
    """The page index a link on page ``index`` goes to, or its URL; None when it leads nowhere in
    this PDF. Relative jumps count pages, so "next" skips the hidden slides a show skips too."""
    if target in RELATIVE_JUMPS:
        page = {NEXT_SLIDE: index + 1, PREVIOUS_SLIDE: index - 1, FIRST_SLIDE: 0, LAST_SLIDE: page_count - 1}[target]
        return page if 0 <= page < page_count else None
    if target.startswith("/"):
        page = page_of_part.get(target, -1)
        return page if page >= 0 else None
    if ":" in target:
        return target
    return None


def _finish_rewrite(
    raw: Path,
    target: Path,
    pages: list[PageInfo],
    props: Properties,
    page_height: float,
    stand_ins: StandIns | None,
    texts: ActualTexts | None = None,
) -> None:
    """The same steps through a pypdf writer holding a clone of the whole document."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import StreamObject

    reader = PdfReader(str(raw))
    writer = PdfWriter(clone_from=reader)
    if stand_ins is not None:
        swap_stand_ins(writer, stand_ins)
    writer.add_metadata(_metadata(props))
    page_of_part = {info.partname: index for index, info in enumerate(pages)}
    fix_fonts_unicode(writer)
    fonts_seen: dict[int, FontInfo] = {}
    for page in writer.pages:
        merge_page_text(page, fonts_seen, texts)
        page.compress_content_streams()
    if texts is not None:
        for stream, cmap in texts.completed_maps():
            if isinstance(stream, StreamObject):
                stream.set_data(cmap)
    for index, info in enumerate(pages):
        writer.add_outline_item(title=info.title or f"Slide {index + 1}", page_number=index)
        for link in info.links:
            _add_link(writer, index, link, page_of_part, page_height)
    writer.page_mode = "/UseOutlines"
    with open(target, "wb") as out:
        writer.write(out)


def _add_link(writer: PdfWriter, index: int, link: LinkArea, page_of_part: dict[str, int], page_height: float) -> None:
    from pypdf.annotations import Link
    from pypdf.generic import Fit

    r = link.rect
    # PDF user space has its origin bottom-left.
    rect = (r.left(), page_height - r.bottom(), r.right(), page_height - r.top())
    target = _link_target(link.target, len(writer.pages), page_of_part, index)
    if isinstance(target, int):
        writer.add_annotation(index, Link(rect=rect, border=_NO_BORDER, target_page_index=target, fit=Fit.fit()))
    elif target is not None:
        writer.add_annotation(index, Link(rect=rect, border=_NO_BORDER, url=target))


# No visible frame around links, as in PowerPoint's export.
_NO_BORDER = [0, 0, 0]
