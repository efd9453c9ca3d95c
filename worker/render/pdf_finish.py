"""What QPdfWriter cannot do, added with pypdf: outline, document metadata and link annotations."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from pypdf import PdfReader, PdfWriter
from pypdf.annotations import Link
from pypdf.generic import Fit

from worker.render.context import LinkArea
from worker.render.pdf_text import fix_fonts_unicode, merge_page_text
from worker.render.picture_passthrough import StandIns, swap_stand_ins

log = logging.getLogger(__name__)


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
    reader = PdfReader(str(raw))
    writer = PdfWriter(clone_from=reader)
    if stand_ins is not None:
        swap_stand_ins(writer, stand_ins)
    metadata = {"/Producer": "Slidepress", "/Creator": "Slidepress"}
    for key, value in (
        ("/Title", props.title),
        ("/Author", props.author),
        ("/Subject", props.subject),
        ("/Keywords", props.keywords),
    ):
        if value:
            metadata[key] = value
    writer.add_metadata(metadata)
    page_of_part = {info.partname: index for index, info in enumerate(pages)}
    fix_fonts_unicode(writer)
    for page in writer.pages:
        merge_page_text(page)
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
    target = link.target
    annotation: Link | None = None
    if target.startswith("#slide:"):
        try:
            page = int(target.split(":", 1)[1]) - 1
        except ValueError:
            return
        if 0 <= page < len(writer.pages):
            annotation = Link(rect=rect, border=_NO_BORDER, target_page_index=page, fit=Fit.fit())
    elif target.startswith("/"):
        page = page_of_part.get(target, -1)
        if page >= 0:
            annotation = Link(rect=rect, border=_NO_BORDER, target_page_index=page, fit=Fit.fit())
    elif ":" in target:
        annotation = Link(rect=rect, border=_NO_BORDER, url=target)
    if annotation is not None:
        writer.add_annotation(index, annotation)


# No visible frame around links, as in PowerPoint's export.
_NO_BORDER = [0, 0, 0]
