"""The theme matrix fills in while a sync brings the summaries in, against the local GOV.UK
server: counts appear region by region, the one still downloading says "not offline", and
`lis-desktop --view matrix` opens on the matrix and traces `matrix_shown`."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from lis_desktop.search.matrix import RegionState
from lis_desktop.ui.main_window import MainWindow
from lis_desktop.ui.matrix.mode import MatrixMode
from lis_desktop.ui.search.mode import SearchMode
from lis_desktop.ui.sync.actions import SyncUi
from support.app_process import run_app, trace
from support.govuk_server import GovukServer
from support.gui import online_window

pytestmark = pytest.mark.e2e

Setup = tuple[MainWindow, SyncUi, MatrixMode]


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path, govuk_server: GovukServer) -> Iterator[Setup]:
    with online_window(qtbot, tmp_path, govuk_server.api_url, govuk_server.origin) as win:
        sync, search, matrix = (
            win.findChild(SyncUi),
            win.findChild(SearchMode),
            win.findChild(MatrixMode),
        )
        assert isinstance(sync, SyncUi)
        assert isinstance(search, SearchMode)
        assert isinstance(matrix, MatrixMode)
        with qtbot.waitSignal(search.controller.indexing_changed, timeout=10_000):
            pass  # the start-up indexing pass (nothing offline yet) is over
        try:
            yield win, sync, matrix
        finally:
            govuk_server.stop()  # releases a download held by a fault


def test_the_matrix_fills_in_while_a_sync_runs(
    qtbot: QtBot, window: Setup, govuk_server: GovukServer
) -> None:
    win, sync, matrix = window
    with qtbot.waitSignal(matrix.controller.matrix_changed, timeout=10_000):
        matrix.open()
    model = matrix.view.model
    assert model.index_of("humber", "ideas").data() == "not offline"
    govuk_server.timeout_wait = 60  # Wales's download hangs: the sync stays open meanwhile
    govuk_server.fault("wales", "timeout")
    sync.controller.start()

    def counted() -> int:
        table = matrix.controller.matrix
        return 0 if table is None else len(table.counted())

    # No action of the user's: the counts come in by themselves as the sync brings summaries.
    qtbot.waitUntil(lambda: counted() >= 10, timeout=30_000)
    assert sync.progress.isVisible()  # still downloading Wales
    table = matrix.controller.matrix
    assert table is not None
    assert table.state("wales") is RegionState.NOT_OFFLINE
    assert win.center.currentWidget() is matrix.view  # it stayed on screen throughout
    first = table.counted()[0]
    assert model.index_of(first, "people").data().isdigit()  # a number, the server's words
    assert "summaries shown" in matrix.view.status.text()


def test_the_app_opens_on_the_matrix_and_traces_it() -> None:
    result = run_app("--view", "matrix", exit_after="matrix_shown")
    assert result.returncode == 0, result.stderr
    events = trace(result.stderr)
    shown = [e for e in events if e["event"] == "matrix_shown"]
    assert len(shown) == 1
    assert (shown[0]["rows"], shown[0]["columns"]) == (41, 9)
    assert shown[0]["ms"] >= next(e["ms"] for e in events if e["event"] == "window_shown")


def test_an_unknown_view_is_one_line() -> None:
    result = run_app("--view", "nowhere", exit_after="window_shown")
    assert result.returncode != 0
    assert "invalid choice: 'nowhere'" in result.stderr
    assert "Traceback" not in result.stderr
