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
REPEAT_AFTER = 60.0  # seconds between two warnings while the folder stays unwritable


class PoolStopping(Exception):
    """The pool stopped while a write was waiting for space: the job stays as jobs.db last had it,
    and the next pool's recovery takes it from there."""


class StorageWatch:
    """Says that the data folder cannot be written (at most once a minute: on a full disk some
    writes still fit and others do not), and that a write that had to wait went through."""

    def __init__(self, folder: Path, stopping: threading.Event) -> None:
        self.folder = folder
        self.stopping = stopping
        self._lock = threading.Lock()
        self._said_at: float | None = None

    def problem(self, exc: BaseException) -> str | None:
        """The one-line problem when ``exc`` is a storage failure (noted), else None."""
        if not isinstance(exc, (OSError, sqlite3.DatabaseError)):
            return None
        problem = storage_problem(exc, self.folder)
        if problem is not None:
            now = time.monotonic()
            with self._lock:
                say = self._said_at is None or now - self._said_at >= REPEAT_AFTER
                if say:
                    self._said_at = now
            if say:
                log.warning("%s; the pool waits and goes on when it can write again (%s)", problem, exc)
        return problem

    def write(self, action: Callable[[], T]) -> T:
        """``action()``, retried while the data folder cannot take it. Raises PoolStopping."""
        delay = FIRST_WAIT
        waited = False
        while True:
            try:
                result = action()
            except (OSError, sqlite3.DatabaseError) as exc:
                if self.problem(exc) is None:
                    raise
                if self.stopping.wait(delay):
                    raise PoolStopping() from exc
                waited = True
                delay = min(delay * 2, LONGEST_WAIT)
                continue
            if waited:
                with self._lock:
                    self._said_at = None
                log.info("the data folder %s takes writes again", self.folder)
            return result

    def attempt(self, action: Callable[[], T]) -> T | None:
        """``action()`` once; a storage failure is noted and gives None (progress, a heartbeat)."""
        try:
            return action()
        except (OSError, sqlite3.DatabaseError) as exc:
            if self.problem(exc) is None:
                raise
            return None
