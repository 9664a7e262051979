"""The column editor: the nine presets (their queries editable, resettable) and the user's own
columns (add, rename, edit, remove, reorder), one row each. OK checks every query with the search
language and names the column of a bad one in the dialog itself; nothing changes until then."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from lis_desktop.errors import SearchQueryError
from lis_desktop.search.matrix import PRESETS, Column, check_column, default_query, new_column_id
from lis_desktop.ui.accessibility.focus import FocusRing

ID_ROLE = Qt.ItemDataRole.UserRole + 1  # the column id ("" for a new column)
PRESET_ROLE = Qt.ItemDataRole.UserRole + 2
NAME, QUERY = 0, 1
HELP = (
    'Each column counts the hits of its query, in the search language: words, "exact phrases", '
    "prefix*, OR between alternatives, -word to leave pages out. The presets are the "
    "Industrial Strategy's five foundations and four Grand Challenges."
)


class ColumnEditor(QDialog):
    """Edits a copy of the columns; `columns()` gives the result once accepted."""

    def __init__(
        self,
        columns: Sequence[Column],
        parent: QWidget | None = None,
        *,
        focus: str | None = None,
        add: bool = False,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Theme Matrix Columns")
        self.setObjectName("matrixColumnEditor")
        self.focus_ring = FocusRing(self)
        self._result: tuple[Column, ...] = tuple(columns)
        self.table = self._build_table(columns)
        self.message = QLabel(self)
        self.message.setObjectName("columnError")
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Problem")
        self.message.hide()
        self.buttons = {
            "add": QPushButton("&Add Column", self),
            "remove": QPushButton("&Remove", self),
            "up": QPushButton("Move &Up", self),
            "down": QPushButton("Move &Down", self),
            "reset": QPushButton("Reset &Query", self),
        }
        self.box = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self._lay_out()
        self._connect()
        self.resize(760, 480)
        if add:
            self.add_row()
        else:
            self._focus(focus)
        self._on_table_current_changed()

    def _build_table(self, columns: Sequence[Column]) -> QTableWidget:
        table = QTableWidget(0, 2, self)
        table.setHorizontalHeaderLabels(["Name", "Query"])
        table.setAccessibleName("Columns")
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.verticalHeader().hide()
        header = table.horizontalHeader()
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(QUERY, QHeaderView.ResizeMode.Stretch)
        table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        for column in columns:
            self._append(table, column.id, column.label, column.query, column.preset)
        return table

    @staticmethod
    def _append(table: QTableWidget, column_id: str, label: str, query: str, preset: bool) -> int:
        row = table.rowCount()
        table.insertRow(row)
        name = QTableWidgetItem(label)
        name.setData(ID_ROLE, column_id)
        name.setData(PRESET_ROLE, preset)
        if preset:
            name.setFlags(name.flags() & ~Qt.ItemFlag.ItemIsEditable)
            name.setToolTip("A preset: its name stays; its query can be edited and reset.")
        table.setItem(row, NAME, name)
        table.setItem(row, QUERY, QTableWidgetItem(query))
        return row

    def _lay_out(self) -> None:
        intro = QLabel(HELP, self)
        intro.setWordWrap(True)
        side = QVBoxLayout()
        for button in self.buttons.values():
            side.addWidget(button)
        side.addStretch(1)
        middle = QHBoxLayout()
        middle.addWidget(self.table, 1)
        middle.addLayout(side)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(middle, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.box)

    def _connect(self) -> None:
        self.buttons["add"].clicked.connect(self.add_row)
        self.buttons["remove"].clicked.connect(self._on_remove_clicked)
        self.buttons["up"].clicked.connect(lambda: self._move(-1))
        self.buttons["down"].clicked.connect(lambda: self._move(1))
        self.buttons["reset"].clicked.connect(self._on_reset_clicked)
        self.box.accepted.connect(self.accept)
        self.box.rejected.connect(self.reject)
        self.table.currentCellChanged.connect(self._on_table_current_changed)

    # -- editing ----------------------------------------------------------------------------
    def add_row(self) -> None:
        """A new column at the end, its name ready to type over."""
        row = self._append(self.table, "", "New column", "", False)
        self.table.setCurrentCell(row, NAME)
        item = self.table.item(row, NAME)
        if item is not None:
            self.table.editItem(item)

    def _is_preset(self, row: int) -> bool:
        item = self.table.item(row, NAME)
        return item is not None and bool(item.data(PRESET_ROLE))

    def _focus(self, column_id: str | None) -> None:
        for row in range(self.table.rowCount()):
            item = self.table.item(row, NAME)
            if item is not None and item.data(ID_ROLE) == column_id:
                self.table.setCurrentCell(row, QUERY)
                return
        self.table.setCurrentCell(0, QUERY)

    def _move(self, step: int) -> None:
        row, column = self.table.currentRow(), self.table.currentColumn()
        target = row + step
        if self._is_preset(row) or not 0 <= target < self.table.rowCount():
            return
        if self._is_preset(target):
            return  # the presets stay first, in their order
        items = [self.table.takeItem(row, c) for c in (NAME, QUERY)]
        self.table.removeRow(row)
        self.table.insertRow(target)
        for column, item in zip((NAME, QUERY), items, strict=True):
            self.table.setItem(target, column, item)
        self.table.setCurrentCell(target, max(column, NAME))
        self._on_table_current_changed()

    def _on_remove_clicked(self) -> None:
        row = self.table.currentRow()
        if row >= 0 and not self._is_preset(row):
            self.table.removeRow(row)
            self._on_table_current_changed()

    def _on_reset_clicked(self) -> None:
        row = self.table.currentRow()
        name = self.table.item(row, NAME)
        if name is None or not self._is_preset(row):
            return
        preset = next(p for p in PRESETS if p.id == name.data(ID_ROLE))
        query = self.table.item(row, QUERY)
        if query is not None:
            query.setText(default_query(preset) or preset.query)

    def _on_table_current_changed(self, *_args: object) -> None:
        row = self.table.currentRow()
        preset = self._is_preset(row)
        self.buttons["remove"].setEnabled(row >= 0 and not preset)
        self.buttons["up"].setEnabled(row > 0 and not preset and not self._is_preset(row - 1))
        last = self.table.rowCount() - 1
        self.buttons["down"].setEnabled(0 <= row < last and not preset)
        self.buttons["reset"].setEnabled(preset)

    # -- result -----------------------------------------------------------------------------
    def edited_columns(self) -> tuple[Column, ...]:
        """The columns as the table holds them now (checked: SearchQueryError names one)."""
        columns: list[Column] = []
        for row in range(self.table.rowCount()):
            name, query = self.table.item(row, NAME), self.table.item(row, QUERY)
            assert name is not None
            label = name.text().strip()
            text = query.text().strip() if query is not None else ""
            column_id = str(name.data(ID_ROLE) or "") or new_column_id(label, self._ids(columns))
            column = Column(column_id, label, text, preset=self._is_preset(row))
            try:
                check_column(column)
            except SearchQueryError:
                self.table.setCurrentCell(row, NAME if not label else QUERY)
                raise
            columns.append(column)
        return tuple(columns)

    def _ids(self, columns: list[Column]) -> list[str]:
        taken = [c.id for c in columns]
        for row in range(self.table.rowCount()):
            item = self.table.item(row, NAME)
            if item is not None and item.data(ID_ROLE):
                taken.append(str(item.data(ID_ROLE)))
        return taken

    def columns(self) -> tuple[Column, ...]:
        return self._result

    def accept(self) -> None:
        try:
            self._result = self.edited_columns()
        except SearchQueryError as exc:
            self.message.setText(str(exc))
            self.message.show()
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        super().accept()
