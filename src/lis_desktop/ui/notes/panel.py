"""The notes panel: the notes of the summary shown, or of all summaries, grouped by region, each
with its page, colour, date, quote and note (a detached one says so); a filter box; Export….

Thin: it shows what it is given (`show_notes`) and says what the user asked for with plain ids:
open a note (click, Enter), edit it (F2), remove it (Delete), the scope, the filter, export.
Every row has an accessible text that says all a sighted user reads in it.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import datetime

from PySide6.QtCore import QModelIndex, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QKeyEvent, QResizeEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QToolButton,
    QTreeView,
    QWidget,
)

from lis_desktop.content.notes import Note, colour_label
from lis_desktop.domain import format_date
from lis_desktop.search.query import plural
from lis_desktop.ui.search.panel import HTML_ROLE, SnippetDelegate

NOTE_ROLE = Qt.ItemDataRole.UserRole + 11
Group = tuple[str, str, Sequence[Note]]  # region id, title, its notes


def note_date(note: Note) -> str:
    return format_date(datetime.fromtimestamp(note.updated).date())


def note_html(note: Note) -> str:
    where = "Detached" if note.detached else f"p.&nbsp;{note.page + 1}"
    head = f"<b>{where}</b> · {colour_label(note.colour)} · {html.escape(note_date(note))}"
    body = f"“{html.escape(note.quote)}”"
    if note.note:
        body += f"<br>{html.escape(note.note).replace(chr(10), '<br>')}"
    if note.detached:
        body += "<br><i>Its text is not in the version of the summary in use.</i>"
    return f"{head}<br>{body}"


def note_text(note: Note, title: str) -> str:
    """A row as a screen reader says it."""
    where = "detached, not in this version" if note.detached else f"page {note.page + 1}"
    text = f"Note on {title}, {where}: “{note.quote}”."
    text += f" Note: {note.note}." if note.note else " No note."
    return f"{text} {colour_label(note.colour)} highlight, {note_date(note)}."


class _NotesView(QTreeView):
    """The list; F2 edits and Delete removes the current note; rows wrap anew when it is
    resized (their heights depend on its width)."""

    edit_pressed = Signal()
    delete_pressed = Signal()

    def __init__(self) -> None:
        super().__init__()
        self._relayout = QTimer(self, singleShot=True, interval=50)
        self._relayout.timeout.connect(self.doItemsLayout)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self._relayout.start()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_F2:
            self.edit_pressed.emit()
        elif event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.delete_pressed.emit()
        else:
            super().keyPressEvent(event)


class NotesPanel(QWidget):
    """Scope, filter, the notes by region. Emits what the user asked for; decides nothing."""

    note_activated = Signal(int)  # note id: open its summary at the highlight
    edit_requested = Signal(int)
    remove_requested = Signal(int)
    scope_changed = Signal(bool)  # True: all summaries
    filter_changed = Signal(str)
    export_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("notes_panel")
        self.filter = QLineEdit(clearButtonEnabled=True)
        self.filter.setPlaceholderText("Filter notes")
        self.filter.setAccessibleName("Filter notes by their text")
        self.scope = QComboBox()
        self.scope.addItem("This summary", False)
        self.scope.addItem("All summaries", True)
        self.scope.setAccessibleName("Show the notes of")
        self.export_button = QToolButton()
        self.export_button.setText("Export…")
        self.export_button.setToolTip("Export the notes as Markdown or CSV")
        self.export_button.setAccessibleName("Export the notes")
        self.status = QLabel(wordWrap=True)
        self.model = QStandardItemModel(self)
        self.list = _NotesView()
        self.list.setModel(self.model)
        self.list.setHeaderHidden(True)
        self.list.setUniformRowHeights(False)
        self.list.setWordWrap(True)
        self.list.setItemDelegate(SnippetDelegate(self.list))
        self.list.setEditTriggers(QTreeView.EditTrigger.NoEditTriggers)
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list.setAccessibleName("Notes")
        self._typing = QTimer(self, singleShot=True, interval=200)
        self._layout()
        self._connect()

    def _layout(self) -> None:
        grid = QGridLayout(self)
        grid.setContentsMargins(6, 6, 6, 6)
        grid.setSpacing(4)
        grid.addWidget(self.filter, 0, 0, 1, 3)
        grid.addWidget(self.scope, 1, 0, 1, 2)
        grid.addWidget(self.export_button, 1, 2)
        grid.addWidget(self.status, 2, 0, 1, 3)
        grid.addWidget(self.list, 3, 0, 1, 3)
        grid.setRowStretch(3, 1)
        grid.setColumnStretch(0, 1)

    def _connect(self) -> None:
        self.filter.textChanged.connect(self._typing.start)
        self._typing.timeout.connect(self._on_typing_timeout)
        self.filter.returnPressed.connect(self._on_filter_return_pressed)
        self.scope.currentIndexChanged.connect(self._on_scope_changed)
        self.export_button.clicked.connect(self.export_requested)
        self.list.activated.connect(self._on_list_activated)
        self.list.clicked.connect(self._on_list_activated)
        self.list.edit_pressed.connect(self._on_edit_pressed)
        self.list.delete_pressed.connect(self._on_delete_pressed)
        self.list.customContextMenuRequested.connect(self._on_list_context_menu_requested)

    # -- what the user asked for ---------------------------------------------------------------
    def all_summaries(self) -> bool:
        return bool(self.scope.currentData())

    def set_all_summaries(self, everything: bool) -> None:
        self.scope.setCurrentIndex(1 if everything else 0)

    def filter_text(self) -> str:
        return self.filter.text().strip()

    def current_note(self) -> int | None:
        value = self.list.currentIndex().data(NOTE_ROLE)
        return None if value is None else int(value)

    def focus_list(self) -> None:
        self.list.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if not self.list.currentIndex().isValid() and self.model.rowCount():
            self.list.setCurrentIndex(self._first_note())

    def _first_note(self) -> QModelIndex:
        top = self.model.index(0, 0)
        return self.model.index(0, 0, top) if self.model.rowCount(top) else top

    def _on_typing_timeout(self) -> None:
        self.filter_changed.emit(self.filter_text())

    def _on_filter_return_pressed(self) -> None:
        self._typing.stop()
        self.filter_changed.emit(self.filter_text())
        self.focus_list()

    def _on_scope_changed(self) -> None:
        self.scope_changed.emit(self.all_summaries())

    def _on_list_activated(self, index: QModelIndex) -> None:
        note = index.data(NOTE_ROLE)
        if note is not None:
            self.note_activated.emit(int(note))

    def _on_edit_pressed(self) -> None:
        note = self.current_note()
        if note is not None:
            self.edit_requested.emit(note)

    def _on_delete_pressed(self) -> None:
        note = self.current_note()
        if note is not None:
            self.remove_requested.emit(note)

    def _on_list_context_menu_requested(self, pos: QPoint) -> None:
        value = self.list.indexAt(pos).data(NOTE_ROLE)
        if value is None:
            return
        note = int(value)
        menu = QMenu(self)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.addAction("&Open", lambda: self.note_activated.emit(note))
        menu.addAction("&Edit Note…", lambda: self.edit_requested.emit(note))
        menu.addAction("&Remove Highlight", lambda: self.remove_requested.emit(note))
        menu.popup(self.list.viewport().mapToGlobal(pos))

    # -- showing notes -------------------------------------------------------------------------
    def show_notes(self, groups: Sequence[Group], status: str) -> None:
        """The notes by region (in the order given); the current note stays current, or, when
        it is gone, the one that took its place (the keyboard stays where it was)."""
        current, place = self.current_note(), self._current_place()
        self.model.clear()
        bold = QFont(self.font())
        bold.setBold(True)
        for region, title, notes in groups:
            label = f"{title}  ·  {plural(len(notes), 'note')}"
            top = QStandardItem(label)
            top.setFont(bold)
            top.setData(f"<b>{html.escape(label)}</b>", HTML_ROLE)
            top.setData(label, Qt.ItemDataRole.AccessibleTextRole)
            top.setData(region, Qt.ItemDataRole.UserRole)
            for note in notes:
                text = note_text(note, title)
                child = QStandardItem(text)
                child.setData(note.id, NOTE_ROLE)
                child.setData(note_html(note), HTML_ROLE)
                child.setData(text, Qt.ItemDataRole.AccessibleTextRole)
                child.setToolTip(text)
                top.appendRow(child)
            self.model.appendRow(top)
        self.list.expandAll()
        keep = self._index_of(current) if current is not None else None
        if keep is None and place is not None:
            keep = self._index_at(*place)
        if keep is not None:
            self.list.setCurrentIndex(keep)
        self.status.setText(status)

    def _current_place(self) -> tuple[int, int] | None:
        index = self.list.currentIndex()
        if not index.isValid() or not index.parent().isValid():
            return None
        return index.parent().row(), index.row()

    def _index_of(self, note_id: int) -> QModelIndex | None:
        for group in range(self.model.rowCount()):
            top = self.model.item(group)
            for row in range(top.rowCount()):
                if top.child(row).data(NOTE_ROLE) == note_id:
                    return top.child(row).index()
        return None

    def _index_at(self, group: int, row: int) -> QModelIndex | None:
        """The note at (group, row), or the nearest one before it."""
        if not self.model.rowCount():
            return None
        top = self.model.item(min(group, self.model.rowCount() - 1))
        if not top.rowCount():
            return top.index()
        return top.child(min(row, top.rowCount() - 1)).index()
