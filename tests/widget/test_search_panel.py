"""The "Search text" panel with its controller: typing a query lists hits by region with
highlighted snippets, facets narrow them, bad queries say why, indexing runs off the GUI thread."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from lis_desktop.content.cache import Cache
from lis_desktop.content.snapshot import load_regions
from lis_desktop.search.index import SearchIndex
from lis_desktop.tasks import InlineRunner, TaskRunner
from lis_desktop.ui.search.controller import SearchController
from lis_desktop.ui.search.panel import HTML_ROLE, PAGE_ROLE, REGION_ROLE, SearchPanel
from support.pdfs import make_summary_pdf

REGIONS = load_regions()
SUMMARIES = [
    ("humber", "Humber", "Offshore wind turbines on the estuary; more wind."),
    ("wales", "Wales", "Offshore wind in the Irish Sea and steel manufacturers."),
    ("scotland", "Scotland", "Offshore oil and gas; whisky distilling."),
]


@pytest.fixture
def cache(cache_dir: Path, tmp_path: Path) -> Iterator[Cache]:
    store = Cache(cache_dir)
    for region, title, words in SUMMARIES:
        pdf = make_summary_pdf(tmp_path / f"{region}.pdf", title=title, words=words, body_text="")
        store.import_pdf(region, pdf)
    yield store
    store.close()


@pytest.fixture
def panel(qtbot: QtBot) -> SearchPanel:
    widget = SearchPanel(REGIONS)
    qtbot.addWidget(widget)
    widget.resize(360, 600)
    widget.show()
    return widget


@pytest.fixture
def threaded(
    qtbot: QtBot, panel: SearchPanel, cache: Cache
) -> Iterator[tuple[SearchController, TaskRunner]]:
    runner = TaskRunner(max_threads=2)
    index = SearchIndex.for_cache(cache, REGIONS)
    controller = SearchController(panel, index, cache.root, runner)
    yield controller, runner
    controller.shutdown()
    runner.wait()
    index.close()


def rows(panel: SearchPanel) -> list[tuple[str, list[str]]]:
    """Each region row's text with its page rows' text."""
    model = panel.model
    out = []
    for r in range(model.rowCount()):
        top = model.item(r)
        out.append((top.text(), [top.child(c).text() for c in range(top.rowCount())]))
    return out


def test_typing_a_query_lists_hits_by_region(
    qtbot: QtBot, panel: SearchPanel, threaded: tuple[SearchController, TaskRunner]
) -> None:
    controller, _ = threaded
    with qtbot.waitSignal(controller.indexing_changed, check_params_cb=lambda d, t: t == 0):
        controller.update_index()
    with qtbot.waitSignal(controller.hits_changed, timeout=5000) as hits:
        qtbot.keyClicks(panel.field, "offshore wind")
    assert hits.args == [frozenset({"humber", "wales"})]
    listed = rows(panel)
    assert listed[0][0] == "Humber  ·  3 hits"  # most hits first: offshore, wind, wind
    assert listed[1][0] == "Wales  ·  2 hits"
    assert listed[1][1][0].startswith("p. 1  ")
    page_row = panel.model.item(1).child(0)
    hit = '<span style="background-color: #ffd84d; color: #000000; font-weight: bold;">wind'
    assert hit in str(page_row.data(HTML_ROLE))  # bold as well: not told by colour alone
    assert panel.status.text() == "5 hits in 2 summaries."


def test_facets_narrow_the_results(
    qtbot: QtBot, panel: SearchPanel, threaded: tuple[SearchController, TaskRunner]
) -> None:
    controller, _ = threaded
    with qtbot.waitSignal(controller.indexing_changed, check_params_cb=lambda d, t: t == 0):
        controller.update_index()
    with qtbot.waitSignal(controller.hits_changed, timeout=5000):
        qtbot.keyClicks(panel.field, "offshore")
    with qtbot.waitSignal(controller.hits_changed, timeout=5000) as hits:
        panel.body.setCurrentIndex(panel.body.findData("Devolved"))
    assert hits.args == [frozenset({"wales", "scotland"})]
    with qtbot.waitSignal(controller.hits_changed, timeout=5000) as hits:
        panel.ons.setCurrentIndex(panel.ons.findData("Yorkshire and the Humber"))
    assert hits.args == [frozenset()]
    assert panel.status.text() == (
        "No matches in Yorkshire and the Humber, Devolved: "
        "none of those summaries is available offline."
    )
    with qtbot.waitSignal(controller.hits_changed, timeout=5000) as hits:
        panel.body.setCurrentIndex(0)  # any body
    assert hits.args == [frozenset({"humber"})]


def test_a_malformed_query_says_why_and_the_panel_keeps_working(
    qtbot: QtBot, panel: SearchPanel, cache: Cache
) -> None:
    index = SearchIndex.for_cache(cache, REGIONS)
    controller = SearchController(panel, index, cache.root, InlineRunner())
    controller.update_index()
    panel.field.setText('"offshore wind')
    qtbot.keyClick(panel.field, Qt.Key.Key_Return)
    assert panel.status.text() == 'Malformed query: a quotation mark (") is not closed.'
    assert panel.model.rowCount() == 0
    panel.field.setText("whisky")
    qtbot.keyClick(panel.field, Qt.Key.Key_Return)
    assert [t for t, _ in rows(panel)] == ["Scotland  ·  1 hit"]
    index.close()


def test_activating_a_result_asks_for_that_region_and_page(
    qtbot: QtBot, panel: SearchPanel, cache: Cache
) -> None:
    index = SearchIndex.for_cache(cache, REGIONS)
    controller = SearchController(panel, index, cache.root, InlineRunner())
    controller.update_index()
    panel.field.setText("manufacturing")  # stemming: the page says "manufacturers"
    qtbot.keyClick(panel.field, Qt.Key.Key_Return)
    assert panel.results.hasFocus()
    page_row = panel.model.item(0).child(0).index()
    panel.results.setCurrentIndex(page_row)
    with qtbot.waitSignal(controller.result_activated) as activated:
        qtbot.keyClick(panel.results, Qt.Key.Key_Return)
    assert activated.args == ["wales", 0, "manufacturing"]
    assert page_row.data(REGION_ROLE) == "wales"
    assert page_row.data(PAGE_ROLE) == 0
    index.close()


@pytest.fixture
def indexed(panel: SearchPanel, cache: Cache) -> Iterator[SearchController]:
    """The panel's controller searching on the GUI thread, its index up to date."""
    index = SearchIndex.for_cache(cache, REGIONS)
    controller = SearchController(panel, index, cache.root, InlineRunner())
    controller.update_index()
    yield controller
    index.close()


