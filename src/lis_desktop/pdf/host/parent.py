"""The viewer's PDF engine in a separate process (the "PDF host"), Qt-free.

PyMuPDF holds the GIL for the whole of each C call, so on a worker *thread* a single long call
(a page with 30,000 links, a huge page) still stalls the GUI thread, a crafted page can freeze
the app for minutes and a MuPDF crash kills it. Here every PyMuPDF call runs in a child process
(`pdf_host_child`); the calling thread only waits on a pipe, which leaves the GIL free.

- Every request has a deadline (`PdfHost.timeout`). Past it the child is killed and the request
  raises DocumentError with reason "timeout"; a child that dies during a request gives reason
  "crash". The next request starts a new child and re-opens its documents transparently (the
  password is remembered); so does a child found dead between requests.
- Requests are served one at a time (the viewer makes them from its single worker thread).
- `start()` spawns the child ahead of need (or wakes the one the app forked at launch, see
  `spawn.fork_host`); `stop()` ends it (no zombie, no buffer file left).
- `open_ahead()` sends the opening (and first render) of the document a launch shows before
  anyone asks, so that the child does it as soon as PyMuPDF is loaded; the same opening asked
  later takes that reply, and any other request first reads it and closes that document.

`python -m lis_desktop.pdf.host` runs the child side.
"""

from __future__ import annotations

import contextlib
import logging
import queue
import select
import subprocess
import threading
import weakref
from collections.abc import Callable, Iterator, Sequence
from dataclasses import astuple
from pathlib import Path
from typing import IO, Any, TypeVar

from lis_desktop import paths, trace
from lis_desktop.errors import DocumentError
from lis_desktop.pdf.document import PageInfo, RenderedPage, Word, kept
from lis_desktop.pdf.host.spawn import HOST_FLAG as HOST_FLAG
from lis_desktop.pdf.host.spawn import (
    MEMORY_CAP,
    ForkedHost,
    HostProcess,
    host_command,
    host_options,
    spawn_host,
)
from lis_desktop.pdf.host.wire import (
    Doing,
    Message,
    ParentBuffer,
    PolledReplies,
    ProtocolError,
    Replies,
    ThreadedReplies,
    decode,
    decode_links,
    decode_words,
    error_from,
    write_frame,
)
from lis_desktop.pdf.render_plan import FirstPageGuess, RenderKey

log = logging.getLogger(__name__)

T = TypeVar("T")
DEFAULT_TIMEOUT_S = 20.0
QUIT_WAIT_S = 2.0  # a child asked to quit gets this long before it is killed
STOP_WAIT_S = 0.2  # stop() lets a running request finish for this long, then kills it
PAGES_BATCH = 16  # pages per request when the words or texts of many pages are wanted


class _Child:
    """One host process, its replies, the thread logging its stderr, and its page buffer."""

    def __init__(self, proc: HostProcess, folder: Path, generation: int, night: bool) -> None:
        self.generation = generation
        self.proc = proc  # spawned (spawn.spawn_host) or forked (spawn.fork_host), in `folder`
        self.folder = folder
        assert self.proc.stdout is not None
        logger = threading.Thread(target=self._log_stderr, name="pdf-host-log", daemon=True)
        logger.start()
        self._threads = [logger]  # joined when the child is closed
        self.replies: Replies
        if hasattr(select, "poll"):  # POSIX: replies are read on the requesting thread
            self.replies = PolledReplies(self.proc.stdout.fileno())
        else:
            self.replies = threaded = ThreadedReplies(self.proc.stdout)
            self._threads.append(threaded.thread)
        self.buffer = ParentBuffer(folder, self.proc.pid)
        self.night = night  # it loads the night colours (given at start, or sent since)
        self.answered = False  # it has answered a request
        self.ahead: Message | None = None  # a request sent before anyone asked (open_ahead)
        self._closed = False

    def _log_stderr(self) -> None:
        stream = self.proc.stderr
        assert stream is not None
        try:
            for line in stream:
                log.warning("PDF host: %s", line.decode("utf-8", "replace").rstrip())
        except (OSError, ValueError):
            pass

    def wake(self, cap: int, night: bool) -> None:
        """A forked host still waiting starts serving now (loading PyMuPDF, and with `night`
        the night colours); any other is serving already."""
        proc = self.proc
        if isinstance(proc, ForkedHost) and proc.waiting:
            self.night = night
            try:
                proc.go(host_options(self.folder, cap, night))
            except (OSError, ValueError) as exc:  # gone: its first request says it crashed
                log.info("The PDF host forked at launch did not start: %s", exc)
                return
            trace.emit("pdf_host_started", pid=proc.pid, forked=True)

    def send(self, message: Message) -> None:
        stream = self.proc.stdin
        assert stream is not None
        write_frame(stream, message)

    def kill(self) -> None:
        with contextlib.suppress(OSError):  # already gone
            self.proc.kill()

    def close(self, graceful: bool) -> None:
        """End the process (asked to quit when `graceful`, else killed), reap it, clean up."""
        if self._closed:
            return
        self._closed = True
        if graceful and self.answered and self.proc.poll() is None:  # else nothing to finish
            try:
                self.send(("quit",))
                self._close_stream(self.proc.stdin)
                self.proc.wait(QUIT_WAIT_S)
            except (OSError, ValueError, subprocess.TimeoutExpired):
                pass
        self.kill()
        self.proc.wait()
        self._close_stream(self.proc.stdin)
        for thread in self._threads:
            thread.join(QUIT_WAIT_S)
        self._close_stream(self.proc.stdout)
        self._close_stream(self.proc.stderr)
        self.buffer.close()

    @staticmethod
    def _close_stream(stream: IO[bytes] | None) -> None:
        try:
            if stream is not None:
                stream.close()
        except OSError:
            pass


