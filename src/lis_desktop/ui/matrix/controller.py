"""Computes the theme matrix from the search index off the GUI thread: again whenever the index
changes (a sync or an import brings summaries in) or the columns do; one pass at a time, the
latest request wins, and a result for columns no longer shown is dropped."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Collection, Sequence

from PySide6.QtCore import QObject, Signal

from lis_desktop.errors import LisError
from lis_desktop.search.index import SearchIndex
from lis_desktop.search.matrix import Column, Matrix, compute_matrix
from lis_desktop.tasks import Runner

log = logging.getLogger(__name__)


class MatrixController(QObject):
    """Owns the columns and the latest matrix; `matrix_changed(Matrix)` when counts arrive."""

    matrix_changed = Signal(object)  # Matrix
    failed = Signal(str)  # a message to show (the index cannot be read, ...)

    def __init__(
        self,
        index: SearchIndex,
        runner: Runner,
        columns: Sequence[Column],
        offline: Callable[[], Collection[str]],
        parent: QObject | None = None,
    ) -> None:
        """`offline` says which regions the cache holds right now (read on the GUI thread)."""
        super().__init__(parent)
        self.index = index
        self._runner = runner
        self._columns = tuple(columns)
        self._offline = offline
        self._matrix: Matrix | None = None
        self._running = False
        self._again = False
        self._stopped = threading.Event()

    @property
    def columns(self) -> tuple[Column, ...]:
        return self._columns

    @property
    def matrix(self) -> Matrix | None:
        """The latest counts, for the current columns (None until the first pass is done)."""
        return self._matrix

    @property
    def busy(self) -> bool:
        return self._running

    def set_columns(self, columns: Sequence[Column]) -> None:
        if tuple(columns) != self._columns:
            self._columns = tuple(columns)
            self.refresh()

    def refresh(self) -> None:
        """Count again (coalesced: while a pass runs, one more is queued)."""
        if self._stopped.is_set():
            return
        if self._running:
            self._again = True
            return
        self._running, self._again = True, False
        columns, offline = self._columns, frozenset(self._offline())
        self._runner.run(
            lambda: compute_matrix(self.index, columns, offline=offline),
            self._on_done,
            self._on_failed,
        )

    def _on_done(self, matrix: Matrix) -> None:
        self._running = False
        if self._again or matrix.columns != self._columns:
            self.refresh()
            if matrix.columns != self._columns:
                return
        self._matrix = matrix
        self.matrix_changed.emit(matrix)

    def _on_failed(self, exc: BaseException) -> None:
        self._running = False
        if not isinstance(exc, LisError):
            raise exc
        log.warning("The theme matrix could not be counted: %s", exc)
        self.failed.emit(str(exc))
        if self._again:
            self.refresh()

    def shutdown(self) -> None:
        """No more passes (the window is closing); the caller waits for the runner."""
        self._stopped.set()
