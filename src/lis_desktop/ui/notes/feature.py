"""Notes in the main window: the Notes menu (Highlight, Highlight with Note…, Undo, Redo, the
panel, Export Notes…), the notes panel in a dock beside the publication pane (it takes nobody's
place: not the search panel's, not the tree's or the map's), the viewer's highlights, and a note
chosen in the panel (or in search hits) opened at its highlight.

Built by `app/root.py` (`install_notes`) with the notes service; it connects them to the
window's plug-in places (menus, viewer, `region_shown`, `library_refreshed`, status bar).
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QMenu

from lis_desktop import settings
from lis_desktop.content.notes import Note, matching
from lis_desktop.domain import tree_order_key
from lis_desktop.errors import LisError
from lis_desktop.search.query import plural
from lis_desktop.tasks import Runner
from lis_desktop.ui.main_window import MainWindow
from lis_desktop.ui.notes.highlights import Highlights
from lis_desktop.ui.notes.panel import Group, NotesPanel
from lis_desktop.ui.notes.service import NotesService
from lis_desktop.ui.viewer.view import PdfView

log = logging.getLogger(__name__)

PANEL_SHORTCUT = QKeySequence("Ctrl+Shift+N")
EXPORT_NAME = "Notes — Industrial Strategy local summaries"


class NotesFeature(QObject):
    """Plugs the notes into `window`; the panel and the highlights show the service's notes."""

    def __init__(self, window: MainWindow, service: NotesService, runner: Runner) -> None:
        super().__init__(window)
        self.window = window
        self.service = service
        self._runner = runner
        self._titles = {r.id: r.title for r in window.library.regions}
        self._shown_region: str | None = None
        self._pending: int | None = None  # a note to show once its summary is on screen
        viewer = window.viewer
        self.highlights = Highlights(
            viewer.canvas, viewer.commands.by_name, viewer.opener, viewer.run_job, service,
            self._titles.__contains__, viewer,
        )  # fmt: skip
        self.panel = NotesPanel()
        self.panel.set_all_summaries(window.settings.get(settings.NOTES_SCOPE) == "all")
        self.dock = self._build_dock()
        self.panel_action = self._build_panel_action()
        self.undo_action = service.undo_stack.createUndoAction(self, "&Undo")
        self.undo_action.setShortcuts(QKeySequence.StandardKey.Undo)
        self.redo_action = service.undo_stack.createRedoAction(self, "&Redo")
        self.redo_action.setShortcuts(QKeySequence.StandardKey.Redo)
        self.export_action = QAction("&Export Notes…", self)
        self.export_action.setStatusTip("Save every note as Markdown or CSV, with its provenance")
        self.menu = self._build_menu()
        window.view_menu.addAction(self.panel_action)
        actions = viewer.commands.by_name  # after Find, before the rarer commands
        viewer.toolbar.insertAction(actions["rotate_left"], actions["highlight_note"])
        self._connect()
        self.refresh()

    def _build_dock(self) -> QDockWidget:
        dock = QDockWidget("Notes", self.window)
        dock.setObjectName("notesDock")  # its place and visibility are restored with the window
        dock.setWidget(self.panel)
        dock.setAccessibleName("Notes")
        self.window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
        dock.hide()
        self.window.restoreDockWidget(dock)  # as the last session left it
        self.window.panes.add(dock, lambda: self.panel.list)  # F6 reaches it while shown
        return dock

    def _build_panel_action(self) -> QAction:
        action = QAction("&Notes Panel", self.window)
        action.setCheckable(True)
        action.setChecked(self.dock.isVisibleTo(self.window))
        action.setShortcut(PANEL_SHORTCUT)
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.setStatusTip("Show your notes, of this summary or of all (Ctrl+Shift+N)")
        return action

    def _build_menu(self) -> QMenu:
        menu = QMenu("&Notes", self.window)
        menu.setObjectName("notesMenu")
        actions = self.window.viewer.commands.by_name
        menu.addAction(actions["highlight"])
        menu.addAction(actions["highlight_note"])
        menu.addSeparator()
        menu.addAction(self.undo_action)
        menu.addAction(self.redo_action)
        menu.addSeparator()
        menu.addAction(self.panel_action)
        menu.addAction(self.export_action)
        self.window.menuBar().insertMenu(self.window.tools_menu.menuAction(), menu)
        return menu

    def _connect(self) -> None:
        self.panel_action.triggered.connect(self._on_panel_action_triggered)
        self.dock.visibilityChanged.connect(self._on_dock_visibility_changed)
        self.export_action.triggered.connect(self.export_notes)
        self.menu.aboutToShow.connect(self.highlights.update_actions)
        self.service.changed.connect(self._on_service_changed)
        self.service.message.connect(self._on_service_message)
        self.panel.note_activated.connect(self.open_note)
        self.panel.edit_requested.connect(self._on_panel_edit_requested)
        self.panel.remove_requested.connect(self.service.remove)
        self.panel.scope_changed.connect(self._on_panel_scope_changed)
        self.panel.filter_changed.connect(self.refresh)
        self.panel.export_requested.connect(self.export_notes)
        self.highlights.drawn.connect(self._on_highlights_drawn)
        self.window.region_shown.connect(self._on_window_region_shown)
        self.window.library_refreshed.connect(self._on_window_library_refreshed)

    def highlight_in(self, viewer: PdfView) -> Highlights:
        """The highlights in another viewer of the window too (the comparison's second pane):
        drawn there, made from its selection, edited with a click."""
        return Highlights(
            viewer.canvas, viewer.commands.by_name, viewer.opener, viewer.run_job, self.service,
            self._titles.__contains__, viewer,
        )  # fmt: skip

    # -- the panel -------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Show the notes of the summary shown (or of all) that match the filter."""
        everything = self.panel.all_summaries()
        region = None if everything else self._shown_region
        notes = self.service.notes(region) if everything or region else []
        text = self.panel.filter_text()
        shown = matching(notes, text, self._titles) if text else notes
        self.panel.show_notes(self._groups(shown), self._status(len(notes), len(shown), region))

    def _groups(self, notes: list[Note]) -> list[Group]:
        by_region: dict[str, list[Note]] = {}
        for note in notes:
            by_region.setdefault(note.region, []).append(note)
        regions = sorted(
            (r for r in self.window.library.regions if r.id in by_region), key=tree_order_key
        )
        return [(r.id, r.title, by_region[r.id]) for r in regions]

    def _status(self, total: int, shown: int, region: str | None) -> str:
        where = self._titles.get(region, "") if region else "all summaries"
        if not self.panel.all_summaries() and region is None:
            return "Choose a summary to see its notes, or show the notes of all summaries."
        if total == 0:
            return (
                f"No notes on {where} yet: select text on the page, then Highlight (Ctrl+H) "
                "or Highlight with Note… (Ctrl+Shift+H)."
            )
        if shown < total:
            return f"{shown} of {plural(total, 'note')} on {where} match the filter."
        return f"{plural(total, 'note')} on {where}."

    def _on_panel_action_triggered(self, checked: bool) -> None:
        self.dock.setVisible(checked)
        if checked:
            self.dock.raise_()
            self.panel.focus_list()

    def _on_dock_visibility_changed(self, _visible: bool) -> None:
        self.panel_action.setChecked(self.dock.isVisibleTo(self.window))

    def _on_panel_scope_changed(self, everything: bool) -> None:
        self.window.settings.set(settings.NOTES_SCOPE, "all" if everything else "shown")
        self.refresh()

    def _on_panel_edit_requested(self, note_id: int) -> None:
        note = self.service.note(note_id)
        if note is not None:
            self.highlights.edit(note)

    def _on_window_region_shown(self, region: str) -> None:
        self._shown_region = region
        if self._pending is not None:
            note = self.service.note(self._pending)
            if note is None or note.region != region:
                self._pending = None
        self.refresh()

    def _on_window_library_refreshed(self) -> None:
        """New versions (sync, import, another copy) or another program's notes (the CLI):
        show what is stored, and place the notes on the versions in use."""
        self.refresh()
        self.highlights.refresh()
        self.service.reconcile()

    def _on_service_changed(self, _region: str) -> None:
        self.refresh()

    def _on_service_message(self, message: str) -> None:
        self.window.statusBar().showMessage(message, 8000)  # also said to screen readers

    # -- opening a note ----------------------------------------------------------------------------
    def open_note(self, note_id: int) -> None:
        """Show the note's summary at its highlight (opening the summary first if need be)."""
        note = self.service.note(note_id)
        if note is None:
            self._on_service_message("That note no longer exists.")
            self.refresh()
            return
        self._pending = note_id
        self.window.show_center_view()  # the viewer, if another view (the matrix) took its place
        if self.highlights.shown_region() == note.region:
            self._show_pending()
        else:
            self.window.select_region(note.region)  # shown once its highlights are drawn

    def _on_highlights_drawn(self) -> None:
        if self._pending is not None:
            self._show_pending()

    def _show_pending(self) -> None:
        if self._pending is None:
            return
        note = self.service.note(self._pending)
        if note is None or self.highlights.shown_region() != note.region:
            return
        drawn = next((n for n in self.highlights.notes if n.id == note.id), None)
        if drawn is None and not note.detached:
            return  # being placed on the version shown: it is drawn (and shown) soon
        self._pending = None
        title = self._titles.get(note.region, note.region)
        if drawn is None:
            self._on_service_message(
                f"“{note.quote}” is no longer in the summary for {title}: the note is kept, "
                "detached, with its quote."
            )
            return
        if drawn.rects:
            self.window.viewer.canvas.scroll_to_rect(drawn.page, drawn.rects[0])
        said = f": {drawn.note}" if drawn.note else ""
        self._on_service_message(f"Note on page {drawn.page + 1}, “{drawn.quote}”{said}")

    # -- exporting -------------------------------------------------------------------------------
    def export_notes(self) -> None:
        """Ask where, then write every note as Markdown or CSV (with its sidecar) off the GUI
        thread."""
        from PySide6.QtWidgets import QFileDialog  # first use: not needed to show the window

        name, _filter = QFileDialog.getSaveFileName(
            self.window,
            "Export Notes",
            str(self._export_folder() / f"{EXPORT_NAME}.md"),
            "Markdown (*.md);;CSV for spreadsheets (*.csv)",
        )
        if name:
            self.export_to(Path(name))

    def export_to(self, target: Path) -> None:
        if target.suffix.lower() not in (".md", ".csv"):
            target = target.with_name(target.name + ".md")
        root = self.service.cache.root

        def job() -> Path:
            from lis_desktop.content.cache import Cache
            from lis_desktop.content.library import Library
            from lis_desktop.content.notebook import Notebook
            from lis_desktop.export.exporter import Exporter

            own = Cache(root)  # its own connection: this runs on a worker thread
            try:
                Notebook(own).reconcile()
                return Exporter(Library.load(own)).export_notes(target, force=True).files[0]
            finally:
                own.close()

        self._runner.run(job, self._on_exported, self._on_export_failed)

    def _export_folder(self) -> Path:
        saved = Path(self.window.settings.get(settings.EXPORT_FOLDER) or "")
        if str(saved) not in ("", ".") and saved.is_dir():
            return saved
        docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        return Path(docs) if docs and Path(docs).is_dir() else Path.home()

    def _on_exported(self, path: Path) -> None:
        self.window.settings.set(settings.EXPORT_FOLDER, str(path.parent))
        self._on_service_message(f"Exported the notes to {path}, with a provenance sidecar.")

    def _on_export_failed(self, exc: BaseException) -> None:
        if not isinstance(exc, LisError):
            raise exc
        from lis_desktop.ui.dialogs import show_error

        show_error(self.window, "Export Notes", f"The notes were not exported. {exc}")
