"""The data folder refusing writes while the pool runs (a full disk): the batch waits and finishes."""

from __future__ import annotations

import os
import resource
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from pool_fakes import FACTORY_SPEC, PoolProcess, make_deck, pdfs_under, stray_files, wait_finished, wait_until
from pypdf import PdfReader

from worker.jobs import JobQueue, JobState
from worker.paths import DataPaths
from worker.pool.child import ConvertRequest
from worker.pool.lock import pool_alive
from worker.pool.supervisor import ConverterChild, Ending, Limits, Watch

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="the file size limit (RLIMIT_FSIZE) of another process is Linux's"
)


def test_a_data_disk_refusing_writes_mid_batch_holds_the_batch_until_it_has_room(
    queue: JobQueue, home: Path, tmp_path: Path
) -> None:
    """A file size limit of 0 on the pool process makes every write that needs new space in jobs.db,
    queue.db and the logs fail, as a full disk does, while its converter children write PDFs.
    Held longer than a lease (5 s), then lifted. Before: the interrupted run was left running, reaped
    as lost and converted again (attempts 2); on a real full disk (a small tmpfs) the jobs after it
    also failed as 'The engine wrote no PDF', reading the interrupted job's late messages."""
    decks = [make_deck(tmp_path / "in" / f"d{i}.pptx", 6, "slow:0.05") for i in range(6)]
    ids = [j.id for j in queue.submit(decks).queued]
    pool = PoolProcess(home, extra=["--retry-base", "0.1"]).start()
    assert pool.proc is not None
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    try:
        wait_until(lambda: queue.counts().succeeded >= 1)
        wait_until(lambda: queue.counts().running == 1)
        resource.prlimit(pool.proc.pid, resource.RLIMIT_FSIZE, (0, hard))
        held_until = time.monotonic() + 7
        while time.monotonic() < held_until:
            assert queue.counts().failed == 0
            time.sleep(0.1)
        resource.prlimit(pool.proc.pid, resource.RLIMIT_FSIZE, (soft, hard))
        jobs = wait_finished(queue, ids, timeout=60)
    finally:
        if pool.proc.poll() is None:
            resource.prlimit(pool.proc.pid, resource.RLIMIT_FSIZE, (soft, hard))
        pool.stop()
    assert [(j.state, j.attempts, j.error) for j in jobs] == [(JobState.SUCCEEDED, 1, None)] * len(ids)
    assert pdfs_under(tmp_path / "in") == [d.with_suffix(".pdf") for d in decks]
    assert all(len(PdfReader(d.with_suffix(".pdf")).pages) == 6 for d in decks)
    assert stray_files(tmp_path / "in") == []
    pool_log = (home / "logs" / "pool.log").read_text()
    assert f"the data folder {home} takes writes again" in pool_log  # the pool did have to wait
    assert "Traceback" not in pool_log


def test_a_job_interrupted_in_the_pool_leaves_no_late_messages_for_the_next(tmp_path: Path) -> None:
    """When recording progress fails mid-job, the converter is replaced: its late 'done' would
    otherwise be read as the next job's (which then 'wrote no PDF' or got the wrong page count)."""
    child = ConverterChild(FACTORY_SPEC, Limits(), warm_engine=None)
    child.start()
    try:
        first = make_deck(tmp_path / "first.pptx", 8, "slow:0.05")
        second = make_deck(tmp_path / "second.pptx", 3)

        def request(deck: Path) -> ConvertRequest:
            return ConvertRequest(1, str(deck), str(deck.with_suffix(".pdf")), "fake", False)

        def full_disk(done: int, total: int) -> None:
            raise sqlite3.OperationalError("database or disk is full")

        def ignore(done: int, total: int) -> None:
            pass

        def watch(progress: Callable[[int, int], None]) -> Watch:
            return Watch(progress=progress, poll=lambda: (True, False), stopping=lambda: False)

        with pytest.raises(sqlite3.OperationalError):
            child.run(request(first), watch(full_disk))
        time.sleep(0.6)  # the old converter, had it lived, would have finished the first deck by now
        outcome = child.run(request(second), watch(ignore))
    finally:
        child.stop()
    assert (outcome.ending, outcome.slides) == (Ending.DONE, 3)
    assert len(PdfReader(second.with_suffix(".pdf")).pages) == 3


LOG_SCRIPT = """
import logging, resource, signal, sys
from pathlib import Path
from worker.logging_setup import setup_logging
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
setup_logging(Path(sys.argv[1]), "cli")
log = logging.getLogger("probe")
log.info("before the limit")
logging.getLogger().handlers[0].flush()
size = (Path(sys.argv[1]) / "cli.log").stat().st_size
soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
resource.setrlimit(resource.RLIMIT_FSIZE, (size, hard))
for n in range(5):
    log.info("line %d while the log cannot grow", n)
resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
log.info("after the limit")
print("still running")
"""


