"""The sync feature's place in the main window: the Sync action (toolbar, File menu, F5), the
status-bar progress (files and bytes) with Cancel, the online/offline text, and the refresh of
tree, publication pane and viewer when a sync ends. Decisions stay in `sync`; this only shows."""

from __future__ import annotations

import logging
import time

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QStyle, QWidget

from lis_desktop.content.sync_report import Outcome, SyncProgress, SyncReport, SyncStatus
from lis_desktop.errors import LisError
from lis_desktop.ui.accessibility.announce import Throttle
from lis_desktop.ui.main_window import MainWindow
from lis_desktop.ui.sync.controller import SyncController

log = logging.getLogger(__name__)


class SyncProgressWidget(QWidget):
    """'Downloading 12 of 41 · 3.6 of 12.4 MB [=====    ] Cancel'; hidden when no sync runs."""

    cancel_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("syncProgress")
        self.label = QLabel(self)
        self.bar = QProgressBar(self)
        self.bar.setMaximumWidth(180)
        self.bar.setTextVisible(False)
        self.bar.setAccessibleName("Sync progress")
        self.cancel_button = QPushButton("Cancel", self)
        self.cancel_button.setToolTip("Stop the sync; what has been downloaded is kept")
        self.cancel_button.setAccessibleName("Cancel sync")
        self._said = Throttle(self)  # progress: said every few seconds, not at every file
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 6, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addWidget(self.cancel_button)
        self.cancel_button.clicked.connect(self._on_cancel_button_clicked)
        self.hide()

    def show_started(self) -> None:
        self.label.setText("Checking GOV.UK…")
        # Empty until the number of files is known. WORKAROUND: a busy (0, 0) bar's style
        # animation crashed in QCommonStylePrivate::removeAnimation (see export_dialog.py).
        self.bar.setRange(0, 1)
        self.bar.setValue(0)
        self.cancel_button.setEnabled(True)
        self.show()
        self._said.say("Sync started: checking GOV.UK")

    def show_progress(self, progress: SyncProgress) -> None:
        if not progress.files_total:
            return
        self.bar.setRange(0, progress.files_total)
        self.bar.setValue(progress.files_done)
        megabytes = (
            f" · {progress.bytes_done / 1e6:.1f} of {progress.bytes_total / 1e6:.1f} MB"
            if progress.bytes_total
            else ""
        )
        self.label.setText(f"{progress.files_done} of {progress.files_total} files{megabytes}")
        self._said.say(
            f"Sync: {progress.files_done} of {progress.files_total} files",
            final=progress.files_done == progress.files_total,
        )

    def _on_cancel_button_clicked(self) -> None:
        self.cancel_button.setEnabled(False)
        self.label.setText("Cancelling…")
        self._said.say("Cancelling the sync…", final=True)
        self.cancel_requested.emit()


class SyncUi(QObject):
    """Plugs sync into the window (built and wired by app.py)."""

    def __init__(self, window: MainWindow, controller: SyncController, *, offline: bool) -> None:
        super().__init__(window)
        self.window = window
        self.controller = controller
        self.action = QAction("&Sync with GOV.UK", window)
        self.action.setIconText("Sync")
        self.action.setObjectName("syncAction")
        self.action.setShortcut(QKeySequence.StandardKey.Refresh)
        self.action.setIcon(window.style().standardIcon(QStyle.StandardPixmap.SP_BrowserReload))
        self.action.setStatusTip("Download the story and any new or changed summaries")
        self.progress = SyncProgressWidget(window)
        window.statusBar().insertPermanentWidget(0, self.progress)
        window.file_menu.insertAction(window.quit_action, self.action)
        window.file_menu.insertSeparator(window.quit_action)
        window.toolbar.insertAction(window.import_action, self.action)
        if offline:
            self.action.setEnabled(False)
            self.action.setToolTip("Started with --offline: no network use")
        self.action.triggered.connect(self._on_action_triggered)
        window.download_requested.connect(self._on_window_download_requested)
        self.progress.cancel_requested.connect(controller.cancel)
        controller.sync_started.connect(self._on_controller_sync_started)
        controller.sync_progressed.connect(self.progress.show_progress)
        controller.sync_finished.connect(self._on_controller_sync_finished)
        controller.sync_failed.connect(self._on_controller_sync_failed)
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.Close:
            self.controller.cancel()  # the app is closing: stop downloading, keep what is done
        return False

    def _on_action_triggered(self) -> None:
        self.controller.start()

    def _on_window_download_requested(self, region_id: str) -> None:
        if not self.controller.start(only=[region_id]):
            self.window.statusBar().showMessage("A sync is already running.", 5000)

    def _on_controller_sync_started(self) -> None:
        self.action.setEnabled(False)
        self.progress.show_started()

    def _on_controller_sync_finished(self, report: SyncReport) -> None:
        self._end()
        window = self.window
        try:
            window.library.reload_publication()
        except LisError as exc:
            log.warning("Cannot reload the story: %s", exc)
        window.refresh_library()
        window.statusBar().showMessage(report.message, 15000)
        window.set_network_state(_network_text(report))
        self._reopen_current(report)

    def _on_controller_sync_failed(self, message: str) -> None:
        self._end()
        self.window.statusBar().showMessage(message, 15000)

    def _end(self) -> None:
        self.progress.hide()
        self.action.setEnabled(True)

    def _reopen_current(self, report: SyncReport) -> None:
        """Show the new copy of a summary that was on screen when the sync replaced it."""
        current = self.window.current_region_id()
        viewer = self.window.viewer
        if current is None or viewer.current_key() != current:
            return
        if any(r.region == current and r.outcome is Outcome.DOWNLOADED for r in report.results):
            path = self.window.library.pdf_path(current)
            if path is not None:
                title = self.window.library.region(current).title
                viewer.open_document(path, current, f"{title} summary")


def _network_text(report: SyncReport) -> str:
    if report.status is SyncStatus.OFFLINE:
        return "Offline: GOV.UK cannot be reached"
    when = time.strftime("%H:%M", time.localtime(report.finished_at))
    if report.status is SyncStatus.FAILED:
        return f"Online · sync failed at {when}"
    return f"Online · synced at {when}"
