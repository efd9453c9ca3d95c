"""Waking the pool the moment a job is queued, so it need not poll queue.db often.

The pool listens on a UDP port on 127.0.0.1 (written to pool.json); the job API sends it one
datagram after enqueueing. A lost datagram only costs the pool's slow fallback poll.
"""

from __future__ import annotations

import json
import logging
import socket
import threading
from pathlib import Path

log = logging.getLogger(__name__)


class WakeListener:
    def __init__(self, event: threading.Event) -> None:
        self.event = event
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))
        self.port = int(self.sock.getsockname()[1])
        self._thread = threading.Thread(target=self._run, name="wake-listener", daemon=True)
        self._closed = False

    def start(self) -> None:
        self._thread.start()

    def _run(self) -> None:
        while not self._closed:
            try:
                self.sock.recv(64)
            except OSError:
                return
            self.event.set()

    def close(self) -> None:
        self._closed = True
        self.sock.close()


def read_pool_info(info_path: Path) -> dict[str, object]:
    try:
        data = json.loads(info_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def wake_pool(info_path: Path) -> bool:
    """Nudge the pool of this data dir; False when no pool has announced a port."""
    port = read_pool_info(info_path).get("wake_port")
    if not isinstance(port, int):
        return False
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
            sock.sendto(b"wake", ("127.0.0.1", port))
    except OSError as exc:
        log.debug("cannot wake the pool: %s", exc)
        return False
    return True
