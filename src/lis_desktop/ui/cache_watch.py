"""Notices when another program (the CLI, a second window) changes the offline cache the window
shows, and says so once things settle: `cache_changed`, debounced.

QFileSystemWatcher watches the cache folder (for the database appearing), the `summaries/`
folder (a PDF imported or downloaded) and the database with its WAL (every write lands there).
What the watched paths look like (names, sizes, times) is compared before saying anything, so
changes to other files in the folder (the search index) never cause a refresh."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

log = logging.getLogger(__name__)

DEBOUNCE_MS = 400  # a sync writes many times a second: one refresh once it pauses
DB_FILES = ("lis.sqlite3", "lis.sqlite3-wal")
PDF_DIR = "summaries"

Signature = tuple[tuple[str, int, int], ...]


class CacheWatcher(QObject):
    """Watches the offline cache at `root`; `cache_changed` after something changed in it."""

    cache_changed = Signal()

    def __init__(self, root: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.root = root
        self._watcher = QFileSystemWatcher(self)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._seen = self.signature()
        self._connect()
        self._watch()

    def _connect(self) -> None:
        self._watcher.directoryChanged.connect(self._on_watcher_changed)
        self._watcher.fileChanged.connect(self._on_watcher_changed)
        self._timer.timeout.connect(self._on_timer_timeout)

    def signature(self) -> Signature:
        """Name, size and modification time of the database files and of each summary."""
        entries: list[tuple[str, int, int]] = []
        for path in [self.root / name for name in DB_FILES] + self._summaries():
            try:
                info = path.stat()
            except OSError:
                continue
            entries.append((path.name, info.st_size, info.st_mtime_ns))
        return tuple(entries)

    def _summaries(self) -> list[Path]:
        try:
            return sorted(Path(e.path) for e in os.scandir(self.root / PDF_DIR))
        except OSError:
            return []

    def _watch(self) -> None:
        """(Re)add the paths that exist: a file replaced by a rename drops off the watch."""
        wanted = [self.root, self.root / PDF_DIR, *(self.root / name for name in DB_FILES)]
        present = set(self._watcher.files()) | set(self._watcher.directories())
        missing = [str(p) for p in wanted if str(p) not in present and p.exists()]
        if missing:
            self._watcher.addPaths(missing)

    def _on_watcher_changed(self, _path: str) -> None:
        self._watch()
        self._timer.start()  # restarted by every change: fires once things are quiet

    def _on_timer_timeout(self) -> None:
        now = self.signature()
        if now != self._seen:
            self._seen = now
            log.info("The offline cache changed on disk; refreshing")
            self.cache_changed.emit()
