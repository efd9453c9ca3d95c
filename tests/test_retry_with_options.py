"""Retry with the options the user chose since: a deck that failed for a reason a setting answers
("include hidden slides to convert it") converts when it is retried after that setting changed."""

from __future__ import annotations

from pathlib import Path

from pptx import Presentation
from pypdf import PdfReader

from worker.jobs import JobQueue, JobState, SubmitOptions
from worker.jobs.model import JobOptions
from worker.paths import DataPaths
from worker.pool.pool import Pool, PoolConfig


def hidden_only_deck(path: Path) -> Path:
    """Two slides, both hidden (PowerPoint's Hide Slide: show="0" on the slide element)."""
    prs = Presentation()
    for i in range(2):
        slide = prs.slides.add_slide(prs.slide_layouts[5])
        slide.shapes.title.text = f"Hidden slide {i + 1}"
        slide._element.set("show", "0")
    path.parent.mkdir(parents=True, exist_ok=True)
    prs.save(str(path))
    return path


def test_retry_converts_with_the_options_given(tmp_path: Path) -> None:
    paths = DataPaths(tmp_path / "home").ensure()
    queue = JobQueue(paths)
    pool = Pool(paths, PoolConfig(workers=1))
    deck = hidden_only_deck(tmp_path / "in" / "backup slides.pptx")
    pdf = deck.with_suffix(".pdf")
    try:
        (job,) = queue.submit([deck], SubmitOptions(engine="builtin")).queued
        pool._run_ticket(queue.store.queued_tickets()[0])
        failed = queue.get(job.id)
        assert failed is not None and failed.state is JobState.FAILED
        assert failed.error is not None and "include hidden slides" in failed.error
        assert not pdf.exists()

        # The user ticks "Include hidden slides" and presses Retry.
        wanted = JobOptions(engine="builtin", include_hidden=True)
        assert queue.retry([job.id], wanted) == [job.id]
        queued = queue.get(job.id)
        assert queued is not None and queued.state is JobState.QUEUED and queued.options == wanted
        pool._run_ticket(queue.store.queued_tickets()[0])
        done = queue.get(job.id)
        assert done is not None
        assert done.state is JobState.SUCCEEDED, done.error
        assert done.output == pdf
        pages = PdfReader(str(pdf)).pages
        assert [p.extract_text().strip() for p in pages] == ["Hidden slide 1", "Hidden slide 2"]

        # It is now the job of those options: adding the deck with them again is "up to date".
        again = queue.submit([deck], SubmitOptions(engine="builtin", include_hidden=True))
        assert [j.id for j in again.up_to_date] == [job.id] and not again.queued
    finally:
        pool._child().stop()
        queue.close()


def test_retry_keeps_the_page_layout_that_named_the_pdf(tmp_path: Path) -> None:
    """Notes pages or handouts name the PDF ("talk (notes).pdf"): a retry with other options
    keeps the job's layout, so its PDF keeps the name it was given."""
    paths = DataPaths(tmp_path / "home").ensure()
    queue = JobQueue(paths)
    deck = hidden_only_deck(tmp_path / "in" / "talk.pptx")
    try:
        (job,) = queue.submit([deck], SubmitOptions(layout="notes")).queued
        queue.cancel([job.id])
        queue.retry([job.id], JobOptions(include_hidden=True, pdf_a=True))
        queued = queue.get(job.id)
        assert queued is not None
        assert queued.options == JobOptions(include_hidden=True, pdf_a=True, layout="notes")
        assert queued.output == job.output
    finally:
        queue.close()
