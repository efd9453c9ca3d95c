"""One window per user and data dir: a second launch hands its paths over and exits.

The server name includes the user and a hash of the data dir, so two users (or two test
queues under different SLIDEPRESS_HOME) never talk to each other's window.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import logging
import os
from pathlib import Path

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtNetwork import QLocalServer, QLocalSocket

log = logging.getLogger(__name__)

CONNECT_TIMEOUT_MS = 1000


# sockaddr_un holds 104 bytes on macOS, 108 on Linux (NUL included).
_MAX_SOCKET_PATH = 100


def server_name(data_root: Path) -> str:
    """The window's local socket: a path inside the user's private data dir where it fits.

    A bare name would land in the shared temp dir, where another user could take it first. Windows
    pipes are named, not placed; there the name is per user and UserAccessOption restricts access.
    """
    inside = data_root / "window.sock"
    if os.name == "posix" and len(os.fsencode(inside)) <= _MAX_SOCKET_PATH:
        return str(inside)
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = "user"
    digest = hashlib.sha256(f"{user}\0{data_root}".encode()).hexdigest()[:16]
    if os.name == "posix" and runtime and Path(runtime).is_dir():
        candidate = Path(runtime) / f"slidepress-{digest}.sock"
        if len(os.fsencode(candidate)) <= _MAX_SOCKET_PATH:
            return str(candidate)
    return f"slidepress-{digest}"


def send_to_running(name: str, paths: list[str], timeout_ms: int = CONNECT_TIMEOUT_MS) -> bool:
    """Give ``paths`` to the window already listening on ``name``; False when there is none."""
    socket = QLocalSocket()
    socket.connectToServer(name)
    if not socket.waitForConnected(timeout_ms):
        return False
    payload = json.dumps({"paths": [str(Path(p).expanduser().absolute()) for p in paths]}).encode()
    socket.write(payload + b"\n")
    socket.flush()
    ok = socket.waitForBytesWritten(timeout_ms) or socket.bytesToWrite() == 0
    # Wait for the window's acknowledgement so the paths are not lost if we exit at once.
    ok = socket.waitForReadyRead(timeout_ms * 5) and ok
    socket.disconnectFromServer()
    return ok


class InstanceServer(QObject):
    """Listens for later launches; emits the paths each one passes."""

    received = Signal(list)

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self.server.newConnection.connect(self._on_connection)
        self._buffers: dict[QLocalSocket, bytes] = {}

    def listen(self) -> bool:
        if self.server.listen(self.name):
            return True
        # A socket file left by a crashed window blocks listen(); nobody answers on it.
        QLocalServer.removeServer(self.name)
        return self.server.listen(self.name)

    def close(self) -> None:
        self.server.close()

    @Slot()
    def _on_connection(self) -> None:
        while self.server.hasPendingConnections():
            socket = self.server.nextPendingConnection()
            self._buffers[socket] = b""
            socket.readyRead.connect(lambda s=socket: self._on_ready(s))
            socket.disconnected.connect(lambda s=socket: self._forget(s))

    def _on_ready(self, socket: QLocalSocket) -> None:
        data = self._buffers.get(socket, b"") + bytes(socket.readAll().data())
        self._buffers[socket] = data
        if not data.endswith(b"\n"):
            return
        try:
            message = json.loads(data.decode("utf-8"))
            paths = [str(p) for p in message.get("paths", [])]
        except (ValueError, AttributeError):
            log.warning("ignoring a malformed message from another launch")
            paths = []
        socket.write(b"ok\n")
        socket.flush()
        self._buffers[socket] = b""
        self.received.emit(paths)

    def _forget(self, socket: QLocalSocket) -> None:
        self._buffers.pop(socket, None)
        socket.deleteLater()
