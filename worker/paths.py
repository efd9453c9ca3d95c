"""Where Slidepress keeps its data: the platformdirs data dir, or ``SLIDEPRESS_HOME``."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "Slidepress"
HOME_ENV = "SLIDEPRESS_HOME"


@dataclass(frozen=True)
class DataPaths:
    """Every file the queue keeps under one data dir (one data dir = one queue = one pool)."""

    root: Path

    @property
    def jobs_db(self) -> Path:
        return self.root / "jobs.db"

    @property
    def queue_db(self) -> Path:
        return self.root / "queue.db"

    @property
    def logs_dir(self) -> Path:
        return self.root / "logs"

    @property
    def pool_lock(self) -> Path:
        return self.root / "pool.lock"

    @property
    def pool_info(self) -> Path:
        """JSON written by the live pool: its pid and the port that wakes it."""
        return self.root / "pool.json"

    @property
    def pool_stamp(self) -> Path:
        """Touched by the live pool every few seconds while its threads work (worker.pool.liveness)."""
        return self.root / "pool.stamp"

    @property
    def watchdog_lock(self) -> Path:
        """Held by whoever is replacing a pool that stopped answering (worker.pool.watchdog)."""
        return self.root / "watchdog.lock"

    def ensure(self) -> DataPaths:
        """Create the data dir readable by this user only (0700, its files 0600 on POSIX)."""
        for folder in (self.root, self.logs_dir):
            folder.mkdir(mode=PRIVATE_DIR, parents=True, exist_ok=True)
            _tighten(folder, PRIVATE_DIR)
        # SQLite creates its -wal and -shm files with the database's own mode: create them 0600 first.
        for file in (self.jobs_db, self.queue_db, self.pool_lock):
            create_private(file)
        for entry in (*self.root.iterdir(), *self.logs_dir.iterdir()):
            if entry.is_file() and not entry.is_symlink():
                _tighten(entry, PRIVATE_FILE)
        return self


PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600


def _tighten(path: Path, mode: int) -> None:
    if sys.platform == "win32":
        return  # the user profile's ACLs already keep AppData private
    with contextlib.suppress(OSError):
        if path.stat().st_mode & 0o777 & ~mode:
            path.chmod(mode)


def create_private(path: Path) -> None:
    """Create ``path`` empty with mode 0600 unless it exists (then only its mode is tightened)."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
    except FileExistsError:
        _tighten(path, PRIVATE_FILE)
        return
    os.close(fd)


def write_private(path: Path, data: bytes) -> None:
    """Replace ``path`` atomically with ``data``, mode 0600."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE)
    try:
        os.write(fd, data)
    finally:
        os.close(fd)
    os.replace(tmp, path)


def data_dir(environ: Mapping[str, str] | None = None) -> Path:
    env = os.environ if environ is None else environ
    home = env.get(HOME_ENV)
    if home:
        return Path(home).expanduser().resolve()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def config_dir(environ: Mapping[str, str] | None = None) -> Path:
    """Settings live in the user config dir; under SLIDEPRESS_HOME they stay inside it."""
    env = os.environ if environ is None else environ
    home = env.get(HOME_ENV)
    if home:
        return Path(home).expanduser().resolve() / "config"
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def data_paths(root: Path | None = None) -> DataPaths:
    """The data paths under ``root`` (default: :func:`data_dir`), created if missing."""
    return DataPaths(root if root is not None else data_dir()).ensure()
