"""The offline cache's SQLite database: opened on first use and migrated to the current schema,
and the one place that turns sqlite3's errors into CacheError with a message a user can act on.

The schema is a list of migrations, each from version index to index + 1 (`PRAGMA
user_version`); the parts of the store that own tables (`cache`, `remote`) each contribute theirs.
"""

from __future__ import annotations

import contextlib
import logging
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
        return self._connection is not None or self.path.is_file()

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    def query(self, sql: str, params: tuple[object, ...] = ()) -> list[sqlite3.Row]:
        try:
            return list(self.connection.execute(sql, params))
        except sqlite3.Error as exc:
            raise CacheError(f"The offline cache database cannot be read: {exc}.") from exc

    def write(self, sql: str, params: tuple[object, ...] = ()) -> int:
        """Run one statement in its own transaction; the number of rows it changed."""
        with self.transaction() as db:
            return db.execute(sql, params).rowcount

    def write_many(self, sql: str, rows: Iterable[tuple[object, ...]]) -> None:
        """Run one statement for each row, all in one transaction."""
        with self.transaction() as db:
            db.executemany(sql, rows)

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        try:
            with self.connection as db:
                yield db
        except sqlite3.Error as exc:
            raise CacheError(f"The offline cache database cannot be written: {exc}.") from exc

    def _connect(self) -> sqlite3.Connection:
        root = self.path.parent
        try:
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
            raise CacheError(f"The offline cache at '{root}' cannot be opened: {exc}.") from exc
        return db

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
