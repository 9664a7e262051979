"""Export for briefings: copies, a merged PDF, PNG pages, text and Markdown, each with provenance.

- `exporter`: plans and writes an export; all its files appear together or not at all.
- `leftovers`: the temporary files an export killed mid-write left, and their removal.
- `merge`: the merged PDF with nation and region bookmarks (pypdf, loaded only here).
- `provenance`: where an exported file came from (the sidecar and the cover page's entries).
- `render`: what export needs from PyMuPDF: page images, text with headings, the cover page.
- `annotate`: notes written into a PDF copy as Highlight annotations; `notes`: notes as text
  (a summary's Markdown section, notes-only Markdown and CSV).

Qt-free (import-linter keeps it so).
"""
