"""Night mode's colours for rendered pages, with QtGui only (no QGuiApplication, no numpy).

- `colours`: light on dark by a hue-preserving lightness inversion, figures kept in colour.
- `figures`: finds coloured vector figures (maps, charts, panels) in a page image.
- `images`: rendered samples wrapped in a QImage (all that a day page needs).
"""
