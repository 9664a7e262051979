"""Region tree and publication pane, as a user meets them in the main window."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPoint, Qt
from PySide6.QtGui import QColor, QPalette
from pytestqt.qtbot import QtBot

from lis_desktop.search.query import NO_WAVE, Facets
from lis_desktop.ui.main_window import MainWindow
from lis_desktop.ui.regions.tree import REGION_ROLE
from support.gui import make_window
from support.pdfs import make_summary_pdf


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> MainWindow:
    win = make_window(tmp_path / "cache", tmp_path / "settings.ini")
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win


def test_filter_narrows_the_tree_and_updates_the_count(window: MainWindow, qtbot: QtBot) -> None:
    tree = window.tree
    assert tree.count_label.text() == "Showing 41 of 41"
    qtbot.keyClicks(tree.filter_edit, "greater")
    assert tree.visible_region_ids() == [
        "greater-birmingham-solihull",
        "greater-lincolnshire",
        "greater-manchester",
    ]
    assert tree.count_label.text() == "Showing 3 of 41"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("cheshire and warrington", ["cheshire-warrington"]),
        ("Stoke & Staff", ["stoke-on-trent-staffordshire"]),
        ("CÓRNWALL", ["cornwall-isles-of-scilly"]),
        ("york north", ["york-north-yorkshire-east-riding"]),
        ("zzz", []),
    ],
)
def test_filter_ignores_case_accents_punctuation_and_ampersands(
    window: MainWindow, qtbot: QtBot, query: str, expected: list[str]
) -> None:
    qtbot.keyClicks(window.tree.filter_edit, query)
    assert window.tree.visible_region_ids() == expected
    assert window.tree.count_label.text() == f"Showing {len(expected)} of 41"


def test_devolved_nations_are_top_level_regions(window: MainWindow) -> None:
    model = window.tree.proxy
    top = [model.index(row, 0).data() for row in range(model.rowCount())]
    assert top == ["England", "Scotland", "Wales", "Northern Ireland"]
    assert model.index(1, 0).data(REGION_ROLE).id == "scotland"
    assert model.rowCount(model.index(0, 0)) == 38


def test_escape_clears_the_filter(window: MainWindow, qtbot: QtBot) -> None:
    qtbot.keyClicks(window.tree.filter_edit, "black")
    assert window.tree.count_label.text() == "Showing 1 of 41"
    qtbot.keyClick(window.tree.filter_edit, Qt.Key.Key_Escape)
    assert window.tree.filter_edit.text() == ""
    assert window.tree.count_label.text() == "Showing 41 of 41"


def test_down_from_the_filter_selects_the_region_it_lands_on(
    window: MainWindow, qtbot: QtBot
) -> None:
    window.select_region("black-country")
    qtbot.keyClicks(window.tree.filter_edit, "lon")  # hides the selected row: London is current
    qtbot.keyClick(window.tree.filter_edit, Qt.Key.Key_Down)
    assert window.current_region_id() == "london"
    # selected (highlighted, and what Export takes), not only current (which looks unselected)
    assert window.tree.selected_region_ids() == ["london"]
    assert window.tree.view.selectionModel().isSelected(window.tree.view.currentIndex())
    assert window.tree.view.hasFocus()


def test_ctrl_l_and_slash_focus_the_filter(window: MainWindow, qtbot: QtBot) -> None:
    window.activateWindow()
    for keys in (
        (Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier),
        (Qt.Key.Key_Slash, Qt.KeyboardModifier.NoModifier),
    ):
        window.tree.view.setFocus()
        qtbot.waitUntil(window.tree.view.hasFocus)
        qtbot.keyClick(window.tree.view, keys[0], keys[1])
        qtbot.waitUntil(window.tree.filter_edit.hasFocus)


def test_a_row_shows_body_type_and_offline_state(window: MainWindow, tmp_path: Path) -> None:
    source = window.tree.model
    row = source.index_of("greater-manchester")
    assert row is not None
    assert row.siblingAtColumn(1).data() == "MCA"
    assert source.index_of("black-country").siblingAtColumn(1).data() == "LEP"  # type: ignore[union-attr]
    assert "Not downloaded" in row.data(Qt.ItemDataRole.ToolTipRole)
    assert window.import_file("greater-manchester", make_summary_pdf(tmp_path / "gm.pdf"))
    assert "Available offline" in row.data(Qt.ItemDataRole.ToolTipRole)
    assert window.offline_label.text() == "1 of 41 summaries available offline"


def test_publication_shows_dates_history_newest_first_and_the_quote(window: MainWindow) -> None:
    text = window.publication.toPlainText()
    assert "Local Industrial Strategies to drive growth across the country" in text
    assert "Published 3 December 2018" in text
    assert "Last updated 6 December 2018" in text
    newest = text.index("6 December 2018 — Industrial Strategy local summaries added.")
    oldest = text.index("3 December 2018 — First published.")
    assert newest < oldest
    assert "“We know that growth does not happen in the abstract" in text
    assert "Black Country — PDF, 298KB, 1 page" in text
    assert "Open Government Licence v3.0" in text


def _click_text(window: MainWindow, qtbot: QtBot, needle: str) -> None:
    browser = window.publication
    cursor = browser.document().find(needle)
    assert not cursor.isNull(), needle
    cursor.setPosition(cursor.selectionStart() + 2)
    browser.setTextCursor(cursor)
    browser.ensureCursorVisible()
    rect = browser.cursorRect(cursor)
    qtbot.mouseClick(browser.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(rect.center()))


def test_clicking_an_attachment_selects_its_region(window: MainWindow, qtbot: QtBot) -> None:
    with qtbot.waitSignal(window.tree.region_selected) as blocker:
        _click_text(window, qtbot, "Tees Valley")
    assert blocker.args == ["tees-valley"]
    assert window.current_region_id() == "tees-valley"
    assert window.windowTitle().startswith("Tees Valley")


def test_publication_follows_a_dark_palette(window: MainWindow) -> None:
    pane = window.publication
    dark = QPalette(pane.palette())
    dark.setColor(QPalette.ColorRole.Base, QColor("#1e1f22"))
    dark.setColor(QPalette.ColorRole.Text, QColor("#e6e6e6"))
    dark.setColor(QPalette.ColorRole.Link, QColor("#7fb2ff"))
    pane.setPalette(dark)
    html = pane.toHtml()
    assert "#e6e6e6" in html  # body text in the palette's light text colour
    assert "#7fb2ff" in html  # links readable on dark
    quote = pane.to_html().split("bgcolor='")[2].split("'")[0]  # the quotation's background
    assert QColor(quote).lightness() < 80


def _children(model: QAbstractItemModel, parent: QModelIndex) -> list[str]:
    return [model.index(row, 0, parent).data() for row in range(model.rowCount(parent))]


def test_england_can_be_grouped_by_ons_region_and_stays_so(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    window.select_region("black-country")
    window.group_action.trigger()
    proxy = window.tree.proxy
    england = proxy.index(0, 0)
    groups = _children(proxy, england)
    assert groups[:3] == ["North East", "North West", "Yorkshire and the Humber"]
    assert len(groups) == 9
    west_midlands = proxy.index(groups.index("West Midlands"), 0, england)
    assert "Black Country" in _children(proxy, west_midlands)
    assert window.tree.count_label.text() == "Showing 41 of 41"
    assert window.current_region_id() == "black-country"  # the reader's place is kept
    qtbot.keyClicks(window.tree.filter_edit, "west midlands")  # a group's name shows its areas
    assert window.tree.visible_region_ids() == [
        "black-country",
        "coventry-warwickshire",
        "greater-birmingham-solihull",
        "stoke-on-trent-staffordshire",
        "the-marches",
        "worcestershire",
    ]
    assert window.tree.count_label.text() == "Showing 6 of 41"
    window.close()

    again = make_window(tmp_path / "cache", tmp_path / "settings.ini")
    qtbot.addWidget(again)
    assert again.group_action.isChecked()
    assert len(_children(again.tree.proxy, again.tree.proxy.index(0, 0))) == 9


def test_nation_counts_follow_the_filter(window: MainWindow, qtbot: QtBot) -> None:
    proxy = window.tree.proxy
    england = proxy.index(0, 0)
    assert england.siblingAtColumn(1).data() == "38"
    qtbot.keyClicks(window.tree.filter_edit, "greater")
    england = proxy.index(0, 0)
    assert england.data() == "England"
    assert england.siblingAtColumn(1).data() == "3 of 38"
    assert england.data(Qt.ItemDataRole.ToolTipRole) == "England: 3 of 38 areas shown"
    window.group_action.trigger()  # groups count what they show too
    england = proxy.index(0, 0)
    groups = {
        proxy.index(row, 0, england).data(): proxy.index(row, 1, england).data()
        for row in range(proxy.rowCount(england))
    }
    assert groups == {"North West": "1 of 5", "East Midlands": "1 of 3", "West Midlands": "1 of 6"}
    qtbot.keyClick(window.tree.filter_edit, Qt.Key.Key_Escape)
    assert proxy.index(0, 1).data() == "38"


def test_facets_narrow_the_tree_and_say_so(window: MainWindow, qtbot: QtBot) -> None:
    tree = window.tree
    shown: list[int] = []
    tree.shown_changed.connect(lambda: shown.append(len(tree.visible_region_ids())))
    menu = tree.facet_menu
    body = next(a for a in menu.actions() if a.text() == "&Body type").menu()
    mca = next(a for a in body.actions() if a.text().startswith("MCA"))
    mca.trigger()
    assert len(tree.visible_region_ids()) == 6
    assert tree.count_label.text() == "Showing 6 of 41 · MCA"
    assert tree.facet_button.text() == "Facets (1)"
    assert shown[-1] == 6  # views that follow the tree (the theme matrix) are told
    qtbot.keyClicks(tree.filter_edit, "city")  # the filter box and the facets combine
    assert tree.visible_region_ids() == ["liverpool-city-region", "sheffield-city-region"]
    tree.filter_edit.clear()
    tree.set_facets(Facets(wave=NO_WAVE))
    assert tree.visible_region_ids() == ["scotland", "wales", "northern-ireland"]
    assert tree.count_label.text() == "Showing 3 of 41 · no wave"
    assert tree.select_region("black-country")  # a region the facets hide: they are cleared
    assert tree.facets() == Facets()
    assert tree.count_label.text() == "Showing 41 of 41"


def test_the_outline_is_what_the_tree_shows(window: MainWindow, qtbot: QtBot) -> None:
    tree = window.tree
    qtbot.keyClicks(tree.filter_edit, "greater")
    assert [(r.depth, r.title, r.region_id) for r in tree.shown_outline()] == [
        (0, "England", None),
        (1, "Greater Birmingham & Solihull", "greater-birmingham-solihull"),
        (1, "Greater Lincolnshire", "greater-lincolnshire"),
        (1, "Greater Manchester", "greater-manchester"),
    ]
    window.group_action.trigger()
    outline = tree.shown_outline()
    assert [r.title for r in outline[:3]] == ["England", "North West", "Greater Manchester"]
    assert outline[1].depth == 1
    assert outline[2].depth == 2
