"""Hit counts for the theme matrix: how often a query's terms and phrases occur on each page
that the query matches, read from the FTS5 index's own token positions (an `fts5vocab`
instance table), so words are stemmed, folded and split exactly as a search does.

A hit is a highlighted stretch as search shows it: overlapping matches of two terms (a phrase and
one of its words) count once, as FTS5's `highlight()` would mark them. Counting from token
positions instead of highlighting every page is what keeps the full matrix over thousands of
pages within a fraction of a second (benchmarks/matrix_bench.py).
"""

from __future__ import annotations

import functools
import sqlite3
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from lis_desktop.search.query import Query, Term

# Created on the index's connection on first use (temp: nothing is written to the index file).
VOCAB = "temp.lis_page_terms"
_LAST_CHAR = "\U0010ffff"  # sorts after every other character: the end of a prefix range

Position = tuple[int, int]  # (page rowid, token offset)


@dataclass(frozen=True)
class Occurrences:
    """One query's hits per region, and the first page of each region where it hit."""

    hits: dict[str, int]
    first_page: dict[str, int]


def count_queries(
    db: sqlite3.Connection, queries: Sequence[Query], tokenizer: str
) -> list[Occurrences]:
    """The hits of each query per region, over the `pages` FTS5 table on `db`."""
    db.execute(f"CREATE VIRTUAL TABLE IF NOT EXISTS {VOCAB} USING fts5vocab(main, pages, instance)")
    # Two plain dicts built by SQLite rows directly: thousands of pages in a few milliseconds.
    regions: dict[int, str] = dict(db.execute("SELECT rowid, region FROM pages"))
    pages: dict[int, int] = dict(db.execute("SELECT rowid, page FROM pages"))
    positions = _PositionReader(db)
    return [_count_query(db, query, tokenizer, regions, pages, positions) for query in queries]


def _count_query(
    db: sqlite3.Connection,
    query: Query,
    tokenizer: str,
    regions: dict[int, str],
    pages: dict[int, int],
    positions: _PositionReader,
) -> Occurrences:
    matched = frozenset(rowid for (rowid,) in db.execute(_MATCHING, (query.fts(),)))
    spans: dict[int, list[tuple[int, int]]] = {}
    for group in query.groups:
        for term in group:
            for rowid, start, end in _term_spans(term, tokenizer, positions, matched):
                spans.setdefault(rowid, []).append((start, end))
    hits: Counter[str] = Counter()
    first_page: dict[str, int] = {}
    for rowid in sorted(spans, key=pages.__getitem__):
        region = regions[rowid]
        hits[region] += _merged_count(spans[rowid])
        first_page.setdefault(region, pages[rowid])
    return Occurrences(dict(hits), first_page)


_MATCHING = "SELECT rowid FROM pages WHERE pages MATCH ?"


def _term_spans(
    term: Term, tokenizer: str, positions: _PositionReader, matched: frozenset[int]
) -> Iterable[tuple[int, int, int]]:
    """(rowid, first token, last token) of each occurrence of `term` on the matched pages."""
    tokens = tokens_of(term.text, tokenizer)
    if not tokens:
        return
    last = len(tokens) - 1
    found = [positions.get(t, prefix=term.prefix and i == last) for i, t in enumerate(tokens)]
    for rowid, offset in found[0]:
        if rowid in matched and all((rowid, offset + i) in found[i] for i in range(1, last + 1)):
            yield rowid, offset, offset + last


def _merged_count(spans: list[tuple[int, int]]) -> int:
    """How many highlights `spans` make: overlapping ones merge, adjacent ones do not."""
    count, end = 0, -1
    for start, stop in sorted(spans):
        if start > end:
            count += 1
            end = stop
        else:
            end = max(end, stop)
    return count


class _PositionReader:
    """Token positions from the vocab table, each token read once per count."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db
        self._cache: dict[tuple[str, bool], frozenset[Position]] = {}

    def get(self, token: str, *, prefix: bool) -> frozenset[Position]:
        key = (token, prefix)
        if key not in self._cache:
            if prefix:
                rows = self._db.execute(
                    f"SELECT doc, offset FROM {VOCAB} WHERE term >= ? AND term <= ?",
                    (token, token + _LAST_CHAR),
                )
            else:
                rows = self._db.execute(f"SELECT doc, offset FROM {VOCAB} WHERE term = ?", (token,))
            self._cache[key] = frozenset(rows.fetchall())  # (rowid, offset) pairs of ints
        return self._cache[key]


@functools.lru_cache(maxsize=2048)
def tokens_of(text: str, tokenizer: str) -> tuple[str, ...]:
    """The index's tokens for `text` (folded, stemmed), in order: what FTS5 makes of a term."""
    db = sqlite3.connect(":memory:")
    try:
        db.execute(f"CREATE VIRTUAL TABLE t USING fts5(body, tokenize = '{tokenizer}')")
        db.execute("CREATE VIRTUAL TABLE temp.v USING fts5vocab(main, t, instance)")
        db.execute("INSERT INTO t VALUES (?)", (text,))
        return tuple(term for (term,) in db.execute("SELECT term FROM temp.v ORDER BY offset"))
    finally:
        db.close()
