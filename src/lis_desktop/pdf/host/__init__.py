"""The PDF engine in a separate process, so that a slow or hostile page never stalls the window.

- `parent`: `PdfHost`, the engine the app uses: requests with deadlines, restarts, re-opening.
- `child`: the host process serving requests with the in-process engine, one at a time.
- `wire`: what crosses between them: marshal frames, words as columns, page images in a
  shared memory-mapped file.
- `__main__`: `python -m lis_desktop.pdf.host` runs a child (the bundle uses `--pdf-host`).
"""
