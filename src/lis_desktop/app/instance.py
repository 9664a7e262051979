"""Single-instance guard: the first app for a user and cache folder listens on a local socket;
a second launch hands its request (a PDF, a region) to it and exits.

A QLockFile decides who is first, so two launches at the same moment cannot both listen or
remove each other's socket; the socket only carries one JSON line per request.

Where there are Unix sockets (Linux, macOS) the socket is Python's, watched by a
QSocketNotifier, at the very path QLocalServer would use (so older and newer versions hand over
to each other); QtNetwork (~2 MB resident) is loaded only on Windows (named pipes).
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import socket
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QDir, QLockFile, QObject, QSocketNotifier, Signal

from lis_desktop import paths

if TYPE_CHECKING:  # QtNetwork is imported when first needed (Windows only)
    from PySide6.QtNetwork import QLocalServer, QLocalSocket

log = logging.getLogger(__name__)

CONNECT_TIMEOUT_MS = 1000
HAND_OVER_TIMEOUT_MS = 10_000  # a first instance still starting on a slow, busy machine
RETRY_INTERVAL_S = 0.1
UNIX_SOCKETS = hasattr(socket, "AF_UNIX")
MAX_REQUEST_BYTES = 64 * 1024  # a request is one short JSON line: more is not a launch of ours


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


def socket_path(name: str) -> Path:
    """Where the socket named `name` lives: QLocalServer's place for it (the temp folder)."""
    return Path(QDir.tempPath()) / name


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
        self._listener: _UnixListener | None = None
        self._server: QLocalServer | None = None  # on Windows
        self._sockets: dict[QLocalSocket, bytearray] = {}  # accepted, children of the server

    def acquire(self) -> bool:
        """True: no other instance runs for this name; we hold the lock until `release()`."""
        return bool(self._lock.tryLock(0))

    def listen(self) -> bool:
        """Accept requests from later launches (call after `acquire()` returned True)."""
        if not UNIX_SOCKETS:
            return self._listen_qt()
        try:
            self._listener = _UnixListener(socket_path(self.name), self._deliver, self)
        except OSError as exc:
            log.warning("Single-instance socket unavailable: %s", exc)
            return False
        return True

    def hand_over(self, request: Request) -> bool:
        """Send `request` to the running instance; False when it cannot be reached in time.

        The running one may still be starting (it listens once its window is up), so a
        refused connection is retried until HAND_OVER_TIMEOUT_MS have passed."""
        deadline = time.monotonic() + HAND_OVER_TIMEOUT_MS / 1000
        send = _send_unix if UNIX_SOCKETS else _send_qt
        while True:
            sent = send(self.name, request.encode())
            if sent is not None:
                return sent
            if time.monotonic() >= deadline:
                log.warning("The running LIS Desktop did not answer on %s", self.name)
                return False
            time.sleep(RETRY_INTERVAL_S)  # no event loop yet: nothing else to do meanwhile

    def release(self) -> None:
        if self._listener is not None:
            self._listener.close()
            self._listener = None
        for qt_socket in list(self._sockets):
            qt_socket.abort()
        self._sockets.clear()
        if self._server is not None:
            self._server.close()
            self._server = None
        if self._lock.isLocked():
            self._lock.unlock()

    def _deliver(self, line: bytes) -> None:
        request = Request.decode(line)
        if request is None:
            log.warning("Ignored a malformed request on the single-instance socket")
            return
        log.info("Request from another launch: %s", request)
        self.request_received.emit(request)

    # -- QLocalServer, where there are no Unix sockets ------------------------------------------
    def _listen_qt(self) -> bool:
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

    def _on_server_new_connection(self) -> None:
        assert self._server is not None
        while (qt_socket := self._server.nextPendingConnection()) is not None:
            self._sockets[qt_socket] = bytearray()
            qt_socket.readyRead.connect(self._on_socket_ready_read)
            qt_socket.disconnected.connect(self._on_socket_disconnected)
            if qt_socket.bytesAvailable():
                self._read(qt_socket)

    def _sender_socket(self) -> QLocalSocket | None:
        sender = self.sender()
        return next((s for s in self._sockets if s is sender), None)

    def _on_socket_ready_read(self) -> None:
        qt_socket = self._sender_socket()
        if qt_socket is not None:
            self._read(qt_socket)

    def _on_socket_disconnected(self) -> None:
        qt_socket = self._sender_socket()
        if qt_socket is not None:
            del self._sockets[qt_socket]

    def _read(self, qt_socket: QLocalSocket) -> None:
        buffer = self._sockets.get(qt_socket)
        if buffer is None:
            return
        buffer.extend(bytes(qt_socket.readAll().data()))
        if b"\n" in buffer:
            line = bytes(buffer).split(b"\n", 1)[0]
            buffer.clear()
            self._deliver(line)
            qt_socket.disconnectFromServer()


