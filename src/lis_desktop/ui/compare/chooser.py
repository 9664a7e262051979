""" "Compare with…": a small dialog to choose the summary to put beside the one shown, filtered
as the region tree is (`domain.region_matches`); summaries not available offline are listed but
cannot be chosen, and say why."""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from lis_desktop.domain import Region, region_matches

ID_ROLE = Qt.ItemDataRole.UserRole + 1


class RegionChooser(QDialog):
    """Lists `regions` but `first`; emits `chosen(id)` when one is accepted."""

    chosen = Signal(str)

    def __init__(
        self,
        first_title: str,
        regions: Sequence[Region],
        offline: Mapping[str, bool],
        preselect: str | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("compareChooser")
        self.setWindowTitle("Compare with")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.regions = list(regions)
        self.label = QLabel(f"Show beside <b>{html.escape(first_title)}</b>:")
        self.filter_edit = QLineEdit(placeholderText="Filter regions", clearButtonEnabled=True)
        self.filter_edit.setAccessibleName("Filter regions to compare with")
        self.list = QListWidget()
        self.list.setAccessibleName("Regions to compare with")
        for region in self.regions:
            item = QListWidgetItem(region.title)
            item.setData(ID_ROLE, region.id)
            if not offline.get(region.id, False):
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
                item.setText(f"{region.title} — not available offline")
                item.setToolTip("Download or import this summary to compare it.")
            self.list.addItem(item)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("Compare")
        layout = QVBoxLayout(self)
        for widget in (self.label, self.filter_edit, self.list, self.buttons):
            layout.addWidget(widget)
        self.resize(420, 480)
        self.filter_edit.installEventFilter(self)
        self._connect()
        self._select(preselect)
        self._update_ok()

    def _connect(self) -> None:
        self.filter_edit.textChanged.connect(self._on_filter_edit_text_changed)
        self.list.currentItemChanged.connect(self._update_ok)
        self.list.itemActivated.connect(self.accept)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

    def current_id(self) -> str | None:
        item = self.list.currentItem()
        if item is None or item.isHidden() or not item.flags() & Qt.ItemFlag.ItemIsEnabled:
            return None
        return str(item.data(ID_ROLE))

    def accept(self) -> None:
        region = self.current_id()
        if region is None:
            return
        super().accept()
        self.chosen.emit(region)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Up and Down in the filter box move in the list, as in the region tree."""
        moves = (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown)
        if (
            watched is self.filter_edit
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() in moves
        ):
            self.list.setFocus()
            self.list.keyPressEvent(event)
            return True
        return super().eventFilter(watched, event)

    def _select(self, region_id: str | None) -> None:
        items = [self.list.item(row) for row in range(self.list.count())]
        usable = [i for i in items if not i.isHidden() and i.flags() & Qt.ItemFlag.ItemIsEnabled]
        wanted = next((i for i in usable if i.data(ID_ROLE) == region_id), None)
        item = wanted or (usable[0] if usable else None)
        if item is not None:
            self.list.setCurrentItem(item)
            self.list.scrollToItem(item)

    def _on_filter_edit_text_changed(self, text: str) -> None:
        for row, region in enumerate(self.regions):
            self.list.item(row).setHidden(not region_matches(region, text))
        current = self.current_id()
        self._select(current)
        self._update_ok()

    def _update_ok(self, *_args: object) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(self.current_id() is not None)
