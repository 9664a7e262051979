"""Two summaries side by side in the real window: both panes painted on the app's one PDF
engine, zoom and scroll locked (and not once unlocked), Re-align, swap, closing back to the
single view as it was, the narrow layout, the keyboard, the comparison back at the next start,
bad requests, export of the pair and the trace."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from lis_desktop import settings
from lis_desktop.app import root as app
from lis_desktop.app.instance import Request
from lis_desktop.content.cache import Cache
from lis_desktop.content.notebook import Notebook
from lis_desktop.export.exporter import Exporter
from lis_desktop.ui.compare.chooser import RegionChooser
from lis_desktop.ui.compare.mode import LOCKED, UNLOCKED, CompareMode
from lis_desktop.ui.export.actions import ExportActions
from lis_desktop.ui.notes.highlights import LAYER as NOTES_LAYER
from support.compare import TIMEOUT, CompareApp, compare_and_wait, compare_app, show_region
from support.gui import has_ink, visible_message_boxes
from support.pdfs import region_summaries, stock_cache
from support.viewer import screen

A, B, C = "greater-manchester", "liverpool-city-region", "black-country"
NOT_OFFLINE = "wales"


@pytest.fixture(scope="module")
def summaries(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return region_summaries(tmp_path_factory.mktemp("summaries"), [A, B, C])


@pytest.fixture
def cache_root(tmp_path: Path, summaries: dict[str, Path]) -> Path:
    stock_cache(tmp_path / "cache", summaries)
    return tmp_path / "cache"


@pytest.fixture
def shown(qtbot: QtBot, cache_root: Path, tmp_path: Path) -> Iterator[CompareApp]:
    """The window showing A, not comparing yet."""
    with compare_app(qtbot, cache_root, tmp_path / "settings.ini") as running:
        show_region(qtbot, running.window, A)
        yield running


@pytest.fixture
def compared(qtbot: QtBot, shown: CompareApp) -> CompareApp:
    """A on the left, B on the right, both painted."""
    compare_and_wait(qtbot, shown.mode, A, B)
    return shown


def zoom_and_wait(qtbot: QtBot, running: CompareApp, zoom: float) -> None:
    """Zoom the first pane (the second follows); both render the new zoom."""
    signals = [running.first.page_rendered, running.second.page_rendered]
    with qtbot.waitSignals(signals, timeout=TIMEOUT):
        running.first.set_zoom(zoom)


def zoom_step_and_wait(qtbot: QtBot, running: CompareApp, view_name: str) -> None:
    """Zoom in one pane; both panes render the new zoom (page_rendered from each)."""
    view = getattr(running, view_name)
    signals = [running.first.page_rendered, running.second.page_rendered]
    with qtbot.waitSignals(signals, timeout=TIMEOUT):
        view.zoom_in()


# -- opening ----------------------------------------------------------------------------------
def test_both_summaries_are_painted_side_by_side_with_their_titles(compared: CompareApp) -> None:
    window, mode = compared.window, compared.mode
    assert window.center.currentWidget() is mode.pane
    left, right = mode.pane.ordered()
    assert left.viewer is window.viewer  # the window's own viewer, on the left
    assert right.viewer is mode.second
    assert mode.second.current_key() == B
    assert left.title_bar.title.text() == "Greater Manchester"
    assert right.title_bar.title.text() == "Liverpool City Region"
    assert left.accessibleName() == "Greater Manchester (left pane)"
    for view in (compared.first, compared.second):
        assert has_ink(screen(view)), "a pane shows no page"
    assert (
        left.mapTo(window, left.rect().topLeft()).x()
        < right.mapTo(window, right.rect().topLeft()).x()
    )
    assert left.geometry().top() == right.geometry().top()
    assert window.windowTitle() == "Greater Manchester and Liverpool City Region — LIS Desktop"
    assert mode.second.engine is window.viewer.engine  # the one PDF engine


def test_the_pair_is_selected_in_the_tree_and_export_offers_both(
    qtbot: QtBot, compared: CompareApp
) -> None:
    window = compared.window
    assert window.selected_region_ids() == [A, B]
    actions = ExportActions(window, Exporter(window.library), compared.services.runner)
    dialog = actions.open_dialog()
    assert dialog.region_ids == [A, B]
    assert "Greater Manchester" in dialog.summary_label.text()
    assert "Liverpool City Region" in dialog.summary_label.text()
    dialog.reject()
    compared.mode.close()
    assert window.selected_region_ids() == [A]


def test_ctrl_click_a_second_region_then_ctrl_enter_compares_the_two(
    qtbot: QtBot, shown: CompareApp
) -> None:
    window, mode = shown.window, shown.mode
    view = window.tree.view
    source = window.tree.model.index_of(C)
    assert source is not None
    where = view.visualRect(window.tree.proxy.mapFromSource(source)).center()
    with qtbot.waitSignal(window.viewer.page_rendered, timeout=TIMEOUT):  # C is shown, A kept
        qtbot.mouseClick(
            view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ControlModifier, where
        )
    assert window.tree.selected_region_ids() == [C, A]  # tree order
    assert mode.compare_with_action.text() == "Compare with Greater Manchester"
    assert mode.compare_with_action in view.actions()  # its context menu
    with qtbot.waitSignal(mode.shown, timeout=TIMEOUT) as done:
        qtbot.keyClick(view, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert done.args == [A, C]  # the one chosen first on the left
    assert window.viewer.current_key() == C  # the viewer kept what it showed


def test_compare_with_asks_which_summary_and_lists_those_not_offline_as_unusable(
    qtbot: QtBot, shown: CompareApp
) -> None:
    window, mode = shown.window, shown.mode
    window.tree.view.setFocus()
    qtbot.keyClick(window.tree.view, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    chooser = window.findChild(RegionChooser)
    assert chooser is not None
    assert chooser.isVisible()
    qtbot.keyClicks(chooser.filter_edit, "wales")
    assert chooser.current_id() is None  # listed, not available offline
    assert not chooser.buttons.button(chooser.buttons.StandardButton.Ok).isEnabled()
    chooser.filter_edit.clear()
    qtbot.keyClicks(chooser.filter_edit, "liverpool")
    assert chooser.current_id() == B
    with qtbot.waitSignal(mode.shown, timeout=TIMEOUT) as done:
        qtbot.keyClick(chooser.filter_edit, Qt.Key.Key_Return)
    assert done.args == [A, B]


def test_the_compare_command_opens_and_closes_the_comparison(
    qtbot: QtBot, shown: CompareApp
) -> None:
    window, mode = shown.window, shown.mode
    assert mode.compare_action in window.view_menu.actions()
    window.tree.select_also([B])
    with qtbot.waitSignal(mode.shown, timeout=TIMEOUT):
        mode.compare_action.trigger()
    assert mode.is_open()
    assert mode.compare_action.isChecked()
    mode.compare_action.trigger()  # the command again
    assert not mode.is_open()
    assert window.center.currentWidget() is window.viewer


# -- the lock ---------------------------------------------------------------------------------
def test_a_zoom_step_while_locked_zooms_and_re_renders_both(
    qtbot: QtBot, compared: CompareApp
) -> None:
    first, second = compared.first, compared.second
    assert compared.mode.pane.status.text() == LOCKED
    widths = {view: view.canvas.layout_.rects[0].width() for view in (first, second)}
    zoom_step_and_wait(qtbot, compared, "first")
    assert second.canvas.zoom == pytest.approx(first.canvas.zoom)
    assert first.canvas.fit_mode == second.canvas.fit_mode == "free"
    for view in (first, second):
        assert view.canvas.layout_.rects[0].width() > widths[view]
    zoom_step_and_wait(qtbot, compared, "second")  # either pane leads
    assert first.canvas.zoom == pytest.approx(second.canvas.zoom)


def test_after_unlocking_each_pane_zooms_and_scrolls_on_its_own(
    qtbot: QtBot, compared: CompareApp
) -> None:
    first, second, mode = compared.first, compared.second, compared.mode
    mode.lock_action.trigger()
    assert not mode.lock.locked
    assert mode.pane.status.text() == UNLOCKED
    assert mode.pane.status.accessibleName() == UNLOCKED
    zoom = second.canvas.zoom
    with qtbot.waitSignal(first.page_rendered, timeout=TIMEOUT):
        first.zoom_in()
    assert second.canvas.zoom == zoom
    bar = first.canvas.verticalScrollBar()
    before = second.canvas.verticalScrollBar().value()
    bar.setValue(bar.maximum() // 2)
    assert second.canvas.verticalScrollBar().value() == before


def test_scrolling_keeps_both_panes_at_the_same_place(qtbot: QtBot, compared: CompareApp) -> None:
    first, second = compared.first, compared.second
    zoom_and_wait(qtbot, compared, 2.0)  # taller than the panes: room to scroll
    bar = first.canvas.verticalScrollBar()
    assert bar.maximum() > 100
    bar.setValue(bar.maximum() // 2)
    assert second.canvas.relative_position() == pytest.approx(
        first.canvas.relative_position(), abs=0.01
    )
    second.canvas.verticalScrollBar().setValue(10)
    assert first.canvas.relative_position()[1] == pytest.approx(
        second.canvas.relative_position()[1], abs=0.01
    )


def test_re_align_locks_again_from_where_each_pane_stands(
    qtbot: QtBot, compared: CompareApp
) -> None:
    first, second, mode = compared.first, compared.second, compared.mode
    zoom_and_wait(qtbot, compared, 2.0)
    mode.lock_action.trigger()  # unlocked
    first.canvas.verticalScrollBar().setValue(0)
    second.canvas.verticalScrollBar().setValue(second.canvas.verticalScrollBar().maximum() // 3)
    offset = second.canvas.relative_position()[1] - first.canvas.relative_position()[1]
    assert offset > 0.05
    mode.realign_action.trigger()
    assert mode.lock.locked
    assert mode.lock_action.isChecked()
    assert mode.pane.status.text() == LOCKED
    first.canvas.verticalScrollBar().setValue(40)
    moved = second.canvas.relative_position()[1] - first.canvas.relative_position()[1]
    assert moved == pytest.approx(offset, abs=0.01)  # the offset is kept
    mode.lock_action.trigger()  # unlocked, and locked again: as aligned by Re-align
    mode.lock_action.trigger()
    kept = second.canvas.relative_position()[1] - first.canvas.relative_position()[1]
    assert kept == pytest.approx(offset, abs=0.01)


def test_locking_again_brings_the_second_pane_back_into_step(
    qtbot: QtBot, compared: CompareApp
) -> None:
    first, second, mode = compared.first, compared.second, compared.mode
    mode.lock_action.trigger()  # unlocked
    with qtbot.waitSignal(second.page_rendered, timeout=TIMEOUT):
        second.zoom_in()
    assert second.canvas.zoom != pytest.approx(first.canvas.zoom)
    mode.lock_action.trigger()  # locked: the second follows the first again
    assert second.canvas.fit_mode == first.canvas.fit_mode == "width"
    assert second.canvas.zoom == pytest.approx(first.canvas.zoom, rel=0.01)  # each fits its own


# -- swap, close, layout ------------------------------------------------------------------------
def test_swap_puts_the_second_summary_on_the_left(compared: CompareApp) -> None:
    window, mode = compared.window, compared.mode
    mode.swap_action.trigger()
    left, right = mode.pane.ordered()
    assert left.viewer is mode.second
    assert right.viewer is window.viewer
    assert left.title_bar.title.text() == "Liverpool City Region"
    assert window.windowTitle() == "Liverpool City Region and Greater Manchester — LIS Desktop"
    assert window.settings.get(settings.COMPARE_SWAPPED)
    assert left.geometry().left() < right.geometry().left()
    assert has_ink(screen(mode.second))
    assert has_ink(screen(window.viewer))
    mode.swap_action.trigger()
    assert mode.pane.ordered()[0].viewer is window.viewer


@pytest.mark.parametrize("how", ["button", "escape", "command"])
def test_closing_the_second_pane_brings_back_the_single_view_as_it_was(
    qtbot: QtBot, shown: CompareApp, how: str
) -> None:
    window, mode, viewer = shown.window, shown.mode, shown.window.viewer
    with qtbot.waitSignal(viewer.page_rendered, timeout=TIMEOUT):
        viewer.set_zoom(1.25)
    viewer.canvas.verticalScrollBar().setValue(120)
    before = (viewer.canvas.fit_mode, viewer.canvas.zoom, viewer.canvas.verticalScrollBar().value())
    width = viewer.width()
    compare_and_wait(qtbot, mode, A, B)
    assert viewer.width() < width
    zoom_step_and_wait(qtbot, shown, "second")  # locked: the first zooms too
    assert viewer.canvas.zoom > before[1]
    if how == "button":
        close = mode.pane.frames[1].title_bar.close_button
        qtbot.mouseClick(close, Qt.MouseButton.LeftButton)
    elif how == "escape":
        mode.second.canvas.setFocus()
        qtbot.keyClick(mode.second.canvas, Qt.Key.Key_Escape)
    else:
        mode.compare_action.trigger()
    assert not mode.is_open()
    assert window.center.indexOf(viewer) == 0
    assert window.center.currentWidget() is viewer
    assert viewer.parentWidget() is window.center
    qtbot.waitUntil(lambda: viewer.width() == width)
    after = (viewer.canvas.fit_mode, viewer.canvas.zoom, viewer.canvas.verticalScrollBar().value())
    assert after == before
    assert viewer.current_key() == A
    assert mode.second.current_key() is None  # let go of its document
    assert window.windowTitle() == "Greater Manchester — LIS Desktop"
    assert window.settings.get(settings.COMPARE_REGION) == ""
    assert has_ink(screen(viewer))
    assert viewer.commands["zoom_in"].shortcutContext() == Qt.ShortcutContext.WindowShortcut


def test_night_mode_switched_in_either_pane_switches_both(
    qtbot: QtBot, compared: CompareApp
) -> None:
    first, second = compared.first, compared.second
    second.commands["night_mode"].trigger()
    assert first.night_mode() == second.night_mode() is True
    first.commands["night_mode"].trigger()
    assert first.night_mode() == second.night_mode() is False


def test_escape_in_the_first_pane_does_not_close(qtbot: QtBot, compared: CompareApp) -> None:
    compared.first.canvas.setFocus()
    qtbot.keyClick(compared.first.canvas, Qt.Key.Key_Escape)
    assert compared.mode.is_open()


def test_a_narrow_window_stacks_the_panes(qtbot: QtBot, compared: CompareApp) -> None:
    window, pane = compared.window, compared.mode.pane
    assert pane.splitter.orientation() == Qt.Orientation.Horizontal
    window.resize(1000, 900)
    qtbot.waitUntil(lambda: pane.width() < 600)
    qtbot.waitUntil(lambda: pane.splitter.orientation() == Qt.Orientation.Vertical)
    left, right = pane.ordered()
    qtbot.waitUntil(lambda: right.geometry().top() >= left.geometry().bottom())
    assert left.geometry().left() == right.geometry().left()
    assert right.accessibleName() == "Liverpool City Region (bottom pane)"
    window.resize(1500, 900)
    qtbot.waitUntil(lambda: pane.splitter.orientation() == Qt.Orientation.Horizontal)


def test_another_view_in_the_middle_hides_the_comparison_until_it_closes(
    qtbot: QtBot, compared: CompareApp
) -> None:
    """As the theme matrix does: show_center_view(view), then show_center_view(None)."""
    from PySide6.QtWidgets import QLabel

    window, mode = compared.window, compared.mode
    other = QLabel("another view")
    window.add_center_view(other)
    window.show_center_view(other)
    assert mode.is_open()
    window.show_center_view(None)
    assert window.center.currentWidget() is mode.pane  # the viewer's place holds the pair
    assert mode.pane.frames[0].viewer is window.viewer
    window.show_center_view(other)
    mode.compare_action.trigger()  # the command while hidden: the comparison comes back
    assert window.center.currentWidget() is mode.pane
    assert mode.is_open()
    assert mode.compare_action.isChecked()


# -- the keyboard -----------------------------------------------------------------------------
def test_f6_goes_through_both_panes_in_the_order_they_are_seen(
    qtbot: QtBot, compared: CompareApp
) -> None:
    window = compared.window
    first, second = compared.first.canvas, compared.second.canvas
    window.tree.view.setFocus()
    qtbot.keyClick(window.tree.view, Qt.Key.Key_F6)  # the window's F6 (window.panes)
    assert first.hasFocus()
    qtbot.keyClick(first, Qt.Key.Key_F6)
    assert second.hasFocus()
    qtbot.keyClick(second, Qt.Key.Key_F6)  # on to the publication pane
    assert window.publication.isAncestorOf(QApplication.focusWidget())
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F6, Qt.KeyboardModifier.ShiftModifier)
    assert second.hasFocus()
    compared.mode.swap()  # the order seen: now the second pane first
    window.tree.view.setFocus()
    qtbot.keyClick(window.tree.view, Qt.Key.Key_F6)
    assert second.hasFocus()


def test_ctrl_tab_switches_between_the_two_panes(qtbot: QtBot, compared: CompareApp) -> None:
    first, second = compared.first.canvas, compared.second.canvas
    first.setFocus()
    qtbot.keyClick(first, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    assert second.hasFocus()
    back = Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.ControlModifier
    qtbot.keyClick(second, Qt.Key.Key_Backtab, back)
    assert first.hasFocus()


def test_the_viewer_shortcuts_work_on_the_pane_with_the_focus(
    qtbot: QtBot, compared: CompareApp
) -> None:
    first, second, mode = compared.first, compared.second, compared.mode
    mode.lock_action.trigger()  # unlocked: the keys show which pane they reached
    second.canvas.setFocus()
    assert mode.pane.frames[1].title_bar.is_active()
    zoom = first.canvas.zoom
    with qtbot.waitSignal(second.page_rendered, timeout=TIMEOUT):
        qtbot.keyClick(second.canvas, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert first.canvas.zoom == zoom  # not ambiguous, not both
    first.canvas.setFocus()
    assert mode.pane.frames[0].title_bar.is_active()
    with qtbot.waitSignal(first.page_rendered, timeout=TIMEOUT):
        qtbot.keyClick(first.canvas, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    window = compared.window
    window.tree.view.setFocus()  # outside the panes: the last pane focused keeps the keys
    zoom = first.canvas.zoom
    with qtbot.waitSignal(first.page_rendered, timeout=TIMEOUT):
        qtbot.keyClick(window.tree.view, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert first.canvas.zoom < zoom


def test_every_control_of_the_comparison_is_named(compared: CompareApp) -> None:
    pane = compared.mode.pane
    buttons = pane.toolbar.findChildren(type(pane.frames[1].title_bar.close_button))
    for button in buttons:
        action = button.defaultAction()
        assert action.text() if action else button.accessibleName(), button
    assert pane.frames[1].title_bar.close_button.accessibleName() == "Close this pane"
    assert pane.toolbar.accessibleName()
    assert pane.legend.accessibleName() == "Words legend"


# -- start, bad requests, trace ---------------------------------------------------------------
def run_comparing_until_exit(
    qtbot: QtBot, cache_root: Path, settings_file: Path, then: str
) -> None:
    """A session of the app that compares A with B, then swaps them or closes the comparison
    before it quits."""
    with compare_app(qtbot, cache_root, settings_file) as running:
        show_region(qtbot, running.window, A)
        compare_and_wait(qtbot, running.mode, A, B)
        getattr(running.mode, then)()


def test_the_comparison_open_at_exit_comes_back_at_the_next_start(
    qtbot: QtBot, cache_root: Path, tmp_path: Path
) -> None:
    settings_file = tmp_path / "settings.ini"
    run_comparing_until_exit(qtbot, cache_root, settings_file, "swap")
    with compare_app(qtbot, cache_root, settings_file, install=False) as again:
        saved = again.window.restore_state(select=False)
        assert saved == A
        shown: list[list[object]] = []

        def listen() -> None:  # the first restore hook: the features are in, none restored yet
            again.mode.shown.connect(lambda *args: shown.append(list(args)))

        again.services.restore_hooks.append(listen)
        app.start(again.window, again.services, Request(), saved, lambda: None)
        qtbot.waitUntil(lambda: bool(shown), timeout=TIMEOUT)
        mode = again.mode  # the one the start installed, once the first page was on screen
        assert mode.is_open()
        assert shown[0] == [B, A]  # swapped, as left
        assert mode.second.current_key() == B
        assert again.window.viewer.current_key() == A


def test_the_users_highlights_show_in_both_panes(
    qtbot: QtBot, cache_root: Path, tmp_path: Path
) -> None:
    cache = Cache(cache_root)
    try:
        Notebook(cache).add(B, "offshore wind", "Compare with Manchester's")
    finally:
        cache.close()
    with compare_app(qtbot, cache_root, tmp_path / "settings.ini", install=False) as running:
        window = running.window
        with qtbot.waitSignal(window.viewer.page_rendered, timeout=TIMEOUT):
            app.start(window, running.services, Request(), A, lambda: None)
        qtbot.waitUntil(lambda: window.findChild(CompareMode) is not None, timeout=TIMEOUT)
        compare_and_wait(qtbot, running.mode, A, B)  # the app's own, with the notes installed
        qtbot.waitUntil(lambda: bool(running.second.canvas.marks(NOTES_LAYER)))
        assert running.second.commands["highlight"].isVisible()  # made there too


def test_a_closed_comparison_does_not_come_back(
    qtbot: QtBot, cache_root: Path, tmp_path: Path
) -> None:
    settings_file = tmp_path / "settings.ini"
    run_comparing_until_exit(qtbot, cache_root, settings_file, "close")
    with compare_app(qtbot, cache_root, settings_file, install=False) as again:
        with qtbot.waitSignal(again.window.viewer.page_rendered, timeout=TIMEOUT):
            app.start(again.window, again.services, Request(), A, lambda: None)
        qtbot.waitUntil(lambda: again.window.findChild(CompareMode) is not None, timeout=TIMEOUT)
        assert not again.mode.is_open()
        assert again.window.center.currentWidget() is again.window.viewer


@pytest.mark.parametrize(
    ("second", "says"),
    [
        ("no-such-region", "Unknown region 'no-such-region'"),
        (A, "Choose two different summaries to compare: both are Greater Manchester."),
        (NOT_OFFLINE, "The summary for Wales is not available offline yet"),
    ],
)
def test_a_bad_compare_request_says_why_and_the_first_summary_is_still_shown(
    qtbot: QtBot, cache_root: Path, tmp_path: Path, second: str, says: str
) -> None:
    with compare_app(qtbot, cache_root, tmp_path / "settings.ini") as running:
        window = running.window
        with qtbot.waitSignal(window.viewer.page_rendered, timeout=TIMEOUT) as painted:
            app.apply_request(window, Request(region=A, compare=second))
        assert painted.args[0] == A
        assert not running.mode.is_open()
        assert window.center.currentWidget() is window.viewer
        assert says in window.statusBar().currentMessage()
        boxes = visible_message_boxes(window)
        assert len(boxes) == 1
        assert says in boxes[0].text()
        boxes[0].accept()


def test_each_pane_traces_its_first_paint_and_a_locked_zoom_re_renders_both(
    qtbot: QtBot,
    shown: CompareApp,
    monkeypatch: pytest.MonkeyPatch,
    capfd: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("LIS_DESKTOP_TRACE", "1")
    capfd.readouterr()
    compare_and_wait(qtbot, shown.mode, A, B)
    events = _trace(capfd.readouterr().err)
    rendered = [e for e in events if e["event"] == "page_rendered"]
    assert {e["region"] for e in rendered} >= {A, B}
    assert all(e["width"] > 100 for e in rendered)
    assert [e["event"] for e in events].count("compare_shown") == 1
    zoom_step_and_wait(qtbot, shown, "first")
    after = [e for e in _trace(capfd.readouterr().err) if e["event"] == "page_rendered"]
    widths = {e["region"]: e["width"] for e in after}
    assert set(widths) == {A, B}
    assert widths[A] == widths[B] > max(e["width"] for e in rendered)


def _trace(stderr: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in stderr.splitlines() if line.startswith("{")]


def test_a_search_hit_opens_beside_with_its_hits_highlighted(
    qtbot: QtBot, shown: CompareApp
) -> None:
    mode = shown.mode
    with qtbot.waitSignal(mode.shown, timeout=TIMEOUT):
        assert mode.show_beside(B, 0, "liverpool")
    qtbot.waitUntil(lambda: bool(mode.second.canvas.hits))
    assert mode.second.canvas.hits[0][0] == 0


def test_mouse_wheel_zoom_in_one_pane_follows_in_the_other(
    qtbot: QtBot, compared: CompareApp
) -> None:
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QWheelEvent

    first, second = compared.first, compared.second
    viewport = first.canvas.viewport()
    pos = QPointF(viewport.width() / 3, viewport.height() / 3)
    event = QWheelEvent(
        pos, viewport.mapToGlobal(pos), QPoint(), QPoint(0, 120), Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.ControlModifier, Qt.ScrollPhase.NoScrollPhase, False,
    )  # fmt: skip
    with qtbot.waitSignal(second.page_rendered, timeout=TIMEOUT):
        QApplication.sendEvent(viewport, event)
    assert second.canvas.zoom == pytest.approx(first.canvas.zoom)
    assert second.canvas.relative_position() == pytest.approx(
        first.canvas.relative_position(), abs=0.01
    )
