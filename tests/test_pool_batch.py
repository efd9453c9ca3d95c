"""Real batches through the real pool with the built-in engine: real decks in, real PDFs out."""

from __future__ import annotations

from pathlib import Path

import pytest
from pool_fakes import PoolProcess, pdfs_under, stray_files, wait_finished
from pptx import Presentation
from pptx.util import Inches, Pt
from pypdf import PdfReader

from worker.engines.libreoffice import find_soffice
from worker.jobs import JobQueue, JobState, SubmitOptions

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
DECK_SUFFIXES = {".pptx", ".ppt", ".ppsx", ".pptm", ".potx"}

pytestmark = pytest.mark.slow


def real_deck(path: Path, n: int, slides: int) -> Path:
    """A small but real deck: title, bullets, a shape and a table on varying slides."""
    prs = Presentation()
    for s in range(slides):
        slide = prs.slides.add_slide(prs.slide_layouts[1])
        slide.shapes.title.text = f"Deck {n} — slide {s + 1}"
        body = slide.placeholders[1].text_frame
        body.text = f"Point one of deck {n}"
        for k in range(n % 4):
            para = body.add_paragraph()
            para.text = f"Sub point {k}"
            para.level = 1
        if (n + s) % 2:
            box = slide.shapes.add_shape(1, Inches(6), Inches(5), Inches(2), Inches(1))
            box.text_frame.text = "Shape"
        if (n + s) % 3 == 0:
            table = slide.shapes.add_table(2, 2, Inches(1), Inches(5), Inches(4), Inches(1)).table
            table.cell(0, 0).text = "a"
            table.cell(1, 1).text = "b"
        slide.shapes.add_textbox(Inches(1), Inches(6.5), Inches(3), Inches(0.5)).text_frame.text = "note"
        slide.shapes[-1].text_frame.paragraphs[0].runs[0].font.size = Pt(10)
    path.parent.mkdir(parents=True, exist_ok=True)
    prs.save(str(path))
    return path


def test_thirty_deck_batch_completes(queue: JobQueue, home: Path, tmp_path: Path) -> None:
    root = tmp_path / "batch"
    decks = [real_deck(root / f"part{i % 3}" / f"deck{i:02}.pptx", i, 1 + i % 3) for i in range(30)]
    (root / "part0" / "~$deck00.pptx").write_bytes(b"lock")
    out = tmp_path / "out"
    report = queue.submit([root], SubmitOptions(out_dir=out))
    assert len(report.queued) == 30 and report.skipped == {"lock file": 1}
    pool = PoolProcess(home, workers=2, fake=False).start()
    try:
        jobs = wait_finished(queue, [j.id for j in report.queued], timeout=240)
    finally:
        pool.stop()
    assert [j.state for j in jobs] == [JobState.SUCCEEDED] * 30, [j.error for j in jobs]
    expected = sorted(out / "batch" / d.relative_to(root).with_suffix(".pdf") for d in decks)
    assert pdfs_under(out) == expected
    assert stray_files(out) == []
    for job in jobs:
        pages = len(PdfReader(job.output).pages)
        assert pages == job.slides_total == job.slides_done
        assert job.progress == 1.0 and job.attempts == 1 and job.engine_used


def test_bad_files_fail_once_with_a_reason_while_good_decks_succeed(
    queue: JobQueue, home: Path, tmp_path: Path
) -> None:
    folder = CORPUS / "bad"
    bad = sorted(p for p in folder.iterdir() if p.suffix.lower() in DECK_SUFFIXES) if folder.is_dir() else []
    if not bad:
        pytest.skip("corpus not available")
    good = [real_deck(tmp_path / "good" / f"g{i}.pptx", i, 2) for i in range(3)]
    out = tmp_path / "out"
    report = queue.submit([*bad, *good], SubmitOptions(out_dir=out))
    assert len(report.queued) == len(bad) + len(good)
    pool = PoolProcess(home, workers=2, fake=False).start()
    try:
        # Sources are stored resolved (a corpus reached through a link is recorded at its target).
        jobs = {j.source: j for j in wait_finished(queue, [j.id for j in report.queued], timeout=240)}
        jobs.update({path: jobs[path.resolve()] for path in [*bad, *good]})
    finally:
        pool.stop()
    for path in good:
        assert jobs[path].state is JobState.SUCCEEDED
    for path in bad:
        job = jobs[path]
        assert job.attempts == 1, (path.name, job.error)  # permanent: never retried
        if path.suffix.lower() == ".ppsx":
            continue  # a slideshow is a valid deck: converting it is right
        if path.suffix.lower() == ".ppt" and find_soffice() is not None:
            # `auto` hands legacy .ppt files to LibreOffice where it is installed.
            assert job.state is JobState.SUCCEEDED and job.engine_used == "libreoffice", (path.name, job.error)
            continue
        assert job.state is JobState.FAILED, path.name
        assert job.error and "\n" not in job.error and not job.error.startswith("Internal error"), job.error
    assert stray_files(out) == []
