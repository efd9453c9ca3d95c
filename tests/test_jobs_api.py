"""The job API over a real jobs.db and queue.db, without a pool."""

from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path

import pytest
from pool_fakes import make_deck

from worker.discovery import expand
from worker.jobs import JobQueue, JobState, SubmitOptions
from worker.jobs.schema import SCHEMA_VERSION
from worker.jobs.store import JobStore, Ticket
from worker.outputs import choose_output, desired_output
from worker.paths import DataPaths


@pytest.fixture
def queue(tmp_path: Path) -> JobQueue:
    return JobQueue(DataPaths(tmp_path / "home").ensure())


def test_submit_creates_queued_jobs_in_order_with_tasks(queue: JobQueue, tmp_path: Path) -> None:
    decks = [make_deck(tmp_path / "in" / f"d{i}.pptx", 1) for i in range(3)]
    report = queue.submit(decks)
    assert [j.source for j in report.queued] == decks
    assert [j.state for j in queue.list()] == [JobState.QUEUED] * 3
    assert [j.output for j in queue.list()] == [d.with_suffix(".pdf") for d in decks]
    assert queue.tasks.pending() == 3
    assert queue.counts().queued == 3


def test_folder_discovery_skips_lock_hidden_and_other_files(tmp_path: Path) -> None:
    root = tmp_path / "talks"
    make_deck(root / "a.pptx", 1)
    make_deck(root / "sub" / "b.pptx", 1)
    (root / "~$a.pptx").write_bytes(b"owner")
    (root / ".hidden.pptx").write_bytes(b"x")
    (root / "notes.txt").write_text("x")
    (root / "sub" / "loop").symlink_to(root, target_is_directory=True)
    found = expand([root])
    assert sorted(d.source.name for d in found.decks) == ["a.pptx", "b.pptx"]
    assert found.skipped["lock file"] == 1
    assert found.skipped["hidden"] == 1
    assert found.skipped["other file"] == 1
    assert found.skipped["folder link loop"] == 1


def test_out_dir_mirrors_the_dropped_folder(queue: JobQueue, tmp_path: Path) -> None:
    root = tmp_path / "talks"
    make_deck(root / "a.pptx", 1)
    make_deck(root / "2024" / "b.pptx", 1)
    out = tmp_path / "out"
    report = queue.submit([root], SubmitOptions(out_dir=out))
    assert sorted(j.output for j in report.queued) == [out / "talks" / "2024" / "b.pdf", out / "talks" / "a.pdf"]
    assert desired_output(root / "x.pptx", None, None) == root / "x.pdf"


def test_notes_and_handouts_of_a_deck_sit_beside_its_slides(queue: JobQueue, tmp_path: Path) -> None:
    deck = make_deck(tmp_path / "d.pptx", 1)
    outputs = [queue.submit([deck], SubmitOptions(layout=layout)).queued[0].output
               for layout in ("slides", "notes", "handout-6")]  # fmt: skip
    assert outputs == [tmp_path / "d.pdf", tmp_path / "d (notes).pdf", tmp_path / "d (handout 6).pdf"]


def test_same_file_same_options_is_not_queued_twice(queue: JobQueue, tmp_path: Path) -> None:
    deck = make_deck(tmp_path / "d.pptx", 1)
    first = queue.submit([deck])
    again = queue.submit([deck])
    assert len(first.queued) == 1
    assert again.queued == [] and [j.id for j in again.already_queued] == [first.queued[0].id]
    other_options = queue.submit([deck], SubmitOptions(include_hidden=True))
    assert len(other_options.queued) == 1  # different options: another job
    make_deck(deck, 2)  # the file changed while its job waits: that job converts what is there then
    changed = queue.submit([deck])
    assert changed.queued == [] and [j.id for j in changed.already_queued] == [first.queued[0].id]
    queue.cancel_all()
    changed = queue.submit([deck])  # no job waits for it, and none converted this version: a new job
    assert len(changed.queued) == 1 and changed.queued[0].id not in (first.queued[0].id, other_options.queued[0].id)


def test_foreign_file_is_never_a_target(queue: JobQueue, tmp_path: Path) -> None:
    deck = make_deck(tmp_path / "d.pptx", 1)
    (tmp_path / "d.pdf").write_bytes(b"someone else's")
    twin = make_deck(tmp_path / "d.ppsx", 1, title="twin")
    report = queue.submit([deck, twin])
    assert [j.output.name for j in report.queued] == ["d (2).pdf", "d (3).pdf"]
    assert choose_output(tmp_path / "new.pdf", lambda p: False, lambda p: False) == tmp_path / "new.pdf"


def test_cancel_retry_remove_and_move_to_front(queue: JobQueue, tmp_path: Path) -> None:
    ids = [j.id for j in queue.submit([make_deck(tmp_path / f"d{i}.pptx", 1) for i in range(3)]).queued]
    assert queue.cancel([ids[0]]) == [ids[0]]
    assert queue.get(ids[0]).state is JobState.CANCELLED  # type: ignore[union-attr]
    assert queue.remove([ids[1]]) == []  # active jobs are not removed
    assert queue.retry([ids[0]]) == [ids[0]]
    job = queue.get(ids[0])
    assert job is not None and job.state is JobState.QUEUED and job.attempts == 0
    assert queue.move_to_front(ids[2])
    assert next(j.id for j in queue.list()) == ids[2]
    queue.cancel([ids[1]])
    assert queue.remove([ids[1]]) == [ids[1]]
    assert queue.get(ids[1]) is None
    assert ids[1] not in [j.id for j in queue.list()]


