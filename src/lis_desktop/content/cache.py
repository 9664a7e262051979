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
fails verification never replaces a good one. An imported summary is the user's: a sync never
deletes nor replaces it; GOV.UK's copy is kept beside it (`kept_copies`) unless the two are the
same file, and `use_copy` switches between them. What the last sync learnt from GOV.UK, the synced
story and the sync lock are `Cache.remote` (a `remote.RemoteState` over the same database); the
user's highlights and notes are `Cache.notes` (a `notes.NotesStore`, never touched by a sync).
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import re
import sqlite3
import stat
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from lis_desktop.atomic import STALE_PART_SECONDS, atomic_copy, remove_stale_parts
from lis_desktop.content import notes, remote
from lis_desktop.content.database import Database
from lis_desktop.content.notes import NotesStore
from lis_desktop.content.remote import Remote, RemoteState
from lis_desktop.digests import sha256_file_gently
from lis_desktop.domain import Offline
from lis_desktop.errors import CacheError, InvalidPdfError
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
    # 3: a region's other copy, not in use: GOV.UK's beside an imported one that differs from
    # it, or an imported one after the user switched to GOV.UK's (never both of one source).
    """
    CREATE TABLE kept_copies (
        region TEXT PRIMARY KEY,
        filename TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        size INTEGER NOT NULL,
        pages INTEGER NOT NULL,
        source TEXT NOT NULL,
        original_name TEXT,
        url TEXT,
        etag TEXT,
        last_modified TEXT,
        fetched_at REAL NOT NULL,
        status TEXT NOT NULL,
        last_error TEXT,
        error_at REAL
    );
    """,
    notes.TABLES,  # 4: the user's highlights and notes (notes.py)
]
# Ours: `.dl-<region>.XXXXXXXX.part` (downloads) and `.<name>.XXXXXXXX.part` (atomic writes).
_TEMP_FILE = re.compile(r"^\.(?:dl-[a-z0-9-]+|[a-z0-9-]+\.pdf)\.[a-z0-9_]{8}\.part$")
SOURCES = {"import": "imported", "sync": "GOV.UK"}  # a copy's source, as people say it
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

    def kept_copy(self, region: str) -> SummaryRecord | None:
        """The region's other copy (not in use), if it has one."""
        rows = self._db.query("SELECT * FROM kept_copies WHERE region = ?", (region,))
        return _to_record(rows[0]) if rows else None

    def kept_copies(self) -> dict[str, SummaryRecord]:
        return {r["region"]: _to_record(r) for r in self._db.query("SELECT * FROM kept_copies", ())}

    def synced_record(self, region: str) -> SummaryRecord | None:
        """The record of the region's copy from GOV.UK, in use or kept (for conditional GETs)."""
        for record in (self.record(region), self.kept_copy(region)):
            if record is not None and record.source == "sync":
                return record
        return None

    @property
    def read_only(self) -> bool:
        """True when the cache could only be opened for reading."""
        return self._db.read_only

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
        """Check `source` and copy it in as `region`'s summary, now in use (a copy from GOV.UK
        in use is kept beside it); on any error nothing changes."""
        _check_regular_file(source)
        info = inspect_pdf(source)
        target = self.pdf_dir / f"{region}.pdf"
        self._ensure_writable()
        try:
            atomic_copy(source, target)
        except OSError as exc:
            raise CacheError(write_error(self.root, exc)) from exc
        fields: dict[str, object] = {"pages": info.pages, "source": "import"}
        fields["original_name"] = source.name
        row = _row(region, target, fields)
        with self._db.transaction(immediate=True) as db:  # a sync adopting meanwhile waits
            previous = self.record(region)
            if previous is not None and previous.source == "sync":  # kept, not in use
                _copy_row(db, "summaries", "kept_copies", region)
            _insert(db, "summaries", row)
        return self._record_or_fail(region)

    def temp_file(self, region: str) -> Path:
        """A fresh temporary path inside the cache, for a download to be verified then adopted."""
        self._ensure_writable()
        try:
            fd, name = tempfile.mkstemp(prefix=f".dl-{region}.", suffix=".part", dir=self.pdf_dir)
        except OSError as exc:
            raise CacheError(write_error(self.root, exc)) from exc
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
        transaction and only then is the previous copy from GOV.UK removed, so a crash at any
        point leaves a good file that matches its recorded SHA-256. An imported copy in use
        stays in use, the download kept beside it, unless both are the same file.
        """
        try:
            info = inspect_pdf(temp)
            digest = sha256_file(temp)
            target = self.pdf_dir / f"{region}.{digest[:16]}.pdf"
            try:
                os.replace(temp, target)
            except (OSError, ValueError) as exc:
                raise CacheError(write_error(self.root, exc)) from exc
        finally:
            with contextlib.suppress(OSError):
                temp.unlink()
        fields: dict[str, object] = {"pages": info.pages, "source": "sync", "url": url}
        fields.update(etag=etag, last_modified=last_modified)
        # Decided and written in one immediate transaction: an import committed by another
        # process while this file downloaded is seen here, and stays in use.
        with self._db.transaction(immediate=True) as db:
            previous, kept = self.record(region), self.kept_copy(region)
            beside = (
                previous is not None and previous.source == "import" and previous.sha256 != digest
            )
            replaced = [kept if beside else previous]
            if beside:  # the user's copy stays in use; GOV.UK's is kept beside it
                _insert(db, "kept_copies", _row(region, target, fields))
            else:
                _insert(db, "summaries", _row(region, target, fields))
                if kept is not None and kept.source == "sync":
                    db.execute("DELETE FROM kept_copies WHERE region = ?", (region,))
                    replaced.append(kept)
        for old in replaced:
            if old is not None and old.filename != target.name:
                with contextlib.suppress(OSError):
                    (self.pdf_dir / old.filename).unlink()
        record = self.kept_copy(region) if beside else self.record(region)
        assert record is not None
        return record

    def use_copy(self, region: str, source: str) -> SummaryRecord:
        """Put the region's `source` copy ('import' or 'sync') in use; the other one is kept.

        CacheError when there is no such copy, or it changed on disk since it was stored."""
        current, kept = self.record(region), self.kept_copy(region)
        if current is not None and current.source == source:
            return current
        if kept is None or kept.source != source or current is None:
            raise CacheError(f"There is no {SOURCES.get(source, source)} copy of this summary.")
        path = self.pdf_dir / kept.filename
        try:
            intact = sha256_file(path) == kept.sha256
        except OSError:
            intact = False
        if not intact:
            raise CacheError(
                f"The {SOURCES[source]} copy of this summary changed on disk or vanished; "
                "import or download it again."
            )
        with self._db.transaction() as db:
            db.execute("CREATE TEMP TABLE IF NOT EXISTS swap AS SELECT * FROM summaries WHERE 0")
            _copy_row(db, "summaries", "swap", region)
            db.execute("DELETE FROM summaries WHERE region = ?", (region,))
            _copy_row(db, "kept_copies", "summaries", region)
            db.execute("DELETE FROM kept_copies WHERE region = ?", (region,))
            _copy_row(db, "swap", "kept_copies", region)
            db.execute("DELETE FROM swap")
        return self._record_or_fail(region)

    def mark(self, region: str, status: Offline, error: str | None = None) -> None:
        """Set a region's status (e.g. failed, update available) without touching its file."""
        now = time.time()
        self._db.write(
            "UPDATE summaries SET status = ?, last_error = ?, error_at = ? WHERE region = ?",
            (status.value, error, now if error else None, region),
        )

    def verify(
        self, on_corrupt: Callable[[str], None] | None = None, *, gently: bool = False
    ) -> list[str]:
        """Re-hash every cached file; mark the ones that changed or vanished as corrupt.
        `gently` (the window's check after start, on a worker): without OpenSSL, and never
        holding the GUI thread up (digests.sha256_file_gently); slower."""
        hash_file = sha256_file_gently if gently else sha256_file
        corrupt: list[str] = []
        for region, rec in self.records().items():
            if rec.status == Offline.CORRUPT:
                continue
            path = self.pdf_dir / rec.filename
            try:
                ok = path.is_file() and hash_file(path) == rec.sha256
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
        referenced |= {rec.filename for rec in self.kept_copies().values()}
        removed = 0
        for path in self.pdf_dir.glob("*"):
            stale = path.name.startswith(".dl-") and path.name.endswith(".part")
            orphan = path.suffix == ".pdf" and path.stem.count(".") == 1
            if stale or (orphan and path.name not in referenced):
                with contextlib.suppress(OSError):
                    path.unlink()
                    removed += 1
        return removed + self.remove_stale_temp_files()

    def remove_stale_temp_files(self, min_age: float = STALE_PART_SECONDS) -> int:
        """Delete temporary files an interrupted import or download left in the cache: only
        names of our pattern, untouched for `min_age` seconds (a running one is younger).
        Safe at any time (start-up); a read-only cache is left as it is."""
        return remove_stale_parts(self.pdf_dir, _TEMP_FILE, min_age)

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

    def _record_or_fail(self, region: str) -> SummaryRecord:
        record = self.record(region)
        assert record is not None
        return record

    def _ensure_writable(self) -> None:
        try:
            self.pdf_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise CacheError(write_error(self.root, exc)) from exc
        if not os.access(self.pdf_dir, os.W_OK):
            raise CacheError(f"The offline cache folder '{self.root}' is read-only.")


