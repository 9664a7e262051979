"""What lets another view keep in step with a viewer (a comparison of two summaries): its place
in page units whatever the zoom, opening at a given place, `document_opened`, and shortcuts
that work only with the focus in the view when another view in the window has them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from lis_desktop.pdf.host.parent import PdfHost
from lis_desktop.settings import Settings
from lis_desktop.tasks import TaskRunner
from lis_desktop.ui.viewer.positions import SavedPosition
from lis_desktop.ui.viewer.view import PdfView
from support.pdfs import make_summary_pdf
from support.viewer import open_and_wait

TIMEOUT = 15_000


@pytest.fixture
def long_pdf(tmp_path: Path) -> Path:
    return make_summary_pdf(tmp_path / "long.pdf", title="Long", pages=4, image=False)


def test_a_place_in_page_units_puts_another_view_at_the_same_spot(
    qtbot: QtBot, make_view: Callable[..., PdfView], long_pdf: Path
) -> None:
    here, there = make_view(600, 700), make_view(900, 500)
    open_and_wait(qtbot, here, long_pdf, "long")
    open_and_wait(qtbot, there, long_pdf, "long")
    here.set_zoom(1.5)
    here.canvas.verticalScrollBar().setValue(here.canvas.verticalScrollBar().maximum() // 2)
    place = here.canvas.relative_position()
    assert 1.0 < place[1] < 3.0  # page 2 or 3, part of the way down
    there.set_zoom(0.8)  # another zoom and width: the same spot of the same page
    there.canvas.set_relative_position(*place)
    assert there.canvas.relative_position()[1] == pytest.approx(place[1], abs=0.01)
    spot_here = here.canvas.reading_position()
    spot_there = there.canvas.reading_position()
    assert spot_here is not None
    assert spot_there is not None
    assert spot_there.page == spot_here.page
    assert spot_there.y == pytest.approx(spot_here.y, abs=3)


def test_a_document_opens_at_the_place_given_instead_of_where_it_was_left(
    qtbot: QtBot, view: PdfView, long_pdf: Path, tmp_path: Path
) -> None:
    open_and_wait(qtbot, view, long_pdf, "long")
    view.go_to_page(4)  # where the reader leaves it
    view.clear()
    with qtbot.waitSignal(view.page_rendered, timeout=TIMEOUT):
        view.open_document(long_pdf, "long", position=SavedPosition("free", 2.0, 1, 0.0, 100.0))
    assert view.current_page() == 2
    assert view.canvas.fit_mode == "free"
    assert view.canvas.zoom == pytest.approx(2.0)


def test_document_opened_says_when_words_and_links_can_be_read(
    qtbot: QtBot, view: PdfView, long_pdf: Path
) -> None:
    with qtbot.waitSignal(view.document_opened, timeout=TIMEOUT) as opened:
        view.open_document(long_pdf, "long")
    assert opened.args == ["long"]
    assert view.session is not None


def test_of_two_views_in_a_window_the_keys_reach_the_one_with_them(
    qtbot: QtBot, settings: Settings, long_pdf: Path
) -> None:
    engine, lane = PdfHost(), TaskRunner(1)  # one engine for both, as the app has
    lane.run(engine.start, lambda _: None, lambda _: None)
    window = QWidget()
    qtbot.addWidget(window)
    row = QHBoxLayout(window)
    first, second = (PdfView(settings, engine, lane, parent=window) for _ in range(2))
    elsewhere = QLineEdit(window)
    for widget in (first, second, elsewhere):
        row.addWidget(widget)
    window.resize(1000, 600)
    window.show()
    qtbot.waitExposed(window)
    try:
        second.set_shortcuts_window_wide(False)  # before both are shown with the keys
        open_and_wait(qtbot, first, long_pdf, "first")
        open_and_wait(qtbot, second, long_pdf, "second")
        local = Qt.ShortcutContext.WidgetWithChildrenShortcut
        assert second.commands["zoom_in"].shortcutContext() == local
        first.canvas.setFocus()
        with qtbot.waitSignal(first.page_rendered, timeout=TIMEOUT):
            qtbot.keyClick(first.canvas, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
        assert (first.canvas.fit_mode, second.canvas.fit_mode) == ("free", "width")
        first.set_shortcuts_window_wide(False)
        second.set_shortcuts_window_wide(True)
        elsewhere.setFocus()  # in neither view: the one with the window-wide keys answers
        with qtbot.waitSignal(second.page_rendered, timeout=TIMEOUT):
            qtbot.keyClick(elsewhere, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
        assert second.canvas.zoom == pytest.approx(1.0)  # Ctrl+0: actual size
        assert second.canvas.fit_mode == "free"
        assert first.canvas.zoom != pytest.approx(1.0)
        assert second.commands["copy"].shortcutContext() == local  # copy is always local
    finally:
        for view in (first, second):
            view.shutdown()
        engine.stop()
        lane.wait(5000)
