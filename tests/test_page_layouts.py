"""Notes pages and handouts from the built-in engine: real decks in, real PDFs out, checked for what
each page holds and where."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pptx
import pytest
from corpus_support import run_slidepress
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.util import Emu
from pypdf import PdfReader
from PySide6.QtCore import QRectF

from worker.engines.base import ConvertOptions, PageLayout, never_cancelled, no_progress
from worker.engines.builtin import BuiltinEngine
from worker.render.handouts import GRIDS, handout_cells

NOTES_SIZE = (540.0, 720.0)  # python-pptx's default notes page, 7.5 x 10 in


def build_deck(path: Path, count: int, notes: dict[int, str] | None = None) -> Path:
    prs = pptx.Presentation()
    for i in range(count):
        slide = prs.slides.add_slide(prs.slide_layouts[1])
        assert slide.shapes.title is not None
        slide.shapes.title.text = f"Title {i + 1}"
        slide.placeholders[1].text_frame.text = f"Bullet {i + 1}"
        if notes and i in notes:
            slide.notes_slide.notes_text_frame.text = notes[i]
    prs.save(str(path))
    return path


def convert(deck: Path, target: Path, layout: PageLayout) -> int:
    result = BuiltinEngine().convert(deck, target, ConvertOptions(layout=layout), no_progress, never_cancelled)
    assert result.engine == "builtin"
    return result.slides


def text_heights(pdf: Path, page: int) -> dict[str, float]:
    """Each text run on ``page`` → its baseline height from the page's bottom, in points."""
    found: dict[str, float] = {}

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: object) -> None:
        words = " ".join(text.split())
        if words:
            found.setdefault(words, tm[4] * cm[1] + tm[5] * cm[3] + cm[5])

    PdfReader(pdf).pages[page].extract_text(visitor_text=visit)
    return found


def page_text(pdf: Path, page: int) -> str:
    return " ".join((PdfReader(pdf).pages[page].extract_text() or "").split())


def height_of(heights: dict[str, float], needle: str) -> float:
    return next(y for text, y in heights.items() if needle in text)


def test_notes_pages_put_the_slide_above_its_notes(tmp_path: Path) -> None:
    deck = build_deck(tmp_path / "talk.pptx", 3, {0: "Say hello first", 2: "Then the demo"})
    out = tmp_path / "notes.pdf"
    assert convert(deck, out, PageLayout.NOTES) == 3
    reader = PdfReader(out)
    assert len(reader.pages) == 3
    for page in reader.pages:
        assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(NOTES_SIZE, abs=0.5)
    heights = text_heights(out, 0)
    assert height_of(heights, "Title 1") > height_of(heights, "Say hello first")
    assert "Title 2" in page_text(out, 1) and "Say hello" not in page_text(out, 1)  # no notes: the slide only
    assert "Then the demo" in page_text(out, 2)
    assert [o.title for o in reader.outline] == ["Title 1", "Title 2", "Title 3"]  # type: ignore[union-attr]


def test_notes_master_decides_where_things_go(tmp_path: Path) -> None:
    """Move the notes master's slide image to the bottom and its body to the top: the page follows."""
    deck = build_deck(tmp_path / "talk.pptx", 1, {0: "Notes on top"})
    prs = pptx.Presentation(str(deck))
    master = prs.notes_master
    placeholders: list[Any] = [shape for shape in master.shapes if shape.is_placeholder]
    image = next(s for s in placeholders if s.placeholder_format.type == PP_PLACEHOLDER.SLIDE_IMAGE)
    body = next(s for s in placeholders if s.placeholder_format.type == PP_PLACEHOLDER.BODY)
    image.top, body.top = Emu(body.top + body.height - image.height), Emu(image.top)
    # The notes slide's own copies must not override the master for this test.
    notes_tree = prs.slides[0].notes_slide.shapes._spTree
    for sp in notes_tree.iter("{*}sp"):
        xfrm = sp.find(".//{*}spPr/{*}xfrm")
        if xfrm is not None:
            xfrm.getparent().remove(xfrm)
    prs.save(str(deck))
    out = tmp_path / "notes.pdf"
    convert(deck, out, PageLayout.NOTES)
    heights = text_heights(out, 0)
    assert height_of(heights, "Notes on top") > height_of(heights, "Title 1")


def test_notes_pages_without_a_notes_master(tmp_path: Path) -> None:
    """A deck that never had notes has no notes master part: PowerPoint's default layout is used."""
    deck = build_deck(tmp_path / "plain.pptx", 2)
    prs = pptx.Presentation(str(deck))
    assert not any("notesMaster" in str(rel.reltype) for rel in prs.part.rels.values())
    out = tmp_path / "plain-notes.pdf"
    assert convert(deck, out, PageLayout.NOTES) == 2
    for index in range(2):
        text = page_text(out, index)
        assert f"Title {index + 1}" in text and f"Bullet {index + 1}" in text


