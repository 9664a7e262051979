"""Process-wide set-up for the GUI: log file, Qt messages into logging, the
excepthook that reports unexpected errors once, macOS file-open events and the QApplication.
Used by app.py (the composition root)."""

from __future__ import annotations

import logging
import os
import sys
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QMessageLogContext,
    QObject,
    QtMsgType,
    Signal,
)
from PySide6.QtWidgets import QApplication, QWidget

from lis_desktop import APP_ID, APP_NAME, ORG_NAME

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMessageBox

log = logging.getLogger(__name__)

LOG_FILE = "lis-desktop.log"
LOG_MAX_BYTES = 1_000_000
LOG_KEEP = 3


def setup_logging(log_dir: Path) -> Path | None:
    """A log file under the platform log folder (and warnings on stderr); returns its path."""
    root = logging.getLogger()
    root.setLevel(logging.INFO)
    log_file: Path | None = log_dir / LOG_FILE
    try:
        log_dir.mkdir(parents=True, exist_ok=True)
        rotate_logs(log_dir / LOG_FILE)
        handler: logging.Handler = logging.FileHandler(log_dir / LOG_FILE, encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root.addHandler(handler)
    except OSError as exc:
        log_file = None
        sys.stderr.write(f"lis-desktop: cannot write the log in {log_dir}: {exc}\n")
    console = logging.StreamHandler(sys.stderr)
    console.setLevel(logging.WARNING)
    console.setFormatter(logging.Formatter("lis-desktop: %(levelname)s: %(message)s"))
    root.addHandler(console)
    return log_file


def rotate_logs(path: Path, max_bytes: int = LOG_MAX_BYTES, keep: int = LOG_KEEP) -> None:
    """At start-up, move a log over `max_bytes` to .1 (and .1 to .2, …), keeping `keep` old ones.

    Rotating once per start (not per write) spares importing logging.handlers, which costs
    start-up time; one session rarely writes a megabyte."""
    if not path.is_file() or path.stat().st_size <= max_bytes:
        return
    for index in range(keep - 1, 0, -1):
        older = path.with_name(f"{path.name}.{index}")
        if older.exists():
            os.replace(older, path.with_name(f"{path.name}.{index + 1}"))
    os.replace(path, path.with_name(f"{path.name}.1"))


_QT_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}


def qt_message_handler(mode: QtMsgType, context: QMessageLogContext, message: str) -> None:
    logging.getLogger("qt").log(_QT_LEVELS.get(mode, logging.WARNING), "%s", message)


class ExceptionReporter:
    """sys.excepthook: log the traceback, show one dialog at a time, keep the app running."""

    def __init__(self, parent: Callable[[], QWidget | None], log_file: Path | None) -> None:
        self._parent = parent
        self._log_file = log_file
        self.box: QMessageBox | None = None
        self.count = 0

    def __call__(
        self, kind: type[BaseException], exc: BaseException, tb: TracebackType | None
    ) -> None:
        self.count += 1
        log.critical("Unexpected error", exc_info=(kind, exc, tb))
        if issubclass(kind, KeyboardInterrupt):
            QCoreApplication.quit()
            return
        if self.box is not None:
            return  # one dialog: later errors go to the log only
        where = f" The details are in the log file:\n{self._log_file}" if self._log_file else ""
        from lis_desktop.ui.dialogs import show_error

        self.box = show_error(
            self._parent(),
            "Unexpected error",
            f"Something went wrong: {exc}\n\nLIS Desktop keeps running; if something looks "
            f"wrong, restart it.{where}",
            details="".join(traceback.format_exception(kind, exc, tb)),
        )
        self.box.finished.connect(self._on_box_finished)

    def _on_box_finished(self, _result: int) -> None:
        self.box = None


class FileOpenFilter(QObject):
    """macOS delivers 'Open With' and Dock drops as QFileOpenEvent on the application."""

    file_open_requested = Signal(str)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.FileOpen:
            return False
        from PySide6.QtGui import QFileOpenEvent  # macOS only: not loaded elsewhere

        if isinstance(event, QFileOpenEvent):
            self.file_open_requested.emit(event.file())
            return True
        return False


def make_application(argv: Sequence[str], *, window_icon: bool = True) -> QApplication:
    """The QApplication with our names and bundled icons; without `window_icon` the caller
    installs the icons later (`install_icon_fallbacks` before the first icon is looked up,
    `set_window_icon` once the window is on screen)."""
    existing = QApplication.instance()
    app = (
        existing
        if isinstance(existing, QApplication)
        else QApplication([sys.argv[0] if sys.argv else "lis-desktop"])
    )
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(ORG_NAME)
    app.setDesktopFileName(APP_ID)
    if window_icon:
        install_icon_fallbacks()
        set_window_icon(app)
    return app


def install_icon_fallbacks() -> None:
    """Our bundled action icons where the desktop's theme has none."""
    from lis_desktop.ui import icons

    icons.install_icon_fallbacks()


def set_window_icon(app: QApplication) -> None:
    """The bundled application icon on every window (rendering its SVG costs start-up time)."""
    from lis_desktop.ui.icons import app_icon

    icon = app_icon()
    if icon is not None:
        app.setWindowIcon(icon)
