"""The region tree: nations and their areas, a filter box, facets (body type, LIS wave, ONS
region) and a 'Showing N of 41' count.

The rows come from model.py (a thin adapter over the domain regions, filtered by a recursive
proxy that asks `domain.region_matches` and the facets); this widget only emits region ids, and
tells views that follow it (the theme matrix) what it shows: `shown_changed`, `shown_outline`.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from PySide6.QtCore import (
    QEvent,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QActionGroup, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from lis_desktop.domain import Offline, Region
from lis_desktop.search.query import BODIES, NO_WAVE, WAVES, Facets
from lis_desktop.ui.accessibility.announce import announce
from lis_desktop.ui.regions.model import (
    BODY_NAMES,
    GROUP_ROLE,
    NATION_ROLE,
    ONS_REGIONS,
    REGION_ROLE,
    RegionFilterProxy,
    RegionModel,
)
from lis_desktop.ui.regions.width import TREE_MARGINS, preferred_tree_width

__all__ = ["GROUP_ROLE", "NATION_ROLE", "REGION_ROLE", "OutlineRow", "RegionTree"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class OutlineRow:
    """A row the tree shows: a region (with its id) or a heading (a nation or an ONS group)."""

    depth: int  # 0 for top-level rows
    title: str
    region_id: str | None = None  # None on heading rows


class _FilterKeys(QObject):
    """Esc clears the filter; Down or Enter moves into the tree."""

    def __init__(self, tree: RegionTree) -> None:
        super().__init__(tree)
        self._tree = tree

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = event.key()
            if key == Qt.Key.Key_Escape and self._tree.filter_edit.text():
                self._tree.filter_edit.clear()
                return True
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._tree.focus_first_match()
                return True
        return False


class _FacetMenu(QMenu):
    """Body type, LIS wave and ONS region, one choice each ("Any" by default)."""

    facets_chosen = Signal(object)  # Facets

    def __init__(self, parent: QWidget) -> None:
        super().__init__("Facets", parent)
        bodies = [
            (f"{b} — {BODY_NAMES[b]}" if b != "Devolved" else BODY_NAMES[b], b) for b in BODIES
        ]
        waves = [(f"Wave {w}", w) for w in WAVES] + [("No wave (devolved nations)", NO_WAVE)]
        self._groups = {
            "body": self._choices("&Body type", bodies),
            "wave": self._choices("LIS &wave", waves),
            "ons_region": self._choices("&ONS region", [(o, o) for o in ONS_REGIONS if o]),
        }
        self.addSeparator()
        self.addAction("&Clear facets", lambda: self.set_facets(Facets(), emit=True))

    def _choices(self, title: str, choices: Sequence[tuple[str, object]]) -> QActionGroup:
        menu = self.addMenu(title)
        group = QActionGroup(menu)
        for text, value in [("Any", None), *choices]:
            action = menu.addAction(text)
            action.setCheckable(True)
            action.setChecked(value is None)
            action.setData(value)
            group.addAction(action)
        group.triggered.connect(self._on_group_triggered)
        return group

    def facets(self) -> Facets:
        chosen = {}
        for name, group in self._groups.items():
            action = group.checkedAction()
            chosen[name] = action.data() if action is not None else None
        return Facets(**chosen)

    def set_facets(self, facets: Facets, *, emit: bool = False) -> None:
        for name, group in self._groups.items():
            wanted = getattr(facets, name)
            for action in group.actions():
                action.setChecked(action.data() == wanted)
        if emit:
            self.facets_chosen.emit(self.facets())

    def _on_group_triggered(self, _action: QAction) -> None:
        self.facets_chosen.emit(self.facets())


class RegionTree(QWidget):
    """Filter box, facets, tree of regions and the count; emits `region_selected(id)`."""

    region_selected = Signal(str)
    selection_changed = Signal()
    shown_changed = Signal()  # the regions shown, or their grouping, changed (filter, facets, ...)

    def __init__(self, regions: Iterable[Region], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = RegionModel(regions, self)
        self._rebuilding = False  # regrouping: re-selecting the same region is no new choice
        self._chosen: str | None = None  # the region last made current (what the viewer shows)
        self.proxy = RegionFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.filter_edit = QLineEdit(self)
        self.filter_edit.setPlaceholderText("Filter regions  (Ctrl+L)")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setAccessibleName("Filter regions")
        self.filter_edit.setAccessibleDescription(
            "Type part of a region's name to narrow the tree; Down goes to the first match, "
            "Escape clears"
        )
        self.filter_edit.installEventFilter(_FilterKeys(self))
        self.facet_menu = _FacetMenu(self)
        self.facet_button = self._build_facet_button()
        self.view = self._build_view()
        self.count_label = QLabel(self)
        self.count_label.setObjectName("regionCount")
        self.count_label.setContentsMargins(4, 0, 4, 0)
        self._count_said = QTimer(self, singleShot=True, interval=700)  # when typing pauses
        self._count_said.timeout.connect(self._on_count_said_timeout)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(*TREE_MARGINS)
        layout.setSpacing(6)
        self.filter_row = QHBoxLayout()
        self.filter_row.setSpacing(2)
        self.filter_row.addWidget(self.filter_edit, 1)
        self.filter_row.addWidget(self.facet_button)
        layout.addLayout(self.filter_row)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.count_label)
        self.filter_edit.textChanged.connect(self._on_filter_edit_text_changed)
        self.facet_menu.facets_chosen.connect(self.set_facets)
        selection = self.view.selectionModel()
        selection.currentChanged.connect(self._on_view_current_changed)
        selection.selectionChanged.connect(self._on_view_selection_changed)
        self._install_shortcuts()
        self._update_count()

    def _build_view(self) -> QTreeView:
        view = QTreeView(self)
        view.setModel(self.proxy)
        view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setUniformRowHeights(True)
        view.setAllColumnsShowFocus(True)
        view.setHeaderHidden(True)
        view.setAccessibleName("Regions")
        header = view.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        view.expandAll()
        return view

    def _build_facet_button(self) -> QToolButton:
        button = QToolButton(self)
        button.setText("Facets")
        button.setMenu(self.facet_menu)
        button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        button.setAutoRaise(True)
        button.setAccessibleName("Facets")
        button.setToolTip("Show only regions of a body type, LIS wave or ONS region")
        return button

    def _install_shortcuts(self) -> None:
        for keys in ("Ctrl+L", "/"):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(self.focus_filter)

    # -- public ---------------------------------------------------------------------------
    def focus_filter(self) -> None:
        self.filter_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter_edit.selectAll()

    def set_filter(self, text: str) -> None:
        self.filter_edit.setText(text)

    def set_statuses(
        self, statuses: Mapping[str, Offline], details: Mapping[str, str] | None = None
    ) -> None:
        self.model.set_statuses(statuses, details)

    def set_grouped(self, grouped: bool) -> None:
        """Group England's areas by ONS region (or not), keeping the current and selected rows."""
        if grouped == self.model.grouped:
            return
        current = self.current_region_id()
        selected = set(self.tree_selection())
        self._rebuilding = True
        try:
            self.model.set_grouped(grouped)
            self.proxy.recount()  # the new heading rows, as filtered now
            self.view.expandAll()
            if current:
                self.select_region(current)
            self._reselect(selected)
        finally:
            self._rebuilding = False
        self._update_count()

    def tree_selection(self) -> list[str]:
        """The region rows selected right now (not expanded from nation or group rows)."""
        rows = self.view.selectionModel().selectedRows(0)
        return [r.id for r in (i.data(REGION_ROLE) for i in rows) if isinstance(r, Region)]

    def _reselect(self, region_ids: set[str], selected: bool = True) -> None:
        selection = self.view.selectionModel()
        how = (
            QItemSelectionModel.SelectionFlag.Select
            if selected
            else QItemSelectionModel.SelectionFlag.Deselect
        )
        flags = how | QItemSelectionModel.SelectionFlag.Rows
        for region_id in region_ids:
            source = self.model.index_of(region_id)
            index = self.proxy.mapFromSource(source) if source is not None else QModelIndex()
            if index.isValid():
                selection.select(index, flags)

    def select_also(self, region_ids: Iterable[str], selected: bool = True) -> None:
        """Add these regions to the selection (or take them out of it); the current row stays
        (e.g. a comparison's pair, which Export… then offers)."""
        self._reselect(set(region_ids), selected)

    def facets(self) -> Facets:
        return self.proxy.facets

    def set_facets(self, facets: Facets) -> None:
        """Show only the regions these facets match (Facets(): every region)."""
        if facets == self.proxy.facets:
            return
        self.facet_menu.set_facets(facets)
        self.proxy.set_facets(facets)
        chosen = sum(1 for v in (facets.body, facets.wave, facets.ons_region) if v is not None)
        self.facet_button.setText(f"Facets ({chosen})" if chosen else "Facets")
        self.view.expandAll()
        self._restore_current()
        self._update_count()

    def shown_outline(self) -> list[OutlineRow]:
        """What the tree shows, in its order: headings and regions, each with its depth."""
        return list(self._outline(QModelIndex(), 0))

    def _outline(self, parent: QModelIndex, depth: int) -> Iterator[OutlineRow]:
        for row in range(self.proxy.rowCount(parent)):
            index = self.proxy.index(row, 0, parent)
            region = index.data(REGION_ROLE)
            if isinstance(region, Region):
                yield OutlineRow(depth, region.title, region.id)
            else:
                heading = index.data(NATION_ROLE) or index.data(GROUP_ROLE)
                yield OutlineRow(depth, str(heading))
                yield from self._outline(index, depth + 1)

    def set_region_subset(self, region_ids: Iterable[str] | None) -> None:
        """Show only these regions (e.g. those with search hits); None shows every region."""
        self.proxy.set_only(region_ids)
        self.view.expandAll()
        self._restore_current()
        self._update_count()

    def preferred_width(self) -> int:
        """A width that shows all but the longest region names in full (with their status
        icon, the body column, the indentation, a scroll bar and the margins), in this font."""
        return preferred_tree_width(
            (r.title for r in self.model.regions()),
            self.view.fontMetrics(),
            self.view.style(),
            indentation=self.view.indentation(),
            frame=self.view.frameWidth(),
        )

    def add_filter_action(self, action: QAction) -> QToolButton:
        """A button for `action` beside the filter box (e.g. the search-text mode)."""
        button = QToolButton(self)
        button.setDefaultAction(action)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        button.setAutoRaise(True)
        self.filter_row.addWidget(button)
        return button

    def visible_region_ids(self) -> list[str]:
        return [region.id for region in self._visible_regions()]

    def current_region_id(self) -> str | None:
        region = self.view.currentIndex().data(REGION_ROLE)
        return region.id if isinstance(region, Region) else None

    def selected_region_ids(self) -> list[str]:
        """Selected regions in tree order (a selected nation row counts as its areas)."""
        chosen: set[str] = set()
        for index in self.view.selectionModel().selectedRows(0):
            region = index.data(REGION_ROLE)
            if isinstance(region, Region):
                chosen.add(region.id)
            else:
                chosen.update(r.id for r in self._visible_regions(index))
        return [r.id for r in self._visible_regions() if r.id in chosen]

    def select_all_shown(self) -> None:
        """Select every region the filter shows (to export them together)."""
        selection = QItemSelection()
        for region in self._visible_regions():
            source = self.model.index_of(region.id)
            if source is not None:
                index = self.proxy.mapFromSource(source)
                selection.select(index, index)
        flags = (
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows
        )
        self.view.selectionModel().select(selection, flags)

    def select_region(self, region_id: str) -> bool:
        """Make `region_id` the current row (clearing a filter, then facets, that hide it)."""
        source = self.model.index_of(region_id)
        if source is None:
            return False
        index = self.proxy.mapFromSource(source)
        if not index.isValid():
            self.filter_edit.clear()
            index = self.proxy.mapFromSource(source)
        if not index.isValid():
            self.set_facets(Facets())
            index = self.proxy.mapFromSource(source)
        self.view.setCurrentIndex(index)
        self.view.scrollTo(index)
        return True

    def show_current(self, region_id: str) -> None:
        """Make `region_id` current and selected as the one shown, without choosing it anew
        (no `region_selected`): the viewer shows it already."""
        self._chosen = region_id
        self._restore_current()

    def clear_current(self) -> None:
        """No region is current or selected (the viewer shows a file of the user's): a click on
        any region, the one shown before too, then shows it."""
        self._chosen = None
        self.view.selectionModel().clear()

    def focus_first_match(self) -> None:
        """Into the tree, on the current region if the filter shows it, else on the first
        shown; selected too (filtering can leave a row current without selecting it)."""
        shown = [r.id for r in self._visible_regions()]
        if shown:
            current = self.current_region_id()
            self.select_region(current if current in shown else shown[0])
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- internals ------------------------------------------------------------------------
    def _visible_regions(self, parent: QModelIndex | None = None) -> list[Region]:
        return list(self._walk(parent if parent is not None else QModelIndex()))

    def _walk(self, parent: QModelIndex) -> Iterator[Region]:
        for row in range(self.proxy.rowCount(parent)):
            index = self.proxy.index(row, 0, parent)
            region = index.data(REGION_ROLE)
            if isinstance(region, Region):
                yield region
            yield from self._walk(index)

    def _restore_current(self) -> None:
        """The region chosen last becomes current again when a filter that hid it is gone (the
        viewer still shows it), without choosing it anew."""
        chosen = self._chosen
        if chosen is None or self.current_region_id() == chosen:
            return
        source = self.model.index_of(chosen)
        index = self.proxy.mapFromSource(source) if source is not None else QModelIndex()
        if not index.isValid():
            return
        self._rebuilding = True
        try:
            flags = (
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows
            )
            self.view.selectionModel().setCurrentIndex(index, flags)
            self.view.scrollTo(index)
        finally:
            self._rebuilding = False

    def _update_count(self) -> None:
        shown = len(self._visible_regions())
        total = self.model.region_count()
        facets = self.proxy.facets.describe().removeprefix("in ")
        text = f"Showing {shown} of {total}" + (f" · {facets}" if facets else "")
        if text != self.count_label.text():
            self.count_label.setText(text)
            if self.filter_edit.hasFocus() or self.facet_button.hasFocus():
                self._count_said.start()
        self.shown_changed.emit()

    def _on_count_said_timeout(self) -> None:
        announce(self.count_label, self.count_label.text())

    def _on_filter_edit_text_changed(self, text: str) -> None:
        self.proxy.set_query(text)
        self.view.expandAll()
        self._restore_current()
        self._update_count()

    def _on_view_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        region = current.data(REGION_ROLE)
        if isinstance(region, Region) and not self._rebuilding:
            self._chosen = region.id
            self.region_selected.emit(region.id)

    def _on_view_selection_changed(self, _selected: QItemSelection, _old: QItemSelection) -> None:
        self.selection_changed.emit()
