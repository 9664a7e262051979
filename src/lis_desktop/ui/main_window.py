"""The main window: region tree | viewer | publication pane in one splitter, menus, toolbar and
status bar. It takes its services from the composition root and offers named places for features
to plug in: `file_menu`, `view_menu`, `tools_menu`, `help_menu`, `toolbar`, `statusBar()`,
`selected_region_ids()`, `current_region_id()`, `select_region(id)`, `statuses()` and
`refresh_library()` (which emits `library_refreshed`); `left_pane`, a vertical splitter whose
`navigator` holds the tree (or another view: `add_navigator_view`, `show_navigator_view`); and the
`center`, which holds the viewer (or another view in its place: `add_center_view`,
`show_center_view`); `compare_requested(first, second)` asks for two summaries side by side.

For the keyboard and assistive technology (see `ui/accessibility/`):
- `panes`: F6 / Shift+F6 go from pane to pane in the order they are seen, and Tab goes through
  the widgets in that order, pane by pane. The tree's place (`navigator`), the `center` and the
  publication pane are panes; a feature's new pane joins with `window.panes.add(widget)`, or
  `window.panes.add(widget, entry=lambda: widget.main_part)` to say which of its widgets takes
  the focus when F6 first enters it (else the first in Tab order; later the one last focused).
  A pane shown inside a registered one (two viewers in the center, say) is a stop of its own.
- `announcer`: every status bar message is announced to screen readers (progress messages at
  most every few seconds); `announcer.show_quietly(text)` shows one without announcing it.
  Other announcements: `ui.accessibility.announce.announce(widget, text)`.
- Name every control (`setAccessibleName`; a filter box by what it filters, a symbol button by
  what it does); the focus ring (`focus_ring`) follows the focus by itself.
"""

from __future__ import annotations

import contextlib
import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6 import QtCore
from PySide6.QtCore import QByteArray, QSize, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QIcon, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QMenu,
    QSplitter,
    QStackedWidget,
    QToolBar,
    QWidget,
)

from lis_desktop import APP_NAME, settings
from lis_desktop.errors import LisError
from lis_desktop.settings import Settings

if TYPE_CHECKING:  # the frame's parts are loaded by build_frame(), the rest by complete()
    from lis_desktop.content.library import Library
    from lis_desktop.domain import Offline
    from lis_desktop.pdf.api import PdfEngine
    from lis_desktop.tasks import Runner
    from lis_desktop.ui.accessibility.focus import FocusRing
    from lis_desktop.ui.accessibility.panes import PaneDividers, Panes
    from lis_desktop.ui.publication import PublicationPane
    from lis_desktop.ui.regions.tree import RegionTree
    from lis_desktop.ui.viewer.first_pages import FirstPages

log = logging.getLogger(__name__)


def show_error(parent: QWidget | None, title: str, message: str) -> None:
    """dialogs.show_error, loaded on first use (QMessageBox is not needed to show the window)."""
    from lis_desktop.ui import dialogs

    dialogs.show_error(parent, title, message)


INITIAL_SIZE = (1280, 800)
INITIAL_SPLIT = (280, 640, 360)


