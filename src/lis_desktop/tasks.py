"""The one way off the GUI thread: run a callable on a worker, get its result or error back
on the GUI thread. Tests swap in InlineRunner to run the same code synchronously."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, Protocol, TypeVar

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger(__name__)

T = TypeVar("T")


class Runner(Protocol):
    def run(
        self,
        fn: Callable[[], T],
        on_done: Callable[[T], None],
        on_error: Callable[[BaseException], None],
    ) -> None: ...


class _Relay(QObject):
    """Lives on the GUI thread; its signals carry the worker's outcome back there."""

    finished = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._fn = fn
        self._relay = relay

    def run(self) -> None:
        try:
            result = self._fn()
        except BaseException as exc:  # delivered to on_error on the GUI thread, never lost
            self._relay.failed.emit(exc)
        else:
            self._relay.finished.emit(result)


class TaskRunner(QObject):
    """Runs jobs on its own thread pool. `max_threads=1` gives a serial lane (e.g. rendering)."""

    def __init__(self, max_threads: int = 2, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max_threads)
        self._relays: set[_Relay] = set()

    def run(
        self,
        fn: Callable[[], T],
        on_done: Callable[[T], None],
        on_error: Callable[[BaseException], None],
    ) -> None:
        relay = _Relay(self)
        self._relays.add(relay)

        def finish(result: object) -> None:
            self._release(relay)
            on_done(result)  # type: ignore[arg-type]

        def fail(exc: object) -> None:
            self._release(relay)
            assert isinstance(exc, BaseException)
            on_error(exc)

        relay.finished.connect(finish)
        relay.failed.connect(fail)
        self._pool.start(_Job(fn, relay))

    def _release(self, relay: _Relay) -> None:
        self._relays.discard(relay)
        relay.deleteLater()

    def active(self) -> int:
        return len(self._relays)

    def wait(self, msecs: int = -1) -> bool:
        """Block until every job finished (used at shutdown and in tests)."""
        return bool(self._pool.waitForDone(msecs))


class InlineRunner:
    """Runs jobs immediately on the calling thread; for tests and headless use."""

    def run(
        self,
        fn: Callable[[], T],
        on_done: Callable[[T], None],
        on_error: Callable[[BaseException], None],
    ) -> None:
        try:
            result = fn()
        except BaseException as exc:
            on_error(exc)
        else:
            on_done(result)
