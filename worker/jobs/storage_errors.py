"""What a failed write to Slidepress's own data (jobs.db, queue.db, logs) means to a person.

SQLite says "database or disk is full" or "attempt to write a readonly database"; the OS says
ENOSPC or EROFS. Those are the machine's state, not a bug: the user can free space or fix the
folder and try again, so they get one line naming the folder, never a traceback."""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path

_FULL = ("disk is full", "database or disk is full")
_READ_ONLY = ("readonly database", "read-only")
_UNOPENABLE = ("unable to open database file",)
# A write the OS refused outright (EFBIG past a file size limit, EIO from a failing disk): SQLite
# only says "disk I/O error".
_IO = ("disk i/o error",)
# Another program (a database browser, a backup tool, a sync client) held a lock on jobs.db or
# queue.db longer than SQLite's busy timeout (30 s): the data is fine, and a write later works.
_LOCKED = ("database is locked", "database table is locked", "database is busy")


def storage_problem(exc: BaseException, folder: Path) -> str | None:
    """One line for a storage failure under ``folder``; None when ``exc`` is something else."""
    if isinstance(exc, OSError) and not isinstance(exc, sqlite3.Error):
        if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
            return f"The disk holding Slidepress's data is full ({folder}): free some space and try again"
        if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM, errno.ENOTDIR, errno.EEXIST):
            return f"Slidepress cannot write its data in {folder}: {exc.strerror}"
        return None
    if not isinstance(exc, sqlite3.DatabaseError):
        return None
    text = str(exc).lower()
    if any(part in text for part in _FULL):
        return f"The disk holding Slidepress's data is full ({folder}): free some space and try again"
    if any(part in text for part in _READ_ONLY):
        return f"Slidepress cannot write its data in {folder}: the folder or its database is read-only"
    if any(part in text for part in _UNOPENABLE):
        return f"Slidepress cannot open its data in {folder}"
    if any(part in text for part in _LOCKED):
        return f"Another program is holding Slidepress's data in {folder} locked: close it and try again"
    if any(part in text for part in _IO):
        return f"Slidepress cannot write its data in {folder}: the disk refused the write (is it full?)"
    return None
