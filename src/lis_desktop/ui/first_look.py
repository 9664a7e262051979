"""The window's first look: the page read last, painted where the viewer showed it, before the
window's frame (menus, toolbar, viewer, panes) is even built.

At each save of a kept first page, and at exit, the viewer writes where that page was in the
window (`PdfView.first_look`, into the kept pages' index). A start that shows the same page
again, in a window restored at the same size and pixel ratio, shows the window with only that:
the viewer's area in its background colour and the page in it. The frame is built a moment later
around it and paints the same page at the same place, so that nothing moves; the menus, toolbar
and panes arrive around it. Any other start (another page, a resized window, a changed file)
shows nothing early, as before.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEventLoop, QPoint, QRectF, QSize, QTimer, Signal
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter, QPaintEvent
from PySide6.QtWidgets import QMainWindow, QWidget

from lis_desktop.ui.viewer.kept_index import look_for_launch

log = logging.getLogger(__name__)

WAIT_MS = 250  # at most, for the window system to let the look be painted


class FirstLook(QWidget):
    """The central widget of a window that has no frame yet: the look's page on its viewer's
    background, drawn only while the window has the size the look was taken at."""

    painted = Signal()

    def __init__(self, look: dict[str, Any], image: QImage, parent: QWidget | None = None):
        super().__init__(parent)
        self.setAccessibleName("Loading")
        self.look = look
        self.image = image
        self.window_size = QSize(*(round(v) for v in look["window"]))
        self.viewport = QRectF(*look["viewport"])
        self.page = QRectF(*look["page"])
        self.background = QColor(look["background"])
        self.drew_page = False

    def fits(self) -> bool:
        """Whether the window is as it was when the look was taken."""
        window = self.window()
        same_ratio = abs(window.devicePixelRatioF() - float(self.look["dpr"])) < 1e-3
        return window.size() == self.window_size and same_ratio

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(event.rect(), self.palette().window())
        self.drew_page = self.fits()
        if self.drew_page:
            origin = QPoint(self.mapTo(self.window(), QPoint(0, 0)))
            viewport = self.viewport.translated(-origin.x(), -origin.y())
            painter.fillRect(viewport, self.background)
            painter.setClipRect(viewport)
            painter.drawImage(self.page.translated(-origin.x(), -origin.y()), self.image)
        painter.end()
        handle = self.window().windowHandle()
        if handle is not None and handle.isExposed():  # on screen: not only in the backing store
            self.painted.emit()


def load_look(folder: Path, file: str | None, region: str | None) -> FirstLook | None:
    """The first look for a launch showing `file` (absolute) or `region`, or None."""
    look = look_for_launch(folder, file, region)
    if look is None:
        return None
    image = QImage(str(folder / look["file"]))
    if image.isNull():
        log.info("The first look's page could not be read: %s", look["file"])
        return None
    image.setDevicePixelRatio(float(look["dpr"]))
    return FirstLook(look, image)


def show_first_look(window: QMainWindow, look: FirstLook) -> bool:
    """Show `window` (restored to its size already) with `look` as its content, and return once
    that is painted (WAIT_MS at most); False, and nothing shown, when the window has another
    size than the look's."""
    if window.size() != look.window_size or window.isMaximized() or window.isFullScreen():
        look.deleteLater()
        return False
    window.setCentralWidget(look)
    loop = QEventLoop()
    look.painted.connect(loop.quit)
    QTimer.singleShot(WAIT_MS, loop.quit)
    window.show()
    loop.exec()
    QGuiApplication.sync()  # the window system has the pixels before the frame is built
    return True
