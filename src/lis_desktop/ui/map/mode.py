"""The map as a view of the regions in the tree's place (View ▸ Map, Ctrl+Shift+A, the Map
button beside the tree's filter, `lis-desktop --view map`).

Built by the composition root (`install_map`); this connects the pane to the window's plug-in
places: the navigator, the View menu, the tree (its filter and search fade the areas it hides;
its selection outlines the area), `select_region` (a click on the map), `region_shown`,
`library_refreshed` (offline statuses recolour the map) and the status bar. The map data is
read when the map is first shown, so a start that never shows it never pays for it.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QGuiApplication, QIcon, QKeySequence

from lis_desktop import settings, trace
from lis_desktop.domain import tree_order_key
from lis_desktop.errors import MapDataError
from lis_desktop.geo import colouring, packed
from lis_desktop.geo.colouring import ColourBy, Colouring
from lis_desktop.tasks import Runner
from lis_desktop.ui.icons import STATUS_TEXT
from lis_desktop.ui.main_window import MainWindow
from lis_desktop.ui.map.export import (
    MapExportDialog,
    MapFormat,
    MapPicture,
    describe_failure,
    save_map,
)
from lis_desktop.ui.map.pane import MapPane
from lis_desktop.ui.map.render import MapScene

log = logging.getLogger(__name__)

SHORTCUT = QKeySequence("Ctrl+Shift+A")  # A for the areas: M is the theme matrix


class ThemeCounts(Protocol):
    """What the map needs of the theme matrix: its columns and one column's counts (the
    matrix's `themes.MatrixThemes`; tests give a stand-in). When counts arrive or change, the
    composition root calls `MapMode.themes_changed`."""

    def columns(self) -> Sequence[tuple[str, str]]:
        """(column id, label) in the matrix's order."""
        ...

    def counts(self, column_id: str) -> Mapping[str, int | None] | None:
        """Region id -> hits of the column's query, None for a summary not offline (so not
        counted); None for all when there are no counts yet (they are being made)."""
        ...


