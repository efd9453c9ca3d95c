"""A batch: the jobs that were active together, from the first queued one until all are done.

One notification per batch (not per file) needs to know when a batch ends and how it went.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from desktop_app.job_model import Changes
from worker.jobs.model import Job, JobState


@dataclass(frozen=True)
class BatchResult:
    succeeded: int
    failed: int
    cancelled: int
    seconds: float
    warned: int = 0  # of the succeeded: finished with warnings (a stand-in, a placeholder...)

    @property
    def total(self) -> int:
        return self.succeeded + self.failed + self.cancelled


class BatchTracker:
    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self.members: set[int] = set()
        self.started: float | None = None

    def note(self, changes: Changes) -> None:
        """Count in jobs that are or were just active (a fast job may go queued -> done in one poll)."""
        for old, job in changes.transitions:
            if job.state.active or (old is not None and old.active):
                if not self.members:
                    self.started = self._clock()
                self.members.add(job.id)

    def observe(
        self,
        changes: Changes,
        lookup: Callable[[int], Job | None],
        active_now: int,
    ) -> BatchResult | None:
        """Note changes; return the result when the batch has just ended."""
        self.note(changes)
        if not self.members or active_now > 0:
            return None
        jobs = [j for j in (lookup(i) for i in self.members) if j is not None]
        if any(j.state.active for j in jobs):
            return None
        result = BatchResult(
            succeeded=sum(j.state is JobState.SUCCEEDED for j in jobs),
            failed=sum(j.state is JobState.FAILED for j in jobs),
            cancelled=sum(j.state is JobState.CANCELLED for j in jobs),
            seconds=self._clock() - (self.started or self._clock()),
            warned=sum(j.state is JobState.SUCCEEDED and bool(j.warnings) for j in jobs),
        )
        self.members.clear()
        self.started = None
        return result

    def progress(self, lookup: Callable[[int], Job | None]) -> tuple[float, float | None]:
        """The batch's overall progress (0..1) and the seconds left, estimated from its pace."""
        if not self.members or self.started is None:
            return 0.0, None
        total = 0.0
        for job_id in self.members:
            job = lookup(job_id)
            total += 1.0 if job is None or job.state.finished else job.progress
        done = total / len(self.members)
        spent = self._clock() - self.started
        left = spent * (1 - done) / done if done >= 0.01 else None
        return done, left
