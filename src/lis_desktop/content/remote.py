"""What the last sync learnt from GOV.UK, kept in the offline cache's database: each region's
attachment as GOV.UK lists it (URL, validators, status, last error), the synced copy of the
story, and the sync lock. `cache.Cache` holds one as `cache.remote`, over its own database; this
module owns its tables (`TABLES`, the cache's second migration)."""

from __future__ import annotations

import contextlib
import dataclasses
import os
import sqlite3
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from lis_desktop.content.database import Database
from lis_desktop.errors import CacheError, SyncBusyError

TABLES = """
    CREATE TABLE attachments (
        region TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        url TEXT,
        etag TEXT,
        last_modified TEXT,
        sha256 TEXT,
        size INTEGER,
        pages INTEGER,
        fetched_at REAL,
        checked_at REAL,
        status TEXT NOT NULL,            -- a Remote value
        last_error TEXT,
        error_at REAL
    );
    CREATE TABLE publication_copy (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        json TEXT NOT NULL,
        etag TEXT,
        last_modified TEXT,
        fetched_at REAL NOT NULL
    );
"""
LOCK_NAME = "sync.lock"


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


class RemoteState:
    """The sync's tables in the cache database `db`, and the sync lock in the folder `root`."""

    def __init__(self, db: Database, root: Path) -> None:
        self._db = db
        self._root = root

    def attachment_states(self) -> dict[str, AttachmentState]:
        rows = self._db.query("SELECT * FROM attachments")
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
        self._db.write_many(sql, rows)

    def synced_publication(self) -> tuple[str, str | None, str | None] | None:
        """(json, etag, last_modified) of the story as last synced, or None."""
        rows = self._db.query("SELECT json, etag, last_modified FROM publication_copy")
        return (str(rows[0][0]), rows[0][1], rows[0][2]) if rows else None

    def save_publication(self, text: str, etag: str | None, last_modified: str | None) -> None:
        self._db.write(
            "INSERT OR REPLACE INTO publication_copy VALUES (1, ?, ?, ?, ?)",
            (text, etag, last_modified, time.time()),
        )

    @contextlib.contextmanager
    def sync_lock(self) -> Iterator[None]:
        """Hold the cache's sync lock (an OS file lock, released even if the process dies)."""
        try:
            self._root.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise CacheError(
                f"The offline cache folder '{self._root}' cannot be made: {exc}."
            ) from exc
        if not os.access(self._root, os.W_OK):
            raise CacheError(f"The offline cache folder '{self._root}' is read-only.")
        try:
            lock = sqlite3.connect(self._root / LOCK_NAME, timeout=0, isolation_level=None)
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
