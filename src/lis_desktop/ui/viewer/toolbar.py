"""The viewer's own toolbar: thumbnails, "Page 2 of 117", the zoom box (a choice or a typed
percentage), zoom and find, and the rarer commands, which overflow first in a narrow pane.

It shows what the view tells it (`show_page`, `show_zoom`) and says what the user chose in the
zoom box (`zoom_chosen`); its buttons are the view's actions.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction, QFocusEvent
from PySide6.QtWidgets import QComboBox, QLabel, QSizePolicy, QToolBar, QWidget

from lis_desktop.ui.accessibility.names import name_combo, name_toolbar
from lis_desktop.ui.viewer.geometry import parse_zoom

ZOOM_CHOICES = ("Fit Width", "Fit Page", "50%", "75%", "100%", "125%", "150%", "200%", "300%",
                "400%")  # fmt: skip


class ZoomBox(QComboBox):
    """Shows the zoom as a percentage; accepts a choice or a typed percentage (applied with
    Enter). It always shows the zoom in use, also while it has the focus, unless the user is
    typing in it; leaving it without Enter drops what was typed."""

    chosen = Signal(object)  # "width", "page" or a zoom (1.0 = 100%)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        # Typed "3" stays 3, not a completed 300% applied by Tab (None is valid; stubs say no).
        self.setCompleter(None)  # type: ignore[arg-type]
        self.addItems(ZOOM_CHOICES)
        self.setMinimumContentsLength(8)
        self.setToolTip("Zoom")
        self._zoom = 1.0  # the zoom in use, shown again when the user leaves without Enter
        self._typing = False  # the user has typed since the zoom was last shown
        self.textActivated.connect(self._on_text_activated)
        editor = self.lineEdit()
        if editor is not None:
            editor.textEdited.connect(self._on_editor_text_edited)

    def show_zoom(self, zoom: float) -> None:
        self._zoom = zoom
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
        self.show_zoom(self._zoom)
        super().focusOutEvent(event)

    def _on_editor_text_edited(self, _text: str) -> None:
        self._typing = True

    def _on_text_activated(self, text: str) -> None:
        self._typing = False
        wanted = parse_zoom(text)
        if wanted is not None:
            self.chosen.emit(wanted)
        self.show_zoom(self._zoom)


class ViewerToolbar(QToolBar):
    """The viewer's toolbar over the view's actions (`actions`: by name)."""

    zoom_chosen = Signal(object)  # "width", "page" or a zoom (1.0 = 100%)

    def __init__(self, actions: dict[str, QAction], parent: QWidget | None = None) -> None:
        super().__init__("Viewer", parent)
        self.setMovable(False)
        self.setFloatable(False)
        self.page_label = QLabel()
        self.zoom_box = ZoomBox()
        self.addAction(actions["thumbnails"])
        self.addWidget(self.page_label)
        spacer = QWidget()  # the zoom and the commands to the right
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.addWidget(spacer)
        self.addAction(actions["zoom_out"])
        self.addWidget(self.zoom_box)
        self.addAction(actions["zoom_in"])
        self.addSeparator()
        self.addAction(actions["find"])  # before the rarer commands: the last to overflow
        self.addSeparator()
        for name in ("rotate_left", "rotate_right", "night_mode"):
            self.addAction(actions[name])
        self.zoom_box.chosen.connect(self.zoom_chosen)
        name_toolbar(self, "Viewer toolbar", "More viewer commands")
        name_combo(
            self.zoom_box, "Zoom", "Choose Fit Width, Fit Page or a zoom, or type a percentage"
        )

    def show_page(self, current: int, count: int) -> None:
        """Page `current` (1-based) of `count`; nothing without a document."""
        self.page_label.setText(f"Page {current} of {count}" if count else "")

    def show_zoom(self, zoom: float) -> None:
        self.zoom_box.show_zoom(zoom)
