"""Find in document: the find bar, and the controller that searches the pages of the open
document on the worker and shows the hits and the current one on the canvas; it also highlights
the terms of a full-text search on one page."""

from __future__ import annotations

import logging
import sqlite3

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget

from lis_desktop.errors import LisError
from lis_desktop.pdf.api import PdfDocument
from lis_desktop.pdf.page_text import Rect, find_in_words, joined_text, search_terms
from lis_desktop.tasks import Runner
from lis_desktop.ui.accessibility.announce import announce
from lis_desktop.ui.viewer.canvas import PageCanvas

log = logging.getLogger(__name__)

MAX_HITS = 10_000  # a find that matches more stops counting (bounded work and memory)
Hits = list[tuple[int, tuple[Rect, ...]]]


def tool_button(text: str, tip: str, name: str) -> QToolButton:
    """A small button showing `text` (a symbol), named `name` for assistive technology."""
    button = QToolButton()
    button.setText(text)
    button.setToolTip(tip)
    button.setAccessibleName(name)
    return button


class FindBar(QWidget):
    """Query field, previous/next, "3 of 12", match case and whole words."""

    changed = Signal()  # the query or an option changed
    next_requested = Signal()
    previous_requested = Signal()
    closed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = QLineEdit(placeholderText="Find in document", clearButtonEnabled=True)
        self.field.setMinimumWidth(220)
        self.field.setAccessibleName("Find in document")
        self.field.setAccessibleDescription("Matches are highlighted; Enter goes to the next one")
        self.previous_button = tool_button("‹", "Previous match (Shift+F3)", "Previous match")
        self.next_button = tool_button("›", "Next match (F3)", "Next match")
        self.count = QLabel()
        self.count.setAccessibleName("Matches")
        self.match_case = QCheckBox("Match case")
        self.whole_words = QCheckBox("Whole words")
        close = tool_button("✕", "Close (Esc)", "Close find bar")
        close.setAutoRaise(True)
        row = QHBoxLayout(self)
        row.setContentsMargins(6, 3, 6, 3)
        for widget in (self.field, self.previous_button, self.next_button, self.count):
            row.addWidget(widget)
        row.addSpacing(12)
        row.addWidget(self.match_case)
        row.addWidget(self.whole_words)
        row.addStretch(1)
        row.addWidget(close)
        self._typing = QTimer(self, singleShot=True, interval=250)
        self._typing.timeout.connect(self.changed)
        self.field.textChanged.connect(lambda _text: self._typing.start())
        self.field.returnPressed.connect(self._on_field_return_pressed)
        self.match_case.toggled.connect(self.changed)
        self.whole_words.toggled.connect(self.changed)
        self.previous_button.clicked.connect(self.previous_requested)
        self.next_button.clicked.connect(self.next_requested)
        close.clicked.connect(self.closed)

    def query(self) -> str:
        return self.field.text().strip()

    def _on_field_return_pressed(self) -> None:
        if self._typing.isActive():  # Enter right after typing: search now, then go to the hit
            self._typing.stop()
            self.changed.emit()
            return
        self.next_requested.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.closed.emit()
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and (
            event.modifiers() & Qt.KeyboardModifier.ShiftModifier
        ):
            self.previous_requested.emit()
            return
        super().keyPressEvent(event)


