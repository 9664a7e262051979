"""Export in the main window: File ▸ Export… (Ctrl+E), the region tree's context menu
(Export…, Select All Shown) and File ▸ Print… from the viewer. app.py installs it."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QStyle, QWidget

from lis_desktop.tasks import Runner

if TYPE_CHECKING:  # the exporter and its dialog are loaded when first used (PyMuPDF, pypdf)
    from lis_desktop.export.exporter import Exporter
    from lis_desktop.ui.export.dialog import ExportDialog
    from lis_desktop.ui.main_window import MainWindow

log = logging.getLogger(__name__)

EXPORT_SHORTCUT = QKeySequence("Ctrl+E")


class ExportActions(QObject):
    """Owns the export actions of one main window and opens the export dialog."""

    def __init__(
        self, window: MainWindow, exporter: Exporter | Callable[[], Exporter], runner: Runner
    ) -> None:
        """`exporter`, or a function that makes it when the dialog first needs it (so that
        the app does not load PyMuPDF and pypdf until the user exports)."""
        super().__init__(window)
        self.window = window
        self._exporter = exporter
        self.runner = runner
        self.dialog: ExportDialog | None = None
        self.export_action = QAction("&Export…", window)
        self.export_action.setObjectName("exportAction")
        self.export_action.setShortcut(EXPORT_SHORTCUT)
        self.export_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.export_action.setStatusTip(
            "Save the selected summaries as PDF, merged PDF, PNG, text or Markdown"
        )
        self.select_shown_action = QAction("Select All &Shown", window)
        self.select_shown_action.setObjectName("selectAllShownAction")
        self.select_shown_action.setStatusTip("Select every region the filter shows")
        self.export_action.setIcon(
            window.style().standardIcon(QStyle.StandardPixmap.SP_DialogSaveButton)
        )
        self.export_action.setIconText("Export")
        self._install_in_file_menu()
        self._install_in_toolbar()
        self._install_in_tree()
        self.export_action.triggered.connect(self._on_export_action_triggered)
        self.select_shown_action.triggered.connect(window.tree.select_all_shown)
        window.tree.selection_changed.connect(self._on_tree_selection_changed)
        window.tree.region_selected.connect(self._on_tree_selection_changed)
        self._on_tree_selection_changed()

    def _install_in_file_menu(self) -> None:
        """After Import PDF…; the viewer's Print… (to paper or a PDF file) right below it."""
        menu = self.window.file_menu
        before = self._action_after_import(menu)
        menu.insertAction(before, self.export_action)  # type: ignore[arg-type]
        printing = [
            a
            for a in self.window.viewer.actions_for_menu()
            if a is not None and a.objectName() == "viewer_print"
        ]
        for action in printing:
            menu.insertAction(before, action)  # type: ignore[arg-type]

    def _install_in_toolbar(self) -> None:
        toolbar = self.window.toolbar
        toolbar.insertAction(self._action_after_import(toolbar), self.export_action)  # type: ignore[arg-type]

    def _action_after_import(self, widget: QWidget) -> QAction | None:
        """The action that follows Import PDF… in a menu or toolbar (None: append at the end)."""
        actions = widget.actions()
        anchor = self.window.import_action
        after = actions.index(anchor) + 1 if anchor in actions else len(actions)
        return actions[after] if after < len(actions) else None

    def _install_in_tree(self) -> None:
        view = self.window.tree.view
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        separator = QAction(view)
        separator.setSeparator(True)
        for action in (self.export_action, separator, self.select_shown_action):
            view.addAction(action)

    @property
    def exporter(self) -> Exporter:
        if callable(self._exporter):
            self._exporter = self._exporter()
        return self._exporter

    def open_dialog(self, region_ids: list[str] | None = None) -> ExportDialog:
        """Open the export dialog for `region_ids` (default: the tree's selection)."""
        ids = self.window.selected_region_ids() if region_ids is None else region_ids
        if self.dialog is not None and self.dialog.is_running():
            self.dialog.raise_()
            return self.dialog
        from lis_desktop.ui.export.dialog import ExportDialog

        dialog = ExportDialog(self.exporter, self.window.settings, self.runner, ids, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.export_finished.connect(self._on_dialog_export_finished)
        dialog.destroyed.connect(self._on_dialog_destroyed)
        self.dialog = dialog
        dialog.open()
        return dialog

    def _on_export_action_triggered(self) -> None:
        self.open_dialog()

    def _on_tree_selection_changed(self, *_args: object) -> None:
        count = len(self.window.selected_region_ids())
        self.export_action.setEnabled(count > 0)
        self.export_action.setText("&Export…" if count <= 1 else f"&Export {count} Summaries…")

    def _on_dialog_export_finished(self, paths: list[str]) -> None:
        what = paths[0] if len(paths) == 1 else f"{len(paths)} files"
        self.window.statusBar().showMessage(f"Exported {what}.", 8000)

    def _on_dialog_destroyed(self, *_args: object) -> None:
        self.dialog = None
