"""Shared and unique words, on request: both documents' words read on the viewers' lane,
compared off the GUI thread (`search.compare`), and marked on each viewer's pages: a word both
summaries use is shaded sky blue, a word only one of them uses is underlined in vermilion (two
shapes as well as two colours of the Okabe–Ito palette, which colour-blind readers tell apart;
the user's own highlights are filled, never an underline alone)."""

from __future__ import annotations

import functools
import logging
from collections.abc import Sequence

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QColor

from lis_desktop.pdf.page_text import Rect, Word
from lis_desktop.search.compare import SideMarks, WordComparison, compare_pages
from lis_desktop.tasks import Runner
from lis_desktop.ui.viewer.canvas import Mark
from lis_desktop.ui.viewer.view import PdfView

log = logging.getLogger(__name__)

LAYER = "compare-words"
SHARED_COLOUR = QColor(86, 180, 233, 110)  # sky blue, a shade over the word
UNIQUE_COLOUR = QColor(213, 94, 0, 235)  # vermilion, a bar under the word
UNDERLINE = 0.22  # of the word's height


def underline(box: Rect) -> Rect:
    """A bar along the bottom of a word's box."""
    x0, y0, x1, y1 = box
    height = y1 - y0
    return x0, y1 - height * UNDERLINE, x1, y1 + height * 0.04


def marks_for(side: SideMarks) -> list[Mark]:
    marks = [Mark(page, boxes, SHARED_COLOUR) for page, boxes in sorted(side.shared.items())]
    marks += [
        Mark(page, tuple(underline(b) for b in boxes), UNIQUE_COLOUR)
        for page, boxes in sorted(side.unique.items())
    ]
    return marks


class WordMarks(QObject):
    """Marks the words two viewers' documents share and those only one has, while enabled;
    `compared` says what was found (None: nothing to show, or not known yet)."""

    compared = Signal(object)  # WordComparison | None
    failed = Signal(str)  # a message for the status bar

    def __init__(
        self, first: PdfView, second: PdfView, runner: Runner, parent: QObject | None = None
    ) -> None:
        """`runner` compares (the viewers' lane only reads the words)."""
        super().__init__(parent)
        self.views = (first, second)
        self.runner = runner
        self.enabled = False
        self.result: WordComparison | None = None
        self._serial = 0
        self._words: list[dict[int, tuple[Word, ...]] | None] = [None, None]
        self._docs = ("", "")

    def set_enabled(self, on: bool) -> None:
        self.enabled = on
        self.refresh()

    def refresh(self) -> None:
        """Mark anew (the documents changed, or the highlight was turned on or off)."""
        self._serial += 1
        self._words = [None, None]
        self.result = None
        for view in self.views:
            view.canvas.set_marks(LAYER, ())
        self.compared.emit(None)
        sessions = [view.session for view in self.views]
        if not self.enabled or any(session is None for session in sessions):
            return  # documents still opening: their document_opened brings us back
        self._docs = (self.views[0].canvas.doc, self.views[1].canvas.doc)
        for index, (view, session) in enumerate(zip(self.views, sessions, strict=True)):
            assert session is not None
            view.run_job(
                functools.partial(session.all_words, list(range(session.page_count))),
                functools.partial(self._on_words, self._serial, index),
                self._on_failed,
            )

    def _on_words(self, serial: int, index: int, words: dict[int, tuple[Word, ...]]) -> None:
        if serial != self._serial:
            return
        self._words[index] = words
        first, second = self._words
        if first is None or second is None:
            return
        self.runner.run(
            lambda: compare_pages(first, second),
            lambda result: self._on_compared(serial, result),
            self._on_failed,
        )

    def _on_compared(self, serial: int, result: WordComparison) -> None:
        docs = (self.views[0].canvas.doc, self.views[1].canvas.doc)
        if serial != self._serial or docs != self._docs:
            return
        self.result = result
        for view, side in zip(self.views, (result.first, result.second), strict=True):
            view.canvas.set_marks(LAYER, marks_for(side))
        self.compared.emit(result)

    def _on_failed(self, exc: BaseException) -> None:
        log.warning("Comparing the words failed: %s", exc)
        self.failed.emit("The words of the two summaries could not be compared.")


def word_list(words: Sequence[str], limit: int = 40) -> str:
    """'wind, offshore, ceramics, … (12 more)' for a tooltip."""
    shown = ", ".join(words[:limit])
    more = len(words) - limit
    return f"{shown}, … ({more} more)" if more > 0 else shown