class _Current:
    """The host's running child; apart from the host, so that a finaliser can end it."""

    def __init__(self) -> None:
        self.child: _Child | None = None

    def close(self) -> None:
        child, self.child = self.child, None
        if child is not None:
            child.close(graceful=True)


class PdfHost:
    """The PdfEngine of the viewer: documents open in a child process (see the module doc)."""

    def __init__(
        self,
        timeout: float = DEFAULT_TIMEOUT_S,
        folder: Path | None = None,
        command: Sequence[str] | None = None,
        memory_cap: int = MEMORY_CAP,
        started: HostProcess | None = None,
    ) -> None:
        self.timeout = timeout
        self._folder = folder
        self._command = list(command) if command is not None else host_command()
        self._cap = memory_cap
        self._lock = threading.Lock()  # one request at a time; held for its whole round trip
        self._current = _Current()
        # A host dropped without stop() (a test's window, say) still ends its process.
        weakref.finalize(self, self._current.close)
        self._stopped = False
        self._generations = 0
        self._night = False  # children load the night colours (QtGui) at start
        self.served = 0  # requests answered (the self-test checks that pages came from here)
        if started is not None:  # spawned or forked already (by the entry): its first child
            self._generations = 1
            self._child = _Child(started, self._buffers(), 1, night=False)
            forked = isinstance(started, ForkedHost)
            if not isinstance(started, ForkedHost) or not started.waiting:  # else when woken
                trace.emit("pdf_host_started", pid=started.pid, forked=forked)

    @property
    def _child(self) -> _Child | None:
        return self._current.child

    @_child.setter
    def _child(self, child: _Child | None) -> None:
        self._current.child = child

    @property
    def pid(self) -> int | None:
        """The running child's process id (None before the first start or after stop)."""
        child = self._child
        return child.proc.pid if child is not None and child.proc.poll() is None else None

    def start(self, night: bool = False) -> None:
        """Spawn the child ahead of need (the spawn takes milliseconds; the child then loads
        PyMuPDF while the app goes on), or tell the one forked at launch to start; a child
        running already is kept. With `night` (the view
        is in night mode) the child also loads the night colours (QtGui, ~70 ms) now rather than
        on its first night page; so do the children that replace it. Nothing happens once
        `stop()` was called."""
        self._night = self._night or night
        with self._lock:
            if self._stopped:
                return
            child = self._ready()
            if self._night and not child.night:
                child.night = True
                try:
                    child.send(("night",))
                except (OSError, ValueError) as exc:  # gone: the next request starts another
                    log.info("The PDF host did not take the night colours: %s", exc)

    @property
    def busy(self) -> bool:
        """A request is on its way (sent, or about to be, and not answered yet)."""
        return self._lock.locked()

    def stop(self) -> None:
        """End the child for good: later requests fail at once and spawn nothing."""
        self._stopped = True
        if not self._lock.acquire(timeout=STOP_WAIT_S):
            child = self._child
            if child is not None:
                child.kill()  # a request is running: end it now, its caller gets an error
            self._lock.acquire()
        try:
            if self._child is not None:
                self._child.close(graceful=True)
                self._child = None
        finally:
            self._lock.release()

    def open_ahead(self, path: Path, guess: FirstPageGuess) -> None:
        """Send the opening of `path`, rendering `guess`'s page, now: for the document a launch
        shows first, before its window exists, so that the child renders that page as soon as
        it has loaded PyMuPDF. `open_and_render` of the same takes that reply instead of asking
        again; any other request first reads it (and closes the document it opened)."""
        with self._lock:
            if self._stopped:
                return
            child = self._ready()
            if child.ahead is not None:
                return
            message = opening_message(path, None, guess)
            try:
                child.send(message)
            except (OSError, ValueError) as exc:  # gone: the next request starts another
                log.info("The PDF host did not take %s ahead: %s", path.name, exc)
                return
            child.ahead = message

    def ahead_ready(self, path: Path, guess: FirstPageGuess, timeout: float) -> bool:
        """Whether the opening `open_ahead` sent for `path` and `guess` has its reply here
        (then `open_and_render` of the same returns at once), waiting `timeout` seconds at most.
        False at once when no such opening was sent, or while a request runs."""
        if not self._lock.acquire(blocking=False):
            return False
        try:
            child = self._child
            if child is None or child.ahead != opening_message(path, None, guess):
                return False
            return child.replies.waiting(timeout)
        finally:
            self._lock.release()

    def open(self, path: Path, password: str | None = None) -> HostDocument:
        return self.open_and_render(path, password, None, kept)[0]

    def open_and_render(
        self,
        path: Path,
        password: str | None,
        guess: FirstPageGuess | None,
        build: Callable[[RenderedPage], T],
    ) -> tuple[HostDocument, RenderKey | None, T | None]:
        with self._lock:
            child = self._ready()
            reply = self._exchange(
                child, opening_message(path, password, guess), Doing.opening(path.name)
            )
            number, sizes, key, image = reply
            document = HostDocument(self, path, password, number, child.generation, sizes)
            if key is None:
                return document, None, None
            built = child.buffer.build(image, build) if image is not None else None
            return document, RenderKey(*key), built

    def request(
        self,
        document: HostDocument,
        message: Message,
        doing: Doing,
        use: Callable[[Message, _Child], T],
    ) -> T:
        """Send `message` about `document` (re-opened first in a new child) and `use` the reply
        while no other request can run (the page buffer is the child's until the next one)."""
        with self._lock:
            child = self._ready()
            if document.generation != child.generation:
                reopened = (str(document.path), document.password, None)
                number, *_ = self._exchange(
                    child, ("open", *reopened), Doing.opening(document.path.name)
                )
                document.number, document.generation = number, child.generation
            return use(
                self._exchange(child, (message[0], document.number, *message[1:]), doing), child
            )

    def close_document(self, document: HostDocument) -> None:
        """Close `document` in its child (nothing to do when that child is gone). A one-way
        message: the next request (often the next document's opening) need not wait for it."""
        with self._lock:
            child = self._child
            if self._stopped or child is None or child.generation != document.generation:
                return
            try:
                child.send(("close", document.number))
            except (OSError, ValueError) as exc:  # the child is gone, and the document with it
                log.info("Closing %s in the PDF host: %s", document.path.name, exc)

    def _ready(self) -> _Child:
        if self._stopped:
            raise DocumentError("The PDF viewer was closed.", "closed")
        child = self._child
        if child is not None and child.proc.poll() is not None:
            log.warning("The PDF host ended (status %s); starting a new one", child.proc.returncode)
            child.close(graceful=False)
            child = self._child = None
        if child is None:
            folder = self._buffers()
            self._generations += 1
            proc = spawn_host(folder, self._cap, self._night, self._command)
            child = self._child = _Child(proc, folder, self._generations, self._night)
            trace.emit("pdf_host_started", pid=proc.pid, forked=False)
        child.wake(self._cap, self._night)
        return child

    def _buffers(self) -> Path:
        return self._folder or paths.runtime_dir()

    def _exchange(self, child: _Child, message: Message, doing: Doing) -> Message:
        ahead, child.ahead = child.ahead, None
        if ahead == message:
            return self._reply(child, message, doing)  # sent already, by open_ahead
        if ahead is not None:
            self._forget(child, ahead)
        with contextlib.suppress(OSError, ValueError):  # gone: _reply says it crashed
            child.send(message)
        return self._reply(child, message, doing)

    def _forget(self, child: _Child, ahead: Message) -> None:
        """Read the reply to an opening sent ahead that no one took, and close what it opened.
        A child that froze or crashed on it is discarded and the error raised (the caller's
        request cannot be answered by that child either)."""
        try:
            number, *_ = self._reply(child, ahead, Doing.opening(Path(str(ahead[1])).name))
        except DocumentError as exc:
            if self._child is not child:
                raise
            log.info("The opening sent ahead failed: %s", exc)  # nothing to close
            return
        with contextlib.suppress(OSError, ValueError):  # gone, and the document with it
            child.send(("close", number))

    def _reply(self, child: _Child, message: Message, doing: Doing) -> Message:
        """The child's reply to `message`, sent to it already."""
        try:
            frame = child.replies.get(timeout=self.timeout)
        except queue.Empty:
            log.warning("The PDF host took over %.1f s (%s): stopped", self.timeout, message[0])
            self._discard(child)
            raise doing.timeout() from None
        except (OSError, ValueError):
            frame = None
        try:
            if frame is None:
                raise ProtocolError(f"the host ended (status {child.proc.poll()})")
            reply = decode(frame)
        except ProtocolError as exc:
            level = logging.INFO if self._stopped else logging.WARNING  # stop() ended it
            log.log(level, "The PDF host failed during %r: %s", message[0], exc)
            self._discard(child)
            raise doing.crash() from None
        self.served += 1
        child.answered = True
        if reply[0] == "error":
            raise error_from(reply)
        return reply[1:]

    def _discard(self, child: _Child) -> None:
        child.close(graceful=False)
        if self._child is child:
            self._child = None