def test_changed_since_reports_changes_and_removals(queue: JobQueue, tmp_path: Path) -> None:
    ids = [j.id for j in queue.submit([make_deck(tmp_path / f"d{i}.pptx", 1) for i in range(2)]).queued]
    jobs, cursor = queue.changed_since(0)
    assert sorted(j.id for j in jobs) == ids
    assert queue.changed_since(cursor) == ([], cursor)
    queue.cancel([ids[0]])
    jobs, cursor2 = queue.changed_since(cursor)
    assert [(j.id, j.state) for j in jobs] == [(ids[0], JobState.CANCELLED)]
    queue.remove([ids[0]])
    jobs, _ = queue.changed_since(cursor2)
    assert [(j.id, j.removed) for j in jobs] == [(ids[0], True)]


def test_pause_persists_and_json_has_the_contract_fields(queue: JobQueue, tmp_path: Path) -> None:
    queue.pause()
    again = JobQueue(queue.paths)
    assert again.is_paused()
    again.resume()
    assert not queue.is_paused()
    job = queue.submit([make_deck(tmp_path / "d.pptx", 1)]).queued[0]
    data = json.loads(json.dumps(job.to_json()))
    for key in (
        "id",
        "source",
        "output",
        "state",
        "progress",
        "slides_done",
        "slides_total",
        "attempts",
        "error",
        "engine",
        "created_at",
        "started_at",
        "finished_at",
    ):
        assert key in data
    assert data["state"] == "queued" and data["error"] is None
    assert data["created_at"].endswith("+00:00") and "." in data["created_at"]


def test_schema_is_versioned_and_migrates_an_empty_db(tmp_path: Path) -> None:
    db = tmp_path / "jobs.db"
    JobStore(db).close()
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    JobStore(db).close()  # opening again is a no-op migration


def test_log_lines_are_kept_per_job(queue: JobQueue, tmp_path: Path) -> None:
    job = queue.submit([make_deck(tmp_path / "d.pptx", 1)]).queued[0]
    queue.store.add_log(job.id, "INFO", "hello")
    queue.store.add_log(job.id + 1, "INFO", "other job")
    assert [line.message for line in queue.log_lines(job.id)] == ["hello"]


def test_a_fresh_jobs_db_opened_by_several_threads_at_once(tmp_path: Path) -> None:
    import threading

    from worker.jobs.store import JobStore

    errors: list[str] = []
    for trial in range(10):
        db = tmp_path / f"t{trial}" / "jobs.db"
        db.parent.mkdir()

        def open_store(path: Path = db) -> None:
            try:
                JobStore(path).list()
            except Exception as exc:  # the assertion below reports it
                errors.append(repr(exc))

        threads = [threading.Thread(target=open_store) for _ in range(6)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert errors == []


def test_an_idle_queue_keeps_its_last_batch_start_until_a_job_is_queued(queue: JobQueue, tmp_path: Path) -> None:
    # The pool releases due retries every few seconds: with nothing to release, an idle queue took
    # each call for a new batch, and the window's "Batch finished … in 0:00" (and the batch's
    # share done) counted from the last call, not from the drop.
    deck = make_deck(tmp_path / "d.pptx", 1)
    job = queue.submit([deck]).queued[0]
    started = queue.batch_started()
    assert started is not None
    queue.cancel([job.id])
    time.sleep(0.02)
    assert queue.store.release_due_retries() == []
    assert queue.batch_started() == started
    again = queue.retry([job.id])  # queued again into the idle queue: a new batch
    restarted = queue.batch_started()
    assert again and restarted is not None and restarted > started


def test_submissions_and_a_pdfs_identity_are_committed_to_disk_and_progress_is_not(
    queue: JobQueue, tmp_path: Path
) -> None:
    """What a power cut must not roll back (a job just submitted, the identity of a PDF about to be
    renamed into place) is committed with synchronous=FULL; the frequent writes (claims, progress)
    keep NORMAL, which survives a crash of the process but costs no fsync."""
    conn = queue.store._conn()  # this thread's connection, which every write below goes through
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL
    mode = "NORMAL"
    commits: list[str] = []  # synchronous in force at each commit, as the statements set it

    def trace(statement: str) -> None:
        nonlocal mode
        if statement.startswith("PRAGMA synchronous="):
            mode = statement.split("=", 1)[1].strip()
        elif statement == "COMMIT":
            commits.append(mode)

    deck = make_deck(tmp_path / "in" / "talk.pptx", 1)
    conn.set_trace_callback(trace)
    try:
        job = queue.submit([deck]).queued[0]
        token = "run-1"
        assert queue.store.claim(Ticket(job.id, int(job.extra["ticket"])), token, 60) is not None
        queue.store.set_progress(job.id, token, 1, 1)
        assert queue.store.record_output(job.id, token, 1234, 5678)
    finally:
        conn.set_trace_callback(None)
    assert commits == ["FULL", "NORMAL", "NORMAL", "FULL"]  # submit, claim, progress, the PDF's identity
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 1  # back to NORMAL for what follows
