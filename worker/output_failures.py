"""Which failures to write a PDF are worth retrying.

Retrying helps only a failure that can pass by itself: a full disk someone is cleaning, a network
folder or removable drive that comes back, a file that a virus scanner or indexer holds for a
moment. Everything else (a file where the folder should be, a read-only folder or drive, no
permission, a name the file system refuses) fails the same way until the user acts: the job fails
at once with its one line, and the user's Retry works once they have.
"""

from __future__ import annotations

import errno

from worker.errors import ConversionError, OutputError, OutputRefusedError

_PASSING_NAMES = (
    "ENOSPC",
    "EDQUOT",
    "EIO",
    "EAGAIN",
    "EBUSY",
    "EINTR",
    "ETIMEDOUT",
    "ESTALE",
    "ENOENT",  # the folder vanished under us (a drive unplugged, a share unmounted): made again next time
    "ENODEV",
    "ENXIO",
    "ENOMEDIUM",
    "ENOLINK",
    "EHOSTDOWN",
    "EHOSTUNREACH",
    "ENETDOWN",
    "ENETUNREACH",
    "ENETRESET",
    "ENOTCONN",
    "ECONNABORTED",
    "ECONNRESET",
    "ECONNREFUSED",
)
PASSING_ERRNOS = frozenset(getattr(errno, name) for name in _PASSING_NAMES if hasattr(errno, name))

# Windows says more in winerror than errno carries: a sharing or lock violation (a scanner holding
# the new file), a drive not ready, a network path or name gone, a semaphore timeout on a share.
PASSING_WINERRORS = frozenset({21, 32, 33, 51, 53, 54, 59, 64, 67, 121, 1231})


def passes_by_itself(exc: OSError) -> bool:
    """Whether the write that raised ``exc`` may work when simply tried again later."""
    winerror = getattr(exc, "winerror", None)
    if winerror is not None:
        return winerror in PASSING_WINERRORS
    return exc.errno in PASSING_ERRNOS


def output_error(message: str, exc: OSError | None) -> ConversionError:
    """The error for a PDF that could not be written, retried only when it may pass by itself.
    Without an OSError to tell (Qt refused to open the file, the file came out short) it is retried."""
    if exc is None or passes_by_itself(exc):
        return OutputError(message)
    return OutputRefusedError(message)
