"""The PDF engine: PyMuPDF behind a small API, in the app's PDF host process or in this one.

- `api`: what views ask of an open PDF and of the engine that opens it (protocols).
- `document`: Qt-free PyMuPDF access (open, check, render, words, links, page text) under
  one lock.
- `local`: the in-process engine (the host's child uses it; tests inject faults through it).
- `host/`: the engine in a child process: `parent` (PdfHost, the app side), `child` (the
  process), `wire` (frames, words as columns, page images in shared memory).
- `render_plan`: Qt-free render arithmetic: fit zoom, render keys, the first page's guess.
- `page_text`: find hits, search terms and selections on a page's words; a page's text for
  full-text search from its text blocks.
- `page_memory`: memory for the next large page image, made ready ahead of need.
- `night/`: night colours for rendered pages (QtGui only, applied in the host's child).

Qt-free but for `night/` (import-linter keeps it so).
"""
