"""What travels between the app and its PDF host process, and how.

Messages are plain data (tuples of str, int, float, bytes, bool, None and dicts of them) in
frames on the child's stdin/stdout: a 4-byte little-endian length, then the `marshal` encoding.
No pickled objects cross: an exception crosses as ("error", kind, message, reason, wrong).

Page images do not go through the pipe: the child copies the pixmap samples into a file-backed
memory map (in the per-user runtime folder, a tmpfs on Linux) and the parent maps the same file.
For a 1000 px wide page (4.2 MB) that costs about a third of a pipe transfer (measured: 0.3 ms
against 1.1 ms). The child makes a new, larger file when a page does not fit; the parent removes
each file as soon as it has mapped it (POSIX), or once it lets go of it (Windows).

Words cross as columns (an array of floats, an array of ints, a tuple of texts) and are rebuilt
in slices, so that decoding 60,000 words never holds the GIL for more than a fraction of a
millisecond at a time (one `marshal.loads` of 60,000 word tuples holds it for ~35 ms).

The parent hands `build` the samples on the shared map, valid during the call: the viewer copies
them into memory it made ready while idle (`viewer_render.PageImages`, `page_memory`).
"""

from __future__ import annotations

import logging
import marshal
import math
import mmap
import os
import queue
import select
import struct
import threading
import time
from array import array
from collections import deque
from collections.abc import Callable
from dataclasses import astuple, fields
from pathlib import Path
from typing import IO, Any, Protocol, TypeVar

from lis_desktop.errors import DocumentError, PasswordRequiredError
from lis_desktop.pdf.document import LinkInfo, RenderedPage, Word

log = logging.getLogger(__name__)

T = TypeVar("T")
HEADER = struct.Struct("<I")
MAX_FRAME = 256 * 1024 * 1024  # larger frames mean a confused child: it is stopped
FIRST_BUFFER = 8 * 1024 * 1024
BUFFER_PREFIX = "pdf-host-"
WORD_SLICE = 1000  # words rebuilt per step when decoding

Message = tuple[Any, ...]
EncodedWords = tuple[bytes, bytes, tuple[str, ...]]
# A page image in the shared buffer: RenderedPage's fields but the samples, their size in bytes,
# the buffer file and its size.
PageImage = tuple[dict[str, Any], int, str, int]


class ProtocolError(Exception):
    """The other side sent something that is not a message of this protocol."""


def write_frame(stream: IO[bytes], message: Message) -> None:
    payload = marshal.dumps(message)
    stream.write(HEADER.pack(len(payload)))
    stream.write(payload)
    stream.flush()


def read_frame(stream: IO[bytes]) -> bytes | None:
    """The next frame's payload; None at the end of the stream."""
    header = _read_exactly(stream, HEADER.size)
    if header is None:
        return None
    (size,) = HEADER.unpack(header)
    if size > MAX_FRAME:
        raise ProtocolError(f"a frame of {size} bytes")
    payload = _read_exactly(stream, size)
    if payload is None:
        raise ProtocolError("the stream ended inside a frame")
    return payload


class Replies(Protocol):
    def get(self, timeout: float) -> bytes | None:
        """The next frame's payload; None at the end of the stream; queue.Empty when none
        arrives within `timeout` seconds."""
        ...

    def waiting(self, timeout: float) -> bool:
        """Whether a reply (or the stream's end) is there to be read, waiting `timeout`
        seconds at most for it; nothing is read."""
        ...


class PolledReplies:
    """POSIX: frames read on the caller's own thread, waiting with poll() (no thread hop)."""

    def __init__(self, fd: int) -> None:
        self._fd = fd
        self._poll = select.poll()
        self._poll.register(fd, select.POLLIN | select.POLLHUP | select.POLLERR)
        self._buffer = bytearray()

    def get(self, timeout: float) -> bytes | None:
        deadline = time.monotonic() + timeout
        header = self._take(HEADER.size, deadline)
        if header is None:
            return None
        (size,) = HEADER.unpack(header)
        if size > MAX_FRAME:
            raise ProtocolError(f"a frame of {size} bytes")
        payload = self._take(size, deadline)
        if payload is None:
            raise ProtocolError("the stream ended inside a frame")
        return payload

    def waiting(self, timeout: float) -> bool:
        return bool(self._buffer) or bool(self._poll.poll(math.ceil(max(0.0, timeout) * 1000)))

    def _take(self, size: int, deadline: float) -> bytes | None:
        while len(self._buffer) < size:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not self._poll.poll(math.ceil(remaining * 1000)):
                raise queue.Empty
            chunk = os.read(self._fd, max(size - len(self._buffer), 65536))
            if not chunk:
                return None
            self._buffer += chunk
        data = bytes(self._buffer[:size])
        del self._buffer[:size]
        return data


