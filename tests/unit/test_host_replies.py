"""How the app reads the PDF host's replies: on POSIX polled on the requesting thread, elsewhere
(Windows pipes cannot be polled) collected by a thread. Both wait for a reply within a deadline,
tell one that is there without taking it (the opening a launch sent ahead), and see the end."""

from __future__ import annotations

import os
import queue
import sys
import threading
import time
from collections.abc import Callable, Iterator

import pytest

from lis_desktop.pdf.host.wire import PolledReplies, Replies, ThreadedReplies, write_frame

Pipe = tuple[Replies, Callable[[bytes], None], Callable[[], None]]


@pytest.fixture(params=["polled", "threaded"])
def pipe(request: pytest.FixtureRequest) -> Iterator[Pipe]:
    """Replies reading a pipe, a way to send a frame down it, and a way to close it."""
    if request.param == "polled" and sys.platform == "win32":
        pytest.skip("Windows pipes cannot be polled")
    read, write = os.pipe()
    writer = os.fdopen(write, "wb")
    reader = os.fdopen(read, "rb")
    replies: Replies = PolledReplies(read) if request.param == "polled" else ThreadedReplies(reader)

    def send(payload: bytes) -> None:
        write_frame(writer, ("ok", payload))

    yield replies, send, writer.close
    if not writer.closed:
        writer.close()
    if isinstance(replies, ThreadedReplies):
        replies.thread.join(5)
    reader.close()


def test_a_reply_there_is_told_without_being_taken(pipe: Pipe) -> None:
    replies, send, _close = pipe
    assert not replies.waiting(0.05)  # nothing yet: False once the time is up
    send(b"page")
    assert replies.waiting(5)
    assert replies.waiting(0)  # still there: telling did not take it
    frame = replies.get(5)
    assert frame is not None
    assert b"page" in frame


def test_a_reply_sent_later_wakes_the_waiter_at_once(pipe: Pipe) -> None:
    replies, send, _close = pipe
    threading.Timer(0.1, send, args=(b"late",)).start()
    started = time.monotonic()
    assert replies.waiting(10)
    assert time.monotonic() - started < 5  # woken by the reply, not by the deadline
    frame = replies.get(5)
    assert frame is not None
    assert b"late" in frame


def test_no_reply_within_the_deadline_and_the_end(pipe: Pipe) -> None:
    replies, _send, close = pipe
    with pytest.raises(queue.Empty):
        replies.get(0.05)
    close()  # the child exited
    assert replies.waiting(5)  # the end is something to read
    assert replies.get(5) is None
