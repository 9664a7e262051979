"""The map of the 41 areas, a view of the regions in the tree's place.

- `mode`: plugs the map into the window (View ▸ Map, the Map button beside the tree's filter,
  the navigator): selection both ways, the tree's filter fading areas, colours, export, trace.
- `pane`: "Colour by", the map, the line naming what is pointed at, zoom buttons, Export…; or
  the message saying why the map cannot be shown.
- `canvas`: the map widget: fit, zoom, pan, hover, click (overlaps), keyboard, accessibility.
- `render`: the areas as QPainterPaths, legend and attribution, drawn alike on screen, to PNG
  and to SVG.
- `export`: PNG and SVG at a chosen size, and its dialog.
- `themes`: the theme matrix's counts, as the map's colouring by a theme column needs them.
The geometry itself (reading the data, projection, fitting, hit-testing) is Qt-free: `geo/`.
"""