class ThreadedReplies:
    """Elsewhere (Windows pipes cannot be polled): a reader thread collects the frames."""

    def __init__(self, stream: IO[bytes]) -> None:
        self._frames: deque[bytes | None] = deque()  # None: the end
        self._arrived = threading.Condition()
        self._stream = stream
        self.thread = threading.Thread(target=self._read, name="pdf-host-replies", daemon=True)
        self.thread.start()

    def get(self, timeout: float) -> bytes | None:
        with self._arrived:
            if not self._arrived.wait_for(lambda: self._frames, timeout):
                raise queue.Empty
            return self._frames.popleft()

    def waiting(self, timeout: float) -> bool:
        with self._arrived:
            return bool(self._arrived.wait_for(lambda: self._frames, timeout))

    def _read(self) -> None:
        try:
            while (frame := read_frame(self._stream)) is not None:
                self._arrive(frame)
        except (OSError, ValueError, ProtocolError) as exc:
            log.warning("The PDF host's replies cannot be read: %s", exc)
        self._arrive(None)  # the end: the child exited, crashed or was killed

    def _arrive(self, frame: bytes | None) -> None:
        with self._arrived:
            self._frames.append(frame)
            self._arrived.notify_all()


def decode(payload: bytes) -> Message:
    try:
        message = marshal.loads(payload)
    except (EOFError, ValueError, TypeError) as exc:
        raise ProtocolError(f"an undecodable frame ({exc})") from exc
    if not isinstance(message, tuple) or not message or not isinstance(message[0], str):
        raise ProtocolError("a frame that is not a message")
    return message


def _read_exactly(stream: IO[bytes], size: int) -> bytes | None:
    chunks: list[bytes] = []
    wanted = size
    while wanted:
        chunk = stream.read(wanted)
        if not chunk:
            return None
        chunks.append(chunk)
        wanted -= len(chunk)
    return b"".join(chunks)


# --- errors -----------------------------------------------------------------------------------


class Doing:
    """What a request does, for its error messages: "took too long to …", "could not be …"."""

    def __init__(self, too_long: str, failed: str) -> None:
        self.too_long, self.failed = too_long, failed

    @classmethod
    def opening(cls, name: str) -> Doing:
        return cls(f"'{name}' took too long to open", f"'{name}' could not be opened")

    @classmethod
    def drawing(cls, name: str, index: int) -> Doing:
        page = f"Page {index + 1} of '{name}'"
        return cls(f"{page} took too long to draw", f"{page} could not be drawn")

    @classmethod
    def reading(cls, name: str, index: int) -> Doing:
        text = f"The text of page {index + 1} of '{name}'"
        return cls(f"{text} took too long to read", f"{text} could not be read")

    def timeout(self) -> DocumentError:
        return DocumentError(f"{self.too_long} and was stopped.", "timeout")

    def crash(self) -> DocumentError:
        return DocumentError(f"{self.failed}: the PDF engine stopped unexpectedly.", "crash")


def error_from(reply: Message) -> Exception:
    """The exception an ("error", kind, message, reason, wrong) reply stands for."""
    _, kind, message, reason, wrong = reply
    if kind == "password":
        return PasswordRequiredError(message, wrong=bool(wrong))
    if kind == "document":
        return DocumentError(message, reason)
    return RuntimeError(f"The PDF host failed: {message}")


# --- words and links --------------------------------------------------------------------------


def encode_words(words: tuple[Word, ...]) -> EncodedWords:
    numbers, ints = array("d"), array("i")
    for word in words:
        numbers.extend(word[:4])
        ints.extend(word[5:8])
    return numbers.tobytes(), ints.tobytes(), tuple(str(word[4]) for word in words)


def decode_words(encoded: EncodedWords) -> tuple[Word, ...]:
    raw_numbers, raw_ints, texts = encoded
    numbers, ints = array("d"), array("i")
    numbers.frombytes(raw_numbers)
    ints.frombytes(raw_ints)
    if len(numbers) != 4 * len(texts) or len(ints) != 3 * len(texts):
        raise ProtocolError("words whose columns differ in length")
    words: list[Word] = []
    for start in range(0, len(texts), WORD_SLICE):  # a short C call per slice: the GIL is free
        stop = min(start + WORD_SLICE, len(texts))
        n, i = numbers[4 * start : 4 * stop], ints[3 * start : 3 * stop]
        words.extend(
            zip(n[0::4], n[1::4], n[2::4], n[3::4], texts[start:stop], *_thirds(i), strict=True)
        )
    return tuple(words)


