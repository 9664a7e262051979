"""The app's start as the user sees it: the window's frame shows the page first (the tree and
the publication pane are built right after, the region shown made current there without
opening it again), and features plugged in after the page still learn what is shown."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QAccessible
from pytestqt.qtbot import QtBot

from lis_desktop.app import root as app
from lis_desktop.app.instance import Request
from lis_desktop.content.cache import Cache
from lis_desktop.content.notebook import Notebook
from lis_desktop.ui.main_window import MainWindow
from lis_desktop.ui.notes.feature import NotesFeature
from lis_desktop.ui.notes.highlights import LAYER as NOTES_LAYER
from lis_desktop.ui.regions.tree import RegionTree
from lis_desktop.ui.regions.width import preferred_tree_width
from support.gui import TWO_REGIONS

A, B = TWO_REGIONS
TIMEOUT = 20_000


@pytest.fixture
def services(two_region_services: app.Services) -> app.Services:
    return two_region_services


def frame(qtbot: QtBot, services: app.Services, tmp_path: Path) -> MainWindow:
    store = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = app.build_window(services, store, features=False, complete=False)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_the_frame_shows_the_page_and_then_the_tree_shows_it_current_without_reopening(
    qtbot: QtBot, services: app.Services, tmp_path: Path
) -> None:
    window = frame(qtbot, services, tmp_path)
    assert window.findChild(RegionTree) is None  # not built yet: the page comes first
    with qtbot.waitSignal(window.viewer.page_rendered, timeout=TIMEOUT) as painted:
        assert window.select_region(A)
    assert painted.args[0] == A
    assert window.windowTitle().startswith("Greater Manchester")
    assert window.current_region_id() == A
    reopened: list[object] = []
    window.viewer.opener.opening.connect(lambda: reopened.append("opening"))
    window.viewer.opener.layout_known.connect(lambda *_: reopened.append("layout"))
    sizes = window.splitter.sizes()
    window.complete()
    assert window.tree.current_region_id() == A  # made current, as if chosen there
    assert window.tree.selected_region_ids() == [A]
    qtbot.waitUntil(lambda: bold_link(window, "Greater Manchester"))  # the summary shown
    assert window.splitter.sizes() == sizes  # the panes arrive in their places: nothing moves
    assert sizes[0] == window.tree.preferred_width()  # the frame knew the tree's width
    qtbot.wait(200)
    assert reopened == []  # the page shown is not opened again
    window.complete()  # a second call does nothing
    assert len(window.findChildren(RegionTree)) == 1


def test_the_frame_refuses_an_unknown_region_as_the_tree_does(
    qtbot: QtBot, services: app.Services, tmp_path: Path
) -> None:
    window = frame(qtbot, services, tmp_path)
    assert not window.select_region("atlantis")
    assert "Unknown region 'atlantis'" in window.statusBar().currentMessage()
    assert window.viewer.current_key() is None


def test_the_tree_width_is_known_before_the_tree_is_built(qtbot: QtBot, services: app.Services,
                                                          tmp_path: Path) -> None:  # fmt: skip
    window = frame(qtbot, services, tmp_path)
    expected = preferred_tree_width(r.title for r in window.library.regions)
    window.complete()
    assert window.tree.preferred_width() == expected


def test_highlights_of_the_summary_shown_appear_when_the_notes_come_after_its_page(
    qtbot: QtBot, services: app.Services, tmp_path: Path
) -> None:
    cache = Cache(services.cache.root)
    try:
        Notebook(cache).add(A, "offshore wind", "The wind")
    finally:
        cache.close()
    window = frame(qtbot, services, tmp_path)
    with qtbot.waitSignal(window.viewer.page_rendered, timeout=TIMEOUT):
        app.start(window, services, Request(region=A), None, lambda: None)
    qtbot.waitUntil(lambda: window.findChild(NotesFeature) is not None, timeout=TIMEOUT)
    assert window.completed
    qtbot.waitUntil(lambda: bool(window.viewer.canvas.marks(NOTES_LAYER)), timeout=TIMEOUT)
    assert window.viewer.commands["highlight_note"].isEnabled()  # the page is a region's


def bold_link(window: MainWindow, title: str) -> bool:
    """The publication pane shows `title`'s link in bold (as the summary shown)."""
    document = window.publication.document()
    block = document.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            if fragment.text() == title and fragment.charFormat().fontWeight() >= 700:
                return True
            it += 1
        block = block.next()
    return False


def test_panes_built_while_a_screen_reader_listens_tell_it_their_structure(
    qtbot: QtBot, services: app.Services, tmp_path: Path
) -> None:
    """The window completes after it is shown, so its publication pane is made while assistive
    technology already asks for interfaces: it must still be a document of headings and links."""
    window = frame(qtbot, services, tmp_path)
    QAccessible.setActive(True)
    try:
        window.complete()
        iface = QAccessible.queryAccessibleInterface(window.publication)
        assert iface.role() == QAccessible.Role.Document
        qtbot.waitUntil(lambda: iface.childCount() > 40, timeout=TIMEOUT)  # headings, links
        roles = {iface.child(i).role() for i in range(iface.childCount())}
        assert QAccessible.Role.Heading in roles
        assert QAccessible.Role.Link in roles
    finally:
        QAccessible.setActive(False)


def test_the_region_shown_is_remembered_at_once_not_only_at_close(
    qtbot: QtBot, services: app.Services, tmp_path: Path
) -> None:
    """Ended by a logout or a kill, the next start still reopens the summary read last."""
    window = frame(qtbot, services, tmp_path)
    with qtbot.waitSignal(window.viewer.page_rendered, timeout=TIMEOUT):
        window.select_region(B)
    ini = tmp_path / "settings.ini"
    qtbot.waitUntil(lambda: ini.is_file() and B in ini.read_text(), timeout=TIMEOUT)
    again = QSettings(str(ini), QSettings.Format.IniFormat)
    assert again.value("window/selected_region") == B


def test_the_story_marks_the_summary_shown_and_only_it_once_its_page_is_asked_for(
    qtbot: QtBot, services: app.Services, tmp_path: Path
) -> None:
    window = frame(qtbot, services, tmp_path)
    window.complete()
    with qtbot.waitSignal(window.viewer.page_rendered, timeout=TIMEOUT):
        window.select_region(A)
    qtbot.waitUntil(lambda: bold_link(window, "Greater Manchester"))
    with qtbot.waitSignal(window.viewer.page_rendered, timeout=TIMEOUT):
        window.select_region(B)
    qtbot.waitUntil(lambda: bold_link(window, "Liverpool City Region"))
    assert not bold_link(window, "Greater Manchester")
    window.publication.set_statuses(window.statuses())  # the story set anew: still so
    assert bold_link(window, "Liverpool City Region")
    assert not bold_link(window, "Greater Manchester")
