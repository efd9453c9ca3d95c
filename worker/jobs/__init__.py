"""The job API: ``JobQueue`` over jobs.db (record of truth) and queue.db (Huey tasks)."""

from worker.jobs.api import JobQueue
from worker.jobs.model import (
    Job,
    JobCounts,
    JobOptions,
    JobState,
    LogLine,
    SubmitOptions,
    SubmitOutcome,
    SubmitReport,
)
from worker.pool.launcher import ensure_pool

__all__ = [
    "Job",
    "JobCounts",
    "JobOptions",
    "JobQueue",
    "JobState",
    "LogLine",
    "SubmitOptions",
    "SubmitOutcome",
    "SubmitReport",
    "ensure_pool",
]
