"""The window's first look: a start that shows the page read last paints it where it was seen,
before the window's frame is built, and the frame then paints it at the very same place; any
other start (another page, another window size, a changed file) shows nothing early."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QByteArray, QRect, QSettings
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from lis_desktop import settings as keys
from lis_desktop.app import root as app
from lis_desktop.app.instance import Request
from lis_desktop.ui.first_look import FirstLook
from lis_desktop.ui.main_window import MainWindow
from lis_desktop.ui.viewer import kept_index
from lis_desktop.ui.viewer.first_pages import FirstPages
from support.pdfs import region_summaries, stock_cache

A, B = "greater-manchester", "liverpool-city-region"
TIMEOUT = 20_000


@pytest.fixture(scope="module")
def summaries(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return region_summaries(tmp_path_factory.mktemp("summaries"), [A, B])


@pytest.fixture
def services(tmp_path: Path, summaries: dict[str, Path]) -> Iterator[app.Services]:
    stock_cache(tmp_path / "cache", summaries)
    services = app.Services.create(tmp_path / "cache", offline=True)
    services.first_pages = FirstPages(tmp_path / "kept")
    yield services
    services.runner.wait(TIMEOUT)
    services.shutdown()


def settings_store(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


def read_once(
    qtbot: QtBot, services: app.Services, tmp_path: Path
) -> tuple[QImage, QRect, list[int]]:
    """A first session reads A and exits: the window as it was, where the page was in it, and
    the sizes of its panes."""
    window = app.build_window(services, settings_store(tmp_path), features=False)
    qtbot.addWidget(window)
    window.resize(780, 580)  # within the offscreen screen, so that it comes back at this size
    window.show()
    qtbot.waitExposed(window)
    window.splitter.setSizes([285, 255, 240])  # the dividers where the user left them
    with qtbot.waitSignal(window.viewer.page_rendered, timeout=TIMEOUT):
        window.select_region(A)
    qtbot.wait(50)
    shown = window.grab().toImage()
    sizes = window.splitter.sizes()
    window.close()  # saves the window's state; the viewer writes its look
    look = kept_index.entries(tmp_path / "kept")[0]["look"]
    x, y, w, h = (round(v) for v in look["page"])
    vx, vy, vw, vh = (round(v) for v in look["viewport"])
    return shown, QRect(x, y, w, h).intersected(QRect(vx, vy, vw, vh)), sizes


def shell(qtbot: QtBot, services: app.Services, tmp_path: Path) -> MainWindow:
    window = app.build_window(
        services, settings_store(tmp_path), features=False, complete=False, frame=False
    )
    qtbot.addWidget(window)
    return window


def test_the_page_read_last_is_painted_where_it_was_before_the_frame_exists(
    qtbot: QtBot, services: app.Services, tmp_path: Path
) -> None:
    before, page, sizes = read_once(qtbot, services, tmp_path)
    assert page.width() > 150
    assert page.height() > 150
    window = shell(qtbot, services, tmp_path)
    assert app.first_look(window, Request(), services.first_pages.folder)  # type: ignore[union-attr]
    assert window.isVisible()
    assert not window.framed  # no menus, toolbar or viewer yet
    look = window.findChild(FirstLook)
    assert look is not None
    assert look.drew_page
    first = window.grab().toImage()
    assert first.copy(page) == before.copy(page)  # the very pixels, at the very place
    window.build_frame()
    frame = (window.menuBar(), window.toolbar, window.viewer, window.statusBar())
    assert all(part.isVisible() for part in frame)  # at once, around the page
    assert window.restore_state(select=False) == A
    assert window.splitter.sizes() == sizes  # the panes as the user left them
    with qtbot.waitSignal(window.viewer.page_rendered, timeout=TIMEOUT):
        window.select_region(A)
    window.complete()  # as the app does once the page is painted: the tree, the story
    qtbot.wait(100)
    framed = window.grab().toImage()
    assert framed.copy(page) == before.copy(page)  # the frame paints it there too: no jump
    assert window.findChild(FirstLook) is None  # replaced by the frame
    window.close()


def test_no_first_look_for_another_page_size_or_a_changed_file(
    qtbot: QtBot, services: app.Services, tmp_path: Path, summaries: dict[str, Path]
) -> None:
    read_once(qtbot, services, tmp_path)
    folder = services.first_pages.folder  # type: ignore[union-attr]
    other = shell(qtbot, services, tmp_path)
    assert not app.first_look(other, Request(region=B), folder)  # another region: B's look
    assert not other.isVisible()
    assert not app.first_look(other, Request(region=A, view="map"), folder)  # the map first
    resized = shell(qtbot, services, tmp_path)
    settings = resized.settings
    saved = settings.get(keys.WINDOW_GEOMETRY)
    resized.restore_geometry()
    resized.resize(700, 500)
    settings.set(keys.WINDOW_GEOMETRY, QByteArray(resized.saveGeometry()))
    smaller = shell(qtbot, services, tmp_path)
    assert not app.first_look(smaller, Request(), folder)  # the window comes back smaller
    assert not smaller.isVisible()
    settings.set(keys.WINDOW_GEOMETRY, saved)
    assert app.first_look(shell(qtbot, services, tmp_path), Request(), folder)  # as it was
    pdf = services.cache.root / "summaries" / f"{A}.pdf"
    stat = pdf.stat()
    os.utime(pdf, ns=(stat.st_atime_ns, stat.st_mtime_ns + 5_000_000_000))
    changed = shell(qtbot, services, tmp_path)
    assert not app.first_look(changed, Request(), folder)  # not the page of a changed file
    assert not changed.isVisible()


def test_a_window_closed_during_its_first_look_closes_once_its_frame_is_built(
    qtbot: QtBot, services: app.Services, tmp_path: Path
) -> None:
    read_once(qtbot, services, tmp_path)
    window = shell(qtbot, services, tmp_path)
    assert app.first_look(window, Request(), services.first_pages.folder)  # type: ignore[union-attr]
    window.close()  # the user, within that moment
    assert window.isVisible()  # nothing is lost: there is nothing to save yet
    window.build_frame()
    qtbot.waitUntil(lambda: not window.isVisible())  # then it closes, saving what it has