def initial_split(width: int, tree: int = INITIAL_SPLIT[0]) -> list[int]:
    """tree | viewer | publication: the tree as wide as its names want (40% of the width at
    most), the publication pane 360 wide; the publication pane, then the tree, give way (down
    to 240 and 200) while the viewer would get less than 45% of the width."""
    tree = max(200, min(tree, width * 2 // 5))
    pane = INITIAL_SPLIT[2]
    viewer = width * 45 // 100
    if width - tree - pane < viewer:
        pane = max(240, width - tree - viewer)
    if width - tree - pane < viewer:
        tree = max(200, width - pane - viewer)
    return [tree, max(0, width - tree - pane), pane]


class MainWindow(QMainWindow):
    """Composes the three panes; decisions about data stay in the library and app.py."""

    download_requested = Signal(str)  # region id whose summary the user asked to download
    region_shown = Signal(str)  # region id now shown in the viewer and publication pane
    library_refreshed = Signal()  # offline statuses re-read (after an import, a sync, a check)
    center_changed = Signal()  # another view took the center's place (or the viewer came back)
    navigator_changed = Signal()  # another view took the tree's place (or the tree came back)
    compare_requested = Signal(str, str)  # two region ids to show side by side (a launch, a view)

    # Made by complete() (at once unless the window was asked for its frame first):
    tree: RegionTree
    publication: PublicationPane
    panes: Panes
    dividers: PaneDividers

    library: Library  # given at once, or by attach() (a shell made before the services)

    def __init__(
        self,
        library: Library | None,
        settings_: Settings,
        engine: PdfEngine | None,
        pdf_runner: Runner | None,
        *,
        offline: bool = False,
        parent: QWidget | None = None,
        complete: bool = True,
        first_pages: FirstPages | None = None,
        frame: bool = True,
    ) -> None:
        """`engine` and `pdf_runner` (the PDF engine and its serial lane) are the composition
        root's, shared by every view of a document in the window.

        Without `complete`, only the window's frame is built: menus, toolbar, status bar and the
        viewer, the tree's and the publication pane's places left empty, so that the first page
        can be on screen sooner (`select_region` and `open_file` work already); `complete()`
        then builds the rest, and only then do `tree`, `publication`, `panes` and `dividers`
        exist. Without `frame` not even that: the window is an empty shell (its title, its size)
        that may show the page read last (`ui.first_look`) while `build_frame()` is loading what
        the frame needs; a shell may even be made before the services exist (`library`, `engine`
        and `pdf_runner` None), which `attach()` then gives it before its frame is built."""
        super().__init__(parent)
        self.settings = settings_
        self.offline = offline
        self._opened_file: Path | None = None
        self._last_region = ""  # shown last: what the next start shows (also after a file)
        self._statuses: dict[str, Offline] = {}
        self._pending_splitter_state: QByteArray | None = None
        self._split_done = False
        self.completed = False  # complete() has built the tree, the publication pane, the panes
        self._region_ids: set[str] | None = None  # known once the library is
        self._split_guessed = False  # the first split was made before the tree could say its width
        self._engine: PdfEngine | None = None
        self._pdf_runner: Runner | None = None
        self._first_pages: FirstPages | None = None
        if library is not None and engine is not None and pdf_runner is not None:
            self.attach(library, engine, pdf_runner, first_pages=first_pages)
        self._geometry_restored = False
        self._close_wanted = False  # closed before its frame was built
        self.framed = False  # build_frame() has built the menus, toolbar, viewer, status bar
        self._focus_ring: FocusRing | None = None  # made once the frame is up (see showEvent)
        self.setWindowTitle(APP_NAME)
        self.resize(self.initial_size())
        if frame or complete:
            self.build_frame()
        if complete:
            self.complete()

    def attach(
        self,
        library: Library,
        engine: PdfEngine,
        pdf_runner: Runner,
        *,
        first_pages: FirstPages | None = None,
    ) -> None:
        """The services a shell made before them works with (see __init__)."""
        self.library = library
        self._region_ids = {region.id for region in library.regions}
        self._engine, self._pdf_runner, self._first_pages = engine, pdf_runner, first_pages

    def build_frame(self) -> None:
        """Menus, toolbar, status bar and the viewer, the tree's and the publication pane's
        places kept at their sizes. Does nothing the second time."""
        if self.framed:
            return
        engine, pdf_runner, first_pages = self._engine, self._pdf_runner, self._first_pages
        if engine is None or pdf_runner is None:
            raise RuntimeError("attach() the window's services before building its frame")
        from lis_desktop.ui.accessibility.announce import StatusAnnouncer
        from lis_desktop.ui.viewer.view import PdfView

        self.navigator = QStackedWidget(self)  # the tree, or a view features put in its place
        self.navigator.setObjectName("navigator")
        vertical = QtCore.Qt.Orientation.Vertical
        self.left_pane = QSplitter(vertical, self)  # features add panels above
        self.left_pane.setChildrenCollapsible(False)
        self.left_pane.addWidget(self.navigator)
        self.viewer = PdfView(
            self.settings, engine, pdf_runner, parent=self, first_pages=first_pages
        )
        self.center = QStackedWidget(self)  # the viewer, or a view features put in its place
        self.center.setObjectName("center")
        self.center.addWidget(self.viewer)
        self._publication_place: QWidget | None = QWidget(self)  # until complete() builds it
        self.splitter = self._build_splitter()
        self.setCentralWidget(self.splitter)
        self._build_actions()
        self.file_menu, self.view_menu, self.tools_menu, self.help_menu = self._build_menus()
        self.toolbar = self._build_toolbar()
        self.offline_label, self.network_label = self._build_status_bar()
        self.announcer = StatusAnnouncer(self.statusBar())
        self._connect_frame()
        self._read_statuses()
        self.framed = True
        if self._close_wanted:
            QTimer.singleShot(0, self, self.close)
        if self.isVisible():  # shown already, with its first look: as showEvent would
            self._show_children()
            self._frame_shown()

    def _show_children(self) -> None:
        """What showing the window does for the children it has then (those made after it was
        shown stay hidden): show each not hidden on purpose, and lay them out now, so that the
        splitter's sizes are worked out at its real width."""
        explicit = QtCore.Qt.WidgetAttribute.WA_WState_ExplicitShowHide
        direct = QtCore.Qt.FindChildOption.FindDirectChildrenOnly
        for child in self.findChildren(QWidget, options=direct):
            if not child.isWindow() and not child.testAttribute(explicit):
                child.show()
        layout = self.layout()
        if layout is not None:
            layout.activate()

    def complete(self) -> None:
        """Build what the frame left out: the tree (showing the region shown now as current),
        the publication pane, the panes F6 goes through. Does nothing the second time."""
        if self.completed:
            return
        self.build_frame()
        from lis_desktop.ui import publication
        from lis_desktop.ui.accessibility import panes
        from lis_desktop.ui.regions import tree

        self.tree = tree.RegionTree(self.library.regions, self)
        self.navigator.insertWidget(0, self.tree)
        self.navigator.setCurrentWidget(self.tree)
        self.publication = publication.PublicationPane(self.library.publication, self)
        self.publication.setMinimumWidth(240)
        place, self._publication_place = self._publication_place, None
        if place is not None:
            self.splitter.replaceWidget(2, self.publication)  # in its place, at its size
            place.deleteLater()
        self.panes = self._build_panes()
        self.dividers = panes.PaneDividers(self, self._pane_name)
        self._connect_rest()
        self.completed = True
        self.group_action.setChecked(self.settings.get(settings.TREE_GROUPED))  # regroups it
        self.refresh_library()
        if self._opened_file is None and self._last_region:
            self.tree.show_current(self._last_region)
            self.publication.set_current_region(self._last_region)
        if self._split_guessed:  # the first start: the tree as wide as its names want
            self._split_guessed = False
            sizes = initial_split(self.splitter.width(), self.tree.preferred_width())
            if sizes != self.splitter.sizes():  # the frame's guess was off (a styled tree)
                self.splitter.setSizes(sizes)

    # -- construction ---------------------------------------------------------------------
    def initial_size(self) -> QSize:
        """1280x800 at first start, or less on a small screen."""
        available = self.screen().availableGeometry()
        width = min(INITIAL_SIZE[0], int(available.width() * 0.92))
        height = min(INITIAL_SIZE[1], int(available.height() * 0.9))
        return QSize(width, height)

    def _build_splitter(self) -> QSplitter:
        splitter = QSplitter(QtCore.Qt.Orientation.Horizontal, self)
        splitter.setObjectName("mainSplitter")
        splitter.setChildrenCollapsible(False)
        assert self._publication_place is not None
        for index, widget in enumerate((self.left_pane, self.center, self._publication_place)):
            splitter.addWidget(widget)
            splitter.setStretchFactor(index, 1 if widget is self.center else 0)
        # Explicit minimums: the splitter then ignores the panes' own (content-driven) hints,
        # so a long notice in the viewer cannot force the window wider than the screen.
        self.left_pane.setMinimumWidth(200)
        self.center.setMinimumWidth(240)
        self._publication_place.setMinimumWidth(240)
        splitter.setSizes(list(INITIAL_SPLIT))
        return splitter

    def _build_actions(self) -> None:
        from lis_desktop.ui.icons import themed_icon

        self.import_action = QAction("&Import PDF…", self)
        self.import_action.setShortcut(QKeySequence.StandardKey.Open)
        self.import_action.setIcon(themed_icon("document-import", self._open_icon))
        self.import_action.setStatusTip("Attach a PDF you already have to the selected region")
        self.quit_action = QAction("&Quit", self)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self.filter_action = QAction("&Filter Regions", self)
        self.filter_action.setShortcut(QKeySequence("Ctrl+L"))
        widget_only = QtCore.Qt.ShortcutContext.WidgetShortcut  # the tree owns it
        self.filter_action.setShortcutContext(widget_only)
        self.group_action = QAction("&Group England by ONS Region", self)
        self.group_action.setCheckable(True)
        self.group_action.setStatusTip("Show England's areas under their main ONS region")
        self.about_action = QAction(f"&About {APP_NAME}", self)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        self.dividers_action = QAction("Move Pane &Dividers", self)
        self.dividers_action.setStatusTip(
            "Move the dividers between the panes with the arrow keys; Enter or Esc when done"
        )

    def _open_icon(self) -> QIcon:
        """The style's "open" icon, when neither the theme nor our bundle has one."""
        from PySide6.QtWidgets import QStyle  # QStyle's many enums cost start-up time

        return self.style().standardIcon(QStyle.StandardPixmap.SP_DialogOpenButton)

    @staticmethod
    def _add_actions(target: QMenu | QToolBar, actions: list[QAction | None]) -> None:
        """Add actions in order, None marking a separator (the viewer's convention)."""
        for action in actions:
            if action is None:
                target.addSeparator()
            else:
                target.addAction(action)

    def _build_menus(self) -> tuple[QMenu, QMenu, QMenu, QMenu]:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        file_menu.addAction(self.import_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        view_menu = bar.addMenu("&View")
        self._add_actions(view_menu, self.viewer.actions_for_menu())
        view_menu.addSeparator()
        view_menu.addAction(self.filter_action)
        view_menu.addAction(self.group_action)
        view_menu.addSeparator()
        view_menu.addAction(self.dividers_action)
        tools_menu = bar.addMenu("&Tools")
        help_menu = bar.addMenu("&Help")
        help_menu.addAction(self.about_action)
        return file_menu, view_menu, tools_menu, help_menu

    def _build_toolbar(self) -> QToolBar:
        from lis_desktop.ui.accessibility.names import name_toolbar

        toolbar = QToolBar("Main toolbar", self)
        toolbar.setObjectName("mainToolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(QtCore.Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        toolbar.addAction(self.import_action)
        # The viewer carries its own zoom/rotate bar; features add their actions here.
        self.addToolBar(QtCore.Qt.ToolBarArea.TopToolBarArea, toolbar)
        name_toolbar(toolbar, "Main toolbar", "More commands")
        return toolbar

    def _build_panes(self) -> Panes:
        """The panes F6 goes through (features add theirs); each named for screen readers."""
        self.left_pane.setAccessibleName("Regions")
        self.navigator.setAccessibleName("Regions")
        self.center.setAccessibleName("Viewer")
        from lis_desktop.ui.accessibility import panes as panes_module

        panes = panes_module.Panes(self)
        tree = self.tree

        def tree_entry() -> QWidget | None:
            return tree.view if self.navigator.currentWidget() is tree else None

        def viewer_entry() -> QWidget | None:
            canvas = self.viewer.canvas
            return (
                canvas
                if self.center.currentWidget() is self.viewer and canvas.isVisible()
                else None
            )

        panes.add(self.navigator, tree_entry)
        panes.add(self.center, viewer_entry)
        panes.add(self.publication)
        return panes

    @property
    def focus_ring(self) -> FocusRing:
        """The ring round the focus widget; made when the window is first shown (its style's
        classes cost start-up time), or when asked for."""
        if self._focus_ring is None:
            from lis_desktop.ui.accessibility.focus import FocusRing

            self._focus_ring = FocusRing(self)
        return self._focus_ring

    @staticmethod
    def _pane_name(widget: QWidget) -> str:
        return widget.accessibleName() or widget.objectName() or "pane"

    def focusNextPrevChild(self, next_: bool) -> bool:
        """Tab and Shift+Tab: the widgets in the order they are seen, pane by pane."""
        return (self.completed and self.panes.tab(next_)) or super().focusNextPrevChild(next_)

    def _build_status_bar(self) -> tuple[QLabel, QLabel]:
        status = self.statusBar()
        offline_label = QLabel(self)
        offline_label.setObjectName("offlineCount")
        network_label = QLabel(self)
        network_label.setObjectName("networkState")
        for label in (offline_label, network_label):
            label.setContentsMargins(8, 0, 8, 0)
        status.addPermanentWidget(offline_label)
        status.addPermanentWidget(network_label)
        network_label.setText(
            "Offline mode: no network use" if self.offline else "Not synced yet: Sync downloads"
        )
        return offline_label, network_label

    def _connect_frame(self) -> None:
        self.viewer.import_requested.connect(self._on_import_triggered)
        self.viewer.download_requested.connect(self._on_viewer_download_requested)
        self.viewer.document_failed.connect(self._on_viewer_document_failed)
        self.viewer.status_message.connect(self._on_viewer_status_message)
        self.viewer.link_hovered.connect(self._on_viewer_link_hovered)
        self.import_action.triggered.connect(self._on_import_triggered)
        self.quit_action.triggered.connect(self.close)
        self.about_action.triggered.connect(self._on_about_triggered)

    def _connect_rest(self) -> None:
        self.tree.region_selected.connect(self._on_tree_region_selected)
        self.publication.region_selected.connect(self.select_region)
        self.filter_action.triggered.connect(self.tree.focus_filter)
        self.group_action.toggled.connect(self._on_group_action_toggled)
        self.dividers_action.triggered.connect(self.dividers.start)

    # -- plug-in points -------------------------------------------------------------------
    def current_region_id(self) -> str | None:
        """The region chosen in the tree, or the one the viewer shows while a filter hides it
        in the tree (None while a file of the user's is shown)."""
        current = self.tree.current_region_id() if self.completed else None
        if current is None and self._opened_file is None:
            return self._last_region or None
        return current

    def statuses(self) -> dict[str, Offline]:
        """Each region's offline status, as last read by `refresh_library`."""
        return dict(self._statuses)

    def selected_region_ids(self) -> list[str]:
        """Regions selected in the tree (for export); the current one when none is selected."""
        ids = self.tree.selected_region_ids()
        current = self.current_region_id()
        return ids or ([current] if current else [])

    def select_region(self, region_id: str) -> bool:
        if not self.completed:  # the frame: shown now, made current in the tree once it is built
            if region_id not in (self._region_ids or ()):
                self.statusBar().showMessage(f"Unknown region '{region_id}'.", 8000)
                return False
            self._show_region(region_id)
            return True
        if not self.tree.select_region(region_id):
            self.statusBar().showMessage(f"Unknown region '{region_id}'.", 8000)
            return False
        return True

    def add_center_view(self, widget: QWidget) -> None:
        """A view that can take the viewer's place in the middle (shown with show_center_view)."""
        self.center.addWidget(widget)

    def show_center_view(self, widget: QWidget | None = None) -> None:
        """Show `widget` (added with add_center_view) in the middle; None: the viewer again
        (or the view holding it, such as a comparison of two summaries)."""
        target = widget if widget is not None else self._viewer_holder()
        if self.center.currentWidget() is not target:
            self.center.setCurrentWidget(target)
            self.center_changed.emit()

    def _viewer_holder(self) -> QWidget:
        """The center's view that is the viewer or holds it."""
        holder: QWidget = self.viewer
        while (parent := holder.parentWidget()) is not None and parent is not self.center:
            holder = parent
        return holder if parent is self.center else self.viewer

    def add_navigator_view(self, widget: QWidget) -> None:
        """A view of the regions that can take the tree's place (see show_navigator_view)."""
        self.navigator.addWidget(widget)

    def show_navigator_view(self, widget: QWidget | None = None) -> None:
        """Show `widget` (added with add_navigator_view) in the tree's place; None: the tree."""
        target = widget if widget is not None else self.tree
        if self.navigator.currentWidget() is not target:
            self.navigator.setCurrentWidget(target)
            self.navigator_changed.emit()

    def announce_shown(self) -> None:
        """Say `region_shown` again for the region shown now, for features plugged in after it
        was shown (the app opens the page first and its features right after)."""
        if self._opened_file is None and self._last_region:
            self.region_shown.emit(self._last_region)

    def refresh_library(self) -> None:
        """Re-read offline statuses and the publication (after an import or a sync)."""
        self._read_statuses()
        if not self.completed:
            return
        self.tree.set_statuses(self._statuses, self.library.status_details())
        self.publication.set_publication(self.library.publication)
        self.publication.set_statuses(self._statuses)
        self.publication.set_new_history(self.library.new_history())
        current = self.current_region_id()
        if current and self._opened_file is None and self.viewer.current_key() != current:
            self._show_region(current)
        self.library_refreshed.emit()

    def _read_statuses(self) -> None:
        from lis_desktop.domain import Offline  # with the library: the shell shows no status

        try:
            self._statuses = self.library.statuses()
        except LisError as exc:
            log.warning("Cannot read the offline cache: %s", exc)
            self._statuses = {r.id: Offline.MISSING for r in self.library.regions}
            self.statusBar().showMessage(str(exc), 15000)
        available = sum(
            1 for s in self._statuses.values() if s in (Offline.AVAILABLE, Offline.UPDATE_AVAILABLE)
        )
        total = len(self.library.regions)
        self.offline_label.setText(f"{available} of {total} summaries available offline")

    def set_network_state(self, text: str) -> None:
        self.network_label.setText(text)

    def open_file(self, path: Path) -> bool:
        """Show any PDF in the viewer, as a desktop PDF viewer does."""
        with contextlib.suppress(RuntimeError):  # "~nobody/x.pdf": no such home folder
            path = path.expanduser()
        if not path.is_file():
            show_error(self, "Cannot open file", f"'{path}' does not exist or is not a file.")
            return False
        self._opened_file = path.resolve()
        if self.completed:
            self.tree.clear_current()
            self.publication.set_current_region(None)
        self.viewer.open_document(self._opened_file, str(self._opened_file))
        self.setWindowTitle(f"{path.name} — {APP_NAME}")
        self.statusBar().showMessage(f"Opened {path}", 5000)
        return True

    def import_file(self, region_id: str, path: Path) -> bool:
        """Check `path` and attach it to `region_id`; on error say why and store nothing."""
        try:
            region = self.library.region(region_id)
            record = self.library.cache.import_pdf(region.id, path)
        except LisError as exc:
            show_error(self, "Import failed", f"The PDF was not imported. {exc}")
            return False
        self.statusBar().showMessage(f"Imported '{record.original_name}' for {region.title}.", 8000)
        self.refresh_library()
        if self.current_region_id() == region_id:
            self._show_region(region_id)
        else:
            self.select_region(region_id)
        return True

    # -- state ----------------------------------------------------------------------------
    def restore_geometry(self) -> None:
        """The window's size and place at the last exit (once: the shell has them already)."""
        if self._geometry_restored:
            return
        self._geometry_restored = True
        geometry = self.settings.get(settings.WINDOW_GEOMETRY)
        if not geometry.isEmpty():
            self.restoreGeometry(geometry)

    def saved_region(self) -> str | None:
        """The region shown at the last exit, when it is a known region (any, while the library
        is not attached yet)."""
        region = self.settings.get(settings.SELECTED_REGION)
        known = self._region_ids
        return region if region and (known is None or region in known) else None

    def restore_state(self, *, select: bool = True) -> str | None:
        """Restore geometry and splitter sizes, and (with `select`) the selected region.

        Returns the saved region id when it is a known region."""
        self.restore_geometry()
        state = self.settings.get(settings.WINDOW_STATE)
        if not state.isEmpty():
            self.restoreState(state)
        splitter = self.settings.get(settings.SPLITTER_STATE)
        if not splitter.isEmpty():
            # Sizes only hold once the window has its real size: apply them when first shown.
            self._pending_splitter_state = splitter
            if self.framed and self.isVisible():  # shown already (its first look)
                self._frame_shown()
        region = self.saved_region()
        if region is None:
            return None
        if select:
            self.select_region(region)
        return region

    def save_state(self) -> None:
        self.settings.set(settings.WINDOW_GEOMETRY, QByteArray(self.saveGeometry()))
        self.settings.set(settings.WINDOW_STATE, QByteArray(self.saveState()))
        self.settings.set(settings.SPLITTER_STATE, QByteArray(self.splitter.saveState()))
        self.settings.set(settings.SELECTED_REGION, self.current_region_id() or self._last_region)
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.framed:  # closed while only its first look is up: once the frame is
            self._close_wanted = True  # built (and has state to save)
            event.ignore()
            return
        self.save_state()
        self.viewer.shutdown()  # saves the reading position
        super().closeEvent(event)

    def refresh_menus(self) -> None:
        """Show the Tools menu once a feature has put something in it."""
        self.tools_menu.menuAction().setVisible(bool(self.tools_menu.actions()))

    def showEvent(self, event: QShowEvent) -> None:
        if self.framed:
            self._frame_shown()
        super().showEvent(event)

    def _frame_shown(self) -> None:
        """The frame on screen: the splitter's sizes (they only hold at the window's real
        size), the Tools menu if it has entries, and soon the focus ring."""
        self.refresh_menus()
        if self._pending_splitter_state is not None:
            self.splitter.restoreState(self._pending_splitter_state)
            self._pending_splitter_state = None
            self._split_guessed = False  # the sizes the user left win over any guess
        elif not self._split_done:
            if self.completed:
                tree = self.tree.preferred_width()
            else:  # the frame: worked out as the tree will (and checked once it is built)
                from lis_desktop.ui.regions.width import preferred_tree_width

                tree = preferred_tree_width(r.title for r in self.library.regions)
                self._split_guessed = True
            self.splitter.setSizes(initial_split(self.splitter.width(), tree))
        self._split_done = True
        if self._focus_ring is None:
            QTimer.singleShot(0, self, lambda: self.focus_ring)

    # -- slots ----------------------------------------------------------------------------
    def _show_region(self, region_id: str) -> None:
        region = self.library.region(region_id)
        self._opened_file = None
        self._last_region = region_id
        try:
            path = self.library.pdf_path(region_id)
        except LisError as exc:
            self.statusBar().showMessage(str(exc), 15000)
            path = None
        # The page first: the PDF host renders it while the rest below is done here.
        if path is not None:
            self.viewer.open_document(path, region_id, f"{region.title} summary")
        else:
            self.viewer.show_empty(
                region.title, self._empty_message(region_id), can_download=not self.offline
            )
        # Remembered now, not only at close: a session ended by logout or a kill reopens it too.
        self.settings.set(settings.SELECTED_REGION, region_id)
        self.setWindowTitle(f"{region.title} — {APP_NAME}")
        if self.completed:
            self.publication.set_current_region(region_id)
        self.region_shown.emit(region_id)

    def _empty_message(self, region_id: str) -> str:
        from lis_desktop.domain import Offline

        status = self._statuses.get(region_id, Offline.MISSING)
        if status == Offline.CORRUPT:
            return "The offline copy of this summary is damaged. Download or import it again."
        if status == Offline.FAILED:
            why = self.library.status_details().get(region_id, "").split("\n")[-1]
            return (
                f"The last download of this summary failed. {why}\n"
                "Try again, or import a PDF you have."
            )
        if self.offline:
            return "This summary is not available offline yet. Import a PDF you already have."
        return "This summary is not available offline yet. Download it, or import a PDF you have."

    def _on_tree_region_selected(self, region_id: str) -> None:
        self._show_region(region_id)

    def _on_group_action_toggled(self, grouped: bool) -> None:
        self.tree.set_grouped(grouped)
        self.settings.set(settings.TREE_GROUPED, grouped)

    def _on_import_triggered(self) -> None:
        region_id = self.current_region_id()
        if region_id is None:
            show_error(self, "Import PDF", "Choose a region first: the PDF is attached to it.")
            return
        from PySide6.QtWidgets import QFileDialog  # first use: not needed to show the window

        title = self.library.region(region_id).title
        name, _filter = QFileDialog.getOpenFileName(
            self, f"Import PDF for {title}", str(Path.home()), "PDF files (*.pdf);;All files (*)"
        )
        if name:
            self.import_file(region_id, Path(name))

    def _on_about_triggered(self) -> None:
        from lis_desktop.ui.dialogs import show_about

        show_about(self)

    def _on_viewer_download_requested(self) -> None:
        region_id = self.current_region_id()
        if region_id:
            self.download_requested.emit(region_id)

    def _on_viewer_document_failed(self, key: str, message: str) -> None:
        # The viewer shows the reason in place; the status bar keeps it after the user moves on.
        log.warning("Cannot show %s: %s", key, message)
        self.statusBar().showMessage(message, 15000)

    def _on_viewer_status_message(self, message: str) -> None:
        self.statusBar().showMessage(message, 5000)

    def _on_viewer_link_hovered(self, target: str) -> None:
        if target:
            self.announcer.show_quietly(target)  # the pointer's business: not read out
        else:
            self.statusBar().clearMessage()
