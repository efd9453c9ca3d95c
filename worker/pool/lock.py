"""One pool per data dir: an exclusive lock on pool.lock, held for the pool's lifetime.

The OS releases the lock when the process dies, however it dies, so a stale lock never blocks.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import IO


class PoolLock:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._file: IO[bytes] | None = None

    def acquire(self) -> bool:
        """Take the lock without waiting; False when another process holds it."""
        handle = open(self.path, "a+b")  # noqa: SIM115 - held open for the pool's lifetime
        try:
            _lock(handle)
        except OSError:
            handle.close()
            return False
        self._file = handle
        return True

    def release(self) -> None:
        if self._file is not None:
            try:
                _unlock(self._file)
            finally:
                self._file.close()
                self._file = None

    @property
    def held(self) -> bool:
        return self._file is not None


def pool_alive(path: Path) -> bool:
    """Whether some process holds the pool lock at ``path`` right now."""
    probe = PoolLock(path)
    if probe.acquire():
        probe.release()
        return False
    return True


if sys.platform == "win32":
    import msvcrt

    def _lock(handle: IO[bytes]) -> None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)

    def _unlock(handle: IO[bytes]) -> None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock(handle: IO[bytes]) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(handle: IO[bytes]) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
