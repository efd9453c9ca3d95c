"""Huey's consumer with thread workers that honour pause and wake at once on a nudge.

Stock Huey polls an empty queue with back-off up to ``max_delay``; here a worker sleeps on an
event the wake listener sets, so a queued job starts within milliseconds while an idle pool only
polls once per ``max_delay`` as a fallback.

Taking a task off queue.db is a write: with the data disk full it fails each time a worker looks,
and stock Huey logs "Error reading from queue" with a traceback every time. Here the pool's
StorageWatch says it once (the same line as for every other write of the pool) until it passes.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from huey.consumer import Consumer, ConsumerStopped, Scheduler, Worker
from huey.utils import time_clock

from worker.pool.storage_wait import StorageWatch

log = logging.getLogger(__name__)


class PoolWorker(Worker):
    def __init__(
        self,
        huey: Any,
        delays: tuple[float, float, float],
        wake: threading.Event,
        paused: Callable[[], bool],
        prepare: Callable[[], object],
        storage: StorageWatch,
        tick: Callable[[], None] = lambda: None,
    ) -> None:
        super().__init__(huey, *delays)
        self.delay: float = delays[0]
        self.wake = wake
        self.paused = paused
        self.prepare = prepare
        self.storage = storage
        self.tick = tick

    def loop(self, now: Any = None) -> None:
        self.tick()  # this thread comes round: worker.pool.liveness
        try:
            paused = self.paused()
        except Exception:
            log.exception("cannot read the pause flag")
            paused = False
        if paused:
            # Leave tasks in queue.db: they start in order when the queue resumes.
            self.sleep()
            return
        # Take a task only once this thread's converter is warm: a worker still warming up would
        # otherwise hold the front task while a warm one starts the tasks behind it.
        try:
            self.prepare()
        except Exception:  # the task itself reports a converter that cannot start
            log.exception("cannot warm the converter")
        # Huey's Worker.loop, with a data folder that cannot take writes said by the StorageWatch.
        try:
            task = self.storage.attempt(self.huey.dequeue)
        except Exception:
            log.exception("Error reading from queue")
            self.sleep()
            return
        if task is None:
            self.sleep()
            return
        self.storage.went_through()  # the task was deleted from queue.db: a write worked
        self.delay = self.default_delay
        try:
            self.huey.execute(task, now)
        except Exception as exc:
            # Huey's own bookkeeping after the task (clearing its revoke key) writes queue.db too.
            if self.storage.problem(exc) is None:
                log.exception("Unhandled error during execution of task %s.", task.id)

    def sleep(self) -> None:
        if self.wake.wait(min(self.delay, self.max_delay)):
            self.wake.clear()
            self.delay = self.default_delay
        else:
            self.delay = min(self.delay * self.backoff, self.max_delay)


class PoolScheduler(Scheduler):
    """Huey's scheduler (tasks with an ETA; the pool schedules none, but Huey reads queue.db's
    schedule every second anyway), with a queue.db that cannot be written said by the StorageWatch
    instead of a traceback every time: another program holding it locked, a full disk."""

    def __init__(self, huey: Any, interval: int, periodic: bool, storage: StorageWatch) -> None:
        super().__init__(huey, interval, periodic)
        self.storage = storage

    def loop(self, now: Any = None) -> None:
        current = self._next_loop
        self._next_loop += self.interval
        if self._next_loop < time_clock():
            return  # late: skip an iteration, as Huey's does
        try:
            tasks = self.storage.attempt(lambda: self.huey.read_schedule(now)) or []
        except Exception:
            log.exception("Error reading schedule.")
            tasks = []
        for task in tasks:
            self.huey.enqueue(task)
        self.sleep_for_interval(current, self.interval)


class PoolConsumer(Consumer):
    def __init__(
        self,
        huey: Any,
        workers: int,
        wake: threading.Event,
        paused: Callable[[], bool],
        max_delay: float,
        storage: StorageWatch,
        prepare: Callable[[], object] = lambda: None,
        tick: Callable[[], None] = lambda: None,
        beat: Callable[[], None] = lambda: None,
    ) -> None:
        self._wake = wake
        self._tick = tick
        self._beat = beat
        self._paused = paused
        self._prepare = prepare
        self._storage = storage
        super().__init__(
            huey,
            workers=workers,
            periodic=False,
            initial_delay=0.05,
            backoff=2.0,
            max_delay=max_delay,
            worker_type="thread",
            check_worker_health=True,
        )

    def _create_scheduler(self) -> PoolScheduler:
        return PoolScheduler(self.huey, self.scheduler_interval, self.periodic, self._storage)

    def _create_worker(self) -> PoolWorker:
        delays = (self.default_delay, self.max_delay, self.backoff)
        return PoolWorker(self.huey, delays, self._wake, self._paused, self._prepare, self._storage, self._tick)

    def run(self) -> None:
        """Huey's run without its last step. Huey then tells the tasks still in flight they were
        interrupted, at once, while their worker threads are still finishing them (a stopping
        pool releases their jobs in jobs.db, Pool._shutdown joins the threads), and each thread's
        own removal of its task then raised KeyError into pool.log. Nothing here listens for that
        signal: a job's fate is in jobs.db.

        Each pass (every 0.1 s) also touches the pool's stamp when every working thread came
        round lately (worker.pool.liveness)."""
        self.start()
        health_check = time_clock()
        while True:
            try:
                health_check = self.loop(health_check)
            except ConsumerStopped:
                break
            self._beat()

    def worker_thread_list(self) -> list[Any]:
        return [thread for _, thread in self.worker_threads]
