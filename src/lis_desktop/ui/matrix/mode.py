"""The theme matrix in the main window: View ▸ Theme Matrix (Ctrl+Shift+M) puts it in the
viewer's place, and Esc (or the same command) brings the summary back. Its rows follow the region
tree (filter box, facets, grouping); a chosen cell opens that summary with the column's hits
highlighted, as a search hit does (with Ctrl or its context menu, beside the summary shown:
`beside_requested`); columns and sorting are remembered; exports go through the
task runner.

Built by app/root.py, which hands it the view, the controller and a runner; this only connects
them to the window's plug-in places (center, View menu, tree, viewer, status bar, settings).
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QObject, QSize, QStandardPaths, Qt, Signal
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QApplication

from lis_desktop import settings
from lis_desktop.domain import format_date
from lis_desktop.errors import LisError
from lis_desktop.search import matrix as themes
from lis_desktop.search.matrix import Column, ExportFormat, Matrix, RegionState
from lis_desktop.search.query import plural
from lis_desktop.tasks import Runner
from lis_desktop.ui.hit_opener import HitOpener
from lis_desktop.ui.main_window import MainWindow
from lis_desktop.ui.matrix.columns import ColumnEditor
from lis_desktop.ui.matrix.controller import MatrixController
from lis_desktop.ui.matrix.picture import PngSizeDialog, png_bytes, render_heatmap
from lis_desktop.ui.matrix.view import MatrixView

log = logging.getLogger(__name__)

SHORTCUT = QKeySequence("Ctrl+Shift+M")
FILTERS = {
    ExportFormat.CSV: "CSV table (*.csv)",
    ExportFormat.MARKDOWN: "Markdown (*.md)",
    ExportFormat.PNG: "PNG picture (*.png)",
}


class MatrixMode(QObject):
    """Shows and hides the matrix in the center and carries out what it asks for."""

    shown = Signal(int, int)  # first on screen with its counts: rows (regions), columns
    beside_requested = Signal(str, int, str)  # region, page, query: beside the summary shown
    exported = Signal(object)  # the file written (a Path), its sidecar beside it

    def __init__(
        self, window: MainWindow, view: MatrixView, controller: MatrixController, runner: Runner
    ) -> None:
        super().__init__(window)
        self.window = window
        self.view = view
        self.controller = controller
        self._runner = runner
        self.hits = HitOpener(window)
        self._dirty = True  # the index changed while the matrix was hidden
        self._traced = False
        self.editor: ColumnEditor | None = None
        self.action = QAction("Theme &Matrix", window)
        self.action.setShortcut(SHORTCUT)
        self.action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.action.setCheckable(True)
        self.action.setToolTip("Regions by themes: how much each summary says (Ctrl+Shift+M)")
        self.action.setStatusTip("See every region's hits for each Industrial Strategy theme")
        window.view_menu.addAction(self.action)
        window.add_center_view(view)
        window.panes.add(view, lambda: view.table)  # F6: a pane of its own, entered at the table
        view.set_sort(*_stored_sort(window.settings.get(settings.MATRIX_SORT)))
        view.set_outline(_outline(window))
        self._connect()

    def _connect(self) -> None:
        self.action.triggered.connect(self._on_action_triggered)
        self.view.close_requested.connect(self.close)
        self.view.cell_activated.connect(self._on_view_cell_activated)
        self.view.cell_beside_requested.connect(self._on_view_cell_beside_requested)
        self.view.columns_edit_requested.connect(self.edit_columns)
        self.view.column_add_requested.connect(lambda: self.edit_columns(add=True))
        self.view.column_remove_requested.connect(self._on_view_column_remove_requested)
        self.view.column_move_requested.connect(self._on_view_column_move_requested)
        self.view.export_requested.connect(self._on_view_export_requested)
        self.view.sort_changed.connect(self._on_view_sort_changed)
        self.controller.matrix_changed.connect(self._on_controller_matrix_changed)
        self.controller.failed.connect(self.view.set_status)
        self.window.tree.shown_changed.connect(self._on_tree_shown_changed)
        self.window.center_changed.connect(self._on_window_center_changed)
        self.window.library_refreshed.connect(self.index_changed)
        self.window.view_menu.triggered.connect(self._update_night)  # e.g. Night Mode toggled
        QGuiApplication.styleHints().colorSchemeChanged.connect(self._update_night)

    # -- showing ------------------------------------------------------------------------------
    def is_open(self) -> bool:
        return self.window.center.currentWidget() is self.view

    def open(self) -> None:
        self.window.show_center_view(self.view)
        self.action.setChecked(True)
        self._update_night()
        if self._dirty or self.controller.matrix is None:
            self._dirty = False
            self.controller.refresh()
        self._update_status()
        self.view.focus_table()
        self._trace_first_show()

    def close(self) -> None:
        """The summary again, in the viewer's place."""
        self.window.show_center_view(None)
        self.action.setChecked(False)

    def index_changed(self) -> None:
        """The search index (or the offline summaries) changed: count again when it shows."""
        if self.is_open():
            self.controller.refresh()
        else:
            self._dirty = True

    def _on_action_triggered(self, checked: bool) -> None:
        focus = QApplication.focusWidget()
        inside = focus is not None and self.view.isAncestorOf(focus)
        if checked or (self.is_open() and not inside):
            self.open()  # the shortcut while it shows but the focus is elsewhere: into it
        else:
            self.close()

    def _on_window_center_changed(self) -> None:
        self.action.setChecked(self.is_open())

    def _update_night(self, *_args: object) -> None:
        self.view.set_night(self.window.viewer.night_mode())

    def _trace_first_show(self) -> None:
        matrix = self.controller.matrix
        if self._traced or matrix is None or not self.is_open():
            return
        self._traced = True
        self.shown.emit(len(self.view.model.region_ids()), len(matrix.columns))

    # -- counts and rows ----------------------------------------------------------------------
    def _on_controller_matrix_changed(self, matrix: Matrix) -> None:
        self.view.set_matrix(matrix)
        self._update_status()
        self._trace_first_show()

    def _on_tree_shown_changed(self) -> None:
        self.view.set_outline(_outline(self.window))
        self._update_status()

    def _update_status(self) -> None:
        matrix = self.controller.matrix
        shown = self.view.model.region_ids()
        if matrix is None:
            self.view.set_status(f"Counting the hits in {plural(len(shown), 'region')}…")
            return
        counted = len(matrix.counted(shown))
        states = [matrix.state(r) for r in shown]
        parts = [f"Hits of each theme's query in {counted} of {len(shown)} summaries shown"]
        for state, text in (
            (RegionState.NOT_OFFLINE, "not offline (download or import them to count)"),
            (RegionState.INDEXING, "being indexed…"),
            (RegionState.UNREADABLE, "unreadable"),
        ):
            if n := states.count(state):
                parts.append(f"{n} {text}")
        self.view.set_status("; ".join(parts) + ". Shades compare regions within a column.")

    # -- drill down -----------------------------------------------------------------------------
    def _on_view_cell_activated(self, region: str, column_id: str) -> None:
        matrix = self.controller.matrix
        column = _column(matrix, column_id)
        count = matrix.count(region, column.id) if matrix and column else None
        self.close()  # the summary, in the viewer's place
        title = self.window.library.region(region).title
        if matrix is None or column is None or not count:
            self.hits.cancel()
            self.window.select_region(region)
            if column is not None and count == 0:
                self.window.statusBar().showMessage(f"No hits for {column.label} in {title}.", 8000)
            return
        self.window.statusBar().showMessage(
            f"{title}: {plural(count, 'hit')} for {column.label} highlighted.", 8000
        )
        self.hits.open(region, matrix.first_page(region, column.id), column.query)

    def _on_view_cell_beside_requested(self, region: str, column_id: str) -> None:
        """The cell's summary beside the one shown (a comparison), its hits highlighted."""
        matrix = self.controller.matrix
        column = _column(matrix, column_id)
        count = matrix.count(region, column.id) if matrix and column else None
        self.close()  # the summary (or the comparison), in the viewer's place
        if matrix is None or column is None or not count:
            self.beside_requested.emit(region, 0, "")
        else:
            self.beside_requested.emit(region, matrix.first_page(region, column.id), column.query)

    # -- columns --------------------------------------------------------------------------------
    def edit_columns(self, focus: str = "", *, add: bool = False) -> ColumnEditor:
        """The column editor, window-modal; its changes apply (and are remembered) on OK."""
        editor = ColumnEditor(self.controller.columns, self.window, focus=focus or None, add=add)
        editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        editor.accepted.connect(lambda: self.set_columns(editor.columns()))
        editor.finished.connect(self._on_editor_finished)
        self.editor = editor
        editor.open()
        return editor

    def _on_editor_finished(self, _result: int) -> None:
        self.editor = None

    def set_columns(self, columns: tuple[Column, ...]) -> None:
        self.window.settings.set(settings.MATRIX_COLUMNS, themes.dump_columns(columns))
        self.view.set_columns(columns)
        self.controller.set_columns(columns)
        self._update_status()

    def _on_view_column_remove_requested(self, column_id: str) -> None:
        columns = self.controller.columns
        self.set_columns(tuple(c for c in columns if c.id != column_id or c.preset))

    def _on_view_column_move_requested(self, column_id: str, step: int) -> None:
        columns = list(self.controller.columns)
        at = next(i for i, c in enumerate(columns) if c.id == column_id)
        to = at + step
        if 0 <= to < len(columns) and not columns[to].preset and not columns[at].preset:
            columns[at], columns[to] = columns[to], columns[at]
            self.set_columns(tuple(columns))

    def _on_view_sort_changed(self, column_id: str, descending: bool) -> None:
        stored = f"{column_id}:{'desc' if descending else 'asc'}" if column_id else ""
        self.window.settings.set(settings.MATRIX_SORT, stored)

    # -- exports --------------------------------------------------------------------------------
    def _on_view_export_requested(self, fmt: str) -> None:
        """Ask where (and for a picture, how big), then export."""
        from PySide6.QtWidgets import QDialog, QFileDialog  # first use only

        chosen = ExportFormat(fmt)
        size = None
        if chosen is ExportFormat.PNG:
            dialog = PngSizeDialog(self._png_size(), self.window)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return
            size = dialog.chosen_size()
            self.window.settings.set(settings.MATRIX_PNG_WIDTH, size.width())
            self.window.settings.set(settings.MATRIX_PNG_HEIGHT, size.height())
        name, _filter = QFileDialog.getSaveFileName(
            self.window, "Export Theme Matrix", str(self._default_target(chosen)), FILTERS[chosen]
        )
        if name:
            self.export_to(chosen, Path(name), size)

    def _png_size(self) -> QSize:
        get = self.window.settings.get
        return QSize(get(settings.MATRIX_PNG_WIDTH), get(settings.MATRIX_PNG_HEIGHT))

    def _default_target(self, fmt: ExportFormat) -> Path:
        saved = Path(self.window.settings.get(settings.EXPORT_FOLDER) or "")
        if str(saved) in ("", ".") or not saved.is_dir():
            docs = QStandardPaths.writableLocation(
                QStandardPaths.StandardLocation.DocumentsLocation
            )
            saved = Path(docs) if docs and Path(docs).is_dir() else Path.home()
        return saved / f"Theme matrix.{fmt.value}"

    def export_to(self, fmt: ExportFormat, target: Path, size: QSize | None = None) -> bool:
        """Write the matrix as shown (its rows, columns and order) to `target`, with its
        provenance sidecar, on the runner; False when there is nothing to export yet."""
        matrix = self.controller.matrix
        if matrix is None:
            self.window.statusBar().showMessage("The matrix is still being counted.", 8000)
            return False
        if target.suffix.lower() != f".{fmt.value}":
            target = target.with_name(target.name + f".{fmt.value}")
        png = None
        if fmt is ExportFormat.PNG:
            picture = render_heatmap(
                self.view.model,
                size or self._png_size(),
                dark=self.view.delegate.dark,
                source=self._source_line(matrix),
            )
            png = png_bytes(picture)
        library = self.window.library
        sources = themes.summary_sources(library)  # the cache is read here, on the GUI thread
        ids = self.view.model.region_ids()
        self._runner.run(
            lambda: themes.export_matrix(
                matrix, library.publication, sources, fmt, target, ids, png=png
            ),
            self._on_export_done,
            self._on_export_failed,
        )
        return True

    def _source_line(self, matrix: Matrix) -> str:
        pub = self.window.library.publication
        when = format_date(matrix.computed_at.date())
        return (
            f"Counted on {when} in the summaries attached to the GOV.UK "
            f"story “{pub.title}” ({pub.url}). Crown copyright, {pub.licence}. Each column's "
            "query, and each summary's URL and SHA-256, are in the provenance sidecar."
        )

    def _on_export_done(self, written: tuple[Path, Path]) -> None:
        target, _sidecar = written
        self.window.settings.set(settings.EXPORT_FOLDER, str(target.parent))
        self.window.statusBar().showMessage(
            f"Saved {target.name} and its provenance sidecar in {target.parent}.", 10000
        )
        self.exported.emit(target)

    def _on_export_failed(self, exc: BaseException) -> None:
        if not isinstance(exc, LisError):
            raise exc
        from lis_desktop.ui.dialogs import show_error

        show_error(self.window, "Export failed", str(exc))

    def shutdown(self) -> None:
        self.controller.shutdown()


def _outline(window: MainWindow) -> list[themes.OutlineEntry]:
    return [(r.depth, r.title, r.region_id) for r in window.tree.shown_outline()]


def _column(matrix: Matrix | None, column_id: str) -> Column | None:
    if matrix is None:
        return None
    return next((c for c in matrix.columns if c.id == column_id), None)


def _stored_sort(text: str) -> tuple[str | None, bool]:
    column_id, _sep, order = text.partition(":")
    return (column_id or None, order != "asc")