class Finder(QObject):
    """Runs finds on the viewer's worker and keeps the hits and the current one on the canvas."""

    def __init__(self, canvas: PageCanvas, runner: Runner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._canvas = canvas
        self._runner = runner
        self._session: PdfDocument | None = None
        self.bar = FindBar()
        self.bar.hide()
        self._serial = 0
        self._pending: tuple[int, str] | None = None
        self._hits: Hits = []
        self._current = -1
        self.bar.changed.connect(self._on_bar_changed)
        self.bar.next_requested.connect(lambda: self.step(1))
        self.bar.previous_requested.connect(lambda: self.step(-1))
        self.bar.closed.connect(self.close)

    def open(self) -> None:
        self.bar.show()
        self.bar.field.setFocus()
        self.bar.field.selectAll()

    def close(self) -> None:
        self.bar.hide()
        self._serial += 1
        self._set_hits([], -1)
        self.bar.count.clear()
        self._canvas.setFocus()

    def set_session(self, session: PdfDocument | None) -> None:
        """The document to search now. None (the view left its document): forget the hits, but
        keep the query, so that F3 searches the next one. A document: show the full-text hits
        asked for before it was open, or find the query again in it."""
        self._session = session
        if session is None:
            self._serial += 1
            self._pending = None
            self._hits, self._current = [], -1
            self.bar.count.clear()
        elif self._pending is not None:
            self.show_search_hits(*self._pending)
        elif self.bar.isVisible() and self.bar.query():
            self._on_bar_changed()

    def _on_bar_changed(self) -> None:
        query = self.bar.query()
        if not query:
            self._serial += 1
            self._set_hits([], -1)
            self.bar.count.clear()
            return
        self.find(query, self.bar.match_case.isChecked(), self.bar.whole_words.isChecked())

    def find(self, query: str, match_case: bool, whole_words: bool) -> None:
        session = self._session
        if session is None:
            return
        self._serial += 1
        serial, pages = self._serial, range(session.page_count)
        self._runner.run(
            lambda: find_all(session, pages, [query], match_case, whole_words),
            lambda hits: self._on_found(serial, hits),
            self._on_find_failed,
        )

    def show_search_hits(self, page: int, query: str) -> None:
        """Highlight the words and phrases of a full-text search on `page` and scroll there."""
        session = self._session
        if session is None:
            self._pending = (page, query)  # runs once the document is open
            return
        self._pending = None
        self._serial += 1
        serial = self._serial
        pages = range(page, page + 1) if 0 <= page < session.page_count else range(0)
        self._runner.run(
            lambda: find_all(session, pages, search_hit_terms(session, pages, query), False, False),
            lambda hits: self._on_found(serial, hits, page),
            self._on_find_failed,
        )

    def _on_find_failed(self, exc: BaseException) -> None:
        log.warning("Find failed: %s", exc)
        if self.bar.isVisible():
            self.bar.count.setText(str(exc) if isinstance(exc, LisError) else "Find failed.")

    def _on_found(self, serial: int, hits: Hits, page: int | None = None) -> None:
        if serial != self._serial:
            return
        canvas = self._canvas
        start = canvas.current_page() if page is None else page
        current = next((i for i, (p, _) in enumerate(hits) if p >= start), 0 if hits else -1)
        self._set_hits(hits, current)
        if not hits and page is not None:
            canvas.go_to_page(page)
        if page is not None and not self.bar.isVisible():  # a search result's words shown
            announce(canvas, f"{len(hits)} matches highlighted on page {page + 1}")

    def step(self, direction: int) -> None:
        if not self._hits:
            if self.bar.query():
                self._on_bar_changed()
            return
        self._set_hits(self._hits, (self._current + direction) % len(self._hits))

    def _set_hits(self, hits: Hits, current: int) -> None:
        self._hits, self._current = hits, current
        self._canvas.set_hits(hits, current)
        if self.bar.query() and self.bar.isVisible():
            total = f"{len(hits)}+" if len(hits) >= MAX_HITS else str(len(hits))
            self.bar.count.setText(f"{current + 1} of {total}" if hits else "No matches")
            page = f" on page {hits[current][0] + 1}" if 0 <= current < len(hits) else ""
            said = f"Match {current + 1} of {total}{page}" if hits else "No matches"
            announce(self.bar, said)


def find_all(
    session: PdfDocument, pages: range, terms: list[str], match_case: bool, whole_words: bool
) -> Hits:
    """Every hit of any of `terms` on `pages`, in page and reading order (worker side)."""
    hits: Hits = []
    for page in pages:
        words = session.words(page)
        found: list[tuple[Rect, ...]] = []
        for term in terms:
            found += find_in_words(words, term, match_case=match_case, whole_words=whole_words)
        if len(terms) > 1:  # several terms: top to bottom (one term is already in reading order)
            found.sort(key=lambda rects: (rects[0][1], rects[0][0]) if rects else (0.0, 0.0))
        hits += [(page, rects) for rects in found if rects]
        if len(hits) >= MAX_HITS:
            return hits[:MAX_HITS]
    return hits


def search_hit_terms(session: PdfDocument, pages: range, query: str) -> list[str]:
    """What a full-text search matched on `pages`, as written there (the index's own rules:
    stems, accents), or the query's words and phrases when that cannot be worked out."""
    from lis_desktop.search import (
        index as search,  # here, not at the top: it loads PyMuPDF, slowing start-up
    )

    phrases: list[str] = []
    for page in pages:
        text, _ = joined_text(session.words(page))
        try:
            phrases += search.hit_phrases(text, query)
        except (LisError, sqlite3.Error, ValueError) as exc:
            log.info("Search hits for %r not matched with the index rules: %s", query, exc)
    return list(dict.fromkeys(phrases)) or search_terms(query)
