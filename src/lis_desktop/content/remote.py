"""The sync side of the offline store (a mixin of `cache.Cache`): what GOV.UK last said about
each region's attachment, the synced copy of the story, the sync lock, and the clean-up after an
interrupted sync. The tables live in `cache.MIGRATIONS` like every other part of the schema."""

from __future__ import annotations

import contextlib
import dataclasses
import sqlite3
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from lis_desktop.errors import CacheError, SyncBusyError

if TYPE_CHECKING:
    from lis_desktop.content.cache import SummaryRecord


class Remote(StrEnum):
    """What the last sync learnt about a region's attachment on GOV.UK."""

    CURRENT = "current"  # the offline copy is what GOV.UK serves
    FAILED = "failed"  # the last check or download failed (see last_error)
    UPDATE_AVAILABLE = "update_available"  # GOV.UK has a newer file that is not here yet
    REMOVED = "removed"  # GOV.UK no longer lists it; the offline copy is kept


@dataclass(frozen=True)
class AttachmentState:
    region: str
    title: str
    url: str | None
    etag: str | None
    last_modified: str | None
    sha256: str | None
    size: int | None
    pages: int | None
    fetched_at: float | None
    checked_at: float | None
    status: Remote
    last_error: str | None
    error_at: float | None


class SyncStore:
    """Mixed into Cache, whose connection, helpers and records it uses."""

    root: Path
    pdf_dir: Path

    if TYPE_CHECKING:

        @property
        def db(self) -> sqlite3.Connection: ...

        def records(self) -> dict[str, SummaryRecord]: ...

        def _query(self, sql: str, params: tuple[object, ...]) -> list[sqlite3.Row]: ...

        def _write(self, sql: str, params: tuple[object, ...]) -> None: ...

        def _ensure_writable(self) -> None: ...

    def attachment_states(self) -> dict[str, AttachmentState]:
        rows = self._query("SELECT * FROM attachments", ())
        return {
            r["region"]: AttachmentState(**{**dict(r), "status": Remote(r["status"])}) for r in rows
        }

    def save_attachment_states(self, states: Iterable[AttachmentState]) -> None:
        """Store what a sync learnt, all in one transaction."""
        names = [f.name for f in dataclasses.fields(AttachmentState)]
        rows = [
            tuple(s.status.value if n == "status" else getattr(s, n) for n in names) for s in states
        ]
        sql = (
            f"INSERT OR REPLACE INTO attachments ({', '.join(names)}) "
            f"VALUES ({', '.join('?' for _ in names)})"
        )
        try:
            with self.db:
                self.db.executemany(sql, rows)
        except sqlite3.Error as exc:
            raise CacheError(f"The offline cache database cannot be written: {exc}.") from exc

    def synced_publication(self) -> tuple[str, str | None, str | None] | None:
        """(json, etag, last_modified) of the story as last synced, or None."""
        rows = self._query("SELECT json, etag, last_modified FROM publication_copy", ())
        return (str(rows[0][0]), rows[0][1], rows[0][2]) if rows else None

    def save_publication(self, text: str, etag: str | None, last_modified: str | None) -> None:
        self._write(
            "INSERT OR REPLACE INTO publication_copy VALUES (1, ?, ?, ?, ?)",
            (text, etag, last_modified, time.time()),
        )

    def remove_stale_downloads(self) -> int:
        """Delete what an interrupted sync left: its temporary files and unreferenced copies.

        Only call it while holding `sync_lock()` (no other sync is writing then).
        """
        referenced = {rec.filename for rec in self.records().values()}
        removed = 0
        for path in self.pdf_dir.glob("*"):
            stale = path.name.startswith(".dl-") and path.name.endswith(".part")
            orphan = path.suffix == ".pdf" and path.stem.count(".") == 1
            if stale or (orphan and path.name not in referenced):
                with contextlib.suppress(OSError):
                    path.unlink()
                    removed += 1
        return removed

    @contextlib.contextmanager
    def sync_lock(self) -> Iterator[None]:
        """Hold the cache's sync lock (an OS file lock, released even if the process dies)."""
        self._ensure_writable()
        try:
            lock = sqlite3.connect(self.root / "sync.lock", timeout=0, isolation_level=None)
        except sqlite3.Error as exc:
            raise CacheError(f"The offline cache cannot be locked: {exc}.") from exc
        try:
            try:
                lock.execute("BEGIN EXCLUSIVE")
            except sqlite3.OperationalError as exc:
                raise SyncBusyError(
                    "Another sync of this offline cache is running; wait for it to finish."
                ) from exc
            yield
        finally:
            lock.close()
