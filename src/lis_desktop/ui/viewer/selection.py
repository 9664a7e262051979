"""Text selection across the pages of the viewer, in reading order (the pages' word order).

The selection knows the words of the pages it has been told about (`set_page`) and works in page
points; whoever shows it maps the pointer to a page point first and asks for the rectangles to
paint in a given page layout. It says when it changed (`changed`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import QObject, QRectF, Signal

from lis_desktop.pdf.document import PageInfo, Word
from lis_desktop.pdf.page_text import (
    Rect,
    Run,
    nearest_word,
    runs_rects,
    selected_text,
    word_rects,
)
from lis_desktop.ui.viewer.layout import PageLayout

END = 1 << 30  # "the last word of the page", whatever its count
Spot = tuple[int, float, float]  # page index and a point on it (PDF points)


class Selection(QObject):
    """An anchor and a focus, each (page, word index); the words between them are selected."""

    changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.anchor: tuple[int, int] | None = None
        self.focus: tuple[int, int] | None = None
        self._pages: dict[int, tuple[PageInfo, Sequence[Run] | None]] = {}
        # page -> (word span, page info, layout, rectangles) of the last paint
        self._painted: dict[int, tuple[object, object, object, list[QRectF]]] = {}

    # --- what it knows of the pages -----------------------------------------------------------

    def set_page(self, page: int, info: PageInfo, runs: Sequence[Run] | None = None) -> None:
        """The words of `page` (and their line runs, worked out on the worker, when known)."""
        self._pages[page] = (info, runs)

    def forget_pages(self) -> None:
        """A new document: drop what is known about the pages of the last one."""
        self._pages.clear()
        self.clear()

    # --- changing it --------------------------------------------------------------------------

    def clear(self) -> None:
        self.anchor = self.focus = None
        self._painted.clear()
        self.changed.emit()

    def start(self, spot: Spot) -> None:
        self.anchor = self.focus = None
        self.anchor = self._word_at(spot)
        self.changed.emit()

    def extend(self, spot: Spot) -> None:
        if self.anchor is None:
            return
        self.focus = self._word_at(spot)
        self.changed.emit()

    def select_word(self, spot: Spot) -> None:
        self.anchor = self.focus = self._word_at(spot)
        self.changed.emit()

    def select_all(self, pages: int) -> None:
        if pages:
            self.anchor, self.focus = (0, 0), (pages - 1, END)
            self.changed.emit()

    # --- reading it ---------------------------------------------------------------------------

    def is_empty(self) -> bool:
        return self.anchor is None or self.focus is None

    def bounds(self) -> tuple[tuple[int, int], tuple[int, int]] | None:
        if self.anchor is None or self.focus is None:
            return None
        first, last = sorted((self.anchor, self.focus))
        return first, last

    def pages(self) -> range:
        bounds = self.bounds()
        return range(bounds[0][0], bounds[1][0] + 1) if bounds else range(0)

    def words(self, page: int) -> tuple[Word, ...] | None:
        """The words of `page`, if known."""
        known = self._pages.get(page)
        return known[0].words if known is not None else None

    def rects(self, page: int) -> list[Rect]:
        """The selection on `page` in page coordinates, one rectangle per line run."""
        known = self._pages.get(page)
        if known is None:
            return []
        info, runs = known
        span = self._span(page, len(info.words))
        if span is None:
            return []
        if runs is not None:
            return runs_rects(info.words, runs, *span)
        return word_rects(info.words, *span)

    def content_rects(self, page: int, layout: PageLayout) -> list[QRectF]:
        """The selection on `page` as content rectangles of `layout`; kept until the selection,
        the page's words or the layout change, so a repaint after Select All draws few cached
        rectangles."""
        known = self._pages.get(page)
        info = known[0] if known is not None else None
        span = self._span(page, len(info.words)) if info is not None else None
        cached = self._painted.get(page)
        if cached is not None and cached[0] == span and cached[1] is info and cached[2] is layout:
            return cached[3]
        rects = [layout.rect_from_page(page, box) for box in self.rects(page)]
        self._painted[page] = (span, info, layout, rects)
        return rects

    def text(self, words_by_page: Mapping[int, Sequence[Word]]) -> str:
        """The selected plain text in reading order; pages separated by a blank line."""
        parts = []
        for page in self.pages():
            words = words_by_page.get(page, ())
            span = self._span(page, len(words))
            if span:
                parts.append(selected_text(words, *span))
        return "\n\n".join(part for part in parts if part)

    def _span(self, page: int, count: int) -> tuple[int, int] | None:
        bounds = self.bounds()
        if bounds is None or not bounds[0][0] <= page <= bounds[1][0] or count == 0:
            return None
        (first_page, first_word), (last_page, last_word) = bounds
        start = first_word if page == first_page else 0
        end = last_word if page == last_page else END
        return max(0, start), min(count - 1, end)

    def _word_at(self, spot: Spot) -> tuple[int, int]:
        page, x, y = spot
        known = self._pages.get(page)
        if known is None:
            return page, 0
        return page, max(0, nearest_word(known[0].words, x, y))
