"""Runs the search panel: indexing passes and queries go through a Runner (never the GUI
thread); results come back to the panel, and the regions with hits to whoever narrows the tree."""

from __future__ import annotations

import logging
import threading
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from lis_desktop.content.cache import Cache
from lis_desktop.errors import LisError
from lis_desktop.search.index import IndexReport, SearchIndex, sources_from_cache, update_index
from lis_desktop.search.notes import search_notes
from lis_desktop.search.query import Facets, SearchResult, describe_result
from lis_desktop.search.text import Extract
from lis_desktop.tasks import Runner
from lis_desktop.ui.search.panel import SearchPanel

log = logging.getLogger(__name__)


class SearchController(QObject):
    """Owns the search index for the GUI; one indexing pass at a time, latest query wins."""

    hits_changed = Signal(object)  # frozenset of region ids with hits, or None: show all regions
    result_activated = Signal(str, int, str)  # region id, page index, query
    indexing_changed = Signal(int, int)  # summaries indexed so far in this pass, to do (0, 0: idle)
    index_updated = Signal(object)  # the IndexReport of a pass that ended
    _progressed = Signal(int, int)  # from the worker thread; queued to the GUI thread

    def __init__(
        self,
        panel: SearchPanel,
        index: SearchIndex,
        cache_root: Path,
        runner: Runner,
        extract: Extract | None = None,
    ) -> None:
        """`extract` reads a summary's page text for the index: the app's reads it with its
        PDF engine (`search.text.engine_extractor`); None reads it with PyMuPDF here."""
        super().__init__(panel)
        self.panel = panel
        self.index = index
        self._cache_root = cache_root
        self._runner = runner
        self._extract = extract
        self._serial = 0
        self._last: tuple[str, Facets] | None = None  # the query on show, re-run as the index grows
        self._indexing = False
        self._again = False
        self._stop = threading.Event()
        self._refresh = QTimer(self, singleShot=True, interval=300)
        self._refresh.timeout.connect(self._on_refresh_timeout)
        panel.search_requested.connect(self._on_panel_search_requested)
        panel.result_activated.connect(self._on_panel_result_activated)
        self._progressed.connect(self._on_worker_progressed)

    @property
    def indexing(self) -> bool:
        return self._indexing

    # -- indexing ------------------------------------------------------------------------------
    def update_index(self) -> None:
        """Summaries arrived or went away: bring the index up to date in the background."""
        if self._stop.is_set():
            return  # shut down: the window is closing, its worker lane is being drained
        if self._indexing:
            self._again = True
            return
        self._indexing, self._again = True, False
        self._runner.run(self._index_job, self._on_index_done, self._on_index_failed)

    def _index_job(self) -> IndexReport:
        cache = Cache(self._cache_root)  # its own connection: this runs on a worker thread
        try:
            sources = sources_from_cache(cache)
        finally:
            cache.close()
        return update_index(
            self.index,
            sources,
            lambda done, total, _region: self._progressed.emit(done, total),
            self._stop.is_set,
            self._extract,
        )

    def _on_worker_progressed(self, done: int, total: int) -> None:
        self.indexing_changed.emit(done, total)
        if done and self._last is not None:
            self._refresh.start()  # results grow while the index fills

    def _on_index_done(self, report: IndexReport) -> None:
        self._indexing = False
        for region, error in report.failed.items():
            log.warning("Summary %s could not be indexed: %s", region, error)
        self.indexing_changed.emit(0, 0)
        self.index_updated.emit(report)
        if self._again and not self._stop.is_set():
            self.update_index()
        elif report.indexed or report.removed:
            self._on_refresh_timeout()

    def _on_index_failed(self, exc: BaseException) -> None:
        self._indexing = False
        self.indexing_changed.emit(0, 0)
        if not isinstance(exc, LisError):
            raise exc
        self.panel.show_message(f"The search index could not be updated: {exc}")

    # -- searching -----------------------------------------------------------------------------
    def search(self, query: str, facets: Facets | None = None) -> None:
        self._serial += 1
        serial, facets = self._serial, facets or Facets()
        self._last = (query, facets) if query.strip() else None
        if self._last is None:
            self.panel.show_message("")
            self.hits_changed.emit(None)
            return
        self._runner.run(
            lambda: self._search_job(query, facets),
            lambda result: self._on_search_done(serial, result),
            lambda exc: self._on_search_failed(serial, exc),
        )

    def _search_job(self, query: str, facets: Facets) -> SearchResult:
        """The summaries' pages that match, and the user's notes that do (on the worker)."""
        result = self.index.search(query, facets)
        cache = Cache(self._cache_root)  # its own connection: this runs on a worker thread
        try:
            notes = cache.notes.list() if cache.exists() else []
        except LisError as exc:
            log.warning("Notes not searched: %s", exc)
            notes = []
        finally:
            cache.close()
        allowed = {r.id for r in self.index.regions if facets.matches(r)}
        titles = {r.id: r.title for r in self.index.regions}
        return replace(result, notes=search_notes(notes, query, allowed, titles))

    def _on_search_done(self, serial: int, result: SearchResult) -> None:
        if serial != self._serial:
            return  # a newer query is on its way
        status = describe_result(result)
        if self._indexing and result.complete:
            status += " Updating the index…"
        self.panel.show_result(result, status)
        regions = {group.region for group in result.regions} | {n.region for n in result.notes}
        self.hits_changed.emit(frozenset(regions))
        if (not result.complete or self.index.needs_update) and not self._indexing:
            self.update_index()  # e.g. the index was deleted or damaged and rebuilt empty

    def _on_search_failed(self, serial: int, exc: BaseException) -> None:
        if serial != self._serial:
            return
        if not isinstance(exc, LisError):
            raise exc
        self.panel.show_message(str(exc))
        self.hits_changed.emit(frozenset())

    def _on_refresh_timeout(self) -> None:
        if self._last is not None:
            self.search(*self._last)

    def _on_panel_search_requested(self, query: str, facets: object) -> None:
        assert isinstance(facets, Facets)
        self.search(query, facets)

    def _on_panel_result_activated(self, region: str, page: int) -> None:
        self.result_activated.emit(region, page, self.panel.query())

    def leave(self) -> None:
        """Search mode closed: stop narrowing the tree (the index keeps its work)."""
        self._serial += 1
        self._last = None
        self.hits_changed.emit(None)

    def shutdown(self) -> None:
        """Stop an indexing pass at the next summary; the caller waits for its runner."""
        self._stop.set()
        self._refresh.stop()
