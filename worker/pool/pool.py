"""The pool process: a Huey consumer whose thread workers each supervise a warm converter child,
a reaper for lost runs and due retries, and the bookkeeping in jobs.db around every run."""

from __future__ import annotations

import contextlib
import functools
import json
import logging
import os
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from worker.jobs.api import PAUSED_KEY
from worker.jobs.model import Job, JobState
from worker.jobs.source_identity import hashed, job_key, source_identity
from worker.jobs.store import JobStore, Ticket
from worker.logging_setup import JobLogHandler
from worker.output_failures import passes_by_itself
from worker.outputs import (
    cannot_create,
    cannot_publish,
    choose_output,
    clean_temp_files,
    publish,
    publish_new,
    remove_quietly,
    remove_temp,
    temp_path,
)
from worker.paths import DataPaths, write_private
from worker.pool.child import DEFAULT_FACTORY, ConvertRequest
from worker.pool.consumer import PoolConsumer
from worker.pool.huey_app import TaskQueue
from worker.pool.liveness import LATE_AFTER, STAMP_EVERY, Liveness
from worker.pool.lock import PoolLock
from worker.pool.storage_wait import PoolStopping, StorageWatch
from worker.pool.supervisor import ConverterChild, Ending, Limits, Outcome, Watch
from worker.pool.wake import WakeListener

log = logging.getLogger(__name__)

PROGRESS_INTERVAL = 0.2  # seconds between progress writes to jobs.db (the window polls anyway)


def default_workers() -> int:
    # One core stays free for the window and the system; each child is single-threaded.
    return max(1, min(8, (os.cpu_count() or 2) - 1))


@dataclass(frozen=True)
class PoolConfig:
    workers: int = field(default_factory=default_workers)
    factory_spec: str = DEFAULT_FACTORY  # "module:function" returning an Engine for a name
    limits: Limits = field(default_factory=Limits)
    lease_seconds: float = 5.0
    heartbeat_seconds: float = 1.0
    retry_base: float = 1.0  # back-off before retry n is retry_base * 2**n seconds
    idle_poll: float = 2.0  # fallback poll of queue.db when no wake arrives
    reaper_interval: float = 0.25
    stamp_every: float = STAMP_EVERY  # seconds between touches of pool.stamp (worker.pool.liveness)
    late_after: float = LATE_AFTER  # a working thread silent this long stops the stamp


class PoolBusyError(RuntimeError):
    """Another pool already serves this data dir."""


