"""Text selection across the pages of the viewer, in reading order (the pages' word order)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF

from lis_desktop.pdf.document import PageInfo, Word
from lis_desktop.pdf.page_text import Rect, Run, nearest_word, runs_rects, selected_text, word_rects

if TYPE_CHECKING:
    from lis_desktop.ui.viewer.canvas import PageCanvas

END = 1 << 30  # "the last word of the page", whatever its count


class Selection:
    """An anchor and a focus, each (page, word index); the words between them are selected."""

    def __init__(self, canvas: PageCanvas) -> None:
        self._canvas = canvas
        self.anchor: tuple[int, int] | None = None
        self.focus: tuple[int, int] | None = None
        self._runs: dict[int, tuple[PageInfo, Sequence[Run]]] = {}
        # page -> (word span, page info, layout, rectangles) of the last paint
        self._painted: dict[int, tuple[object, object, object, list[QRectF]]] = {}

    def clear(self) -> None:
        self.anchor = self.focus = None
        self._painted.clear()
        self._changed()

    def is_empty(self) -> bool:
        return self.anchor is None or self.focus is None

    def start(self, content: QPointF) -> None:
        self.anchor = self.focus = None
        self.anchor = self._word_at(content)
        self._changed()

    def extend(self, content: QPointF) -> None:
        if self.anchor is None:
            return
        self.focus = self._word_at(content)
        self._changed()

    def select_word(self, content: QPointF) -> None:
        self.anchor = self.focus = self._word_at(content)
        self._changed()

    def select_all(self, pages: int) -> None:
        if pages:
            self.anchor, self.focus = (0, 0), (pages - 1, END)
            self._changed()

    def _changed(self) -> None:
        self._canvas.viewport().update()
        self._canvas.selection_changed.emit()

    def bounds(self) -> tuple[tuple[int, int], tuple[int, int]] | None:
        if self.anchor is None or self.focus is None:
            return None
        first, last = sorted((self.anchor, self.focus))
        return first, last

    def pages(self) -> range:
        bounds = self.bounds()
        return range(bounds[0][0], bounds[1][0] + 1) if bounds else range(0)

    def _span(self, page: int, count: int) -> tuple[int, int] | None:
        bounds = self.bounds()
        if bounds is None or not bounds[0][0] <= page <= bounds[1][0] or count == 0:
            return None
        (first_page, first_word), (last_page, last_word) = bounds
        start = first_word if page == first_page else 0
        end = last_word if page == last_page else END
        return max(0, start), min(count - 1, end)

    def forget_pages(self) -> None:
        """A new document: drop what is known about the pages of the last one."""
        self._runs.clear()
        self.clear()

    def set_runs(self, page: int, info: PageInfo, runs: Sequence[Run]) -> None:
        """The line runs of a page's words (worked out on the worker when its text came)."""
        self._runs[page] = (info, runs)

    def rects(self, page: int) -> list[Rect]:
        """The selection on `page` in page coordinates, one rectangle per line run."""
        info = self._canvas.page_info.get(page)
        span = self._span(page, len(info.words)) if info is not None else None
        if info is None or span is None:
            return []
        known = self._runs.get(page)
        if known is not None and known[0] is info:
            return runs_rects(info.words, known[1], *span)
        return word_rects(info.words, *span)

    def content_rects(self, page: int) -> list[QRectF]:
        """The selection on `page` as content rectangles; kept until the selection, the page's
        words or the layout change, so a repaint after Select All draws few cached rectangles."""
        info = self._canvas.page_info.get(page)
        layout = self._canvas.layout_
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

    def _word_at(self, content: QPointF) -> tuple[int, int]:
        layout = self._canvas.layout_
        page = layout.page_at(content.y())
        info = self._canvas.page_info.get(page)
        if info is None:
            return page, 0
        x, y = layout.to_page(page, content)
        return page, max(0, nearest_word(info.words, x, y))
