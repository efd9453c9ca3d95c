"""The current batch: the jobs queued since the queue was last idle, as jobs.db records them.

A batch begins when a job is queued into an idle queue (the store notes the moment) and holds
every job that is still waiting or converting, or that finished since that moment. Being read
from the stored jobs, it survives a restart: a window opened half-way through a batch shows the
share already done, not 0 %.
"""

from __future__ import annotations

from datetime import datetime

from worker.jobs.model import Job


def in_batch(job: Job, started: datetime | None) -> bool:
    """Whether ``job`` belongs to the batch that began at ``started``."""
    if job.removed:
        return False
    if job.state.active:
        return True
    return started is not None and job.finished_at is not None and job.finished_at >= started


def batch_progress(jobs: list[Job]) -> float:
    """The share of a batch done (0..1): finished jobs count whole, running ones by their slides."""
    if not jobs:
        return 0.0
    return sum(1.0 if job.state.finished else job.progress for job in jobs) / len(jobs)
