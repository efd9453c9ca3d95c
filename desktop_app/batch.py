"""A batch: the jobs that were active together, from the first queued one until all are done.

One notification per batch (not per file) needs to know when a batch ends and how it went; the
status bar's overall progress needs to know which jobs count. Which jobs belong is read from the
stored jobs (worker.jobs.batch), so a window opened half-way through a batch shows its real share.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from desktop_app.estimate import TimeLeft
from desktop_app.job_model import Changes
from worker.discovery import skipped_summary
from worker.jobs.batch import batch_work, in_batch
from worker.jobs.model import Job, JobState


@dataclass(frozen=True)
class BatchResult:
    succeeded: int
    failed: int
    cancelled: int
    seconds: float
    warned: int = 0  # of the succeeded: finished with warnings (a stand-in, a placeholder...)
    skipped: str = ""  # what the batch's drops left out (worker.discovery.skipped_summary)

    @property
    def total(self) -> int:
        return self.succeeded + self.failed + self.cancelled


def wall_now() -> datetime:
    return datetime.now(UTC)


class BatchTracker:
    def __init__(
        self,
        clock: Callable[[], float] = time.monotonic,
        wall: Callable[[], datetime] = wall_now,
    ) -> None:
        self._clock = clock
        self._wall = wall
        self.members: set[int] = set()
        self.started: float | None = None
        self.since: datetime | None = None  # the stored start of the batch (None: not known)
        self._ended: datetime | None = None  # the stored start of the last batch that ended here
        # The time left of the batch and of each converting deck; jobs found already done when
        # the window opened took no time of this run, so they restart the batch's pace.
        self.time_left = TimeLeft()
        # What the batch's drops left out, said again when it ends: the drop's own line is gone
        # by then (replaced, or timed out), and whoever walked away would never learn of it.
        self._skipped: Counter[str] = Counter()
        self._strays: list[Path] = []
        # Each member as last seen: one removed from the list (Clear Finished during the batch)
        # still counts as what it ended as in the batch's result.
        self._seen: dict[int, Job] = {}
        # Of the members, the decks it converts (not cancelled or failed), as progress() last saw.
        self.decks = 0

    def note_left_out(self, skipped: dict[str, int], not_presentations: list[Path]) -> None:
        """Remember what a drop that added to the batch left out."""
        self._skipped.update(skipped)
        self._strays.extend(p for p in not_presentations if p not in self._strays)

    def note(self, changes: Changes, since: datetime | None = None, active_now: int = 0) -> None:
        """Count in jobs that are or were just active (a fast job may go queued -> done in one poll),
        and, while the batch is under way, the jobs seen for the first time that finished in it
        (the window's first load after a restart)."""
        if since is not None:
            self.since = since
        for job in changes.reran:
            self._add(job.id)
        for old, job in changes.transitions:
            if job.state.active or (old is not None and old.active):
                self._add(job.id)
            elif old is None and active_now > 0 and since != self._ended and in_batch(job, since):
                self._add(job.id)
                self.time_left.restart_batch()
            if job.id in self.members:
                self._seen[job.id] = job

    def _add(self, job_id: int) -> None:
        if not self.members:
            self.started = self._clock()
            self.time_left.restart_batch()
        self.members.add(job_id)

    def observe(
        self,
        changes: Changes,
        lookup: Callable[[int], Job | None],
        active_now: int,
        since: datetime | None = None,
    ) -> BatchResult | None:
        """Note changes; return the result when the batch has just ended."""
        self.note(changes, since, active_now)
        if not self.members or active_now > 0:
            return None
        jobs = [j for j in (lookup(i) or self._ended_as(i) for i in self.members) if j is not None]
        if any(j.state.active for j in jobs):
            return None
        if self.since is not None:
            seconds = (self._wall() - self.since).total_seconds()
        else:
            seconds = self._clock() - (self.started or self._clock())
        result = BatchResult(
            succeeded=sum(j.state is JobState.SUCCEEDED for j in jobs),
            failed=sum(j.state is JobState.FAILED for j in jobs),
            cancelled=sum(j.state is JobState.CANCELLED for j in jobs),
            seconds=seconds,
            warned=sum(j.state is JobState.SUCCEEDED and bool(j.warnings) for j in jobs),
            skipped=skipped_summary(dict(self._skipped), self._strays),
        )
        self._ended = self.since
        self._skipped.clear()
        self._strays.clear()
        self._seen.clear()
        self.members.clear()
        self.started = None
        self.time_left.clear()
        return result

    def _ended_as(self, job_id: int) -> Job | None:
        """A member gone from the list as it was last seen finished (one last seen waiting went
        some other way, unseen: it is not counted, and does not hold the batch open)."""
        seen = self._seen.get(job_id)
        return seen if seen is not None and seen.state.finished else None

    def progress(
        self, lookup: Callable[[int], Job | None], paused: bool = False, pool_alive: bool = True
    ) -> tuple[float, float | None]:
        """The batch's overall progress (0..1) and the seconds left (see TimeLeft, which also
        estimates each converting deck's at the same moment). With no pool alive nothing
        converts: no time is told, and the paces start afresh when one is back."""
        if not self.members:
            self.time_left.clear()
            self.decks = 0
            return 0.0, None
        jobs = [j for j in (lookup(i) for i in self.members) if j is not None]
        # Removed from the list (Clear Finished): counted as they ended, so taking a row away
        # never moves the bar (worker.jobs.batch.batch_work); one never seen ended counts whole.
        gone = [self._seen.get(i) for i in self.members if lookup(i) is None]
        ended = [j for j in gone if j is not None and j.state.finished]
        units, size = batch_work(jobs + ended)
        units, size = units + len(gone) - len(ended), size + len(gone) - len(ended)
        done = units / size if size > 0 else 1.0
        # The decks the batch converts (the "for both" of the text): not those cancelled or failed.
        self.decks = sum(not j.state.finished or j.state is JobState.SUCCEEDED for j in jobs + ended)
        self.decks += len(gone) - len(ended)
        if not pool_alive:
            self.time_left.clear()
            return done, None
        left = self.time_left.update(self._clock(), jobs, units, size, paused)
        return done, left