class Pool:
    def __init__(self, paths: DataPaths, config: PoolConfig | None = None) -> None:
        self.paths = paths
        self.config = config if config is not None else PoolConfig()
        self.store = JobStore(paths.jobs_db)
        self.tasks = TaskQueue(paths.queue_db, runner=self._run_ticket)
        self.wake = threading.Event()
        self.stopping = threading.Event()
        self.liveness = Liveness(paths.pool_stamp, self.config.stamp_every, self.config.late_after)
        self.storage = StorageWatch(paths.root, self.stopping, self.liveness.tick)
        self._lock = PoolLock(paths.pool_lock)
        self._local = threading.local()
        self._children: list[ConverterChild] = []
        self._running: dict[int, str] = {}  # job id -> run token, of runs in this process
        self._guard = threading.Lock()
        self._listener: WakeListener | None = None
        self._unqueued: list[Ticket] = []  # queued in jobs.db, not yet in queue.db (it could not be written)
        # A job's own log lines are a copy of pool.log's: with the data disk full they are skipped.
        self._job_log = JobLogHandler(
            lambda job_id, level, message: self.storage.attempt(lambda: self.store.add_log(job_id, level, message))
        )

    # -- life ----------------------------------------------------------------------------------

    def run(self) -> None:
        """Serve the queue in the foreground until SIGINT/SIGTERM. Raises PoolBusyError."""
        if not self._lock.acquire():
            raise PoolBusyError(f"A pool is already running for {self.paths.root}")
        self.liveness.begin()
        logging.getLogger("worker").addHandler(self._job_log)
        consumer: PoolConsumer | None = None
        try:
            self._recover()
            self._listener = WakeListener(self.wake, self.paths.root)
            self._listener.start()
            consumer = PoolConsumer(
                self.tasks.huey,
                self.config.workers,
                self.wake,
                self._paused,
                self.config.idle_poll,
                self.storage,
                prepare=lambda: self._child().ensure_ready(),
                tick=self.liveness.tick,
                beat=self.liveness.beat,
            )
            self.tasks.huey.on_startup()(self._start_child)
            self.tasks.huey.on_shutdown()(self._stop_child)
            reaper = threading.Thread(target=self._reap_loop, name="reaper", daemon=True)
            reaper.start()
            self._announce()
            log.info("pool serving %s with %d workers", self.paths.root, self.config.workers)
            consumer.run()
        finally:
            self._shutdown(consumer)

    def _announce(self) -> None:
        assert self._listener is not None
        info: dict[str, object] = {
            "pid": os.getpid(),
            **self._listener.info,
            "workers": self.config.workers,
            "started_at": time.time(),
        }
        write_private(self.paths.pool_info, json.dumps(info).encode())

    def _shutdown(self, consumer: PoolConsumer | None) -> None:
        self.stopping.set()
        self.wake.set()
        if consumer is not None:
            consumer.stop_flag.set()
            deadline = time.monotonic() + 5
            for thread in consumer.worker_thread_list():
                thread.join(max(0.0, deadline - time.monotonic()))
        with self._guard:
            children = list(self._children)
        for child in children:
            child.kill()
        if self._listener is not None:
            self._listener.close()
        logging.getLogger("worker").removeHandler(self._job_log)
        remove_quietly(self.paths.pool_info)
        self._lock.release()
        log.info("pool stopped")

    def _recover(self) -> None:
        """After a crash: runs left `running` are queued again in their places, to be started
        first (their attempts counted, so a deck running at every crash ends failed), temp files
        go, and every queued job gets a task again (Huey deleted tasks it handed to the dead pool)."""
        for job in self.store.list(JobState.RUNNING):
            token = str(job.extra.get("run_token") or "") or None
            self.liveness.beat()
            if self.store.resume_interrupted(job.id, token):
                log.info("resuming the conversion the stopped pool left", extra={"job_id": job.id})
                continue
            reason = "The pool stopped while converting this deck"
            state = self.store.fail(job.id, token, reason, "worker_lost", None)
            self._log_failure(job, state, reason, None)
        active = [j for j in self.store.list() if j.state.active]
        self.liveness.beat()
        removed = clean_temp_files(j.output.parent for j in active)
        self.liveness.beat()
        if removed:
            log.info("removed %d leftover temp files", removed)
        self.tasks.flush()
        tickets = self.store.queued_tickets()
        self.tasks.enqueue(tickets)
        log.info("recovered: %d queued jobs", len(tickets))

    # -- worker threads ------------------------------------------------------------------------

    def _start_child(self) -> None:
        """Huey startup hook, run in each worker thread: warm its converter child."""
        child = ConverterChild(self.config.factory_spec, self.config.limits, tick=self.liveness.tick)
        child.start()
        self._local.child = child
        with self._guard:
            self._children.append(child)

    def _child(self) -> ConverterChild:
        child: ConverterChild | None = getattr(self._local, "child", None)
        if child is None:
            self._start_child()
            child = self._local.child
        assert child is not None
        return child

    def _stop_child(self) -> None:
        child: ConverterChild | None = getattr(self._local, "child", None)
        if child is not None:
            child.stop()

    def _paused(self) -> bool:
        return self.stopping.is_set() or self.store.get_meta(PAUSED_KEY, "0") == "1"

    def _run_ticket(self, ticket: Ticket) -> None:
        """The Huey task: run one job if its ticket is still the job's current one."""
        if self.stopping.is_set():
            return  # the job stays queued in jobs.db; the next pool queues it again
        if self._paused():
            # Dequeued in the instant the queue was paused: put it back in front.
            if self.storage.attempt(lambda: self.tasks.enqueue([ticket], front=True)) is None:
                self._enqueue_later([ticket])
            return
        # Claim only once the converter is warm: started_at and cancel timing then mean what they say.
        self._child().ensure_ready()
        token = uuid.uuid4().hex
        try:
            # Huey already deleted this task: a claim given up on would leave the job queued with none.
            job = self.storage.write(lambda: self.store.claim(ticket, token, self.config.lease_seconds))
        except PoolStopping:
            return  # still queued in jobs.db: the next pool queues it again
        if job is None:
            return  # cancelled, moved or already run: a stale task
        with self._guard:
            self._running[job.id] = token
        try:
            self._execute(job, token)
        except PoolStopping:
            log.info("the pool stopped while waiting to record job %d", job.id)
        except Exception:
            log.exception("job %d: unexpected error in the pool", job.id, extra={"job_id": job.id})
            reason, backoff = "Internal error in the worker pool", self._backoff(job.attempts)
            with contextlib.suppress(PoolStopping):
                self.storage.write(lambda: self.store.fail(job.id, token, reason, "internal", backoff))
        finally:
            with self._guard:
                self._running.pop(job.id, None)

    def _execute(self, job: Job, token: str) -> None:
        child = self._child()
        extra = {"job_id": job.id}
        temp = temp_path(job.output, job.id)
        try:
            job.output.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            self._end_error(
                job,
                token,
                Outcome(
                    Ending.ERROR,
                    kind="output",
                    permanent=not passes_by_itself(exc),
                    message=cannot_create(job.output.parent, exc),
                ),
            )
            return
        remove_temp(temp)
        identity = self._key_by_source(job, token)
        started = time.monotonic()
        watch = self._watch(job, token)
        request = ConvertRequest(
            job.id,
            str(job.source),
            str(temp),
            job.options.engine,
            job.options.include_hidden,
            job.options.layout,
            job.options.pdf_a,
            job.options.lossless_pictures,
        )
        outcome = child.run(request, watch)
        elapsed = time.monotonic() - started
        if outcome.ending is Ending.DONE and _replaced_since(job.source, identity):
            # The engine may have read either version: convert the one there now.
            message = f"{job.source.name} changed while it was being converted; it will be converted again"
            outcome = Outcome(Ending.ERROR, kind="unreadable", permanent=False, message=message)
        if outcome.ending is Ending.DONE:
            self._end_success(job, token, temp, outcome, elapsed)
            return
        remove_temp(temp)
        if outcome.ending is Ending.CANCELLED:
            self.storage.write(lambda: self.store.finish_cancelled(job.id, token))
            log.info("cancelled after %.1f s", elapsed, extra=extra)
        elif outcome.ending is Ending.ABANDONED:
            if self.stopping.is_set():
                self.storage.attempt(lambda: self.store.release(job.id, token))
                log.info("the pool stopped: back in the queue", extra=extra)
            else:
                log.warning("job %d: lease lost, run abandoned", job.id, extra=extra)
        elif outcome.ending is Ending.LOST:
            self._lost(job, token, outcome.message)
        else:
            self._end_error(job, token, outcome)

    def _key_by_source(self, job: Job, token: str) -> str | None:
        """Key the job by the deck at its path now, when that was replaced since the job was keyed
        (hashing it only then); returns the deck's identity, None when it cannot be read (the
        engine says why)."""
        try:
            identity = source_identity(job.source)
            if identity == job.extra.get("source_identity"):
                return identity
            identity, digest = hashed(job.source)
        except OSError:
            return None
        desired = job.extra.get("desired")
        if not desired:
            return identity  # a job queued before keys were kept apart: its key stays
        key = job_key(digest, job.options, Path(str(desired)))
        if self.storage.write(lambda: self.store.rekey(job.id, token, key, digest, identity)):
            if key != job.extra.get("key"):
                log.info("converting the deck as it is now: replaced since it was queued", extra={"job_id": job.id})
            job.extra.update(key=key, digest=digest, source_identity=identity)
        return identity

    def _watch(self, job: Job, token: str) -> Watch:
        last_beat = time.monotonic()
        last_progress = 0.0

        def progress(done: int, total: int) -> None:
            nonlocal last_progress
            now = time.monotonic()
            if now - last_progress >= PROGRESS_INTERVAL or done >= total:
                last_progress = now
                # Progress is for show: with the data disk full it is skipped, the run goes on.
                self.storage.attempt(lambda: self.store.set_progress(job.id, token, done, total))

        def poll() -> tuple[bool, bool]:
            nonlocal last_beat
            now = time.monotonic()
            if now - last_beat >= self.config.heartbeat_seconds:
                beat = self.storage.attempt(lambda: self.store.heartbeat(job.id, token, self.config.lease_seconds))
                if beat is not None:
                    last_beat = now
                    return beat
                # A lease that cannot be renewed is left to lapse: our own reaper never takes a run
                # of this process, and the heartbeat renews it once the disk has room.
            state = self.storage.attempt(lambda: self.store.run_state(job.id, token))
            return (True, False) if state is None else state

        def started(pid: int) -> None:
            log.info(
                "attempt %d of %d: converting %s in process %d",
                job.attempts,
                job.max_attempts,
                job.source,
                pid,
                extra={"job_id": job.id},
            )

        return Watch(progress=progress, poll=poll, stopping=self.stopping.is_set, started=started)

    def _end_success(self, job: Job, token: str, temp: Path, outcome: Outcome, elapsed: float) -> None:
        extra = {"job_id": job.id}
        try:
            st = temp.stat()
        except OSError:
            self._end_error(
                job, token, Outcome(Ending.ERROR, kind="internal", permanent=True, message="The engine wrote no PDF")
            )
            return
        refused: set[Path] = set()
        target = self._free_target(job, token, refused)
        previous = self._our_file(target)
        if not self.storage.write(lambda: self.store.record_output(job.id, token, st.st_size, st.st_mtime_ns)):
            remove_temp(temp)
            return
        while True:
            try:
                if previous is None:
                    publish_new(temp, target)
                else:
                    publish(temp, target)
                break
            except FileExistsError:
                # Someone made that file between our look and the rename: it is theirs, choose again.
                refused.add(target)
                target = self._free_target(job, token, refused)
                previous = self._our_file(target)
            except OSError as exc:
                remove_temp(temp)
                if previous is not None:
                    # Our earlier PDF is still there: keep it known as ours, or the retry would take it
                    # for someone else's file and write "name (2).pdf" beside it.
                    self.storage.write(functools.partial(self.store.record_output, job.id, token, *previous))
                message = cannot_publish(target, exc, previous is not None)
                permanent = not passes_by_itself(exc)
                self._end_error(job, token, Outcome(Ending.ERROR, kind="output", permanent=permanent, message=message))
                return
        self.storage.write(lambda: self.store.succeed(job.id, token, outcome.slides, outcome.engine, outcome.warnings))
        for warning in outcome.warnings:
            log.warning("%s", warning, extra=extra)
        slides = f"{outcome.slides} slide{'s' if outcome.slides != 1 else ''}"
        log.info("done: %s in %.2f s with %s → %s", slides, elapsed, outcome.engine, target, extra=extra)

    def _free_target(self, job: Job, token: str, refused: set[Path]) -> Path:
        """The job's output, or the next free "name (n).pdf" when a file we did not make is there."""
        target = job.output
        if target in refused or (target.exists() and not self.store.produced_here(target)):
            key = str(job.extra["key"])
            target = choose_output(
                job.output, lambda p: p in refused or self.store.output_in_use(p, key), self.store.produced_here
            )
            self.storage.write(lambda: self.store.set_output(job.id, token, target))
            log.info("%s exists and is not ours: writing %s", job.output.name, target.name, extra={"job_id": job.id})
        return target

    def _our_file(self, path: Path) -> tuple[int, int] | None:
        """(size, mtime_ns) of the PDF of ours at ``path``, or None."""
        try:
            st = path.stat()
        except OSError:
            return None
        return (st.st_size, st.st_mtime_ns) if self.store.produced_here(path) else None

    def _end_error(self, job: Job, token: str, outcome: Outcome) -> None:
        retry_after = None if outcome.permanent else self._backoff(job.attempts)
        state = self.storage.write(lambda: self.store.fail(job.id, token, outcome.message, outcome.kind, retry_after))
        self._log_failure(job, state, outcome.message, retry_after)

    def _lost(self, job: Job, token: str, reason: str) -> None:
        retry_after = self._backoff(job.attempts)
        state = self.storage.write(lambda: self.store.fail(job.id, token or None, reason, "worker_lost", retry_after))
        self._log_failure(job, state, reason, retry_after)

    def _log_failure(self, job: Job, state: JobState | None, reason: str, retry_after: float | None) -> None:
        extra = {"job_id": job.id}
        if state is JobState.RETRYING:
            log.warning(
                "attempt %d failed: %s; retrying in %.1f s", job.attempts, reason, retry_after or 0, extra=extra
            )
        elif state is JobState.FAILED:
            log.error("failed: %s", reason, extra=extra)

    def _backoff(self, attempts: int) -> float:
        return self.config.retry_base * 2 ** max(1, attempts)

    # -- reaper --------------------------------------------------------------------------------

    def _reap_loop(self) -> None:
        while not self.stopping.wait(self.config.reaper_interval):
            self.liveness.tick()
            try:
                self._reap_once()
            except PoolStopping:
                return
            except Exception as exc:
                if self.storage.problem(exc) is None:  # a full data disk is said once, not every pass
                    log.exception("reaper pass failed")

    def _reap_once(self) -> None:
        with self._guard:
            ours = dict(self._running)
        for job in self.store.expired_leases():
            token = str(job.extra.get("run_token") or "")
            if ours.get(job.id) == token:
                # Our own thread is alive but late: the time limit deals with it, not a second run.
                continue
            self._lost(job, token, "The worker converting this deck stopped answering")
        tickets = self.storage.write(self.store.release_due_retries)
        with self._guard:
            tickets, self._unqueued = self._unqueued + tickets, []
        if tickets:
            if self.storage.attempt(lambda: self.tasks.enqueue(tickets)) is None:
                self._enqueue_later(tickets)  # duplicates are harmless: a task's ticket must match
                return
            self.wake.set()

    def _enqueue_later(self, tickets: list[Ticket]) -> None:
        with self._guard:
            self._unqueued.extend(tickets)


def _replaced_since(source: Path, identity: str | None) -> bool:
    """Whether the deck at ``source`` is no longer the file whose ``identity`` was noted (a deck
    removed meanwhile was converted whole: the engine read it while it was there)."""
    if identity is None:
        return False
    try:
        return source_identity(source) != identity
    except OSError:
        return False
