"""The window's panes for the keyboard: F6 / Shift+F6 move the focus from pane to pane in the
order they are seen (each pane gets back the widget that last had the focus in it), Tab and
Shift+Tab go through the widgets in that same order, pane by pane (`Panes`); and the dividers
between panes move with the arrow keys (`PaneDividers`).

A pane is any widget registered with `Panes.add`; a registered pane holding other shown ones
(a stack holding a comparison of two viewers, say) is not a stop itself: its panes are."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QObject, QPoint, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QSplitter, QSplitterHandle, QWidget

from lis_desktop.ui.accessibility.announce import announce
from lis_desktop.ui.accessibility.order import visual_order

log = logging.getLogger(__name__)

NEXT_PANE = QKeySequence(Qt.Key.Key_F6)
PREVIOUS_PANE = QKeySequence("Shift+F6")
Entry = Callable[[], QWidget | None]


def _alive(widget: QWidget | None) -> bool:
    return widget is not None and shiboken6.isValid(widget)


def takes_tab_focus(widget: QWidget) -> bool:
    """Whether Tab may stop at `widget` now (shown, enabled, accepting Tab focus, no proxy)."""
    policy = widget.focusPolicy().value
    return (
        policy & Qt.FocusPolicy.TabFocus.value == Qt.FocusPolicy.TabFocus.value
        and widget.isVisible()
        and widget.isEnabled()
        and widget.focusProxy() is None
        and not widget.isWindow()
    )


def in_visual_order(widgets: list[QWidget], window: QWidget) -> list[QWidget]:
    boxes = []
    for widget in widgets:
        top_left = widget.mapTo(window, QPoint(0, 0))
        boxes.append((top_left.x(), top_left.y(), widget.width(), widget.height()))
    return [widgets[i] for i in visual_order(boxes)]


class Panes(QObject):
    """The panes of `window` for F6 and Tab (see the module docstring)."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._window = window
        self._panes: list[QWidget] = []
        self._entries: dict[int, Entry] = {}
        self._last: dict[int, QWidget] = {}  # by pane: the widget that last had the focus in it
        for keys, step in ((NEXT_PANE, 1), (PREVIOUS_PANE, -1)):
            shortcut = QShortcut(keys, window)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(lambda step=step: self.step(step))
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        app.focusChanged.connect(self._on_app_focus_changed)

    def add(self, pane: QWidget, entry: Entry | None = None) -> None:
        """Make `pane` a stop of F6; `entry` says which of its widgets takes the focus when
        it is entered the first time (else its first widget in Tab order)."""
        if pane in self._panes:
            return
        self._panes.append(pane)
        if entry is not None:
            self._entries[id(pane)] = entry
        pane.destroyed.connect(functools.partial(self._forget, id(pane)))

    def _forget(self, key: int, _destroyed: object = None) -> None:
        self._panes = [p for p in self._panes if shiboken6.isValid(p) and id(p) != key]
        self._entries.pop(key, None)
        self._last.pop(key, None)

    # -- which panes, in which order ---------------------------------------------------------
    def shown(self) -> list[QWidget]:
        """The panes F6 stops at now, in the order they are seen."""
        # where they are seen: a pane just shown is laid out at the next turn of the event loop
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        visible = [p for p in self._panes if shiboken6.isValid(p) and p.isVisible()]
        leaves = [p for p in visible if not any(p is not q and p.isAncestorOf(q) for q in visible)]
        return in_visual_order(leaves, self._window)

    def pane_of(self, widget: QWidget | None) -> QWidget | None:
        """The shown pane holding `widget` (the innermost)."""
        if widget is None:
            return None
        for pane in self.shown():
            if pane is widget or pane.isAncestorOf(widget):
                return pane
        return None

    def current(self) -> QWidget | None:
        return self.pane_of(QApplication.focusWidget())

    # -- F6 ------------------------------------------------------------------------------------
    def step(self, direction: int) -> None:
        """To the next pane (direction 1) or the previous one (-1), round the window."""
        panes = self.shown()
        if not panes:
            return
        current = self.current()
        if current in panes:
            index = (panes.index(current) + direction) % len(panes)
        else:
            index = 0 if direction > 0 else len(panes) - 1
        self.enter(panes[index])

    def enter(self, pane: QWidget) -> QWidget | None:
        """Focus `pane`: the widget last focused in it, its entry, or its first widget."""
        target = self._last.get(id(pane))
        if not (_alive(target) and target is not None and self._focusable_in(pane, target)):
            entry = self._entries.get(id(pane))
            target = entry() if entry is not None else None
            if target is None or not target.isVisible():
                widgets = self.widgets_of(pane)
                target = widgets[0] if widgets else (pane if pane.isVisible() else None)
        if target is not None:
            target.setFocus(Qt.FocusReason.ShortcutFocusReason)
        return target

    def _focusable_in(self, pane: QWidget, widget: QWidget) -> bool:
        return (
            (pane is widget or pane.isAncestorOf(widget))
            and (takes_tab_focus(widget) or widget.focusPolicy() != Qt.FocusPolicy.NoFocus)
            and widget.isVisible()
            and widget.isEnabled()
        )

    def _on_app_focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        if new is None or new.window() is not self._window:
            return
        pane = self.pane_of(new)
        if pane is not None and new.focusPolicy() != Qt.FocusPolicy.NoFocus:
            self._last[id(pane)] = new

    # -- Tab -----------------------------------------------------------------------------------
    def widgets_of(self, pane: QWidget) -> list[QWidget]:
        """The widgets of `pane` Tab stops at, in the order they are seen."""
        found = [pane, *pane.findChildren(QWidget)]
        return in_visual_order([w for w in found if takes_tab_focus(w)], self._window)

    def tab_order(self) -> list[QWidget]:
        """Every widget of the window Tab stops at: pane by pane in the order the panes are
        seen, then the window's other widgets (in the status bar, say) in the order seen."""
        order: list[QWidget] = []
        for pane in self.shown():
            order += [w for w in self.widgets_of(pane) if w not in order]
        rest = [w for w in self._window.findChildren(QWidget) if takes_tab_focus(w)]
        order += in_visual_order([w for w in rest if w not in order], self._window)
        return order

    def tab(self, forward: bool) -> bool:
        """Move the focus by Tab (or Shift+Tab); False when the focus is not among the panes'
        widgets (Qt's own order then applies)."""
        focused = QApplication.focusWidget()
        order = self.tab_order()
        if focused is None or focused not in order:
            return False
        index = (order.index(focused) + (1 if forward else -1)) % len(order)
        reason = Qt.FocusReason.TabFocusReason if forward else Qt.FocusReason.BacktabFocusReason
        order[index].setFocus(reason)
        return True


