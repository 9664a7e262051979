"""The offline cache's SQLite database: opened on first use and migrated to the current schema,
and the one place that turns sqlite3's errors into CacheError with a message a user can act on.

The schema is a list of migrations, each from version index to index + 1 (`PRAGMA
user_version`); the parts of the store that own tables (`cache`, `remote`) each contribute theirs.

A cache that cannot be written (read-only media, a locked-down folder) is opened read-only:
`mode=ro`, or `immutable=1` when SQLite cannot make the WAL's shared-memory file beside it (a
folder with no database at all reads as an empty cache); reading works, and every write fails
with a CacheError that says the cache is read-only.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

from lis_desktop.errors import CacheError

log = logging.getLogger(__name__)


class Database:
    """One connection to the cache database, made on first use; safe from one thread at a time."""

    def __init__(
        self, path: Path, migrations: Sequence[str], prepare: Callable[[], None] | None = None
    ) -> None:
        """`prepare` runs before the file is first opened (e.g. makes the store's folders)."""
        self.path = path
        self._migrations = tuple(migrations)
        self._prepare = prepare
        self._connection: sqlite3.Connection | None = None
        self.read_only = False  # set when the database was opened read-only

    @property
    def schema_version(self) -> int:
        return len(self._migrations)

    @property
    def connection(self) -> sqlite3.Connection:
        if self._connection is None:
            self._connection = self._connect()
        return self._connection

    def exists(self) -> bool:
        """True when the database was opened or its file exists (something was ever stored)."""
        try:
            return self._connection is not None or self.path.is_file()
        except (OSError, ValueError):  # a name too long, a NUL: nothing stored there
            return False

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    def query(self, sql: str, params: tuple[object, ...] = ()) -> list[sqlite3.Row]:
        try:
            return list(self.connection.execute(sql, params))
        except sqlite3.Error as exc:
            raise CacheError(
                self._problem(exc) or f"The offline cache database cannot be read: {exc}."
            ) from exc

    def write(self, sql: str, params: tuple[object, ...] = ()) -> int:
        """Run one statement in its own transaction; the number of rows it changed."""
        with self.transaction() as db:
            return db.execute(sql, params).rowcount

    def write_many(self, sql: str, rows: Iterable[tuple[object, ...]]) -> None:
        """Run one statement for each row, all in one transaction."""
        with self.transaction() as db:
            db.executemany(sql, rows)

    @contextlib.contextmanager
    def transaction(self, *, immediate: bool = False) -> Iterator[sqlite3.Connection]:
        """One transaction (committed at the end, rolled back on an error). `immediate` takes
        the write lock at once: what is read inside then cannot be changed by another process
        (the CLI, a second window) before what is written inside is committed."""
        try:
            with self.connection as db:
                if immediate:
                    db.execute("BEGIN IMMEDIATE")
                yield db
        except sqlite3.Error as exc:
            raise CacheError(
                self._problem(exc) or f"The offline cache database cannot be written: {exc}."
            ) from exc

    def _problem(self, exc: sqlite3.Error) -> str | None:
        """The message for a read-only or full cache; None for other errors."""
        code = getattr(exc, "sqlite_errorcode", 0) & 0xFF
        root = self.path.parent
        if code == sqlite3.SQLITE_READONLY or self.read_only:
            return f"The offline cache folder '{root}' is read-only."
        if code == sqlite3.SQLITE_FULL:
            return f"The disk holding the offline cache '{root}' is full."
        return None

    def _connect(self) -> sqlite3.Connection:
        root = self.path.parent
        try:
            if not _writable(root, self.path):
                return self._connect_read_only()
            root.mkdir(parents=True, exist_ok=True)
            if self._prepare is not None:
                self._prepare()
            db = sqlite3.connect(self.path, timeout=10, check_same_thread=False)
            db.row_factory = sqlite3.Row
            db.execute("PRAGMA busy_timeout = 10000")
            with contextlib.suppress(sqlite3.OperationalError):  # read-only folders keep DELETE
                db.execute("PRAGMA journal_mode = WAL")
            self._migrate(db)
        except (OSError, sqlite3.Error) as exc:
            raise CacheError(
                (self._problem(exc) if isinstance(exc, sqlite3.Error) else None)
                or f"The offline cache at '{root}' cannot be opened: {_reason(exc)}."
            ) from exc
        return db

    def _connect_read_only(self) -> sqlite3.Connection:
        """Open the database for reading only (an empty one in memory when there is none)."""
        self.read_only = True
        if not self.path.is_file():
            db = sqlite3.connect(":memory:", check_same_thread=False)
            self._migrate(db)
        else:
            uri = self.path.absolute().as_uri()
            try:
                db = sqlite3.connect(f"{uri}?mode=ro", uri=True, check_same_thread=False)
                db.execute("PRAGMA user_version").fetchone()  # opens the file (and its WAL)
            except sqlite3.OperationalError:  # no -shm and none can be made: read it as is
                db = sqlite3.connect(f"{uri}?immutable=1", uri=True, check_same_thread=False)
            version = int(db.execute("PRAGMA user_version").fetchone()[0])
            if version > self.schema_version:
                db.close()
                raise sqlite3.DatabaseError(
                    f"it is read-only and was written by a newer LIS Desktop (schema {version}, "
                    f"this one reads up to {self.schema_version}); please update the app"
                )
            if version < self.schema_version:
                db = self._upgraded_copy(db)
        db.row_factory = sqlite3.Row
        db.execute("PRAGMA query_only = ON")
        log.info("The offline cache %s is read-only: opened for reading", self.path)
        return db

    def _upgraded_copy(self, db: sqlite3.Connection) -> sqlite3.Connection:
        """A read-only cache made by an earlier version: its database copied into memory (it is
        small) and migrated there, so that this version reads it as it is; nothing is written
        to the cache (writes are refused as read-only anyway)."""
        copy = sqlite3.connect(":memory:", check_same_thread=False)
        try:
            db.backup(copy)
        finally:
            db.close()
        self._migrate(copy)
        return copy

    def _migrate(self, db: sqlite3.Connection) -> None:
        version = int(db.execute("PRAGMA user_version").fetchone()[0])
        if version > self.schema_version:
            raise sqlite3.DatabaseError(
                f"it was written by a newer LIS Desktop (schema {version}); please update the app"
            )
        for index in range(version, self.schema_version):
            log.info("Migrating cache database to schema %d", index + 1)
            db.executescript(
                f"BEGIN; {self._migrations[index]}; PRAGMA user_version = {index + 1}; COMMIT;"
            )


def _writable(root: Path, path: Path) -> bool:
    """False when the cache folder (or its database file) cannot be written: read-only media,
    a read-only mount, or a folder the user may not write (checked without writing)."""
    folder = root
    while not folder.exists():  # the nearest folder that exists decides
        if folder.parent == folder:
            return True
        folder = folder.parent
    if not os.access(folder, os.W_OK):
        return False
    if folder != root:
        return True
    return not path.exists() or os.access(path, os.W_OK)


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.errno == errno.ENAMETOOLONG:
        return "the folder's name is too long"
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror.lower()
    return str(exc)
