"""Main window behaviour: showing summaries, importing, opening files, restoring state."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QFileOpenEvent
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel
from pytestqt.qtbot import QtBot

from lis_desktop.app.instance import Request
from lis_desktop.app.root import FileOpenFilter, apply_request
from lis_desktop.content.cache import Cache
from lis_desktop.ui.main_window import MainWindow
from support.gui import distinct_colours, has_ink, make_window, visible_message_boxes
from support.pdfs import make_summary_pdf

RENDER_TIMEOUT = 30_000


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> MainWindow:
    win = make_window(tmp_path / "cache", tmp_path / "settings.ini")
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win


def _rendered_page_looks_real(window: MainWindow) -> bool:
    image = window.viewer.grab().toImage()
    return has_ink(image) and distinct_colours(image) > 1000


def test_selecting_an_imported_region_renders_its_page(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    Cache(tmp_path / "cache").import_pdf("black-country", make_summary_pdf(tmp_path / "bc.pdf"))
    window.refresh_library()
    with qtbot.waitSignal(window.viewer.page_rendered, timeout=RENDER_TIMEOUT) as blocker:
        assert window.select_region("black-country")
    key, width, height = blocker.args
    assert key == "black-country"
    assert width > 100
    assert height > width
    assert _rendered_page_looks_real(window)


def test_a_region_without_a_summary_shows_the_empty_state(window: MainWindow) -> None:
    window.select_region("wales")
    assert window.viewer.current_key() is None
    assert window.windowTitle().startswith("Wales")
    assert not _rendered_page_looks_real(window)


def test_import_attaches_the_pdf_to_the_selected_region(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pdf = make_summary_pdf(tmp_path / "Humber summary.pdf", title="Humber")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(pdf), ""))
    window.select_region("humber")
    with qtbot.waitSignal(window.viewer.page_rendered, timeout=RENDER_TIMEOUT) as blocker:
        window.import_action.trigger()
    assert blocker.args[0] == "humber"
    assert Cache(tmp_path / "cache").pdf_path("humber") is not None
    assert window.offline_label.text() == "1 of 41 summaries available offline"
    assert "Imported 'Humber summary.pdf' for Humber" in window.statusBar().currentMessage()
    assert not visible_message_boxes(window)


def test_importing_a_bad_file_says_why_and_stores_nothing(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bad = tmp_path / "notes.pdf"
    bad.write_text("these are meeting notes, not a PDF")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(bad), ""))
    window.select_region("humber")
    window.import_action.trigger()
    qtbot.waitUntil(lambda: len(visible_message_boxes(window)) == 1)
    box = visible_message_boxes(window)[0]
    assert "not a PDF" in box.text()
    assert "notes.pdf" in box.text()
    cache = Cache(tmp_path / "cache")
    assert cache.record("humber") is None
    assert list((tmp_path / "cache" / "summaries").iterdir()) == []
    assert window.offline_label.text() == "0 of 41 summaries available offline"
    box.accept()
    qtbot.waitUntil(lambda: not visible_message_boxes(window))


def test_cancelled_import_dialog_changes_nothing(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: ("", ""))
    window.select_region("humber")
    window.import_action.trigger()
    assert not visible_message_boxes(window)
    assert Cache(tmp_path / "cache").record("humber") is None


def test_opening_any_pdf_file_shows_it(window: MainWindow, qtbot: QtBot, tmp_path: Path) -> None:
    pdf = make_summary_pdf(tmp_path / "briefing.pdf", title="Briefing")
    with qtbot.waitSignal(window.viewer.page_rendered, timeout=RENDER_TIMEOUT) as blocker:
        assert window.open_file(pdf)
    assert blocker.args[0] == str(pdf.resolve())
    assert window.windowTitle().startswith("briefing.pdf")
    assert _rendered_page_looks_real(window)


def test_after_opening_a_file_a_click_on_the_region_shown_before_shows_it_again(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    Cache(tmp_path / "cache").import_pdf("black-country", make_summary_pdf(tmp_path / "bc.pdf"))
    window.refresh_library()
    with qtbot.waitSignal(window.viewer.page_rendered, timeout=RENDER_TIMEOUT):
        window.select_region("black-country")
    pdf = make_summary_pdf(tmp_path / "briefing.pdf", title="Briefing")
    with qtbot.waitSignal(window.viewer.page_rendered, timeout=RENDER_TIMEOUT):
        window.open_file(pdf)
    assert window.current_region_id() is None  # the tree no longer claims to show a region
    assert window.tree.selected_region_ids() == []

    tree = window.tree.view
    row = tree.visualRect(
        window.tree.proxy.mapFromSource(window.tree.model.index_of("black-country"))
    )
    with qtbot.waitSignal(window.viewer.page_rendered, timeout=RENDER_TIMEOUT) as shown:
        qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=row.center())
    assert shown.args[0] == "black-country"
    assert window.windowTitle().startswith("Black Country")


def test_a_restart_after_reading_a_file_shows_the_region_read_before_it(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    window.select_region("humber")
    window.open_file(make_summary_pdf(tmp_path / "briefing.pdf", title="Briefing"))
    window.save_state()
    again = make_window(tmp_path / "cache", tmp_path / "settings.ini")
    qtbot.addWidget(again)
    assert again.restore_state() == "humber"


def test_stepping_through_the_tree_with_arrow_keys_keeps_the_focus_in_the_tree(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    cache = Cache(tmp_path / "cache")
    for region in ("black-country", "buckinghamshire-thames-valley"):
        cache.import_pdf(region, make_summary_pdf(tmp_path / f"{region}.pdf", title=region))
    cache.close()
    window.refresh_library()
    with qtbot.waitSignal(window.viewer.page_rendered, timeout=RENDER_TIMEOUT):
        window.select_region("black-country")
    window.tree.view.setFocus()
    qtbot.waitUntil(window.tree.view.hasFocus)

    def press_down() -> None:  # to whichever widget has the focus, as the keyboard does
        focused = QApplication.focusWidget()
        assert focused is not None
        qtbot.keyClick(focused, Qt.Key.Key_Down)

    with qtbot.waitSignal(window.viewer.page_rendered, timeout=RENDER_TIMEOUT) as shown:
        press_down()
    assert shown.args[0] == "buckinghamshire-thames-valley"
    assert window.tree.view.hasFocus()  # the summary shown did not take the focus
    press_down()  # so the next arrow moves on in the tree (to a region not offline)
    assert window.current_region_id() == "cambridge-peterborough-combined-authority-business-board"
    assert window.tree.view.hasFocus()


def test_a_file_opened_from_outside_takes_the_keyboard_to_its_pages(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    window.viewer.setFocus()  # e.g. Open With while the viewer had the focus
    with qtbot.waitSignal(window.viewer.page_rendered, timeout=RENDER_TIMEOUT):
        window.open_file(make_summary_pdf(tmp_path / "briefing.pdf", title="Briefing"))
    assert window.viewer.canvas.hasFocus()  # Page Down scrolls it at once


def test_opening_a_missing_file_says_so(window: MainWindow, qtbot: QtBot, tmp_path: Path) -> None:
    assert not window.open_file(tmp_path / "nowhere.pdf")
    qtbot.waitUntil(lambda: len(visible_message_boxes(window)) == 1)
    assert "nowhere.pdf" in visible_message_boxes(window)[0].text()
    visible_message_boxes(window)[0].accept()


def test_macos_file_open_event_opens_the_file(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    pdf = make_summary_pdf(tmp_path / "dropped.pdf", title="Dropped")
    app = QApplication.instance()
    assert app is not None
    file_filter = FileOpenFilter(app)
    file_filter.file_open_requested.connect(lambda f: apply_request(window, Request(file=f)))
    app.installEventFilter(file_filter)
    try:
        with qtbot.waitSignal(window.viewer.page_rendered, timeout=RENDER_TIMEOUT) as blocker:
            QCoreApplication.sendEvent(app, QFileOpenEvent(str(pdf)))
        assert blocker.args[0] == str(pdf.resolve())
    finally:
        app.removeEventFilter(file_filter)


def test_state_is_restored_in_the_next_window(qtbot: QtBot, tmp_path: Path) -> None:
    settings_file = tmp_path / "settings.ini"
    Cache(tmp_path / "cache").import_pdf("tees-valley", make_summary_pdf(tmp_path / "tv.pdf"))
    first = make_window(tmp_path / "cache", settings_file)
    qtbot.addWidget(first)
    assert first.restore_state() is None  # first start: nothing saved yet
    first.show()
    qtbot.waitExposed(first)
    first.select_region("tees-valley")
    first.resize(700, 500)  # the offscreen screen is 800x600
    qtbot.waitUntil(lambda: first.size().width() == 700)
    first.splitter.setSizes([210, 250, 240])
    sizes = first.splitter.sizes()
    first.close()

    second = make_window(tmp_path / "cache", settings_file)
    qtbot.addWidget(second)
    assert second.restore_state() == "tees-valley"
    second.show()
    qtbot.waitExposed(second)
    assert (second.width(), second.height()) == (700, 500)
    assert second.splitter.sizes() == sizes
    assert second.current_region_id() == "tees-valley"
    assert second.windowTitle().startswith("Tees Valley")


def test_first_start_fits_the_screen_and_gives_the_viewer_most_room(window: MainWindow) -> None:
    available = window.screen().availableGeometry()
    assert window.frameGeometry().width() <= available.width()
    assert window.frameGeometry().height() <= available.height()
    assert window.width() >= min(1280, available.width()) * 0.8  # it does use the screen
    tree, viewer, pane = window.splitter.sizes()
    assert 0 < tree < pane < viewer


def test_an_unusable_cache_folder_is_reported_and_the_window_still_works(
    qtbot: QtBot, tmp_path: Path
) -> None:
    blocker = tmp_path / "a file"
    blocker.write_text("not a folder")
    win = make_window(blocker / "cache", tmp_path / "settings.ini")
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    assert "cannot be opened" in win.statusBar().currentMessage()
    assert win.offline_label.text() == "0 of 41 summaries available offline"
    qtbot.keyClicks(win.tree.filter_edit, "wales")
    assert win.tree.visible_region_ids() == ["wales"]
    assert win.select_region("wales")
    assert win.windowTitle().startswith("Wales")


def test_a_feature_view_takes_the_viewers_or_the_trees_place_and_gives_it_back(
    window: MainWindow, qtbot: QtBot
) -> None:
    middle, left = QLabel("another view of the summaries"), QLabel("another view of the regions")
    window.add_center_view(middle)
    window.add_navigator_view(left)
    with qtbot.waitSignal(window.center_changed), qtbot.waitSignal(window.navigator_changed):
        window.show_center_view(middle)
        window.show_navigator_view(left)
    assert middle.isVisible()
    assert left.isVisible()
    assert not window.viewer.isVisible()
    assert not window.tree.isVisible()
    window.show_center_view()
    window.show_navigator_view()
    assert window.viewer.isVisible()
    assert window.tree.isVisible()
    assert not middle.isVisible()
    assert not left.isVisible()
