"""The PDF viewer: `view.PdfView` composes its parts and joins their signals.

- `view`: the viewer widget and its public contract.
- `canvas`: the scrolling surface that paints pages, hits and the selection; `pointer`: its mouse
  handling; `selection`: text selection in reading order; `layout`: page geometry and zoom steps.
- `opener`: opens the document on the worker (password prompt, errors); `rendering`: the render
  cache and the latest-wins render queue; `positions`: saved reading positions.
- `actions`: the commands; `toolbar`: the viewer's toolbar and zoom box; `context_menu`.
- `finder`: find in document; `printing`; `thumbnails`; `panel`: empty, error and password states.
"""