class PaneDividers(QObject):
    """Moving the dividers between panes from the keyboard: `start()` puts the focus on the
    first divider; the arrow keys move it (Shift: in bigger steps), Tab and Shift+Tab go to the
    next and previous divider, Enter or Esc give the focus back to where it was."""

    STEP = 16
    BIG_STEP = 64

    def __init__(self, window: QWidget, names: Callable[[QWidget], str]) -> None:
        """`names(pane)` says what a pane is called ("Regions", "Viewer")."""
        super().__init__(window)
        self._window = window
        self._names = names
        self._handles: list[QSplitterHandle] = []
        self._return_to: QWidget | None = None

    def handles(self) -> list[QSplitterHandle]:
        """The dividers shown, in the order they are seen."""
        found: list[QWidget] = []
        for splitter in self._window.findChildren(QSplitter):
            for i in range(1, splitter.count()):
                handle, widget = splitter.handle(i), splitter.widget(i)
                if handle.isVisible() and widget is not None and widget.isVisible():
                    found.append(handle)
        return [h for h in in_visual_order(found, self._window) if isinstance(h, QSplitterHandle)]

    def start(self) -> bool:
        self._handles = self.handles()
        if not self._handles:
            return False
        self._return_to = QApplication.focusWidget()
        for handle in self._handles:
            handle.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
            handle.setAccessibleName(self.describe(handle))
            handle.installEventFilter(self)
        self._handles[0].setFocus(Qt.FocusReason.ShortcutFocusReason)
        announce(
            self._handles[0],
            "Moving pane dividers: the arrow keys move the divider, Tab goes to the next one, "
            "Enter or Escape finishes.",
        )
        return True

    def finish(self) -> None:
        handles, self._handles = self._handles, []
        for handle in handles:
            if shiboken6.isValid(handle):
                handle.removeEventFilter(self)
                handle.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        target = self._return_to
        self._return_to = None
        if _alive(target) and target is not None and target.isVisible():
            target.setFocus(Qt.FocusReason.OtherFocusReason)

    def _sides(self, handle: QSplitterHandle) -> tuple[QSplitter, int, QWidget, QWidget]:
        """The handle's splitter, its index there, and the panes before and after it."""
        splitter = handle.splitter()
        index = next(i for i in range(splitter.count()) if splitter.handle(i) is handle)
        before, after = splitter.widget(index - 1), splitter.widget(index)
        assert before is not None
        assert after is not None
        return splitter, index, before, after

    def describe(self, handle: QSplitterHandle) -> str:
        _splitter, _index, before, after = self._sides(handle)
        return f"Divider between {self._names(before)} and {self._names(after)}"

    def move(self, handle: QSplitterHandle, delta: int) -> None:
        """Move `handle` by `delta` pixels (right or down when positive), within the panes'
        minimum sizes."""
        splitter, index, before, after = self._sides(handle)
        sizes = splitter.sizes()
        horizontal = splitter.orientation() == Qt.Orientation.Horizontal
        low = before.minimumWidth() if horizontal else before.minimumHeight()
        high = after.minimumWidth() if horizontal else after.minimumHeight()
        delta = max(low - sizes[index - 1], min(delta, sizes[index] - high))
        sizes[index - 1] += delta
        sizes[index] -= delta
        splitter.setSizes(sizes)
        sizes = splitter.sizes()
        announce(
            handle,
            f"{self._names(before)} {sizes[index - 1]} pixels, "
            f"{self._names(after)} {sizes[index]} pixels",
        )

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not isinstance(watched, QSplitterHandle) or watched not in self._handles:
            return False
        if event.type() == QEvent.Type.FocusOut and not any(h.hasFocus() for h in self._handles):
            if QApplication.focusWidget() is not None:  # clicked elsewhere: done
                self._return_to = None
                self.finish()
            return False
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        return self._on_handle_key(watched, event)

    def _on_handle_key(self, handle: QSplitterHandle, event: QKeyEvent) -> bool:
        key = event.key()
        step = self.BIG_STEP if event.modifiers() & Qt.KeyboardModifier.ShiftModifier else self.STEP
        horizontal = handle.orientation() == Qt.Orientation.Horizontal
        forward = (Qt.Key.Key_Right, Qt.Key.Key_Down)
        backward = (Qt.Key.Key_Left, Qt.Key.Key_Up)
        if key in (*forward, *backward):
            along = (
                (Qt.Key.Key_Left, Qt.Key.Key_Right)
                if horizontal
                else (Qt.Key.Key_Up, Qt.Key.Key_Down)
            )
            if key in along:
                self.move(handle, step if key in forward else -step)
            return True
        if key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
            index = self._handles.index(handle)
            offset = -1 if key == Qt.Key.Key_Backtab else 1
            self._handles[(index + offset) % len(self._handles)].setFocus(
                Qt.FocusReason.TabFocusReason
            )
            return True
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Escape):
            self.finish()
            return True
        return False
