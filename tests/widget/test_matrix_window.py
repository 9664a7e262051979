"""The theme matrix in the real main window: View ▸ Theme Matrix puts it in the viewer's place
and Esc brings the summary back; cells read out region, theme and count; the rows follow the
tree's filter, facets and grouping; a click (or Enter) opens the summary with the column's hits
highlighted (with Ctrl, beside the summary shown); sorting, user columns and their memory; live
counts as summaries arrive; CSV, Markdown and PNG exports with their sidecars; night mode; the
`matrix_shown` trace."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, QSettings, QSize, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QTableWidgetItem
from pytestqt.qtbot import QtBot

from lis_desktop import settings
from lis_desktop.app.instance import Request
from lis_desktop.app.root import (
    Services,
    apply_request,
    install_compare,
    install_matrix,
    install_search,
)
from lis_desktop.content.cache import Cache
from lis_desktop.search.matrix import PRESETS, TOTAL, Column, ExportFormat, RowKind
from lis_desktop.search.query import Facets
from lis_desktop.settings import Settings
from lis_desktop.tasks import TaskRunner
from lis_desktop.ui.main_window import MainWindow
from lis_desktop.ui.matrix.mode import MatrixMode
from lis_desktop.ui.matrix.model import HEAT_ROLE
from support.gui import make_window
from support.pdfs import make_summary_pdf

CLEAN = "clean-growth"
SUMMARIES = [
    ("humber", "Humber", "Clean growth on the estuary. Clean growth in ports. More clean growth."),
    ("wales", "Wales", "Clean growth and steel; skills."),
    ("tees-valley", "Tees Valley", "Hydrogen and skills, apprenticeships."),
]

Setup = tuple[MainWindow, MatrixMode, Services]


def open_window(qtbot: QtBot, cache_dir: Path, settings_file: Path) -> Setup:
    win = make_window(cache_dir, settings_file)
    qtbot.addWidget(win)
    services = Services(
        win.library.cache, TaskRunner(1), win.viewer.engine, TaskRunner(1), offline=True
    )
    search = install_search(services, win)
    mode = install_matrix(services, win, search)
    win.show()
    qtbot.waitExposed(win)
    search.controller.update_index()
    qtbot.waitUntil(lambda: not search.controller.indexing, timeout=10000)
    return win, mode, services


@pytest.fixture
def filled(cache_dir: Path, tmp_path: Path) -> Path:
    cache = Cache(cache_dir)
    for region, title, words in SUMMARIES:
        pdf = make_summary_pdf(tmp_path / f"{region}.pdf", title=title, words=words, body_text="")
        cache.import_pdf(region, pdf)
    cache.close()
    return cache_dir


@pytest.fixture
def setup(qtbot: QtBot, filled: Path, tmp_path: Path) -> Iterator[Setup]:
    win, mode, services = open_window(qtbot, filled, tmp_path / "settings.ini")
    yield win, mode, services
    win.viewer.shutdown()
    services.shutdown()


def open_matrix(qtbot: QtBot, mode: MatrixMode) -> None:
    if mode.controller.matrix is None:
        with qtbot.waitSignal(mode.controller.matrix_changed, timeout=10000):
            mode.open()
    else:
        mode.open()
    qtbot.waitUntil(lambda: not mode.controller.busy, timeout=10000)


def cell(mode: MatrixMode, region: str, column: str | None) -> QModelIndex:
    index = mode.view.model.index_of(region, column)
    assert index.isValid(), (region, column)
    return index


def text(mode: MatrixMode, region: str, column: str | None) -> str:
    return str(cell(mode, region, column).data())


# -- showing it --------------------------------------------------------------------------------
def test_ctrl_shift_m_shows_the_matrix_in_the_viewers_place_and_esc_returns(
    qtbot: QtBot, setup: Setup
) -> None:
    win, mode, _services = setup
    assert win.center.currentWidget() is win.viewer
    assert mode.action in win.view_menu.actions()
    win.tree.view.setFocus()
    with qtbot.waitSignal(mode.controller.matrix_changed, timeout=10000):
        qtbot.keyClick(
            win.tree.view,
            Qt.Key.Key_M,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
        )
    assert win.center.currentWidget() is mode.view
    assert mode.action.isChecked()
    qtbot.waitUntil(mode.view.table.hasFocus)
    assert text(mode, "humber", CLEAN) == "3"
    assert text(mode, "wales", CLEAN) == "1"
    assert text(mode, "tees-valley", CLEAN) == "0"
    assert text(mode, "humber", TOTAL) == "3"
    assert text(mode, "cumbria", PRESETS[0].id) == "not offline"  # said once across its row
    assert mode.view.table.columnSpan(cell(mode, "cumbria", PRESETS[0].id).row(), 1) == 10
    assert mode.view.status.text().startswith("Hits of each theme's query in 3 of 41 summaries")
    qtbot.keyClick(mode.view.table, Qt.Key.Key_Escape)
    assert win.center.currentWidget() is win.viewer
    assert not mode.action.isChecked()


def test_headers_name_the_themes_and_show_their_queries(qtbot: QtBot, setup: Setup) -> None:
    _win, mode, _services = setup
    open_matrix(qtbot, mode)
    model = mode.view.model
    labels = [model.headerData(s, Qt.Orientation.Horizontal) for s in range(model.columnCount())]
    assert labels == ["Region", *(c.label for c in PRESETS), "Total"]
    tip = model.headerData(7, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    assert f"Query: {PRESETS[6].query}" in tip


def test_cells_say_region_theme_and_count_and_arrows_move_between_them(
    qtbot: QtBot, setup: Setup
) -> None:
    _win, mode, _services = setup
    open_matrix(qtbot, mode)
    accessible = Qt.ItemDataRole.AccessibleTextRole
    assert cell(mode, "humber", CLEAN).data(accessible) == "Humber, Clean growth: 3 hits"
    assert cell(mode, "wales", CLEAN).data(accessible) == "Wales, Clean growth: 1 hit"
    assert cell(mode, "cumbria", CLEAN).data(accessible) == "Cumbria: not offline, no counts"
    england = mode.view.model.index(0, 7)
    assert england.data(accessible) == "England (all shown), Clean growth: 3 hits"
    table = mode.view.table
    table.setCurrentIndex(cell(mode, "humber", CLEAN))
    qtbot.keyClick(table, Qt.Key.Key_Right)
    assert mode.view.model.column_id(table.currentIndex().column()) == "future-of-mobility"
    qtbot.keyClick(table, Qt.Key.Key_Down)
    below = mode.view.model.row_at(table.currentIndex())
    assert below is not None
    assert below.title == "Lancashire"


def test_totals_and_regions_mentioning_each_theme(qtbot: QtBot, setup: Setup) -> None:
    _win, mode, _services = setup
    open_matrix(qtbot, mode)
    model = mode.view.model
    total, mentions = model.rowCount() - 2, model.rowCount() - 1
    assert model.index(total, 0).data() == "Total"
    assert model.index(total, 7).data() == "4"  # Clean growth: 3 + 1
    assert model.index(mentions, 0).data() == "Regions mentioning it"
    assert model.index(mentions, 7).data() == "2 of 3"
    assert model.index(mentions, 2).data() == "2 of 3"  # People: skills in Wales and Tees


def test_shading_follows_the_count_within_its_column(qtbot: QtBot, setup: Setup) -> None:
    _win, mode, _services = setup
    open_matrix(qtbot, mode)
    levels = {r: cell(mode, r, CLEAN).data(HEAT_ROLE) for r in ("humber", "wales", "tees-valley")}
    assert levels["humber"] == 7  # the most in the column: the darkest shade
    assert 0 < levels["wales"] < levels["humber"]
    assert levels["tees-valley"] == 0  # no hits: unshaded (and written 0)


# -- rows follow the tree ------------------------------------------------------------------------
def test_rows_follow_the_tree_filter_facets_and_grouping(qtbot: QtBot, setup: Setup) -> None:
    win, mode, _services = setup
    open_matrix(qtbot, mode)
    model = mode.view.model
    assert len(model.region_ids()) == 41
    qtbot.keyClicks(win.tree.filter_edit, "valley")
    assert model.region_ids() == [
        "buckinghamshire-thames-valley",
        "tees-valley",
        "thames-valley-berkshire",
    ]
    assert "in 1 of 3 summaries shown" in mode.view.status.text()
    win.tree.filter_edit.clear()
    win.tree.set_facets(Facets(body="MCA"))
    assert len(model.region_ids()) == 6
    assert "tees-valley" in model.region_ids()
    assert "humber" not in model.region_ids()
    mentions = model.index(model.rowCount() - 1, 2)
    assert mentions.data() == "1 of 1"  # only Tees Valley is offline among the MCAs
    win.tree.set_facets(Facets())
    win.group_action.trigger()
    headings = [r.title for r in model._rows if r.kind is RowKind.HEADING]
    assert headings[:3] == ["England", "North East", "North West"]
    north_east = next(r for r in model._rows if r.title == "North East")
    assert north_east.members == ("north-east", "tees-valley")


# -- drill down ----------------------------------------------------------------------------------
def test_clicking_a_cell_opens_the_summary_with_its_hits_highlighted(
    qtbot: QtBot, setup: Setup
) -> None:
    win, mode, _services = setup
    open_matrix(qtbot, mode)
    table = mode.view.table
    index = cell(mode, "humber", CLEAN)
    table.scrollTo(index)
    with qtbot.waitSignal(win.viewer.page_rendered, timeout=10000):
        qtbot.mouseClick(
            table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(index).center()
        )
    assert win.center.currentWidget() is win.viewer
    assert win.current_region_id() == "humber"
    canvas = win.viewer.canvas
    qtbot.waitUntil(lambda: len(canvas.hits) == 3, timeout=10000)  # "Clean growth" three times
    assert [page for page, _rects in canvas.hits] == [0, 0, 0]
    assert len({rects for _page, rects in canvas.hits}) == 3  # three places, none twice
    assert "3 hits for Clean growth" in win.statusBar().currentMessage()


def test_enter_on_a_cell_opens_it_too_even_when_the_summary_is_already_shown(
    qtbot: QtBot, setup: Setup
) -> None:
    win, mode, _services = setup
    with qtbot.waitSignal(win.viewer.page_rendered, timeout=10000):
        win.select_region("wales")
    open_matrix(qtbot, mode)
    table = mode.view.table
    table.setCurrentIndex(cell(mode, "wales", "people"))
    qtbot.keyClick(table, Qt.Key.Key_Return)
    assert win.center.currentWidget() is win.viewer
    qtbot.waitUntil(lambda: len(win.viewer.canvas.hits) == 1, timeout=10000)  # "skills"


@pytest.mark.parametrize("how", ["ctrl+click", "ctrl+enter"])
def test_a_cell_opens_beside_the_summary_shown_with_its_hits(
    qtbot: QtBot, setup: Setup, how: str
) -> None:
    win, mode, services = setup
    compare = install_compare(services, win)
    mode.beside_requested.connect(compare.show_beside)  # as install_features does
    with qtbot.waitSignal(win.viewer.page_rendered, timeout=10000):
        win.select_region("wales")
    open_matrix(qtbot, mode)
    table = mode.view.table
    index = cell(mode, "humber", CLEAN)
    table.scrollTo(index)
    ctrl = Qt.KeyboardModifier.ControlModifier
    with qtbot.waitSignal(compare.shown, timeout=10000) as shown:
        if how == "ctrl+click":
            qtbot.mouseClick(
                table.viewport(), Qt.MouseButton.LeftButton, ctrl, table.visualRect(index).center()
            )
        else:
            table.setCurrentIndex(index)
            qtbot.keyClick(table, Qt.Key.Key_Return, ctrl)
    assert shown.args == ["wales", "humber"]
    assert win.center.currentWidget() is compare.pane
    assert win.viewer.current_key() == "wales"  # the summary shown stays
    qtbot.waitUntil(lambda: len(compare.second.canvas.hits) == 3, timeout=10000)
    compare.close()


def test_a_region_not_offline_opens_its_empty_state(qtbot: QtBot, setup: Setup) -> None:
    win, mode, _services = setup
    open_matrix(qtbot, mode)
    mode.view.activate(cell(mode, "cumbria", CLEAN))
    assert win.center.currentWidget() is win.viewer
    assert win.current_region_id() == "cumbria"
    assert win.viewer.current_key() is None  # the "not available offline" notice


# -- sorting and columns -------------------------------------------------------------------------
def test_sorting_by_a_column_ranks_the_regions_and_is_remembered(
    qtbot: QtBot, setup: Setup
) -> None:
    win, mode, _services = setup
    open_matrix(qtbot, mode)
    header = mode.view.table.horizontalHeader()
    header.sectionClicked.emit(7)  # Clean growth
    ids = mode.view.model.region_ids()
    assert ids[:3] == ["humber", "wales", "tees-valley"]
    assert not any(r.kind is RowKind.HEADING for r in mode.view.model._rows)
    assert mode.view.sort_box.currentText() == "Clean growth, most hits first"
    assert win.settings.get(settings.MATRIX_SORT) == f"{CLEAN}:desc"
    header.sectionClicked.emit(7)
    assert mode.view.model.region_ids()[:3] == ["tees-valley", "wales", "humber"]
    header.sectionClicked.emit(7)  # a third time: the tree's order again
    assert mode.view.model.region_ids()[0] == "black-country"
    assert win.settings.get(settings.MATRIX_SORT) == ""


def test_user_columns_are_added_checked_and_remembered(
    qtbot: QtBot, setup: Setup, tmp_path: Path
) -> None:
    win, mode, _services = setup
    open_matrix(qtbot, mode)
    editor = mode.edit_columns(add=True)
    row = editor.table.rowCount() - 1
    editor.table.setItem(row, 0, QTableWidgetItem("Hydrogen"))
    editor.table.setItem(row, 1, QTableWidgetItem("hydrogen OR"))
    editor.box.accepted.emit()
    assert editor.isVisible()  # a bad query keeps the editor open and says why
    assert editor.message.text().startswith("Column 'Hydrogen': Malformed query:")
    editor.table.setItem(row, 1, QTableWidgetItem('hydrogen OR "fuel cells"'))
    with qtbot.waitSignal(mode.controller.matrix_changed, timeout=10000):
        editor.box.accepted.emit()
    assert [c.id for c in mode.controller.columns][-1] == "hydrogen"
    assert text(mode, "tees-valley", "hydrogen") == "1"
    assert text(mode, "humber", "hydrogen") == "0"
    stored = json.loads(win.settings.get(settings.MATRIX_COLUMNS))
    assert stored["added"] == [
        {"id": "hydrogen", "label": "Hydrogen", "query": 'hydrogen OR "fuel cells"'}
    ]
    store = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    assert "hydrogen" in Settings(store).get(settings.MATRIX_COLUMNS)


def test_columns_are_renamed_reordered_removed_and_presets_reset(
    qtbot: QtBot, setup: Setup
) -> None:
    _win, mode, _services = setup
    open_matrix(qtbot, mode)
    mode.set_columns((*PRESETS, *_two_user_columns()))
    editor = mode.edit_columns("ports")
    assert editor.table.currentRow() == 9
    assert not editor.buttons["up"].isEnabled()  # presets stay first
    editor.table.setCurrentCell(10, 0)
    editor.buttons["up"].click()
    editor.table.item(9, 0).setText("Hydrogen economy")  # type: ignore[union-attr]
    editor.table.setCurrentCell(6, 1)
    assert not editor.buttons["remove"].isEnabled()  # a preset cannot go
    editor.table.item(6, 1).setText("solar")  # type: ignore[union-attr]
    editor.buttons["reset"].click()
    assert editor.table.item(6, 1).text() == PRESETS[6].query  # type: ignore[union-attr]
    editor.table.setCurrentCell(10, 0)
    editor.buttons["remove"].click()
    editor.box.accepted.emit()
    assert [(c.id, c.label) for c in mode.controller.columns[9:]] == [
        ("hydrogen", "Hydrogen economy")
    ]
    mode.view.column_remove_requested.emit("hydrogen")
    assert mode.controller.columns == PRESETS


def _two_user_columns() -> list[Column]:
    return [Column("ports", "Ports", "port*"), Column("hydrogen", "Hydrogen", "hydrogen")]


def test_columns_come_back_after_a_restart(qtbot: QtBot, filled: Path, tmp_path: Path) -> None:
    settings_file = tmp_path / "settings.ini"
    win, mode, services = open_window(qtbot, filled, settings_file)
    mode.set_columns((*PRESETS, *_two_user_columns()))
    mode.view.column_move_requested.emit("hydrogen", -1)
    win.viewer.shutdown()
    services.shutdown()
    win.close()
    again, mode2, services2 = open_window(qtbot, filled, settings_file)
    try:
        assert [c.id for c in mode2.controller.columns[9:]] == ["hydrogen", "ports"]
        assert mode2.view.model.headerData(10, Qt.Orientation.Horizontal) == "Hydrogen"
    finally:
        again.viewer.shutdown()
        services2.shutdown()


# -- live, exports, night, trace -----------------------------------------------------------------
def test_an_imported_summary_is_counted_while_the_matrix_shows(
    qtbot: QtBot, setup: Setup, tmp_path: Path
) -> None:
    win, mode, _services = setup
    open_matrix(qtbot, mode)
    assert text(mode, "cumbria", "ideas") == "not offline"
    pdf = make_summary_pdf(tmp_path / "c.pdf", title="Cumbria", words="Net zero.", body_text="")
    win.import_file("cumbria", pdf)
    qtbot.waitUntil(lambda: text(mode, "cumbria", CLEAN) == "1", timeout=15000)
    assert mode.view.table.columnSpan(cell(mode, "cumbria", CLEAN).row(), 1) == 1


@pytest.mark.parametrize("fmt", [ExportFormat.CSV, ExportFormat.MARKDOWN])
def test_exports_write_what_is_shown_with_a_sidecar(
    qtbot: QtBot, setup: Setup, tmp_path: Path, fmt: ExportFormat
) -> None:
    win, mode, _services = setup
    open_matrix(qtbot, mode)
    qtbot.keyClicks(win.tree.filter_edit, "humber")
    target = tmp_path / "out" / "matrix"
    target.parent.mkdir()
    with qtbot.waitSignal(mode.exported, timeout=10000) as blocker:
        assert mode.export_to(fmt, target)
    written = blocker.args[0]
    assert written == target.with_name(f"matrix.{fmt.value}")
    content = written.read_text(encoding="utf-8-sig")
    assert "Humber" in content
    assert "Wales" not in content  # the rows shown, as the tree's filter left them
    sidecar = json.loads(written.with_name(written.name + ".provenance.json").read_text())
    assert [s["region"] for s in sidecar["sources"]] == ["humber"]
    assert sidecar["columns"][6]["query"] == PRESETS[6].query
    assert len(sidecar["sources"][0]["source_sha256"]) == 64
    assert "provenance sidecar" in win.statusBar().currentMessage()


def test_png_export_at_a_chosen_size(qtbot: QtBot, setup: Setup, tmp_path: Path) -> None:
    _win, mode, _services = setup
    open_matrix(qtbot, mode)
    target = tmp_path / "heat.png"
    with qtbot.waitSignal(mode.exported, timeout=10000):
        mode.export_to(ExportFormat.PNG, target, QSize(900, 700))
    image = QImage(str(target))
    assert (image.width(), image.height()) == (900, 700)
    assert image.pixelColor(0, 0).name() == "#ffffff"  # paper
    assert (tmp_path / "heat.png.provenance.json").exists()


def test_an_export_that_cannot_be_written_says_so(
    qtbot: QtBot, setup: Setup, tmp_path: Path
) -> None:
    from support.gui import visible_message_boxes

    win, mode, _services = setup
    open_matrix(qtbot, mode)
    mode.export_to(ExportFormat.CSV, tmp_path / "missing" / "matrix.csv")
    qtbot.waitUntil(lambda: bool(visible_message_boxes(win)), timeout=10000)
    (box,) = visible_message_boxes(win)
    assert "nothing was written" in box.text()
    box.close()


def test_night_mode_shades_dark_to_bright(qtbot: QtBot, setup: Setup) -> None:
    win, mode, _services = setup
    win.viewer.set_night_mode(True)
    open_matrix(qtbot, mode)
    assert mode.view.delegate.dark
    assert mode.view.table.palette().base().color().lightnessF() < 0.5
    assert mode.view.legend.dark
    win.viewer.set_night_mode(False)
    mode.open()
    assert not mode.view.delegate.dark


def test_matrix_shown_is_traced_once_with_rows_and_columns(
    qtbot: QtBot, setup: Setup, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _win, mode, _services = setup
    monkeypatch.setenv("LIS_DESKTOP_TRACE", "1")
    open_matrix(qtbot, mode)
    mode.close()
    mode.open()
    events = [json.loads(line) for line in capsys.readouterr().err.splitlines() if "{" in line]
    shown = [e for e in events if e["event"] == "matrix_shown"]
    assert len(shown) == 1
    assert (shown[0]["rows"], shown[0]["columns"]) == (41, 9)


def test_a_launch_asking_for_the_matrix_shows_it(qtbot: QtBot, setup: Setup) -> None:
    win, mode, services = setup
    with qtbot.waitSignal(mode.controller.matrix_changed, timeout=10000):
        apply_request(win, Request(view="matrix"), services.views)
    assert win.center.currentWidget() is mode.view
