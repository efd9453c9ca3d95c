"""The pool proving it is alive: a stamp file whose mtime the pool touches every few seconds,
but only while every thread that does the work keeps coming round.

A beat thread of its own would keep beating while the dispatcher is deadlocked; here the threads
that work (the consumer's workers, their converter supervision, the reaper) tick a note in memory
on each pass of their loops, and the consumer's main loop touches the stamp only when each of them
ticked lately. A pool that is stopped (SIGSTOP), stuck in a C call holding the GIL, or with a
thread wedged on a dead network share stops touching it; ``worker.pool.watchdog`` notices.

The stamp is an ``os.utime`` of a small file (metadata only: no data written, no fsync, and it
works on a full disk). Its content is the pool's pid, written once when the pool takes its lock.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path

from worker.paths import write_private

log = logging.getLogger(__name__)

STAMP_EVERY = 1.0  # seconds between touches of the stamp (a metadata change: the disk sees one per journal commit)
# A working thread that has not come round for this long (of the pool's own awake time) stops the
# stamp. Generous: the slowest honest pass is hashing a large deck on a slow network share.
LATE_AFTER = 60.0
# The main loop passes every 0.1 s: a longer gap means the whole process was not running (the
# machine slept, the pool was stopped and resumed); at most this much of it counts.
LONGEST_STEP = 1.0


class Liveness:
    def __init__(
        self,
        path: Path,
        stamp_every: float = STAMP_EVERY,
        late_after: float = LATE_AFTER,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.path = path
        self.stamp_every = stamp_every
        self.late_after = late_after
        self._clock = clock
        self._awake = 0.0  # seconds the main loop saw this process run
        self._last = clock()
        self._stamped = -stamp_every
        self._seen: dict[threading.Thread, float] = {}  # working thread -> _awake at its last tick
        self._late_said = False

    def begin(self) -> None:
        """Name this process in the stamp file (the pool holds its lock now)."""
        with contextlib.suppress(OSError):
            write_private(self.path, json.dumps({"pid": os.getpid()}).encode())
        self._stamped = self._awake

    def tick(self) -> None:
        """Called by a working thread on each pass of its loop: cheap (a dict entry, no I/O)."""
        self._seen[threading.current_thread()] = self._awake

    def beat(self) -> None:
        """Called by the main loop: touches the stamp when it is due and no working thread is late."""
        now = self._clock()
        self._awake += min(max(0.0, now - self._last), LONGEST_STEP)
        self._last = now
        if self._awake - self._stamped < self.stamp_every:
            return
        late = []
        for thread, seen in list(self._seen.items()):
            if not thread.is_alive():
                self._seen.pop(thread, None)  # Huey replaces a worker thread that died
            elif self._awake - seen > self.late_after:
                late.append(thread.name)
        if late:
            if not self._late_said:
                self._late_said = True
                log.error(
                    "pool thread %s has not come round for over %.0f s: the pool no longer says it is alive",
                    ", ".join(sorted(late)),
                    self.late_after,
                )
            return
        if self._late_said:
            self._late_said = False
            log.info("every pool thread comes round again")
        try:
            os.utime(self.path)
        except OSError as exc:
            log.debug("cannot touch %s: %s", self.path, exc)
            return
        self._stamped = self._awake
