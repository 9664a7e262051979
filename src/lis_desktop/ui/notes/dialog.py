"""The note dialog: the quoted text (or a field to type it, for a highlight made from the
keyboard), the note, its colour; when editing, a button that removes the highlight.

Thin: it says what the user chose (`saved`, `remove_requested`) and decides nothing. Ctrl+Enter
saves from the note field (Enter there starts a new line).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from lis_desktop.content.notes import COLOURS, DEFAULT_COLOUR
from lis_desktop.ui.accessibility.focus import FocusRing
from lis_desktop.ui.notes.look import swatch


class NoteDialog(QDialog):
    """Asks for a note (and, with `ask_quote`, for the text to highlight)."""

    saved = Signal(str, str, str)  # quote, note, colour
    remove_requested = Signal()

    def __init__(
        self,
        quote: str,
        note: str = "",
        colour: str = DEFAULT_COLOUR,
        *,
        editing: bool = False,
        ask_quote: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.focus_ring = FocusRing(self)
        self.setObjectName("note_dialog")
        self.setWindowTitle("Edit Note" if editing else "Highlight with Note")
        self._quote = quote
        self.quote_field = QLineEdit(quote) if ask_quote else None
        self.quote_label = QLabel(f"“{quote}”", wordWrap=True)
        self.quote_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.note_field = QPlainTextEdit(note)
        self.note_field.setTabChangesFocus(True)
        self.note_field.setPlaceholderText("Your note (optional)")
        self.note_field.setAccessibleName("Note")
        self.colour_box = QComboBox()
        self.colour_box.setAccessibleName("Highlight colour")
        for name, (label, _rgb) in COLOURS.items():
            self.colour_box.addItem(swatch(name), label, name)
        self.colour_box.setCurrentIndex(max(0, self.colour_box.findData(colour)))
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.remove_button = None
        if editing:
            self.remove_button = self.buttons.addButton(
                "&Remove Highlight", QDialogButtonBox.ButtonRole.DestructiveRole
            )
            self.remove_button.setAccessibleName("Remove this highlight and its note")
        self._layout()
        self._connect()
        (self.quote_field or self.note_field).setFocus()
        self.resize(460, 280)

    def _layout(self) -> None:
        form = QFormLayout(self)
        if self.quote_field is not None:
            self.quote_field.setAccessibleName("Text to highlight")
            self.quote_field.setPlaceholderText("Type or paste words of the page")
            form.addRow("&Text:", self.quote_field)
        else:
            self.quote_label.setAccessibleName("Highlighted text")
            form.addRow("Text:", self.quote_label)
        form.addRow("&Note:", self.note_field)
        form.addRow("&Colour:", self.colour_box)
        form.addRow(self.buttons)

    def _connect(self) -> None:
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        if self.remove_button is not None:
            self.remove_button.clicked.connect(self._on_remove_clicked)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self._on_buttons_accepted)

    def quote(self) -> str:
        if self.quote_field is not None:
            return " ".join(self.quote_field.text().split())
        return self._quote

    def note(self) -> str:
        return self.note_field.toPlainText().strip()

    def colour(self) -> str:
        return str(self.colour_box.currentData())

    def _on_buttons_accepted(self) -> None:
        if self.quote_field is not None and not self.quote():
            self.quote_field.setFocus()
            return
        self.saved.emit(self.quote(), self.note(), self.colour())
        self.accept()

    def _on_remove_clicked(self) -> None:
        self.remove_requested.emit()
        self.accept()
