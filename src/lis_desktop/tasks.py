"""The one way off the GUI thread: run a callable on a worker, get its result or error back
on the GUI thread. Tests swap in InlineRunner to run the same code synchronously."""

from __future__ import annotations

import gc
import itertools
import logging
from collections.abc import Callable
from typing import Any, Protocol, TypeVar

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal

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
    """Lives on the GUI thread; its signal carries each worker's outcome back there."""

    delivered = Signal(int, bool, object)  # job id, succeeded, result or exception


class _Job(QRunnable):
    def __init__(self, job_id: int, fn: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._id = job_id
        self._fn: Callable[[], Any] | None = fn
        self._relay = relay

    def run(self) -> None:
        fn, self._fn = self._fn, None
        assert fn is not None
        outcome: tuple[bool, object]
        try:
            outcome = (True, fn())
        except BaseException as exc:  # delivered to on_error on the GUI thread, never lost
            outcome = (False, exc)
        # Let go of the job before reporting: the runner still holds it, so whatever it keeps
        # alive (widgets, controllers) is released on the GUI thread, never on this worker.
        del fn
        self._relay.delivered.emit(self._id, *outcome)


class TaskRunner(QObject):
    """Runs jobs on its own thread pool. `max_threads=1` gives a serial lane (e.g. rendering).

    One long-lived relay carries every outcome back; no per-job QObject is created on a worker
    or deleted later, and a job's callable is only ever released on the GUI thread.
    """

    def __init__(self, max_threads: int = 2, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max_threads)
        self._relay = _Relay(self)
        self._relay.delivered.connect(self._on_relay_delivered)
        self._ids = itertools.count(1)
        self._pending: dict[
            int, tuple[Callable[[], Any], Callable[[Any], None], Callable[[BaseException], None]]
        ] = {}

    def run(
        self,
        fn: Callable[[], T],
        on_done: Callable[[T], None],
        on_error: Callable[[BaseException], None],
    ) -> None:
        job_id = next(self._ids)
        self._pending[job_id] = (fn, on_done, on_error)
        self._pool.start(_Job(job_id, fn, self._relay))

    def _on_relay_delivered(self, job_id: int, succeeded: bool, value: object) -> None:
        _fn, on_done, on_error = self._pending.pop(job_id)
        if succeeded:
            on_done(value)
        else:
            assert isinstance(value, BaseException)
            on_error(value)

    def active(self) -> int:
        return len(self._pending)

    def wait(self, msecs: int = -1) -> bool:
        """Block until every job finished (used at shutdown and in tests)."""
        return bool(self._pool.waitForDone(msecs))


class ScopedRunner:
    """Runs jobs on another runner, for `owner`: once `owner` is destroyed (a view closed while
    its work is in flight on a lane it shares with others), their results and errors are
    dropped instead of reaching a widget that is gone."""

    def __init__(self, runner: Runner, owner: QObject) -> None:
        self._runner = runner
        self._alive = [True]  # not on the owner: read after the owner is gone
        alive = self._alive
        owner.destroyed.connect(lambda *_: alive.__setitem__(0, False))

    @property
    def alive(self) -> bool:
        return self._alive[0]

    def run(
        self,
        fn: Callable[[], T],
        on_done: Callable[[T], None],
        on_error: Callable[[BaseException], None],
    ) -> None:
        alive = self._alive

        def done(result: T) -> None:
            if alive[0]:
                on_done(result)

        def failed(exc: BaseException) -> None:
            if alive[0]:
                on_error(exc)

        self._runner.run(fn, done, failed)


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


class GuiThreadGarbageCollector(QObject):
    """Runs Python's cycle collector on the GUI thread only.

    WORKAROUND: automatic collection runs in whichever thread happens to allocate, so a worker
    (render, sync, indexing) could destroy Qt objects that belong to the GUI thread while the
    GUI thread uses them, and Qt crashes (seen as segfaults in the event loop while an indexing
    job ran). The usual remedy for Python Qt apps, as in pyqtgraph's GarbageCollector:
    https://github.com/pyqtgraph/pyqtgraph/blob/master/pyqtgraph/util/garbage_collector.py
    """

    def __init__(self, parent: QObject | None = None, interval_ms: int = 1000) -> None:
        super().__init__(parent)
        self._thresholds = gc.get_threshold()
        gc.disable()
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._on_timer_timeout)
        self._timer.start()
        self.destroyed.connect(gc.enable)

    def _on_timer_timeout(self) -> None:
        counts = gc.get_count()
        # Collect the oldest generation whose count passed its threshold, as gc itself would.
        for generation in (2, 1, 0):
            if counts[generation] > self._thresholds[generation]:
                gc.collect(generation)
                break
