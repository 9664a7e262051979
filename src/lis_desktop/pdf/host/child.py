"""The PDF host process: serves the app's requests with `document.PdfSession`, one at a time.

Started by `pdf_host.PdfHost` as `python -m lis_desktop.pdf.host` (or, in the bundle, as the app's
own executable with `--pdf-host`). Requests arrive on stdin, replies leave on what was stdout;
anything else written to stdout (by Python or by MuPDF) goes to stderr, which the app logs.
It ends at the end of stdin (the app closed it, or the app is gone) or on a "quit" request.
"""

from __future__ import annotations

import argparse
import itertools
import logging
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import astuple
from pathlib import Path
from typing import IO, Any

from lis_desktop.errors import DocumentError, PasswordRequiredError
from lis_desktop.pdf.document import PdfSession
from lis_desktop.pdf.host.wire import (
    ChildBuffer,
    Message,
    decode,
    encode_links,
    encode_words,
    read_frame,
    write_frame,
)
from lis_desktop.pdf.local import LocalEngine
from lis_desktop.pdf.render_plan import FirstPageGuess

log = logging.getLogger(__name__)

ONE_WAY = ("close", "night")  # requests that get no reply (a failure is only logged)
MEMORY_CAP = 4 * 1024**3  # address space of the host: a memory bomb becomes an error


def serve(argv: Sequence[str]) -> int:
    """Run the host until its input ends; the process's exit status."""
    parser = argparse.ArgumentParser(prog="lis-desktop --pdf-host")
    parser.add_argument("--buffer-dir", type=Path, required=True)
    parser.add_argument("--memory-cap", type=int, default=MEMORY_CAP)
    parser.add_argument("--night", action="store_true", help="load the night colours now")
    args = parser.parse_args(list(argv))
    replies = _take_stdout()
    requests = os.fdopen(os.dup(0), "rb")
    logging.basicConfig(
        stream=sys.stderr, level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s"
    )
    limit_memory(args.memory_cap)
    import pymupdf  # noqa: F401 - loaded now, before the first request needs it

    if args.night:  # else on the first night page (pdf_local.NightSession): day pays nothing
        import lis_desktop.pdf.night.colours  # noqa: F401 - QtGui

    server = Server(ChildBuffer(args.buffer_dir))
    try:
        return server.run(requests, replies)
    finally:
        server.close()


def _take_stdout() -> IO[bytes]:
    """The reply channel: a private copy of fd 1; fd 1 itself (and sys.stdout) now go to stderr,
    so that nothing but replies ever reaches the app's pipe."""
    replies = os.fdopen(os.dup(1), "wb")
    sys.stdout.flush()
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    return replies


def limit_memory(cap: int) -> None:
    """POSIX: cap the address space, so that MuPDF's allocations fail (and raise) instead of
    the machine swapping. Windows would need a job object: not done."""
    try:
        import resource
    except ImportError:
        return
    try:
        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        limit = cap if hard == resource.RLIM_INFINITY else min(cap, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ValueError, OSError) as exc:  # e.g. macOS refuses some values
        log.warning("Cannot cap the PDF host's memory: %s", exc)


class Server:
    """The open documents of this host, by number, and the handlers of each request."""

    def __init__(self, buffer: ChildBuffer) -> None:
        self._buffer = buffer
        self._engine = LocalEngine()
        self._sessions: dict[int, PdfSession] = {}
        self._ids = itertools.count(1)
        self._handlers: dict[str, Callable[..., Message]] = {
            "open": self.open,
            "render": self.render,
            "words": self.words,
            "page_info": self.page_info,
            "all_words": self.all_words,
            "texts": self.texts,
            "close": self.close_session,
            "night": self.load_night,
        }

    def run(self, requests: IO[bytes], replies: IO[bytes]) -> int:
        while True:
            frame = read_frame(requests)
            if frame is None:
                return 0
            request = decode(frame)
            if request[0] == "quit":
                return 0
            reply = self.handle(request)
            if request[0] not in ONE_WAY:
                write_frame(replies, reply)
            elif reply[0] == "error":
                log.warning("%s failed: %s", request[0], reply[2])

    def handle(self, request: Message) -> Message:
        op, args = request[0], request[1:]
        try:
            return ("ok", *self._handlers[op](*args))
        except PasswordRequiredError as exc:
            return ("error", "password", str(exc), "", exc.wrong)
        except DocumentError as exc:
            return ("error", "document", str(exc), exc.reason, False)
        except Exception as exc:  # a bug or an unforeseen PyMuPDF failure: the app reports it
            log.exception("The PDF host failed to handle %r", op)
            return ("error", "unexpected", f"{exc.__class__.__name__}: {exc}", "", False)

    def open(self, path: str, password: str | None, guess: tuple[Any, ...] | None) -> Message:
        plan = FirstPageGuess(*guess) if guess is not None else None
        session, key, image = self._engine.open_and_render(
            Path(path), password, plan, self._buffer.put
        )
        number = next(self._ids)
        self._sessions[number] = session
        return number, session.page_sizes, astuple(key) if key else None, image

    def render(
        self,
        number: int,
        index: int,
        scale: float,
        rotation: int,
        night: bool,
        rows: tuple[int, int] | None,
    ) -> Message:
        session = self._sessions[number]
        return (session.render(index, scale, rotation, night, self._buffer.put, rows),)

    def words(self, number: int, index: int) -> Message:
        return (encode_words(self._sessions[number].words(index)),)

    def page_info(self, number: int, index: int) -> Message:
        info = self._sessions[number].page_info(index)
        return encode_words(info.words), encode_links(info.links)

    def all_words(self, number: int, pages: tuple[int, ...]) -> Message:
        found = self._sessions[number].all_words(pages)
        return (tuple((index, encode_words(words)) for index, words in found.items()),)

    def texts(self, number: int, pages: tuple[int, ...]) -> Message:
        return (tuple(self._sessions[number].page_texts(pages)),)

    @staticmethod
    def load_night() -> Message:
        """Load the night colours now (QtGui), ahead of the first night page."""
        import lis_desktop.pdf.night.colours  # noqa: F401

        return ()

    def close_session(self, number: int) -> Message:
        session = self._sessions.pop(number, None)
        if session is not None:
            session.close()
        return ()

    def close(self) -> None:
        for session in self._sessions.values():
            session.close()
        self._sessions.clear()
        self._buffer.close()
