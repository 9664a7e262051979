"""What the viewer shows instead of pages: the empty state, an error, or a password prompt."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


class NoticePanel(QWidget):
    """A centred title, message and the buttons that fit the situation."""

    import_requested = Signal()
    download_requested = Signal()
    password_entered = Signal(str)
    password_cancelled = Signal()
    password_retry_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel(alignment=Qt.AlignmentFlag.AlignCenter)
        font = QFont(self.title.font())
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.title.setFont(font)
        self.title.setWordWrap(True)
        self.message = QLabel(alignment=Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.password = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText("Password")
        self.password.setAccessibleName("Password")
        self.password.setMaximumWidth(320)
        self.password.returnPressed.connect(self._on_open_clicked)
        self.import_button = QPushButton("Import PDF…")
        self.download_button = QPushButton("Download")
        self.open_button = QPushButton("Open")
        self.cancel_button = QPushButton("Cancel")
        self.retry_button = QPushButton("Enter Password…")
        self.import_button.clicked.connect(self.import_requested)
        self.download_button.clicked.connect(self.download_requested)
        self.open_button.clicked.connect(self._on_open_clicked)
        self.cancel_button.clicked.connect(self.password_cancelled)
        self.retry_button.clicked.connect(self.password_retry_requested)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in self._buttons():
            buttons.addWidget(button)
        buttons.addStretch(1)
        field_row = QHBoxLayout()
        field_row.addStretch(1)
        field_row.addWidget(self.password)
        field_row.addStretch(1)
        column = QVBoxLayout(self)
        column.addStretch(2)
        column.addWidget(self.title)
        column.addWidget(self.message)
        column.addLayout(field_row)
        column.addLayout(buttons)
        column.addStretch(3)
        column.setContentsMargins(32, 32, 32, 32)

    def _buttons(self) -> tuple[QPushButton, ...]:
        return (
            self.download_button,
            self.import_button,
            self.open_button,
            self.cancel_button,
            self.retry_button,
        )

    def _show(self, title: str, message: str, *visible: QWidget) -> None:
        self.title.setText(title)
        self.message.setText(message)
        for widget in (*self._buttons(), self.password):
            widget.setVisible(widget in visible)

    def show_empty(self, title: str, message: str, *, can_download: bool) -> None:
        shown: list[QWidget] = [self.import_button]
        if can_download:
            shown.insert(0, self.download_button)
        self._show(title, message, *shown)
        (self.download_button if can_download else self.import_button).setDefault(True)

    def show_error(self, title: str, message: str) -> None:
        self._show(title, message)

    def show_password(self, name: str, *, wrong: bool) -> None:
        message = (
            "That password is not right. Please try again."
            if wrong
            else f"“{name}” is protected. Enter its password to open it."
        )
        self._show(
            "Password required", message, self.password, self.open_button, self.cancel_button
        )
        self.password.setAccessibleDescription(message)
        self.password.clear()
        self.password.setFocus()

    def show_password_cancelled(self, name: str) -> None:
        self._show(
            "Not opened",
            f"“{name}” is protected by a password, so it was not opened.",
            self.retry_button,
        )

    def _on_open_clicked(self) -> None:
        self.password_entered.emit(self.password.text())