class MapMode(QObject):
    """Shows the map in the tree's place and relays its intents to the window."""

    map_shown = Signal(int)  # the map was drawn for the first time, with this many areas

    def __init__(
        self, window: MainWindow, runner: Runner, theme: ThemeCounts | None = None
    ) -> None:
        super().__init__(window)
        self.window = window
        self.settings = window.settings
        self.runner = runner
        self.theme = theme
        self.pane = MapPane()
        self.scene: MapScene | None = None
        self.colouring: Colouring | None = None
        self.export_dialog: MapExportDialog | None = None
        self._loaded = False
        self.mode = self._saved_mode()
        self.action = self._build_action()
        window.view_menu.addAction(self.action)
        window.tree.add_filter_action(self.action)
        self.pane.add_toggle(self.action)
        window.add_navigator_view(self.pane)
        window.panes.add(self.pane, self.pane.main_part)  # F6: a pane while shown
        self._connect()
        if self.settings.get(settings.MAP_SHOWN):
            self.show(focus=False)

    def _build_action(self) -> QAction:
        action = QAction("&Map", self.window)
        action.setCheckable(True)
        action.setShortcut(SHORTCUT)
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.setIcon(QIcon.fromTheme("map-flat", QIcon.fromTheme("applications-geography")))
        action.setToolTip("Show the regions on a map instead of the tree (Ctrl+Shift+A)")
        action.setStatusTip("The 41 areas on a map; click one to read its summary")
        return action

    def _connect(self) -> None:
        window = self.window
        self.action.toggled.connect(self._on_action_toggled)
        window.navigator_changed.connect(self._on_window_navigator_changed)
        window.region_shown.connect(self._on_window_region_shown)
        window.library_refreshed.connect(self._on_window_library_refreshed)
        window.tree.shown_changed.connect(self._on_tree_shown_changed)
        window.viewer.commands["night_mode"].toggled.connect(self._on_night_changed)
        QGuiApplication.styleHints().colorSchemeChanged.connect(self._on_night_changed)
        self.pane.region_chosen.connect(self._on_pane_region_chosen)
        self.pane.compare_chosen.connect(self._on_pane_compare_chosen)
        self.pane.colour_by_changed.connect(self._on_pane_colour_by_changed)
        self.pane.theme_column_changed.connect(self._on_pane_theme_column_changed)
        self.pane.export_requested.connect(self.open_export)
        self.pane.canvas.first_drawn.connect(self._on_canvas_first_drawn)

    # -- showing ---------------------------------------------------------------------------
    def show(self, *, focus: bool = True) -> None:
        """The map in the tree's place (read from the bundled data the first time)."""
        self._ensure_loaded()
        self.window.show_navigator_view(self.pane)
        if focus:
            self.pane.main_part().setFocus(Qt.FocusReason.OtherFocusReason)

    def hide(self) -> None:
        """The tree back in its place."""
        self.window.show_navigator_view(None)
        self.window.tree.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def is_shown(self) -> bool:
        return self.window.navigator.currentWidget() is self.pane

    def _ensure_loaded(self) -> None:
        if self._loaded:
            return
        self._loaded = True
        regions = self.window.library.regions
        try:
            data = packed.load_bundled()
            data.check_regions(r.id for r in regions)
        except MapDataError as exc:
            log.warning("No map: %s", exc)
            self.pane.show_error(str(exc))
            return
        self.scene = MapScene(data)
        order = [r.id for r in sorted(regions, key=tree_order_key)]
        self.pane.set_modes(self._modes(), self.mode)
        self._offer_theme_columns()
        self.pane.show_scene(self.scene, order)
        self._recolour()
        self._on_tree_shown_changed()
        self._on_night_changed()
        self.pane.canvas.set_selected(self.window.current_region_id())

    # -- colours ---------------------------------------------------------------------------
    def _saved_mode(self) -> ColourBy:
        try:
            mode = ColourBy(self.settings.get(settings.MAP_COLOUR_BY))
        except ValueError:
            return ColourBy.STATUS
        return mode if mode in self._modes() else ColourBy.STATUS

    def _modes(self) -> list[ColourBy]:
        modes = [ColourBy.STATUS, ColourBy.WAVE, ColourBy.BODY]
        if self.theme is not None:
            modes.append(ColourBy.THEME)
        return modes

    def _offer_theme_columns(self) -> None:
        if self.theme is None:
            return
        current = self.pane.theme_column() or self.settings.get(settings.MAP_THEME_COLUMN)
        self.pane.set_theme_columns(self.theme.columns(), current)

    def set_mode(self, mode: ColourBy) -> None:
        """Colour the map by `mode` (remembered)."""
        if mode not in self._modes():
            mode = ColourBy.STATUS
        self.mode = mode
        self.settings.set(settings.MAP_COLOUR_BY, mode.value)
        if self.scene is not None:
            self.pane.set_modes(self._modes(), mode)
            self._recolour()

    def _recolour(self) -> None:
        if self.scene is None:
            return
        self.colouring = self._colouring()
        self.pane.set_colouring(self.colouring)

    def _colouring(self) -> Colouring:
        regions = self.window.library.regions
        if self.mode == ColourBy.WAVE:
            return colouring.by_wave(regions)
        if self.mode == ColourBy.BODY:
            return colouring.by_body(regions)
        if self.mode == ColourBy.THEME and self.theme is not None:
            column = self.pane.theme_column()
            label = dict(self.theme.columns()).get(column, column)
            counts = self.theme.counts(column)
            if counts is None:
                return colouring.counting(regions, label)
            return colouring.by_theme(regions, label, counts)
        return colouring.by_status(regions, self.window.statuses(), STATUS_TEXT)

    def themes_changed(self) -> None:
        """The theme matrix has new counts or columns: offer its columns, recolour by them."""
        if self.scene is None or self.theme is None:
            return
        self._offer_theme_columns()
        if self.mode == ColourBy.THEME:
            self._recolour()

    # -- export ----------------------------------------------------------------------------
    def open_export(self) -> MapExportDialog | None:
        """The export dialog (PNG or SVG at a chosen size) for the map as coloured now."""
        from lis_desktop.ui.export.dialog import export_folder  # the exporter: on first use

        if self.scene is None or self.colouring is None:
            return None
        size = (
            self.settings.get(settings.MAP_EXPORT_WIDTH),
            self.settings.get(settings.MAP_EXPORT_HEIGHT),
        )
        dialog = MapExportDialog(
            self.settings.get(settings.MAP_EXPORT_FORMAT),
            size,
            export_folder(self.settings),
            self.window,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.save_requested.connect(self._on_dialog_save_requested)
        dialog.destroyed.connect(self._on_dialog_destroyed)
        self.export_dialog = dialog
        dialog.open()
        return dialog

    def _on_dialog_save_requested(self, fmt: str, width: int, height: int, path: str) -> None:
        assert self.scene is not None
        assert self.colouring is not None
        picture = MapPicture(self.scene, self.colouring, self.pane.canvas.faded)
        target, chosen = Path(path), MapFormat(fmt)

        def done(written: Path) -> None:
            self.settings.set(settings.MAP_EXPORT_FORMAT, fmt)
            self.settings.set(settings.MAP_EXPORT_WIDTH, width)
            self.settings.set(settings.MAP_EXPORT_HEIGHT, height)
            self.settings.set(settings.EXPORT_FOLDER, str(written.parent))
            self.window.statusBar().showMessage(f"Saved the map as {written}.", 8000)
            if self.export_dialog is not None:
                self.export_dialog.finished_with(None, written)

        def failed(exc: BaseException) -> None:
            if self.export_dialog is not None:
                self.export_dialog.finished_with(describe_failure(exc))
            else:
                self.window.statusBar().showMessage(describe_failure(exc), 15000)

        self.runner.run(lambda: save_map(picture, chosen, width, height, target), done, failed)

    def _on_dialog_destroyed(self, *_args: object) -> None:
        self.export_dialog = None

    # -- slots -----------------------------------------------------------------------------
    def _on_action_toggled(self, checked: bool) -> None:
        if checked == self.is_shown():
            return
        if checked:
            self.show()
        else:
            self.hide()

    def _on_window_navigator_changed(self) -> None:
        shown = self.is_shown()
        self.action.blockSignals(True)
        self.action.setChecked(shown)
        self.action.blockSignals(False)
        self.settings.set(settings.MAP_SHOWN, shown)

    def _on_window_region_shown(self, region_id: str) -> None:
        self.pane.canvas.set_selected(region_id)

    def _on_window_library_refreshed(self) -> None:
        if self.mode in (ColourBy.STATUS, ColourBy.THEME):
            self._recolour()

    def _on_tree_shown_changed(self) -> None:
        shown = set(self.window.tree.visible_region_ids())
        self.pane.canvas.set_faded(r.id for r in self.window.library.regions if r.id not in shown)

    def _on_night_changed(self, *_args: object) -> None:
        self.pane.canvas.set_night(self.window.viewer.night_mode())

    def _on_pane_region_chosen(self, region_id: str) -> None:
        self.window.select_region(region_id)
        if self.window.current_region_id() != region_id and self.scene is not None:
            area = self.scene.data.area(region_id)
            name = area.name if area else region_id
            self.window.statusBar().showMessage(
                f"{name} is not among the regions shown: close the search to choose it.", 8000
            )

    def _on_pane_compare_chosen(self, region_id: str) -> None:
        """The area's summary beside the one shown (the window's comparison, when installed)."""
        self.window.compare_requested.emit(self.window.current_region_id() or "", region_id)

    def _on_pane_colour_by_changed(self, mode: str) -> None:
        self.set_mode(ColourBy(mode))

    def _on_pane_theme_column_changed(self, column_id: str) -> None:
        self.settings.set(settings.MAP_THEME_COLUMN, column_id)
        self._recolour()

    def _on_canvas_first_drawn(self, features: int) -> None:
        trace.emit("map_shown", features=features)
        self.map_shown.emit(features)
