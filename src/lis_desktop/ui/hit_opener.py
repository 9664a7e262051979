"""Opens a region's summary with a full-text query's hits highlighted on one page, as a search
hit or a theme matrix cell asks: the viewer opens documents asynchronously, so the highlighting
waits until that summary's page is on screen (and is dropped if it fails to open)."""

from __future__ import annotations

from PySide6.QtCore import QObject

from lis_desktop.ui.main_window import MainWindow


class HitOpener(QObject):
    """One pending highlight at a time: the latest request wins."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self._pending: tuple[str, int, str] | None = None  # region, page, query
        window.viewer.page_rendered.connect(self._on_viewer_page_rendered)
        window.viewer.document_failed.connect(self._on_viewer_document_failed)

    def open(self, region: str, page: int, query: str) -> None:
        """Show `region` with `query`'s hits on `page` (0-based) highlighted and scrolled to."""
        if self.window.viewer.current_key() == region:
            self._pending = None
            self.window.viewer.show_search_hits(page, query)
            return
        self._pending = (region, page, query)
        self.window.select_region(region)

    def cancel(self) -> None:
        self._pending = None

    def _on_viewer_page_rendered(self, key: str, _width: int, _height: int) -> None:
        if self._pending is not None and self._pending[0] == key:
            _region, page, query = self._pending
            self._pending = None
            self.window.viewer.show_search_hits(page, query)

    def _on_viewer_document_failed(self, key: str, _message: str) -> None:
        if self._pending is not None and self._pending[0] == key:
            self._pending = None
