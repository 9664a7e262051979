"""The one way off the GUI thread: results and errors come back on the GUI thread, and Python's
cycle collector runs there too, never on a worker."""

from __future__ import annotations

import gc
import threading
from typing import ClassVar

from pytestqt.qtbot import QtBot

from lis_desktop.tasks import GuiThreadGarbageCollector, TaskRunner


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
