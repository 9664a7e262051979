"""Single-instance guard: the first app for a user and cache folder listens on a local socket;
a second launch hands its request (a PDF, a region) to it and exits.

A QLockFile decides who is first, so two launches at the same moment cannot both listen or
remove each other's socket; the socket only carries one JSON line per request.
"""

from __future__ import annotations

import json
import logging
import time
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QLockFile, QObject, Signal

from lis_desktop import paths

if TYPE_CHECKING:  # QtNetwork is imported when first needed, after the window is up
    from PySide6.QtNetwork import QLocalServer, QLocalSocket

log = logging.getLogger(__name__)

CONNECT_TIMEOUT_MS = 1000
HAND_OVER_TIMEOUT_MS = 10_000  # a first instance still starting on a slow, busy machine
RETRY_INTERVAL_S = 0.1


@dataclass(frozen=True)
class Request:
    """What a launch asks the running window to do (absolute file path, region id, a region
    to compare it with, a view to show such as "matrix" or "map")."""

    file: str | None = None
    region: str | None = None
    compare: str | None = None
    view: str | None = None

    def encode(self) -> bytes:
        fields = {"file": self.file, "region": self.region}
        fields |= {"compare": self.compare, "view": self.view}
        return (json.dumps(fields) + "\n").encode()

    @classmethod
    def decode(cls, data: bytes) -> Request | None:
        try:
            value = json.loads(data.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            return None
        if not isinstance(value, dict):
            return None
        file, region, view = value.get("file"), value.get("region"), value.get("view")
        compare = value.get("compare")
        return cls(
            file=file if isinstance(file, str) else None,
            region=region if isinstance(region, str) else None,
            compare=compare if isinstance(compare, str) else None,
            view=view if isinstance(view, str) else None,
        )


def server_name(cache_dir: Path) -> str:
    """One instance per user and cache folder (tests and portable setups use their own)."""
    digest = zlib.crc32(str(cache_dir.expanduser().resolve()).encode("utf-8"))
    return f"{paths.runtime_key()}-{digest:08x}"


class InstanceGuard(QObject):
    """`acquire()` tells whether this process is the first one; the first then calls `listen()`
    (once its window is up), a later one `hand_over()`s its request and exits."""

    request_received = Signal(object)  # a Request

    def __init__(self, name: str, lock_dir: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name
        lock_dir.mkdir(parents=True, exist_ok=True)
        self._lock = QLockFile(str(lock_dir / f"{name}.lock"))
        self._lock.setStaleLockTime(0)  # only a dead owner's lock is stale
        self._server: QLocalServer | None = None
        self._sockets: dict[QLocalSocket, bytearray] = {}  # accepted, children of the server

    def acquire(self) -> bool:
        """True: no other instance runs for this name; we hold the lock until `release()`."""
        return bool(self._lock.tryLock(0))

    def listen(self) -> bool:
        """Accept requests from later launches (call after `acquire()` returned True)."""
        from PySide6.QtNetwork import QLocalServer

        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        QLocalServer.removeServer(self.name)  # a crashed owner's leftover socket
        if not server.listen(self.name):
            log.warning("Single-instance socket unavailable: %s", server.errorString())
            return False
        server.newConnection.connect(self._on_server_new_connection)
        self._server = server
        return True

    def hand_over(self, request: Request) -> bool:
        """Send `request` to the running instance; False when it cannot be reached in time.

        The running one may still be starting (it listens once its window is up), so a
        refused connection is retried until HAND_OVER_TIMEOUT_MS have passed."""
        from PySide6.QtNetwork import QLocalSocket

        deadline = time.monotonic() + HAND_OVER_TIMEOUT_MS / 1000
        while True:
            socket = QLocalSocket()
            socket.connectToServer(self.name)
            if socket.waitForConnected(CONNECT_TIMEOUT_MS):
                socket.write(request.encode())
                ok = socket.waitForBytesWritten(CONNECT_TIMEOUT_MS)
                socket.disconnectFromServer()
                if socket.state() != QLocalSocket.LocalSocketState.UnconnectedState:
                    socket.waitForDisconnected(CONNECT_TIMEOUT_MS)
                return ok
            if time.monotonic() >= deadline:
                log.warning("The running LIS Desktop did not answer on %s", self.name)
                return False
            time.sleep(RETRY_INTERVAL_S)  # no event loop yet: nothing else to do meanwhile

    def release(self) -> None:
        for socket in list(self._sockets):
            socket.abort()
        self._sockets.clear()
        if self._server is not None:
            self._server.close()
            self._server = None
        if self._lock.isLocked():
            self._lock.unlock()

    def _on_server_new_connection(self) -> None:
        assert self._server is not None
        while (socket := self._server.nextPendingConnection()) is not None:
            self._sockets[socket] = bytearray()
            socket.readyRead.connect(self._on_socket_ready_read)
            socket.disconnected.connect(self._on_socket_disconnected)
            if socket.bytesAvailable():
                self._read(socket)

    def _sender_socket(self) -> QLocalSocket | None:
        sender = self.sender()
        return next((s for s in self._sockets if s is sender), None)

    def _on_socket_ready_read(self) -> None:
        socket = self._sender_socket()
        if socket is not None:
            self._read(socket)

    def _on_socket_disconnected(self) -> None:
        socket = self._sender_socket()
        if socket is not None:
            del self._sockets[socket]

    def _read(self, socket: QLocalSocket) -> None:
        buffer = self._sockets.get(socket)
        if buffer is None:
            return
        buffer.extend(bytes(socket.readAll().data()))
        if b"\n" in buffer:
            line = bytes(buffer).split(b"\n", 1)[0]
            buffer.clear()
            self._deliver(line)
            socket.disconnectFromServer()

    def _deliver(self, line: bytes) -> None:
        request = Request.decode(line)
        if request is None:
            log.warning("Ignored a malformed request on the single-instance socket")
            return
        log.info("Request from another launch: %s", request)
        self.request_received.emit(request)
