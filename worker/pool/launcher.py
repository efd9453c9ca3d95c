"""Starting a pool for a data dir when none is alive (the window and `export --wait` do this)."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import time
from pathlib import Path

from worker.paths import HOME_ENV, DataPaths
from worker.pool.lock import pool_alive
from worker.pool.wake import announced, read_pool_info

log = logging.getLogger(__name__)


def ensure_pool(paths: DataPaths, workers: int | None = None, timeout: float = 15.0) -> bool:
    """Start ``slidepress pool`` detached unless a pool already holds this data dir's lock.

    Returns True once a pool is alive (started now or before); False if none came up in time.
    """
    if pool_alive(paths.pool_lock):
        return True
    command = pool_command()
    if workers is not None:
        command += ["--workers", str(workers)]
    env = dict(os.environ)
    env[HOME_ENV] = str(paths.root)
    log.info("starting a pool for %s", paths.root)
    kwargs: dict[str, object] = {}
    if sys.platform == "win32":
        kwargs["creationflags"] = getattr(subprocess, "DETACHED_PROCESS", 0) | getattr(
            subprocess, "CREATE_NEW_PROCESS_GROUP", 0
        )
    else:
        kwargs["start_new_session"] = True  # outlive the window or the terminal that started it
    log_path = paths.logs_dir / "pool-stderr.log"
    with open(log_path, "ab") as err:
        subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=err,
            env=env,
            cwd=str(_project_root()),
            close_fds=True,
            **kwargs,  # type: ignore[call-overload]
        )
    return wait_for_pool(paths, timeout)


def pool_command() -> list[str]:
    """How to start ``slidepress pool``: through this interpreter, or the frozen app's own executable."""
    if not getattr(sys, "frozen", False):
        return [sys.executable, "-m", "worker", "pool"]
    executable = Path(sys.executable)
    # Windows installs a console slidepress.exe and a windowed slidepressw.exe (see packaging/):
    # the detached pool runs the windowed one, so neither it nor its converters open a console.
    windowed = executable.with_name("slidepressw.exe")
    if sys.platform == "win32" and windowed.exists():
        executable = windowed
    return [str(executable), "pool"]


def wait_for_pool(paths: DataPaths, timeout: float) -> bool:
    """Wait until a pool holds the lock and has announced how to wake it."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if pool_alive(paths.pool_lock) and announced(read_pool_info(paths.pool_info)):
            return True
        time.sleep(0.05)
    return False


def _project_root() -> Path:
    # `python -m worker` must find the package even when it is not installed; a frozen app needs no cwd.
    if getattr(sys, "frozen", False):
        return Path(sys.executable).resolve().parent
    return Path(__file__).resolve().parents[2]
