"""The window's only door to the job API: every call runs off the GUI thread.

Three worker threads, each with its own ``JobQueue`` (its own SQLite connection):
- the poller reads "what changed since" on one timer and hands snapshots to the GUI;
- the commander runs the window's requests (submit hashes files, so it may take a while);
- the keeper starts and supervises the pool process, restarting it when it dies, and replacing
  it when it holds its lock but has stopped answering (worker.pool.watchdog).
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, QThread, QTimer, Signal, Slot

from desktop_app.pool_control import pool_workers, stop_pool
from worker.discovery import skipped_summary
from worker.jobs.api import JobQueue
from worker.jobs.model import Job, JobCounts, SubmitOptions, SubmitReport
from worker.jobs.storage_errors import storage_problem
from worker.paths import DataPaths
from worker.pool.watchdog import PoolWatch, Replaced

log = logging.getLogger(__name__)

POLL_INTERVAL_MS = 250
POOL_CHECK_INTERVAL_MS = 1000
POLL_CHUNK = 1000

QueueCall = Callable[[JobQueue], Any]
Callback = Callable[[Any], None]


@dataclass(frozen=True)
class PollResult:
    """One tick of the poller: the jobs changed since the last tick and the queue's state."""

    jobs: list[Job]
    cursor: int
    counts: JobCounts
    paused: bool
    took_ms: float
    batch_started: datetime | None = None  # the stored start of the current batch


@dataclass(frozen=True)
class PoolStatus:
    alive: bool
    workers: int | None = None
    starting: bool = False


@dataclass
class DropReport:
    """What a drop did: the API's report and what is said about the files it left out."""

    report: SubmitReport
    skipped: str = ""  # worker.discovery.skipped_summary: "" when nothing is worth a word
    nothing_found: str = "No presentations found"  # the line when the drop held none (nothing_found)


def nothing_found(dropped: Sequence[Path]) -> str:
    """The drop's line when it found no presentation: which folder (or file) held none, so a
    user who dropped the wrong one sees it."""
    if len(dropped) == 1:
        place = dropped[0]
        where = "in the folder" if place.is_dir() else "in"
        return f"No presentations found {where} {place.name or place}"
    if dropped:
        return f"No presentations found in the {len(dropped)} items dropped"
    return "No presentations found"


def submit_dropped(queue: JobQueue, paths: Sequence[Path], options: SubmitOptions) -> DropReport:
    """Submit dropped paths; which files count is worker.discovery's rule, as for the CLI."""
    report = queue.submit(list(paths), options)
    # Asked here, on the queue's thread: a dropped folder may be on a slow network share.
    return DropReport(report, skipped_summary(report.skipped, report.not_presentations), nothing_found(paths))


_OPEN_LOCK = threading.Lock()


def open_queue(paths: DataPaths) -> JobQueue:
    """A JobQueue for this thread. Opening is serialised: three threads migrating a fresh jobs.db
    and switching it to WAL at once get "database is locked"."""
    with _OPEN_LOCK:
        return JobQueue(paths)


def try_open_queue(paths: DataPaths) -> tuple[JobQueue | None, str | None]:
    """(the queue, None), or (None, the one-line problem) when the data folder cannot be opened
    now (a full or read-only disk at start): the caller tries again later, the disk may recover."""
    try:
        return open_queue(paths), None
    except (OSError, sqlite3.DatabaseError) as exc:
        problem = storage_problem(exc, paths.root)
        if problem is None:
            raise
        log.debug("cannot open the queue in %s: %s", paths.root, exc)
        return None, problem


class Poller(QObject):
    polled = Signal(object)  # PollResult
    # The one line saying why the jobs cannot be read (the data folder's disk is full or
    # read-only at start), "" once they can: the window would otherwise show an empty queue.
    unavailable = Signal(str)

    def __init__(self, paths: DataPaths, interval_ms: int) -> None:
        super().__init__()
        self._paths = paths
        self._interval_ms = interval_ms
        self._queue: JobQueue | None = None
        self._timer: QTimer | None = None
        self._cursor = 0
        self._running = False
        self._problem: str | None = None

    @Slot()
    def start(self) -> None:
        self._running = True
        self._timer = QTimer(self)
        self._timer.setInterval(self._interval_ms)
        self._timer.timeout.connect(self.tick)
        self._timer.start()
        self.tick()

    def _open(self) -> bool:
        if self._queue is not None:
            return True
        self._queue, problem = try_open_queue(self._paths)
        if problem != self._problem:
            if problem:
                log.warning("the jobs cannot be read: %s", problem)
            else:
                log.info("the jobs can be read again")
            self._problem = problem
            self.unavailable.emit(problem or "")
        return self._queue is not None

    @Slot()
    def tick(self) -> None:
        if not self._running or not self._open():
            return
        assert self._queue is not None
        began = time.perf_counter()
        try:
            jobs, cursor = self._queue.changed_since(self._cursor)
            counts = self._queue.counts()
            paused = self._queue.is_paused()
            batch_started = self._queue.batch_started()
        except Exception:
            log.exception("polling jobs.db failed")
            return
        self._cursor = cursor
        took = (time.perf_counter() - began) * 1000
        # A first load of 10,000 jobs arrives in slices, so the GUI thread paints between them.
        for start in range(0, max(len(jobs), 1), POLL_CHUNK):
            self.polled.emit(PollResult(jobs[start : start + POLL_CHUNK], cursor, counts, paused, took, batch_started))

    @Slot()
    def stop(self) -> None:
        self._running = False
        if self._timer is not None:
            self._timer.stop()
        if self._queue is not None:
            self._queue.close()
            self._queue = None
        app = QCoreApplication.instance()
        if app is not None:
            self.moveToThread(app.thread())  # so it is destroyed on the GUI thread


