"""The main window's "Search text" mode (Ctrl+Shift+F): the search panel above the region tree,
the tree narrowed to regions with hits, and a chosen hit opened in the viewer, highlighted (or
with Ctrl, beside the summary shown: `hit_compare_requested`).

Built by app.py, which hands it the panel and controller; this only connects them to the
window's plug-in places (left pane, tree, View menu, viewer, `library_refreshed`).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QIcon, QKeySequence
from PySide6.QtWidgets import QStyle

from lis_desktop.ui.hit_opener import HitOpener
from lis_desktop.ui.main_window import MainWindow
from lis_desktop.ui.search.controller import SearchController
from lis_desktop.ui.search.panel import SearchPanel

log = logging.getLogger(__name__)

SHORTCUT = QKeySequence("Ctrl+Shift+F")
INDEXING = "Indexing summaries for search:"


class SearchMode(QObject):
    """Shows and hides the search panel and relays its intents to the window."""

    hit_compare_requested = Signal(str, int, str)  # region, page, query: beside the one shown

    def __init__(
        self, window: MainWindow, panel: SearchPanel, controller: SearchController
    ) -> None:
        super().__init__(window)
        self.window = window
        self.panel = panel
        self.controller = controller
        self.hits = HitOpener(window)
        self.action = QAction("Search &Text…", window)
        self.action.setShortcut(SHORTCUT)
        self.action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.action.setCheckable(True)
        self.action.setIcon(
            QIcon.fromTheme(
                "edit-find",
                window.style().standardIcon(QStyle.StandardPixmap.SP_FileDialogContentsView),
            )
        )
        self.action.setToolTip("Search the text of every summary (Ctrl+Shift+F)")
        self.action.setStatusTip("Search the text of every summary available offline")
        window.view_menu.addAction(self.action)
        window.tree.add_filter_action(self.action)
        window.left_pane.insertWidget(0, panel)
        panel.setAccessibleName("Search")
        window.panes.add(panel, lambda: panel.field)
        window.left_pane.setStretchFactor(0, 3)
        window.left_pane.setStretchFactor(1, 2)
        panel.hide()
        self._connect()

    def _connect(self) -> None:
        self.action.triggered.connect(self._on_action_triggered)
        self.panel.closed.connect(self.close)
        self.panel.beside_requested.connect(self._on_panel_beside_requested)
        self.controller.hits_changed.connect(self._on_controller_hits_changed)
        self.controller.result_activated.connect(self._on_controller_result_activated)
        self.controller.indexing_changed.connect(self._on_controller_indexing_changed)
        self.window.library_refreshed.connect(self.controller.update_index)

    def open(self) -> None:
        self.panel.show()
        self.action.setChecked(True)
        self.panel.focus_query()
        if self.panel.query():
            self.controller.search(self.panel.query(), self.panel.facets())

    def close(self) -> None:
        self.panel.hide()
        self.action.setChecked(False)
        self.controller.leave()
        self.window.tree.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_action_triggered(self, checked: bool) -> None:
        inside = self.panel.field.hasFocus() or self.panel.results.hasFocus()
        if checked or not inside:
            self.open()  # Ctrl+Shift+F while open but elsewhere: back to the query field
        else:
            self.close()

    def _on_controller_hits_changed(self, regions: frozenset[str] | None) -> None:
        if self.panel.isHidden():
            regions = None
        self.window.tree.set_region_subset(regions)

    def _on_controller_result_activated(self, region: str, page: int, query: str) -> None:
        self.hits.open(region, page, query)

    def _on_panel_beside_requested(self, region: str, page: int) -> None:
        self.hit_compare_requested.emit(region, page, self.panel.query())

    def _on_controller_indexing_changed(self, done: int, total: int) -> None:
        bar = self.window.statusBar()
        if total:
            bar.showMessage(f"{INDEXING} {done} of {total}…", 5000)
        elif bar.currentMessage().startswith(INDEXING):
            bar.clearMessage()
