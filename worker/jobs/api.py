"""The job API: what the window, the command line and the tests call.

Every method is quick SQLite work (submit also hashes the dropped files), safe from any thread;
the window should still call it off the GUI thread. The pool does the converting.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from worker.discovery import expand
from worker.jobs.model import (
    IdList,
    Job,
    JobCounts,
    JobList,
    JobOptions,
    JobState,
    LogList,
    SubmitOptions,
    SubmitReport,
)
from worker.jobs.source_identity import hashed, job_key
from worker.jobs.store import JobStore, NewJob, Ticket, TicketList
from worker.outputs import choose_output, desired_output
from worker.paths import DataPaths, data_paths
from worker.pool.huey_app import TaskQueue
from worker.pool.launcher import ensure_pool
from worker.pool.lock import pool_alive
from worker.pool.wake import wake_pool

log = logging.getLogger(__name__)

DEFAULT_MAX_ATTEMPTS = 3
NewJobList = list[NewJob]
PAUSED_KEY = "paused"


class JobQueue:
    """The durable queue of one data dir."""

    def __init__(self, paths: DataPaths | None = None, max_attempts: int = DEFAULT_MAX_ATTEMPTS) -> None:
        self.paths = paths if paths is not None else data_paths()
        self.store = JobStore(self.paths.jobs_db)
        self.tasks = TaskQueue(self.paths.queue_db)
        self.max_attempts = max_attempts

    # -- submitting ----------------------------------------------------------------------------

    def submit(self, paths: Sequence[Path], options: SubmitOptions | None = None) -> SubmitReport:
        """Queue the decks in ``paths`` (folders searched recursively).

        The same unchanged file with the same options is not queued twice; a deck whose PDF we
        made is still there is "up to date" unless ``options.force``.
        """
        opts = options if options is not None else SubmitOptions()
        found = expand([Path(p) for p in paths], skip_strays=opts.skip_strays)
        report = SubmitReport(
            skipped=dict(found.skipped), missing=list(found.missing), not_presentations=list(found.not_presentations)
        )
        out_dir = opts.out_dir.expanduser().resolve() if opts.out_dir is not None else None
        fresh: NewJobList = []
        requeue: JobList = []
        planned: set[Path] = set()
        keys: set[str] = set()
        for deck in found.decks:
            try:
                identity, digest = hashed(deck.source)
            except OSError as exc:
                report.unreadable.append((deck.source, str(exc)))
                continue
            desired = desired_output(deck.source, deck.root, out_dir, opts.job_options.layout)
            key = job_key(digest, opts.job_options, desired)
            if key in keys:
                continue
            keys.add(key)
            existing = self.store.find_by_key(key)
            if existing is None or not existing.state.active:
                # Queued with another version of the file (replaced since): it converts this one.
                existing = self.store.active_for(deck.source, desired, opts.job_options) or existing
            if existing is None and not opts.force:
                # Cleared from the list (Clear Finished) with its PDF still there: show it again.
                existing = self.store.restore_converted(key)
            if existing is not None:
                if existing.state.active:
                    report.already_queued.append(existing)
                    continue
                if (
                    existing.state is JobState.SUCCEEDED
                    and existing.output.exists()
                    and self.store.produced_here(existing.output)
                    and not opts.force
                ):
                    report.up_to_date.append(existing)
                    continue
                requeue.append(existing)
                continue

            def taken(path: Path) -> bool:
                return path in planned or self.store.output_in_use(path)

            output = choose_output(desired, taken, self.store.produced_here)
            planned.add(output)
            fresh.append(
                NewJob(key, deck.source, output, opts.job_options, self.max_attempts, digest, identity, desired)
            )
        tickets: TicketList = []
        if fresh:
            inserted, raced = self.store.insert(fresh)
            report.queued.extend(inserted)
            # Another process queued the same deck between our look-up and our insert.
            report.already_queued.extend(raced)
            tickets.extend(Ticket(j.id, int(j.extra["ticket"]), j.position) for j in inserted)
        if requeue:
            again = self.store.requeue(
                [j.id for j in requeue], [JobState.SUCCEEDED, JobState.FAILED, JobState.CANCELLED]
            )
            tickets.extend(again)
            report.queued.extend(self.store.get_many([t.job_id for t in again]))
        self._enqueue(tickets)
        log.info(
            "submitted %d paths: %d queued, %d already queued, %d up to date, skipped %s",
            len(paths),
            len(report.queued),
            len(report.already_queued),
            len(report.up_to_date),
            report.skipped,
        )
        return report

    # -- reading -------------------------------------------------------------------------------

    def list(self, state: JobState | None = None) -> JobList:
        """Jobs in queue order (position), finished ones included until removed."""
        return self.store.list(state)

    def get(self, job_id: int) -> Job | None:
        return self.store.get(job_id)

    def changed_since(self, cursor: int = 0) -> tuple[JobList, int]:
        """Jobs changed after ``cursor`` and the cursor to pass next time (0 = everything).

        A job removed since then comes back once with ``removed=True``: drop its row.
        """
        return self.store.changed_since(cursor)

    def counts(self) -> JobCounts:
        return self.store.counts()

    def batch_started(self) -> datetime | None:
        """When the current batch began (see worker.jobs.batch)."""
        return self.store.batch_started()

    def log_lines(self, job_id: int, after_id: int = 0) -> LogList:
        return self.store.log_lines(job_id, after_id)

    # -- steering ------------------------------------------------------------------------------

    def cancel(self, job_ids: Sequence[int]) -> IdList:
        """Cancel jobs: queued ones at once, running ones within a second. Returns those affected."""
        cancelled, flagged = self.store.cancel(list(job_ids))
        if flagged:
            self.wake()
        return [*cancelled, *flagged]

    def cancel_all(self) -> IdList:
        return self.cancel([j.id for j in self.store.list() if j.state.active])

    def retry(self, job_ids: Sequence[int], options: JobOptions | None = None) -> IdList:
        """Queue failed or cancelled jobs again with attempts reset, each in its place in the queue.

        With ``options`` they convert with those from now on (the window's Retry after the user
        changed a setting the error named, "include hidden slides"); each keeps its own page layout,
        which named its PDF.
        """
        ids = list(job_ids)
        changes = None
        if options is not None:
            changes = {job.id: self._with_options(job, options) for job in self.store.get_many(ids)}
        # In their places (HandBrake's Reset): the row stays where the user clicked it.
        tickets = self.store.requeue(ids, [JobState.FAILED, JobState.CANCELLED], options=changes, keep_place=True)
        self._enqueue(tickets)
        return [t.job_id for t in tickets]

    def retry_failed(self, options: JobOptions | None = None) -> IdList:
        return self.retry([j.id for j in self.store.list(JobState.FAILED)], options)

    @staticmethod
    def _with_options(job: Job, options: JobOptions) -> tuple[JobOptions, str | None]:
        """The job's options and key once it converts with ``options`` (None: the key stays)."""
        wanted = replace(options, layout=job.options.layout)
        digest, desired = job.extra.get("digest"), job.extra.get("desired")
        # A job queued before keys held these keeps its key; the pool keys it when it runs.
        key = job_key(str(digest), wanted, Path(str(desired))) if digest and desired else None
        return wanted, key

    def remove(self, job_ids: Sequence[int]) -> IdList:
        """Forget finished jobs (their PDFs stay). Active jobs are left alone: cancel them first."""
        return self.store.remove(list(job_ids))

    def move_to_front(self, job_id: int) -> bool:
        ticket = self.store.move_to_front(job_id)
        if ticket is None:
            return False
        self.tasks.enqueue([ticket], front=True)
        self.wake()
        return True

    def pause(self) -> None:
        """Start nothing new (running jobs finish); persists across restarts."""
        self.store.set_meta(PAUSED_KEY, "1")

    def resume(self) -> None:
        self.store.set_meta(PAUSED_KEY, "0")
        self.wake()

    def is_paused(self) -> bool:
        return self.store.get_meta(PAUSED_KEY, "0") == "1"

    # -- the pool ------------------------------------------------------------------------------

    def pool_alive(self) -> bool:
        return pool_alive(self.paths.pool_lock)

    def ensure_pool(self, workers: int | None = None) -> bool:
        """Start a pool for this data dir unless one is alive; True once one is."""
        return ensure_pool(self.paths, workers)

    def wake(self) -> bool:
        return wake_pool(self.paths.pool_info)

    def close(self) -> None:
        self.store.close()

    def _enqueue(self, tickets: Sequence[Ticket]) -> None:
        if tickets:
            self.tasks.enqueue(tickets)
            self.wake()
