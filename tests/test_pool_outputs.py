"""Where a finished PDF goes when its place is taken or cannot be written."""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from corpus_support import run_slidepress
from pool_fakes import FACTORY_SPEC, PoolProcess, make_deck, stray_files, wait_finished
from pypdf import PdfReader

import worker.pool.pool as pool_module
from worker.jobs import JobQueue, JobState, SubmitOptions
from worker.jobs.store import Ticket
from worker.paths import DataPaths
from worker.pool.pool import Pool, PoolConfig


@pytest.mark.parametrize(
    ("code", "reason", "state"),
    [
        # Read-only or immutable: nothing changes until the user acts, so no attempt is spent waiting.
        (errno.EACCES, "Permission denied", JobState.FAILED),
        # A full disk someone is cleaning passes by itself: retried.
        (errno.ENOSPC, "No space left on device", JobState.RETRYING),
    ],
    ids=["refused", "disk-full"],
)
def test_a_pdf_of_ours_that_cannot_be_replaced_is_replaced_on_the_retry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int, reason: str, state: JobState
) -> None:
    """Replacing our own earlier PDF fails: the job fails at once (refused) or is retried (a full
    disk), and the next run replaces it. Before, the failed attempt had already noted the new file's
    identity, so the old PDF no longer counted as ours and the retry wrote 'talk (2).pdf' beside it
    ('talk.pdf exists and is not ours'); the error named no folder."""
    paths = DataPaths(tmp_path / "home").ensure()
    queue = JobQueue(paths)
    pool = Pool(paths, PoolConfig(workers=1, factory_spec=FACTORY_SPEC))
    deck = make_deck(tmp_path / "in" / "talk.pptx", 2)
    pdf = deck.with_suffix(".pdf")

    def run(ticket: Ticket) -> None:
        pool._run_ticket(ticket)

    try:
        job = queue.submit([deck]).queued[0]
        run(queue.store.queued_tickets()[0])
        assert queue.get(job.id).state is JobState.SUCCEEDED  # type: ignore[union-attr]
        first = pdf.stat().st_mtime_ns
        queue.submit([deck], SubmitOptions(force=True))  # the same job again, over its own PDF
        (ticket,) = queue.store.queued_tickets()

        def refused(temp: Path, target: Path) -> None:
            raise OSError(code, reason, str(target))

        monkeypatch.setattr(pool_module, "publish", refused)
        run(ticket)
        job_now = queue.store.list()[-1]
        assert (job_now.state, job_now.attempts) == (state, 1)
        assert queue.store.produced_here(pdf)  # the old PDF, still there, is still known as ours
        headline = "PDF in use or read-only" if code == errno.EACCES else "Output disk full"
        assert job_now.error == (
            f"{headline}: cannot replace {pdf} ({reason});"
            " close it in the program that has it open or make it writable, then retry"
        )
        monkeypatch.undo()
        if state is JobState.FAILED:
            assert queue.retry([job.id]) == [job.id]  # the user freed the file and pressed Retry
            (ticket,) = queue.store.queued_tickets()
        else:
            (ticket,) = queue.store.release_due_retries(now=float("inf"))
        run(ticket)
        done = queue.store.get(ticket.job_id)
    finally:
        pool._child().stop()
        queue.close()
    assert done is not None and done.state is JobState.SUCCEEDED and done.output == pdf
    assert sorted(p.name for p in pdf.parent.glob("*.pdf")) == ["talk.pdf"]
    assert pdf.stat().st_mtime_ns != first and len(PdfReader(pdf).pages) == 2


