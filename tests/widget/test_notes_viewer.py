"""Highlights in the real window's viewer: made from a dragged selection, from Select All and
from a typed quote (the keyboard alone), drawn on the page in their colour and underlined (a
pixel check), the note shown on hover, a click to edit it, the context menu over one, undo and
redo, and each change announced to screen readers."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible, QColor, QContextMenuEvent, QHelpEvent
from PySide6.QtWidgets import QApplication, QMenu, QToolTip
from pytestqt.qtbot import QtBot

from lis_desktop.app.root import Services, install_notes
from lis_desktop.content.anchoring import find_quote, pages_of, read_words
from lis_desktop.content.cache import Cache
from lis_desktop.content.notes import Note
from lis_desktop.tasks import TaskRunner
from lis_desktop.ui.main_window import MainWindow
from lis_desktop.ui.notes.dialog import NoteDialog
from lis_desktop.ui.notes.feature import NotesFeature
from lis_desktop.ui.notes.look import FILL_ALPHA, NIGHT_FILL_ALPHA
from support.gui import make_window
from support.pdfs import make_summary_pdf
from support.viewer import mouse, page_pixel, view_pos, word_box

WORDS = "offshore wind and advanced ceramics"
OFFSCREEN_POPUP = pytest.mark.qt_log_ignore(r"^This plugin does not support (raise|grabbing)")


@pytest.fixture
def pdf(tmp_path: Path) -> Path:
    return make_summary_pdf(tmp_path / "black-country.pdf", words=WORDS)


@pytest.fixture
def window(
    qtbot: QtBot, cache_dir: Path, tmp_path: Path, pdf: Path
) -> Iterator[tuple[MainWindow, NotesFeature]]:
    cache = Cache(cache_dir)
    cache.import_pdf("black-country", pdf)
    cache.close()
    win = make_window(cache_dir, tmp_path / "settings.ini", offline=True)
    qtbot.addWidget(win)
    services = Services(
        win.library.cache, TaskRunner(2), win.viewer.engine, TaskRunner(1), offline=True
    )
    notes = install_notes(services, win)
    win.resize(1280, 900)
    win.show()
    qtbot.waitExposed(win)
    with qtbot.waitSignal(win.viewer.page_rendered, timeout=15000):
        win.select_region("black-country")
    qtbot.waitUntil(lambda: 0 in win.viewer.canvas.page_info, timeout=10000)
    yield win, notes
    services.runner.wait(10000)
    win.viewer.shutdown()
    services.shutdown()


def stored(notes: NotesFeature) -> list[Note]:
    return notes.service.store.list()


def centre(box: tuple[float, float, float, float]) -> tuple[float, float]:
    return (box[0] + box[2]) / 2, (box[1] + box[3]) / 2


def tinted(colour: QColor) -> bool:
    """Paper seen through the yellow highlight: light, with little blue."""
    return colour.red() > 200 and colour.green() > 190 and colour.blue() < 200


def tinted_share(win: MainWindow, box: tuple[float, float, float, float]) -> float:
    """How much of a row of pixels across the middle of `box` shows the highlight."""
    x0, _, x1, _ = box
    _, y = centre(box)
    xs = [x0 + (x1 - x0) * i / 40 for i in range(1, 40)]
    return sum(tinted(page_pixel(win.viewer, 0, x, y)) for x in xs) / len(xs)


def drag(win: MainWindow, pdf: Path, first: str, last: str) -> None:
    start, end = word_box(pdf, 0, first), word_box(pdf, 0, last)
    view = win.viewer
    mouse(view, "press", view_pos(view, 0, start[0] + 1, centre(start)[1]))
    mouse(view, "move", view_pos(view, 0, end[2] - 1, centre(end)[1]))
    mouse(view, "release", view_pos(view, 0, end[2] - 1, centre(end)[1]))


def open_dialog(qtbot: QtBot, notes: NotesFeature) -> NoteDialog:
    qtbot.waitUntil(lambda: notes.highlights.dialog is not None, timeout=5000)
    dialog = notes.highlights.dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    return dialog


def test_a_dragged_selection_is_highlighted_drawn_on_the_page_and_undone(
    qtbot: QtBot, window: tuple[MainWindow, NotesFeature], pdf: Path
) -> None:
    win, notes = window
    box = word_box(pdf, 0, "offshore wind")
    assert tinted_share(win, box) < 0.05  # the paper before
    drag(win, pdf, "offshore", "wind")
    assert notes.highlights.actions["highlight"].isEnabled()
    qtbot.keyClick(win.viewer.canvas, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)
    [note] = stored(notes)
    assert (note.region, note.page, note.quote) == ("black-country", 0, "offshore wind")
    assert note.note == ""
    assert win.viewer.canvas.selection.is_empty()  # the highlight shows, not the selection
    qtbot.waitUntil(lambda: tinted_share(win, box) > 0.5)  # the pixels under the words
    x0, y0, x1, _ = box
    assert not tinted(page_pixel(win.viewer, 0, (x0 + x1) / 2, y0 - 6))  # not above them
    assert not tinted(page_pixel(win.viewer, 0, x1 + 40, centre(box)[1]))  # nor beside
    expected = [255 - (255 - c) * FILL_ALPHA / 255 for c in (240, 228, 66)]  # over white
    row = [page_pixel(win.viewer, 0, x0 + (x1 - x0) * i / 40, centre(box)[1]) for i in range(40)]
    assert any(
        all(abs(got - want) < 20 for got, want in zip(c.getRgb()[:3], expected, strict=True))
        for c in row
    )  # the paper between the letters, in the highlight's yellow
    underline = page_pixel(win.viewer, 0, (x0 + x1) / 2, note.rects[0][3])
    assert underline.lightness() < 160  # underlined in a darker shade: not colour alone
    assert "Added a highlight on page 1" in win.statusBar().currentMessage()

    notes.undo_action.trigger()
    assert stored(notes) == []
    qtbot.waitUntil(lambda: tinted_share(win, box) < 0.05)
    notes.redo_action.trigger()
    assert [n.id for n in stored(notes)] == [note.id]
    qtbot.waitUntil(lambda: tinted_share(win, box) > 0.5)


def test_select_all_then_highlight_with_note_from_the_keyboard(
    qtbot: QtBot, window: tuple[MainWindow, NotesFeature]
) -> None:
    win, notes = window
    canvas = win.viewer.canvas
    canvas.setFocus()
    qtbot.keyClick(canvas, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(
        canvas,
        Qt.Key.Key_H,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    dialog = open_dialog(qtbot, notes)
    qtbot.waitUntil(dialog.note_field.hasFocus)
    qtbot.keyClicks(dialog.note_field, "The whole page matters")
    qtbot.keyClick(dialog.note_field, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    [note] = stored(notes)
    assert note.quote.startswith("Industrial Strategy Black Country")
    assert WORDS in note.quote
    assert note.note == "The whole page matters"


def test_a_typed_quote_is_highlighted_where_it_is_and_a_missing_one_is_said(
    qtbot: QtBot, window: tuple[MainWindow, NotesFeature], pdf: Path
) -> None:
    win, notes = window
    notes.highlights.actions["highlight_note"].trigger()  # nothing selected: type the text
    dialog = open_dialog(qtbot, notes)
    assert dialog.quote_field is not None
    qtbot.waitUntil(dialog.quote_field.hasFocus)
    qtbot.keyClicks(dialog.quote_field, "Advanced Ceramics")
    qtbot.keyClick(dialog.quote_field, Qt.Key.Key_Tab)
    qtbot.keyClicks(dialog.note_field, "A niche")
    dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
    qtbot.waitUntil(lambda: len(stored(notes)) == 1, timeout=5000)
    [note] = stored(notes)
    assert (note.quote, note.note) == ("advanced ceramics", "A niche")
    box = word_box(pdf, 0, "advanced ceramics")
    assert abs(note.rects[0][0] - box[0]) < 1
    assert abs(note.rects[-1][2] - box[2]) < 1

    notes.highlights.actions["highlight_note"].trigger()
    dialog = open_dialog(qtbot, notes)
    assert dialog.quote_field is not None
    qtbot.keyClicks(dialog.quote_field, "nuclear fusion")
    dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
    qtbot.waitUntil(lambda: "is not in this summary" in win.statusBar().currentMessage())
    assert len(stored(notes)) == 1


@OFFSCREEN_POPUP  # the tooltip
def test_hover_shows_the_note_and_a_click_edits_or_removes_it(
    qtbot: QtBot, window: tuple[MainWindow, NotesFeature], pdf: Path
) -> None:
    win, notes = window
    anchor = find_quote(pages_of(read_words(pdf)), "offshore wind")
    assert anchor is not None
    sha = notes.highlights.sha256
    assert sha is not None
    note = notes.service.add("black-country", sha, anchor, "Humber and the Celtic Sea", "orange")
    assert note is not None
    qtbot.waitUntil(lambda: [n.id for n in notes.highlights.notes] == [note.id])
    viewport = win.viewer.canvas.viewport()
    pos = view_pos(win.viewer, 0, *centre(word_box(pdf, 0, "offshore")))
    point = pos.toPoint()
    QApplication.sendEvent(
        viewport, QHelpEvent(QHelpEvent.Type.ToolTip, point, viewport.mapToGlobal(point))
    )
    assert "Humber and the Celtic Sea" in QToolTip.text()
    assert "“offshore wind”" in QToolTip.text()
    assert "Orange highlight, page 1" in QToolTip.text()
    QToolTip.hideText()

    mouse(win.viewer, "press", pos)
    mouse(win.viewer, "release", pos)
    dialog = open_dialog(qtbot, notes)
    assert dialog.windowTitle() == "Edit Note"
    assert dialog.note_field.toPlainText() == "Humber and the Celtic Sea"
    dialog.note_field.setPlainText("Only the Humber")
    dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
    assert [n.note for n in stored(notes)] == ["Only the Humber"]
    notes.undo_action.trigger()
    assert [n.note for n in stored(notes)] == ["Humber and the Celtic Sea"]

    qtbot.waitUntil(lambda: notes.highlights.dialog is None)
    mouse(win.viewer, "press", pos)
    mouse(win.viewer, "release", pos)
    dialog = open_dialog(qtbot, notes)
    assert dialog.remove_button is not None
    dialog.remove_button.click()
    assert stored(notes) == []


@OFFSCREEN_POPUP
def test_the_context_menu_over_a_highlight_edits_and_removes_it(
    qtbot: QtBot, window: tuple[MainWindow, NotesFeature], pdf: Path
) -> None:
    win, notes = window
    drag(win, pdf, "advanced", "ceramics")
    notes.highlights.actions["highlight"].trigger()
    [note] = stored(notes)
    qtbot.waitUntil(lambda: bool(notes.highlights.notes))

    def right_click(x: float, y: float) -> dict[str, bool]:
        viewport = win.viewer.canvas.viewport()
        point = view_pos(win.viewer, 0, x, y).toPoint()
        event = QContextMenuEvent(
            QContextMenuEvent.Reason.Mouse, point, viewport.mapToGlobal(point)
        )
        QApplication.sendEvent(viewport, event)
        [menu] = [m for m in win.viewer.findChildren(QMenu, "viewer_context_menu") if m.isVisible()]
        shown = {a.text().replace("&", ""): a.isEnabled() for a in menu.actions() if a.text()}
        menu.close()
        return shown

    on_it = right_click(*centre(word_box(pdf, 0, "ceramics")))
    assert on_it["Edit Note…"] is True
    assert on_it["Remove Highlight"] is True
    assert on_it["Highlight with Note…"] is True
    off_it = right_click(300, 700)
    assert "Edit Note…" not in off_it
    assert "Remove Highlight" not in off_it
    right_click(*centre(word_box(pdf, 0, "ceramics")))
    notes.highlights.actions["remove_highlight"].trigger()
    assert stored(notes) == []
    notes.undo_action.trigger()
    assert [n.id for n in stored(notes)] == [note.id]


def test_each_change_is_announced_to_screen_readers(
    qtbot: QtBot,
    window: tuple[MainWindow, NotesFeature],
    pdf: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    win, notes = window
    said: list[str] = []

    def update(event: object) -> None:
        text = getattr(event, "message", None)
        said.append(text() if callable(text) else "")

    monkeypatch.setattr(QAccessible, "updateAccessibility", update)
    drag(win, pdf, "offshore", "wind")
    notes.highlights.actions["highlight"].trigger()
    notes.undo_action.trigger()
    assert said == [
        "Added a highlight on page 1: “offshore wind”.",
        "Undone: the highlight “offshore wind” is removed.",
    ]


def test_the_highlight_actions_wait_for_a_summary(
    qtbot: QtBot, window: tuple[MainWindow, NotesFeature], tmp_path: Path
) -> None:
    win, notes = window
    win.select_region("wales")  # not offline: an empty state, nothing to highlight
    notes.menu.aboutToShow.emit()
    assert not notes.highlights.actions["highlight_note"].isEnabled()
    other = make_summary_pdf(tmp_path / "mine.pdf", title="Someone's PDF", words=WORDS)
    with qtbot.waitSignal(win.viewer.page_rendered, timeout=15000):
        win.open_file(other)  # a file from outside: its notes would have nowhere to live
    assert not notes.highlights.actions["highlight_note"].isEnabled()
    notes.highlights.actions["highlight_note"].trigger()
    assert notes.highlights.dialog is None


def test_highlights_take_night_shades_when_night_mode_is_switched(
    qtbot: QtBot, window: tuple[MainWindow, NotesFeature], pdf: Path
) -> None:
    win, notes = window
    drag(win, pdf, "offshore", "wind")
    notes.highlights.actions["highlight"].trigger()
    night = win.viewer.commands["night_mode"]
    if night.isChecked():
        night.trigger()
    fill, underline = win.viewer.canvas.marks("notes")
    assert fill.colour.alpha() == FILL_ALPHA
    night.trigger()
    fill, underline_at_night = win.viewer.canvas.marks("notes")
    assert fill.colour.alpha() == NIGHT_FILL_ALPHA
    assert underline_at_night.colour.lightness() > underline.colour.lightness()  # on dark pages
