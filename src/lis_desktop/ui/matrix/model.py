"""The matrix's table model: a thin adapter over a `search.matrix.Matrix` (the counts) and the
rows the region tree shows (`search.matrix.arrange_rows`). Column 0 names the row, then one
column per theme, then the row's total.

Every cell carries its accessible text (region, theme and count), a tooltip with the column's
query, and for region cells its shading level (HEAT_ROLE) for the delegate in shading.py.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from lis_desktop.search.matrix import (
    TOTAL,
    Column,
    Matrix,
    MatrixRow,
    OutlineEntry,
    RegionState,
    RowKind,
    arrange_rows,
    heat_level,
    row_value,
)
from lis_desktop.search.query import plural

HEAT_ROLE = Qt.ItemDataRole.UserRole + 1  # int: 0 (unshaded) .. HEAT_STEPS
STATE_ROLE = Qt.ItemDataRole.UserRole + 2  # RegionState of a region row's cells, else None
INDENT = "\u2003"  # an em space per level of the tree

AnyIndex = QModelIndex | QPersistentModelIndex

STATE_TEXT = {
    RegionState.NOT_OFFLINE: "not offline",
    RegionState.INDEXING: "indexing…",
    RegionState.UNREADABLE: "unreadable",
}


class MatrixModel(QAbstractTableModel):
    """Rows: the tree's headings and regions (or the regions ranked by a column), then the
    totals and mentions; columns: the row's name, the themes, the total."""

    def __init__(self, columns: Sequence[Column], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._columns = tuple(columns)
        self._matrix: Matrix | None = None
        self._outline: list[OutlineEntry] = []
        self._sort: tuple[str | None, bool] = (None, True)
        self._rows: list[MatrixRow] = arrange_rows([])
        self._maxima: dict[str, int] = {}
        self._bold = QFont()
        self._bold.setBold(True)
        self._italic = QFont()
        self._italic.setItalic(True)

    # -- what it shows --------------------------------------------------------------------
    @property
    def matrix(self) -> Matrix | None:
        return self._matrix

    @property
    def columns(self) -> tuple[Column, ...]:
        return self._columns

    @property
    def sorting(self) -> tuple[str | None, bool]:
        """(column id or None for the tree's order, descending)."""
        return self._sort

    def set_matrix(self, matrix: Matrix) -> None:
        """New counts (and the columns they were computed for)."""
        self._matrix = matrix
        if matrix.columns != self._columns:
            self.beginResetModel()
            self._columns = matrix.columns
            self._rows = self._arranged()
            self._update_maxima()
            self.endResetModel()
        else:
            self._relayout()

    def set_columns(self, columns: Sequence[Column]) -> None:
        """Columns whose counts are on their way: shown with the counts they already have."""
        self.beginResetModel()
        self._columns = tuple(columns)
        known = set() if self._matrix is None else {c.id for c in self._matrix.columns}
        if not all(c.id in known for c in self._columns):
            self._matrix = None  # counts are being made; cells say so meanwhile
        self._rows = self._arranged()
        self._update_maxima()
        self.endResetModel()

    def set_outline(self, outline: Sequence[OutlineEntry]) -> None:
        """The rows the region tree shows, in its order (after its filter and facets)."""
        self._outline = list(outline)
        self._relayout()

    def set_sort(self, column_id: str | None, descending: bool = True) -> None:
        """Rank the regions by a column (TOTAL, TITLE) or, with None, show the tree's order."""
        self._sort = (column_id, descending)
        self._relayout()

    def region_ids(self) -> list[str]:
        """The regions shown, in row order."""
        return [r.region_id for r in self._rows if r.region_id is not None]

    def row_at(self, index: AnyIndex) -> MatrixRow | None:
        return self._rows[index.row()] if 0 <= index.row() < len(self._rows) else None

    def column_id(self, section: int) -> str | None:
        """The theme column's id, TOTAL for the last column, None for the row names."""
        if 1 <= section <= len(self._columns):
            return self._columns[section - 1].id
        return TOTAL if section == len(self._columns) + 1 else None

    def section_of(self, column_id: str) -> int:
        for section in range(1, self.columnCount()):
            if self.column_id(section) == column_id:
                return section
        return -1

    def index_of(self, region_id: str, column_id: str | None) -> QModelIndex:
        section = 0 if column_id is None else self.section_of(column_id)
        for row, item in enumerate(self._rows):
            if item.region_id == region_id and section >= 0:
                return self.index(row, section)
        return QModelIndex()

    def _arranged(self) -> list[MatrixRow]:
        sort_by, descending = self._sort
        return arrange_rows(self._outline, sort_by, self._matrix, descending=descending)

    def _relayout(self) -> None:
        rows = self._arranged()
        self._update_maxima(rows)
        if rows == self._rows:
            if self._rows:  # same rows: new numbers only (keeps the current cell and focus)
                last = self.index(len(self._rows) - 1, self.columnCount() - 1)
                self.dataChanged.emit(self.index(0, 0), last)
            return
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def _update_maxima(self, rows: list[MatrixRow] | None = None) -> None:
        """Each column's most hits over the regions shown: the top of its shading."""
        ids = [r.region_id for r in (rows or self._rows) if r.region_id is not None]
        matrix = self._matrix
        self._maxima = (
            {} if matrix is None else {c.id: matrix.column_max(c.id, ids) for c in self._columns}
        )

    # -- Qt model ---------------------------------------------------------------------------
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns) + 2

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        column_id = self.column_id(section)
        column = self._column(column_id)
        if role == Qt.ItemDataRole.DisplayRole:
            return "Region" if column_id is None else column.label if column else "Total"
        if role == Qt.ItemDataRole.ToolTipRole:
            if column is not None:
                return f"{column.label}\nQuery: {column.query}\nClick to sort the rows by it."
            return "Click to sort the rows by it; again to reverse, a third time for tree order."
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index)
        if row is None:
            return None
        if index.column() == 0:
            return self._name_data(row, role)
        column_id = self.column_id(index.column())
        if column_id is None:
            return None
        missing = self._state(row) in STATE_TEXT  # said once, in a cell across the row
        if role == Qt.ItemDataRole.DisplayRole:
            return "" if missing and index.column() != 1 else self._cell_text(row, column_id)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            side = Qt.AlignmentFlag.AlignLeft if missing else Qt.AlignmentFlag.AlignRight
            return side | Qt.AlignmentFlag.AlignVCenter
        if role in (Qt.ItemDataRole.AccessibleTextRole, Qt.ItemDataRole.ToolTipRole):
            return self._describe(row, column_id, tooltip=role == Qt.ItemDataRole.ToolTipRole)
        if role == HEAT_ROLE:
            return self._heat(row, column_id)
        if role == STATE_ROLE:
            return self._state(row)
        if role == Qt.ItemDataRole.FontRole:
            return self._font(row)
        return None

    # -- cells --------------------------------------------------------------------------------
    def _column(self, column_id: str | None) -> Column | None:
        return next((c for c in self._columns if c.id == column_id), None)

    def _name_data(self, row: MatrixRow, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return INDENT * row.depth + row.title
        if role == Qt.ItemDataRole.AccessibleTextRole:
            if row.kind is RowKind.HEADING:
                return f"{row.title}, {plural(len(row.members), 'region')} shown"
            state = self._state(row)
            return f"{row.title}, {STATE_TEXT[state]}" if state in STATE_TEXT else row.title
        if role == Qt.ItemDataRole.FontRole and row.kind is not RowKind.REGION:
            return self._bold
        return None

    def _state(self, row: MatrixRow) -> RegionState | None:
        if row.region_id is None or self._matrix is None:
            return None
        return self._matrix.state(row.region_id)

    def _value(self, row: MatrixRow, column_id: str) -> int | None:
        matrix = self._matrix
        if matrix is None:
            return None
        if column_id != TOTAL and not any(c.id == column_id for c in matrix.columns):
            return None
        return row_value(matrix, row, column_id)

    def _cell_text(self, row: MatrixRow, column_id: str) -> str:
        if self._matrix is None:
            return "…"  # counting
        value = self._value(row, column_id)
        if row.kind is RowKind.MENTIONS:
            counted = len(self._matrix.counted(row.members))
            return f"{value or 0} of {counted}"
        if value is not None:
            return str(value)
        state = self._state(row)
        return STATE_TEXT.get(state, "") if state is not None else "—"

    def _describe(self, row: MatrixRow, column_id: str, *, tooltip: bool) -> str:
        column = self._column(column_id)
        label = column.label if column is not None else "all themes"
        text = self._cell_text(row, column_id)
        state = self._state(row)
        if state in STATE_TEXT:  # one cell across the row says it (view.py spans it)
            return f"{row.title}: {text}, no counts"
        if row.kind is RowKind.MENTIONS:
            line = f"{label}: mentioned by {text} regions shown"
        elif row.kind is RowKind.TOTAL:
            line = f"Total, {label}: {self._hits(text)}"
        elif row.kind is RowKind.HEADING:
            line = f"{row.title} (all shown), {label}: {self._hits(text)}"
        else:
            line = f"{row.title}, {label}: {self._hits(text)}"
        if not tooltip:
            return line
        if column is not None:
            line += f"\nQuery: {column.query}"
        if row.kind is RowKind.REGION:
            line += "\nClick, or press Enter, to open the summary with these hits highlighted."
        return line

    @staticmethod
    def _hits(text: str) -> str:
        return plural(int(text), "hit") if text.isdigit() else text

    def _heat(self, row: MatrixRow, column_id: str) -> int:
        if row.kind is not RowKind.REGION or column_id == TOTAL:
            return 0
        return heat_level(self._value(row, column_id), self._maxima.get(column_id, 0))

    def _font(self, row: MatrixRow) -> QFont | None:
        if row.kind is not RowKind.REGION:
            return self._bold
        return self._italic if self._state(row) in STATE_TEXT else None
