"""Full-text search over the summaries available offline.

- `index`: the SQLite FTS5 index beside the cache (rebuilt when missing, outdated or damaged).
- `query`: the search language people type, translated into a safe FTS5 expression; facets;
  the shape of results.
- `text`: page text for the index, extracted by PyMuPDF in reading order.
- `notes`: search in the user's notes (their quotes and text) with the same language.

Qt-free (import-linter keeps it so).
"""
