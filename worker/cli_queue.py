"""The queue's commands: export, jobs, cancel, retry, pause, resume, pool (DESIGN.md's contract).

Exit status: 0 success, 1 a job failed or was cancelled (or nothing to do), 2 usage error.
"""

from __future__ import annotations

import argparse
import json
import logging
import math
import os
import shutil
import sqlite3
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from worker.discovery import skipped_summary
from worker.jobs.api import JobQueue
from worker.jobs.model import Job, JobState, SubmitOptions, SubmitReport
from worker.jobs.storage_errors import storage_problem
from worker.paths import DataPaths, data_dir, data_paths
from worker.pool.watchdog import PoolWatch, Replaced

log = logging.getLogger(__name__)

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
FACTORY_ENV = "SLIDEPRESS_ENGINE_FACTORY"  # "module:function": the pool's engine factory (tests, bench)


def run_queue_command(command: str, args: argparse.Namespace) -> int:
    if command == "pool":
        return run_pool(args)
    root = data_dir()
    try:
        return _run_on_queue(command, args, data_paths(root))
    except (OSError, sqlite3.DatabaseError) as exc:
        problem = storage_problem(exc, root)
        if problem is None:
            raise
        log.info("%s failed: %s", command, exc)
        print(f"slidepress: {problem}", file=sys.stderr)
        return EXIT_FAILED


def _run_on_queue(command: str, args: argparse.Namespace, paths: DataPaths) -> int:
    from worker.logging_setup import setup_logging

    setup_logging(paths.logs_dir, "cli", level=logging.INFO)
    queue = JobQueue(paths)
    try:
        if command == "export":
            return export(queue, args, sys.stdout, sys.stderr)
        if command == "jobs":
            return list_jobs(queue, args, sys.stdout, sys.stderr)
        if command == "cancel":
            return cancel(queue, args, sys.stdout, sys.stderr)
        if command == "retry":
            return retry(queue, args, sys.stdout, sys.stderr)
        if command == "pause":
            queue.pause()
            print("Paused: running jobs finish, nothing new starts.", file=sys.stdout)
            return EXIT_OK
        if command == "resume":
            queue.resume()
            print("Resumed.", file=sys.stdout)
            return EXIT_OK
    finally:
        queue.close()
    print(f"slidepress: unknown command {command}", file=sys.stderr)
    return EXIT_USAGE


# -- export -------------------------------------------------------------------------------------


