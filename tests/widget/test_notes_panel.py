"""The notes panel in the real window: the notes of the summary shown or of all, grouped by
region with quote, note, page and date (a row's accessible text says it all), filtered by text;
a click opens the summary at the highlight; Delete removes one (undoable); a note whose text a
new version dropped is listed, detached, with its quote; and search finds notes' text."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pymupdf
import pytest
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from lis_desktop import settings
from lis_desktop.app.root import Services, install_notes, install_search
from lis_desktop.content.cache import Cache
from lis_desktop.content.notebook import Notebook
from lis_desktop.export.exporter import Exporter, ExportFormat
from lis_desktop.tasks import TaskRunner
from lis_desktop.ui.export.dialog import ExportDialog
from lis_desktop.ui.main_window import MainWindow
from lis_desktop.ui.notes.feature import NotesFeature
from lis_desktop.ui.notes.panel import NOTE_ROLE
from lis_desktop.ui.search.mode import SearchMode
from lis_desktop.ui.search.panel import NOTE_ROLE as SEARCH_NOTE_ROLE
from support.gui import make_window
from support.pdfs import make_summary_pdf, make_text_pdf

Window = tuple[MainWindow, NotesFeature, SearchMode]


@pytest.fixture
def window(qtbot: QtBot, cache_dir: Path, tmp_path: Path) -> Iterator[Window]:
    cache = Cache(cache_dir)
    cache.import_pdf(
        "black-country",
        make_summary_pdf(tmp_path / "bc.pdf", words="offshore wind and advanced ceramics"),
    )
    wales = [(100, "Wales local summary")] + [(120 + 12 * i, f"Line {i}") for i in range(55)]
    cache.import_pdf(
        "wales", make_text_pdf(tmp_path / "wales.pdf", [[*wales, (800, "Celtic Sea wind")]])
    )
    cache.import_pdf(
        "humber", make_text_pdf(tmp_path / "humber.pdf", [[(100, "The Humber estuary")]])
    )
    book = Notebook(cache)
    book.add("black-country", "offshore wind", "Compare with the Humber")
    book.add("black-country", "advanced ceramics", colour="green")
    book.add("wales", "Celtic Sea wind", "Floating turbines", colour="pink")
    book.add("humber", "Humber estuary", "Ports")
    cache.close()
    win = make_window(cache_dir, tmp_path / "settings.ini", offline=True)
    qtbot.addWidget(win)
    services = Services(
        win.library.cache, TaskRunner(2), win.viewer.engine, TaskRunner(1), offline=True
    )
    search = install_search(services, win)
    notes = install_notes(services, win)
    search.panel.note_activated.connect(notes.open_note)  # as install_features wires them
    win.resize(1280, 800)
    win.show()
    qtbot.waitExposed(win)
    with qtbot.waitSignal(win.viewer.page_rendered, timeout=15000):
        win.select_region("black-country")
    yield win, notes, search
    services.runner.wait(10000)
    win.viewer.shutdown()
    services.shutdown()


def rows(notes: NotesFeature) -> list[tuple[str, list[str]]]:
    """(group label, [accessible text of each note row]) as the panel lists them."""
    model = notes.panel.model
    result = []
    for r in range(model.rowCount()):
        top = model.item(r)
        texts = [
            str(top.child(c).data(Qt.ItemDataRole.AccessibleTextRole))
            for c in range(top.rowCount())
        ]
        result.append((top.text(), texts))
    return result


def note_index(notes: NotesFeature, quote: str) -> object:
    model = notes.panel.model
    for r in range(model.rowCount()):
        top = model.item(r)
        for c in range(top.rowCount()):
            if f"“{quote}”" in top.child(c).text():
                return top.child(c).index()
    raise AssertionError(f"{quote} is not listed")


def test_the_panel_lists_the_notes_of_the_summary_shown_or_of_all_by_region(
    qtbot: QtBot, window: Window
) -> None:
    win, notes, _ = window
    assert notes.dock.isHidden()
    win.tree.view.setFocus()
    ctrl_shift = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(win.tree.view, Qt.Key.Key_N, ctrl_shift)
    assert notes.dock.isVisible()
    qtbot.waitUntil(notes.panel.list.hasFocus)
    [(label, texts)] = rows(notes)
    assert label == "Black Country  ·  2 notes"
    assert texts[0].startswith(  # in reading order: left to right on the line
        "Note on Black Country, page 1: “offshore wind”. Note: Compare with the Humber. Yellow "
        "highlight, "
    )
    assert texts[1].startswith("Note on Black Country, page 1: “advanced ceramics”. No note.")
    assert "Green highlight" in texts[1]
    assert notes.panel.status.text() == "2 notes on Black Country."
    assert notes.panel.list.accessibleName() == "Notes"

    notes.panel.set_all_summaries(True)
    assert [label for label, _ in rows(notes)] == [
        "Black Country  ·  2 notes",  # tree order: England's areas, then the nations
        "Humber  ·  1 note",
        "Wales  ·  1 note",
    ]
    assert win.settings.get(settings.NOTES_SCOPE) == "all"
    with qtbot.waitSignal(notes.panel.filter_changed, timeout=5000):
        qtbot.keyClicks(notes.panel.filter, "turbines")
    assert rows(notes) == [
        ("Wales  ·  1 note", [rows_text := rows(notes)[0][1][0]]),
    ]
    assert "“Celtic Sea wind”. Note: Floating turbines. Pink highlight" in rows_text
    assert notes.panel.status.text() == "1 of 4 notes on all summaries match the filter."


def test_a_click_opens_the_summary_at_the_highlight(qtbot: QtBot, window: Window) -> None:
    win, notes, _ = window
    notes.panel_action.trigger()
    notes.panel.set_all_summaries(True)
    index = note_index(notes, "Celtic Sea wind")
    notes.dock.hide()  # the viewer at its full height: the page is taller than it
    other = QLabel("another view, e.g. the theme matrix")
    win.add_center_view(other)
    win.show_center_view(other)
    with qtbot.waitSignal(win.viewer.page_rendered, timeout=15000):
        notes.panel.list.clicked.emit(index)
    assert win.viewer.current_key() == "wales"
    assert win.center.currentWidget() is win.viewer  # the viewer is back in the middle
    canvas = win.viewer.canvas
    [note] = [n for n in notes.service.store.list("wales")]

    def in_view() -> bool:
        rect = canvas.layout_.rect_from_page(note.page, note.rects[0])
        shown = QRectF(
            QPointF(canvas.horizontalScrollBar().value(), canvas.verticalScrollBar().value()),
            canvas.viewport().size().toSizeF(),
        )
        return shown.contains(rect)

    qtbot.waitUntil(in_view, timeout=5000)  # the highlight (low on the page) is on screen
    assert canvas.verticalScrollBar().value() > 0
    assert "Floating turbines" in win.statusBar().currentMessage()


def test_delete_removes_the_current_note_and_undo_brings_it_back(
    qtbot: QtBot, window: Window
) -> None:
    _, notes, _ = window
    notes.panel_action.trigger()
    qtbot.waitUntil(notes.panel.list.hasFocus)
    notes.panel.list.setCurrentIndex(note_index(notes, "offshore wind"))  # type: ignore[arg-type]
    qtbot.keyClick(notes.panel.list, Qt.Key.Key_Delete)
    assert [n.quote for n in notes.service.store.list("black-country")] == ["advanced ceramics"]
    assert len(rows(notes)[0][1]) == 1
    assert "advanced ceramics" in notes.panel.list.currentIndex().data()  # the next one
    qtbot.keyClick(notes.panel.list, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert len(rows(notes)[0][1]) == 2
    assert notes.panel.list.currentIndex().data(NOTE_ROLE) is not None


def test_a_note_whose_text_a_new_version_dropped_is_listed_detached_with_its_quote(
    qtbot: QtBot, window: Window, tmp_path: Path
) -> None:
    win, notes, _ = window
    notes.panel_action.trigger()
    notes.panel.set_all_summaries(True)
    new = make_text_pdf(tmp_path / "humber-2.pdf", [[(100, "Hydrogen on the estuary")]])
    with qtbot.waitSignal(notes.service.changed, timeout=10000):
        win.import_file("humber", new)  # the library refresh places the notes anew
    [(_, [text])] = [(label, t) for label, t in rows(notes) if label.startswith("Humber")]
    assert text.startswith("Note on Humber, detached, not in this version: “Humber estuary”.")
    [note] = notes.service.store.list("humber")
    assert note.detached
    assert note.note == "Ports"


def test_search_finds_the_text_of_notes_and_opens_the_note(qtbot: QtBot, window: Window) -> None:
    win, notes, search = window
    search.controller.update_index()
    qtbot.waitUntil(lambda: not search.controller.indexing, timeout=10000)
    search.open()
    with qtbot.waitSignal(search.controller.hits_changed, timeout=10000):
        qtbot.keyClicks(search.panel.field, "turbine")  # stemmed: "Floating turbines"
    model = search.panel.model
    top = model.item(0)
    assert top.text() == "Your notes  ·  1 note"
    child = top.child(0)
    assert child.data(Qt.ItemDataRole.AccessibleTextRole) == (
        "Note on Wales, page 1: “Celtic Sea wind” — Floating turbines"
    )
    assert win.tree.visible_region_ids() == ["wales"]  # the tree narrows to it too
    assert "1 note of yours" in search.panel.status.text()
    with qtbot.waitSignal(win.viewer.page_rendered, timeout=15000):
        search.panel.results.activated.emit(child.index())
    assert win.viewer.current_key() == "wales"
    assert child.data(SEARCH_NOTE_ROLE) == notes.service.store.list("wales")[0].id


def test_the_export_dialog_writes_notes_when_asked_and_the_panel_exports_them(
    qtbot: QtBot, window: Window, tmp_path: Path
) -> None:
    win, notes, _ = window
    runner = TaskRunner(1)
    dialog = ExportDialog(Exporter(win.library), win.settings, runner, ["black-country"])
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.format_combo.setCurrentIndex(dialog.format_combo.findData(ExportFormat.MD.value))
    assert not dialog.notes_check.isEnabled()  # Markdown always lists them
    dialog.format_combo.setCurrentIndex(dialog.format_combo.findData(ExportFormat.PDF.value))
    assert dialog.notes_check.isEnabled()
    dialog.notes_check.setChecked(True)
    target = tmp_path / "briefing.pdf"
    dialog.dest_edit.setText(str(target))
    with qtbot.waitSignal(dialog.export_finished, timeout=30_000):
        dialog.export_button.click()
    runner.wait(10_000)
    doc = pymupdf.open(target)
    page = doc[0]
    assert sorted(a.info["content"] for a in page.annots()) == ["", "Compare with the Humber"]
    doc.close()
    assert win.settings.get(settings.EXPORT_NOTES) is True  # remembered

    table = tmp_path / "notes.csv"
    notes.export_to(table)
    qtbot.waitUntil(
        lambda: "Exported the notes" in win.statusBar().currentMessage(), timeout=10_000
    )
    assert table.read_text(encoding="utf-8-sig").count("\n") == 5  # a header and 4 notes
    assert Path(f"{table}.provenance.json").is_file()


def test_a_note_another_program_added_shows_once_the_library_is_refreshed(
    qtbot: QtBot, window: Window, cache_dir: Path
) -> None:
    win, notes, _ = window
    notes.panel_action.trigger()
    other = Cache(cache_dir)  # e.g. lis-desktop-cli notes add, while the window runs
    Notebook(other).add("black-country", "Industrial Strategy", "Added from the command line")
    other.close()
    win.refresh_library()  # what the window does when it notices the cache changed
    [(_, texts)] = rows(notes)
    assert any("Added from the command line" in text for text in texts)
    assert len(notes.highlights.notes) == 3  # drawn on the page too
