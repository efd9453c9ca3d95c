"""Waking the pool the moment a job is queued, so it need not poll queue.db often.

Nothing listens on a network port: on POSIX the pool binds a Unix datagram socket in the data dir
(0700; the socket itself 0600), so only the user can wake it; its path is written to pool.json.
Where Unix sockets are missing (Windows) the job API rewrites a wake file in the data dir and the
pool watches that file. A lost wake-up only costs the pool's slow fallback poll.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import socket
import stat
import tempfile
import threading
from pathlib import Path

from worker.paths import write_private

log = logging.getLogger(__name__)

SOCKET_NAME = "wake.sock"
WAKE_FILE = "wake"
# sockaddr_un holds 108 bytes on Linux, 104 on macOS (NUL included).
MAX_SOCKET_PATH = 100
FILE_POLL_SECONDS = 0.05


def socket_path(root: Path) -> Path | None:
    """Where the wake socket goes: the data dir, or (when its path is too long for a socket) a
    private folder of this user under the temp dir. None when neither is safe to use."""
    inside = root / SOCKET_NAME
    if len(os.fsencode(inside)) <= MAX_SOCKET_PATH:
        return inside
    getuid = getattr(os, "getuid", None)
    if getuid is None:
        return None
    folder = Path(tempfile.gettempdir()) / f"slidepress-{getuid()}"
    with contextlib.suppress(FileExistsError):
        folder.mkdir(mode=0o700)
    try:
        st = folder.lstat()
    except OSError:
        return None
    # Someone else's folder (or a link planted in the shared temp dir) is never used.
    if not stat.S_ISDIR(st.st_mode) or st.st_uid != getuid() or st.st_mode & 0o077:
        log.warning("%s is not a private folder of this user: no wake socket", folder)
        return None
    name = hashlib.sha256(os.fsencode(root)).hexdigest()[:20] + ".sock"
    candidate = folder / name
    return candidate if len(os.fsencode(candidate)) <= MAX_SOCKET_PATH else None


class WakeListener:
    """Sets ``event`` whenever a wake-up arrives; ``info`` says where to send one (for pool.json)."""

    def __init__(self, event: threading.Event, root: Path) -> None:
        self.event = event
        self.root = root
        self.info: dict[str, str] = {}
        self._sock: socket.socket | None = None
        self._closed = threading.Event()
        path = socket_path(root) if hasattr(socket, "AF_UNIX") else None
        if path is not None:
            self._sock = self._bind(path)
        if self._sock is not None:
            self.info = {"wake_socket": str(path)}
            self._thread = threading.Thread(target=self._serve_socket, name="wake-listener", daemon=True)
        else:
            self.info = {"wake_file": str(root / WAKE_FILE)}
            self._thread = threading.Thread(target=self._watch_file, name="wake-watcher", daemon=True)

    @staticmethod
    def _bind(path: Path) -> socket.socket | None:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        # Only one pool per data dir exists (the pool lock), so a socket file left here is stale.
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
        old = os.umask(0o177)  # the socket file is created 0600: no window in which others may send
        try:
            sock.bind(str(path))
        except OSError as exc:
            log.warning("cannot bind the wake socket %s: %s", path, exc)
            sock.close()
            return None
        finally:
            os.umask(old)
        sock.settimeout(0.5)
        return sock

    def start(self) -> None:
        self._thread.start()

    def _serve_socket(self) -> None:
        assert self._sock is not None
        while not self._closed.is_set():
            try:
                self._sock.recv(64)
            except TimeoutError:
                continue
            except OSError:
                return
            self.event.set()

    def _watch_file(self) -> None:
        wake = self.root / WAKE_FILE
        last = _stamp(wake)
        while not self._closed.wait(FILE_POLL_SECONDS):
            now = _stamp(wake)
            if now != last:
                last = now
                self.event.set()

    def close(self) -> None:
        self._closed.set()
        if self._sock is not None:
            path = self.info.get("wake_socket")
            self._sock.close()
            if path:
                with contextlib.suppress(OSError):
                    Path(path).unlink()


def _stamp(path: Path) -> tuple[int, int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_ino, st.st_size, st.st_mtime_ns


def read_pool_info(info_path: Path) -> dict[str, object]:
    try:
        data = json.loads(info_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def announced(info: dict[str, object]) -> bool:
    """Whether pool.json names a way to wake the pool."""
    return isinstance(info.get("wake_socket"), str) or isinstance(info.get("wake_file"), str)


def wake_pool(info_path: Path) -> bool:
    """Nudge the pool of this data dir; False when no pool has announced how."""
    info = read_pool_info(info_path)
    address = info.get("wake_socket")
    if isinstance(address, str) and hasattr(socket, "AF_UNIX"):
        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sock:
                sock.setblocking(False)  # a full socket buffer means a wake-up is pending anyway
                sock.sendto(b"wake", address)
        except OSError as exc:
            log.debug("cannot wake the pool: %s", exc)
            return False
        return True
    wake_file = info.get("wake_file")
    if isinstance(wake_file, str):
        try:
            write_private(Path(wake_file), os.urandom(8))
        except OSError as exc:
            log.debug("cannot wake the pool: %s", exc)
            return False
        return True
    return False
