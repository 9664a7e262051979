"""The focus ring: a frame in the highlight colour round whichever widget of a window has the
keyboard focus, the page area and the publication pane included (styles draw little or no focus
indication on those), thicker when the desktop asks for high contrast.

It is a QFocusFrame, which Qt's accessibility leaves out of the tree and which follows the
widget as it moves and resizes; a style of its own makes it sit exactly on the widget, above it,
shaped as a ring (the widget's inside is untouched)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QGuiApplication, QPainter, QPaintEvent, QPalette, QRegion
from PySide6.QtWidgets import (
    QApplication,
    QFocusFrame,
    QMenu,
    QProxyStyle,
    QStyle,
    QStyleHintReturn,
    QStyleOption,
    QWidget,
)

RING = 2  # pixels
HIGH_CONTRAST_RING = 3


def ring_width() -> int:
    style_hints = QGuiApplication.styleHints()  # kept: a temporary one drops its children
    hints = getattr(style_hints, "accessibility", None)  # Qt 6.10 and later
    if hints is None:
        return RING
    high = hints().contrastPreference() == Qt.ContrastPreference.HighContrast
    return HIGH_CONTRAST_RING if high else RING


class _RingStyle(QProxyStyle):
    """The application's style, but the focus frame lies on its widget, above it, unmasked."""

    def pixelMetric(
        self,
        metric: QStyle.PixelMetric,
        option: QStyleOption | None = None,
        widget: QWidget | None = None,
    ) -> int:
        if metric in (
            QStyle.PixelMetric.PM_FocusFrameHMargin,
            QStyle.PixelMetric.PM_FocusFrameVMargin,
        ):
            return 0
        return int(super().pixelMetric(metric, option, widget))

    def styleHint(
        self,
        hint: QStyle.StyleHint,
        option: QStyleOption | None = None,
        widget: QWidget | None = None,
        returnData: QStyleHintReturn | None = None,
    ) -> int:
        if hint == QStyle.StyleHint.SH_FocusFrame_AboveWidget:
            return 1
        if hint == QStyle.StyleHint.SH_FocusFrame_Mask:
            return 0  # the ring sets its own mask
        return int(super().styleHint(hint, option, widget, returnData))


class FocusRing(QFocusFrame):
    """The ring round the focus widget of `window` (made once per window; follows the focus)."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.setObjectName("focusRing")
        self._window = window
        self._style = _RingStyle()  # setStyle does not take ownership: kept here
        self.setStyle(self._style)
        self.hide()
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        app.focusChanged.connect(self._on_app_focus_changed)
        self._on_app_focus_changed(None, QApplication.focusWidget())

    def target(self) -> QWidget | None:
        """The widget the ring is round now."""
        return self.widget()

    def _on_app_focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        """Round the new focus widget when it is in this window (focus leaving for another
        window, or the app, leaves the ring where the window's focus stays)."""
        target = ring_target(new)
        if target is None or target.window() is not self._window:
            return
        if self.widget() is not target:
            self.setWidget(target)
        self.update()

    def event(self, event: QEvent) -> bool:
        # QFocusFrame takes its resize events in event() (resizeEvent is never called)
        if event.type() == QEvent.Type.Resize:
            self._shape()
        return bool(super().event(event))

    def _shape(self) -> None:
        width = ring_width()
        rect = self.rect()
        self.setMask(QRegion(rect) - QRegion(rect.adjusted(width, width, -width, -width)))

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)  # the frame takes its widget's palette (QFocusFrame does)
        painter.fillRect(self.rect(), self.palette().color(QPalette.ColorRole.Highlight))
        painter.end()


def ring_target(widget: QWidget | None) -> QWidget | None:
    """The widget to draw the ring round for focus widget `widget`: the composite whose focus
    proxy it is (an editable combo box, not its line edit); None for windows and menus."""
    if widget is None or widget.isWindow() or isinstance(widget, QMenu):
        return None
    target = widget
    parent = target.parentWidget()
    while parent is not None and not parent.isWindow() and parent.focusProxy() is target:
        target, parent = parent, parent.parentWidget()
    return target
