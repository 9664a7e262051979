"""Two summaries side by side, in the viewer's place: the window's viewer and a second one on
the app's one PDF engine, zoom and scroll locked unless unlocked, shared and unique words on
request.

- `mode`: `CompareMode`, the controller: opening (the tree's *Compare with…*, Ctrl+Enter, a
  search hit, `--compare`, the window's `compare_requested`), closing, swapping, remembering.
- `pane`: the comparison's widgets: its toolbar and legend, the two panes with their title
  bars, side by side or stacked; F6 and Ctrl+Tab between the panes, Esc closes the second.
- `lock`: keeps the two viewers' zoom and scroll in step; `alignment`: its Qt-free arithmetic
  (offsets in page units, zoom ratios, when to stack).
- `words`: reads both documents' words and marks the shared and unique ones
  (`search.compare` compares them); `chooser`: the *Compare with…* dialog.
"""
