"""Runs `sync.sync` off the GUI thread (through the task runner) and relays what happens as
signals; it never touches a widget. The worker uses its own cache connection and HTTP client."""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Iterable, Sequence
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from lis_desktop.content import origins
from lis_desktop.content.cache import Cache
from lis_desktop.content.sync_report import SyncProgress, SyncReport
from lis_desktop.domain import Region
from lis_desktop.errors import LisError
from lis_desktop.tasks import Runner

log = logging.getLogger(__name__)


class SyncController(QObject):
    """One sync at a time: `start()`, `cancel()`; results arrive as signals on the GUI thread."""

    sync_started = Signal()
    sync_progressed = Signal(object)  # SyncProgress
    sync_finished = Signal(object)  # SyncReport
    sync_failed = Signal(str)  # an expected problem, e.g. another sync is running

    def __init__(
        self,
        cache_root: Path,
        regions: Sequence[Region],
        runner: Runner,
        *,
        api_url: str = origins.API_URL,
        client_options: origins.ClientOptions | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._root = cache_root
        self._regions = tuple(regions)
        self._runner = runner
        self._api_url = api_url
        self._client_options = client_options or origins.ClientOptions()
        self._cancel = threading.Event()
        self._running = False

    def is_running(self) -> bool:
        return self._running

    def start(self, only: Iterable[str] | None = None) -> bool:
        """Start a sync (of every summary, or just `only`); False when one is running."""
        if self._running:
            return False
        self._running = True
        self._cancel = threading.Event()
        chosen = None if only is None else frozenset(only)
        cancel = self._cancel
        self.sync_started.emit()
        self._runner.run(
            lambda: self._work(chosen, cancel), self._on_work_done, self._on_work_failed
        )
        return True

    def cancel(self) -> None:
        self._cancel.set()

    def _work(self, only: frozenset[str] | None, cancel: threading.Event) -> SyncReport:
        """Runs on a worker thread: only plain objects and signal emission from here. The
        client (httpx) is loaded here, by the first sync, not when the window starts."""
        from lis_desktop.content import govuk
        from lis_desktop.content.sync import SyncOptions, sync

        options = SyncOptions(api_url=self._api_url, only=only)
        cache = Cache(self._root)
        try:
            with govuk.GovukClient(self._client_options) as client:
                return sync(client, cache, self._regions, self._relay, cancel.is_set, options)
        finally:
            cache.close()

    def _relay(self, progress: SyncProgress) -> None:
        self.sync_progressed.emit(progress)  # queued to the GUI thread's receivers

    def _on_work_done(self, report: SyncReport) -> None:
        self._running = False
        log.info("Sync: %s", report.message)
        self.sync_finished.emit(report)

    def _on_work_failed(self, exc: BaseException) -> None:
        self._running = False
        if isinstance(exc, LisError):
            log.warning("Sync failed: %s", exc)
            self.sync_failed.emit(str(exc))
            return
        self.sync_failed.emit(f"Sync failed unexpectedly: {exc}")
        sys.excepthook(type(exc), exc, exc.__traceback__)
