"""The region tree's data: a thin QStandardItemModel adapter over the domain regions (nations,
optionally ONS-region groups, areas) and the recursive filter proxy that asks
`domain.region_matches` and the facets (body type, LIS wave, ONS region). Qt item plumbing only;
the widget is in tree.py."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QStandardItem, QStandardItemModel

from lis_desktop.domain import (
    NATIONS,
    Offline,
    Region,
    filter_matches,
    region_matches,
    tree_order_key,
)
from lis_desktop.search.query import Facets
from lis_desktop.ui.icons import STATUS_TEXT, status_icon

log = logging.getLogger(__name__)

REGION_ROLE = Qt.ItemDataRole.UserRole + 1  # the Region on area rows, None on nation rows
NATION_ROLE = Qt.ItemDataRole.UserRole + 2

BODY_NAMES = {
    "LEP": "Local Enterprise Partnership",
    "MCA": "Mayoral Combined Authority",
    "Devolved": "Devolved nation",
}

AnyIndex = QModelIndex | QPersistentModelIndex

GROUP_ROLE = Qt.ItemDataRole.UserRole + 3  # the ONS region name on grouping rows
TOTAL_ROLE = Qt.ItemDataRole.UserRole + 4  # on heading rows: (areas under it, unfiltered tooltip)
ONS_REGIONS = (
    "North East",
    "North West",
    "Yorkshire and the Humber",
    "East Midlands",
    "West Midlands",
    "East of England",
    "London",
    "South East",
    "South West",
)


def _heading_row(text: str, role: int, count: int, tooltip: str) -> list[QStandardItem]:
    """A nation or group row: its name, and how many areas it holds in the second column."""
    title = QStandardItem(text)
    number = QStandardItem(str(count))
    for item in (title, number):
        item.setEditable(False)
        item.setData(text, role)
    title.setToolTip(tooltip.format(count))
    title.setData((count, title.toolTip()), TOTAL_ROLE)
    number.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return [title, number]


class RegionModel(QStandardItemModel):
    """Nation rows holding region rows; a nation with one region is that region's own row.

    Grouped, England's areas sit under their primary ONS region (the first one listed)."""

    def __init__(
        self, regions: Iterable[Region], parent: QObject | None = None, *, grouped: bool = False
    ) -> None:
        super().__init__(parent)
        self.setHorizontalHeaderLabels(["Region", "Body"])
        self._regions = tuple(regions)
        self._items: dict[str, QStandardItem] = {}
        self._statuses: dict[str, Offline] = {}
        self._details: dict[str, str] = {}  # why/when per region (tooltips)
        self._icons = {status: status_icon(status) for status in Offline}
        self.grouped = grouped
        self._populate()

    def set_grouped(self, grouped: bool) -> None:
        """Rebuild the rows in place (same model object), keeping statuses and details."""
        if grouped == self.grouped:
            return
        self.grouped = grouped
        self.removeRows(0, self.rowCount())
        self._populate()

    def _populate(self) -> None:
        self._items.clear()
        by_nation: dict[str, list[Region]] = {}
        for region in self._regions:
            by_nation.setdefault(region.nation, []).append(region)
        nations = [n for n in NATIONS if n in by_nation] + sorted(set(by_nation) - set(NATIONS))
        for nation in nations:
            members = by_nation[nation]
            if len(members) == 1 and members[0].title == nation:
                self.appendRow(self._region_row(members[0]))
                continue
            row = _heading_row(nation, NATION_ROLE, len(members), f"{nation}: {{}} areas")
            if self.grouped and nation == "England":
                self._add_ons_groups(row[0], members)
            else:
                for region in sorted(members, key=tree_order_key):
                    row[0].appendRow(self._region_row(region))
            self.appendRow(row)

    def _add_ons_groups(self, parent: QStandardItem, members: list[Region]) -> None:
        by_ons: dict[str, list[Region]] = {}
        for region in members:
            by_ons.setdefault(region.ons_regions[0] if region.ons_regions else "", []).append(
                region
            )
        order = [o for o in ONS_REGIONS if o in by_ons] + sorted(set(by_ons) - set(ONS_REGIONS))
        for ons in order:
            row = _heading_row(ons or "Other", GROUP_ROLE, len(by_ons[ons]), "{} areas")
            row[0].setToolTip(f"{ons}: areas whose main ONS region this is")
            row[0].setData((len(by_ons[ons]), row[0].toolTip()), TOTAL_ROLE)
            for region in sorted(by_ons[ons], key=tree_order_key):
                row[0].appendRow(self._region_row(region))
            parent.appendRow(row)

    def _region_row(self, region: Region) -> list[QStandardItem]:
        title = QStandardItem(region.title)
        body = QStandardItem("" if region.body == "Devolved" else region.body)
        for item in (title, body):
            item.setEditable(False)
            item.setData(region, REGION_ROLE)
        title.setData(region.title, Qt.ItemDataRole.AccessibleTextRole)  # in full, never cut
        body.setData(BODY_NAMES.get(region.body, region.body), Qt.ItemDataRole.AccessibleTextRole)
        body.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self._items[region.id] = title
        status = self._statuses.get(region.id, Offline.MISSING)
        self._set_status(region, title, status, self._details.get(region.id, ""))
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

    def regions(self) -> tuple[Region, ...]:
        return self._regions


