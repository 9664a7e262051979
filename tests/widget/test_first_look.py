"""The window's first look: a start that shows the page read last paints it where it was seen,
before the window's frame is built, and the frame then paints it at the very same place; any
other start (another page, another window size, a changed file) shows nothing early."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QByteArray, QRect, QSettings
from PySide6.QtGui import QColor, QImage
from pytestqt.qtbot import QtBot

from lis_desktop import settings as keys
from lis_desktop.app import root as app
from lis_desktop.app.instance import Request
from lis_desktop.pdf.host.parent import PdfHost
from lis_desktop.ui.first_look import FirstLook
from lis_desktop.ui.main_window import MainWindow
from lis_desktop.ui.viewer import kept_index, night_mode
from lis_desktop.ui.viewer.first_pages import FirstPages
from support.gui import TWO_REGIONS, has_ink

A, B = TWO_REGIONS
TIMEOUT = 20_000


@pytest.fixture
def services(two_region_services: app.Services, tmp_path: Path) -> app.Services:
    two_region_services.first_pages = FirstPages(tmp_path / "kept")  # keeping pages
    return two_region_services


def settings_store(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


def read_once(
    qtbot: QtBot, services: app.Services, tmp_path: Path
) -> tuple[QImage, QRect, list[int]]:
    """A first session reads A and exits: the window as it was, where the page was in it, and
    the sizes of its panes."""
    shown, page, sizes, _ = read_once_with_viewport(qtbot, services, tmp_path)
    return shown, page, sizes


def read_once_with_viewport(
    qtbot: QtBot, services: app.Services, tmp_path: Path
) -> tuple[QImage, QRect, list[int], QRect]:
    """`read_once`, and where the viewer's area was."""
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
    viewport = QRect(vx, vy, vw, vh)
    return shown, QRect(x, y, w, h).intersected(viewport), sizes, viewport


def first_look(window: MainWindow, request: Request, services: app.Services) -> bool:
    """What the app does: the page kept, else (the window attached to them) rendered now."""
    assert services.first_pages is not None
    folder = services.first_pages.folder
    return app.first_look(window, request, folder) or app.rendered_first_look(
        window, request, services
    )


def shell(qtbot: QtBot, services: app.Services, tmp_path: Path) -> MainWindow:
    window = app.build_window(
        services, settings_store(tmp_path), features=False, complete=False, frame=False
    )
    qtbot.addWidget(window)
    return window


def test_the_page_read_last_is_painted_where_it_was_before_the_frame_exists(
    qtbot: QtBot, services: app.Services, tmp_path: Path
) -> None:
    before, page, sizes, viewport = read_once_with_viewport(qtbot, services, tmp_path)
    assert page.width() > 150
    assert page.height() > 150
    assert page.left() - viewport.left() >= 8  # the viewer's background beside the page
    window = shell(qtbot, services, tmp_path)
    assert first_look(window, Request(), services)
    assert window.isVisible()
    assert not window.framed  # no menus, toolbar or viewer yet
    look = window.findChild(FirstLook)
    assert look is not None
    assert look.drew_page
    first = window.grab().toImage()
    assert first.copy(page) == before.copy(page)  # the very pixels, at the very place
    beside = QRect(viewport.left() + 2, page.center().y(), page.left() - viewport.left() - 4, 8)
    assert first.copy(beside) == before.copy(beside)  # the viewer's background around it
    outside = QRect(2, viewport.center().y(), 4, 4)  # where the tree will be: the window's own
    assert first.pixelColor(outside.topLeft()) == window.palette().window().color()
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


