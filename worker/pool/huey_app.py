"""The Huey app over queue.db: one task, ``run_job(job_id, ticket)``.

Huey carries the order of work; jobs.db says what each job is. A task whose ticket no longer
matches the job (cancelled, moved, retried) is a no-op, so stale or duplicate tasks are harmless.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from huey import SqliteHuey

from worker.jobs.store import Ticket

log = logging.getLogger(__name__)

TASK_NAME = "slidepress.run_job"
JobRunner = Callable[[Ticket], None]


class TaskQueue:
    """Enqueues job tickets into queue.db; the pool also executes them."""

    def __init__(self, queue_db: Path, runner: JobRunner | None = None) -> None:
        # strict_fifo: without AUTOINCREMENT SQLite may reuse task ids and break FIFO order.
        self.huey = SqliteHuey(name="slidepress", filename=str(queue_db), results=False, strict_fifo=True, timeout=30)
        self._runner = runner

        def run_job(job_id: int, ticket: int) -> None:
            if self._runner is None:
                raise RuntimeError("this process does not run jobs")
            self._runner(Ticket(job_id, ticket))

        self._task = self.huey.task(name=TASK_NAME)(run_job)

    def enqueue(self, tickets: Sequence[Ticket], front: bool = False) -> None:
        for t in tickets:
            # Higher priority runs first: a job moved to the front outranks every plain task, and the
            # one moved last outranks those moved before it. Plain tasks run in the jobs' queue order
            # (the window's "#"), not the order they were enqueued in: a job retried in its place
            # runs before the jobs after it.
            if front:
                priority: float | None = time.time()
            else:
                priority = None if t.position is None else -t.position
            self.huey.enqueue(self._task.s(t.job_id, t.ticket, priority=priority))

    def flush(self) -> None:
        self.huey.storage.flush_queue()

    def pending(self) -> int:
        return int(self.huey.pending_count())
