"""jobs.db's schema and its migrations, versioned with ``PRAGMA user_version``."""

from __future__ import annotations

import logging
import sqlite3

log = logging.getLogger(__name__)

# Each entry migrates from version i to i + 1; append, never edit a released one.
MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (
        """CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)""",
        """INSERT INTO meta (key, value) VALUES ('rev', '0'), ('paused', '0')""",
        """CREATE TABLE jobs (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            key TEXT NOT NULL,
            source TEXT NOT NULL,
            output TEXT NOT NULL,
            state TEXT NOT NULL,
            slides_done INTEGER NOT NULL DEFAULT 0,
            slides_total INTEGER NOT NULL DEFAULT 0,
            attempts INTEGER NOT NULL DEFAULT 0,
            max_attempts INTEGER NOT NULL,
            error TEXT,
            error_kind TEXT,
            engine TEXT NOT NULL,
            engine_used TEXT,
            options TEXT NOT NULL,
            warnings TEXT NOT NULL DEFAULT '[]',
            position REAL NOT NULL,
            created_at REAL NOT NULL,
            started_at REAL,
            finished_at REAL,
            not_before REAL,
            lease_until REAL,
            run_token TEXT,
            ticket INTEGER NOT NULL DEFAULT 0,
            cancel_requested INTEGER NOT NULL DEFAULT 0,
            output_size INTEGER,
            output_mtime_ns INTEGER,
            removed INTEGER NOT NULL DEFAULT 0,
            rev INTEGER NOT NULL
        )""",
        "CREATE INDEX jobs_rev ON jobs (rev)",
        "CREATE INDEX jobs_key ON jobs (key)",
        "CREATE INDEX jobs_state ON jobs (state, position)",
        "CREATE INDEX jobs_output ON jobs (output)",
        """CREATE TABLE job_log (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            job_id INTEGER NOT NULL,
            at REAL NOT NULL,
            level TEXT NOT NULL,
            message TEXT NOT NULL
        )""",
        "CREATE INDEX job_log_job ON job_log (job_id, id)",
    ),
    (
        # What the key was made of, so the pool can key a job again by the deck it finds when it
        # runs (a deck replaced while its job waited): the content hash, the source file's identity
        # when hashed (worker.jobs.source_identity) and the PDF name wanted before collisions.
        "ALTER TABLE jobs ADD COLUMN digest TEXT",
        "ALTER TABLE jobs ADD COLUMN source_identity TEXT",
        "ALTER TABLE jobs ADD COLUMN desired TEXT",
        "CREATE INDEX jobs_source ON jobs (source)",
    ),
    (
        # A run cut off part-way (the pool stopped or died) starts again from slide 1: how far it
        # had got, and how it was cut off ('stopped', 'lost'), so the window can say so.
        "ALTER TABLE jobs ADD COLUMN cut_off_at INTEGER NOT NULL DEFAULT 0",
        "ALTER TABLE jobs ADD COLUMN cut_off_by TEXT",
    ),
)

SCHEMA_VERSION = len(MIGRATIONS)


def migrate(conn: sqlite3.Connection) -> int:
    """Bring ``conn``'s database to SCHEMA_VERSION; returns the version found before."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        found = int(conn.execute("PRAGMA user_version").fetchone()[0])
        if found > SCHEMA_VERSION:
            raise RuntimeError(f"jobs.db has schema version {found}, newer than this Slidepress ({SCHEMA_VERSION})")
        for version in range(found, SCHEMA_VERSION):
            log.info("migrating jobs.db from schema %d to %d", version, version + 1)
            for statement in MIGRATIONS[version]:
                conn.execute(statement)
        if found != SCHEMA_VERSION:
            # Only then: rewriting the same number is a write, which a full disk refuses, and reading
            # the jobs (`slidepress jobs`, the window) must work on a full disk.
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:  # SQLite ends the transaction itself on "database or disk is full"
            conn.execute("ROLLBACK")
        raise
    return found
