"""The page area through Qt's accessibility interfaces, as a screen reader reads it: a named
document whose text interface holds the current page's words in reading order, by line and
word, with each character's place on screen; page changes and find results are announced."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from pytestqt.qtbot import QtBot

from lis_desktop.ui.viewer.view import PdfView
from support.accessibility import Events, interface, is_meaningful, label_of, name_of
from support.pdfs import make_summary_pdf, make_text_pdf
from support.viewer import open_and_wait, view_pos, word_box

PAGES = [
    [(80, "Clean growth in the Humber"), (100, "Offshore wind and hydrogen"), (120, "Ports")],
    [(80, "Second page about skills"), (100, "Colleges and universities")],
    [(80, "Third page on places"), (100, "Housing and transport")],
]


@pytest.fixture
def view(make_view: Callable[..., PdfView]) -> PdfView:
    return make_view()


@pytest.fixture
def three_pages(tmp_path: Path) -> Path:
    return make_text_pdf(tmp_path / "three.pdf", PAGES)


def page_text_of(view: PdfView) -> str:
    text = interface(view.canvas).textInterface()
    assert text is not None, "the page area has no text interface"
    return str(text.text(0, text.characterCount()))


def wait_for_text(qtbot: QtBot, view: PdfView, wanted: str) -> None:
    qtbot.waitUntil(lambda: wanted in page_text_of(view), timeout=10000)


def test_the_page_is_a_named_document_with_its_words_as_text(
    qtbot: QtBot, view: PdfView, summary_pdf: Path
) -> None:
    with qtbot.waitSignal(view.page_rendered, timeout=15000):
        view.open_document(summary_pdf, "black-country", "Black Country summary")
    iface = interface(view.canvas)
    assert iface.role() == QAccessible.Role.Document
    assert name_of(view.canvas) == "Black Country summary"
    assert iface.text(QAccessible.Text.Description) == "Page 1 of 1"
    state = iface.state()
    assert state.focusable
    assert state.readOnly
    wait_for_text(qtbot, view, "offshore wind")
    text = page_text_of(view)
    # reading order, one line per line of the page
    assert text.startswith("Industrial Strategy\nBlack Country\n")
    assert "Key strengths\noffshore wind and advanced ceramics" in text


def test_the_page_text_reads_by_line_and_word_and_shows_where_each_word_is(
    qtbot: QtBot, view: PdfView, three_pages: Path
) -> None:
    open_and_wait(qtbot, view, three_pages, "three")
    wait_for_text(qtbot, view, "Ports")
    text = interface(view.canvas).textInterface()
    assert text is not None
    plain = text.text(0, text.characterCount())
    lines = plain.split("\n")
    assert lines == ["Clean growth in the Humber", "Offshore wind and hydrogen", "Ports"]
    offset = plain.index("wind")
    # (Qt's own word and line boundaries on this text are read through AT-SPI in e2e/)
    # each character's box is on screen where PyMuPDF has the word
    box = word_box(three_pages, 0, "wind")
    rect = text.characterRect(offset)
    assert rect.isValid()
    expected = view.canvas.viewport().mapToGlobal(view_pos(view, 0, box[0], box[1]).toPoint())
    assert abs(rect.left() - expected.x()) <= 2
    assert abs(rect.top() - expected.y()) <= 3
    middle = view_pos(view, 0, (box[0] + box[2]) / 2, (box[1] + box[3]) / 2).toPoint()
    at = text.offsetAtPoint(view.canvas.viewport().mapToGlobal(middle))
    assert offset <= at < offset + len("wind")
    assert text.characterRect(len(plain) + 5).isEmpty()


def test_another_page_brings_its_text_and_is_announced(
    qtbot: QtBot, view: PdfView, three_pages: Path, accessibility_events: Events
) -> None:
    open_and_wait(qtbot, view, three_pages, "three")
    wait_for_text(qtbot, view, "Ports")
    view.canvas.setFocus()
    qtbot.waitUntil(view.canvas.hasFocus)
    accessibility_events.clear()
    view.go_to_page(2)
    wait_for_text(qtbot, view, "Second page about skills")
    assert "Offshore" not in page_text_of(view)
    assert interface(view.canvas).text(QAccessible.Text.Description) == "Page 2 of 3"
    assert "Page 2 of 3" in accessibility_events.announcements()
    updates = accessibility_events.of(QAccessible.Event.TextUpdated)
    assert any("Second page about skills" in u.text for u in updates)


def test_the_caret_a_screen_reader_moves_scrolls_the_page_along(
    qtbot: QtBot, view: PdfView, tmp_path: Path
) -> None:
    lines = [(70 + 14 * i, f"Line {i} of a long page") for i in range(50)]
    path = make_text_pdf(tmp_path / "long.pdf", [lines])
    open_and_wait(qtbot, view, path, "long")
    view.set_zoom(3.0)
    wait_for_text(qtbot, view, "Line 49")
    text = interface(view.canvas).textInterface()
    assert text is not None
    start = view.canvas.verticalScrollBar().value()
    text.setCursorPosition(text.text(0, text.characterCount()).index("Line 40"))
    assert text.cursorPosition() > 0
    assert view.canvas.verticalScrollBar().value() > start


def test_find_results_are_announced(
    qtbot: QtBot, view: PdfView, accessibility_events: Events, tmp_path: Path
) -> None:
    path = make_summary_pdf(tmp_path / "wind.pdf", words="Wind power. Wind farms.", pages=2)
    open_and_wait(qtbot, view, path, "wind")
    view.open_find()
    qtbot.keyClicks(view.finder.bar.field, "wind")
    qtbot.waitUntil(lambda: "Match 1 of 4 on page 1" in accessibility_events.announcements())
    qtbot.keyClick(view.finder.bar.field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "Match 2 of 4 on page 1" in accessibility_events.announcements())
    view.finder.bar.field.selectAll()
    qtbot.keyClicks(view.finder.bar.field, "zebra")
    qtbot.waitUntil(lambda: "No matches" in accessibility_events.announcements())


def test_the_viewers_controls_are_named_by_what_they_are(
    qtbot: QtBot, view: PdfView, three_pages: Path
) -> None:
    open_and_wait(qtbot, view, three_pages, "three")
    view.open_find()
    bar = view.finder.bar
    assert name_of(bar.field) == "Find in document"
    assert name_of(bar.previous_button) == "Previous match"
    assert name_of(bar.next_button) == "Next match"
    close = [b for b in bar.findChildren(type(bar.next_button)) if b.text() == "✕"]
    assert [name_of(b) for b in close] == ["Close find bar"]
    zoom = view.toolbar.zoom_box
    editor = zoom.lineEdit()
    assert editor is not None
    assert name_of(editor) == "Zoom"
    assert label_of(zoom) == "Zoom"  # what AT-SPI reads: a combo box's own name is its value
    assert name_of(view.thumbs) == "Page thumbnails"
    row = view.thumbs.model().index(1, 0)
    assert row.data(Qt.ItemDataRole.AccessibleTextRole) == "Page 2"
    overflow = view.toolbar.findChild(type(bar.next_button), "qt_toolbar_ext_button")
    assert overflow is not None
    assert name_of(overflow) == "More viewer commands"
    for action in view.toolbar.actions():
        if action.text() and not action.shortcut().isEmpty():
            assert action.shortcut().toString() in action.toolTip()
    assert is_meaningful(name_of(view.canvas))


def test_the_password_field_is_named_and_says_why(
    qtbot: QtBot, view: PdfView, tmp_path: Path
) -> None:
    from support.pdfs import make_encrypted_pdf

    path = make_encrypted_pdf(tmp_path / "locked.pdf")
    view.open_document(path, "locked")
    qtbot.waitUntil(view.panel.password.isVisible, timeout=15000)
    assert name_of(view.panel.password) == "Password"
    description = interface(view.panel.password).text(QAccessible.Text.Description)
    assert "protected" in description
