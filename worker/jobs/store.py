"""SQL over jobs.db, the record of truth. The job API and the pool both go through here.

Every write runs in one ``BEGIN IMMEDIATE`` transaction and stamps the rows it changes with a new
revision from ``meta.rev``, so ``changed_since`` is one indexed query.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from worker.jobs.model import (
    IdList,
    Job,
    JobCounts,
    JobList,
    JobOptions,
    JobState,
    LogLine,
    LogList,
    StrList,
    from_epoch,
)
from worker.jobs.schema import migrate

log = logging.getLogger(__name__)

ACTIVE_STATES = (JobState.QUEUED.value, JobState.RUNNING.value, JobState.RETRYING.value)
MAX_LOG_LINES_PER_JOB = 500
BATCH_STARTED_KEY = "batch_started"


@dataclass(frozen=True)
class NewJob:
    key: str
    source: Path
    output: Path
    options: JobOptions
    max_attempts: int
    digest: str | None = None  # what the key was made of (worker.jobs.source_identity)
    source_identity: str | None = None
    desired: Path | None = None


@dataclass(frozen=True)
class Ticket:
    """A Huey task names a job and the ticket it was queued with; a stale ticket is a no-op."""

    job_id: int
    ticket: int
    # The job's place in the queue when the ticket was made: its task's priority, so the pool
    # starts jobs in the order the window numbers them (a retried job keeps its place).
    position: float | None = None


def _enable_wal(conn: sqlite3.Connection) -> None:
    """Switch to WAL. On a brand-new file several openers race for the exclusive lock this needs,
    and SQLite answers "locked" at once instead of waiting: retry briefly."""
    for attempt in range(50):
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or attempt == 49:
                raise
            time.sleep(0.05)


class JobStore:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._local = threading.local()
        with self._connection() as conn:
            migrate(conn)

    # -- connections ---------------------------------------------------------------------------

    def _conn(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, timeout=30.0, isolation_level=None)
            conn.row_factory = sqlite3.Row
            _enable_wal(conn)
            # NORMAL in WAL mode survives a process crash; only a power cut may lose the last commit.
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute("PRAGMA busy_timeout=30000")
            self._local.conn = conn
        return conn

    @contextmanager
    def _connection(self) -> Iterator[sqlite3.Connection]:
        yield self._conn()

    @contextmanager
    def write(self, durable: bool = False) -> Iterator[tuple[sqlite3.Connection, int]]:
        """A write transaction and the revision its changes carry.

        ``durable``: the commit is on the disk before this returns (synchronous=FULL for it), so
        even a power cut keeps it. The connection's NORMAL keeps every commit through a crash of
        the process, but after a power cut the last ones may be rolled back; the writes that must
        not be (jobs just submitted, a PDF's identity noted before it is renamed into place) pay
        one fsync each, progress and heartbeats none."""
        conn = self._conn()
        if durable:
            conn.execute("PRAGMA synchronous=FULL")
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                row = conn.execute(
                    "UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'rev' RETURNING value"
                ).fetchone()
                yield conn, int(row[0])
                conn.execute("COMMIT")
            except BaseException:
                _roll_back(conn)
                raise
        finally:
            if durable:
                conn.execute("PRAGMA synchronous=NORMAL")

    def close(self) -> None:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None

    # -- reading -------------------------------------------------------------------------------

    def get(self, job_id: int) -> Job | None:
        row = self._conn().execute("SELECT * FROM jobs WHERE id = ? AND removed = 0", (job_id,)).fetchone()
        return None if row is None else row_to_job(row)

    def get_many(self, ids: Sequence[int]) -> JobList:
        return [job for job in (self.get(i) for i in ids) if job is not None]

    def list(self, state: JobState | None = None) -> JobList:
        sql = "SELECT * FROM jobs WHERE removed = 0"
        params: tuple[Any, ...] = ()
        if state is not None:
            sql += " AND state = ?"
            params = (state.value,)
        sql += " ORDER BY position, id"
        return [row_to_job(r) for r in self._conn().execute(sql, params)]

    def find_by_key(self, key: str) -> Job | None:
        row = (
            self._conn()
            .execute("SELECT * FROM jobs WHERE key = ? AND removed = 0 ORDER BY id DESC LIMIT 1", (key,))
            .fetchone()
        )
        return None if row is None else row_to_job(row)

    def changed_since(self, cursor: int) -> tuple[JobList, int]:
        conn = self._conn()
        # Read the revision first: a write committed in between shows up again next time, never lost.
        conn.execute("BEGIN")
        try:
            rev = int(conn.execute("SELECT value FROM meta WHERE key = 'rev'").fetchone()[0])
            rows = conn.execute(
                "SELECT * FROM jobs WHERE rev > ? AND rev <= ? ORDER BY position, id", (cursor, rev)
            ).fetchall()
        finally:
            conn.execute("COMMIT")
        return [row_to_job(r) for r in rows], rev

    def batch_started(self) -> datetime | None:
        """When the current batch began: the last time a job was queued into an idle queue.
        None before any job was ever queued (or in a jobs.db written before batches were noted)."""
        value = self.get_meta(BATCH_STARTED_KEY)
        try:
            return _epoch(float(value)) if value else None
        except ValueError:
            return None

    def counts(self) -> JobCounts:
        found = {
            str(r[0]): int(r[1])
            for r in self._conn().execute("SELECT state, COUNT(*) FROM jobs WHERE removed = 0 GROUP BY state")
        }
        return JobCounts(**{s.value: found.get(s.value, 0) for s in JobState})

    def active_for(self, source: Path, desired: Path, options: JobOptions) -> Job | None:
        """An active job converting ``source`` with ``options`` to ``desired``, whatever version of
        the file it was queued with: it converts what is there when it runs."""
        row = (
            self._conn()
            .execute(
                f"SELECT * FROM jobs WHERE source = ? AND desired = ? AND options = ? AND removed = 0"
                f" AND state IN ({_marks(ACTIVE_STATES)}) ORDER BY id LIMIT 1",
                (str(source), str(desired), json.dumps(options.to_dict()), *ACTIVE_STATES),
            )
            .fetchone()
        )
        return None if row is None else row_to_job(row)

    def output_in_use(self, output: Path, excluding_key: str | None = None) -> bool:
        """Whether an active job (other than ``excluding_key``'s) will write ``output``."""
        row = (
            self._conn()
            .execute(
                f"SELECT 1 FROM jobs WHERE output = ? AND removed = 0 AND state IN ({_marks(ACTIVE_STATES)})"
                " AND key IS NOT ? LIMIT 1",
                (str(output), *ACTIVE_STATES, excluding_key),
            )
            .fetchone()
        )
        return row is not None

    def produced_here(self, path: Path) -> bool:
        """Whether the file at ``path`` is a PDF some job of ours wrote (size and mtime match)."""
        try:
            st = path.stat()
        except OSError:
            return False
        row = (
            self._conn()
            .execute(
                "SELECT 1 FROM jobs WHERE output = ? AND output_size = ? AND output_mtime_ns = ? LIMIT 1",
                (str(path), st.st_size, st.st_mtime_ns),
            )
            .fetchone()
        )
        return row is not None

    def restore_converted(self, key: str) -> Job | None:
        """Bring back a job Clear Finished forgot whose PDF is still the one it wrote (same size
        and modification time): the deck dropped again is up to date, not converted a second time."""
        row = (
            self._conn()
            .execute(
                "SELECT id, output, output_size, output_mtime_ns FROM jobs"
                " WHERE key = ? AND removed = 1 AND state = 'succeeded' ORDER BY id DESC LIMIT 1",
                (key,),
            )
            .fetchone()
        )
        if row is None:
            return None
        try:
            st = Path(str(row[1])).stat()
        except OSError:
            return None
        if (st.st_size, st.st_mtime_ns) != (row[2], row[3]):
            return None
        with self.write() as (conn, rev):
            restored = conn.execute(
                "UPDATE jobs SET removed = 0, rev = ? WHERE id = ? AND removed = 1 RETURNING *", (rev, int(row[0]))
            ).fetchone()
        return None if restored is None else row_to_job(restored)

    def log_lines(self, job_id: int, after_id: int = 0) -> LogList:
        rows = self._conn().execute(
            "SELECT job_id, at, level, message FROM job_log WHERE job_id = ? AND id > ? ORDER BY id",
            (job_id, after_id),
        )
        return [LogLine(int(r[0]), _epoch(float(r[1])), str(r[2]), str(r[3])) for r in rows]

    def get_meta(self, key: str, default: str = "") -> str:
        row = self._conn().execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return default if row is None else str(row[0])

    def set_meta(self, key: str, value: str) -> None:
        with self.write() as (conn, _rev):
            conn.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, value),
            )

    # -- job API writes ------------------------------------------------------------------------

    def insert(self, new: Sequence[NewJob]) -> tuple[JobList, JobList]:
        """Insert ``new`` jobs; returns (inserted, already there).

        The key check happens inside the write transaction: several processes submitting the same
        deck at once (the window and the command line) must still make one job.
        """
        now = time.time()
        ids: IdList = []
        existing_ids: IdList = []
        with self.write(durable=True) as (conn, rev):
            idle = _queue_idle(conn)
            base = float(conn.execute("SELECT COALESCE(MAX(position), 0) FROM jobs").fetchone()[0])
            for i, job in enumerate(new, start=1):
                found = conn.execute(
                    "SELECT id FROM jobs WHERE key = ? AND removed = 0 ORDER BY id DESC LIMIT 1", (job.key,)
                ).fetchone()
                if found is not None:
                    existing_ids.append(int(found[0]))
                    continue
                cur = conn.execute(
                    "INSERT INTO jobs (key, source, output, state, max_attempts, engine, options, position,"
                    " created_at, ticket, rev, digest, source_identity, desired)"
                    " VALUES (?, ?, ?, 'queued', ?, ?, ?, ?, ?, 1, ?, ?, ?, ?)",
                    (
                        job.key,
                        str(job.source),
                        str(job.output),
                        job.max_attempts,
                        job.options.engine,
                        json.dumps(job.options.to_dict()),
                        base + i,
                        now,
                        rev,
                        job.digest,
                        job.source_identity,
                        None if job.desired is None else str(job.desired),
                    ),
                )
                ids.append(int(cur.lastrowid or 0))
            if idle and ids:
                _start_batch(conn, now)
        return self.get_many(ids), self.get_many(existing_ids)

    def requeue(
        self,
        job_ids: Sequence[int],
        from_states: Sequence[JobState],
        output: Path | None = None,
        options: Mapping[int, tuple[JobOptions, str | None]] | None = None,
        keep_place: bool = False,
    ) -> TicketList:
        """Queue jobs again with attempts reset (Retry, or a re-submitted deck); ``options`` gives
        jobs new options and key (None: the key stays). With ``keep_place`` (Retry) each job keeps
        its place in the list and the queue, as HandBrake's Reset does: a deck retried at row 3 of
        40 is found at row 3, and converts when the queue reaches it. A deck dropped again joins
        the end, as a new one does."""
        states = [s.value for s in from_states]
        tickets: TicketList = []
        with self.write() as (conn, rev):
            idle = _queue_idle(conn)
            base = float(conn.execute("SELECT COALESCE(MAX(position), 0) FROM jobs").fetchone()[0])
            for i, job_id in enumerate(job_ids, start=1):
                if options is not None and job_id in options:
                    new, key = options[job_id]
                    conn.execute(
                        "UPDATE jobs SET options = ?, engine = ?, key = COALESCE(?, key)"
                        f" WHERE id = ? AND removed = 0 AND state IN ({_marks(states)})",
                        (json.dumps(new.to_dict()), new.engine, key, job_id, *states),
                    )
                row = conn.execute(
                    f"UPDATE jobs SET state = 'queued', attempts = 0, error = NULL, error_kind = NULL,"
                    " slides_done = 0, slides_total = 0, started_at = NULL, finished_at = NULL,"
                    " not_before = NULL, lease_until = NULL, run_token = NULL, cancel_requested = 0,"
                    " warnings = '[]', ticket = ticket + 1, position = COALESCE(?, position),"
                    " output = COALESCE(?, output), cut_off_at = 0, cut_off_by = NULL,"
                    f" rev = ? WHERE id = ? AND removed = 0 AND state IN ({_marks(states)}) RETURNING ticket, position",
                    (
                        None if keep_place else base + i,
                        None if output is None else str(output),
                        rev,
                        job_id,
                        *states,
                    ),
                ).fetchone()
                if row is not None:
                    tickets.append(Ticket(job_id, int(row[0]), float(row[1])))
            if idle and tickets:
                _start_batch(conn, time.time())
        return tickets

    def cancel(self, job_ids: Sequence[int]) -> tuple[IdList, IdList]:
        """Cancel queued jobs at once and flag running ones; returns (cancelled, flagged)."""
        now = time.time()
        cancelled: IdList = []
        flagged: IdList = []
        with self.write() as (conn, rev):
            for job_id in job_ids:
                row = conn.execute(
                    "UPDATE jobs SET state = 'cancelled', finished_at = ?, error = NULL, rev = ?"
                    " WHERE id = ? AND removed = 0 AND state IN ('queued', 'retrying') RETURNING id",
                    (now, rev, job_id),
                ).fetchone()
                if row is not None:
                    cancelled.append(job_id)
                    continue
                row = conn.execute(
                    "UPDATE jobs SET cancel_requested = 1, rev = ?"
                    " WHERE id = ? AND removed = 0 AND state = 'running' RETURNING id",
                    (rev, job_id),
                ).fetchone()
                if row is not None:
                    flagged.append(job_id)
        return cancelled, flagged

    def remove(self, job_ids: Sequence[int]) -> IdList:
        """Forget finished jobs (active ones must be cancelled first); the window sees them go."""
        removed: IdList = []
        with self.write() as (conn, rev):
            for job_id in job_ids:
                row = conn.execute(
                    "UPDATE jobs SET removed = 1, rev = ? WHERE id = ? AND removed = 0"
                    " AND state IN ('succeeded', 'failed', 'cancelled') RETURNING id",
                    (rev, job_id),
                ).fetchone()
                if row is not None:
                    # Its log stays (bounded per job, as the job's row is): a removed job comes
                    # back when its deck is dropped again, and its details would show no log.
                    removed.append(job_id)
        return removed

    def move_to_front(self, job_id: int) -> Ticket | None:
        with self.write() as (conn, rev):
            front = float(conn.execute("SELECT COALESCE(MIN(position), 0) FROM jobs").fetchone()[0])
            row = conn.execute(
                "UPDATE jobs SET position = ?, ticket = ticket + 1, rev = ?"
                " WHERE id = ? AND removed = 0 AND state = 'queued' RETURNING ticket, position",
                (front - 1, rev, job_id),
            ).fetchone()
        return None if row is None else Ticket(job_id, int(row[0]), float(row[1]))

    def add_log(self, job_id: int, level: str, message: str) -> None:
        conn = self._conn()
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.execute(
                "INSERT INTO job_log (job_id, at, level, message) VALUES (?, ?, ?, ?)",
                (job_id, time.time(), level, message),
            )
            # Keep a job's log bounded: a looping deck must not fill the disk.
            conn.execute(
                "DELETE FROM job_log WHERE job_id = ? AND id <= (SELECT id FROM job_log WHERE job_id = ?"
                " ORDER BY id DESC LIMIT 1 OFFSET ?)",
                (job_id, job_id, MAX_LOG_LINES_PER_JOB),
            )
            conn.execute("COMMIT")
        except BaseException:
            _roll_back(conn)
            raise

    # -- pool writes ---------------------------------------------------------------------------

    def claim(self, ticket: Ticket, token: str, lease_seconds: float) -> Job | None:
        """Take a queued job for one run; None when the ticket is stale or the job not queued."""
        now = time.time()
        with self.write() as (conn, rev):
            row = conn.execute(
                "UPDATE jobs SET state = 'running', attempts = attempts + 1, run_token = ?,"
                " lease_until = ?, started_at = ?, finished_at = NULL, slides_done = 0, cancel_requested = 0,"
                " error = NULL, rev = ? WHERE id = ? AND ticket = ? AND state = 'queued' AND removed = 0"
                " RETURNING *",
                (token, now + lease_seconds, now, rev, ticket.job_id, ticket.ticket),
            ).fetchone()
        return None if row is None else row_to_job(row)

    def heartbeat(self, job_id: int, token: str, lease_seconds: float) -> tuple[bool, bool]:
        """Renew the lease; returns (still ours, cancel requested)."""
        conn = self._conn()
        row = conn.execute(
            "UPDATE jobs SET lease_until = ? WHERE id = ? AND run_token = ? AND state = 'running'"
            " RETURNING cancel_requested",
            (time.time() + lease_seconds, job_id, token),
        ).fetchone()
        if row is None:
            return False, True
        return True, bool(row[0])

    def run_state(self, job_id: int, token: str) -> tuple[bool, bool]:
        """(still ours, cancel requested) without renewing the lease."""
        row = (
            self._conn()
            .execute(
                "SELECT cancel_requested FROM jobs WHERE id = ? AND run_token = ? AND state = 'running'",
                (job_id, token),
            )
            .fetchone()
        )
        if row is None:
            return False, True
        return True, bool(row[0])

    def release(self, job_id: int, token: str) -> Ticket | None:
        """Put a run back in the queue uncounted (the pool is stopping cleanly)."""
        with self.write() as (conn, rev):
            row = conn.execute(
                "UPDATE jobs SET state = 'queued', attempts = MAX(0, attempts - 1), run_token = NULL,"
                f" lease_until = NULL, slides_done = 0, ticket = ticket + 1, rev = ?, {_note_cut_off('stopped')}"
                " WHERE id = ? AND run_token = ? AND state = 'running' RETURNING ticket, position",
                (rev, job_id, token),
            ).fetchone()
        return None if row is None else Ticket(job_id, int(row[0]), float(row[1]))

    def resume_interrupted(self, job_id: int, token: str | None) -> bool:
        """Queue again, in its place, a run a dead pool left ``running`` (``token`` None: whatever
        run holds it), its attempt counted; False when no attempt is left (the caller fails it)."""
        with self.write() as (conn, rev):
            row = conn.execute(
                "UPDATE jobs SET state = 'queued', run_token = NULL, lease_until = NULL, slides_done = 0,"
                f" started_at = NULL, ticket = ticket + 1, rev = ?, {_note_cut_off('lost')}"
                " WHERE id = ? AND state = 'running' AND attempts < max_attempts"
                " AND (? IS NULL OR run_token = ?) RETURNING id",
                (rev, job_id, token, token),
            ).fetchone()
        return row is not None

    def set_progress(self, job_id: int, token: str, done: int, total: int) -> None:
        with self.write() as (conn, rev):
            conn.execute(
                "UPDATE jobs SET slides_done = ?, slides_total = ?, rev = ? WHERE id = ? AND run_token = ?",
                (done, total, rev, job_id, token),
            )

    def rekey(self, job_id: int, token: str, key: str, digest: str, identity: str) -> bool:
        """Key a running job by the deck it is converting (the file was replaced since it was keyed)."""
        with self.write() as (conn, rev):
            row = conn.execute(
                "UPDATE jobs SET key = ?, digest = ?, source_identity = ?, rev = ?"
                " WHERE id = ? AND run_token = ? AND state = 'running' RETURNING id",
                (key, digest, identity, rev, job_id, token),
            ).fetchone()
        return row is not None

    def set_output(self, job_id: int, token: str, output: Path) -> None:
        with self.write() as (conn, rev):
            conn.execute(
                "UPDATE jobs SET output = ?, rev = ? WHERE id = ? AND run_token = ?",
                (str(output), rev, job_id, token),
            )

    def record_output(self, job_id: int, token: str, size: int, mtime_ns: int) -> bool:
        """Note the finished temp file's identity before renaming it: after a crash between the
        rename and `succeed`, the PDF is still recognised as ours and replaced, not duplicated;
        durable, as a power cut right after the rename must not lose it either."""
        with self.write(durable=True) as (conn, rev):
            row = conn.execute(
                "UPDATE jobs SET output_size = ?, output_mtime_ns = ?, rev = ?"
                " WHERE id = ? AND run_token = ? AND state = 'running' RETURNING id",
                (size, mtime_ns, rev, job_id, token),
            ).fetchone()
        return row is not None

    def succeed(self, job_id: int, token: str, slides: int, engine_used: str, warnings: StrList) -> bool:
        with self.write() as (conn, rev):
            row = conn.execute(
                "UPDATE jobs SET state = 'succeeded', slides_done = ?, slides_total = ?, engine_used = ?,"
                " warnings = ?, finished_at = ?, lease_until = NULL, run_token = NULL, error = NULL, rev = ?"
                " WHERE id = ? AND run_token = ? AND state = 'running' RETURNING id",
                (slides, slides, engine_used, json.dumps(warnings), time.time(), rev, job_id, token),
            ).fetchone()
        return row is not None

    def fail(
        self,
        job_id: int,
        token: str | None,
        error: str,
        kind: str,
        retry_after: float | None,
    ) -> JobState | None:
        """End a run with an error: ``retrying`` when ``retry_after`` is given and attempts remain,
        else ``failed``. ``token`` None ends whatever run holds the job (the reaper)."""
        now = time.time()
        with self.write() as (conn, rev):
            row = conn.execute(
                "SELECT attempts, max_attempts, run_token FROM jobs WHERE id = ? AND state = 'running'",
                (job_id,),
            ).fetchone()
            if row is None or (token is not None and row[2] != token):
                return None
            retry = retry_after is not None and int(row[0]) < int(row[1])
            state = JobState.RETRYING if retry else JobState.FAILED
            conn.execute(
                "UPDATE jobs SET state = ?, error = ?, error_kind = ?, not_before = ?, finished_at = ?,"
                " lease_until = NULL, run_token = NULL, rev = ? WHERE id = ?",
                (
                    state.value,
                    error,
                    kind,
                    now + retry_after if retry and retry_after is not None else None,
                    None if retry else now,
                    rev,
                    job_id,
                ),
            )
        return state

    def finish_cancelled(self, job_id: int, token: str) -> bool:
        with self.write() as (conn, rev):
            row = conn.execute(
                "UPDATE jobs SET state = 'cancelled', finished_at = ?, lease_until = NULL, run_token = NULL,"
                " error = NULL, rev = ? WHERE id = ? AND run_token = ? AND state = 'running' RETURNING id",
                (time.time(), rev, job_id, token),
            ).fetchone()
        return row is not None

    def expired_leases(self, now: float | None = None) -> JobList:
        at = time.time() if now is None else now
        rows = self._conn().execute(
            "SELECT * FROM jobs WHERE state = 'running' AND (lease_until IS NULL OR lease_until < ?)", (at,)
        )
        return [row_to_job(r) for r in rows]

    def release_due_retries(self, now: float | None = None) -> TicketList:
        """Move retrying jobs whose back-off has passed back to queued, in their places: a row
        never moves in the list by itself (it converts when the queue reaches it, at once when
        the jobs after it are waiting). A job whose failed attempt started later than the clock
        now reads is due too: the clock was set back (an NTP fix, a dual-boot machine's clock
        kept in local time) and its back-off, noted on the old clock, would last as long again."""
        at = time.time() if now is None else now
        tickets: TicketList = []
        with self.write() as (conn, rev):
            idle = _queue_idle(conn)
            rows = conn.execute(
                "SELECT id FROM jobs WHERE state = 'retrying' AND removed = 0 AND (not_before <= ? OR started_at > ?)"
                " ORDER BY not_before, id",
                (at, at),
            ).fetchall()
            for r in rows:
                row = conn.execute(
                    "UPDATE jobs SET state = 'queued', ticket = ticket + 1, not_before = NULL,"
                    " rev = ? WHERE id = ? RETURNING ticket, position",
                    (rev, int(r[0])),
                ).fetchone()
                tickets.append(Ticket(int(r[0]), int(row[0]), float(row[1])))
            if idle and tickets:
                _start_batch(conn, time.time())
        return tickets

    def queued_tickets(self) -> TicketList:
        rows = self._conn().execute(
            "SELECT id, ticket, position FROM jobs WHERE state = 'queued' AND removed = 0 ORDER BY position, id"
        )
        return [Ticket(int(r[0]), int(r[1]), float(r[2])) for r in rows]

    def next_retry_at(self) -> float | None:
        row = (
            self._conn().execute("SELECT MIN(not_before) FROM jobs WHERE state = 'retrying' AND removed = 0").fetchone()
        )
        return None if row is None or row[0] is None else float(row[0])


