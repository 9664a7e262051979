"""Summaries brought in by a sync become searchable while the sync is still running, against the
local GOV.UK server: the search says how much is indexed and lists the regions found so far."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from lis_desktop.ui.main_window import MainWindow
from lis_desktop.ui.search.mode import SearchMode
from lis_desktop.ui.sync.actions import SyncUi
from support.govuk_server import GovukServer
from support.gui import online_window

pytestmark = pytest.mark.e2e


@pytest.fixture
def window(
    qtbot: QtBot, tmp_path: Path, govuk_server: GovukServer
) -> Iterator[tuple[MainWindow, SyncUi, SearchMode]]:
    with online_window(qtbot, tmp_path, govuk_server.api_url, govuk_server.origin) as win:
        sync, search = win.findChild(SyncUi), win.findChild(SearchMode)
        assert isinstance(sync, SyncUi)
        assert isinstance(search, SearchMode)
        try:
            yield win, sync, search
        finally:
            govuk_server.stop()  # releases a download held by a fault


def test_summaries_are_searchable_while_a_sync_runs(
    qtbot: QtBot, window: tuple[MainWindow, SyncUi, SearchMode], govuk_server: GovukServer
) -> None:
    win, sync, search = window
    with qtbot.waitSignal(search.controller.indexing_changed, timeout=10_000):
        pass  # the start-up indexing pass (nothing offline yet) is over
    govuk_server.timeout_wait = 60  # Wales's download hangs: the sync stays open meanwhile
    govuk_server.fault("wales", "timeout")
    search.open()
    with qtbot.waitSignal(search.controller.hits_changed, timeout=10_000):
        qtbot.keyClicks(search.panel.field, '"local summary"')  # on every generated summary
    assert search.panel.status.text().startswith("No summaries are available offline yet")
    sync.controller.start()
    # No new query: the results fill in by themselves as the sync brings summaries in.
    qtbot.waitUntil(lambda: search.panel.model.rowCount() >= 10, timeout=30_000)
    assert sync.progress.isVisible()  # still downloading Wales
    ids = win.tree.visible_region_ids()
    assert "wales" not in ids
    assert len(ids) == search.panel.model.rowCount()