def test_an_output_folder_replaced_by_a_file_mid_batch_is_named_in_one_line(tmp_path: Path) -> None:
    """The --out folder is deleted and a file takes its name while decks wait: each of them fails
    with a line naming the file in the way. Before: 'Cannot create the output folder: Not a directory'."""
    paths = DataPaths(tmp_path / "home").ensure()
    queue = JobQueue(paths)
    pool = Pool(paths, PoolConfig(workers=1, factory_spec=FACTORY_SPEC, retry_base=0.01))
    for i in range(3):
        make_deck(tmp_path / "in" / f"d{i}.pptx", 2)
    out = tmp_path / "out"
    try:
        ids = [j.id for j in queue.submit([tmp_path / "in"], SubmitOptions(out_dir=out)).queued]
        pool._run_ticket(queue.store.queued_tickets()[0])
        first = out / "in" / "d0.pdf"  # the dropped folder's structure, mirrored
        assert len(PdfReader(first).pages) == 2
        shutil.rmtree(out)
        out.write_text("not a folder")
        for ticket in queue.store.queued_tickets():
            pool._run_ticket(ticket)
        assert queue.store.release_due_retries(now=float("inf")) == []  # nothing waits to be retried
        jobs = queue.store.get_many(ids)
    finally:
        pool._child().stop()
        queue.close()
    assert [(j.state, j.attempts) for j in jobs] == [
        (JobState.SUCCEEDED, 1),
        (JobState.FAILED, 1),
        (JobState.FAILED, 1),
    ]
    assert (
        jobs[1].error
        == jobs[2].error
        == (
            f"A file is in the way: cannot create the output folder {out / 'in'}, {out} is a file, not a folder;"
            " move it away or choose another folder"
        )
    )


def unwritable(folder: Path) -> None:
    """No new file can be made in ``folder``: read-only for a user; immutable for root, whom
    permissions do not stop."""
    if os.geteuid() != 0:
        folder.chmod(0o555)
        return
    if subprocess.run(["chattr", "+i", str(folder)], capture_output=True, check=False).returncode != 0:
        pytest.skip("root, and this file system cannot make a folder immutable")


def writable(folder: Path) -> None:
    if os.geteuid() == 0:
        subprocess.run(["chattr", "-i", str(folder)], capture_output=True, check=False)
    folder.chmod(0o755)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="chmod/chattr semantics are Linux's here")
def test_an_output_folder_that_takes_no_file_says_why_before_painting(tmp_path: Path) -> None:
    """Before: 'Cannot write the PDF in DIR' with no reason, after painting every slide."""
    deck = make_deck(tmp_path / "talk.pptx", 3)
    out = tmp_path / "out"
    out.mkdir()
    unwritable(out)
    try:
        result = run_slidepress("convert", deck, out)
    finally:
        writable(out)
    reason = "Operation not permitted" if os.geteuid() == 0 else "Permission denied"
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"slidepress: No permission to write: cannot write the PDF in {out} ({reason});"
        " check that folder or choose another"
    ]
    assert list(out.iterdir()) == []
    assert run_slidepress("convert", deck, out).returncode == 0
    assert len(PdfReader(out / "talk.pdf").pages) == 3


def test_a_deck_whose_name_is_near_the_limit_gets_a_pdf_name_that_fits(tmp_path: Path) -> None:
    """A 240-byte deck name plus ' (handout 9).pdf' is longer than a file name may be. Before, the
    whole export ended in a traceback ('File name too long') and no deck of it was queued."""
    paths = DataPaths(tmp_path / "home").ensure()
    queue = JobQueue(paths)
    pool = Pool(paths, PoolConfig(workers=1, factory_spec=FACTORY_SPEC))
    folder = tmp_path / "in"
    long_deck = make_deck(folder / ("é" * 118 + "abcd.pptx"), 2)  # 240 bytes of stem
    make_deck(folder / "short.pptx", 2)
    try:
        report = queue.submit([folder], SubmitOptions(layout="handout-9"))
        assert len(report.queued) == 2
        (folder / "short (handout 9).pdf").write_text("someone else's file")  # the next one needs " (2)"
        for ticket in queue.store.queued_tickets():
            pool._run_ticket(ticket)
        jobs = queue.store.list()
    finally:
        pool._child().stop()
        queue.close()
    assert [j.state for j in jobs] == [JobState.SUCCEEDED] * 2
    names = sorted(p.name for p in folder.glob("*.pdf"))
    assert len(names) == 3 and all(len(os.fsencode(n)) <= 255 for n in names)
    (ours,) = [j.output for j in jobs if j.source == long_deck]
    assert ours.name.startswith("é" * 117) and ours.name.endswith(" (handout 9).pdf")
    assert len(PdfReader(ours).pages) == 2


