"""Sync in the window, against the local GOV.UK server: the toolbar action, the progress bar with
Cancel, tree rows changing state, the viewer showing a downloaded summary, the Download button,
new update-history entries marked, and the offline status."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from lis_desktop.app import entry
from lis_desktop.app import root as app
from lis_desktop.content.sync_report import SyncProgress, SyncReport, SyncStatus
from lis_desktop.ui.main_window import MainWindow
from lis_desktop.ui.sync.actions import SyncProgressWidget, SyncUi
from support.accessibility import Events, name_of
from support.govuk_server import GovukServer
from support.gui import online_window

TIMEOUT = 60_000


@pytest.fixture
def synced_window(
    qtbot: QtBot, tmp_path: Path, govuk_server: GovukServer
) -> Iterator[tuple[MainWindow, SyncUi]]:
    with online_window(qtbot, tmp_path, govuk_server.api_url, govuk_server.origin) as window:
        ui = window.findChild(SyncUi)
        assert isinstance(ui, SyncUi)
        yield window, ui


def row_state(window: MainWindow, region: str) -> str:
    return str(window.tree.model._items[region].data(Qt.ItemDataRole.AccessibleDescriptionRole))


def test_sync_from_the_toolbar_downloads_and_shows(
    qtbot: QtBot, synced_window: tuple[MainWindow, SyncUi], govuk_server: GovukServer
) -> None:
    window, ui = synced_window
    govuk_server.latency = 0.02
    govuk_server.fault("wales", "404")
    govuk_server.history.insert(
        0, {"public_timestamp": "2019-03-01T09:00:00Z", "note": "Summaries corrected."}
    )
    window.select_region("black-country")
    assert row_state(window, "black-country") == "missing"
    assert window.offline_label.text() == "0 of 41 summaries available offline"
    values: list[int] = []
    ui.progress.bar.valueChanged.connect(values.append)
    button = window.toolbar.widgetForAction(ui.action)
    assert button is not None
    assert ui.action.shortcut() == QKeySequence(QKeySequence.StandardKey.Refresh)

    with qtbot.waitSignals(
        [ui.controller.sync_finished, window.viewer.page_rendered],
        timeout=TIMEOUT,
        check_params_cbs=[None, lambda key, *_: key == "black-country"],
    ):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        assert ui.progress.isVisible()
        assert not ui.action.isEnabled()

    assert [v for v in values if 0 < v < 40], values  # the bar moved through the files
    assert max(values) == 41
    assert not ui.progress.isVisible()
    assert ui.action.isEnabled()
    assert row_state(window, "black-country") == "available"
    assert row_state(window, "wales") == "failed"
    assert "404 Not Found" in window.tree.model._items["wales"].toolTip()
    assert window.offline_label.text() == "40 of 41 summaries available offline"
    assert window.network_label.text().startswith("Online · synced at")
    assert window.viewer.current_key() == "black-country"
    html = window.publication.to_html()
    assert "Summaries corrected. <b class='new'>New</b>" in html
    assert "First published.</p>" in html  # not new


def test_cancel_keeps_what_was_downloaded(
    qtbot: QtBot, synced_window: tuple[MainWindow, SyncUi], govuk_server: GovukServer
) -> None:
    window, ui = synced_window
    govuk_server.latency = 0.1

    def cancel_after_first_file(progress: object) -> None:
        if ui.progress.bar.value() >= 2 and ui.progress.cancel_button.isEnabled():
            qtbot.mouseClick(ui.progress.cancel_button, Qt.MouseButton.LeftButton)

    ui.controller.sync_progressed.connect(cancel_after_first_file)
    with qtbot.waitSignal(ui.controller.sync_finished, timeout=TIMEOUT) as blocker:
        ui.action.trigger()
    report = blocker.args[0]
    assert isinstance(report, SyncReport)
    assert report.status is SyncStatus.CANCELLED
    assert window.statusBar().currentMessage().startswith("Sync cancelled;")
    available = int(window.offline_label.text().split()[0])
    assert 2 <= available < 41
    assert not list((window.library.cache.pdf_dir).glob("*.part"))


def test_download_button_in_the_empty_viewer(
    qtbot: QtBot, synced_window: tuple[MainWindow, SyncUi]
) -> None:
    window, _ui = synced_window
    window.select_region("wales")
    download = next(
        b
        for b in window.viewer.findChildren(QPushButton)
        if b.text().replace("&", "") == "Download" and b.isVisible()
    )
    with qtbot.waitSignal(
        window.viewer.page_rendered,
        timeout=TIMEOUT,
        check_params_cb=lambda key, *_: key == "wales",
    ):
        qtbot.mouseClick(download, Qt.MouseButton.LeftButton)
    assert row_state(window, "wales") == "available"
    assert window.offline_label.text() == "1 of 41 summaries available offline"


def test_offline_is_said_once_and_nothing_changes(
    qtbot: QtBot, synced_window: tuple[MainWindow, SyncUi], govuk_server: GovukServer
) -> None:
    window, ui = synced_window
    govuk_server.stop()
    with qtbot.waitSignal(ui.controller.sync_finished, timeout=TIMEOUT):
        ui.action.trigger()
    assert window.network_label.text() == "Offline: GOV.UK cannot be reached"
    assert window.statusBar().currentMessage().startswith("Offline: Cannot reach 127.0.0.1")
    assert row_state(window, "black-country") == "missing"
    assert ui.action.isEnabled()


def test_offline_mode_disables_sync(qtbot: QtBot, tmp_path: Path) -> None:
    services = app.Services.create(tmp_path / "cache", offline=True)
    store = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = app.build_window(services, store)
    qtbot.addWidget(window)
    action = next(a for a in window.findChildren(QAction) if a.objectName() == "syncAction")
    assert not action.isEnabled()
    assert "--offline" in action.toolTip()
    services.shutdown()


def test_bad_allow_origin_for_the_app_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert entry.main(["--allow-origin", "ftp://x"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "'ftp://x' is not an origin" in err


def test_sync_progress_is_announced_at_a_bearable_pace(
    qtbot: QtBot, accessibility_events: Events
) -> None:
    widget = SyncProgressWidget()
    qtbot.addWidget(widget)
    widget.show_started()
    for done in range(0, 42):
        widget.show_progress(SyncProgress("", done, 41, done * 300_000, 41 * 300_000))
    assert name_of(widget.cancel_button) == "Cancel sync"
    assert accessibility_events.announcements() == [
        "Sync started: checking GOV.UK",
        "Sync: 0 of 41 files",
        "Sync: 41 of 41 files",
    ]
