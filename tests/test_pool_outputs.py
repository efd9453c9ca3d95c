"""Where a finished PDF goes when its place is taken or cannot be written."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest
from pool_fakes import FACTORY_SPEC, make_deck
from pypdf import PdfReader

import worker.pool.pool as pool_module
from worker.jobs import JobQueue, JobState, SubmitOptions
from worker.jobs.store import Ticket
from worker.paths import DataPaths
from worker.pool.pool import Pool, PoolConfig


def test_a_pdf_of_ours_that_cannot_be_replaced_is_replaced_on_the_retry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Replacing our own earlier PDF fails (a viewer holds it open on Windows, it is read-only or
    immutable): the run is retried and then replaces it. Before, the failed attempt had already noted
    the new file's identity, so the old PDF no longer counted as ours and the retry wrote
    'talk (2).pdf' beside it ('talk.pdf exists and is not ours'); the error named no folder."""
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

        def held_open(temp: Path, target: Path) -> None:
            raise PermissionError(errno.EACCES, "Permission denied", str(target))

        monkeypatch.setattr(pool_module, "publish", held_open)
        run(ticket)
        job_now = queue.store.list()[-1]
        assert job_now.state is JobState.RETRYING
        assert queue.store.produced_here(pdf)  # the old PDF, still there, is still known as ours
        assert job_now.error == (
            f"Cannot replace {pdf}: Permission denied (is it open in another program or read-only?);"
            " close it or free it, then Retry"
        )
        monkeypatch.undo()
        (ticket,) = queue.store.release_due_retries(now=float("inf"))
        run(ticket)
        done = queue.store.get(ticket.job_id)
    finally:
        pool._child().stop()
        queue.close()
    assert done is not None and done.state is JobState.SUCCEEDED and done.output == pdf
    assert sorted(p.name for p in pdf.parent.glob("*.pdf")) == ["talk.pdf"]
    assert pdf.stat().st_mtime_ns != first and len(PdfReader(pdf).pages) == 2