class RegionFilterProxy(QSortFilterProxyModel):
    """Keeps rows whose region (or nation) matches the query; parents of matches stay visible."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._query = ""
        self._only: frozenset[str] | None = None  # e.g. the regions with search hits
        self._facets = Facets()
        self.setRecursiveFilteringEnabled(True)
        self.setAutoAcceptChildRows(True)

    @property
    def facets(self) -> Facets:
        return self._facets

    def set_facets(self, facets: Facets) -> None:
        """Show only regions these facets (body type, LIS wave, ...) match; Facets(): all."""
        self.beginFilterChange()
        self._facets = facets
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        self.recount()

    def set_query(self, query: str) -> None:
        self.beginFilterChange()
        self._query = query
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        self.recount()

    def set_only(self, region_ids: Iterable[str] | None) -> None:
        """Show only these regions (None: all), combined with the query."""
        self.beginFilterChange()
        self._only = None if region_ids is None else frozenset(region_ids)
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        self.recount()

    def recount(self) -> None:
        """Heading rows count the areas they show: "3 of 38" while filtered, "38" when not.
        Written into the source model's items (a data() override here would run Python for
        every role of every row each time the tree paints)."""
        source = self.sourceModel()
        if not isinstance(source, QStandardItemModel):
            return
        pending = [QModelIndex()]
        while pending:
            parent = pending.pop()
            for row in range(self.rowCount(parent)):
                index = self.index(row, 0, parent)
                at = self.mapToSource(index)
                title, number = (
                    source.itemFromIndex(at),
                    source.itemFromIndex(at.siblingAtColumn(1)),
                )
                total = title.data(TOTAL_ROLE) if title is not None else None
                if title is None or total is None:
                    continue
                count, tooltip = total
                shown = self._leaves(index, self)
                filtered = shown != count
                if number is not None:
                    number.setText(f"{shown} of {count}" if filtered else str(count))
                title.setToolTip(f"{title.text()}: {shown} of {count} areas shown" if filtered
                                 else tooltip)  # fmt: skip
                pending.append(index)

    @staticmethod
    def _leaves(parent: QModelIndex, model: QAbstractItemModel) -> int:
        count = 0
        for row in range(model.rowCount(parent)):
            child = model.index(row, 0, parent)
            if isinstance(child.data(REGION_ROLE), Region):
                count += 1
            else:
                count += RegionFilterProxy._leaves(child, model)
        return count

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        index = self.sourceModel().index(source_row, 0, source_parent)
        region = index.data(REGION_ROLE)
        narrowed = self._only is not None or not self._facets.is_any()
        if narrowed and not (isinstance(region, Region) and self._allowed(region)):
            return False  # a nation row stays when one of its regions is accepted
        if not self._query.strip():
            return True
        if isinstance(region, Region):
            # a nation row that matches cannot vouch for its rows while they are narrowed
            by_nation = narrowed and filter_matches(self._query, region.nation)
            return by_nation or region_matches(region, self._query)
        heading = index.data(NATION_ROLE) or index.data(GROUP_ROLE)
        return isinstance(heading, str) and filter_matches(self._query, heading)

    def _allowed(self, region: Region) -> bool:
        return (self._only is None or region.id in self._only) and self._facets.matches(region)
