"""Engines and layouts through the real pool: the job records the engine that ran (auto → LibreOffice
for a legacy .ppt, builtin for a .pptx), and a notes or handout layout or PDF/A reaches the converter."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from corpus_support import run_slidepress
from pool_fakes import PoolProcess, make_deck, stray_files, wait_finished
from pypdf import PdfReader
from test_pdf_archive import metadata

from worker.engines.libreoffice import find_soffice
from worker.jobs import JobQueue, JobState, SubmitOptions

pytestmark = pytest.mark.slow
LEGACY_PPT = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "bad" / "poi__54880_chinese.ppt"


@pytest.mark.skipif(find_soffice() is None, reason="LibreOffice is not installed")
@pytest.mark.skipif(not LEGACY_PPT.exists(), reason="corpus not found")
def test_auto_records_the_engine_that_ran(
    queue: JobQueue, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    src = tmp_path / "src"
    src.mkdir()
    legacy = Path(shutil.copy(LEGACY_PPT, src / "old.ppt"))
    modern = make_deck(src / "new.pptx", slides=2)
    forced = make_deck(src / "forced.pptx", slides=3, title="Forced")
    out = tmp_path / "out"
    report = queue.submit([legacy, modern], SubmitOptions(out_dir=out))
    report_lo = queue.submit([forced], SubmitOptions(out_dir=out, engine="libreoffice"))
    ids = [j.id for j in report.queued + report_lo.queued]
    assert len(ids) == 3
    pool = PoolProcess(home, workers=2, fake=False).start()
    try:
        jobs = wait_finished(queue, ids, timeout=240)
    finally:
        pool.stop()
    assert [j.state for j in jobs] == [JobState.SUCCEEDED] * 3, [j.error for j in jobs]
    by_source = {j.source.name: j for j in jobs}
    assert by_source["old.ppt"].engine_used == "libreoffice"
    assert by_source["new.pptx"].engine_used == "builtin"
    assert by_source["forced.pptx"].engine_used == "libreoffice"
    assert by_source["forced.pptx"].slides_done == by_source["forced.pptx"].slides_total == 3
    for job in jobs:
        assert len(PdfReader(job.output).pages) == job.slides_total
    assert stray_files(out) == []
    # Each converter child kept its LibreOffice profile in the data dir.
    profiles = list((home / "libreoffice").glob("profile-*"))
    assert 1 <= len(profiles) <= 2 and all((p / "user").is_dir() for p in profiles)
    # `jobs --json` shows the engine that ran.
    monkeypatch.setenv("SLIDEPRESS_HOME", str(home))
    listed = run_slidepress("jobs", "--json")
    assert listed.returncode == 0, listed.stderr
    engines = {Path(row["source"]).name: row["engine"] for row in json.loads(listed.stdout)}
    assert engines == {"old.ppt": "libreoffice", "new.pptx": "builtin", "forced.pptx": "libreoffice"}


def test_layouts_and_pdf_a_reach_the_converter(queue: JobQueue, home: Path, tmp_path: Path) -> None:
    deck = make_deck(tmp_path / "src" / "talk.pptx", slides=5)
    report_notes = queue.submit([deck], SubmitOptions(out_dir=tmp_path / "notes", layout="notes"))
    report_handout = queue.submit([deck], SubmitOptions(out_dir=tmp_path / "handout", layout="handout-4"))
    report_archive = queue.submit([deck], SubmitOptions(out_dir=tmp_path / "archive", pdf_a=True))
    ids = [j.id for j in report_notes.queued + report_handout.queued + report_archive.queued]
    assert len(ids) == 3
    pool = PoolProcess(home, workers=1, fake=False).start()
    try:
        notes, handout, archive = wait_finished(queue, ids, timeout=120)
    finally:
        pool.stop()
    assert notes.state is JobState.SUCCEEDED and handout.state is JobState.SUCCEEDED, (notes.error, handout.error)
    notes_pdf, handout_pdf = PdfReader(notes.output), PdfReader(handout.output)
    assert len(notes_pdf.pages) == 5 and len(handout_pdf.pages) == 2
    # Notes paper is portrait, unlike the 4:3 slides.
    page = notes_pdf.pages[0]
    assert float(page.mediabox.height) > float(page.mediabox.width)
    assert handout.slides_done == handout.slides_total == 5
    assert (notes.options.layout, handout.options.layout) == ("notes", "handout-4")
    assert archive.state is JobState.SUCCEEDED and archive.options.pdf_a and not archive.warnings, archive.error
    assert b"<pdfaid:part>2</pdfaid:part>" in metadata(archive.output)
    assert b"pdfaid:part>2" not in metadata(notes.output)


def test_lossless_pictures_reach_the_converter(queue: JobQueue, home: Path, tmp_path: Path) -> None:
    from photo_support import photo_deck
    from test_picture_jpeg import _only_image

    (tmp_path / "src").mkdir()
    deck = photo_deck(tmp_path / "src" / "photo.pptx")
    plain = queue.submit([deck], SubmitOptions(out_dir=tmp_path / "plain"))
    kept = queue.submit([deck], SubmitOptions(out_dir=tmp_path / "kept", lossless_pictures=True))
    ids = [j.id for j in plain.queued + kept.queued]
    assert len(ids) == 2
    pool = PoolProcess(home, workers=1, fake=False).start()
    try:
        done_plain, done_kept = wait_finished(queue, ids, timeout=120)
    finally:
        pool.stop()
    assert done_plain.state is JobState.SUCCEEDED and done_kept.state is JobState.SUCCEEDED
    assert _only_image(done_plain.output)["/Filter"] == "/DCTDecode"
    assert _only_image(done_kept.output)["/Filter"] == "/FlateDecode"
