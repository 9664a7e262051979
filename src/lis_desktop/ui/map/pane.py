"""The map pane in the tree's place: "Colour by" (and the theme column), the map, a line saying
what the pointer or keyboard is on, zoom buttons and Export…; or, when the map data cannot be
read, a message saying so. Emits what the user asked for; decides nothing."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QIcon
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from lis_desktop.geo.colouring import MODE_LABELS, ColourBy, Colouring
from lis_desktop.ui.map.canvas import MapCanvas
from lis_desktop.ui.map.render import MapScene

HINT = "Point at an area, or Tab to step through them; click to read its summary."


class MapPane(QWidget):
    region_chosen = Signal(str)  # a click, Enter or the context menu on the map
    compare_chosen = Signal(str)  # Ctrl+click, Ctrl+Enter or the context menu: beside the shown
    colour_by_changed = Signal(str)  # a ColourBy value
    theme_column_changed = Signal(str)  # a theme column's id
    export_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mapPane")
        self.canvas = MapCanvas(self)
        self.colour_box = QComboBox(self)
        self.colour_box.setAccessibleName("Colour the map by")
        self.colour_box.setToolTip("What the areas' colours show")
        self.theme_box = QComboBox(self)
        self.theme_box.setAccessibleName("Theme column")
        self.theme_box.setToolTip("The theme matrix column whose hit counts colour the map")
        self.theme_box.hide()
        self.message = QLabel(self)
        self.message.setObjectName("mapMessage")
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # F6 and Tab reach the reason
        self.message.setContentsMargins(12, 12, 12, 12)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.canvas)
        self.stack.addWidget(self.message)
        self.info = QLabel(HINT, self)
        self.info.setObjectName("mapInfo")
        self.info.setWordWrap(True)
        self.info.setAccessibleName("Map details")
        # A fixed height: a longer text must not shrink the map under the pointer.
        self.info.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.info.setFixedHeight(self.info.fontMetrics().lineSpacing() * 3 + 4)
        self.info.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.zoom_in_action = self._action("Zoom In", "zoom-in", "+", "Zoom in (+, wheel)")
        self.zoom_out_action = self._action("Zoom Out", "zoom-out", "−", "Zoom out (−, wheel)")
        self.reset_action = self._action(
            "Fit the Map", "zoom-fit-best", "Fit", "Show the whole map again (0, Home)"
        )
        self.export_action = QAction("Export…", self)
        self.export_action.setToolTip("Save the map as a PNG or SVG picture, with its legend")
        self.header = QHBoxLayout()
        self._build_layout()
        self._connect()

    def _action(self, name: str, icon: str, text: str, tip: str) -> QAction:
        action = QAction(QIcon.fromTheme(icon), name, self)
        action.setIconText(text)
        action.setToolTip(tip)
        return action

    def _build_layout(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 0, 4)
        layout.setSpacing(4)
        self.header.setSpacing(4)
        label = QLabel("Colour by", self)
        label.setBuddy(self.colour_box)
        self.header.addWidget(label)
        self.header.addWidget(self.colour_box, 1)
        layout.addLayout(self.header)
        layout.addWidget(self.theme_box)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.info)
        buttons = QHBoxLayout()
        buttons.setSpacing(2)
        self.buttons: list[QToolButton] = []
        for action in (self.zoom_out_action, self.zoom_in_action, self.reset_action):
            buttons.addWidget(self._button(action))
        buttons.addStretch(1)
        export = self._button(self.export_action)
        export.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        buttons.addWidget(export)
        layout.addLayout(buttons)

    def _button(self, action: QAction) -> QToolButton:
        button = QToolButton(self)
        button.setDefaultAction(action)
        button.setAccessibleName(action.text())
        button.setAutoRaise(True)
        if action is not self.export_action:
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.buttons.append(button)
        return button

    def add_toggle(self, action: QAction) -> QToolButton:
        """A button for `action` (Tree/Map) at the start of the header, as beside the tree."""
        button = QToolButton(self)
        button.setDefaultAction(action)
        button.setAutoRaise(True)
        button.setAccessibleName(action.text().replace("&", ""))
        self.header.insertWidget(0, button)
        return button

    def _connect(self) -> None:
        self.canvas.area_chosen.connect(self.region_chosen)
        self.canvas.compare_chosen.connect(self.compare_chosen)
        self.canvas.pointed.connect(self._on_canvas_pointed)
        self.canvas.focused.connect(self._on_canvas_focused)
        self.colour_box.activated.connect(self._on_colour_box_activated)
        self.theme_box.activated.connect(self._on_theme_box_activated)
        self.zoom_in_action.triggered.connect(lambda: self.canvas.zoom_in())
        self.zoom_out_action.triggered.connect(lambda: self.canvas.zoom_out())
        self.reset_action.triggered.connect(self.canvas.reset_view)
        self.export_action.triggered.connect(self.export_requested)

    # -- what it shows ---------------------------------------------------------------------
    def show_scene(self, scene: MapScene, order: Sequence[str]) -> None:
        self.canvas.set_scene(scene, order)
        self.stack.setCurrentWidget(self.canvas)
        self._set_map_controls(True)

    def show_error(self, message: str) -> None:
        """The map cannot be drawn: say why in its place (the tree still works)."""
        self.message.setText(
            f"The map cannot be shown.\n\n{message}\n\n"
            "Reinstalling LIS Desktop repairs it. Everything else works as before: "
            "switch back to the tree to choose a region."
        )
        self.message.setAccessibleName("Map not available")
        self.stack.setCurrentWidget(self.message)
        self.info.clear()
        self._set_map_controls(False)

    def has_map(self) -> bool:
        return self.stack.currentWidget() is self.canvas and self.canvas.scene is not None

    def main_part(self) -> QWidget:
        """What takes the focus when the pane is entered (F6): the map, or why there is none."""
        return self.canvas if self.stack.currentWidget() is self.canvas else self.message

    def _set_map_controls(self, enabled: bool) -> None:
        for widget in (self.colour_box, self.theme_box):
            widget.setEnabled(enabled)
        for action in (
            self.zoom_in_action,
            self.zoom_out_action,
            self.reset_action,
            self.export_action,
        ):
            action.setEnabled(enabled)

    def set_modes(self, modes: Sequence[ColourBy], current: ColourBy) -> None:
        self.colour_box.clear()
        for mode in modes:
            self.colour_box.addItem(MODE_LABELS[mode], str(mode))
        self.colour_box.setCurrentIndex(max(0, self.colour_box.findData(str(current))))
        self.theme_box.setVisible(current == ColourBy.THEME)

    def set_theme_columns(self, columns: Iterable[tuple[str, str]], current: str) -> None:
        """The theme matrix's columns as (id, label)."""
        self.theme_box.clear()
        for column_id, label in columns:
            self.theme_box.addItem(label, column_id)
        self.theme_box.setCurrentIndex(max(0, self.theme_box.findData(current)))

    def theme_column(self) -> str:
        data = self.theme_box.currentData()
        return data if isinstance(data, str) else ""

    def set_colouring(self, colouring: Colouring) -> None:
        self.theme_box.setVisible(colouring.mode == ColourBy.THEME)
        self.canvas.set_colouring(colouring)
        self._show_info(self.canvas.hovered or self.canvas.focus_area or "")

    # -- slots ---------------------------------------------------------------------------------
    def _on_colour_box_activated(self, index: int) -> None:
        mode = self.colour_box.itemData(index)
        if isinstance(mode, str):
            self.theme_box.setVisible(mode == ColourBy.THEME)
            self.colour_by_changed.emit(mode)

    def _on_theme_box_activated(self, index: int) -> None:
        column = self.theme_box.itemData(index)
        if isinstance(column, str):
            self.theme_column_changed.emit(column)

    def _on_canvas_pointed(self, region_id: str) -> None:
        if region_id:
            self.info.setText(self.canvas.pointer_text)
        else:
            self._show_info(self.canvas.focus_area or "")

    def _on_canvas_focused(self, region_id: str) -> None:
        if not self.canvas.hovered:
            self._show_info(region_id)

    def _show_info(self, region_id: str) -> None:
        self.info.setText(self.canvas.summary(region_id) if region_id else HINT)
