"""The words and links of pages as they come into view, loaded on the viewer's worker from the
open document, with the line runs a selection of the words is painted as."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from lis_desktop.pdf.api import PdfDocument
from lis_desktop.pdf.document import PageInfo
from lis_desktop.pdf.page_text import Run, line_runs
from lis_desktop.tasks import Runner

log = logging.getLogger(__name__)


def _text_and_links(session: PdfDocument, page: int) -> tuple[PageInfo, list[Run]]:
    info = session.page_info(page)
    return info, line_runs(info.words)


class PageData(QObject):
    """Loads pages' words and links for the document open now (`set_session`)."""

    loaded = Signal(int, object, object)  # page index, PageInfo, [Run]

    def __init__(self, runner: Runner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self._session: PdfDocument | None = None
        self._pending: set[int] = set()

    def set_session(self, session: PdfDocument | None) -> None:
        """The document whose pages to load (None: none; what is on its way is dropped)."""
        self._session = session
        self._pending.clear()

    def load(self, page: int) -> None:
        session = self._session
        if session is None or page in self._pending:
            return
        self._pending.add(page)

        def loaded(result: tuple[PageInfo, list[Run]]) -> None:
            if self._session is session:
                self.loaded.emit(page, *result)

        self._runner.run(lambda: _text_and_links(session, page), loaded, self._failed(page))

    def _failed(self, page: int) -> Callable[[BaseException], None]:
        def failed(exc: BaseException) -> None:
            log.warning("No text or links for page %d: %s", page + 1, exc)

        return failed
