"""Full-text search over the summaries available offline.

- `index`: the SQLite FTS5 index beside the cache (rebuilt when missing, outdated or damaged).
- `query`: the search language people type, translated into a safe FTS5 expression; facets;
  the shape of results.
- `text`: page text for the index, read by a PDF engine (the window's PDF host, or PyMuPDF
  in this process) in reading order.
- `counting`: a query's hits per region, from the index's token positions.
- `matrix`: the theme matrix (regions x theme columns): presets, user columns, counts, totals,
  shading, CSV/Markdown exports with provenance; what the map colours areas by.
- `notes`: search in the user's notes (their quotes and text) with the same language.

Qt-free (import-linter keeps it so).
"""
