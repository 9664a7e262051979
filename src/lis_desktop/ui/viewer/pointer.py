"""The mouse on the viewer's pages: links (hover shows the target, a click follows it), selecting
text by dragging, with auto-scroll while the pointer is past an edge of the pages' viewport
(sideways too, when a zoomed page is wider than it), and double-click to select a word.

It works on any scrolling `Surface` (the canvas) and says what the user did through its signals;
it keeps no selection of its own."""

from __future__ import annotations

import logging
from typing import Protocol

from PySide6.QtCore import QObject, QPointF, Qt, QTimer, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QScrollBar, QWidget

from lis_desktop.pdf.document import LinkInfo
from lis_desktop.ui.viewer import links
from lis_desktop.ui.viewer.geometry import AUTO_SCROLL_MS, auto_scroll_step, past

log = logging.getLogger(__name__)


class Surface(Protocol):
    """What the pointer needs of the scrolling surface whose mouse events it handles."""

    def viewport(self) -> QWidget: ...
    def horizontalScrollBar(self) -> QScrollBar: ...
    def verticalScrollBar(self) -> QScrollBar: ...
    def link_at(self, pos: QPointF) -> LinkInfo | None: ...
    def content_point(self, pos: QPointF) -> QPointF: ...


class Pointer(QObject):
    """Handles the surface's mouse events (the surface forwards them here)."""

    link_hovered = Signal(str)  # target, "" when the pointer leaves a link
    link_activated = Signal(object)  # LinkInfo
    selection_started = Signal(QPointF)  # content point
    selection_extended = Signal(QPointF)  # content point
    word_chosen = Signal(QPointF)  # content point of a double-click

    def __init__(self, surface: Surface, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._surface = surface
        self._hover: LinkInfo | None = None
        self._pressed_link: LinkInfo | None = None
        self._selecting = False
        self._last = QPointF()  # where the pointer is while selecting (viewport coordinates)
        self._timer = QTimer(self, interval=AUTO_SCROLL_MS)
        self._timer.timeout.connect(self.auto_scroll)

    def reset(self) -> None:
        self._hover = None
        self._stop()

    def auto_scrolling(self) -> bool:
        return self._timer.isActive()

    def press(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        self._pressed_link = self._surface.link_at(event.position())
        if self._pressed_link is None:
            self._selecting = True
            self._last = event.position()
            self.selection_started.emit(self._surface.content_point(event.position()))

    def move(self, event: QMouseEvent) -> None:
        if self._selecting and event.buttons() & Qt.MouseButton.LeftButton:
            self._last = event.position()
            self.selection_extended.emit(self._surface.content_point(event.position()))
            if any(self._overshoot()) and not self._timer.isActive():
                self._timer.start()
            return
        self._stop()
        link = self._surface.link_at(event.position())
        if link != self._hover:
            self._hover = link
            cursor = Qt.CursorShape.PointingHandCursor if link else Qt.CursorShape.IBeamCursor
            self._surface.viewport().setCursor(cursor)
            self.link_hovered.emit(links.describe(link) if link else "")

    def release(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        self._stop()
        pressed, self._pressed_link = self._pressed_link, None
        if pressed is not None and self._surface.link_at(event.position()) == pressed:
            self.link_activated.emit(pressed)

    def double_click(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.word_chosen.emit(self._surface.content_point(event.position()))

    def auto_scroll(self) -> None:
        """One step of auto-scroll: scroll towards the pointer and extend the selection to it."""
        dx, dy = self._overshoot()
        if not self._selecting or (dx == 0 and dy == 0):
            self._timer.stop()
            return
        for bar, distance in (
            (self._surface.horizontalScrollBar(), dx),
            (self._surface.verticalScrollBar(), dy),
        ):
            step = auto_scroll_step(abs(distance))
            bar.setValue(bar.value() + (step if distance > 0 else -step))
        self.selection_extended.emit(self._surface.content_point(self._last))

    def _overshoot(self) -> tuple[float, float]:
        """How far the pointer is right of / below (> 0) or left of / above (< 0) the viewport,
        sideways and up or down; 0 where it is inside."""
        size = self._surface.viewport().size()
        return past(self._last.x(), size.width()), past(self._last.y(), size.height())

    def _stop(self) -> None:
        self._selecting = False
        self._timer.stop()
