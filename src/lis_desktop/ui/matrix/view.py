"""The theme matrix widget: a real table (arrow keys move between cells, each cell reads out its
region, theme and count), a sort choice, the column and export buttons, a way back to the
summary, and the shading legend. It shows what it is given and emits intents with plain ids."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QGuiApplication,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPalette,
    QShortcut,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QStyle,
    QStyleOptionHeader,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from lis_desktop.search.matrix import TITLE, TOTAL, Column, Matrix, OutlineEntry
from lis_desktop.ui.accessibility.announce import announce
from lis_desktop.ui.matrix.model import STATE_ROLE, STATE_TEXT, MatrixModel
from lis_desktop.ui.matrix.shading import HeatDelegate, HeatLegend, is_dark, night_palette

EXPORTS = (("csv", "&CSV Table…"), ("md", "&Markdown Table…"), ("png", "&PNG Picture…"))
NAME_WIDTH = 210


def two_lines(label: str) -> str:
    """A long column name broken at the space nearest its middle ('Business\nenvironment')."""
    if len(label) <= 12 or " " not in label:
        return label
    middle = len(label) / 2
    spaces = [i for i, c in enumerate(label) if c == " "]
    cut = min(spaces, key=lambda i: abs(i - middle))
    return label[:cut] + "\n" + label[cut + 1 :]


class ThemeHeader(QHeaderView):
    """Theme names written upwards (in up to two lines), so that nine themes and the total fit
    beside the region names; the sort order is an arrow after the name."""

    PADDING = 10

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)

    def _text(self, section: int) -> str:
        text = two_lines(str(self.model().headerData(section, self.orientation()) or ""))
        if self.isSortIndicatorShown() and self.sortIndicatorSection() == section:
            up = self.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder
            text += " ▲" if up else " ▼"
        return text

    def sectionSizeFromContents(self, logicalIndex: int) -> QSize:
        if logicalIndex == 0 or self.model() is None:
            return super().sectionSizeFromContents(logicalIndex)
        size = self.fontMetrics().size(0, self._text(logicalIndex))
        return QSize(size.height() + self.PADDING, size.width() + 2 * self.PADDING)

    def paintSection(self, painter: QPainter, rect: QRect, logicalIndex: int) -> None:
        if logicalIndex == 0:
            super().paintSection(painter, rect, logicalIndex)
            return
        option = QStyleOptionHeader()
        self.initStyleOption(option)  # the palette, state and font; then this section's own
        self.initStyleOptionForIndex(option, logicalIndex)
        option.rect = rect
        option.text = ""
        option.sortIndicator = QStyleOptionHeader.SortIndicator.None_
        painter.save()
        self.style().drawControl(QStyle.ControlElement.CE_Header, option, painter, self)
        painter.setPen(self.palette().color(QPalette.ColorRole.ButtonText))
        painter.translate(rect.left(), rect.bottom() - self.PADDING // 2)
        painter.rotate(-90)
        area = QRect(0, 0, rect.height() - self.PADDING, rect.width())
        left = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        painter.drawText(area, left, self._text(logicalIndex))
        painter.restore()


class _TableKeys(QObject):
    """Enter (or Return) on a cell opens it, as a click does; Ctrl+Enter beside the summary
    shown."""

    def __init__(self, view: MatrixView) -> None:
        super().__init__(view)
        self._view = view

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            beside = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
            self._view.activate(self._view.table.currentIndex(), beside=beside)
            return True
        return False


class _Table(QTableView):
    """A table whose wide cells (a row that says "not offline" across it) never scroll it
    sideways when they become current: arrow keys down the rows keep the columns in view."""

    modifiers = Qt.KeyboardModifier.NoModifier  # held at the last click (Ctrl: beside)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.modifiers = event.modifiers()
        super().mousePressEvent(event)

    def scrollTo(
        self,
        index: QModelIndex | QPersistentModelIndex,
        hint: QAbstractItemView.ScrollHint = QAbstractItemView.ScrollHint.EnsureVisible,
    ) -> None:
        if index.isValid() and self.columnSpan(index.row(), index.column()) > 1:
            sideways = self.horizontalScrollBar().value()
            super().scrollTo(index, hint)
            self.horizontalScrollBar().setValue(sideways)
            return
        super().scrollTo(index, hint)


class MatrixView(QWidget):
    """Regions x themes; `cell_activated(region id, column id)` when a cell is chosen."""

    cell_activated = Signal(str, str)  # region id, column id ("" for the name, TOTAL)
    cell_beside_requested = Signal(str, str)  # the same, beside the summary shown (Ctrl)
    columns_edit_requested = Signal(str)  # the column to start on ("" for none)
    column_add_requested = Signal()
    column_remove_requested = Signal(str)  # column id
    column_move_requested = Signal(str, int)  # column id, -1 (left) or +1 (right)
    export_requested = Signal(str)  # "csv", "md" or "png"
    sort_changed = Signal(str, bool)  # column id ("" for the tree's order), descending
    close_requested = Signal()

    def __init__(self, columns: Sequence[Column], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("themeMatrix")
        self.setAutoFillBackground(True)  # its own palette at night (see set_night)
        self.model = MatrixModel(columns, self)
        self.delegate = HeatDelegate(self)
        self.title = QLabel("<b>Theme matrix</b>", self)
        self.status = QLabel(self)
        self.status.setObjectName("matrixStatus")
        self.status.setWordWrap(True)
        self.sort_box = self._build_sort_box()
        self.columns_button = QPushButton("C&olumns…", self)
        self.columns_button.setToolTip("Add, rename, edit, remove or reorder the columns")
        self.export_button = self._build_export_button()
        self.back_button = QPushButton("&Back to Summary", self)
        self.back_button.setToolTip("Show the summary again (Esc)")
        self.table = self._build_table()
        self.legend = HeatLegend(self)
        self._lay_out()
        self._connect()
        self._update_sort_widgets()

    # -- construction -----------------------------------------------------------------------
    def _build_sort_box(self) -> QComboBox:
        box = QComboBox(self)
        box.setAccessibleName("Sort rows by")
        box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        return box

    def _build_export_button(self) -> QToolButton:
        button = QToolButton(self)
        button.setText("&Export")
        button.setAccessibleName("Export the matrix")
        button.setToolTip("Save the matrix as CSV, Markdown or a PNG picture, with provenance")
        button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(button)
        for fmt, text in EXPORTS:
            action = menu.addAction(text)
            action.triggered.connect(lambda _checked=False, f=fmt: self.export_requested.emit(f))
        button.setMenu(menu)
        return button

    def _build_table(self) -> _Table:
        table = _Table(self)
        table.setObjectName("matrixTable")
        table.setModel(self.model)
        table.setItemDelegate(self.delegate)
        table.setAccessibleName("Theme matrix")
        table.setAccessibleDescription(
            "Rows are regions, columns are themes; each cell is the number of hits of the "
            "theme's query in that region's summary. Enter opens the summary with them shown."
        )
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move between cells
        table.setWordWrap(False)
        table.setTextElideMode(Qt.TextElideMode.ElideRight)
        table.verticalHeader().hide()
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)
        table.setHorizontalHeader(ThemeHeader(table))
        header = table.horizontalHeader()
        header.setAccessibleName("Themes")  # its sections are the columns' names
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.setHighlightSections(True)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter | Qt.AlignmentFlag.AlignVCenter)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setMinimumSectionSize(24)
        table.installEventFilter(_TableKeys(self))
        table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        return table

    def _lay_out(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addSpacing(12)
        sort_label = QLabel("&Sort rows by:", self)
        sort_label.setBuddy(self.sort_box)
        top.addWidget(sort_label)
        top.addWidget(self.sort_box)
        top.addStretch(1)
        for widget in (self.columns_button, self.export_button, self.back_button):
            top.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 4)
        layout.addLayout(top)
        layout.addWidget(self.status)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.legend)

    def _connect(self) -> None:
        self.table.clicked.connect(self._on_table_clicked)
        self.table.customContextMenuRequested.connect(self._on_table_context_menu_requested)
        self.table.horizontalHeader().sectionClicked.connect(self._on_header_section_clicked)
        self.table.horizontalHeader().customContextMenuRequested.connect(
            self._on_header_context_menu_requested
        )
        self.sort_box.activated.connect(self._on_sort_box_activated)
        self.columns_button.clicked.connect(lambda: self.columns_edit_requested.emit(""))
        self.back_button.clicked.connect(self.close_requested)
        self.model.modelReset.connect(self._on_model_reset)
        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        escape.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        escape.activated.connect(self.close_requested)

    # -- what it shows ----------------------------------------------------------------------
    def set_matrix(self, matrix: Matrix) -> None:
        current = self._current_ids()
        self.model.set_matrix(matrix)
        self._update_spans()
        self._restore_current(current)
        if self.table.hasFocus():
            self._ensure_current()

    def set_columns(self, columns: Sequence[Column]) -> None:
        current = self._current_ids()
        self.model.set_columns(columns)
        sort_by, _descending = self.model.sorting
        if sort_by not in (None, TITLE, TOTAL) and all(c.id != sort_by for c in columns):
            self._choose_sort(None, True)  # the column it was sorted by is gone
        self._restore_current(current)

    def set_outline(self, outline: Sequence[OutlineEntry]) -> None:
        """The rows the region tree shows (its filter and facets apply)."""
        current = self._current_ids()
        self.model.set_outline(outline)
        self._restore_current(current)

    def set_sort(self, column_id: str | None, descending: bool = True) -> None:
        current = self._current_ids()
        known = column_id in (None, TITLE, TOTAL) or self.model.section_of(column_id or "") > 0
        self.model.set_sort(column_id if known else None, descending)
        self._update_sort_widgets()
        self._restore_current(current)

    def set_status(self, text: str) -> None:
        self.status.setText(text)
        if self.isVisible():  # counts of a matrix not on screen are nobody's news
            announce(self.status, text)

    def set_night(self, night: bool) -> None:
        """Night mode (or a dark desktop): a dark table, shaded from dark to bright."""
        if night and not is_dark(QGuiApplication.palette()):
            self.setPalette(night_palette(QGuiApplication.palette()))
        else:
            self.setPalette(QGuiApplication.palette())
            self.setAttribute(Qt.WidgetAttribute.WA_SetPalette, False)  # follow the desktop
        dark = is_dark(self.table.palette())
        self.delegate.dark = dark
        self.legend.set_dark(dark)
        self.table.viewport().update()

    def focus_table(self) -> None:
        """Into the table, on the first region's first theme unless a cell is current."""
        self._ensure_current()
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def _ensure_current(self) -> None:
        """A current cell once there are counts (before, the rows' order may still change)."""
        ids = self.model.region_ids()
        if self.table.currentIndex().isValid() or self.model.matrix is None or not ids:
            return
        self.table.setCurrentIndex(self.model.index_of(ids[0], self.model.column_id(1)))

    def activate(self, index: QModelIndex, *, beside: bool = False) -> None:
        """Open the cell's summary (a click or Enter), or `beside` the summary shown (Ctrl);
        headings and totals open nothing."""
        row = self.model.row_at(index)
        if row is None or row.region_id is None:
            return
        signal = self.cell_beside_requested if beside else self.cell_activated
        signal.emit(row.region_id, self.model.column_id(index.column()) or "")

    def _on_table_clicked(self, index: QModelIndex) -> None:
        beside = self.table.modifiers & Qt.KeyboardModifier.ControlModifier  # Ctrl+click
        self.activate(index, beside=bool(beside))

    def _on_table_context_menu_requested(self, pos: QPoint) -> None:
        index = self.table.indexAt(pos)
        row = self.model.row_at(index) if index.isValid() else None
        if row is None or row.region_id is None:
            return
        menu = QMenu(self)
        menu.addAction("&Open", lambda: self.activate(index))
        beside = menu.addAction(
            "Open &Beside the Summary Shown", lambda: self.activate(index, beside=True)
        )
        beside.setShortcut(QKeySequence("Ctrl+Return"))
        menu.exec(self.table.viewport().mapToGlobal(pos))

    # -- keeping the current cell across updates ---------------------------------------------
    def _current_ids(self) -> tuple[str | None, str | None]:
        index = self.table.currentIndex()
        row = self.model.row_at(index) if index.isValid() else None
        if row is None:
            return (None, None)
        return (row.region_id, self.model.column_id(index.column()))

    def _restore_current(self, current: tuple[str | None, str | None]) -> None:
        region_id, column_id = current
        if region_id is None:
            return
        index = self.model.index_of(region_id, column_id)
        if index.isValid() and index != self.table.currentIndex():
            self.table.setCurrentIndex(index)

    def _on_model_reset(self) -> None:
        self._update_sort_widgets()
        self._update_spans()
        self._fit_columns()

    def _fit_columns(self) -> None:
        """Names at a set width (elided, the tooltip has them whole); each theme as narrow as
        its upright name and four digits allow."""
        header = self.table.horizontalHeader()
        self.table.setColumnWidth(0, NAME_WIDTH)
        digits = self.table.fontMetrics().horizontalAdvance("0000") + 12
        for section in range(1, self.model.columnCount()):
            width = header.sectionSizeFromContents(section).width()
            self.table.setColumnWidth(section, max(width, digits))

    def _update_spans(self) -> None:
        """A region without counts says why once, across its row, not in every cell."""
        self.table.clearSpans()
        width = self.model.columnCount() - 1
        for row in range(self.model.rowCount()):
            if self.model.index(row, 1).data(STATE_ROLE) in STATE_TEXT and width > 1:
                self.table.setSpan(row, 1, 1, width)

    # -- sorting ------------------------------------------------------------------------------
    def _sort_choices(self) -> list[tuple[str, str | None, bool]]:
        choices: list[tuple[str, str | None, bool]] = [
            ("Tree order", None, True),
            ("Region name, A to Z", TITLE, False),
        ]
        choices += [(f"{c.label}, most hits first", c.id, True) for c in self.model.columns]
        choices.append(("Total, most hits first", TOTAL, True))
        return choices

    def _update_sort_widgets(self) -> None:
        column_id, descending = self.model.sorting
        self.sort_box.blockSignals(True)
        self.sort_box.clear()
        for text, value, _descending in self._sort_choices():
            self.sort_box.addItem(text, value)
        position = self.sort_box.findData(column_id) if column_id is not None else 0
        self.sort_box.setCurrentIndex(max(0, position))
        self.sort_box.blockSignals(False)
        header = self.table.horizontalHeader()
        section = 0 if column_id == TITLE else self.model.section_of(column_id or "")
        order = Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
        header.setSortIndicator(section if column_id is not None else -1, order)

    def _choose_sort(self, column_id: str | None, descending: bool) -> None:
        self.set_sort(column_id, descending)
        self.sort_changed.emit(column_id or "", descending)

    def _on_sort_box_activated(self, position: int) -> None:
        _text, column_id, descending = self._sort_choices()[position]
        self._choose_sort(column_id, descending)

    def _on_header_section_clicked(self, section: int) -> None:
        """First click: most first (names A to Z); second: reversed; third: tree order."""
        column_id = TITLE if section == 0 else self.model.column_id(section)
        natural = column_id != TITLE
        current, descending = self.model.sorting
        if current != column_id:
            self._choose_sort(column_id, natural)
        elif descending == natural:
            self._choose_sort(column_id, not natural)
        else:
            self._choose_sort(None, True)

    # -- the column header's menu ---------------------------------------------------------------
    def _on_header_context_menu_requested(self, pos: QPoint) -> None:
        header = self.table.horizontalHeader()
        section = header.logicalIndexAt(pos)
        column_id = self.model.column_id(section)
        column = next((c for c in self.model.columns if c.id == column_id), None)
        menu = QMenu(self)
        if column_id is not None:
            menu.addAction("&Sort by This Column", lambda: self._on_header_section_clicked(section))
        if column is not None:
            menu.addAction("&Edit Column…", lambda: self.columns_edit_requested.emit(column.id))
            if not column.preset:
                self._add_user_column_actions(menu, column)
        menu.addSeparator()
        menu.addAction("&Add Column…", self.column_add_requested.emit)
        menu.exec(header.mapToGlobal(pos))

    def _add_user_column_actions(self, menu: QMenu, column: Column) -> None:
        users = [c.id for c in self.model.columns if not c.preset]
        place = users.index(column.id)
        left = menu.addAction("Move &Left", lambda: self.column_move_requested.emit(column.id, -1))
        left.setEnabled(place > 0)
        right = menu.addAction("Move &Right", lambda: self.column_move_requested.emit(column.id, 1))
        right.setEnabled(place < len(users) - 1)
        menu.addAction("&Remove Column", lambda: self.column_remove_requested.emit(column.id))
