"""Time left: each converting deck's and the batch's, estimated in one place at one moment.

A row's Time column and the status bar show figures made together here, so with one deck
converting they are the same number. With several, the batch's is the time until all of them are
done: never less than a converting row's, since the batch ends no sooner than its slowest deck.
"""

from __future__ import annotations

from collections.abc import Sequence

from worker.jobs.model import Job, JobState

MIN_PACE_SECONDS = 2.5  # how long the pace is watched before a time left is shown


class TimeLeft:
    def __init__(self) -> None:
        # Each converting deck's pace is measured from the first slide it was seen done, as
        # (clock, slides done): opening the deck, before its first slide, is not the pace.
        self._starts: dict[int, tuple[float, int]] = {}
        self._left: dict[int, float] = {}
        # The batch's pace, in decks (a running one counts by its share of slides), from when
        # converting was first seen moving; jobs added later do not reset it, a pause does.
        self._pace: tuple[float, float] | None = None
        self._moving = False  # progress was seen since the pace's start

    def job(self, job_id: int) -> float | None:
        """The seconds left for a converting deck, as last estimated (None: too soon to tell)."""
        return self._left.get(job_id)

    def restart_batch(self) -> None:
        """The batch's pace starts afresh (a new batch, or jobs found done that took no time here)."""
        self._pace = None

    def clear(self) -> None:
        self._starts.clear()
        self._left.clear()
        self._pace = None

    def update(self, now: float, jobs: Sequence[Job], units: float, total: float, paused: bool) -> float | None:
        """Estimate anew at ``now`` for the batch's ``jobs`` (``units`` of its ``total`` decks of
        work done, worker.jobs.batch.batch_work); return the batch's seconds left. Paused, decks
        still waiting will not start, so the batch's time is not told while any wait; converting
        ones go on and keep theirs."""
        converting = [j for j in jobs if j.state is JobState.RUNNING and not j.cancel_requested]
        self._estimate_jobs(now, converting)
        batch = self._batch_pace(now, units, total, paused)
        # A deck finishing its PDF has no slide left to time: its row says "Finishing the PDF…",
        # and the batch ends with the others (with none, no time is told rather than "0:00").
        rows = [self._left.get(j.id) for j in converting if not j.finishing]
        if any(j.state in (JobState.QUEUED, JobState.RETRYING) for j in jobs):
            if batch is None:
                return None
            return max([batch, *(left for left in rows if left is not None)])
        # Every deck left is converting: the batch ends with the last of them.
        if not rows or any(left is None for left in rows):
            return None
        return max(left for left in rows if left is not None)

    def _estimate_jobs(self, now: float, converting: Sequence[Job]) -> None:
        starts: dict[int, tuple[float, int]] = {}
        self._left = {}
        for job in converting:
            if job.slides_done <= 0 or job.slides_total <= 0:
                continue
            if job.finishing:
                continue  # no slide left to time: "0:00 left" would be told while the PDF is finished
            start = self._starts.get(job.id)
            if start is None or job.slides_done < start[1]:  # a new attempt starts from slide 1
                start = (now, job.slides_done)
            starts[job.id] = start
            began, done_then = start
            if job.slides_done > done_then and now - began >= MIN_PACE_SECONDS:
                rate = (job.slides_done - done_then) / (now - began)
                self._left[job.id] = max(0, job.slides_total - job.slides_done) / rate
        self._starts = starts  # a deck no longer converting forgets its pace

    def _batch_pace(self, now: float, units: float, total: float, paused: bool) -> float | None:
        if paused or self._pace is None or (not self._moving and units <= self._pace[1]):
            # Paused, or nothing moved yet (the pool starting): that wait is not the pace.
            self._pace = (now, units)
            self._moving = False
            return None
        self._moving = True  # from here a slow slide is part of the pace
        began, units_then = self._pace
        if now - began < MIN_PACE_SECONDS:
            return None  # a second or two of progress says little about the rest
        rate = (units - units_then) / (now - began)
        return (total - units) / rate if rate > 0 else None
