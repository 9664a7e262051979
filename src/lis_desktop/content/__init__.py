"""The story and its offline store: what GOV.UK publishes, how it is fetched, and what is kept.

- `govuk`: the one place that talks HTTP to GOV.UK (trust store, proxy, allowlist of hosts);
  `origins`: where sync may go and the client's options, without httpx (the window's start).
- `parse`: Content API JSON and body HTML into domain objects, tolerant of what GOV.UK sends.
- `snapshot`: the bundled story and regions (`resources/`), for a first start with no network.
- `cache`: the offline cache: summary PDFs and the records of them (atomic writes).
- `database`: the cache's SQLite database: one connection, migrations, readable errors.
- `remote`: what GOV.UK last said about each attachment, the synced story and the sync lock.
- `sync`: fetch the story, store it, and bring every summary PDF into the cache.
- `sync_report`: what a sync tells its caller: progress, and the report at its end.
- `library`: what the user sees as the library: regions, publication and each summary's state.
- `notes`: the user's highlights and notes (their table); `anchoring`: a highlight's place by
  its quoted text, found again on a new version; `notebook`: notes kept on the versions in use.

Qt-free (import-linter keeps it so).
"""
