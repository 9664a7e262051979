"""Notes and highlights: text highlighted in a summary, with a note, kept beside the PDFs.

- `service`: the notes of the GUI (the cache's notes store on the GUI thread, placing them on
  new versions on a worker) with their undo stack; says when notes changed.
- `highlights`: the viewer's satellite: highlights drawn on the pages, Highlight and Highlight
  with Note… from a selection (or a typed quote), hover shows the note, a click edits it.
- `dialog`: the note dialog (quote, note, colour; remove).
- `panel`: the notes list grouped by region, filtered by text; `feature`: the Notes menu, the
  panel's dock and the wiring to the window (`install_notes` in `app/root.py` builds it).
- `look`: highlight colours on the page (what happened is said to screen readers by the
  status bar: the window announces its messages).
"""
