"""Export in the window.

- `dialog`: format, resolution, cover and destination; writes in the background.
- `actions`: File ▸ Export…, the tree's context menu and File ▸ Print….
"""
