"""Where Slidepress keeps its data: the platformdirs data dir, or ``SLIDEPRESS_HOME``."""

from __future__ import annotations

import os
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

    def ensure(self) -> DataPaths:
        self.logs_dir.mkdir(parents=True, exist_ok=True)
        return self


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