TicketList = list[Ticket]


def _note_cut_off(by: str) -> str:
    """SET terms for a run cut off part-way (``by``: "stopped", the pool was stopped; "lost", it
    died). The deck starts again from slide 1, since a PDF is made in one go: how far it had got
    is kept so the window can say so (Job.cut_off_at). A run cut off before its first slide lost
    nothing and leaves an earlier note as it was. SQLite reads slides_done as it was before the
    UPDATE that sets it to 0."""
    return (
        "cut_off_at = CASE WHEN slides_done > 0 THEN slides_done ELSE cut_off_at END,"
        f" cut_off_by = CASE WHEN slides_done > 0 THEN '{by}' ELSE cut_off_by END"
    )


def _queue_idle(conn: sqlite3.Connection) -> bool:
    """Whether no job is active: asked at the start of a write that may queue jobs, since a job
    queued into an idle queue starts a new batch (worker.jobs.batch)."""
    busy = conn.execute(
        f"SELECT 1 FROM jobs WHERE removed = 0 AND state IN ({_marks(ACTIVE_STATES)}) LIMIT 1", ACTIVE_STATES
    ).fetchone()
    return busy is None


def _start_batch(conn: sqlite3.Connection, now: float) -> None:
    """Note a new batch's start; only a write that queued a job into an idle queue calls it (the
    pool's periodic release of due retries queues nothing most of the time)."""
    conn.execute(
        "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (BATCH_STARTED_KEY, repr(now)),
    )