def test_a_file_made_at_the_pdf_name_just_before_the_rename_is_never_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another queue (or program) writes 'talk.pdf' in the instant between the pool's look and its
    rename. Before, the rename replaced that file; now the PDF goes to 'talk (2).pdf'."""
    paths = DataPaths(tmp_path / "home").ensure()
    queue = JobQueue(paths)
    pool = Pool(paths, PoolConfig(workers=1, factory_spec=FACTORY_SPEC))
    deck = make_deck(tmp_path / "in" / "talk.pptx", 3)
    theirs = deck.with_suffix(".pdf")

    def racing(publish: Callable[[Path, Path], None]) -> Callable[[Path, Path], None]:
        def publish_after_them(temp: Path, target: Path) -> None:
            if not theirs.exists():
                theirs.write_bytes(b"%PDF-1.7 someone else's")
            publish(temp, target)

        return publish_after_them

    for name in ("publish", "publish_new"):  # whichever the pool renames with
        if hasattr(pool_module, name):
            monkeypatch.setattr(pool_module, name, racing(getattr(pool_module, name)))
    try:
        job = queue.submit([deck]).queued[0]
        pool._run_ticket(queue.store.queued_tickets()[0])
        done = queue.store.get(job.id)
    finally:
        pool._child().stop()
        queue.close()
    assert done is not None and done.state is JobState.SUCCEEDED
    assert theirs.read_bytes() == b"%PDF-1.7 someone else's"
    assert done.output == tmp_path / "in" / "talk (2).pdf"
    assert len(PdfReader(done.output).pages) == 3
    assert sorted(p.name for p in theirs.parent.glob("*.pdf")) == ["talk (2).pdf", "talk.pdf"]
    assert stray_files(theirs.parent) == []


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="chmod/chattr semantics are Linux's here")
@pytest.mark.parametrize("fake", [True, False], ids=["fake-engine", "builtin-engine"])
def test_an_output_folder_that_refuses_the_pdf_fails_at_once_and_retry_works_once_fixed(
    queue: JobQueue, home: Path, tmp_path: Path, fake: bool
) -> None:
    """A file where the --out folder should be, and a folder that takes no file: retrying cannot
    help until the user acts. Before, each job sat 'retrying' through 3 attempts (6 s of back-off)
    and then failed; now it fails on the first with its one line, and Retry works once fixed."""
    in_the_way = tmp_path / "out-is-a-file"
    in_the_way.write_text("a file, not a folder")
    locked = tmp_path / "locked"
    locked.mkdir()
    decks = [make_deck(tmp_path / "a" / "first.pptx", 2), make_deck(tmp_path / "b" / "second.pptx", 3)]
    ids = [
        queue.submit([decks[0]], SubmitOptions(out_dir=in_the_way)).queued[0].id,
        queue.submit([decks[1]], SubmitOptions(out_dir=locked)).queued[0].id,
    ]
    unwritable(locked)
    pool = PoolProcess(home, fake=fake).start()
    try:
        failed = wait_finished(queue, ids, timeout=60)
        writable(locked)
        in_the_way.unlink()
        assert sorted(queue.retry_failed()) == ids
        done = wait_finished(queue, ids, timeout=60)
    finally:
        writable(locked)
        pool.stop()
    reason = "Operation not permitted" if os.geteuid() == 0 else "Permission denied"
    assert [(j.state, j.attempts, j.error) for j in failed] == [
        (
            JobState.FAILED,
            1,
            f"A file is in the way: cannot create the output folder {in_the_way}, a file has its name;"
            " move it or choose another",
        ),
        (
            JobState.FAILED,
            1,
            f"No permission to write: cannot write the PDF in {locked} ({reason}); check that folder or choose another",
        ),
    ]
    assert [(j.state, j.attempts, j.error) for j in done] == [(JobState.SUCCEEDED, 1, None)] * 2
    assert [len(PdfReader(j.output).pages) for j in done] == [2, 3]
    assert [j.output for j in done] == [in_the_way / "first.pdf", locked / "second.pdf"]
    log = (home / "logs" / "pool.log").read_text()
    assert "retrying in" not in log
