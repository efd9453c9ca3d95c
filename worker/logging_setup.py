"""Logs: rotated files in the data dir's logs/, and each job's own lines in jobs.db for the window."""

from __future__ import annotations

import contextlib
import io
import logging
import logging.handlers
import os
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

LOG_FORMAT = "%(asctime)s %(levelname)s %(process)d %(threadName)s %(name)s: %(message)s"
MAX_BYTES = 2_000_000
BACKUPS = 5

# A record logged with ``extra={"job_id": n}`` is also stored as one of job n's log lines.
JOB_ID_ATTR = "job_id"


class JobLogHandler(logging.Handler):
    """Stores records that carry a job id through ``sink(job_id, level, message)``."""

    def __init__(self, sink: Callable[[int, str, str], None], level: int = logging.INFO) -> None:
        super().__init__(level)
        self._sink = sink
        self._busy = threading.local()

    def emit(self, record: logging.LogRecord) -> None:
        job_id = getattr(record, JOB_ID_ATTR, None)
        if not isinstance(job_id, int) or getattr(self._busy, "on", False):
            return
        self._busy.on = True  # the sink may log itself: never recurse
        try:
            self._sink(job_id, record.levelname, record.getMessage())
        except Exception:
            self.handleError(record)
        finally:
            self._busy.on = False


class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """Log files are created 0600: they name the user's files and folders.

    A log that cannot be written (a full disk) is said once on stderr, in one line, and the program
    goes on without it; logging's default prints a traceback for every record instead."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._failing = False  # the last record could not be written
        self._failed_now = False

    def emit(self, record: logging.LogRecord) -> None:
        self._failed_now = False
        super().emit(record)
        if not self._failed_now:
            self._failing = False

    def handleError(self, record: logging.LogRecord) -> None:
        exc = sys.exc_info()[1]
        if not isinstance(exc, OSError):
            super().handleError(record)
            return
        self._failed_now = True
        if self._failing:
            return
        self._failing = True
        with contextlib.suppress(Exception):
            reason = exc.strerror or str(exc)
            sys.stderr.write(f"slidepress: cannot write the log {self.baseFilename} ({reason}); going on without it\n")
            sys.stderr.flush()
        # The stream may hold the failed record's bytes: drop them, or each later flush fails again.
        stream, self.stream = self.stream, None
        if stream is not None:
            with contextlib.suppress(Exception):
                stream.close()

    def _open(self) -> io.TextIOWrapper:
        stream = open(  # noqa: SIM115 - the handler owns the stream
            self.baseFilename,
            self.mode,
            encoding=self.encoding,
            errors=self.errors,
            opener=lambda path, flags: os.open(path, flags, 0o600),
        )
        assert isinstance(stream, io.TextIOWrapper)
        return stream


def setup_logging(
    logs_dir: Path,
    name: str,
    level: int = logging.INFO,
    to_stderr: bool = False,
) -> logging.Handler:
    """Log to ``logs_dir/name.log`` (rotated); returns the file handler."""
    logs_dir.mkdir(parents=True, exist_ok=True)
    root = logging.getLogger()
    root.setLevel(level)
    handler = PrivateRotatingFileHandler(
        logs_dir / f"{name}.log", maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8", delay=True
    )
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    root.addHandler(handler)
    if to_stderr:
        console = logging.StreamHandler(sys.stderr)
        console.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
        root.addHandler(console)
    # Huey logs every dequeued task at INFO; that is noise in a batch of hundreds.
    logging.getLogger("huey").setLevel(logging.WARNING)
    return handler