def _thirds(values: array[int]) -> tuple[array[int], array[int], array[int]]:
    return values[0::3], values[1::3], values[2::3]


def encode_links(links: tuple[LinkInfo, ...]) -> tuple[tuple[Any, ...], ...]:
    return tuple(astuple(link) for link in links)


def decode_links(encoded: tuple[tuple[Any, ...], ...]) -> tuple[LinkInfo, ...]:
    return tuple(LinkInfo(tuple(rect), uri, page, y) for rect, uri, page, y in encoded)


# --- page images ------------------------------------------------------------------------------


def image_fields(page: RenderedPage) -> dict[str, Any]:
    """Every field of `page` but its samples, whatever fields RenderedPage has."""
    return {f.name: getattr(page, f.name) for f in fields(page) if f.name != "samples"}


class ChildBuffer:
    """The child's side of the shared page buffer: it writes page samples into a mapped file."""

    def __init__(self, folder: Path) -> None:
        self._folder = folder
        self._map: mmap.mmap | None = None
        self._path = ""
        self._count = 0

    def put(self, page: RenderedPage) -> PageImage:
        """Copy the samples into the buffer (a `build` for PdfSession.render)."""
        samples = memoryview(page.samples).cast("B")
        size = samples.nbytes
        if self._map is None or len(self._map) < size:
            self._grow(size)
        assert self._map is not None
        self._map[:size] = samples
        return image_fields(page), size, self._path, len(self._map)

    def _grow(self, needed: int) -> None:
        current = len(self._map) if self._map is not None else 0
        size = max(FIRST_BUFFER, needed, 2 * current)
        self.close()  # the parent removes the old file once it has moved to the new one
        self._count += 1
        path = self._folder / f"{BUFFER_PREFIX}{os.getpid()}-{self._count}.buf"
        with open(path, "w+b") as file:
            file.truncate(size)
            self._map = mmap.mmap(file.fileno(), size)
        self._path = str(path)

    def close(self) -> None:
        if self._map is not None:
            self._map.close()
            self._map = None


class ParentBuffer:
    """The parent's side: maps the file the child names and hands its samples to `build`."""

    def __init__(self, folder: Path, child_pid: int) -> None:
        self._folder = folder
        self._prefix = f"{BUFFER_PREFIX}{child_pid}-"
        self._map: mmap.mmap | None = None
        self._path = ""
        self._leftovers: list[str] = []

    def build(self, image: PageImage, build: Callable[[RenderedPage], T]) -> T:
        """`build` on the page the child put in the buffer; its samples are valid only during
        the call (a memoryview on the shared map)."""
        values, size, path, buffer_size = image
        if path != self._path:
            self._switch(path, buffer_size)
        assert self._map is not None
        if size > len(self._map):
            raise ProtocolError(f"a page of {size} bytes in a buffer of {len(self._map)}")
        whole = memoryview(self._map)
        samples = whole[:size]
        try:
            return build(RenderedPage(samples=samples, **values))
        finally:
            samples.release()
            whole.release()

    def _switch(self, path: str, size: int) -> None:
        where = Path(path)
        if where.parent != self._folder or not where.name.startswith(self._prefix):
            raise ProtocolError(f"a page buffer outside the host's folder: {path}")
        self._unmap()
        with open(where, "rb") as file:
            self._map = mmap.mmap(file.fileno(), size, access=mmap.ACCESS_READ)
        self._path = path
        try:
            where.unlink()  # POSIX: both mappings stay valid and nothing is left behind
        except OSError:
            self._leftovers.append(path)  # Windows: a mapped file cannot be removed yet

    def _unmap(self) -> None:
        if self._map is not None:
            try:
                self._map.close()
            except BufferError:  # a `build` kept a view of the samples: leave it to the GC
                log.warning("A page buffer is still in use; it is released later")
            self._map = None
        for path in self._leftovers[:]:
            try:
                Path(path).unlink(missing_ok=True)
                self._leftovers.remove(path)
            except OSError:
                pass

    def close(self) -> None:
        """Unmap, and remove every buffer file of this child (also one it made and never named,
        when it was stopped in the middle of a request)."""
        self._unmap()
        for path in self._folder.glob(f"{self._prefix}*.buf"):
            try:
                path.unlink(missing_ok=True)
            except OSError as exc:
                log.warning("Cannot remove the page buffer %s: %s", path, exc)