class Commander(QObject):
    finished = Signal(int, object)  # request id, result
    failed = Signal(int, str)

    def __init__(self, paths: DataPaths) -> None:
        super().__init__()
        self._paths = paths
        self._queue: JobQueue | None = None

    @Slot(int, object)
    def run(self, request: int, call: object) -> None:
        assert callable(call)
        try:
            if self._queue is None:
                self._queue = open_queue(self._paths)
            result = call(self._queue)
        except Exception as exc:
            log.exception("a queue request failed")
            self.failed.emit(request, storage_problem(exc, self._paths.root) or str(exc) or type(exc).__name__)
            return
        self.finished.emit(request, result)

    @Slot()
    def stop(self) -> None:
        _release(self, self._queue)
        self._queue = None


def _release(worker: QObject, queue: JobQueue | None) -> None:
    """Close a worker thread's job queue and hand the object back to the GUI thread to be deleted."""
    if queue is not None:
        queue.close()
    app = QCoreApplication.instance()
    if app is not None:
        worker.moveToThread(app.thread())


class PoolKeeper(QObject):
    """Keeps one pool alive for the data dir while the window is open."""

    status = Signal(object)  # PoolStatus
    message = Signal(str)

    def __init__(self, paths: DataPaths, workers: int, check_ms: int, hung_after: float | None = None) -> None:
        super().__init__()
        self._paths = paths
        self._watch = PoolWatch(paths, hung_after)
        self._workers = workers
        self._check_ms = check_ms
        self._timer: QTimer | None = None
        self._queue: JobQueue | None = None
        self._was_alive = False
        self._supervising = True

    @Slot()
    def start(self) -> None:
        self._timer = QTimer(self)
        self._timer.setInterval(self._check_ms)
        self._timer.timeout.connect(self.check)
        self._timer.start()
        self.check()

    @Slot()
    def check(self) -> None:
        if not self._supervising:
            return
        if self._queue is None:
            # A pool could not open the data either: wait until it can be (the poller says why).
            self._queue, _problem = try_open_queue(self._paths)
            if self._queue is None:
                self.status.emit(PoolStatus(False))
                return
        if self._queue.pool_alive():
            if self._watch.hung():
                self._replace_hung()
                return
            self._was_alive = True
            self.status.emit(PoolStatus(True, pool_workers(self._paths)))
            return
        if self._watch.replacing_elsewhere():
            return  # another window replaces a pool that stopped answering: it starts the new one
        if self._was_alive:
            log.warning("the pool of %s stopped; restarting it", self._paths.root)
            self.message.emit("The worker pool stopped unexpectedly; restarting it")
        self._start_pool()

    def _replace_hung(self) -> None:
        """Kill the pool that stopped answering and start a fresh one (this thread blocks for
        a few seconds; the GUI thread does not)."""
        assert self._queue is not None
        queue = self._queue
        self.status.emit(PoolStatus(False, None, starting=True))
        replaced = self._watch.replace(queue.store, lambda: queue.ensure_pool(self._workers))
        if replaced is Replaced.REPLACED:
            self.message.emit("The worker pool stopped answering; a new one took over")
        elif replaced in (Replaced.NOT_STARTED, Replaced.UNKILLABLE):
            self.message.emit("The worker pool stopped answering and could not be replaced (see the logs folder)")
        # OTHERS (another window replaces it) and ANSWERS: the next check shows where things stand.
        alive = queue.pool_alive()
        self.status.emit(PoolStatus(alive, pool_workers(self._paths) if alive else None))

    def _start_pool(self) -> None:
        assert self._queue is not None
        self.status.emit(PoolStatus(False, None, starting=True))
        ok = self._queue.ensure_pool(self._workers)
        if ok:
            if self._was_alive:
                self.message.emit("Worker pool restarted")
            self._was_alive = True
            self.status.emit(PoolStatus(True, pool_workers(self._paths)))
        else:
            log.error("could not start a pool for %s", self._paths.root)
            self.message.emit("Could not start the worker pool (see the logs folder)")
            self.status.emit(PoolStatus(False))

    @Slot(int)
    def set_workers(self, workers: int) -> None:
        """Restart the pool with ``workers``; running jobs go back to the queue, none is lost."""
        if workers == self._workers:
            return
        self._workers = workers
        if self._queue is None:
            return
        self.message.emit(f"Restarting the worker pool with {workers} workers")
        self._was_alive = False  # an intended stop is not a crash
        stop_pool(self._paths)
        self._start_pool()

    @Slot(bool)
    def stop(self, stop_pool_too: bool) -> None:
        self._supervising = False
        if self._timer is not None:
            self._timer.stop()
        if stop_pool_too:
            stop_pool(self._paths)
        _release(self, self._queue)
        self._queue = None


