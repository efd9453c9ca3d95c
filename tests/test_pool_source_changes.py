"""A deck replaced (same path, other content) while its job waits or runs: the job converts what is
there when it runs and records that, so "up to date" and "already queued" stay true."""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from pool_fakes import FACTORY_SPEC, PoolProcess, make_deck, wait_finished, wait_until
from pypdf import PdfReader

from worker.jobs import JobOptions, JobQueue, JobState
from worker.jobs.schema import MIGRATIONS
from worker.paths import DataPaths
from worker.pool.pool import Pool, PoolConfig


def saved_over(deck: Path, slides: int, keywords: str = "", title: str = "") -> None:
    """Save another version at ``deck``'s path as PowerPoint does: a new file renamed over it."""
    fresh = make_deck(deck.with_name(f"~new-{deck.name}"), slides, keywords, title)
    os.replace(fresh, deck)


def pages(pdf: Path) -> int:
    return len(PdfReader(pdf).pages)


@pytest.fixture
def pool(tmp_path: Path, queue: JobQueue) -> Iterator[Pool]:
    """A pool whose runs the test drives itself, one ticket at a time, over ``queue``'s data."""
    in_process = Pool(queue.paths, PoolConfig(workers=1, factory_spec=FACTORY_SPEC))
    yield in_process
    in_process._child().stop()


def run_queue(queue: JobQueue, pool: Pool) -> None:
    for ticket in queue.store.queued_tickets():
        pool._run_ticket(ticket)


def test_a_deck_replaced_while_its_job_waits_is_converted_and_recorded_as_it_is(
    queue: JobQueue, pool: Pool, tmp_path: Path
) -> None:
    """Before: dropping the new version again made a second job and a second PDF, 'talk (2).pdf';
    the job recorded the old version, so after the old version came back, dropping it said 'up to
    date' beside a PDF of the new one, and dropping the new one converted it again."""
    deck = make_deck(tmp_path / "in" / "talk.pptx", 2, title="first")
    first = deck.read_bytes()
    job = queue.submit([deck]).queued[0]
    saved_over(deck, 3, title="second")
    again = queue.submit([deck])
    assert ([j.id for j in again.already_queued], again.queued) == ([job.id], [])
    run_queue(queue, pool)
    pdf = deck.with_suffix(".pdf")
    assert [(j.id, j.state, j.output) for j in queue.list()] == [(job.id, JobState.SUCCEEDED, pdf)]
    assert pages(pdf) == 3
    assert [j.id for j in queue.submit([deck]).up_to_date] == [job.id]  # the version converted
    deck.write_bytes(first)  # the first version is back: its PDF is not there
    back = queue.submit([deck])
    assert (len(back.queued), back.up_to_date) == (1, [])
    run_queue(queue, pool)
    assert pages(pdf) == 2
    assert sorted(p.name for p in pdf.parent.glob("*.pdf")) == ["talk.pdf"]
    assert [j.id for j in queue.submit([deck]).up_to_date] == [back.queued[0].id]


def test_a_deck_replaced_while_it_is_converted_is_converted_again(queue: JobQueue, tmp_path: Path) -> None:
    """Before: the PDF of the version read first was kept as the job's result, recorded as that
    version, and dropping the new version converted it as a second job."""
    deck = make_deck(tmp_path / "in" / "talk.pptx", 12, "slow:0.1")
    job = queue.submit([deck]).queued[0]
    pool = PoolProcess(queue.paths.root, extra=["--retry-base", "0.1"]).start()
    try:
        wait_until(lambda: (queue.get(job.id) or job).slides_done >= 2)
        saved_over(deck, 3)
        (done,) = wait_finished(queue, [job.id])
        again = queue.submit([deck])
    finally:
        pool.stop()
    assert (done.state, done.attempts, done.slides_total) == (JobState.SUCCEEDED, 2, 3)
    assert pages(deck.with_suffix(".pdf")) == 3
    assert [j.id for j in again.up_to_date] == [job.id]
    log = (DataPaths(queue.paths.root).logs_dir / "pool.log").read_text()
    assert "talk.pptx changed while it was being converted; it will be converted again" in log


def test_a_job_queued_before_the_upgrade_still_runs(tmp_path: Path) -> None:
    """A jobs.db of schema 1 holds no digest, file identity or wanted name: its queued jobs are
    migrated and run, keeping the key they have."""
    paths = DataPaths(tmp_path / "home").ensure()
    deck = make_deck(tmp_path / "in" / "old.pptx", 2)
    with sqlite3.connect(paths.jobs_db) as conn:
        for statement in MIGRATIONS[0]:
            conn.execute(statement)
        conn.execute(
            "INSERT INTO jobs (key, source, output, state, max_attempts, engine, options, position, created_at,"
            " ticket, rev) VALUES ('old-key', ?, ?, 'queued', 3, 'auto', ?, 1, 0, 1, 1)",
            (str(deck), str(deck.with_suffix(".pdf")), json.dumps(JobOptions().to_dict())),
        )
        conn.execute("PRAGMA user_version = 1")
    conn.close()
    queue = JobQueue(paths)
    pool = Pool(paths, PoolConfig(workers=1, factory_spec=FACTORY_SPEC))
    try:
        run_queue(queue, pool)
        (job,) = queue.list()
    finally:
        pool._child().stop()
        queue.close()
    assert (job.state, job.extra["key"], job.output) == (JobState.SUCCEEDED, "old-key", deck.with_suffix(".pdf"))
    assert pages(job.output) == 2
