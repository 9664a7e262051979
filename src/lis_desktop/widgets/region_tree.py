"""The region tree: nations and their areas, a filter box and a 'Showing N of 41' count.

A thin QStandardItemModel adapter over the domain regions, filtered by a recursive
QSortFilterProxyModel that asks `domain.region_matches`; the widget only emits region ids.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Mapping

from PySide6.QtCore import (
    QEvent,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QKeyEvent,
    QKeySequence,
    QShortcut,
    QStandardItem,
    QStandardItemModel,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from lis_desktop.domain import NATIONS, Offline, Region, filter_matches, region_matches
from lis_desktop.widgets.icons import STATUS_TEXT, status_icon

log = logging.getLogger(__name__)

REGION_ROLE = Qt.ItemDataRole.UserRole + 1  # the Region on area rows, None on nation rows
NATION_ROLE = Qt.ItemDataRole.UserRole + 2

BODY_NAMES = {
    "LEP": "Local Enterprise Partnership",
    "MCA": "Mayoral Combined Authority",
    "Devolved": "Devolved nation",
}

AnyIndex = QModelIndex | QPersistentModelIndex


class RegionModel(QStandardItemModel):
    """Nation rows holding region rows; a nation with one region is that region's own row."""

    def __init__(self, regions: Iterable[Region], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setHorizontalHeaderLabels(["Region", "Body"])
        self._items: dict[str, QStandardItem] = {}
        self._statuses: dict[str, Offline] = {}
        self._details: dict[str, str] = {}  # why/when per region (tooltips)
        self._icons = {status: status_icon(status) for status in Offline}
        by_nation: dict[str, list[Region]] = {}
        for region in regions:
            by_nation.setdefault(region.nation, []).append(region)
        nations = [n for n in NATIONS if n in by_nation] + sorted(set(by_nation) - set(NATIONS))
        for nation in nations:
            members = by_nation[nation]
            if len(members) == 1 and members[0].title == nation:
                self.appendRow(self._region_row(members[0]))
                continue
            title = QStandardItem(f"{nation}")
            title.setData(nation, NATION_ROLE)
            title.setToolTip(f"{nation}: {len(members)} areas")
            title.setEditable(False)
            count = QStandardItem(f"{len(members)}")
            count.setEditable(False)
            count.setData(nation, NATION_ROLE)
            count.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            for region in sorted(members, key=lambda r: r.title.casefold()):
                title.appendRow(self._region_row(region))
            self.appendRow([title, count])

    def _region_row(self, region: Region) -> list[QStandardItem]:
        title = QStandardItem(region.title)
        body = QStandardItem("" if region.body == "Devolved" else region.body)
        for item in (title, body):
            item.setEditable(False)
            item.setData(region, REGION_ROLE)
        body.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self._items[region.id] = title
        self._set_status(region, title, Offline.MISSING)
        return [title, body]

    def set_statuses(
        self, statuses: Mapping[str, Offline], details: Mapping[str, str] | None = None
    ) -> None:
        """Icons and tooltips; `details` adds why and when (e.g. the last download error)."""
        for region_id, item in self._items.items():
            status = statuses.get(region_id, Offline.MISSING)
            detail = (details or {}).get(region_id, "")
            if (self._statuses.get(region_id), self._details.get(region_id, "")) != (
                status,
                detail,
            ):
                self._set_status(item.data(REGION_ROLE), item, status, detail)

    def _set_status(
        self, region: Region, item: QStandardItem, status: Offline, detail: str = ""
    ) -> None:
        self._statuses[region.id] = status
        self._details[region.id] = detail
        item.setIcon(self._icons[status])
        body = BODY_NAMES.get(region.body, region.body)
        wave = f", LIS wave {region.wave}" if region.wave else ""
        ons = f"\n{'; '.join(region.ons_regions)}" if region.ons_regions else ""
        why = f"\n{detail}" if detail else ""
        item.setToolTip(f"{region.title}\n{body}{wave}{ons}\n{STATUS_TEXT[status]}{why}")
        item.setData(status.value, Qt.ItemDataRole.AccessibleDescriptionRole)

    def index_of(self, region_id: str) -> QModelIndex | None:
        item = self._items.get(region_id)
        return None if item is None else item.index()

    def region_count(self) -> int:
        return len(self._items)


class RegionFilterProxy(QSortFilterProxyModel):
    """Keeps rows whose region (or nation) matches the query; parents of matches stay visible."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._query = ""
        self._only: frozenset[str] | None = None  # e.g. the regions with search hits
        self.setRecursiveFilteringEnabled(True)
        self.setAutoAcceptChildRows(True)

    def set_query(self, query: str) -> None:
        self.beginFilterChange()
        self._query = query
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_only(self, region_ids: Iterable[str] | None) -> None:
        """Show only these regions (None: all), combined with the query."""
        self.beginFilterChange()
        self._only = None if region_ids is None else frozenset(region_ids)
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        index = self.sourceModel().index(source_row, 0, source_parent)
        region = index.data(REGION_ROLE)
        if self._only is not None and (
            not isinstance(region, Region) or region.id not in self._only
        ):
            return False  # a nation row stays when one of its regions is accepted
        if not self._query.strip():
            return True
        if isinstance(region, Region):
            # a nation row that matches cannot vouch for its rows while they are narrowed
            by_nation = self._only is not None and filter_matches(self._query, region.nation)
            return by_nation or region_matches(region, self._query)
        nation = index.data(NATION_ROLE)
        return isinstance(nation, str) and filter_matches(self._query, nation)


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


class RegionTree(QWidget):
    """Filter box, tree of regions and the count; emits `region_selected(id)`."""

    region_selected = Signal(str)
    selection_changed = Signal()

    def __init__(self, regions: Iterable[Region], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = RegionModel(regions, self)
        self.proxy = RegionFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.filter_edit = QLineEdit(self)
        self.filter_edit.setPlaceholderText("Filter regions  (Ctrl+L)")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setAccessibleName("Filter regions")
        self.filter_edit.installEventFilter(_FilterKeys(self))
        self.view = self._build_view()
        self.count_label = QLabel(self)
        self.count_label.setObjectName("regionCount")
        self.count_label.setContentsMargins(4, 0, 4, 0)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 0, 4)
        layout.setSpacing(6)
        self.filter_row = QHBoxLayout()
        self.filter_row.setSpacing(2)
        self.filter_row.addWidget(self.filter_edit, 1)
        layout.addLayout(self.filter_row)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.count_label)
        self.filter_edit.textChanged.connect(self._on_filter_edit_text_changed)
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

    def set_region_subset(self, region_ids: Iterable[str] | None) -> None:
        """Show only these regions (e.g. those with search hits); None shows every region."""
        self.proxy.set_only(region_ids)
        self.view.expandAll()
        self._update_count()

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
        """Make `region_id` the current row (clearing a filter that hides it)."""
        source = self.model.index_of(region_id)
        if source is None:
            return False
        index = self.proxy.mapFromSource(source)
        if not index.isValid():
            self.filter_edit.clear()
            index = self.proxy.mapFromSource(source)
        self.view.setCurrentIndex(index)
        self.view.scrollTo(index)
        return True

    def focus_first_match(self) -> None:
        regions = self._visible_regions()
        if regions and self.current_region_id() not in {r.id for r in regions}:
            self.select_region(regions[0].id)
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

    def _update_count(self) -> None:
        shown = len(self._visible_regions())
        total = self.model.region_count()
        self.count_label.setText(f"Showing {shown} of {total}")

    def _on_filter_edit_text_changed(self, text: str) -> None:
        self.proxy.set_query(text)
        self.view.expandAll()
        self._update_count()

    def _on_view_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        region = current.data(REGION_ROLE)
        if isinstance(region, Region):
            self.region_selected.emit(region.id)

    def _on_view_selection_changed(self, _selected: QItemSelection, _old: QItemSelection) -> None:
        self.selection_changed.emit()
