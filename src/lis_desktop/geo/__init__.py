"""The map's geometry, free of Qt: the 41 areas as the bundled GeoJSON (ONS, OGL v3) has them.

- `areas`: reading and checking `resources/map/lep2018_uk.geojson` (`MapData`, `Area`), and the
  projection the data's README gives (x = lon · cos 54.5°, y = −lat).
- `packed`: the same areas, checked and projected, in the packed copy the app reads
  (`load_bundled`), made by `packaging/make_map_data.py`.
- `viewport`: fitting the map to a pane, zoom about a point and pan, as plain arithmetic.
- `hits`: which areas lie under a point (smaller first, for the overlaps), what a click there
  selects, and the nearest area in a direction (keyboard).
- `colouring`: what each area is coloured by (offline status, LIS wave, body type, a theme
  column's counts): colour-blind-safe palettes for day and night, and the legend.
"""
