"""The offline store: summary PDFs plus a SQLite database, the one place that knows the layout.

Layout under the cache root:
    lis.sqlite3          schema-versioned database (`database`; this module's tables,
                         `remote`'s and `notes`', migrations below)
    summaries/<id>.pdf   the current good copy of each region's summary (an imported one;
                         a synced one is <id>.<sha256 prefix>.pdf, see adopt_download)
    sync.lock            held (an OS lock) while a sync runs
    search.sqlite3       the full-text search index (search.py; its own schema version, rebuilt
                         from the summaries whenever it is missing, outdated or damaged)
Every file enters through a temporary file in the same folder and os.replace: a file that
fails verification never replaces a good one. What the last sync learnt from GOV.UK, the synced
story and the sync lock are `Cache.remote` (a `remote.RemoteState` over the same database); the
user's highlights and notes are `Cache.notes` (a `notes.NotesStore`, never touched by a sync).
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import sqlite3
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from lis_desktop.atomic import atomic_copy
from lis_desktop.content import notes, remote
from lis_desktop.content.database import Database
from lis_desktop.content.notes import NotesStore
from lis_desktop.content.remote import Remote, RemoteState
from lis_desktop.domain import Offline
from lis_desktop.errors import CacheError
from lis_desktop.pdf.document import inspect_pdf

log = logging.getLogger(__name__)

DB_NAME = "lis.sqlite3"
SEARCH_DB_NAME = "search.sqlite3"
PDF_DIR = "summaries"

# Each entry migrates from version index to index + 1; append, never edit a released one.
# 1: the summaries this cache holds, and small facts (`meta`).
MIGRATIONS: list[str] = [
    """
    CREATE TABLE summaries (
        region TEXT PRIMARY KEY,
        filename TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        size INTEGER NOT NULL,
        pages INTEGER NOT NULL,
        source TEXT NOT NULL,            -- 'import' or 'sync'
        original_name TEXT,
        url TEXT,
        etag TEXT,
        last_modified TEXT,
        fetched_at REAL NOT NULL,
        status TEXT NOT NULL,            -- an Offline value
        last_error TEXT,
        error_at REAL
    );
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    """,
    remote.TABLES,  # 2: sync: what GOV.UK last said about each attachment, the synced story
    notes.TABLES,  # 3: the user's highlights and notes (notes.py)
]
SCHEMA_VERSION = len(MIGRATIONS)


@dataclass(frozen=True)
class SummaryRecord:
    region: str
    filename: str
    sha256: str
    size: int
    pages: int
    source: str
    original_name: str | None
    url: str | None
    etag: str | None
    last_modified: str | None
    fetched_at: float
    status: Offline
    last_error: str | None
    error_at: float | None


def sha256_file(path: Path) -> str:
    import hashlib  # here, not at the top: it loads OpenSSL, which the window does not need

    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


class Cache:
    """Offline summaries for one cache root; safe to use from one thread at a time."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.pdf_dir = root / PDF_DIR
        self._db = Database(root / DB_NAME, MIGRATIONS, prepare=self._make_folders)
        self.remote = RemoteState(self._db, root)
        self.notes = NotesStore(self._db)  # the user's highlights and notes

    def _make_folders(self) -> None:
        self.pdf_dir.mkdir(parents=True, exist_ok=True)

    @property
    def search_index_path(self) -> Path:
        return self.root / SEARCH_DB_NAME

    def exists(self) -> bool:
        """True when this cache has a database (something was ever stored)."""
        return self._db.exists()

    def close(self) -> None:
        self._db.close()

    def get_meta(self, key: str) -> str | None:
        row = self._db.query("SELECT value FROM meta WHERE key = ?", (key,))
        return None if not row else str(row[0]["value"])

    def set_meta(self, key: str, value: str) -> None:
        self._db.write("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))

    # -- reading --------------------------------------------------------------------------
    def record(self, region: str) -> SummaryRecord | None:
        rows = self._db.query("SELECT * FROM summaries WHERE region = ?", (region,))
        return _to_record(rows[0]) if rows else None

    def records(self) -> dict[str, SummaryRecord]:
        return {r["region"]: _to_record(r) for r in self._db.query("SELECT * FROM summaries", ())}

    def statuses(self) -> dict[str, Offline]:
        """Each known region's offline status; a region not listed is Offline.MISSING.

        The good copy decides; the last sync adds 'update available' to a good copy, and
        'failed' to a region that has none.
        """
        result = {region: rec.status for region, rec in self.records().items()}
        for region, state in self.remote.attachment_states().items():
            have = result.get(region, Offline.MISSING)
            if have is Offline.MISSING and state.status is Remote.FAILED:
                result[region] = Offline.FAILED
            elif have is Offline.AVAILABLE and state.status is Remote.UPDATE_AVAILABLE:
                result[region] = Offline.UPDATE_AVAILABLE
        return result

    def pdf_path(self, region: str) -> Path | None:
        """The cached file to show, or None when there is no trustworthy copy."""
        rec = self.record(region)
        if rec is None or rec.status in (Offline.MISSING, Offline.CORRUPT):
            return None
        path = self.pdf_dir / rec.filename
        return path if path.is_file() else None

    def available_count(self) -> int:
        return sum(1 for region in self.records() if self.pdf_path(region) is not None)

    # -- writing --------------------------------------------------------------------------
    def import_pdf(self, region: str, source: Path) -> SummaryRecord:
        """Check `source` and copy it in as `region`'s summary; on any error nothing changes."""
        info = inspect_pdf(source)
        target = self.pdf_dir / f"{region}.pdf"
        self._ensure_writable()
        try:
            atomic_copy(source, target)
        except OSError as exc:
            raise CacheError(_write_error(self.root, exc)) from exc
        return self._store(
            region,
            target,
            pages=info.pages,
            source="import",
            original_name=source.name,
        )

    def temp_file(self, region: str) -> Path:
        """A fresh temporary path inside the cache, for a download to be verified then adopted."""
        self._ensure_writable()
        try:
            fd, name = tempfile.mkstemp(prefix=f".dl-{region}.", suffix=".part", dir=self.pdf_dir)
        except OSError as exc:
            raise CacheError(_write_error(self.root, exc)) from exc
        os.close(fd)
        return Path(name)

    def adopt_download(
        self,
        region: str,
        temp: Path,
        *,
        url: str | None,
        etag: str | None,
        last_modified: str | None,
    ) -> SummaryRecord:
        """Verify a downloaded temporary file and make it `region`'s summary (atomic).

        The new copy gets its own name (`<id>.<sha>.pdf`): the database switches to it in one
        transaction and only then is the previous good copy removed, so a crash at any point
        leaves a good file that matches its recorded SHA-256.
        """
        previous = self.record(region)
        try:
            info = inspect_pdf(temp)
            target = self.pdf_dir / f"{region}.{sha256_file(temp)[:16]}.pdf"
            try:
                os.replace(temp, target)
            except OSError as exc:
                raise CacheError(_write_error(self.root, exc)) from exc
        finally:
            with contextlib.suppress(OSError):
                temp.unlink()
        record = self._store(
            region,
            target,
            pages=info.pages,
            source="sync",
            original_name=None,
            url=url,
            etag=etag,
            last_modified=last_modified,
        )
        if previous is not None and previous.filename != record.filename:
            with contextlib.suppress(OSError):
                (self.pdf_dir / previous.filename).unlink()
        return record

    def mark(self, region: str, status: Offline, error: str | None = None) -> None:
        """Set a region's status (e.g. failed, update available) without touching its file."""
        now = time.time()
        self._db.write(
            "UPDATE summaries SET status = ?, last_error = ?, error_at = ? WHERE region = ?",
            (status.value, error, now if error else None, region),
        )

    def verify(self, on_corrupt: Callable[[str], None] | None = None) -> list[str]:
        """Re-hash every cached file; mark the ones that changed or vanished as corrupt."""
        corrupt: list[str] = []
        for region, rec in self.records().items():
            if rec.status == Offline.CORRUPT:
                continue
            path = self.pdf_dir / rec.filename
            try:
                ok = path.is_file() and sha256_file(path) == rec.sha256
            except OSError:
                ok = False
            if not ok and self._mark_corrupt(rec):
                corrupt.append(region)
                if on_corrupt:
                    on_corrupt(region)
        return corrupt

    def remove_stale_downloads(self) -> int:
        """Delete what an interrupted sync left: its temporary files and unreferenced copies.

        Only call it while holding `remote.sync_lock()` (no other sync is writing then).
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

    def _mark_corrupt(self, rec: SummaryRecord) -> bool:
        """Mark `rec` corrupt unless a sync replaced it meanwhile (then the check was stale)."""
        changed = self._db.write(
            """UPDATE summaries SET status = ?, last_error = ?, error_at = ?
               WHERE region = ? AND filename = ? AND sha256 = ?""",
            (
                Offline.CORRUPT.value,
                "The offline copy changed on disk or vanished.",
                time.time(),
                rec.region,
                rec.filename,
                rec.sha256,
            ),
        )
        return changed > 0

    def _store(self, region: str, target: Path, **fields: object) -> SummaryRecord:
        digest = sha256_file(target)
        self._db.write(
            """INSERT OR REPLACE INTO summaries
               (region, filename, sha256, size, pages, source, original_name, url, etag,
                last_modified, fetched_at, status, last_error, error_at)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL)""",
            (
                region,
                target.name,
                digest,
                target.stat().st_size,
                fields["pages"],
                fields["source"],
                fields.get("original_name"),
                fields.get("url"),
                fields.get("etag"),
                fields.get("last_modified"),
                time.time(),
                Offline.AVAILABLE.value,
            ),
        )
        record = self.record(region)
        assert record is not None
        return record

    def _ensure_writable(self) -> None:
        try:
            self.pdf_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise CacheError(_write_error(self.root, exc)) from exc
        if not os.access(self.pdf_dir, os.W_OK):
            raise CacheError(f"The offline cache folder '{self.root}' is read-only.")


def _to_record(row: sqlite3.Row) -> SummaryRecord:
    values = dict(row)
    values["status"] = Offline(values["status"])
    return SummaryRecord(**values)


def _write_error(root: Path, exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        return f"The disk holding the offline cache '{root}' is full."
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"The offline cache folder '{root}' is read-only."
    return f"Cannot write to the offline cache '{root}': {exc.strerror or exc}."
