"""The one way off the GUI thread: results and errors come back on the GUI thread, and Python's
cycle collector runs there too, never on a worker."""

from __future__ import annotations

import gc
import threading
from typing import ClassVar

from PySide6.QtCore import QCoreApplication, QObject
from pytestqt.qtbot import QtBot

from lis_desktop.tasks import GuiThreadGarbageCollector, ScopedRunner, TaskRunner


class _Cycle:
    finalised_on: ClassVar[list[str]] = []

    def __init__(self) -> None:
        self.me = self

    def __del__(self) -> None:
        _Cycle.finalised_on.append(threading.current_thread().name)


def test_results_and_errors_arrive_on_the_gui_thread(qtbot: QtBot) -> None:
    runner = TaskRunner(2)
    seen: list[tuple[str, object]] = []

    def fail() -> None:
        raise ValueError("bad input")

    runner.run(lambda: threading.current_thread().name, lambda r: seen.append(("done", r)), print)
    runner.run(fail, print, lambda e: seen.append(("error", threading.current_thread().name)))
    qtbot.waitUntil(lambda: len(seen) == 2)
    runner.wait()
    worker_name = next(r for kind, r in seen if kind == "done")
    assert worker_name != threading.main_thread().name  # the job ran on a worker
    assert ("error", threading.main_thread().name) in seen  # its error came back to the GUI


def test_cycles_are_collected_on_the_gui_thread_not_where_they_were_made(qtbot: QtBot) -> None:
    gc.enable()  # as in a fresh process: the collector is what turns automatic collection off
    collector = GuiThreadGarbageCollector(interval_ms=10)
    try:
        assert not gc.isenabled()
        _Cycle.finalised_on.clear()
        runner = TaskRunner(1)
        kept: list[list[list[int]]] = []

        def make_garbage() -> None:
            _Cycle()  # unreachable at once, but only a collection can free a cycle
            kept.append([[index] for index in range(5000)])  # past generation 0's threshold

        runner.run(make_garbage, lambda _: None, print)
        runner.wait()
        assert _Cycle.finalised_on == []  # the worker allocated plenty, yet did not collect
        qtbot.waitUntil(lambda: bool(_Cycle.finalised_on), timeout=5000)
        assert _Cycle.finalised_on == [threading.main_thread().name]
    finally:
        collector.deleteLater()
        qtbot.waitUntil(gc.isenabled)  # destroyed: automatic collection comes back
        gc.disable()  # as the test session keeps it (conftest)


def test_a_scoped_runner_drops_what_comes_back_after_its_owner_is_gone(qtbot: QtBot) -> None:
    """A view closed while its work is in flight on a shared lane gets nothing back (its widgets
    are gone), while work for an owner still alive arrives as usual."""
    lane = TaskRunner(1)
    gone, alive = QObject(), QObject()
    for_gone, for_alive = ScopedRunner(lane, gone), ScopedRunner(lane, alive)
    release = threading.Event()
    seen: list[str] = []
    for_gone.run(release.wait, lambda _: seen.append("gone: done"), lambda _: seen.append("x"))
    for_gone.run(_fail, lambda _: seen.append("y"), lambda _: seen.append("gone: error"))
    for_alive.run(lambda: "ok", lambda r: seen.append(f"alive: {r}"), print)
    gone.deleteLater()
    qtbot.waitUntil(lambda: not for_gone.alive)
    release.set()
    qtbot.waitUntil(lambda: seen == ["alive: ok"])
    lane.wait()
    QCoreApplication.processEvents()  # whatever else finished is delivered now
    assert seen == ["alive: ok"]


def _fail() -> None:
    raise ValueError("never seen")
