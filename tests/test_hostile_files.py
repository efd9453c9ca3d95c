"""File-system faults through the real pool and the real engine: sources that vanish or change,
output folders that are read-only, missing or full, odd names, link loops, pipes.

Every job ends with a PDF or a one-line reason, no partial file is left, and Retry works once
the fault is fixed. One pool serves the module (its start-up is the slow part).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import hostile_support as hs
import pytest
from PIL import Image
from pool_fakes import PoolProcess, stray_files, wait_finished, wait_until
from pypdf import PdfReader

from worker.jobs import Job, JobQueue, JobState
from worker.jobs.model import SubmitOptions
from worker.paths import DataPaths


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("hostile-files") / "home"


@pytest.fixture(scope="module")
def pool(home: Path) -> Iterator[PoolProcess]:
    DataPaths(home).ensure()
    process = PoolProcess(home, workers=2, fake=False, extra=["--retry-base", "0.1"]).start()
    yield process
    process.stop()


@pytest.fixture
def queue(home: Path, pool: PoolProcess) -> Iterator[JobQueue]:
    q = JobQueue(DataPaths(home))
    q.resume()
    yield q
    q.resume()
    q.close()


def write_deck(path: Path, slides: int = 1, title: str = "Deck") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(hs.base_deck(slides=slides, title=title))
    return path


def pages(pdf: Path) -> int:
    return len(PdfReader(pdf).pages)


def one_line(job: Job) -> str:
    assert job.error is not None and "\n" not in job.error
    return job.error


def test_source_deleted_renamed_or_replaced_while_queued(queue: JobQueue, tmp_path: Path) -> None:
    queue.pause()
    gone = write_deck(tmp_path / "gone.pptx")
    moved = write_deck(tmp_path / "moved.pptx")
    swapped = write_deck(tmp_path / "swapped.pptx", slides=1)
    jobs = queue.submit([gone, moved, swapped]).queued
    gone.unlink()
    moved.rename(tmp_path / "moved-elsewhere.pptx")
    newer = write_deck(tmp_path / "newer.pptx", slides=3)
    os.replace(newer, swapped)  # saved again, atomically, while queued
    queue.resume()
    done = {j.source.name: j for j in wait_finished(queue, [j.id for j in jobs], 120)}
    for name in ("gone.pptx", "moved.pptx"):
        assert done[name].state is JobState.FAILED and done[name].attempts == 1
        assert one_line(done[name]) == f"File not found: {tmp_path / name} (moved, renamed or deleted?)"
    # The file as it is when its conversion starts is converted, whole.
    assert done["swapped.pptx"].state is JobState.SUCCEEDED
    assert pages(done["swapped.pptx"].output) == 3
    assert stray_files(tmp_path) == []


def test_source_deleted_or_replaced_while_converting_gives_the_version_opened(queue: JobQueue, tmp_path: Path) -> None:
    big = tmp_path / "big.pptx"
    hs.many_slides(300)(tmp_path).rename(big)
    job = queue.submit([big]).queued[0]

    def converting() -> bool:
        j = queue.get(job.id)
        return j is not None and j.state is JobState.RUNNING and j.slides_done >= 5

    wait_until(converting, 60)
    write_deck(tmp_path / "small.pptx", slides=2).replace(big)
    big.unlink()
    done = wait_finished(queue, [job.id], 120)[0]
    assert done.state is JobState.SUCCEEDED
    reader = PdfReader(done.output)
    assert len(reader.pages) == 300  # never a mix of the two versions
    assert "Slide 300" in reader.pages[299].extract_text()


@contextlib.contextmanager
def mounted_tmpfs(folder: Path, size: str) -> Iterator[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("needs root to mount a small file system")
    result = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)], check=False)
    if result.returncode != 0:
        pytest.skip("cannot mount tmpfs here")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def remount(folder: Path, options: str) -> None:
    subprocess.run(["mount", "-o", f"remount,{options}", str(folder)], check=True)


@contextlib.contextmanager
def read_only(folder: Path) -> Iterator[None]:
    """``folder`` read-only: by mode for a normal user, by a read-only mount for root (root
    writes whatever a folder's mode says)."""
    if os.geteuid() != 0:
        folder.chmod(0o555)
        try:
            yield
        finally:
            folder.chmod(0o755)
        return
    with mounted_tmpfs(folder, "16m"):
        remount(folder, "ro")
        yield
        remount(folder, "rw")


def noisy_deck(path: Path) -> Path:
    """A deck whose PDF is a few MB (an incompressible picture)."""
    from pptx import Presentation
    from pptx.util import Inches

    path.parent.mkdir(parents=True, exist_ok=True)
    picture = path.with_suffix(".png")
    Image.frombytes("RGB", (1400, 1000), os.urandom(1400 * 1000 * 3)).save(picture)
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    slide.shapes.add_picture(str(picture), 0, 0, Inches(10), Inches(7.5))
    picture.unlink()
    path.parent.mkdir(parents=True, exist_ok=True)
    prs.save(str(path))
    return path


def fails_then_retry_works(queue: JobQueue, job: Job, words: str, fix: object) -> None:
    failed = wait_finished(queue, [job.id], 120)[0]
    assert failed.state is JobState.FAILED
    assert words in one_line(failed), failed.error
    assert not failed.output.exists()
    assert stray_files(failed.output.parent) == []
    assert callable(fix)
    fix()
    assert queue.retry([job.id]) == [job.id]
    done = wait_finished(queue, [job.id], 120)[0]
    assert done.state is JobState.SUCCEEDED, done.error
    assert pages(done.output) >= 1
    assert stray_files(done.output.parent) == []


def test_read_only_output_folder_fails_clearly_and_retry_works(queue: JobQueue, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    deck = write_deck(tmp_path / "in" / "ro.pptx")
    with read_only(out):
        job = queue.submit([deck], SubmitOptions(out_dir=out)).queued[0]
        failed = wait_finished(queue, [job.id], 120)[0]
        assert failed.state is JobState.FAILED and failed.attempts == 1, failed.error  # no retry can pass
        assert "cannot write the PDF in" in one_line(failed)
        assert not any(out.rglob("*"))
    fails_then_retry_works(queue, job, "cannot write the PDF in", lambda: None)


def test_full_output_folder_fails_clearly_and_retry_works(queue: JobQueue, tmp_path: Path) -> None:
    out = tmp_path / "full"
    deck = noisy_deck(tmp_path / "in" / "noisy.pptx")
    with mounted_tmpfs(out, "256k"):
        job = queue.submit([deck], SubmitOptions(out_dir=out)).queued[0]
        fails_then_retry_works(queue, job, "space", lambda: remount(out, "size=64m"))


def test_output_folder_removed_while_queued_is_made_again(queue: JobQueue, tmp_path: Path) -> None:
    out = tmp_path / "gone-out"
    out.mkdir()
    queue.pause()
    job = queue.submit([write_deck(tmp_path / "in" / "d.pptx")], SubmitOptions(out_dir=out)).queued[0]
    shutil.rmtree(out)
    queue.resume()
    done = wait_finished(queue, [job.id], 120)[0]
    assert done.state is JobState.SUCCEEDED and done.output.is_file()


UNUSUAL = [
    "with spaces and 'quotes' \"too\".pptx",
    "ünïcødé 幻灯片 🎉.pptx",
    "-leading-dash.pptx",
    "glob [1] *? chars.pptx",
    "semi;colon $HOME `tick` & pipe|.pptx",
    "new\nline.pptx",
    "dots...pptx",
    "L" * 240 + ".pptx",
]


def test_unusual_names_and_long_paths_convert(queue: JobQueue, tmp_path: Path) -> None:
    deep = tmp_path / "in"
    for i in range(12):  # a path of about 2,000 characters
        deep = deep / (f"level {i} " + "d" * 150)
    decks = [write_deck(tmp_path / "in" / name, title=f"Odd {i}") for i, name in enumerate(UNUSUAL)]
    decks.append(write_deck(deep / "deep.pptx"))
    jobs = queue.submit(decks).queued
    assert len(jobs) == len(decks)
    done = wait_finished(queue, [j.id for j in jobs], 240)
    for job in done:
        assert job.state is JobState.SUCCEEDED, (job.source.name, job.error)
        assert job.output == job.source.with_suffix(".pdf") and pages(job.output) == 1
    assert stray_files(tmp_path) == []


def test_link_loops_and_pipes_in_a_dropped_folder(queue: JobQueue, tmp_path: Path) -> None:
    folder = tmp_path / "dropped"
    write_deck(folder / "a" / "real.pptx")
    (folder / "a" / "loop").symlink_to(folder)  # dropped/a/loop -> dropped
    (folder / "a" / "self").symlink_to(folder / "a")
    (folder / "dangling.pptx").symlink_to(tmp_path / "nowhere.pptx")
    if hasattr(os, "mkfifo"):
        os.mkfifo(folder / "pipe.pptx")  # reading it would block until someone writes
    started = time.monotonic()
    report = queue.submit([folder])
    assert time.monotonic() - started < 5
    assert [j.source.name for j in report.queued] == ["real.pptx"]
    assert report.skipped.get("folder link loop", 0) >= 1
    if hasattr(os, "mkfifo"):
        assert report.skipped.get("not a regular file", 0) >= 1
    done = wait_finished(queue, [report.queued[0].id], 120)[0]
    assert done.state is JobState.SUCCEEDED
