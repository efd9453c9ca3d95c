"""Replacing a pool that holds its lock but has stopped answering (whoever starts pools does this:
the window's pool keeper and `export --wait`).

The pool touches its stamp every few seconds while its working threads come round
(worker.pool.liveness). A watcher looks at the stamp now and then and counts how long it has not
changed in the watcher's OWN awake time, each step between two looks capped: a laptop that slept
counts a few seconds, not the night. Once that passes ``hung_after``, the watcher takes the
watchdog lock (so two windows on one data dir do not both act), looks again, kills the pool's
process tree, waits for the pool lock to be free, sends the jobs the hung pool was running back as
retries with a one-line reason, and starts a fresh pool, whose reaper queues them again.

Why 120 s: a pool stopped for a minute and resumed (a debugger, SIGSTOP, a VM paused) must be
left alone, so the threshold is twice that; a false kill costs every running conversion's work
and one of each deck's three attempts, while waiting two minutes more costs a 500-deck batch
little. A thread silent for LATE_AFTER (60 s) inside a live pool stops the stamp first, so a
deadlock is undone after about three minutes, a stopped or frozen pool after two.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from worker.jobs.model import JobState
from worker.jobs.store import JobStore
from worker.paths import DataPaths
from worker.pool.lock import PoolLock, pool_alive
from worker.pool.wake import read_pool_info

log = logging.getLogger(__name__)

HUNG_AFTER = 120.0
HUNG_AFTER_ENV = "SLIDEPRESS_POOL_HUNG_AFTER"  # seconds; tests and scripts shorten it
# Looks come every second or so; a longer gap between two means the watcher itself was not
# running (asleep, stopped): at most this much of it counts (or a quarter of ``hung_after``).
LONGEST_STEP = 5.0
LOCK_FREE_TIMEOUT = 15.0  # after the kill, how long the pool lock may take to be released
HUNG_REASON = "The worker pool stopped answering while converting this deck; it was restarted"
RETRY_AFTER = 1.0  # seconds before such a job is queued again (no fault of the deck's)


def hung_after_setting(environ: dict[str, str] | None = None) -> float:
    env = os.environ if environ is None else environ
    try:
        value = float(env.get(HUNG_AFTER_ENV, ""))
    except ValueError:
        return HUNG_AFTER
    return value if value > 0 else HUNG_AFTER


class Replaced(StrEnum):
    REPLACED = "replaced"  # killed and a fresh pool started
    NOT_STARTED = "not_started"  # killed, but no fresh pool came up
    ANSWERS = "answers"  # on a second look the pool was alive after all (or gone)
    OTHERS = "others"  # another watcher is replacing it
    UNKILLABLE = "unkillable"  # the pool lock stayed held after the kill


@dataclass
class _Seen:
    identity: tuple[int, int, int]  # the stamp's (inode, size, mtime_ns)
    quiet: float  # seconds of the watcher's awake time since it last changed


class PoolWatch:
    """Looks at one data dir's pool; keeps what it saw between looks."""

    def __init__(
        self,
        paths: DataPaths,
        hung_after: float | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.paths = paths
        self.hung_after = hung_after_setting() if hung_after is None else hung_after
        self._clock = clock
        self._last = clock()
        self._seen: _Seen | None = None

    def quiet(self) -> float | None:
        """Seconds (of this watcher's awake time) the pool's stamp has not changed; None when it
        keeps no stamp (a pool of an older version). Look only while a pool holds the lock (the
        caller probes it anyway; each probe takes the lock for an instant, which a pool starting
        in that instant would find taken)."""
        now = self._clock()
        step = min(max(0.0, now - self._last), LONGEST_STEP, self.hung_after / 4)
        self._last = now
        identity = _identity(self.paths.pool_stamp)
        if identity is None:
            self._seen = None
            return None
        if self._seen is None or self._seen.identity != identity:
            self._seen = _Seen(identity, 0.0)
        else:
            self._seen.quiet += step
        return self._seen.quiet

    def replacing_elsewhere(self) -> bool:
        """Whether another watcher (another window) is replacing the pool right now: its start
        is under way, this one must not start a second."""
        return pool_alive(self.paths.watchdog_lock)

    def hung(self) -> bool:
        quiet = self.quiet()
        return quiet is not None and quiet >= self.hung_after

    def replace(self, store: JobStore, start: Callable[[], bool]) -> Replaced:
        """Kill the hung pool (its whole process tree), give its runs back as retries, and start a
        fresh pool with ``start``. Blocks up to ~30 s: never call it on a GUI thread."""
        guard = PoolLock(self.paths.watchdog_lock)
        if not guard.acquire():
            return Replaced.OTHERS
        try:
            seen = self._seen
            # Another watcher may have replaced it while we were counting: look again under the lock.
            if seen is None or _identity(self.paths.pool_stamp) != seen.identity:
                self._seen = None
                return Replaced.ANSWERS
            pid = stamp_pid(self.paths.pool_stamp)
            if pid is None or not pool_alive(self.paths.pool_lock):
                self._seen = None
                return Replaced.ANSWERS
            holders = lock_holders(self.paths.pool_lock)
            if holders is not None and pid not in holders:
                # The stamp names another process than the lock's holder (a pool of an older
                # version that keeps no stamp, after one that did): nothing here is ours to kill.
                log.info("pool.lock is held by %s, not by process %d the stamp names", sorted(holders), pid)
                self._seen = None
                return Replaced.ANSWERS
            runs = [(j.id, str(j.extra.get("run_token") or "")) for j in store.list(JobState.RUNNING)]
            log.warning(
                "the worker pool (process %d) of %s has not answered for %.0f s with %d jobs running:"
                " stopping it and starting a new one",
                pid,
                self.paths.root,
                seen.quiet,
                len(runs),
            )
            kill_tree(pid)
            if not _wait(lambda: not pool_alive(self.paths.pool_lock), LOCK_FREE_TIMEOUT):
                log.error("the pool lock %s is still held after killing process %d", self.paths.pool_lock, pid)
                return Replaced.UNKILLABLE
            self._seen = None
            if read_pool_info(self.paths.pool_info).get("pid") == pid:
                with contextlib.suppress(OSError):
                    self.paths.pool_info.unlink()  # or the fresh pool would seem announced at once
            try:
                for job_id, token in runs:
                    # The token is the hung pool's run: a job another fresh pool already took is left be.
                    if token and store.fail(job_id, token, HUNG_REASON, "worker_lost", RETRY_AFTER) is not None:
                        store.add_log(job_id, "WARNING", HUNG_REASON)
            except (OSError, sqlite3.DatabaseError) as exc:
                # jobs.db cannot be written (a read-only data disk): the fresh pool's recovery
                # resumes these runs all the same, without the reason.
                log.warning("cannot record why the runs of pool %d ended: %s", pid, exc)
            return Replaced.REPLACED if start() else Replaced.NOT_STARTED
        finally:
            guard.release()


def _identity(path: Path) -> tuple[int, int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_ino, st.st_size, st.st_mtime_ns


def stamp_pid(path: Path) -> int | None:
    info = read_pool_info(path)  # the same small JSON object as pool.json
    pid = info.get("pid")
    return pid if isinstance(pid, int) and pid > 0 else None


def lock_holders(path: Path) -> set[int] | None:
    """The pids holding an flock on ``path`` (Linux's /proc/locks); None where that cannot be known."""
    try:
        inode = path.stat().st_ino
        lines = Path("/proc/locks").read_text().splitlines() if sys.platform.startswith("linux") else None
    except OSError:
        return None
    if lines is None:
        return None
    holders = set()
    for line in lines:
        # "1: FLOCK  ADVISORY  WRITE 1221 fe:00:3760344 0 EOF" (blocked waiters are marked "->")
        parts = line.split()
        if len(parts) >= 6 and parts[1] == "FLOCK" and parts[5].rsplit(":", 1)[-1] == str(inode):
            holders.add(int(parts[4]))
    return holders or None  # none listed: this file system's locks are not shown there


def _wait(condition: Callable[[], bool], timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.05)
    return True


# -- killing a process tree ------------------------------------------------------------------------


def kill_tree(pid: int) -> None:
    """Kill ``pid`` and every process under it (its converter children): a stopped or hung pool
    cannot be asked. SIGKILL ends a stopped process too."""
    if sys.platform == "win32":
        # taskkill /T follows the parent links to the converter children; /F is TerminateProcess.
        no_window = getattr(subprocess, "CREATE_NO_WINDOW", 0)
        subprocess.run(
            ["taskkill", "/F", "/T", "/PID", str(pid)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            creationflags=no_window,
            check=False,
        )
        return
    tree = [pid, *descendants(pid)]
    kill = getattr(signal, "SIGKILL", signal.SIGTERM)
    for each in tree:
        with contextlib.suppress(OSError):
            os.kill(each, kill)
    # A pool started by the window or `export` leads its own process group (start_new_session):
    # that catches a child the walk above missed. A pool run in a terminal shares the shell job's
    # group, which is not ours to kill.
    with contextlib.suppress(OSError):
        if os.getpgid(pid) == pid:
            os.killpg(pid, kill)


def descendants(pid: int) -> list[int]:
    """Every process under ``pid`` (children first found, then theirs)."""
    parents = _parent_table()
    found: list[int] = []
    frontier = [pid]
    while frontier:
        current = frontier.pop()
        for child, parent in parents.items():
            if parent == current and child not in found and child != pid:
                found.append(child)
                frontier.append(child)
    return found


def _parent_table() -> dict[int, int]:
    """pid -> parent pid of every process: /proc on Linux, `ps` on other POSIX systems."""
    table: dict[int, int] = {}
    proc = Path("/proc")
    if sys.platform.startswith("linux") and proc.is_dir():
        for entry in proc.iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
                table[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
        return table
    try:
        out = subprocess.run(
            ["ps", "-A", "-o", "pid=", "-o", "ppid="], capture_output=True, text=True, check=False, timeout=10
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return table
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 2 and parts[0].isdigit() and parts[1].isdigit():
            table[int(parts[0])] = int(parts[1])
    return table