def opening_message(path: Path, password: str | None, guess: FirstPageGuess | None) -> Message:
    """The request opening `path` (and rendering `guess`'s page): `open_and_render` sends it,
    and `open_ahead` the same, so that the one takes the other's reply."""
    return ("open", str(path), password, astuple(guess) if guess is not None else None)


class HostDocument:
    """A document open in the PDF host: the calls of pdf_api.PdfDocument, as requests."""

    def __init__(
        self,
        host: PdfHost,
        path: Path,
        password: str | None,
        number: int,
        generation: int,
        sizes: tuple[tuple[float, float], ...],
    ) -> None:
        self._host = host
        self.path = path
        self.password = password
        self.number = number  # the document's number in its child
        self.generation = generation  # which child that is
        self.page_sizes = tuple((float(w), float(h)) for w, h in sizes)
        self._words: dict[int, tuple[Word, ...]] = {}

    @property
    def page_count(self) -> int:
        return len(self.page_sizes)

    def render(
        self,
        index: int,
        scale: float,
        rotation: int,
        night: bool,
        build: Callable[[RenderedPage], T] = kept,  # type: ignore[assignment]
        rows: tuple[int, int] | None = None,
    ) -> T:
        message = ("render", index, scale, rotation, night, rows)

        def use(reply: Message, child: _Child) -> T:
            return child.buffer.build(reply[0], build)

        return self._host.request(self, message, Doing.drawing(self.path.name, index), use)

    def words(self, index: int) -> tuple[Word, ...]:
        cached = self._words.get(index)
        if cached is None:
            doing = Doing.reading(self.path.name, index)
            encoded = self._host.request(self, ("words", index), doing, _first)
            cached = self._words[index] = decode_words(encoded)
        return cached

    def page_info(self, index: int) -> PageInfo:
        doing = Doing.reading(self.path.name, index)
        words, links = self._host.request(self, ("page_info", index), doing, _all)
        self._words[index] = decoded = decode_words(words)
        return PageInfo(decoded, decode_links(links))

    def all_words(self, pages: Sequence[int]) -> dict[int, tuple[Word, ...]]:
        missing = [index for index in pages if index not in self._words]
        for index, encoded in self._batched("all_words", missing):
            self._words[index] = decode_words(encoded)
        return {index: self._words[index] for index in pages}

    def page_texts(self, pages: Sequence[int] | None = None) -> list[str]:
        wanted = range(self.page_count) if pages is None else pages
        return [str(text) for text in self._batched("texts", wanted)]

    def _batched(self, op: str, pages: Sequence[int]) -> Iterator[Any]:
        """The items of the replies to `op` about `pages`, asked PAGES_BATCH pages a request:
        each request has its own deadline, however many pages there are."""
        for start in range(0, len(pages), PAGES_BATCH):
            batch = tuple(pages[start : start + PAGES_BATCH])
            doing = Doing.reading(self.path.name, batch[0])
            yield from self._host.request(self, (op, batch), doing, _first)

    def close(self) -> None:
        self._host.close_document(self)


def _first(reply: Message, _child: _Child) -> Any:
    return reply[0]


def _all(reply: Message, _child: _Child) -> Message:
    return reply
