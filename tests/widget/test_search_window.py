"""Search text mode in the real main window: Ctrl+Shift+F, typing a query narrows the tree to the
regions with hits, a chosen hit opens that page in the viewer with the words highlighted (or
beside the summary shown, with Ctrl), a newly imported summary becomes searchable by itself, and
a summary that crashes or freezes the PDF host while indexed is only that summary's error."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from lis_desktop.app.root import Services, install_compare
from lis_desktop.content.cache import Cache
from lis_desktop.tasks import TaskRunner
from lis_desktop.ui.main_window import MainWindow
from lis_desktop.ui.search.mode import SearchMode
from support.gui import import_summaries, searching_window
from support.pdfs import make_summary_pdf
from support.processes import faulty_engine_for_test

SUMMARIES = [
    ("humber", "Humber", "Offshore wind turbines on the estuary; more wind."),
    ("wales", "Wales", "Offshore wind in the Irish Sea and steel manufacturers."),
    ("scotland", "Scotland", "Offshore oil and gas; whisky distilling."),
]


@pytest.fixture
def window(
    qtbot: QtBot, cache_dir: Path, tmp_path: Path
) -> Iterator[tuple[MainWindow, SearchMode]]:
    import_summaries(cache_dir, tmp_path, SUMMARIES)
    win, services, mode = searching_window(qtbot, cache_dir, tmp_path / "settings.ini")
    yield win, mode
    win.viewer.shutdown()
    services.shutdown()


def test_ctrl_shift_f_opens_search_and_escape_closes_it(
    qtbot: QtBot, window: tuple[MainWindow, SearchMode]
) -> None:
    win, mode = window
    assert mode.panel.isHidden()
    win.tree.view.setFocus()
    qtbot.keyClick(
        win.tree.view,
        Qt.Key.Key_F,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert mode.panel.isVisible()
    qtbot.waitUntil(mode.panel.field.hasFocus)
    with qtbot.waitSignal(mode.controller.hits_changed, timeout=5000):
        qtbot.keyClicks(mode.panel.field, "whisky")
    assert win.tree.visible_region_ids() == ["scotland"]
    qtbot.keyClick(mode.panel.field, Qt.Key.Key_Escape)
    assert mode.panel.isHidden()
    assert win.tree.count_label.text() == "Showing 41 of 41"


def test_typing_a_query_to_the_viewer_showing_highlighted_hits(
    qtbot: QtBot, window: tuple[MainWindow, SearchMode]
) -> None:
    win, mode = window
    mode.open()
    with qtbot.waitSignal(mode.controller.hits_changed, timeout=5000):
        qtbot.keyClicks(mode.panel.field, '"offshore wind"')
    assert win.tree.visible_region_ids() == ["humber", "wales"]
    assert win.tree.count_label.text() == "Showing 2 of 41"
    qtbot.keyClick(mode.panel.field, Qt.Key.Key_Return)  # into the results
    results = mode.panel.results
    assert results.hasFocus()
    wales_page = mode.panel.model.item(1).child(0).index()
    results.setCurrentIndex(wales_page)
    with qtbot.waitSignal(win.viewer.page_rendered, timeout=10000):
        qtbot.keyClick(results, Qt.Key.Key_Return)
    assert win.current_region_id() == "wales"
    assert win.viewer.current_key() == "wales"
    canvas = win.viewer.canvas
    qtbot.waitUntil(lambda: len(canvas.hits) == 1, timeout=10000)
    page, rects = canvas.hits[0]
    assert page == 0
    assert len(rects) == 1  # "Offshore wind" on one line


def test_a_summary_imported_while_searching_is_found(
    qtbot: QtBot, window: tuple[MainWindow, SearchMode], tmp_path: Path
) -> None:
    win, mode = window
    mode.open()
    with qtbot.waitSignal(mode.controller.hits_changed, timeout=5000) as hits:
        qtbot.keyClicks(mode.panel.field, "hydrogen")
    assert hits.args == [frozenset()]
    assert mode.panel.status.text() == "No matches."
    pdf = make_summary_pdf(tmp_path / "tees.pdf", title="Tees Valley", words="Hydrogen hub.")
    with qtbot.waitSignal(
        mode.controller.hits_changed,
        timeout=10000,
        check_params_cb=lambda regions: regions == frozenset({"tees-valley"}),
    ):
        win.import_file("tees-valley", pdf)
    assert win.tree.visible_region_ids() == ["tees-valley"]
    assert mode.panel.status.text() == "1 hit in 1 summary."


def test_ctrl_enter_on_a_hit_opens_it_beside_the_summary_shown_highlighted(
    qtbot: QtBot, window: tuple[MainWindow, SearchMode], tmp_path: Path
) -> None:
    win, mode = window
    services = Services(
        win.library.cache, TaskRunner(1), win.viewer.engine, TaskRunner(1), offline=True
    )
    compare = install_compare(services, win)
    mode.hit_compare_requested.connect(compare.show_beside)  # as install_features does
    with qtbot.waitSignal(win.viewer.page_rendered, timeout=10000):
        win.select_region("humber")
    mode.open()
    with qtbot.waitSignal(mode.controller.hits_changed, timeout=5000):
        qtbot.keyClicks(mode.panel.field, "steel")
    results = mode.panel.results
    results.setFocus()
    results.setCurrentIndex(mode.panel.model.item(0).child(0).index())
    assert mode.panel.beside_action in results.actions()  # its context menu
    with qtbot.waitSignal(compare.shown, timeout=10000) as shown:
        qtbot.keyClick(results, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert shown.args == ["humber", "wales"]
    assert win.viewer.current_key() == "humber"  # the summary shown stays
    qtbot.waitUntil(lambda: len(compare.second.canvas.hits) == 1, timeout=10000)
    assert not win.viewer.canvas.hits
    compare.close()
    services.shutdown()


@pytest.mark.parametrize("fault", ["crash", "hang"])
def test_a_summary_that_crashes_or_freezes_the_pdf_host_is_its_own_indexing_error(
    qtbot: QtBot, cache_dir: Path, tmp_path: Path, fault: str
) -> None:
    import_summaries(cache_dir, tmp_path, SUMMARIES)
    cache = Cache(cache_dir)
    hostile = cache.pdf_path("scotland")
    cache.close()
    assert hostile is not None
    engine = faulty_engine_for_test(fault, hostile.name, timeout=2.0)
    win, services, mode = searching_window(
        qtbot, cache_dir, tmp_path / "settings.ini", engine=engine
    )
    try:
        counts = mode.controller.index.hit_counts(["offshore"])
        assert counts.unreadable == {"scotland": f"The text of '{hostile.name}' cannot be read."}
        assert set(counts.indexed) == {"humber", "wales"}
        mode.open()
        with qtbot.waitSignal(mode.controller.hits_changed, timeout=5000) as hits:
            qtbot.keyClicks(mode.panel.field, "offshore")
        assert hits.args == [frozenset({"humber", "wales"})]
        mode.close()  # the tree shows every region again
        with qtbot.waitSignal(win.viewer.page_rendered, timeout=10000):  # a new host draws it
            assert win.select_region("scotland")
    finally:
        win.viewer.shutdown()
        services.shutdown()