@pytest.mark.usefixtures("indexed")
def test_ctrl_click_on_a_result_asks_for_it_beside_the_summary_shown(
    qtbot: QtBot, panel: SearchPanel
) -> None:
    panel.field.setText("whisky")
    qtbot.keyClick(panel.field, Qt.Key.Key_Return)
    page_row = panel.model.item(0).child(0).index()
    where = panel.results.visualRect(page_row).center()
    viewport = panel.results.viewport()
    with (
        qtbot.assertNotEmitted(panel.result_activated),
        qtbot.waitSignal(panel.beside_requested) as beside,
    ):
        qtbot.mouseClick(
            viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ControlModifier, where
        )
    assert beside.args == ["scotland", 0]
    with qtbot.waitSignal(panel.result_activated) as plain:  # a plain click opens it
        qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, where)
    assert plain.args == ["scotland", 0]


def test_a_partial_index_says_so_and_completes_itself(
    qtbot: QtBot, panel: SearchPanel, cache: Cache, monkeypatch: pytest.MonkeyPatch
) -> None:
    index = SearchIndex.for_cache(cache, REGIONS)
    shas = {region: record.sha256 for region, record in cache.records().items()}
    index.set_wanted(shas)  # as if a pass had started and indexed only Scotland so far
    index.store("scotland", shas["scotland"], ["Offshore oil."], None)
    controller = SearchController(panel, index, cache.root, InlineRunner())
    shown: list[str] = []
    show_result = panel.show_result
    monkeypatch.setattr(
        panel,
        "show_result",
        lambda result, status: (shown.append(status), show_result(result, status)),
    )
    controller.search("offshore", None)
    assert shown[0] == "1 hit in 1 summary — 1 of 3 summaries indexed so far."
    # the controller noticed the gap and indexed the rest itself, then searched again
    qtbot.waitUntil(lambda: panel.model.rowCount() == 3, timeout=5000)
    assert panel.status.text() == "3 hits in 3 summaries."
    index.close()


def test_escape_closes_the_search(qtbot: QtBot, panel: SearchPanel) -> None:
    with qtbot.waitSignal(panel.closed):
        qtbot.keyClick(panel.field, Qt.Key.Key_Escape)


def test_a_deleted_index_is_rebuilt_while_the_app_runs(
    qtbot: QtBot, panel: SearchPanel, threaded: tuple[SearchController, TaskRunner], cache: Cache
) -> None:
    controller, _ = threaded
    controller.update_index()
    qtbot.waitUntil(lambda: not controller.indexing, timeout=10000)
    cache.search_index_path.unlink()
    with qtbot.waitSignal(
        controller.hits_changed,
        timeout=10000,
        check_params_cb=lambda regions: regions == frozenset({"scotland"}),
    ):
        qtbot.keyClicks(panel.field, "whisky")
    assert panel.status.text() == "1 hit in 1 summary."
    assert cache.search_index_path.is_file()


def test_a_shut_down_controller_starts_no_more_indexing(
    threaded: tuple[SearchController, TaskRunner],
) -> None:
    # The window is closing: a late timer or sync progress must not start work on its lane.
    controller, runner = threaded
    controller.shutdown()
    controller.update_index()
    assert not controller.indexing
    assert runner.active() == 0