def test_no_first_look_for_another_window_size_a_changed_file_or_another_view(
    qtbot: QtBot, services: app.Services, tmp_path: Path
) -> None:
    read_once(qtbot, services, tmp_path)
    other = shell(qtbot, services, tmp_path)
    assert not first_look(other, Request(region=A, view="map"), services)  # the map first
    assert not other.isVisible()
    resized = shell(qtbot, services, tmp_path)
    settings = resized.settings
    saved = settings.get(keys.WINDOW_GEOMETRY)
    resized.restore_geometry()
    resized.resize(700, 500)
    settings.set(keys.WINDOW_GEOMETRY, QByteArray(resized.saveGeometry()))
    smaller = shell(qtbot, services, tmp_path)
    assert not first_look(smaller, Request(), services)  # the window comes back smaller
    assert not smaller.isVisible()
    settings.set(keys.WINDOW_GEOMETRY, saved)
    assert first_look(shell(qtbot, services, tmp_path), Request(), services)  # as it was
    pdf = services.cache.root / "summaries" / f"{A}.pdf"
    stat = pdf.stat()
    os.utime(pdf, ns=(stat.st_atime_ns, stat.st_mtime_ns + 5_000_000_000))
    changed = shell(qtbot, services, tmp_path)
    assert not first_look(changed, Request(), services)  # not the page of a changed file
    # (nor rendered anew: the viewer goes back to where the reader left it, perhaps elsewhere)
    assert not changed.isVisible()


def test_a_window_closed_during_its_first_look_closes_once_its_frame_is_built(
    qtbot: QtBot, services: app.Services, tmp_path: Path
) -> None:
    read_once(qtbot, services, tmp_path)
    window = shell(qtbot, services, tmp_path)
    assert first_look(window, Request(), services)
    window.close()  # the user, within that moment
    assert window.isVisible()  # nothing is lost: there is nothing to save yet
    window.build_frame()
    qtbot.waitUntil(lambda: not window.isVisible())  # then it closes, saving what it has


def test_a_page_never_kept_is_rendered_for_its_first_look_where_the_viewer_shows_it(
    qtbot: QtBot, services: app.Services, tmp_path: Path
) -> None:
    read_once(qtbot, services, tmp_path)  # A, at this window size: where the viewer's area is
    window = shell(qtbot, services, tmp_path)
    assert first_look(window, Request(region=B), services)  # B: never read, never kept
    look = window.findChild(FirstLook)
    assert look is not None
    assert look.drew_page
    x, y, w, h = (round(v) for v in look.look["page"])
    vx, vy, vw, vh = (round(v) for v in look.look["viewport"])
    page = QRect(x, y, w, h).intersected(QRect(vx, vy, vw, vh))
    first = window.grab().toImage().copy(page)
    window.build_frame()
    window.restore_state(select=False)
    opened_first: list[bool] = []
    window.viewer.page_rendered.connect(
        lambda *_: opened_first.append(window.viewer.session is not None)
    )
    with qtbot.waitSignal(window.viewer.page_rendered, timeout=TIMEOUT) as painted:
        window.select_region(B)
    assert painted.args[0] == B
    assert opened_first[0] is False  # painted from the page the first look had, at once
    window.complete()
    qtbot.wait(100)
    assert window.grab().toImage().copy(page) == first  # the same pixels at the same place
    window.close()


def rendered_ahead(
    qtbot: QtBot, services: app.Services, tmp_path: Path, summary: Path
) -> tuple[Path, PdfHost, FirstPages]:
    """A session reads A at this window size and exits; then a launch of a copy of `summary`
    (a file never read) has the PDF host render its page ahead, as the entry does before Qt."""
    read_once(qtbot, services, tmp_path)
    file = tmp_path / "never-read.pdf"
    shutil.copyfile(summary, file)
    pages = services.first_pages
    assert pages is not None
    guess = kept_index.launch_guess(pages.folder, str(file))  # what the entry finds, pre-Qt
    assert guess is not None
    engine = services.engine
    assert isinstance(engine, PdfHost)
    engine.open_ahead(file, guess)
    return file, engine, pages