def row_to_job(row: sqlite3.Row) -> Job:
    return Job(
        id=int(row["id"]),
        source=Path(row["source"]),
        output=Path(row["output"]),
        state=JobState(row["state"]),
        slides_done=int(row["slides_done"]),
        slides_total=int(row["slides_total"]),
        attempts=int(row["attempts"]),
        max_attempts=int(row["max_attempts"]),
        error=row["error"],
        error_kind=row["error_kind"],
        engine=str(row["engine"]),
        engine_used=row["engine_used"],
        options=JobOptions.from_dict(json.loads(row["options"])),
        warnings=list(json.loads(row["warnings"])),
        position=float(row["position"]),
        created_at=_epoch(float(row["created_at"])),
        started_at=from_epoch(row["started_at"]),
        finished_at=from_epoch(row["finished_at"]),
        cancel_requested=bool(row["cancel_requested"]),
        removed=bool(row["removed"]),
        rev=int(row["rev"]),
        cut_off_at=int(row["cut_off_at"]),
        cut_off_by=row["cut_off_by"],
        extra={
            "key": row["key"],
            "ticket": int(row["ticket"]),
            "run_token": row["run_token"],
            "digest": row["digest"],
            "source_identity": row["source_identity"],
            "desired": row["desired"],
        },
    )


def _roll_back(conn: sqlite3.Connection) -> None:
    # SQLite rolls a transaction back itself on some errors ("database or disk is full"): a second
    # ROLLBACK would then raise "no transaction is active" and hide the error that matters.
    if conn.in_transaction:
        conn.execute("ROLLBACK")


def _marks(values: Sequence[object]) -> str:
    return ", ".join("?" for _ in values)


def _epoch(seconds: float) -> datetime:
    return datetime.fromtimestamp(seconds, UTC)