class QueueClient(QObject):
    """GUI-thread facade: queue calls go to the commander, results come back as callbacks."""

    changed = Signal(object)  # PollResult
    data_problem = Signal(str)  # why the jobs cannot be read now; "" once they can
    pool_status = Signal(object)  # PoolStatus
    pool_message = Signal(str)
    request_failed = Signal(str)

    _run = Signal(int, object)
    _poll = Signal()
    _set_workers = Signal(int)
    _stop_poller = Signal()
    _stop_commander = Signal()
    _stop_keeper = Signal(bool)

    def __init__(
        self,
        paths: DataPaths,
        workers: int,
        poll_ms: int = POLL_INTERVAL_MS,
        pool_check_ms: int = POOL_CHECK_INTERVAL_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.paths = paths
        self._callbacks: dict[int, Callback | None] = {}
        self._next = 0
        self._threads: list[QThread] = []
        self.poller = Poller(paths, poll_ms)
        self.commander = Commander(paths)
        self.keeper = PoolKeeper(paths, workers, pool_check_ms)
        blocking = Qt.ConnectionType.BlockingQueuedConnection
        for name, obj in (("poller", self.poller), ("commander", self.commander), ("pool-keeper", self.keeper)):
            thread = QThread(self)
            thread.setObjectName(f"slidepress-{name}")
            obj.moveToThread(thread)
            self._threads.append(thread)
        self._threads[0].started.connect(self.poller.start)
        self._threads[2].started.connect(self.keeper.start)
        self.poller.polled.connect(self.changed)
        self.poller.unavailable.connect(self.data_problem)
        self.keeper.status.connect(self.pool_status)
        self.keeper.message.connect(self.pool_message)
        self.commander.finished.connect(self._on_finished)
        self.commander.failed.connect(self._on_failed)
        self._run.connect(self.commander.run)
        self._poll.connect(self.poller.tick)
        self._set_workers.connect(self.keeper.set_workers)
        self._stop_poller.connect(self.poller.stop, blocking)
        self._stop_commander.connect(self.commander.stop, blocking)
        self._stop_keeper.connect(self.keeper.stop, blocking)
        self._running = False

    def start(self, supervise_pool: bool = True) -> None:
        self._threads[0].start()
        self._threads[1].start()
        if supervise_pool:
            self._threads[2].start()
        self._running = True

    def call(self, fn: QueueCall, then: Callback | None = None) -> None:
        """Run ``fn(queue)`` on the commander thread; ``then(result)`` runs on the GUI thread."""
        self._next += 1
        self._callbacks[self._next] = then
        self._run.emit(self._next, fn)

    def poll_now(self) -> None:
        """Read changes at once (after a command) instead of at the next tick."""
        self._poll.emit()

    def pending(self) -> int:
        return len(self._callbacks)

    def set_workers(self, workers: int) -> None:
        self._set_workers.emit(workers)

    def shutdown(self, stop_pool_too: bool) -> None:
        """Stop the threads (waiting for a request in flight); optionally stop the pool too."""
        if not self._running:
            return
        self._running = False
        for thread, stop in zip(self._threads, (self._stop_poller, self._stop_commander), strict=False):
            if thread.isRunning():
                stop.emit()
        keeper_thread = self._threads[2]
        if keeper_thread.isRunning():
            self._stop_keeper.emit(stop_pool_too)
        elif stop_pool_too:
            stop_pool(self.paths)
        for thread in self._threads:
            thread.quit()
            thread.wait()

    @Slot(int, object)
    def _on_finished(self, request: int, result: object) -> None:
        then = self._callbacks.pop(request, None)
        if then is not None:
            then(result)

    @Slot(int, str)
    def _on_failed(self, request: int, message: str) -> None:
        self._callbacks.pop(request, None)
        self.request_failed.emit(message)