class _UnixListener(QObject):
    """A listening Unix socket at `path`, readable only by this user, watched from the event
    loop; each connection's first line goes to `deliver`, then the connection is closed. A
    leftover socket file (its owner crashed) is replaced; on `close()` the file is removed if it
    is still ours."""

    def __init__(self, path: Path, deliver: Callable[[bytes], None], parent: QObject) -> None:
        super().__init__(parent)
        self._path = path
        self._deliver = deliver
        self._connections: dict[int, tuple[socket.socket, QSocketNotifier, bytearray]] = {}
        self._server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            self._inode = self._bind(self._server, path)
            self._server.listen(16)
            self._server.setblocking(False)
        except OSError:
            self._server.close()
            raise
        self._notifier = QSocketNotifier(self._server.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._on_server_readable)

    @staticmethod
    def _bind(server: socket.socket, path: Path) -> int:
        """Bind under a private name, make it the user's only (as QLocalServer's
        UserAccessOption does), then move it into place: no moment where others may connect."""
        staging = path.with_name(f".{path.name}.{os.getpid()}.part")
        with contextlib.suppress(FileNotFoundError):
            staging.unlink()
        server.bind(str(staging))
        try:
            os.chmod(staging, 0o700)
            os.replace(staging, path)  # over a crashed owner's leftover socket, if any
        except OSError:
            with contextlib.suppress(OSError):
                staging.unlink()
            raise
        return os.stat(path).st_ino

    def close(self) -> None:
        for fd in list(self._connections):
            self._drop(fd)
        self._notifier.setEnabled(False)
        self._server.close()
        with contextlib.suppress(OSError):
            if os.stat(self._path).st_ino == self._inode:  # not a newer owner's socket
                self._path.unlink()

    def _on_server_readable(self, *_args: object) -> None:
        while True:
            try:
                connection, _address = self._server.accept()
            except (BlockingIOError, InterruptedError):
                return
            except OSError as exc:
                log.warning("Single-instance socket: %s", exc)
                return
            connection.setblocking(False)
            fd = connection.fileno()
            notifier = QSocketNotifier(fd, QSocketNotifier.Type.Read, self)
            self._connections[fd] = (connection, notifier, bytearray())
            notifier.activated.connect(lambda *_args, fd=fd: self._on_connection_readable(fd))
            self._on_connection_readable(fd)  # what arrived with the connection

    def _on_connection_readable(self, fd: int) -> None:
        entry = self._connections.get(fd)
        if entry is None:
            return
        connection, _notifier, buffer = entry
        while True:
            try:
                data = connection.recv(4096)
            except (BlockingIOError, InterruptedError):
                return
            except OSError:
                self._drop(fd)
                return
            if not data:  # the launch hung up without a whole line
                self._drop(fd)
                return
            buffer.extend(data)
            if b"\n" in buffer:
                self._drop(fd)
                self._deliver(bytes(buffer).split(b"\n", 1)[0])
                return
            if len(buffer) > MAX_REQUEST_BYTES:
                log.warning("Ignored an oversized request on the single-instance socket")
                self._drop(fd)
                return

    def _drop(self, fd: int) -> None:
        connection, notifier, _buffer = self._connections.pop(fd)
        notifier.setEnabled(False)
        notifier.deleteLater()
        connection.close()


def _send_unix(name: str, data: bytes) -> bool | None:
    """Send `data` to the socket named `name`: True once sent, False when sending failed, None
    when nobody listens (yet)."""
    client = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    client.settimeout(CONNECT_TIMEOUT_MS / 1000)
    try:
        try:
            client.connect(str(socket_path(name)))
        except (FileNotFoundError, ConnectionRefusedError, TimeoutError):
            return None
        except OSError as exc:
            log.warning("Cannot reach the running LIS Desktop: %s", exc)
            return None
        try:
            client.sendall(data)
        except OSError as exc:
            log.warning("Cannot hand the request over: %s", exc)
            return False
        return True
    finally:
        client.close()


def _send_qt(name: str, data: bytes) -> bool | None:
    """As `_send_unix`, with QLocalSocket (Windows' named pipes)."""
    from PySide6.QtNetwork import QLocalSocket

    qt_socket = QLocalSocket()
    qt_socket.connectToServer(name)
    if not qt_socket.waitForConnected(CONNECT_TIMEOUT_MS):
        return None
    qt_socket.write(data)
    ok = qt_socket.waitForBytesWritten(CONNECT_TIMEOUT_MS)
    qt_socket.disconnectFromServer()
    if qt_socket.state() != QLocalSocket.LocalSocketState.UnconnectedState:
        qt_socket.waitForDisconnected(CONNECT_TIMEOUT_MS)
    return bool(ok)
