"""Full-text search over every summary available offline: page text read by a PDF engine in
reading order (`search.text`), kept in an SQLite FTS5 index beside the cache database.

The index has its own schema version and rebuilds itself (from the summaries) when that version
changes or the file is missing or damaged. Each region's rows record the SHA-256 of the file they
came from, so re-indexing only touches summaries that changed. The `wanted` table holds what the
index should contain; a search compares it with what is indexed and says when it is partial.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
import threading
import time
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from lis_desktop.content.cache import Cache
from lis_desktop.domain import Region
from lis_desktop.errors import InvalidPdfError, SearchIndexError, SearchQueryError
from lis_desktop.search.counting import Occurrences, count_queries
from lis_desktop.search.query import (
    HIT_END,
    HIT_START,
    Facets,
    PageHit,
    RegionHits,
    SearchResult,
    parse_query,
    split_marked,
)
from lis_desktop.search.text import Extract, extract_pages

log = logging.getLogger(__name__)

INDEX_VERSION = 1
TOKENIZER = "porter unicode61 remove_diacritics 2"
SNIPPET_TOKENS = 16
DEFAULT_LIMIT = 200  # pages with snippets per search; pages beyond it are still counted

SCHEMA = f"""
CREATE TABLE documents (
    region TEXT PRIMARY KEY,
    sha256 TEXT NOT NULL,
    pages INTEGER NOT NULL,
    error TEXT,
    indexed_at REAL NOT NULL
);
CREATE TABLE wanted (region TEXT PRIMARY KEY, sha256 TEXT NOT NULL);
CREATE VIRTUAL TABLE pages USING fts5(
    body, region UNINDEXED, page UNINDEXED, tokenize = '{TOKENIZER}'
);
PRAGMA user_version = {INDEX_VERSION};
"""

ProgressFn = Callable[[int, int, str], None]  # done, total, region id ("" before the first)
CancelledFn = Callable[[], bool]
T = TypeVar("T")


@dataclass(frozen=True)
class IndexSource:
    path: Path
    sha256: str


@dataclass(frozen=True)
class HitCounts:
    """Per query, its hits on each indexed region (see search.counting), and what the index
    holds: the regions indexed (with the SHA-256 of the file their text came from), the ones
    offline but not indexed yet, and the ones whose text could not be read. A region in none
    of these is not available offline."""

    queries: tuple[Occurrences, ...]
    indexed: dict[str, str]  # region -> SHA-256 of the indexed file
    pending: frozenset[str]
    unreadable: dict[str, str]  # region -> why its text could not be read


@dataclass
class IndexReport:
    indexed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)
    cancelled: bool = False


# -- the index ----------------------------------------------------------------------------------
class SearchIndex:
    """The FTS5 index file; one connection guarded by a lock, usable from any thread."""

    def __init__(self, path: Path | None, regions: Sequence[Region]) -> None:
        self.path = path  # None keeps the index in memory (a read-only cache folder)
        self.regions = tuple(regions)
        self._titles = {r.id: r.title for r in self.regions}
        self._order = {r.id: i for i, r in enumerate(self.regions)}
        self._lock = threading.RLock()
        self._db: sqlite3.Connection | None = None
        # True while the index was (re)created empty and nobody has declared what it should
        # hold: whoever searches should run update_index (a deleted or damaged file, a restart).
        self.needs_update = True

    @classmethod
    def for_cache(cls, cache: Cache, regions: Sequence[Region]) -> SearchIndex:
        return cls(cache.search_index_path, regions)

    def close(self) -> None:
        with self._lock:
            if self._db is not None:
                self._db.close()
                self._db = None

    # -- opening and repairing -----------------------------------------------------------------
    def _with_db(self, work: Callable[[sqlite3.Connection], T]) -> T:
        """Run `work` on the open, checked database; a damaged one is rebuilt once and retried."""
        with self._lock:
            try:
                return work(self._checked_db())
            except sqlite3.OperationalError as exc:
                raise SearchIndexError(f"The search index cannot be used: {exc}.") from exc
            except sqlite3.DatabaseError as exc:
                log.warning("Search index damaged (%s); rebuilding it", exc)
                self._reset()
            try:
                return work(self._checked_db())
            except sqlite3.DatabaseError as exc:
                raise SearchIndexError(f"The search index is damaged: {exc}.") from exc

    def _checked_db(self) -> sqlite3.Connection:
        if self._db is not None and self.path is not None and not self.path.exists():
            log.warning("Search index %s was deleted; rebuilding it", self.path)
            self._db.close()
            self._db = None
            self._delete_files()
        if self._db is None:
            self._db = self._open()
        return self._db

    def _open(self) -> sqlite3.Connection:
        if self.path is not None and not os.access(self.path.parent, os.W_OK):
            log.info("The cache folder is read-only: the search index is kept in memory")
            self.path = None  # read-only media: build it in memory (a second or so)
        try:
            return self._open_file()
        except sqlite3.DatabaseError as exc:
            if isinstance(exc, sqlite3.OperationalError) and not self._exists():
                return self._open_memory(exc)
            log.warning("Search index %s unusable (%s); rebuilding it", self.path, exc)
            self._delete_files()
            try:
                return self._open_file()
            except sqlite3.DatabaseError as again:
                return self._open_memory(again)

    def _exists(self) -> bool:
        return self.path is not None and self.path.exists()

    def _open_file(self) -> sqlite3.Connection:
        target = ":memory:" if self.path is None else str(self.path)
        db = sqlite3.connect(target, timeout=10, check_same_thread=False)
        try:
            db.execute("PRAGMA busy_timeout = 10000")
            with contextlib.suppress(sqlite3.OperationalError):
                db.execute("PRAGMA journal_mode = WAL")
            # The index can always be rebuilt: WAL + NORMAL stays consistent, skips most fsyncs.
            db.execute("PRAGMA synchronous = NORMAL")
            version = int(db.execute("PRAGMA user_version").fetchone()[0])
            if version == 0 and not _tables(db):
                db.executescript(SCHEMA)
                self.needs_update = True
            elif version != INDEX_VERSION:
                raise sqlite3.DatabaseError(f"index schema {version}, expected {INDEX_VERSION}")
            elif db.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise sqlite3.DatabaseError("quick_check failed")
            elif not {"documents", "wanted", "pages"} <= _tables(db):
                raise sqlite3.DatabaseError("tables missing")
        except BaseException:
            db.close()
            raise
        return db

    def _open_memory(self, exc: Exception) -> sqlite3.Connection:
        log.warning("Search index %s cannot be written (%s); keeping it in memory", self.path, exc)
        self.path = None
        return self._open_file()

    def _reset(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
        self._delete_files()

    def _delete_files(self) -> None:
        if self.path is None:
            return
        for suffix in ("", "-wal", "-shm", "-journal"):
            try:
                self.path.with_name(self.path.name + suffix).unlink()
            except FileNotFoundError:
                pass
            except OSError as exc:
                log.warning("Cannot delete the damaged search index: %s", exc)

    # -- what should be indexed, and what is ---------------------------------------------------
    def set_wanted(self, wanted: Mapping[str, str]) -> list[str]:
        """Declare the regions (id -> SHA-256) the index should hold; drop the others' rows."""

        def work(db: sqlite3.Connection) -> list[str]:
            with db:
                have = {r for (r,) in db.execute("SELECT region FROM documents")}
                gone = sorted(have - set(wanted))
                for region in gone:
                    db.execute("DELETE FROM pages WHERE region = ?", (region,))
                    db.execute("DELETE FROM documents WHERE region = ?", (region,))
                db.execute("DELETE FROM wanted")
                db.executemany("INSERT INTO wanted VALUES (?, ?)", sorted(wanted.items()))
            self.needs_update = False
            return gone

        return self._with_db(work)

    def stale(self) -> list[str]:
        """Wanted regions whose indexed rows are missing or came from another file."""
        rows = self._with_db(
            lambda db: db.execute(
                """SELECT w.region FROM wanted w LEFT JOIN documents d USING (region)
                   WHERE d.sha256 IS NULL OR d.sha256 != w.sha256"""
            ).fetchall()
        )
        return sorted((r for (r,) in rows), key=lambda r: self._order.get(r, len(self._order)))

    def store(self, region: str, sha256: str, pages: Sequence[str], error: str | None) -> None:
        """Replace one region's rows in a single transaction."""

        def work(db: sqlite3.Connection) -> None:
            with db:
                db.execute("DELETE FROM pages WHERE region = ?", (region,))
                db.executemany(
                    "INSERT INTO pages (body, region, page) VALUES (?, ?, ?)",
                    [(text, region, index) for index, text in enumerate(pages)],
                )
                db.execute(
                    "INSERT OR REPLACE INTO documents VALUES (?, ?, ?, ?, ?)",
                    (region, sha256, len(pages), error, time.time()),
                )

        self._with_db(work)

    def status(self, regions: Sequence[str] | None = None) -> tuple[int, int]:
        """(indexed, total) over the wanted regions, optionally only those in `regions`."""
        rows = self._with_db(
            lambda db: db.execute(
                """SELECT w.region, d.sha256 = w.sha256 FROM wanted w
                   LEFT JOIN documents d USING (region)"""
            ).fetchall()
        )
        keep = None if regions is None else set(regions)
        rows = [r for r in rows if keep is None or r[0] in keep]
        return sum(1 for r in rows if r[1]), len(rows)

    def hit_counts(self, queries: Sequence[str]) -> HitCounts:
        """Count each query's hits per region (SearchQueryError for a malformed one)."""
        parsed = [parse_query(text) for text in queries]

        def work(db: sqlite3.Connection) -> HitCounts:
            states = db.execute(
                """SELECT w.region, w.sha256, d.sha256, d.error FROM wanted w
                   LEFT JOIN documents d USING (region)"""
            ).fetchall()
            indexed = {r: want for r, want, have, error in states if have == want and not error}
            unreadable = {r: error for r, want, have, error in states if have == want and error}
            pending = frozenset(r for r, want, have, _error in states if have != want)
            counts = tuple(count_queries(db, parsed, TOKENIZER))
            return HitCounts(counts, indexed, pending, unreadable)

        return self._with_db(work)

    def page_count(self) -> int:
        return int(self._with_db(lambda db: db.execute("SELECT count(*) FROM pages").fetchone()[0]))

    # -- searching -----------------------------------------------------------------------------
    def search(
        self, text: str, facets: Facets | None = None, limit: int = DEFAULT_LIMIT
    ) -> SearchResult:
        """Run a user query; raises SearchQueryError for a malformed or empty one.

        Every matching page is counted; the best `limit` of them (by bm25 rank) get a snippet
        and a hit count, which is where the time goes on a large index.
        """
        facets = facets or Facets()
        expr = parse_query(text).fts()
        allowed = [r.id for r in self.regions if facets.matches(r)]
        where = f"pages MATCH ? AND region IN ({', '.join('?' * len(allowed))})"
        ranked = f"SELECT rowid, region FROM pages WHERE {where} ORDER BY rank"
        detail = f"""SELECT region, page, snippet(pages, 0, ?, ?, '…', {SNIPPET_TOKENS}),
                            highlight(pages, 0, ?, '')
                     FROM pages WHERE pages MATCH ? AND rowid IN ({{}})"""

        def work(db: sqlite3.Connection) -> tuple[list[tuple[int, str]], list[tuple[Any, ...]]]:
            try:
                matches = db.execute(ranked, (expr, *allowed)).fetchall()
                best = [rowid for rowid, _ in matches[:limit]]
                details = db.execute(
                    detail.format(", ".join("?" * len(best))),
                    (HIT_START, HIT_END, HIT_START, expr, *best),
                ).fetchall()
            except sqlite3.OperationalError as exc:
                if "fts5" in str(exc):  # our expressions are always valid; say it plainly anyway
                    raise SearchQueryError(
                        f"Malformed query: {text!r} cannot be searched."
                    ) from exc
                raise
            return matches, details

        matches, details = self._with_db(work)
        indexed, total = self.status(allowed)
        return self._result(text, facets, matches, details, indexed, total)

    def _result(
        self,
        text: str,
        facets: Facets,
        matches: list[tuple[int, str]],
        details: list[tuple[Any, ...]],
        indexed: int,
        total: int,
    ) -> SearchResult:
        matched = Counter(region for _, region in matches)
        by_region: dict[str, list[PageHit]] = {region: [] for region in matched}
        for region, page, marked, highlighted in details:
            snippet, spans = split_marked(marked)
            hits = max(1, highlighted.count(HIT_START))
            by_region[region].append(PageHit(region, int(page), snippet, spans, hits))
        groups = [
            RegionHits(
                region,
                self._titles.get(region, region),
                tuple(sorted(pages, key=lambda p: p.page)),
                matched_pages=matched[region],
            )
            for region, pages in by_region.items()
        ]
        groups.sort(key=lambda g: (-g.hits, -g.matched_pages, self._order.get(g.region, 0)))
        truncated = len(details) < len(matches)
        return SearchResult(text, facets, tuple(groups), indexed, total, truncated=truncated)


