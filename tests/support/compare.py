"""Helpers for the comparison's widget tests: the window as the app builds it, with the
comparison installed, over a cache stocked with summaries."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from lis_desktop.app import root as app
from lis_desktop.ui.compare.mode import CompareMode
from lis_desktop.ui.main_window import MainWindow
from lis_desktop.ui.viewer.view import PdfView

TIMEOUT = 30_000


@dataclass
class CompareApp:
    window: MainWindow
    installed: CompareMode | None
    services: app.Services

    @property
    def mode(self) -> CompareMode:
        mode = self.installed or self.window.findChild(CompareMode)
        assert isinstance(mode, CompareMode)
        return mode

    @property
    def first(self) -> PdfView:
        return self.window.viewer

    @property
    def second(self) -> PdfView:
        return self.mode.second


@contextmanager
def compare_app(
    qtbot: QtBot,
    cache_root: Path,
    settings_file: Path,
    *,
    size: tuple[int, int] = (1500, 900),
    install: bool = True,
) -> Iterator[CompareApp]:
    """The window on the app's services (one PDF engine) with the comparison installed (or,
    without `install`, nothing yet: the test starts it as the app does); shut down as the app
    does on exit."""
    services = app.Services.create(cache_root, offline=True)
    store = QSettings(str(settings_file), QSettings.Format.IniFormat)
    window = app.build_window(services, store, features=False)
    mode = app.install_compare(services, window) if install else None
    qtbot.addWidget(window)
    window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    try:
        yield CompareApp(window, mode, services)
    finally:
        window.close()  # saves the window's state and the viewers' positions
        services.runner.wait(TIMEOUT)
        services.shutdown()


def show_region(qtbot: QtBot, window: MainWindow, region: str) -> None:
    with qtbot.waitSignal(window.viewer.page_rendered, timeout=TIMEOUT):
        window.select_region(region)


def compare_and_wait(qtbot: QtBot, mode: CompareMode, first: str, second: str) -> None:
    with qtbot.waitSignal(mode.shown, timeout=TIMEOUT):
        assert mode.compare(first, second)
