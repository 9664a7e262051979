"""The single-instance guard's socket: a later launch's request reaches the running window
whatever is left over or arrives oddly, and older and newer versions (QLocalServer and
QLocalSocket before) hand over to each other. On Linux and macOS it needs no QtNetwork."""

from __future__ import annotations

import os
import socket
import stat
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from lis_desktop.app import instance
from lis_desktop.app.instance import InstanceGuard, Request, socket_path

WAIT_MS = 10_000


@pytest.fixture
def name() -> Iterator[str]:
    value = f"lis-test-{uuid.uuid4().hex[:12]}"
    yield value
    path = socket_path(value)
    if path.exists() or path.is_symlink():
        path.unlink()


@pytest.fixture
def guard(name: str, tmp_path: Path) -> Iterator[InstanceGuard]:
    value = InstanceGuard(name, tmp_path / "locks")
    assert value.acquire()
    yield value
    value.release()


def hand_over_in_thread(guard: InstanceGuard, request: Request) -> list[bool]:
    """`hand_over` blocks (a launch has no event loop yet): run it beside the loop."""
    result: list[bool] = []
    thread = threading.Thread(target=lambda: result.append(guard.hand_over(request)))
    thread.start()
    return result


def send_raw(name: str, *pieces: bytes) -> None:
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as client:
        client.connect(str(socket_path(name)))
        for piece in pieces:
            client.sendall(piece)


def test_a_crashed_owners_socket_file_is_replaced_and_requests_arrive(
    qtbot: QtBot, guard: InstanceGuard, name: str, tmp_path: Path
) -> None:
    leftover = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    leftover.bind(str(socket_path(name)))
    leftover.close()  # the file stays, nobody listens: a crashed owner's
    assert guard.listen()
    later = InstanceGuard(name, tmp_path / "locks")
    assert not later.acquire()
    with qtbot.waitSignal(guard.request_received, timeout=WAIT_MS) as blocker:
        sent = hand_over_in_thread(later, Request(region="wales"))
    assert blocker.args == [Request(region="wales")]
    qtbot.waitUntil(lambda: sent == [True], timeout=WAIT_MS)


def test_the_socket_is_the_users_only_and_goes_at_release(guard: InstanceGuard, name: str) -> None:
    assert guard.listen()
    mode = os.stat(socket_path(name)).st_mode
    assert stat.S_ISSOCK(mode)
    assert mode & (stat.S_IRWXG | stat.S_IRWXO) == 0
    guard.release()
    assert not socket_path(name).exists()


def test_release_leaves_a_newer_owners_socket_alone(
    guard: InstanceGuard, name: str, tmp_path: Path
) -> None:
    assert guard.listen()
    socket_path(name).unlink()  # e.g. removed by a cleaner, and a new window listens there
    newer = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    newer.bind(str(socket_path(name)))
    try:
        guard.release()
        assert stat.S_ISSOCK(os.stat(socket_path(name)).st_mode)
    finally:
        newer.close()


def test_a_request_in_pieces_arrives_and_garbage_or_hang_ups_are_ignored(
    qtbot: QtBot, guard: InstanceGuard, name: str
) -> None:
    assert guard.listen()
    received: list[Request] = []
    guard.request_received.connect(received.append)
    send_raw(name, b'{"region": "hum')  # hangs up without a whole line: nothing
    send_raw(name, b"\xff\xfe not json\n")  # malformed: ignored (logged)
    send_raw(name, b"x" * (instance.MAX_REQUEST_BYTES + 10))  # not a launch of ours
    send_raw(name, b'{"region": "hum', b'ber", "view": "map"}\n', b"ignored after the line")
    qtbot.waitUntil(lambda: len(received) == 1, timeout=WAIT_MS)
    assert received == [Request(region="humber", view="map")]
    with qtbot.waitSignal(guard.request_received, timeout=WAIT_MS) as blocker:
        send_raw(name, Request(file="/tmp/a b.pdf").encode())  # still listening
    assert blocker.args == [Request(file="/tmp/a b.pdf")]


def test_a_launch_of_the_previous_version_reaches_this_window(
    qtbot: QtBot, guard: InstanceGuard, name: str
) -> None:
    from PySide6.QtNetwork import QLocalSocket  # how earlier versions handed over

    assert guard.listen()
    client = QLocalSocket()
    with qtbot.waitSignal(guard.request_received, timeout=WAIT_MS) as blocker:
        client.connectToServer(name)
        assert client.waitForConnected(WAIT_MS)
        client.write(Request(region="cumbria").encode())
        client.flush()
    assert blocker.args == [Request(region="cumbria")]
    client.abort()


def test_this_launch_reaches_a_window_of_the_previous_version(
    qtbot: QtBot, name: str, tmp_path: Path
) -> None:
    from PySide6.QtNetwork import QLocalServer  # how earlier versions listened

    server = QLocalServer()
    assert server.listen(name)
    assert Path(server.fullServerName()) == socket_path(name)
    later = InstanceGuard(name, tmp_path / "locks")
    received = bytearray()

    def on_new_connection() -> None:
        peer = server.nextPendingConnection()
        peer.readyRead.connect(lambda: received.extend(bytes(peer.readAll().data())))

    server.newConnection.connect(on_new_connection)
    sent = hand_over_in_thread(later, Request(region="wales"))
    qtbot.waitUntil(lambda: b"\n" in received, timeout=WAIT_MS)
    assert Request.decode(bytes(received).rstrip(b"\n")) == Request(region="wales")
    qtbot.waitUntil(lambda: sent == [True], timeout=WAIT_MS)
    server.close()


def test_where_there_are_no_unix_sockets_qtnetwork_carries_the_request(
    qtbot: QtBot, guard: InstanceGuard, name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(instance, "UNIX_SOCKETS", False)  # as on Windows
    assert guard.listen()
    later = InstanceGuard(name, tmp_path / "locks")
    with qtbot.waitSignal(guard.request_received, timeout=WAIT_MS) as blocker:
        sent = hand_over_in_thread(later, Request(region="humber"))
    assert blocker.args == [Request(region="humber")]
    qtbot.waitUntil(lambda: sent == [True], timeout=WAIT_MS)


def test_nobody_listening_is_reported_in_time(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(instance, "HAND_OVER_TIMEOUT_MS", 300)
    assert not InstanceGuard(name, tmp_path / "locks").hand_over(Request(region="wales"))
