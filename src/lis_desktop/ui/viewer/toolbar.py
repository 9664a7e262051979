"""The viewer's own toolbar (thumbnails, "Page 2 of 117", zoom combo with %, find) and the notice
floating over the pages."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QFocusEvent, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import (
    QBoxLayout,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLayout,
    QSizePolicy,
    QStackedWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from lis_desktop.ui.viewer.view import PdfView

NOTICE_INSET = 4  # pixels between the notice and the corner of the pages
ZOOM_CHOICES = ("Fit Width", "Fit Page", "50%", "75%", "100%", "125%", "150%", "200%", "300%",
                "400%")  # fmt: skip


class ZoomBox(QComboBox):
    """Shows the zoom as a percentage; accepts a choice or a typed percentage (applied with
    Enter). It always shows the zoom in use, also while it has the focus, unless the user is
    typing in it; leaving it without Enter drops what was typed."""

    def __init__(self, view: PdfView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._view = view
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        # Typed "3" stays 3, not a completed 300% applied by Tab (None is valid; stubs say no).
        self.setCompleter(None)  # type: ignore[arg-type]
        self.addItems(ZOOM_CHOICES)
        self.setMinimumContentsLength(8)
        self.setToolTip("Zoom")
        self.textActivated.connect(self._on_text_activated)
        view.zoom_changed.connect(self.show_zoom)
        self._typing = False  # the user has typed since the zoom was last shown
        editor = self.lineEdit()
        if editor is not None:
            editor.textEdited.connect(self._on_editor_text_edited)

    def show_zoom(self, zoom: float) -> None:
        if self._typing:  # never over what the user is typing
            return
        text = f"{round(zoom * 100)}%"
        # The current item follows too (none when the zoom is not a choice): Qt applies a
        # choice whose text differs from the current item's when the box loses the focus.
        blocked = self.blockSignals(True)
        self.setCurrentIndex(self.findText(text))
        self.blockSignals(blocked)
        self.setEditText(text)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self._typing = False  # leaving without Enter: show the zoom in use again
        self.show_zoom(self._view.canvas.zoom)
        super().focusOutEvent(event)

    def _on_editor_text_edited(self, _text: str) -> None:
        self._typing = True

    def _on_text_activated(self, text: str) -> None:
        self._typing = False
        if text == "Fit Width":
            self._view.fit_width()
        elif text == "Fit Page":
            self._view.fit_page()
        else:
            match = re.fullmatch(r"\s*(\d+(?:[.,]\d+)?)\s*%?\s*", text)
            if match:
                self._view.set_zoom(float(match.group(1).replace(",", ".")) / 100)
        self._view.canvas.setFocus()
        self.show_zoom(self._view.canvas.zoom)


def build(view: PdfView) -> QToolBar:
    bar = QToolBar("Viewer")
    bar.setMovable(False)
    bar.setFloatable(False)
    bar.addAction(view.commands["thumbnails"])
    bar.addWidget(view.page_label)
    spacer = QWidget()  # the zoom and the commands to the right
    spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    bar.addWidget(spacer)
    bar.addAction(view.commands["zoom_out"])
    view.zoom_box = ZoomBox(view)
    bar.addWidget(view.zoom_box)
    bar.addAction(view.commands["zoom_in"])
    bar.addSeparator()
    bar.addAction(view.commands["find"])  # before the rarer commands: the last to overflow
    bar.addSeparator()
    bar.addAction(view.commands["rotate_left"])
    bar.addAction(view.commands["rotate_right"])
    bar.addAction(view.commands["night_mode"])
    return bar


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


def build_layout(view: PdfView) -> tuple[QWidget, QStackedWidget, QToolBar]:
    """Toolbar and pages in one page of a stack, the panel in the other. The find bar (under
    the toolbar) and the thumbnails (left of the pages) are added when first used."""
    pages_area = QWidget()
    row = QHBoxLayout()
    row.setContentsMargins(0, 0, 0, 0)
    row.setSpacing(0)
    row.addWidget(view.canvas, 1)
    toolbar = build(view)
    area_layout = QVBoxLayout(pages_area)
    area_layout.setContentsMargins(0, 0, 0, 0)
    area_layout.setSpacing(0)
    area_layout.addWidget(toolbar)
    area_layout.addLayout(row, 1)
    stack = QStackedWidget()
    stack.addWidget(view.panel)
    stack.addWidget(pages_area)
    layout = QVBoxLayout(view)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(stack)
    return pages_area, stack, toolbar


def layout_holding(pages_area: QWidget, widget: QWidget) -> QBoxLayout:
    """The box layout of the pages area (or one nested in it) that holds `widget`."""
    top = pages_area.layout()
    layouts: list[QLayout | None] = [top]
    if top is not None:
        items = (top.itemAt(i) for i in range(top.count()))
        layouts += [item.layout() for item in items if item is not None]
    for layout in layouts:
        if isinstance(layout, QBoxLayout) and layout.indexOf(widget) >= 0:
            return layout
    raise LookupError("the viewer's pages area has no layout holding that widget")
