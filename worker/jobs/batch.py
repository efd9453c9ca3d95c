"""The current batch: the jobs queued since the queue was last idle, as jobs.db records them.

A batch begins when a job is queued into an idle queue (the store notes the moment) and holds
every job that is still waiting or converting, or that finished since that moment. Being read
from the stored jobs, it survives a restart: a window opened half-way through a batch shows the
share already done, not 0 %.
"""

from __future__ import annotations

from datetime import datetime

from worker.jobs.model import Job, JobState


def in_batch(job: Job, started: datetime | None) -> bool:
    """Whether ``job`` belongs to the batch that began at ``started``."""
    if job.removed:
        return False
    if job.state.active:
        return True
    return started is not None and job.finished_at is not None and job.finished_at >= started


def batch_work(jobs: list[Job]) -> tuple[float, float]:
    """The work a batch has done and the work it will have done once over, in decks: (done, size).

    The rule, so that the batch's bar never goes back when the user takes work away: a converted
    deck counts whole; a waiting or converting one is a deck of work, done by its share of slides;
    a cancelled or failed deck counts only the slides it had drawn, as done and as size, since the
    rest of it will not be done. Cancelling, a failure or removing a finished row (counted as it
    ended, by the caller) then only takes away work still to do: done / size stays or grows, by
    as much as the work taken away was left to do. Only work added (a drop, a Retry, a deck
    converted again) moves it back.
    """
    done = size = 0.0
    for job in jobs:
        if job.state is JobState.SUCCEEDED:
            done, size = done + 1.0, size + 1.0
        elif job.state.finished:
            done, size = done + job.progress, size + job.progress
        else:
            done, size = done + job.progress, size + 1.0
    return done, size


def batch_progress(jobs: list[Job]) -> float:
    """The share of a batch done (0..1), by batch_work's rule; 1.0 when nothing is left to do."""
    done, size = batch_work(jobs)
    return done / size if size > 0 else 1.0
