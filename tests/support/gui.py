"""Helpers for widget tests: a main window over a temporary cache and a temporary settings file."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from lis_desktop.app import root as app
from lis_desktop.content.cache import Cache
from lis_desktop.content.library import Library
from lis_desktop.pdf.host.parent import PdfHost
from lis_desktop.settings import Settings
from lis_desktop.tasks import TaskRunner
from lis_desktop.ui.main_window import MainWindow
from lis_desktop.ui.search.mode import SearchMode
from support.pdfs import make_summary_pdf, stock_cache
from support.processes import engine_for_test


def make_window(
    cache_root: Path, settings_file: Path, *, offline: bool = False, engine: PdfHost | None = None
) -> MainWindow:
    """A MainWindow as the composition root builds it, but on temporary folders, with its own
    PDF engine (`engine`, or one stopped when the test ends) and lane (caller closes the
    window)."""
    library = Library.load(Cache(cache_root))
    store = QSettings(str(settings_file), QSettings.Format.IniFormat)
    engine = engine if engine is not None else engine_for_test()
    return MainWindow(library, Settings(store), engine, TaskRunner(1), offline=offline)


TWO_REGIONS = ("greater-manchester", "liverpool-city-region")  # the widget conftest's summaries


@contextmanager
def offline_services(cache_root: Path, summaries: dict[str, Path]) -> Iterator[app.Services]:
    """The app's services over a cache stocked with `summaries` (region id -> PDF), offline;
    shut down when done, once their background work is over."""
    stock_cache(cache_root, summaries)
    services = app.Services.create(cache_root, offline=True)
    try:
        yield services
    finally:
        services.runner.wait(20_000)
        services.shutdown()


def has_ink(image: QImage, *, threshold: int = 200) -> bool:
    """True when some pixel is clearly darker than paper white (something was drawn)."""
    small = image.scaled(200, 200).convertToFormat(QImage.Format.Format_RGB32)
    for y in range(small.height()):
        for x in range(small.width()):
            colour = small.pixelColor(x, y)
            if min(colour.red(), colour.green(), colour.blue()) < threshold:
                return True
    return False


def distinct_colours(image: QImage) -> int:
    """How many different colours a picture holds (a rendered photo has thousands)."""
    rgb = image.convertToFormat(QImage.Format.Format_RGB32)
    colours = set()
    for y in range(0, rgb.height(), 2):
        for x in range(0, rgb.width(), 2):
            colours.add(rgb.pixel(x, y))
    return len(colours)


def visible_message_boxes(parent: QWidget | None = None) -> list[QMessageBox]:
    from PySide6.QtWidgets import QApplication

    boxes = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox)]
    if parent is not None:
        boxes += parent.findChildren(QMessageBox)
    return [b for b in dict.fromkeys(boxes) if b.isVisible()]


@contextmanager
def online_window(qtbot: QtBot, tmp_path: Path, api_url: str, origin: str) -> Iterator[MainWindow]:
    """The full window (sync, search, export installed) talking to a local GOV.UK server; on
    exit every background job is waited for and the cache closed."""
    services = app.Services.create(
        tmp_path / "cache", offline=False, api_url=api_url, allow_origins=(origin,)
    )
    store = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = app.build_window(services, store)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    try:
        yield window
    finally:
        services.runner.wait(30_000)
        window.viewer.shutdown()
        services.shutdown()


def import_summaries(
    cache_dir: Path, folder: Path, summaries: Iterable[tuple[str, str, str]]
) -> None:
    """Summary PDFs (region id, title, words), made in `folder` and imported into the cache."""
    cache = Cache(cache_dir)
    try:
        for region, title, words in summaries:
            pdf = make_summary_pdf(folder / f"{region}.pdf", title=title, words=words, body_text="")
            cache.import_pdf(region, pdf)
    finally:
        cache.close()


def searching_window(
    qtbot: QtBot,
    cache_dir: Path,
    settings_file: Path,
    install: Callable[[app.Services, MainWindow, SearchMode], object] | None = None,
    engine: PdfHost | None = None,
) -> tuple[MainWindow, app.Services, SearchMode]:
    """A window with the search installed (and whatever `install` adds before it is shown) and
    its index built (by its PDF engine: `engine`, or one of its own), offline; the caller shuts
    the viewer and the services down."""
    win = make_window(cache_dir, settings_file, engine=engine)
    qtbot.addWidget(win)
    services = app.Services(
        win.library.cache, TaskRunner(1), win.viewer.engine, TaskRunner(1), offline=True
    )
    search = app.install_search(services, win)
    if install is not None:
        install(services, win, search)
    win.show()
    qtbot.waitExposed(win)
    search.controller.update_index()
    qtbot.waitUntil(lambda: not search.controller.indexing, timeout=10000)
    return win, services, search
