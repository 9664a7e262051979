"""The theme matrix: regions x themes, in the viewer's place (View ▸ Theme Matrix, Ctrl+Shift+M).

- `model`: a thin table model over a `search.matrix.Matrix` and the rows the region tree shows.
- `shading`: the heat-map delegate (colour-blind-safe shades, with the count always written) and
  its legend.
- `view`: the widget: the table, sort choice, column and export buttons; emits intents only.
- `columns`: the column editor (add, rename, edit, remove, reorder; presets' queries editable).
- `picture`: the heat map drawn at a chosen size, for the PNG export.
- `controller`: recomputes the matrix off the GUI thread when the search index changes.
- `mode`: plugs it all into the window (center view, View menu, tree, viewer, exports).
"""
