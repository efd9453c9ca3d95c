"""What QPdfWriter cannot do, added with pypdf: outline, document metadata and link annotations.

Also merged text runs and fixed ToUnicode maps (``pdf_text``) and pictures passed through
(``picture_passthrough``). Only the objects that change are written anew (``pdf_patch``); a file
that module cannot patch goes through a whole pypdf writer instead."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, Protocol, TypeVar

from pypdf import PdfReader, PdfWriter
from pypdf.annotations import Link
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    Fit,
    IndirectObject,
    NameObject,
    NumberObject,
    PdfObject,
    RectangleObject,
    StreamObject,
    TextStringObject,
    create_string_object,
)

from worker.render import deflate
from worker.render.context import LinkArea
from worker.render.pdf_patch import PatchError, PdfPatch
from worker.render.pdf_text import FontInfo, fix_fonts_unicode, merge_page_text, merged_page_text
from worker.render.picture_passthrough import StandIns, swap_stand_ins

log = logging.getLogger(__name__)
_Obj = TypeVar("_Obj", bound=PdfObject)

# zlib level of the rewritten page content, deflated by zlib-ng (worker/render/deflate.py): at the
# default level it is still about four times as fast as the standard library's level 4, and smaller.
CONTENT_COMPRESSION = 6


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
) -> None:
    try:
        patch = PdfPatch.open(raw)
        _finish_patch(patch, target, pages, props, page_height, stand_ins)
        return
    except PatchError as exc:
        log.info("PDF finished by a full rewrite: %s", exc)
    _finish_rewrite(raw, target, pages, props, page_height, stand_ins)


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
) -> None:
    """The finishing steps on Qt's file, writing only what they change."""
    reader = patch.reader
    page_objects = list(reader.pages)
    if len(page_objects) != len(pages):
        raise PatchError(f"{len(page_objects)} pages in the PDF for {len(pages)} slides")
    page_refs = [patch.reference(page) for page in page_objects]
    changed: list[Any] = []
    if stand_ins is not None:
        changed += swap_stand_ins(reader, stand_ins)
    changed += fix_fonts_unicode(reader)
    for ref in changed:
        if not isinstance(ref, IndirectObject):
            raise PatchError("a changed stream is not an object of its own")
        patch.replace(ref, _own(ref, StreamObject))

    info_ref = reader.trailer.raw_get("/Info")
    info = _own(info_ref, DictionaryObject)
    for key, value in _metadata(props).items():
        info[NameObject(key)] = create_string_object(value)
    patch.replace(info_ref, info)

    fonts_seen: dict[int, FontInfo] = {}
    for page in page_objects:
        contents = page.raw_get("/Contents") if "/Contents" in page else None
        # Qt's content streams are read from the file as they are: pypdf need not parse them.
        raw = partial(patch.flate_stream, contents) if isinstance(contents, IndirectObject) else None
        merged = merged_page_text(page, fonts_seen, raw)
        if merged is None:
            continue
        if not isinstance(contents, IndirectObject):
            raise PatchError("page contents are not one stream object")
        stream = StreamObject()
        stream[NameObject("/Filter")] = NameObject("/FlateDecode")
        stream.set_data(deflate.compress(merged, CONTENT_COMPRESSION))  # written as given
        patch.replace(contents, stream)

    root_ref = reader.trailer.raw_get("/Root")
    root = _own(root_ref, DictionaryObject)
    if pages:
        root[NameObject("/Outlines")] = _outline(patch, pages, page_refs)
    root[NameObject("/PageMode")] = NameObject("/UseOutlines")
    patch.replace(root_ref, root)

    page_of_part = {slide.partname: index for index, slide in enumerate(pages)}
    for index, slide in enumerate(pages):
        annotations = [
            annotation
            for link in slide.links
            if (annotation := _link_annotation(link, page_refs, page_of_part, page_height)) is not None
        ]
        if annotations:
            _annotate(patch, page_objects[index], page_refs[index], annotations)
    patch.write(target, {})


def _own(ref: Any, kind: type[_Obj]) -> _Obj:
    """The object an indirect reference of the file leads to, of the kind the step changes."""
    obj = ref.get_object() if isinstance(ref, IndirectObject) else None
    if not isinstance(obj, kind):
        raise PatchError(f"expected an indirect {kind.__name__}")
    return obj


