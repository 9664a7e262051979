"""A short message floating at the bottom left of the pages (a refused link, a hovered link's
target, "Copied 12 words."), as browsers show link targets."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QLabel, QWidget

NOTICE_INSET = 4  # pixels between the notice and the corner of the pages


class Notice(QLabel):
    """A short message floating at the bottom left of the pages for a few seconds (a refused
    link, a hovered link's target), as browsers show link targets. Being outside the toolbar, a
    long message never pushes the toolbar's commands into its overflow menu; it is elided in the
    middle when wider than the pages."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.ColorRole.ToolTipBase)
        self.setForegroundRole(QPalette.ColorRole.ToolTipText)
        self.setMargin(3)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.hide()
        parent.installEventFilter(self)  # follows the pages' size
        self._timer = QTimer(self, singleShot=True, interval=6000)
        self._timer.timeout.connect(self.clear)

    def show_message(self, text: str) -> None:
        self.setText(text)
        self._place()
        self.setVisible(bool(text))
        self.raise_()
        self._timer.start()

    def clear(self) -> None:
        super().clear()
        self.hide()

    def shown_text(self) -> str:
        """The text as it fits now (elided in the middle when too long)."""
        width = self.contentsRect().width() - 2 * self.margin()
        return self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideMiddle, width)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), self.palette().color(self.backgroundRole()))
        painter.setPen(self.palette().color(self.foregroundRole()))
        box = self.contentsRect().adjusted(self.margin(), 0, -self.margin(), 0)
        painter.drawText(box, int(Qt.AlignmentFlag.AlignVCenter), self.shown_text())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and self.text():
            self._place()
        return False

    def _place(self) -> None:
        parent = self.parentWidget()
        if parent is None:
            return
        hint = self.sizeHint()
        width = min(hint.width(), max(0, parent.width() - 2 * NOTICE_INSET))
        self.setGeometry(NOTICE_INSET, parent.height() - hint.height() - NOTICE_INSET, width,
                         hint.height())  # fmt: skip