_COLUMNS = (
    "region, filename, sha256, size, pages, source, original_name, url, etag, last_modified, "
    "fetched_at, status, last_error, error_at"
)


def _row(region: str, target: Path, fields: dict[str, object]) -> tuple[object, ...]:
    """The summaries/kept_copies row for the verified file `target`."""
    return (
        region,
        target.name,
        sha256_file(target),
        target.stat().st_size,
        fields["pages"],
        fields["source"],
        fields.get("original_name"),
        fields.get("url"),
        fields.get("etag"),
        fields.get("last_modified"),
        time.time(),
        Offline.AVAILABLE.value,
        None,
        None,
    )


def _insert(db: sqlite3.Connection, table: str, row: tuple[object, ...]) -> None:
    marks = ", ".join("?" for _ in row)
    db.execute(f"INSERT OR REPLACE INTO {table} ({_COLUMNS}) VALUES ({marks})", row)


def _copy_row(db: sqlite3.Connection, source: str, target: str, region: str) -> None:
    db.execute(
        f"INSERT OR REPLACE INTO {target} ({_COLUMNS}) "
        f"SELECT {_COLUMNS} FROM {source} WHERE region = ?",
        (region,),
    )


def _check_regular_file(path: Path) -> None:
    """Refuse, before reading, anything but a regular file (a FIFO would block for ever)."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError as exc:
        raise InvalidPdfError(f"'{path}' does not exist.") from exc
    except (OSError, ValueError) as exc:
        raise InvalidPdfError(f"Cannot read '{_short(path)}': {_os_reason(exc)}.") from exc
    if stat.S_ISDIR(mode):
        raise InvalidPdfError(f"'{_short(path)}' is a folder, not a PDF file.")
    if not stat.S_ISREG(mode):
        raise InvalidPdfError(f"'{_short(path)}' is not a regular file (a pipe or a device).")


def _short(path: Path) -> str:
    text = str(path)
    return text if len(text) <= 200 else f"{text[:100]}…{text[-60:]}"


def _os_reason(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.errno == errno.ENAMETOOLONG:
        return "the name is too long"
    if isinstance(exc, ValueError):
        return "the name contains a NUL character"
    return (exc.strerror if isinstance(exc, OSError) else None) or str(exc)


def _to_record(row: sqlite3.Row) -> SummaryRecord:
    values = dict(row)
    values["status"] = Offline(values["status"])
    return SummaryRecord(**values)


def write_error(root: Path, exc: OSError | ValueError) -> str:
    """What a user reads when writing into the offline cache at `root` failed with `exc`."""
    if isinstance(exc, ValueError):
        return f"Cannot write to the offline cache '{root}': {_os_reason(exc)}."
    if exc.errno == errno.ENOSPC:
        return f"The disk holding the offline cache '{root}' is full."
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"The offline cache folder '{root}' is read-only."
    return f"Cannot write to the offline cache '{root}': {exc.strerror or exc}."
