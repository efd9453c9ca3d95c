"""Stopping the pool of a data dir (the job API starts pools but has no stop yet).

The pool writes its pid to pool.json; SIGTERM asks it to stop. Jobs it was running are left
``running`` with a lease and are queued again when the next pool starts, so nothing is lost.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import time

from worker.paths import DataPaths
from worker.pool.lock import pool_alive
from worker.pool.wake import read_pool_info

log = logging.getLogger(__name__)


def pool_pid(paths: DataPaths) -> int | None:
    pid = read_pool_info(paths.pool_info).get("pid")
    return pid if isinstance(pid, int) and pid > 0 else None


def pool_workers(paths: DataPaths) -> int | None:
    workers = read_pool_info(paths.pool_info).get("workers")
    return workers if isinstance(workers, int) else None


def stop_pool(paths: DataPaths, timeout: float = 20.0) -> bool:
    """Ask the pool to stop and wait until it has; True when no pool is alive afterwards."""
    if not pool_alive(paths.pool_lock):
        return True
    pid = pool_pid(paths)
    if pid is None:
        log.warning("a pool holds %s but announced no pid", paths.pool_lock)
        return False
    log.info("stopping pool %d", pid)
    try:
        os.kill(pid, signal.SIGTERM)
    except OSError as exc:
        log.warning("cannot signal pool %d: %s", pid, exc)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not pool_alive(paths.pool_lock):
            return True
        time.sleep(0.05)
    log.warning("pool %d did not stop in %.0f s; killing it", pid, timeout)
    kill = getattr(signal, "SIGKILL", signal.SIGTERM)
    with contextlib.suppress(OSError):
        os.kill(pid, kill)
    deadline = time.monotonic() + 5.0
    while time.monotonic() < deadline:
        if not pool_alive(paths.pool_lock):
            return True
        time.sleep(0.05)
    return False