def test_a_file_never_read_shows_the_page_the_host_rendered_ahead_before_the_services(
    qtbot: QtBot, services: app.Services, tmp_path: Path, two_summaries: dict[str, Path]
) -> None:
    file, engine, pages = rendered_ahead(qtbot, services, tmp_path, two_summaries[B])
    window = shell(qtbot, services, tmp_path)
    assert not app.first_look(window, Request(file=str(file)), pages.folder)  # not kept
    assert app.ahead_first_look(window, str(file), engine, pages)
    look = window.findChild(FirstLook)
    assert look is not None
    assert look.drew_page
    page = QRect(*(round(v) for v in look.look["page"])).intersected(
        QRect(*(round(v) for v in look.look["viewport"]))
    )
    first = window.grab().toImage().copy(page)
    assert has_ink(first)  # the summary's page, not an empty area
    window.build_frame()
    window.restore_state(select=False)
    opened_first: list[bool] = []
    window.viewer.page_rendered.connect(
        lambda *_: opened_first.append(window.viewer.session is not None)
    )
    with qtbot.waitSignal(window.viewer.page_rendered, timeout=TIMEOUT):
        window.open_file(file)
    assert opened_first[0] is False  # painted from the page rendered ahead, at once
    qtbot.wait(100)
    assert window.grab().toImage().copy(page) == first  # the same pixels at the same place
    window.close()


def test_a_page_rendered_ahead_for_another_window_size_is_not_shown_and_costs_nothing(
    qtbot: QtBot, services: app.Services, tmp_path: Path, two_summaries: dict[str, Path]
) -> None:
    file, engine, pages = rendered_ahead(qtbot, services, tmp_path, two_summaries[B])
    window = shell(qtbot, services, tmp_path)
    window.restore_geometry()
    window.resize(window.width() - 60, window.height())  # another size than the look's
    assert not app.ahead_first_look(window, str(file), engine, pages)
    assert window.findChild(FirstLook) is None
    assert not window.isVisible()  # nothing shown early
    window.build_frame()
    window.show()
    with qtbot.waitSignal(window.viewer.page_rendered, timeout=TIMEOUT):
        window.open_file(file)  # the host's reply to the opening ahead is read and let go
    assert window.viewer.session is not None
    assert window.viewer.session.page_count == 1
    window.close()


def lightness(image: QImage) -> int:
    """The page's lightness at its top left margin (0 black, 255 white)."""
    return QColor(image.pixel(8, 8)).lightness()


def test_on_automatic_night_mode_the_first_look_keeps_the_last_colours_and_the_viewer_the_os(
    qtbot: QtBot,
    services: app.Services,
    tmp_path: Path,
    two_summaries: dict[str, Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    file, engine, pages = rendered_ahead(qtbot, services, tmp_path, two_summaries[B])  # in day
    asked: list[bool] = []
    monkeypatch.setattr(night_mode, "os_prefers_dark", lambda: asked.append(True) or True)
    window = shell(qtbot, services, tmp_path)
    assert window.settings.get(keys.NIGHT_MODE) == "auto"
    assert not app.first_look(window, Request(file=str(file)), pages.folder)  # not kept
    assert app.ahead_first_look(window, str(file), engine, pages)  # the OS has turned dark since
    assert asked == []  # the first look did not ask the OS (that builds PySide6's Qt namespace)
    look = window.findChild(FirstLook)
    assert look is not None
    page = QRect(*(round(v) for v in look.look["page"])).intersected(
        QRect(*(round(v) for v in look.look["viewport"]))
    )
    assert lightness(window.grab().toImage().copy(page)) > 200  # as the last look was: day
    window.build_frame()
    window.restore_state(select=False)
    with qtbot.waitSignal(window.viewer.page_rendered, timeout=TIMEOUT):
        window.open_file(file)
    qtbot.wait(100)
    assert asked  # the viewer follows the OS
    assert lightness(window.grab().toImage().copy(page)) < 50  # now in night colours
    window.close()
