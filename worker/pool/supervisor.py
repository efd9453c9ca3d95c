"""One worker thread's converter child: started warm, reused, recycled, killed when it must be."""

from __future__ import annotations

import contextlib
import importlib
import logging
import multiprocessing
import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any

from worker.pool.child import ConvertRequest, child_main

log = logging.getLogger(__name__)

CHILD_START_TIMEOUT = 120.0  # a cold Qt start on a busy CI machine can take a while
# A child that keeps more than this share of the memory limit above what it held when fresh is
# replaced before its next job: memory a deck's conversion freed stays with the process (the
# allocator's arenas), and the next deck's limit would be measured on top of it.
RETAINED_SHARE = 0.25
# The supervisor looks at its child every 50 ms; a longer gap means this process was not running
# (the machine slept, the pool was stopped): at most this much of such a gap counts towards the
# time limit, or a deck converting when a laptop was closed for the night fails as "timed out".
LONGEST_STEP = 1.0


class Ending(StrEnum):
    DONE = "done"
    ERROR = "error"
    CANCELLED = "cancelled"
    LOST = "lost"  # the child died (crash, kill -9, OOM killer)
    TIMEOUT = "timeout"
    MEMORY = "memory"
    ABANDONED = "abandoned"  # our lease is gone (reaped) or the pool is stopping


@dataclass
class Outcome:
    ending: Ending
    slides: int = 0
    engine: str = ""
    warnings: list[str] = field(default_factory=list)
    kind: str = ""
    permanent: bool = True
    message: str = ""


@dataclass(frozen=True)
class Limits:
    time_limit: float = 600.0  # seconds per job
    memory_limit_mb: int = 1536  # resident memory of the child: hostile decks are stopped well before 2 GB
    cancel_grace: float = 0.6  # how long a cancelled engine may take to notice before the kill
    recycle_after: int = 50  # jobs per child, so leaks cannot pile up


@dataclass
class Watch:
    """Callbacks the supervisor calls while a job runs (the pool binds them to jobs.db)."""

    progress: Callable[[int, int], None]
    poll: Callable[[], tuple[bool, bool]]  # (still ours, cancel requested); called ~5 times a second
    stopping: Callable[[], bool]
    started: Callable[[int], None] = lambda pid: None  # told the converter's pid once it has the job


