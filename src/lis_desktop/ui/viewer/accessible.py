"""The page area for screen readers: the canvas is a document whose text is the current page's
words in reading order (a space between words, a new line between lines), so a screen reader
reads it by character, word and line and follows the reading on screen; the page shown, the
document's title and page changes are told as they happen.

`PagesAccessible` is the canvas's accessible interface (Qt asks for it); `PageSpeech` is the
viewer's part that tells assistive technology what changed (the view calls it)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QObject, QPoint, QPointF, QRect
from PySide6.QtGui import QAccessible, QAccessibleTextUpdateEvent

from lis_desktop.pdf.document import Word
from lis_desktop.pdf.page_text import character_box, joined_text, offset_at
from lis_desktop.ui.accessibility import text
from lis_desktop.ui.accessibility.announce import announce
from lis_desktop.ui.viewer.canvas import PageCanvas

DEFAULT_NAME = "Pages"


class PageText:
    """The text of one page of one document (and where each word's characters are)."""

    def __init__(self, doc: str, page: int, words: Sequence[Word] | None) -> None:
        self.doc, self.page = doc, page
        self.words: Sequence[Word] = words or ()
        self.known = words is not None
        self.text, self.spans = joined_text(self.words)


class PagesAccessible(text.TextAccessible):
    """The canvas: a document (role), named by its title, described by the page shown, whose
    text is that page's words (an empty text until they are loaded, asked for at once)."""

    def __init__(self, canvas: QObject) -> None:
        assert isinstance(canvas, PageCanvas)
        super().__init__(canvas, QAccessible.Role.Document)
        self._canvas = canvas
        self._page: PageText | None = None

    def page_text(self) -> PageText:
        canvas = self._canvas
        page = canvas.current_page() if canvas.sizes else -1
        info = canvas.page_info.get(page)
        words = info.words if info is not None else None
        cached = self._page
        if (
            cached is None
            or (cached.doc, cached.page) != (canvas.doc, page)
            or (words is not None and cached.words is not words)
        ):
            cached = self._page = PageText(canvas.doc, page, words)
            if words is None and page >= 0:
                canvas.request_page_data(page)
        return cached

    def plain_text(self) -> str:
        return self.page_text().text

    def describe(self, kind: QAccessible.Text) -> str:
        if kind == QAccessible.Text.Name:
            return self._canvas.accessibleName() or DEFAULT_NAME
        return super().describe(kind)

    def character_rect(self, offset: int) -> QRect:
        page = self.page_text()
        box = character_box(page.words, page.spans, offset)
        if box is None:
            return QRect()
        rect = self._canvas.viewport_rect(page.page, box).toAlignedRect()
        return QRect(self._canvas.viewport().mapToGlobal(rect.topLeft()), rect.size())

    def offset_at(self, point: QPoint) -> int:
        page = self.page_text()
        local = QPointF(self._canvas.viewport().mapFromGlobal(point))
        spot_page, x, y = self._canvas.spot_at(local)
        if spot_page != page.page:
            return -1
        return offset_at(page.words, page.spans, x, y)

    def show_range(self, start: int, end: int) -> None:
        page = self.page_text()
        box = character_box(page.words, page.spans, start)
        if box is not None:
            self._canvas.scroll_to_rect(page.page, box)


class PageSpeech(QObject):
    """Tells assistive technology about the pages: their title (the canvas's name), the page
    shown (its description, announced when the reader moves to another page), and the text
    when it changes (another page, or its words arriving)."""

    def __init__(self, canvas: PageCanvas, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._canvas = canvas
        self._told = ""  # the text assistive technology was last told of
        self._page = (-1, -1)
        text.register(PageCanvas, PagesAccessible)

    def _interface(self) -> PagesAccessible | None:
        iface = QAccessible.queryAccessibleInterface(self._canvas)
        return iface if isinstance(iface, PagesAccessible) else None

    def set_title(self, title: str) -> None:
        self._canvas.setAccessibleName(title or DEFAULT_NAME)
        self._page = (-1, -1)

    def show_page(self, current: int, count: int) -> None:
        """Page `current` (1-based) of `count` is the one shown now."""
        if (current, count) == self._page:
            return
        first = self._page[1] != count or self._page[0] < 0
        self._page = (current, count)
        words = "page" if count == 1 else "pages"
        description = f"Page {current} of {count}" if count else ""
        self._canvas.setAccessibleDescription(description)
        self.text_changed()
        if self._canvas.hasFocus() and count:
            title = self._canvas.accessibleName()
            message = f"{title}, {count} {words}" if first else description
            announce(self._canvas, message)

    def text_changed(self) -> None:
        """The page's text may be another now: tell it (nothing when it is the same)."""
        iface = self._interface()
        if iface is None:
            return
        new = iface.plain_text()
        if new == self._told:
            return
        old, self._told = self._told, new
        iface.reset_caret()
        QAccessible.updateAccessibility(QAccessibleTextUpdateEvent(self._canvas, 0, old, new))

    def page_data_arrived(self, page: int) -> None:
        if page == self._canvas.current_page():
            self.text_changed()
