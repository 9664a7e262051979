"""Which copy of a summary the window uses when it has two: the one the user imported and the
one from GOV.UK (a sync never replaces an imported summary; a differing GOV.UK copy is kept
beside it). File ▸ Use GOV.UK Copy / Use Imported Copy switch for the region on screen; they are
enabled only when the region has the other copy. app.py installs it."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction

from lis_desktop.content.cache import SOURCES
from lis_desktop.errors import LisError
from lis_desktop.ui.main_window import MainWindow, show_error

log = logging.getLogger(__name__)


class CopyActions(QObject):
    """The two File menu actions that switch the current region's copy."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.actions: dict[str, QAction] = {}
        for source, label in (("sync", "Use &GOV.UK Copy"), ("import", "Use &Imported Copy")):
            action = QAction(label, window)
            action.setObjectName(f"use{source.title()}CopyAction")
            action.setStatusTip(f"Show and use the {SOURCES[source]} copy of this summary")
            action.setEnabled(False)
            self.actions[source] = action
        window.file_menu.insertActions(window.quit_action, list(self.actions.values()))
        window.file_menu.insertSeparator(window.quit_action)
        self._connect()
        self._update()

    def _connect(self) -> None:
        self.window.region_shown.connect(self._on_window_region_shown)
        self.window.library_refreshed.connect(self._update)
        for source, action in self.actions.items():
            action.triggered.connect(lambda _checked=False, s=source: self.use(s))

    def use(self, source: str) -> bool:
        """Put the current region's `source` copy ('import' or 'sync') in use and show it."""
        region_id = self.window.current_region_id()
        if region_id is None:
            return False
        try:
            self.window.library.cache.use_copy(region_id, source)
            path = self.window.library.pdf_path(region_id)
        except LisError as exc:
            show_error(self.window, "Cannot switch copies", str(exc))
            return False
        self.window.refresh_library()
        if path is not None:
            self.window.viewer.open_document(path, region_id)
        title = self.window.library.region(region_id).title
        self.window.statusBar().showMessage(f"Showing the {SOURCES[source]} copy of {title}.", 8000)
        return True

    def _on_window_region_shown(self, _region_id: str) -> None:
        self._update()

    def _update(self) -> None:
        region_id = self.window.current_region_id()
        kept = None
        if region_id is not None:
            try:
                kept = self.window.library.cache.kept_copy(region_id)
            except LisError as exc:
                log.info("Cannot read the kept copies: %s", exc)
        for source, action in self.actions.items():
            action.setEnabled(kept is not None and kept.source == source)