def export(queue: JobQueue, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    options = SubmitOptions(
        engine=args.engine,
        include_hidden=bool(args.include_hidden),
        layout=str(getattr(args, "layout", "slides")),
        pdf_a=bool(getattr(args, "pdf_a", False)),
        lossless_pictures=bool(getattr(args, "lossless_pictures", False)),
        out_dir=Path(args.out) if args.out else None,
        force=bool(args.force),
    )
    report = queue.submit([Path(p) for p in args.paths], options)
    for path in report.missing:
        print(f"slidepress: no such file or folder: {path}", file=err)
    for path, reason in report.unreadable:
        print(f"slidepress: cannot read {path}: {reason}", file=err)
    jobs = report.jobs
    if not jobs:
        if report.missing:
            return EXIT_USAGE
        print("No presentations found" + _skipped_note(report), file=err)
        return EXIT_FAILED
    if not args.json:
        print(
            f"{len(report.queued)} queued, {len(report.already_queued)} already queued, "
            f"{len(report.up_to_date)} up to date{_skipped_note(report)}",
            file=err,
        )
    if report.queued or report.already_queued:
        if queue.is_paused():
            print("The queue is paused: `slidepress resume` starts it again.", file=err)
        if not queue.ensure_pool():
            print("slidepress: could not start the worker pool (see logs/pool-stderr.log)", file=err)
            return EXIT_FAILED
    if not args.wait:
        if args.json:
            json.dump([j.to_json() for j in jobs], out, indent=2)
            out.write("\n")
        return EXIT_OK if not report.missing else EXIT_FAILED
    final = wait_for(queue, [j.id for j in jobs], err)
    if args.json:
        json.dump([j.to_json() for j in final], out, indent=2)
        out.write("\n")
    else:
        for job in final:
            if job.state is not JobState.SUCCEEDED:
                print(f"{job.state.value}: {job.source}: {job.error or ''}".rstrip(": "), file=err)
    ok = all(j.state is JobState.SUCCEEDED for j in final) and not report.missing
    return EXIT_OK if ok else EXIT_FAILED


def _skipped_note(report: SubmitReport) -> str:
    text = skipped_summary(report.skipped, report.not_presentations)
    return f"; {text}" if text else ""


# Under this much free space the pool cannot record anything and waits (worker/pool/storage_wait).
DATA_DISK_FULL_BYTES = 1 << 20


def free_bytes(folder: Path) -> int | None:
    try:
        return shutil.disk_usage(folder).free
    except OSError:
        return None


def wait_for(
    queue: JobQueue,
    ids: list[int],
    err: TextIO,
    interval: float = 0.2,
    free_space: Callable[[Path], int | None] = free_bytes,
    watch: PoolWatch | None = None,
) -> list[Job]:
    """Poll until every job in ``ids`` has finished, showing progress; returns the final jobs.
    A pool that died is started again; one that stopped answering is replaced (``watch``)."""
    display = ProgressDisplay(err)
    watch = PoolWatch(queue.paths) if watch is None else watch
    watched = time.monotonic()
    wanted = set(ids)
    jobs: dict[int, Job] = {j.id: j for j in queue.store.get_many(ids)}
    cursor = 0
    pool_checked = time.monotonic()
    disk_checked = -math.inf
    said_full = False
    while True:
        changed, cursor = queue.changed_since(cursor)
        for job in changed:
            if job.id in wanted:
                jobs[job.id] = job
        for job_id in wanted - set(jobs):
            # removed by someone else: treat as its last known state
            jobs.pop(job_id, None)
        display.show(list(jobs.values()))
        if all(j.state.finished for j in jobs.values()):
            display.close()
            return [jobs[i] for i in ids if i in jobs]
        if time.monotonic() - disk_checked > 5:
            disk_checked = time.monotonic()
            # A full data disk stops every update the pool writes: say why nothing moves, once.
            free = free_space(queue.paths.root)
            full = free is not None and free < DATA_DISK_FULL_BYTES
            if full and not said_full:
                print(
                    f"slidepress: the disk holding Slidepress's data is full ({queue.paths.root}):"
                    " the batch waits until some space is freed",
                    file=err,
                )
            said_full = full
        if time.monotonic() - watched >= 1:
            watched = time.monotonic()
            if queue.pool_alive() and watch.hung():
                replaced = watch.replace(queue.store, queue.ensure_pool)
                if replaced is Replaced.REPLACED:
                    print("slidepress: the worker pool stopped answering; a new one took over", file=err)
                elif replaced in (Replaced.NOT_STARTED, Replaced.UNKILLABLE):
                    print("slidepress: the worker pool stopped answering and could not be replaced", file=err)
                    display.close()
                    return [jobs[i] for i in ids if i in jobs]
        if time.monotonic() - pool_checked > 5:
            pool_checked = time.monotonic()
            if not queue.pool_alive() and not watch.replacing_elsewhere() and not queue.ensure_pool():
                print("slidepress: the worker pool stopped and could not be restarted", file=err)
                display.close()
                return [jobs[i] for i in ids if i in jobs]
        time.sleep(interval)


class ProgressDisplay:
    """A live line per running job plus a summary on a terminal; a line per finished job otherwise."""

    MAX_LINES = 8

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.tty = stream.isatty()
        self._drawn = 0
        self._reported: set[int] = set()

    def show(self, jobs: list[Job]) -> None:
        if not self.tty:
            for job in jobs:
                if job.state.finished and job.id not in self._reported:
                    self._reported.add(job.id)
                    tail = f" → {job.output}" if job.state is JobState.SUCCEEDED else f": {job.error or ''}"
                    self.stream.write(f"[{job.id}] {job.state.value} {job.source.name}{tail}\n")
            self.stream.flush()
            return
        active = [j for j in jobs if j.state in (JobState.RUNNING, JobState.RETRYING)][: self.MAX_LINES]
        done = sum(1 for j in jobs if j.state is JobState.SUCCEEDED)
        failed = sum(1 for j in jobs if j.state in (JobState.FAILED, JobState.CANCELLED))
        lines = [_bar_line(j) for j in active]
        lines.append(f"{done}/{len(jobs)} done" + (f", {failed} failed or cancelled" if failed else ""))
        width = max(20, _terminal_width() - 1)
        if self._drawn:
            self.stream.write(f"\x1b[{self._drawn}F")  # back to the first line drawn last time
        for line in lines:
            self.stream.write("\x1b[2K" + line[:width] + "\n")
        for _ in range(self._drawn - len(lines)):
            self.stream.write("\x1b[2K\n")
        extra = max(0, self._drawn - len(lines))
        if extra:
            self.stream.write(f"\x1b[{extra}F")
        self._drawn = len(lines)
        self.stream.flush()

    def close(self) -> None:
        self.stream.flush()


def _bar_line(job: Job, width: int = 20) -> str:
    filled = round(job.progress * width)
    bar = "#" * filled + "." * (width - filled)
    slides = f"{job.slides_done}/{job.slides_total}" if job.slides_total else ""
    return f"[{bar}] {job.progress * 100:3.0f}% {slides:>7} {job.state.value:<8} {job.source.name}"


def _terminal_width() -> int:
    try:
        return os.get_terminal_size().columns
    except OSError:
        return 100


# -- jobs, cancel, retry ------------------------------------------------------------------------


def list_jobs(queue: JobQueue, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    state: JobState | None = None
    if args.state:
        try:
            state = JobState(args.state)
        except ValueError:
            names = ", ".join(s.value for s in JobState)
            print(f"slidepress: unknown state '{args.state}' (one of {names})", file=err)
            return EXIT_USAGE
    jobs = queue.list(state)
    # A job recorded as running is only running while a pool is alive to run it (kill -9 of the
    # pool leaves the record as it was): said so, rather than "running" until a pool starts.
    alive = queue.pool_alive()
    if args.json:
        json.dump([j.to_json(alive) for j in jobs], out, indent=2)
        out.write("\n")
        return EXIT_OK
    for job in jobs:
        shown = job.state.value
        detail = str(job.output) if job.state is not JobState.FAILED else (job.error or "")
        if job.interrupted(alive):
            shown, detail = "interrupted", f"{INTERRUPTED_NOTE}  {detail}"
        progress = f"{job.progress * 100:3.0f}%"
        out.write(f"{job.id:>5}  {shown:<11} {progress}  {job.attempts}  {job.source}  {detail}\n")
    if any(job.interrupted(alive) for job in jobs):
        print(
            "(no worker pool is running: interrupted jobs resume when one starts, with `slidepress pool`"
            " or the next `slidepress export` or window)",
            file=err,
        )
    if queue.is_paused():
        print("(the queue is paused)", file=err)
    return EXIT_OK


INTERRUPTED_NOTE = "(its pool stopped; resumes when the pool starts)"


def _act_on_ids(
    args: argparse.Namespace,
    every: bool,
    act: Callable[[], list[int]],
    words: tuple[str, str, str, str],
    out: TextIO,
    err: TextIO,
) -> tuple[int, list[int]]:
    """Shared shape of `cancel` and `retry`: IDs or a flag for all, a line per job, exit status."""
    usage, done_line, flag, missed_state = words
    if bool(args.ids) == every:
        print(f"slidepress {usage}: give job IDs or --{flag}", file=err)
        return EXIT_USAGE, []
    done = act()
    missed = [] if every else [i for i in args.ids if i not in done]
    for job_id in done:
        out.write(done_line.format(job_id) + "\n")
    for job_id in missed:
        print(f"slidepress: job {job_id} is not {missed_state}", file=err)
    return (EXIT_FAILED if missed else EXIT_OK), list(done)


def cancel(queue: JobQueue, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    status, _ = _act_on_ids(
        args,
        bool(args.all),
        lambda: list(queue.cancel_all() if args.all else queue.cancel(args.ids)),
        ("cancel", "cancelled {}", "all", "queued or running"),
        out,
        err,
    )
    return status


def retry(queue: JobQueue, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    status, done = _act_on_ids(
        args,
        bool(args.failed),
        lambda: list(queue.retry_failed() if args.failed else queue.retry(args.ids)),
        ("retry", "queued {} again", "failed", "failed or cancelled"),
        out,
        err,
    )
    if done:
        queue.ensure_pool()
    return status


# -- pool ---------------------------------------------------------------------------------------


def run_pool(args: argparse.Namespace) -> int:
    from worker.logging_setup import setup_logging
    from worker.pool.child import DEFAULT_FACTORY
    from worker.pool.pool import Pool, PoolBusyError, PoolConfig, default_workers
    from worker.pool.supervisor import Limits

    paths = data_paths()
    setup_logging(paths.logs_dir, "pool", to_stderr=sys.stderr.isatty())
    defaults = Limits()
    limits = Limits(
        time_limit=float(getattr(args, "time_limit", None) or defaults.time_limit),
        memory_limit_mb=int(getattr(args, "memory_limit", None) or defaults.memory_limit_mb),
        recycle_after=int(getattr(args, "recycle_after", None) or defaults.recycle_after),
    )
    config = PoolConfig(
        workers=args.workers or default_workers(),
        factory_spec=os.environ.get(FACTORY_ENV) or DEFAULT_FACTORY,
        limits=limits,
        retry_base=float(getattr(args, "retry_base", None) or PoolConfig().retry_base),
        stamp_every=float(getattr(args, "stamp_every", None) or PoolConfig().stamp_every),
        late_after=float(getattr(args, "late_after", None) or PoolConfig().late_after),
    )
    if config.workers < 1:
        print("slidepress pool: --workers must be at least 1", file=sys.stderr)
        return EXIT_USAGE
    try:
        Pool(paths, config).run()
    except PoolBusyError as exc:
        print(f"slidepress pool: {exc}", file=sys.stderr)
        return EXIT_FAILED
    return EXIT_OK
