"""The offline store: summary PDFs plus a SQLite database, the one place that knows the layout.

Layout under the cache root:
    lis.sqlite3          schema-versioned database (PRAGMA user_version, migrations below)
    summaries/<id>.pdf   the current good copy of each region's summary (an imported one;
                         a synced one is <id>.<sha256 prefix>.pdf, see adopt_download)
    sync.lock            held (an OS lock) while a sync runs
    search.sqlite3       the full-text search index (search.py; its own schema version, rebuilt
                         from the summaries whenever it is missing, outdated or damaged)
Every file enters through a temporary file in the same folder and os.replace: a file that
fails verification never replaces a good one.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import sqlite3
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from lis_desktop.atomic import atomic_copy
from lis_desktop.content.remote import Remote, SyncStore
from lis_desktop.domain import Offline
from lis_desktop.errors import CacheError
from lis_desktop.pdf.document import inspect_pdf

log = logging.getLogger(__name__)

DB_NAME = "lis.sqlite3"
SEARCH_DB_NAME = "search.sqlite3"
PDF_DIR = "summaries"

# Each entry migrates from version index to index + 1; append, never edit a released one.
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
    # 2: sync — what GOV.UK last said about each region's attachment, and the synced story.
    """
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
    """,
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


class Cache(SyncStore):
    """Offline summaries for one cache root; safe to use from one thread at a time."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.pdf_dir = root / PDF_DIR
        self._db: sqlite3.Connection | None = None

    @property
    def search_index_path(self) -> Path:
        return self.root / SEARCH_DB_NAME

    # -- database -------------------------------------------------------------------------
    @property
    def db(self) -> sqlite3.Connection:
        if self._db is None:
            self._db = self._connect()
        return self._db

    def _connect(self) -> sqlite3.Connection:
        try:
            self.pdf_dir.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(self.root / DB_NAME, timeout=10, check_same_thread=False)
            db.row_factory = sqlite3.Row
            db.execute("PRAGMA busy_timeout = 10000")
            with contextlib.suppress(sqlite3.OperationalError):  # read-only folders keep DELETE
                db.execute("PRAGMA journal_mode = WAL")
            _migrate(db)
        except (OSError, sqlite3.Error) as exc:
            raise CacheError(
                f"The offline cache at '{self.root}' cannot be opened: {exc}."
            ) from exc
        return db

    def exists(self) -> bool:
        """True when this cache has a database (something was ever stored)."""
        return self._db is not None or (self.root / DB_NAME).is_file()

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    def get_meta(self, key: str) -> str | None:
        row = self._query("SELECT value FROM meta WHERE key = ?", (key,))
        return None if not row else str(row[0]["value"])

    def set_meta(self, key: str, value: str) -> None:
        self._write("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))

    # -- reading --------------------------------------------------------------------------
    def record(self, region: str) -> SummaryRecord | None:
        rows = self._query("SELECT * FROM summaries WHERE region = ?", (region,))
        return _to_record(rows[0]) if rows else None

    def records(self) -> dict[str, SummaryRecord]:
        return {r["region"]: _to_record(r) for r in self._query("SELECT * FROM summaries", ())}

    def statuses(self) -> dict[str, Offline]:
        """Each known region's offline status; a region not listed is Offline.MISSING.

        The good copy decides; the last sync adds 'update available' to a good copy, and
        'failed' to a region that has none.
        """
        result = {region: rec.status for region, rec in self.records().items()}
        for region, state in self.attachment_states().items():
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
        self._write(
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

    def _mark_corrupt(self, rec: SummaryRecord) -> bool:
        """Mark `rec` corrupt unless a sync replaced it meanwhile (then the check was stale)."""
        try:
            with self.db:
                cursor = self.db.execute(
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
        except sqlite3.Error as exc:
            raise CacheError(f"The offline cache database cannot be written: {exc}.") from exc
        return cursor.rowcount > 0

    def _store(self, region: str, target: Path, **fields: object) -> SummaryRecord:
        digest = sha256_file(target)
        self._write(
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

    def _query(self, sql: str, params: tuple[object, ...]) -> list[sqlite3.Row]:
        try:
            return list(self.db.execute(sql, params))
        except sqlite3.Error as exc:
            raise CacheError(f"The offline cache database cannot be read: {exc}.") from exc

    def _write(self, sql: str, params: tuple[object, ...]) -> None:
        try:
            with self.db:
                self.db.execute(sql, params)
        except sqlite3.Error as exc:
            raise CacheError(f"The offline cache database cannot be written: {exc}.") from exc

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        try:
            with self.db:
                yield self.db
        except sqlite3.Error as exc:
            raise CacheError(f"The offline cache database cannot be written: {exc}.") from exc


def _migrate(db: sqlite3.Connection) -> None:
    version = int(db.execute("PRAGMA user_version").fetchone()[0])
    if version > SCHEMA_VERSION:
        raise sqlite3.DatabaseError(
            f"it was written by a newer LIS Desktop (schema {version}); please update the app"
        )
    for index in range(version, SCHEMA_VERSION):
        log.info("Migrating cache database to schema %d", index + 1)
        db.executescript(f"BEGIN; {MIGRATIONS[index]}; PRAGMA user_version = {index + 1}; COMMIT;")


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