class ConverterChild:
    def __init__(
        self,
        factory_spec: str,
        limits: Limits,
        warm_engine: str | None = "auto",
        tick: Callable[[], None] = lambda: None,
    ) -> None:
        self.factory_spec = factory_spec
        self.tick = tick  # called on each pass of the waiting loops: the pool's liveness
        self.limits = limits
        self.warm_engine = warm_engine
        self._ctx = multiprocessing.get_context("spawn")
        self._proc: BaseProcess | None = None
        self._conn: Connection | None = None
        self._ready = False
        self.jobs_done = 0
        self._fresh_mb: float | None = None  # the child's memory when it was ready, before any job

    @property
    def pid(self) -> int | None:
        return None if self._proc is None else self._proc.pid

    def start(self) -> None:
        parent, child = self._ctx.Pipe(duplex=True)
        proc = self._ctx.Process(
            target=child_main,
            args=(child, self.factory_spec, self.warm_engine),
            name="slidepress-converter",
            daemon=True,
        )
        proc.start()
        child.close()
        self._proc, self._conn, self._ready, self.jobs_done = proc, parent, False, 0
        log.info("converter child %s started", proc.pid)

    def _await_ready(self) -> bool:
        assert self._conn is not None and self._proc is not None
        if self._ready:
            return True
        deadline = time.monotonic() + CHILD_START_TIMEOUT
        while time.monotonic() < deadline:
            self.tick()
            if self._conn.poll(0.1):
                try:
                    message = self._conn.recv()
                except (EOFError, OSError):
                    return False
                if message[0] == "ready":
                    self._ready = True
                    self._fresh_mb = self.rss_mb()
                    return True
            elif not self._proc.is_alive():
                return False
        return False

    def ensure_ready(self) -> bool:
        """A warm child ready for a job: replaced when dead or due for recycling."""
        if not self.alive() or self.jobs_done >= self.limits.recycle_after or self._retains_too_much():
            self.kill()
            self.start()
        if self._await_ready():
            return True
        self.kill()
        return False

    def _retains_too_much(self) -> bool:
        mb, fresh = self.rss_mb(), self._fresh_mb
        if mb is None or fresh is None or mb - fresh <= self.limits.memory_limit_mb * RETAINED_SHARE:
            return False
        log.info("converter child %s holds %.0f MB after its jobs (%.0f MB fresh): replacing it", self.pid, mb, fresh)
        return True

    def alive(self) -> bool:
        return self._proc is not None and self._proc.is_alive()

    def kill(self) -> None:
        proc, conn = self._proc, self._conn
        self._proc, self._conn, self._ready = None, None, False
        if proc is not None:
            if proc.is_alive():
                proc.kill()
            proc.join(5)
            log.info("converter child %s stopped", proc.pid)
        if conn is not None:
            conn.close()

    def stop(self) -> None:
        """Ask the child to exit, killing it if it does not."""
        if self._conn is not None and self._proc is not None and self._proc.is_alive():
            try:
                self._conn.send(("stop",))
                self._proc.join(2)
            except OSError:
                pass
        self.kill()

    def rss_mb(self) -> float | None:
        return None if self._proc is None or self._proc.pid is None else rss_mb(self._proc.pid)

    def run(self, request: ConvertRequest, watch: Watch) -> Outcome:
        """Convert one deck in the child, supervising it until it ends one way or another."""
        if not self.ensure_ready():
            return Outcome(
                Ending.LOST, kind="worker_lost", permanent=False, message="The converter process did not start"
            )
        assert self._conn is not None and self._proc is not None
        conn = self._conn
        self.jobs_done += 1
        try:
            conn.send(("convert", request))
            watch.started(int(self._proc.pid or 0))
        except OSError:
            self.kill()
            return Outcome(
                Ending.LOST, kind="worker_lost", permanent=False, message="The converter process stopped unexpectedly"
            )
        try:
            return self._supervise(conn, watch)
        except BaseException:
            # A callback failed mid-job (jobs.db unwritable, say): the child is still converting and
            # its late messages would be read as the next job's. Only a fresh child is in a known state.
            self.kill()
            raise

    def _supervise(self, conn: Connection, watch: Watch) -> Outcome:
        assert self._proc is not None
        started = time.monotonic()
        next_poll = started
        kill_at: float | None = None
        cancel_sent = False
        last, ran = started, 0.0  # ran: the seconds this deck had to convert while we were awake
        while True:
            self.tick()
            message: tuple[Any, ...] | None = None
            try:
                if conn.poll(0.05):
                    message = conn.recv()
            except (EOFError, OSError):
                message = None
                if not self._proc.is_alive() or kill_at is None:
                    self._proc.join(1)
            if message is not None:
                outcome = self._handle(message, watch)
                if outcome is not None:
                    if outcome.ending is Ending.ERROR and outcome.kind == "cancelled":
                        outcome.ending = Ending.CANCELLED
                    return outcome
                # No `continue`: a chatty engine (a slide every few ms) must not starve the
                # cancel, time-limit and memory checks below.
            if not self._proc.is_alive():
                code = self._proc.exitcode
                self.kill()
                if cancel_sent:
                    return Outcome(Ending.CANCELLED)
                return Outcome(
                    Ending.LOST,
                    kind="worker_lost",
                    permanent=False,
                    message=f"The converter process stopped unexpectedly (exit code {code})",
                )
            now = time.monotonic()
            ran += min(now - last, LONGEST_STEP)
            last = now
            if kill_at is not None and now >= kill_at:
                self.kill()  # the engine did not notice the cancel in time
                return Outcome(Ending.CANCELLED)
            if now < next_poll:
                continue
            next_poll = now + 0.2
            ours, cancel = watch.poll()
            if not ours or watch.stopping():
                self.kill()
                return Outcome(Ending.ABANDONED)
            if cancel and not cancel_sent:
                cancel_sent = True
                kill_at = now + self.limits.cancel_grace
                with contextlib.suppress(OSError):
                    conn.send(("cancel",))
            if ran > self.limits.time_limit:
                self.kill()
                return Outcome(
                    Ending.TIMEOUT,
                    kind="timeout",
                    permanent=True,
                    # "Headline: detail", as every reason: a list row shows the headline alone.
                    message=(
                        f"Timed out: the conversion took longer than {self.limits.time_limit:g} s, "
                        "the limit for one deck"
                    ),
                )
            mb = self.rss_mb()
            if mb is not None and mb > self.limits.memory_limit_mb:
                # Only a fresh child's count is the deck's own: one that converted decks before
                # held some of their memory, so the deck is tried again in a new child.
                first_job = self.jobs_done <= 1
                self.kill()
                return Outcome(
                    Ending.MEMORY,
                    kind="too_large",
                    permanent=first_job,
                    message=(
                        f"Deck too large: converting it took more than {self.limits.memory_limit_mb} MB of memory, "
                        "the limit for one deck"
                    ),
                )

    @staticmethod
    def _handle(message: tuple[Any, ...], watch: Watch) -> Outcome | None:
        tag = message[0]
        if tag == "progress":
            watch.progress(int(message[1]), int(message[2]))
            return None
        if tag == "done":
            return Outcome(Ending.DONE, slides=int(message[1]), engine=str(message[2]), warnings=list(message[3]))
        if tag == "error":
            return Outcome(Ending.ERROR, kind=str(message[1]), permanent=bool(message[2]), message=str(message[3]))
        return None


def rss_mb(pid: int) -> float | None:
    """Resident memory of ``pid`` in MB: /proc on Linux, psutil elsewhere when installed."""
    if sys.platform.startswith("linux"):
        try:
            with open(f"/proc/{pid}/statm", "rb") as f:
                pages = int(f.read().split()[1])
        except (OSError, ValueError, IndexError):
            return None
        return pages * os.sysconf("SC_PAGE_SIZE") / 1_048_576
    try:
        psutil: Any = importlib.import_module("psutil")  # optional: only needed off Linux
    except ImportError:
        return None
    try:
        return float(psutil.Process(pid).memory_info().rss) / 1_048_576
    except Exception:
        return None