@pytest.mark.parametrize(
    ("layout", "pages"),
    [
        (PageLayout.HANDOUT_1, 7),
        (PageLayout.HANDOUT_2, 4),
        (PageLayout.HANDOUT_3, 3),
        (PageLayout.HANDOUT_4, 2),
        (PageLayout.HANDOUT_6, 2),
        (PageLayout.HANDOUT_9, 1),
    ],
)
def test_handouts_hold_n_slides_per_page_in_order(tmp_path: Path, layout: PageLayout, pages: int) -> None:
    deck = build_deck(tmp_path / "talk.pptx", 7)
    out = tmp_path / f"{layout.value}.pdf"
    assert convert(deck, out, layout) == 7  # slides converted, not pages
    reader = PdfReader(out)
    assert len(reader.pages) == pages
    per_page = layout.handout_slides
    assert per_page is not None
    for index in range(pages):
        text = page_text(out, index)
        first = index * per_page + 1
        expected = [f"Title {n}" for n in range(first, min(first + per_page, 8))]
        # Each slide's title and bullet, in reading order, and no other slide's.
        positions = [(text + " ").find(f"{t} ") for t in expected]
        assert all(p >= 0 for p in positions), (text, expected)
        assert positions == sorted(positions)
        others = [f"Bullet {n} " for n in range(1, 8) if not first <= n < first + per_page]
        assert not any(o in text + " " for o in others), text


@pytest.mark.parametrize("per_page", sorted(GRIDS))
def test_handout_cells_fit_the_page_without_overlap(per_page: int) -> None:
    page = QRectF(0, 0, 540, 720)
    cells = handout_cells(per_page, 540, 720, 720, 405)  # a 16:9 deck on portrait paper
    assert len(cells) == per_page
    boxes = [c.slide_box for c in cells] + [c.lines_box for c in cells if c.lines_box is not None]
    for i, box in enumerate(boxes):
        assert page.contains(box)
        assert box.width() > 0 and box.height() > 0
        assert not any(box.intersects(other) for other in boxes[i + 1 :])
    # Reading order: left to right, then top to bottom.
    keys = [(round(c.slide_box.top()), round(c.slide_box.left())) for c in cells]
    assert keys == sorted(keys)
    assert [c.lines_box is not None for c in cells] == [per_page == 3] * per_page


def test_cli_layout_option(tmp_path: Path) -> None:
    deck = build_deck(tmp_path / "talk.pptx", 5, {1: "Remember the numbers"})
    result = run_slidepress("convert", deck, tmp_path / "h.pdf", "--engine", "builtin", "--layout", "handout-4")
    assert result.returncode == 0, result.stderr
    assert len(PdfReader(tmp_path / "h.pdf").pages) == 2
    result = run_slidepress("convert", deck, tmp_path / "n.pdf", "--layout", "notes")
    assert result.returncode == 0, result.stderr
    assert "Remember the numbers" in page_text(tmp_path / "n.pdf", 1)
    bad = run_slidepress("convert", deck, tmp_path / "x.pdf", "--layout", "handout-5")
    assert bad.returncode == 2 and not (tmp_path / "x.pdf").exists()


def test_layout_is_part_of_the_job(tmp_path: Path) -> None:
    from worker.jobs import JobQueue, SubmitOptions
    from worker.jobs.model import JobOptions
    from worker.paths import DataPaths

    deck = build_deck(tmp_path / "talk.pptx", 2)
    queue = JobQueue(DataPaths(tmp_path / "home").ensure())
    try:
        slides = queue.submit([deck], SubmitOptions(out_dir=tmp_path / "a"))
        notes = queue.submit([deck], SubmitOptions(out_dir=tmp_path / "a", layout="notes"))
        again = queue.submit([deck], SubmitOptions(out_dir=tmp_path / "a", layout="notes"))
        assert len(slides.queued) == 1 and len(notes.queued) == 1 and not again.queued
        stored = queue.store.get_many([slides.queued[0].id, notes.queued[0].id])
        assert [j.options.layout for j in stored] == ["slides", "notes"]
    finally:
        queue.close()
    # Slide PDFs keep the options (and so the job keys) they had before layouts existed.
    assert JobOptions().to_dict() == {"engine": "auto", "include_hidden": False}
    assert JobOptions.from_dict({"engine": "auto"}).layout == "slides"


def test_handout_layout_names() -> None:
    assert [layout.handout_slides for layout in PageLayout] == [None, None, 1, 2, 3, 4, 6, 9]
    assert PageLayout("handout-9") is PageLayout.HANDOUT_9