def _outline(patch: PdfPatch, pages: list[PageInfo], page_refs: list[IndirectObject]) -> IndirectObject:
    """One outline item per page, titled by its slide's title."""
    outlines = DictionaryObject({NameObject("/Type"): NameObject("/Outlines")})
    outlines_ref = patch.add(outlines)
    items = [DictionaryObject() for _ in pages]
    refs = [patch.add(item) for item in items]
    for index, (info, item) in enumerate(zip(pages, items, strict=True)):
        item[NameObject("/Title")] = TextStringObject(info.title or f"Slide {index + 1}")
        item[NameObject("/Parent")] = outlines_ref
        item[NameObject("/A")] = DictionaryObject(
            {
                NameObject("/S"): NameObject("/GoTo"),
                NameObject("/D"): ArrayObject([page_refs[index], NameObject("/Fit")]),
            }
        )
        if index:
            item[NameObject("/Prev")] = refs[index - 1]
        if index + 1 < len(refs):
            item[NameObject("/Next")] = refs[index + 1]
    outlines[NameObject("/First")] = refs[0]
    outlines[NameObject("/Last")] = refs[-1]
    outlines[NameObject("/Count")] = NumberObject(len(refs))
    return outlines_ref


def _annotate(patch: PdfPatch, page: Any, page_ref: IndirectObject, annotations: list[DictionaryObject]) -> None:
    refs: list[PdfObject] = []
    for annotation in annotations:
        annotation[NameObject("/P")] = page_ref
        refs.append(patch.add(annotation))
    existing = page.raw_get("/Annots")
    if isinstance(existing, IndirectObject):
        array = existing.get_object()
        if not isinstance(array, ArrayObject):
            raise PatchError("page annotations are not an array")
        array.extend(refs)
        patch.replace(existing, array)
    else:
        array = existing if isinstance(existing, ArrayObject) else ArrayObject()
        array.extend(refs)
        page[NameObject("/Annots")] = array
        patch.replace(page_ref, page)


def _link_annotation(
    link: LinkArea, page_refs: list[IndirectObject], page_of_part: dict[str, int], page_height: float
) -> DictionaryObject | None:
    """A borderless link annotation (as PowerPoint exports them), or None for a target not in the PDF."""
    target = _link_target(link.target, len(page_refs), page_of_part)
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


def _link_target(target: str, page_count: int, page_of_part: dict[str, int]) -> int | str | None:
    """The page index a link goes to, or its URL; None when it leads nowhere in this PDF."""
    if target.startswith("#slide:"):
        try:
            page = int(target.split(":", 1)[1]) - 1
        except ValueError:
            return None
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
) -> None:
    """The same steps through a pypdf writer holding a clone of the whole document."""
    reader = PdfReader(str(raw))
    writer = PdfWriter(clone_from=reader)
    if stand_ins is not None:
        swap_stand_ins(writer, stand_ins)
    writer.add_metadata(_metadata(props))
    page_of_part = {info.partname: index for index, info in enumerate(pages)}
    fix_fonts_unicode(writer)
    fonts_seen: dict[int, FontInfo] = {}
    for page in writer.pages:
        merge_page_text(page, fonts_seen)
        page.compress_content_streams()
    for index, info in enumerate(pages):
        writer.add_outline_item(title=info.title or f"Slide {index + 1}", page_number=index)
        for link in info.links:
            _add_link(writer, index, link, page_of_part, page_height)
    writer.page_mode = "/UseOutlines"
    with open(target, "wb") as out:
        writer.write(out)


def _add_link(writer: PdfWriter, index: int, link: LinkArea, page_of_part: dict[str, int], page_height: float) -> None:
    r = link.rect
    # PDF user space has its origin bottom-left.
    rect = (r.left(), page_height - r.bottom(), r.right(), page_height - r.top())
    target = _link_target(link.target, len(writer.pages), page_of_part)
    if isinstance(target, int):
        writer.add_annotation(index, Link(rect=rect, border=_NO_BORDER, target_page_index=target, fit=Fit.fit()))
    elif target is not None:
        writer.add_annotation(index, Link(rect=rect, border=_NO_BORDER, url=target))


# No visible frame around links, as in PowerPoint's export.
_NO_BORDER = [0, 0, 0]