def test_a_log_that_cannot_be_written_is_one_line_not_a_traceback_per_record(tmp_path: Path) -> None:
    """Before: logging printed '--- Logging error ---' and a traceback on stderr for every record."""
    logs = tmp_path / "logs"
    result = subprocess.run(
        [sys.executable, "-c", LOG_SCRIPT, str(logs)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=Path(__file__).resolve().parents[1],
        check=False,
    )
    assert result.returncode == 0 and result.stdout == "still running\n"
    assert result.stderr.splitlines() == [
        f"slidepress: cannot write the log {logs / 'cli.log'} (File too large); going on without it"
    ]
    text = (logs / "cli.log").read_text()
    assert "before the limit" in text and "after the limit" in text  # writing goes on once it can


class Terminal:
    """A pool run in the foreground of a terminal (a pty: the pool then logs to it too, as for a
    person who ran `slidepress pool`). A terminal is no file, so a file size limit never stops it."""

    def __init__(self, home: Path) -> None:
        master, slave = os.openpty()
        env = PoolProcess(home).env()
        command = [sys.executable, "-m", "worker", "pool", "--workers", "2", "--retry-base", "0.1"]
        cwd = Path(__file__).resolve().parents[1]
        self.proc = subprocess.Popen(command, cwd=cwd, env=env, stdout=slave, stderr=slave)
        os.close(slave)
        self._master = master
        self._seen = bytearray()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        wait_until(lambda: pool_alive(DataPaths(home).pool_lock) or self.proc.poll() is not None)
        # Its converter children are started: they do not inherit a limit set on the pool from now on.
        wait_until(lambda: self._seen.count(b"converter child") >= 2 or self.proc.poll() is not None)

    def _read(self) -> None:
        while True:
            try:
                chunk = os.read(self._master, 65536)
            except OSError:  # the pool and its children closed the terminal
                return
            if not chunk:
                return
            self._seen.extend(chunk)

    def stop(self) -> str:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            self.proc.wait(30)
        self._reader.join(10)
        os.close(self._master)
        return self._seen.decode(errors="replace")


def test_a_queue_that_cannot_be_read_for_a_full_disk_says_so_in_one_line(
    queue: JobQueue, home: Path, tmp_path: Path
) -> None:
    """Decks wait in queue.db while the data disk refuses writes: taking a task off the queue is a
    write, and Huey logged 'Error reading from queue' with a traceback each time a worker looked
    (24 times in 15 s with two workers). Now the pool's one line says the disk is full, and the
    batch goes on once it has room."""
    terminal = Terminal(home)
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    try:
        resource.prlimit(terminal.proc.pid, resource.RLIMIT_FSIZE, (0, hard))
        decks = [make_deck(tmp_path / "in" / f"d{i}.pptx", 2) for i in range(4)]
        ids = [j.id for j in queue.submit(decks).queued]
        time.sleep(6)  # workers look at the queue every 2 s at the longest
        assert queue.counts().queued == 4
        resource.prlimit(terminal.proc.pid, resource.RLIMIT_FSIZE, (soft, hard))
        jobs = wait_finished(queue, ids, timeout=60)
    finally:
        if terminal.proc.poll() is None:
            resource.prlimit(terminal.proc.pid, resource.RLIMIT_FSIZE, (soft, hard))
        said = terminal.stop()
    assert [(j.state, j.attempts) for j in jobs] == [(JobState.SUCCEEDED, 1)] * 4
    assert "Error reading from queue" not in said and "Traceback" not in said, said[-3000:]
    full = [line for line in said.splitlines() if "the pool waits and goes on when it can write again" in line]
    assert len(full) == 1, said[-3000:]
    assert f"the data folder {home} takes writes again" in said


HOLD_LOCK = """
import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("BEGIN EXCLUSIVE")
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
db.execute("COMMIT")
"""


@pytest.mark.parametrize("database", ["jobs_db", "queue_db"])
def test_a_database_locked_by_another_program_past_the_busy_timeout_holds_the_batch(
    queue: JobQueue, home: Path, tmp_path: Path, database: str
) -> None:
    """Another process (a database browser, a backup tool) holds jobs.db or queue.db locked for
    longer than SQLite's 30 s busy timeout while a deck converts: the pool waits for it, says so
    once, and every deck converts once. Before, with jobs.db, the progress write that gave up
    raised "database is locked" out of the run: the deck's attempt ended as "Internal error in the
    worker pool" with a traceback in pool.log and was converted again (attempts 2); a claim that
    gave up left its job queued with no task. With queue.db, Huey's scheduler (every second) and
    its bookkeeping after a task each put a traceback in pool.log."""
    decks = [make_deck(tmp_path / "in" / f"d{i}.pptx", 30, "slow:0.1") for i in range(2)]
    ids = [j.id for j in queue.submit(decks).queued]
    pool = PoolProcess(home).start()
    holder: subprocess.Popen[str] | None = None
    try:

        def mid_deck() -> bool:
            job = queue.get(ids[0])
            return job is not None and job.state is JobState.RUNNING and job.slides_done >= 2

        wait_until(mid_deck)
        holder = subprocess.Popen(
            [sys.executable, "-c", HOLD_LOCK, str(getattr(DataPaths(home), database)), "33"],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert holder.stdout is not None and holder.stdout.readline() == "locked\n"
        jobs = wait_finished(queue, ids, timeout=120)
    finally:
        if holder is not None:
            holder.kill()
            holder.wait()
        pool.stop()
    assert [(j.state, j.attempts, j.error) for j in jobs] == [(JobState.SUCCEEDED, 1, None)] * len(ids)
    assert pdfs_under(tmp_path / "in") == [d.with_suffix(".pdf") for d in decks]
    pool_log = (home / "logs" / "pool.log").read_text()
    assert f"Another program is holding Slidepress's data in {home} locked" in pool_log
    assert "Traceback" not in pool_log
