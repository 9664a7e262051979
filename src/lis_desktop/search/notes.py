"""Search in the user's notes: their quotes and their text, with the search language and the
tokenizer of the summaries' index (case, accents and word endings ignored), so that a query
finds in notes what it finds in the summaries.

Notes are few (hundreds at most) and live in the cache database, not in the index: each search
puts them in a small FTS5 table in memory, which takes about a millisecond.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Collection, Mapping, Sequence

from lis_desktop.content.notes import Note
from lis_desktop.search.index import TOKENIZER
from lis_desktop.search.query import HIT_END, HIT_START, NoteHit, parse_query, split_marked

SNIPPET_TOKENS = 32


def search_notes(
    notes: Sequence[Note],
    query: str,
    regions: Collection[str] | None = None,
    titles: Mapping[str, str] | None = None,
) -> tuple[NoteHit, ...]:
    """The notes (of `regions`, or all) whose quote or text matches `query`, in the order
    given; SearchQueryError for a malformed query."""
    expr = parse_query(query).fts()
    chosen = [n for n in notes if regions is None or n.region in regions]
    if not chosen:
        return ()
    db = sqlite3.connect(":memory:")
    try:
        db.execute(f"CREATE VIRTUAL TABLE t USING fts5(quote, note, tokenize = '{TOKENIZER}')")
        db.executemany(
            "INSERT INTO t (rowid, quote, note) VALUES (?, ?, ?)",
            [(n.id, n.quote, n.note) for n in chosen],
        )
        marks = (HIT_START, HIT_END, "…", SNIPPET_TOKENS)
        rows = db.execute(
            "SELECT rowid, snippet(t, 0, ?, ?, ?, ?), snippet(t, 1, ?, ?, ?, ?) FROM t "
            "WHERE t MATCH ?",
            (*marks, *marks, expr),
        ).fetchall()
    finally:
        db.close()
    found = {int(rowid): (quote, text) for rowid, quote, text in rows}
    titles = titles or {}
    hits = []
    for note in chosen:
        if note.id in found:
            quote, quote_spans = split_marked(found[note.id][0])
            text, text_spans = split_marked(found[note.id][1])
            hits.append(
                NoteHit(
                    note.id,
                    note.region,
                    titles.get(note.region, note.region),
                    note.page,
                    quote,
                    quote_spans,
                    text,
                    text_spans,
                    note.detached,
                )
            )
    return tuple(hits)
