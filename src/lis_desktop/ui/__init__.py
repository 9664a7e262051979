"""The window and its panes: thin widgets over domain objects that emit intents with plain ids.

- `main_window`: the window: region tree | viewer | publication pane, menus, toolbar, status bar,
  and the named places features plug into. `first_look`: the page read last, painted in the
  window before its frame is built.
- `publication`: the story pane. `dialogs`: message boxes and About. `icons`: status markers
  and the application icon. `copies`: File ▸ Use GOV.UK / Imported Copy. `cache_watch`: notices
  another program (the CLI) changing the offline cache. `hit_opener`: opens a summary with a
  search's hits highlighted.
- One package per pane or feature: `regions/` (the tree), `viewer/` (the PDF viewer),
  `compare/` (two summaries side by side), `search/` (search text), `matrix/` (the theme
  matrix), `map/` (the map of the 41 areas, in the tree's place), `sync/` (sync with GOV.UK),
  `export/` (the export dialog), `notes/` (highlights and notes: the viewer's highlights, the
  notes panel).
"""
