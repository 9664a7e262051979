"""The main window with a screen reader or the keyboard alone: every control named by what it
is, F6 from pane to pane, Tab in the order things are seen, a visible focus ring, the dividers
moved by keyboard, status changes announced, and the region chosen kept when search closes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAccessible, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFileDialog,
    QScrollBar,
    QSplitterHandle,
    QToolButton,
    QWidget,
)
from pytestqt.qtbot import QtBot

from lis_desktop.app.root import Services, install_matrix, install_notes, install_search
from lis_desktop.content.cache import Cache
from lis_desktop.tasks import TaskRunner
from lis_desktop.ui.main_window import MainWindow
from lis_desktop.ui.search.mode import SearchMode
from support.accessibility import (
    Events,
    interactive_widgets,
    interface,
    is_meaningful,
    label_of,
    name_of,
)
from support.gui import make_window, visible_message_boxes
from support.pdfs import make_summary_pdf

SUMMARIES = [
    ("black-country", "Black Country", "Advanced ceramics and offshore wind."),
    ("humber", "Humber", "Offshore wind turbines on the estuary."),
    ("scotland", "Scotland", "Whisky distilling and offshore oil."),
]
RENDER_TIMEOUT = 30_000


@pytest.fixture
def window(
    qtbot: QtBot, cache_dir: Path, tmp_path: Path
) -> Iterator[tuple[MainWindow, SearchMode]]:
    """The window with search installed, three summaries offline, Black Country shown."""
    cache = Cache(cache_dir)
    for region, title, words in SUMMARIES:
        pdf = make_summary_pdf(tmp_path / f"{region}.pdf", title=title, words=words, body_text="")
        cache.import_pdf(region, pdf)
    cache.close()
    win = make_window(cache_dir, tmp_path / "settings.ini")
    qtbot.addWidget(win)
    services = Services(
        win.library.cache, TaskRunner(1), win.viewer.engine, TaskRunner(1), offline=True
    )
    mode = install_search(services, win)
    win.resize(1280, 800)
    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()
    with qtbot.waitSignal(win.viewer.page_rendered, timeout=RENDER_TIMEOUT):
        win.select_region("black-country")
    mode.controller.update_index()
    qtbot.waitUntil(lambda: not mode.controller.indexing, timeout=10000)
    yield win, mode
    win.viewer.shutdown()
    services.shutdown()


def focus(qtbot: QtBot, widget: QWidget) -> None:
    widget.setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.waitUntil(widget.hasFocus)


def press(qtbot: QtBot, key: Qt.Key, shift: bool = False) -> QWidget:
    """Press a key where the focus is; returns the widget that has the focus then."""
    target = QApplication.focusWidget()
    assert target is not None
    modifier = Qt.KeyboardModifier.ShiftModifier if shift else Qt.KeyboardModifier.NoModifier
    qtbot.keyClick(target, key, modifier)
    now = QApplication.focusWidget()
    assert now is not None
    return now


# -- names -------------------------------------------------------------------------------------
def test_every_control_shown_has_a_name_that_says_what_it_is(
    qtbot: QtBot, window: tuple[MainWindow, SearchMode]
) -> None:
    win, mode = window
    mode.open()
    win.viewer.open_find()
    unnamed = []
    for widget in interactive_widgets(win):
        name = label_of(widget) if isinstance(widget, QComboBox) else name_of(widget)
        if not is_meaningful(name):
            unnamed.append(f"{type(widget).__name__} {widget.objectName()!r}: {name!r}")
        # a combo box is named by what it is, never by the value it shows
        if isinstance(widget, QComboBox) and name in (widget.currentText(), widget.itemText(0)):
            unnamed.append(f"combo box named by its value: {name!r}")
    assert not unnamed, "\n".join(unnamed)


def test_the_controls_the_issue_listed_have_their_names(
    window: tuple[MainWindow, SearchMode],
) -> None:
    win, mode = window
    mode.open()
    panel = mode.panel
    assert name_of(win.viewer.canvas) == "Black Country summary"
    assert name_of(panel.field) == "Search the text of all summaries"
    closes = [b for b in panel.findChildren(QToolButton) if b.text() == "✕"]
    assert [name_of(b) for b in closes] == ["Close search"]
    assert [label_of(c) for c in (panel.nation, panel.body, panel.wave, panel.ons)] == [
        "Filter results by nation",
        "Filter results by body (LEP or MCA)",
        "Filter results by Local Industrial Strategy wave",
        "Filter results by ONS region",
    ]
    assert name_of(win.tree.filter_edit) == "Filter regions"
    assert name_of(win.tree.view) == "Regions"
    assert name_of(win.publication) == "Publication"
    overflow = win.toolbar.findChild(QToolButton, "qt_toolbar_ext_button")
    assert overflow is not None
    assert name_of(overflow) == "More commands"


def test_a_widget_that_loses_its_name_is_caught(window: tuple[MainWindow, SearchMode]) -> None:
    """The sweep above fails when a name goes (a guard on the guard)."""
    win, _mode = window
    button = QToolButton(win.tree)
    button.setText("✕")
    button.show()
    offenders = [w for w in interactive_widgets(win) if not is_meaningful(name_of(w))]
    assert button in offenders


def test_region_names_are_whole_in_tooltips_and_for_screen_readers(
    window: tuple[MainWindow, SearchMode],
) -> None:
    win, _mode = window
    long_title = "Cambridge & Peterborough Combined Authority Business Board"
    index = win.tree.proxy.mapFromSource(win.tree.model.index_of(
        "cambridge-peterborough-combined-authority-business-board"
    ))  # fmt: skip
    assert index.data(Qt.ItemDataRole.AccessibleTextRole) == long_title
    assert str(index.data(Qt.ItemDataRole.ToolTipRole)).startswith(long_title)
    body = index.siblingAtColumn(1)
    assert body.data(Qt.ItemDataRole.AccessibleTextRole) == "Mayoral Combined Authority"


def test_the_first_tree_width_shows_the_common_names_in_full(qtbot: QtBot, tmp_path: Path) -> None:
    win = make_window(tmp_path / "cache", tmp_path / "settings.ini")
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    qtbot.waitExposed(win)
    tree = win.tree
    assert win.splitter.sizes()[0] == tree.preferred_width()
    metrics = tree.view.fontMetrics()
    column = tree.view.columnWidth(0)
    room = column - tree.view.indentation() - 16 - 8  # the status icon and its gaps
    names = sorted(win.library.regions, key=lambda r: metrics.horizontalAdvance(r.title))
    fitting = [r.title for r in names if metrics.horizontalAdvance(r.title) <= room]
    assert len(fitting) >= 39, f"cut off: {[r.title for r in names[len(fitting) :]]}"


# -- F6 and Tab --------------------------------------------------------------------------------
def test_f6_goes_from_pane_to_pane_and_shift_f6_back(
    qtbot: QtBot, window: tuple[MainWindow, SearchMode]
) -> None:
    win, _mode = window
    canvas, tree, publication = win.viewer.canvas, win.tree.view, win.publication
    focus(qtbot, canvas)
    assert press(qtbot, Qt.Key.Key_F6) is publication
    assert press(qtbot, Qt.Key.Key_F6) is tree
    assert press(qtbot, Qt.Key.Key_F6) is canvas
    assert press(qtbot, Qt.Key.Key_F6, shift=True) is tree
    assert press(qtbot, Qt.Key.Key_F6, shift=True) is publication


def test_f6_goes_back_to_where_the_focus_was_in_a_pane(
    qtbot: QtBot, window: tuple[MainWindow, SearchMode]
) -> None:
    win, _mode = window
    focus(qtbot, win.tree.filter_edit)
    assert press(qtbot, Qt.Key.Key_F6) is win.viewer.canvas
    assert press(qtbot, Qt.Key.Key_F6, shift=True) is win.tree.filter_edit


def test_the_search_panel_is_a_pane_when_shown(
    qtbot: QtBot, window: tuple[MainWindow, SearchMode]
) -> None:
    win, mode = window
    mode.open()
    assert win.panes.shown() == [mode.panel, win.navigator, win.center, win.publication]
    focus(qtbot, win.publication)
    assert press(qtbot, Qt.Key.Key_F6) is mode.panel.field
    assert press(qtbot, Qt.Key.Key_F6) is win.tree.view
    mode.close()
    assert mode.panel not in win.panes.shown()


def tab_cycle(qtbot: QtBot, start: QWidget, shift: bool = False) -> list[QWidget]:
    focus(qtbot, start)
    seen = [start]
    for _ in range(60):
        widget = press(qtbot, Qt.Key.Key_Backtab if shift else Qt.Key.Key_Tab, False)
        if widget is start:
            return seen
        seen.append(widget)
    raise AssertionError(f"Tab never came back to {start!r}: {seen}")


def test_tab_goes_through_the_widgets_in_the_order_they_are_seen(
    qtbot: QtBot, window: tuple[MainWindow, SearchMode]
) -> None:
    win, mode = window
    mode.open()
    win.viewer.open_find()
    panel, tree, viewer, bar = mode.panel, win.tree, win.viewer, win.viewer.finder.bar
    search_close = next(b for b in panel.findChildren(QToolButton) if b.text() == "✕")
    toggle = next(b for b in tree.findChildren(QToolButton) if b.defaultAction() is mode.action)
    zoom = viewer.toolbar.zoom_box  # its text field takes the keys: the box is the stop
    bar_close = next(b for b in bar.findChildren(QToolButton) if b.text() == "✕")
    expected = [
        panel.field, search_close, panel.nation, panel.body, panel.wave, panel.ons,
        panel.results,
        tree.filter_edit, tree.facet_button, toggle, tree.view,
        zoom, bar.field, bar.previous_button, bar.next_button, bar.match_case, bar.whole_words,
        bar_close, viewer.canvas,
        win.publication,
    ]  # fmt: skip
    assert tab_cycle(qtbot, panel.field) == expected
    backwards = tab_cycle(qtbot, panel.field, shift=True)
    assert backwards == [panel.field, *reversed(expected[1:])]


def test_the_publication_pane_is_one_tab_stop(
    qtbot: QtBot, window: tuple[MainWindow, SearchMode]
) -> None:
    win, _mode = window
    focus(qtbot, win.publication)
    assert press(qtbot, Qt.Key.Key_Tab) is not win.publication
    focus(qtbot, win.publication)
    assert press(qtbot, Qt.Key.Key_Backtab) is win.viewer.canvas


# -- the focus ring ----------------------------------------------------------------------------
def ring_pixel(win: MainWindow, widget: QWidget) -> tuple[int, int, int]:
    """The colour on screen one pixel inside the left edge of `widget`, halfway down."""
    image = win.grab().toImage()
    point = widget.mapTo(win, QPoint(0, widget.height() // 2))
    dpr = image.devicePixelRatio()
    colour = image.pixelColor(round((point.x() + 1) * dpr), round(point.y() * dpr))
    return colour.red(), colour.green(), colour.blue()


def test_a_focus_ring_is_seen_round_the_page_area_and_each_focused_widget(
    qtbot: QtBot, window: tuple[MainWindow, SearchMode]
) -> None:
    win, _mode = window
    highlight = win.palette().color(QPalette.ColorRole.Highlight)
    wanted = (highlight.red(), highlight.green(), highlight.blue())
    for widget in (win.viewer.canvas, win.tree.view, win.publication, win.tree.filter_edit):
        focus(qtbot, widget)
        qtbot.waitUntil(lambda w=widget: win.focus_ring.target() is w)
        assert win.focus_ring.isVisible()
        assert ring_pixel(win, widget) == wanted, type(widget).__name__
    zoom = win.viewer.toolbar.zoom_box
    focus(qtbot, zoom)
    qtbot.waitUntil(lambda: win.focus_ring.target() is zoom)  # round the whole box
    focus(qtbot, win.tree.view)
    assert ring_pixel(win, win.viewer.canvas) != wanted  # the ring went with the focus


# -- the pane dividers ---------------------------------------------------------------------------
def test_the_pane_dividers_move_with_the_arrow_keys(
    qtbot: QtBot, window: tuple[MainWindow, SearchMode], accessibility_events: Events
) -> None:
    win, _mode = window
    focus(qtbot, win.tree.view)
    before = win.splitter.sizes()
    win.dividers_action.trigger()
    handle = QApplication.focusWidget()
    assert isinstance(handle, QSplitterHandle)
    assert name_of(handle) == "Divider between Regions and Viewer"
    assert win.focus_ring.target() is handle
    qtbot.keyClick(handle, Qt.Key.Key_Right)
    assert win.splitter.sizes()[0] == before[0] + 16
    qtbot.keyClick(handle, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    assert win.splitter.sizes()[0] == before[0] + 16 + 64
    assert any(a.startswith("Regions ") for a in accessibility_events.announcements())
    qtbot.keyClick(handle, Qt.Key.Key_Tab)
    second = QApplication.focusWidget()
    assert isinstance(second, QSplitterHandle)
    assert name_of(second) == "Divider between Viewer and Publication"
    qtbot.keyClick(second, Qt.Key.Key_Left)
    assert win.splitter.sizes()[2] == before[2] + 16
    qtbot.keyClick(second, Qt.Key.Key_Escape)
    assert QApplication.focusWidget() is win.tree.view
    assert second.focusPolicy() == Qt.FocusPolicy.NoFocus  # no Tab stop afterwards


# -- announcements -----------------------------------------------------------------------------
def test_status_messages_are_announced_but_a_hovered_link_is_not(
    window: tuple[MainWindow, SearchMode], accessibility_events: Events
) -> None:
    win, _mode = window
    win.statusBar().showMessage("Imported 'x.pdf' for Humber.", 8000)
    win.viewer.link_hovered.emit("https://www.gov.uk/")
    assert accessibility_events.announcements() == ["Imported 'x.pdf' for Humber."]
    assert win.statusBar().currentMessage() == "https://www.gov.uk/"


def test_progress_in_the_status_bar_is_announced_at_a_bearable_pace(
    window: tuple[MainWindow, SearchMode], accessibility_events: Events
) -> None:
    win, _mode = window
    for done in range(1, 30):
        win.statusBar().showMessage(f"Checking offline copies: {done} of 41…", 5000)
    assert accessibility_events.announcements() == ["Checking offline copies: 1 of 41…"]


def test_the_tree_filter_says_how_many_regions_it_shows(
    qtbot: QtBot, window: tuple[MainWindow, SearchMode], accessibility_events: Events
) -> None:
    win, _mode = window
    focus(qtbot, win.tree.filter_edit)
    qtbot.keyClicks(win.tree.filter_edit, "hum")
    qtbot.waitUntil(lambda: "Showing 1 of 41" in accessibility_events.announcements())
    assert accessibility_events.announcements().count("Showing 1 of 41") == 1


def test_search_results_are_announced(
    qtbot: QtBot, window: tuple[MainWindow, SearchMode], accessibility_events: Events
) -> None:
    _win, mode = window
    mode.open()
    qtbot.keyClicks(mode.panel.field, "whisky")
    qtbot.waitUntil(
        lambda: any("Scotland" in a or "1 summary" in a or "hit" in a
                    for a in accessibility_events.announcements()),
        timeout=10000,
    )  # fmt: skip
    said = accessibility_events.announcements()[-1]
    assert said == mode.panel.status.text()


# -- the region chosen ---------------------------------------------------------------------------
def test_escape_from_search_leaves_the_region_shown_chosen(
    qtbot: QtBot, window: tuple[MainWindow, SearchMode], monkeypatch: pytest.MonkeyPatch
) -> None:
    win, mode = window
    assert win.current_region_id() == "black-country"
    mode.open()
    with qtbot.waitSignal(mode.controller.hits_changed, timeout=5000):
        qtbot.keyClicks(mode.panel.field, "whisky")
    assert win.tree.visible_region_ids() == ["scotland"]
    qtbot.keyClick(mode.panel.field, Qt.Key.Key_Escape)
    assert mode.panel.isHidden()
    assert win.viewer.current_key() == "black-country"
    assert win.tree.current_region_id() == "black-country"
    assert win.tree.selected_region_ids() == ["black-country"]
    asked: list[str] = []

    def get_open_file_name(_parent: object, caption: str, *_args: object) -> tuple[str, str]:
        asked.append(caption)
        return "", ""

    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(get_open_file_name))
    win.import_action.trigger()
    assert asked == ["Import PDF for Black Country"]
    assert not visible_message_boxes(win)


def test_the_region_chosen_is_the_one_shown_while_a_filter_hides_it(
    qtbot: QtBot, window: tuple[MainWindow, SearchMode]
) -> None:
    win, mode = window
    mode.open()
    with qtbot.waitSignal(mode.controller.hits_changed, timeout=5000):
        qtbot.keyClicks(mode.panel.field, "whisky")  # the tree shows Scotland only
    assert win.tree.current_region_id() is None
    assert win.viewer.current_key() == "black-country"
    assert win.current_region_id() == "black-country"  # Import and Export still mean it
    assert win.selected_region_ids() == ["black-country"]


def test_toolbar_buttons_say_their_shortcut_and_are_in_a_menu(
    window: tuple[MainWindow, SearchMode],
) -> None:
    win, _mode = window
    menus = [a for menu in (win.file_menu, win.view_menu, win.tools_menu) for a in menu.actions()]
    for toolbar in (win.toolbar, win.viewer.toolbar):
        for action in toolbar.actions():
            if action.isSeparator() or not action.text():
                continue
            assert action in menus, f"{action.text()} is only on a toolbar"
            if not action.shortcut().isEmpty():
                assert action.shortcut().toString() in action.toolTip()


def test_scroll_bars_of_the_pages_are_named(window: tuple[MainWindow, SearchMode]) -> None:
    win, _mode = window
    bars = win.viewer.canvas.findChildren(QScrollBar)
    assert bars
    assert all(is_meaningful(name_of(bar)) for bar in bars)
    assert interface(win.viewer.canvas).role() == QAccessible.Role.Document


def test_the_theme_matrix_is_a_named_pane_of_its_own(
    qtbot: QtBot, window: tuple[MainWindow, SearchMode], accessibility_events: Events
) -> None:
    win, search = window
    services = Services(
        win.library.cache, TaskRunner(1), win.viewer.engine, TaskRunner(1), offline=True
    )
    matrix = install_matrix(services, win, search)
    try:
        with qtbot.waitSignal(matrix.controller.matrix_changed, timeout=10000):
            matrix.open()
        qtbot.waitUntil(lambda: "Shades compare" in matrix.view.status.text(), timeout=10000)
        assert any("Shades compare" in a for a in accessibility_events.announcements())
        unnamed = [
            f"{type(w).__name__}: {label_of(w)!r}"
            for w in interactive_widgets(matrix.view)
            if not is_meaningful(label_of(w) if isinstance(w, QComboBox) else name_of(w))
        ]
        assert not unnamed
        assert win.panes.shown() == [win.navigator, matrix.view, win.publication]
        focus(qtbot, win.tree.view)
        assert press(qtbot, Qt.Key.Key_F6) is matrix.view.table
        assert win.focus_ring.target() is matrix.view.table
    finally:
        matrix.close()
        matrix.shutdown()


def test_the_notes_panel_is_a_named_pane_of_its_own(
    qtbot: QtBot, window: tuple[MainWindow, SearchMode]
) -> None:
    win, _search = window
    services = Services(
        win.library.cache, TaskRunner(1), win.viewer.engine, TaskRunner(1), offline=True
    )
    notes = install_notes(services, win)
    notes.panel_action.trigger()
    qtbot.waitUntil(notes.dock.isVisible)
    try:
        unnamed = [
            f"{type(w).__name__}: {label_of(w)!r}"
            for w in interactive_widgets(notes.dock)
            if not is_meaningful(name_of(w))
        ]
        assert not unnamed
        assert win.panes.shown()[-1] is notes.dock  # at the window's right
        focus(qtbot, win.publication)
        assert press(qtbot, Qt.Key.Key_F6) is notes.panel.list
        assert win.focus_ring.target() is notes.panel.list
        assert press(qtbot, Qt.Key.Key_F6, shift=True) is win.publication
    finally:
        services.runner.wait(10000)
