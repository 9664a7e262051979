"""The "Search text" mode.

- `panel`: query field, facets, results by region with highlighted snippets.
- `controller`: indexing passes and queries off the GUI thread.
- `mode`: plugs the panel into the window (left pane, tree, View menu, viewer).
"""
