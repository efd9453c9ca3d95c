"""Failed writes to Slidepress's own data become one line a person can act on."""

from __future__ import annotations

import errno
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from worker.jobs.storage_errors import storage_problem
from worker.jobs.store import JobStore


def full_database_error(tmp_path: Path) -> sqlite3.Error:
    """SQLite's own error when a database cannot grow: a page limit stands in for a full disk."""
    db = sqlite3.connect(tmp_path / "jobs.db")
    db.execute("PRAGMA max_page_count = 2")
    db.execute("CREATE TABLE t (x BLOB)")
    try:
        with db:
            db.execute("INSERT INTO t VALUES (?)", (b"x" * 100_000,))
    except sqlite3.Error as exc:
        return exc
    finally:
        db.close()
    raise AssertionError("SQLite took more pages than allowed")


def test_a_full_database_says_the_disk_is_full(tmp_path: Path) -> None:
    exc = full_database_error(tmp_path)
    assert storage_problem(exc, tmp_path) == (
        f"The disk holding Slidepress's data is full ({tmp_path}): free some space and try again"
    )


def test_os_errors_name_the_folder_and_other_errors_are_left_alone(tmp_path: Path) -> None:
    full = OSError(errno.ENOSPC, "No space left on device")
    assert storage_problem(full, tmp_path) is not None and "is full" in str(storage_problem(full, tmp_path))
    read_only = OSError(errno.EROFS, "Read-only file system")
    assert storage_problem(read_only, tmp_path) == (
        f"Slidepress cannot write its data in {tmp_path}: Read-only file system"
    )
    assert storage_problem(sqlite3.OperationalError("no such table: jobs"), tmp_path) is None
    assert storage_problem(ValueError("bug"), tmp_path) is None


@pytest.mark.parametrize(
    "message", ["attempt to write a readonly database", "unable to open database file", "database is locked"]
)
def test_sqlite_cannot_write_or_open(tmp_path: Path, message: str) -> None:
    problem = storage_problem(sqlite3.OperationalError(message), tmp_path)
    assert problem is not None and str(tmp_path) in problem


def test_a_write_that_finds_the_disk_full_raises_that_not_a_failed_rollback(tmp_path: Path) -> None:
    """SQLite rolls back by itself on 'database or disk is full'; a second ROLLBACK used to raise
    'cannot rollback - no transaction is active' and hide the error the user can act on."""
    store = JobStore(tmp_path / "jobs.db")
    conn = store._conn()
    pages = int(conn.execute("PRAGMA page_count").fetchone()[0])
    conn.execute(f"PRAGMA max_page_count = {pages}")
    with pytest.raises(sqlite3.OperationalError) as caught:
        store.add_log(1, "INFO", "x" * 100_000)
    assert storage_problem(caught.value, tmp_path) == (
        f"The disk holding Slidepress's data is full ({tmp_path}): free some space and try again"
    )
    assert not conn.in_transaction
    store.set_meta("still", "usable")  # small writes that fit go on
    assert store.get_meta("still") == "usable"
    store.close()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the file size limit (RLIMIT_FSIZE) is Linux's")
def test_jobs_are_listed_while_the_data_disk_takes_no_writes(tmp_path: Path) -> None:
    """Opening jobs.db rewrote its schema version, a write: on a full disk every command, `jobs`
    included, ended in 'cannot rollback - no transaction is active' and a traceback. A file size
    limit of 0 refuses every write that needs new space, as a full disk does (the test's own open
    connection keeps jobs.db's WAL files in place, so reading needs none)."""
    import resource
    import signal

    from pool_fakes import make_deck

    from worker.jobs import JobQueue
    from worker.paths import DataPaths

    home = tmp_path / "home"
    queue = JobQueue(DataPaths(home).ensure())
    deck = make_deck(tmp_path / "talk.pptx", 2)
    queue.submit([deck])

    def no_new_space() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (0, resource.getrlimit(resource.RLIMIT_FSIZE)[1]))

    try:
        result = subprocess.run(
            [sys.executable, "-m", "worker", "jobs", "--json"],
            capture_output=True,
            text=True,
            timeout=60,
            env=dict(os.environ, SLIDEPRESS_HOME=str(home)),
            cwd=Path(__file__).resolve().parents[1],
            preexec_fn=no_new_space,
            check=False,
        )
    finally:
        queue.close()
    assert result.returncode == 0, result.stderr
    assert [(j["source"], j["state"]) for j in json.loads(result.stdout)] == [(str(deck), "queued")]
    assert "Traceback" not in result.stderr
