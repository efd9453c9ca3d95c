"""Riding out a data folder that cannot take writes (a full disk) inside the pool.

A run's outcome must reach jobs.db: dropping it would leave the job 'running' until a reaper or
the next pool re-runs it, or lose a finished PDF's record. So the pool's bookkeeping writes wait
for space, saying so once, and go on when the disk has room again."""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from worker.jobs.storage_errors import storage_problem

log = logging.getLogger(__name__)

T = TypeVar("T")

FIRST_WAIT = 0.2  # seconds before the first new attempt; doubled up to LONGEST_WAIT
LONGEST_WAIT = 2.0
# On a nearly full disk some writes fit and others do not: a new spell of failures this soon after
# the last one was said is not said again (nor its end), or the log would fill with pairs of lines.
QUIET_AFTER = 60.0


class PoolStopping(Exception):
    """The pool stopped while a write was waiting for space: the job stays as jobs.db last had it,
    and the next pool's recovery takes it from there."""


class StorageWatch:
    """Says once that the data folder cannot be written, however long that lasts and however many
    writes fail meanwhile (the pool's bookkeeping, the consumer taking tasks off queue.db), and once
    that a write went through again."""

    def __init__(self, folder: Path, stopping: threading.Event, tick: Callable[[], None] = lambda: None) -> None:
        self.folder = folder
        self.stopping = stopping
        self.tick = tick  # a thread waiting for room is not hung (worker.pool.liveness)
        self._lock = threading.Lock()
        self._failing = False  # the last write to the data folder failed for lack of room
        self._said = False  # ... and this spell of failures was said
        self._said_at: float | None = None

    def problem(self, exc: BaseException) -> str | None:
        """The one-line problem when ``exc`` is a storage failure (noted), else None."""
        if not isinstance(exc, (OSError, sqlite3.DatabaseError)):
            return None
        problem = storage_problem(exc, self.folder)
        if problem is not None:
            now = time.monotonic()
            with self._lock:
                say = not self._failing and (self._said_at is None or now - self._said_at >= QUIET_AFTER)
                if not self._failing:
                    self._failing, self._said = True, say
                if say:
                    self._said_at = now
            if say:
                log.warning("%s; the pool waits and goes on when it can write again (%s)", problem, exc)
        return problem

    def went_through(self) -> None:
        """A write to the data folder worked: ends a spell of failures (said if its start was)."""
        if not self._failing:  # the common case, without the lock: a stale read only delays this
            return
        with self._lock:
            said, self._failing, self._said = self._said, False, False
        if said:
            log.info("the data folder %s takes writes again", self.folder)

    def write(self, action: Callable[[], T]) -> T:
        """``action()`` (a write transaction), retried while the data folder cannot take it.
        Raises PoolStopping."""
        delay = FIRST_WAIT
        while True:
            try:
                result = action()
            except (OSError, sqlite3.DatabaseError) as exc:
                if self.problem(exc) is None:
                    raise
                if self.stopping.wait(delay):
                    raise PoolStopping() from exc
                self.tick()
                delay = min(delay * 2, LONGEST_WAIT)
                continue
            self.went_through()
            return result

    def attempt(self, action: Callable[[], T]) -> T | None:
        """``action()`` once; a storage failure is noted and gives None (progress, a heartbeat,
        taking a task off the queue). Its success proves nothing (it may only have read): the
        caller says ``went_through`` when it knows something was written."""
        try:
            return action()
        except (OSError, sqlite3.DatabaseError) as exc:
            if self.problem(exc) is None:
                raise
            return None
