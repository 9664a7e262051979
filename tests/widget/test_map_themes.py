"""The map coloured by a theme column of the real theme matrix: counted from the search index
(off the GUI thread, without the matrix being opened), recoloured as its counts change."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from lis_desktop.app.root import Services, install_map, install_matrix
from lis_desktop.geo.colouring import ColourBy
from lis_desktop.ui.main_window import MainWindow
from lis_desktop.ui.map.mode import MapMode
from lis_desktop.ui.matrix.mode import MatrixMode
from lis_desktop.ui.search.mode import SearchMode
from support.gui import import_summaries, searching_window

SUMMARIES = [
    ("humber", "Humber", "Clean growth on the estuary. Clean growth in ports. More clean growth."),
    ("wales", "Wales", "Steel and skills."),
]


@pytest.fixture
def window(
    qtbot: QtBot, cache_dir: Path, tmp_path: Path
) -> Iterator[tuple[MainWindow, MapMode, MatrixMode]]:
    import_summaries(cache_dir, tmp_path, SUMMARIES)
    installed: list[tuple[MapMode, MatrixMode]] = []

    def install(services: Services, win: MainWindow, search: SearchMode) -> None:
        matrix = install_matrix(services, win, search)
        installed.append((install_map(services, win, matrix), matrix))

    win, services, _search = searching_window(qtbot, cache_dir, tmp_path / "settings.ini", install)
    ((mode, matrix),) = installed
    yield win, mode, matrix
    win.viewer.shutdown()
    services.shutdown()


def test_the_map_colours_by_a_matrix_column_without_opening_the_matrix(
    window: tuple[MainWindow, MapMode, MatrixMode], qtbot: QtBot
) -> None:
    _win, mode, matrix = window
    mode.show()
    labels = [mode.pane.colour_box.itemText(i) for i in range(mode.pane.colour_box.count())]
    assert labels[-1] == "Theme (matrix column)"
    mode.pane.theme_box.setCurrentIndex(mode.pane.theme_box.findText("Clean growth"))
    with qtbot.waitSignal(matrix.controller.matrix_changed, timeout=10_000):
        mode.set_mode(ColourBy.THEME)
    qtbot.waitUntil(lambda: mode.colouring is not None and "counting" not in mode.colouring.title)
    assert not matrix.is_open()
    canvas = mode.pane.canvas
    assert canvas.summary("humber") == "Humber — Clean growth: 3 hits"
    assert canvas.summary("wales") == "Wales — Clean growth: not mentioned"
    assert canvas.summary("cumbria") == "Cumbria — Clean growth: not offline, no count"
    columns = [mode.pane.theme_box.itemText(i) for i in range(mode.pane.theme_box.count())]
    assert columns[:2] == ["Ideas", "People"]  # the matrix's columns, in its order
    assert len(columns) == 9


def test_while_counting_the_map_says_so(
    window: tuple[MainWindow, MapMode, MatrixMode], qtbot: QtBot
) -> None:
    _win, mode, matrix = window
    mode.show()
    assert matrix.controller.matrix is None
    mode.set_mode(ColourBy.THEME)
    assert mode.colouring is not None
    assert mode.colouring.title.endswith(": counting…")
    assert mode.pane.canvas.summary("humber").endswith(": counting…")
    qtbot.waitUntil(lambda: "counting" not in mode.colouring.title, timeout=10_000)  # type: ignore[union-attr]


def test_the_maps_shortcut_is_its_own(
    window: tuple[MainWindow, MapMode, MatrixMode], qtbot: QtBot
) -> None:
    from PySide6.QtGui import QAction

    win, mode, _matrix = window
    others = [a for a in win.findChildren(QAction) if a is not mode.action]
    taken = {s.toString() for a in others for s in a.shortcuts()}
    assert mode.action.shortcut().toString() == "Ctrl+Shift+A"
    assert "Ctrl+Shift+A" not in taken
    before = win.navigator.currentWidget()
    qtbot.keyClick(
        win.tree.view, "A", Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert win.navigator.currentWidget() is mode.pane is not before