def hit_phrases(text: str, query: str) -> list[str]:
    """The stretches of `text` that `query` matches, as written there ("Offshore wind",
    "manufacturing" for manufacturer, "Café" for cafe), each once whatever its case ("Clean
    growth" stands for "clean growth" too); [] when the text does not match.

    For a viewer to highlight the hits of a search on a page with the index's own rules.
    """
    expr = parse_query(query).fts()
    db = sqlite3.connect(":memory:")
    try:
        db.execute(f"CREATE VIRTUAL TABLE t USING fts5(body, tokenize = '{TOKENIZER}')")
        db.execute("INSERT INTO t VALUES (?)", (text,))
        row = db.execute(
            "SELECT highlight(t, 0, ?, ?) FROM t WHERE t MATCH ?", (HIT_START, HIT_END, expr)
        ).fetchone()
    finally:
        db.close()
    if row is None:
        return []
    plain, spans = split_marked(row[0])
    phrases: dict[str, str] = {}  # one per phrase whatever its case: viewers find ignoring case
    for start, end in spans:
        phrases.setdefault(plain[start:end].casefold(), plain[start:end])
    return list(phrases.values())


def _tables(db: sqlite3.Connection) -> set[str]:
    return {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


# -- indexing -----------------------------------------------------------------------------------
def sources_from_cache(cache: Cache) -> dict[str, IndexSource]:
    """Every summary available offline, with the SHA-256 the cache recorded for it."""
    sources: dict[str, IndexSource] = {}
    for region, record in cache.records().items():
        path = cache.pdf_path(region)
        if path is not None:
            sources[region] = IndexSource(path, record.sha256)
    return sources


def update_index(
    index: SearchIndex,
    sources: Mapping[str, IndexSource],
    progress: ProgressFn | None = None,
    cancelled: CancelledFn | None = None,
    extract: Extract | None = None,
) -> IndexReport:
    """Bring the index in line with `sources`: extract what changed, drop what went away.

    `extract` reads a summary's page text (the window's reads it in the PDF host, see
    `search.text.engine_extractor`); by default PyMuPDF does in this process."""
    report = IndexReport()
    report.removed = index.set_wanted({r: s.sha256 for r, s in sources.items()})
    todo = index.stale()
    read = extract_pages if extract is None else extract
    if todo and progress is not None:
        progress(0, len(todo), "")
    for done, region in enumerate(todo):
        if cancelled is not None and cancelled():
            report.cancelled = True
            break
        source = sources[region]
        try:
            pages, error = read(source.path), None
        except (InvalidPdfError, OSError) as exc:
            pages, error = [], str(exc)
            report.failed[region] = error
            log.warning("Cannot index %s: %s", region, error)
        index.store(region, source.sha256, pages, error)
        report.indexed.append(region)
        if progress is not None:
            progress(done + 1, len(todo), region)
    return report


__all__ = [
    "Facets",
    "HitCounts",
    "IndexReport",
    "IndexSource",
    "PageHit",
    "RegionHits",
    "SearchIndex",
    "SearchQueryError",
    "SearchResult",
    "hit_phrases",
    "sources_from_cache",
    "update_index",
]
