"""The PDF viewer: `view.PdfView` composes its parts and joins their signals in one `_connect`;
no part imports the view.

- `view`: the viewer widget and its public contract.
- `opener`: opens the document on the engine's lane and owns it (key, identity, session, saved
  position); `rendering`: the render cache and the latest-wins render queue; `page_data`: the
  words and links of pages as they come into view; `first_pages`: the first page of documents
  read before, kept on disk (its index, Qt-free for the app's entry, in `kept_index`).
- `canvas`: the scrolling surface that owns and paints the pages, hits and selection; `pointer`:
  its mouse; `selection`: text selection in reading order; `layout`: page geometry in Qt types.
- `actions`: the commands as a table of specs; `toolbar`: the viewer's toolbar and zoom box;
  `notice`: the message over the pages; `panel`: the empty, error and password states;
  `context_menu`; `links`: following a link; `finder`: find in document; `printing`;
  `thumbnails`.
- Qt-free arithmetic, tested without a widget: `geometry` (zoom steps, page column, auto-scroll),
  `wishes` (the order of renders), `positions` (saved reading positions).
"""
