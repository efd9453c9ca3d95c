"""What identifies a deck's content in a job: its hash, and the file's identity when it was hashed.

A job's key is the content hash plus its options and the PDF name wanted (``job_key``). The deck at
a job's path may be replaced before or while the job runs; the pool then keys the job by what it
converted. Hashing every deck again at every run would read each file twice, so the file's identity
(size, modification time, inode, change time) is noted with its hash: while it stays the same, so
does the content, and only a deck whose identity changed is hashed again.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from worker.jobs.model import JobOptions


def file_digest(path: Path) -> str:
    with open(path, "rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def source_identity(path: Path) -> str:
    """The file's identity now; raises OSError when it cannot be read. The change time moves with
    any write or rename over the file, even one that keeps the size and sets the modification time
    back (``cp -p``, unzipping an archive)."""
    st = os.stat(path)
    return f"{st.st_size}:{st.st_mtime_ns}:{st.st_ino}:{st.st_ctime_ns}"


def hashed(path: Path) -> tuple[str, str]:
    """(identity, digest) of the file at ``path``: the identity taken before reading, so a change
    while it is read shows as a different identity next time."""
    identity = source_identity(path)
    return identity, file_digest(path)


def job_key(digest: str, options: JobOptions, desired: Path) -> str:
    """Content hash + engine + options (+ where the PDF goes: two targets are two jobs)."""
    payload = json.dumps([digest, options.to_dict(), str(desired)], sort_keys=True)
    return hashlib.sha256(payload.encode()).hexdigest()
